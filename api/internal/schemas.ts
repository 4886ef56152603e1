// Request schemas of the internal endpoints, the source of their OpenAPI request bodies.
import { z } from 'zod';
import { POST_STATUSES } from '../../domain/post';

export const InternalStatusSchema = z.object({
  status: z.enum(POST_STATUSES, { error: `status must be one of ${POST_STATUSES.join(', ')}` }),
  stateVersion: z.number({ error: 'stateVersion must be a number' }).int().positive().describe('applied only when newer than the stored one'),
});
