// The connections a process opens to platforms: a bounded pool per host, and a time limit
// on a platform's silence that starts once a request is on the wire. A burst of publishes
// waits for free connections without that wait counting as the platform being slow
// (the overall deadline of one call, PLATFORM_CALL_DEADLINE_MS, still bounds it).
import { Agent } from 'undici';

/** How long a platform may stay silent once a request is sent before the attempt counts as timed out. */
export const PLATFORM_REQUEST_TIMEOUT_MS = 30_000;

export interface PlatformPoolOptions {
  /** PLATFORM_CONNECTIONS_PER_HOST */
  connectionsPerHost: number;
  /** how long a platform may stay silent once a request is sent (tests shorten it) */
  silenceTimeoutMs?: number;
}

/** The dispatcher every fetch of a worker or API process goes through (setGlobalDispatcher). */
export function platformConnectionPool({ connectionsPerHost, silenceTimeoutMs = PLATFORM_REQUEST_TIMEOUT_MS }: PlatformPoolOptions): Agent {
  return new Agent({ connections: connectionsPerHost, headersTimeout: silenceTimeoutMs, bodyTimeout: silenceTimeoutMs });
}
