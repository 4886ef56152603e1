// YouTube through the Data API v3: a video upload with the resumable protocol. The post's
// first line becomes the title (YouTube allows 100 characters), the rest the description.
// 1. POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status with the
//    metadata opens an upload session and answers its URL in Location;
// 2. PUT the bytes to that URL; the answer is the video resource.
// https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
import { z } from 'zod';
import { parseRetryAfter, PublishError, publishErrorFromResponse } from '../../lib/platforms/errors';
import { platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';
import { PLATFORM_UPLOAD_TIMEOUT_MS, type PublishedPost, type Publisher } from './publisher';

export const YouTubeCredentialsSchema = z.object({
  channelId: z.string().min(1),
  accessToken: z.string().min(1),
  /** a connection setting: who may watch uploads (default public) */
  privacyStatus: z.enum(['public', 'unlisted', 'private']).default('public'),
});

const VideoSchema = z.object({ id: z.string() });
const GoogleErrorSchema = z.object({
  error: z.object({ code: z.number(), message: z.string(), errors: z.array(z.object({ reason: z.string() })).optional() }),
});

export const YOUTUBE_TITLE_MAX = 100;

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

export function titleAndDescription(content: string): { title: string; description: string } {
  const [firstLine = '', ...rest] = content.trim().split('\n');
  return { title: firstLine.trim().slice(0, YOUTUBE_TITLE_MAX), description: rest.join('\n').trim() };
}

export function youtubeVideoUrl(id: string): string {
  return `https://www.youtube.com/watch?v=${encodeURIComponent(id)}`;
}

export function createYouTubePublisher(options: { baseUrl: string }): Publisher {
  return {
    async publish({ content, media, connection }): Promise<PublishedPost> {
      const { accessToken, privacyStatus } = YouTubeCredentialsSchema.parse(connection.credentials);
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
        body: JSON.stringify({ snippet: titleAndDescription(content), status: { privacyStatus } }),
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
      return { platformPostId: id, url: youtubeVideoUrl(id) };
    },
  };
}
