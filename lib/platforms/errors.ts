// The error taxonomy of publishing: every way a platform can say no, mapped to whether
// Temporal should try again. The API's connect flow reads the same errors (AUTH_FAILED:
// the platform rejected the credentials).

export const PUBLISH_ERROR_KINDS = {
  /** 429: try again after the platform's Retry-After */
  RATE_LIMITED: { retryable: true },
  /** 5xx or 408: the platform is having a bad moment */
  PLATFORM_UNAVAILABLE: { retryable: true },
  /** no answer within our time limit */
  TIMEOUT: { retryable: true },
  /** DNS, connection refused or reset */
  NETWORK: { retryable: true },
  /** a 2xx answer that does not match the platform's documented shape */
  INVALID_RESPONSE: { retryable: true },
  /** a bug or outage on our side (e.g. the database); retried like a platform outage */
  INTERNAL: { retryable: true },
  /** 401/403: the token was revoked or lacks permission; reconnecting the account fixes it */
  AUTH_FAILED: { retryable: false },
  /**
   * the connection is marked NEEDS_RECONNECT (its provider refused to refresh the token, or
   * the platform rejected it): nothing is sent until a user connects the account again
   */
  RECONNECT_NEEDED: { retryable: false },
  /** 4xx about the content (too long, invalid media): retrying will not help */
  CONTENT_REJECTED: { retryable: false },
  /** the platform refuses the post as a duplicate */
  DUPLICATE: { retryable: false },
  /** the account was disconnected, or the post no longer targets it */
  CONNECTION_MISSING: { retryable: false },
  /** planrrr cannot publish to this platform yet */
  UNSUPPORTED_PLATFORM: { retryable: false },
  /**
   * the user-supplied host (a Mastodon instance, a Bluesky PDS) resolves to a loopback,
   * private or link-local address (connection-pool.ts); the account needs a public server
   */
  ADDRESS_NOT_PUBLIC: { retryable: false },
} as const satisfies Record<string, { retryable: boolean }>;

export type PublishErrorKind = keyof typeof PUBLISH_ERROR_KINDS;

export class PublishError extends Error {
  override name = 'PublishError';

  constructor(
    readonly kind: PublishErrorKind,
    message: string,
    /** how long the platform asked us to wait before the next attempt */
    readonly retryAfterMs?: number,
    /** the platform's HTTP status, when it answered with an error (a 404 or 410 tells a post is gone) */
    readonly status?: number,
  ) {
    super(message);
  }

  get retryable(): boolean {
    return PUBLISH_ERROR_KINDS[this.kind].retryable;
  }
}

/** Retry-After is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Maps a platform's non-2xx answer to a PublishError, keeping the platform's own words. */
export function publishErrorFromResponse(platformName: string, status: number, headers: Headers, detail: string): PublishError {
  const message = `${platformName} answered ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 429) return new PublishError('RATE_LIMITED', message, parseRetryAfter(headers.get('retry-after')), status);
  if (status === 401 || status === 403) return new PublishError('AUTH_FAILED', message, undefined, status);
  if (status === 408 || status >= 500) return new PublishError('PLATFORM_UNAVAILABLE', message, undefined, status);
  if (status === 409) return new PublishError('DUPLICATE', message, undefined, status);
  return new PublishError('CONTENT_REJECTED', message, undefined, status);
}

/** undici's codes for a platform that went silent (connection-pool.ts sets the limits). */
const SILENCE_TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value ? (value as Record<string, unknown>)[key] : undefined;
}

/** Maps a failed fetch (no HTTP answer at all) to a PublishError. */
export function publishErrorFromFetchFailure(platformName: string, error: unknown): PublishError {
  const deadlinePassed = error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');
  // duck-typed: fetch's errors may come from another realm than this module's Error (tests)
  const cause = fieldOf(error, 'cause');
  const causeCode = fieldOf(cause, 'code');
  if (deadlinePassed || (typeof causeCode === 'string' && SILENCE_TIMEOUT_CODES.has(causeCode))) {
    return new PublishError('TIMEOUT', `${platformName} did not answer in time`);
  }
  const causeMessage = fieldOf(cause, 'message');
  if (fieldOf(cause, 'name') === 'PrivateAddressError') {
    return new PublishError(
      'ADDRESS_NOT_PUBLIC',
      `${platformName} was not called: the instance's address is not public (${String(causeMessage)})`,
    );
  }
  const causeDetail = typeof causeMessage === 'string' ? `: ${causeMessage}` : '';
  return new PublishError('NETWORK', `Could not reach ${platformName}${causeDetail}`);
}
