// KITOS connections (issue #18): per municipality, where its KITOS is (base URL, organisation
// UUID) and its API user's credentials, encrypted (secrets.ts: AES-256-GCM under SECRETS_KEY, bound
// to the row; the key id says which key sealed them, for rotation), never in the clear. Beside
// them the sync's state: when it last started and last succeeded, the cursor for the next
// incremental read (KITOS's own time of the last successful read), the last error, and the lease
// that lets one app server at a time sync the municipality (`lease_holder` until `lease_until`).
// Not watched by the change stamp (0018): nothing cached reads it, and a running sync renews its
// lease often.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function kitosConnections(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema
          .createTable('kitos_connections')
          .addColumn('municipality_code', 'integer', (c) => c.primaryKey().references('municipalities.code'))
          .addColumn('base_url', 'text', (c) => c.notNull().defaultTo('https://kitos.dk'))
          .addColumn('organization_uuid', 'text', (c) => c.notNull())
          .addColumn('credentials_ciphertext', 'text', (c) => c.notNull())
          .addColumn('credentials_key_id', 'text', (c) => c.notNull())
          .addColumn('api_user_email_hint', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addColumn('last_sync_started_at', 'text')
          .addColumn('last_successful_sync_at', 'text')
          .addColumn('sync_cursor', 'text')
          .addColumn('last_error', 'text')
          .addColumn('lease_holder', 'text')
          .addColumn('lease_until', 'text')
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('kitos_connections').execute();
      });
    },
  };
}
