// AI suggestion request schemas, the source of the OpenAPI document's request bodies.
import { z } from 'zod';
import { SUGGESTION_KINDS } from '../../domain/ai-suggestions';

/** What each kind is asked from: the field it needs, and the message when it is missing. */
const NEEDS: Record<(typeof SUGGESTION_KINDS)[number], Array<{ field: 'content' | 'connectionIds' | 'mediaId'; message: string }>> = {
  rewrite: [
    { field: 'content', message: 'Write the post to rewrite' },
    { field: 'connectionIds', message: 'Choose the accounts to rewrite it for' },
  ],
  shorten: [{ field: 'content', message: 'Write the post to shorten' }],
  thread: [{ field: 'content', message: 'Write the post to split into a thread' }],
  hashtags: [{ field: 'content', message: 'Write the post to suggest hashtags for' }],
  'alt-text': [{ field: 'mediaId', message: 'Name the image (mediaId) to describe' }],
  ideas: [],
};

export const SuggestionRequestSchema = z
  .strictObject({
    kind: z.enum(SUGGESTION_KINDS, { error: `kind must be one of ${SUGGESTION_KINDS.join(', ')}` }),
    content: z
      .string()
      .trim()
      .min(1, { error: 'Write the post first' })
      .max(10_000, { error: 'content must be at most 10,000 characters' })
      .optional()
      .describe('the post as written so far'),
    connectionIds: z
      .array(z.string().min(1).max(64), { error: 'connectionIds must be a list of account ids' })
      .max(20, { error: 'At most 20 accounts' })
      .default([])
      .describe('the accounts (GET /connections) the suggestion must fit; a rewrite is written for each'),
    topic: z.string().trim().min(1).max(500, { error: 'topic must be at most 500 characters' }).optional().describe('ideas: what about'),
    url: z
      .url({ protocol: /^https?$/, error: 'url must be an http or https address' })
      .optional()
      .describe('ideas: a page the server reads (public addresses only)'),
    mediaId: z.string().min(1).max(64).optional().describe("alt-text: the team's uploaded image (POST /media)"),
  })
  .superRefine((request, context) => {
    for (const { field, message } of NEEDS[request.kind]) {
      const value = request[field];
      if (value === undefined || (Array.isArray(value) && value.length === 0)) context.addIssue({ code: 'custom', path: [field], message });
    }
    if (request.kind === 'ideas' && !request.topic && !request.url)
      context.addIssue({ code: 'custom', path: ['topic'], message: 'Give a topic or a url for the ideas' });
  });
export type SuggestionRequest = z.infer<typeof SuggestionRequestSchema>;
