// npm run bench:import — the full importer against the raw floor, in the same run:
//   floor:    streamed papaparse (header:false) → one prepared better-sqlite3 insert, one transaction, no validation;
//   importer: handlefrihed's import (detect, decode, map, validate every cell, resolve vendors and
//             products, stream into a new inventory version) as a dry run, which writes everything
//             and rolls back just before the version would be scored and committed;
//   commit:   the same import committed, including scoring the 1M-usage municipality.
// For a generated 1,000,000-row Danish CSV (semicolons) in UTF-8 and in Windows-1252. Every case
// runs in its own process so its peak memory (maxRSS) is its own.
// Usage: npm run bench:import [-- --rows 1000000 --runs 3]
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import BetterSqlite3 from 'better-sqlite3';
import { createRandom } from '../server/src/demo/random.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    case: { type: 'string' },
    file: { type: 'string' },
    db: { type: 'string' },
  },
});

const HEADER = ['Lokalt system-ID', 'Systemnavn', 'Leverandør', 'CVR', 'Livscyklus', 'Driftsform', 'Kritikalitet', 'Ibrugtagningsdato', 'Antal brugere', 'Licens', 'Ansvarlig enhed', 'Noter'];
const VENDORS: [string, string][] = [
  ['KMD A/S', '26911745'], ['Netcompany A/S', ''], ['Systematic A/S', '78834412'], ['EG A/S', '84667811'], ['Fujitsu A/S', '86631628'],
  ['Microsoft Danmark ApS', '13612870'], ['Atea A/S', '25511484'], ['cBrain A/S', '24233359'], ['Columbus A/S', '13228345'], ['Netic A/S', '26762642'],
];
const PRODUCTS = ['SBSYS', 'KMD Opus Økonomi', 'Aula', 'KMD Nexus', 'Fujitsu Prisme (økonomisystem)', 'Microsoft 365 (suite)', 'F2', 'Formpipe Acadre', 'Systematic Cicero (FBS library system)', 'Byg og Miljø'];
const UNITS = ['Børn og Unge', 'Social og Sundhed', 'Teknik og Miljø', 'Økonomi', 'Borgerservice', 'Kultur og Fritid'];

/** A deterministic Danish inventory: `;`-separated, dd-mm-yyyy dates, æøå, some quoted cells with `;` and line breaks. */
async function generate(file: string, rows: number, encoding: 'utf-8' | 'windows-1252'): Promise<void> {
  const rnd = createRandom(2026, rows);
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

/** One measurement, in this process: prints `{ rows, seconds, maxRssMb }`. */
async function runCase(name: string, file: string, dbFile: string): Promise<void> {
  // Load the application's modules before the clock starts: the measure is the import, not tsx.
  const { openDatabase } = await import('../server/src/db/connect.ts');
  const { importFile } = await import('../server/src/services/import-file.ts');
  const t0 = performance.now();
  let rows = 0;
  if (name === 'floor') {
    const db = new BetterSqlite3(dbFile);
    db.pragma('journal_mode = WAL');
    db.exec(`create table raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
    const insert = db.prepare(`insert into raw values (${HEADER.map(() => '?').join(', ')})`);
    db.exec('begin');
    const encoding = file.includes('1252') ? 'windows-1252' : 'utf-8';
    await new Promise<void>((resolve, reject) => {
      let header = true;
      Papa.parse(createReadStream(file, { encoding: encoding === 'utf-8' ? 'utf8' : 'latin1' }) as unknown as File, {
        header: false,
        delimiter: ';',
        step: (r) => {
          if (header) {
            header = false;
            return;
          }
          insert.run(r.data as string[]);
          rows++;
        },
        complete: () => resolve(),
        error: reject,
      });
    });
    db.exec('commit');
    db.close();
  } else {
    const h = openDatabase(dbFile);
    const report = await importFile(h.db, {
      municipalityCode: 101,
      fileName: file.split('/').pop()!,
      source: createReadStream(file, { highWaterMark: 1 << 20 }),
      size: statSync(file).size,
      actor: 'bench',
      maxBytes: 1 << 30,
      dryRun: name === 'importer',
    });
    if (report.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    rows = report.rows.accepted;
    await h.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ rows, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

async function prepareDb(file: string): Promise<void> {
  const { openDatabase } = await import('../server/src/db/connect.ts');
  const { migrateToLatest } = await import('../server/src/db/migrate.ts');
  const { loadReferenceData } = await import('../server/src/reference/load-reference.ts');
  const h = openDatabase(file);
  await migrateToLatest(h);
  await loadReferenceData(h.db);
  await h.close();
}

function measure(name: string, file: string, dbFile: string): { rows: number; seconds: number; maxRssMb: number } {
  const r = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, '--case', name, '--file', file, '--db', dbFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  if (values.case) return runCase(values.case, values.file!, values.db!);
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-import-'));
  try {
    console.log(`# bench:import — ${new Date().toISOString()}, node ${process.version}, ${rows.toLocaleString('en-US')} rows, ${runs} runs, medians`);
    for (const encoding of ['utf-8', 'windows-1252'] as const) {
      const csv = join(dir, `inventory-${encoding === 'utf-8' ? 'utf8' : '1252'}.csv`);
      if (!existsSync(csv)) await generate(csv, rows, encoding);
      const results: Record<string, { rows: number; seconds: number; maxRssMb: number }[]> = { floor: [], importer: [], commit: [] };
      for (let i = 0; i < runs; i++) {
        for (const name of ['floor', 'importer'] as const) {
          const db = join(dir, `${name}-${i}.db`);
          if (name !== 'floor') await prepareDb(db);
          results[name]!.push(measure(name, csv, db));
          rmSync(db, { force: true });
        }
      }
      const commitDb = join(dir, 'commit.db');
      await prepareDb(commitDb);
      results.commit!.push(measure('commit', csv, commitDb));
      const med = (name: string) => {
        const xs = results[name]!.map((r) => r.rows / r.seconds).sort((a, b) => a - b);
        return { rate: xs[Math.floor(xs.length / 2)]!, rss: Math.max(...results[name]!.map((r) => r.maxRssMb)), rows: results[name]![0]!.rows };
      };
      const floor = med('floor');
      const importer = med('importer');
      const commit = med('commit');
      console.log(`\n## ${encoding} (${(statSync(csv).size / 2 ** 20).toFixed(0)} MB)`);
      console.log(`floor (papaparse → prepared insert)    ${Math.round(floor.rate).toLocaleString('en-US')} rows/s   peak ${floor.rss} MB`);
      console.log(`full importer (validate, resolve, write) ${Math.round(importer.rate).toLocaleString('en-US')} rows/s   peak ${importer.rss} MB   ratio ${(importer.rate / floor.rate).toFixed(2)}`);
      console.log(`committed import incl. scoring         ${Math.round(commit.rate).toLocaleString('en-US')} rows/s   peak ${commit.rss} MB   (${commit.rows.toLocaleString('en-US')} usages scored in the same transaction)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
