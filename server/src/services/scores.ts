// Computes and stores lock-in scores. Called inside the transaction that changes their inputs
// (an import, a rollback, a catalogue change), so a score is never visible without the data it
// was computed from. Scoring itself is the pure engine; this module only moves data.
import type SQLite from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { databaseUrlOf, preparedInsert, sqliteConnection } from '../db/connect.ts';
import { today } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import { chunks, type Db, nowIso } from '../repositories/db-types.ts';
import { sharedRowsLock } from '../repositories/shared-rows-lock.ts';
import { inventoriesOf, readWorld, type World, worldOfFlag } from '../repositories/world.repository.ts';
import {
  computeCategoryHhi,
  loadMunicipalityInputs,
  loadScoringCatalogue,
  type ScoringCatalogue,
  storedCategoryHhi,
} from '../repositories/scoring-input.repository.ts';
import {
  defaultModel,
  type Model,
  modelByVersion,
  type MunicipalityInput,
  type MunicipalityScore,
  type NationalScore,
  scoreMunicipality,
  scoreNational,
} from '../scoring/index.ts';
import { defaultWorkerCount, runInWorkers } from '../workers/pool.ts';
import { USAGE_SCORE_COLUMNS, UsageScoreColumnsBuilder, type UsageScoreColumns, type UsageScoreRow, usageScoreRows } from './usage-score-columns.ts';
import type { ScoreTask, ScoreWorkerData } from '../workers/score-worker.ts';

/** The date scores are computed for (the engine never reads the clock itself). */
export { today };

/** What is stored of a municipality's score: everything but the per-system list (usage_scores has it). */
/** A municipality's score as stored: without the full priority list; its exit windows in their own column. */
export type StoredMunicipalityScore = Omit<MunicipalityScore, 'priorities'>;

/**
 * Scores the given inventory versions and replaces their stored scores. Each version is scored in
 * its own world: a real inventory against real inventories and the real catalogue only, a demo
 * inventory against demo inventories (`catalogues` may hold a catalogue loaded per world).
 */
export async function scoreVersions(
  db: Db,
  versionIds: readonly number[],
  options: {
    asOf?: string;
    model?: Model;
    catalogues?: Partial<Record<World, ScoringCatalogue>>;
    /** The raw SQLite connection under `db`'s transaction (sqliteConnection before it began): inserts through one prepared statement. */
    sqlite?: SQLite.Database | null;
  } = {},
): Promise<Map<number, StoredMunicipalityScore>> {
  const results = new Map<number, StoredMunicipalityScore>();
  if (versionIds.length === 0) return results;
  for (const [world, ids] of await versionsByWorld(db, versionIds)) {
    const catalogue = options.catalogues?.[world] ?? (await loadScoringCatalogue(db, world));
    for (const [id, score] of await scoreVersionsIn(db, ids, catalogue, options)) results.set(id, score);
  }
  return results;
}

/** The given inventory versions by the world they are scored in (real ones first). */
async function versionsByWorld(db: Db, versionIds: readonly number[]): Promise<[World, number[]][]> {
  const flags = versionIds.length ? await db.selectFrom('inventory_versions').select(['id', 'demo']).where('id', 'in', [...versionIds]).orderBy('id').execute() : [];
  return (['real', 'demo'] as const)
    .map((world): [World, number[]] => [world, flags.filter((f) => worldOfFlag(f.demo) === world).map((f) => f.id)])
    .filter(([, ids]) => ids.length > 0);
}

async function scoreVersionsIn(
  db: Db,
  versionIds: readonly number[],
  catalogue: ScoringCatalogue,
  options: { asOf?: string; model?: Model; sqlite?: SQLite.Database | null },
): Promise<Map<number, StoredMunicipalityScore>> {
  const asOf = options.asOf ?? today();
  const model = options.model ?? defaultModel;
  const writer = new ScoreWriter(db, options.sqlite ?? null);
  const results = new Map<number, StoredMunicipalityScore>();
  for (const batch of chunks(versionIds, 1, 10)) {
    const inputs = await loadMunicipalityInputs(db, catalogue, batch, asOf);
    for (const [versionId, input] of inputs) {
      const sink = await writer.sink(versionId);
      const { scores, stored } = scoreVersionInput(versionId, input, model, asOf, sink ?? undefined);
      await writer.write(scores, sink != null);
      results.set(versionId, stored);
    }
  }
  return results;
}

/** One inventory version's scores as stored, computed in this thread or in a worker. */
export interface VersionScores {
  versionId: number;
  usages: UsageScoreColumns;
  municipality: Omit<Database['municipality_scores'], 'computed_at' | 'exit_windows'> & { exit_windows: string };
}

/**
 * Scores one inventory version's input into the rows that store it. The only scoring logic of
 * both the in-thread and the worker paths. No explanation texts are built (explain: false): what
 * is stored per factor is its value, optimistic value and rule, which do not depend on them; the
 * full explanation (inputs, texts) is recomputed on request from the same inputs.
 */
export function scoreVersionInput(
  versionId: number,
  input: MunicipalityInput,
  model: Model,
  asOf: string,
  /** Receives each row as it is scored, instead of `scores.usages` (which stays empty). */
  onRow?: (row: UsageScoreRow) => void,
): { scores: VersionScores; stored: StoredMunicipalityScore } {
  const columns = new UsageScoreColumnsBuilder(onRow ? 0 : input.usages.length);
  const store = onRow ?? ((row: UsageScoreRow) => columns.push(row));
  const m = scoreMunicipality(input, model, {
    explain: false,
    onSystemScore: (s) => {
      store([
        Number(s.usageId),
        versionId,
        Number(s.municipalityCode),
        s.model,
        s.asOf,
        s.L,
        s.Lopt,
        s.band,
        s.exposure,
        s.priority,
        s.confidence.value,
        JSON.stringify(s.flags),
        s.exitWindow.nextExit,
        JSON.stringify(s.factors.map((f) => [f.value, f.optimistic, f.rule])),
      ]);
    },
  });
  const { priorities: _omitted, ...stored } = m;
  const { exitWindows, ...headline } = stored;
  const municipality = {
    inventory_version_id: versionId,
    municipality_code: Number(m.municipalityCode),
    model_version: m.model,
    as_of: asOf,
    lockin: m.lockin.L,
    confidence: m.confidence.value,
    provisional: m.confidence.provisional ? (1 as const) : (0 as const),
    result: JSON.stringify(headline),
    exit_windows: JSON.stringify(exitWindows),
  };
  return { scores: { versionId, usages: columns.build(), municipality }, stored };
}

/**
 * Replaces the stored scores of inventory versions, one version at a time: on SQLite through one
 * prepared statement on the raw connection under the caller's transaction (Kysely re-prepares
 * every batch), on PostgreSQL in multi-row inserts.
 */
class ScoreWriter {
  private readonly insert: SQLite.Statement | null;
  constructor(
    private readonly db: Db,
    sqlite: SQLite.Database | null,
  ) {
    this.insert = sqlite
      ? preparedInsert(sqlite, 'usage_scores', USAGE_SCORE_COLUMNS)
      : null;
  }

  /**
   * On SQLite, where a row is stored synchronously: the version's old rows removed and a sink that
   * stores each new row as it is scored, so a large inventory's rows are never all held (pass
   * `streamed` to write then). Null on PostgreSQL, where rows go in multi-row inserts.
   */
  async sink(versionId: number): Promise<((row: UsageScoreRow) => void) | null> {
    const insert = this.insert;
    if (!insert) return null;
    await this.db.deleteFrom('usage_scores').where('inventory_version_id', '=', versionId).execute();
    return (row) => insert.run(row);
  }

  /** Replaces the version's usage rows with `v.usages`, read from its columns (no row array of them is built). */
  private async rows(v: VersionScores): Promise<void> {
    const db = this.db;
    await db.deleteFrom('usage_scores').where('inventory_version_id', '=', v.versionId).execute();
    if (this.insert) {
      for (const row of usageScoreRows(v.usages)) this.insert.run(row);
      return;
    }
    // PostgreSQL: multi-row inserts, each under the bound-parameter limit (one object per row:
    // usageScoreRows reuses its row array).
    for (const part of chunks(usageScoreObjects(v.usages), USAGE_SCORE_COLUMNS.length)) await db.insertInto('usage_scores').values(part).execute();
  }

  /** Stores a version's scores; `streamed`: its usage rows went through sink() already. */
  async write(v: VersionScores, streamed = false): Promise<void> {
    const db = this.db;
    if (!streamed) await this.rows(v);
    await db.deleteFrom('municipality_scores').where('inventory_version_id', '=', v.versionId).execute();
    await db.insertInto('municipality_scores').values({ ...v.municipality, computed_at: nowIso() }).execute();
  }
}

/** A version's usage scores as usage_scores rows, one object each (for multi-row inserts). */
function* usageScoreObjects(usages: UsageScoreColumns): Generator<Database['usage_scores']> {
  for (const row of usageScoreRows(usages)) yield Object.fromEntries(USAGE_SCORE_COLUMNS.map((c, i) => [c, row[i]])) as unknown as Database['usage_scores'];
}

/**
 * Recombines the stored municipal scores of one world's current inventories into that world's
 * national score: by default the world that counts (real inventories once any exists, else the
 * demo ones). Each world keeps its own row: the demo inventories shown beside real ones are
 * scored against the demo world's stored concentration (F5), not one recomputed over every
 * demo usage on each request. `categoryHhi` (that world's) is stored with it when given (a full
 * recomputation); otherwise the world's last one stays.
 */
export async function recomputeNational(
  db: Db,
  /** `categoryHhi`: the world's, freshly computed. */
  options: { asOf?: string; model?: Model; categoryHhi?: Map<string, number>; world?: World } = {},
): Promise<NationalScore> {
  // One writer of the national row at a time (delete, then insert); see shared-rows-lock.ts.
  await sharedRowsLock(db)();
  const asOf = options.asOf ?? today();
  const model = options.model ?? defaultModel;
  const world = options.world ?? (await readWorld(db));
  const rows = await db
    .selectFrom('municipality_scores as s')
    .innerJoin(inventoriesOf(db, world).as('ci'), 'ci.inventory_version_id', 's.inventory_version_id')
    .select(['s.result', 's.exit_windows'])
    .orderBy('s.municipality_code')
    .execute();
  const municipalities = rows.map((r) => ({ ...storedScore(r), priorities: [] }));
  const national = scoreNational(municipalities, asOf, model);
  const categoryHhi = options.categoryHhi ?? (await storedCategoryHhi(db, world)) ?? (await computeCategoryHhi(db, world));
  await db
    .deleteFrom('national_scores')
    .where('model_version', '=', national.model)
    .where((eb) => eb.or([eb('world', '=', world), eb('world', 'is', null)]))
    .execute();
  await db
    .insertInto('national_scores')
    .values({
      model_version: national.model,
      as_of: asOf,
      computed_at: nowIso(),
      municipality_count: national.municipalityCount,
      result: JSON.stringify(national),
      category_hhi: JSON.stringify(Object.fromEntries(categoryHhi)),
      world,
    })
    .execute();
  return national;
}

export interface RescoreOptions {
  asOf?: string;
  model?: Model;
  /**
   * Worker threads that load and score the municipalities, one at a time each, while this thread
   * writes (default defaultWorkerCount()); 0 scores in this thread.
   */
  workers?: number;
  /** Each worker thread's old-generation heap limit in MB (default: workerHeapMb, from the largest inventory). */
  workerHeapMb?: number;
}

/**
 * Rescores every current inventory and the nation in one transaction (after a catalogue or
 * model change, and nightly), with a fresh national concentration per function category in
 * each world (demo inventories against demo ones, real against real).
 *
 * The municipalities are loaded and scored in worker threads, each through its own connection,
 * and stored by this thread in the transaction. The workers read the last committed state, which
 * is the state scored here: nothing changed before the transaction began (a caller that changed
 * data in its own transaction uses rescoreAllIn, which scores in its thread). An in-memory SQLite
 * database (no other connection sees it) and a model this version does not ship (a worker
 * finds models by version) are scored in this thread too — by the same code (scoreVersionInput).
 */
export async function rescoreAll(db: Kysely<Database>, options: RescoreOptions = {}): Promise<NationalScore> {
  const url = databaseUrlOf(db);
  const sqlite = sqliteConnection(db);
  const workers = options.workers ?? defaultWorkerCount();
  const shipped = modelByVersion((options.model ?? defaultModel).version) === (options.model ?? defaultModel);
  const readFrom = url != null && workers > 0 && shipped ? { url, workers } : null;
  return db.transaction().execute(async (trx) => rescoreAllWith(trx, options, sqlite, readFrom));
}

/** rescoreAll inside a transaction the caller holds (demo removal rescores in its own): in this thread, which sees its changes. */
export async function rescoreAllIn(trx: Db, options: Omit<RescoreOptions, 'workers'> = {}): Promise<NationalScore> {
  return rescoreAllWith(trx, options, null, null);
}

async function rescoreAllWith(
  trx: Db,
  options: RescoreOptions,
  sqlite: SQLite.Database | null,
  readFrom: { url: string; workers: number } | null,
): Promise<NationalScore> {
  const world = await readWorld(trx);
  const versions = (await trx.selectFrom('current_inventory').select('inventory_version_id').execute()).map((v) => v.inventory_version_id);
  const hhi = { real: await computeCategoryHhi(trx, 'real'), demo: await computeCategoryHhi(trx, 'demo') };
  const catalogues = { real: await loadScoringCatalogue(trx, 'real', hhi.real), demo: await loadScoringCatalogue(trx, 'demo', hhi.demo) };
  if (readFrom) {
    const asOf = options.asOf ?? today();
    const model = options.model ?? defaultModel;
    const tasks: ScoreTask[] = (await versionsByWorld(trx, versions)).flatMap(([world, ids]) => ids.map((versionId) => ({ versionId, world })));
    const writer = new ScoreWriter(trx, sqlite);
    const data: ScoreWorkerData = { url: readFrom.url, catalogues, asOf, modelVersion: model.version };
    const heapMb = options.workerHeapMb ?? (await workerHeapMb(trx, versions));
    await runInWorkers<ScoreTask, VersionScores>(new URL('../workers/score-worker.ts', import.meta.url), { ...data }, tasks, {
      workers: readFrom.workers,
      accept: (scores) => writer.write(scores),
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    }).catch((e: unknown) => {
      if ((e as { code?: string }).code !== 'ERR_WORKER_OUT_OF_MEMORY') throw e;
      throw new Error(
        `En arbejdstråd løb tør for hukommelse (${heapMb} MB) under genberegningen; intet er ændret. Prøv med --worker-heap-mb over ${heapMb}. / ` +
          `A worker thread ran out of memory (${heapMb} MB) during the recomputation; nothing was changed. Try --worker-heap-mb above ${heapMb}.`,
        { cause: e },
      );
    });
  } else {
    await scoreVersions(trx, versions, { ...options, catalogues, sqlite });
  }
  // The other world's row too, while it has inventories (demo ones kept beside real ones); gone when it has none.
  const other: World = world === 'real' ? 'demo' : 'real';
  const otherVersions = await trx.selectFrom(inventoriesOf(trx, other).as('o')).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(otherVersions.n) > 0) await recomputeNational(trx, { ...options, world: other, categoryHhi: hhi[other] });
  else await trx.deleteFrom('national_scores').where('world', '=', other).execute();
  return recomputeNational(trx, { ...options, world, categoryHhi: hhi[world] });
}

/**
 * The old-generation heap a worker thread may take (MB), from the largest of the given inventory
 * versions: measured, a worker holds ~35 MB of code and catalogues, ~2 KB per usage of loaded
 * input and allocates ~3 KB per usage scoring it; 96 MB + 8 KB per usage leaves room to spare.
 * Without a limit a worker's heap grew to twice what it held before V8 collected it (a 327,000-
 * usage recomputation peaked at 680 MB, 510 MB with it).
 */
async function workerHeapMb(db: Db, versionIds: readonly number[]): Promise<number> {
  let largest = 0;
  for (const part of chunks(versionIds, 1)) {
    const r = await db.selectFrom('inventory_versions').select((eb) => eb.fn.max('usage_count').as('n')).where('id', 'in', part).executeTakeFirst();
    largest = Math.max(largest, Number(r?.n ?? 0));
  }
  return WORKER_HEAP_BASE_MB + Math.ceil((largest * WORKER_HEAP_PER_USAGE_KB) / 1024);
}
const WORKER_HEAP_BASE_MB = 96;
const WORKER_HEAP_PER_USAGE_KB = 8;

/** A stored municipal score, whole again: the headline document and its exit windows. */
export function storedScore(row: { result: string; exit_windows: string }): StoredMunicipalityScore {
  return { ...(JSON.parse(row.result) as Omit<StoredMunicipalityScore, 'exitWindows'>), exitWindows: JSON.parse(row.exit_windows) as StoredMunicipalityScore['exitWindows'] };
}

/**
 * How many current inventories carry a stored score of each model version other than the
 * selected one (they keep their version until `score --recompute`): empty when all are current.
 */
export async function scoresOfOtherModels(db: Kysely<Database>, model: Model = defaultModel): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('municipality_scores as s')
    .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 's.inventory_version_id')
    .select(['s.model_version', (eb) => eb.fn.countAll<number>().as('n')])
    .where('s.model_version', '<>', model.version)
    .groupBy('s.model_version')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.model_version, Number(r.n)]));
}

/** The shipped model a stored score names; a version this build does not ship cannot be explained. */
export function storedModel(version: string): Model {
  const model = modelByVersion(version);
  if (!model) throw new ConflictError(`The stored score was computed with model ${version}, which this version does not ship; run \`handlefrihed score --recompute\``);
  return model;
}
