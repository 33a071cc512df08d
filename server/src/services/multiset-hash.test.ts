import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MultisetHash } from './multiset-hash.ts';

const hashOf = (lines: readonly string[]) => {
  const h = new MultisetHash();
  for (const l of lines) h.add(l);
  return h.digest();
};

describe('MultisetHash', () => {
  it('gives the same hash for the same lines in any order', () => {
    fc.assert(fc.property(fc.array(fc.string()).chain((a) => fc.tuple(fc.constant(a), fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length }))), ([a, b]) => {
      expect(hashOf(b)).toBe(hashOf(a));
    }));
  });

  it('changes when a line is changed, added, removed or repeated', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.string(), { minLength: 1 }), fc.string(), (lines, other) => {
      const h = hashOf(lines);
      if (!lines.includes(other)) {
        expect(hashOf([...lines.slice(1), other])).not.toBe(h);
        expect(hashOf([...lines, other])).not.toBe(h);
      }
      expect(hashOf(lines.slice(1))).not.toBe(h);
      expect(hashOf([...lines, lines[0]!])).not.toBe(h);
    }));
  });

  it('is the sum of the lines\' SHA-256 in four 64-bit lanes, as versions already stored were hashed', () => {
    // The definition, in BigInt arithmetic: a stored usages_hash must still match the same rows.
    const byDefinition = (lines: readonly string[]) => {
      const lanes = new BigUint64Array(4);
      for (const l of lines) {
        const d = createHash('sha256').update(l).digest();
        for (let i = 0; i < 4; i++) lanes[i]! += d.readBigUInt64BE(i * 8);
      }
      return createHash('sha256').update(`${lines.length}:${[...lanes].map((l) => l.toString(16)).join(':')}`).digest('hex');
    };
    fc.assert(fc.property(fc.array(fc.string(), { maxLength: 300 }), (lines) => {
      expect(hashOf(lines)).toBe(byDefinition(lines));
    }));
  });
});
