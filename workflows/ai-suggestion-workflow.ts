// One AI suggestion, `ai-suggestion-<id>` in the Temporal Web UI: asks the model (the
// askModel activity streams its text to the browser as it is written), and when an answer
// breaks a platform rule asks again with the rule named, at most twice; then the answer is
// kept, marked as not fitting, with the rules it breaks. A rewrite is asked once per
// account. Nothing is published: the composer shows the suggestion, the user decides.
import { proxyActivities } from '@temporalio/workflow';
import type { createActivities } from '../activities';
import type { AskModelInput, ModelAnswer } from '../activities/ai-suggestion';
import type { SuggestionValue } from '../domain/ai-suggestions';
import type { PlatformViolation } from '../domain/platform-rules';

type Activities = ReturnType<typeof createActivities>;

/** How often the model is asked again with the rule its answer broke (issue 21). */
export const MAX_RULE_RETRIES = 2;

const { askModel } = proxyActivities<Activities>({
  // a streamed answer has 2 minutes (lib/ai/chat-completions.ts); the provider's Retry-After sets the retry's delay
  startToCloseTimeout: '150 seconds',
  scheduleToCloseTimeout: '10 minutes',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 5 },
});

export type AiSuggestionInput = Omit<AskModelInput, 'earlierAnswers'>;

export interface SuggestionItem {
  /** the account a rewrite is for */
  connectionId?: string;
  /** absent when no answer could be read in three tries */
  value?: SuggestionValue;
  fits: boolean;
  /** the rules the kept answer breaks (empty when it fits) */
  violations: PlatformViolation[];
  /** answers asked for: 1 to 3 */
  attempts: number;
}

async function suggestionFor(input: AiSuggestionInput, accounts: AskModelInput['accounts']): Promise<SuggestionItem> {
  const earlierAnswers: AskModelInput['earlierAnswers'] = [];
  let last: ModelAnswer;
  do {
    last = await askModel({ ...input, accounts, earlierAnswers: [...earlierAnswers] });
    if (!last.broken) break;
    earlierAnswers.push({ answer: last.answer, broken: last.broken });
  } while (earlierAnswers.length <= MAX_RULE_RETRIES);
  return {
    ...(input.brief.kind === 'rewrite' && accounts[0] ? { connectionId: accounts[0].connectionId } : {}),
    ...(last.value ? { value: last.value } : {}),
    fits: !last.broken,
    violations: last.violations,
    attempts: earlierAnswers.length + (last.broken ? 0 : 1),
  };
}

export async function aiSuggestionWorkflow(input: AiSuggestionInput): Promise<SuggestionItem[]> {
  if (input.brief.kind !== 'rewrite') return [await suggestionFor(input, input.accounts)];
  const items: SuggestionItem[] = [];
  // one after the other, so the browser reads one rewrite at a time as it is written
  for (const account of input.accounts) items.push(await suggestionFor(input, [account]));
  return items;
}
