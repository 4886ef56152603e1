// Client preview links: a team shares a read-only page of its posts with someone who has no
// account. The link's token is the only credential, so it is random (256 bits), stored
// hashed, expires, and can be revoked; a revoked or expired link answers 410, not the posts.
// What a client sees is read here with its own narrow select: the posts the link names (or
// its range holds), of the link's team only, without their history, errors or labels, and
// of the post's comments only those sent through this link.
// A client may approve or comment when the link allows it, under a name they type. Their
// approval counts as the team's (it releases a post PENDING_APPROVAL) only when the link's
// maker may decide on that post under the team's approval policy: making an approving link
// hands the client your own decision. Otherwise it is recorded for the team to act on.
import { RateLimiterPrisma, RateLimiterRes } from 'rate-limiter-flexible';
import { whyCannotDecide } from '../../domain/approvals';
import { PREVIEW_PAGE_PATH } from '../../domain/preview-links';
import { asTargetOptions } from '../../domain/target-options';
import { randomToken, sha256 } from '../../lib/crypto';
import { readApprovalPolicy } from '../../lib/approval-policy';
import type { Db } from '../../lib/db';
import { signedMediaUrl } from '../../lib/media-urls';
import type { Prisma } from '../../prisma/generated/client';
import type { ApprovalService } from '../approvals/service';
import type { AuditLog } from '../audit/service';
import { membershipRole, type Actor } from '../auth/actor';
import { tooManyAttempts } from '../auth/login-limits';
import type { CommentService } from '../comments/service';
import { ProblemError, problems } from '../http/problem';
import type { ClientPreviewSchema, PreviewLinkSchema } from '../openapi/responses';
import type { z } from 'zod';
import type { ClientApprovalInput, ClientCommentInput, CreatePreviewInput } from './schemas';

const DAY_MS = 24 * 60 * 60 * 1000;
/** how long the media URLs of an opened page work: long enough to read it, short enough that a revoked link's media stop soon */
const MEDIA_URL_SECONDS = 60 * 60;
/** a range shows at most this many posts: far more than a team plans in six weeks */
const MAX_RANGE_POSTS = 300;
/** a client's approvals and comments per link and hour: plenty for a review, a wall against a script */
const CLIENT_WRITES_PER_HOUR = 60;
/** a post not out yet: a client's approval still means something */
const APPROVABLE_STATUSES: ReadonlySet<string> = new Set(['DRAFT', 'PENDING_APPROVAL', 'SCHEDULED']);

export type PreviewLinkView = z.infer<typeof PreviewLinkSchema>;
export type ClientPreview = z.infer<typeof ClientPreviewSchema>;
export type ClientPost = ClientPreview['posts'][number];

const LINK_FIELDS = {
  id: true,
  label: true,
  postIds: true,
  rangeFrom: true,
  rangeTo: true,
  connectionIds: true,
  timeZone: true,
  allowApprove: true,
  allowComment: true,
  expiresAt: true,
  revokedAt: true,
  createdAt: true,
  createdBy: { select: { id: true, name: true } },
} as const satisfies Prisma.PreviewLinkSelect;
type LinkRow = Prisma.PreviewLinkGetPayload<{ select: typeof LINK_FIELDS }>;

const CLIENT_MEDIA_FIELDS = { id: true, kind: true, fileName: true, altText: true } as const;
const CLIENT_POST_FIELDS = {
  id: true,
  authorId: true,
  content: true,
  publishAt: true,
  status: true,
  firstComment: true,
  targets: {
    select: {
      connectionId: true,
      contentOverride: true,
      options: true,
      status: true,
      url: true,
      connection: { select: { platform: true, handle: true, displayName: true } },
    },
    orderBy: { connectionId: 'asc' },
  },
  media: { select: { media: { select: CLIENT_MEDIA_FIELDS } }, orderBy: { position: 'asc' } },
  parts: {
    select: { content: true, media: { select: { media: { select: CLIENT_MEDIA_FIELDS } }, orderBy: { position: 'asc' } } },
    orderBy: { position: 'asc' },
  },
} as const satisfies Prisma.PostSelect;
type ClientPostRow = Prisma.PostGetPayload<{ select: typeof CLIENT_POST_FIELDS }>;

function linkStatus(link: Pick<LinkRow, 'expiresAt' | 'revokedAt'>, now = new Date()): PreviewLinkView['status'] {
  if (link.revokedAt) return 'REVOKED';
  return link.expiresAt <= now ? 'EXPIRED' : 'ACTIVE';
}

function toLinkView(link: LinkRow): PreviewLinkView {
  return {
    id: link.id,
    label: link.label,
    postIds: link.postIds,
    range:
      link.rangeFrom && link.rangeTo
        ? { from: link.rangeFrom.toISOString(), to: link.rangeTo.toISOString(), connectionIds: link.connectionIds }
        : null,
    timeZone: link.timeZone,
    allowApprove: link.allowApprove,
    allowComment: link.allowComment,
    status: linkStatus(link),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    createdAt: link.createdAt.toISOString(),
    createdBy: link.createdBy,
  };
}

function linkGone(status: 'EXPIRED' | 'REVOKED'): ProblemError {
  return status === 'REVOKED'
    ? new ProblemError(
        410,
        'preview-link-revoked',
        'This preview link was revoked',
        'The team stopped sharing this page. Ask them for a new link.',
      )
    : new ProblemError(
        410,
        'preview-link-expired',
        'This preview link has expired',
        'The link worked for a limited time. Ask the team for a new one.',
      );
}

/** 400 naming `field`.<i> for each id that `known` lacks. */
function requireKnown(ids: readonly string[], known: ReadonlySet<string>, field: string, what: string): void {
  const unknown = ids.flatMap((id, index) =>
    known.has(id) ? [] : [{ field: `${field}.${index}`, message: `no ${what} with id ${id} in this team` }],
  );
  if (unknown.length > 0) throw problems.validation(unknown);
}

export interface PreviewServiceDeps {
  db: Db;
  audit: AuditLog;
  comments: Pick<CommentService, 'addFromClient' | 'fromClients'>;
  approvals: Pick<ApprovalService, 'approve'>;
  publicUrl: string;
  sessionSecret: string;
}

export function createPreviewService(deps: PreviewServiceDeps) {
  const { db, audit } = deps;
  // NOTE: counted in PostgreSQL like the log-in limits, so every server process shares them;
  // the server deletes expired counters (api/server.ts)
  const clientWrites = new RateLimiterPrisma({
    storeClient: db,
    tableName: 'rateLimitCounter',
    clearExpiredByTimeout: false,
    keyPrefix: 'preview-client-writes',
    points: CLIENT_WRITES_PER_HOUR,
    duration: 60 * 60,
  });

  /** The link a token opens, valid now; 404 for an unknown token, 410 for an expired or revoked one. */
  async function findOpenLink(token: string) {
    const link = await db.previewLink.findUnique({
      where: { tokenHash: sha256(token) },
      select: { ...LINK_FIELDS, teamId: true, team: { select: { name: true } } },
    });
    if (!link)
      throw new ProblemError(
        404,
        'not-found',
        'Preview link not found',
        'No preview link has this address. Check that it was copied whole.',
      );
    const status = linkStatus(link);
    if (status !== 'ACTIVE') throw linkGone(status);
    return link;
  }
  type OpenLink = Awaited<ReturnType<typeof findOpenLink>>;
  const commentLink = (link: OpenLink) => ({ id: link.id, teamId: link.teamId, createdById: link.createdBy?.id ?? null });

  /** A same-origin path to the media file that works for a while without a session (lib/media-urls.ts). */
  function mediaUrl(mediaId: string, expiresAt: Date): string {
    const expiresInSeconds = Math.max(1, Math.min(MEDIA_URL_SECONDS, Math.floor((expiresAt.getTime() - Date.now()) / 1000)));
    const url = new URL(signedMediaUrl({ publicUrl: deps.publicUrl, sessionSecret: deps.sessionSecret, mediaId, expiresInSeconds }));
    return `${url.pathname}${url.search}`;
  }

  function toClientPost(
    post: ClientPostRow,
    link: { connectionIds: string[]; expiresAt: Date; allowApprove: boolean },
    comments: ClientPost['comments'],
  ): ClientPost {
    const media = (links: ClientPostRow['media']) =>
      links.map(({ media: file }) => ({
        kind: file.kind,
        fileName: file.fileName,
        altText: file.altText,
        url: mediaUrl(file.id, link.expiresAt),
      }));
    // a range filtered to some accounts shows the post on those only: the others may be another client's
    const targets =
      link.connectionIds.length > 0 ? post.targets.filter((target) => link.connectionIds.includes(target.connectionId)) : post.targets;
    return {
      id: post.id,
      status: post.status,
      publishAt: post.publishAt?.toISOString() ?? null,
      content: post.content,
      media: media(post.media),
      thread: post.parts.map((part) => ({ content: part.content, media: media(part.media) })),
      firstComment: post.firstComment,
      accounts: targets.map((target) => ({
        platform: target.connection.platform,
        handle: target.connection.handle,
        displayName: target.connection.displayName,
        content: target.contentOverride ?? post.content,
        options: asTargetOptions(target.options) ?? null,
        status: target.status,
        url: target.url,
      })),
      // once approved through this link, the client has said their word: the form goes
      approvable: link.allowApprove && APPROVABLE_STATUSES.has(post.status) && !comments.some((comment) => comment.approval),
      comments,
    };
  }

  /** The posts as the client sees them, each with what clients sent about it through this link. */
  async function clientPosts(link: OpenLink, posts: ClientPostRow[]): Promise<ClientPost[]> {
    const sent = await deps.comments.fromClients(
      link.id,
      posts.map((post) => post.id),
    );
    return posts.map((post) =>
      toClientPost(
        post,
        link,
        sent.filter((comment) => comment.postId === post.id).map(({ postId: _postId, ...comment }) => comment),
      ),
    );
  }

  /** What a client's approval or comment needs: the link open and allowing it, the post one it shows, the hour's budget left. */
  async function beforeClientWrite(token: string, postId: string, what: 'approve' | 'comment') {
    const link = await findOpenLink(token);
    if (!(what === 'approve' ? link.allowApprove : link.allowComment)) {
      throw problems.forbidden(
        `This link lets you see the posts; the team did not let it ${what === 'approve' ? 'approve them' : 'comment'}.`,
      );
    }
    const [post] = await postsOf(link, postId);
    if (!post) throw problems.notFound('Post', postId);
    try {
      await clientWrites.consume(link.id);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw tooManyAttempts(error.msBeforeNext);
      throw error;
    }
    return { link, post };
  }

  /** The link's maker as the decider of this post, when the policy lets them decide on it; else undefined. */
  async function makerAsDecider(link: OpenLink, authorId: string | null): Promise<Actor | undefined> {
    if (!link.createdBy) return undefined;
    const role = await membershipRole(db, link.createdBy.id, link.teamId);
    if (!role) return undefined;
    const maker: Actor = { userId: link.createdBy.id, teamId: link.teamId, role, via: 'preview' };
    return whyCannotDecide(await readApprovalPolicy(db, link.teamId), maker, authorId) ? undefined : maker;
  }

  async function clientPostView(link: OpenLink, postId: string): Promise<ClientPost> {
    const [view] = await clientPosts(link, await postsOf(link, postId));
    if (!view) throw problems.notFound('Post', postId);
    return view;
  }

  /** The posts the link shows now; with `onlyPostId`, that one if the link shows it. */
  async function postsOf(link: OpenLink, onlyPostId?: string): Promise<ClientPostRow[]> {
    if (link.rangeFrom && link.rangeTo) {
      return db.post.findMany({
        where: {
          ...(onlyPostId !== undefined ? { id: onlyPostId } : {}),
          teamId: link.teamId,
          publishAt: { gte: link.rangeFrom, lt: link.rangeTo },
          status: { not: 'CANCELLED' },
          ...(link.connectionIds.length > 0 ? { targets: { some: { connectionId: { in: link.connectionIds } } } } : {}),
        },
        select: CLIENT_POST_FIELDS,
        orderBy: [{ publishAt: 'asc' }, { id: 'asc' }],
        take: MAX_RANGE_POSTS,
      });
    }
    const ids = onlyPostId === undefined ? link.postIds : link.postIds.filter((id) => id === onlyPostId);
    const posts = await db.post.findMany({ where: { id: { in: ids }, teamId: link.teamId }, select: CLIENT_POST_FIELDS });
    const byId = new Map(posts.map((post) => [post.id, post]));
    // in the link's order; a post deleted since is left out
    return link.postIds.flatMap((id) => byId.get(id) ?? []);
  }

  return {
    /** The link's URL (its token) is in `url`, shown once; only the token's hash is stored. */
    async create(actor: Actor, input: CreatePreviewInput): Promise<PreviewLinkView & { url: string }> {
      if (input.postIds) {
        const found = await db.post.findMany({ where: { id: { in: input.postIds }, teamId: actor.teamId }, select: { id: true } });
        requireKnown(input.postIds, new Set(found.map((post) => post.id)), 'body.postIds', 'post');
      }
      const connectionIds = input.range?.connectionIds ?? [];
      if (connectionIds.length > 0) {
        const found = await db.connection.findMany({ where: { id: { in: connectionIds }, teamId: actor.teamId }, select: { id: true } });
        requireKnown(connectionIds, new Set(found.map((connection) => connection.id)), 'body.range.connectionIds', 'connected account');
      }
      const creator = await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { timeZone: true } });
      const token = randomToken(32);
      const link = await db.previewLink.create({
        data: {
          teamId: actor.teamId,
          createdById: actor.userId,
          label: input.label,
          tokenHash: sha256(token),
          postIds: input.postIds ?? [],
          rangeFrom: input.range?.from ?? null,
          rangeTo: input.range?.to ?? null,
          connectionIds,
          timeZone: input.timeZone ?? creator.timeZone ?? 'UTC',
          allowApprove: input.allowApprove,
          allowComment: input.allowComment,
          expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
        },
        select: LINK_FIELDS,
      });
      await audit.record(actor, 'preview.created', {
        entityType: 'preview',
        entityId: link.id,
        details: { label: link.label, postIds: link.postIds, allowApprove: link.allowApprove, allowComment: link.allowComment },
      });
      return { ...toLinkView(link), url: new URL(`${PREVIEW_PAGE_PATH}/${token}`, deps.publicUrl).toString() };
    },

    /** The team's links, newest first, the expired and revoked ones too (until the team is deleted). */
    async list(actor: Actor): Promise<PreviewLinkView[]> {
      const links = await db.previewLink.findMany({
        where: { teamId: actor.teamId },
        select: LINK_FIELDS,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      });
      return links.map(toLinkView);
    },

    /** Stops the link working at once; revoking a revoked link changes nothing. */
    async revoke(actor: Actor, id: string): Promise<void> {
      const link = await db.previewLink.findFirst({ where: { id, teamId: actor.teamId }, select: { revokedAt: true } });
      if (!link) throw problems.notFound('Preview link', id);
      if (link.revokedAt) return;
      await db.previewLink.update({ where: { id }, data: { revokedAt: new Date() } });
      await audit.record(actor, 'preview.revoked', { entityType: 'preview', entityId: id });
    },

    /** What the link's page shows, as it is now: no session involved, the token is the credential. */
    async open(token: string): Promise<ClientPreview> {
      const link = await findOpenLink(token);
      const posts = await clientPosts(link, await postsOf(link));
      return {
        label: link.label,
        teamName: link.team.name,
        timeZone: link.timeZone,
        expiresAt: link.expiresAt.toISOString(),
        allowApprove: link.allowApprove,
        allowComment: link.allowComment,
        range: link.rangeFrom && link.rangeTo ? { from: link.rangeFrom.toISOString(), to: link.rangeTo.toISOString() } : null,
        posts,
      };
    },

    /**
     * A client approves a post the link shows. It releases a post PENDING_APPROVAL when the
     * link's maker may decide on it (see the top of this file); either way the approval is in
     * the post's comments and the audit log under the client's name.
     */
    async clientApprove(
      token: string,
      postId: string,
      input: ClientApprovalInput,
    ): Promise<{ countedAsTeamApproval: boolean; post: ClientPost }> {
      const { link, post } = await beforeClientWrite(token, postId, 'approve');
      if (!APPROVABLE_STATUSES.has(post.status)) {
        throw problems.conflict('post-not-approvable', 'This post is already out (or was cancelled): there is nothing left to approve.', {
          postStatus: post.status,
        });
      }
      const decider = post.status === 'PENDING_APPROVAL' ? await makerAsDecider(link, post.authorId) : undefined;
      let countedAsTeamApproval = false;
      if (decider) {
        try {
          await deps.approvals.approve(decider, postId, {});
          countedAsTeamApproval = true;
        } catch (error) {
          // too late for its time, or decided meanwhile: the client's word is still recorded, and the team acts on it
          if (!(error instanceof ProblemError) || error.status >= 500) throw error;
        }
      }
      await deps.comments.addFromClient(commentLink(link), postId, {
        name: input.name,
        body: input.note || 'Approved.',
        kind: 'client_approval',
      });
      await audit.record({ userId: link.createdBy?.id ?? null, teamId: link.teamId, via: 'preview' }, 'preview.client_approved', {
        entityType: 'post',
        entityId: postId,
        details: { clientName: input.name, previewLinkId: link.id, label: link.label, countedAsTeamApproval },
      });
      return { countedAsTeamApproval, post: await clientPostView(link, postId) };
    },

    /** A client comments on a post the link shows: the team reads it in the post's comments, the link's maker is told. */
    async clientComment(token: string, postId: string, input: ClientCommentInput): Promise<ClientPost> {
      const { link } = await beforeClientWrite(token, postId, 'comment');
      await deps.comments.addFromClient(commentLink(link), postId, { ...input, kind: 'comment' });
      await audit.record({ userId: link.createdBy?.id ?? null, teamId: link.teamId, via: 'preview' }, 'preview.client_commented', {
        entityType: 'post',
        entityId: postId,
        details: { clientName: input.name, previewLinkId: link.id, label: link.label },
      });
      return clientPostView(link, postId);
    },
  };
}

export type PreviewService = ReturnType<typeof createPreviewService>;
