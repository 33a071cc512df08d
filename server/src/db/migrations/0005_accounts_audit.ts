// Accounts, roles, sessions, API tokens, login rate limits and the audit log: everything a
// stateless app server needs to remember between requests lives here, so several servers can
// share one database. Also who proposed and who moderated catalogue entries.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function accountsAudit(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('users'))
          .addColumn('email', 'text', (c) => c.notNull().unique())
          .addColumn('display_name', 'text')
          .addColumn('password_hash', 'text')
          .addColumn('oidc_issuer', 'text')
          .addColumn('oidc_subject', 'text')
          .addColumn('disabled', 'integer', (c) => c.notNull())
          .addColumn('failed_logins', 'integer', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('last_login_at', 'text')
          .addUniqueConstraint('users_oidc_uq', ['oidc_issuer', 'oidc_subject'])
          .execute();

        await withId(dialect, trx.schema.createTable('user_grants'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('municipality_code', 'integer', (c) => c.references('municipalities.code'))
          .addUniqueConstraint('user_grants_uq', ['user_id', 'role', 'municipality_code'])
          .execute();

        await trx.schema
          .createTable('sessions')
          .addColumn('id_hash', 'text', (c) => c.primaryKey())
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('csrf_token', 'text', (c) => c.notNull())
          .addColumn('auth_method', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('last_seen_at', 'text', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

        await withId(dialect, trx.schema.createTable('api_tokens'))
          .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('token_hash', 'text', (c) => c.notNull().unique())
          .addColumn('token_prefix', 'text', (c) => c.notNull())
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('municipality_code', 'integer', (c) => c.references('municipalities.code'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('last_used_at', 'text')
          .addColumn('revoked_at', 'text')
          .execute();
        await trx.schema.createIndex('api_tokens_user_idx').on('api_tokens').column('user_id').execute();

        await trx.schema
          .createTable('rate_limits')
          .addColumn('bucket', 'text', (c) => c.primaryKey())
          .addColumn('window_start', 'text', (c) => c.notNull())
          .addColumn('hits', 'integer', (c) => c.notNull())
          .execute();

        await trx.schema
          .createTable('login_flows')
          .addColumn('state', 'text', (c) => c.primaryKey())
          .addColumn('nonce', 'text', (c) => c.notNull())
          .addColumn('code_verifier', 'text', (c) => c.notNull())
          .addColumn('return_to', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();

        await trx.schema
          .createTable('municipality_settings')
          .addColumn('municipality_code', 'integer', (c) => c.primaryKey().references('municipalities.code'))
          .addColumn('inventory_visibility', 'text', (c) => c.notNull())
          .addColumn('calendar_token_hash', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();

        // No foreign key to users: the log outlives the accounts it names.
        await withId(dialect, trx.schema.createTable('audit_log'))
          .addColumn('at', 'text', (c) => c.notNull())
          .addColumn('actor_user_id', 'integer')
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('entity_type', 'text', (c) => c.notNull())
          .addColumn('entity_id', 'text')
          .addColumn('municipality_code', 'integer')
          .addColumn('before', 'text')
          .addColumn('after', 'text')
          .execute();
        await trx.schema.createIndex('audit_log_municipality_idx').on('audit_log').columns(['municipality_code', 'id']).execute();

        for (const table of ['alternatives', 'experience_reports']) {
          await trx.schema.alterTable(table).addColumn('submitted_by_user_id', 'integer').execute();
          await trx.schema.alterTable(table).addColumn('moderated_by_user_id', 'integer').execute();
          await trx.schema.alterTable(table).addColumn('moderated_at', 'text').execute();
          await trx.schema.alterTable(table).addColumn('moderation_note', 'text').execute();
        }
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const table of ['alternatives', 'experience_reports']) {
          for (const column of ['moderation_note', 'moderated_at', 'moderated_by_user_id', 'submitted_by_user_id']) {
            await trx.schema.alterTable(table).dropColumn(column).execute();
          }
        }
        for (const t of ['audit_log', 'municipality_settings', 'login_flows', 'rate_limits', 'api_tokens', 'sessions', 'user_grants', 'users']) {
          await trx.schema.dropTable(t).execute();
        }
      });
    },
  };
}
