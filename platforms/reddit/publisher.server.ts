// Reddit through its OAuth API (oauth.reddit.com), as the account that connected. A post
// goes to the subreddit and with the title of the account's options (domain/target-options.ts):
// a text ("self") post, a link post when the text is one URL, an image post when the post has
// one image, or a gallery when it has several. The text goes with an image post or a gallery
// as its Markdown body (`text`, as PRAW 8 sends it and Reddit shows it as the post's
// `selftext`), so nothing of the post is dropped. An image is uploaded through a media lease
// (api.server.ts) and submitted with `kind=image` and its URL; Reddit answers that submission
// before the post exists and says where the post is (or that the image failed) on the asset's
// websocket once it has processed the image, so the publisher listens there from before the
// submission. A gallery's images are leased and uploaded the same way, then submitted together
// by their asset ids to `/api/submit_gallery_post.json`, which answers with the post. Reddit
// takes no idempotency key: when a submission's answer is lost, the account's post with that
// title is looked for in the subreddit's newest posts before a retry could post it twice.
// Reddit answers most refusals with 200 and a `json.errors` list of [code, message, field]
// (SUBREDDIT_NOEXIST, GALLERIES_DISABLED, RATELIMIT with its wait in words and in
// `json.ratelimit` seconds, …), which become PublishErrors here. Calls go through
// platforms/reddit/api.server.ts, with the descriptive User-Agent Reddit requires.
// https://www.reddit.com/dev/api/#POST_api_submit
// https://www.reddit.com/dev/api/#GET_api_info
// https://github.com/reddit-archive/reddit/wiki/API (User-Agent, rate limits)
// https://github.com/praw-dev/praw (praw/models/reddit/subreddit/subreddit.py: `submit`, its image, gallery and selftext)
import { WebSocket } from 'undici';
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions, targetOptionProblems } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { createRedditClient } from './api.server';
import { reddit as redditPlatform } from './index';
import type { PublishedPost, PublishMedia, Publisher, PublisherFactory } from '../../activities/publishers/publisher';

export const RedditCredentialsSchema = z.object({ username: z.string().min(1), accessToken: z.string().min(1) });

/** Reddit's refusals, each [code, message, field], and the wait a RATELIMIT names in seconds. */
const RefusalsSchema = z.object({
  errors: z.array(z.tuple([z.string(), z.string()]).rest(z.unknown())).default([]),
  ratelimit: z.number().nonnegative().optional(),
});
const SubmitAnswerSchema = z.object({
  json: RefusalsSchema.extend({
    /** a text or link post's name; an image post's answer names none (its websocket does) */
    data: z.object({ id: z.string().optional(), name: z.string().optional(), url: z.string().optional() }).optional(),
  }),
});
/** `/api/submit_gallery_post.json`: the gallery's name (`t3_…`) and URL, or its refusals. */
const GalleryAnswerSchema = z.object({
  json: RefusalsSchema.extend({
    data: z.object({ id: z.string().regex(/^t3_[a-z0-9]+$/i), url: z.url() }).optional(),
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
 * the account's own list needs `history`), where a post whose answer was lost is looked for.
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

/** Where a post goes and what it is called: the account's options. */
interface Destination {
  subreddit: string;
  title: string;
  flairId?: string | undefined;
}

/** Reddit's first refusal in `json.errors`, as a PublishError; nothing when there is none. */
function throwRefusal(json: z.infer<typeof RefusalsSchema>, subreddit: string): void {
  const [error] = json.errors;
  if (!error) return;
  const [code, message] = error;
  const words = `Reddit refused the post in r/${subreddit}: ${code}: ${message}`;
  if (RETRYABLE_CODES.has(code)) throw new PublishError('RATE_LIMITED', words, rateLimitWaitMs(json.ratelimit, message));
  throw new PublishError('CONTENT_REJECTED', words);
}

/** POST /api/submit: a text, link or image post, with the options' subreddit, title and flair. */
async function submit(reddit: RedditClient, to: Destination, fields: Record<string, string>) {
  const form = new URLSearchParams({
    api_type: 'json',
    sr: to.subreddit,
    title: to.title,
    ...(to.flairId ? { flair_id: to.flairId } : {}),
    sendreplies: 'true',
    ...fields,
  });
  const { json } = await reddit.postForm('/api/submit', form, SubmitAnswerSchema, 'submit answer');
  throwRefusal(json, to.subreddit);
  return json;
}

/**
 * The account's post in the subreddit with the title, made since `since` (ms), if Reddit made
 * it: read when a submission's answer was lost, so that a retry does not post it twice.
 */
async function findMadePost(reddit: RedditClient, username: string, to: Destination, since: number) {
  const { data } = await reddit.get(
    `/r/${encodeURIComponent(to.subreddit)}/new`,
    { limit: '100', raw_json: '1' },
    NewPostsSchema,
    "listing of the subreddit's new posts",
  );
  // created_utc is in whole seconds
  return data.children
    .map((child) => child.data)
    .find(
      (post) =>
        post.author.toLowerCase() === username.toLowerCase() && post.title === to.title && post.created_utc >= Math.floor(since / 1000),
    );
}

/**
 * Whether Reddit may have made the post though the submission failed: the connection failed,
 * it timed out, Reddit answered 5xx or something unreadable, or the websocket went silent. A
 * refusal, or a rate limit (nothing was made), says it did not.
 */
function answerMayBeLost(error: unknown): error is PublishError {
  return error instanceof PublishError && error.retryable && error.kind !== 'RATE_LIMITED';
}

/**
 * Submits once: when the answer may be lost, Reddit may have made the post all the same, so it
 * is looked for among the subreddit's newest posts before the error lets the activity retry.
 */
async function submitOnce(reddit: RedditClient, username: string, to: Destination, make: () => Promise<PublishedPost>) {
  const since = Date.now();
  try {
    return await make();
  } catch (error) {
    if (!answerMayBeLost(error)) throw error;
    // a failed look-up leaves the submission's error, which says what went wrong first
    const made = await findMadePost(reddit, username, to, since).catch(() => undefined);
    if (!made) throw error;
    return { platformPostId: made.name, url: `https://www.reddit.com${made.permalink}` };
  }
}

/** The Markdown body sent with an image post or a gallery; none when the text is blank. */
function bodyOf(content: string): { text: string } | Record<string, never> {
  return content.trim() ? { text: content } : {};
}

/**
 * An image post: the image uploaded, then submitted by its URL with the text as its body; its
 * name comes from the websocket, which also says so when the submission's answer was lost but
 * Reddit made the post (it processes the image after answering). A retry uploads the image
 * again, which makes no post.
 */
async function publishImage(
  reddit: RedditClient,
  username: string,
  to: Destination,
  image: PublishMedia,
  content: string,
  waitMs: number,
): Promise<PublishedPost> {
  const uploaded = await reddit.uploadMedia(image);
  const socket = await openMediaPostSocket(uploaded.websocketUrl, waitMs);
  try {
    return await submitOnce(reddit, username, to, async () => {
      const lost = await submit(reddit, to, { kind: 'image', url: uploaded.url, ...bodyOf(content) }).then(
        () => undefined,
        (error: unknown) => {
          if (!answerMayBeLost(error)) throw error;
          return error;
        },
      );
      // when the answer was lost and the websocket stays silent, the submission's error says what went wrong first
      const url = await socket.made().catch((silence: unknown) => {
        throw lost ?? silence;
      });
      const id = POST_ID_IN_URL.exec(url)?.[1];
      if (!id) throw new PublishError('INVALID_RESPONSE', `Reddit made the image post at a URL that names no post: ${url}`);
      return { platformPostId: `t3_${id}`, url };
    });
  } finally {
    socket.close();
  }
}

/**
 * A gallery: each image leased and uploaded in order, then the gallery submitted by their asset
 * ids with the text as its body. Reddit has no alt text and planrrr no caption or link per
 * image, so each item's caption and outbound URL are empty (as PRAW sends them when unset).
 */
async function publishGallery(
  reddit: RedditClient,
  username: string,
  to: Destination,
  images: readonly PublishMedia[],
  content: string,
): Promise<PublishedPost> {
  const assetIds: string[] = [];
  for (const image of images) assetIds.push((await reddit.uploadMedia(image)).assetId);
  const gallery = {
    api_type: 'json',
    sr: to.subreddit,
    title: to.title,
    ...(to.flairId ? { flair_id: to.flairId } : {}),
    sendreplies: true,
    show_error_list: true,
    items: assetIds.map((assetId) => ({ media_id: assetId, caption: '', outbound_url: '' })),
    ...bodyOf(content),
  };
  return submitOnce(reddit, username, to, async () => {
    const { json } = await reddit.postJson('/api/submit_gallery_post.json', gallery, GalleryAnswerSchema, 'gallery answer');
    throwRefusal(json, to.subreddit);
    if (!json.data) throw new PublishError('INVALID_RESPONSE', 'Reddit accepted the gallery without naming it');
    return { platformPostId: json.data.id, url: json.data.url };
  });
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
    publishesTo: () => options.baseUrl,
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const { accessToken, username } = RedditCredentialsSchema.parse(connection.credentials);
      // the rules allow images only, up to a gallery's (platforms/reddit/index.ts); a post made without them (an evergreen copy) fails here
      const { maxImages } = redditPlatform.rules.media;
      if (media.some((item) => item.kind !== 'image') || media.length > maxImages)
        throw new PublishError('CONTENT_REJECTED', `planrrr publishes up to ${maxImages} images to Reddit: no videos or documents`);
      const parsed = targetOptionProblems('REDDIT', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (parsed.length > 0)
        throw new PublishError('CONTENT_REJECTED', `A Reddit post needs the account's options: ${parsed.map((p) => p.message).join('; ')}`);
      const { subreddit, title, flairId } = parseTargetOptions('REDDIT', targetOptions);
      const to: Destination = { subreddit, title, flairId };
      const reddit = createRedditClient(options, accessToken);
      if (media.length > 1) return publishGallery(reddit, username, to, media, content);
      if (media[0]) return publishImage(reddit, username, to, media[0], content, options.mediaPostWaitMs ?? MEDIA_POST_WAIT_MS);
      const link = linkOf(content);
      return submitOnce(reddit, username, to, async () => {
        const { data } = await submit(reddit, to, link ? { kind: 'link', url: link } : { kind: 'self', text: content });
        if (!data?.name || !data.url) throw new PublishError('INVALID_RESPONSE', 'Reddit accepted the post without naming it');
        return { platformPostId: data.name, url: data.url };
      });
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
