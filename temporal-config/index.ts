// What ties planrrr's processes to Temporal: one namespace, one task queue for post
// workflows and their activities, and a stable workflow id per post.
export const DEFAULT_NAMESPACE = 'default';
export const DEFAULT_TASK_QUEUE = 'planrrr-posts';

/** One workflow per post; starting a second one for the same post is refused by Temporal. */
export function postWorkflowId(postId: string): string {
  return `post-${postId}`;
}

export * from './search-attributes';
