// npm run bench:score — how fast the national lock-in recomputation is, stated as a ratio to a
// plain SQL read of the same rows measured in the same run (the machine is shared and noisy).
//   1. the demo data (98 municipalities);
//   2. the demo data replicated by SQL to ≥ 1,000,000 usages;
//   3. one municipality re-imported: what it touches (only its own scores and the national row).
//   The recomputation runs in worker threads (rescoreAll's default; --workers N, 0: in this thread);
//   at the demo size also in this thread, for comparison. Peak RSS is sampled during each run
//   (the worker threads' memory included: one process), and the same recomputation is run once
//   more by the CLI in a process of its own, whose peak RSS is the recomputation's alone.
// Usage: npm run bench:score [-- --usages 1000000 --runs 3 --workers 1]
import { readWorld } from '../server/src/repositories/world.repository.ts';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../server/src/db/schema.ts';
import { openDatabase, sqliteConnection, type DatabaseHandle } from '../server/src/db/connect.ts';
import { migrateToLatest } from '../server/src/db/migrate.ts';
import { generateDemoInventory } from '../server/src/demo/generate.ts';
import { loadDemoData, readDemoCatalogue } from '../server/src/demo/load-demo.ts';
import { inventoryRecords } from '../server/src/domain/inventory.ts';
import { loadReferenceData } from '../server/src/reference/load-reference.ts';
import { loadMunicipalityInputs, loadScoringCatalogue } from '../server/src/repositories/scoring-input.repository.ts';
import { defaultModel, type Model, model10, scoreMunicipality } from '../server/src/scoring/index.ts';
import { replaceInventory } from '../server/src/services/replace-inventory.ts';
import { rescoreAll, today } from '../server/src/services/scores.ts';
import { defaultWorkerCount } from '../server/src/workers/pool.ts';

const { values } = parseArgs({ options: { usages: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '3' }, workers: { type: 'string' } } });
const TARGET = Number(values.usages);
const RUNS = Number(values.runs);
const WORKERS = values.workers == null ? defaultWorkerCount() : Number(values.workers);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t = performance.now();
  await fn();
  return (performance.now() - t) / 1000;
}

/** Runs `fn` while sampling the process's RSS (every thread's) every 50 ms: seconds and peak MB. */
async function timeWithPeak(fn: () => Promise<unknown>): Promise<{ seconds: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const seconds = await time(fn);
    return { seconds, peakMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

async function usageCount(h: DatabaseHandle): Promise<number> {
  const r = await sql<{ n: number }>`select count(*) as n from system_usages u join current_inventory ci on ci.inventory_version_id = u.inventory_version_id`.execute(h.db);
  return Number(r.rows[0]!.n);
}

/** The baseline: stream every current usage row once, as the scorer must read them (no materialised array). */
async function plainRead(h: DatabaseHandle): Promise<number> {
  const stmt = sqliteConnection(h.db)!.prepare('select u.* from system_usages u join current_inventory ci on ci.inventory_version_id = u.inventory_version_id');
  let n = 0;
  for (const _row of stmt.iterate()) n++;
  return n;
}

/** The engine alone over inputs already in memory (no database), under the selected model and under 1.0. */
async function engineOnly(h: DatabaseHandle): Promise<{ selected: number; v10: number }> {
  const versions = (await h.db.selectFrom('current_inventory').select('inventory_version_id').execute()).map((v) => v.inventory_version_id);
  const inputs = await loadMunicipalityInputs(h.db, await loadScoringCatalogue(h.db, await readWorld(h.db)), versions, today());
  const run = (model: Model) => {
    const t = performance.now();
    for (const input of inputs.values()) scoreMunicipality(input, model);
    return (performance.now() - t) / 1000;
  };
  const selected: number[] = [];
  const v10: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    selected.push(run(defaultModel));
    v10.push(run(model10));
  }
  return { selected: median(selected), v10: median(v10) };
}

async function measure(label: string, h: DatabaseHandle, inThreadToo: boolean) {
  const n = await usageCount(h);
  const read: number[] = [];
  const full: { seconds: number; peakMb: number }[] = [];
  const inThread: { seconds: number; peakMb: number }[] = [];
  const rssBefore = mb();
  for (let i = 0; i < RUNS; i++) {
    read.push(await time(() => plainRead(h)));
    full.push(await timeWithPeak(() => rescoreAll(h.db, { workers: WORKERS })));
    if (inThreadToo) inThread.push(await timeWithPeak(() => rescoreAll(h.db, { workers: 0 })));
  }
  const engine = n <= 100_000 ? await engineOnly(h) : null;
  const readRate = n / median(read);
  const fullSeconds = median(full.map((f) => f.seconds));
  const fullRate = n / fullSeconds;
  console.log(`\n## ${label}: ${fmt(n)} usages, ${RUNS} runs, medians`);
  console.log(`plain SQL read of the same rows     ${fmt(readRate)} rows/s   (${median(read).toFixed(2)} s, streamed)`);
  console.log(`full national recomputation         ${fmt(fullRate)} usages/s (${fullSeconds.toFixed(2)} s): load, score, store, aggregate; ${WORKERS} worker thread(s)`);
  console.log(`  peak RSS during it                ${Math.max(...full.map((f) => f.peakMb))} MB (before: ${rssBefore} MB)`);
  if (inThread.length) {
    const s = median(inThread.map((f) => f.seconds));
    console.log(`same, in this thread (workers: 0)   ${fmt(n / s)} usages/s (${s.toFixed(2)} s), ratio ${(n / s / readRate).toFixed(3)}; peak RSS ${Math.max(...inThread.map((f) => f.peakMb))} MB`);
  }
  if (engine) {
    console.log(`scoring engine alone (in memory)    ${fmt(n / engine.selected)} usages/s (${defaultModel.version})`);
    console.log(`                                    ${fmt(n / engine.v10)} usages/s (${model10.version}); ratio ${(engine.v10 / engine.selected).toFixed(2)}× the 1.0 speed`);
  }
  console.log(`ratio recomputation / plain read    ${(fullRate / readRate).toFixed(3)}   (RSS now ${mb()} MB)`);
  if (h.file) {
    const cli = recomputeByCli(h.file);
    console.log(`the same by \`handlefrihed score --recompute --workers ${WORKERS}\` in its own process: ${fmt(n / cli.seconds)} usages/s (${cli.seconds.toFixed(2)} s), ratio ${(n / cli.seconds / readRate).toFixed(3)}; peak RSS ${cli.peakMb} MB`);
  }
}

/**
 * The recomputation as an operator runs it: the CLI in a fresh process (its worker threads
 * included), so its peak RSS is its own and not this bench's demo load and replication.
 */
function recomputeByCli(file: string): { seconds: number; peakMb: number } {
  const report = 'data:text/javascript,process.on("exit",()=>process.stderr.write("maxrss:"+process.resourceUsage().maxRSS+"\\n"))';
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', report, join(import.meta.dirname, '..', 'bin', 'handlefrihed.js'), 'score', '--recompute', '--workers', String(WORKERS)], {
    env: { ...process.env, DATABASE_URL: file },
    encoding: 'utf8',
  });
  const seconds = (performance.now() - t) / 1000;
  const rss = /maxrss:(\d+)/.exec(r.stderr);
  if (r.status !== 0 || !rss) throw new Error(`score --recompute failed: ${r.stderr}`);
  return { seconds, peakMb: Math.round(Number(rss[1]) / 1024) };
}

/**
 * Grows every municipality's current inventory by copying its usages (with their contracts and
 * integrations) under new keys, until the nation holds the target number: 98 municipalities
 * with ~10,000 systems each, the shape of a national installation with large inventories.
 */
async function replicate(h: DatabaseHandle, target: number): Promise<void> {
  const db = h.db;
  const base = await usageCount(h);
  const copies = Math.ceil(target / base) - 1;
  const max = async (table: string) => Number((await sql<{ m: number }>`select max(id) as m from ${sql.table(table)}`.execute(db)).rows[0]!.m);
  const [U, C, I] = [await max('system_usages'), await max('contracts'), await max('integrations')];
  const current = sql`(select inventory_version_id from current_inventory)`;
  await db.transaction().execute(async (trx) => {
    for (let k = 1; k <= copies; k++) {
      await copyRows(trx, 'system_usages', { id: sql`id + ${U * k}`, usage_key: sql`usage_key || '#' || ${k}`, local_id: sql`local_id || '#' || ${k}` }, sql`id <= ${U} and inventory_version_id in ${current}`);
      await copyRows(trx, 'contracts', { id: sql`id + ${C * k}`, name: sql`name || ' #' || ${k}` }, sql`id <= ${C} and inventory_version_id in ${current}`);
      await sql`insert into contract_usages select cu.contract_id + ${C * k}, cu.usage_id + ${U * k} from contract_usages cu join contracts c on c.id = cu.contract_id where c.id <= ${C} and c.inventory_version_id in ${current}`.execute(trx);
      await copyRows(trx, 'integrations', { id: sql`id + ${I * k}`, source_usage_id: sql`source_usage_id + ${U * k}`, target_usage_id: sql`target_usage_id + ${U * k}` }, sql`id <= ${I} and inventory_version_id in ${current}`);
    }
    await sql`update inventory_versions set usage_count = (select count(*) from system_usages u where u.inventory_version_id = inventory_versions.id) where id in ${current}`.execute(trx);
  });
}

/** Copies a table's rows matching `where` into itself, every column as it is but those in `changed` (the schema's columns, whatever they are now). */
async function copyRows(db: Kysely<Database>, table: string, changed: Record<string, RawBuilder<unknown>>, where: RawBuilder<unknown>): Promise<void> {
  const columns = (await sql<{ name: string }>`select name from pragma_table_info(${table})`.execute(db)).rows.map((r) => r.name);
  const values = columns.map((c) => changed[c] ?? sql.ref(c));
  await sql`insert into ${sql.table(table)} (${sql.join(columns.map((c) => sql.ref(c)))}) select ${sql.join(values)} from ${sql.table(table)} where ${where}`.execute(db);
}

async function singleImport(h: DatabaseHandle, seed: number): Promise<void> {
  const db = h.db;
  const code = 147;
  const before = await db.selectFrom('municipality_scores').select(['inventory_version_id', 'computed_at']).execute();
  const usagesBefore = await db.selectFrom('usage_scores').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const catalogue = await readDemoCatalogue(db);
  const records = inventoryRecords.parse(generateDemoInventory(catalogue, { code, name: 'Frederiksberg' }, seed, today()));
  const started = new Date().toISOString();
  const seconds = await time(() =>
    replaceInventory(db, {
      municipalityCode: code,
      records,
      kind: 'import',
      run: { actor: 'bench', fileName: 'bench.json', fileSha256: '0'.repeat(64), fileSize: 0, format: 'generated', profile: 'bench', options: {}, rowsRead: records.usages.length, rowsRejected: 0, errors: [], warnings: [], startedAt: started },
    }),
  );
  const after = await db.selectFrom('municipality_scores').select(['inventory_version_id', 'computed_at', 'municipality_code']).execute();
  const rescored = after.filter((a) => a.computed_at >= started);
  const untouched = before.filter((b) => after.some((a) => a.inventory_version_id === b.inventory_version_id && a.computed_at === b.computed_at));
  const usagesAfter = await db.selectFrom('usage_scores').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const national = await db.selectFrom('national_scores').select('computed_at').executeTakeFirstOrThrow();
  console.log(`\n## one municipality re-imported (${code}, ${records.usages.length} usages) into ${fmt(await usageCount(h))} usages`);
  console.log(`import + rescore + national aggregate  ${seconds.toFixed(2)} s`);
  console.log(`municipality scores recomputed         ${rescored.length} (municipality ${rescored.map((r) => r.municipality_code).join(', ')}); earlier ones untouched: ${untouched.length} of ${before.length}`);
  console.log(`usage scores written                   ${Number(usagesAfter.n) - Number(usagesBefore.n)} (= the new version's usages)`);
  console.log(`national aggregate recomputed          ${national.computed_at >= started ? 'yes' : 'NO'}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hf-bench-score-'));
  const h = openDatabase(join(dir, 'bench.db'));
  try {
    await migrateToLatest(h);
    await loadReferenceData(h.db);
    const loaded = await time(() => loadDemoData(h.db, { seed: 20261127, onlyIfEmpty: false }));
    console.log(`# bench:score — ${new Date().toISOString()}, node ${process.version}, SQLite (better-sqlite3), model ${defaultModel.version}`);
    console.log(`demo data loaded (import + score per municipality) in ${loaded.toFixed(1)} s`);
    await measure('demo data', h, true);
    await singleImport(h, 777);
    if (TARGET > (await usageCount(h))) {
      const t = await time(() => replicate(h, TARGET));
      console.log(`\n(replicated to ${fmt(await usageCount(h))} usages by SQL in ${t.toFixed(1)} s)`);
      await measure('generated data set', h, false);
      await singleImport(h, 778);
    }
  } finally {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
