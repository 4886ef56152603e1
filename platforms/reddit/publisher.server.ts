// Reddit through its OAuth API (oauth.reddit.com), as the account that connected. A post
// goes to the subreddit and with the title of the account's options (domain/target-options.ts):
// a text ("self") post, a link post when the text is one URL, or an image post when the post
// has an image. An image is uploaded through a media lease (api.server.ts) and submitted with
// `kind=image` and its URL; Reddit answers that submission before the post exists and says
// where the post is (or that the image failed) on the asset's websocket once it has processed
// the image, so the publisher listens there from before the submission. Reddit answers most refusals
// with 200 and a `json.errors` list of [code, message, field] (SUBREDDIT_NOEXIST, RATELIMIT
// with its wait in words and in `json.ratelimit` seconds, …), which become PublishErrors here.
// Calls go through platforms/reddit/api.server.ts, with the descriptive User-Agent Reddit requires.
// https://www.reddit.com/dev/api/#POST_api_submit
// https://www.reddit.com/dev/api/#GET_api_info
// https://github.com/reddit-archive/reddit/wiki/API (User-Agent, rate limits)
import { WebSocket } from 'undici';
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions, targetOptionProblems } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { createRedditClient } from './api.server';
import type { PublishedPost, PublishMedia, Publisher, PublisherFactory } from '../../activities/publishers/publisher';

export const RedditCredentialsSchema = z.object({ username: z.string().min(1), accessToken: z.string().min(1) });

const SubmitAnswerSchema = z.object({
  json: z.object({
    errors: z.array(z.tuple([z.string(), z.string()]).rest(z.unknown())).default([]),
    /** seconds until the account may submit again, with a RATELIMIT error */
    ratelimit: z.number().nonnegative().optional(),
    /** a text or link post's name; an image post's answer names none (its websocket does) */
    data: z.object({ id: z.string().optional(), name: z.string().optional(), url: z.string().optional() }).optional(),
  }),
});
/** What the asset's websocket says once Reddit has processed an image: the post's URL, or that it failed. */
const MediaPostUpdateSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('success'), payload: z.object({ redirect: z.url() }) }),
  z.object({ type: z.literal('failed') }),
]);
/** A post's URL: https://www.reddit.com/r/{subreddit}/comments/{id}/{slug}/ */
const POST_ID_IN_URL = /\/comments\/([a-z0-9]+)\//i;
/** How long Reddit may take to process an image into a post, within the publish activity's 2 minutes. */
const MEDIA_POST_WAIT_MS = 60_000;
/**
 * The subreddit's newest posts (GET /r/{subreddit}/new, with the `read` scope planrrr holds;
 * the account's own list needs `history`), where an image post the websocket did not name is looked for.
 */
const NewPostsSchema = z.object({
  data: z.object({
    children: z.array(
      z.object({
        data: z.object({ name: z.string(), author: z.string(), title: z.string(), created_utc: z.number(), permalink: z.string() }),
      }),
    ),
  }),
});
const ListingSchema = z.object({
  data: z.object({
    children: z.array(
      z.object({
        data: z.object({
          score: z.number().int(),
          num_comments: z.number().int().nonnegative(),
          removed_by_category: z.string().nullable().optional(),
        }),
      }),
    ),
  }),
});

/** Reddit's refusals that no retry changes: the post as it is does not fit the subreddit. */
const RETRYABLE_CODES = new Set(['RATELIMIT']);
/** "try again in 5 minutes." / "in 30 seconds." */
const WAIT_IN_WORDS = /(\d+)\s*(second|minute|hour)/i;
const UNIT_MS = { second: 1_000, minute: 60_000, hour: 3_600_000 } as const;

/** How long Reddit asks to wait before the next submission, from `json.ratelimit` or its words. */
function rateLimitWaitMs(seconds: number | undefined, message: string): number | undefined {
  if (seconds !== undefined) return Math.ceil(seconds) * 1000;
  const match = WAIT_IN_WORDS.exec(message);
  return match ? Number(match[1]) * UNIT_MS[match[2]!.toLowerCase() as keyof typeof UNIT_MS] : undefined;
}

function parseJson(text: unknown): unknown {
  try {
    return JSON.parse(String(text));
  } catch {
    return undefined;
  }
}

/**
 * Opens the asset's websocket, which Reddit does not replay: it must be open before the
 * submission. `made` resolves with the post's URL, or rejects when the image failed, the
 * socket closed or Reddit stayed silent for `waitMs` after `made` was awaited.
 */
function openMediaPostSocket(url: string, waitMs: number): Promise<{ made(): Promise<string>; close(): void }> {
  return new Promise((opened, failedToOpen) => {
    const socket = new WebSocket(url);
    const update = new Promise<string>((resolve, reject) => {
      socket.addEventListener('message', (event) => {
        const parsed = MediaPostUpdateSchema.safeParse(parseJson(event.data));
        if (!parsed.success) return;
        if (parsed.data.type === 'success') resolve(parsed.data.payload.redirect);
        else reject(new PublishError('CONTENT_REJECTED', 'Reddit could not process the image, and made no post'));
      });
      socket.addEventListener('close', () =>
        reject(new PublishError('NETWORK', "Reddit's media websocket closed before it said where the image post is")),
      );
    });
    // settled by `made`; a rejection before then (the socket closing after a refusal) is expected
    update.catch(() => undefined);
    const made = async () => {
      let timer: NodeJS.Timeout | undefined;
      const silence = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new PublishError('TIMEOUT', `Reddit did not say where the image post is within ${waitMs / 1000} s`)),
          waitMs,
        );
      });
      try {
        return await Promise.race([update, silence]);
      } finally {
        clearTimeout(timer);
      }
    };
    socket.addEventListener('open', () => opened({ made, close: () => socket.close() }), { once: true });
    socket.addEventListener('error', () => failedToOpen(new PublishError('NETWORK', "Could not reach Reddit's media websocket")), {
      once: true,
    });
  });
}

/** The text is exactly one http(s) URL: a link post. */
function linkOf(content: string): string | undefined {
  const text = content.trim();
  return /^https?:\/\/\S+$/.test(text) ? text : undefined;
}

type RedditClient = ReturnType<typeof createRedditClient>;

/** POST /api/submit; Reddit's refusals in `json.errors` become PublishErrors. */
async function submit(reddit: RedditClient, form: URLSearchParams, subreddit: string) {
  const { json } = await reddit.postForm('/api/submit', form, SubmitAnswerSchema, 'submit answer');
  const [error] = json.errors;
  if (error) {
    const [code, message] = error;
    const words = `Reddit refused the post in r/${subreddit}: ${code}: ${message}`;
    if (RETRYABLE_CODES.has(code)) throw new PublishError('RATE_LIMITED', words, rateLimitWaitMs(json.ratelimit, message));
    throw new PublishError('CONTENT_REJECTED', words);
  }
  return json;
}

/**
 * The account's post in the form's subreddit with its title made since `since` (ms), if Reddit
 * made it: read when the websocket went silent or closed, so that a retry does not post it twice.
 */
async function findMadeImagePost(reddit: RedditClient, username: string, form: URLSearchParams, since: number) {
  const { data } = await reddit.get(
    `/r/${encodeURIComponent(form.get('sr')!)}/new`,
    { limit: '100', raw_json: '1' },
    NewPostsSchema,
    "listing of the subreddit's new posts",
  );
  // created_utc is in whole seconds
  return data.children
    .map((child) => child.data)
    .find(
      (post) =>
        post.author.toLowerCase() === username.toLowerCase() &&
        post.title === form.get('title') &&
        post.created_utc >= Math.floor(since / 1000),
    );
}

/**
 * An image post: the image uploaded, then submitted by its URL; its name comes from the
 * websocket, or from the subreddit's newest posts when the websocket says nothing. A retry
 * uploads the image again, which makes no post.
 */
async function publishImage(
  reddit: RedditClient,
  username: string,
  image: PublishMedia,
  common: Record<string, string>,
  waitMs: number,
): Promise<PublishedPost> {
  const uploaded = await reddit.uploadMedia(image);
  const socket = await openMediaPostSocket(uploaded.websocketUrl, waitMs);
  const form = new URLSearchParams({ ...common, kind: 'image', url: uploaded.url });
  try {
    const submittedAt = Date.now();
    await submit(reddit, form, common.sr!);
    const url = await socket.made().catch(async (error: unknown) => {
      if (!(error instanceof PublishError) || !error.retryable) throw error;
      // a failed look-up leaves the websocket's error, which says what went wrong first
      const made = await findMadeImagePost(reddit, username, form, submittedAt).catch(() => undefined);
      if (!made) throw error;
      return `https://www.reddit.com${made.permalink}`;
    });
    const id = POST_ID_IN_URL.exec(url)?.[1];
    if (!id) throw new PublishError('INVALID_RESPONSE', `Reddit made the image post at a URL that names no post: ${url}`);
    return { platformPostId: `t3_${id}`, url };
  } finally {
    socket.close();
  }
}

export interface RedditPublisherOptions {
  /** REDDIT_API_BASE_URL */
  baseUrl: string;
  /** REDDIT_USER_AGENT */
  userAgent: string;
  /** how long Reddit may take to say where an image post is (tests shorten it) */
  mediaPostWaitMs?: number;
}

export function createRedditPublisher(options: RedditPublisherOptions): Publisher {
  return {
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const { accessToken, username } = RedditCredentialsSchema.parse(connection.credentials);
      const [image, ...more] = media;
      // the rules allow one image (platforms/reddit/index.ts); a post made without them (an evergreen copy) fails here
      if (more.length > 0 || (image && image.kind !== 'image'))
        throw new PublishError('CONTENT_REJECTED', 'planrrr publishes one image to Reddit: no galleries, videos or documents');
      const parsed = targetOptionProblems('REDDIT', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (parsed.length > 0)
        throw new PublishError('CONTENT_REJECTED', `A Reddit post needs the account's options: ${parsed.map((p) => p.message).join('; ')}`);
      const { subreddit, title, flairId } = parseTargetOptions('REDDIT', targetOptions);
      const reddit = createRedditClient(options, accessToken);
      const common = { api_type: 'json', sr: subreddit, title, ...(flairId ? { flair_id: flairId } : {}), sendreplies: 'true' };
      if (image) return publishImage(reddit, username, image, common, options.mediaPostWaitMs ?? MEDIA_POST_WAIT_MS);
      const link = linkOf(content);
      const form = new URLSearchParams({ ...common, kind: link ? 'link' : 'self', ...(link ? { url: link } : { text: content }) });
      const { data } = await submit(reddit, form, subreddit);
      if (!data?.name || !data.url) throw new PublishError('INVALID_RESPONSE', 'Reddit accepted the post without naming it');
      return { platformPostId: data.name, url: data.url };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const { accessToken } = RedditCredentialsSchema.parse(connection.credentials);
      const reddit = createRedditClient(options, accessToken);
      const { data } = await reddit.get('/api/info', { id: platformPostId, raw_json: '1' }, ListingSchema, 'listing');
      const post = data.children[0]?.data;
      // a deleted or removed post is left out, or kept with why it was removed; a score below
      // zero (more downvotes than upvotes) counts as no likes
      if (!post || post.removed_by_category) return { kind: 'deleted' };
      return { kind: 'reading', ...readingOf('REDDIT', { likes: Math.max(0, post.score), replies: post.num_comments }, {}) };
    },

    async fetchFollowers() {
      return {
        followers: null,
        missingReason: "Reddit's API gives no follower count for a user account (followers are visible only to the account itself)",
      };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) =>
  createRedditPublisher({ baseUrl: config.REDDIT_API_BASE_URL, userAgent: config.REDDIT_USER_AGENT });
