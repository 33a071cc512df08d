// Pages read only the current inventories, however many versions a municipality has imported
// (issue #16): the product, supplier and (municipality, usage key) indexes of system_usages led a
// lookup through every version's rows. They get inventory_version_id as their last column,
// so a lookup for the current versions seeks exactly their rows — the same number of indexes, so
// an import writes no more than before. Version-scoped reads by inventory_version_id already have
// indexes that start with it (system_usages_version_key_uq, usage_scores_version_idx,
// contracts_version_idx, integrations_version_idx); services/hot-queries.ts lists the queries.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

const replaced = [
  { name: 'system_usages_product_idx', columns: ['product_id'] },
  { name: 'system_usages_supplier_idx', columns: ['supplier_vendor_id'] },
  // A saved exit plan finds its usage in the versions asked for, not in every version that held its key.
  { name: 'system_usages_municipality_key_idx', columns: ['municipality_code', 'usage_key'] },
] as const;

export function historyIndexes(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const { name, columns } of replaced) {
          await trx.schema.dropIndex(name).execute();
          await trx.schema.createIndex(name).on('system_usages').columns([...columns, 'inventory_version_id']).execute();
        }
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const { name, columns } of replaced) {
          await trx.schema.dropIndex(name).execute();
          await trx.schema.createIndex(name).on('system_usages').columns([...columns]).execute();
        }
      });
    },
  };
}
