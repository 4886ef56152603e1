// Facebook Pages through the Graph API, with a Page access token:
// text (and a link preview) on POST /{page-id}/feed; one photo on POST /{page-id}/photos
// (multipart `source`); several photos uploaded unpublished, then attached to one feed post
// with attached_media; a video on POST /{page-id}/videos.
// https://developers.facebook.com/docs/pages-api/posts
// NOTE: the Graph API takes no idempotency key. A retry after an answer that was lost in
// transit can post twice; publish-to-target's recorded publication prevents every other repeat.
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { createGraphClient, type GraphApiOptions, type GraphClient } from './graph';
import { mediaBlob } from './media-upload';
import { PLATFORM_UPLOAD_TIMEOUT_MS, type PublishedPost, type Publisher, type PublishMedia } from './publisher';

export const FacebookCredentialsSchema = z.object({ pageId: z.string().min(1), accessToken: z.string().min(1) });

const GraphIdSchema = z.object({ id: z.string() });
const PhotoSchema = z.object({ id: z.string(), post_id: z.string().optional() });

const FIRST_LINK = /https?:\/\/[^\s<>"]+/;

export function facebookPostUrl(postId: string): string {
  return `https://www.facebook.com/${postId}`;
}

async function uploadPhoto(graph: GraphClient, pageId: string, photo: PublishMedia, fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.set(key, value);
  if (photo.altText) form.set('alt_text_custom', photo.altText);
  form.set('source', await mediaBlob(photo), photo.fileName);
  return graph.post(`${pageId}/photos`, form, PhotoSchema, 'photo', PLATFORM_UPLOAD_TIMEOUT_MS);
}

export function createFacebookPublisher(options: GraphApiOptions): Publisher {
  return {
    async publish({ content, media, connection }): Promise<PublishedPost> {
      const { pageId, accessToken } = FacebookCredentialsSchema.parse(connection.credentials);
      const graph = createGraphClient('Facebook', options, accessToken);
      const videos = media.filter((item) => item.kind === 'video');
      const photos = media.filter((item) => item.kind === 'image');

      if (videos.length > 0) {
        if (media.length > 1)
          throw new PublishError('CONTENT_REJECTED', 'A Facebook post carries photos or one video, not several media with a video');
        const form = new FormData();
        form.set('description', content);
        form.set('source', await mediaBlob(videos[0]!), videos[0]!.fileName);
        const video = await graph.post(`${pageId}/videos`, form, GraphIdSchema, 'video', PLATFORM_UPLOAD_TIMEOUT_MS);
        return { platformPostId: video.id, url: facebookPostUrl(video.id) };
      }

      if (photos.length === 1) {
        const photo = await uploadPhoto(graph, pageId, photos[0]!, { message: content });
        const postId = photo.post_id ?? photo.id;
        return { platformPostId: postId, url: facebookPostUrl(postId) };
      }

      const fields: Record<string, string> = { message: content };
      if (photos.length > 1) {
        // Uploaded unpublished, they appear only as part of the one post below.
        const uploaded = [];
        for (const photo of photos) uploaded.push(await uploadPhoto(graph, pageId, photo, { published: 'false' }));
        uploaded.forEach((photo, index) => (fields[`attached_media[${index}]`] = JSON.stringify({ media_fbid: photo.id })));
      } else {
        const link = FIRST_LINK.exec(content)?.[0];
        if (link) fields.link = link;
      }
      const post = await graph.post(`${pageId}/feed`, fields, GraphIdSchema, 'post');
      return { platformPostId: post.id, url: facebookPostUrl(post.id) };
    },
  };
}
