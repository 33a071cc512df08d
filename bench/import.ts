// npm run bench:import — the full importer against the raw floor, in the same run:
//   floor:    streamed papaparse (header:false) → one prepared better-sqlite3 insert, one transaction, no validation,
//             into a bare table of text columns (the issue's floor);
//   floor-schema: the same, into the application's own system_usages table (its columns, keys,
//             indexes and foreign keys), the raw cells in their columns: what writing to this schema
//             costs before any validation, so the importer's own overhead can be told apart from it;
//   floor-pipelined: the schema floor with the reading in a worker thread: the worker parses and
//             builds every row's column values (ids fixed, as floor-schema) and posts them in
//             batches, this thread only inserts. The most any importer that parses and validates
//             in one thread while another writes can reach on this table (nothing resolved, no hash);
//   importer: handlefrihed's import (detect, decode, map, validate every cell, resolve vendors and
//             products, stream into a new inventory version) as a dry run, which writes everything
//             and rolls back just before the version would be scored and committed;
//   importer-worker: the same with the file parsed and validated in a worker thread while this
//             thread writes (ImportRequest.rowsIn = 'worker'); same process, so its RSS counts;
//   commit:   the same import committed, including scoring the 1M-usage municipality.
// For a generated 1,000,000-row Danish CSV (semicolons) in UTF-8 and in Windows-1252. Every case
// runs in its own process so its peak memory (maxRSS) is its own.
// On PostgreSQL (`--database postgres://…` or BENCH_DATABASE_URL; the database is emptied before
// each case) the floor is papaparse → COPY FROM STDIN (text format, the importer's own escaping)
// into a bare table of 12 text columns in one transaction; floor-schema is SQLite only.
// Usage: npm run bench:import [-- --rows 1000000 --runs 3 --cases floor,floor-schema,floor-pipelined,importer,importer-worker,commit --database postgres://…]
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { generate, HEADER, readRows } from './danish-inventory.ts';
import { schemaInsert, schemaTemplate, schemaValues } from './schema-floor.ts';
import { benchDatabaseUrl, emptyPostgres, shownUrl } from './postgres.ts';

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
    database: { type: 'string' },
  },
});


/** One measurement, in this process: prints `{ rows, seconds, maxRssMb }`. */
async function runCase(name: string, file: string, dbFile: string): Promise<void> {
  // Load the application's modules before the clock starts: the measure is the import, not tsx.
  const { openDatabase } = await import('../server/src/db/connect.ts');
  const { importFile } = await import('../server/src/services/import-file.ts');
  await import('../server/src/services/inventory-writer.ts'); // copyTextLine, for the PostgreSQL floor
  const t0 = performance.now();
  let rows = 0;
  if (name === 'floor' && /^postgres/.test(dbFile)) {
    rows = await copyFloor(file, dbFile);
  } else if (name === 'floor-pipelined') {
    rows = await pipelinedFloor(file, dbFile);
  } else if (name === 'floor' || name === 'floor-schema') {
    const db = new BetterSqlite3(dbFile);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    const toValues = name === 'floor' ? rawTable(db) : schemaTable(db);
    db.exec('begin');
    rows = await readRows(file, toValues);
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
      dryRun: name === 'importer' || name === 'importer-worker',
      ...(name === 'importer-worker' ? { rowsIn: 'worker' as const } : {}),
    });
    if (report.errors.length) throw new Error(`unexpected errors: ${JSON.stringify(report.errors.slice(0, 3))}`);
    rows = report.rows.accepted;
    await h.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ rows, seconds, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
}

/** The floor on PostgreSQL: papaparse → COPY into a bare table of 12 text columns, one transaction. */
async function copyFloor(file: string, url: string): Promise<number> {
  const { copyTextLine } = await import('../server/src/services/inventory-writer.ts');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`create table raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
  await client.query('begin');
  const copy = client.query(copyFrom('copy raw from stdin'));
  const copied = new Promise<void>((resolve, reject) => copy.on('finish', resolve).on('error', reject));
  let chunk = '';
  const rows = await readRows(file, (cells, _n, parser) => {
    chunk += copyTextLine(cells);
    if (chunk.length >= 1 << 16) {
      if (!copy.write(chunk)) {
        parser.pause();
        copy.once('drain', () => parser.resume());
      }
      chunk = '';
    }
  });
  copy.end(chunk);
  await copied;
  await client.query('commit');
  await client.end();
  return rows;
}

/** The issue's floor: a bare table with one text column per CSV column. */
function rawTable(db: BetterSqlite3.Database): (cells: string[], n: number) => void {
  db.exec(`create table raw (${HEADER.map((_, i) => `c${i} text`).join(', ')})`);
  const insert = db.prepare(`insert into raw values (${HEADER.map(() => '?').join(', ')})`);
  return (cells) => insert.run(cells);
}

function schemaTable(db: BetterSqlite3.Database): (cells: string[], n: number) => void {
  const t = schemaTemplate(db);
  const insert = schemaInsert(db, t);
  return (cells, n) => insert.run(schemaValues(t, cells, n));
}

/**
 * floor-pipelined: a worker thread (bench/import-floor-worker.ts) parses and builds the rows'
 * values; this thread inserts them, one transaction. At most four batches wait, as in the importer.
 */
async function pipelinedFloor(file: string, dbFile: string): Promise<number> {
  const { startWorker } = await import('../server/src/workers/pool.ts');
  const db = new BetterSqlite3(dbFile);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  const template = schemaTemplate(db);
  const insert = schemaInsert(db, template);
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  db.exec('begin');
  let rows = 0;
  const worker = startWorker(new URL('./import-floor-worker.ts', import.meta.url), { file, template, inFlight });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (batch: unknown[][] | null) => {
      if (batch === null) return resolve();
      for (const values of batch) insert.run(values);
      rows += batch.length;
      Atomics.sub(inFlight, 0, 1);
      Atomics.notify(inFlight, 0);
    });
    worker.on('error', reject);
  });
  db.exec('commit');
  db.close();
  await worker.terminate();
  return rows;
}

async function prepareDb(file: string): Promise<void> {
  if (/^postgres/.test(file)) await emptyPostgres(file);
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
  const postgres = benchDatabaseUrl(values.database);
  const wanted = new Set(values.cases.split(','));
  if (postgres) {
    wanted.delete('floor-schema');
    wanted.delete('floor-pipelined');
  }
  const dir = values.dir ?? mkdtempSync(join(tmpdir(), 'hf-bench-import-'));
  try {
    console.log(`# bench:import — ${new Date().toISOString()}, node ${process.version}, ${rows.toLocaleString('en-US')} rows, ${runs} runs, medians, ${postgres ? `PostgreSQL ${shownUrl(postgres)}; floor = papaparse → COPY FROM STDIN into 12 text columns` : 'SQLite'}`);
    for (const encoding of ['utf-8', 'windows-1252'] as const) {
      const csv = join(dir, `inventory-${rows}-${encoding === 'utf-8' ? 'utf8' : '1252'}.csv`);
      if (!existsSync(csv)) await generate(csv, rows, encoding);
      const results: Record<string, { rows: number; seconds: number; maxRssMb: number }[]> = { floor: [], 'floor-schema': [], 'floor-pipelined': [], importer: [], 'importer-worker': [], commit: [] };
      for (let i = 0; i < runs; i++) {
        for (const name of (['floor', 'floor-schema', 'floor-pipelined', 'importer', 'importer-worker'] as const).filter((n) => wanted.has(n))) {
          const db = postgres ?? join(dir, `${name}-${i}.db`);
          if (name !== 'floor') await prepareDb(db);
          else if (postgres) await emptyPostgres(postgres);
          results[name]!.push(measure(name, csv, db));
          if (!postgres) rmSync(db, { force: true });
        }
      }
      if (wanted.has('commit')) {
        const commitDb = postgres ?? join(dir, 'commit.db');
        await prepareDb(commitDb);
        results.commit!.push(measure('commit', csv, commitDb));
        if (!postgres) rmSync(commitDb, { force: true });
      }
      const med = (name: string) => {
        if (!results[name]!.length) return { rate: NaN, rss: NaN, rows: 0 };
        const xs = results[name]!.map((r) => r.rows / r.seconds).sort((a, b) => a - b);
        return { rate: xs[Math.floor(xs.length / 2)]!, rss: Math.max(...results[name]!.map((r) => r.maxRssMb)), rows: results[name]![0]!.rows };
      };
      const floor = med('floor');
      const floorSchema = med('floor-schema');
      const floorPipelined = med('floor-pipelined');
      const importer = med('importer');
      const importerWorker = med('importer-worker');
      const commit = med('commit');
      console.log(`\n## ${encoding} (${(statSync(csv).size / 2 ** 20).toFixed(0)} MB)`);
      const line = (name: string, text: string) => {
        if (results[name]!.length) console.log(text);
      };
      line('floor', `floor (papaparse → ${postgres ? 'COPY' : 'prepared insert'})    ${Math.round(floor.rate).toLocaleString('en-US')} rows/s   peak ${floor.rss} MB`);
      line('floor-schema', `floor into system_usages (no checks)   ${Math.round(floorSchema.rate).toLocaleString('en-US')} rows/s   peak ${floorSchema.rss} MB   ratio ${(floorSchema.rate / floor.rate).toFixed(2)}`);
      line('floor-pipelined', `schema floor, rows read in a worker    ${Math.round(floorPipelined.rate).toLocaleString('en-US')} rows/s   peak ${floorPipelined.rss} MB   ratio ${(floorPipelined.rate / floor.rate).toFixed(2)}`);
      const schemaRatio = (rate: number) => (Number.isNaN(floorSchema.rate) ? '' : `(to the schema floor ${(rate / floorSchema.rate).toFixed(2)})`);
      line('importer', `full importer (validate, resolve, write) ${Math.round(importer.rate).toLocaleString('en-US')} rows/s   peak ${importer.rss} MB   ratio ${(importer.rate / floor.rate).toFixed(2)} ${schemaRatio(importer.rate)}`);
      line('importer-worker', `importer, rows read in a worker thread   ${Math.round(importerWorker.rate).toLocaleString('en-US')} rows/s   peak ${importerWorker.rss} MB   ratio ${(importerWorker.rate / floor.rate).toFixed(2)} ${schemaRatio(importerWorker.rate)}`);
      line('commit', `committed import incl. scoring         ${Math.round(commit.rate).toLocaleString('en-US')} rows/s   peak ${commit.rss} MB   (${commit.rows.toLocaleString('en-US')} usages scored in the same transaction)`);
    }
  } finally {
    if (!values.dir) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
