// GET /api/v1/events: the team's post status changes as server-sent events, so the web
// app (and API clients) see a post move without polling.
import { Router, type Response } from 'express';
import type { PostStatusNotification } from '../../lib/post-status-channel';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { ProblemError, problems } from '../http/problem';
import { security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
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

interface EventDeps {
  hub: PostStatusHub;
  streamsPerUser: number;
  /** open streams by user id, to hold each user to streamsPerUser */
  openStreams: Map<string, number>;
}

export const eventEndpoints = defineRoutes<EventDeps>(API_BASE, [
  {
    method: 'get',
    path: '/events',
    operationId: 'streamEvents',
    tags: ['events'],
    summary: "Server-sent events: the team's post status changes as they happen",
    description:
      'A `text/event-stream` that stays open. Each change is an event `post.status` with `id: <postId>:<stateVersion>` and ' +
      '`data: {"postId","status","stateVersion"}`; comment lines (`: heartbeat`) keep it alive every 15 s. ' +
      'Changes made while a client was disconnected are not replayed: read the posts again after reconnecting.',
    security: security.sessionOrToken,
    responses: { 200: { description: 'The open stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
    problems: {
      401: '',
      403: '',
      429: 'too many open streams for this user (`too-many-streams`)',
      503: 'the server cannot reach the database',
    },
    before: [requireActor],
    async handler(req, res, { hub, streamsPerUser, openStreams }) {
      const actor = requirePermission(req, 'posts:read');
      const open = openStreams.get(actor.userId) ?? 0;
      if (open >= streamsPerUser) {
        throw new ProblemError(
          429,
          'too-many-streams',
          'Too many open event streams',
          `At most ${streamsPerUser} event streams per user; close one first.`,
          {},
          RECONNECT_MS / 1000,
        );
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
        unsubscribe = await hub.subscribe({
          teamId: actor.teamId,
          send: (notification) => writeEvent(res, notification),
          end: () => res.end(),
        });
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
    },
  },
]);

export function eventRoutes(hub: PostStatusHub, options: { streamsPerUser: number }): Router {
  return addRoutes(Router(), eventEndpoints, { hub, streamsPerUser: options.streamsPerUser, openStreams: new Map() });
}
