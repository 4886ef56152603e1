// A contract fake of the Graph API parts planrrr calls, for Facebook Pages and Instagram
// professional accounts, as a real local HTTP server. It checks what Graph checks: the
// version in the path, a valid access token for the page or Instagram account (Graph
// answers code 190 otherwise), the required fields of each call, and the order of the
// Instagram flow (a container is published only once it is FINISHED), and the Instagram
// formats: IMAGE, REELS (share_to_feed), VIDEO only as a carousel item, a CAROUSEL of 2 to
// 10 finished items, STORIES of one image or video (no caption shown). Like Instagram, it
// downloads image_url / video_url itself, so a container only finishes if that URL works
// and holds a JPEG image or a video.
// Reads: a Page post's reactions, comments and shares and its insights (post_media_view,
// post_clicks: only to a token holding read_insights), an Instagram media's like_count and
// comments_count and its insights (reach, shares, saved, views: only with
// instagram_manage_insights), and the followers of a Page or Instagram account, all growing
// with time. A deleted object answers Graph's "does not exist" (code 100, subcode 33); a
// retired or unknown metric code 100; a spent read budget the Business Use Case limit
// (code 80001 for Pages, 80002 for Instagram) with X-Business-Use-Case-Usage.
// Facebook Reels (video_reels: upload_phase start, the bytes to rupload's /video-upload path
// with an OAuth header, offset 0 and file_size, then finish with video_state) and Stories
// (photo_stories over an unpublished photo; video_stories as Reels, answering the post_id),
// each in order; a Story takes no comments. A finished Reel is processed, then published:
// its status (GET /{video-id}?fields=status) reads processing for `reelProcessingPolls`
// reads, then published, or its processing fails with `reelProcessingError`.
// https://developers.facebook.com/docs/pages-api/posts
// https://developers.facebook.com/docs/video-api/guides/reels-publishing
// https://developers.facebook.com/docs/page-stories-api
// https://developers.facebook.com/docs/instagram-platform/content-publishing
// https://developers.facebook.com/docs/graph-api/reference/insights
// https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights
import express from 'express';
import type { Server } from 'node:http';
import {
  close,
  engagementSince,
  fileBytes,
  followersSince,
  listen,
  playFailure,
  readForm,
  readRawBody,
  ReadBudget,
  type ScriptedFailure,
} from './http';

export interface FakeFile {
  bytes: Buffer;
  contentType: string;
  fileName: string;
}

export interface FakeFacebookPost {
  id: string;
  pageId: string;
  kind: 'feed' | 'photo' | 'video' | 'reel' | 'story';
  message?: string;
  link?: string;
  /** photo ids attached with attached_media */
  attachedPhotoIds: string[];
  file?: FakeFile;
  altText?: string;
  publishedAt: number;
}

export interface FakeFacebookPhoto {
  id: string;
  pageId: string;
  published: boolean;
  file: FakeFile;
  altText?: string;
}

/** A video uploaded through a resumable upload edge: a Reel or a video Story. */
export interface FakeVideoUpload {
  videoId: string;
  pageId: string;
  edge: 'video_reels' | 'video_stories';
  /** the bytes rupload received */
  file?: FakeFile;
  finished: boolean;
  /** a finished Reel's status reads left before it is published (or its processing fails) */
  pollsUntilDone: number;
  /** why processing fails, for a Reel whose video Facebook cannot process */
  processingError?: string;
}

interface Container {
  id: string;
  igUserId: string;
  mediaType: 'IMAGE' | 'REELS' | 'VIDEO' | 'CAROUSEL' | 'STORIES';
  caption?: string;
  altText?: string;
  /** a Reel's share_to_feed, when given */
  shareToFeed?: boolean;
  isCarouselItem: boolean;
  children: string[];
  sourceUrl?: string;
  /** what the source URL must hold: JPEG for an image_url, a video for a video_url */
  sourceKind?: 'image' | 'video';
  /** what the fake downloaded from the source URL */
  file?: FakeFile;
  status: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'PUBLISHED';
  errorStatus?: string;
  pollsUntilFinished: number;
}

export interface FakeInstagramMedia {
  id: string;
  igUserId: string;
  mediaType: Container['mediaType'];
  caption?: string;
  shareToFeed?: boolean;
  /** the downloaded files, in order (one, or the carousel's children) */
  files: FakeFile[];
  permalink: string;
  publishedAt: number;
}

/** A comment on a Page post or an Instagram media, by the account that owns it. */
export interface FakeGraphComment {
  id: string;
  /** the post or media commented on */
  objectId: string;
  message: string;
  publishedAt: number;
}

const GRAPH_VERSION = /^v\d+\.\d+$/;
/** the insights each object serves; any other metric (a retired one such as post_impressions) is refused */
const POST_INSIGHTS = new Set(['post_media_view', 'post_clicks']);
const MEDIA_INSIGHTS = new Set(['reach', 'shares', 'saved', 'views', 'likes', 'comments']);

function graphError(code: number, message: string, type = 'OAuthException') {
  return { error: { message, type, code, fbtrace_id: 'fake-trace' } };
}

export class FakeFacebookGraph {
  /** page id → its page access token */
  readonly pages = new Map<string, string>([['page-1', 'fb-page-token']]);
  /** Instagram account id → its access token */
  readonly igUsers = new Map<string, string>([['ig-1', 'ig-token']]);
  readonly posts: FakeFacebookPost[] = [];
  readonly comments: FakeGraphComment[] = [];
  readonly photos: FakeFacebookPhoto[] = [];
  readonly videoUploads: FakeVideoUpload[] = [];
  readonly containers: Container[] = [];
  readonly instagramMedia: FakeInstagramMedia[] = [];
  /** every write request (POST), including failures: method and path */
  readonly requests: string[] = [];
  /** how many status polls a container answers IN_PROGRESS before FINISHED */
  processingPolls = 1;
  /** how many status reads a finished Reel answers processing before it is published */
  reelProcessingPolls = 1;
  /** set: the Reels finished from now on fail processing with this message */
  reelProcessingError: string | undefined;
  /** the Graph version planrrr must call */
  version = 'v26.0';
  /** tokens granted read_insights (a Page's) or instagram_manage_insights (an Instagram account's) */
  readonly insightsTokens = new Set<string>(['fb-page-token', 'ig-token']);
  /** posts and media deleted on the platform: reading them answers "does not exist" */
  readonly deletedIds = new Set<string>();
  /** reads per token: Pages and Instagram limits are per Business Use Case and 24 hours */
  readonly readBudget = new ReadBudget(4_800, 24 * 3_600_000);
  private readonly startedAt = Date.now();
  private readonly failures: ScriptedFailure[] = [];
  private server?: Server;
  private nextId = 1_000;
  url = '';

  /** The next write requests (POST, in order) answer these instead of succeeding. */
  failNext(...failures: ScriptedFailure[]): void {
    this.failures.push(...failures);
  }

  private id(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  async start(): Promise<this> {
    const app = express();

    // Graph takes the token as the access_token parameter (query or body) or as a bearer header.
    const tokenOf = (req: express.Request, form?: FormData): string | undefined =>
      (form?.get('access_token')?.toString() || undefined) ??
      (typeof req.query.access_token === 'string' ? req.query.access_token : undefined) ??
      /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];

    /** Checks the version and that the token is the one of `nodeId`'s owner. */
    const authorize = (
      req: express.Request,
      res: express.Response,
      owners: Map<string, string>,
      nodeId: string,
      form?: FormData,
    ): boolean => {
      if (req.params.version !== this.version || !GRAPH_VERSION.test(String(req.params.version))) {
        res
          .status(400)
          .json(graphError(2635, `Graph API version ${String(req.params.version)} is not the one this app calls`, 'GraphMethodException'));
        return false;
      }
      const token = tokenOf(req, form);
      if (!token || owners.get(nodeId) !== token) {
        res.status(400).json(graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
        return false;
      }
      return true;
    };

    const missing = (res: express.Response, field: string) =>
      res.status(400).json(graphError(100, `(#100) The parameter ${field} is required`));

    // A failure plays before anything else, as a platform outage would.
    app.post('/:version/{*rest}', async (req, res, next) => {
      this.requests.push(`POST ${req.path}`);
      if (!(await playFailure(this.failures, res, (status) => graphError(status === 429 ? 4 : 2, `scripted ${status}`)))) next();
    });

    // ---- rupload.facebook.com: a Reel's or video Story's bytes, whole, from offset 0 ----
    app.post('/video-upload/:version/:videoId', async (req, res) => {
      const upload = this.videoUploads.find((candidate) => candidate.videoId === req.params.videoId);
      if (req.params.version !== this.version || !upload)
        return void res.status(400).json(graphError(100, '(#100) No upload session for this video'));
      const token = /^OAuth (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!token || this.pages.get(upload.pageId) !== token)
        return void res.status(400).json(graphError(190, 'Invalid OAuth access token - Cannot parse access token'));
      if (upload.finished || upload.file) return void res.status(400).json(graphError(100, '(#100) The video was already uploaded'));
      const bytes = await readRawBody(req);
      if (req.headers.offset !== '0' || req.headers.file_size !== String(bytes.length) || bytes.length === 0)
        return void res.status(400).json(graphError(100, '(#100) offset must be 0 and file_size the length of the bytes sent'));
      // an MP4 or QuickTime file starts with an ftyp box
      if (bytes.subarray(4, 8).toString('latin1') !== 'ftyp')
        return void res.status(400).json(graphError(6000, 'There was a problem uploading your video file: it is not a video'));
      upload.file = { bytes, contentType: 'video/mp4', fileName: `${upload.videoId}.mp4` };
      res.json({ success: true });
    });

    // ---- Reels and video Stories: upload_phase start, then (after rupload) finish ----
    const resumableUpload = (edge: FakeVideoUpload['edge']) =>
      app.post(`/:version/:pageId/${edge}`, async (req, res) => {
        const form = await readForm(req);
        const pageId = String(req.params.pageId);
        if (!authorize(req, res, this.pages, pageId, form)) return;
        const phase = form.get('upload_phase')?.toString();
        if (phase === 'start') {
          const videoId = this.id();
          this.videoUploads.push({
            videoId,
            pageId,
            edge,
            finished: false,
            pollsUntilDone: this.reelProcessingPolls,
            ...(this.reelProcessingError !== undefined && { processingError: this.reelProcessingError }),
          });
          return void res.json({ video_id: videoId, upload_url: `${this.url}/video-upload/${this.version}/${videoId}` });
        }
        if (phase !== 'finish') return void missing(res, 'upload_phase (start or finish)');
        const videoId = form.get('video_id')?.toString();
        const upload = this.videoUploads.find(
          (candidate) => candidate.videoId === videoId && candidate.pageId === pageId && candidate.edge === edge,
        );
        if (!upload) return void missing(res, 'video_id');
        if (!upload.file || upload.finished)
          return void res.status(400).json(graphError(100, '(#100) The video has not been uploaded, or was already finished'));
        const message = form.get('description')?.toString();
        if (edge === 'video_reels') {
          const state = form.get('video_state')?.toString();
          if (!state || !['PUBLISHED', 'DRAFT', 'SCHEDULED'].includes(state)) return void missing(res, 'video_state');
        }
        upload.finished = true;
        const id = edge === 'video_reels' ? upload.videoId : `${pageId}_${this.id()}`;
        const kind = edge === 'video_reels' ? 'reel' : 'story';
        this.posts.push({ id, pageId, kind, message, attachedPhotoIds: [], file: upload.file, publishedAt: Date.now() });
        res.json(edge === 'video_reels' ? { success: true } : { success: true, post_id: id });
      });
    resumableUpload('video_reels');
    resumableUpload('video_stories');

    // ---- a photo Story: a photo uploaded unpublished, then shared as the Page's Story ----
    app.post('/:version/:pageId/photo_stories', async (req, res) => {
      const form = await readForm(req);
      const pageId = String(req.params.pageId);
      if (!authorize(req, res, this.pages, pageId, form)) return;
      const photoId = form.get('photo_id')?.toString();
      if (!photoId) return void missing(res, 'photo_id');
      const photo = this.photos.find((candidate) => candidate.id === photoId && candidate.pageId === pageId);
      if (!photo || photo.published)
        return void res.status(400).json(graphError(100, `(#100) photo_id ${photoId} is not an unpublished photo of this page`));
      photo.published = true;
      const id = `${pageId}_${this.id()}`;
      this.posts.push({ id, pageId, kind: 'story', attachedPhotoIds: [photo.id], file: photo.file, publishedAt: Date.now() });
      res.json({ success: true, post_id: id });
    });

    // ---- Comments: POST /{page-post-id}/comments and POST /{ig-media-id}/comments ----
    app.post('/:version/:objectId/comments', async (req, res) => {
      const form = await readForm(req);
      const objectId = String(req.params.objectId);
      const post = this.posts.find((candidate) => candidate.id === objectId);
      const media = this.instagramMedia.find((candidate) => candidate.id === objectId);
      // Graph answers an id that is no object of the token's owner as if it did not exist
      const owner = post ? { owners: this.pages, id: post.pageId } : media ? { owners: this.igUsers, id: media.igUserId } : undefined;
      if (!owner) {
        res
          .status(400)
          .json(graphError(100, `Unsupported post request. Object with ID '${objectId}' does not exist`, 'GraphMethodException'));
        return;
      }
      if (!authorize(req, res, owner.owners, owner.id, form)) return;
      if (media?.mediaType === 'STORIES' || post?.kind === 'story')
        return void res.status(400).json(graphError(100, '(#100) A Story takes no comments'));
      const message = form.get('message')?.toString();
      if (!message) return void missing(res, 'message');
      const comment: FakeGraphComment = { id: `${objectId}_c${this.id()}`, objectId, message, publishedAt: Date.now() };
      this.comments.push(comment);
      res.json({ id: comment.id });
    });

    // ---- Facebook Pages ----
    app.post('/:version/:pageId/feed', async (req, res) => {
      const form = await readForm(req);
      const pageId = String(req.params.pageId);
      if (!authorize(req, res, this.pages, pageId, form)) return;
      const message = form.get('message')?.toString();
      const link = form.get('link')?.toString();
      const attached: string[] = [];
      for (let index = 0; form.has(`attached_media[${index}]`); index += 1) {
        const { media_fbid: id } = JSON.parse(String(form.get(`attached_media[${index}]`))) as { media_fbid: string };
        const photo = this.photos.find((candidate) => candidate.id === id && candidate.pageId === pageId);
        if (!photo || photo.published) {
          res.status(400).json(graphError(100, `(#100) attached_media ${id} is not an unpublished photo of this page`));
          return;
        }
        attached.push(id);
      }
      if (!message && !link && attached.length === 0) return void missing(res, 'message or link');
      const post: FakeFacebookPost = {
        id: `${pageId}_${this.id()}`,
        pageId,
        kind: 'feed',
        message,
        link,
        attachedPhotoIds: attached,
        publishedAt: Date.now(),
      };
      this.posts.push(post);
      res.json({ id: post.id });
    });

    app.post('/:version/:pageId/photos', async (req, res) => {
      const form = await readForm(req);
      const pageId = String(req.params.pageId);
      if (!authorize(req, res, this.pages, pageId, form)) return;
      const source = form.get('source');
      const bytes = await fileBytes(source);
      if (!bytes || !(source instanceof File)) return void missing(res, 'source (or url)');
      if (!source.type.startsWith('image/'))
        return void res.status(400).json(graphError(324, '(#324) Requires upload file: the file is not an image'));
      const file = { bytes, contentType: source.type, fileName: source.name };
      const published = form.get('published')?.toString() !== 'false';
      const photo: FakeFacebookPhoto = { id: this.id(), pageId, published, file, altText: form.get('alt_text_custom')?.toString() };
      this.photos.push(photo);
      if (!published) return void res.json({ id: photo.id });
      const post: FakeFacebookPost = {
        id: `${pageId}_${this.id()}`,
        pageId,
        kind: 'photo',
        message: form.get('message')?.toString(),
        attachedPhotoIds: [photo.id],
        file,
        altText: photo.altText,
        publishedAt: Date.now(),
      };
      this.posts.push(post);
      res.json({ id: photo.id, post_id: post.id });
    });

    app.post('/:version/:pageId/videos', async (req, res) => {
      const form = await readForm(req);
      const pageId = String(req.params.pageId);
      if (!authorize(req, res, this.pages, pageId, form)) return;
      const source = form.get('source');
      const bytes = await fileBytes(source);
      if (!bytes || !(source instanceof File)) return void missing(res, 'source (or file_url)');
      if (!source.type.startsWith('video/'))
        return void res.status(400).json(graphError(352, "(#352) The video file you selected is in a format that we don't support"));
      const id = this.id();
      this.posts.push({
        id,
        pageId,
        kind: 'video',
        message: form.get('description')?.toString(),
        attachedPhotoIds: [],
        file: { bytes, contentType: source.type, fileName: source.name },
        publishedAt: Date.now(),
      });
      res.json({ id });
    });

    // ---- Instagram ----
    app.post('/:version/:igUserId/media', async (req, res) => {
      const form = await readForm(req);
      const igUserId = String(req.params.igUserId);
      if (!authorize(req, res, this.igUsers, igUserId, form)) return;
      const field = (name: string) => form.get(name)?.toString() || undefined;
      const mediaType = (field('media_type') ?? 'IMAGE') as Container['mediaType'];
      const refuse = (message: string) => void res.status(400).json(graphError(100, `(#100) ${message}`));
      const shareToFeed = field('share_to_feed');
      const container: Container = {
        id: this.id(),
        igUserId,
        mediaType,
        caption: field('caption'),
        altText: field('alt_text'),
        ...(shareToFeed !== undefined ? { shareToFeed: shareToFeed === 'true' } : {}),
        isCarouselItem: field('is_carousel_item') === 'true',
        children: field('children')?.split(',') ?? [],
        status: 'IN_PROGRESS',
        pollsUntilFinished: this.processingPolls,
      };
      if (shareToFeed !== undefined && (mediaType !== 'REELS' || !['true', 'false'].includes(shareToFeed)))
        return refuse('share_to_feed is true or false, and only for REELS');
      if (container.isCarouselItem && mediaType !== 'IMAGE' && mediaType !== 'VIDEO')
        return refuse(`a carousel item is an IMAGE or a VIDEO, not ${mediaType}`);
      if (mediaType === 'STORIES') {
        // a Story is one image or one video; Instagram shows no caption on it
        const imageUrl = field('image_url');
        const videoUrl = field('video_url');
        if (Boolean(imageUrl) === Boolean(videoUrl)) return refuse('a STORIES container takes image_url or video_url, one of them');
        container.sourceUrl = imageUrl ?? videoUrl;
        container.sourceKind = imageUrl ? 'image' : 'video';
      } else if (mediaType === 'CAROUSEL') {
        const children = container.children.map((id) =>
          this.containers.find((candidate) => candidate.id === id && candidate.igUserId === igUserId),
        );
        if (
          children.length < 2 ||
          children.length > 10 ||
          children.some((child) => !child?.isCarouselItem || child.status !== 'FINISHED')
        ) {
          return void res
            .status(400)
            .json(graphError(100, '(#100) children must be 2 to 10 finished carousel item containers of this account'));
        }
      } else if (mediaType === 'IMAGE') {
        container.sourceUrl = field('image_url');
        container.sourceKind = 'image';
        if (!container.sourceUrl) return void missing(res, 'image_url');
      } else if (mediaType === 'REELS' || mediaType === 'VIDEO') {
        // a single feed video is a Reel: VIDEO is only a carousel's item
        if (mediaType === 'VIDEO' && !container.isCarouselItem)
          return refuse('The VIDEO media type is no longer supported for single feed videos: use REELS');
        container.sourceUrl = field('video_url');
        container.sourceKind = 'video';
        if (!container.sourceUrl) return void missing(res, 'video_url');
      } else {
        return void res.status(400).json(graphError(100, `(#100) media_type ${String(mediaType)} is not supported`));
      }
      this.containers.push(container);
      if (container.sourceUrl) await this.download(container);
      res.json({ id: container.id });
    });

    app.post('/:version/:igUserId/media_publish', async (req, res) => {
      const form = await readForm(req);
      const igUserId = String(req.params.igUserId);
      if (!authorize(req, res, this.igUsers, igUserId, form)) return;
      const container = this.containers.find(
        (candidate) => candidate.id === form.get('creation_id')?.toString() && candidate.igUserId === igUserId,
      );
      if (!container) return void missing(res, 'creation_id');
      if (container.status !== 'FINISHED' || container.isCarouselItem) {
        return void res
          .status(400)
          .json(graphError(9007, 'The media is not ready for publishing, please wait for a moment', 'OAuthException'));
      }
      container.status = 'PUBLISHED';
      const children = container.children.map((id) => this.containers.find((candidate) => candidate.id === id)!);
      const id = this.id();
      this.instagramMedia.push({
        id,
        igUserId,
        mediaType: container.mediaType,
        // Instagram shows no caption on a Story
        caption: container.mediaType === 'STORIES' ? undefined : container.caption,
        ...(container.shareToFeed !== undefined ? { shareToFeed: container.shareToFeed } : {}),
        files: (children.length > 0 ? children : [container]).map((item) => item.file!),
        permalink: `https://www.instagram.com/p/fake${id}/`,
        publishedAt: Date.now(),
      });
      res.json({ id });
    });

    /** The object a read names, with who owns it; undefined: Graph's "does not exist". */
    const nodeOf = (nodeId: string) => {
      if (this.deletedIds.has(nodeId)) return undefined;
      const post = this.posts.find((candidate) => candidate.id === nodeId);
      if (post) return { owners: this.pages, owner: post.pageId, post };
      const media = this.instagramMedia.find((candidate) => candidate.id === nodeId);
      if (media) return { owners: this.igUsers, owner: media.igUserId, media };
      const container = this.containers.find((candidate) => candidate.id === nodeId);
      if (container) return { owners: this.igUsers, owner: container.igUserId, container };
      if (this.pages.has(nodeId)) return { owners: this.pages, owner: nodeId, page: true };
      if (this.igUsers.has(nodeId)) return { owners: this.igUsers, owner: nodeId, igUser: true };
      return undefined;
    };
    /** Authorizes a read of `nodeId` and spends the token's budget; undefined when it answered. */
    const readNode = (req: express.Request, res: express.Response) => {
      const nodeId = String(req.params.nodeId);
      const node = nodeOf(nodeId);
      if (!node) {
        const message = `Unsupported get request. Object with ID '${nodeId}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`;
        return void res.status(400).json({ error: { ...graphError(100, message, 'GraphMethodException').error, error_subcode: 33 } });
      }
      if (!authorize(req, res, node.owners, node.owner)) return undefined;
      const token = tokenOf(req)!;
      const resetAt = this.readBudget.spend(token);
      if (resetAt !== undefined) {
        const instagram = node.owners === this.igUsers;
        const usage = [
          {
            type: instagram ? 'instagram' : 'pages',
            call_count: 100,
            estimated_time_to_regain_access: Math.ceil((resetAt - Date.now()) / 60_000),
          },
        ];
        return void res
          .status(400)
          .set('X-Business-Use-Case-Usage', JSON.stringify({ [node.owner]: usage }))
          .json(graphError(instagram ? 80002 : 80001, 'There have been too many calls to this account. Wait a bit and try again.'));
      }
      return { ...node, token };
    };
    const fieldsOf = (req: express.Request) => String(req.query.fields ?? '').split(',');

    // Reading a container's status, a published media's permalink or counts, a post's counts, an account's followers.
    app.get('/:version/:nodeId', (req, res) => {
      const node = readNode(req, res);
      if (!node) return;
      const nodeId = String(req.params.nodeId);
      const fields = fieldsOf(req);
      const { container, media, post } = node;
      if (post?.kind === 'reel' && fields.includes('status')) return void res.json({ id: nodeId, status: this.reelStatus(nodeId) });
      if (container && fields.includes('status_code')) {
        if (container.status === 'IN_PROGRESS' && container.pollsUntilFinished-- <= 0) container.status = 'FINISHED';
        return void res.json({
          id: nodeId,
          status_code: container.status,
          ...(container.errorStatus ? { status: container.errorStatus } : {}),
        });
      }
      if (media) {
        const counts = engagementSince(media.publishedAt);
        return void res.json({
          id: nodeId,
          ...(fields.includes('permalink') && { permalink: media.permalink }),
          ...(fields.includes('like_count') && { like_count: counts.likes }),
          ...(fields.includes('comments_count') && { comments_count: counts.replies }),
        });
      }
      if (post) {
        if ((post.kind === 'video' || post.kind === 'reel') && fields.includes('shares')) {
          return void res.status(400).json(graphError(100, '(#100) Tried accessing nonexisting field (shares) on node type (Video)'));
        }
        const counts = engagementSince(post.publishedAt);
        const summary = (total: number) => ({ data: [], summary: { total_count: total } });
        return void res.json({
          id: nodeId,
          ...(fields.some((field) => field.startsWith('reactions')) && { reactions: summary(counts.likes) }),
          ...(fields.some((field) => field.startsWith('comments')) && { comments: summary(counts.replies) }),
          // Graph leaves shares out while nobody has shared the post
          ...(fields.includes('shares') && counts.reposts > 0 && { shares: { count: counts.reposts } }),
        });
      }
      if (node.page || node.igUser) {
        const followers = followersSince(this.startedAt);
        return void res.json({
          id: nodeId,
          ...(fields.includes('followers_count') && { followers_count: followers }),
          ...(node.page && fields.includes('fan_count') && { fan_count: Math.floor(followers * 0.9) }),
        });
      }
      res.json({ id: nodeId });
    });

    app.get('/:version/:nodeId/insights', (req, res) => {
      const node = readNode(req, res);
      if (!node) return;
      const { media, post } = node;
      if ((!media && !post) || post?.kind === 'video' || post?.kind === 'reel') {
        return void res.status(400).json(graphError(100, '(#100) This object has no insights edge (a video has video_insights)'));
      }
      if (!this.insightsTokens.has(node.token)) {
        return void res
          .status(400)
          .json(
            graphError(
              10,
              media
                ? '(#10) Application does not have permission for this action'
                : '(#10) This endpoint requires the read_insights permission',
            ),
          );
      }
      const metrics = String(req.query.metric ?? '').split(',');
      const known = media ? MEDIA_INSIGHTS : POST_INSIGHTS;
      const unknown = metrics.find((metric) => !known.has(metric));
      if (unknown) return void res.status(400).json(graphError(100, `(#100) The value must be a valid insights metric: ${unknown}`));
      const counts = engagementSince((media ?? post)!.publishedAt);
      const values: Record<string, number> = {
        post_media_view: counts.impressions,
        post_clicks: counts.quotes,
        reach: Math.floor(counts.impressions / 2),
        views: counts.impressions,
        shares: counts.reposts,
        saved: counts.bookmarks,
        likes: counts.likes,
        comments: counts.replies,
      };
      res.json({
        data: metrics.map((name) => ({
          name,
          period: 'lifetime',
          values: [{ value: values[name] }],
          title: name,
          id: `${String(req.params.nodeId)}/insights/${name}/lifetime`,
        })),
      });
    });

    // a Page video's insights: pages_read_engagement is enough
    app.get('/:version/:nodeId/video_insights', (req, res) => {
      const node = readNode(req, res);
      if (!node) return;
      if (node.post?.kind !== 'video' && node.post?.kind !== 'reel')
        return void res.status(400).json(graphError(100, '(#100) Only a video has video_insights'));
      const metrics = String(req.query.metric ?? 'total_video_views').split(',');
      if (metrics.some((metric) => metric !== 'total_video_views')) {
        return void res.status(400).json(graphError(100, '(#100) The value must be a valid video insights metric'));
      }
      const { impressions } = engagementSince(node.post.publishedAt);
      res.json({
        data: [{ name: 'total_video_views', period: 'lifetime', values: [{ value: impressions }], title: 'Lifetime Total Video Views' }],
      });
    });

    ({ server: this.server, url: this.url } = await listen(app));
    return this;
  }

  /** A finished Reel's status (Graph's VideoStatus): processing, then published, or failed processing. */
  private reelStatus(videoId: string) {
    const upload = this.videoUploads.find((candidate) => candidate.videoId === videoId)!;
    const uploaded = { uploading_phase: { status: 'complete' } };
    if (upload.pollsUntilDone > 0) {
      upload.pollsUntilDone -= 1;
      return {
        ...uploaded,
        video_status: 'processing',
        processing_progress: 50,
        processing_phase: { status: 'in_progress' },
        publishing_phase: { status: 'not_started' },
      };
    }
    if (upload.processingError !== undefined) {
      return {
        ...uploaded,
        video_status: 'error',
        processing_phase: { status: 'error', errors: [{ code: 1363008, message: upload.processingError }] },
        publishing_phase: { status: 'not_started' },
      };
    }
    return {
      ...uploaded,
      video_status: 'ready',
      processing_phase: { status: 'complete' },
      publishing_phase: { status: 'complete', publish_status: 'published', publish_time: Math.floor(Date.now() / 1000) },
    };
  }

  /** Instagram cURLs the media URL; a container whose file cannot be fetched, or is no JPEG or video, ends in ERROR. */
  private async download(container: Container): Promise<void> {
    try {
      const response = await fetch(container.sourceUrl!);
      const contentType = response.headers.get('content-type') ?? '';
      const expected = container.sourceKind === 'image' ? 'image/jpeg' : 'video/';
      if (!response.ok || !contentType.startsWith(expected)) {
        container.status = 'ERROR';
        container.errorStatus = `Error: media download answered ${response.status} ${contentType}`;
        return;
      }
      const bytes = Buffer.from(await response.arrayBuffer());
      container.file = { bytes, contentType, fileName: new URL(container.sourceUrl!).pathname.split('/').pop() ?? '' };
    } catch (error) {
      container.status = 'ERROR';
      container.errorStatus = `Error: media download failed: ${(error as Error).message}`;
    }
  }

  async stop(): Promise<void> {
    await close(this.server);
  }
}
