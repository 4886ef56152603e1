// API token request schemas, the source of the OpenAPI document's request bodies.
import { z } from 'zod';
import { TOKEN_SCOPES } from '../../domain/permissions';

export const CreateTokenSchema = z.object({
  name: z.string().trim().min(1, { error: 'Name the token, e.g. after the script that uses it' }).max(100),
  expiresAt: z.iso
    .datetime({ offset: true, error: 'expiresAt must be an ISO 8601 time with an offset' })
    .transform((value) => new Date(value))
    .refine((date) => date > new Date(), { error: 'expiresAt must be in the future' })
    .optional(),
  scopes: z
    .array(z.enum(TOKEN_SCOPES, { error: `each scope must be one of ${TOKEN_SCOPES.join(', ')}` }))
    .min(1, { error: 'Give the token at least one scope, or leave scopes out for all of them' })
    .refine((scopes) => new Set(scopes).size === scopes.length, { error: 'scopes must not repeat' })
    .default([...TOKEN_SCOPES])
    .describe("what the token may do, within its user's role; all token scopes when left out"),
});
