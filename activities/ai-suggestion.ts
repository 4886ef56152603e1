// Asks the AI provider for one answer of a suggestion (workflows/ai-suggestion-workflow.ts):
// streams its text to the API server through PostgreSQL notifications as it is written,
// adds its tokens to the team's monthly usage, records the call in the audit log, and
// checks the answer against the accounts' rules. A 429 or 5xx is retried by Temporal after
// the provider's Retry-After; any other 4xx is not.
import { ApplicationFailure } from '@temporalio/activity';
import { createAuditLog } from '../api/audit/service';
import type { Actor } from '../api/auth/actor';
import {
  answersInJson,
  parseSuggestion,
  retryPrompt,
  suggestionPrompt,
  suggestionViolations,
  type SuggestionAccount,
  type SuggestionBrief,
  type SuggestionValue,
} from '../domain/ai-suggestions';
import type { PlatformViolation } from '../domain/platform-rules';
import { streamChatCompletion, type AiProvider, type ChatAnswer, type ChatMessage } from '../lib/ai/chat-completions';
import { AI_SUGGESTION_CHANNEL, type AiSuggestionText } from '../lib/ai-suggestion-channel';
import { monthOf } from '../lib/ai/usage-month';
import type { Db } from '../lib/db';
import type { MediaStore } from '../lib/media-store';
import { PublishError } from '../lib/platforms/errors';

export interface AiSuggestionDeps {
  db: Db;
  mediaStore: MediaStore;
  /** absent when AI_BASE_URL or AI_MODEL is unset: the API starts no suggestion then */
  aiProvider?: AiProvider | undefined;
}

export interface AskModelInput {
  suggestionId: string;
  /** who asked, for the audit log */
  actor: Pick<Actor, 'userId' | 'teamId' | 'via'>;
  model: string;
  brief: SuggestionBrief;
  /** the accounts the answer must fit (one for a rewrite) */
  accounts: SuggestionAccount[];
  /** the image alt text is written for (its media id) */
  imageMediaId?: string;
  /** the earlier answers and the rules they broke, oldest first */
  earlierAnswers: Array<{ answer: string; broken: string }>;
}

export interface ModelAnswer {
  answer: string;
  /** what the answer suggests, when it could be read */
  value?: SuggestionValue;
  /** the rules the answer breaks; empty when it fits */
  violations: PlatformViolation[];
  /** what to tell the model when it is asked again: the broken rules, or why its answer could not be read */
  broken?: string;
}

export function createAiSuggestionActivities(deps: AiSuggestionDeps) {
  const { db } = deps;
  const audit = createAuditLog({ db });

  async function imageDataUrl(teamId: string, mediaId: string): Promise<string> {
    const media = await db.media.findFirst({ where: { id: mediaId, teamId }, select: { storageKey: true, mimeType: true } });
    if (!media) throw ApplicationFailure.nonRetryable('The image was deleted', 'MediaMissing');
    return `data:${media.mimeType};base64,${(await deps.mediaStore.read(media.storageKey)).toString('base64')}`;
  }

  async function messagesOf(input: AskModelInput): Promise<ChatMessage[]> {
    const prompt = suggestionPrompt(input.brief, input.accounts);
    const question: ChatMessage = input.imageMediaId
      ? {
          role: 'user',
          content: [
            { type: 'text', text: prompt.user },
            { type: 'image_url', image_url: { url: await imageDataUrl(input.actor.teamId, input.imageMediaId) } },
          ],
        }
      : { role: 'user', content: prompt.user };
    return [
      { role: 'system', content: prompt.system },
      question,
      ...input.earlierAnswers.flatMap(({ answer, broken }): ChatMessage[] => [
        { role: 'assistant', content: answer },
        { role: 'user', content: broken },
      ]),
    ];
  }

  /** Adds the call's tokens to the team's month and writes it in the audit log (never the prompt). */
  async function recordCall(input: AskModelInput, details: { tokens: number; outcome: string }): Promise<void> {
    const where = { teamId: input.actor.teamId, month: monthOf(new Date()) };
    await db.aiUsage.upsert({
      where: { teamId_month: where },
      create: { ...where, tokens: details.tokens },
      update: { tokens: { increment: details.tokens } },
    });
    await audit.record(input.actor, 'ai.suggestion_asked', {
      entityType: 'ai-suggestion',
      entityId: input.suggestionId,
      details: { kind: input.brief.kind, model: input.model, attempt: input.earlierAnswers.length, ...details },
    });
  }

  return {
    async askModel(input: AskModelInput): Promise<ModelAnswer> {
      if (!deps.aiProvider) throw ApplicationFailure.nonRetryable('AI_BASE_URL and AI_MODEL are not set on the worker', 'AiOff');
      const notify = async (text: string) => {
        const notification: AiSuggestionText = {
          suggestionId: input.suggestionId,
          ...(input.brief.kind === 'rewrite' ? { connectionId: input.accounts[0]?.connectionId } : {}),
          attempt: input.earlierAnswers.length,
          text,
        };
        await db.$executeRaw`SELECT pg_notify(${AI_SUGGESTION_CHANNEL}, ${JSON.stringify(notification)})`;
      };
      let answer: ChatAnswer;
      try {
        answer = await streamChatCompletion(
          deps.aiProvider,
          { model: input.model, messages: await messagesOf(input), json: answersInJson(input.brief.kind) },
          notify,
        );
      } catch (error) {
        if (!(error instanceof PublishError)) throw error;
        await recordCall(input, { tokens: 0, outcome: error.message });
        if (error.retryable)
          throw ApplicationFailure.create({ message: error.message, type: error.kind, nextRetryDelay: error.retryAfterMs });
        throw ApplicationFailure.nonRetryable(error.message, error.kind);
      }
      await recordCall(input, { tokens: answer.tokens, outcome: 'answered' });
      const content = input.brief.content ?? '';
      const value = parseSuggestion(input.brief.kind, answer.text);
      if ('unreadable' in value)
        return { answer: answer.text, violations: [], broken: `${value.unreadable} Answer again in the asked format.` };
      const violations = suggestionViolations(input.brief.kind, value, content, input.accounts);
      return { answer: answer.text, value, violations, ...(violations.length > 0 ? { broken: retryPrompt(violations) } : {}) };
    },
  };
}
