// Why a vendor reaches what it reaches in one municipality: the paths behind its stored reach
// figure (system → via → vendor), rebuilt from the inputs, date and model the municipality's
// stored score was computed with, with names and addresses a reader can follow, and checked
// against the stored figure so a list can never disagree with the number beside it.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { ConflictError, NotFoundError } from '../errors.ts';
import { loadMunicipalityInputs, loadScoringCatalogue } from '../repositories/scoring-input.repository.ts';
import { countedInventories, worldOfFlag } from '../repositories/world.repository.ts';
import {
  companyNodes,
  type EdgeLabel,
  explainReach,
  type PartyRole,
  type ReachExplanation,
  resolvePlatformParties,
  usageExposure,
} from '../scoring/index.ts';
import { type StoredMunicipalityScore, storedModel } from './scores.ts';

/** A system of the path, by name and stable address (/kommuner/{kode}/systemer/{usageKey}). */
export interface PathSystem {
  usageId: number;
  usageKey: string;
  /** The local name, else the system's name as the file gave it. */
  name: string;
}

export interface ExplainedStep {
  /** The system that depends … */
  from: PathSystem;
  /** … on this one. */
  to: PathSystem;
  kind: EdgeLabel;
  weight: number;
}

export interface ExplainedPath {
  system: PathSystem;
  /** e_s: the system's exposure (its criticality's weight). */
  exposure: number;
  /** ρ*(s,V): the product of the steps' weights and the party's role weight. */
  rho: number;
  /** e_s·ρ*(s,V) / Σ e: this system's part of the reach figure (a share, 0–1). */
  contribution: number;
  /** System → via → the system where the vendor is a party; empty when it is a party of the system itself. */
  steps: ExplainedStep[];
  /** The vendor's party at the end of the path: its role there, the role's weight, the company and its ultimate owner. */
  party: {
    system: PathSystem;
    role: PartyRole;
    /** For a platform party copied from the platform system: its role there. */
    fromRole: PartyRole | null;
    weight: number;
    rightsHolder: boolean;
    company: { id: number; name: string };
    owner: { id: number; name: string };
  };
}

export interface ExplainedReach {
  /** The grouping key: the ultimate owner (owner grouping) or the company itself (company grouping). */
  vendorId: number;
  /** R(V) = Σ contributions, equal to the stored figure. */
  reach: number;
  /** Σ e over the municipality's systems. */
  exposure: number;
  /** Largest contribution first. */
  paths: ExplainedPath[];
}

export interface MunicipalityReachExplanation {
  municipalityCode: number;
  name: string;
  inventoryVersionId: number;
  asOf: string;
  modelVersion: string;
  /** The whole group under the ultimate owner. */
  owner: ExplainedReach;
  /** The company alone (KMD A/S without the rest of NEC). */
  company: ExplainedReach;
}

/**
 * The paths behind vendor `vendor`'s reach in municipality `municipalityCode`'s current counted
 * inventory, for both groupings. 404 without such an inventory; 409 when the stored score's model
 * is unknown or its inputs changed since (the paths would not add up to the stored figure).
 */
export async function explainMunicipalReach(
  db: Kysely<Database>,
  municipalityCode: number,
  vendor: { companyId: number; ownerId: number },
): Promise<MunicipalityReachExplanation> {
  const row = await db
    .selectFrom('municipality_scores as s')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 's.inventory_version_id')
    .innerJoin('municipalities as m', 'm.code', 's.municipality_code')
    .select(['s.inventory_version_id', 's.model_version', 's.as_of', 's.result', 'm.name', 'ci.demo'])
    .where('s.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  if (!row) throw new NotFoundError(`Municipality ${municipalityCode} has no scored inventory that counts`);
  const model = storedModel(row.model_version);
  const stored = JSON.parse(row.result) as StoredMunicipalityScore;
  if (!stored.byCompany) throw new ConflictError(`The score of municipality ${municipalityCode} has no company grouping; run \`handlefrihed score --recompute\``);

  const catalogue = await loadScoringCatalogue(db, worldOfFlag(row.demo), undefined, { localTo: [municipalityCode] });
  const input = (await loadMunicipalityInputs(db, catalogue, [row.inventory_version_id], row.as_of)).get(row.inventory_version_id)!;
  const usages = resolvePlatformParties(input.usages, input.edges);
  const exposures = Float64Array.from(usages, (u) => usageExposure(u, model));

  const owners = explainReach(usages, exposures, input.edges, model, String(vendor.ownerId));
  const companies = explainReach(companyNodes(usages), exposures, input.edges, model, String(vendor.companyId));
  check(owners, stored.vendors.find((v) => v.vendorId === String(vendor.ownerId))?.reach ?? 0, municipalityCode);
  check(companies, stored.byCompany.vendors.find((v) => v.vendorId === String(vendor.companyId))?.reach ?? 0, municipalityCode);

  const systems = new Map(
    (await db.selectFrom('system_usages').select(['id', 'usage_key', 'local_name', 'system_name']).where('inventory_version_id', '=', row.inventory_version_id).execute())
      .map((u): [string, PathSystem] => [String(u.id), { usageId: u.id, usageKey: u.usage_key, name: u.local_name ?? u.system_name }]),
  );
  // Each company's ultimate owner, as the unrolled parties name them (the owner grouping's key and name).
  const ownerOf = new Map<string, { id: number; name: string }>();
  for (const u of usages) {
    for (const p of u.parties) ownerOf.set(p.company?.id ?? p.vendorId, { id: Number(p.vendorId), name: p.name ?? `#${p.vendorId}` });
  }
  const system = (id: string): PathSystem => systems.get(id) ?? { usageId: Number(id), usageKey: id, name: id };
  const named = (e: ReachExplanation): ExplainedReach => ({
    vendorId: Number(e.vendorId),
    reach: e.reach,
    exposure: e.exposure,
    paths: e.paths.map((p) => {
      const companyId = p.party.company?.id ?? e.vendorId;
      const owner = ownerOf.get(companyId) ?? { id: Number(e.vendorId), name: `#${e.vendorId}` };
      return {
        system: system(p.systemId),
        exposure: p.exposure,
        rho: p.rho,
        contribution: p.contribution,
        steps: p.steps.map((s) => ({ from: system(s.from), to: system(s.to), kind: s.kind, weight: s.weight })),
        party: {
          system: system(p.party.systemId),
          role: p.party.role,
          fromRole: p.party.fromRole,
          weight: p.party.weight,
          rightsHolder: p.party.rightsHolder,
          company: p.party.company ? { id: Number(p.party.company.id), name: p.party.company.name } : owner,
          owner,
        },
      };
    }),
  });
  return {
    municipalityCode,
    name: row.name,
    inventoryVersionId: row.inventory_version_id,
    asOf: row.as_of,
    modelVersion: model.version,
    owner: named(owners),
    company: named(companies),
  };
}

function check(e: ReachExplanation, storedReach: number, municipalityCode: number): void {
  if (Math.abs(e.reach - storedReach) > 1e-9) {
    throw new ConflictError(`The inputs of municipality ${municipalityCode} changed since it was scored (vendor ${e.vendorId}: paths sum to ${e.reach}, the stored reach is ${storedReach}); run \`handlefrihed score --recompute\``);
  }
}
