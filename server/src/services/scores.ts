// Computes and stores lock-in scores. Called inside the transaction that changes their inputs
// (an import, a rollback, a catalogue change), so a score is never visible without the data it
// was computed from. Scoring itself is the pure engine; this module only moves data.
import type { Kysely } from 'kysely';
import { today } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { ConflictError } from '../errors.ts';
import { chunks, type Db, nowIso } from '../repositories/db-types.ts';
import { sharedRowsLock } from '../repositories/shared-rows-lock.ts';
import { countedInventories, readWorld, type World, worldOfFlag } from '../repositories/world.repository.ts';
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
  type MunicipalityScore,
  type NationalScore,
  scoreMunicipality,
  scoreNational,
} from '../scoring/index.ts';

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
  options: { asOf?: string; model?: Model; catalogues?: Partial<Record<World, ScoringCatalogue>> } = {},
): Promise<Map<number, StoredMunicipalityScore>> {
  const results = new Map<number, StoredMunicipalityScore>();
  if (versionIds.length === 0) return results;
  const flags = await db.selectFrom('inventory_versions').select(['id', 'demo']).where('id', 'in', [...versionIds]).execute();
  for (const world of ['real', 'demo'] as const) {
    const ids = flags.filter((f) => worldOfFlag(f.demo) === world).map((f) => f.id);
    if (ids.length === 0) continue;
    const catalogue = options.catalogues?.[world] ?? (await loadScoringCatalogue(db, world));
    for (const [id, score] of await scoreVersionsIn(db, ids, catalogue, options)) results.set(id, score);
  }
  return results;
}

async function scoreVersionsIn(
  db: Db,
  versionIds: readonly number[],
  catalogue: ScoringCatalogue,
  options: { asOf?: string; model?: Model },
): Promise<Map<number, StoredMunicipalityScore>> {
  const asOf = options.asOf ?? today();
  const model = options.model ?? defaultModel;
  const results = new Map<number, StoredMunicipalityScore>();
  for (const batch of chunks(versionIds, 1, 10)) {
    const inputs = await loadMunicipalityInputs(db, catalogue, batch, asOf);
    for (const [versionId, input] of inputs) {
      const rows: Database['usage_scores'][] = [];
      const m = scoreMunicipality(input, model, {
        onSystemScore: (s) => {
          rows.push({
            usage_id: Number(s.usageId),
            inventory_version_id: versionId,
            municipality_code: Number(s.municipalityCode),
            model_version: s.model,
            as_of: s.asOf,
            lockin: s.L,
            lockin_optimistic: s.Lopt,
            band: s.band,
            exposure: s.exposure,
            priority: s.priority,
            confidence: s.confidence.value,
            flags: JSON.stringify(s.flags),
            next_exit: s.exitWindow.nextExit,
            // The compact record: each factor's value, optimistic value and rule. The full
            // explanation (inputs, texts) is recomputed on request from the same inputs.
            explanation: JSON.stringify(s.factors.map((f) => [f.value, f.optimistic, f.rule])),
          });
        },
      });
      await db.deleteFrom('usage_scores').where('inventory_version_id', '=', versionId).execute();
      for (const part of chunks(rows, 14)) await db.insertInto('usage_scores').values(part).execute();
      const { priorities: _omitted, ...stored } = m;
      const { exitWindows, ...headline } = stored;
      await db.deleteFrom('municipality_scores').where('inventory_version_id', '=', versionId).execute();
      await db
        .insertInto('municipality_scores')
        .values({
          inventory_version_id: versionId,
          municipality_code: Number(m.municipalityCode),
          model_version: m.model,
          as_of: asOf,
          computed_at: nowIso(),
          lockin: m.lockin.L,
          confidence: m.confidence.value,
          provisional: m.confidence.provisional ? 1 : 0,
          result: JSON.stringify(headline),
          exit_windows: JSON.stringify(exitWindows),
        })
        .execute();
      results.set(versionId, stored);
    }
  }
  return results;
}

/**
 * Recombines the stored municipal scores of the current inventories that count (the world: real
 * ones once any exists, else the demo ones) into the national score. `categoryHhi` (that
 * world's) is stored with it when given (a full recomputation); otherwise the world's last one stays.
 */
export async function recomputeNational(
  db: Db,
  /** `categoryHhi`: the counted world's, freshly computed. */
  options: { asOf?: string; model?: Model; categoryHhi?: Map<string, number> } = {},
): Promise<NationalScore> {
  // One writer of the national row at a time (delete, then insert); see shared-rows-lock.ts.
  await sharedRowsLock(db)();
  const asOf = options.asOf ?? today();
  const model = options.model ?? defaultModel;
  const world = await readWorld(db);
  const rows = await db
    .selectFrom('municipality_scores as s')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 's.inventory_version_id')
    .select(['s.result', 's.exit_windows'])
    .orderBy('s.municipality_code')
    .execute();
  const municipalities = rows.map((r) => ({ ...storedScore(r), priorities: [] }));
  const national = scoreNational(municipalities, asOf, model);
  const categoryHhi = options.categoryHhi ?? (await storedCategoryHhi(db, world)) ?? (await computeCategoryHhi(db, world));
  await db.deleteFrom('national_scores').where('model_version', '=', national.model).execute();
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

/**
 * Rescores every current inventory and the nation in one transaction (after a catalogue or
 * model change, and nightly), with a fresh national concentration per function category in
 * each world (demo inventories against demo ones, real against real).
 */
export async function rescoreAll(db: Kysely<Database>, options: { asOf?: string; model?: Model } = {}): Promise<NationalScore> {
  return db.transaction().execute(async (trx) => rescoreAllIn(trx, options));
}

/** rescoreAll inside a transaction the caller holds (demo removal rescores in its own). */
export async function rescoreAllIn(trx: Db, options: { asOf?: string; model?: Model } = {}): Promise<NationalScore> {
  const world = await readWorld(trx);
  const versions = (await trx.selectFrom('current_inventory').select('inventory_version_id').execute()).map((v) => v.inventory_version_id);
  const hhi = { real: await computeCategoryHhi(trx, 'real'), demo: await computeCategoryHhi(trx, 'demo') };
  const catalogues = { real: await loadScoringCatalogue(trx, 'real', hhi.real), demo: await loadScoringCatalogue(trx, 'demo', hhi.demo) };
  await scoreVersions(trx, versions, { ...options, catalogues });
  return recomputeNational(trx, { ...options, categoryHhi: hhi[world] });
}

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
