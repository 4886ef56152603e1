// A contract fake of the YouTube Data API v3 resumable upload, as a real local HTTP
// server: POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status opens a
// session (checking the token, the parts, a title of 1 to 100 characters and a description
// of up to 5,000 bytes, neither with < or >, tags of 500 characters together, an assignable
// category id, a valid privacy status, a boolean selfDeclaredMadeForKids and the announced
// upload type) and answers its URL in Location; PUT to that URL with the bytes creates the
// video. A PUT without an open session is refused. thumbnails.set takes a JPEG or PNG of up
// to 2 MB for one of the token's videos (403 where the channel may not set custom thumbnails).
// https://developers.google.com/youtube/v3/docs/videos/insert
// https://developers.google.com/youtube/v3/docs/thumbnails/set
// Reads: videos.list part=statistics (counts that grow with time, as decimal strings; a
// deleted video is left out of items) and channels.list part=statistics (subscribers, unless
// the channel hides them), each one unit of the project's daily quota: a spent quota answers
// 403 quotaExceeded, as YouTube does.
// https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
// https://developers.google.com/youtube/v3/docs/videos/list, https://developers.google.com/youtube/v3/docs/channels/list
import express from 'express';
import type { Server } from 'node:http';
import { close, engagementSince, followersSince, listen, playFailure, readRawBody, ReadBudget, type ScriptedFailure } from './http';

/** videoCategories.list (regionCode US): the ids with assignable: true */
const ASSIGNABLE_CATEGORIES = new Set(['1', '2', '10', '15', '17', '19', '20', '22', '23', '24', '25', '26', '27', '28', '29']);
const THUMBNAIL_MAX_BYTES = 2 * 1024 * 1024;

interface VideoSnippet {
  title: string;
  description: string;
  tags?: string[];
  categoryId?: string;
}

export interface FakeYouTubeVideo extends VideoSnippet {
  id: string;
  privacyStatus: string;
  selfDeclaredMadeForKids?: boolean;
  thumbnail?: { contentType: string; bytes: Buffer };
  contentType: string;
  bytes: Buffer;
  accessToken: string;
  publishedAt: number;
}

interface UploadSession {
  id: string;
  accessToken: string;
  snippet: VideoSnippet;
  privacyStatus: string;
  selfDeclaredMadeForKids?: boolean;
  contentType: string;
  contentLength?: number;
}

const PATH = '/upload/youtube/v3/videos';

function googleError(code: number, message: string, reason: string) {
  return { error: { code, message, errors: [{ message, domain: 'youtube.video', reason }] } };
}

export class FakeYouTube {
  readonly validTokens = new Set<string>(['yt-token']);
  readonly videos: FakeYouTubeVideo[] = [];
  /** top-level comments made through commentThreads.insert */
  readonly comments: Array<{ id: string; videoId: string; text: string; token: string }> = [];
  /** channel id → whether it hides its subscriber count */
  readonly channels = new Map<string, { hiddenSubscriberCount: boolean }>([['UC1', { hiddenSubscriberCount: false }]]);
  /** videos deleted on YouTube: videos.list leaves them out */
  readonly deletedVideoIds = new Set<string>();
  /** videos whose owner turned comments off or hid the likes */
  readonly commentsOff = new Set<string>();
  /** tokens whose channel may not set custom thumbnails (an unverified channel) */
  readonly thumbnailsRefused = new Set<string>();
  /** list calls per token and day (the project's quota is 10,000 units a day; a list costs one) */
  readonly readBudget = new ReadBudget(10_000, 24 * 3_600_000);
  private readonly startedAt = Date.now();
  /** every request, including failures: method and whether it opened or finished an upload */
  readonly requests: string[] = [];
  private readonly sessions = new Map<string, UploadSession>();
  private readonly failures: ScriptedFailure[] = [];
  private server?: Server;
  private nextId = 0;
  url = '';

  /** The next requests (session starts and uploads, in order) answer these instead. */
  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  async start(): Promise<this> {
    const app = express();

    const authenticate = (req: express.Request, res: express.Response): string | undefined => {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || !this.validTokens.has(token)) {
        res.status(401).json(googleError(401, 'Request had invalid authentication credentials.', 'authError'));
        return undefined;
      }
      return token;
    };

    app.post(PATH, express.json(), async (req, res) => {
      this.requests.push('POST start');
      if (await playFailure(this.failures, res, (status) => googleError(status, `scripted ${status}`, 'backendError'))) return;
      const token = authenticate(req, res);
      if (!token) return;
      if (req.query.uploadType !== 'resumable')
        return void res.status(400).json(googleError(400, 'uploadType must be resumable', 'invalidUploadType'));
      const parts = String(req.query.part ?? '').split(',');
      if (!parts.includes('snippet') || !parts.includes('status'))
        return void res.status(400).json(googleError(400, 'part must name snippet and status', 'invalidPart'));
      const invalid = (message: string, reason: string) => void res.status(400).json(googleError(400, message, reason));
      const title: unknown = req.body?.snippet?.title;
      if (typeof title !== 'string' || title.length === 0)
        return invalid('The request metadata does not specify a video title.', 'invalidTitle');
      if ([...title].length > 100 || /[<>]/.test(title))
        return invalid('The request metadata specifies an invalid video title.', 'invalidTitle');
      const description: unknown = req.body?.snippet?.description ?? '';
      if (typeof description !== 'string' || Buffer.byteLength(description) > 5000 || /[<>]/.test(description))
        return invalid('The request metadata specifies an invalid video description.', 'invalidDescription');
      const tags: unknown = req.body?.snippet?.tags;
      if (tags !== undefined) {
        const valid = Array.isArray(tags) && tags.every((tag) => typeof tag === 'string' && tag.length > 0);
        // commas between tags count, and quotes around a tag with a space
        const total = valid
          ? tags.reduce((sum: number, tag: string) => sum + [...tag].length + (tag.includes(' ') ? 2 : 0), tags.length - 1)
          : 0;
        if (!valid || total > 500) return invalid('The request metadata specifies invalid video keywords.', 'invalidTags');
      }
      const categoryId: unknown = req.body?.snippet?.categoryId;
      if (categoryId !== undefined && !ASSIGNABLE_CATEGORIES.has(String(categoryId)))
        return invalid('The video category specified in the request is invalid.', 'invalidCategoryId');
      const privacyStatus: unknown = req.body?.status?.privacyStatus ?? 'public';
      if (!['public', 'unlisted', 'private'].includes(String(privacyStatus)))
        return invalid('Invalid privacy status', 'invalidVideoMetadata');
      const madeForKids: unknown = req.body?.status?.selfDeclaredMadeForKids;
      if (madeForKids !== undefined && typeof madeForKids !== 'boolean')
        return invalid('selfDeclaredMadeForKids must be a boolean', 'invalidVideoMetadata');
      const contentType = req.header('x-upload-content-type') ?? '';
      if (!contentType.startsWith('video/'))
        return void res.status(400).json(googleError(400, 'X-Upload-Content-Type must be a video type', 'invalidContentType'));
      const session: UploadSession = {
        id: `session-${(this.nextId += 1)}`,
        accessToken: token,
        snippet: {
          title,
          description,
          ...(tags !== undefined && { tags: tags as string[] }),
          ...(categoryId !== undefined && { categoryId: String(categoryId) }),
        },
        privacyStatus: String(privacyStatus),
        ...(madeForKids !== undefined && { selfDeclaredMadeForKids: madeForKids }),
        contentType,
        contentLength: req.header('x-upload-content-length') ? Number(req.header('x-upload-content-length')) : undefined,
      };
      this.sessions.set(session.id, session);
      res.status(200).set('Location', `${this.url}${PATH}?uploadType=resumable&part=snippet,status&upload_id=${session.id}`).end();
    });

    app.put(PATH, async (req, res) => {
      this.requests.push('PUT upload');
      if (await playFailure(this.failures, res, (status) => googleError(status, `scripted ${status}`, 'backendError'))) return;
      const token = authenticate(req, res);
      if (!token) return;
      const session = this.sessions.get(String(req.query.upload_id ?? ''));
      if (!session || session.accessToken !== token)
        return void res.status(404).json(googleError(404, 'No such upload session', 'notFound'));
      const bytes = await readRawBody(req);
      if (session.contentLength !== undefined && bytes.length !== session.contentLength) {
        return void res
          .status(400)
          .json(googleError(400, `Expected ${session.contentLength} bytes, received ${bytes.length}`, 'badContent'));
      }
      this.sessions.delete(session.id);
      const video: FakeYouTubeVideo = {
        id: `vid${(this.nextId += 1)}`,
        ...session.snippet,
        privacyStatus: session.privacyStatus,
        ...(session.selfDeclaredMadeForKids !== undefined && { selfDeclaredMadeForKids: session.selfDeclaredMadeForKids }),
        contentType: req.header('content-type') ?? session.contentType,
        bytes,
        accessToken: token,
        publishedAt: Date.now(),
      };
      this.videos.push(video);
      res.status(200).json({
        kind: 'youtube#video',
        id: video.id,
        snippet: session.snippet,
        status: { uploadStatus: 'uploaded', privacyStatus: video.privacyStatus },
      });
    });

    app.post('/upload/youtube/v3/thumbnails/set', async (req, res) => {
      this.requests.push('POST thumbnail');
      if (await playFailure(this.failures, res, (status) => googleError(status, `scripted ${status}`, 'backendError'))) return;
      const token = authenticate(req, res);
      if (!token) return;
      const video = this.videos.find((candidate) => candidate.id === req.query.videoId && candidate.accessToken === token);
      if (!video)
        return void res.status(404).json(googleError(404, 'The video that you are trying to update cannot be found.', 'videoNotFound'));
      if (this.thumbnailsRefused.has(token))
        return void res
          .status(403)
          .json(
            googleError(403, "The authenticated user doesn't have permissions to upload and set custom video thumbnails.", 'forbidden'),
          );
      const contentType = req.header('content-type') ?? '';
      const bytes = await readRawBody(req);
      if (!['image/jpeg', 'image/png', 'application/octet-stream'].includes(contentType) || bytes.length === 0)
        return void res.status(400).json(googleError(400, 'The provided image content is invalid.', 'invalidImage'));
      if (bytes.length > THUMBNAIL_MAX_BYTES)
        return void res.status(413).json(googleError(413, 'The thumbnail image file is too large.', 'mediaBodyTooLarge'));
      video.thumbnail = { contentType, bytes };
      const url = `https://i.ytimg.com/vi/${video.id}/default.jpg`;
      res.json({ kind: 'youtube#thumbnailSetResponse', items: [{ default: { url, width: 120, height: 90 } }] });
    });

    /** Authenticates a list call and spends a quota unit; the token when it may go on. */
    const listCall = (req: express.Request, res: express.Response): string | undefined => {
      this.requests.push(`GET ${req.path}`);
      const token = authenticate(req, res);
      if (!token) return undefined;
      if (this.readBudget.spend(token) !== undefined) {
        const message = 'The request cannot be completed because you have exceeded your quota.';
        return void res
          .status(403)
          .json({ error: { code: 403, message, errors: [{ message, domain: 'youtube.quota', reason: 'quotaExceeded' }] } });
      }
      if (req.query.part !== 'statistics') return void res.status(400).json(googleError(400, 'part must be statistics', 'invalidPart'));
      return token;
    };

    // https://developers.google.com/youtube/v3/docs/commentThreads/insert
    app.post('/youtube/v3/commentThreads', express.json(), (req, res) => {
      const token = authenticate(req, res);
      if (!token) return;
      if (req.query.part !== 'snippet') return void res.status(400).json(googleError(400, 'part must be snippet', 'invalidPart'));
      const videoId: unknown = req.body?.snippet?.videoId;
      const text: unknown = req.body?.snippet?.topLevelComment?.snippet?.textOriginal;
      const video = this.videos.find((candidate) => candidate.id === videoId && !this.deletedVideoIds.has(candidate.id));
      if (!video)
        return void res
          .status(404)
          .json(googleError(404, 'The video identified by the videoId parameter could not be found.', 'videoNotFound'));
      if (this.commentsOff.has(video.id))
        return void res.status(403).json(googleError(403, 'The video has comments disabled.', 'commentsDisabled'));
      if (typeof text !== 'string' || text.length === 0 || text.length > 10_000)
        return void res.status(400).json(googleError(400, 'The comment text is empty or too long.', 'commentTextTooLong'));
      const comment = { id: `Ug${this.comments.length + 1}x${video.id}`, videoId: video.id, text, token };
      this.comments.push(comment);
      res.json({ kind: 'youtube#commentThread', id: comment.id, snippet: { videoId: video.id, topLevelComment: { id: comment.id } } });
    });

    app.get('/youtube/v3/videos', (req, res) => {
      if (!listCall(req, res)) return;
      const ids = String(req.query.id ?? '').split(',');
      const items = this.videos
        .filter((video) => ids.includes(video.id) && !this.deletedVideoIds.has(video.id))
        .map((video) => {
          const counts = engagementSince(video.publishedAt);
          const hidden = this.commentsOff.has(video.id);
          return {
            kind: 'youtube#video',
            id: video.id,
            statistics: {
              viewCount: String(counts.impressions),
              ...(!hidden && { likeCount: String(counts.likes), commentCount: String(counts.replies) }),
              favoriteCount: '0',
            },
          };
        });
      res.json({ kind: 'youtube#videoListResponse', items, pageInfo: { totalResults: items.length, resultsPerPage: items.length } });
    });

    app.get('/youtube/v3/channels', (req, res) => {
      if (!listCall(req, res)) return;
      const items = String(req.query.id ?? '')
        .split(',')
        .flatMap((id) => {
          const channel = this.channels.get(id);
          if (!channel) return [];
          const statistics = {
            viewCount: '0',
            videoCount: String(this.videos.length),
            hiddenSubscriberCount: channel.hiddenSubscriberCount,
            ...(!channel.hiddenSubscriberCount && { subscriberCount: String(followersSince(this.startedAt)) }),
          };
          return [{ kind: 'youtube#channel', id, statistics }];
        });
      // like YouTube, an answer without channels has no items at all
      res.json({ kind: 'youtube#channelListResponse', ...(items.length > 0 && { items }), pageInfo: { totalResults: items.length } });
    });

    ({ server: this.server, url: this.url } = await listen(app));
    return this;
  }

  async stop(): Promise<void> {
    await close(this.server);
  }
}
