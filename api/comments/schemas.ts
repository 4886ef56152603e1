// Comment request schemas, shared by the API and the post page's comment form.
import '../openapi/zod-openapi';
import { z } from 'zod';

export const CommentBodySchema = z
  .string({ error: 'body is required' })
  .trim()
  .min(1, { error: 'Write a comment' })
  .max(5_000, { error: 'A comment is at most 5,000 characters' })
  .describe('plain text; `@name` or `@email` mentions a team member, who is told');

export const CreateCommentSchema = z.object({ body: CommentBodySchema });
export type CreateCommentInput = z.infer<typeof CreateCommentSchema>;

export const CommentParams = z.object({
  id: z.string().min(1).openapi({ description: "the post's id" }),
  commentId: z.string().min(1).openapi({ description: "the comment's id" }),
});
