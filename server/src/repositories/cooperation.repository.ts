// What cooperation matchmaking reads: the current usages of a product in every municipality,
// with their stored next exit (usage_scores) and their share of the contracts' yearly cost,
// and each municipality's inventory visibility.
import { countedInventories, currentRows } from './world.repository.ts';
import { type InventoryVisibility, DEFAULT_VISIBILITY } from '../auth/policy.ts';
import type { Db } from './db-types.ts';

export interface ProductUsageRow {
  usageId: number;
  municipalityCode: number;
  municipalityName: string;
  visibility: InventoryVisibility;
  /** Stored next penalty-free exit; null when unknown or not scored. */
  nextExit: string | null;
  /** Yearly operation cost shared out over the usages each contract covers; null when no contract states one. */
  yearlySpendDkk: number | null;
}

/**
 * The usages (`u`) of the counted current inventories, of one product when given, with their
 * municipality (`m`, `ms`). The product is asked inside the per-version query, so the product
 * index seeks (product, version) rather than the product in every version.
 */
function currentUsages(db: Db, productId?: number) {
  const usages = currentRows(db, countedInventories(db), (inVersion) =>
    db
      .selectFrom('system_usages')
      .select(['id', 'municipality_code', 'product_id'])
      .where(inVersion('inventory_version_id'))
      .$if(productId !== undefined, (q) => q.where('product_id', '=', productId!)),
  );
  return db
    .selectFrom(usages.as('u'))
    .innerJoin('municipalities as m', 'm.code', 'u.municipality_code')
    .leftJoin('municipality_settings as ms', 'ms.municipality_code', 'u.municipality_code');
}

/** A product's usages in the counted current inventories with their stored next exit. */
export function productUsagesQuery(db: Db, productId: number) {
  return currentUsages(db, productId)
    .leftJoin('usage_scores as s', 's.usage_id', 'u.id')
    .select(['u.id', 'u.municipality_code', 'm.name', 'ms.inventory_visibility', 's.next_exit'])
    .orderBy('u.municipality_code')
    .orderBy('u.id');
}

export async function productUsages(db: Db, productId: number): Promise<ProductUsageRow[]> {
  const usages = await productUsagesQuery(db, productId).execute();
  if (usages.length === 0) return [];
  const ids = usages.map((u) => u.id);
  const links = await db
    .selectFrom('contract_usages as cu')
    .innerJoin('contracts as c', 'c.id', 'cu.contract_id')
    .select(['cu.usage_id', 'c.id as contract_id', 'c.yearly_operation_cost_dkk'])
    .where('cu.usage_id', 'in', ids)
    .execute();
  const contractIds = [...new Set(links.map((l) => l.contract_id))];
  const shares = new Map<number, number>();
  if (contractIds.length) {
    const counts = await db
      .selectFrom('contract_usages')
      .select(['contract_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('contract_id', 'in', contractIds)
      .groupBy('contract_id')
      .execute();
    for (const c of counts) shares.set(c.contract_id, Number(c.n));
  }
  const spend = new Map<number, number>();
  for (const l of links) {
    if (l.yearly_operation_cost_dkk == null) continue;
    spend.set(l.usage_id, (spend.get(l.usage_id) ?? 0) + l.yearly_operation_cost_dkk / (shares.get(l.contract_id) ?? 1));
  }
  return usages.map((u) => ({
    usageId: u.id,
    municipalityCode: u.municipality_code,
    municipalityName: u.name,
    visibility: (u.inventory_visibility as InventoryVisibility | null) ?? DEFAULT_VISIBILITY,
    nextExit: u.next_exit,
    yearlySpendDkk: spend.get(u.id) ?? null,
  }));
}

/** Every product in a current inventory with the municipalities using it (and their visibility). */
export async function productMunicipalities(db: Db): Promise<{ productId: number; productName: string; vendorName: string | null; municipalityCode: number; visibility: InventoryVisibility }[]> {
  const rows = await currentUsages(db)
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('vendors as v', 'v.id', 'p.rights_holder_vendor_id')
    .select(['p.id', 'p.name', 'v.name as vendor_name', 'u.municipality_code', 'ms.inventory_visibility'])
    // A product local to one municipality is nobody else's to cooperate on (until it is adopted).
    .where('p.local_to_municipality', 'is', null)
    .distinct()
    .execute();
  return rows.map((r) => ({
    productId: r.id,
    productName: r.name,
    vendorName: r.vendor_name,
    municipalityCode: r.municipality_code,
    visibility: (r.inventory_visibility as InventoryVisibility | null) ?? DEFAULT_VISIBILITY,
  }));
}

export async function findProduct(db: Db, id: number): Promise<{ id: number; name: string } | null> {
  return (await db.selectFrom('products').select(['id', 'name']).where('id', '=', id).where('local_to_municipality', 'is', null).executeTakeFirst()) ?? null;
}
