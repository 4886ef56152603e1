import type { ResponseConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type Response } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseAs, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, noContent, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import {
  CreatePostSchema,
  EditPostSchema,
  IdempotencyHeadersSchema,
  ifMatchStateVersion,
  IfMatchHeadersSchema,
  ListPostsQuerySchema,
  postETag,
  ReschedulePostSchema,
  RestorePostSchema,
  RetryPostSchema,
  ScheduleDraftSchema,
} from './schemas';
import { SetPostLabelsSchema } from '../labels/schemas';
import { CreatePostRequestSchema, PostFromTemplateSchema } from '../templates/schemas';
import type { PostView } from './view';

/** A post in the answer, with its version as ETag: the version a change with If-Match names. */
export function sendPost(res: Response, post: PostView, status = 200): void {
  res.status(status).set('ETag', postETag(post.stateVersion)).json(post);
}

/** A Post answer, with the ETag header sendPost sets. */
export function postResponse(description: string): ResponseConfig {
  return {
    ...json('Post', description),
    headers: {
      ETag: {
        description: 'the post\'s `stateVersion`, quoted (`"3"`): send it as If-Match to change only this version of the post',
        schema: { type: 'string' },
      },
    },
  };
}

/** A createPost answer: a Post (with the ETag header sendPost sets), or with `queue` the QueuedPosts (without one). */
function createdResponse(description: string): ResponseConfig {
  return { ...postResponse(description), ...json('CreatedPost', description) };
}

const SCHEDULED_WHILE_SLOW =
  "Saved and scheduled (status `SCHEDULED`), but the scheduler was slow to answer: the post's workflow starts as soon as it does, " +
  'and the post publishes at its time. Nothing to send again.';

const changeProblems = {
  400: 'a malformed `If-Match` (`validation-failed`, naming `headers.if-match`), or a body that is not valid',
  401: '',
  403: '',
  404: '',
  409: 'the post is no longer SCHEDULED (`post-not-changeable`); a draft cannot be cancelled (`post-is-draft`)',
  412: 'GET the post and apply your change to what it is now',
  503:
    'the database is not answering (nothing was changed), or the scheduler did not confirm the change in time ' +
    '(`outcome-unknown`): it may or may not have been made; GET the post, whose ETag tells, before sending it again (with If-Match)',
};

export const postEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'post',
    path: '/posts',
    operationId: 'createPost',
    tags: ['posts'],
    summary: 'Schedule a post, or save it as a draft',
    description:
      'With an `Idempotency-Key`, a retried request answers 200 with the post the first one created. ' +
      '`overrides` give chosen accounts their own text; each names one of `connectionIds`, once (400 naming `body.overrides.<i>.connectionId`). ' +
      "With `templateId`, the team's template fills what the body leaves out, its variables filled from `variables`; " +
      "each account's signature is appended to its text unless `signatures` is false.",
    security: security.sessionOrToken,
    request: { headers: IdempotencyHeadersSchema, body: jsonBody(CreatePostRequestSchema) },
    responses: {
      201: createdResponse(
        'Scheduled (status `SCHEDULED`), or saved as a `DRAFT` with `draft: true`: a `Post`, with an ETag, and `Location` naming it. ' +
          'With `queue`: a `QueuedPosts`, `{ posts, moved, notMoved }`, whose `posts` hold the time each account got (one post `together`, one per account `each`), ' +
          "and `moved` the queued posts `first` pushed one slot later (`notMoved`: those it could not). A queue's answer has no ETag",
      ),
      200: createdResponse(
        'A replay of an earlier request with the same `Idempotency-Key` (header `Idempotent-Replayed: true`), in the same shape (with `queue`, `moved` is empty)',
      ),
      202: createdResponse(SCHEDULED_WHILE_SLOW),
    },
    problems: {
      400: "invalid input, a label id that is not one of the team's labels (naming `body.labelIds.<i>`), or a value for a variable the template does not have (naming `body.variables.<name>`)",
      401: '',
      403: '',
      422:
        'a connection is unknown in this team (`unknown-connection`) or needs reconnecting (`connection-needs-reconnect`), ' +
        'a media id is unknown in this team (`unknown-media`), ' +
        "or the text an account would publish (its override, else `content`, with the account's signature) breaks its platform's rules " +
        '(`platform-rules`, with `violations`: platform, connectionId, handle, rule, message); ' +
        'with `templateId`: no such template in the team (`unknown-template`), or a variable without a default has no value ' +
        '(`template-variables-missing`, `errors` naming each `body.variables.<name>`); ' +
        "with `queue`: an account's queue has no slots (`queue-empty`) or is paused (`queue-paused`), naming it in `connectionId`, " +
        'or the accounts queued `together` have no free slot in common within a year (`queue-no-common-slot`), ' +
        'or the `Idempotency-Key` came before with a different request (`idempotency-key-reused`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const { 'idempotency-key': idempotencyKey } = parseRequest(IdempotencyHeadersSchema, req, 'headers');
      const body = await services.templates.fillPostBody(parseRequest(PostFromTemplateSchema, req, 'body'), actor);
      const input = parseAs(CreatePostSchema, body, 'body');
      if (input.queue) {
        const { replayed, startDeferred, ...queued } = await services.queue.add(actor, { ...input, queue: input.queue }, idempotencyKey);
        if (replayed) res.setHeader('Idempotent-Replayed', 'true');
        res.status(replayed ? 200 : startDeferred ? 202 : 201).json(queued);
        return;
      }
      const { post, replayed, startDeferred } = await services.posts.create(actor, input, idempotencyKey);
      if (replayed) res.setHeader('Idempotent-Replayed', 'true');
      sendPost(res.location(`${API_BASE}/posts/${post.id}`), post, replayed ? 200 : startDeferred ? 202 : 201);
    },
  },
  {
    method: 'get',
    path: '/posts',
    operationId: 'listPosts',
    tags: ['posts'],
    summary: "The team's posts, searched, filtered and sorted, a page at a time",
    description:
      'Filters combine (AND). Paging is by `nextCursor`, which holds the sort: send the same filters and `sort` with it. ' +
      'Without `sort`, oldest publish time first.',
    security: security.sessionOrToken,
    request: { query: ListPostsQuerySchema },
    responses: { 200: json('PostList', 'A page of posts') },
    problems: { 400: '', 401: '', 403: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:read');
      res.json(await services.posts.list(actor, parseRequest(ListPostsQuerySchema, req, 'query')));
    },
  },
  {
    method: 'get',
    path: '/posts/:id',
    operationId: 'getPost',
    tags: ['posts'],
    summary: 'The post, its targets, and its live workflow status',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: {
      200: postResponse(
        'The post as stored; `workflow` is its live state (which may be a change ahead), or null when Temporal did not answer in time',
      ),
    },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      sendPost(res, await services.posts.get(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'get',
    path: '/posts/:id/metrics',
    operationId: 'getPostMetrics',
    tags: ['posts'],
    summary: "The post's metrics on each account it published to, as a time series",
    description:
      'Each published account is sampled 1 h, 6 h, 24 h, 3 d, 7 d and 30 d after it published (config `METRICS_SAMPLE_OFFSETS`). ' +
      'A sample holds only the counts the platform gave; `missing` names the others and why. ' +
      'An account appears once it has published, unless its platform gives no metrics (Telegram, Discord and Slack channels: `PLATFORM_METRICS`); ' +
      'a post that published nowhere such answers `accounts: []`.',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 200: json('PostMetrics', 'The samples per account, oldest first, and how collection stands') },
    problems: { 401: '', 403: '', 404: '' },
    async handler(req, res, services) {
      res.json(await services.posts.metrics(requirePermission(req, 'posts:read'), String(req.params.id)));
    },
  },
  {
    method: 'patch',
    path: '/posts/:id',
    operationId: 'editPost',
    tags: ['posts'],
    summary: 'Edit the content, accounts, per-account texts or media of a post before it publishes',
    description:
      '`overrides` replaces every per-account text (`[]` clears them); left out, the accounts that stay keep theirs. ' +
      'A changed text, override or media is a new `revision`. ' +
      'With `If-Match`, the edit is made only to the version of the post it names (see Concurrent changes in docs/api.md).',
    security: security.sessionOrToken,
    request: { params: IdParams, headers: IfMatchHeadersSchema, body: jsonBody(EditPostSchema) },
    responses: { 200: postResponse('Edited: the post as this edit left it (its `stateVersion` and ETag are the version it made)') },
    problems: {
      ...changeProblems,
      422: 'unknown or disconnected accounts, unknown media (`unknown-media`), a change the workflow refuses, or a platform rule broken (`platform-rules`, with `violations`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const ifStateVersion = ifMatchStateVersion(parseRequest(IfMatchHeadersSchema, req, 'headers'));
      const input = parseRequest(EditPostSchema, req, 'body');
      sendPost(res, await services.posts.edit(actor, String(req.params.id), input, { ifStateVersion }));
    },
  },
  {
    method: 'post',
    path: '/posts/:id/reschedule',
    operationId: 'reschedulePost',
    tags: ['posts'],
    summary: 'Move a scheduled post or a draft to another time (a draft: or to none)',
    description:
      "With `If-Match`, the post moves only if it is still at the version it names. `publishAt: null` takes a draft's planned time away; " +
      'a scheduled post needs one (400).',
    security: security.sessionOrToken,
    request: { params: IdParams, headers: IfMatchHeadersSchema, body: jsonBody(ReschedulePostSchema) },
    responses: { 200: postResponse('Rescheduled: the post as this change left it') },
    problems: { ...changeProblems, 422: 'a change the workflow refuses (`invalid-change`)' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const ifStateVersion = ifMatchStateVersion(parseRequest(IfMatchHeadersSchema, req, 'headers'));
      const { publishAt, timeZone } = parseRequest(ReschedulePostSchema, req, 'body');
      sendPost(res, await services.posts.reschedule(actor, String(req.params.id), publishAt, timeZone, { ifStateVersion }));
    },
  },
  {
    method: 'post',
    path: '/posts/:id/cancel',
    operationId: 'cancelPost',
    tags: ['posts'],
    summary: 'Cancel a scheduled post (status `CANCELLED`)',
    description: 'With `If-Match`, the post is cancelled only if it is still at the version it names.',
    security: security.sessionOrToken,
    request: { params: IdParams, headers: IfMatchHeadersSchema },
    responses: { 200: postResponse('Cancelled: the post as this change left it') },
    problems: {
      ...changeProblems,
      400: 'a malformed `If-Match` (`validation-failed`, naming `headers.if-match`)',
      422: 'a change the workflow refuses (`invalid-change`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const ifStateVersion = ifMatchStateVersion(parseRequest(IfMatchHeadersSchema, req, 'headers'));
      sendPost(res, await services.posts.cancel(actor, String(req.params.id), { ifStateVersion }));
    },
  },
  {
    method: 'post',
    path: '/posts/:id/schedule',
    operationId: 'scheduleDraft',
    tags: ['posts'],
    summary: 'Schedule a draft, at its planned time or a new one',
    description:
      'With `If-Match`, the draft is scheduled only if it is still at the version it names: what is scheduled is what the caller read.',
    security: security.sessionOrToken,
    request: { params: IdParams, headers: IfMatchHeadersSchema, body: jsonBody(ScheduleDraftSchema) },
    responses: { 200: postResponse('Scheduled (status `SCHEDULED`)'), 202: postResponse(SCHEDULED_WHILE_SLOW) },
    problems: {
      400: "a `publishAt` in the past, the draft's own time has passed, or a malformed `If-Match` (naming `headers.if-match`)",
      401: '',
      403: '',
      404: '',
      409: 'not a draft (`post-not-draft`)',
      412: changeProblems[412],
      422: 'an account is unknown or needs reconnecting',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const ifStateVersion = ifMatchStateVersion(parseRequest(IfMatchHeadersSchema, req, 'headers'));
      const { publishAt, timeZone } = parseRequest(ScheduleDraftSchema, req, 'body');
      const { post, startDeferred } = await services.posts.schedule(actor, String(req.params.id), publishAt, timeZone, { ifStateVersion });
      sendPost(res, post, startDeferred ? 202 : 200);
    },
  },
  {
    method: 'post',
    path: '/posts/:id/retry',
    operationId: 'retryPost',
    tags: ['posts'],
    summary: 'Publish the failed accounts of a FAILED or PARTIALLY_PUBLISHED post again, now, fixed first if need be',
    description:
      'Without a body the post is retried as it is. With fixes (`content`, `connectionIds`, `overrides`, `media`, as for PATCH) ' +
      'they are checked as scheduling checks a post, saved as a new revision, and published to the accounts that have not published yet. ' +
      'Published accounts are not published again and keep what they published: they stay among `connectionIds`, keep their text ' +
      "(pinned as their own when `content` changes) and the post's media. Follow the post with GET /posts/{id} or the events stream.",
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(RetryPostSchema) },
    responses: { 202: postResponse('Retrying: the post as it was when the retry started, fixes included') },
    problems: {
      400:
        'invalid fixes, or fixes a published account would lose: its place among `connectionIds`, its text (`body.overrides`), ' +
        'the media (`body.media`); or no account left to retry',
      401: '',
      403: '',
      404: '',
      409: 'not FAILED or PARTIALLY_PUBLISHED (`post-not-retryable`), or already retrying (`post-retrying`)',
      422: 'an account to retry is unknown, disconnected or needs reconnecting, or the fixed post breaks a platform rule (`platform-rules`)',
      503: 'the scheduler did not answer in time; GET the post to see whether it is retrying',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      sendPost(res, await services.posts.retry(actor, String(req.params.id), parseRequest(RetryPostSchema, req, 'body')), 202);
    },
  },
  {
    method: 'post',
    path: '/posts/:id/duplicate',
    operationId: 'duplicatePost',
    tags: ['posts'],
    summary: 'Copy a post, in any state, into a new draft',
    description:
      "The draft has the post's content, per-account texts, media, labels, time and time zone, and the accounts that are still " +
      'connected and usable (the others are left out; perhaps all of them). Nothing is scheduled: schedule it with POST /posts/{id}/schedule, ' +
      'which asks for a new `publishAt` when its time has passed.',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 201: postResponse('The new draft (status `DRAFT`); `Location` names it') },
    problems: {
      401: '',
      403: '',
      404: '',
      409: 'an account or label of the post was removed while it was being copied (`post-changed`): duplicate it again',
    },
    async handler(req, res, services) {
      const post = await services.posts.duplicate(requirePermission(req, 'posts:write'), String(req.params.id));
      sendPost(res.location(`${API_BASE}/posts/${post.id}`), post, 201);
    },
  },
  {
    method: 'post',
    path: '/posts/:id/restore',
    operationId: 'restorePost',
    tags: ['posts'],
    summary: 'Take a CANCELLED post back: as a draft, or scheduled again with `publishAt`',
    description:
      'Without a body (or without `publishAt`) the post becomes a `DRAFT` again, with its content, accounts, media, labels and time. ' +
      'With `publishAt` (a time still to come) it is scheduled again in a new run of its workflow; its accounts and platform ' +
      'rules are checked first, so a refused restore leaves the post cancelled.',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(RestorePostSchema) },
    responses: {
      200: postResponse('Restored: status `DRAFT`, or `SCHEDULED` when `publishAt` was sent'),
      202: postResponse(SCHEDULED_WHILE_SLOW),
    },
    problems: {
      400: 'a `publishAt` in the past',
      401: '',
      403: '',
      404: '',
      409: 'not CANCELLED (`post-not-cancelled`), or its cancelled workflow is still closing (`post-closing`)',
      422: 'an account is unknown or needs reconnecting, or a platform rule is broken (with `publishAt`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const { publishAt, timeZone } = parseRequest(RestorePostSchema, req, 'body');
      const { post, startDeferred } = await services.posts.restore(actor, String(req.params.id), publishAt, timeZone);
      sendPost(res, post, startDeferred ? 202 : 200);
    },
  },
  {
    method: 'put',
    path: '/posts/:id/labels',
    operationId: 'setPostLabels',
    tags: ['posts', 'labels'],
    summary: "Replace the post's labels (`[]` takes them all off), in any state",
    description: 'Labels are planning metadata: setting them does not change the post or its schedule.',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(SetPostLabelsSchema) },
    responses: { 200: postResponse('The post with its new labels') },
    problems: {
      400: "a label id that is not one of the team's labels names `body.labelIds.<i>`",
      401: '',
      403: '',
      404: '',
      409: 'a label was deleted while it was being put on the post (`label-deleted`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const { labelIds } = parseRequest(SetPostLabelsSchema, req, 'body');
      sendPost(res, await services.posts.setLabels(actor, String(req.params.id), labelIds));
    },
  },
  {
    method: 'delete',
    path: '/posts/:id',
    operationId: 'deleteDraft',
    tags: ['posts'],
    summary: 'Delete a draft (scheduled posts are cancelled instead, so their history stays)',
    security: security.sessionOrToken,
    request: { params: IdParams },
    responses: { 204: noContent('Deleted') },
    problems: { 401: '', 403: '', 404: '', 409: 'not a draft (`post-not-draft`)' },
    async handler(req, res, services) {
      await services.posts.remove(requirePermission(req, 'posts:write'), String(req.params.id));
      res.status(204).end();
    },
  },
]);

export function postRoutes(services: Services): Router {
  const router = Router();
  router.use('/posts', requireActor);
  router.param('id', malformedIdIsNotFound('Post'));
  return addRoutes(router, postEndpoints, services);
}
