// /api/v1/ai: whether AI suggestions are on (and the team's budget), and a suggestion
// streamed as server-sent events while the model writes it.
import { Router, type Response } from 'express';
import { requireActor, requirePermission } from '../auth/actor';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { problemDocument } from '../http/problem';
import { parseRequest } from '../http/validate';
import { json, jsonBody, security } from '../openapi/operation';
import { API_BASE } from '../openapi/paths';
import type { Services } from '../services';
import { SuggestionRequestSchema } from './schemas';
import { providerFailure } from './service';

function writeEvent(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export const aiEndpoints = defineRoutes<Services>(API_BASE, [
  {
    method: 'get',
    path: '/ai',
    operationId: 'getAiStatus',
    tags: ['ai'],
    summary: "Whether AI suggestions are on, and the team's budget this month",
    security: security.sessionOrToken,
    responses: { 200: json('AiStatus', 'The provider settings in use and the budget') },
    problems: { 401: '', 403: '' },
    async handler(req, res, services) {
      res.json(await services.ai.status(requirePermission(req, 'posts:read')));
    },
  },
  {
    method: 'post',
    path: '/ai/suggestions',
    operationId: 'createAiSuggestion',
    tags: ['ai'],
    summary: 'Ask the AI provider for a suggestion, streamed as it is written',
    description:
      'A `text/event-stream`. While the model writes: events `text` with `data: {"connectionId"?, "attempt", "text"}`, each a piece ' +
      'of the answer (`connectionId`: the account a rewrite is for; `attempt` 1 and 2: the model asked again with the rule its ' +
      'answer broke). Then one event `suggestion` with `data: {"id", "kind", "items": [{"connectionId"?, "value"?, "fits", ' +
      '"violations", "attempts"}]}`: `value` is `{"text"}` (rewrite, shorten, alt-text), `{"parts"}` (thread), `{"hashtags"}` or ' +
      '`{"ideas"}`; `fits: false` with the broken rules after three answers that did not fit. Or one event `error` with a ' +
      'problem document (`ai-provider-failed`) when the provider failed. Nothing is published: the suggestion is a proposal. ' +
      "Each suggestion counts against the team's monthly budget (GET /ai) and runs as the workflow `ai-suggestion-<id>`.",
    security: security.sessionOrToken,
    request: { body: jsonBody(SuggestionRequestSchema) },
    responses: { 200: { description: 'The stream', content: { 'text/event-stream': { schema: { type: 'string' } } } } },
    problems: {
      400: '',
      401: '',
      403: '',
      422: 'the page `url` names could not be read (`page-unreadable`)',
      429: "the team's budget for the month is used up (`ai-budget-exhausted`, with `resetsAt`)",
      503: 'no AI provider is configured (`ai-not-configured`, naming the variables to set)',
    },
    async handler(req, res, services) {
      const actor = requirePermission(req, 'posts:write');
      const suggestion = await services.ai.prepare(actor, parseRequest(SuggestionRequestSchema, req, 'body'));
      res.writeHead(200, {
        'Content-Type': 'text/event-stream; charset=utf-8',
        // no-transform: compression middleware and proxies must not buffer the stream
        'Cache-Control': 'no-cache, no-transform',
        'X-Accel-Buffering': 'no',
      });
      try {
        const result = await suggestion.run(({ connectionId, attempt, text }) =>
          writeEvent(res, 'text', { ...(connectionId ? { connectionId } : {}), attempt, text }),
        );
        writeEvent(res, 'suggestion', result);
      } catch (error) {
        writeEvent(res, 'error', problemDocument(providerFailure(error)));
      }
      res.end();
    },
  },
]);

export function aiRoutes(services: Services): Router {
  const router = Router();
  router.use('/ai', requireActor);
  return addRoutes(router, aiEndpoints, services);
}
