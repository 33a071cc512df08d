// Model 1.0 beside the selected model (1.1) on the same stored inputs: each large vendor's direct
// and total reach under both, and the paths behind one vendor's reach under the selected model.
// Nothing is stored. The inputs of the counted current inventories (or one municipality's) are
// loaded once and scored by the engine exactly as a recomputation scores them; the national
// figures are the national score's (Σ e·ρ* / Σ e over every municipality together). The same
// code runs on demo and real data: the `handlefrihed model compare` command prints it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { loadMunicipalityInputs, loadScoringCatalogue } from '../repositories/scoring-input.repository.ts';
import { countedInventories, readWorld, worldOfFlag } from '../repositories/world.repository.ts';
import {
  defaultModel,
  explainReach,
  type EdgeLabel,
  type Model,
  model10,
  type MunicipalityInput,
  type PartyRole,
  resolvePlatformParties,
  scoreMunicipality,
  scoreNational,
  usageExposure,
  type VendorMetrics,
} from '../scoring/index.ts';
import { today } from './scores.ts';

export interface CompareOptions {
  /** One municipality's current inventory; absent: every inventory that counts nationally. */
  municipalityCode?: number | undefined;
  /** The vendor whose paths are listed (a name or part of one; its ultimate owner is used). Default Microsoft. */
  vendor?: string | undefined;
  /** How many of the largest vendors to compare (by total reach under each model). Default 10. */
  top?: number | undefined;
}

/** One vendor (grouped by ultimate owner) under both models; a share is 0 where a model gives it none. */
export interface VendorComparison {
  vendorId: string;
  name: string | null;
  before: { directReach: number; reach: number; rank: number | null };
  after: { directReach: number; reach: number; rank: number | null };
}

export interface ComparedPathStep {
  from: string;
  to: string;
  kind: EdgeLabel;
  weight: number;
}

/** A system the vendor reaches under the selected model, with the path and its share of the figure. */
export interface ComparedPath {
  municipalityCode: string;
  systemId: string;
  system: string;
  exposure: number;
  rho: number;
  /** e·ρ* / Σ e over the whole scope: the listed contributions sum to the vendor's reach. */
  contribution: number;
  steps: ComparedPathStep[];
  party: { system: string; role: PartyRole; weight: number; rightsHolder: boolean; company: string | null };
}

export interface ModelComparison {
  before: string;
  after: string;
  scope: { municipalityCode: number | null; municipalities: number; systems: number; asOf: string; world: 'real' | 'demo' };
  /** The top N under the selected model, then any vendor top N only under 1.0; by reach under the selected model. */
  vendors: VendorComparison[];
  /** The vendor's paths under the selected model, largest contribution first (all of them). */
  explained: {
    vendorId: string | null;
    name: string | null;
    reach: number;
    paths: ComparedPath[];
    /** The same paths by how they reach the vendor: its own role on the system, or the first edge's kind. */
    breakdown: PathBreakdown[];
    /** The same paths grouped by system name and route (nationally: the same system in several municipalities). */
    groups: PathGroup[];
  };
}

export interface PathBreakdown {
  /** `own:<role>` (the vendor is a party of the system itself) or `via:<edge kind>`. */
  how: string;
  systems: number;
  contribution: number;
}

export interface PathGroup {
  /** Route as text: system –kind weight→ via … [company: role weight]. */
  route: string;
  system: string;
  municipalities: number;
  contribution: number;
  example: ComparedPath;
}

/** A path as one line: system → (kind weight) → via … → the party's company, role and weight at the end. */
export function routeOf(p: ComparedPath): string {
  const parts = [p.system];
  for (const s of p.steps) parts.push(`–${s.kind} ${s.weight}→ ${s.to}`);
  return `${parts.join(' ')} [${p.party.company ?? '–'}: ${p.party.role} ${p.party.weight}]`;
}

/** Compares model 1.0 with the selected model on the stored inputs (nothing is written). */
export async function compareModels(db: Kysely<Database>, options: CompareOptions = {}, models: { before: Model; after: Model } = { before: model10, after: defaultModel }): Promise<ModelComparison> {
  const top = options.top ?? 10;
  const asOf = today();
  const { versions, world } = await scopeVersions(db, options.municipalityCode);
  const catalogue = await loadScoringCatalogue(db, world);
  const inputs = [...(await loadMunicipalityInputs(db, catalogue, versions, asOf)).values()];
  const before = vendorsOf(inputs, asOf, models.before);
  const after = vendorsOf(inputs, asOf, models.after);
  const rankOf = (list: readonly VendorMetrics[]) => new Map(list.map((v, i) => [v.vendorId, i + 1]));
  const rankBefore = rankOf(before);
  const rankAfter = rankOf(after);
  const ids = [...after.slice(0, top).map((v) => v.vendorId), ...before.slice(0, top).map((v) => v.vendorId)].filter((id, i, all) => all.indexOf(id) === i);
  const byIdBefore = new Map(before.map((v) => [v.vendorId, v]));
  const byIdAfter = new Map(after.map((v) => [v.vendorId, v]));
  const vendors = ids.map((id): VendorComparison => {
    const b = byIdBefore.get(id);
    const a = byIdAfter.get(id);
    return {
      vendorId: id,
      name: a?.name ?? b?.name ?? null,
      before: { directReach: b?.directReach ?? 0, reach: b?.reach ?? 0, rank: rankBefore.get(id) ?? null },
      after: { directReach: a?.directReach ?? 0, reach: a?.reach ?? 0, rank: rankAfter.get(id) ?? null },
    };
  });
  vendors.sort((x, y) => y.after.reach - x.after.reach || y.before.reach - x.before.reach || (x.vendorId < y.vendorId ? -1 : 1));
  const vendor = await ownerOf(db, options.vendor ?? 'Microsoft');
  const explained = explainAll(inputs, models.after, vendor);
  return {
    before: models.before.version,
    after: models.after.version,
    scope: {
      municipalityCode: options.municipalityCode ?? null,
      municipalities: inputs.length,
      systems: inputs.reduce((n, m) => n + m.usages.length, 0),
      asOf,
      world,
    },
    vendors,
    explained: {
      vendorId: vendor?.id ?? null,
      name: vendor?.name ?? null,
      ...explained,
      breakdown: breakdownOf(explained.paths),
      groups: groupsOf(explained.paths),
    },
  };
}

/** The inventory versions in scope and their world: one municipality's current one, or the counted ones. */
async function scopeVersions(db: Kysely<Database>, municipalityCode: number | undefined): Promise<{ versions: number[]; world: 'real' | 'demo' }> {
  if (municipalityCode === undefined) {
    const versions = (await countedInventories(db).execute()).map((v) => v.inventory_version_id);
    return { versions, world: await readWorld(db) };
  }
  const row = await db
    .selectFrom('current_inventory as ci')
    .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .select(['ci.inventory_version_id', 'v.demo'])
    .where('ci.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Municipality ${municipalityCode} has no current inventory`);
  return { versions: [row.inventory_version_id], world: worldOfFlag(row.demo) };
}

/** Vendors by ultimate owner, as the municipal score (one municipality) or the national score (all) has them. */
function vendorsOf(inputs: readonly MunicipalityInput[], asOf: string, model: Model): VendorMetrics[] {
  const scores = inputs.map((input) => scoreMunicipality(input, model));
  if (scores.length === 1) return scores[0]!.vendors;
  return scoreNational(scores, asOf, model).vendors;
}

/** The vendor a name means, as the owner grouping keys it (its ultimate parent), or null. */
async function ownerOf(db: Kysely<Database>, name: string): Promise<{ id: string; name: string } | null> {
  const rows = await db
    .selectFrom('vendors as v')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .select(['v.id', 'v.name', 'v.ultimate_parent_id', 'top.name as top_name'])
    .execute();
  const wanted = name.trim().toLocaleLowerCase('da');
  const exact = rows.find((r) => r.name.toLocaleLowerCase('da') === wanted);
  // A part of a name: the ultimate parents first (Microsoft → Microsoft Corporation, not Microsoft Danmark ApS).
  const partial = rows
    .filter((r) => r.name.toLocaleLowerCase('da').includes(wanted))
    .sort((a, b) => Number(a.ultimate_parent_id != null && a.ultimate_parent_id !== a.id) - Number(b.ultimate_parent_id != null && b.ultimate_parent_id !== b.id) || a.id - b.id)[0];
  const hit = exact ?? partial;
  if (!hit) return null;
  return { id: String(hit.ultimate_parent_id ?? hit.id), name: hit.top_name ?? hit.name };
}

/**
 * The vendor's paths in every municipality of the scope under one model, each contribution
 * relative to the exposure of the whole scope, so they sum to the vendor's reach there.
 */
function explainAll(inputs: readonly MunicipalityInput[], model: Model, vendor: { id: string } | null): { reach: number; paths: ComparedPath[] } {
  const prepared = inputs.map((input) => {
    const usages = resolvePlatformParties(input.usages, input.edges);
    const exposure = usages.map((u) => usageExposure(u, model));
    return { input, usages, exposure };
  });
  const total = prepared.reduce((sum, p) => sum + p.exposure.reduce((a, b) => a + b, 0), 0);
  const paths: ComparedPath[] = [];
  if (!vendor || total === 0) return { reach: 0, paths };
  let reach = 0;
  for (const { input, usages, exposure } of prepared) {
    const names = new Map(usages.map((u) => [u.id, u.name ?? u.id]));
    const explanation = explainReach(usages, exposure, input.edges, model, vendor.id);
    for (const p of explanation.paths) {
      const contribution = (p.exposure * p.rho) / total;
      reach += contribution;
      paths.push({
        municipalityCode: input.municipalityCode,
        systemId: p.systemId,
        system: names.get(p.systemId)!,
        exposure: p.exposure,
        rho: p.rho,
        contribution,
        steps: p.steps.map((s) => ({ from: names.get(s.from)!, to: names.get(s.to)!, kind: s.kind, weight: s.weight })),
        party: { system: names.get(p.party.systemId)!, role: p.party.role, weight: p.party.weight, rightsHolder: p.party.rightsHolder, company: p.party.company?.name ?? null },
      });
    }
  }
  paths.sort((a, b) => b.contribution - a.contribution || a.municipalityCode.localeCompare(b.municipalityCode) || a.systemId.localeCompare(b.systemId));
  return { reach, paths };
}

function breakdownOf(paths: readonly ComparedPath[]): PathBreakdown[] {
  const out = new Map<string, PathBreakdown>();
  for (const p of paths) {
    const how = p.steps.length === 0 ? `own:${p.party.role}` : `via:${p.steps[0]!.kind}`;
    const b = out.get(how) ?? { how, systems: 0, contribution: 0 };
    b.systems++;
    b.contribution += p.contribution;
    out.set(how, b);
  }
  return [...out.values()].sort((a, b) => b.contribution - a.contribution || a.how.localeCompare(b.how));
}

function groupsOf(paths: readonly ComparedPath[]): PathGroup[] {
  const out = new Map<string, PathGroup & { codes: Set<string> }>();
  for (const p of paths) {
    const route = routeOf(p);
    let g = out.get(route);
    if (!g) out.set(route, (g = { route, system: p.system, municipalities: 0, contribution: 0, example: p, codes: new Set() }));
    g.codes.add(p.municipalityCode);
    g.municipalities = g.codes.size;
    g.contribution += p.contribution;
  }
  return [...out.values()]
    .map(({ codes: _codes, ...g }) => g)
    .sort((a, b) => b.contribution - a.contribution || a.route.localeCompare(b.route));
}
