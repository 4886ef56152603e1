// Threads (Meta) through the Threads API, which answers in the Graph API's format (graph.ts).
// Threads fetches media itself from a public URL, so each file is offered as a signed,
// time-limited planrrr URL, as for Instagram. The flow: a media container
// (POST /{threads-user-id}/threads: TEXT, IMAGE or VIDEO, or a CAROUSEL over 2-20 item
// containers), wait until Threads has processed its media (status FINISHED), publish it
// (POST /{threads-user-id}/threads_publish), then read its permalink. A later part of a
// thread is the same flow with reply_to_id, the part before it: a reply of the account's own.
// https://developers.facebook.com/docs/threads/posts
// https://developers.facebook.com/docs/threads/reply-management#publish-replies
// https://developers.facebook.com/docs/threads/posts#carousel-posts
// https://developers.facebook.com/docs/threads/troubleshooting#publishing-does-not-return-a-media-id (container status)
// Metrics: the media's insights views, likes, replies, reposts and quotes; followers from
// the account's threads_insights followers_count (both need threads_manage_insights).
// https://developers.facebook.com/docs/threads/insights
import { z } from 'zod';
import { readingOf } from '../../domain/platform-metrics';
import { PublishError } from '../../lib/platforms/errors';
import {
  createGraphClient,
  isGraphNotFound,
  readInsights,
  unlessRefused,
  type GraphApiOptions,
  type GraphClient,
} from '../../activities/publishers/graph';
import { sleep } from '../../activities/publishers/media-upload';
import type { PublishedPost, Publisher, PublishMedia, PublisherFactory } from '../../activities/publishers/publisher';

export const ThreadsCredentialsSchema = z.object({ threadsUserId: z.string().min(1), accessToken: z.string().min(1) });

const GraphIdSchema = z.object({ id: z.string() });
const ContainerStatusSchema = z.object({
  status: z.enum(['EXPIRED', 'ERROR', 'FINISHED', 'IN_PROGRESS', 'PUBLISHED']),
  error_message: z.string().optional(),
});
const PermalinkSchema = z.object({ id: z.string(), permalink: z.string() });
const MEDIA_INSIGHTS = ['views', 'likes', 'replies', 'reposts', 'quotes'] as const;
// the account's insights answer a total, not a series: {data: [{name, total_value: {value}}]}
const FollowersInsightSchema = z.object({
  data: z.array(z.object({ name: z.string(), total_value: z.object({ value: z.number().int().nonnegative() }).optional() })),
});

/** Long enough for Threads to fetch a large video, short enough to be useless later. */
const MEDIA_URL_LIFETIME_SECONDS = 60 * 60;

export interface ThreadsPublisherOptions {
  /** THREADS_API_BASE_URL and THREADS_API_VERSION */
  api: GraphApiOptions;
  /** how often a container's processing status is read */
  pollIntervalMs?: number;
  /** how long processing may take before the attempt gives up (retryably); within the activity's 2 minutes */
  maxProcessingWaitMs?: number;
}

function mediaFields(media: PublishMedia, inCarousel: boolean): Record<string, string> {
  if (!media.publicUrl) throw new PublishError('INTERNAL', 'Threads needs a public URL for each media file, and none was provided');
  const url = media.publicUrl(MEDIA_URL_LIFETIME_SECONDS);
  return {
    ...(media.kind === 'video' ? { media_type: 'VIDEO', video_url: url } : { media_type: 'IMAGE', image_url: url }),
    ...(media.altText ? { alt_text: media.altText } : {}),
    ...(inCarousel ? { is_carousel_item: 'true' } : {}),
  };
}

export function createThreadsPublisher(options: ThreadsPublisherOptions): Publisher {
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? 90_000;
  const client = (accessToken: string) => createGraphClient('Threads', options.api, accessToken);

  async function waitUntilFinished(graph: GraphClient, containerId: string): Promise<void> {
    const deadline = Date.now() + maxProcessingWaitMs;
    for (;;) {
      const { status, error_message: why } = await graph.get(
        containerId,
        { fields: 'status,error_message' },
        ContainerStatusSchema,
        'container status',
      );
      if (status === 'FINISHED') return;
      if (status === 'ERROR' || status === 'EXPIRED') {
        throw new PublishError('CONTENT_REJECTED', `Threads could not process the media (${status}${why ? `: ${why}` : ''})`);
      }
      if (status === 'PUBLISHED') throw new PublishError('DUPLICATE', `Threads container ${containerId} was already published`);
      if (Date.now() + pollIntervalMs > deadline) {
        throw new PublishError(
          'PLATFORM_UNAVAILABLE',
          `Threads was still processing the media after ${Math.round(maxProcessingWaitMs / 1000)} s`,
        );
      }
      await sleep(pollIntervalMs);
    }
  }

  return {
    publishesTo: () => options.api.baseUrl,
    async publish({ content, media, connection, replyTo }): Promise<PublishedPost> {
      const { threadsUserId, accessToken } = ThreadsCredentialsSchema.parse(connection.credentials);
      const graph = client(accessToken);
      // the post's own container (not a carousel's items) answers the part before it
      const reply: Record<string, string> = replyTo ? { reply_to_id: replyTo.parent.platformPostId } : {};
      const createContainer = async (fields: Record<string, string>) =>
        (await graph.post(`${threadsUserId}/threads`, fields, GraphIdSchema, 'container')).id;

      let containerId: string;
      if (media.length === 0) {
        containerId = await createContainer({ media_type: 'TEXT', text: content, ...reply });
      } else if (media.length === 1) {
        containerId = await createContainer({ ...mediaFields(media[0]!, false), text: content, ...reply });
        await waitUntilFinished(graph, containerId);
      } else {
        const children: string[] = [];
        for (const item of media) children.push(await createContainer(mediaFields(item, true)));
        for (const child of children) await waitUntilFinished(graph, child);
        containerId = await createContainer({ media_type: 'CAROUSEL', children: children.join(','), text: content, ...reply });
        await waitUntilFinished(graph, containerId);
      }

      const published = await graph.post(`${threadsUserId}/threads_publish`, { creation_id: containerId }, GraphIdSchema, 'published post');
      const { permalink } = await graph.get(published.id, { fields: 'permalink' }, PermalinkSchema, 'permalink');
      return { platformPostId: published.id, url: permalink };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const { accessToken } = ThreadsCredentialsSchema.parse(connection.credentials);
      let insights: Awaited<ReturnType<typeof readInsights>> | { refused: string };
      try {
        insights = await unlessRefused(() => readInsights(client(accessToken), `${platformPostId}/insights`, MEDIA_INSIGHTS));
      } catch (error) {
        if (isGraphNotFound(error)) return { kind: 'deleted' };
        throw error;
      }
      const reason =
        'refused' in insights
          ? `Threads refused the post's insights (they need threads_manage_insights): ${insights.refused}`
          : 'Threads has no data for it yet';
      const stats = 'refused' in insights ? {} : insights;
      return {
        kind: 'reading',
        ...readingOf(
          'THREADS',
          { views: stats.views, likes: stats.likes, replies: stats.replies, reposts: stats.reposts, quotes: stats.quotes },
          { views: reason, likes: reason, replies: reason, reposts: reason, quotes: reason },
        ),
      };
    },

    async fetchFollowers(connection) {
      const { threadsUserId, accessToken } = ThreadsCredentialsSchema.parse(connection.credentials);
      const answer = await unlessRefused(() =>
        client(accessToken).get(`${threadsUserId}/threads_insights`, { metric: 'followers_count' }, FollowersInsightSchema, 'insights'),
      );
      if ('refused' in answer) return { followers: null, missingReason: `Threads refused the follower count: ${answer.refused}` };
      const followers = answer.data.find((metric) => metric.name === 'followers_count')?.total_value?.value;
      return followers === undefined
        ? { followers: null, missingReason: 'Threads gave no follower count for this account' }
        : { followers };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) =>
  createThreadsPublisher({ api: { baseUrl: config.THREADS_API_BASE_URL, version: config.THREADS_API_VERSION } });
