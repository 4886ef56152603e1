// Instagram professional accounts through the Graph API (Instagram API with Facebook
// login). Instagram fetches media itself from a public URL, so each file is offered as a
// signed, time-limited planrrr URL (PublishMedia.publicUrl). The flow: create a container
// per item (POST /{ig-user-id}/media), a CAROUSEL container over several, wait until
// Instagram has processed it (status_code FINISHED), publish it (POST
// /{ig-user-id}/media_publish), then read its permalink.
// The account's format option (domain/target-options.ts) chooses the container: a feed post
// (one image, one video, which Instagram takes only as media_type REELS since VIDEO was
// retired for single feed videos, or a CAROUSEL of 2-10 items), a Reel (REELS, with
// share_to_feed when given) or a Story (STORIES, one image or video, no caption: Stories show none).
// https://developers.facebook.com/docs/instagram-platform/content-publishing
// Metrics: the media's like_count and comments_count (instagram_basic), and its insights
// reach, shares, saved and views (instagram_manage_insights); followers from the account's
// followers_count.
// https://developers.facebook.com/docs/instagram-platform/reference/instagram-media (like_count, comments_count)
// https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
// https://developers.facebook.com/docs/instagram-platform/reference/instagram-user (followers_count)
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import {
  createGraphClient,
  isGraphNotFound,
  readInsights,
  unlessRefused,
  type GraphApiOptions,
  type GraphClient,
  graphApiOf,
} from '../../activities/publishers/graph';
import { sleep } from '../../activities/publishers/media-upload';
import type { PublishedPost, Publisher, PublishMedia, PublisherFactory } from '../../activities/publishers/publisher';

export const InstagramCredentialsSchema = z.object({ igUserId: z.string().min(1), accessToken: z.string().min(1) });

const GraphIdSchema = z.object({ id: z.string() });
const ContainerStatusSchema = z.object({
  status_code: z.enum(['EXPIRED', 'ERROR', 'FINISHED', 'IN_PROGRESS', 'PUBLISHED']),
  status: z.string().optional(),
});
const PermalinkSchema = z.object({ id: z.string(), permalink: z.string() });
// like_count is left out when the account hides its like counts
const MediaCountsSchema = z.object({
  id: z.string(),
  like_count: z.number().int().nonnegative().optional(),
  comments_count: z.number().int().nonnegative().optional(),
});
const AccountFollowersSchema = z.object({ followers_count: z.number().int().nonnegative().optional() });
/** impressions were retired for media made after 1 July 2024; views replaced them */
const MEDIA_INSIGHTS = ['reach', 'shares', 'saved', 'views'] as const;

/** Long enough for Instagram to fetch a large video, short enough to be useless later. */
const MEDIA_URL_LIFETIME_SECONDS = 60 * 60;

export interface InstagramPublisherOptions {
  graph: GraphApiOptions;
  /** how often a container's processing status is read */
  pollIntervalMs?: number;
  /** how long processing may take before the attempt gives up (retryably); within the activity's 2 minutes */
  maxProcessingWaitMs?: number;
}

function mediaUrl(media: PublishMedia): string {
  if (!media.publicUrl) throw new PublishError('INTERNAL', 'Instagram needs a public URL for each media file, and none was provided');
  return media.publicUrl(MEDIA_URL_LIFETIME_SECONDS);
}

/** A Story's container: the one image or video, without a caption. */
function storyFields(media: PublishMedia): Record<string, string> {
  return { media_type: 'STORIES', ...(media.kind === 'video' ? { video_url: mediaUrl(media) } : { image_url: mediaUrl(media) }) };
}

function itemFields(media: PublishMedia, inCarousel: boolean): Record<string, string> {
  if (media.kind === 'video')
    return { media_type: inCarousel ? 'VIDEO' : 'REELS', video_url: mediaUrl(media), ...(inCarousel ? { is_carousel_item: 'true' } : {}) };
  return {
    image_url: mediaUrl(media),
    ...(inCarousel ? { is_carousel_item: 'true' } : { ...(media.altText ? { alt_text: media.altText } : {}) }),
  };
}

export function createInstagramPublisher(options: InstagramPublisherOptions): Publisher {
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? 90_000;

  async function waitUntilFinished(graph: GraphClient, containerId: string): Promise<void> {
    const deadline = Date.now() + maxProcessingWaitMs;
    for (;;) {
      const { status_code: code, status } = await graph.get(
        containerId,
        { fields: 'status_code,status' },
        ContainerStatusSchema,
        'container status',
      );
      if (code === 'FINISHED') return;
      if (code === 'ERROR' || code === 'EXPIRED') {
        throw new PublishError(
          'CONTENT_REJECTED',
          `Instagram could not process the media of container ${containerId} (status_code ${code}${status ? `: ${status}` : ''})`,
        );
      }
      if (code === 'PUBLISHED') throw new PublishError('DUPLICATE', `Instagram container ${containerId} was already published`);
      if (Date.now() + pollIntervalMs > deadline) {
        throw new PublishError(
          'PLATFORM_UNAVAILABLE',
          `Instagram was still processing the media after ${Math.round(maxProcessingWaitMs / 1000)} s`,
        );
      }
      await sleep(pollIntervalMs);
    }
  }

  return {
    publishesTo: () => options.graph.baseUrl,
    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const { igUserId, accessToken } = InstagramCredentialsSchema.parse(connection.credentials);
      const { format, shareToFeed } = parseTargetOptions('INSTAGRAM', targetOptions);
      // the rules refused these when the post was scheduled: here they fail in words before any call, not as Graph errors
      if (media.length === 0) throw new PublishError('CONTENT_REJECTED', 'An Instagram post needs an image or a video');
      if (format === 'reel' && (media.length !== 1 || media[0]!.kind !== 'video'))
        throw new PublishError('CONTENT_REJECTED', 'An Instagram Reel is exactly one video');
      if (format === 'story' && media.length !== 1)
        throw new PublishError('CONTENT_REJECTED', 'An Instagram Story is exactly one image or video');
      const graph = createGraphClient('Instagram', options.graph, accessToken);
      const createContainer = async (fields: Record<string, string>) =>
        (await graph.post(`${igUserId}/media`, fields, GraphIdSchema, 'container')).id;

      let containerId: string;
      if (format === 'story') {
        containerId = await createContainer(storyFields(media[0]!));
      } else if (format === 'reel') {
        containerId = await createContainer({
          ...itemFields(media[0]!, false),
          caption: content,
          ...(shareToFeed !== undefined ? { share_to_feed: String(shareToFeed) } : {}),
        });
      } else if (media.length === 1) {
        containerId = await createContainer({ ...itemFields(media[0]!, false), caption: content });
      } else {
        const children: string[] = [];
        for (const item of media) children.push(await createContainer(itemFields(item, true)));
        for (const child of children) await waitUntilFinished(graph, child);
        containerId = await createContainer({ media_type: 'CAROUSEL', children: children.join(','), caption: content });
      }
      await waitUntilFinished(graph, containerId);

      const published = await graph.post(`${igUserId}/media_publish`, { creation_id: containerId }, GraphIdSchema, 'published media');
      const { permalink } = await graph.get(published.id, { fields: 'permalink' }, PermalinkSchema, 'permalink');
      return { platformPostId: published.id, url: permalink };
    },

    // https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-media/comments#creating
    async comment({ content, connection, post }) {
      const { accessToken } = InstagramCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Instagram', options.graph, accessToken);
      const created = await graph.post(`${post.platformPostId}/comments`, { message: content }, GraphIdSchema, 'comment');
      // Instagram gives comments no permalink of their own: the post's shows them
      return { platformPostId: created.id, url: post.url };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const { accessToken } = InstagramCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Instagram', options.graph, accessToken);
      let media: z.infer<typeof MediaCountsSchema>;
      try {
        media = await graph.get(platformPostId, { fields: 'like_count,comments_count' }, MediaCountsSchema, 'media counts');
      } catch (error) {
        if (isGraphNotFound(error)) return { kind: 'deleted' };
        throw error;
      }
      // Graph also refuses with code 10 when too few people saw the media: its words say which
      const insights = await unlessRefused(() => readInsights(graph, `${platformPostId}/insights`, MEDIA_INSIGHTS));
      const refused =
        'refused' in insights
          ? `Instagram refused the media's insights (they need instagram_manage_insights): ${insights.refused}`
          : undefined;
      const stats = 'refused' in insights ? {} : insights;
      const notYet = 'Instagram has no data for it yet (insights can lag up to 48 hours)';
      return {
        kind: 'reading',
        ...readingOf(
          'INSTAGRAM',
          {
            likes: media.like_count,
            replies: media.comments_count,
            reach: stats.reach,
            reposts: stats.shares,
            saves: stats.saved,
            views: stats.views,
          },
          {
            likes: 'The account hides its like counts',
            reach: refused ?? notYet,
            reposts: refused ?? notYet,
            saves: refused ?? notYet,
            views: refused ?? notYet,
            impressions: 'Instagram retired impressions for media made after 1 July 2024; planrrr reads views instead',
          },
        ),
      };
    },

    async fetchFollowers(connection) {
      const { igUserId, accessToken } = InstagramCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Instagram', options.graph, accessToken);
      const account = await unlessRefused(() => graph.get(igUserId, { fields: 'followers_count' }, AccountFollowersSchema, 'account'));
      if ('refused' in account) return { followers: null, missingReason: `Instagram refused the follower count: ${account.refused}` };
      return account.followers_count === undefined
        ? { followers: null, missingReason: 'Instagram gave no follower count for this account' }
        : { followers: account.followers_count };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createInstagramPublisher({ graph: graphApiOf(config) });
