// Versions are numbered per municipality (issue #12): a municipality's second import is its
// "version 2", not the global id the table happens to give it. The id stays the internal key.
// The backfill numbers existing versions by their creation order within each municipality.
// An index on (municipality, usage key) lets a stable address (municipality + usage key) and a
// new import's key inheritance look a key up across a municipality's versions.
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function stableKeys(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        // Null only inside the transaction that creates a version: it is numbered when it first becomes current.
        await trx.schema.alterTable('inventory_versions').addColumn('number', 'integer').execute();
        await sql`update inventory_versions set number = (
            select count(*) from inventory_versions o
            where o.municipality_code = inventory_versions.municipality_code
              and (o.created_at < inventory_versions.created_at or (o.created_at = inventory_versions.created_at and o.id <= inventory_versions.id)))`.execute(trx);
        await trx.schema.createIndex('inventory_versions_number_uq').unique().on('inventory_versions').columns(['municipality_code', 'number']).execute();
        await trx.schema.createIndex('system_usages_municipality_key_idx').on('system_usages').columns(['municipality_code', 'usage_key']).execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropIndex('system_usages_municipality_key_idx').execute();
        await trx.schema.dropIndex('inventory_versions_number_uq').execute();
        await trx.schema.alterTable('inventory_versions').dropColumn('number').execute();
      });
    },
  };
}
