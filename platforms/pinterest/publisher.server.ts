// Pinterest through the API v5, as the account that connected: a pin on the board of the
// account's options (domain/target-options.ts) with their title and link, the post's text
// as its description, and its one image fetched by Pinterest from a signed public URL
// (as Instagram's), with the image's alt text; or its one video, registered
// (POST /v5/media), uploaded to the URL Pinterest answers with the fields it names, and
// polled (GET /v5/media/{id}) until processed, then pinned by its media id.
// https://developers.pinterest.com/docs/api/v5/pins-create
// https://developers.pinterest.com/docs/api/v5/media-create
// Metrics: the pin's lifetime IMPRESSION, SAVE and PIN_CLICK (pins:read); followers: the
// account's follower_count (user_accounts:read).
// https://developers.pinterest.com/docs/api/v5/pins-analytics
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions, targetOptionProblems } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { createPinterestClient, PinterestAccountSchema } from './api.server';
import { mediaBlob, sleep } from '../../activities/publishers/media-upload';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type PublishedPost,
  type Publisher,
  type PublishMedia,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const PinterestCredentialsSchema = z.object({ username: z.string().min(1), accessToken: z.string().min(1) });

const PinSchema = z.object({ id: z.string() });
const MediaUploadSchema = z.object({
  media_id: z.string().min(1),
  upload_url: z.string().min(1),
  upload_parameters: z.record(z.string(), z.string()),
});
const MediaStatusSchema = z.object({ status: z.enum(['registered', 'processing', 'succeeded', 'failed']) });
const MetricsSchema = z.record(z.string(), z.number().nonnegative());
// {all: {summary_metrics: {IMPRESSION, SAVE, PIN_CLICK, …}}}; a metric without data is left out
const PinAnalyticsSchema = z.object({ all: z.object({ summary_metrics: MetricsSchema.optional() }).optional() });

/** Long enough for Pinterest to fetch the image, short enough to be useless later. */
const MEDIA_URL_LIFETIME_SECONDS = 60 * 60;
/** Pinterest keeps a pin's analytics for the last 90 days. */
const ANALYTICS_DAYS = 89;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

export interface PinterestPublisherOptions {
  baseUrl: string;
  /** how often an uploaded video's processing is read */
  pollIntervalMs?: number;
  /** how long processing may take before the attempt gives up (retryably: no pin exists yet); within the activity's 2 minutes */
  maxProcessingWaitMs?: number;
}

export function createPinterestPublisher(options: PinterestPublisherOptions): Publisher {
  const client = (credentials: Record<string, unknown>) =>
    createPinterestClient(options.baseUrl, PinterestCredentialsSchema.parse(credentials).accessToken);
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? 60_000;

  /** The video uploaded and processed: the media_source of its pin. */
  async function videoSource(pinterest: ReturnType<typeof client>, video: PublishMedia) {
    const registered = await pinterest.post('media', { media_type: 'video' }, MediaUploadSchema, 'media upload');
    await pinterest.uploadMedia(
      registered.upload_url,
      registered.upload_parameters,
      await mediaBlob(video),
      video.fileName,
      PLATFORM_UPLOAD_TIMEOUT_MS,
    );
    const deadline = Date.now() + maxProcessingWaitMs;
    for (;;) {
      const { status } = await pinterest.get(`media/${encodeURIComponent(registered.media_id)}`, {}, MediaStatusSchema, 'media status');
      if (status === 'succeeded') break;
      if (status === 'failed') throw new PublishError('CONTENT_REJECTED', 'Pinterest could not process the video');
      if (Date.now() + pollIntervalMs > deadline)
        throw new PublishError(
          'PLATFORM_UNAVAILABLE',
          `Pinterest was still processing the video after ${Math.round(maxProcessingWaitMs / 1000)} s`,
        );
      await sleep(pollIntervalMs);
    }
    // the cover: the video's first frame
    return { source_type: 'video_id', media_id: registered.media_id, cover_image_key_frame_time: 0 };
  }

  return {
    publishesTo: () => options.baseUrl,
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const problems = targetOptionProblems('PINTEREST', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (problems.length > 0)
        throw new PublishError('CONTENT_REJECTED', `A pin needs the account's options: ${problems.map((p) => p.message).join('; ')}`);
      const { boardId, title, link } = parseTargetOptions('PINTEREST', targetOptions);
      const item = media[0];
      if (!item || media.length > 1) throw new PublishError('CONTENT_REJECTED', 'A pin is exactly one image or one video');
      if (item.kind === 'image' && !item.publicUrl)
        throw new PublishError('INTERNAL', 'Pinterest needs a public URL for the image, and none was provided');
      const pinterest = client(connection.credentials);
      const mediaSource =
        item.kind === 'video'
          ? await videoSource(pinterest, item)
          : { source_type: 'image_url', url: item.publicUrl!(MEDIA_URL_LIFETIME_SECONDS) };
      const pin = await pinterest.post(
        'pins',
        {
          board_id: boardId,
          description: content,
          ...(title ? { title } : {}),
          ...(link ? { link } : {}),
          ...(item.altText ? { alt_text: item.altText } : {}),
          media_source: mediaSource,
        },
        PinSchema,
        'pin',
      );
      return { platformPostId: pin.id, url: `https://www.pinterest.com/pin/${pin.id}/` };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const now = Date.now();
      let answer: z.infer<typeof PinAnalyticsSchema>;
      try {
        answer = await client(connection.credentials).get(
          `pins/${encodeURIComponent(platformPostId)}/analytics`,
          {
            start_date: isoDay(now - ANALYTICS_DAYS * 86_400_000),
            end_date: isoDay(now),
            metric_types: 'IMPRESSION,SAVE,PIN_CLICK,OUTBOUND_CLICK',
          },
          PinAnalyticsSchema,
          'pin analytics',
        );
      } catch (error) {
        if (error instanceof PublishError && error.status === 404) return { kind: 'deleted' };
        throw error;
      }
      const summary = answer.all?.summary_metrics ?? {};
      const notYet = 'Pinterest has no data for it yet (analytics can lag a day)';
      return {
        kind: 'reading',
        ...readingOf(
          'PINTEREST',
          { impressions: summary.IMPRESSION, saves: summary.SAVE, clicks: summary.PIN_CLICK },
          { impressions: notYet, saves: notYet, clicks: notYet },
        ),
      };
    },

    async fetchFollowers(connection) {
      const account = await client(connection.credentials).get('user_account', {}, PinterestAccountSchema, 'account');
      return account.follower_count === undefined
        ? { followers: null, missingReason: 'Pinterest gave no follower count for this account' }
        : { followers: account.follower_count };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createPinterestPublisher({ baseUrl: config.PINTEREST_API_BASE_URL });
