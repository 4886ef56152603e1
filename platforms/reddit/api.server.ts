// Reddit's OAuth API (oauth.reddit.com) as planrrr calls it: every call with the account's
// bearer token and the descriptive User-Agent Reddit requires, answers mapped to
// PublishErrors, and a subreddit's link flairs. The publisher (platforms/reddit/publisher.server.ts)
// and the API's flair list (GET /connections/{id}/reddit/flairs) both call through it.
// https://github.com/reddit-archive/reddit/wiki/API (User-Agent, rate limits)
// https://www.reddit.com/dev/api/#GET_api_link_flair_v2
import { z } from 'zod';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';

const REDDIT_API: PlatformApi = {
  name: 'Reddit',
  errorDetail: (body) => firstString(body, (json) => (json as { message?: string }).message),
};

const FlairsSchema = z.array(z.object({ id: z.string(), text: z.string() }));
export type RedditFlair = z.infer<typeof FlairsSchema>[number];

export function createRedditClient(options: { baseUrl: string; userAgent: string }, accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}`, 'user-agent': options.userAgent, accept: 'application/json' };
  return {
    async get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(REDDIT_API, `${options.baseUrl}${path}?${new URLSearchParams(query)}`, { headers });
      return readJson(REDDIT_API, response, schema, what);
    },
    async postForm<S extends z.ZodType>(path: string, form: URLSearchParams, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(REDDIT_API, `${options.baseUrl}${path}`, { method: 'POST', headers, body: form });
      return readJson(REDDIT_API, response, schema, what);
    },
  };
}

/** The link flairs a subreddit offers its posts (`flairId` of a Reddit post's options). */
export function listRedditFlairs(options: { baseUrl: string; userAgent: string }, accessToken: string, subreddit: string) {
  return createRedditClient(options, accessToken).get(`/r/${encodeURIComponent(subreddit)}/api/link_flair_v2`, {}, FlairsSchema, 'flairs');
}
