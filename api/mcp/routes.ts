// /mcp: planrrr's MCP server (mcp/server.ts) over streamable HTTP, for agents that reach tools
// by URL. Stateless: each POST carries one JSON-RPC message and gets its answer, with a fresh
// server whose tools call this very server's REST API on the address the request arrived at,
// with the request's own API token, so the token's scopes hold as on /api/v1.
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { Router, type Request } from 'express';
import { z } from 'zod';
import { createMcpServer } from '../../mcp/server';
import { createPlanrrrClient } from '../../sdk';
import { addRoutes, defineRoutes } from '../http/define-routes';
import { depthBoundedJson } from '../http/json-body';
import { ProblemError, problems } from '../http/problem';
import { jsonBody, noContent } from '../openapi/operation';

export const MCP_PATH = '/mcp';

const JsonRpcMessageSchema = z
  .looseObject({ jsonrpc: z.literal('2.0') })
  .openapi({ description: 'a JSON-RPC 2.0 message of the Model Context Protocol (initialize, tools/list, tools/call, …)' });

/** This server, as the connection reached it (so the tools' calls never leave the machine). */
function ownAddress(req: Request): string {
  const { localAddress, localPort } = req.socket;
  const host = localAddress?.includes(':') ? `[${localAddress}]` : localAddress;
  return `http://${host}:${localPort}`;
}

export const mcpEndpoints = defineRoutes<unknown>('', [
  {
    method: 'post',
    path: MCP_PATH,
    operationId: 'mcp',
    tags: ['mcp'],
    summary: 'The MCP server for AI agents (streamable HTTP, stateless), with an API token',
    description:
      "Tools to list accounts, draft, schedule, reschedule, cancel and read posts and analytics (docs/sdk.md). Each tool calls this API with the request's token, so its scopes apply. " +
      'Send `Accept: application/json, text/event-stream`. GET and DELETE answer 405: there are no sessions.',
    security: [{ bearer: [] }],
    request: { body: jsonBody(JsonRpcMessageSchema) },
    responses: {
      200: {
        description: "The JSON-RPC answer (a tool's failure is a result with `isError`)",
        content: { 'application/json': { schema: JsonRpcMessageSchema } },
      },
      202: noContent('A notification, accepted'),
    },
    problems: { 400: 'a body that is not JSON', 401: 'no API token (`WWW-Authenticate: Bearer`); a session cookie is not enough' },
    before: [depthBoundedJson({ limit: '100kb' })],
    async handler(req, res) {
      if (req.actor?.via !== 'token' || !req.headers.authorization) {
        res.setHeader('WWW-Authenticate', 'Bearer realm="planrrr"');
        throw problems.unauthenticated('Send an API token as `Authorization: Bearer <token>` (Settings → API tokens).');
      }
      const api = createPlanrrrClient({ baseUrl: ownAddress(req), token: req.headers.authorization.replace(/^Bearer\s+/i, '') });
      const server = createMcpServer(api);
      const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      res.on('close', () => {
        void transport.close();
        void server.close();
      });
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    },
  },
]);

export function mcpRoutes(): Router {
  const router = Router();
  // without sessions there is no stream to open (GET) or session to end (DELETE)
  router.use(MCP_PATH, (req, res, next) => {
    if (req.method === 'POST') return next();
    res.setHeader('Allow', 'POST');
    throw new ProblemError(
      405,
      'method-not-allowed',
      'Method not allowed',
      'The MCP endpoint takes POST only (stateless streamable HTTP).',
    );
  });
  return addRoutes(router, mcpEndpoints, undefined);
}
