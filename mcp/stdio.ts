// `npx planrrr-mcp` (or `npm run mcp`): planrrr's MCP server on stdio, for agents that start
// their tools as local processes (Claude Desktop, Cursor, …). It calls a running planrrr
// through its REST API with an API token. stdout carries the protocol: messages go to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { createPlanrrrClient } from '../sdk';
import { createMcpServer } from './server';

const EnvSchema = z.object({
  PLANRRR_URL: z.url({
    protocol: /^https?$/,
    error: 'PLANRRR_URL must be the http(s) address of your planrrr, e.g. https://planrrr.example.com',
  }),
  PLANRRR_TOKEN: z.string({ error: 'PLANRRR_TOKEN is required: an API token (Settings → API tokens)' }).min(1, {
    error: 'PLANRRR_TOKEN is required: an API token (Settings → API tokens)',
  }),
});

async function main(): Promise<void> {
  const env = EnvSchema.safeParse(process.env);
  if (!env.success) {
    for (const issue of env.error.issues) console.error(`planrrr-mcp: ${issue.path.join('.')}: ${issue.message}`);
    process.exit(2);
  }
  const api = createPlanrrrClient({ baseUrl: env.data.PLANRRR_URL, token: env.data.PLANRRR_TOKEN });
  await createMcpServer(api).connect(new StdioServerTransport());
  console.error(`planrrr-mcp: serving ${env.data.PLANRRR_URL} on stdio`);
}

main().catch((error: unknown) => {
  console.error('planrrr-mcp:', error instanceof Error ? error.message : error);
  process.exit(1);
});
