// "Best times for Alice: Tuesday 17:00, …": an account's best times from its own history, or
// common times said to be a fallback when it has too little (domain/audience.ts bestTimes).
import { bestTimeLabel, type BestTimes } from '../../domain/audience';

export type BestTimesHint = BestTimes & { timeZone: string };

export function BestTimeHint({ accountName, hint }: { accountName: string; hint: BestTimesHint }) {
  const times = hint.suggestions.map(bestTimeLabel).join(', ');
  return (
    <p className="hint best-time-hint" data-testid="best-time-hint" title={hint.fallbackReason ?? undefined}>
      {hint.basis === 'history' ? (
        <>
          Best times for {accountName}: <strong>{times}</strong> ({hint.timeZone}), from its posts’ engagement.
        </>
      ) : (
        <>
          Suggested for {accountName}: <strong>{times}</strong> ({hint.timeZone}). Common times, not its own: too little history yet.
        </>
      )}
    </p>
  );
}
