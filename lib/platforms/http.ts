// One way to call a platform over HTTP: a time limit, a failed fetch mapped to TIMEOUT or
// NETWORK, a non-2xx answer mapped by the platform's own rules, and 2xx bodies parsed
// with zod (a shape the platform does not document is INVALID_RESPONSE).
import type { z } from 'zod';
import { PublishError, publishErrorFromFetchFailure } from './errors';

/**
 * How long one call may take in all, including its wait for a free connection when a burst
 * fills the pool; bounded by the publish activity's 2-minute limit.
 */
export const PLATFORM_CALL_DEADLINE_MS = 90_000;

export interface PlatformHttp {
  /** the platform's name in error messages */
  name: string;
  /** turns a non-2xx answer into the PublishError it means on this platform */
  errorFor(response: Response, body: string): PublishError;
}

/**
 * fetch within a deadline (waiting for a free connection included); no answer at all is a
 * PublishError: TIMEOUT, or NETWORK when the platform cannot be reached.
 */
export async function fetchWithinDeadline(platformName: string, url: URL | string, init: RequestInit, deadlineMs = PLATFORM_CALL_DEADLINE_MS): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(deadlineMs) });
  } catch (error) {
    throw publishErrorFromFetchFailure(platformName, error);
  }
}

export async function platformFetch(
  platform: PlatformHttp,
  url: URL | string,
  init: RequestInit & { timeoutMs?: number },
): Promise<Response> {
  const { timeoutMs, ...rest } = init;
  const response = await fetchWithinDeadline(platform.name, url, rest, timeoutMs);
  if (!response.ok) throw platform.errorFor(response, await response.text().catch(() => ''));
  return response;
}

/** Parses a 2xx JSON body with `schema`, or throws INVALID_RESPONSE naming `what`. */
export async function parseBody<S extends z.ZodType>(platform: PlatformHttp, response: Response, schema: S, what: string): Promise<z.infer<S>> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new PublishError('INVALID_RESPONSE', `${platform.name} answered with an unexpected ${what} shape`);
  return parsed.data;
}
