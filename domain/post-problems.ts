// The words a post's refusals use, in the API's answers and in the composer alike, which
// checks what it can before a form is sent (web/components/composer/composer-form.tsx).

export const NO_CONTENT_MESSAGE = 'Write something to publish';
export const NO_ACCOUNT_MESSAGE = 'Choose at least one account to publish to';
export const NO_TIME_MESSAGE = 'Choose when to publish';
export const PAST_TIME_MESSAGE = 'That time has passed: choose one still to come';

/** Publishing times a little in the past are accepted as "now" (clock skew, slow forms). */
export const PAST_GRACE_MS = 60_000;

export type PostProblems = Partial<Record<'content' | 'connectionIds' | 'publishAt', string[]>>;

/**
 * What keeps a post from being scheduled, every problem at once: text, accounts, time. A
 * draft needs only text. `publishAt` undefined: none chosen; null: one that is not a time.
 */
export function postProblems(
  post: { content: string; connectionIds: readonly string[]; publishAt: Date | null | undefined },
  options: { draft: boolean; now: number },
): PostProblems {
  const problems: PostProblems = {};
  if (!post.content.trim()) problems.content = [NO_CONTENT_MESSAGE];
  if (options.draft) return problems;
  if (post.connectionIds.length === 0) problems.connectionIds = [NO_ACCOUNT_MESSAGE];
  if (post.publishAt === undefined || post.publishAt === null) problems.publishAt = [NO_TIME_MESSAGE];
  else if (post.publishAt.getTime() < options.now - PAST_GRACE_MS) problems.publishAt = [PAST_TIME_MESSAGE];
  return problems;
}
