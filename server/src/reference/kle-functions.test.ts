// data/reference/kle-functions.csv (issue #14): KLE numbers → function terms, numbers only. The
// file passes its schema, names only KLE main groups that exist, never carries KL's titles, and
// maps no number onto a term a wrong pair forbids together with another of its terms.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from './load-reference.ts';
import { readCsv } from './read-csv.ts';
import { kleFunctionRow } from './schemas.ts';
import { FUNCTION_TERMS } from '../domain/vocabulary.ts';
import { termsOfKle } from '../solutions/functions.ts';

const rows = readCsv(join(REFERENCE_DIR, 'kle-functions.csv'), kleFunctionRow);
/** The shared, read-only list of KLE main groups (../shared/reference/kle-groups.csv, `;`-separated). */
const GROUPS = join(import.meta.dirname, '../../../../shared/reference/kle-groups.csv');
const groups = existsSync(GROUPS)
  ? readFileSync(GROUPS, 'utf8').trim().split('\n').slice(1).map((l) => l.split(';')).map(([number, title]) => ({ number: number!, title: title! }))
  : [];

describe('kle-functions.csv', () => {
  it('passes the schema: a KLE number, a term of the closed list, a source and a note in our own words', () => {
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(FUNCTION_TERMS).toContain(r.function);
  });

  it('holds each (number, term) once', () => {
    const keys = rows.map((r) => `${r.kle}|${r.function}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.skipIf(groups.length === 0)('names only KLE main groups that exist (../shared/reference/kle-groups.csv)', () => {
    const numbers = new Set(groups.map((g) => g.number));
    expect(rows.filter((r) => !numbers.has(r.kle.slice(0, 2))).map((r) => r.kle)).toEqual([]);
  });

  it.skipIf(groups.length === 0)('never carries a KLE title: the titles are KL’s and not openly licensed', () => {
    const text = readFileSync(join(REFERENCE_DIR, 'kle-functions.csv'), 'utf8').toLowerCase();
    expect(groups.filter((g) => text.includes(g.title.toLowerCase())).map((g) => g.title)).toEqual([]);
  });

  it('maps a number by itself and by every prefix, and nothing else', () => {
    const map = [{ kle: '81', function: 'hr' }, { kle: '81.02', function: 'lønsystem' }, { kle: '02', function: 'byggesagsbehandling' }];
    expect(termsOfKle(map, ['81.02.04'])).toEqual(['hr', 'lønsystem']);
    expect(termsOfKle(map, ['81.03'])).toEqual(['hr']);
    expect(termsOfKle(map, ['810', '20.02', '8'])).toEqual([]);
    expect(termsOfKle(map, [])).toEqual([]);
  });
});
