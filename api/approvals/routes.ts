import { Router } from 'express';
import { requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { malformedIdIsNotFound, parseRequest } from '../http/validate';
import { IdParams, json, jsonBody, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import { postResponse, sendPost } from '../posts/routes';
import type { Services } from '../services';
import { ApprovalPolicySchema, ApprovePostSchema, RejectPostSchema } from './schemas';

const decisionProblems = {
  400: '',
  401: '',
  403: "the caller wrote the post, or their role does not decide under the team's approval policy",
  404: '',
  503: 'the scheduler did not answer in time (`outcome-unknown`): GET the post to see whether the decision was made',
} as const;

export const approvalEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/teams/current/approval-policy',
    operationId: 'getApprovalPolicy',
    tags: ['approvals'],
    summary: "The current team's approval policy: which posts need a decider's approval before they publish",
    security: security.sessionOrToken,
    responses: { 200: json('ApprovalPolicy', 'The policy (approval off for a team that never set one)') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json(await services.approvals.getPolicy(requirePermission(req, 'posts:read')));
    },
  },
  {
    method: 'put',
    path: '/teams/current/approval-policy',
    operationId: 'setApprovalPolicy',
    tags: ['approvals'],
    summary: "Replace the current team's approval policy (admins); posts already submitted keep their deadline",
    security: security.session,
    request: { body: jsonBody(ApprovalPolicySchema) },
    responses: { 200: json('ApprovalPolicy', 'The policy as set') },
    problems: { 400: 'naming the field, e.g. `body.connectionIds.0` for an account not of this team', 401: '', 403: '' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'approvals:manage');
      res.json(await services.approvals.setPolicy(actor, parseRequest(ApprovalPolicySchema, req, 'body')));
    },
  },
  {
    method: 'post',
    path: '/posts/:id/approve',
    operationId: 'approvePost',
    tags: ['approvals'],
    summary: 'Approve a post PENDING_APPROVAL: it is scheduled for its time, or for `publishAt` when given',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(ApprovePostSchema) },
    responses: { 200: postResponse('Approved: the post, now SCHEDULED') },
    problems: {
      ...decisionProblems,
      409: 'the post is not PENDING_APPROVAL (`post-not-pending`), or its decision deadline passed (`approval-deadline-passed`, naming `body.publishAt`): approve it with a new publishAt',
      422: 'a publishAt the workflow refuses (`invalid-change`)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      sendPost(res, await services.approvals.approve(actor, String(req.params.id), parseRequest(ApprovePostSchema, req, 'body')));
    },
  },
  {
    method: 'post',
    path: '/posts/:id/reject',
    operationId: 'rejectPost',
    tags: ['approvals'],
    summary: 'Reject a post PENDING_APPROVAL with a comment: it goes back to its author as a DRAFT, and the comment joins its thread',
    security: security.sessionOrToken,
    request: { params: IdParams, body: jsonBody(RejectPostSchema) },
    responses: { 200: postResponse('Rejected: the post, now a DRAFT') },
    problems: { ...decisionProblems, 409: 'the post is not PENDING_APPROVAL (`post-not-pending`)' },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      sendPost(res, await services.approvals.reject(actor, String(req.params.id), parseRequest(RejectPostSchema, req, 'body')));
    },
  },
]);

export function approvalRoutes(services: Services): Router {
  const router = Router();
  router.param('id', malformedIdIsNotFound('Post'));
  return addRoutes(router, approvalEndpoints, services);
}
