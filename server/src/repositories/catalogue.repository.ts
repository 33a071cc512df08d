// The shared catalogue as the API reads and changes it: usage counts of products and vendors
// over the current inventories, who may see which catalogue entries, what refers to a vendor
// (for a merge) and which current inventories a catalogue change touches (for a rescore).
import { countedInventories, currentRows, notInventedUnlessDemoWorld, versionIdsOf } from './world.repository.ts';
import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type Db, oneOf } from './db-types.ts';
import { type ModerationState, moderationState, PUBLIC_MODERATION_STATES } from '../domain/vocabulary.ts';

/**
 * Moderation states of the open-source catalogue and of experience reports. `pending` is a
 * contribution waiting for a moderator; `published` and `unverified` (reference or imported
 * entries whose facts nobody has checked yet, shown as such) are visible to every reader;
 * `pending`, `draft` and `rejected` only to their author and to moderators.
 */
export const CATALOGUE_STATES = moderationState.values;
export type CatalogueState = ModerationState;
export const PUBLIC_STATES: readonly CatalogueState[] = PUBLIC_MODERATION_STATES;
export const REPORT_STATES = ['pending', 'published', 'rejected'] as const;
export const PUBLIC_REPORT_STATES: readonly string[] = ['published'];

/** Who sees what of the moderated content: everything, or the public states plus one's own entries. */
export type ContentScope = { all: true } | { all: false; userId: number | null };

/** A where-clause: the row of table alias `alias` (with moderation columns) lies within `scope`. */
export function visibleIn(scope: ContentScope, alias: string, publicStates: readonly string[]): Expression<SqlBool> {
  if (scope.all) return sql<SqlBool>`1 = 1`;
  const state = sql<SqlBool>`${sql.ref(`${alias}.moderation_state`)} in (${sql.join([...publicStates])})`;
  if (scope.userId === null) return state;
  return sql<SqlBool>`(${state} or ${sql.ref(`${alias}.submitted_by_user_id`)} = ${scope.userId})`;
}

/**
 * Who sees which products: the shared catalogue, plus the products local to the municipalities
 * listed (those a user acts for), or everything (moderators).
 */
export type ProductScope = { all: true } | { all: false; municipalities: readonly number[] };

/**
 * A where-clause: the product of table alias `alias` lies within `scope` — and, once real data
 * exists, is no product the demo generator invented.
 */
export function productVisible(scope: ProductScope, alias: string): Expression<SqlBool> {
  const real = notInventedUnlessDemoWorld(alias);
  if (scope.all) return real;
  const local = sql.ref(`${alias}.local_to_municipality`);
  if (scope.municipalities.length === 0) return sql<SqlBool>`(${local} is null and ${real})`;
  return sql<SqlBool>`((${local} is null or ${local} in (${sql.join([...scope.municipalities])})) and ${real})`;
}

/** The products in the shared catalogue only (candidates, national figures, cooperation). */
export const SHARED_ONLY: ProductScope = { all: false, municipalities: [] };

/** `like` with the needle's own wildcards escaped, on a column already folded to lower case. */
export function foldedContains(column: string, foldedNeedle: string) {
  const pattern = `%${foldedNeedle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return sql<SqlBool>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

/** Per product: how many municipalities' current inventories use it. */
export function productUsageCounts(db: Db) {
  return db
    .selectFrom('system_usages as u')
    .where(oneOf(db, 'u.inventory_version_id', versionIdsOf(db, countedInventories(db))))
    .select((eb) => ['u.product_id', eb.fn.count<number>('u.municipality_code').distinct().as('n')])
    .groupBy('u.product_id');
}

/**
 * Per vendor: how many municipalities' current inventories involve it directly — as supplier,
 * host, operator, sub-processor or rights holder of a product in use. `vendorIds` narrows the
 * scan to those vendors (a page of a list sorted by name).
 */
export function vendorUsageCounts(db: Db, vendorIds?: readonly number[]) {
  const ids = vendorIds ? [...vendorIds] : null;
  const counted = countedInventories(db);
  // The vendors a usage names itself, asked per current version (the supplier index then seeks
  // (vendor, version), not the vendor in every version).
  const named = (column: 'supplier_vendor_id' | 'hosted_by_vendor_id' | 'operated_by_vendor_id') =>
    currentRows(db, counted, (inVersion) =>
      db
        .selectFrom('system_usages as u')
        .select((eb) => [eb.ref(`u.${column}`).as('vendor_id'), 'u.municipality_code'])
        .where(inVersion('u.inventory_version_id'))
        .$if(ids !== null, (q) => q.where(`u.${column}`, 'in', ids!)),
    );
  const rightsHolders = currentRows(db, counted, (inVersion) =>
    db
      .selectFrom('system_usages as u')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .select(['p.rights_holder_vendor_id as vendor_id', 'u.municipality_code'])
      .where(inVersion('u.inventory_version_id'))
      .$if(ids !== null, (q) => q.where('p.rights_holder_vendor_id', 'in', ids!)),
  );
  // The sub-processors by the current usages' ids: their table has no version of its own, and
  // joined to the usages PostgreSQL walks its whole primary key (every version's rows) instead.
  const currentUsageIds = db.selectFrom('system_usages as cu').select('cu.id').where(oneOf(db, 'cu.inventory_version_id', versionIdsOf(db, counted)));
  const subProcessors = db
    .selectFrom('usage_sub_processors as sp')
    .innerJoin('system_usages as u', 'u.id', 'sp.usage_id')
    .select(['sp.vendor_id as vendor_id', 'u.municipality_code'])
    .where(oneOf(db, 'sp.usage_id', currentUsageIds))
    .$if(ids !== null, (q) => q.where('sp.vendor_id', 'in', ids!));
  const pairs = named('supplier_vendor_id').union(named('hosted_by_vendor_id')).union(named('operated_by_vendor_id')).union(rightsHolders).union(subProcessors);
  // UNION drops duplicate (vendor, municipality) pairs, so count(*) counts municipalities.
  return db
    .selectFrom(pairs.as('x'))
    .select((eb) => ['x.vendor_id', eb.fn.countAll<number>().as('n')])
    .where('x.vendor_id', 'is not', null)
    .groupBy('x.vendor_id');
}

export interface VendorChainLink {
  id: number;
  name: string;
  country: string | null;
}

/** The vendor's parent, its parent, … up to the top (cycle-safe); empty for a top-level vendor. */
export async function parentChain(db: Db, vendorId: number): Promise<VendorChainLink[]> {
  const all = await db.selectFrom('vendors').select(['id', 'name', 'country', 'parent_vendor_id']).execute();
  const byId = new Map(all.map((v) => [v.id, v]));
  const chain: VendorChainLink[] = [];
  const seen = new Set([vendorId]);
  for (let p = byId.get(vendorId)?.parent_vendor_id ?? null; p != null && !seen.has(p); p = byId.get(p)?.parent_vendor_id ?? null) {
    const v = byId.get(p);
    if (!v) break;
    seen.add(p);
    chain.push({ id: v.id, name: v.name, country: v.country });
  }
  return chain;
}

/** How many rows of each kind refer to a vendor: what a merge moves. */
export async function vendorReferenceCounts(db: Db, vendorId: number) {
  const n = (eb: ExpressionBuilder<Database, keyof Database>) => eb.fn.countAll<number>().as('n');
  const queries = {
    usageSuppliers: db.selectFrom('system_usages').select(n).where('supplier_vendor_id', '=', vendorId),
    usageHosts: db.selectFrom('system_usages').select(n).where('hosted_by_vendor_id', '=', vendorId),
    usageOperators: db.selectFrom('system_usages').select(n).where('operated_by_vendor_id', '=', vendorId),
    usageSubProcessors: db.selectFrom('usage_sub_processors').select(n).where('vendor_id', '=', vendorId),
    contracts: db.selectFrom('contracts').select(n).where('supplier_vendor_id', '=', vendorId),
    products: db.selectFrom('products').select(n).where('rights_holder_vendor_id', '=', vendorId),
    alternatives: db.selectFrom('alternatives').select(n).where('steward_vendor_id', '=', vendorId),
    childVendors: db.selectFrom('vendors').select(n).where('parent_vendor_id', '=', vendorId),
    aliases: db.selectFrom('vendor_aliases').select(n).where('vendor_id', '=', vendorId),
  };
  const out = {} as Record<keyof typeof queries, number>;
  for (const [k, q] of Object.entries(queries) as [keyof typeof queries, (typeof queries)[keyof typeof queries]][]) out[k] = Number((await q.executeTakeFirstOrThrow()).n);
  return out;
}
export type VendorReferenceCounts = Awaited<ReturnType<typeof vendorReferenceCounts>>;

/**
 * Points every reference to vendor `from` at vendor `into`: usages (supplier, host, operator,
 * the file's rights holder, sub-processor), contracts, products' rights holder, alternatives' steward, child vendors'
 * parent, and `from`'s aliases. A usage that already had `into` as a sub-processor keeps one row.
 */
export async function moveVendorReferences(db: Db, from: number, into: number): Promise<void> {
  await db.updateTable('system_usages').set({ supplier_vendor_id: into }).where('supplier_vendor_id', '=', from).execute();
  await db.updateTable('system_usages').set({ hosted_by_vendor_id: into }).where('hosted_by_vendor_id', '=', from).execute();
  await db.updateTable('system_usages').set({ operated_by_vendor_id: into }).where('operated_by_vendor_id', '=', from).execute();
  await db.updateTable('system_usages').set({ rights_holder_vendor_id: into }).where('rights_holder_vendor_id', '=', from).execute();
  await db
    .deleteFrom('usage_sub_processors')
    .where('vendor_id', '=', from)
    .where('usage_id', 'in', db.selectFrom('usage_sub_processors').select('usage_id').where('vendor_id', '=', into))
    .execute();
  await db.updateTable('usage_sub_processors').set({ vendor_id: into }).where('vendor_id', '=', from).execute();
  await db.updateTable('contracts').set({ supplier_vendor_id: into }).where('supplier_vendor_id', '=', from).execute();
  await db.updateTable('products').set({ rights_holder_vendor_id: into }).where('rights_holder_vendor_id', '=', from).execute();
  await db.updateTable('alternatives').set({ steward_vendor_id: into }).where('steward_vendor_id', '=', from).execute();
  await db.updateTable('vendors').set({ parent_vendor_id: into }).where('parent_vendor_id', '=', from).execute();
  await db.updateTable('vendor_aliases').set({ vendor_id: into }).where('vendor_id', '=', from).execute();
}

/** The current inventory versions with a usage or contract that involves one of the vendors. */
export async function currentVersionsInvolvingVendors(db: Db, vendorIds: readonly number[]): Promise<number[]> {
  if (!vendorIds.length) return [];
  const ids = [...vendorIds];
  const viaUsages = await db
    .selectFrom('system_usages as u')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 'u.inventory_version_id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .select('u.inventory_version_id')
    .distinct()
    .where((eb) =>
      eb.or([
        eb('u.supplier_vendor_id', 'in', ids),
        eb('u.hosted_by_vendor_id', 'in', ids),
        eb('u.operated_by_vendor_id', 'in', ids),
        eb('p.rights_holder_vendor_id', 'in', ids),
        eb('u.rights_holder_vendor_id', 'in', ids),
        eb.exists(eb.selectFrom('usage_sub_processors as sp').select('sp.usage_id').whereRef('sp.usage_id', '=', 'u.id').where('sp.vendor_id', 'in', ids)),
      ]),
    )
    .execute();
  const viaContracts = await db
    .selectFrom('contracts as c')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 'c.inventory_version_id')
    .select('c.inventory_version_id')
    .distinct()
    .where('c.supplier_vendor_id', 'in', ids)
    .execute();
  return [...new Set([...viaUsages, ...viaContracts].map((r) => r.inventory_version_id))].sort((a, b) => a - b);
}

/** The current inventory versions that use one of the products, or any product of the categories. */
export async function currentVersionsUsingProducts(db: Db, productIds: readonly number[], categories: readonly string[] = []): Promise<number[]> {
  if (!productIds.length && !categories.length) return [];
  const rows = await db
    .selectFrom('system_usages as u')
    .innerJoin(countedInventories(db).as('ci'), 'ci.inventory_version_id', 'u.inventory_version_id')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .select('u.inventory_version_id')
    .distinct()
    .where((eb) =>
      eb.or([...(productIds.length ? [eb('u.product_id', 'in', [...productIds])] : []), ...(categories.length ? [eb('p.category', 'in', [...categories])] : [])]),
    )
    .execute();
  return rows.map((r) => r.inventory_version_id).sort((a, b) => a - b);
}

/** The municipality of each inventory version. */
export async function municipalitiesOfVersions(db: Db, versionIds: readonly number[]): Promise<number[]> {
  if (!versionIds.length) return [];
  const rows = await db.selectFrom('inventory_versions').select('municipality_code').where('id', 'in', [...versionIds]).execute();
  return [...new Set(rows.map((r) => r.municipality_code))].sort((a, b) => a - b);
}
