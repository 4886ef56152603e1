// LinkedIn: the versioned Posts API (POST /rest/posts) as the member or organisation in
// `authorUrn`; images through the Images API, videos through the Videos API and a PDF
// through the Documents API first (a document post: the PDF alone, with a title).
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/images-api
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/videos-api
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/documents-api
// Metrics: an organization's post from its share statistics (impressions, clicks, likes,
// comments, shares; rw_organization_admin); a member's post from its social metadata
// (reactions and comments; r_member_social, which LinkedIn grants to approved partners only).
// Followers: an organization's from networkSizes, a member's from memberFollowersCount
// (r_member_profileAnalytics, a Community Management API permission).
// https://learn.microsoft.com/linkedin/marketing/community-management/organizations/share-statistics
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/social-metadata-api
// https://learn.microsoft.com/linkedin/marketing/community-management/organizations/follower-statistics (networkSizes)
// https://learn.microsoft.com/linkedin/marketing/community-management/members/follower-statistics
// https://learn.microsoft.com/linkedin/shared/api-guide/concepts/rate-limits (daily limits, reset at midnight UTC)
import { z } from 'zod';
import { type MetricName } from '../../domain/post-metrics';
import { readingOf } from '../../domain/platform-metrics';
import { TARGET_OPTION_SCHEMAS } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { firstString, platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type PublishMedia,
  type Publisher,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const LinkedInCredentialsSchema = z.object({
  authorUrn: z.string().regex(/^urn:li:(person|organization):/, 'must be a urn:li:person or urn:li:organization'),
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  expiresAt: z.string().optional(),
});

const InitializeImageSchema = z.object({ value: z.object({ uploadUrl: z.url(), image: z.string().startsWith('urn:li:image:') }) });
const InitializeDocumentSchema = z.object({
  value: z.object({ uploadUrl: z.url(), document: z.string().startsWith('urn:li:document:') }),
});
const InitializeVideoSchema = z.object({
  value: z.object({
    video: z.string().startsWith('urn:li:video:'),
    uploadToken: z.string(),
    uploadInstructions: z.array(z.object({ uploadUrl: z.url(), firstByte: z.number().int(), lastByte: z.number().int() })).min(1),
  }),
});
const LinkedInErrorSchema = z.object({ message: z.string() });
const CountSchema = z.number().int().nonnegative();
const SocialMetadataSchema = z.object({
  reactionSummaries: z.record(z.string(), z.object({ count: CountSchema })),
  commentSummary: z.object({ count: CountSchema }),
});
const ShareStatisticsSchema = z.object({
  elements: z.array(
    z.object({
      totalShareStatistics: z.object({
        impressionCount: CountSchema,
        clickCount: CountSchema,
        likeCount: CountSchema,
        commentCount: CountSchema,
        shareCount: CountSchema,
      }),
    }),
  ),
});
const NetworkSizeSchema = z.object({ firstDegreeSize: CountSchema });
const MemberFollowersSchema = z.object({ elements: z.array(z.object({ memberFollowersCount: CountSchema })) });

const DAY_MS = 86_400_000;

const linkedInApi: PlatformApi = {
  name: 'LinkedIn',
  errorDetail: (body) => firstString(body, (json) => LinkedInErrorSchema.safeParse(json).data?.message),
  // LinkedIn refuses a repeated post with 422 "Content is a duplicate of urn:li:share:…"
  classify: (status, detail) =>
    status === 422 && /duplicate/i.test(detail) ? new PublishError('DUPLICATE', `LinkedIn answered ${status}: ${detail}`) : undefined,
};
/**
 * Reads: a 429 names no time, and the reads' limits are daily, ending at midnight UTC. (A
 * publish keeps the default backoff: its 429 may be a short throttle.)
 */
const linkedInReadApi: PlatformApi = { ...linkedInApi, rateLimitResetMs: (_headers, now) => DAY_MS - (now % DAY_MS) };

/** A 403: the app or member lacks the permission a read needs; the token itself still works. */
function isRefusal(error: unknown): error is PublishError {
  return error instanceof PublishError && error.status === 403;
}

const isOrganization = (urn: string) => urn.startsWith('urn:li:organization:');

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
  const headersFor = (accessToken: string) => ({
    Authorization: `Bearer ${accessToken}`,
    'Content-Type': 'application/json',
    'LinkedIn-Version': options.apiVersion,
    'X-Restli-Protocol-Version': '2.0.0',
  });
  /** A Rest.li GET; `query` is already encoded (List(…) keeps its parentheses). */
  const read = async <S extends z.ZodType>(path: string, query: string, accessToken: string, schema: S, what: string) => {
    const response = await platformFetch(linkedInReadApi, url(`${path}${query}`), { headers: headersFor(accessToken) });
    return readJson(linkedInReadApi, response, schema, what);
  };

  /** An organization's post: everything LinkedIn counts, from its share statistics. */
  async function organizationPostMetrics(organizationUrn: string, postUrn: string, accessToken: string) {
    const posts = postUrn.startsWith('urn:li:ugcPost:') ? 'ugcPosts' : 'shares';
    const query =
      `?q=organizationalEntity&organizationalEntity=${encodeURIComponent(organizationUrn)}` +
      `&${posts}=List(${encodeURIComponent(postUrn)})`;
    const { elements } = await read(
      '/rest/organizationalEntityShareStatistics',
      query,
      accessToken,
      ShareStatisticsSchema,
      'share statistics',
    );
    const stats = elements[0]?.totalShareStatistics;
    const none = 'LinkedIn has no statistics for this post (it keeps them for the last 12 months)';
    return readingOf(
      'LINKEDIN',
      {
        impressions: stats?.impressionCount,
        clicks: stats?.clickCount,
        likes: stats?.likeCount,
        replies: stats?.commentCount,
        reposts: stats?.shareCount,
      },
      { impressions: none, clicks: none, likes: none, replies: none, reposts: none },
    );
  }

  /** A member's post: its reactions and comments; LinkedIn counts the rest for organizations only. */
  async function memberPostMetrics(postUrn: string, accessToken: string) {
    const onlyOrganizations =
      "LinkedIn gives a member's post impressions, reshares and clicks only to apps with r_member_postAnalytics, which planrrr does not ask for";
    const elsewhere: Partial<Record<MetricName, string>> = {
      impressions: onlyOrganizations,
      reposts: onlyOrganizations,
      clicks: onlyOrganizations,
    };
    try {
      const metadata = await read(
        `/rest/socialMetadata/${encodeURIComponent(postUrn)}`,
        '',
        accessToken,
        SocialMetadataSchema,
        'social metadata',
      );
      const reactions = Object.values(metadata.reactionSummaries).reduce((sum, reaction) => sum + reaction.count, 0);
      return readingOf('LINKEDIN', { likes: reactions, replies: metadata.commentSummary.count }, elsewhere);
    } catch (error) {
      if (!isRefusal(error)) throw error;
      const refused = `LinkedIn lets only approved partners read a member's reactions and comments (r_member_social): ${error.message}`;
      return readingOf('LINKEDIN', {}, { ...elsewhere, likes: refused, replies: refused });
    }
  }

  return {
    publishesTo: () => options.baseUrl,
    async fetchMetrics({ platformPostId, connection }) {
      const { authorUrn, accessToken } = LinkedInCredentialsSchema.parse(connection.credentials);
      try {
        const reading = isOrganization(authorUrn)
          ? await organizationPostMetrics(authorUrn, platformPostId, accessToken)
          : await memberPostMetrics(platformPostId, accessToken);
        return { kind: 'reading', ...reading };
      } catch (error) {
        if (error instanceof PublishError && (error.status === 404 || error.status === 410)) return { kind: 'deleted' };
        throw error;
      }
    },

    async fetchFollowers(connection) {
      const { authorUrn, accessToken } = LinkedInCredentialsSchema.parse(connection.credentials);
      try {
        if (isOrganization(authorUrn)) {
          const path = `/rest/networkSizes/${encodeURIComponent(authorUrn)}`;
          const size = await read(path, '?edgeType=COMPANY_FOLLOWED_BY_MEMBER', accessToken, NetworkSizeSchema, 'network size');
          return { followers: size.firstDegreeSize };
        }
        const { elements } = await read('/rest/memberFollowersCount', '?q=me', accessToken, MemberFollowersSchema, 'follower count');
        const followers = elements[0]?.memberFollowersCount;
        return followers === undefined
          ? { followers: null, missingReason: 'LinkedIn gave no follower count for this member' }
          : { followers };
      } catch (error) {
        if (!isRefusal(error)) throw error;
        const permission = isOrganization(authorUrn) ? 'rw_organization_admin' : 'r_member_profileAnalytics';
        return { followers: null, missingReason: `LinkedIn refused the follower count (it needs ${permission}): ${error.message}` };
      }
    },

    // https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api#create-comment
    async comment({ content, connection, post }) {
      const { authorUrn, accessToken } = LinkedInCredentialsSchema.parse(connection.credentials);
      const response = await platformFetch(linkedInApi, url(`/rest/socialActions/${encodeURIComponent(post.platformPostId)}/comments`), {
        method: 'POST',
        headers: headersFor(accessToken),
        body: JSON.stringify({ actor: authorUrn, object: post.platformPostId, message: { text: content } }),
      });
      const commentUrn = response.headers.get('x-restli-id');
      if (!commentUrn) throw new PublishError('INVALID_RESPONSE', 'LinkedIn created the comment but sent no x-restli-id');
      return {
        platformPostId: commentUrn,
        url: `https://www.linkedin.com/feed/update/${post.platformPostId}/?commentUrn=${encodeURIComponent(commentUrn)}`,
      };
    },

    async publish({ content, media, options: targetOptions, connection }) {
      const { authorUrn, accessToken } = LinkedInCredentialsSchema.parse(connection.credentials);
      const postOptions = TARGET_OPTION_SCHEMAS.LINKEDIN.safeParse(targetOptions ?? {}).data ?? {};
      const auth = { Authorization: `Bearer ${accessToken}` };
      const restHeaders = headersFor(accessToken);

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

      const uploadDocument = async (item: PublishMedia): Promise<string> => {
        const init = await platformFetch(linkedInApi, url('/rest/documents?action=initializeUpload'), {
          method: 'POST',
          headers: restHeaders,
          body: JSON.stringify({ initializeUploadRequest: { owner: authorUrn } }),
        });
        const { value } = await readJson(linkedInApi, init, InitializeDocumentSchema, 'document upload');
        await platformFetch(
          linkedInApi,
          value.uploadUrl,
          { method: 'PUT', headers: { ...auth, 'Content-Type': item.mimeType }, body: new Uint8Array(await item.read()) },
          PLATFORM_UPLOAD_TIMEOUT_MS,
        );
        return value.document;
      };

      if (media.length > 1 && media.some((item) => item.kind !== 'image')) {
        throw new PublishError('CONTENT_REJECTED', 'A LinkedIn post carries either images, one video or one PDF document');
      }
      /** the post's content: its images, its video, or its document with a title (the file's name unless the options give one) */
      const postContentOf = async () => {
        const document = media.find((item) => item.kind === 'document');
        if (document) {
          const title = postOptions.documentTitle ?? (document.fileName.replace(/\.pdf$/i, '') || 'Document');
          return { media: { title, id: await uploadDocument(document) } };
        }
        const uploaded: Array<{ id: string; altText?: string }> = [];
        for (const item of media) {
          const id = item.kind === 'video' ? await uploadVideo(item) : await uploadImage(item);
          uploaded.push({ id, ...(item.altText ? { altText: item.altText } : {}) });
        }
        return uploaded.length === 0 ? undefined : uploaded.length === 1 ? { media: uploaded[0] } : { multiImage: { images: uploaded } };
      };
      const postContent = await postContentOf();

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

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) =>
  createLinkedInPublisher({ baseUrl: config.LINKEDIN_API_BASE_URL, apiVersion: config.LINKEDIN_API_VERSION });
