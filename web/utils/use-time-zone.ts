import { useRouteLoaderData } from 'react-router';
import type { loader as rootLoader } from '../root';
import { browserTimeZone, FALLBACK_TIME_ZONE } from './time';
import { useHydrated } from './use-hydrated';

/**
 * The zone the page shows and reads times in: the profile's; without one, the browser's
 * after hydration (UTC on the server and during hydration, so both render the same).
 */
export function useTimeZone(): { timeZone: string; fromProfile: boolean } {
  const profileZone = useRouteLoaderData<typeof rootLoader>('root')?.user?.timeZone ?? null;
  const hydrated = useHydrated();
  if (profileZone) return { timeZone: profileZone, fromProfile: true };
  return { timeZone: hydrated ? browserTimeZone() : FALLBACK_TIME_ZONE, fromProfile: false };
}
