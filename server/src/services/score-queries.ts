// Reads stored scores for the API and the CLI, and rebuilds a system's full explanation on
// request from the same inputs, date and model the stored score was computed with.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { loadMunicipalityInputs, loadScoringCatalogue } from '../repositories/scoring-input.repository.ts';
import {
  defaultModel,
  type NationalScore,
  resolvePlatformParties,
  type SystemScore,
  scoreSystem,
} from '../scoring/index.ts';
import type { StoredMunicipalityScore } from './scores.ts';

export interface SystemRow {
  usageId: number;
  name: string;
  product: string;
  supplier: string | null;
  category: string | null;
  lifecycle: string | null;
  hostingModel: string | null;
  criticality: string | null;
  L: number;
  Lopt: number;
  band: string;
  exposure: number;
  priority: number;
  confidence: number;
  flags: string[];
  nextExit: string | null;
}

function systemsQuery(db: Kysely<Database>, municipalityCode: number) {
  return db
    .selectFrom('current_inventory as ci')
    .innerJoin('system_usages as u', 'u.inventory_version_id', 'ci.inventory_version_id')
    .innerJoin('usage_scores as s', 's.usage_id', 'u.id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('vendors as v', 'v.id', 'u.supplier_vendor_id')
    .select([
      'u.id',
      'u.local_name',
      'p.name as product',
      'v.name as supplier',
      'p.category',
      'u.lifecycle',
      'u.hosting_model',
      'u.criticality',
      's.lockin',
      's.lockin_optimistic',
      's.band',
      's.exposure',
      's.priority',
      's.confidence',
      's.flags',
      's.next_exit',
    ])
    .where('ci.municipality_code', '=', municipalityCode);
}

type SystemsRow = Awaited<ReturnType<ReturnType<typeof systemsQuery>['execute']>>[number];

const toSystemRow = (r: SystemsRow): SystemRow => ({
  usageId: r.id,
  name: r.local_name ?? r.product,
  product: r.product,
  supplier: r.supplier,
  category: r.category,
  lifecycle: r.lifecycle,
  hostingModel: r.hosting_model,
  criticality: r.criticality,
  L: r.lockin,
  Lopt: r.lockin_optimistic,
  band: r.band,
  exposure: r.exposure,
  priority: r.priority,
  confidence: r.confidence,
  flags: JSON.parse(r.flags) as string[],
  nextExit: r.next_exit,
});

export interface SystemListOptions {
  band?: string;
  sort: 'priority' | 'lockin' | 'name';
  limit: number;
  offset: number;
}

/** A municipality's current systems with their score summaries, highest exit priority first. */
export async function listSystems(db: Kysely<Database>, municipalityCode: number, o: SystemListOptions): Promise<{ items: SystemRow[]; total: number }> {
  let q = systemsQuery(db, municipalityCode);
  if (o.band) q = q.where('s.band', '=', o.band);
  const total = await db
    .selectFrom(q.as('x'))
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const sorted =
    o.sort === 'name'
      ? q.orderBy('p.name').orderBy('u.id')
      : o.sort === 'lockin'
        ? q.orderBy('s.lockin', 'desc').orderBy('u.id')
        : q.orderBy('s.priority', 'desc').orderBy('u.id');
  const rows = await sorted.limit(o.limit).offset(o.offset).execute();
  return { items: rows.map(toSystemRow), total: Number(total.n) };
}

export interface MunicipalityScoreView {
  municipalityCode: number;
  inventoryVersionId: number;
  asOf: string;
  computedAt: string;
  score: StoredMunicipalityScore;
  topPriorities: SystemRow[];
}

export async function municipalityScore(db: Kysely<Database>, municipalityCode: number): Promise<MunicipalityScoreView> {
  const row = await db
    .selectFrom('current_inventory as ci')
    .innerJoin('municipality_scores as s', 's.inventory_version_id', 'ci.inventory_version_id')
    .select(['s.inventory_version_id', 's.as_of', 's.computed_at', 's.result'])
    .where('ci.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Municipality ${municipalityCode} has no scored inventory`);
  const top = await listSystems(db, municipalityCode, { sort: 'priority', limit: 10, offset: 0 });
  return {
    municipalityCode,
    inventoryVersionId: row.inventory_version_id,
    asOf: row.as_of,
    computedAt: row.computed_at,
    score: JSON.parse(row.result) as StoredMunicipalityScore,
    topPriorities: top.items,
  };
}

export async function nationalScore(db: Kysely<Database>): Promise<{ asOf: string; computedAt: string; score: NationalScore }> {
  const row = await db
    .selectFrom('national_scores')
    .select(['as_of', 'computed_at', 'result'])
    .where('model_version', '=', defaultModel.version)
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No national score has been computed yet');
  return { asOf: row.as_of, computedAt: row.computed_at, score: JSON.parse(row.result) as NationalScore };
}

/**
 * The full explanation of one system's score: recomputed from its version's inputs with the
 * stored date and model, and checked against the stored value so an explanation can never
 * disagree with the number a leader has already seen.
 */
export async function usageScore(db: Kysely<Database>, usageId: number): Promise<SystemScore & { inventoryVersionId: number }> {
  const stored = await db.selectFrom('usage_scores').selectAll().where('usage_id', '=', usageId).executeTakeFirst();
  if (!stored) throw new NotFoundError(`No scored system usage with id ${usageId}`);
  if (stored.model_version !== defaultModel.version) {
    throw new ConflictError(`The stored score was computed with model ${stored.model_version}; run \`handlefrihed score --recompute\``);
  }
  const catalogue = await loadScoringCatalogue(db);
  const inputs = await loadMunicipalityInputs(db, catalogue, [stored.inventory_version_id], stored.as_of);
  const input = inputs.get(stored.inventory_version_id)!;
  const usage = resolvePlatformParties(input.usages, input.edges).find((u) => u.id === String(usageId))!;
  const score = scoreSystem(usage, stored.as_of, defaultModel);
  if (Math.abs(score.L - stored.lockin) > 1e-9) {
    throw new ConflictError(`The inputs of usage ${usageId} changed since it was scored; run \`handlefrihed score --recompute\``);
  }
  return { ...score, inventoryVersionId: stored.inventory_version_id };
}

export interface VendorDependency {
  vendor: { id: number; name: string; ultimateParentId: number; ultimateParentName: string; country: string | null; jurisdiction: string | null };
  national: NationalScore['vendors'][number] | null;
  municipalities: { municipalityCode: number; name: string; reach: number; directReach: number; lockedShare: number; spendShare: number | null }[];
}

/** A vendor's direct and transitive reach, nationally and per municipality (rolled up to its ultimate parent). */
export async function vendorDependency(db: Kysely<Database>, vendorId: number): Promise<VendorDependency> {
  const v = await db
    .selectFrom('vendors as v')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .select(['v.id', 'v.name', 'v.ultimate_parent_id', 'top.name as top_name', 'v.ultimate_country', 'v.jurisdiction'])
    .where('v.id', '=', vendorId)
    .executeTakeFirst();
  if (!v) throw new NotFoundError(`No vendor with id ${vendorId}`);
  const topId = String(v.ultimate_parent_id ?? v.id);
  const national = await nationalScore(db).catch(() => null);
  const rows = await db
    .selectFrom('municipality_scores as s')
    .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 's.inventory_version_id')
    .innerJoin('municipalities as m', 'm.code', 's.municipality_code')
    .select(['s.municipality_code', 'm.name', 's.result'])
    .orderBy('s.municipality_code')
    .execute();
  const municipalities: VendorDependency['municipalities'] = [];
  for (const r of rows) {
    const metrics = (JSON.parse(r.result) as StoredMunicipalityScore).vendors.find((x) => x.vendorId === topId);
    if (metrics) {
      municipalities.push({
        municipalityCode: r.municipality_code,
        name: r.name,
        reach: metrics.reach,
        directReach: metrics.directReach,
        lockedShare: metrics.lockedShare,
        spendShare: metrics.spendShare,
      });
    }
  }
  return {
    vendor: {
      id: v.id,
      name: v.name,
      ultimateParentId: Number(topId),
      ultimateParentName: v.top_name ?? v.name,
      country: v.ultimate_country,
      jurisdiction: v.jurisdiction,
    },
    national: national?.score.vendors.find((x) => x.vendorId === topId) ?? null,
    municipalities,
  };
}
