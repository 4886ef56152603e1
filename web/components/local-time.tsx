import { formatInZone } from '../utils/time';
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

/** When a post goes out, or that it has none yet (a draft may be saved without a time). */
export function PublishTime({ iso }: { iso: string | null }) {
  return iso ? <LocalTime iso={iso} /> : <span className="no-date">No date yet</span>;
}
