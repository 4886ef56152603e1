// Audit log request schemas, the source of the OpenAPI document's parameters.
import { z } from 'zod';

export const AuditQuerySchema = z.object({
  before: z.string().max(64).optional().describe('the id of the last entry of the previous page'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
