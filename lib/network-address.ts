// Refuses outbound requests to loopback, private, link-local and other non-public
// addresses, so that user-supplied URLs (webhooks) cannot reach the server's own network
// (SSRF). The check runs on the resolved address at connect time, so a hostname that
// resolves differently later (DNS rebinding) is caught as well.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions } from 'node:dns';
import { promisify } from 'node:util';
import ipaddr from 'ipaddr.js';

const lookupAll = promisify(dnsLookup) as (hostname: string, options: LookupAllOptions) => Promise<LookupAddress[]>;

/** Only globally routable unicast addresses count as public (IPv4-mapped IPv6 unwrapped). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** A URL's hostname as an address or name to resolve: an IPv6 literal without its brackets. */
export function unbracketed(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError';
}

/** Every address the hostname resolves to; throws PrivateAddressError if any is not public. */
export async function resolvePublicAddresses(hostname: string): Promise<string[]> {
  const bare = unbracketed(hostname);
  const addresses = ipaddr.isValid(bare) ? [bare] : (await lookupAll(bare, { all: true })).map((entry) => entry.address);
  const refused = addresses.filter((address) => !isPublicAddress(address));
  if (refused.length > 0) throw new PrivateAddressError(`${hostname} resolves to a non-public address (${refused.join(', ')})`);
  return addresses;
}

/** A `lookup` for http.request that resolves like dns.lookup but refuses non-public addresses. */
export const publicOnlyLookup: typeof dnsLookup = ((hostname: string, options: unknown, callback: unknown) => {
  const done = (typeof options === 'function' ? options : callback) as (
    error: Error | null,
    address?: string | LookupAddress[],
    family?: number,
  ) => void;
  const all = typeof options === 'object' && options !== null && (options as LookupAllOptions).all === true;
  resolvePublicAddresses(hostname).then(
    (addresses) => {
      const entries = addresses.map((address) => ({ address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 }));
      if (all) done(null, entries);
      else done(null, entries[0]!.address, entries[0]!.family);
    },
    (error: Error) => done(error),
  );
}) as typeof dnsLookup;
