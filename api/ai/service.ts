// AI suggestions: checks what a suggestion is asked from, counts it against the team's
// monthly budget, and runs it as the workflow `ai-suggestion-<id>`, whose activity streams
// the model's text back through PostgreSQL notifications while the request is open.
import { randomUUID } from 'node:crypto';
import { WorkflowFailedError, type Client } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import type { SuggestionAccount } from '../../domain/ai-suggestions';
import { aiSettingsOf } from '../../lib/ai/chat-completions';
import { monthOf, nextMonthOf } from '../../lib/ai/usage-month';
import { AI_SUGGESTION_CHANNEL, AiSuggestionTextSchema, type AiSuggestionText } from '../../lib/ai-suggestion-channel';
import type { Config } from '../../lib/config';
import type { Db } from '../../lib/db';
import { aiSuggestionWorkflowId } from '../../temporal-config';
import type { aiSuggestionWorkflow, SuggestionItem } from '../../workflows/ai-suggestion-workflow';
import type { Actor } from '../auth/actor';
import { ProblemError, problems } from '../http/problem';
import { fetchPageText } from './page-text';
import type { SuggestionRequest } from './schemas';

export type AiConfig = Pick<
  Config,
  | 'AI_BASE_URL'
  | 'AI_API_KEY'
  | 'AI_MODEL'
  | 'AI_VISION_MODEL'
  | 'AI_MONTHLY_REQUESTS_PER_TEAM'
  | 'AI_MONTHLY_TOKENS_PER_TEAM'
  | 'DATABASE_URL'
  | 'TEMPORAL_TASK_QUEUE'
>;

export interface Suggestion {
  id: string;
  kind: SuggestionRequest['kind'];
  items: SuggestionItem[];
}

/** A suggestion checked and counted, ready to run: `run` streams its text to `onText` and resolves with it. */
export interface PreparedSuggestion {
  id: string;
  run(onText: (text: AiSuggestionText) => void): Promise<Suggestion>;
}

export const aiNotConfigured = () =>
  new ProblemError(
    503,
    'ai-not-configured',
    'AI suggestions are off',
    'The operator has not configured an AI provider: set AI_BASE_URL and AI_MODEL (and AI_API_KEY where the provider needs one) on the server and the worker (docs/ai.md).',
  );

/** The provider failed after the stream began: what the client is told, without the provider's credentials. */
export function providerFailure(error: unknown): ProblemError {
  // the workflow failed because its activity did: the provider's own words are on the activity's cause
  const failure = error instanceof WorkflowFailedError ? error.cause : undefined;
  const cause = failure?.cause instanceof Error ? failure.cause.message : failure?.message;
  return new ProblemError(502, 'ai-provider-failed', 'The AI provider did not answer', cause ?? 'Try again later.');
}

export function createAiService(deps: { db: Db; temporal: Client; config: AiConfig }) {
  const { db, config } = deps;
  const settings = aiSettingsOf(config);

  async function accountsOf(actor: Actor, connectionIds: string[]): Promise<SuggestionAccount[]> {
    const connections = await db.connection.findMany({
      where: { id: { in: connectionIds }, teamId: actor.teamId },
      select: { id: true, platform: true, maxCharacters: true },
    });
    const unknown = connectionIds.filter((id) => !connections.some((connection) => connection.id === id));
    if (unknown.length > 0)
      throw problems.validation([{ field: 'body.connectionIds', message: `the team has no account ${unknown.join(', ')}` }]);
    return connectionIds.map((id) => {
      const { platform, maxCharacters } = connections.find((connection) => connection.id === id)!;
      return { connectionId: id, platform, maxCharacters };
    });
  }

  async function requireImage(actor: Actor, mediaId: string): Promise<void> {
    const media = await db.media.findFirst({ where: { id: mediaId, teamId: actor.teamId }, select: { kind: true } });
    if (media?.kind !== 'IMAGE') throw problems.validation([{ field: 'body.mediaId', message: 'must be an image the team uploaded' }]);
  }

  /** Counts one suggestion for the team's month, atomically; refuses it with 429 once a budget is used up. */
  async function reserve(teamId: string, now = new Date()): Promise<void> {
    const month = monthOf(now).toISOString().slice(0, 10);
    const tokenLimit = config.AI_MONTHLY_TOKENS_PER_TEAM ?? null;
    const counted = await db.$queryRaw<Array<{ requests: number }>>`
      INSERT INTO "AiUsage" ("teamId", "month", "requests", "tokens") VALUES (${teamId}, ${month}::date, 1, 0)
      ON CONFLICT ("teamId", "month") DO UPDATE SET "requests" = "AiUsage"."requests" + 1
      WHERE "AiUsage"."requests" < ${config.AI_MONTHLY_REQUESTS_PER_TEAM}
        AND (${tokenLimit}::int IS NULL OR "AiUsage"."tokens" < ${tokenLimit}::int)
      RETURNING "requests"`;
    if (counted.length > 0) return;
    const resetsAt = nextMonthOf(now);
    throw new ProblemError(
      429,
      'ai-budget-exhausted',
      "The team's AI budget for this month is used up",
      `The budget (${config.AI_MONTHLY_REQUESTS_PER_TEAM} suggestions${tokenLimit ? ` or ${tokenLimit} tokens` : ''} a month) starts again at ${resetsAt.toISOString()}.`,
      { resetsAt: resetsAt.toISOString() },
      Math.ceil((resetsAt.getTime() - now.getTime()) / 1000),
    );
  }

  /** Listens for the suggestion's text on a connection of its own, for as long as it runs. */
  async function listenForText(suggestionId: string, onText: (text: AiSuggestionText) => void): Promise<() => Promise<void>> {
    const client = new PgClient({ connectionString: config.DATABASE_URL });
    client.on('error', () => undefined); // the run's own result says whether it succeeded
    client.on('notification', (message) => {
      if (message.channel !== AI_SUGGESTION_CHANNEL || !message.payload) return;
      let payload: unknown;
      try {
        payload = JSON.parse(message.payload);
      } catch {
        return; // not ours: every notification the worker sends is JSON
      }
      const parsed = AiSuggestionTextSchema.safeParse(payload);
      if (parsed.success && parsed.data.suggestionId === suggestionId) onText(parsed.data);
    });
    await client.connect();
    await client.query(`LISTEN ${AI_SUGGESTION_CHANNEL}`);
    return () => client.end().catch(() => undefined);
  }

  return {
    /** false until the operator configures a provider */
    enabled: settings !== undefined,

    /** Whether the AI features are on, and the team's budget this month. */
    async status(actor: Actor, now = new Date()) {
      const usage = await db.aiUsage.findUnique({
        where: { teamId_month: { teamId: actor.teamId, month: monthOf(now) } },
        select: { requests: true, tokens: true },
      });
      return {
        enabled: settings !== undefined,
        ...(settings ? { model: settings.model, visionModel: settings.visionModel } : {}),
        budget: {
          requests: { used: usage?.requests ?? 0, limit: config.AI_MONTHLY_REQUESTS_PER_TEAM },
          tokens: { used: usage?.tokens ?? 0, limit: config.AI_MONTHLY_TOKENS_PER_TEAM ?? null },
          resetsAt: nextMonthOf(now).toISOString(),
        },
      };
    },

    /** Checks the request and counts it against the budget; every refusal is a problem raised here, before any stream. */
    async prepare(actor: Actor, request: SuggestionRequest): Promise<PreparedSuggestion> {
      if (!settings) throw aiNotConfigured();
      const accounts = await accountsOf(actor, request.connectionIds);
      if (request.mediaId) await requireImage(actor, request.mediaId);
      const pageText = request.kind === 'ideas' && request.url ? await fetchPageText(request.url) : undefined;
      await reserve(actor.teamId);
      const id = randomUUID();
      const model = request.kind === 'alt-text' ? settings.visionModel : settings.model;
      return {
        id,
        async run(onText) {
          const stopListening = await listenForText(id, onText);
          try {
            const items = await deps.temporal.workflow.execute<typeof aiSuggestionWorkflow>('aiSuggestionWorkflow', {
              workflowId: aiSuggestionWorkflowId(id),
              taskQueue: config.TEMPORAL_TASK_QUEUE,
              args: [
                {
                  suggestionId: id,
                  actor: { userId: actor.userId, teamId: actor.teamId, via: actor.via },
                  model,
                  brief: { kind: request.kind, content: request.content, topic: request.topic, pageText },
                  accounts,
                  ...(request.kind === 'alt-text' && request.mediaId ? { imageMediaId: request.mediaId } : {}),
                },
              ],
            });
            return { id, kind: request.kind, items };
          } finally {
            await stopListening();
          }
        },
      };
    },
  };
}

export type AiService = ReturnType<typeof createAiService>;
