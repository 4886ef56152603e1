// The user's profile form, shared by the web app's settings page and the service.
import { z } from 'zod';
import { TimeZoneSchema } from '../analytics/schemas';
import { NameSchema } from '../auth/schemas';

export const ProfileSchema = z.object({
  name: NameSchema,
  timeZone: TimeZoneSchema,
});
export type ProfileInput = z.infer<typeof ProfileSchema>;
