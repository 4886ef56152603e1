// The PostgreSQL NOTIFY channel that carries post status changes from the worker
// (activities/save-post-state.ts) to the API server's event streams (api/events/).
import { z } from 'zod';
import { POST_STATUSES } from '../domain/post';

export const POST_STATUS_CHANNEL = 'planrrr_post_status';

export const PostStatusNotificationSchema = z.object({
  teamId: z.string().min(1),
  postId: z.string().min(1),
  status: z.enum(POST_STATUSES),
  stateVersion: z.number().int(),
});
export type PostStatusNotification = z.infer<typeof PostStatusNotificationSchema>;
