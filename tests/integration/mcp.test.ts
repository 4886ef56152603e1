// The MCP server (mcp/server.ts) as agents reach it, with the MCP SDK's own client: over
// streamable HTTP at /mcp and over stdio (`planrrr-mcp`), each with an API token. Tools are
// listed with their input schemas, a post is scheduled and publishes, and a token with read
// scopes only cannot write.
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { FakeMastodon } from '../fakes/mastodon';
import { inSeconds, signUpWithToken, testEnv, waitFor, type ApiClient } from '../support/harness';
import { useServerAndWorker } from '../support/server-and-worker';

jest.setTimeout(120_000);

const mastodon = new FakeMastodon();
const stack = useServerAndWorker({ env: testEnv(), alongside: [mastodon] });
let api: ApiClient;
let session: ApiClient;
let token: string;
let connectionId: string;
const clients: Client[] = [];

beforeAll(async () => {
  ({ api, session, token } = await signUpWithToken(stack.server.url, 'Marvin'));
  mastodon.validTokens.add('token-marvin');
  const connection = await api.post('/api/v1/connections', {
    platform: 'mastodon',
    instanceUrl: mastodon.url,
    accessToken: 'token-marvin',
  });
  connectionId = connection.body.id;
});

afterAll(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
});

async function overHttp(bearer: string): Promise<Client> {
  const client = new Client({ name: 'planrrr-tests', version: '1.0.0' });
  clients.push(client);
  const transport = new StreamableHTTPClientTransport(new URL(`${stack.server.url}/mcp`), {
    requestInit: { headers: { authorization: `Bearer ${bearer}` } },
  });
  await client.connect(transport);
  return client;
}

/** The tool's answer: its JSON when it succeeded, else the error text. */
async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ isError: boolean; text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const [first] = result.content;
  return { isError: result.isError === true, text: first?.type === 'text' ? first.text : '' };
}

test('over HTTP: the tools are listed with schemas; a post scheduled through them publishes', async () => {
  const client = await overHttp(token);
  const { tools } = await client.listTools();
  expect(tools.map((tool) => tool.name).sort()).toEqual(
    [
      'cancel_post',
      'draft_post',
      'get_best_times',
      'get_engagement',
      'get_post',
      'get_top_posts',
      'list_accounts',
      'list_posts',
      'reschedule_post',
      'schedule_draft',
      'schedule_post',
    ].sort(),
  );
  const schedule = tools.find((tool) => tool.name === 'schedule_post')!;
  expect(schedule.inputSchema.properties).toHaveProperty('connectionIds');
  expect(schedule.annotations?.readOnlyHint).toBe(false);

  const accounts = await call(client, 'list_accounts');
  expect(JSON.parse(accounts.text).data.map((account: { id: string }) => account.id)).toEqual([connectionId]);

  const scheduled = await call(client, 'schedule_post', {
    content: 'Scheduled by an agent',
    publishAt: inSeconds(2),
    connectionIds: [connectionId],
  });
  expect(scheduled.isError).toBe(false);
  const { id } = JSON.parse(scheduled.text);
  const published = await waitFor(
    async () => JSON.parse((await call(client, 'get_post', { id })).text),
    (post) => post.status === 'PUBLISHED',
    60_000,
  );
  expect(published.targets[0].url).toMatch(/^http/);
  expect(mastodon.statuses.map((status) => status.content)).toContain('Scheduled by an agent');
});

test("over HTTP: a refusal is the API's problem in words; arguments the schema refuses never reach the API", async () => {
  const client = await overHttp(token);
  // Mastodon takes 500 characters: the platform rules refuse it, naming the account and the rule
  const refused = await call(client, 'schedule_post', {
    content: 'a'.repeat(600),
    publishAt: inSeconds(3600),
    connectionIds: [connectionId],
  });
  expect(refused.isError).toBe(true);
  expect(refused.text).toMatch(/^422 .*MASTODON \(text-too-long\) for @marvin.*Mastodon allows 500 characters/);

  const malformed = await call(client, 'reschedule_post', { id: 'x', publishAt: 'tomorrow' });
  expect(malformed.isError).toBe(true);
  expect(malformed.text).toMatch(/publishAt/);
});

test('a token with read scopes lists and reads, and cannot draft or schedule', async () => {
  const created = await session.post('/api/v1/tokens', { name: 'agent, read only', scopes: ['posts:read', 'connections:read'] });
  expect(created.status).toBe(201);
  const client = await overHttp(created.body.token);
  expect((await call(client, 'list_posts')).isError).toBe(false);
  const draft = await call(client, 'draft_post', { content: 'Not allowed', connectionIds: [connectionId] });
  expect(draft.isError).toBe(true);
  expect(draft.text).toMatch(/^403 /);
});

test('without a token /mcp answers 401 with WWW-Authenticate; GET is 405', async () => {
  const initialize = {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } },
  };
  const anonymous = await fetch(`${stack.server.url}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify(initialize),
  });
  expect(anonymous.status).toBe(401);
  expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
  const get = await fetch(`${stack.server.url}/mcp`, { headers: { authorization: `Bearer ${token}` } });
  expect(get.status).toBe(405);
  expect(get.headers.get('allow')).toBe('POST');
});

test('over stdio (planrrr-mcp): drafts a post that the API then shows', async () => {
  const client = new Client({ name: 'planrrr-tests', version: '1.0.0' });
  clients.push(client);
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [path.join(__dirname, '..', '..', 'bin', 'planrrr-mcp.cjs')],
      env: { PATH: process.env.PATH ?? '', PLANRRR_URL: stack.server.url, PLANRRR_TOKEN: token },
      stderr: 'pipe',
    }),
  );
  const draft = await call(client, 'draft_post', { content: 'An idea from stdio', connectionIds: [connectionId] });
  expect(draft.isError).toBe(false);
  const { id, status } = JSON.parse(draft.text);
  expect(status).toBe('DRAFT');
  expect((await api.get(`/api/v1/posts/${id}`)).body.content).toBe('An idea from stdio');
});
