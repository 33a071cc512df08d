// The one source for "which inventories count". Fictitious demo inventories and real ones never
// mix: the *world* is 'real' as soon as any municipality's current inventory is real, else 'demo'.
// Every national or cross-municipality figure reads the current inventories of the counted world
// only; a municipality's own comparisons read inventories of its own kind (demo with demo).
import { type Expression, type SqlBool, sql } from 'kysely';
import { type Db, flag, reusableQuery } from './db-types.ts';

export type World = 'real' | 'demo';

export const worldOfFlag = (demo: 0 | 1 | boolean): World => (demo === 1 || demo === true ? 'demo' : 'real');

/**
 * The current inventory of alias `ci` is a real one, looked up by its version's primary key: a
 * join would let the planner walk every version ever imported to find the current ones.
 */
const isReal = (ci: string): Expression<SqlBool> =>
  sql<SqlBool>`(select v.demo from inventory_versions v where v.id = ${sql.ref(`${ci}.inventory_version_id`)}) = 0`;

// Asked on every request (the anonymous-read rule): compiled once, stops at the first real inventory.
const firstRealInventory = reusableQuery((db: Db) =>
  db
    .selectFrom('current_inventory as ci')
    .select('ci.municipality_code')
    .where(isReal('ci'))
    .limit(1),
);

/** The world from the current inventories: real once one of them is real (an empty database is the demo world). */
export async function readWorld(db: Db): Promise<World> {
  return (await firstRealInventory(db)).length > 0 ? 'real' : 'demo';
}

/**
 * The current inventories of one world, as a table with current_inventory's columns plus the
 * version's demo flag: join it `as('ci')` where a query joined `current_inventory as ci`.
 */
export function inventoriesOf(db: Db, world: World) {
  return db
    .selectFrom('current_inventory as wci')
    .innerJoin('inventory_versions as wv', 'wv.id', 'wci.inventory_version_id')
    .select(['wci.municipality_code', 'wci.inventory_version_id', 'wci.updated_at', 'wv.demo'])
    .where('wv.demo', '=', flag(world === 'demo'));
}

/** The world a municipality's current inventory belongs to; null without one. */
export async function worldOfMunicipality(db: Db, municipalityCode: number): Promise<World | null> {
  const row = await db
    .selectFrom('current_inventory as ci')
    .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
    .select('v.demo')
    .where('ci.municipality_code', '=', municipalityCode)
    .executeTakeFirst();
  return row ? worldOfFlag(row.demo) : null;
}

/**
 * The current inventories that count nationally, decided in the query itself (so it holds inside
 * any transaction and needs no extra round trip): the real ones once one exists, else the demo
 * ones. Same columns as `inventoriesOf`; join it `as('ci')`.
 */
export function countedInventories(db: Db) {
  const anyReal = db.selectFrom('current_inventory as rci').select('rci.municipality_code').where(isReal('rci'));
  return db
    .selectFrom('current_inventory as wci')
    .innerJoin('inventory_versions as wv', 'wv.id', 'wci.inventory_version_id')
    .select(['wci.municipality_code', 'wci.inventory_version_id', 'wci.updated_at', 'wv.demo'])
    .where((eb) => eb('wv.demo', '=', eb.case().when(eb.exists(anyReal)).then(sql.lit<0 | 1>(0)).else(sql.lit<0 | 1>(1)).end()));
}

/**
 * The version ids of some current inventories (one of the tables above), for
 * `where('u.inventory_version_id', 'in', versionIdsOf(...))`: the database then walks the
 * version-scoped table's index once per current version. A join on the inventories instead lets
 * the planner scan the whole table — every version ever imported — and probe the few current ones.
 */
export function versionIdsOf(db: Db, inventories: ReturnType<typeof countedInventories>) {
  return db.selectFrom(inventories.as('vi')).select('vi.inventory_version_id');
}

/** The current inventories a municipality's comparisons read: those of its own world. */
export function inventoriesLike(db: Db, world: World | null) {
  return world ? inventoriesOf(db, world) : countedInventories(db);
}

/**
 * The current inventories a list reads: across municipalities only those that count nationally;
 * for one municipality (its own pages) its own inventory, demo or real.
 */
export function scopedInventories(db: Db, scope: 'all' | readonly number[]) {
  if (scope === 'all' || scope.length !== 1) return countedInventories(db);
  return db
    .selectFrom('current_inventory as wci')
    .innerJoin('inventory_versions as wv', 'wv.id', 'wci.inventory_version_id')
    .select(['wci.municipality_code', 'wci.inventory_version_id', 'wci.updated_at', 'wv.demo']);
}

/**
 * A where-clause: the catalogue row of table alias `alias` (products, vendors) is not one the
 * demo generator invented (source 'demo'), unless the world is the demo world.
 */
export function notInventedUnlessDemoWorld(alias: string): Expression<SqlBool> {
  const source = sql.ref(`${alias}.source`);
  return sql<SqlBool>`(${source} is null or ${source} <> 'demo' or not exists (select 1 from current_inventory rci
    join inventory_versions rv on rv.id = rci.inventory_version_id where rv.demo = 0))`;
}
