// data/reference/product-functions.csv (issue #14, matching by task): every product of products.csv
// says what it does in the closed function taxonomy the alternatives' `function` facts use (or is
// listed as deliberately without), and no known wrong pair (function-wrong-pairs.csv) is in the data.
// The files are read with the loader's own CSV reader, so a bad cell fails with its line and column.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReferenceDataError } from '../errors.ts';
import { REFERENCE_DIR } from './load-reference.ts';
import { readCsv } from './read-csv.ts';
import { type AlternativeFactRow, alternativeFactRow, type FunctionWrongPairRow, functionWrongPairRow, type ProductFunctionRow, productFunctionRow, productRow } from './schemas.ts';

const products = readCsv(join(REFERENCE_DIR, 'products.csv'), productRow);
const rows = readCsv(join(REFERENCE_DIR, 'product-functions.csv'), productFunctionRow);
const wrongPairs = readCsv(join(REFERENCE_DIR, 'function-wrong-pairs.csv'), functionWrongPairRow);
const facts = readCsv(join(REFERENCE_DIR, 'alternative-facts.csv'), alternativeFactRow);

type Side = FunctionWrongPairRow['subject'];

/** The function terms of a product (product-functions.csv) or an alternative (its `function` facts). */
function functionsOf(side: Side, productFunctions: ProductFunctionRow[], alternativeFacts: AlternativeFactRow[]): Set<string> {
  if (side.kind === 'product') return new Set(productFunctions.filter((r) => r.product_key === side.value && r.function).map((r) => r.function!));
  return new Set(alternativeFacts.filter((f) => f.alternative_key === side.value && f.fact === 'function').map((f) => f.value));
}

/** The wrong pairs the data contains: a subject carrying its wrong term, or two sides sharing a term. */
function wrongPairsIn(productFunctions: ProductFunctionRow[], alternativeFacts: AlternativeFactRow[]): string[] {
  return wrongPairs.flatMap((p) => {
    const subject = functionsOf(p.subject, productFunctions, alternativeFacts);
    const other = p.other.kind === 'function' ? new Set([p.other.value]) : functionsOf(p.other, productFunctions, alternativeFacts);
    const shared = [...other].filter((t) => subject.has(t));
    return shared.length ? [`${p.subject.kind}:${p.subject.value} ↔ ${p.other.kind}:${p.other.value} share ${shared.join(', ')}`] : [];
  });
}

function refusal(file: string, header: string, line: string, schema: typeof productFunctionRow | typeof functionWrongPairRow): string[] {
  const path = join(mkdtempSync(join(tmpdir(), 'hf-functions-')), file);
  writeFileSync(path, `${header}\n${line}\n`);
  try {
    readCsv(path, schema);
  } catch (e) {
    if (e instanceof ReferenceDataError) return e.errors.map((x) => `${x.column ?? ''}: ${x.message.en}`);
    throw e;
  }
  return [];
}

describe('product-functions.csv', () => {
  it('passes the schema: every term is of the closed list, every source a URL, a project document or general knowledge', () => {
    expect(rows.length).toBeGreaterThan(products.length);
  });

  it('names only products of products.csv', () => {
    const keys = new Set(products.map((p) => p.key));
    expect(rows.filter((r) => !keys.has(r.product_key)).map((r) => r.product_key)).toEqual([]);
  });

  it('gives every product at least one function, or lists it as deliberately without', () => {
    const covered = new Set(rows.map((r) => r.product_key));
    expect(products.filter((p) => !covered.has(p.key)).map((p) => p.key)).toEqual([]);
    const without = rows.filter((r) => r.function === null).map((r) => r.product_key);
    // A product is either without a function or has functions, never both.
    expect(without.filter((k) => rows.some((r) => r.product_key === k && r.function !== null))).toEqual([]);
    expect(without).toEqual(['eg-specialist-systems']);
  });

  it('holds each (product, function) pair once, with one source and note per product', () => {
    const pairs = rows.map((r) => `${r.product_key}|${r.function ?? ''}`);
    expect(pairs.filter((p, i) => pairs.indexOf(p) !== i)).toEqual([]);
  });

  it('gives the products the issue names the functions it names', () => {
    const has = (key: string, term: string) => functionsOf({ kind: 'product', value: key }, rows, facts).has(term);
    expect(['kontorpakke', 'e-mail'].every((t) => has('microsoft-365', t))).toBe(true);
    expect(has('kmd-nexus', 'omsorgsjournal')).toBe(true);
    expect(has('systematic-columna-cura', 'omsorgsjournal') && has('systematic-columna-cura', 'medicinhåndtering')).toBe(true);
    expect(has('sd-lon', 'lønsystem')).toBe(true);
    expect(has('microsoft-entra-id', 'identitetsstyring')).toBe(true);
  });

  it('lets every product with a function meet some alternative or product on a shared term, or says which terms no alternative covers', () => {
    // Not a rule the data must meet: the list of terms only products carry is what the catalogue still lacks.
    const alternativeTerms = new Set(facts.filter((f) => f.fact === 'function').map((f) => f.value));
    const uncovered = [...new Set(rows.flatMap((r) => (r.function && !alternativeTerms.has(r.function) ? [r.function] : [])))].sort();
    expect(uncovered).toContain('omsorgsjournal');
    expect(uncovered).not.toContain('kontorpakke');
  });
});

describe('function-wrong-pairs.csv (pairs the matcher must never propose)', () => {
  it('names only products of products.csv and alternatives of alternative-facts.csv', () => {
    const productKeys = new Set(products.map((p) => p.key));
    const alternativeKeys = new Set(facts.map((f) => f.alternative_key));
    const dangling = wrongPairs
      .flatMap((p) => [p.subject, p.other])
      .filter((s) => (s.kind === 'product' && !productKeys.has(s.value)) || (s.kind === 'alternative' && !alternativeKeys.has(s.value)));
    expect(dangling).toEqual([]);
    expect(wrongPairs.length).toBeGreaterThanOrEqual(10);
  });

  it('is contained nowhere in the data: no subject carries its wrong function, no wrong pair shares a function', () => {
    expect(wrongPairsIn(rows, facts)).toEqual([]);
  });

  it('holds the pairs the issue names', () => {
    const listed = (subject: string, other: string) => wrongPairs.some((p) => `${p.subject.kind}:${p.subject.value}` === subject && `${p.other.kind}:${p.other.value}` === other);
    expect(listed('alternative:os2korrespondance', 'function:omsorgsjournal')).toBe(true);
    expect(listed('alternative:os2korrespondance', 'product:kmd-nexus')).toBe(true);
    expect(listed('product:sd-lon', 'function:tidsregistrering')).toBe(true);
  });

  it('would catch a wrong pair added to either file', () => {
    const fact = facts.find((f) => f.alternative_key === 'os2korrespondance' && f.fact === 'function')!;
    expect(wrongPairsIn(rows, [...facts, { ...fact, value: 'omsorgsjournal' }])).toEqual([
      'alternative:os2korrespondance ↔ function:omsorgsjournal share omsorgsjournal',
      'alternative:os2korrespondance ↔ product:kmd-nexus share omsorgsjournal',
      'alternative:os2korrespondance ↔ product:systematic-columna-cura share omsorgsjournal',
    ]);
    const payroll = rows.find((r) => r.product_key === 'sd-lon')!;
    expect(wrongPairsIn([...rows, { ...payroll, function: 'tidsregistrering' }], facts)).toEqual(['product:sd-lon ↔ function:tidsregistrering share tidsregistrering']);
  });
});

describe('the schemas refuse', () => {
  const header = 'product_key,function,source,note';
  it('a term outside the closed list', () => {
    expect(refusal('product-functions.csv', header, 'sd-lon,payroll,general knowledge,x', productFunctionRow).join()).toMatch(/^function/);
  });
  it('an empty function without "deliberately without"', () => {
    expect(refusal('product-functions.csv', header, 'sd-lon,,general knowledge,unknown', productFunctionRow).join()).toMatch(/deliberately without/);
  });
  it('a general-knowledge row without a note, and a made-up source', () => {
    expect(refusal('product-functions.csv', header, 'sd-lon,lønsystem,general knowledge,', productFunctionRow).join()).toMatch(/rests on/);
    expect(refusal('product-functions.csv', header, 'sd-lon,lønsystem,my memory,x', productFunctionRow).join()).toMatch(/^source/);
  });
  it('a wrong pair with an unknown term, an unknown side or a function as subject', () => {
    const h = 'subject,other,reason';
    expect(refusal('function-wrong-pairs.csv', h, 'product:sd-lon,function:payroll,not a term at all', functionWrongPairRow).join()).toMatch(/closed list/);
    expect(refusal('function-wrong-pairs.csv', h, 'vendor:kmd,function:lønsystem,not a product at all', functionWrongPairRow).join()).toMatch(/closed list/);
    expect(refusal('function-wrong-pairs.csv', h, 'function:lønsystem,function:tidsregistrering,a function as subject', functionWrongPairRow).join()).toMatch(/subject is a product/);
  });
  it('nothing when the row is right (the control)', () => {
    expect(refusal('product-functions.csv', header, 'kmd-nexus,omsorgsjournal,general knowledge,ok', productFunctionRow)).toEqual([]);
  });
});
