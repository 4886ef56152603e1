import { formatLocal, formatUtc } from '../utils/time';
import { useHydrated } from '../utils/use-hydrated';

/** A time in the reader's time zone; in UTC (and labelled so) until the browser takes over. */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  return <time dateTime={iso}>{hydrated ? formatLocal(iso) : formatUtc(iso)}</time>;
}
