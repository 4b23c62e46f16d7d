import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';

function plain(address: string): string {
  const bare = address.replace(/^\[|\]$/g, '');
  return bare.startsWith('::ffff:') ? bare.slice(7) : bare;
}

const isWildcard = (address: string) => address === '0.0.0.0' || address === '::';
const isLoopback = (address: string) => address === '::1' || address.startsWith('127.');

/**
 * Whether a URL leads back to a listener bound to `bound`:`port` on this machine: --forward-to
 * pointed at the listener itself relays each callback to itself, without end. Names are resolved;
 * one that does not resolve is not this listener (the relay will say it is unreachable).
 */
export async function leadsToListener(
  url: string,
  bound: { host: string; port: number },
): Promise<boolean> {
  const target = new URL(url);
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  if (port !== bound.port) return false;
  const host = plain(target.hostname);
  const addresses =
    isIP(host) !== 0
      ? [host]
      : await lookup(host, { all: true }).then(
          (found) => found.map((a) => plain(a.address)),
          () => [],
        );
  const listening = plain(bound.host);
  const local = new Set<string>();
  for (const list of Object.values(networkInterfaces())) {
    for (const entry of list ?? []) local.add(plain(entry.address));
  }
  return addresses.some((address) => {
    // A wildcard target (0.0.0.0) is dialled as this machine.
    const here = isWildcard(address) || isLoopback(address) || local.has(address);
    if (isWildcard(listening)) return here;
    return address === listening || (isWildcard(address) && isLoopback(listening));
  });
}
