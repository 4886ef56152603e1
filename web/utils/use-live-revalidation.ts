import { useEffect, useRef } from 'react';
import { useNavigation, useRevalidator } from 'react-router';

/**
 * Reloads the page's data every `intervalMs` while `active` (a post is still on its way),
 * so a status turns PUBLISHED without a reload. Paused while the tab is hidden.
 */
export function useLiveRevalidation(active: boolean, intervalMs = 3_000): void {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const latest = useRef({ revalidator, navigation });
  latest.current = { revalidator, navigation };

  useEffect(() => {
    if (!active) return;
    let timer: ReturnType<typeof setInterval> | undefined;
    const tick = () => {
      const { revalidator, navigation } = latest.current;
      // Never on top of a submission or a revalidation still under way.
      if (revalidator.state === 'idle' && navigation.state === 'idle') void revalidator.revalidate();
    };
    const start = () => {
      timer ??= setInterval(tick, intervalMs);
    };
    const stop = () => {
      clearInterval(timer);
      timer = undefined;
    };
    const onVisibilityChange = () => {
      if (document.hidden) return stop();
      tick();
      start();
    };
    if (!document.hidden) start();
    document.addEventListener('visibilitychange', onVisibilityChange);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibilityChange);
    };
  }, [active, intervalMs]);
}
