// Duplicate usage keys and dependency resolution, and the hash table under them.
import { describe, expect, it } from 'vitest';
import { usageKey } from '../server/src/domain/inventory.ts';
import { HashIndex, hash64 } from './hash-index.ts';
import { nameKey, UsageIndex } from './links.ts';

type Draft = Parameters<UsageIndex['register']>[4][number];

describe('HashIndex', () => {
  it('stores, finds and grows', () => {
    const idx = new HashIndex(4);
    const h = new Int32Array(2);
    for (let i = 0; i < 10_000; i++) {
      hash64(`system ${i}`, 0, h);
      const o = idx.find(h, true);
      idx.setValue(o, i + 1);
      idx.setValue2(o, 7 - i);
    }
    expect(idx.size).toBe(10_000);
    for (let i = 0; i < 10_000; i += 997) {
      hash64(`system ${i}`, 0, h);
      const o = idx.find(h, false);
      expect([idx.value(o), idx.value2(o)]).toEqual([i + 1, 7 - i]);
    }
    hash64('system 10000', 0, h);
    expect(idx.find(h, false)).toBe(-1);
    hash64('system 1', 1, h); // another seed is another key
    expect(idx.find(h, false)).toBe(-1);
  });
});

describe('UsageIndex', () => {
  function index() {
    const idx = new UsageIndex();
    const issues: Draft[] = [];
    const add = (product: string, local: string | null, id: string | null, line: number) => idx.register(product, local, id, line, issues);
    const dep = (u: { product_name: string; local_name?: string | null; local_id?: string | null }, names: string[], line: number) =>
      idx.depend(usageKey({ product_name: u.product_name, local_name: u.local_name ?? null, local_id: u.local_id ?? null }), names, line, 'Anvendte systemer', issues);
    return { idx, issues, add, dep };
  }

  it('finds duplicate usage keys the way usageKey() builds them', () => {
    const { add } = index();
    expect(add('ESDH', null, null, 2)).toBeNull();
    expect(add('esdh ', null, null, 3)).toBe(2);
    expect(add('ESDH', 'Sager', null, 4)).toBeNull(); // key name:sager
    expect(add('Andet', 'SAGER', null, 5)).toBe(4);
    expect(add('ESDH', null, 'L-1', 6)).toBeNull(); // key id:l-1
    expect(add('Helt andet', null, ' l-1 ', 7)).toBe(6);
  });

  it('resolves backward names at once and forward ones at the end', () => {
    const { idx, issues, add, dep } = index();
    add('AD', null, null, 2);
    add('ESDH', 'Sager', null, 3);
    expect(dep({ product_name: 'ESDH', local_name: 'Sager' }, ['ad', 'Løn  System', 'Ukendt'], 3)).toEqual([
      { source_key: 'name:sager', target_key: 'name:ad', kind: 'data', direction: 'outgoing', platform_role: null },
    ]);
    add('Løn System', null, 'L-9', 4);
    expect(dep({ product_name: 'Løn System', local_id: 'L-9' }, ['ESDH', 'Sager'], 4)).toHaveLength(2);
    const end = idx.resolve('f.csv');
    expect(end.integrations).toEqual([{ source_key: 'name:sager', target_key: 'id:l-9', kind: 'data', direction: 'outgoing', platform_role: null }]);
    expect(end.issues.map((i) => [i.code, i.line, i.value, i.file])).toEqual([['unresolved-dependency', 3, 'Ukendt', 'f.csv']]);
    expect(issues).toEqual([]);
  });

  it('a name two systems answer to points at the first, with a warning', () => {
    const { idx, issues, add, dep } = index();
    add('Portal', null, null, 2);
    expect(dep({ product_name: 'Borger' }, ['Portal'], 3)).toHaveLength(1); // used before the second appears
    add('Portal', 'Portal 2', null, 4); // another system, also called Portal
    expect(issues.map((i) => [i.code, i.line])).toEqual([['ambiguous-dependency', 4]]);
    const later = dep({ product_name: 'Skole' }, ['Portal'], 5);
    expect(later?.[0]?.target_key).toBe('name:portal');
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ['ambiguous-dependency', 4],
      ['ambiguous-dependency', 5],
    ]);
    expect(idx.resolve(undefined).issues).toEqual([]);
  });

  it('a system using itself is a warning', () => {
    const { issues, add, dep } = index();
    add('Løn', null, null, 2);
    expect(dep({ product_name: 'Løn' }, ['LØN'], 2)).toBeNull();
    expect(issues.map((i) => i.code)).toEqual(['self-dependency']);
  });

  it('folds names for matching', () => {
    expect(nameKey('  Løn\u00a0 og  Personale ')).toBe('løn og personale');
  });
});
