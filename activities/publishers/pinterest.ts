// Pinterest through the API v5, as the account that connected: a pin on the board of the
// account's options (domain/target-options.ts) with their title and link, the post's text
// as its description, and its one image fetched by Pinterest from a signed public URL
// (as Instagram's), with the image's alt text. Video pins are not published yet.
// https://developers.pinterest.com/docs/api/v5/pins-create
// Metrics: the pin's lifetime IMPRESSION, SAVE and PIN_CLICK (pins:read); followers: the
// account's follower_count (user_accounts:read).
// https://developers.pinterest.com/docs/api/v5/pins-analytics
import { z } from 'zod';
import { readingOf } from '../../domain/post-metrics';
import { parseTargetOptions, targetOptionProblems } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { createPinterestClient, PinterestAccountSchema } from '../../lib/platforms/pinterest';
import type { PublishedPost, Publisher } from './publisher';

export const PinterestCredentialsSchema = z.object({ username: z.string().min(1), accessToken: z.string().min(1) });

const PinSchema = z.object({ id: z.string() });
const MetricsSchema = z.record(z.string(), z.number().nonnegative());
// {all: {summary_metrics: {IMPRESSION, SAVE, PIN_CLICK, …}}}; a metric without data is left out
const PinAnalyticsSchema = z.object({ all: z.object({ summary_metrics: MetricsSchema.optional() }).optional() });

/** Long enough for Pinterest to fetch the image, short enough to be useless later. */
const MEDIA_URL_LIFETIME_SECONDS = 60 * 60;
/** Pinterest keeps a pin's analytics for the last 90 days. */
const ANALYTICS_DAYS = 89;
const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);

export function createPinterestPublisher(options: { baseUrl: string }): Publisher {
  const client = (credentials: Record<string, unknown>) =>
    createPinterestClient(options.baseUrl, PinterestCredentialsSchema.parse(credentials).accessToken);

  return {
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const problems = targetOptionProblems('PINTEREST', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (problems.length > 0)
        throw new PublishError('CONTENT_REJECTED', `A pin needs the account's options: ${problems.map((p) => p.message).join('; ')}`);
      const { boardId, title, link } = parseTargetOptions('PINTEREST', targetOptions);
      const image = media[0];
      if (!image || image.kind !== 'image' || media.length > 1)
        throw new PublishError('CONTENT_REJECTED', 'A pin is exactly one image (planrrr does not publish video pins yet)');
      if (!image.publicUrl) throw new PublishError('INTERNAL', 'Pinterest needs a public URL for the image, and none was provided');
      const pin = await client(connection.credentials).post(
        'pins',
        {
          board_id: boardId,
          description: content,
          ...(title ? { title } : {}),
          ...(link ? { link } : {}),
          ...(image.altText ? { alt_text: image.altText } : {}),
          media_source: { source_type: 'image_url', url: image.publicUrl(MEDIA_URL_LIFETIME_SECONDS) },
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
