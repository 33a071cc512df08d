// The queries the pages make on every request (a system page, the system list, the municipality
// score, the exit paths and the report, the graph, cooperation, the catalogue's reach counts), as
// the builders the code itself runs. Each must reach the version-scoped tables (system_usages,
// usage_scores, contracts, integrations, …) through an index that starts with the inventory
// version (or with the id of a row of that version), so a municipality's history — every version
// ever imported — is never read by a page. test/integration/query-plans.test.ts checks each plan
// with EXPLAIN on SQLite and PostgreSQL.
import type { Compilable, Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { productUsageCounts, vendorUsageCounts } from '../repositories/catalogue.repository.ts';
import { productsOfVersionQuery } from '../repositories/cache-stamps.repository.ts';
import { productUsagesQuery } from '../repositories/cooperation.repository.ts';
import { exitReadinessQuery } from '../repositories/exit-plans.repository.ts';
import { categoryHhiQuery, inventorySizesQuery, scoringInputQueries } from '../repositories/scoring-input.repository.ts';
import { countedInventories } from '../repositories/world.repository.ts';
import { graphQueries } from './municipality-graph.ts';
import { systemsQuery } from './score-queries.ts';

/** What the queries are asked about: a current version, one of its usages, a product and a vendor in it. */
export interface HotQueryArguments {
  versionId: number;
  usageId: number;
  productId: number;
  vendorId: number;
}

export const hotQueries: Record<string, (db: Kysely<Database>, a: HotQueryArguments) => Compilable<unknown>> = {
  'scoring input: versions': (db, a) => scoringInputQueries(db, [a.versionId]).versions,
  'scoring input: usages': (db, a) => scoringInputQueries(db, [a.versionId]).usages,
  'scoring input: contracts': (db, a) => scoringInputQueries(db, [a.versionId]).contracts,
  'scoring input: contract links': (db, a) => scoringInputQueries(db, [a.versionId]).contractLinks,
  'scoring input: sub-processors': (db, a) => scoringInputQueries(db, [a.versionId]).subProcessors,
  'scoring input: integrations': (db, a) => scoringInputQueries(db, [a.versionId]).edges,
  'scoring input: saved exit plans': (db, a) => exitReadinessQuery(db, [a.versionId]),
  'catalogue: category HHI (demo world)': (db) => categoryHhiQuery(db, 'demo'),
  'catalogue: category HHI (real world)': (db) => categoryHhiQuery(db, 'real'),
  'catalogue: inventory sizes': (db) => inventorySizesQuery(db, 'demo'),
  'system list and top priorities': (db, a) => systemsQuery(db, a.versionId).orderBy('s.priority', 'desc').orderBy('s.usage_id').limit(10),
  'system list count': (db, a) => db.selectFrom('usage_scores').select((eb) => eb.fn.countAll<number>().as('n')).where('inventory_version_id', '=', a.versionId),
  'system page: stored score': (db, a) => db.selectFrom('usage_scores').selectAll().where('usage_id', '=', a.usageId),
  'exit paths: the products a current version runs': (db, a) => productsOfVersionQuery(db, a.versionId),
  'graph: usages': (db, a) => graphQueries(db, a.versionId).usages,
  'graph: integrations': (db, a) => graphQueries(db, a.versionId).integrations,
  'cooperation: a product in every current inventory': (db, a) => productUsagesQuery(db, a.productId),
  'catalogue: municipalities per product': (db) => productUsageCounts(db),
  'catalogue: municipalities per vendor (a page)': (db, a) => vendorUsageCounts(db, [a.vendorId]),
  'counted inventories': (db) => countedInventories(db),
};
