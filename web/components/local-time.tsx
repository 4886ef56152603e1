import { formatInZone, wallClockBeside, zoneCity } from '../utils/time';
import { useTimeZone } from '../utils/use-time-zone';

/** A time in the user's time zone (web/utils/use-time-zone.ts). */
export function LocalTime({ iso, options }: { iso: string; options?: Intl.DateTimeFormatOptions }) {
  const { timeZone } = useTimeZone();
  return (
    <time dateTime={iso} title={timeZone}>
      {formatInZone(iso, timeZone, options)}
      {timeZone === 'UTC' ? ' UTC' : null}
    </time>
  );
}

/**
 * When a post goes out, in the user's zone and, when it was scheduled in another, on that
 * zone's clock too; or that it has none yet (a draft may be saved without a time).
 */
export function PublishTime({ iso, timeZone }: { iso: string | null; timeZone: string | null }) {
  if (!iso) return <span className="no-date">No date yet</span>;
  return (
    <span>
      <LocalTime iso={iso} />
      <PostTimeZone iso={iso} timeZone={timeZone} />
    </span>
  );
}

/**
 * The time on the clock of the zone a post was scheduled in, beside the user's own time,
 * when that zone is not theirs: "(09:00 in America/New_York)", or on a calendar chip,
 * where space is short, "09:00 New York" (on a line of its own there). The user's time
 * stays first: pages and the calendar's grid are laid out in their zone.
 */
export function PostTimeZone({ iso, timeZone, variant = 'full' }: { iso: string; timeZone: string | null; variant?: 'full' | 'compact' }) {
  const reader = useTimeZone().timeZone;
  if (!timeZone || timeZone === reader) return null;
  const wallClock = wallClockBeside(iso, timeZone, reader);
  // the space outside the span: a line may break there, so the span can move to the next line whole
  return (
    <>
      {' '}
      <span className={`time-zone post-time-zone-${variant}`} title={`Scheduled in ${timeZone}`}>
        {variant === 'compact' ? `${wallClock} ${zoneCity(timeZone)}` : `(${wallClock} in ${timeZone})`}
      </span>
    </>
  );
}
