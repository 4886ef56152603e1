// Publishes one post to one account, exactly once: the recorded publication is checked
// before the platform is called, the idempotency key travels with the call, and the
// result is recorded in the same step.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Platform } from '../domain/post';
import { decryptSecret } from '../lib/crypto';
import type { Db } from '../lib/db';
import { DEFAULT_BREAKER_OPTIONS, PlatformCircuitBreakers, type BreakerOptions } from './circuit-breakers';
import { PublishError } from './errors';
import { recordPublishAttempt } from './publish-metrics';
import type { Publishers } from './publishers';

export interface PublishInput {
  postId: string;
  teamId: string;
  connectionId: string;
  content: string;
  revision: number;
  idempotencyKey: string;
  /** ISO 8601: when the post was due, to measure how late it went out */
  publishAt: string;
}

export interface PublishResult {
  platformPostId: string;
  url: string;
  attempts: number;
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
  encryptionKey: string;
  publishers: Publishers;
  /** overrides of the circuit breakers' defaults */
  breakerOptions?: Partial<BreakerOptions>;
}

export function createPublishToTarget(deps: PublishDeps) {
  const { db } = deps;
  const breakers = new PlatformCircuitBreakers({ ...DEFAULT_BREAKER_OPTIONS, ...deps.breakerOptions });

  return async function publishToTarget(input: PublishInput): Promise<PublishResult> {
    const { attempt } = Context.current().info;
    const where = { postId_connectionId: { postId: input.postId, connectionId: input.connectionId } };
    const target = await db.postTarget.findUnique({
      where,
      select: {
        status: true,
        platformPostId: true,
        url: true,
        attempts: true,
        publishedAt: true,
        connection: {
          select: { id: true, teamId: true, platform: true, handle: true, instanceUrl: true, encryptedCredentials: true },
        },
      },
    });
    if (target?.status === 'PUBLISHED' && target.platformPostId && target.publishedAt) {
      return {
        platformPostId: target.platformPostId,
        url: target.url ?? '',
        attempts: target.attempts,
        publishedAt: target.publishedAt.toISOString(),
      };
    }

    try {
      const connection = target?.connection;
      if (!connection || connection.teamId !== input.teamId) {
        throw new PublishError('CONNECTION_MISSING', 'The account was disconnected or the post no longer targets it');
      }
      const platform = connection.platform as Platform;
      const publisher = deps.publishers[platform];
      if (!publisher) throw new PublishError('UNSUPPORTED_PLATFORM', `Publishing to ${platform} is not available yet`);

      await db.postTarget.update({ where, data: { status: 'PUBLISHING', attempts: attempt } });
      const published = await breakers.publish(platform, publisher, {
        content: input.content,
        media: [],
        idempotencyKey: input.idempotencyKey,
        connection: {
          id: connection.id,
          platform,
          handle: connection.handle,
          instanceUrl: connection.instanceUrl,
          credentials: JSON.parse(decryptSecret(connection.encryptedCredentials, deps.encryptionKey)) as Record<string, unknown>,
        },
      });
      const publishedAt = new Date();
      recordPublishAttempt(platform, {
        outcome: 'published',
        latenessMs: publishedAt.getTime() - Date.parse(input.publishAt),
        breakerState: breakers.state(platform),
      });
      await db.postTarget.update({
        where,
        data: {
          status: 'PUBLISHED',
          revision: input.revision,
          platformPostId: published.platformPostId,
          url: published.url,
          publishedAt,
          lastError: null,
        },
      });
      return { ...published, attempts: attempt, publishedAt: publishedAt.toISOString() };
    } catch (error) {
      const failure =
        error instanceof PublishError
          ? error
          : new PublishError('INTERNAL', error instanceof Error ? error.message : String(error));
      const platform = target?.connection?.platform as Platform | undefined;
      recordPublishAttempt(platform ?? 'UNKNOWN', {
        outcome: failure.retryable ? 'retryable_error' : 'permanent_error',
        errorKind: failure.kind,
        breakerState: platform ? breakers.state(platform) : undefined,
      });
      Context.current().log.warn('Publishing attempt failed', {
        postId: input.postId,
        connectionId: input.connectionId,
        attempt,
        kind: failure.kind,
        error: failure.message,
      });
      await db.postTarget
        .updateMany({ where: { postId: input.postId, connectionId: input.connectionId }, data: { attempts: attempt, lastError: failure.message } })
        .catch(() => undefined); // the database may be what failed; Temporal still has the error
      const details: PublishFailureDetails = { kind: failure.kind, retryable: failure.retryable, attempt };
      throw ApplicationFailure.create({
        message: failure.message,
        type: failure.kind,
        nonRetryable: !failure.retryable,
        details: [details],
        nextRetryDelay: failure.retryAfterMs,
      });
    }
  };
}
