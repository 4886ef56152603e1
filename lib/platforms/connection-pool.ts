// The connections a process opens to platforms: a bounded pool per host, and a time limit
// on a platform's silence that starts once a request is on the wire. A burst of publishes
// waits for free connections without that wait counting as the platform being slow
// (the overall deadline of one call, PLATFORM_CALL_DEADLINE_MS, still bounds it).
// Hosts that users pick (a Mastodon instance, a Bluesky PDS) are only reached on public
// addresses, checked on the address each connection is opened to (DNS rebinding).
import ipaddr from 'ipaddr.js';
import { Agent, Pool, type buildConnector } from 'undici';
import { PLATFORM_HOST_VARIABLES, type PlatformHostVariable } from '../../platforms/configs';
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
 * The platform hosts that come from the operator's configuration rather than from users: every
 * URL among the platforms' variables (platforms/<name>/config.ts), and the AI provider's.
 * They are not checked: users cannot change where they point, and an operator may point them
 * at a gateway, a self-hosted PDS or a fake on a private network without opening every
 * user-supplied host to private addresses (ALLOW_INSECURE_PLATFORM_URLS).
 */
export function operatorPlatformOrigins(config: Pick<Config, PlatformHostVariable | 'AI_BASE_URL'>): string[] {
  return [
    ...PLATFORM_HOST_VARIABLES.map((name) => config[name]),
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
