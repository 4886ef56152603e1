// The Graph API that Facebook Pages and Instagram professional accounts (with Facebook
// login) publish through: one host, versioned paths, and one error format.
// https://developers.facebook.com/docs/graph-api/guides/error-handling
import { z } from 'zod';
import { parseRetryAfter, PublishError, publishErrorFromResponse } from '../../lib/platforms/errors';
import { platformFetch, readJson, type PlatformApi } from '../../lib/platforms/http';

export interface GraphApiOptions {
  /** FACEBOOK_GRAPH_BASE_URL, e.g. https://graph.facebook.com */
  baseUrl: string;
  /** FACEBOOK_GRAPH_API_VERSION, e.g. v26.0 */
  version: string;
  /** how long one call may take (default PLATFORM_CALL_DEADLINE_MS; uploads get longer) */
  timeoutMs?: number;
}

const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
  }),
});

/** Graph error codes that mean "slow down": app, user, page and custom rate limits. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613]);
/** The token expired or was invalidated (190), or the app lost a permission (10, 200-299). */
const isAuthCode = (code: number) => code === 190 || code === 102 || code === 10 || (code >= 200 && code <= 299);
/** "An unknown error occurred" / "Service temporarily unavailable": Graph says try again. */
const TRANSIENT_CODES = new Set([1, 2]);

/** Maps a Graph error answer to a PublishError by its error code first, then its status. */
export function graphError(platformName: string, response: Pick<Response, 'status' | 'headers'>, body: string): PublishError {
  let parsed: z.infer<typeof GraphErrorSchema> | undefined;
  try {
    parsed = GraphErrorSchema.parse(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  if (!parsed) return publishErrorFromResponse(platformName, response.status, response.headers as Headers, body.slice(0, 200));
  const { code, message } = parsed.error;
  const text = `${platformName} answered ${response.status} (code ${code ?? 'none'}): ${message}`;
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) {
    return new PublishError('RATE_LIMITED', text, parseRetryAfter(response.headers.get('retry-after')));
  }
  if (code !== undefined && isAuthCode(code)) return new PublishError('AUTH_FAILED', text);
  if (code !== undefined && TRANSIENT_CODES.has(code)) return new PublishError('PLATFORM_UNAVAILABLE', text);
  return publishErrorFromResponse(platformName, response.status, response.headers as Headers, `(code ${code ?? 'none'}) ${message}`);
}

export function createGraphClient(platformName: string, options: GraphApiOptions, accessToken: string) {
  const api: PlatformApi = {
    name: platformName,
    // graphError reads the whole body: Graph's error code decides before the status does
    errorDetail: (body) => body,
    classify: (status, body, headers) => graphError(platformName, { status, headers }, body),
  };
  const url = (path: string, query: Record<string, string> = {}) => {
    const result = new URL(`/${options.version}/${path.replace(/^\//, '')}`, options.baseUrl);
    for (const [key, value] of Object.entries(query)) result.searchParams.set(key, value);
    return result;
  };

  // The token travels as the documented `access_token` parameter: in the query of a GET,
  // in the body of a POST (so it stays out of URLs where it can).
  return {
    async get<S extends z.ZodType>(path: string, query: Record<string, string>, schema: S, what: string): Promise<z.infer<S>> {
      const response = await platformFetch(api, url(path, { ...query, access_token: accessToken }), {}, options.timeoutMs);
      return readJson(api, response, schema, `${what} shape`);
    },
    /** POST with form fields (url-encoded), or multipart when `body` is FormData (file uploads). */
    async post<S extends z.ZodType>(
      path: string,
      body: Record<string, string> | FormData,
      schema: S,
      what: string,
      timeoutMs?: number,
    ): Promise<z.infer<S>> {
      let form: URLSearchParams | FormData;
      if (body instanceof FormData) {
        form = body;
        form.set('access_token', accessToken);
      } else {
        form = new URLSearchParams({ ...body, access_token: accessToken });
      }
      const response = await platformFetch(api, url(path), { method: 'POST', body: form }, timeoutMs ?? options.timeoutMs);
      return readJson(api, response, schema, `${what} shape`);
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
