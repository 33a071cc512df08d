// Reads stored scores for the API and the CLI, and rebuilds a system's full explanation on
// request from the same inputs, date and model the stored score was computed with.
import { countedInventories, readWorld, worldOfFlag } from '../repositories/world.repository.ts';
import { addressOf, type SystemAddress } from './system-address.ts';
import { explainMunicipalReach, type MunicipalityReachExplanation } from './reach-explanation.ts';
import { type Kysely, sql } from 'kysely';
import { cachedRead } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { loadMunicipalityInputs, loadScoringCatalogue } from '../repositories/scoring-input.repository.ts';
import { z } from 'zod';
import { type KleRef, kleRef, parseStoredList } from '../domain/inventory.ts';
import { normalizeProductName } from '../domain/names.ts';
import { PUBLIC_MODERATION_STATES } from '../domain/vocabulary.ts';
import {
  type AfterMigration,
  bandOf,
  defaultModel,
  lockinAfterMigration,
  type MaturityScore,
  type NationalScore,
  resolvePlatformParties,
  type SystemScore,
  scoreSystem,
  type VendorMetrics,
} from '../scoring/index.ts';
import { maturityOf } from './catalogue-common.ts';
import { type StoredMunicipalityScore, storedModel, storedScore } from './scores.ts';
import { alternativeDeployment } from './solutions.ts';
import { sourcedFactsByAlternative } from '../repositories/alternatives.repository.ts';

export interface SystemRow {
  usageId: number;
  /** The system's stable key within its municipality: its address (/kommuner/{kode}/systemer/{key}). */
  usageKey: string;
  /** The local name, else the system's name as the file gave it. */
  name: string;
  /** The system's name as the file gave it. */
  systemName: string;
  /** The catalogue product's name (shown beside the file's where they differ). */
  product: string;
  supplierId: number | null;
  supplier: string | null;
  /** The supplier's ultimate owner and its country, when another company owns it (KMD A/S → NEC Corporation, JP). */
  supplierOwner: { id: number; name: string; country: string | null } | null;
  category: string | null;
  lifecycle: string | null;
  hostingModel: string | null;
  criticality: string | null;
  /** KLE task references (numbers; titles as the municipality's file wrote them). */
  kle: KleRef[];
  /** Roles with someone assigned (never who). */
  rolesFilled: string[];
  L: number;
  Lopt: number;
  band: string;
  exposure: number;
  priority: number;
  confidence: number;
  flags: string[];
  nextExit: string | null;
}

/**
 * A version's scored systems, driven from usage_scores' (inventory_version_id, priority) index:
 * the top of the priority list reads only the rows it returns.
 */
export function systemsQuery(db: Kysely<Database>, versionId: number) {
  return db
    .selectFrom('usage_scores as s')
    .innerJoin('system_usages as u', 'u.id', 's.usage_id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('vendors as v', 'v.id', 'u.supplier_vendor_id')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .select([
      'u.id',
      'u.usage_key',
      'u.local_name',
      'u.system_name',
      'p.name as product',
      'u.supplier_vendor_id',
      'v.name as supplier',
      'top.id as owner_id',
      'top.name as owner',
      'v.ultimate_country as owner_country',
      sql<string | null>`coalesce(${sql.ref('u.category')}, ${sql.ref('p.category')})`.as('category'),
      'u.lifecycle',
      'u.hosting_model',
      'u.criticality',
      'u.kle',
      'u.roles_filled',
      's.lockin',
      's.lockin_optimistic',
      's.band',
      's.exposure',
      's.priority',
      's.confidence',
      's.flags',
      's.next_exit',
    ])
    .where('s.inventory_version_id', '=', versionId);
}

type SystemsRow = Awaited<ReturnType<ReturnType<typeof systemsQuery>['execute']>>[number];

const toSystemRow = (r: SystemsRow): SystemRow => ({
  usageId: r.id,
  usageKey: r.usage_key,
  name: r.local_name ?? r.system_name,
  systemName: r.system_name,
  product: r.product,
  supplierId: r.supplier_vendor_id,
  supplier: r.supplier,
  supplierOwner: r.owner_id != null && r.owner != null && r.owner_id !== r.supplier_vendor_id ? { id: r.owner_id, name: r.owner, country: r.owner_country } : null,
  category: r.category,
  lifecycle: r.lifecycle,
  hostingModel: r.hosting_model,
  criticality: r.criticality,
  kle: parseStoredList(kleRef, r.kle),
  rolesFilled: parseStoredList(z.string(), r.roles_filled),
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

async function currentVersionId(db: Kysely<Database>, municipalityCode: number): Promise<number | null> {
  const row = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', municipalityCode).executeTakeFirst();
  return row?.inventory_version_id ?? null;
}

/** A municipality's current systems with their score summaries, highest exit priority first. */
export async function listSystems(db: Kysely<Database>, municipalityCode: number, o: SystemListOptions): Promise<{ items: SystemRow[]; total: number }> {
  // A dashboard asks again and again: remembered until the database changes (db/read-cache.ts).
  return cachedRead(db, `systems:${municipalityCode}:${JSON.stringify(o)}`, () => loadSystems(db, municipalityCode, o));
}

async function loadSystems(db: Kysely<Database>, municipalityCode: number, o: SystemListOptions): Promise<{ items: SystemRow[]; total: number }> {
  const versionId = await currentVersionId(db, municipalityCode);
  if (versionId === null) return { items: [], total: 0 };
  let q = systemsQuery(db, versionId);
  let count = db.selectFrom('usage_scores').select((eb) => eb.fn.countAll<number>().as('n')).where('inventory_version_id', '=', versionId);
  if (o.band) {
    q = q.where('s.band', '=', o.band);
    count = count.where('band', '=', o.band);
  }
  const sorted =
    o.sort === 'name'
      ? q.orderBy('p.name').orderBy('u.id')
      : o.sort === 'lockin'
        ? q.orderBy('s.lockin', 'desc').orderBy('u.id')
        : q.orderBy('s.priority', 'desc').orderBy('s.usage_id');
  const [rows, total] = await Promise.all([sorted.limit(o.limit).offset(o.offset).execute(), count.executeTakeFirstOrThrow()]);
  return { items: rows.map(toSystemRow), total: Number(total.n) };
}

export interface MunicipalityScoreView {
  municipalityCode: number;
  inventoryVersionId: number;
  asOf: string;
  computedAt: string;
  /** The band (A–E) of the municipality's lock-in L by the model's cut-offs; null without systems. */
  band: string | null;
  score: StoredMunicipalityScore;
  topPriorities: SystemRow[];
}

export async function municipalityScore(db: Kysely<Database>, municipalityCode: number): Promise<MunicipalityScoreView> {
  const { scoreJson, exitWindowsJson, ...view } = await municipalityScoreText(db, municipalityCode, { exitWindows: true });
  return { ...view, score: storedScore({ result: scoreJson, exit_windows: exitWindowsJson! }) };
}

/**
 * The same view with the stored score left as the JSON text it was stored as: the API splices
 * it into the answer instead of parsing and re-serialising ~60 KB on every request.
 */
export async function municipalityScoreText(
  db: Kysely<Database>,
  municipalityCode: number,
  include: { exitWindows?: boolean } = {},
): Promise<Omit<MunicipalityScoreView, 'score'> & { scoreJson: string; exitWindowsJson: string | null }> {
  return cachedRead(db, `score:${municipalityCode}:${include.exitWindows === true}`, () => loadScoreText(db, municipalityCode, include));
}

async function loadScoreText(db: Kysely<Database>, municipalityCode: number, include: { exitWindows?: boolean }) {
  const row = await db
    .selectFrom('current_inventory as ci')
    .innerJoin('municipality_scores as s', 's.inventory_version_id', 'ci.inventory_version_id')
    .select(['s.inventory_version_id', 's.as_of', 's.computed_at', 's.lockin', 's.result'])
    .$if(include.exitWindows === true, (q) => q.select('s.exit_windows'))
    .where('ci.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Municipality ${municipalityCode} has no scored inventory`);
  const top = await systemsQuery(db, row.inventory_version_id).orderBy('s.priority', 'desc').orderBy('s.usage_id').limit(10).execute();
  return {
    municipalityCode,
    inventoryVersionId: row.inventory_version_id,
    asOf: row.as_of,
    computedAt: row.computed_at,
    band: row.lockin === null ? null : bandOf(row.lockin),
    scoreJson: row.result,
    exitWindowsJson: 'exit_windows' in row ? (row.exit_windows as string) : null,
    topPriorities: top.map(toSystemRow),
  };
}

export async function nationalScore(db: Kysely<Database>): Promise<{ asOf: string; computedAt: string; score: NationalScore }> {
  const world = await readWorld(db);
  const row = await db
    .selectFrom('national_scores')
    .select(['as_of', 'computed_at', 'result'])
    // The world that counts (each world keeps its own row; see recomputeNational), its latest
    // computation, of whichever model computed it (the score names its model).
    .where((eb) => eb.or([eb('world', '=', world), eb('world', 'is', null)]))
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) throw new NotFoundError('No national score has been computed yet');
  return { asOf: row.as_of, computedAt: row.computed_at, score: JSON.parse(row.result) as NationalScore };
}

/**
 * A scored usage's stored score and its scoring input, rebuilt from its inventory version with
 * the stored date (platform parties resolved, as the engine scored it).
 */
async function scoredUsage(db: Kysely<Database>, usageId: number) {
  const stored = await db.selectFrom('usage_scores').selectAll().where('usage_id', '=', usageId).executeTakeFirst();
  if (!stored) throw new NotFoundError(`No scored system usage with id ${usageId}`);
  const version = await db.selectFrom('inventory_versions').select('demo').where('id', '=', stored.inventory_version_id).executeTakeFirstOrThrow();
  const catalogue = await loadScoringCatalogue(db, worldOfFlag(version.demo), undefined, { localTo: [stored.municipality_code] });
  const input = (await loadMunicipalityInputs(db, catalogue, [stored.inventory_version_id], stored.as_of)).get(stored.inventory_version_id)!;
  const usage = resolvePlatformParties(input.usages, input.edges).find((u) => u.id === String(usageId))!;
  return { stored, usage, catalogue };
}

/**
 * The full explanation of one system's score: recomputed from its version's inputs with the
 * stored date and model, and checked against the stored value so an explanation can never
 * disagree with the number a leader has already seen.
 */
export async function usageScore(db: Kysely<Database>, usageId: number): Promise<SystemScore & Pick<SystemAddress, 'usageKey'> & { inventoryVersionId: number; current: boolean; catalogueName: string; contractNames: Record<string, string> }> {
  const { stored, usage } = await scoredUsage(db, usageId);
  // Explained with the model that computed it: a score stored under 1.0 stays 1.0 until `score --recompute`.
  const score = scoreSystem(usage, stored.as_of, storedModel(stored.model_version));
  if (Math.abs(score.L - stored.lockin) > 1e-9) {
    throw new ConflictError(`The inputs of usage ${usageId} changed since it was scored; run \`handlefrihed score --recompute\``);
  }
  const address = await addressOf(db, usageId);
  const current = await currentVersionId(db, address.municipalityCode);
  // `name` is the file's; the catalogue product it is matched to is shown beside it.
  const product = await db.selectFrom('system_usages as u').innerJoin('products as p', 'p.id', 'u.product_id').select('p.name').where('u.id', '=', usageId).executeTakeFirstOrThrow();
  // Contracts by the id the explanation names them with, so a page can say which contract an input is from.
  const contractIds = (usage.contracts.value ?? []).map((c) => Number(c.id)).filter((id) => Number.isInteger(id));
  const contractNames: Record<string, string> = contractIds.length
    ? Object.fromEntries((await db.selectFrom('contracts').select(['id', 'name']).where('id', 'in', contractIds).execute()).map((c) => [String(c.id), c.name]))
    : {};
  // The key is the system's stable address; `current` says whether this row is still the current version's.
  return { ...score, usageKey: address.usageKey, inventoryVersionId: stored.inventory_version_id, current: current === stored.inventory_version_id, catalogueName: product.name, contractNames };
}

export interface VendorDependency {
  vendor: { id: number; name: string; ultimateParentId: number; ultimateParentName: string; country: string | null; jurisdiction: string | null };
  /** The whole group under the ultimate owner. */
  national: NationalScore['vendors'][number] | null;
  municipalities: VendorMunicipalReach[];
  /** The same for the company alone (KMD A/S without the rest of NEC), from the scores' company grouping. */
  byCompany: { national: NationalScore['byCompany']['vendors'][number] | null; municipalities: VendorMunicipalReach[] };
  /** Asked for one municipality: the paths behind its reach figures in both groupings (services/reach-explanation.ts). */
  explanation?: MunicipalityReachExplanation;
}

export interface VendorMunicipalReach {
  municipalityCode: number;
  name: string;
  reach: number;
  directReach: number;
  lockedShare: number;
  spendShare: number | null;
}

/**
 * A vendor's direct and transitive reach, nationally and per municipality (rolled up to its
 * ultimate parent); with `municipality`, also the paths behind that municipality's figures.
 */
export async function vendorDependency(db: Kysely<Database>, vendorId: number, options: { municipality?: number } = {}): Promise<VendorDependency> {
  const v = await db
    .selectFrom('vendors as v')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .select(['v.id', 'v.name', 'v.ultimate_parent_id', 'top.name as top_name', 'v.ultimate_country', 'v.jurisdiction'])
    .where('v.id', '=', vendorId)
    .executeTakeFirst();
  if (!v) throw new NotFoundError(`No vendor with id ${vendorId}`);
  const topId = String(v.ultimate_parent_id ?? v.id);
  const explanation = options.municipality === undefined ? undefined : await explainMunicipalReach(db, options.municipality, { companyId: v.id, ownerId: Number(topId) });
  const national = await nationalScore(db).catch(() => null);
  const rows = await db
    .selectFrom('municipality_scores as s')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 's.inventory_version_id')
    .innerJoin('municipalities as m', 'm.code', 's.municipality_code')
    .select(['s.municipality_code', 'm.name', 's.result'])
    .orderBy('s.municipality_code')
    .execute();
  const municipalities: VendorMunicipalReach[] = [];
  const companyMunicipalities: VendorMunicipalReach[] = [];
  const ownId = String(v.id);
  const reachOf = (r: (typeof rows)[number], m: VendorMetrics): VendorMunicipalReach =>
    ({ municipalityCode: r.municipality_code, name: r.name, reach: m.reach, directReach: m.directReach, lockedShare: m.lockedShare, spendShare: m.spendShare });
  for (const r of rows) {
    const score = JSON.parse(r.result) as StoredMunicipalityScore;
    const metrics = score.vendors.find((x) => x.vendorId === topId);
    if (metrics) municipalities.push(reachOf(r, metrics));
    const company = score.byCompany?.vendors.find((x) => x.vendorId === ownId);
    if (company) companyMunicipalities.push(reachOf(r, company));
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
    byCompany: { national: national?.score.byCompany?.vendors.find((x) => x.vendorId === ownId) ?? null, municipalities: companyMunicipalities },
    ...(explanation ? { explanation } : {}),
  };
}

export interface AlternativeAssessment {
  alternativeId: number;
  key: string;
  name: string;
  url: string | null;
  spdxLicense: string | null;
  moderationState: string;
  verified: boolean;
  maturity: MaturityScore;
  afterMigration: Omit<AfterMigration, 'after'> & { after: { L: number; Lopt: number; band: string; flags: string[] } };
}

/**
 * The open-source alternatives mapped onto a usage's product, each with its maturity (AMS) and
 * the lock-in it would have after migration, for the default proposed deployment: run by the
 * municipality on its own infrastructure. Facts the catalogue lacks stay unknown and score worst,
 * so an alternative is only recommended where the catalogue can show it is clearly better.
 */
export async function usageAlternatives(
  db: Kysely<Database>,
  usageId: number,
): Promise<{ usageId: number; asOf: string; alternatives: AlternativeAssessment[]; categoryCompetitors: CategoryCompetitor[] }> {
  const { stored: scored, usage: current, catalogue } = await scoredUsage(db, usageId);
  const usageRow = await db.selectFrom('system_usages').select(['product_id', 'municipality_code']).where('id', '=', usageId).executeTakeFirstOrThrow();
  const currentScore = scoreSystem(current, scored.as_of, defaultModel, { explain: false });
  const rows = await db
    .selectFrom('product_alternatives as pa')
    .innerJoin('alternatives as a', 'a.id', 'pa.alternative_id')
    .selectAll('a')
    .where('pa.product_id', '=', usageRow.product_id)
    .where('a.moderation_state', 'in', PUBLIC_MODERATION_STATES)
    .orderBy('a.name')
    .execute();
  const productsByName = new Map([...catalogue.products.values()].map((p) => [normalizeProductName(p.name), p]));
  const sourced = await sourcedFactsByAlternative(db, rows.map((a) => a.id));
  const alternatives = rows.map((a): AlternativeAssessment => {
    const maturity = maturityOf(a, sourced.get(a.id) ?? [], scored.as_of);
    // The same proposed deployment the exit paths score (services/solutions.ts, from the sourced facts).
    const deployment = alternativeDeployment(String(a.id), a, sourced.get(a.id) ?? [], productsByName.get(normalizeProductName(a.name)), String(usageRow.municipality_code), scored.as_of);
    const after = lockinAfterMigration(current, deployment, scored.as_of, defaultModel, currentScore);
    const { after: full, ...rest } = after;
    return {
      alternativeId: a.id,
      key: a.key,
      name: a.name,
      url: a.url,
      spdxLicense: a.spdx_license,
      moderationState: a.moderation_state,
      verified: a.verified === 1,
      maturity,
      afterMigration: { ...rest, after: { L: full.L, Lopt: full.Lopt, band: full.band, flags: full.flags } },
    };
  });
  alternatives.sort((x, y) => y.afterMigration.reduction - x.afterMigration.reduction || (y.maturity.ams ?? -1) - (x.maturity.ams ?? -1));
  // The other products of the same function category: with the alternatives above, exactly what F5 counts.
  const categoryCompetitors = (catalogue.categoryCompetitors.get(usageRow.product_id) ?? [])
    .map((id) => catalogue.products.get(id)!)
    .map((p): CategoryCompetitor => ({ productId: p.id, name: p.name, licenseModel: p.licenseModel }))
    .sort((a, b) => a.name.localeCompare(b.name, 'da'));
  return { usageId, asOf: scored.as_of, alternatives, categoryCompetitors };
}

/** Another catalogue product in the system's function category (one of F5's viable alternatives). */
export interface CategoryCompetitor {
  productId: number;
  name: string;
  licenseModel: string | null;
}
