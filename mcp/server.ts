// planrrr's MCP server (Model Context Protocol): tools with which an AI agent lists the team's
// accounts, drafts, schedules, reschedules, cancels and reads posts and analytics. Each tool
// is one REST operation, called through the typed SDK with the agent's API token, so the API
// enforces the token's scopes, the rate limits and the platform rules exactly as for any
// client, and its problem documents become the tools' errors. Tool inputs are the REST API's
// own zod schemas. Served on stdio (mcp/stdio.ts) and over streamable HTTP (api/mcp/routes.ts).
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { AudienceQuerySchema, BestTimesQuerySchema, TopPostsQuerySchema } from '../api/analytics/schemas';
import {
  CreatePostFieldsSchema,
  IfMatchHeadersSchema,
  ListPostsQuerySchema,
  ReschedulePostSchema,
  ScheduleDraftSchema,
} from '../api/posts/schemas';
import type { PlanrrrClient, Schemas } from '../sdk';

/** What an SDK call answers: the operation's data, or its problem document, and the HTTP answer. */
interface Answer {
  data?: unknown;
  error?: unknown;
  response: Response;
}

const PostIdSchema = z.object({ id: z.string().min(1).max(64).describe("the post's id") });
/** A change to one post, made only to the version `ifMatch` names (the API's If-Match header) when given. */
const VersionedPostSchema = PostIdSchema.extend({ ifMatch: IfMatchHeadersSchema.shape['if-match'] });

/** A change's path and If-Match header, as the SDK sends them. */
const versionedPost = ({ id, ifMatch }: z.infer<typeof VersionedPostSchema>) => ({
  path: { id },
  header: ifMatch === undefined ? {} : { 'if-match': ifMatch },
});

/** A parsed input as JSON carries it: its Dates as ISO 8601 text. */
type OnTheWire<T> = T extends Date
  ? string
  : T extends readonly unknown[]
    ? OnTheWire<T[number]>[]
    : T extends object
      ? { [K in keyof T]: OnTheWire<T[K]> }
      : T;

/** Dates back to the ISO 8601 text the API reads (the schemas parse times into Dates). */
function onTheWire<T>(value: T): OnTheWire<T> {
  return JSON.parse(JSON.stringify(value)) as OnTheWire<T>;
}

/** The answer as the agent reads it: the data as JSON, or the problem in plain words, marked as an error. */
function toolResult({ data, error, response }: Answer): CallToolResult {
  if (response.ok) return { content: [{ type: 'text', text: JSON.stringify(data ?? null, null, 2) }] };
  const problem = (error ?? {}) as Partial<Schemas['Problem']>;
  const lines = [
    `${response.status} ${problem.title ?? response.statusText}${problem.detail ? `: ${problem.detail}` : ''}`,
    ...(problem.errors ?? []).map((fieldError) => `- ${fieldError.field}: ${fieldError.message}`),
  ];
  return { isError: true, content: [{ type: 'text', text: lines.join('\n') }] };
}

const READ = { readOnlyHint: true, openWorldHint: false } as const;
const WRITE = { readOnlyHint: false, destructiveHint: false, openWorldHint: true } as const;

export const MCP_SERVER_INFO = { name: 'planrrr', version: '1.0.0' } as const;

/** An MCP server whose tools act through `api`, a client holding one API token. */
export function createMcpServer(api: PlanrrrClient): McpServer {
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions:
      "planrrr schedules social-media posts. List the team's accounts first (list_accounts): posts name accounts by id. " +
      'Times are ISO 8601 with an offset. A post is checked against each platform’s rules; a refusal names the field at fault.',
  });

  server.registerTool(
    'list_accounts',
    {
      title: 'List accounts',
      description: "The team's connected social-media accounts (id, platform, handle, status).",
      annotations: READ,
    },
    async () => toolResult(await api.GET('/api/v1/connections')),
  );

  server.registerTool(
    'list_posts',
    {
      title: 'List posts',
      description: 'Posts of the team, filtered by status, time range, text, account or label, a page at a time (`nextCursor`).',
      inputSchema: ListPostsQuerySchema,
      annotations: READ,
    },
    async (query) => toolResult(await api.GET('/api/v1/posts', { params: { query: onTheWire(query) } })),
  );

  server.registerTool(
    'get_post',
    {
      title: 'Read a post',
      description: 'One post: its text, time, status, and each account’s result (link, error).',
      inputSchema: PostIdSchema,
      annotations: READ,
    },
    async ({ id }) => toolResult(await api.GET('/api/v1/posts/{id}', { params: { path: { id } } })),
  );

  server.registerTool(
    'draft_post',
    {
      title: 'Save a draft',
      description: 'Saves a post as a DRAFT: nothing publishes until it is scheduled (schedule_draft). A planned time is optional.',
      inputSchema: CreatePostFieldsSchema.omit({ draft: true, queue: true, queueMode: true }),
      annotations: WRITE,
    },
    async (post) => toolResult(await api.POST('/api/v1/posts', { body: { ...onTheWire(post), draft: true } })),
  );

  server.registerTool(
    'schedule_post',
    {
      title: 'Schedule a post',
      description:
        'Schedules a post to publish at `publishAt` on the accounts in `connectionIds`, or in their queues with `queue`. ' +
        'It publishes on its own at that time: confirm with the user first.',
      inputSchema: CreatePostFieldsSchema.omit({ draft: true }),
      annotations: WRITE,
    },
    async (post) => toolResult(await api.POST('/api/v1/posts', { body: onTheWire(post) })),
  );

  server.registerTool(
    'schedule_draft',
    {
      title: 'Schedule a draft',
      description: "Schedules a draft at `publishAt`, or at the draft's planned time when left out.",
      inputSchema: PostIdSchema.extend(ScheduleDraftSchema.shape),
      annotations: WRITE,
    },
    async ({ id, ...schedule }) =>
      toolResult(await api.POST('/api/v1/posts/{id}/schedule', { params: { path: { id } }, body: onTheWire(schedule) })),
  );

  server.registerTool(
    'reschedule_post',
    {
      title: 'Reschedule a post',
      description:
        'Moves a scheduled post (or a draft’s planned time). With `ifMatch` (the post’s `stateVersion` as `"<n>"`), only if nobody changed it since.',
      inputSchema: VersionedPostSchema.extend(ReschedulePostSchema.shape),
      annotations: { ...WRITE, idempotentHint: true },
    },
    async ({ id, ifMatch, ...change }) =>
      toolResult(await api.POST('/api/v1/posts/{id}/reschedule', { params: versionedPost({ id, ifMatch }), body: onTheWire(change) })),
  );

  server.registerTool(
    'cancel_post',
    {
      title: 'Cancel a post',
      description: 'Cancels a scheduled post: it will not publish. It can be restored later as a draft.',
      inputSchema: VersionedPostSchema,
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    },
    async (post) => toolResult(await api.POST('/api/v1/posts/{id}/cancel', { params: versionedPost(post) })),
  );

  server.registerTool(
    'get_engagement',
    {
      title: 'Engagement',
      description:
        'What published posts earned (impressions, likes, replies, reposts, …) per account and for the team, over a range (default the last 30 days).',
      inputSchema: AudienceQuerySchema,
      annotations: READ,
    },
    async (query) => toolResult(await api.GET('/api/v1/analytics/engagement', { params: { query: onTheWire(query) } })),
  );

  server.registerTool(
    'get_top_posts',
    {
      title: 'Top posts',
      description: 'The posts that earned the most of a metric, or the best engagement rate.',
      inputSchema: TopPostsQuerySchema,
      annotations: READ,
    },
    async (query) => toolResult(await api.GET('/api/v1/analytics/top-posts', { params: { query: onTheWire(query) } })),
  );

  server.registerTool(
    'get_best_times',
    {
      title: 'Best times to post',
      description: "The weekday and hour cells with the most engagement per post, from the team's own history, in a time zone.",
      inputSchema: BestTimesQuerySchema,
      annotations: READ,
    },
    async (query) => toolResult(await api.GET('/api/v1/analytics/best-times', { params: { query: onTheWire(query) } })),
  );

  return server;
}
