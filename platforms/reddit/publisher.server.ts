// Reddit through its OAuth API (oauth.reddit.com), as the account that connected. A post
// goes to the subreddit and with the title of the account's options (domain/target-options.ts):
// a text ("self") post, or a link post when the text is one URL. Reddit answers most refusals
// with 200 and a `json.errors` list of [code, message, field] (SUBREDDIT_NOEXIST, RATELIMIT
// with its wait in words and in `json.ratelimit` seconds, …), which become PublishErrors here.
// Calls go through platforms/reddit/api.server.ts, with the descriptive User-Agent Reddit requires.
// https://www.reddit.com/dev/api/#POST_api_submit
// https://www.reddit.com/dev/api/#GET_api_info
// https://github.com/reddit-archive/reddit/wiki/API (User-Agent, rate limits)
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions, targetOptionProblems } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { createRedditClient } from './api.server';
import type { PublishedPost, Publisher, PublisherFactory } from '../../activities/publishers/publisher';

export const RedditCredentialsSchema = z.object({ username: z.string().min(1), accessToken: z.string().min(1) });

const SubmitAnswerSchema = z.object({
  json: z.object({
    errors: z.array(z.tuple([z.string(), z.string()]).rest(z.unknown())).default([]),
    /** seconds until the account may submit again, with a RATELIMIT error */
    ratelimit: z.number().nonnegative().optional(),
    data: z.object({ id: z.string(), name: z.string(), url: z.string() }).optional(),
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

/** The text is exactly one http(s) URL: a link post. */
function linkOf(content: string): string | undefined {
  const text = content.trim();
  return /^https?:\/\/\S+$/.test(text) ? text : undefined;
}

export interface RedditPublisherOptions {
  /** REDDIT_API_BASE_URL */
  baseUrl: string;
  /** REDDIT_USER_AGENT */
  userAgent: string;
}

export function createRedditPublisher(options: RedditPublisherOptions): Publisher {
  return {
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const { accessToken } = RedditCredentialsSchema.parse(connection.credentials);
      if (media.length > 0) throw new PublishError('CONTENT_REJECTED', 'planrrr does not publish images or videos to Reddit yet');
      const parsed = targetOptionProblems('REDDIT', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (parsed.length > 0)
        throw new PublishError('CONTENT_REJECTED', `A Reddit post needs the account's options: ${parsed.map((p) => p.message).join('; ')}`);
      const { subreddit, title, flairId } = parseTargetOptions('REDDIT', targetOptions);
      const link = linkOf(content);
      const form = new URLSearchParams({
        api_type: 'json',
        sr: subreddit,
        title,
        kind: link ? 'link' : 'self',
        ...(link ? { url: link } : { text: content }),
        ...(flairId ? { flair_id: flairId } : {}),
        sendreplies: 'true',
      });
      const { json } = await createRedditClient(options, accessToken).postForm('/api/submit', form, SubmitAnswerSchema, 'submit answer');
      const [error] = json.errors;
      if (error) {
        const [code, message] = error;
        const words = `Reddit refused the post in r/${subreddit}: ${code}: ${message}`;
        if (RETRYABLE_CODES.has(code)) throw new PublishError('RATE_LIMITED', words, rateLimitWaitMs(json.ratelimit, message));
        throw new PublishError('CONTENT_REJECTED', words);
      }
      if (!json.data) throw new PublishError('INVALID_RESPONSE', 'Reddit accepted the post without naming it');
      return { platformPostId: json.data.name, url: json.data.url };
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
