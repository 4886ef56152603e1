// The one interface every platform implements. A publisher turns content into a post on
// its platform, or throws a PublishError that says whether trying again can help.
import type { Platform, PlatformPostRef } from '../../domain/post';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db';
import type { PostMetricsReading } from '../../domain/post-metrics';
import type { TargetOptions } from '../../domain/target-options';

export interface ConnectionForPublishing {
  id: string;
  platform: Platform;
  handle: string;
  instanceUrl: string | null;
  /** decrypted credentials, shaped per platform */
  credentials: Record<string, unknown>;
}

/** One image or video attached to a post, as a publisher receives it. */
export interface PublishMedia {
  id: string;
  /** a document is a PDF (LinkedIn's document posts) */
  kind: 'image' | 'video' | 'document';
  mimeType: string;
  sizeBytes: number;
  fileName: string;
  altText: string | null;
  /** the file's bytes, read from planrrr's media store when a publisher needs them */
  read(): Promise<Buffer>;
  /**
   * A public URL of the file that works for `expiresInSeconds`, for platforms that fetch
   * media themselves (Instagram). Signed, so only who holds the URL can read the file.
   * Absent where the worker has no public URL to give (tests that build media by hand).
   */
  publicUrl?(expiresInSeconds: number): string;
}

export interface PublishRequest {
  content: string;
  /** the account's platform options, unparsed: the publisher parses its own (domain/target-options.ts) */
  options?: TargetOptions;
  /** in the order the editor arranged them; empty for a text post */
  media: readonly PublishMedia[];
  /** the media the options name (a YouTube thumbnail), by id; one deleted from the library is absent */
  optionMedia?: ReadonlyMap<string, PublishMedia>;
  /** stable for one (post, target, revision, part): sent where the platform honours one */
  idempotencyKey: string;
  connection: ConnectionForPublishing;
  /**
   * A later part of a thread: the post replies to `parent`, the part before it, in the
   * thread that `root` (the first part) opened. Only publishers of THREAD_PLATFORMS get one.
   */
  replyTo?: { root: PlatformPostRef; parent: PlatformPostRef };
}

/** The first comment on a published post, by the account that published it. */
export interface CommentRequest {
  content: string;
  /** stable for one (post, account, revision) */
  idempotencyKey: string;
  connection: ConnectionForPublishing;
  /** the post commented on (a thread's first part) */
  post: PlatformPostRef & { url: string };
  /** what a reply answers where a comment is a reply (X, Bluesky, Mastodon): a thread's last part, else the post */
  lastPart: PlatformPostRef;
}

/** A comment where it is a reply: a post of the account's own, answering the post's last part in its thread. */
export function replyForComment(request: CommentRequest): PublishRequest {
  return {
    content: request.content,
    media: [],
    idempotencyKey: request.idempotencyKey,
    connection: request.connection,
    replyTo: { root: request.post, parent: request.lastPart },
  };
}

export interface PublishedPost {
  platformPostId: string;
  /** Bluesky: the record's content id, which a reply to it names */
  platformCid?: string;
  url: string;
  /**
   * What did not go out with a published post and is not retried, since a retry would
   * publish the post again (a YouTube thumbnail YouTube refused): the target's lastError.
   */
  notice?: string;
}

export interface MetricsRequest {
  /** the post's id on the platform, as publish answered it */
  platformPostId: string;
  connection: ConnectionForPublishing;
}

/** A post's counts as the platform gave them, or word that the post is gone from the platform. */
export type MetricsAnswer = ({ kind: 'reading' } & PostMetricsReading) | { kind: 'deleted' };

/** An account's follower count as the platform gave it, or why there is none (never a zero). */
export type FollowersAnswer = { followers: number } | { followers: null; missingReason: string };

export interface Publisher {
  /**
   * Does ahead of a post's time what its publish would otherwise do first at the time
   * (Bluesky's login), for a publish that waits for its time. Best effort: a failure here
   * is not reported, the publish at the time meets it again.
   */
  prepare?(connection: ConnectionForPublishing): Promise<void>;
  /**
   * Where the account's publish calls go (a URL; its origin counts), so that a publish waiting
   * for its time opens its connection there a few seconds ahead (PlatformConnectionPool.warm).
   * Absent, or undefined: the connection is opened at the time.
   */
  publishesTo?(connection: ConnectionForPublishing): string | undefined;
  publish(request: PublishRequest): Promise<PublishedPost>;
  /** Publishes the first comment on a post (COMMENT_PLATFORMS); its id and URL are the comment's. */
  comment?(request: CommentRequest): Promise<PublishedPost>;
  /**
   * Reads a published post's metrics (workflows/post-metrics-workflow.ts). Absent where
   * planrrr does not collect them yet. A 404 or 410 may also be thrown as a PublishError.
   */
  fetchMetrics?(request: MetricsRequest): Promise<MetricsAnswer>;
  /** Reads the account's follower count (the daily followers Schedule). Absent where planrrr does not read it yet. */
  fetchFollowers?(connection: ConnectionForPublishing): Promise<FollowersAnswer>;
}

/** The worker's publishers by platform (platforms/publishers.server.ts makes them). */
export type Publishers = Partial<Record<Platform, Publisher>>;

/** What a platform's publisher is made from in the worker (each platform's `publisherFromConfig`). */
export type PublisherFactory = (deps: { db: Db; config: Config }) => Publisher;

/** The deadline of a call that carries a file; bounded by the activity's 2-minute limit. */
export const PLATFORM_UPLOAD_TIMEOUT_MS = 100_000;
