// The stamps the solution cache keys its entries by (migration 0017; services/solution-cache.ts).
// Each is one indexed read, made on every request, so every app server sees a change the moment
// it is committed: nothing is remembered across a change, whoever made it.
import type { World } from './world.repository.ts';
import { inventoriesOf } from './world.repository.ts';
import type { Db } from './db-types.ts';

/** What a municipality's solution paths are computed from, as of now: null without a scored current inventory. */
export interface MunicipalityStamp {
  inventoryVersionId: number;
  /** The date its stored score was computed for. */
  asOf: string;
  demo: 0 | 1;
  /** Moves whenever a score of the municipality is stored (import, rollback, edit, exit plan, rescore). */
  scoreStamp: number;
  /** Moves whenever a catalogue table changes. */
  catalogueVersion: number;
}

export async function municipalityStamp(db: Db, municipalityCode: number): Promise<MunicipalityStamp | null> {
  const row = await db
    .selectFrom('current_inventory as ci')
    .innerJoin('municipality_scores as s', 's.inventory_version_id', 'ci.inventory_version_id')
    .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .leftJoin('municipality_score_stamps as st', 'st.municipality_code', 'ci.municipality_code')
    .select((eb) => [
      'ci.inventory_version_id',
      's.as_of',
      'v.demo',
      'st.stamp',
      eb.selectFrom('catalogue_version').select('version').where('id', '=', 1).as('catalogue_version'),
    ])
    .where('ci.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  if (!row) return null;
  return { inventoryVersionId: row.inventory_version_id, asOf: row.as_of, demo: row.demo, scoreStamp: Number(row.stamp ?? 0), catalogueVersion: Number(row.catalogue_version ?? 0) };
}

/** A current inventory of a world, as the world's stamp lists it. */
export interface WorldVersion {
  municipalityCode: number;
  inventoryVersionId: number;
  /** With the id, names the version's content (a version is never changed once written). */
  contentHash: string;
  usageCount: number;
}

/**
 * The state of a world's current inventories as the solution paths read it (who runs what, the
 * median system count, the stored national concentration): the current version of each of its
 * municipalities and the id of its latest national score row. Any import, rollback or edit in the
 * world, and any national recomputation, changes the stamp.
 */
export async function worldStamp(db: Db, world: World): Promise<{ stamp: string; nationalScoreId: number | null; versions: WorldVersion[] }> {
  const rows = await db
    .selectFrom(inventoriesOf(db, world).as('ci'))
    .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .select(['ci.municipality_code', 'ci.inventory_version_id', 'v.content_hash', 'v.usage_count'])
    .orderBy('ci.municipality_code')
    .execute();
  const national = await db.selectFrom('national_scores').select('id').where('world', '=', world).orderBy('id', 'desc').limit(1).executeTakeFirst();
  const nationalScoreId = national?.id ?? null;
  const versions = rows.map((r) => ({ municipalityCode: r.municipality_code, inventoryVersionId: r.inventory_version_id, contentHash: r.content_hash, usageCount: r.usage_count }));
  return { stamp: `${world}:${nationalScoreId ?? '-'}:${versions.map((v) => `${v.inventoryVersionId}.${v.contentHash}`).join(',')}`, nationalScoreId, versions };
}

/** The products an inventory version uses (ids, ascending): one indexed read of that version's rows. */
export function productsOfVersionQuery(db: Db, inventoryVersionId: number) {
  return db.selectFrom('system_usages').select('product_id').distinct().where('inventory_version_id', '=', inventoryVersionId).orderBy('product_id');
}

export async function productsOfVersion(db: Db, inventoryVersionId: number): Promise<number[]> {
  return (await productsOfVersionQuery(db, inventoryVersionId).execute()).map((r) => r.product_id);
}
