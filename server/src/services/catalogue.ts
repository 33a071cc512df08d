// The shared catalogue of products and vendors: one entry with its details, vendor aliases, and
// the administrators' vendor merge. Every change runs in one transaction with its audit entry;
// a refused change throws before anything is written, so it leaves no entry.
//
// Merge and scores: stored scores name vendors by id (a municipality's vendor shares, the national
// vendor reach, each system's jurisdiction and concentration inputs). A merge therefore rescores,
// in its own transaction, every current inventory whose inputs it changes — those that involved
// the merged vendor or a vendor whose ultimate parent or jurisdiction moved, and (when a rights
// holder's jurisdiction moved) those using a product of that holder's categories — and then the
// national aggregate, exactly as an import rescores its municipality. Like an import it reuses
// the stored national category concentration; the nightly `score --recompute` refreshes that.
// Scores of earlier (non-current) versions are history and stay as computed; a rollback rescores.
import type { Kysely } from 'kysely';
import { canAdminister, type Principal } from '../auth/policy.ts';
import type { Database, VendorRow } from '../db/schema.ts';
import { normalizeVendorName } from '../domain/names.ts';
import type { VendorRoleKind } from '../domain/vocabulary.ts';
import { ConflictError, InputError, NotFoundError } from '../errors.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import {
  currentVersionsInvolvingVendors,
  currentVersionsUsingProducts,
  moveVendorReferences,
  municipalitiesOfVersions,
  parentChain,
  PUBLIC_STATES,
  productUsageCounts,
  productVisible,
  type VendorChainLink,
  type VendorReferenceCounts,
  vendorReferenceCounts,
  vendorUsageCounts,
  visibleIn,
} from '../repositories/catalogue.repository.ts';
import { type Db, nowIso } from '../repositories/db-types.ts';
import { refreshOwnership } from '../repositories/vendors.repository.ts';
import { sourcedFactsByAlternative } from '../repositories/alternatives.repository.ts';
import { amsOf, contentScope, demand, demandOverview, jsonList, productScope } from './catalogue-common.ts';
import type { ProductListRow } from './lists/products.ts';
import { localVendorScope, type VendorListRow } from './lists/vendors.ts';
import { recomputeNational, scoreVersions } from './scores.ts';

// ---------------------------------------------------------------------------------------------
// Products

export interface ProductDetail extends ProductListRow {
  aliases: { id: number; alias: string }[];
  dataExportFormats: string[];
  exportFormatKind: string | null;
  apiStandards: string[];
  notes: string | null;
  /** Platforms the product cannot run without (hidden dependencies). */
  dependencies: { productId: number; name: string; role: string }[];
  /** Products that cannot run without this one. */
  dependents: { productId: number; name: string; role: string }[];
  /** Open-source alternatives mapped onto the product that the principal may see. */
  alternatives: { id: number; key: string; name: string; spdxLicense: string | null; ams: number | null; moderationState: string; verified: boolean; fitNotes: string | null; migrationEffort: string | null }[];
  createdAt: string;
  updatedAt: string;
}

export async function getProduct(db: Kysely<Database>, principal: Principal, id: number): Promise<ProductDetail> {
  demandOverview(principal, 'see the product catalogue');
  const p = await db
    .selectFrom('products as p')
    .leftJoin('vendors as v', 'v.id', 'p.rights_holder_vendor_id')
    .selectAll('p')
    .select('v.name as rights_holder')
    .where('p.id', '=', id)
    .where(productVisible(productScope(principal), 'p'))
    .executeTakeFirst();
  if (!p) throw new NotFoundError(`No product with id ${id}`);
  const usage = await productUsageCounts(db).where('u.product_id', '=', id).executeTakeFirst();
  const aliases = await db.selectFrom('product_aliases').select(['id', 'alias']).where('product_id', '=', id).orderBy('alias').execute();
  const dependencies = await db
    .selectFrom('product_dependencies as d')
    .innerJoin('products as q', 'q.id', 'd.depends_on_product_id')
    .select(['q.id', 'q.name', 'd.role'])
    .where('d.product_id', '=', id)
    .orderBy('q.name')
    .execute();
  const dependents = await db
    .selectFrom('product_dependencies as d')
    .innerJoin('products as q', 'q.id', 'd.product_id')
    .select(['q.id', 'q.name', 'd.role'])
    .where('d.depends_on_product_id', '=', id)
    .orderBy('q.name')
    .execute();
  const alternatives = await db
    .selectFrom('product_alternatives as pa')
    .innerJoin('alternatives as a', 'a.id', 'pa.alternative_id')
    .selectAll('a')
    .select(['pa.fit_notes', 'pa.migration_effort'])
    .where('pa.product_id', '=', id)
    .where(visibleIn(contentScope(principal), 'a', PUBLIC_STATES))
    .orderBy('a.name')
    .execute();
  const alternativeFacts = await sourcedFactsByAlternative(db, alternatives.map((a) => a.id));
  const publicAlternatives = alternatives.filter((a) => PUBLIC_STATES.includes(a.moderation_state as never)).length;
  return {
    id: p.id,
    key: p.key,
    name: p.name,
    category: p.category,
    rightsHolderId: p.rights_holder_vendor_id,
    rightsHolder: p.rights_holder,
    licenseModel: p.license_model,
    spdxLicense: p.spdx_license,
    deploymentModels: jsonList(p.deployment_models),
    dataExport: p.data_export,
    apiAvailability: p.api_availability,
    codeGovernance: p.code_governance,
    kitosUuid: p.kitos_uuid,
    verified: p.verified === 1,
    source: p.source,
    localToMunicipality: p.local_to_municipality,
    usageCount: Number(usage?.n ?? 0),
    alternativeCount: publicAlternatives,
    aliases,
    dataExportFormats: jsonList(p.export_formats),
    exportFormatKind: p.export_format_kind,
    apiStandards: jsonList(p.api_standards),
    notes: p.notes,
    dependencies: dependencies.map((d) => ({ productId: d.id, name: d.name, role: d.role })),
    dependents: dependents.map((d) => ({ productId: d.id, name: d.name, role: d.role })),
    alternatives: alternatives.map((a) => ({
      id: a.id,
      key: a.key,
      name: a.name,
      spdxLicense: a.spdx_license,
      ams: amsOf(a, alternativeFacts.get(a.id) ?? []),
      moderationState: a.moderation_state,
      verified: a.verified === 1,
      fitNotes: a.fit_notes,
      migrationEffort: a.migration_effort,
    })),
    createdAt: p.created_at,
    updatedAt: p.updated_at,
  };
}

// ---------------------------------------------------------------------------------------------
// Vendors

export interface VendorAlias {
  id: number;
  alias: string;
  normalizedAlias: string;
  source: string | null;
}

export interface VendorDetail extends Omit<VendorListRow, 'aliases'> {
  normalizedName: string;
  aliases: VendorAlias[];
  /** The parent, its parent, … up to the ultimate parent. */
  parentChain: VendorChainLink[];
  children: { id: number; name: string }[];
  /** Catalogue products the vendor holds the rights to. */
  productCount: number;
  notes: string | null;
  createdAt: string;
  updatedAt: string;
}

export async function vendorDetail(db: Db, id: number): Promise<VendorDetail> {
  const v = await db
    .selectFrom('vendors as v')
    .leftJoin('vendors as top', 'top.id', 'v.ultimate_parent_id')
    .selectAll('v')
    .select('top.name as top_name')
    .where('v.id', '=', id)
    .executeTakeFirst();
  if (!v) throw new NotFoundError(`No vendor with id ${id}`);
  const usage = await vendorUsageCounts(db, [id]).executeTakeFirst();
  const aliases = await db.selectFrom('vendor_aliases').select(['id', 'alias', 'normalized_alias', 'source']).where('vendor_id', '=', id).orderBy('alias').orderBy('id').execute();
  const children = await db.selectFrom('vendors').select(['id', 'name']).where('parent_vendor_id', '=', id).orderBy('normalized_name').execute();
  const products = await db.selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).where('rights_holder_vendor_id', '=', id).executeTakeFirstOrThrow();
  return {
    id: v.id,
    key: v.key,
    name: v.name,
    normalizedName: v.normalized_name,
    aliases: aliases.map((a) => ({ id: a.id, alias: a.alias, normalizedAlias: a.normalized_alias, source: a.source })),
    cvr: v.cvr,
    country: v.country,
    kind: v.kind,
    roleKind: v.role_kind as VendorRoleKind | null,
    localToMunicipality: v.local_to_municipality,
    cvrAsWritten: v.cvr_as_written,
    parentVendorId: v.parent_vendor_id,
    ultimateParentId: v.ultimate_parent_id,
    ultimateParent: v.top_name,
    ultimateCountry: v.ultimate_country,
    jurisdiction: v.jurisdiction,
    verified: v.verified === 1,
    source: v.source,
    usageCount: Number(usage?.n ?? 0),
    parentChain: await parentChain(db, id),
    children,
    productCount: Number(products.n),
    notes: v.notes,
    createdAt: v.created_at,
    updatedAt: v.updated_at,
  };
}

export async function getVendor(db: Kysely<Database>, principal: Principal, id: number): Promise<VendorDetail> {
  demandOverview(principal, 'see vendors');
  // A vendor local to a municipality is shown only to those who may read its inventory; to
  // everyone else it does not exist (404, as an unknown id).
  const v = await db.selectFrom('vendors').select('local_to_municipality').where('id', '=', id).executeTakeFirst();
  if (v?.local_to_municipality != null) {
    const scope = await localVendorScope(db, principal);
    if (scope !== 'all' && !scope.includes(v.local_to_municipality)) throw new NotFoundError(`No vendor with id ${id}`);
  }
  return vendorDetail(db, id);
}

const demandAdmin = (principal: Principal, what: string) => demand(principal, canAdminister(principal), what);

async function findVendor(db: Db, id: number): Promise<VendorRow> {
  const v = await db.selectFrom('vendors').selectAll().where('id', '=', id).executeTakeFirst();
  if (!v) throw new NotFoundError(`No vendor with id ${id}`);
  return v;
}

/** Adds a spelling that imports will resolve to the vendor (administrators). */
export async function addVendorAlias(db: Kysely<Database>, principal: Principal, vendorId: number, alias: string): Promise<VendorAlias> {
  demandAdmin(principal, 'manage vendors');
  const text = alias.trim();
  const normalized = normalizeVendorName(text);
  if (!normalized) throw new InputError('The alias is empty', [{ field: 'alias', message: { da: 'Skriv en stavemåde', en: 'Give a spelling' } }]);
  return db.transaction().execute(async (trx) => {
    await findVendor(trx, vendorId);
    const named = await trx.selectFrom('vendors').select(['id', 'name']).where('normalized_name', '=', normalized).executeTakeFirst();
    if (named) {
      throw new ConflictError(
        named.id === vendorId ? 'The alias is the vendor’s own name' : `The alias is the name of vendor ${named.id} (${named.name}); merge the vendors instead`,
        [{ field: 'alias', value: text, message: named.id === vendorId ? { da: 'Det er leverandørens eget navn', en: "That is the vendor's own name" } : { da: `Det er navnet på leverandøren ${named.name}: flet dem i stedet`, en: `That is the name of the vendor ${named.name}: merge them instead` } }],
      );
    }
    const taken = await trx.selectFrom('vendor_aliases').select(['vendor_id']).where('normalized_alias', '=', normalized).executeTakeFirst();
    if (taken) {
      throw new ConflictError(`The alias already belongs to vendor ${taken.vendor_id}`, [
        { field: 'alias', value: text, message: { da: 'Stavemåden er allerede knyttet til en leverandør', en: 'The spelling already belongs to a vendor' } },
      ]);
    }
    const row = await trx
      .insertInto('vendor_aliases')
      .values({ vendor_id: vendorId, alias: text, normalized_alias: normalized, source: `added by ${principal.label}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const created: VendorAlias = { id: row.id, alias: text, normalizedAlias: normalized, source: `added by ${principal.label}` };
    await recordAudit(trx, principal, { action: 'vendor.alias.add', entityType: 'vendor', entityId: vendorId, before: null, after: { alias: created } });
    return created;
  });
}

/** Removes a spelling (administrators). An alias from the reference data returns with its next load. */
export async function removeVendorAlias(db: Kysely<Database>, principal: Principal, vendorId: number, aliasId: number): Promise<void> {
  demandAdmin(principal, 'manage vendors');
  await db.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('vendor_aliases').selectAll().where('id', '=', aliasId).where('vendor_id', '=', vendorId).executeTakeFirst();
    if (!a) throw new NotFoundError(`Vendor ${vendorId} has no alias with id ${aliasId}`);
    await trx.deleteFrom('vendor_aliases').where('id', '=', aliasId).execute();
    await recordAudit(trx, principal, {
      action: 'vendor.alias.remove',
      entityType: 'vendor',
      entityId: vendorId,
      before: { alias: { id: a.id, alias: a.alias, normalizedAlias: a.normalized_alias, source: a.source } },
      after: null,
    });
  });
}

export interface MergeResult {
  /** The vendor that remains, with the merged vendor's names among its aliases. */
  vendor: VendorDetail;
  merged: { id: number; name: string };
  /** The references moved from the merged vendor. */
  moved: VendorReferenceCounts;
  /** Municipalities whose current inventory was rescored in the merge's transaction. */
  rescoredMunicipalities: number[];
}

const vendorFacts = (v: VendorRow) => ({
  id: v.id,
  key: v.key,
  name: v.name,
  normalizedName: v.normalized_name,
  cvr: v.cvr,
  country: v.country,
  kind: v.kind,
  roleKind: v.role_kind,
  localToMunicipality: v.local_to_municipality,
  parentVendorId: v.parent_vendor_id,
  ultimateParentId: v.ultimate_parent_id,
  ultimateCountry: v.ultimate_country,
  jurisdiction: v.jurisdiction,
  verified: v.verified === 1,
  source: v.source,
});

/**
 * Merges vendor `fromId` into vendor `intoId` (administrators): every reference to `fromId`
 * moves to `intoId`, its name and aliases become aliases of `intoId` (so later imports resolve
 * them there), its CVR number moves when `intoId` has none, and `fromId` is deleted. Refused
 * (409, nothing written): a vendor into itself, into one of its own subsidiaries (the ownership
 * chain would loop), and a vendor of the reference data (its next load would recreate it: merge
 * it in data/reference/vendors.csv instead).
 */
export async function mergeVendors(db: Kysely<Database>, principal: Principal, fromId: number, intoId: number): Promise<MergeResult> {
  demandAdmin(principal, 'merge vendors');
  return mergeVendorsAs(db, principal, fromId, intoId);
}

/** The merge itself, for a caller that has checked the principal (the review of an import's local vendor). */
export async function mergeVendorsAs(db: Kysely<Database>, principal: Principal, fromId: number, intoId: number): Promise<MergeResult> {
  return db.transaction().execute(async (trx) => {
    const from = await findVendor(trx, fromId);
    const into = await findVendor(trx, intoId);
    if (fromId === intoId) {
      throw new ConflictError('A vendor cannot be merged into itself', [{ field: 'into', value: String(intoId), message: { da: 'En leverandør kan ikke flettes ind i sig selv', en: 'A vendor cannot be merged into itself' } }]);
    }
    if ((await parentChain(trx, intoId)).some((v) => v.id === fromId)) {
      throw new ConflictError(`Vendor ${intoId} is owned by vendor ${fromId}: merging would make the ownership chain loop`, [
        { field: 'into', value: String(intoId), message: { da: `${into.name} ejes af ${from.name}; en leverandør kan ikke flettes ind i sit eget datterselskab`, en: `${into.name} is owned by ${from.name}; a vendor cannot be merged into its own subsidiary` } },
      ]);
    }
    if (from.key !== null) {
      throw new ConflictError(`Vendor ${fromId} comes from the reference data (${from.key}); the next load would recreate it`, [
        { field: 'id', value: String(fromId), message: { da: 'Leverandøren kommer fra referencedata: flet den i data/reference/vendors.csv', en: 'The vendor comes from the reference data: merge it in data/reference/vendors.csv' } },
      ]);
    }

    const moved = await vendorReferenceCounts(trx, fromId);
    const aliasesBefore = async (id: number) => (await trx.selectFrom('vendor_aliases').select('alias').where('vendor_id', '=', id).orderBy('id').execute()).map((a) => a.alias);
    const before = { from: { ...vendorFacts(from), aliases: await aliasesBefore(fromId), references: moved }, into: { ...vendorFacts(into), aliases: await aliasesBefore(intoId) } };
    const ownership = async () => new Map((await trx.selectFrom('vendors').select(['id', 'ultimate_parent_id', 'ultimate_country', 'jurisdiction']).execute()).map((v) => [v.id, v]));
    const ownershipBefore = await ownership();
    // Read before the references move: afterwards they name `intoId`.
    const versionsOfFrom = await currentVersionsInvolvingVendors(trx, [fromId]);
    const productsOfFrom = await trx.selectFrom('products').select(['id', 'category']).where('rights_holder_vendor_id', '=', fromId).execute();

    await moveVendorReferences(trx, fromId, intoId);
    // The merged vendor's own name becomes an alias; an alias equal to the surviving name is redundant.
    await trx.deleteFrom('vendor_aliases').where('vendor_id', '=', intoId).where('normalized_alias', '=', into.normalized_name).execute();
    const addedAliases: string[] = [];
    if (from.normalized_name !== into.normalized_name) {
      const existing = await trx.selectFrom('vendor_aliases').select(['id', 'vendor_id']).where('normalized_alias', '=', from.normalized_name).executeTakeFirst();
      // An alias of a third vendor with this spelling never matched (names win over aliases); now it must mean `intoId`.
      if (existing) await trx.updateTable('vendor_aliases').set({ vendor_id: intoId }).where('id', '=', existing.id).execute();
      else await trx.insertInto('vendor_aliases').values({ vendor_id: intoId, alias: from.name, normalized_alias: from.normalized_name, source: `merged vendor ${fromId} by ${principal.label}` }).execute();
      addedAliases.push(from.name);
    }
    const cvrMoves = from.cvr !== null && into.cvr === null;
    if (cvrMoves) await trx.updateTable('vendors').set({ cvr: null }).where('id', '=', fromId).execute();
    await trx.updateTable('vendors').set({ ...(cvrMoves ? { cvr: from.cvr } : {}), updated_at: nowIso() }).where('id', '=', intoId).execute();
    // Children of `fromId` now hang under `intoId`: their ultimate parents move before `fromId` goes.
    await refreshOwnership(trx);
    await trx.deleteFrom('vendors').where('id', '=', fromId).execute();

    // Rescore the current inventories whose inputs changed.
    const ownershipAfter = await ownership();
    const shifted = [...ownershipAfter.values()].filter((v) => {
      const b = ownershipBefore.get(v.id);
      return !b || b.ultimate_parent_id !== v.ultimate_parent_id || b.ultimate_country !== v.ultimate_country || b.jurisdiction !== v.jurisdiction;
    });
    const intoAfter = ownershipAfter.get(intoId)!;
    const shiftedHolders = shifted.filter((v) => v.jurisdiction !== ownershipBefore.get(v.id)?.jurisdiction).map((v) => v.id);
    const categories = new Set<string>();
    if (from.jurisdiction !== intoAfter.jurisdiction) for (const p of productsOfFrom) if (p.category) categories.add(p.category);
    if (shiftedHolders.length) {
      for (const p of await trx.selectFrom('products').select('category').distinct().where('rights_holder_vendor_id', 'in', shiftedHolders).where('category', 'is not', null).execute()) categories.add(p.category!);
    }
    const versions = [
      ...new Set([...versionsOfFrom, ...(await currentVersionsInvolvingVendors(trx, shifted.map((v) => v.id))), ...(await currentVersionsUsingProducts(trx, [], [...categories]))]),
    ].sort((a, b) => a - b);
    if (versions.length) {
      await scoreVersions(trx, versions);
      await recomputeNational(trx);
    }
    const rescoredMunicipalities = await municipalitiesOfVersions(trx, versions);

    const vendor = await vendorDetail(trx, intoId);
    await recordAudit(trx, principal, {
      action: 'vendor.merge',
      entityType: 'vendor',
      entityId: intoId,
      before,
      after: {
        into: { ...vendorFacts(await findVendor(trx, intoId)), aliases: vendor.aliases.map((a) => a.alias) },
        mergedVendorId: fromId,
        deleted: { id: fromId, name: from.name },
        aliasesAdded: addedAliases,
        cvrMoved: cvrMoves ? from.cvr : null,
        rescoredMunicipalities,
      },
    });
    return { vendor, merged: { id: fromId, name: from.name }, moved, rescoredMunicipalities };
  });
}
