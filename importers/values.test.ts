// Cell parsers: Danish numbers and dates, yes/no, parties, lists, enums, KITOS values, licences.
import { describe, expect, it } from 'vitest';
import { lifecycle } from '../server/src/domain/vocabulary.ts';
import {
  enumParser,
  excelSerialToIso,
  parseAmount,
  parseCriticality,
  parseCvr,
  parseDate,
  parseDuration,
  parseLicense,
  parseNoticeMonths,
  parseNumber,
  parseParty,
  parseSensitivityList,
  parseSpdx,
  parseUserBand,
  parseYesNo,
  splitKitosList,
  splitList,
  stripStatusSuffix,
} from './values.ts';

const value = <T>(r: { ok: boolean; value?: T }) => (r.ok ? r.value : `ERR`);

describe('numbers', () => {
  it.each([
    ['1.234.567,50', 1234567.5],
    ['1234567,5', 1234567.5],
    ['1234567.50', 1234567.5],
    ['1,234,567.50', 1234567.5],
    ['1,234,567', 1234567],
    ['1 234 567,50', 1234567.5],
    ['1\u00a0234\u00a0567,50', 1234567.5],
    ['1.234', 1234], // a lone group: Danish thousands
    ['0.5', 0.5],
    ['12,5', 12.5],
    ['kr. 45.000', 45000],
    ['12.500 kr.', 12500],
    ['DKK 1.500,-', 1500],
    ['1.500,-', 1500],
    ['-250', -250],
    ['1e+21', 1e21],
    [' 42 ', 42],
  ])('%s → %s', (raw, expected) => expect(value(parseNumber(raw))).toBe(expected));

  it.each(['', '12,5,0', '1.2.3,4,5', 'abc', '12 kr 50', '--1', '1.23.456'])('rejects %j', (raw) => {
    const r = parseNumber(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.code).toBe('invalid-number');
  });

  it('refuses negative amounts', () => {
    const r = parseAmount('-1.000');
    expect(r.ok ? null : r.code).toBe('negative-number');
  });
});

describe('dates', () => {
  it.each([
    ['31-01-2024', '2024-01-31'],
    ['31.01.2024', '2024-01-31'],
    ['1.2.2024', '2024-02-01'],
    ['01/02/2024', '2024-02-01'], // day first, always
    ['2024-01-31', '2024-01-31'],
    ['2022-05-10T00:00:00Z', '2022-05-10'],
    ['31-01-24', '2024-01-31'],
    ['01-01-68', '2068-01-01'],
    ['01-01-69', '1969-01-01'],
    ['29-02-2024', '2024-02-29'],
    ['29-02-2000', '2000-02-29'],
    [' 15-08-2019 ', '2019-08-15'],
  ])('%s → %s', (raw, expected) => expect(value(parseDate(raw))).toBe(expected));

  it.each(['31-02-2025', '29-02-2023', '29-02-1900', '00-01-2024', '32-01-2024', '15-13-2024', '2024-13-01', '2024-02-30'])(
    'rejects the impossible date %s',
    (raw) => {
      const r = parseDate(raw);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.code).toBe('invalid-date');
        expect(r.message.da).toContain(raw);
      }
    },
  );

  it.each(['31/12', 'i morgen', '2024', '1-1-1-1', '45322', '12.2024'])('rejects %j', (raw) => {
    expect(parseDate(raw).ok).toBe(false);
  });

  it('reads .NET DateTime.MinValue as no date, with a warning', () => {
    const r = parseDate('01-01-0001');
    expect(r.ok).toBe(false);
    if (!r.ok) expect([r.code, r.severity]).toEqual(['implausible-date', 'warning']);
  });

  it('rejects years after 2199', () => expect(parseDate('01-01-2200').ok).toBe(false));

  it('reads Excel serials only where asked', () => {
    expect(value(parseDate('45322', { excelSerial: true }))).toBe('2024-01-31');
    expect(value(parseDate('61', { excelSerial: true }))).toBe('1900-03-01');
    expect(excelSerialToIso(1)).toBe('1900-01-01');
    expect(excelSerialToIso(60)).toBeNull(); // Lotus's 29-02-1900
    expect(parseDate('45322').ok).toBe(false);
  });
});

describe('yes / no / don\'t know', () => {
  it.each([
    ['Ja', true],
    ['nej', false],
    ['Ved ikke', null],
    ['Yes', true],
    ['NO', false],
    ["Don't know", null],
    ['true', true],
    ['false', false],
    ['1', true],
    ['0', false],
    ['  ja ', true],
  ])('%s → %s', (raw, expected) => expect(value(parseYesNo(raw))).toBe(expected));

  it('rejects anything else', () => {
    const r = parseYesNo('Måske');
    expect(r.ok ? null : r.code).toBe('invalid-boolean');
  });
});

describe('parties', () => {
  it.each([
    ['Netcompany Group A/S (39488914)', { name: 'Netcompany Group A/S', cvr: '39488914' }],
    ['Netcompany Group A/S (39488914) (udgået)', { name: 'Netcompany Group A/S', cvr: '39488914' }],
    ['Netcompany A/S (UDGÅET)', { name: 'Netcompany A/S', cvr: null }],
    ['Microsoft Corporation (USA)', { name: 'Microsoft Corporation', cvr: null, hint: 'US' }],
    ['Microsoft Azure (EU)', { name: 'Microsoft Azure', cvr: null, hint: 'EU' }],
    ['Zoom (US)', { name: 'Zoom', cvr: null, hint: 'US' }],
    ['Leverandør (EØS)', { name: 'Leverandør', cvr: null, hint: 'EEA' }],
    ['KMD A/S (CVR: 26 91 17 45)', { name: 'KMD A/S', cvr: '26911745' }],
    ['  Simpel Leverandør  ', { name: 'Simpel Leverandør', cvr: null }],
    ['Firma (Danmark) ApS (12345674)', { name: 'Firma (Danmark) ApS', cvr: '12345674' }],
    ['Egen drift (IT)', { name: 'Egen drift (IT)', cvr: null }],
    ['Hetzner Online GmbH (DE)', { name: 'Hetzner Online GmbH', cvr: null, hint: 'DE' }],
    ['Firma (us)', { name: 'Firma (us)', cvr: null }],
  ])('%s', (raw, expected) => expect(value(parseParty(raw))).toEqual(expected));

  it('drops a numeric parenthesis that is no CVR, with a warning', () => {
    const r = parseParty('Firma ApS (1234567)');
    expect(r.ok && r.value).toEqual({ name: 'Firma ApS', cvr: null });
    expect(r.warning?.code).toBe('invalid-cvr');
  });

  it.each([
    ['Adobe Systems Software Ireland Ltd (00000000)', 'Adobe Systems Software Ireland Ltd', '00000000'],
    ['VMware (12345678)', 'VMware', '12345678'],
    ['KMD A/S (26911746)', 'KMD A/S', '26911746'],
    ['Zoom (US) (00000000)', 'Zoom', '00000000'],
  ])('keeps %s as written: a placeholder or a failed check is no identity, with a warning', (raw, name, written) => {
    const r = parseParty(raw);
    expect(r.ok && r.value).toMatchObject({ name, cvr: null, cvr_as_written: written });
    expect(r.warning?.code).toBe('placeholder-cvr');
  });

  it('a CVR without a name is a warning', () => {
    const r = parseParty('(12345678)');
    expect(r.ok ? null : [r.code, r.severity]).toEqual(['cvr-without-name', 'warning']);
  });

  it('strips KITOS status suffixes', () => {
    expect(stripStatusSuffix('ESDH (Ikke tilgængeligt)')).toBe('ESDH');
    expect(stripStatusSuffix('ESDH (ikke tilgængeligt) (udgået)')).toBe('ESDH');
    expect(stripStatusSuffix('ESDH (version 2)')).toBe('ESDH (version 2)');
  });

  it.each([
    ['12345678', '12345678'],
    ['DK12345678', '12345678'],
    ['DK-12 34 56 78', '12345678'],
    ['CVR: 12345678', '12345678'],
    ['CVR-nr. 12345678', '12345678'],
  ])('CVR %s', (raw, cvr) => expect(value(parseCvr(raw))).toBe(cvr));

  it('rejects short CVRs', () => expect(parseCvr('1234').ok).toBe(false));
});

describe('lists', () => {
  it('splits KITOS lists on ", " only', () => {
    expect(splitKitosList('A, B,C, A, ')).toEqual(['A', 'B,C']);
  });
  it('splits hand-made lists on ; or line breaks first, else on ,', () => {
    expect(splitList('CSV; XML\nODF')).toEqual(['CSV', 'XML', 'ODF']);
    expect(splitList('CSV, XML,ODF')).toEqual(['CSV', 'XML', 'ODF']);
  });
  it('reads DataType lists', () => {
    expect(value(parseSensitivityList('Almindelige personoplysninger, Følsomme personoplysninger', true))).toEqual(['personal', 'sensitive']);
    expect(parseSensitivityList('Almindelige personoplysninger, Hemmelige data', true).ok).toBe(false);
  });
});

describe('enums', () => {
  const parse = enumParser(lifecycle, { live: 'operational' });
  it.each([
    ['I drift', 'operational'],
    ['i  DRIFT', 'operational'],
    ['Operational', 'operational'],
    ['phasing_out', 'phasing_out'],
    ['phasing-out', 'phasing_out'],
    ['Phasing out', 'phasing_out'],
    ['Under\u00a0udfasning', 'phasing_out'],
    ['live', 'operational'],
  ])('%s → %s', (raw, expected) => expect(value(parse(raw))).toBe(expected));

  it('names the Danish labels when a value is unknown', () => {
    const r = parse('Måske');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message.da).toContain('"Under udfasning"');
  });

  it.each([
    ['<10', 'lt10'],
    ['10-49', '10-49'],
    ['>500', '500+'],
    ['500+', '500+'],
    ['0-9', 'lt10'],
    ['250', '100-499'],
    ['1.200', '500+'],
  ])('user band %s → %s', (raw, band) => expect(value(parseUserBand(raw))).toBe(band));
});

describe('KITOS contract values', () => {
  it.each([
    ['3', 3],
    ['3 måneder', 3],
    ['6 mdr.', 6],
    ['12 months', 12],
    ['Ingen', 0],
  ])('notice %s → %s', (raw, n) => expect(value(parseNoticeMonths(raw))).toBe(n));
  it.each(['tre', '121', '-1'])('rejects notice %j', (raw) => expect(parseNoticeMonths(raw).ok).toBe(false));

  it.each([
    ['2 år og 6 måneder', { months: 30, continuous: false }],
    ['1 måned', { months: 1, continuous: false }],
    ['10 år', { months: 120, continuous: false }],
    ['Løbende', { months: null, continuous: true }],
    ['3 years and 2 months', { months: 38, continuous: false }],
  ])('duration %s', (raw, d) => expect(value(parseDuration(raw))).toEqual(d));
  it('an unreadable duration is a warning', () => {
    const r = parseDuration('indtil udløb');
    expect(r.ok ? null : r.severity).toBe('warning');
  });
});

describe('criticality', () => {
  it('KITOS options are an organisation scale: every match is inferred', () => {
    expect(parseCriticality('Høj', true)).toEqual({ ok: true, value: 'high', inferred: true });
    expect(parseCriticality('Mellem', true)).toEqual({ ok: true, value: 'medium', inferred: true });
    expect(parseCriticality('Kritikalitet: lav (1)', true)).toEqual({ ok: true, value: 'low', inferred: true });
  });
  it('in a generic sheet the canonical labels are declared', () => {
    expect(parseCriticality('Kritisk', false)).toEqual({ ok: true, value: 'critical' });
    expect(parseCriticality('critical', false)).toEqual({ ok: true, value: 'critical' });
    expect(parseCriticality('moderat', false)).toEqual({ ok: true, value: 'medium', inferred: true });
  });
  it('an unknown word is a warning, not an error', () => {
    const r = parseCriticality('Meget vigtig', true);
    expect(r.ok ? null : [r.code, r.severity]).toEqual(['unmapped-criticality', 'warning']);
  });
});

describe('licences', () => {
  it.each([
    ['Proprietær', 'proprietary'],
    ['Open Source', 'open_source'],
    ['freeware', 'freeware'],
    ['Closed source', 'proprietary'],
  ])('model word %s', (raw, model) => expect(parseLicense(raw, false)).toMatchObject({ ok: true, value: { model, spdx: null } }));

  it('a KITOS list yields the most binding model', () => {
    expect(parseLicense('Open Source, Proprietær', true)).toMatchObject({ ok: true, value: { model: 'proprietary', several: true } });
  });

  it.each([
    ['EUPL-1.2', 'open_source', 'EUPL-1.2'],
    ['mit', 'open_source', 'MIT'],
    ['MIT OR Apache-2.0', 'open_source', 'MIT OR Apache-2.0'],
    ['gpl-2.0-or-later with Classpath-exception-2.0', 'open_source', 'GPL-2.0-or-later WITH Classpath-exception-2.0'],
    ['BUSL-1.1', 'proprietary', 'BUSL-1.1'],
    ['LicenseRef-Vendor-EULA', 'proprietary', 'LicenseRef-Vendor-EULA'],
    ['LicenseRef-Vendor-EULA OR MIT', 'open_source', 'LicenseRef-Vendor-EULA OR MIT'],
    ['CC-BY-NC-4.0 AND MIT', 'proprietary', 'CC-BY-NC-4.0 AND MIT'],
  ])('SPDX %s → %s (inferred)', (raw, model, spdx) =>
    expect(parseLicense(raw, false)).toMatchObject({ ok: true, inferred: true, value: { model, spdx } }),
  );

  it('flags deprecated SPDX ids', () => expect(parseSpdx('GPL-3.0')).toMatchObject({ ok: true, value: { deprecated: ['GPL-3.0'] } }));

  it.each(['Apache 2', 'MIT AND', 'GPL-9.0', 'Gratis men lukket'])('rejects %j', (raw) => {
    const r = parseLicense(raw, false);
    expect(r.ok ? null : r.code).toBe('invalid-license');
  });
});
