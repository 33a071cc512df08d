// A deterministic generated Danish inventory file (a municipality's own 12-column spreadsheet), shared
// by the benchmarks that import large files (bench:import, bench:import-under-load, bench:history).
import { createReadStream, createWriteStream } from 'node:fs';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { createRandom } from '../server/src/demo/random.ts';

export const HEADER = ['Lokalt system-ID', 'Systemnavn', 'Leverandør', 'CVR', 'Livscyklus', 'Driftsform', 'Kritikalitet', 'Ibrugtagningsdato', 'Antal brugere', 'Licens', 'Ansvarlig enhed', 'Noter'];
const VENDORS: [string, string][] = [
  ['KMD A/S', '26911745'], ['Netcompany A/S', ''], ['Systematic A/S', '78834412'], ['EG A/S', '84667811'], ['Fujitsu A/S', '86631628'],
  ['Microsoft Danmark ApS', '13612870'], ['Atea A/S', '25511484'], ['cBrain A/S', '24233359'], ['Columbus A/S', '13228345'], ['Netic A/S', '26762642'],
];
const PRODUCTS = ['SBSYS', 'KMD Opus Økonomi', 'Aula', 'KMD Nexus', 'Fujitsu Prisme (økonomisystem)', 'Microsoft 365 (suite)', 'F2', 'Formpipe Acadre', 'Systematic Cicero (FBS library system)', 'Byg og Miljø'];
const UNITS = ['Børn og Unge', 'Social og Sundhed', 'Teknik og Miljø', 'Økonomi', 'Borgerservice', 'Kultur og Fritid'];

/**
 * A deterministic Danish inventory: `;`-separated, dd-mm-yyyy dates, æøå, some quoted cells with `;` and line breaks.
 * Another `seed` gives other cells for the same local ids (a municipality's next export of the same systems).
 */
export async function generate(file: string, rows: number, encoding: 'utf-8' | 'windows-1252', seed = 2026): Promise<void> {
  const rnd = createRandom(seed, rows);
  const out = createWriteStream(file);
  const write = (text: string) => {
    const bytes = encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1252');
    return out.write(bytes) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write(`${encoding === 'utf-8' ? '\ufeff' : ''}${HEADER.join(';')}\r\n`);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const [vendor, cvr] = rnd.pick(VENDORS);
    const product = rnd.chance(0.3) ? rnd.pick(PRODUCTS) : `Fagsystem ${1 + (i % 5000)}`;
    const note = rnd.chance(0.05) ? `"Bemærk; to linjer\r\nog ""citat"" (række ${i})"` : '';
    chunk += [
      `L-${i}`,
      product,
      vendor,
      cvr,
      rnd.pick(['I drift', 'I drift', 'I drift', 'Under udfasning', 'Under indfasning']),
      rnd.pick(['On-premise', 'Eksternt', 'Hybrid', 'Cloud']),
      rnd.pick(['Lav', 'Middel', 'Høj', 'Kritisk', '']),
      `${String(rnd.int(1, 28)).padStart(2, '0')}-${String(rnd.int(1, 12)).padStart(2, '0')}-${rnd.int(2005, 2025)}`,
      rnd.pick(['<10', '10-49', '50-99', '100-499', '>500']),
      rnd.pick(['Proprietær', 'Open Source', 'proprietary']),
      rnd.pick(UNITS),
      note,
    ].join(';') + '\r\n';
    if (i % 5000 === 0) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
}

/**
 * The floors' reading of a generated file: streamed papaparse (`header: false`, `;`), the header
 * skipped, each data row's cells handed on with its number (1-based) and the parser (to pause it).
 * A Windows-1252 file (named so) is read as Latin-1, as the floors always have. Resolves with the rows read.
 */
export function readRows(file: string, onRow: (cells: string[], n: number, parser: Papa.Parser) => void): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let header = true;
    let rows = 0;
    Papa.parse(createReadStream(file, { encoding: file.includes('1252') ? 'latin1' : 'utf8' }) as unknown as File, {
      header: false,
      delimiter: ';',
      step: (r, parser) => {
        if (header) {
          header = false;
          return;
        }
        onRow(r.data as string[], ++rows, parser);
      },
      complete: () => resolve(rows),
      error: reject,
    });
  });
}
