import { useEffect, useRef } from 'react';
import { useNavigation, useRevalidator } from 'react-router';

/** The server-sent event stream of the team's post status changes (api/events/routes.ts). */
const EVENTS_URL = '/api/v1/events';
const POST_STATUS_EVENT = 'post.status';
/** Used only when the event stream cannot be opened (e.g. too many tabs hold one). */
const FALLBACK_POLL_MS = 5_000;

/**
 * Reloads the page's data whenever a post the page shows changes status (server-sent
 * events), while `active` (a post is still on its way), so a status turns PUBLISHED
 * without a reload. `shows` limits which posts count; without it, any of the team's.
 */
export function useLiveRevalidation(active: boolean, shows: (postId: string) => boolean = () => true): void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const latest = useRef({ revalidator, navigation, shows });
  latest.current = { revalidator, navigation, shows };
  const missed = useRef(false);

  // A change that arrived during a submission or another revalidation is applied after it.
  useEffect(() => {
    if (missed.current && revalidator.state === 'idle' && navigation.state === 'idle') {
      missed.current = false;
      void revalidator.revalidate();
    }
  }, [revalidator.state, navigation.state, revalidator]);

  useEffect(() => {
    if (!active) return;
    const refresh = () => {
      const { revalidator, navigation } = latest.current;
      if (revalidator.state === 'idle' && navigation.state === 'idle') void revalidator.revalidate();
      else missed.current = true;
    };
    let poll: ReturnType<typeof setInterval> | undefined;
    const source = new EventSource(EVENTS_URL);
    source.addEventListener(POST_STATUS_EVENT, (event) => {
      const { postId } = JSON.parse((event as MessageEvent<string>).data) as { postId: string };
      if (latest.current.shows(postId)) refresh();
    });
    // The stream does not replay what changed before it opened: between the loader's read and
    // the first open (a retried post can publish in that gap) or while reconnecting. Reload
    // each time it opens, so nothing in such a gap is missed.
    source.addEventListener('open', refresh);
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED) poll ??= setInterval(refresh, FALLBACK_POLL_MS);
    });
    return () => {
      source.close();
      clearInterval(poll);
    };
  }, [active]);
}
