// Reddit's OAuth API (oauth.reddit.com) as planrrr calls it: every call with the account's
// bearer token and the descriptive User-Agent Reddit requires, answers mapped to
// PublishErrors, a subreddit's link flairs, and an image's upload through a media lease. The
// publisher (platforms/reddit/publisher.server.ts) and the API's flair list
// (GET /connections/{id}/reddit/flairs) both call through it.
// https://github.com/reddit-archive/reddit/wiki/API (User-Agent, rate limits)
// https://www.reddit.com/dev/api/#GET_api_link_flair_v2
import { z } from 'zod';
import { PLATFORM_UPLOAD_TIMEOUT_MS, type PublishMedia } from '../../activities/publishers/publisher';
import { mediaBlob } from '../../activities/publishers/media-upload';
import { PublishError } from '../../lib/platforms/errors';
import { fetchWithinDeadline, firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';

const REDDIT_API: PlatformApi = {
  name: 'Reddit',
  errorDetail: (body) => firstString(body, (json) => (json as { message?: string }).message),
};

const FlairsSchema = z.array(z.object({ id: z.string(), text: z.string() }));
export type RedditFlair = z.infer<typeof FlairsSchema>[number];

// POST /api/media/asset.json: an upload lease, i.e. an S3 form (its action without a scheme,
// its fields) and the asset with the websocket that reports the post once Reddit has
// processed the file. Reddit documents no more than its path; PRAW's `submit_image`
// (praw/models/reddit/subreddit.py, `_upload_media`) shows the sequence its web client uses.
const UploadLeaseSchema = z.object({
  args: z.object({ action: z.string().min(1), fields: z.array(z.object({ name: z.string(), value: z.string() })) }),
  asset: z.object({ asset_id: z.string(), websocket_url: z.string().regex(/^wss?:\/\//) }),
});

/** S3's refusal, e.g. `<Error><Code>EntityTooLarge</Code><Message>…</Message>…</Error>`. */
function s3ErrorWords(xml: string): string {
  const tag = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];
  return [tag('Code'), tag('Message')].filter(Boolean).join(': ') || xml.slice(0, 300);
}

export interface UploadedRedditMedia {
  /** what an image post's `url` names: the upload's place in Reddit's bucket */
  url: string;
  /** what a gallery item's `media_id` names */
  assetId: string;
  /** where Reddit says the post is made (or failed) once the file is processed */
  websocketUrl: string;
}

export function createRedditClient(options: { baseUrl: string; userAgent: string }, accessToken: string) {
  const headers = { authorization: `Bearer ${accessToken}`, 'user-agent': options.userAgent, accept: 'application/json' };
  const client = {
    async get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(REDDIT_API, `${options.baseUrl}${path}?${new URLSearchParams(query)}`, { headers });
      return readJson(REDDIT_API, response, schema, what);
    },
    async postForm<S extends z.ZodType>(path: string, form: URLSearchParams, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(REDDIT_API, `${options.baseUrl}${path}`, { method: 'POST', headers, body: form });
      return readJson(REDDIT_API, response, schema, what);
    },
    /** A JSON body, as `/api/submit_gallery_post.json` takes its items. */
    async postJson<S extends z.ZodType>(path: string, body: object, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(REDDIT_API, `${options.baseUrl}${path}`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return readJson(REDDIT_API, response, schema, what);
    },
    /** Leases an upload from Reddit and posts the file to the lease's bucket with its fields (no bearer token: S3 signs by the fields). */
    async uploadMedia(media: PublishMedia): Promise<UploadedRedditMedia> {
      const lease = await client.postForm(
        '/api/media/asset.json',
        new URLSearchParams({ filepath: media.fileName, mimetype: media.mimeType }),
        UploadLeaseSchema,
        'upload lease',
      );
      // the action is scheme-relative ("//reddit-uploaded-media.s3-accelerate.amazonaws.com")
      const action = new URL(lease.args.action, options.baseUrl);
      const form = new FormData();
      for (const field of lease.args.fields) form.set(field.name, field.value);
      // S3 reads the fields before the file: the file goes last
      form.set('file', await mediaBlob(media), media.fileName);
      const response = await fetchWithinDeadline('Reddit', action, { method: 'POST', body: form }, PLATFORM_UPLOAD_TIMEOUT_MS);
      if (!response.ok) {
        const words = `Reddit's media bucket refused the file ${media.fileName}: ${s3ErrorWords(await response.text().catch(() => ''))}`;
        throw new PublishError(response.status >= 500 ? 'PLATFORM_UNAVAILABLE' : 'CONTENT_REJECTED', words, undefined, response.status);
      }
      const key = lease.args.fields.find((field) => field.name === 'key')?.value;
      if (!key) throw new PublishError('INVALID_RESPONSE', 'Reddit leased an upload without naming its key');
      return { url: `${action.href.replace(/\/$/, '')}/${key}`, assetId: lease.asset.asset_id, websocketUrl: lease.asset.websocket_url };
    },
  };
  return client;
}

/** The link flairs a subreddit offers its posts (`flairId` of a Reddit post's options). */
export function listRedditFlairs(options: { baseUrl: string; userAgent: string }, accessToken: string, subreddit: string) {
  return createRedditClient(options, accessToken).get(`/r/${encodeURIComponent(subreddit)}/api/link_flair_v2`, {}, FlairsSchema, 'flairs');
}
