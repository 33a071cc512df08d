// The client's address for the per-address sign-in limit. Behind reverse proxies the socket's peer
// is the nearest proxy and X-Forwarded-For lists the hops before it, each proxy appending the
// address it saw. Only the right-hand end of that list was written by proxies we trust; anything
// to the left may be made up by the client. So the client is the right-most address that is not
// one of our proxies (the Express/RFC 7239 reading), never the left-most.
import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../config.ts';

/** `::ffff:192.0.2.1` (IPv4 on a dual-stack socket) is 192.0.2.1. */
const plain = (address: string) => {
  const a = address.trim();
  return /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(a) ? a.slice(7) : a;
};

export function proxyMatcher(trust: TrustProxy): (address: string) => boolean {
  if (trust.kind !== 'addresses') return () => false;
  const list = new BlockList();
  for (const entry of trust.addresses) {
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const type = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(bits), type);
  }
  return (address) => {
    const a = plain(address);
    const type = isIP(a);
    return type !== 0 && list.check(a, type === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * `remote` is the socket's peer; `forwardedFor` the X-Forwarded-For header (all its values
 * joined with commas). With `hops: n` the n nearest addresses are proxies; with `addresses`, every
 * address in the list is.
 */
export function clientAddressOf(remote: string, forwardedFor: string | undefined, trust: TrustProxy, isProxy = proxyMatcher(trust)): string {
  if (trust.kind === 'none') return plain(remote);
  // Nearest first: the peer, then the forwarded entries from right to left.
  const chain = [remote, ...(forwardedFor ?? '').split(',').map(plain).filter(Boolean).reverse()].map(plain);
  if (trust.kind === 'hops') return chain[Math.min(trust.hops, chain.length - 1)]!;
  const client = chain.find((a) => !isProxy(a));
  return client ?? chain[chain.length - 1]!;
}
