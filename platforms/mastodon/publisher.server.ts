// Mastodon: POST /api/v1/statuses on the account's own instance. Media are uploaded first
// (POST /api/v2/media, the alt text as `description`); a large file is processed
// asynchronously, so its attachment is polled (GET /api/v1/media/:id answers 206 until
// ready) before the status refers to it by id.
// https://docs.joinmastodon.org/methods/statuses/#create
// https://docs.joinmastodon.org/methods/media/#v2
// Follower counts: https://docs.joinmastodon.org/methods/accounts/#verify_credentials (the token's own account).
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { PublishError } from '../../lib/platforms/errors';
import { mastodonFetch, verifyMastodonCredentials } from './api.server';
import { mediaBlob, sleep } from '../../activities/publishers/media-upload';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type PublishMedia,
  type Publisher,
  replyForComment,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const MastodonCredentialsSchema = z.object({ accessToken: z.string().min(1) });

const MastodonStatusSchema = z.object({
  id: z.string(),
  uri: z.string(),
  url: z.string().nullish(),
});

// https://docs.joinmastodon.org/entities/Status/
const MastodonStatusCountsSchema = z.object({
  favourites_count: z.number().int().nonnegative(),
  reblogs_count: z.number().int().nonnegative(),
  replies_count: z.number().int().nonnegative(),
});

const MastodonAttachmentSchema = z.object({ id: z.string(), type: z.string(), url: z.string().nullish() });

export interface MastodonPublisherOptions {
  /** how often a processing attachment is checked */
  pollIntervalMs?: number;
  /** how long processing may take before the attempt gives up (retryably) */
  maxProcessingWaitMs?: number;
}

export function createMastodonPublisher(options: MastodonPublisherOptions = {}): Publisher {
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? 60_000;

  /** Uploads one file and waits until the instance has processed it; answers its id. */
  async function uploadMedia(instanceUrl: string, accessToken: string, media: PublishMedia): Promise<string> {
    const form = new FormData();
    form.set('file', await mediaBlob(media), media.fileName);
    if (media.altText) form.set('description', media.altText);
    const headers = { Authorization: `Bearer ${accessToken}` };
    const uploaded = await mastodonFetch(
      new URL('/api/v2/media', instanceUrl),
      { method: 'POST', headers, body: form },
      PLATFORM_UPLOAD_TIMEOUT_MS,
    );
    const attachment = MastodonAttachmentSchema.safeParse(await uploaded.json().catch(() => undefined));
    if (!attachment.success) throw new PublishError('INVALID_RESPONSE', 'Mastodon answered with an unexpected media attachment shape');
    // 200: processed already; 202: processing, poll until GET answers 200 instead of 206.
    const deadline = Date.now() + maxProcessingWaitMs;
    let processed = uploaded.status === 200;
    while (!processed) {
      if (Date.now() + pollIntervalMs > deadline) {
        throw new PublishError(
          'PLATFORM_UNAVAILABLE',
          `Mastodon was still processing ${media.fileName} after ${Math.round(maxProcessingWaitMs / 1000)} s`,
        );
      }
      await sleep(pollIntervalMs);
      const check = await mastodonFetch(new URL(`/api/v1/media/${encodeURIComponent(attachment.data.id)}`, instanceUrl), { headers });
      processed = check.status === 200;
    }
    return attachment.data.id;
  }

  return {
    publishesTo: (connection) => connection.instanceUrl ?? undefined,
    async publish({ content, media, idempotencyKey, connection, replyTo }) {
      if (!connection.instanceUrl) throw new PublishError('CONNECTION_MISSING', 'The Mastodon connection has no instance URL');
      const { accessToken } = MastodonCredentialsSchema.parse(connection.credentials);
      const mediaIds: string[] = [];
      for (const item of media) mediaIds.push(await uploadMedia(connection.instanceUrl, accessToken, item));
      const response = await mastodonFetch(new URL('/api/v1/statuses', connection.instanceUrl), {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${accessToken}`,
          'Content-Type': 'application/json',
          // Mastodon returns the already-created status for a repeated key (kept for an hour),
          // so a retried activity cannot post twice.
          'Idempotency-Key': idempotencyKey,
        },
        body: JSON.stringify({
          status: content,
          ...(mediaIds.length > 0 ? { media_ids: mediaIds } : {}),
          ...(replyTo ? { in_reply_to_id: replyTo.parent.platformPostId } : {}),
        }),
      });
      const status = MastodonStatusSchema.safeParse(await response.json().catch(() => undefined));
      if (!status.success) throw new PublishError('INVALID_RESPONSE', 'Mastodon answered with an unexpected status shape');
      return { platformPostId: status.data.id, url: status.data.url ?? status.data.uri };
    },

    // GET /api/v1/statuses/:id; a deleted status answers 404 (thrown, read by the caller)
    comment(request) {
      return this.publish(replyForComment(request));
    },

    async fetchMetrics({ platformPostId, connection }) {
      if (!connection.instanceUrl) throw new PublishError('CONNECTION_MISSING', 'The Mastodon connection has no instance URL');
      const { accessToken } = MastodonCredentialsSchema.parse(connection.credentials);
      const response = await mastodonFetch(new URL(`/api/v1/statuses/${encodeURIComponent(platformPostId)}`, connection.instanceUrl), {
        headers: { Authorization: `Bearer ${accessToken}` },
      });
      const counts = MastodonStatusCountsSchema.safeParse(await response.json().catch(() => undefined));
      if (!counts.success) throw new PublishError('INVALID_RESPONSE', 'Mastodon answered with an unexpected status shape');
      return {
        kind: 'reading',
        ...readingOf(
          'MASTODON',
          { likes: counts.data.favourites_count, reposts: counts.data.reblogs_count, replies: counts.data.replies_count },
          {
            impressions: 'Mastodon does not count views',
            quotes: 'Mastodon does not count quotes of a status',
            bookmarks: 'Mastodon shows bookmarks only to whoever bookmarked',
          },
        ),
      };
    },

    // GET /api/v1/accounts/verify_credentials: the token's own account, with its counts
    async fetchFollowers(connection) {
      if (!connection.instanceUrl) throw new PublishError('CONNECTION_MISSING', 'The Mastodon connection has no instance URL');
      const { accessToken } = MastodonCredentialsSchema.parse(connection.credentials);
      const account = await verifyMastodonCredentials(connection.instanceUrl, accessToken);
      return account.followers_count === undefined
        ? { followers: null, missingReason: 'The Mastodon instance gave no follower count for this account' }
        : { followers: account.followers_count };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = () => createMastodonPublisher();
