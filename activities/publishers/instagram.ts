// Instagram professional accounts through the Graph API (Instagram API with Facebook
// login). Instagram fetches media itself from a public URL, so each file is offered as a
// signed, time-limited planrrr URL (PublishMedia.publicUrl). The flow: create a container
// per item (POST /{ig-user-id}/media), a CAROUSEL container over several, wait until
// Instagram has processed it (status_code FINISHED), publish it (POST
// /{ig-user-id}/media_publish), then read its permalink.
// https://developers.facebook.com/docs/instagram-platform/content-publishing
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { createGraphClient, type GraphApiOptions, type GraphClient } from './graph';
import { sleep } from './media-upload';
import type { PublishedPost, Publisher, PublishMedia } from './publisher';

export const InstagramCredentialsSchema = z.object({ igUserId: z.string().min(1), accessToken: z.string().min(1) });

const GraphIdSchema = z.object({ id: z.string() });
const ContainerStatusSchema = z.object({
  status_code: z.enum(['EXPIRED', 'ERROR', 'FINISHED', 'IN_PROGRESS', 'PUBLISHED']),
  status: z.string().optional(),
});
const PermalinkSchema = z.object({ id: z.string(), permalink: z.string() });

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
        throw new PublishError('CONTENT_REJECTED', `Instagram could not process the media (${code}${status ? `: ${status}` : ''})`);
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
    async publish({ content, media, connection }): Promise<PublishedPost> {
      const { igUserId, accessToken } = InstagramCredentialsSchema.parse(connection.credentials);
      if (media.length === 0) throw new PublishError('CONTENT_REJECTED', 'An Instagram post needs an image or a video');
      const graph = createGraphClient('Instagram', options.graph, accessToken);
      const createContainer = async (fields: Record<string, string>) =>
        (await graph.post(`${igUserId}/media`, fields, GraphIdSchema, 'container')).id;

      let containerId: string;
      if (media.length === 1) {
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
  };
}
