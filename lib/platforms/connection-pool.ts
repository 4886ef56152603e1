// The connections a process opens to platforms: a bounded pool per host, and a time limit
// on a platform's silence that starts once a request is on the wire. A burst of publishes
// waits for free connections without that wait counting as the platform being slow
// (the overall deadline of one call, PLATFORM_CALL_DEADLINE_MS, still bounds it).
// A publish waiting for its time opens its connection a few seconds ahead (`warm`), so that
// a burst's TLS handshakes (about 1.3 ms of the worker's CPU each, BENCHMARKS.md) are not
// made on the event loop the calls at the time need.
// Hosts that users pick (a Mastodon instance, a Bluesky PDS) are only reached on public
// addresses, checked on the address each connection is opened to (DNS rebinding).
import ipaddr from 'ipaddr.js';
import type { Socket } from 'node:net';
import { Agent, buildConnector, Pool } from 'undici';
import { PLATFORM_HOST_VARIABLES, type PlatformHostVariable } from '../../platforms/configs';
import type { Config } from '../config';
import { isPublicAddress, PrivateAddressError, publicOnlyLookup, unbracketed } from '../network-address';

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

/**
 * How long a connection opened ahead waits for its call before it is closed. A publish opens
 * one 5 s before its time (activities/publish-to-target.ts); one left unused (the post changed)
 * must not stay open, and platforms close connections that stay silent much longer.
 */
const WARM_CONNECTION_LIFETIME_MS = 15_000;

/**
 * One origin's connector: it hands the pool's new connections the sockets opened ahead for
 * it first, and opens a new one when none is left.
 */
class OriginConnector {
  /** open sockets not yet handed out, each with what lets it go (its timer and listeners) */
  private readonly ready = new Map<Socket, () => void>();
  private opening = 0;

  constructor(
    private readonly origin: URL,
    private readonly open: buildConnector.connector,
    private readonly most: number,
  ) {}

  readonly connect: buildConnector.connector = (options, callback) => {
    for (const [socket, release] of this.ready) {
      this.ready.delete(socket);
      release();
      if (!socket.destroyed && socket.readyState === 'open') return callback(null, socket.ref());
      socket.destroy();
    }
    this.open(options, callback);
  };

  /** Opens one more connection ahead, unless as many as the pool may hold are open or opening. */
  warm(): void {
    if (this.ready.size + this.opening >= this.most) return;
    this.opening += 1;
    const { hostname, host, protocol, port } = this.origin;
    // the parameters undici's own client passes its connector for a new connection
    this.open({ hostname: unbracketed(hostname), host, protocol, port }, (error, socket) => {
      this.opening -= 1;
      // best effort: the call at the time connects itself and meets the error then
      if (error || !socket) return;
      const forget = () => this.ready.delete(socket);
      const ignore = () => {}; // an error while it waits closes it, and 'close' forgets it
      const expiry = setTimeout(() => {
        if (this.ready.delete(socket)) socket.destroy();
      }, WARM_CONNECTION_LIFETIME_MS).unref();
      // unreferenced while it waits, as undici leaves an idle connection: it keeps no process alive
      socket.unref().once('close', forget).on('error', ignore);
      this.ready.set(socket, () => {
        clearTimeout(expiry);
        socket.off('close', forget).off('error', ignore);
      });
    });
  }
}

/** The dispatcher every fetch of a worker or API process goes through (setGlobalDispatcher). */
export class PlatformConnectionPool extends Agent {
  private readonly connectorFor: (origin: string) => OriginConnector;

  constructor({
    connectionsPerHost,
    silenceTimeoutMs = PLATFORM_REQUEST_TIMEOUT_MS,
    allowPrivateAddresses,
    trustedOrigins = [],
  }: PlatformPoolOptions) {
    const trusted = new Set(trustedOrigins);
    // how this process opens connections to an origin, with the address check where it applies
    const opener = (url: URL): buildConnector.connector => {
      if (allowPrivateAddresses || trusted.has(url.origin)) return buildConnector({});
      const literal = unbracketed(url.hostname);
      if (ipaddr.isValid(literal)) return isPublicAddress(literal) ? buildConnector({}) : refuse(literal);
      return buildConnector({ lookup: publicOnlyLookup });
    };
    const connectors = new Map<string, OriginConnector>();
    const connectorFor = (origin: string): OriginConnector => {
      const url = new URL(origin);
      let connector = connectors.get(url.origin);
      if (!connector) {
        connector = new OriginConnector(url, opener(url), connectionsPerHost);
        connectors.set(url.origin, connector);
      }
      return connector;
    };
    super({
      connections: connectionsPerHost,
      headersTimeout: silenceTimeoutMs,
      bodyTimeout: silenceTimeoutMs,
      // one pool per origin, as undici's own factory makes, connecting through the origin's connector
      factory: (origin, options) => new Pool(origin, { ...(options as Pool.Options), connect: connectorFor(String(origin)).connect }),
    });
    this.connectorFor = connectorFor;
  }

  /**
   * Opens a connection to `url`'s origin now, for a call due in a few seconds: the pool's next
   * new connection to it uses it. Best effort; unused, it closes after WARM_CONNECTION_LIFETIME_MS.
   */
  warm(url: string): void {
    this.connectorFor(url).warm();
  }
}
