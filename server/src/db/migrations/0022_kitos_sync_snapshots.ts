// KITOS sync snapshots (issue #18): the raw API answers a municipality's last successful sync
// read, gzip-compressed, with the inventory version they became. An incremental sync reads only
// what changed since the connection's cursor (kitos_connections.sync_cursor, 0021), applies it to this snapshot and
// imports the result, so it yields exactly the inventory a full read would; when the current
// version is no longer the snapshot's (a rollback, a file import, an edit), the next sync reads
// everything again. One row per municipality, replaced by each successful sync.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function kitosSyncSnapshots(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema
          .createTable('kitos_sync_snapshots')
          .addColumn('municipality_code', 'integer', (c) => c.primaryKey().references('municipalities.code').onDelete('cascade'))
          .addColumn('inventory_version_id', 'integer', (c) => c.notNull().references('inventory_versions.id').onDelete('cascade'))
          .addColumn('organization_uuid', 'text', (c) => c.notNull())
          .addColumn('raw_sha256', 'text', (c) => c.notNull())
          .addColumn('raw_bytes', 'integer', (c) => c.notNull())
          .addColumn('raw_gzip', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('kitos_sync_snapshots').execute();
      });
    },
  };
}
