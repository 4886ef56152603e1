// A contract fake of the YouTube Data API v3 resumable upload, as a real local HTTP
// server: POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status opens a
// session (checking the token, the parts, a title of 1 to 100 characters, a valid privacy
// status and the announced upload type) and answers its URL in Location; PUT to that URL
// with the bytes creates the video. A PUT without an open session is refused.
// https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
import express from 'express';
import type { Server } from 'node:http';
import { close, listen, playFailure, readRawBody, type ScriptedFailure } from './http';

export interface FakeYouTubeVideo {
  id: string;
  title: string;
  description: string;
  privacyStatus: string;
  contentType: string;
  bytes: Buffer;
  accessToken: string;
}

interface UploadSession {
  id: string;
  accessToken: string;
  snippet: { title: string; description: string };
  privacyStatus: string;
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
      const title: unknown = req.body?.snippet?.title;
      if (typeof title !== 'string' || title.length === 0)
        return void res.status(400).json(googleError(400, 'The request metadata does not specify a video title.', 'invalidTitle'));
      if (title.length > 100)
        return void res.status(400).json(googleError(400, 'The request metadata specifies an invalid video title.', 'invalidTitle'));
      const privacyStatus: unknown = req.body?.status?.privacyStatus ?? 'public';
      if (!['public', 'unlisted', 'private'].includes(String(privacyStatus)))
        return void res.status(400).json(googleError(400, 'Invalid privacy status', 'invalidVideoMetadata'));
      const contentType = req.header('x-upload-content-type') ?? '';
      if (!contentType.startsWith('video/'))
        return void res.status(400).json(googleError(400, 'X-Upload-Content-Type must be a video type', 'invalidContentType'));
      const session: UploadSession = {
        id: `session-${(this.nextId += 1)}`,
        accessToken: token,
        snippet: { title, description: String(req.body?.snippet?.description ?? '') },
        privacyStatus: String(privacyStatus),
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
        contentType: req.header('content-type') ?? session.contentType,
        bytes,
        accessToken: token,
      };
      this.videos.push(video);
      res.status(200).json({
        kind: 'youtube#video',
        id: video.id,
        snippet: session.snippet,
        status: { uploadStatus: 'uploaded', privacyStatus: video.privacyStatus },
      });
    });

    ({ server: this.server, url: this.url } = await listen(app));
    return this;
  }

  async stop(): Promise<void> {
    await close(this.server);
  }
}
