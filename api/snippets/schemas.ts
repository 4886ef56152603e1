// Snippet request schemas, the source of the OpenAPI document's request bodies.
import { z } from 'zod';

export const SnippetNameSchema = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, { error: 'Name the snippet' })
  .max(80, { error: 'name must be at most 80 characters' });

export const SnippetContentSchema = z
  .string({ error: 'content is required' })
  .trim()
  .min(1, { error: 'Write the text the snippet inserts' })
  .max(5_000, { error: 'content must be at most 5,000 characters' })
  .describe('the text the composer inserts at the cursor: a hashtag group, a disclaimer');

export const CreateSnippetSchema = z.object({ name: SnippetNameSchema, content: SnippetContentSchema });
export type CreateSnippetInput = z.infer<typeof CreateSnippetSchema>;

export const EditSnippetSchema = z
  .object({ name: SnippetNameSchema.optional(), content: SnippetContentSchema.optional() })
  .refine((edit) => edit.name !== undefined || edit.content !== undefined, { error: 'Send name, content, or both' });
export type EditSnippetInput = z.infer<typeof EditSnippetSchema>;
