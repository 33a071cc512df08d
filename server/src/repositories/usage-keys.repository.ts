// A usage's key is its address across versions (domain/inventory.ts usageKey). Two things keep it
// stable: a new version's usage keeps the key an earlier version of the same municipality gave
// it (when the file gained a KITOS UUID or a local id, the key's preferred form changed, the
// system did not), and an address resolves to the current version's usage by key, by the other
// forms the key could take, or through the usage an older version held under that key.
import { usageKeyForms } from '../domain/inventory.ts';
import { chunks, type Db } from './db-types.ts';

interface KeyedRow {
  id: number;
  usage_key: string;
  local_id: string | null;
  local_name: string | null;
  product_name: string;
  kitos_uuid: string | null;
}

/** The forms a stored usage answers to: its key, its product's KITOS UUID, local id and name. */
function formsOf(r: KeyedRow): string[] {
  return [r.usage_key, ...usageKeyForms({ kitos_uuid: r.kitos_uuid, local_id: r.local_id, local_name: r.local_name, product_name: r.product_name })];
}

function keyedRows(db: Db) {
  return db
    .selectFrom('system_usages as u')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .select(['u.id', 'u.usage_key', 'u.local_id', 'u.local_name', 'p.name as product_name', 'p.kitos_uuid']);
}

/**
 * Gives the usages of a just-written version the keys the municipality's earlier versions gave
 * the same systems. Only a usage whose key no earlier version used is looked at (on a re-import
 * keyed as before, none): it takes the first of its other forms (local id, then name) that an
 * earlier version used and no usage of this version holds. Returns key-as-written → usage id for
 * each usage that kept an earlier key, so references by the written key still resolve.
 */
export async function inheritUsageKeys(db: Db, municipalityCode: number, versionId: number): Promise<Map<string, number>> {
  const inherited = new Map<string, number>();
  const history = await db
    .selectFrom('system_usages')
    .select('id')
    .where('municipality_code', '=', municipalityCode)
    .where('inventory_version_id', '<>', versionId)
    .limit(1)
    .executeTakeFirst();
  if (!history) return inherited;
  const fresh = await keyedRows(db)
    .where('u.inventory_version_id', '=', versionId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('system_usages as o')
            .select('o.id')
            .where('o.municipality_code', '=', municipalityCode)
            .whereRef('o.usage_key', '=', 'u.usage_key')
            .where('o.inventory_version_id', '<>', versionId),
        ),
      ),
    )
    .orderBy('u.id')
    .execute();
  const older = (r: KeyedRow) => usageKeyForms({ kitos_uuid: null, local_id: r.local_id, local_name: r.local_name, product_name: r.product_name }).filter((f) => f !== r.usage_key);
  const candidates = [...new Set(fresh.flatMap((r) => older({ ...r, kitos_uuid: null })))];
  if (!candidates.length) return inherited;
  const used = new Set<string>();
  const taken = new Set<string>();
  for (const batch of chunks(candidates, 1, 5_000)) {
    for (const r of await db
      .selectFrom('system_usages')
      .select('usage_key')
      .distinct()
      .where('municipality_code', '=', municipalityCode)
      .where('inventory_version_id', '<>', versionId)
      .where('usage_key', 'in', batch)
      .execute()) used.add(r.usage_key);
    for (const r of await db.selectFrom('system_usages').select('usage_key').where('inventory_version_id', '=', versionId).where('usage_key', 'in', batch).execute()) taken.add(r.usage_key);
  }
  for (const r of fresh) {
    const key = older({ ...r, kitos_uuid: null }).find((f) => used.has(f) && !taken.has(f));
    if (!key) continue;
    await db.updateTable('system_usages').set({ usage_key: key }).where('id', '=', r.id).execute();
    taken.add(key);
    inherited.set(r.usage_key, r.id);
  }
  return inherited;
}

/**
 * The current version's usage a stable address (municipality + key) points at, or null: the
 * usage holding the key; else one that answers to it in another form (KITOS UUID, local id,
 * name); else the system an older version held under the key, found in the current version by
 * any of that older usage's forms.
 */
export async function findCurrentUsageIdByKey(db: Db, municipalityCode: number, key: string): Promise<number | null> {
  const current = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', municipalityCode).executeTakeFirst();
  if (!current) return null;
  const exact = await db.selectFrom('system_usages').select('id').where('inventory_version_id', '=', current.inventory_version_id).where('usage_key', '=', key).executeTakeFirst();
  if (exact) return exact.id;
  const rows = await keyedRows(db).where('u.inventory_version_id', '=', current.inventory_version_id).orderBy('u.id').execute();
  const byForm = new Map<string, number>();
  for (const r of rows) for (const f of formsOf(r)) if (!byForm.has(f)) byForm.set(f, r.id);
  if (byForm.has(key)) return byForm.get(key)!;
  const before = await keyedRows(db)
    .where('u.municipality_code', '=', municipalityCode)
    .where('u.usage_key', '=', key)
    .orderBy('u.inventory_version_id', 'desc')
    .executeTakeFirst();
  if (!before) return null;
  for (const f of formsOf(before)) if (byForm.has(f)) return byForm.get(f)!;
  return null;
}
