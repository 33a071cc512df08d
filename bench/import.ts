// npm run bench:import — the full importer against the raw floor, in the same run:
//   floor:    streamed papaparse (header:false) → one prepared better-sqlite3 insert, one transaction, no validation,
//             into a bare table of text columns (the issue's floor);
//   floor-schema: the same, into the application's own system_usages table (its columns, keys,
//             indexes and foreign keys), the raw cells in their columns: what writing to this schema
//             costs before any validation, so the importer's own overhead can be told apart from it;
//   importer: handlefrihed's import (detect, decode, map, validate every cell, resolve vendors and
//             products, stream into a new inventory version) as a dry run, which writes everything
//             and rolls back just before the version would be scored and committed;
//   commit:   the same import committed, including scoring the 1M-usage municipality.
// For a generated 1,000,000-row Danish CSV (semicolons) in UTF-8 and in Windows-1252. Every case
// runs in its own process so its peak memory (maxRSS) is its own.
// Usage: npm run bench:import [-- --rows 1000000 --runs 3 --cases floor,floor-schema,importer,commit]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Papa from 'papaparse';
import BetterSqlite3 from 'better-sqlite3';
import { generate, HEADER } from './inventory-csv.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '3' },
    /** Which measurements to run (the committed import scores the whole file: slow at 1M rows). */
    cases: { type: 'string', default: 'floor,floor-schema,importer,commit' },
    /** Keep the generated files in this folder (reused by later runs) instead of a temporary one. */
    dir: { type: 'string' },
    case: { type: 'string' },
    file: { type: 'string' },
    db: { type: 'string' },
  },
});

/** One measurement, in this process: prints `{ rows, seconds, maxRssMb }`. */
async function runCase(name: string, file: string, dbFile: string): Promise<void> {
  // Load the application's modules before the clock starts: the measure is the import, not tsx.
  const { openDatabase } = await import('../server/src/db/connect.ts');
  const { importFile } = await import('../server/src/services/import-file.ts');
  const t0 = performance.now();
  let rows = 0;
  if (name === 'floor' || name === 'floor-schema') {
    const db = new BetterSqlite3(dbFile);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const toValues = name === 'floor' ? rawTable(db) : schemaTable(db);
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
          toValues(r.data as string[], ++rows);
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

/** The issue's floor: a bare table with one text column per CSV column. */
function rawTable(db: BetterSqlite3.Database): (cells: string[], n: number) => void {
  db.exec(`create table raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
  const insert = db.prepare(`insert into raw values (${HEADER.map(() => '?').join(', ')})`);
  return (cells) => insert.run(cells);
}

/** The application's table: every column bound, the cells in their columns, fixed ids, no checks. */
function schemaTable(db: BetterSqlite3.Database): (cells: string[], n: number) => void {
  const columns = (db.prepare('pragma table_info(system_usages)').all() as { name: string }[]).map((c) => c.name).filter((c) => c !== 'id');
  const version = db
    .prepare(`insert into inventory_versions (municipality_code, kind, created_by, content_hash, usages_hash, usage_count, contract_count, integration_count, demo, created_at)
      values (101, 'import', 'bench', '', '', 0, 0, 0, 0, '2026-01-01T00:00:00Z') returning id`)
    .get() as { id: number };
  const product = (db.prepare('select min(id) as id from products').get() as { id: number }).id;
  const vendor = (db.prepare('select min(id) as id from vendors').get() as { id: number }).id;
  const insert = db.prepare(`insert into system_usages (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
  const at = (c: string) => columns.indexOf(c);
  const fixed = columns.map((c) => (['data_sensitivity', 'export_formats', 'api_standards'].includes(c) ? '[]' : ['provenance', 'extra'].includes(c) ? '{}' : null)) as unknown[];
  fixed[at('inventory_version_id')] = version.id;
  fixed[at('municipality_code')] = 101;
  fixed[at('product_id')] = product;
  fixed[at('supplier_vendor_id')] = vendor;
  const cellColumns = ['local_id', 'local_name', null, null, 'lifecycle', 'hosting_model', 'criticality', 'in_use_from', 'user_count_band', 'license_model', 'responsible_unit', 'notes'].map((c) => (c ? at(c) : -1));
  const keyAt = at('usage_key');
  const lineAt = at('source_line');
  return (cells, n) => {
    const values = fixed.slice();
    for (let i = 0; i < cellColumns.length; i++) if (cellColumns[i]! >= 0) values[cellColumns[i]!] = cells[i];
    values[keyAt] = `local:${cells[0]}`;
    values[lineAt] = n + 1;
    insert.run(values);
  };
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

/** The V8 flag the `handlefrihed` command runs with (bin/handlefrihed.js); every case gets it. */
const CLI_V8_FLAGS = ['--max-semi-space-size=4'];

function measure(name: string, file: string, dbFile: string): { rows: number; seconds: number; maxRssMb: number } {
  const r = spawnSync(process.execPath, [...CLI_V8_FLAGS, ...process.execArgv, import.meta.filename, '--case', name, '--file', file, '--db', dbFile], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${name} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

async function main(): Promise<void> {
  if (values.case) return runCase(values.case, values.file!, values.db!);
  const rows = Number(values.rows);
  const runs = Number(values.runs);
  const wanted = new Set(values.cases.split(','));
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'hf-bench-import-'));
  try {
    console.log(`# bench:import — ${new Date().toISOString()}, node ${process.version}, ${rows.toLocaleString('en-US')} rows, ${runs} runs, medians`);
    for (const encoding of ['utf-8', 'windows-1252'] as const) {
      const csv = join(dir, `inventory-${rows}-${encoding === 'utf-8' ? 'utf8' : '1252'}.csv`);
      if (!existsSync(csv)) await generate(csv, rows, encoding);
      const results: Record<string, { rows: number; seconds: number; maxRssMb: number }[]> = { floor: [], 'floor-schema': [], importer: [], commit: [] };
      for (let i = 0; i < runs; i++) {
        for (const name of (['floor', 'floor-schema', 'importer'] as const).filter((n) => wanted.has(n))) {
          const db = join(dir, `${name}-${i}.db`);
          if (name !== 'floor') await prepareDb(db);
          results[name]!.push(measure(name, csv, db));
          rmSync(db, { force: true });
        }
      }
      if (wanted.has('commit')) {
        const commitDb = join(dir, 'commit.db');
        await prepareDb(commitDb);
        results.commit!.push(measure('commit', csv, commitDb));
        rmSync(commitDb, { force: true });
      }
      const med = (name: string) => {
        if (!results[name]!.length) return { rate: NaN, rss: NaN, rows: 0 };
        const xs = results[name]!.map((r) => r.rows / r.seconds).sort((a, b) => a - b);
        return { rate: xs[Math.floor(xs.length / 2)]!, rss: Math.max(...results[name]!.map((r) => r.maxRssMb)), rows: results[name]![0]!.rows };
      };
      const floor = med('floor');
      const floorSchema = med('floor-schema');
      const importer = med('importer');
      const commit = med('commit');
      console.log(`\n## ${encoding} (${(statSync(csv).size / 2 ** 20).toFixed(0)} MB)`);
      const line = (name: string, text: string) => {
        if (results[name]!.length) console.log(text);
      };
      line('floor', `floor (papaparse → prepared insert)    ${Math.round(floor.rate).toLocaleString('en-US')} rows/s   peak ${floor.rss} MB`);
      line('floor-schema', `floor into system_usages (no checks)   ${Math.round(floorSchema.rate).toLocaleString('en-US')} rows/s   peak ${floorSchema.rss} MB   ratio ${(floorSchema.rate / floor.rate).toFixed(2)}`);
      line('importer', `full importer (validate, resolve, write) ${Math.round(importer.rate).toLocaleString('en-US')} rows/s   peak ${importer.rss} MB   ratio ${(importer.rate / floor.rate).toFixed(2)} (to the schema floor ${(importer.rate / floorSchema.rate).toFixed(2)})`);
      line('commit', `committed import incl. scoring         ${Math.round(commit.rate).toLocaleString('en-US')} rows/s   peak ${commit.rss} MB   (${commit.rows.toLocaleString('en-US')} usages scored in the same transaction)`);
    }
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
