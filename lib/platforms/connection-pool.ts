// The connections a process opens to platforms: a bounded pool per host, and a time limit
// on a platform's silence that starts once a request is on the wire. A burst of publishes
// waits for free connections without that wait counting as the platform being slow
// (the overall deadline of one call, PLATFORM_CALL_DEADLINE_MS, still bounds it).
// Hosts that users pick (a Mastodon instance, a Bluesky PDS) are only reached on public
// addresses, checked on the address each connection is opened to (DNS rebinding).
import ipaddr from 'ipaddr.js';
import { Agent, Pool, type buildConnector } from 'undici';
import type { Config } from '../config';
import { isPublicAddress, PrivateAddressError, publicOnlyLookup } from '../network-address';

/** How long a platform may stay silent once a request is sent before the attempt counts as timed out. */
export const PLATFORM_REQUEST_TIMEOUT_MS = 30_000;

export interface PlatformPoolOptions {
  /** PLATFORM_CONNECTIONS_PER_HOST */
  connectionsPerHost: number;
  /** how long a platform may stay silent once a request is sent (tests shorten it) */
  silenceTimeoutMs?: number;
  /** ALLOW_INSECURE_PLATFORM_URLS: loopback and private addresses may be reached too (tests, `npm start`) */
  allowPrivateAddresses: boolean;
  /** origins reached whatever they resolve to: the ones the operator configured (operatorPlatformOrigins) */
  trustedOrigins?: string[];
}

/**
 * The platform hosts that come from the operator's configuration rather than from users.
 * They are not checked: users cannot change where they point, and an operator may point them
 * at a gateway, a self-hosted PDS or a fake on a private network without opening every
 * user-supplied host to private addresses (ALLOW_INSECURE_PLATFORM_URLS).
 */
export function operatorPlatformOrigins(
  config: Pick<
    Config,
    | 'X_API_BASE_URL'
    | 'X_TOKEN_URL'
    | 'LINKEDIN_API_BASE_URL'
    | 'LINKEDIN_TOKEN_URL'
    | 'FACEBOOK_GRAPH_BASE_URL'
    | 'GOOGLE_TOKEN_URL'
    | 'YOUTUBE_API_BASE_URL'
    | 'BLUESKY_DEFAULT_SERVICE_URL'
    | 'TELEGRAM_API_BASE_URL'
    | 'DISCORD_API_BASE_URL'
    | 'SLACK_API_BASE_URL'
    | 'SLACK_WEBHOOKS_BASE_URL'
    | 'THREADS_API_BASE_URL'
    | 'REDDIT_API_BASE_URL'
    | 'REDDIT_TOKEN_URL'
    | 'PINTEREST_API_BASE_URL'
    | 'TIKTOK_API_BASE_URL'
    | 'GOOGLE_BUSINESS_API_BASE_URL'
    | 'GOOGLE_BUSINESS_ACCOUNT_MANAGEMENT_URL'
    | 'GOOGLE_BUSINESS_INFORMATION_URL'
    | 'FACEBOOK_RUPLOAD_BASE_URL'
    | 'AI_BASE_URL'
  >,
): string[] {
  return [
    config.X_API_BASE_URL,
    config.X_TOKEN_URL,
    config.LINKEDIN_API_BASE_URL,
    config.LINKEDIN_TOKEN_URL,
    config.FACEBOOK_GRAPH_BASE_URL,
    config.GOOGLE_TOKEN_URL,
    config.YOUTUBE_API_BASE_URL,
    config.BLUESKY_DEFAULT_SERVICE_URL,
    config.TELEGRAM_API_BASE_URL,
    config.DISCORD_API_BASE_URL,
    config.SLACK_API_BASE_URL,
    config.SLACK_WEBHOOKS_BASE_URL,
    config.THREADS_API_BASE_URL,
    config.REDDIT_API_BASE_URL,
    config.REDDIT_TOKEN_URL,
    config.PINTEREST_API_BASE_URL,
    config.TIKTOK_API_BASE_URL,
    config.GOOGLE_BUSINESS_API_BASE_URL,
    config.GOOGLE_BUSINESS_ACCOUNT_MANAGEMENT_URL,
    config.GOOGLE_BUSINESS_INFORMATION_URL,
    config.FACEBOOK_RUPLOAD_BASE_URL,
    // an AI provider on the operator's own network (Ollama, vLLM) is the usual case
    ...(config.AI_BASE_URL ? [config.AI_BASE_URL] : []),
  ].map((url) => new URL(url).origin);
}

/** A connector that fails at once: Node skips `lookup` for IP literals, so those are refused here. */
function refuse(hostname: string): buildConnector.connector {
  return (_options, callback) => {
    callback(new PrivateAddressError(`${hostname} is not a public address`), null);
  };
}

/** The dispatcher every fetch of a worker or API process goes through (setGlobalDispatcher). */
export function platformConnectionPool({
  connectionsPerHost,
  silenceTimeoutMs = PLATFORM_REQUEST_TIMEOUT_MS,
  allowPrivateAddresses,
  trustedOrigins = [],
}: PlatformPoolOptions): Agent {
  const limits = { connections: connectionsPerHost, headersTimeout: silenceTimeoutMs, bodyTimeout: silenceTimeoutMs };
  if (allowPrivateAddresses) return new Agent(limits);
  const trusted = new Set(trustedOrigins);
  return new Agent({
    ...limits,
    // one pool per origin, as undici's own factory makes, with the address check where it applies
    factory: (origin, agentOptions) => {
      const options = agentOptions as Pool.Options;
      const url = new URL(origin);
      if (trusted.has(url.origin)) return new Pool(origin, options);
      const literal = url.hostname.replace(/^\[|\]$/g, '');
      if (ipaddr.isValid(literal)) return new Pool(origin, isPublicAddress(literal) ? options : { ...options, connect: refuse(literal) });
      return new Pool(origin, { ...options, connect: { lookup: publicOnlyLookup } });
    },
  });
}
