// planrrr's typed TypeScript SDK: every operation of the REST API, its paths, parameters,
// bodies and answers typed from the OpenAPI document (sdk/openapi.generated.ts, written by
// `npm run sdk:generate`), called through openapi-fetch. docs/sdk.md says how to use it.
import createClient from 'openapi-fetch';
import type { components, operations, paths } from './openapi.generated';

export interface PlanrrrClientOptions {
  /** where planrrr runs, e.g. https://planrrr.example.com (without /api/v1) */
  baseUrl: string;
  /** an API token (Settings → API tokens, or POST /api/v1/tokens) */
  token: string;
  /** another fetch, e.g. one with a proxy or retries; the platform's fetch otherwise */
  fetch?: typeof globalThis.fetch;
}

/**
 * A client for one planrrr server and token. Each call answers `{ data, error, response }`:
 * `data` typed as the operation's success answer, `error` as its problem document
 * (RFC 9457, `Schemas['Problem']`), never thrown for an HTTP error.
 */
export function createPlanrrrClient({ baseUrl, token, fetch }: PlanrrrClientOptions) {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/+$/, ''),
    headers: { authorization: `Bearer ${token}` },
    ...(fetch && { fetch }),
  });
}

export type PlanrrrClient = ReturnType<typeof createPlanrrrClient>;
/** The API's named schemas, e.g. `Schemas['Post']`, `Schemas['Problem']`. */
export type Schemas = components['schemas'];
export type { components, operations, paths };
