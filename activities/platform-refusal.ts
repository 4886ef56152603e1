// How an activity that reads from a platform (metrics, followers) treats a PublishError:
// what trying again can help is thrown for Temporal to retry, after the platform's own
// Retry-After; a refusal (permissions withheld, the account needs reconnecting) is a
// reason to store in place of a count, never a zero.
import { ApplicationFailure } from '@temporalio/activity';
import { PublishError } from '../lib/platforms/errors';

/** The reason to store for a refused read; throws what a retry may help with. */
export function refusalReason(error: unknown): string {
  if (!(error instanceof PublishError)) throw error;
  if (error.retryable) throw ApplicationFailure.create({ message: error.message, type: error.kind, nextRetryDelay: error.retryAfterMs });
  return error.message;
}
