// Golden-file tests: each fixture (in every shape it arrives in) → records and report as JSON,
// compared with test/fixtures/importers/golden/*.golden.json (a mismatch writes *.changed.json).
import { describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { inventoryRecords } from '../server/src/domain/inventory.ts';
import { type OpenInventoryOptions, parseInventoryFile, parsePubliccode } from './index.ts';
import { encode, fixture, fixtureText, matchGolden } from './testing.ts';

type Source = () => Promise<Uint8Array> | Uint8Array;

/** The KITOS contracts export as the current UI writes it: an .xlsx with text dates and numeric money. */
async function kitosContractsOldXlsx(): Promise<Uint8Array> {
  // Pre-2025 titles: `Gyldig/Ikke Gyldig`, `Databehandleraftale`, `Antal Relationer`, `Sidste redigeret: Dato`.
  const header = ['Gyldig/Ikke Gyldig', 'IT Kontrakt', 'Leverandør', 'Gyldig fra', 'Gyldig til', 'Opsigelse (måneder)', 'Anskaffelse',
    'Drift/år', 'Andet', 'IT Systemer', 'Databehandleraftale', 'Antal Relationer', 'Sidste redigeret: Dato'];
  const rows = [
    ['Gyldig', 'ESDH-kontrakt 2016', 'Nordisk Forvaltningssoftware A/S (12345678)', '01-03-2016', '28-02-2026', '6', 1250000.5, 375000, 0,
      'Sagsstyring Plus', 'DBA 2018', 2, '03-02-2023'],
    // A hand-edited row: a real Excel date cell, a number where KITOS writes text.
    ['Gyldig', 'Identitetsaftale', 'Skyidentitet ApS (23456789) (udgået)', { value: new Date(Date.UTC(2019, 7, 1)), type: Date, format: 'dd-mm-yyyy' },
      null, 3, 0, 120000, 15000, 'Identitet Central, Borgerbooking', null, 1, null],
  ];
  const buffer = await writeXlsxFile([header, ...rows] as never, { sheet: 'IT Kontrakter Overblik', dateFormat: 'dd-mm-yyyy' }).toBuffer();
  return new Uint8Array(buffer);
}

/** The English sheet as an .xlsx whose first sheet is a read-me: the import names the sheet. */
async function genericEnglishXlsx(): Promise<Uint8Array> {
  const lines = fixtureText('generic-english.csv').trim().split('\n');
  // The fixture has quoted thousands ("1,250,000.00"); in Excel they are numbers.
  const cells = lines.map((l) => l.match(/("[^"]*"|[^,]*)(,|$)/g)!.slice(0, 14).map((c) => c.replace(/,$/, '').replace(/^"|"$/g, '')));
  const data = cells.map((row, r) =>
    row.map((c, i) => {
      if (r > 0 && i === 6 && c) return { value: new Date(`${c}T00:00:00Z`), type: Date, format: 'yyyy-mm-dd' };
      if (r > 0 && i === 7 && c) return Number(c.replaceAll(',', ''));
      return c || null;
    }),
  );
  const buffer = await writeXlsxFile(
    [
      { sheet: 'Læs mig', data: [['Dette ark forklarer arket "Systems".'], ['Udfyldt af it-arkitekten.']] },
      { sheet: 'Systems', data: data as never },
    ],
    {},
  ).toBuffer();
  return new Uint8Array(buffer);
}

interface Case {
  name: string;
  fileName: string;
  source: Source;
  options?: Partial<OpenInventoryOptions>;
}

const cases: Case[] = [
  { name: 'kitos-systems-new', fileName: 'OS2KITOS IT Systemer Overblik.csv', source: () => fixture('kitos-systems-new.csv') },
  {
    name: 'kitos-systems-old-windows-1252',
    fileName: 'it-systemer-2023.csv',
    source: () => encode(fixtureText('kitos-systems-old.csv'), 'windows-1252'),
  },
  { name: 'kitos-contracts-new', fileName: 'OS2KITOS IT Kontrakter Overblik.csv', source: () => fixture('kitos-contracts-new.csv') },
  { name: 'kitos-contracts-old-xlsx', fileName: 'OS2KITOS IT Kontrakter Overblik.xlsx', source: kitosContractsOldXlsx },
  { name: 'generic-english', fileName: 'systems.csv', source: () => fixture('generic-english.csv') },
  { name: 'generic-english-xlsx', fileName: 'systems.xlsx', source: genericEnglishXlsx, options: { sheet: 'Systems' } },
  { name: 'generic-dansk-sep', fileName: 'systemer.csv', source: () => fixture('generic-dansk-sep.csv'), options: { municipality: 'Eksempelby Kommune' } },
  {
    name: 'generic-contracts-utf16',
    fileName: 'kontrakter.tsv',
    source: () => encode(fixtureText('generic-contracts.tsv'), 'utf-16le-bom'),
  },
  { name: 'broken-usages', fileName: 'systemer-med-fejl.csv', source: () => fixture('broken-usages.csv') },
  { name: 'kommune-it-systemer-html', fileName: 'kommune-it-systemer.html', source: () => fixture('kommune-it-systemer.html') },
];

describe('golden files: inventory imports', () => {
  it.each(cases)('$name', async ({ name, fileName, source, options }) => {
    const parsed = await parseInventoryFile({ fileName, source: await source(), ...options });
    // Whatever the file, accepted records must be what the inventory service takes.
    expect(() => inventoryRecords.parse(parsed.records)).not.toThrow();
    const golden = matchGolden(name, parsed);
    expect(golden.actual, `review ${golden.changedFile}`).toBe(golden.expected);
  });
});

describe('golden files: publiccode.yml', () => {
  it.each(['os2mo.publiccode.yml', 'broken.publiccode.yml'])('%s', (file) => {
    const result = parsePubliccode(fixture(file), { fileName: file });
    const golden = matchGolden(file.replace(/\.yml$/, ''), result);
    expect(golden.actual, `review ${golden.changedFile}`).toBe(golden.expected);
  });
});
