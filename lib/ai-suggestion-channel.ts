// The PostgreSQL NOTIFY channel that carries an AI suggestion's text, as the model writes
// it, from the worker's activity (activities/ai-suggestion.ts) to the API request that
// streams it to the browser (api/ai/routes.ts).
import { z } from 'zod';

export const AI_SUGGESTION_CHANNEL = 'planrrr_ai_suggestion';

export const AiSuggestionTextSchema = z.object({
  suggestionId: z.string().min(1),
  /** the account a rewrite is for; absent for the other kinds */
  connectionId: z.string().optional(),
  /** 0 for the first answer, 1 and 2 for the answers asked again with the broken rule */
  attempt: z.number().int().nonnegative(),
  text: z.string(),
});
export type AiSuggestionText = z.infer<typeof AiSuggestionTextSchema>;
