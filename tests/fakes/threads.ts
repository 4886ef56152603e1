// A contract fake of the Threads API parts planrrr calls, as a real local HTTP server. It
// checks what Threads checks: the version in the path, the account's access token (Graph's
// code 190 otherwise), each container's required fields (text up to 500 characters, at
// most 5 links; image_url / video_url; a carousel of 2 to 20 finished item containers),
// a reply_to_id that names a published post, and the order of the flow (a container is
// published only once FINISHED, and once). Like
// Threads it downloads image_url / video_url itself (JPEG or PNG images, MP4 or MOV videos),
// so a container only finishes if that URL works. An account publishes at most 250 posts
// in 24 hours. Reads: a post's insights (views, likes, replies, reposts, quotes) and the
// account's followers_count, both only to a token granted threads_manage_insights; a
// deleted post answers Graph's "does not exist" (code 100, subcode 33).
// Given the OAuth fake, it also serves Threads' token endpoints (on the same host, as
// graph.threads.net does) and takes the tokens that fake issued for the Threads account.
// https://developers.facebook.com/docs/threads/posts
// https://developers.facebook.com/docs/threads/overview#limitations
// https://developers.facebook.com/docs/threads/insights
import express from 'express';
import { FakePlatformServer } from './fake-server';
import { engagementSince, followersSince, readForm, ReadBudget } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

export type ThreadsRoute = 'threads.create' | 'threads.publish' | 'node.get' | 'insights.get' | 'userInsights.get';

interface Container {
  id: string;
  userId: string;
  mediaType: 'TEXT' | 'IMAGE' | 'VIDEO' | 'CAROUSEL';
  text?: string;
  altText?: string;
  isCarouselItem: boolean;
  children: string[];
  /** the published post this one replies to (a thread's part before it) */
  replyToId?: string;
  sourceUrl?: string;
  downloaded?: { bytes: Buffer; contentType: string };
  status: 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'PUBLISHED';
  errorMessage?: string;
  pollsUntilFinished: number;
}

export interface FakeThreadsPost {
  id: string;
  userId: string;
  mediaType: Container['mediaType'];
  text?: string;
  /** the post it replies to: a thread's part before it */
  replyToId?: string;
  /** the downloaded files with their alt text, in order (one, or the carousel's children) */
  files: Array<{ contentType: string; bytes: Buffer; altText?: string }>;
  permalink: string;
  publishedAt: number;
}

const VERSION = 'v1.0';
const MEDIA_INSIGHTS = new Set(['views', 'likes', 'replies', 'reposts', 'quotes']);
const IMAGE_TYPES = ['image/jpeg', 'image/png'];
const VIDEO_TYPES = ['video/mp4', 'video/quicktime'];

function graphError(code: number, message: string, subcode?: number) {
  return { error: { message, type: 'OAuthException', code, ...(subcode ? { error_subcode: subcode } : {}), fbtrace_id: 'fake-trace' } };
}

export class FakeThreads extends FakePlatformServer<ThreadsRoute> {
  protected readonly defaultFailureRoute = 'threads.publish';
  /** access token → the Threads user it acts for */
  readonly tokens = new Map<string, string>([['th-token-alice', 'th-user-1']]);
  /** tokens granted threads_manage_insights */
  readonly insightsTokens = new Set<string>(['th-token-alice']);
  readonly containers: Container[] = [];
  readonly posts: FakeThreadsPost[] = [];
  /** posts deleted on Threads */
  readonly deletedIds = new Set<string>();
  /** how many status polls a media container answers IN_PROGRESS before FINISHED */
  processingPolls = 1;
  /** 250 API-published posts per profile in a moving 24 hours */
  readonly publishBudget = new ReadBudget(250, 24 * 3_600_000);
  private readonly startedAt = Date.now();
  private nextId = 18_000_000;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
  }

  private id(): string {
    this.nextId += 1;
    return String(this.nextId);
  }

  private userOf(token: string | undefined): string | undefined {
    if (!token) return undefined;
    return this.tokens.get(token) ?? (this.oauth?.isAccessToken(token, 'threads') ? FAKE_ACCOUNTS.threads.id : undefined);
  }

  /** tokens the OAuth fake issued were asked for threads_manage_insights (the fake refuses a flow without it) */
  private grantsInsights(token: string): boolean {
    return this.insightsTokens.has(token) || Boolean(this.oauth?.isAccessToken(token, 'threads'));
  }

  protected routes(app: express.Express): void {
    this.oauth?.mountThreadsOAuth(app, '');
    const tokenOf = (req: express.Request, form?: FormData) =>
      form?.get('access_token')?.toString() ?? (typeof req.query.access_token === 'string' ? req.query.access_token : undefined);
    const missing = (res: express.Response, field: string) =>
      res.status(400).json(graphError(100, `(#100) The parameter ${field} is required`));
    /** the version, then a token of the node's owner; answers and returns undefined otherwise */
    const authorize = (req: express.Request, res: express.Response, owner: string, form?: FormData): string | undefined => {
      if (req.params.version !== VERSION) return void res.status(400).json(graphError(2635, `Unsupported version ${req.params.version}`));
      const token = tokenOf(req, form);
      if (this.userOf(token) !== owner) return void res.status(400).json(graphError(190, 'Invalid OAuth access token'));
      return token;
    };
    const doesNotExist = (res: express.Response, id: string) =>
      res.status(400).json(graphError(100, `Object with ID '${id}' does not exist, cannot be loaded due to missing permissions`, 33));

    app.post('/:version/:userId/threads', async (req, res) => {
      if (await this.scripted('threads.create', res)) return;
      const form = await readForm(req);
      const userId = String(req.params.userId);
      if (!authorize(req, res, userId, form)) return;
      const field = (name: string) => form.get(name)?.toString();
      const mediaType = field('media_type');
      const text = field('text');
      if ([...(text ?? '')].length > 500) return void res.status(400).json(graphError(100, '(#100) text is longer than 500 characters'));
      if ((text?.match(/https?:\/\/\S+/g) ?? []).length > 5) return void res.status(400).json(graphError(100, '(#100) at most 5 links'));
      const container: Container = {
        id: this.id(),
        userId,
        mediaType: mediaType as Container['mediaType'],
        ...(text ? { text } : {}),
        ...(field('alt_text') ? { altText: field('alt_text') } : {}),
        isCarouselItem: field('is_carousel_item') === 'true',
        children: (field('children') ?? '').split(',').filter(Boolean),
        ...(field('reply_to_id') ? { replyToId: field('reply_to_id') } : {}),
        status: 'FINISHED',
        pollsUntilFinished: this.processingPolls,
      };
      // a reply answers a published, not deleted post; a carousel's item is no post of its own
      if (container.replyToId !== undefined) {
        if (container.isCarouselItem) return void res.status(400).json(graphError(100, '(#100) a carousel item cannot be a reply'));
        if (this.deletedIds.has(container.replyToId) || !this.posts.some((p) => p.id === container.replyToId))
          return void doesNotExist(res, container.replyToId);
      }
      if (mediaType === 'TEXT') {
        if (!text) return void missing(res, 'text');
      } else if (mediaType === 'IMAGE' || mediaType === 'VIDEO') {
        container.sourceUrl = field(mediaType === 'IMAGE' ? 'image_url' : 'video_url');
        if (!container.sourceUrl) return void missing(res, mediaType === 'IMAGE' ? 'image_url' : 'video_url');
        container.status = 'IN_PROGRESS';
        await this.download(container);
      } else if (mediaType === 'CAROUSEL') {
        const children = container.children.map((id) => this.containers.find((c) => c.id === id && c.userId === userId));
        if (
          children.length < 2 ||
          children.length > 20 ||
          children.some((child) => !child?.isCarouselItem || child.status !== 'FINISHED')
        ) {
          return void res
            .status(400)
            .json(graphError(100, '(#100) children must be 2 to 20 finished carousel item containers of this user'));
        }
        container.status = 'IN_PROGRESS';
      } else {
        return void res.status(400).json(graphError(100, `(#100) media_type ${String(mediaType)} is not supported`));
      }
      this.containers.push(container);
      res.json({ id: container.id });
    });

    app.post('/:version/:userId/threads_publish', async (req, res) => {
      if (await this.scripted('threads.publish', res)) return;
      const form = await readForm(req);
      const userId = String(req.params.userId);
      if (!authorize(req, res, userId, form)) return;
      const container = this.containers.find((c) => c.id === form.get('creation_id')?.toString() && c.userId === userId);
      if (!container) return void missing(res, 'creation_id');
      if (container.status !== 'FINISHED' || container.isCarouselItem) {
        return void res
          .status(400)
          .json(graphError(24, 'The media is not ready to be published (status ' + container.status + ')', 4279009));
      }
      if (this.publishBudget.spend(userId) !== undefined) {
        return void res.status(400).json(graphError(4, 'This profile has published 250 posts in the last 24 hours'));
      }
      container.status = 'PUBLISHED';
      const items = container.children.length > 0 ? container.children.map((id) => this.containers.find((c) => c.id === id)!) : [container];
      const id = this.id();
      this.posts.push({
        id,
        userId,
        mediaType: container.mediaType,
        ...(container.text ? { text: container.text } : {}),
        ...(container.replyToId ? { replyToId: container.replyToId } : {}),
        files: items.flatMap((item) =>
          item.downloaded ? [{ ...item.downloaded, ...(item.altText ? { altText: item.altText } : {}) }] : [],
        ),
        permalink: `https://www.threads.com/@${FAKE_ACCOUNTS.threads.username}/post/fake${id}`,
        publishedAt: Date.now(),
      });
      res.json({ id });
    });

    app.get('/:version/:nodeId', async (req, res) => {
      if (await this.scripted('node.get', res)) return;
      const nodeId = String(req.params.nodeId);
      const container = this.containers.find((c) => c.id === nodeId);
      const post = this.deletedIds.has(nodeId) ? undefined : this.posts.find((p) => p.id === nodeId);
      if (!container && !post) return void doesNotExist(res, nodeId);
      if (!authorize(req, res, (container ?? post)!.userId)) return;
      const fields = String(req.query.fields ?? '').split(',');
      if (container) {
        if (container.status === 'IN_PROGRESS' && container.pollsUntilFinished-- <= 0) container.status = 'FINISHED';
        return void res.json({
          id: nodeId,
          ...(fields.includes('status') && { status: container.status }),
          ...(fields.includes('error_message') && container.errorMessage && { error_message: container.errorMessage }),
        });
      }
      res.json({ id: nodeId, ...(fields.includes('permalink') && { permalink: post!.permalink }) });
    });

    app.get('/:version/:mediaId/insights', async (req, res) => {
      if (await this.scripted('insights.get', res)) return;
      const mediaId = String(req.params.mediaId);
      const post = this.deletedIds.has(mediaId) ? undefined : this.posts.find((p) => p.id === mediaId);
      if (!post) return void doesNotExist(res, mediaId);
      const token = authorize(req, res, post.userId);
      if (!token) return;
      if (!this.grantsInsights(token))
        return void res.status(403).json(graphError(10, '(#10) Application does not have permission for this action'));
      const metrics = String(req.query.metric ?? '').split(',');
      const unknown = metrics.find((metric) => !MEDIA_INSIGHTS.has(metric));
      if (unknown)
        return void res
          .status(400)
          .json(graphError(100, `(#100) metric[0] must be one of views, likes, replies, reposts, quotes; got ${unknown}`));
      const counts = engagementSince(post.publishedAt);
      const value = {
        views: counts.impressions,
        likes: counts.likes,
        replies: counts.replies,
        reposts: counts.reposts,
        quotes: counts.quotes,
      };
      res.json({
        data: metrics.map((name) => ({
          name,
          period: 'lifetime',
          values: [{ value: value[name as keyof typeof value] }],
          id: `${mediaId}/insights/${name}/lifetime`,
        })),
      });
    });

    app.get('/:version/:userId/threads_insights', async (req, res) => {
      if (await this.scripted('userInsights.get', res)) return;
      const userId = String(req.params.userId);
      const token = authorize(req, res, userId);
      if (!token) return;
      if (!this.grantsInsights(token))
        return void res.status(403).json(graphError(10, '(#10) Application does not have permission for this action'));
      if (req.query.metric !== 'followers_count')
        return void res.status(400).json(graphError(100, '(#100) metric must be followers_count'));
      res.json({
        data: [
          {
            name: 'followers_count',
            period: 'day',
            total_value: { value: followersSince(this.startedAt) },
            id: `${userId}/insights/followers_count/day`,
          },
        ],
      });
    });
  }

  private async download(container: Container): Promise<void> {
    const expected = container.mediaType === 'IMAGE' ? IMAGE_TYPES : VIDEO_TYPES;
    try {
      const response = await fetch(container.sourceUrl!);
      const contentType = response.headers.get('content-type')?.split(';')[0] ?? '';
      if (!response.ok || !expected.includes(contentType)) {
        container.status = 'ERROR';
        container.errorMessage = `Media download answered ${response.status} ${contentType}`;
        return;
      }
      container.downloaded = { bytes: Buffer.from(await response.arrayBuffer()), contentType };
    } catch (error) {
      container.status = 'ERROR';
      container.errorMessage = `Media download failed: ${(error as Error).message}`;
    }
  }
}
