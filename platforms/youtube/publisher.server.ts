// YouTube through the Data API v3: a video upload with the resumable protocol. The account's
// options (domain/target-options.ts) give the title, description, tags, category, privacy,
// made-for-kids and Shorts; without them the post's first line becomes the title (YouTube
// allows 100 characters), the rest the description, and the connection's privacy applies.
// 1. POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status with the
//    metadata opens an upload session and answers its URL in Location;
// 2. PUT the bytes to that URL; the answer is the video resource;
// 3. with a thumbnail option, POST its bytes to thumbnails.set. The video is out by then: a
//    refused thumbnail is told in the answer's notice, never retried by uploading again.
// https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
// https://developers.google.com/youtube/v3/docs/thumbnails/set
// Metrics: videos.list part=statistics (viewCount, likeCount, commentCount; one quota unit);
// followers: channels.list part=statistics (subscriberCount, unless hiddenSubscriberCount).
// Both need youtube.readonly, which the connect flow asks for.
// https://developers.google.com/youtube/v3/docs/videos#statistics
// https://developers.google.com/youtube/v3/docs/channels#statistics
import { z } from 'zod';
import { youtubeTitleAndDescription } from '.';
import { nothingRead, readingOf } from '../../domain/platform-metrics';
import { TARGET_OPTION_SCHEMAS, type TargetOptionsOf } from '../../domain/target-options';
import { YOUTUBE_TITLE_MAX } from './options';
import { parseRetryAfter, PublishError, publishErrorFromResponse } from '../../lib/platforms/errors';
import { platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';
import {
  PLATFORM_UPLOAD_TIMEOUT_MS,
  type PublishedPost,
  type Publisher,
  type PublishMedia,
  type PublisherFactory,
} from '../../activities/publishers/publisher';

export const YouTubeCredentialsSchema = z.object({
  channelId: z.string().min(1),
  accessToken: z.string().min(1),
  /** a connection setting: who may watch uploads (default public) */
  privacyStatus: z.enum(['public', 'unlisted', 'private']).default('public'),
});

const VideoSchema = z.object({ id: z.string() });
/** counts come as decimal strings (they may pass 2^53) */
const CountSchema = z
  .string()
  .regex(/^\d+$/)
  .transform((count) => Number(count));
// an id that is no (longer a) video is simply left out of items
const VideoStatisticsSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      statistics: z.object({ viewCount: CountSchema.optional(), likeCount: CountSchema.optional(), commentCount: CountSchema.optional() }),
    }),
  ),
});
const ChannelStatisticsSchema = z.object({
  items: z
    .array(
      z.object({ id: z.string(), statistics: z.object({ subscriberCount: CountSchema.optional(), hiddenSubscriberCount: z.boolean() }) }),
    )
    .default([]),
});
const GoogleErrorSchema = z.object({
  error: z.object({ code: z.number(), message: z.string(), errors: z.array(z.object({ reason: z.string() })).optional() }),
});

/** Reasons YouTube answers 403 with that mean "slow down", not "not allowed". */
const QUOTA_REASONS = new Set(['quotaExceeded', 'rateLimitExceeded', 'userRateLimitExceeded', 'uploadLimitExceeded']);

function youtubeError(response: Pick<Response, 'status' | 'headers'>, body: string): PublishError {
  let parsed: z.infer<typeof GoogleErrorSchema> | undefined;
  try {
    parsed = GoogleErrorSchema.parse(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  const reasons = parsed?.error.errors?.map((error) => error.reason) ?? [];
  const detail = parsed ? `${parsed.error.message}${reasons.length ? ` (${reasons.join(', ')})` : ''}` : body.slice(0, 200);
  if (reasons.some((reason) => QUOTA_REASONS.has(reason))) {
    return new PublishError(
      'RATE_LIMITED',
      `YouTube answered ${response.status}: ${detail}`,
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  return publishErrorFromResponse('YouTube', response.status, response.headers, detail);
}

const youtubeApi: PlatformApi = {
  name: 'YouTube',
  // youtubeError reads the whole body: a quota reason decides before the status does
  errorDetail: (body) => body,
  classify: (status, body, headers) => youtubeError({ status, headers }, body),
};

export function youtubeVideoUrl(id: string): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`;
}

/** A 403 that is no quota: the token lacks youtube.readonly. Said in the reading; it needs no reconnect to publish. */
function isRefusal(error: unknown): error is PublishError {
  return error instanceof PublishError && error.kind === 'AUTH_FAILED' && error.status === 403;
}

const CommentThreadSchema = z.object({ id: z.string() });
const ThumbnailSetSchema = z.object({ items: z.array(z.unknown()) });

/** The metadata of videos.insert: https://developers.google.com/youtube/v3/docs/videos#resource */
function videoResource(content: string, options: TargetOptionsOf<'YOUTUBE'>, connectionPrivacy: string) {
  const { title, description } = youtubeTitleAndDescription(content, options);
  return {
    // a post that skipped the rules (an evergreen copy) still publishes, its title cut to fit
    snippet: {
      title: [...title].slice(0, YOUTUBE_TITLE_MAX).join(''),
      description,
      ...(options.tags?.length ? { tags: options.tags } : {}),
      ...(options.categoryId ? { categoryId: options.categoryId } : {}),
    },
    status: {
      privacyStatus: options.privacy ?? connectionPrivacy,
      ...(options.madeForKids !== undefined ? { selfDeclaredMadeForKids: options.madeForKids } : {}),
    },
  };
}

export function createYouTubePublisher(options: { baseUrl: string }): Publisher {
  const read = async <S extends z.ZodType>(path: string, query: Record<string, string>, accessToken: string, schema: S, what: string) => {
    const url = new URL(path, options.baseUrl);
    url.search = new URLSearchParams(query).toString();
    const response = await platformFetch(youtubeApi, url, { headers: { Authorization: `Bearer ${accessToken}` } });
    return readJson(youtubeApi, response, schema, what);
  };

  /** Sets an uploaded video's thumbnail; what went wrong, in words, or undefined once it is set. */
  async function setThumbnail(videoId: string, image: PublishMedia | undefined, accessToken: string): Promise<string | undefined> {
    const failed = (reason: string) => `The video is published, but its thumbnail was not set: ${reason}`;
    if (!image) return failed('the thumbnail image is no longer in the media library');
    const url = new URL('/upload/youtube/v3/thumbnails/set', options.baseUrl);
    url.searchParams.set('videoId', videoId);
    try {
      const response = await platformFetch(
        youtubeApi,
        url,
        {
          method: 'POST',
          headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': image.mimeType },
          body: new Uint8Array(await image.read()),
        },
        PLATFORM_UPLOAD_TIMEOUT_MS,
      );
      await readJson(youtubeApi, response, ThumbnailSetSchema, 'thumbnail answer');
      return undefined;
    } catch (error) {
      return failed(error instanceof Error ? error.message : String(error));
    }
  }

  return {
    publishesTo: () => options.baseUrl,
    async publish({ content, media, options: targetOptions, optionMedia, connection }): Promise<PublishedPost> {
      const { accessToken, privacyStatus } = YouTubeCredentialsSchema.parse(connection.credentials);
      // scheduling checks them; a post made without that check (an operator's edit) fails here, in words
      const parsed = TARGET_OPTION_SCHEMAS.YOUTUBE.safeParse(targetOptions ?? {});
      if (!parsed.success)
        throw new PublishError(
          'CONTENT_REJECTED',
          `The YouTube options are invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
        );
      const videoOptions = parsed.data;
      const videos = media.filter((item) => item.kind === 'video');
      if (videos.length !== 1 || media.length !== 1)
        throw new PublishError('CONTENT_REJECTED', 'A YouTube post needs exactly one video and nothing else');
      const video = videos[0]!;
      const bytes = new Uint8Array(await video.read());

      const start = new URL('/upload/youtube/v3/videos', options.baseUrl);
      start.search = new URLSearchParams({ uploadType: 'resumable', part: 'snippet,status' }).toString();
      const session = await platformFetch(youtubeApi, start, {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${accessToken}`,
          'Content-Type': 'application/json; charset=UTF-8',
          'X-Upload-Content-Length': String(bytes.length),
          'X-Upload-Content-Type': video.mimeType,
        },
        body: JSON.stringify(videoResource(content, videoOptions, privacyStatus)),
      });
      const location = session.headers.get('location');
      if (!location) throw new PublishError('INVALID_RESPONSE', 'YouTube opened an upload session without a Location');

      const uploaded = await platformFetch(
        youtubeApi,
        new URL(location, options.baseUrl),
        { method: 'PUT', headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': video.mimeType }, body: bytes },
        PLATFORM_UPLOAD_TIMEOUT_MS,
      );
      const { id } = await readJson(youtubeApi, uploaded, VideoSchema, 'video shape');
      const published = { platformPostId: id, url: youtubeVideoUrl(id) };
      if (videoOptions.thumbnailMediaId === undefined) return published;
      const notice = await setThumbnail(id, optionMedia?.get(videoOptions.thumbnailMediaId), accessToken);
      return notice ? { ...published, notice } : published;
    },

    // https://developers.google.com/youtube/v3/docs/commentThreads/insert
    async comment({ content, connection, post }) {
      const { accessToken } = YouTubeCredentialsSchema.parse(connection.credentials);
      const insert = new URL('/youtube/v3/commentThreads', options.baseUrl);
      insert.searchParams.set('part', 'snippet');
      const response = await platformFetch(youtubeApi, insert, {
        method: 'POST',
        headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json; charset=UTF-8' },
        body: JSON.stringify({ snippet: { videoId: post.platformPostId, topLevelComment: { snippet: { textOriginal: content } } } }),
      });
      const { id } = await readJson(youtubeApi, response, CommentThreadSchema, 'comment thread shape');
      return { platformPostId: id, url: `${youtubeVideoUrl(post.platformPostId)}&lc=${encodeURIComponent(id)}` };
    },

    async fetchMetrics({ platformPostId, connection }) {
      const { accessToken } = YouTubeCredentialsSchema.parse(connection.credentials);
      let answer: z.infer<typeof VideoStatisticsSchema>;
      try {
        answer = await read(
          '/youtube/v3/videos',
          { part: 'statistics', id: platformPostId },
          accessToken,
          VideoStatisticsSchema,
          'video list',
        );
      } catch (error) {
        if (!isRefusal(error)) throw error;
        return {
          kind: 'reading',
          ...nothingRead('YOUTUBE', `YouTube refused the video's statistics (they need youtube.readonly): ${error.message}`),
        };
      }
      const video = answer.items.find((item) => item.id === platformPostId);
      if (!video) return { kind: 'deleted' };
      const { viewCount, likeCount, commentCount } = video.statistics;
      return {
        kind: 'reading',
        ...readingOf(
          'YOUTUBE',
          { views: viewCount, likes: likeCount, replies: commentCount },
          {
            likes: 'The channel hides the likes of this video',
            replies: 'Comments are turned off for this video',
            impressions: 'YouTube gives impressions only in YouTube Analytics, which planrrr does not read',
          },
        ),
      };
    },

    async fetchFollowers(connection) {
      const { accessToken, channelId } = YouTubeCredentialsSchema.parse(connection.credentials);
      let answer: z.infer<typeof ChannelStatisticsSchema>;
      try {
        answer = await read(
          '/youtube/v3/channels',
          { part: 'statistics', id: channelId },
          accessToken,
          ChannelStatisticsSchema,
          'channel list',
        );
      } catch (error) {
        if (!isRefusal(error)) throw error;
        return { followers: null, missingReason: `YouTube refused the channel's statistics: ${error.message}` };
      }
      const channel = answer.items.find((item) => item.id === channelId);
      if (!channel) return { followers: null, missingReason: `YouTube found no channel ${channelId}` };
      const { subscriberCount, hiddenSubscriberCount } = channel.statistics;
      if (hiddenSubscriberCount || subscriberCount === undefined) {
        return { followers: null, missingReason: 'The channel hides its subscriber count' };
      }
      // public subscriber counts are rounded down to three significant figures
      return { followers: subscriberCount };
    },
  };
}

/** The worker's publisher for this platform, from planrrr's config (platforms/publishers.server.ts). */
export const publisherFromConfig: PublisherFactory = ({ config }) => createYouTubePublisher({ baseUrl: config.YOUTUBE_API_BASE_URL });
