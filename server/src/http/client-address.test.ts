// TRUST_PROXY and the client address: the right-most address not written by a trusted proxy.
import { describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy } from '../config.ts';
import { clientAddressOf } from './client-address.ts';

describe('TRUST_PROXY', () => {
  it('reads false, true (one hop), a hop count, or a list of addresses and CIDRs', () => {
    expect(parseTrustProxy('false')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('0')).toEqual({ kind: 'none' });
    expect(parseTrustProxy('true')).toEqual({ kind: 'hops', hops: 1 });
    expect(parseTrustProxy('2')).toEqual({ kind: 'hops', hops: 2 });
    expect(parseTrustProxy('10.0.0.0/8, 192.0.2.7,fd00::/8')).toEqual({ kind: 'addresses', addresses: ['10.0.0.0/8', '192.0.2.7', 'fd00::/8'] });
    expect(loadConfig({}).trustProxy).toEqual({ kind: 'none' });
  });

  it('refuses anything else when the server starts', () => {
    for (const bad of ['yes', '-1', '101', '10.0.0.0/33', 'proxy.example.dk']) {
      expect(() => loadConfig({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });
});

describe('clientAddressOf', () => {
  const xff = '6.6.6.6, 198.51.100.9, 10.0.0.5';
  it('without trust: the socket peer, whatever the header says', () => {
    expect(clientAddressOf('192.0.2.1', xff, { kind: 'none' })).toBe('192.0.2.1');
  });

  it('with n hops: the n-th address from the right of header + peer', () => {
    expect(clientAddressOf('10.0.0.1', xff, { kind: 'hops', hops: 1 })).toBe('10.0.0.5');
    expect(clientAddressOf('10.0.0.1', xff, { kind: 'hops', hops: 2 })).toBe('198.51.100.9');
    // A header shorter than the hops: the left-most there is, never past it.
    expect(clientAddressOf('10.0.0.1', '198.51.100.9', { kind: 'hops', hops: 5 })).toBe('198.51.100.9');
    expect(clientAddressOf('10.0.0.1', undefined, { kind: 'hops', hops: 1 })).toBe('10.0.0.1');
  });

  it('with a list: the right-most address that is not a listed proxy', () => {
    const trust = { kind: 'addresses', addresses: ['10.0.0.0/8', '::1'] } as const;
    expect(clientAddressOf('::ffff:10.0.0.1', xff, trust)).toBe('198.51.100.9');
    expect(clientAddressOf('::1', '198.51.100.9 ,10.1.2.3', trust)).toBe('198.51.100.9');
    // Straight from a client: the peer.
    expect(clientAddressOf('203.0.113.5', xff, trust)).toBe('203.0.113.5');
    // Only proxies: the left-most.
    expect(clientAddressOf('10.0.0.1', '10.9.9.9', trust)).toBe('10.9.9.9');
  });
});
