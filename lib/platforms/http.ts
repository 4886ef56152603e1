// One way to call a platform over HTTP: a deadline, a failed fetch mapped to TIMEOUT or
// NETWORK, a non-2xx answer mapped to the PublishError it means on that platform, and 2xx
// bodies parsed with zod (a shape the platform does not document is INVALID_RESPONSE).
// Publishers and the API's connect flow call platforms through it.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { z } from 'zod';
import { PublishError, publishErrorFromFetchFailure, publishErrorFromResponse } from './errors';

/**
 * How long one call may take in all, including its wait for a free connection when a burst
 * fills the pool; bounded by the publish activity's 2-minute limit.
 */
export const PLATFORM_CALL_DEADLINE_MS = 90_000;

const tracer = trace.getTracer('planrrr-platforms');

/**
 * fetch within a deadline (waiting for a free connection included); no answer at all is a
 * PublishError: TIMEOUT, or NETWORK when the platform cannot be reached.
 */
export async function fetchWithinDeadline(
  platformName: string,
  url: URL | string,
  init: RequestInit,
  deadlineMs = PLATFORM_CALL_DEADLINE_MS,
): Promise<Response> {
  const method = init.method ?? 'GET';
  // The platform call's span (lib/tracing.ts): its host and answer only, as paths and
  // queries can carry tokens (Telegram's bot token, Discord's and Slack's webhook secrets).
  return tracer.startActiveSpan(
    `${platformName} ${method}`,
    {
      kind: SpanKind.CLIENT,
      attributes: { 'planrrr.platform': platformName, 'http.request.method': method, 'server.address': new URL(url).host },
    },
    async (span) => {
      try {
        const response = await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
        span.setAttribute('http.response.status_code', response.status);
        if (!response.ok) span.setStatus({ code: SpanStatusCode.ERROR, message: `${platformName} answered ${response.status}` });
        return response;
      } catch (error) {
        const failure = publishErrorFromFetchFailure(platformName, error);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.kind });
        throw failure;
      } finally {
        span.end();
      }
    },
  );
}

export interface PlatformApi {
  /** how errors name the platform, e.g. "X" */
  name: string;
  /** the platform's own words from an error body */
  errorDetail(body: string): string;
  /**
   * the platform's own reading of an error answer where the status alone misleads (X's
   * duplicate answered 403, Graph's error codes); undefined: the generic status mapping
   */
  classify?(status: number, detail: string, headers: Headers): PublishError | undefined;
  /** when the platform signals its rate-limit reset in its own header instead of Retry-After */
  rateLimitResetMs?(headers: Headers, now: number): number | undefined;
}

/** Reads `{error, message}`-style bodies into words, falling back to the raw text. */
export function firstString(body: string, read: (json: unknown) => string | undefined): string {
  try {
    const words = read(JSON.parse(body));
    if (words) return words;
  } catch {
    // not JSON: use the text
  }
  return body.slice(0, 300);
}

/** Epoch seconds in a header (X's x-rate-limit-reset, Bluesky's ratelimit-reset) as a delay from now. */
export function resetHeaderDelayMs(headers: Headers, name: string, now: number): number | undefined {
  const epochSeconds = Number(headers.get(name));
  if (!headers.get(name) || !Number.isFinite(epochSeconds)) return undefined;
  return Math.max(0, epochSeconds * 1000 - now);
}

export async function platformFetch(api: PlatformApi, url: URL | string, init: RequestInit = {}, deadlineMs?: number): Promise<Response> {
  const response = await fetchWithinDeadline(api.name, url, init, deadlineMs);
  if (response.ok) return response;
  const detail = api.errorDetail(await response.text().catch(() => ''));
  const special = api.classify?.(response.status, detail, response.headers);
  if (special) throw special;
  const error = publishErrorFromResponse(api.name, response.status, response.headers, detail);
  if (error.kind === 'RATE_LIMITED' && error.retryAfterMs === undefined && api.rateLimitResetMs) {
    throw new PublishError('RATE_LIMITED', error.message, api.rateLimitResetMs(response.headers, Date.now()), response.status);
  }
  throw error;
}

/** Parses a 2xx body with its documented schema; anything else is INVALID_RESPONSE (retryable). */
export async function readJson<S extends z.ZodType>(api: PlatformApi, response: Response, schema: S, what: string): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new PublishError('INVALID_RESPONSE', `${api.name} answered with an unexpected ${what}`);
  return parsed.data;
}
