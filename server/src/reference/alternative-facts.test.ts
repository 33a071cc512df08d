// data/reference/alternative-facts.csv (issue #14): every fact is from the closed list, has a value
// that fits it, a source (URL or named project document) with a date, and a verified flag; no
// placeholder names; keys are kebab-case. The file is read with the loader's own CSV reader, so a
// broken row fails here with its line and column.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ReferenceDataError } from '../errors.ts';
import { REFERENCE_DIR } from './load-reference.ts';
import { readCsv } from './read-csv.ts';
import { ALTERNATIVE_FACTS, type AlternativeFactRow, alternativeFactRow, PLACEHOLDER_NAME, productRow, SINGLE_VALUED_FACTS } from './schemas.ts';

const FILE = join(REFERENCE_DIR, 'alternative-facts.csv');
const HEADER = 'alternative_key,fact,value,qualifiers,source_url,source_date,verified,note';

function parse(lines: string[]): AlternativeFactRow[] {
  const file = join(mkdtempSync(join(tmpdir(), 'hf-facts-')), 'alternative-facts.csv');
  writeFileSync(file, [HEADER, ...lines].join('\n'));
  return readCsv(file, alternativeFactRow);
}

function refusal(line: string): { column?: string; message: string }[] {
  try {
    parse([line]);
  } catch (e) {
    if (e instanceof ReferenceDataError) return e.errors.map((x) => ({ column: x.column, message: x.message.en }));
    throw e;
  }
  return [];
}

describe('alternative-facts.csv', () => {
  const rows = existsSync(FILE) ? readCsv(FILE, alternativeFactRow) : [];

  it('exists and every row passes the schema (closed fact list, value fits the fact, source, date, verified)', () => {
    expect(existsSync(FILE)).toBe(true);
    expect(rows.length).toBeGreaterThan(0);
  });

  it('holds a single-valued fact at most once per alternative, and never the same value twice', () => {
    const seen = new Map<string, number>();
    for (const r of rows) {
      const k = SINGLE_VALUED_FACTS.has(r.fact) ? `${r.alternative_key}|${r.fact}` : `${r.alternative_key}|${r.fact}|${r.value}`;
      seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    expect([...seen].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
  });

  it('names no placeholder as an alternative', () => {
    const names = rows.filter((r) => r.fact === 'name').map((r) => r.value);
    expect(names.filter((n) => PLACEHOLDER_NAME.test(n))).toEqual([]);
    expect(rows.map((r) => r.alternative_key).filter((k) => /none-known|n-a-|not-osi/.test(k))).toEqual([]);
  });

  it('gives every alternative a name and both descriptions', () => {
    const keys = [...new Set(rows.map((r) => r.alternative_key))];
    const has = (k: string, fact: string) => rows.some((r) => r.alternative_key === k && r.fact === fact);
    expect(keys.filter((k) => !has(k, 'name') || !has(k, 'description_da') || !has(k, 'description_en'))).toEqual([]);
  });

  it('marks every fact without a read source as unverified', () => {
    // A row whose note says the fact is general knowledge was not read on the cited page.
    expect(rows.filter((r) => r.verified && /general knowledge/i.test(r.note ?? '')).map((r) => `${r.alternative_key}:${r.fact}`)).toEqual([]);
  });

  it('points depends_on and part_of at a catalogue key (an alternative in this file or a product in products.csv)', () => {
    const keys = new Set(rows.map((r) => r.alternative_key));
    for (const p of readCsv(join(REFERENCE_DIR, 'products.csv'), productRow)) keys.add(p.key);
    const dangling = rows.filter((r) => (r.fact === 'depends_on' || r.fact === 'part_of') && !keys.has(r.value));
    expect(dangling.map((r) => `${r.alternative_key}:${r.fact}:${r.value}`)).toEqual([]);
  });

  it('uses only facts of the closed list', () => {
    expect(new Set(rows.map((r) => r.fact)).size).toBeLessThanOrEqual(ALTERNATIVE_FACTS.length);
  });
});

describe('the alternative-facts schema refuses', () => {
  const ok = 'libreoffice,spdx_license,MPL-2.0,,https://www.libreoffice.org,2026-12-07,true,';
  it('accepts a well-formed row', () => {
    expect(parse([ok])).toHaveLength(1);
  });
  it.each([
    ['a fact outside the closed list', 'libreoffice,colour,blue,,https://www.libreoffice.org,2026-12-07,true,', 'fact'],
    ['an empty value', 'libreoffice,spdx_license,,,https://www.libreoffice.org,2026-12-07,true,', 'value'],
    ['a source that is neither a URL nor a named document', 'libreoffice,spdx_license,MPL-2.0,,my memory,2026-12-07,true,', 'source_url'],
    ['an impossible date', 'libreoffice,spdx_license,MPL-2.0,,https://www.libreoffice.org,2026-02-30,true,', 'source_date'],
    ['a verified flag that is not true/false', 'libreoffice,spdx_license,MPL-2.0,,https://www.libreoffice.org,2026-12-07,yes,', 'verified'],
    ['a key that is not kebab-case', 'LibreOffice Writer,spdx_license,MPL-2.0,,https://www.libreoffice.org,2026-12-07,true,', 'alternative_key'],
    ['a placeholder name', 'sbsys,name,(n/a - municipality-owned; not OSI-licensed),,data/reference/alternatives.csv,2026-12-07,false,', 'value'],
    ['a value outside the fact\'s vocabulary', 'libreoffice,code_governance,community,,https://www.libreoffice.org,2026-12-07,true,', 'value'],
    ['a supplier without a country', 'libreoffice,supplier,Allotropia,roles=supports,https://www.libreoffice.org,2026-12-07,true,', 'value'],
    ['a CVR that fails modulus 11', 'os2mo,supplier,Magenta ApS,country=DK; cvr=12345678; roles=supports,https://os2.eu,2026-12-07,true,', 'value'],
    ['a CVR on a foreign company', 'libreoffice,supplier,Allotropia,country=DE; cvr=26911745; roles=supports,https://www.libreoffice.org,2026-12-07,true,', 'value'],
    ['an unknown qualifier', 'libreoffice,used_by,Schleswig-Holstein,country=DE; size=big,https://www.libreoffice.org,2026-12-07,true,', 'qualifiers'],
    ['a Danish operator without its name', 'os2valghalla,deployment,danish_operator,,https://os2.eu,2026-12-07,true,', 'value'],
    ['a function outside the taxonomy', 'libreoffice,function,office stuff,,https://www.libreoffice.org,2026-12-07,true,', 'value'],
  ])('%s', (_what, line, column) => {
    expect(refusal(line).map((e) => e.column)).toContain(column);
  });
});
