// A contract fake of LinkedIn's versioned REST API parts planrrr calls: POST /rest/posts,
// the Images API (initializeUpload, then PUT the bytes), the Videos API (initializeUpload,
// PUT each part, finalizeUpload with the parts' ETags) and the Documents API
// (initializeUpload, then PUT a PDF of up to 100 MB and 300 pages; its post needs a title).
// It checks the bearer token, the LinkedIn-Version and X-Restli-Protocol-Version headers,
// the post's required fields, the author (the member, or an organization the member
// administers), and that media were uploaded before a post uses them. Given the OAuth fake,
// it also serves the member's userinfo and company pages and takes the tokens it issued.
// Reads, with counts that grow with time: a post's social metadata (reactions by type and
// comments: to its organization, or to a token granted r_member_social), an organization's
// share statistics and follower count (networkSizes), and a member's follower count (to a
// token granted r_member_profileAnalytics); others get LinkedIn's 403 ACCESS_DENIED. A
// deleted post is 404; a spent daily budget 429 without Retry-After, as LinkedIn answers.
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/social-metadata-api
// https://learn.microsoft.com/linkedin/marketing/community-management/organizations/share-statistics
// https://learn.microsoft.com/linkedin/marketing/community-management/shares/documents-api
import { randomUUID } from 'node:crypto';
import express from 'express';
import { bearerToken, FakePlatformServer } from './fake-server';
import { engagementSince, followersSince, ReadBudget } from './http';
import { FAKE_ACCOUNTS, type FakeOAuthProvider } from './oauth-provider';

/** The Documents API's limits: 100 MB and 300 pages. */
const DOCUMENT_MAX_BYTES = 100 * 1024 * 1024;
const DOCUMENT_MAX_PAGES = 300;

export type LinkedInRoute =
  | 'images.initialize'
  | 'images.upload'
  | 'videos.initialize'
  | 'videos.upload'
  | 'videos.finalize'
  | 'documents.initialize'
  | 'documents.upload'
  | 'posts.create'
  | 'socialMetadata.get'
  | 'shareStatistics.get'
  | 'networkSizes.get'
  | 'memberFollowersCount.get';

interface FakeAsset {
  urn: string;
  owner: string;
  state: 'WAITING_UPLOAD' | 'AVAILABLE';
  /** video parts: their ETags once uploaded */
  partEtags: Array<string | undefined>;
  size: number;
  uploadToken: string;
}

export interface FakeLinkedInPost {
  urn: string;
  author: string;
  commentary: string;
  content?: {
    media?: { id: string; altText?: string; title?: string };
    multiImage?: { images: Array<{ id: string; altText?: string }> };
  };
  linkedInVersion: string;
  receivedAt: number;
}

export class FakeLinkedIn extends FakePlatformServer<LinkedInRoute> {
  protected readonly defaultFailureRoute = 'posts.create';
  /** access token → the member (or the organization, for its administrator) it acts for */
  readonly tokens = new Map<string, string>([
    ['li-token-alice', 'urn:li:person:alice'],
    ['li-token-acme', 'urn:li:organization:acme'],
  ]);
  /** organization → the members who administer it (they may post and upload as it) */
  readonly administrators = new Map<string, Set<string>>(
    FAKE_ACCOUNTS.linkedinOrganizations.map((organization) => [
      `urn:li:organization:${organization.id}`,
      new Set([`urn:li:person:${FAKE_ACCOUNTS.linkedin.sub}`]),
    ]),
  );
  /** tokens granted r_member_social (approved partners only): they may read a member's social metadata */
  readonly memberSocialReaders = new Set<string>();
  /** tokens granted r_member_profileAnalytics: they may read the member's follower count */
  readonly memberAnalyticsReaders = new Set<string>();
  /** posts deleted on LinkedIn */
  readonly deletedPostUrns = new Set<string>();
  /** reads per token and day (LinkedIn's limits are daily, per application and member) */
  readonly readBudget = new ReadBudget(500, 24 * 3_600_000);
  /** POST /rest/posts per member: 150 a day, the figure integrators report (LinkedIn shows it only in the developer portal) */
  publishBudget = new ReadBudget(150, 24 * 3_600_000);
  /** the posts refused with a 429 for publishBudget */
  publishRefusals = 0;
  private readonly startedAt = Date.now();
  readonly posts: FakeLinkedInPost[] = [];
  /** comments made through POST /rest/socialActions/{urn}/comments */
  readonly comments: Array<{ urn: string; object: string; actor: string; text: string; receivedAt: number }> = [];
  readonly assets = new Map<string, FakeAsset>();
  /** bytes per video part in upload instructions (LinkedIn uses 4 MB) */
  videoPartBytes = 4 * 1024 * 1024;
  private nextShare = 7_200_000_000_000_000_000n;

  constructor(private readonly oauth?: FakeOAuthProvider) {
    super();
  }

  /** The member (or organization) a token acts for: its own, or the member the OAuth fake issued it to. */
  private memberOf(token: string | undefined): string | undefined {
    if (!token) return undefined;
    return (
      this.tokens.get(token) ?? (this.oauth?.isAccessToken(token, 'linkedin') ? `urn:li:person:${FAKE_ACCOUNTS.linkedin.sub}` : undefined)
    );
  }

  /** Whether the member may act as `urn`: it is the member, or an organization the member administers. */
  private actsAs(member: string, urn: unknown): boolean {
    return urn === member || (typeof urn === 'string' && Boolean(this.administrators.get(urn)?.has(member)));
  }

  protected routes(app: express.Express): void {
    this.oauth?.mountLinkedInIdentity(app, '');
    app.use(express.json(), express.raw({ type: (req) => !req.headers['content-type']?.startsWith('application/json'), limit: '600mb' }));

    const fail = (res: express.Response, status: number, message: string) => res.status(status).json({ status, message });
    /** the member the token acts for, after the headers every /rest call needs */
    const restCall = (req: express.Request, res: express.Response): string | undefined => {
      const member = this.memberOf(bearerToken(req));
      if (!member) return (void fail(res, 401, 'Invalid access token'), undefined);
      if (!/^\d{6}$/.test(req.header('linkedin-version') ?? ''))
        return (void fail(res, 426, 'A valid LinkedIn-Version header (YYYYMM) is required'), undefined);
      if (req.header('x-restli-protocol-version') !== '2.0.0')
        return (void fail(res, 400, 'X-Restli-Protocol-Version 2.0.0 is required'), undefined);
      return member;
    };
    const newAsset = (kind: 'image' | 'video' | 'document', owner: string, parts: number, size: number): FakeAsset => {
      const asset: FakeAsset = {
        urn: `urn:li:${kind}:${randomUUID()}`,
        owner,
        state: 'WAITING_UPLOAD',
        partEtags: new Array(parts).fill(undefined),
        size,
        uploadToken: kind === 'video' ? randomUUID() : '',
      };
      this.assets.set(asset.urn, asset);
      return asset;
    };

    app.post('/rest/images', async (req, res) => {
      const member = restCall(req, res);
      if (!member || (await this.scripted('images.initialize', res))) return;
      if (req.query.action !== 'initializeUpload') return fail(res, 400, 'action must be initializeUpload');
      const owner = req.body?.initializeUploadRequest?.owner;
      if (!this.actsAs(member, owner)) return fail(res, 403, `Not enough permissions to upload as ${String(owner)}`);
      const asset = newAsset('image', owner, 1, 0);
      res.json({
        value: {
          uploadUrlExpiresAt: Date.now() + 3_600_000,
          uploadUrl: `${this.url}/upload/${encodeURIComponent(asset.urn)}/0`,
          image: asset.urn,
        },
      });
    });

    app.post('/rest/videos', async (req, res) => {
      const member = restCall(req, res);
      if (!member) return;
      if (req.query.action === 'initializeUpload') {
        if (await this.scripted('videos.initialize', res)) return;
        const request = req.body?.initializeUploadRequest;
        if (!this.actsAs(member, request?.owner)) return fail(res, 403, `Not enough permissions to upload as ${String(request?.owner)}`);
        if (!Number.isInteger(request.fileSizeBytes) || request.fileSizeBytes <= 0) return fail(res, 400, 'fileSizeBytes is required');
        const parts = Math.ceil(request.fileSizeBytes / this.videoPartBytes);
        const asset = newAsset('video', request.owner, parts, request.fileSizeBytes);
        const uploadInstructions = asset.partEtags.map((_, part) => ({
          uploadUrl: `${this.url}/upload/${encodeURIComponent(asset.urn)}/${part}`,
          firstByte: part * this.videoPartBytes,
          lastByte: Math.min(request.fileSizeBytes, (part + 1) * this.videoPartBytes) - 1,
        }));
        return res.json({
          value: { uploadUrlsExpireAt: Date.now() + 3_600_000, video: asset.urn, uploadInstructions, uploadToken: asset.uploadToken },
        });
      }
      if (req.query.action === 'finalizeUpload') {
        if (await this.scripted('videos.finalize', res)) return;
        const request = req.body?.finalizeUploadRequest;
        const asset = this.assets.get(String(request?.video));
        if (!asset || !this.actsAs(member, asset.owner)) return fail(res, 404, 'Unknown video');
        if (request.uploadToken !== asset.uploadToken) return fail(res, 400, 'uploadToken does not match');
        const expected = asset.partEtags;
        if (expected.includes(undefined) || JSON.stringify(request.uploadedPartIds) !== JSON.stringify(expected)) {
          return fail(res, 400, 'uploadedPartIds must list every uploaded part, in order');
        }
        asset.state = 'AVAILABLE';
        return res.status(200).end();
      }
      fail(res, 400, 'action must be initializeUpload or finalizeUpload');
    });

    app.post('/rest/documents', async (req, res) => {
      const member = restCall(req, res);
      if (!member || (await this.scripted('documents.initialize', res))) return;
      if (req.query.action !== 'initializeUpload') return fail(res, 400, 'action must be initializeUpload');
      const owner = req.body?.initializeUploadRequest?.owner;
      if (!this.actsAs(member, owner)) return fail(res, 403, `Not enough permissions to upload as ${String(owner)}`);
      const asset = newAsset('document', owner, 1, 0);
      res.json({
        value: {
          uploadUrlExpiresAt: Date.now() + 3_600_000,
          uploadUrl: `${this.url}/upload/${encodeURIComponent(asset.urn)}/0`,
          document: asset.urn,
        },
      });
    });

    // The upload URLs LinkedIn hands out (on its own storage host in real life).
    app.put('/upload/:urn/:part', async (req, res) => {
      const asset = this.assets.get(req.params.urn);
      const kind = asset?.urn.split(':')[2];
      const isVideo = kind === 'video';
      if (await this.scripted(isVideo ? 'videos.upload' : kind === 'document' ? 'documents.upload' : 'images.upload', res)) return;
      const part = Number(req.params.part);
      if (!asset || !(part in asset.partEtags)) return fail(res, 404, 'Unknown upload');
      // images and documents need the member's token on the PUT; video part URLs are pre-signed
      if (!isVideo && !this.actsAs(this.memberOf(bearerToken(req)) ?? '', asset.owner)) return fail(res, 401, 'Invalid access token');
      if (!Buffer.isBuffer(req.body) || req.body.length === 0) return fail(res, 400, 'No bytes');
      if (kind === 'document') {
        if (!req.body.subarray(0, 5).equals(Buffer.from('%PDF-'))) return fail(res, 400, 'The document is not a PDF');
        if (req.body.length > DOCUMENT_MAX_BYTES) return fail(res, 413, 'A document is at most 100 MB');
        // a page object is `/Type /Page`, the page tree's nodes `/Type /Pages`
        const pages = (req.body.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
        if (pages > DOCUMENT_MAX_PAGES) return fail(res, 400, `A document has at most ${DOCUMENT_MAX_PAGES} pages, this one ${pages}`);
      }
      const etag = `"part-${part}-${req.body.length}"`;
      asset.partEtags[part] = etag;
      if (!isVideo) asset.state = 'AVAILABLE';
      res
        .status(isVideo ? 200 : 201)
        .set('ETag', etag)
        .end();
    });

    /** A read: the member after the headers, the scripted failure and the daily budget; undefined when it answered. */
    const readCall = async (route: LinkedInRoute, req: express.Request, res: express.Response) => {
      const member = restCall(req, res);
      if (!member || (await this.scripted(route, res))) return undefined;
      if (this.readBudget.spend(bearerToken(req)!) !== undefined) {
        return void res.status(429).json({
          status: 429,
          serviceErrorCode: 101,
          code: 'TOO_MANY_REQUESTS',
          message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.',
        });
      }
      return member;
    };
    const accessDenied = (res: express.Response, resource: string) =>
      res
        .status(403)
        .json({ status: 403, serviceErrorCode: 100, code: 'ACCESS_DENIED', message: `Not enough permissions to access: ${resource}` });
    const livePost = (urn: string) => (this.deletedPostUrns.has(urn) ? undefined : this.posts.find((post) => post.urn === urn));

    app.get('/rest/socialMetadata/:urn', async (req, res) => {
      const member = await readCall('socialMetadata.get', req, res);
      if (!member) return;
      const post = livePost(req.params.urn);
      if (!post) return fail(res, 404, `Post ${req.params.urn} not found`);
      const allowed = post.author.startsWith('urn:li:organization:')
        ? post.author === member
        : this.memberSocialReaders.has(bearerToken(req)!);
      if (!allowed) return accessDenied(res, 'socialMetadata.GET.NO_VERSION');
      const counts = engagementSince(post.receivedAt);
      const praise = Math.floor(counts.likes / 3);
      res.json({
        entity: post.urn,
        reactionSummaries: {
          LIKE: { reactionType: 'LIKE', count: counts.likes - praise },
          ...(praise > 0 && { PRAISE: { reactionType: 'PRAISE', count: praise } }),
        },
        commentSummary: { count: counts.replies, topLevelCount: counts.replies },
        commentsState: 'OPEN',
      });
    });

    app.get('/rest/organizationalEntityShareStatistics', async (req, res) => {
      const member = await readCall('shareStatistics.get', req, res);
      if (!member) return;
      if (req.query.q !== 'organizationalEntity') return fail(res, 400, 'q must be organizationalEntity');
      if (req.query.organizationalEntity !== member) return accessDenied(res, 'organizationalEntityShareStatistics.GET.NO_VERSION');
      const list = /^List\((.*)\)$/.exec(String(req.query.shares ?? req.query.ugcPosts ?? ''));
      if (!list) return fail(res, 400, 'shares or ugcPosts must be a List(…) of post URNs');
      const elements = list[1]!
        .split(',')
        .flatMap((urn) => {
          const post = livePost(urn);
          return post && post.author === member ? [post] : [];
        })
        .map((post) => {
          const counts = engagementSince(post.receivedAt);
          return {
            organizationalEntity: member,
            share: post.urn,
            totalShareStatistics: {
              impressionCount: counts.impressions,
              uniqueImpressionsCount: Math.floor(counts.impressions / 2),
              clickCount: counts.quotes,
              likeCount: counts.likes,
              commentCount: counts.replies,
              shareCount: counts.reposts,
              engagement: 0,
            },
          };
        });
      res.json({ elements, paging: { count: 10, start: 0, links: [] } });
    });

    app.get('/rest/networkSizes/:urn', async (req, res) => {
      const member = await readCall('networkSizes.get', req, res);
      if (!member) return;
      if (req.query.edgeType !== 'COMPANY_FOLLOWED_BY_MEMBER') return fail(res, 400, 'edgeType must be COMPANY_FOLLOWED_BY_MEMBER');
      if (req.params.urn !== member) return accessDenied(res, 'networkSizes.GET.NO_VERSION');
      res.json({ firstDegreeSize: followersSince(this.startedAt) });
    });

    app.get('/rest/memberFollowersCount', async (req, res) => {
      const member = await readCall('memberFollowersCount.get', req, res);
      if (!member) return;
      if (req.query.q !== 'me') return fail(res, 400, 'q must be me');
      if (!member.startsWith('urn:li:person:') || !this.memberAnalyticsReaders.has(bearerToken(req)!)) {
        return accessDenied(res, 'memberFollowersCount.FINDER-me.NO_VERSION');
      }
      res.json({ elements: [{ memberFollowersCount: followersSince(this.startedAt) }], paging: { count: 10, start: 0, links: [] } });
    });

    app.post('/rest/socialActions/:urn/comments', (req, res) => {
      const member = restCall(req, res);
      if (!member) return;
      const object = decodeURIComponent(String(req.params.urn));
      const { actor, object: bodyObject, message } = req.body ?? {};
      if (!this.actsAs(member, actor)) return fail(res, 403, `Not enough permissions to comment as ${String(actor)}`);
      if (bodyObject !== object) return fail(res, 400, '/object must be the URN of the path');
      if (typeof message?.text !== 'string' || message.text.length === 0) return fail(res, 422, '/message/text is required');
      if (message.text.length > 1250) return fail(res, 422, '/message/text is longer than 1250 characters');
      if (!this.posts.some((post) => post.urn === object) || this.deletedPostUrns.has(object))
        return fail(res, 404, `${object} does not exist`);
      const urn = `urn:li:comment:(${object},${this.comments.length + 7_000_000})`;
      this.comments.push({ urn, object, actor, text: message.text, receivedAt: Date.now() });
      res.status(201).set('x-restli-id', urn).json({ $URN: urn, actor, object, message });
    });

    app.post('/rest/posts', async (req, res) => {
      const member = restCall(req, res);
      if (!member || (await this.scripted('posts.create', res))) return;
      if (this.publishBudget.spend(member) !== undefined) {
        this.publishRefusals += 1;
        return fail(res, 429, 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.');
      }
      const post = req.body ?? {};
      if (!this.actsAs(member, post.author)) return fail(res, 403, `Not enough permissions to post as ${String(post.author)}`);
      for (const field of ['commentary', 'visibility', 'distribution', 'lifecycleState'] as const) {
        if (post[field] === undefined) return fail(res, 422, `/${field} is required`);
      }
      if (post.lifecycleState !== 'PUBLISHED') return fail(res, 422, 'lifecycleState must be PUBLISHED');
      if (post.distribution?.feedDistribution !== 'MAIN_FEED') return fail(res, 422, 'distribution.feedDistribution is required');
      if (typeof post.commentary !== 'string' || post.commentary.length > 3000)
        return fail(res, 422, 'commentary is longer than 3000 characters');
      const mediaIds: string[] = post.content?.media
        ? [post.content.media.id]
        : (post.content?.multiImage?.images ?? []).map((image: { id: string }) => image.id);
      for (const id of mediaIds) {
        const asset = this.assets.get(id);
        if (!asset || asset.owner !== post.author || asset.state !== 'AVAILABLE') return fail(res, 422, `${id} is not uploaded`);
      }
      const isDocument = String(post.content?.media?.id ?? '').startsWith('urn:li:document:');
      if (isDocument && (typeof post.content.media.title !== 'string' || post.content.media.title.trim() === ''))
        return fail(res, 422, '/content/media/title is required for a document');
      const duplicate = this.posts.find((p) => p.author === post.author && p.commentary === post.commentary);
      if (duplicate) return fail(res, 422, `Content is a duplicate of ${duplicate.urn}`);
      this.nextShare += 1n;
      const urn = `urn:li:share:${this.nextShare}`;
      this.posts.push({
        urn,
        author: post.author,
        commentary: post.commentary,
        content: post.content,
        linkedInVersion: req.header('linkedin-version')!,
        receivedAt: Date.now(),
      });
      res.status(201).set('x-restli-id', urn).end();
    });
  }
}
