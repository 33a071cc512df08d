// Test helper: the real KITOS export variants (test/fixtures/importers/kitos-exports/*.csv, real
// column titles, fictitious rows) rendered as every file a municipality gets from KITOS and
// Excel: the .xlsx export, Windows-1252 CSV, UTF-8 CSV with BOM, UTF-16LE tab-separated text.
import writeXlsxFile from 'write-excel-file/node';
import { encode, fixtureText } from '../../importers/testing.ts';

export const KITOS_EXPORTS = ['systems-full', 'systems-default', 'systems-pre2025', 'contracts-full'] as const;
export type KitosExport = (typeof KITOS_EXPORTS)[number];
export const KITOS_SHAPES = ['xlsx', 'csv-windows-1252', 'csv-utf-8-bom', 'txt-utf-16le'] as const;
export type KitosShape = (typeof KITOS_SHAPES)[number];

/** Every person's name and e-mail address in the fixtures' rows: none may be stored anywhere. */
export const PERSONS = [
  'Karen Ø. Jensen', 'koej@kommune.example', 'Ib Ærlig', 'ibae@kommune.example', 'Søren Ærø', 'Bo Berg', 'bobe@kommune.example',
  'Åse Ørsted', 'aaoe@kommune.example', 'Ane Ager', 'anag@kommune.example', 'faktura@kommune.example',
] as const;

/** The fixture's cells: `;`-separated, `"…"` quoting with `""` (as Excel writes it); no `;` or line break inside a cell. */
export function kitosTable(name: KitosExport): string[][] {
  return fixtureText(`kitos-exports/${name}.csv`)
    .split(/\r?\n/)
    .filter(Boolean)
    .map((line) => line.split(';').map((c) => (c.startsWith('"') ? c.slice(1, -1).replaceAll('""', '"') : c)));
}

const quoted = (c: string, sep: string) => (c.includes('"') || c.includes(sep) ? `"${c.replaceAll('"', '""')}"` : c);
const text = (rows: string[][], sep: string) => rows.map((r) => r.map((c) => quoted(c, sep)).join(sep)).join('\r\n') + '\r\n';

/** Money columns are numeric cells in KITOS's .xlsx (the export does not convert them). */
const NUMERIC = new Set(['Anskaffelse', 'Drift/år', 'Andet', 'Antal relationer']);

export async function kitosFile(name: KitosExport, shape: KitosShape): Promise<{ fileName: string; bytes: Uint8Array }> {
  const rows = kitosTable(name);
  const base = name.startsWith('contracts') ? 'OS2KITOS IT Kontrakter Overblik' : 'OS2KITOS IT Systemer Overblik';
  switch (shape) {
    case 'xlsx': {
      const header = rows[0]!;
      const data = [header, ...rows.slice(1).map((r) => r.map((c, i) => (c === '' ? null : NUMERIC.has(header[i]!) ? Number(c) : c)))];
      const sheet = name.startsWith('contracts') ? 'IT Kontrakter Overblik' : 'IT Systemer Overblik';
      return { fileName: `${base}.xlsx`, bytes: new Uint8Array(await writeXlsxFile(data as never, { sheet }).toBuffer()) };
    }
    case 'csv-windows-1252':
      return { fileName: `${base}.csv`, bytes: encode(text(rows, ';'), 'windows-1252') };
    case 'csv-utf-8-bom':
      return { fileName: `${base}.csv`, bytes: encode(text(rows, ';'), 'utf-8-bom') };
    case 'txt-utf-16le':
      return { fileName: `${base}.txt`, bytes: encode(text(rows, '\t'), 'utf-16le-bom') };
  }
}
