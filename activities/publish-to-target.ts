// Publishes one post to one account, exactly once: the recorded publication is checked
// before the platform is called, the idempotency key travels with the call, and the
// result is recorded in the same step.
import { randomUUID } from 'node:crypto';
import { trace } from '@opentelemetry/api';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import type { Platform, PlatformPostRef } from '../domain/post';
import { CHANGES_CLOSE_BEFORE_MS } from '../domain/post-lifecycle';
import { DEFAULT_PUBLISH_RATE_LIMITS } from '../lib/config';
import { MEDIA_KINDS } from '../domain/platform-rules';
import { optionMediaIds, type TargetOptions } from '../domain/target-options';
import { utcTimestamp, type Db } from '../lib/db';
import { MediaNotFoundError, type MediaStore } from '../lib/media-store';
import { signedMediaUrl } from '../lib/media-urls';
import { DEFAULT_BREAKER_OPTIONS, PlatformCircuitBreakers, type BreakerOptions } from './circuit-breakers';
import type { ConnectionCredentials } from './connection-credentials';
import { PublishError } from '../lib/platforms/errors';
import type { PublishLimit } from '../lib/platforms/publish-limits';
import { createPublishBudgets } from './publish-budgets';
import { recordPublishAttempt } from './publish-metrics';
import { withWebUrlOnly } from './publishers/post-url';
import type { PublishedPost, PublishMedia, Publishers } from './publishers/publisher';

export interface PublishInput {
  postId: string;
  teamId: string;
  connectionId: string;
  content: string;
  /** the account's platform options (domain/target-options.ts) */
  options?: TargetOptions;
  /** attached media in publishing order */
  mediaIds: string[];
  revision: number;
  idempotencyKey: string;
  /** ISO 8601: when the post was due, to measure how late it went out */
  publishAt: string;
  /**
   * ISO 8601: set when the workflow started this activity ahead of publishAt (a publish
   * lead). The activity prepares, waits until then, and publishes only if the post in the
   * database is still the one it was started for.
   */
  notBefore?: string;
  /**
   * The post is the first part of a thread: the target stays PUBLISHING once it is out,
   * until the workflow has published the other parts (publishThreadPart).
   */
  opensThread?: boolean;
  /**
   * ISO 8601: the time this publish was reserved in its account's budget by an earlier
   * activity that answered `waitForBudget`; the workflow waited until then.
   */
  budgetReservedAt?: string;
}

/** A thread's part or a first comment is a post to its platform too, counted in the account's budget as the post is. */
type Budgeted = Pick<PublishInput, 'postId' | 'connectionId' | 'budgetReservedAt' | 'notBefore'>;

/**
 * What a publish answers instead of publishing when its account's (or app's) budget is
 * spent: it is reserved for `until`, and the workflow waits until then, holding no
 * worker slot and counting no failed attempt, before it starts the publish again.
 */
export interface PublishBudgetWait {
  waitForBudget: {
    /** ISO 8601 */
    until: string;
    /** the platform's limit it waits for, e.g. "MASTODON: 300 per 5 min per account" */
    limit: string;
  };
}

export interface PublishResult {
  platformPostId: string;
  /** Bluesky: the record's content id, which the thread's next part names */
  platformCid?: string;
  url: string;
  attempts: number;
  /** ISO 8601 */
  publishedAt: string;
  /** what did not go out with the post and is not retried (a YouTube thumbnail): the target's lastError */
  notice?: string;
}

/** One later part of a thread (part 1 is its second part), published as a reply on one account. */
export interface PublishPartInput {
  postId: string;
  teamId: string;
  connectionId: string;
  revision: number;
  part: number;
  content: string;
  /** the part's media in publishing order */
  mediaIds: string[];
  /** idempotencyKeyFor(post, account, revision, part) */
  idempotencyKey: string;
  /** the thread's first part, and the part this one answers */
  replyTo: { root: PlatformPostRef; parent: PlatformPostRef };
  /** as PublishInput's */
  budgetReservedAt?: string;
}

export interface PublishPartResult {
  platformPostId: string;
  platformCid?: string;
  url: string;
  /** ISO 8601 */
  publishedAt: string;
}

/** The first comment on one account's post, by that account, right after the post (after a thread's last part). */
export interface PublishCommentInput {
  postId: string;
  teamId: string;
  connectionId: string;
  revision: number;
  content: string;
  /** commentIdempotencyKeyFor(post, account, revision) */
  idempotencyKey: string;
  /** the post commented on: a thread's first part */
  post: PlatformPostRef & { url: string };
  /** what a comment that is a reply answers: a thread's last part, else the post */
  lastPart: PlatformPostRef;
  /** as PublishInput's */
  budgetReservedAt?: string;
}

export interface PublishCommentResult {
  platformCommentId: string;
  url: string;
  /** ISO 8601 */
  publishedAt: string;
}

/** Attached to a failed attempt so the workflow can show attempts and the error's class. */
export interface PublishFailureDetails {
  kind: string;
  retryable: boolean;
  attempt: number;
}

export interface PublishDeps {
  db: Db;
  /** decrypts a connection's credentials and keeps its OAuth tokens fresh */
  credentials: ConnectionCredentials;
  publishers: Publishers;
  mediaStore: MediaStore;
  /** builds the signed public media URLs (lib/media-urls.ts) */
  publicUrl: string;
  sessionSecret: string;
  /** overrides of the circuit breakers' defaults */
  breakerOptions?: Partial<BreakerOptions>;
  /** each platform's limits per account and app (config PUBLISH_RATE_LIMITS); the documented ones by default */
  publishBudgets?: (platform: Platform) => readonly PublishLimit[];
  /** opens a connection to a platform ahead of a call due in a few seconds (the worker's PlatformConnectionPool.warm) */
  warmConnection?: (url: string) => void;
}

/** How long before its time a publish started ahead claims its target: after changes close (CHANGES_CLOSE_BEFORE_MS). */
const PREPARE_AHEAD_MS = CHANGES_CLOSE_BEFORE_MS / 2;

/**
 * A running publish tells Temporal it is alive. The workflow sets a heartbeat timeout, so a
 * publish whose worker died (while it waits for its time above all) is retried elsewhere
 * within that timeout instead of after its start-to-close limit. Beats also deliver
 * cancellation. Beating every 80 % of the timeout costs a waiting publish two or three
 * beats however long its wait, and is never sooner than the SDK's throttle (80 % of the
 * timeout, at most 60 s), so no beat is held back to be flushed when the publish ends.
 */
const BEAT_AT_SHARE_OF_TIMEOUT = 0.8;

/** Beats until the returned function is called. */
function keepHeartbeating(): () => void {
  const context = Context.current();
  const everyMs = context.info.heartbeatTimeoutMs! * BEAT_AT_SHARE_OF_TIMEOUT;
  context.heartbeat();
  const beating = setInterval(() => context.heartbeat(), everyMs);
  return () => clearInterval(beating);
}

async function sleepUntil(time: number): Promise<void> {
  const waitMs = time - Date.now();
  if (waitMs > 0) await Context.current().sleep(waitMs);
}

class PostChangedError extends Error {
  constructor() {
    super('The post was changed, cancelled or published while this publish waited for its time');
  }
}

export function createPublishToTarget(deps: PublishDeps) {
  const { db } = deps;
  const breakers = new PlatformCircuitBreakers({ ...DEFAULT_BREAKER_OPTIONS, ...deps.breakerOptions });
  const budgets = createPublishBudgets(db, deps.publishBudgets ?? ((platform) => DEFAULT_PUBLISH_RATE_LIMITS[platform].budgets));

  /**
   * The post's media, in order, with their bytes read from the store only when asked for.
   * A missing one fails the publish, unless `missing` is 'leave-out' (media an option names).
   */
  async function loadMedia(
    teamId: string,
    mediaIds: readonly string[],
    missing: 'refuse' | 'leave-out' = 'refuse',
  ): Promise<PublishMedia[]> {
    if (mediaIds.length === 0) return [];
    const rows = await db.media.findMany({
      where: { id: { in: [...mediaIds] }, teamId },
      select: { id: true, kind: true, mimeType: true, sizeBytes: true, fileName: true, altText: true, storageKey: true },
    });
    const byId = new Map(rows.map((row) => [row.id, row]));
    const absent = mediaIds.filter((id) => !byId.has(id));
    if (absent.length > 0 && missing === 'refuse')
      throw new PublishError('CONTENT_REJECTED', `The post's media ${absent.join(', ')} no longer exist`);
    return mediaIds.flatMap((id) => {
      const row = byId.get(id);
      if (!row) return [];
      return {
        id: row.id,
        kind: MEDIA_KINDS[row.kind],
        mimeType: row.mimeType,
        sizeBytes: row.sizeBytes,
        fileName: row.fileName,
        altText: row.altText,
        read: async () => {
          try {
            return await deps.mediaStore.read(row.storageKey);
          } catch (error) {
            // a file deleted from the store behind planrrr's back will not come back by retrying
            if (error instanceof MediaNotFoundError)
              throw new PublishError('CONTENT_REJECTED', `The file of media ${row.id} is gone from the media store`);
            throw error;
          }
        },
        publicUrl: (expiresInSeconds) =>
          signedMediaUrl({ publicUrl: deps.publicUrl, sessionSecret: deps.sessionSecret, mediaId: row.id, expiresInSeconds }),
      };
    });
  }

  /**
   * Records the publication and its attempt. One statement rather than Prisma's nested
   * write (a transaction of several round trips): a burst records thousands at once.
   */
  async function recordPublished(input: PublishInput, attempt: number, published: PublishedPost, publishedAt: Date): Promise<void> {
    const at = utcTimestamp(publishedAt);
    await db.$executeRaw`
      WITH target AS (
        UPDATE "PostTarget" SET status = ${input.opensThread ? 'PUBLISHING' : 'PUBLISHED'}::"TargetStatus", revision = ${input.revision},
          "platformPostId" = ${published.platformPostId}, "platformCid" = ${published.platformCid ?? null},
          url = ${published.url}, "publishedAt" = ${at}, "lastError" = ${published.notice ?? null}
        WHERE "postId" = ${input.postId} AND "connectionId" = ${input.connectionId}
        RETURNING id
      )
      INSERT INTO "PublishAttempt" (id, "targetId", attempt, at, outcome)
      SELECT ${randomUUID()}, target.id, ${attempt}, ${at}, 'published' FROM target`;
  }

  /**
   * Marks the target PUBLISHING if the post is still the one this activity was started
   * for: not cancelled, edited or rescheduled while the activity waited.
   */
  async function claimStartedAhead(input: PublishInput, attempt: number): Promise<void> {
    // One statement: a burst of posts claims thousands of targets in the same seconds.
    const claimed = await db.$executeRaw`
      UPDATE "PostTarget" AS target SET status = 'PUBLISHING', attempts = ${attempt}
      FROM "Post" AS post
      WHERE post.id = target."postId"
        AND target."postId" = ${input.postId} AND target."connectionId" = ${input.connectionId}
        AND target.status IN ('PENDING', 'PUBLISHING', 'FAILED')
        AND post.revision = ${input.revision} AND post.status IN ('SCHEDULED', 'PUBLISHING')
        AND post."publishAt" = ${utcTimestamp(new Date(input.publishAt))}`;
    if (claimed === 0) throw new PostChangedError();
  }

  /**
   * Takes the publish from its account's budget unless the workflow waited for a
   * reservation made by the publish before (a retry after a failed call takes anew);
   * answers the wait, recorded on the target, when the budget is spent. `what` names what
   * waits when it is not the post itself (a thread's part, the first comment).
   */
  async function waitForBudget(
    input: Budgeted,
    attempt: number,
    account: { platform: Platform; handle: string; instanceUrl: string | null },
    what?: string,
  ): Promise<PublishBudgetWait | undefined> {
    if (input.budgetReservedAt && attempt === 1) return undefined;
    const taken = await budgets.take(account, input.notBefore ? new Date(input.notBefore) : undefined);
    if (!taken.wait) return undefined;
    const until = taken.until.toISOString();
    recordPublishAttempt(account.platform, { outcome: 'waited_for_budget' });
    await db.postTarget.update({
      where: { postId_connectionId: { postId: input.postId, connectionId: input.connectionId } },
      data: {
        attemptLog: {
          create: {
            attempt,
            outcome: 'waited',
            errorKind: 'BUDGET',
            error: `${what ? `${what} waits` : 'Waits'} until ${until} for ${taken.limit}`,
            retryable: true,
          },
        },
      },
    });
    return { waitForBudget: { until, limit: taken.limit } };
  }

  async function publishOnce(input: PublishInput): Promise<PublishResult | PublishBudgetWait> {
    const { attempt } = Context.current().info;
    const where = { postId_connectionId: { postId: input.postId, connectionId: input.connectionId } };
    const target = await db.postTarget.findUnique({
      where,
      select: {
        status: true,
        revision: true,
        platformPostId: true,
        platformCid: true,
        url: true,
        attempts: true,
        publishedAt: true,
        lastError: true,
        connection: {
          select: { id: true, teamId: true, platform: true, handle: true, instanceUrl: true, encryptedCredentials: true, status: true },
        },
      },
    });
    // a thread's first part stays recorded on a target whose later part failed: it is out at this revision
    const published = target?.status === 'PUBLISHED' || target?.revision === input.revision;
    if (published && target?.platformPostId && target.publishedAt) {
      return {
        platformPostId: target.platformPostId,
        ...(target.platformCid ? { platformCid: target.platformCid } : {}),
        url: target.url ?? '',
        attempts: target.attempts,
        publishedAt: target.publishedAt.toISOString(),
        // a published target's error is the notice recorded with it
        ...(target.status === 'PUBLISHED' && target.lastError ? { notice: target.lastError } : {}),
      };
    }

    try {
      const connection = target?.connection;
      if (!connection || connection.teamId !== input.teamId) {
        throw new PublishError('CONNECTION_MISSING', 'The account was disconnected or the post no longer targets it');
      }
      const platform = connection.platform as Platform;
      trace.getActiveSpan()?.setAttribute('planrrr.platform', platform);
      const publisher = deps.publishers[platform];
      if (!publisher) throw new PublishError('UNSUPPORTED_PLATFORM', `Publishing to ${platform} is not available yet`);

      const media = await loadMedia(input.teamId, input.mediaIds);
      const optionMedia = await loadMedia(input.teamId, optionMediaIds(platform, input.options), 'leave-out');
      const account = { ...connection, platform };
      // A publish started ahead takes from its budget now, for its time, and claims its
      // target shortly before the time, once changes have closed: when many posts fall due
      // in the same second, those seconds go to the claims alone, and at the time itself
      // only the platform calls are left (BENCHMARKS.md, bench:budgets). A change before the
      // time leaves its reservation counted, erring on the safe side.
      let budgetTaken = false;
      if (input.notBefore) {
        const budgetWait = await waitForBudget(input, attempt, account);
        if (budgetWait) return budgetWait;
        budgetTaken = true;
        await sleepUntil(Date.parse(input.notBefore) - PREPARE_AHEAD_MS);
        await claimStartedAhead(input, attempt);
      } else await db.postTarget.update({ where, data: { status: 'PUBLISHING', attempts: attempt } });
      // a call refused for its token is made again with a fresh one: within the same take
      const answered = await deps.credentials.publishWithFreshCredentials(account, async (credentials) => {
        if (!budgetTaken) {
          budgetTaken = true;
          const budgetWait = await waitForBudget(input, attempt, account);
          if (budgetWait) return budgetWait;
        }
        const onPlatform = forPublishing(account, credentials);
        if (input.notBefore) {
          // so that at the time only the post's own calls are left
          await publisher.prepare?.(onPlatform).catch((error: unknown) => {
            Context.current().log.info('Could not prepare the publish ahead of its time; it does so at the time', { error: String(error) });
          });
          const destination = publisher.publishesTo?.(onPlatform);
          if (destination) deps.warmConnection?.(destination);
          await sleepUntil(Date.parse(input.notBefore));
        }
        return breakers.publish(platform, publisher, {
          content: input.content,
          ...(input.options !== undefined && { options: input.options }),
          media,
          ...(optionMedia.length > 0 && { optionMedia: new Map(optionMedia.map((item) => [item.id, item])) }),
          idempotencyKey: input.idempotencyKey,
          connection: onPlatform,
        });
      });
      if ('waitForBudget' in answered) return answered;
      const published = webUrlOnly(answered, input.postId, platform);
      const publishedAt = new Date();
      recordPublishAttempt(platform, {
        outcome: 'published',
        latenessMs: publishedAt.getTime() - Date.parse(input.publishAt),
        breakerState: breakers.state(platform),
      });
      await recordPublished(input, attempt, published, publishedAt);
      return { ...published, attempts: attempt, publishedAt: publishedAt.toISOString() };
    } catch (error) {
      // replaced by a change while it waited (the workflow cancelled it): not a platform attempt
      if (error instanceof CancelledFailure) throw error;
      if (error instanceof PostChangedError) {
        // Not a platform attempt. The workflow cancelled this activity when the post changed,
        // so no retry follows; if the database merely lags behind the change, the retry publishes.
        throw ApplicationFailure.create({ message: error.message, type: 'PostChanged', nextRetryDelay: '1 second' });
      }
      throw await failedAttempt(error, input, target?.connection?.platform as Platform | undefined);
    }
  }

  /**
   * Records a failed platform call (metrics, log, the target's attempt log) and answers the
   * failure Temporal retries or not. `what` names what failed when it is not the post itself
   * (a thread's part, the first comment), in the error and in the target's column for it.
   */
  async function failedAttempt(
    error: unknown,
    input: Pick<PublishInput, 'postId' | 'connectionId'>,
    platform: Platform | undefined,
    what?: { label: string; errorField: 'lastError' | 'commentError' },
  ): Promise<ApplicationFailure> {
    const { attempt } = Context.current().info;
    const cause =
      error instanceof PublishError ? error : new PublishError('INTERNAL', error instanceof Error ? error.message : String(error));
    const failure = what ? new PublishError(cause.kind, `${what.label}: ${cause.message}`, cause.retryAfterMs, cause.status) : cause;
    recordPublishAttempt(platform ?? 'UNKNOWN', {
      outcome: failure.retryable ? 'retryable_error' : 'permanent_error',
      errorKind: failure.kind,
      breakerState: platform ? breakers.state(platform) : undefined,
    });
    Context.current().log.warn('Publishing attempt failed', {
      postId: input.postId,
      connectionId: input.connectionId,
      ...(what && { failed: what.label }),
      attempt,
      kind: failure.kind,
      error: failure.message,
    });
    const errorFields =
      what?.errorField === 'commentError' ? { commentError: failure.message } : { attempts: attempt, lastError: failure.message };
    await db.postTarget
      .update({
        where: { postId_connectionId: { postId: input.postId, connectionId: input.connectionId } },
        data: {
          ...errorFields,
          attemptLog: {
            create: { attempt, outcome: 'failed', errorKind: failure.kind, error: failure.message, retryable: failure.retryable },
          },
        },
      })
      // the database may be what failed, or the target is gone (disconnected); Temporal still has the error
      .catch(() => undefined);
    const details: PublishFailureDetails = { kind: failure.kind, retryable: failure.retryable, attempt };
    return ApplicationFailure.create({
      message: failure.message,
      type: failure.kind,
      nonRetryable: !failure.retryable,
      details: [details],
      nextRetryDelay: failure.retryAfterMs,
    });
  }

  /**
   * The account a thread's part or a comment goes to, with its publisher, while the post
   * still targets it; a PublishError otherwise.
   */
  async function targetAccount(input: Pick<PublishInput, 'postId' | 'teamId' | 'connectionId'>) {
    const connection = await db.connection.findFirst({
      where: { id: input.connectionId, teamId: input.teamId, targets: { some: { postId: input.postId } } },
      select: { id: true, platform: true, handle: true, instanceUrl: true, encryptedCredentials: true, status: true },
    });
    if (!connection) throw new PublishError('CONNECTION_MISSING', 'The account was disconnected or the post no longer targets it');
    const platform = connection.platform as Platform;
    trace.getActiveSpan()?.setAttribute('planrrr.platform', platform);
    const publisher = deps.publishers[platform];
    if (!publisher) throw new PublishError('UNSUPPORTED_PLATFORM', `Publishing to ${platform} is not available yet`);
    return { connection: { ...connection, platform }, publisher };
  }

  type Account = Awaited<ReturnType<typeof targetAccount>>['connection'];

  function forPublishing(connection: Pick<Account, 'id' | 'platform' | 'handle' | 'instanceUrl'>, credentials: Record<string, unknown>) {
    const { id, platform, handle, instanceUrl } = connection;
    return { id, platform, handle, instanceUrl, credentials };
  }

  /**
   * A later part of a thread, exactly once as a target is: the recorded publication of
   * (post, account, part, revision) is checked before the platform is called, the part's
   * own idempotency key travels with the call, and the publication is recorded right after.
   */
  async function publishPartOnce(input: PublishPartInput): Promise<PublishPartResult | PublishBudgetWait> {
    const key = { postId: input.postId, connectionId: input.connectionId, part: input.part, revision: input.revision };
    const recorded = await db.partPublication.findUnique({ where: { postId_connectionId_part_revision: key } });
    if (recorded) return partResult(recorded);
    let platform: Platform | undefined;
    try {
      const { connection, publisher } = await targetAccount(input);
      platform = connection.platform;
      const media = await loadMedia(input.teamId, input.mediaIds);
      const budgetWait = await waitForBudget(input, Context.current().info.attempt, connection, `Part ${input.part + 1} of the thread`);
      if (budgetWait) return budgetWait;
      const answered = await deps.credentials.publishWithFreshCredentials(connection, (credentials) =>
        breakers.publish(connection.platform, publisher, {
          content: input.content,
          media,
          idempotencyKey: input.idempotencyKey,
          replyTo: input.replyTo,
          connection: forPublishing(connection, credentials),
        }),
      );
      const published = webUrlOnly(answered, input.postId, connection.platform);
      const row = await db.partPublication.create({
        data: {
          ...key,
          platformPostId: published.platformPostId,
          platformCid: published.platformCid ?? null,
          url: published.url,
          publishedAt: new Date(),
        },
      });
      recordPublishAttempt(connection.platform, { outcome: 'published', breakerState: breakers.state(connection.platform) });
      return partResult(row);
    } catch (error) {
      throw await failedAttempt(error, input, platform, { label: `Part ${input.part + 1} of the thread`, errorField: 'lastError' });
    }
  }

  /** The first comment on one account's post, exactly once, as a part: checked, sent, recorded per (post, account, revision). */
  async function publishCommentOnce(input: PublishCommentInput): Promise<PublishCommentResult | PublishBudgetWait> {
    const key = { postId: input.postId, connectionId: input.connectionId, revision: input.revision };
    const recorded = await db.commentPublication.findUnique({ where: { postId_connectionId_revision: key } });
    if (recorded) return commentResult(recorded);
    let platform: Platform | undefined;
    try {
      const { connection, publisher } = await targetAccount(input);
      platform = connection.platform;
      if (!publisher.comment) throw new PublishError('UNSUPPORTED_PLATFORM', `planrrr cannot comment on ${platform}`);
      const budgetWait = await waitForBudget(input, Context.current().info.attempt, connection, 'The first comment');
      if (budgetWait) return budgetWait;
      const comment = publisher.comment.bind(publisher);
      const answered = await deps.credentials.publishWithFreshCredentials(connection, (credentials) =>
        comment({
          content: input.content,
          idempotencyKey: input.idempotencyKey,
          post: input.post,
          lastPart: input.lastPart,
          connection: forPublishing(connection, credentials),
        }),
      );
      const published = webUrlOnly(answered, input.postId, connection.platform);
      const row = await db.commentPublication.create({
        data: { ...key, platformCommentId: published.platformPostId, url: published.url, publishedAt: new Date() },
      });
      // a failure of an earlier attempt is over
      await db.postTarget.updateMany({ where: { postId: input.postId, connectionId: input.connectionId }, data: { commentError: null } });
      return commentResult(row);
    } catch (error) {
      throw await failedAttempt(error, input, platform, { label: 'The first comment', errorField: 'commentError' });
    }
  }

  /** Runs a publish while telling Temporal it is alive; the activity's span (lib/tracing.ts) names the post and account. */
  function beating<I extends Pick<PublishInput, 'postId' | 'teamId' | 'connectionId'>, O>(publish: (input: I) => Promise<O>) {
    return async (input: I): Promise<O> => {
      trace
        .getActiveSpan()
        ?.setAttributes({ 'planrrr.post_id': input.postId, 'planrrr.team_id': input.teamId, 'planrrr.connection_id': input.connectionId });
      const stopHeartbeating = keepHeartbeating();
      try {
        return await publish(input);
      } finally {
        stopHeartbeating();
      }
    };
  }

  return {
    publishToTarget: beating(publishOnce),
    publishThreadPart: beating(publishPartOnce),
    publishFirstComment: beating(publishCommentOnce),
  };
}

function webUrlOnly(answered: PublishedPost, postId: string, platform: Platform): PublishedPost {
  return withWebUrlOnly(answered, (url) =>
    Context.current().log.warn('The platform named a post URL that is not http(s); it is not kept', {
      postId,
      platform,
      url: url.slice(0, 200),
    }),
  );
}

function commentResult(row: { platformCommentId: string; url: string; publishedAt: Date }): PublishCommentResult {
  return { platformCommentId: row.platformCommentId, url: row.url, publishedAt: row.publishedAt.toISOString() };
}

function partResult(row: { platformPostId: string; platformCid: string | null; url: string; publishedAt: Date }): PublishPartResult {
  return {
    platformPostId: row.platformPostId,
    ...(row.platformCid ? { platformCid: row.platformCid } : {}),
    url: row.url,
    publishedAt: row.publishedAt.toISOString(),
  };
}
