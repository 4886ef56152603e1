// The Graph API that Facebook Pages and Instagram professional accounts (with Facebook
// login) publish through: one host, versioned paths, and one error format.
// https://developers.facebook.com/docs/graph-api/guides/error-handling
// https://developers.facebook.com/docs/graph-api/overview/rate-limiting (Business Use Case limits)
import { z } from 'zod';
import type { Config } from '../../lib/config';
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

/** The Graph API that planrrr's config names (Facebook and Instagram publish through it). */
export function graphApiOf(config: Pick<Config, 'FACEBOOK_GRAPH_BASE_URL' | 'FACEBOOK_GRAPH_API_VERSION'>): GraphApiOptions {
  return { baseUrl: config.FACEBOOK_GRAPH_BASE_URL, version: config.FACEBOOK_GRAPH_API_VERSION };
}

const GraphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().optional(),
    error_subcode: z.number().optional(),
  }),
});

/** Graph error codes that mean "slow down": app, user, page and custom rate limits; Pages (80001) and Instagram (80002) Business Use Case limits. */
const RATE_LIMIT_CODES = new Set([4, 17, 32, 613, 80001, 80002]);
/** The app lacks a permission (10, 200-299): the token itself still works. */
const isPermissionCode = (code: number) => code === 10 || (code >= 200 && code <= 299);
/** The token expired or was invalidated (190, 102), or the app lost a permission. */
const isAuthCode = (code: number) => code === 190 || code === 102 || isPermissionCode(code);
/** "Object with ID … does not exist": what Graph answers for a deleted post or media. */
const NOT_FOUND = { code: 100, subcode: 33 };
/** "An unknown error occurred" / "Service temporarily unavailable": Graph says try again. */
const TRANSIENT_CODES = new Set([1, 2]);

/** A Graph error answer as a PublishError that keeps Graph's code and subcode. */
export class GraphError extends PublishError {
  constructor(
    error: PublishError,
    readonly code: number | undefined,
    readonly subcode: number | undefined,
  ) {
    super(error.kind, error.message, error.retryAfterMs, error.status);
  }
}

/** Graph refused for a missing permission (e.g. read_insights): the account needs no reconnecting for it. */
export function isPermissionRefusal(error: unknown): error is GraphError {
  return error instanceof GraphError && error.code !== undefined && isPermissionCode(error.code);
}

/** Graph's own answer for an object that is gone (a post or media deleted on the platform). */
export function isGraphNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.code === NOT_FOUND.code && error.subcode === NOT_FOUND.subcode;
}

// X-Business-Use-Case-Usage: {"<business id>": [{"type": "pages", "estimated_time_to_regain_access": <minutes>, …}]}
const BusinessUseCaseUsageSchema = z.record(z.string(), z.array(z.object({ estimated_time_to_regain_access: z.number().nonnegative() })));

/** How long Graph says a Business Use Case limit lasts, from its usage header (Graph sends no Retry-After). */
function regainAccessDelayMs(headers: Pick<Headers, 'get'>): number | undefined {
  let usage: z.infer<typeof BusinessUseCaseUsageSchema> | undefined;
  try {
    usage = BusinessUseCaseUsageSchema.parse(JSON.parse(headers.get('x-business-use-case-usage') ?? ''));
  } catch {
    return undefined;
  }
  const minutes = Math.max(0, ...Object.values(usage).flatMap((entries) => entries.map((entry) => entry.estimated_time_to_regain_access)));
  // 0: Graph names no wait; the default backoff applies
  return minutes > 0 ? minutes * 60_000 : undefined;
}

/** Maps a Graph error answer to a PublishError by its error code first, then its status. */
export function graphError(platformName: string, response: Pick<Response, 'status' | 'headers'>, body: string): PublishError {
  let parsed: z.infer<typeof GraphErrorSchema> | undefined;
  try {
    parsed = GraphErrorSchema.parse(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  if (!parsed) return publishErrorFromResponse(platformName, response.status, response.headers as Headers, body.slice(0, 200));
  const { code, error_subcode: subcode, message } = parsed.error;
  const text = `${platformName} answered ${response.status} (code ${code ?? 'none'}): ${message}`;
  const keepCodes = (error: PublishError) => new GraphError(error, code, subcode);
  if (code !== undefined && RATE_LIMIT_CODES.has(code)) {
    const delayMs = parseRetryAfter(response.headers.get('retry-after')) ?? regainAccessDelayMs(response.headers);
    return keepCodes(new PublishError('RATE_LIMITED', text, delayMs, response.status));
  }
  if (code !== undefined && isAuthCode(code)) return keepCodes(new PublishError('AUTH_FAILED', text, undefined, response.status));
  if (code !== undefined && TRANSIENT_CODES.has(code)) return keepCodes(new PublishError('PLATFORM_UNAVAILABLE', text));
  return keepCodes(
    publishErrorFromResponse(platformName, response.status, response.headers as Headers, `(code ${code ?? 'none'}) ${message}`),
  );
}

const InsightsSchema = z.object({
  data: z.array(z.object({ name: z.string(), values: z.array(z.object({ value: z.number().nonnegative() })) })),
});

/**
 * An object's insights (`<id>/insights` of a Page post or Instagram media, `<id>/video_insights`
 * of a Page video) as metric name → its latest value. Graph leaves out a metric it has no
 * data for yet, rather than answering 0.
 * https://developers.facebook.com/docs/graph-api/reference/insights
 */
export async function readInsights(
  graph: GraphClient,
  path: string,
  metrics: readonly string[],
  query: Record<string, string> = {},
): Promise<Partial<Record<string, number>>> {
  const { data } = await graph.get(path, { ...query, metric: metrics.join(',') }, InsightsSchema, 'insights');
  return Object.fromEntries(data.flatMap((metric) => (metric.values.length > 0 ? [[metric.name, metric.values.at(-1)!.value]] : [])));
}

/** Runs a read; a permission Graph refuses becomes the refusal's words instead of an error. */
export async function unlessRefused<T>(read: () => Promise<T>): Promise<T | { refused: string }> {
  try {
    return await read();
  } catch (error) {
    if (isPermissionRefusal(error)) return { refused: error.message };
    throw error;
  }
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
    /**
     * POST a whole file to Meta's resumable upload host (rupload.facebook.com), which takes the
     * token as an `OAuth` header and answers in Graph's format.
     * https://developers.facebook.com/docs/video-api/guides/reels-publishing#step-2--upload-the-video
     */
    async upload<S extends z.ZodType>(uploadUrl: URL, bytes: Buffer, schema: S, what: string, timeoutMs?: number): Promise<z.infer<S>> {
      const headers = { authorization: `OAuth ${accessToken}`, offset: '0', file_size: String(bytes.length) };
      const init = { method: 'POST', headers, body: new Uint8Array(bytes) };
      const response = await platformFetch(api, uploadUrl, init, timeoutMs ?? options.timeoutMs);
      return readJson(api, response, schema, `${what} shape`);
    },
  };
}

export type GraphClient = ReturnType<typeof createGraphClient>;
