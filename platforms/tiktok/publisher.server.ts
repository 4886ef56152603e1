// TikTok through the Content Posting API, as the creator who connected, in one of two modes
// (the account's options, domain/target-options.ts):
// - direct: creator_info first (the privacy levels the creator allows, whether they turned
//   comments, duets or stitches off, their longest video), then video/init with post_info
//   and a FILE_UPLOAD source, the bytes in chunks to the upload_url, then status/fetch until
//   PUBLISH_COMPLETE (the public post's id) or FAILED (its fail_reason);
// - inbox: inbox/video/init and the same upload; the creator gets a notification and
//   finishes the post in the TikTok app, so the post has no link (the post page says where
//   it went).
// A video's bytes are uploaded rather than pulled from a signed URL (PULL_FROM_URL) because
// TikTok pulls only from URL prefixes the app verified it owns, which a self-hosted planrrr
// may not have. Photo posts (content/init, media_type PHOTO) can only be pulled: they need
// PUBLIC_URL verified in the TikTok app.
// Metrics: a post's view, like, comment and share counts (POST /v2/video/query/, video.list);
// followers: the user's follower_count (/v2/user/info/, user.info.stats).
// https://developers.tiktok.com/doc/tiktok-api-v2-video-query
// https://developers.tiktok.com/doc/content-posting-api-reference-direct-post
// https://developers.tiktok.com/doc/content-posting-api-reference-upload-video
// https://developers.tiktok.com/doc/content-posting-api-reference-get-video-status
// https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide
// https://developers.tiktok.com/doc/content-posting-api-reference-photo-post
import { z } from 'zod';
import { nothingRead, readingOf } from '../../domain/platform-metrics';
import { parseTargetOptions, targetOptionProblems } from '../../domain/target-options';
import { PublishError } from '../../lib/platforms/errors';
import { createTikTokClient } from './api.server';
import { sleep } from '../../activities/publishers/media-upload';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type PublishedPost,
  type Publisher,
  type PublishMedia,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const TikTokCredentialsSchema = z.object({ openId: z.string().min(1), accessToken: z.string().min(1) });

const CreatorInfoSchema = z.object({
  data: z.object({
    creator_username: z.string().min(1),
    privacy_level_options: z.array(z.string()),
    comment_disabled: z.boolean().optional(),
    duet_disabled: z.boolean().optional(),
    stitch_disabled: z.boolean().optional(),
    max_video_post_duration_sec: z.number().int().positive().optional(),
  }),
});
const InitSchema = z.object({ data: z.object({ publish_id: z.string().min(1), upload_url: z.string().min(1) }) });
const PhotoInitSchema = z.object({ data: z.object({ publish_id: z.string().min(1) }) });
const StatusSchema = z.object({
  data: z.object({
    status: z.string(),
    fail_reason: z.string().optional(),
    // sic: TikTok's spelling; the public post's id, once moderated (absent for a SELF_ONLY post)
    publicaly_available_post_id: z.array(z.union([z.number(), z.string()])).optional(),
  }),
});

const VideoQuerySchema = z.object({
  data: z.object({
    videos: z.array(
      z.object({
        id: z.string(),
        view_count: z.number().nonnegative().optional(),
        like_count: z.number().nonnegative().optional(),
        comment_count: z.number().nonnegative().optional(),
        share_count: z.number().nonnegative().optional(),
      }),
    ),
  }),
});
const FollowersSchema = z.object({ data: z.object({ user: z.object({ follower_count: z.number().int().nonnegative().optional() }) }) });

const MB = 1024 * 1024;
/** Long enough for TikTok to pull the photos, short enough to be useless later. */
const MEDIA_URL_LIFETIME_SECONDS = 60 * 60;
/** A video of up to 64 MB goes in one chunk; a longer one in chunks of 10 MB (TikTok takes 5-64 MB), the last with the rest. */
const SINGLE_CHUNK_MAX_BYTES = 64 * MB;
const CHUNK_BYTES = 10 * MB;

/** fail_reasons that mean TikTok itself failed, so trying again may work (nothing was posted). */
const RETRYABLE_FAIL_REASONS = new Set(['internal']);

export interface TikTokPublisherOptions {
  baseUrl: string;
  /** how often a direct post's status is read */
  pollIntervalMs?: number;
  /** how long a direct post may process before the publish answers without its link; within the activity's 2 minutes */
  maxProcessingWaitMs?: number;
}

/** source_info for a FILE_UPLOAD of this many bytes, and where each chunk starts. */
export function chunkPlan(size: number): { chunkSize: number; starts: number[] } {
  if (size <= SINGLE_CHUNK_MAX_BYTES) return { chunkSize: size, starts: [0] };
  const count = Math.floor(size / CHUNK_BYTES);
  return { chunkSize: CHUNK_BYTES, starts: Array.from({ length: count }, (_, index) => index * CHUNK_BYTES) };
}

export function createTikTokPublisher(options: TikTokPublisherOptions): Publisher {
  const pollIntervalMs = options.pollIntervalMs ?? 3_000;
  const maxProcessingWaitMs = options.maxProcessingWaitMs ?? 60_000;

  async function upload(client: ReturnType<typeof createTikTokClient>, path: string, postInfo: object | undefined, video: PublishMedia) {
    const bytes = await video.read();
    const { chunkSize, starts } = chunkPlan(bytes.length);
    const init = await client.post(
      path,
      {
        ...(postInfo ? { post_info: postInfo } : {}),
        source_info: { source: 'FILE_UPLOAD', video_size: bytes.length, chunk_size: chunkSize, total_chunk_count: starts.length },
      },
      InitSchema,
      'upload',
    );
    for (const [index, first] of starts.entries()) {
      const end = index === starts.length - 1 ? bytes.length : first + chunkSize;
      await client.upload(
        init.data.upload_url,
        bytes.subarray(first, end),
        { first, total: bytes.length },
        video.mimeType,
        PLATFORM_UPLOAD_TIMEOUT_MS,
      );
    }
    return init.data.publish_id;
  }

  /** A photo post of the images, pulled by TikTok from their signed public URLs; the first is the cover. */
  async function initPhotos(
    client: ReturnType<typeof createTikTokClient>,
    postMode: 'DIRECT_POST' | 'MEDIA_UPLOAD',
    postInfo: object,
    photos: readonly PublishMedia[],
  ) {
    const urls = photos.map((photo) => {
      if (!photo.publicUrl) throw new PublishError('INTERNAL', 'TikTok needs a public URL for each photo, and none was provided');
      return photo.publicUrl(MEDIA_URL_LIFETIME_SECONDS);
    });
    const init = await client.post(
      'post/publish/content/init/',
      {
        post_info: postInfo,
        source_info: { source: 'PULL_FROM_URL', photo_cover_index: 0, photo_images: urls },
        post_mode: postMode,
        media_type: 'PHOTO',
      },
      PhotoInitSchema,
      'photo post',
    );
    return init.data.publish_id;
  }

  const clientOf = (credentials: Record<string, unknown>) =>
    createTikTokClient(options.baseUrl, TikTokCredentialsSchema.parse(credentials).accessToken);

  return {
    publishesTo: () => options.baseUrl,
    async fetchMetrics({ platformPostId, connection }) {
      // a publish id (an inbox upload, or a post TikTok gave no public id) names no video to read
      if (!/^\d+$/.test(platformPostId))
        return {
          kind: 'reading',
          ...nothingRead('TIKTOK', 'TikTok gave no public video for this post (an inbox upload finished in the app, or a private post)'),
        };
      const answer = await clientOf(connection.credentials).post(
        `video/query/?${new URLSearchParams({ fields: 'id,view_count,like_count,comment_count,share_count' })}`,
        { filters: { video_ids: [platformPostId] } },
        VideoQuerySchema,
        'video query',
      );
      // a video the creator deleted (or made private) is left out
      const video = answer.data.videos.find((candidate) => candidate.id === platformPostId);
      if (!video) return { kind: 'deleted' };
      return {
        kind: 'reading',
        ...readingOf(
          'TIKTOK',
          { views: video.view_count, likes: video.like_count, replies: video.comment_count, reposts: video.share_count },
          {},
        ),
      };
    },

    async fetchFollowers(connection) {
      const answer = await clientOf(connection.credentials).get('user/info/', { fields: 'follower_count' }, FollowersSchema, 'user');
      const followers = answer.data.user.follower_count;
      return followers === undefined ? { followers: null, missingReason: 'TikTok gave no follower count for this account' } : { followers };
    },

    async publish({ content, media, options: targetOptions, connection }): Promise<PublishedPost> {
      const problems = targetOptionProblems('TIKTOK', targetOptions);
      // scheduling checks them; a post made without (an evergreen copy) fails here, in words
      if (problems.length > 0)
        throw new PublishError(
          'CONTENT_REJECTED',
          `A TikTok post needs the account's options: ${problems.map((p) => p.message).join('; ')}`,
        );
      const tiktok = parseTargetOptions('TIKTOK', targetOptions);
      const video = media[0];
      const photoPost = media.length > 0 && media.every((item) => item.kind === 'image');
      if (!video || (!photoPost && (video.kind !== 'video' || media.length > 1)))
        throw new PublishError('CONTENT_REJECTED', 'A TikTok post is one video, or photos');
      const client = clientOf(connection.credentials);

      if (tiktok.mode === 'inbox') {
        const publishId = photoPost
          ? await initPhotos(client, 'MEDIA_UPLOAD', { description: content }, media)
          : await upload(client, 'post/publish/inbox/video/init/', undefined, video);
        return { platformPostId: publishId, url: '' };
      }

      const creator = (await client.post('post/publish/creator_info/query/', {}, CreatorInfoSchema, 'creator info')).data;
      if (!creator.privacy_level_options.includes(tiktok.privacyLevel!)) {
        throw new PublishError(
          'CONTENT_REJECTED',
          `This TikTok account does not allow the privacy level ${tiktok.privacyLevel}: it allows ${creator.privacy_level_options.join(', ')}`,
        );
      }
      // what the creator turned off in the app stays off, as TikTok requires
      const disableComment = Boolean(tiktok.disableComment || creator.comment_disabled);
      const publishId = photoPost
        ? await initPhotos(
            client,
            'DIRECT_POST',
            // a photo post's text is its description (its title is a separate, short heading)
            { description: content, privacy_level: tiktok.privacyLevel, disable_comment: disableComment, auto_add_music: true },
            media,
          )
        : await upload(
            client,
            'post/publish/video/init/',
            {
              title: content,
              privacy_level: tiktok.privacyLevel,
              disable_comment: disableComment,
              disable_duet: Boolean(tiktok.disableDuet || creator.duet_disabled),
              disable_stitch: Boolean(tiktok.disableStitch || creator.stitch_disabled),
            },
            video,
          );
      const kind = photoPost ? 'photo' : 'video';

      // The post is TikTok's now: a retry would post it again. So reading the status can
      // only end the publish, with the post's link when TikTok gives one in time.
      const unlinked = { platformPostId: publishId, url: '' };
      const deadline = Date.now() + maxProcessingWaitMs;
      for (;;) {
        let status: z.infer<typeof StatusSchema>['data'];
        try {
          status = (await client.post('post/publish/status/fetch/', { publish_id: publishId }, StatusSchema, 'publish status')).data;
        } catch {
          return unlinked;
        }
        if (status.status === 'PUBLISH_COMPLETE') {
          const postId = status.publicaly_available_post_id?.[0];
          return postId === undefined
            ? unlinked
            : { platformPostId: String(postId), url: `https://www.tiktok.com/@${creator.creator_username}/${kind}/${postId}` };
        }
        if (status.status === 'FAILED') {
          const reason = status.fail_reason ?? 'no reason given';
          const longest =
            reason === 'duration_check_failed' && creator.max_video_post_duration_sec
              ? ` (this account may post videos of up to ${creator.max_video_post_duration_sec} s)`
              : '';
          if (reason === 'auth_removed') throw new PublishError('AUTH_FAILED', "TikTok: the creator removed planrrr's access");
          throw new PublishError(
            RETRYABLE_FAIL_REASONS.has(reason) ? 'PLATFORM_UNAVAILABLE' : 'CONTENT_REJECTED',
            `TikTok could not publish the ${photoPost ? 'photos' : 'video'}: ${reason}${longest}`,
          );
        }
        if (Date.now() + pollIntervalMs > deadline) return unlinked;
        await sleep(pollIntervalMs);
      }
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createTikTokPublisher({ baseUrl: config.TIKTOK_API_BASE_URL });
