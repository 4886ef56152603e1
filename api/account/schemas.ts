// Account request schemas, the source of the OpenAPI document's request bodies.
import '../openapi/zod-openapi';
import { z } from 'zod';

export const DeleteAccountSchema = z.object({
  password: z.string({ error: 'Confirm with your password' }).min(1, { error: 'Confirm with your password' }),
});

export const SessionIdParams = z.object({
  id: z.string().min(1).max(64).openapi({ description: "a session's id from GET /me/sessions" }),
});
