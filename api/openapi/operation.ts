// The pieces route tables describe their operations with (api/http/define-routes.ts):
// who may call, JSON bodies and responses by component name, the shared id parameter.
import './zod-openapi';
import type { ResponseConfig, RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { responseSchemas, type ResponseSchemaName } from './responses';

export const JSON_TYPE = 'application/json';

/** The statuses answered with problem+json; document.ts describes each once. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 422 | 429 | 503;

/** The security schemes (registered in document.ts) each operation accepts. */
export const security: Record<'open' | 'session' | 'sessionOrToken' | 'metricsToken', NonNullable<RouteConfig['security']>> = {
  open: [],
  session: [{ session: [] }],
  sessionOrToken: [{ session: [] }, { bearer: [] }],
  metricsToken: [{ metricsToken: [] }],
};

/** A response schema as a reference to its component (#/components/schemas/<name>). */
export function component(name: ResponseSchemaName): z.ZodType {
  return (responseSchemas[name] as z.ZodType).openapi(name);
}

export const json = (name: ResponseSchemaName, description: string): ResponseConfig => ({
  description,
  content: { [JSON_TYPE]: { schema: component(name) } },
});

export const noContent = (description: string): ResponseConfig => ({ description });

export const jsonBody = (schema: z.ZodType) => ({ required: true, content: { [JSON_TYPE]: { schema } } });

export const IdParams = z.object({ id: z.string().min(1).openapi({ description: 'the resource id' }) });
