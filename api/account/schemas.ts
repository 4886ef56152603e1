// Account request schemas, the source of the OpenAPI document's request bodies.
import { z } from 'zod';

export const DeleteAccountSchema = z.object({
  password: z.string({ error: 'Confirm with your password' }).min(1, { error: 'Confirm with your password' }),
});
