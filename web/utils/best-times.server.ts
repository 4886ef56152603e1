// The best times to post on each account (GET /analytics/best-times per account), for the
// composer's and the queue's hints.
import type { AppLoadContext } from 'react-router';
import type { Actor } from '../../api/auth/actor';
import type { BestTimesHint } from '../components/best-time-hint';

/** Each account's best times in `timeZone` (default: the user's), from its last year of posts or the stated fallback. */
export async function bestTimesByAccount(
  context: AppLoadContext,
  actor: Actor,
  connectionIds: readonly string[],
  timeZone?: string,
): Promise<Record<string, BestTimesHint>> {
  const answers = await Promise.all(
    connectionIds.map(async (connectionId): Promise<[string, BestTimesHint]> => {
      const answer = await context.services.audience.bestTimes(actor, { connectionId, timeZone });
      // the hint only, not the heatmap's cells
      const hint: BestTimesHint =
        answer.basis === 'history'
          ? { basis: answer.basis, suggestions: answer.suggestions, fallbackReason: null, timeZone: answer.timeZone }
          : { basis: answer.basis, suggestions: answer.suggestions, fallbackReason: answer.fallbackReason, timeZone: answer.timeZone };
      return [connectionId, hint];
    }),
  );
  return Object.fromEntries(answers);
}
