// The one source for "which inventories count". Fictitious demo inventories and real ones never
// mix: the *world* is 'real' as soon as any municipality's current inventory is real, else 'demo'.
// Every national or cross-municipality figure reads the current inventories of the counted world
// only; a municipality's own comparisons read inventories of its own kind (demo with demo).
import { type Expression, type SelectQueryBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type Db, flag, isPostgres, oneOf, reusableQuery } from './db-types.ts';

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
 * `where(oneOf(db, 'u.inventory_version_id', versionIdsOf(...)))` (db-types.ts): the database then
 * walks the version-scoped table's index once per current version. A join on the inventories
 * instead lets the planner scan the whole table — every version ever imported — and probe the few current ones.
 */
export function versionIdsOf(db: Db, inventories: ReturnType<typeof countedInventories>) {
  return db.selectFrom(inventories.as('vi')).select('vi.inventory_version_id');
}

/** A where-clause that keeps the rows of a version-scoped table whose version `column` names is one of them. */
export type VersionScope = (column: string) => Expression<SqlBool>;

/**
 * The rows `rows` selects from a version-scoped table, in each of some current inventories:
 * `rows` builds its query with `inVersion(column)` as the condition on the version. Where the
 * query also filters on another indexed column (a product, a supplier: indexes that end with the
 * version), PostgreSQL would look that value up in every version and filter the current ones
 * afterwards, so there the query runs once per current version (LATERAL, kept apart from the
 * planner's join order by OFFSET 0) with the version as an equality it seeks on. SQLite seeks
 * each current version by itself (`in (subquery)`).
 */
export function currentRows<O>(
  db: Db,
  inventories: ReturnType<typeof countedInventories>,
  rows: (inVersion: VersionScope) => SelectQueryBuilder<Database, any, O>,
): SelectQueryBuilder<Database, any, O> {
  if (!isPostgres(db)) return rows((column) => oneOf(db, column, versionIdsOf(db, inventories)));
  const perVersion = rows((column) => sql<SqlBool>`${sql.ref(column)} = ${sql.ref('cv.inventory_version_id')}`).offset(0);
  return db
    .selectFrom(versionIdsOf(db, inventories).as('cv'))
    .innerJoinLateral(perVersion.as('r'), (join) => join.onTrue())
    // r.* is exactly O; Kysely's types cannot map a generic row through selectAll.
    .selectAll('r') as unknown as SelectQueryBuilder<Database, any, O>;
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
