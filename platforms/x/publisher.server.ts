// X: POST /2/tweets with a user access token (OAuth 2.0), media uploaded first through
// the v2 media endpoints: one request for an image, INIT/APPEND/FINALIZE (+ STATUS while
// X processes it) for a video.
// https://docs.x.com/x-api/posts/create-post
// https://docs.x.com/x-api/media/quickstart/media-upload-chunked
// https://docs.x.com/x-api/media/media-upload (simple upload), .../create-media-metadata (alt text)
// Follower counts: GET /2/users/me?user.fields=public_metrics (the token's own user).
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, resetHeaderDelayMs, type PlatformApi } from '../../lib/platforms/http';
import { sleep } from '../../activities/publishers/media-upload';
import { type PublishMedia, type Publisher, replyForComment, type PublisherFactory } from '../../activities/publishers/publisher';

export const XCredentialsSchema = z.object({
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

const XProcessingInfoSchema = z.object({
  state: z.enum(['pending', 'in_progress', 'failed', 'succeeded']),
  check_after_secs: z.number().optional(),
  error: z.object({ name: z.string().optional(), message: z.string().optional() }).optional(),
});

const XMediaSchema = z.object({
  data: z.object({ id: z.string(), media_key: z.string().optional(), processing_info: XProcessingInfoSchema.optional() }),
});

const XCreatedPostSchema = z.object({ data: z.object({ id: z.string(), text: z.string() }) });

// https://docs.x.com/x-api/fundamentals/metrics: a deleted post answers 200 with a resource-not-found error
const XPostMetricsSchema = z.union([
  z.object({
    data: z.object({
      id: z.string(),
      public_metrics: z.object({
        retweet_count: z.number().int().nonnegative(),
        reply_count: z.number().int().nonnegative(),
        like_count: z.number().int().nonnegative(),
        quote_count: z.number().int().nonnegative(),
        bookmark_count: z.number().int().nonnegative().optional(),
        impression_count: z.number().int().nonnegative().optional(),
      }),
    }),
  }),
  z.object({ errors: z.array(z.object({ type: z.string().optional(), title: z.string().optional() })).min(1) }),
]);
// https://docs.x.com/x-api/users/lookup/quickstart/authenticated-lookup: the token's own user
const XFollowersSchema = z.object({
  data: z.object({ public_metrics: z.object({ followers_count: z.number().int().nonnegative() }) }),
});
const X_NOT_FOUND = 'https://api.twitter.com/2/problems/resource-not-found';

const XErrorSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

const xApi: PlatformApi = {
  name: 'X',
  errorDetail: (body) =>
    firstString(body, (json) => {
      const error = XErrorSchema.safeParse(json);
      if (!error.success) return undefined;
      return error.data.detail ?? error.data.errors?.map((e) => e.message).join('; ') ?? error.data.title;
    }),
  // X refuses content with 403 too, e.g. "You are not allowed to create a Tweet with
  // duplicate content." or a text that is too long: only other 403s mean the token.
  classify: (status, detail) => {
    if (status !== 403) return undefined;
    if (/duplicate/i.test(detail)) return new PublishError('DUPLICATE', `X answered ${status}: ${detail}`);
    if (/too long/i.test(detail)) return new PublishError('CONTENT_REJECTED', `X answered ${status}: ${detail}`);
    return undefined;
  },
  // X sends the end of the rate-limit window, not Retry-After.
  rateLimitResetMs: (headers, now) => resetHeaderDelayMs(headers, 'x-rate-limit-reset', now),
};

export interface XPublisherOptions {
  baseUrl: string;
  /** bytes per APPEND; X accepts up to 5 MB per segment */
  videoChunkBytes?: number;
  /** how long to wait for X to process a video before giving up this attempt */
  maxProcessingWaitMs?: number;
}

const DEFAULT_VIDEO_CHUNK_BYTES = 4 * 1024 * 1024;
/** under the publishing activity's 2-minute limit, leaving time for the upload and the post */
const DEFAULT_MAX_PROCESSING_WAIT_MS = 60_000;

export function createXPublisher(options: XPublisherOptions): Publisher {
  const chunkBytes = options.videoChunkBytes ?? DEFAULT_VIDEO_CHUNK_BYTES;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? DEFAULT_MAX_PROCESSING_WAIT_MS;
  const url = (path: string) => new URL(path, options.baseUrl);

  async function uploadImage(media: PublishMedia, auth: HeadersInit): Promise<string> {
    const form = new FormData();
    form.set('media_category', media.mimeType === 'image/gif' ? 'tweet_gif' : 'tweet_image');
    form.set('media_type', media.mimeType);
    form.set('media', new Blob([new Uint8Array(await media.read())], { type: media.mimeType }), media.fileName);
    const response = await platformFetch(xApi, url('/2/media/upload'), { method: 'POST', headers: auth, body: form });
    return (await readJson(xApi, response, XMediaSchema, 'media upload')).data.id;
  }

  async function waitForProcessing(mediaId: string, info: z.infer<typeof XProcessingInfoSchema> | undefined, auth: HeadersInit) {
    const deadline = Date.now() + maxProcessingWaitMs;
    let state = info;
    while (state && state.state !== 'succeeded') {
      if (state.state === 'failed') {
        throw new PublishError(
          'CONTENT_REJECTED',
          `X could not process the video: ${state.error?.message ?? state.error?.name ?? 'no reason given'}`,
        );
      }
      const waitMs = (state.check_after_secs ?? 1) * 1000;
      if (Date.now() + waitMs > deadline)
        throw new PublishError('PLATFORM_UNAVAILABLE', 'X is still processing the video; trying again later');
      await sleep(waitMs);
      const status = url('/2/media/upload');
      status.searchParams.set('command', 'STATUS');
      status.searchParams.set('media_id', mediaId);
      state = (await readJson(xApi, await platformFetch(xApi, status, { headers: auth }), XMediaSchema, 'media status')).data
        .processing_info;
    }
  }

  async function uploadVideo(media: PublishMedia, auth: HeadersInit): Promise<string> {
    const bytes = await media.read();
    const init = await platformFetch(xApi, url('/2/media/upload/initialize'), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ media_type: media.mimeType, total_bytes: bytes.length, media_category: 'tweet_video' }),
    });
    const mediaId = (await readJson(xApi, init, XMediaSchema, 'media initialisation')).data.id;
    for (let offset = 0, segment = 0; offset < bytes.length; offset += chunkBytes, segment += 1) {
      const form = new FormData();
      form.set('segment_index', String(segment));
      form.set(
        'media',
        new Blob([new Uint8Array(bytes.subarray(offset, offset + chunkBytes))], { type: 'application/octet-stream' }),
        media.fileName,
      );
      await platformFetch(xApi, url(`/2/media/upload/${encodeURIComponent(mediaId)}/append`), {
        method: 'POST',
        headers: auth,
        body: form,
      });
    }
    const finalize = await platformFetch(xApi, url(`/2/media/upload/${encodeURIComponent(mediaId)}/finalize`), {
      method: 'POST',
      headers: auth,
    });
    await waitForProcessing(mediaId, (await readJson(xApi, finalize, XMediaSchema, 'media finalisation')).data.processing_info, auth);
    return mediaId;
  }

  async function describe(mediaId: string, altText: string, auth: HeadersInit): Promise<void> {
    await platformFetch(xApi, url('/2/media/metadata'), {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ id: mediaId, metadata: { alt_text: { text: altText } } }),
    });
  }

  return {
    publishesTo: () => options.baseUrl,
    async publish({ content, media, connection, replyTo }) {
      const { accessToken } = XCredentialsSchema.parse(connection.credentials);
      const auth = { Authorization: `Bearer ${accessToken}` };
      const mediaIds: string[] = [];
      for (const item of media) {
        const mediaId = item.kind === 'video' ? await uploadVideo(item, auth) : await uploadImage(item, auth);
        if (item.altText && item.kind === 'image') await describe(mediaId, item.altText, auth);
        mediaIds.push(mediaId);
      }
      // NOTE: X takes no idempotency key; the recorded publication (publish-to-target.ts)
      // keeps a retried activity from posting again.
      const response = await platformFetch(xApi, url('/2/tweets'), {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify({
          text: content,
          ...(mediaIds.length > 0 ? { media: { media_ids: mediaIds } } : {}),
          ...(replyTo ? { reply: { in_reply_to_tweet_id: replyTo.parent.platformPostId } } : {}),
        }),
      });
      const { data } = await readJson(xApi, response, XCreatedPostSchema, 'post');
      return { platformPostId: data.id, url: `https://x.com/i/web/status/${data.id}` };
    },

    comment(request) {
      return this.publish(replyForComment(request));
    },

    async fetchMetrics({ platformPostId, connection }) {
      const { accessToken } = XCredentialsSchema.parse(connection.credentials);
      const lookup = url(`/2/tweets/${encodeURIComponent(platformPostId)}`);
      lookup.searchParams.set('tweet.fields', 'public_metrics');
      const response = await platformFetch(xApi, lookup, { headers: { Authorization: `Bearer ${accessToken}` } });
      const answer = await readJson(xApi, response, XPostMetricsSchema, 'post lookup');
      if ('errors' in answer) {
        if (answer.errors.some((error) => error.type === X_NOT_FOUND)) return { kind: 'deleted' };
        throw new PublishError('INVALID_RESPONSE', `X answered the post lookup with: ${answer.errors.map((e) => e.title).join('; ')}`);
      }
      const counts = answer.data.public_metrics;
      return {
        kind: 'reading',
        ...readingOf(
          'X',
          {
            impressions: counts.impression_count,
            likes: counts.like_count,
            replies: counts.reply_count,
            reposts: counts.retweet_count,
            quotes: counts.quote_count,
            bookmarks: counts.bookmark_count,
          },
          {
            impressions: "X gives impressions only to the post's author's user token; this token's answer had none",
            bookmarks: "X gave no bookmark count for this post with this token's access level",
          },
        ),
      };
    },

    async fetchFollowers(connection) {
      const { accessToken } = XCredentialsSchema.parse(connection.credentials);
      const me = url('/2/users/me');
      me.searchParams.set('user.fields', 'public_metrics');
      const response = await platformFetch(xApi, me, { headers: { Authorization: `Bearer ${accessToken}` } });
      const { data } = await readJson(xApi, response, XFollowersSchema, 'user lookup');
      return { followers: data.public_metrics.followers_count };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createXPublisher({ baseUrl: config.X_API_BASE_URL });
