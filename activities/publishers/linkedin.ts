// LinkedIn: the versioned Posts API (POST /rest/posts) as the member or organisation in
// `authorUrn`; images through the Images API and videos through the Videos API first.
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/images-api
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api
import { z } from 'zod';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';
import type { PublishMedia, Publisher } from './publisher';

export const LinkedInCredentialsSchema = z.object({
  authorUrn: z.string().regex(/^urn:li:(person|organization):/, 'must be a urn:li:person or urn:li:organization'),
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

const InitializeImageSchema = z.object({ value: z.object({ uploadUrl: z.url(), image: z.string().startsWith('urn:li:image:') }) });
const InitializeVideoSchema = z.object({
  value: z.object({
    video: z.string().startsWith('urn:li:video:'),
    uploadToken: z.string(),
    uploadInstructions: z.array(z.object({ uploadUrl: z.url(), firstByte: z.number().int(), lastByte: z.number().int() })).min(1),
  }),
});
const LinkedInErrorSchema = z.object({ message: z.string() });

const linkedInApi: PlatformApi = {
  name: 'LinkedIn',
  errorDetail: (body) => firstString(body, (json) => LinkedInErrorSchema.safeParse(json).data?.message),
  // LinkedIn refuses a repeated post with 422 "Content is a duplicate of urn:li:share:…"
  classify: (status, detail) =>
    status === 422 && /duplicate/i.test(detail) ? new PublishError('DUPLICATE', `LinkedIn answered ${status}: ${detail}`) : undefined,
};

/**
 * Commentary is "little text": these characters are markup unless escaped with a backslash.
 * https://learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format
 */
export function escapeLittleText(text: string): string {
  return text.replace(/[\\|{}@[\]()<>#*_~]/g, (character) => `\\${character}`);
}

export interface LinkedInPublisherOptions {
  baseUrl: string;
  /** the LinkedIn-Version header, YYYYMM */
  apiVersion: string;
}

export function createLinkedInPublisher(options: LinkedInPublisherOptions): Publisher {
  const url = (path: string) => new URL(path, options.baseUrl);

  return {
    async publish({ content, media, connection }) {
      const { authorUrn, accessToken } = LinkedInCredentialsSchema.parse(connection.credentials);
      const auth = { Authorization: `Bearer ${accessToken}` };
      const restHeaders = {
        ...auth,
        'Content-Type': 'application/json',
        'LinkedIn-Version': options.apiVersion,
        'X-Restli-Protocol-Version': '2.0.0',
      };

      const uploadImage = async (item: PublishMedia): Promise<string> => {
        const init = await platformFetch(linkedInApi, url('/rest/images?action=initializeUpload'), {
          method: 'POST',
          headers: restHeaders,
          body: JSON.stringify({ initializeUploadRequest: { owner: authorUrn } }),
        });
        const { value } = await readJson(linkedInApi, init, InitializeImageSchema, 'image upload');
        await platformFetch(linkedInApi, value.uploadUrl, {
          method: 'PUT',
          headers: { ...auth, 'Content-Type': item.mimeType },
          body: new Uint8Array(await item.read()),
        });
        return value.image;
      };

      const uploadVideo = async (item: PublishMedia): Promise<string> => {
        const bytes = await item.read();
        const init = await platformFetch(linkedInApi, url('/rest/videos?action=initializeUpload'), {
          method: 'POST',
          headers: restHeaders,
          body: JSON.stringify({
            initializeUploadRequest: { owner: authorUrn, fileSizeBytes: bytes.length, uploadCaptions: false, uploadThumbnail: false },
          }),
        });
        const { value } = await readJson(linkedInApi, init, InitializeVideoSchema, 'video upload');
        const uploadedPartIds: string[] = [];
        for (const part of value.uploadInstructions) {
          const response = await platformFetch(linkedInApi, part.uploadUrl, {
            method: 'PUT',
            headers: { 'Content-Type': 'application/octet-stream' },
            body: new Uint8Array(bytes.subarray(part.firstByte, part.lastByte + 1)),
          });
          const etag = response.headers.get('etag');
          if (!etag) throw new PublishError('INVALID_RESPONSE', 'LinkedIn accepted a video part without an ETag');
          uploadedPartIds.push(etag);
        }
        await platformFetch(linkedInApi, url('/rest/videos?action=finalizeUpload'), {
          method: 'POST',
          headers: restHeaders,
          body: JSON.stringify({ finalizeUploadRequest: { video: value.video, uploadToken: value.uploadToken, uploadedPartIds } }),
        });
        return value.video;
      };

      if (media.length > 1 && media.some((item) => item.kind === 'video')) {
        throw new PublishError('CONTENT_REJECTED', 'A LinkedIn post carries either images or one video');
      }
      const uploaded: Array<{ id: string; altText?: string }> = [];
      for (const item of media) {
        const id = item.kind === 'video' ? await uploadVideo(item) : await uploadImage(item);
        uploaded.push({ id, ...(item.altText ? { altText: item.altText } : {}) });
      }
      const postContent =
        uploaded.length === 0 ? undefined : uploaded.length === 1 ? { media: uploaded[0] } : { multiImage: { images: uploaded } };

      // NOTE: the Posts API takes no idempotency key; the recorded publication
      // (publish-to-target.ts) keeps a retried activity from posting again.
      const response = await platformFetch(linkedInApi, url('/rest/posts'), {
        method: 'POST',
        headers: restHeaders,
        body: JSON.stringify({
          author: authorUrn,
          commentary: escapeLittleText(content),
          visibility: 'PUBLIC',
          distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
          lifecycleState: 'PUBLISHED',
          isReshareDisabledByAuthor: false,
          ...(postContent ? { content: postContent } : {}),
        }),
      });
      const postUrn = response.headers.get('x-restli-id');
      if (!postUrn) throw new PublishError('INVALID_RESPONSE', 'LinkedIn created the post but sent no x-restli-id');
      return { platformPostId: postUrn, url: `https://www.linkedin.com/feed/update/${postUrn}/` };
    },
  };
}
