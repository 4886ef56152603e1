import { Router } from 'express';
import { AVATAR_MIME_TYPES } from '../../lib/avatar';
import { listInProse, TOKEN_CONNECTS } from '../../platforms';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { oauthRoutes } from './oauth-routes';
import { AvatarQuerySchema, ConnectSchema, FollowersQuerySchema, RedditFlairsQuerySchema, SetSignatureSchema } from './schemas';

// Read from each token platform's connect form (platforms/<name>/connect.ts), so a new one is described without an edit here.
const CONNECT_SUMMARY = `Connect a token-based account: the demo feed, ${listInProse(TOKEN_CONNECTS.map((connect) => connect.connects))}`;
const CONNECT_DESCRIPTION = [
  `Connecting an account the team already has (${listInProse(
    TOKEN_CONNECTS.map((connect) => connect.sameAccount),
    'or',
  )}) reconnects it: its connection gets the new credentials and is ACTIVE again (200), so posts that target it publish and no duplicate appears.`,
  ...TOKEN_CONNECTS.flatMap((connect) => (connect.requires ? [connect.requires] : [])),
].join(' ');

export const connectionEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/connections',
    operationId: 'listConnections',
    tags: ['connections'],
    summary: 'Connected accounts of the current team',
    security: security.sessionOrToken,
    responses: { 200: json('ConnectionList', 'The connections, oldest first') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json({ data: await services.connections.list(requirePermission(req, 'connections:read')) });
    },
  },
  {
    method: 'post',
    path: '/connections',
    operationId: 'createConnection',
    tags: ['connections'],
    summary: CONNECT_SUMMARY,
    description: CONNECT_DESCRIPTION,
    security: security.sessionOrToken,
    request: { body: jsonBody(ConnectSchema) },
    responses: {
      200: json('Connection', 'Reconnected: the existing connection, with the new credentials'),
      201: json('Connection', 'Connected'),
    },
    problems: {
      400: '',
      401: '',
      403: '',
      422:
        'the platform rejected the credentials (`platform-credentials-rejected`, with `errors` naming the field) ' +
        'or could not be reached (`platform-unreachable`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'connections:write');
      const { connection, reconnected } = await services.connections.connect(actor, parseRequest(ConnectSchema, req, 'body'));
      // 200: the team already had this account, and its connection now has the new credentials
      res.status(reconnected ? 200 : 201).json(connection);
    },
  },
  {
    method: 'delete',
    path: '/connections/:id',
    operationId: 'deleteConnection',
    tags: ['connections'],
    summary: 'Disconnect an account',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Disconnected') },
    problems: { 401: '', 403: '', 404: '', 409: 'scheduled posts still target it (`connection-in-use`, with `scheduledPosts`)' },
    async handler(req, res, services) {
      await services.connections.disconnect(requirePermission(req, 'connections:write'), String(req.params.id));
      res.status(204).end();
    },
  },
  {
    method: 'get',
    path: '/connections/:id/avatar',
    operationId: 'getConnectionAvatar',
    tags: ['connections'],
    summary: "The account's profile picture, as downloaded from its platform at connect or reconnect",
    description:
      "Load it through the connection's `avatarUrl`, which changes with the picture. `ETag` and `If-None-Match` answer 304 when unchanged. " +
      '404 when the account has no picture (show its initials).',
    security: security.sessionOrToken,
    request: { params: IdParams, query: AvatarQuerySchema },
    responses: {
      200: {
        description: 'The picture, with the type detected from its bytes',
        content: Object.fromEntries(AVATAR_MIME_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])),
      },
      304: { description: 'Not modified (If-None-Match)' },
    },
    problems: { 401: '', 403: '', 404: 'no such connection in this team, or it has no picture' },
    async handler(req, res, services) {
      parseRequest(AvatarQuerySchema, req, 'query');
      const avatar = await services.connections.avatar(requirePermission(req, 'connections:read'), String(req.params.id));
      res
        .status(200)
        .set({
          'Content-Type': avatar.mimeType,
          // private: a team's accounts are not public; the versioned URL changes when the picture does
          'Cache-Control': 'private, max-age=86400',
          ETag: `"${avatar.updatedAt.getTime()}"`,
          // the type was detected from the bytes at connect; browsers must not guess another
          'X-Content-Type-Options': 'nosniff',
        })
        // answers 304 when If-None-Match names the same version
        .send(avatar.bytes);
    },
  },
  {
    method: 'get',
    path: '/connections/:id/followers',
    operationId: 'getConnectionFollowers',
    tags: ['connections'],
    summary: "The account's follower count per day, as the daily followers Schedule read it",
    description:
      'One entry per counted UTC day that the range [from, to) touches, oldest first (default: the last 30 days up to now). ' +
      'A day the platform refused, or the account needed reconnecting, has `followers: null` and `missingReason`; a day not counted is absent. ' +
      'The Schedule runs at FOLLOWERS_SAMPLE_TIME (UTC); a newly connected account is counted at once.',
    security: security.sessionOrToken,
    request: { params: IdParams, query: FollowersQuerySchema },
    responses: { 200: json('ConnectionFollowers', 'The counts per day, oldest first') },
    problems: {
      400: 'a bad time, or a range that is empty or longer than 366 days',
      401: '',
      403: '',
      404: 'no such connection in this team',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'analytics:read');
      res.json(await services.connections.followers(actor, String(req.params.id), parseRequest(FollowersQuerySchema, req, 'query')));
    },
  },
  {
    method: 'get',
    path: '/connections/:id/pinterest/boards',
    operationId: 'listPinterestBoards',
    tags: ['connections'],
    summary: 'The boards a Pinterest account can pin to, read from Pinterest now',
    description:
      "For a post's `targetOptions` (`pinterest.boardId`) and the composer's board choice. Sorted by name. " +
      '422 `connection-needs-reconnect` when Pinterest refuses the access, `platform-unreachable` when it cannot be asked.',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('PinterestBoardList', 'The boards, by name') },
    problems: { 401: '', 403: '', 404: 'no such Pinterest connection in this team', 422: 'Pinterest refused or could not be asked' },
    async handler(req, res, services) {
      res.json(await services.connections.pinterestBoards(requirePermission(req, 'connections:read'), String(req.params.id)));
    },
  },
  {
    method: 'get',
    path: '/connections/:id/reddit/flairs',
    operationId: 'listRedditFlairs',
    tags: ['connections'],
    summary: "A subreddit's link flairs, read from Reddit now with the account's access",
    description:
      "For a post's `targetOptions` (`reddit.flairId`): some subreddits refuse posts without one. " +
      '422 `flairs-unavailable` when the subreddit does not exist or does not let the account choose a flair.',
    security: security.sessionOrToken,
    request: { params: IdParams, query: RedditFlairsQuerySchema },
    responses: { 200: json('RedditFlairList', "The subreddit's flairs") },
    problems: {
      400: 'no subreddit, or not a subreddit name',
      401: '',
      403: '',
      404: 'no such Reddit connection in this team',
      422: 'Reddit refused or could not be asked',
    },
    async handler(req, res, services) {
      const { subreddit } = parseRequest(RedditFlairsQuerySchema, req, 'query');
      res.json(await services.connections.redditFlairs(requirePermission(req, 'connections:read'), String(req.params.id), subreddit));
    },
  },
  {
    method: 'get',
    path: '/connections/:id/demo-feed',
    operationId: 'getDemoFeed',
    tags: ['connections'],
    summary: 'What planrrr published to a demo connection (latest 100)',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('DemoFeed', 'The demo connection and its items, newest first') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.connections.demoFeed(requirePermission(req, 'connections:read'), String(req.params.id)));
    },
  },
  {
    method: 'put',
    path: '/connections/:id/signature',
    operationId: 'setConnectionSignature',
    tags: ['connections'],
    summary: "Set the signature appended to the account's posts",
    description:
      "Appended after a blank line to the text the account publishes when a post is created for it (stored as the account's own text, " +
      'so what is published is what is shown), counted by the platform rules; a post created with `signatures: false` goes without. ' +
      'Posts created before keep their text.',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(SetSignatureSchema) },
    responses: { 200: json('Connection', 'The connection, with its signature') },
    problems: { 400: '', 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'connections:write');
      const { signature } = parseRequest(SetSignatureSchema, req, 'body');
      res.json(await services.connections.setSignature(actor, String(req.params.id), signature));
    },
  },
]);

export function connectionRoutes(services: Services): Router {
  const router = Router();
  // first: the OAuth callback comes from a browser without a session or token
  router.use(oauthRoutes(services));
  router.use('/connections', requireActor);
  router.param('id', malformedIdIsNotFound('Connection'));
  return addRoutes(router, connectionEndpoints, services);
}
