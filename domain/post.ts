// The vocabulary of a post, shared by the workflow, activities, API and web app.
// NOTE: workflow code imports its types only: its values read the platform registry
// (platforms/index.ts), whose rules use libraries the workflow sandbox refuses (twitter-text).
import { PLATFORM_DEFINITIONS, platformDefinition, type PlatformId, type PlatformsWhere } from '../platforms';
import type { TargetOptions } from './target-options';

export const POST_STATUSES = [
  'DRAFT',
  'PENDING_APPROVAL',
  'SCHEDULED',
  'PUBLISHING',
  'PUBLISHED',
  'PARTIALLY_PUBLISHED',
  'FAILED',
  'CANCELLED',
] as const;
export type PostStatus = (typeof POST_STATUSES)[number];

export const TARGET_STATUSES = ['PENDING', 'PUBLISHING', 'PUBLISHED', 'FAILED', 'CANCELLED'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

/** Every platform, in the order lists show them (platforms/index.ts registers them). */
export const PLATFORMS: readonly Platform[] = PLATFORM_DEFINITIONS.map((definition) => definition.id);
export type Platform = PlatformId;

/** The platform's name as users know it. */
export function platformName(platform: Platform): string {
  return platformDefinition(platform).name;
}

/** Accounts connected through an OAuth provider's consent screen (platforms/oauth-flows.server.ts registers each one's flow). */
export type OAuthPlatform = PlatformsWhere<'connectsWith', 'oauth'>;

/** Accounts connected with a pasted access token, app password, bot token or webhook URL, not through OAuth: reconnecting one means giving a new one. */
export type TokenPlatform = PlatformsWhere<'connectsWith', 'token'>;
const TOKEN_PLATFORMS: ReadonlySet<string> = new Set(
  PLATFORM_DEFINITIONS.filter((definition) => definition.connectsWith === 'token').map((definition) => definition.id),
);

export function isTokenPlatform(platform: string): platform is TokenPlatform {
  return TOKEN_PLATFORMS.has(platform);
}

/** A part of a thread after the post's own content and media, which are its first part. */
export interface ThreadPart {
  content: string;
  /** in publishing order */
  mediaIds: string[];
}

/** One part of a thread as published on one account (part 1 is the thread's second part). */
export interface PartState {
  part: number;
  platformPostId: string;
  /** Bluesky: the part's content id, which the first comment's reply names */
  platformCid?: string;
  url: string;
  /** ISO 8601 */
  publishedAt: string;
}

/** A published post as the next part of a thread names it in its reply. */
export interface PlatformPostRef {
  platformPostId: string;
  /** Bluesky: the record's content id, which a reply names beside its uri */
  platformCid?: string;
}

/** Whether a post may be a thread there: each later part is published as a reply to the part before it. */
export function takesThreads(platform: Platform): boolean {
  return platformDefinition(platform).threads;
}

/** Whether a post may have a first comment there, published by the same account right after the post. */
export function takesComments(platform: Platform): boolean {
  return platformDefinition(platform).comments;
}

/** How the post's first comment went on one account: it has its own status, apart from the post's. */
export interface CommentState {
  status: 'PUBLISHED' | 'FAILED';
  platformCommentId?: string;
  url?: string;
  /** ISO 8601 */
  publishedAt?: string;
  error?: string;
}

export interface TargetState {
  connectionId: string;
  platform: Platform;
  /** this account's own text instead of the post's content */
  content?: string;
  /** this account's platform options (domain/target-options.ts) */
  options?: TargetOptions;
  status: TargetStatus;
  /** the content revision published here */
  revision?: number;
  platformPostId?: string;
  /** Bluesky: the first part's content id, which the thread's replies name as their root */
  platformCid?: string;
  url?: string;
  /** the thread's parts after the first that this account published, in order */
  parts?: PartState[];
  /** the first comment, once this account's post is out and the comment was tried */
  comment?: CommentState;
  attempts: number;
  lastError?: string;
  /** whether the last error will be retried by Temporal */
  lastErrorRetryable?: boolean;
  publishedAt?: string;
}

const FINAL_TARGET_STATUSES: ReadonlySet<TargetStatus> = new Set(['PUBLISHED', 'FAILED', 'CANCELLED']);

/**
 * The target fields the workflow's state write records (activities/save-post-state.ts): its
 * outcome once it has one; while it is in flight the publish activity owns them (none).
 */
export function recordedTargetOutcome(target: TargetState) {
  if (!FINAL_TARGET_STATUSES.has(target.status)) return {};
  return {
    status: target.status,
    revision: target.revision ?? null,
    platformPostId: target.platformPostId ?? null,
    url: target.url ?? null,
    attempts: target.attempts,
    lastError: target.lastError ?? null,
    publishedAt: target.publishedAt ? new Date(target.publishedAt) : null,
    commentError: target.comment?.error ?? null,
  };
}

/**
 * What the post workflow knows and answers in its status query. Times are ISO 8601
 * strings so the state is plain JSON in history and over the API.
 */
/** A post with a publish time: every post but a draft without a planned time. */
export function isDated<T extends { publishAt: Date | null }>(post: T): post is T & { publishAt: Date } {
  return post.publishAt !== null;
}

export interface PostState {
  postId: string;
  teamId: string;
  status: PostStatus;
  publishAt: string;
  content: string;
  revision: number;
  targets: TargetState[];
  /** attached media, in publishing order */
  mediaIds: string[];
  /** the parts that follow content and mediaIds in a thread; absent in states from before threads */
  thread?: ThreadPart[];
  /** seconds between the parts of a thread */
  threadDelaySeconds?: number;
  /** published by each account right after the post (after a thread's last part) */
  firstComment?: string;
  /** changes that arrived too late (after publishing started), kept visible */
  refusedChanges: Array<{ kind: 'edit' | 'reschedule'; at: string; reason: string }>;
  /** increases with every change, so the database applies writes in order */
  stateVersion: number;
  /** present when the post needs a decider's approval (domain/approvals.ts) */
  approval?: ApprovalState;
}

/** A decision on a post that needs approval, as the workflow keeps it. */
export interface ApprovalDecision {
  kind: 'approved' | 'rejected';
  /** the deciding user's id */
  by: string;
  at: string;
  /** the revision decided on */
  revision: number;
  /** a rejection's reason */
  comment?: string;
}

/** How the review of a post that needs approval stands. */
export interface ApprovalState {
  /** decisions close this many minutes before publishAt */
  deadlineMinutes: number;
  /** true once the deadline passed without a decision: approving then needs a new time */
  expired: boolean;
  /** the latest decision, if any */
  decision?: ApprovalDecision;
}
