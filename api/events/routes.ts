// GET /api/v1/events: the team's post status changes as server-sent events, so the web
// app (and API clients) see a post move without polling.
import { Router, type Response } from 'express';
import type { PostStatusNotification } from '../../lib/post-status-channel';
import { requireActor, requirePermission } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import type { PostStatusHub } from './post-status-hub';

/** Comment lines keep proxies and load balancers from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long a browser's EventSource waits before reconnecting. */
const RECONNECT_MS = 5_000;

export const POST_STATUS_EVENT = 'post.status';

function writeEvent(res: Response, notification: PostStatusNotification): void {
  const data = { postId: notification.postId, status: notification.status, stateVersion: notification.stateVersion };
  res.write(`id: ${notification.postId}:${notification.stateVersion}\nevent: ${POST_STATUS_EVENT}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function eventRoutes(hub: PostStatusHub, options: { streamsPerUser: number }): Router {
  const router = Router();
  const openStreams = new Map<string, number>();

  router.get('/events', requireActor, async (req, res) => {
    const actor = requirePermission(req, 'posts:read');
    const open = openStreams.get(actor.userId) ?? 0;
    if (open >= options.streamsPerUser) {
      throw new ProblemError(429, 'too-many-streams', 'Too many open event streams', `At most ${options.streamsPerUser} event streams per user; close one first.`, {}, RECONNECT_MS / 1000);
    }
    openStreams.set(actor.userId, open + 1);
    let unsubscribe: (() => void) | undefined;
    let heartbeat: NodeJS.Timeout | undefined;
    let cleanedUp = false;
    const cleanUp = () => {
      if (cleanedUp) return;
      cleanedUp = true;
      clearInterval(heartbeat);
      unsubscribe?.();
      const left = (openStreams.get(actor.userId) ?? 1) - 1;
      if (left > 0) openStreams.set(actor.userId, left);
      else openStreams.delete(actor.userId);
    };
    res.once('close', cleanUp);

    try {
      unsubscribe = await hub.subscribe({ teamId: actor.teamId, send: (notification) => writeEvent(res, notification), end: () => res.end() });
    } catch {
      cleanUp(); // the hub logged why
      throw problems.unavailable('The event stream is unavailable just now; try again shortly.');
    }
    if (res.destroyed) return unsubscribe();
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      // no-transform: compression middleware and proxies must not buffer the stream
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    heartbeat = setInterval(() => res.write(': heartbeat\n\n'), HEARTBEAT_MS);
  });

  return router;
}
