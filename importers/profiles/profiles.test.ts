// Header matching, profile detection, column plans and user mappings.
import { describe, expect, it } from 'vitest';
import { buildPlan, detectProfile, getProfile, matchHeader, parseMappingArg, PROFILES } from './index.ts';
import { foldAlias, foldHeader } from './profile.ts';

const kitos = getProfile('kitos-systems')!;
const generic = getProfile('generic')!;

describe('header matching', () => {
  it('trims, folds NBSP and case', () => {
    expect(foldHeader('  IT\u00a0systemet  DRIFTES ')).toBe('it systemet driftes');
    expect(foldAlias('System_name*:')).toBe('system name');
    expect(matchHeader(kitos, ' it system ')).toEqual({ field: 'system_name', how: 'exact' });
    expect(matchHeader(kitos, 'Datatype')).toEqual({ field: 'data_sensitivity', how: 'exact' }); // the old title
    expect(matchHeader(kitos, 'Note')).toEqual({ field: 'notes', how: 'exact' });
    expect(matchHeader(kitos, 'Sidste redigeret: Dato')).toEqual({ field: 'extra', how: 'exact' });
    expect(matchHeader(kitos, 'Systemejer Email"')).toEqual({ field: 'extra', how: 'exact' });
    expect(matchHeader(kitos, 'Økonomichef Email#')).toEqual({ field: 'extra', how: 'exact' });
    expect(matchHeader(kitos, 'system_name')).toEqual({ field: 'system_name', how: 'alias' });
    expect(matchHeader(generic, 'system_name')).toEqual({ field: 'system_name', how: 'exact' });
    expect(matchHeader(generic, 'Systemnavn')).toEqual({ field: 'system_name', how: 'alias' });
    expect(matchHeader(generic, 'Annual cost (DKK)')).toEqual({ field: 'yearly_operation_cost_dkk', how: 'alias' });
    expect(matchHeader(generic, 'Kontraktudløb')).toEqual({ field: 'valid_to', how: 'alias' });
    expect(matchHeader(generic, 'Farve')).toEqual({ field: null, how: 'unknown' });
  });

  it('every alias of every profile points at a field of that profile', () => {
    for (const p of PROFILES) {
      for (const [title, field] of [...Object.entries(p.exact), ...Object.entries(p.aliases)]) {
        expect(field === 'extra' || p.fields.has(field), `${p.id}: ${title} → ${field}`).toBe(true);
      }
    }
  });
});

describe('detectProfile', () => {
  it.each([
    [['Status', 'IT System', 'Leverandør', 'Livscyklus', 'IT systemet driftes'], 'kitos-systems'],
    [['Status (Datofelter)', 'IT System', 'Datatype', 'Note', 'Sidste redigeret: Dato'], 'kitos-systems'],
    [['Status', 'IT Kontrakt', 'Leverandør', 'Gyldig fra', 'Gyldig til', 'IT Systemer'], 'kitos-contracts'],
    [['Gyldig/Ikke Gyldig', 'IT Kontrakt', 'Databehandleraftale', 'Antal Relationer'], 'kitos-contracts'],
    [['IT Kontrakt Navn ', 'Id', 'IT Kontrakt Id', 'Bemærkning', 'Indgået', 'Uopsigeligt til', 'Udløbsdato', 'Kontrakten opsagt'], 'kitos-contracts'],
    [['System name', 'Vendor', 'Contract end', 'Annual cost (DKK)', 'Hosting'], 'generic'],
    [['system_name', 'supplier', 'hosting_model'], 'generic'],
    [['Systemnavn', 'Leverandør', 'Kontraktudløb', 'Årlig pris'], 'generic'],
    [['contract_name', 'supplier', 'systems', 'valid_to'], 'generic-contracts'],
    [['Kontrakt', 'Leverandør', 'Systemer', 'Gyldig til'], 'generic-contracts'],
  ])('%j → %s', (headers, id) => expect(detectProfile(headers).profile.id).toBe(id));

  it('a user mapping makes a profile eligible', () => {
    expect(detectProfile(['Løsning', 'Firma']).scores.find((s) => s.profile === 'generic')!.missing).toEqual([]);
    expect(detectProfile(['Hvad', 'Firma']).scores.find((s) => s.profile === 'generic')!.missing).toEqual(['system_name']);
    expect(detectProfile(['Hvad', 'Firma'], { Hvad: 'system_name' }).profile.id).toBe('generic');
  });
});

describe('buildPlan', () => {
  const plan = (header: string[], mapping?: Record<string, string>, profile = generic) =>
    buildPlan(header, profile, { headerLine: 1, excelSerial: false, fileName: 'f.csv', ...(mapping ? { mapping } : {}) });

  it('warns once per unknown column and keeps it in extra', () => {
    const p = plan(['Systemnavn', 'Farve', 'Farve', '']);
    expect(p.mapping).toEqual([
      { source: 'Systemnavn', target: 'system_name', how: 'alias' },
      { source: 'Farve', target: null, how: 'unknown' },
      { source: 'Farve', target: null, how: 'unknown' },
      { source: '', target: null, how: 'unknown' },
    ]);
    expect(p.issues.map((i) => [i.severity, i.code, i.column, i.line])).toEqual([
      ['warning', 'unknown-column', 'Farve', 1],
      ['warning', 'unknown-column', 'Farve (2)', 1],
    ]);
    expect(p.columns.map((c) => c.cx.column)).toEqual(['Systemnavn', 'Farve', 'Farve (2)', 'Kolonne 4']);
  });

  it('keeps the first of two columns for one field and the other verbatim', () => {
    const p = plan(['Systemnavn', 'Leverandør', 'Vendor']);
    expect(p.mapping[2]).toEqual({ source: 'Vendor', target: 'extra', how: 'alias' });
    expect(p.issues.map((i) => [i.code, i.column, i.field])).toEqual([['duplicate-column', 'Vendor', 'supplier']]);
  });

  it('lets the user mapping override the guess', () => {
    const p = plan(['Navn', 'Leverandør', 'Ejer'], { Ejer: 'rights_holder', 'navn ': 'extra', Leverandør: 'system_name' });
    expect(p.mapping).toEqual([
      { source: 'Navn', target: 'extra', how: 'user' },
      { source: 'Leverandør', target: 'system_name', how: 'user' },
      { source: 'Ejer', target: 'rights_holder', how: 'user' },
    ]);
    expect(p.fatal).toBe(false);
  });

  it('refuses a mapping to an unknown field or from a missing column', () => {
    const p = plan(['Systemnavn'], { Systemnavn: 'systemnavn', Findes: 'notes' });
    expect(p.fatal).toBe(true);
    expect(p.issues.map((i) => [i.code, i.column])).toEqual([
      ['invalid-mapping', 'Systemnavn'],
      ['invalid-mapping', 'Findes'],
    ]);
    expect(p.issues[0]!.message.en).toContain('system_name');
  });

  it('names a missing required column with examples, as a file-level error on the header line', () => {
    const p = plan(['Leverandør', 'Kontraktudløb']);
    expect(p.fatal).toBe(true);
    expect(p.issues).toEqual([
      expect.objectContaining({ severity: 'error', code: 'missing-column', line: 1, column: 'system_name', file: 'f.csv' }),
    ]);
    expect(p.issues[0]!.message.da).toContain('"product_name"');
  });

  it('notices contract terms in a usage sheet', () => {
    expect(plan(['Systemnavn', 'Kontraktudløb']).hasContractTerms).toBe(true);
    expect(plan(['Systemnavn', 'Leverandør']).hasContractTerms).toBe(false);
  });
});

describe('parseMappingArg', () => {
  it('reads pairs from repeated arguments, ; or new lines', () => {
    expect(parseMappingArg('Systemnavn=system_name', 'Leverandør = supplier;Udvikling, vedligehold og drift i én kontrakt=bundled_scope\nA=b')).toEqual({
      mapping: {
        Systemnavn: 'system_name',
        Leverandør: 'supplier',
        'Udvikling, vedligehold og drift i én kontrakt': 'bundled_scope',
        A: 'b',
      },
      errors: [],
    });
  });
  it('reports items without =', () => {
    expect(parseMappingArg('Systemnavn').errors).toHaveLength(1);
  });
});
