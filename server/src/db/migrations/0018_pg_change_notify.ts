// PostgreSQL: a database-wide change stamp, so every app server's read cache (db/read-cache.ts)
// knows when any server (or the CLI) committed a change to what the cache may hold. No-op on
// SQLite, where `PRAGMA data_version` says the same for free.
//
// Every watched table has a statement-level trigger. Its first firing in a transaction inserts one
// row into `change_marks` (a transaction-local setting remembers it did); a DEFERRED constraint
// trigger on that row runs at commit and bumps `change_stamp.stamp` by one, then sends
// NOTIFY handlefrihed_changes with the new stamp (delivered at commit, with the data). The
// bump is deferred to commit on purpose: the stamp row's lock is held only while the transaction
// commits, so a long import never makes a sign-in or an edit wait for it; and the stamp becomes
// visible in the same instant as the data it stands for (a reader that sees stamp N sees every
// change up to N). A rolled-back transaction (or savepoint) takes its mark and its setting with it.
//
// Watched: every table except the ones the cache never reads and that change on their own
// (rate limits, the audit log, sign-in flows, import job progress) — so a session write (sign-out,
// a role change) does invalidate the cached "who is asking" answers. A later migration that adds a
// table adds its trigger too (test/integration/read-cache-postgres.test.ts checks every table).
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

const CHANGE_CHANNEL = 'handlefrihed_changes'; // db/change-listener.ts listens on it
/**
 * Tables that do not move the stamp (see above), including those later migrations add: import
 * jobs' progress (0017, written every second while an import runs; nothing cached reads it) and the
 * solution cache's own stamps (0019, moved by triggers in transactions that already move this one),
 * KITOS connections (0021: never cached; a running sync renews its lease there) and KITOS sync
 * snapshots (0022: read only by the next sync, never by a cached answer).
 */
export const UNWATCHED_TABLES = ['rate_limits', 'audit_log', 'login_flows', 'import_runs', 'import_jobs', 'change_marks', 'change_stamp', 'catalogue_version', 'municipality_score_stamps', 'kitos_connections', 'kitos_sync_snapshots'];
const WATCHED_TABLES = [
  'alternative_facts', 'alternatives', 'api_tokens', 'categories', 'contract_usages', 'contracts', 'current_inventory', 'exit_plans',
  'experience_reports', 'integrations', 'inventory_versions', 'municipalities', 'municipality_scores', 'municipality_settings',
  'national_scores', 'product_aliases', 'product_alternatives', 'product_dependencies', 'product_functions', 'products', 'scenarios',
  'sessions', 'system_usages', 'usage_scores', 'usage_sub_processors', 'user_grants', 'users', 'vendor_aliases', 'vendors', 'vocabulary_terms',
];

export function pgChangeNotify(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await inTransaction(db, async (trx) => {
        await sql`create table change_stamp (id integer primary key check (id = 1), stamp bigint not null)`.execute(trx);
        await sql`insert into change_stamp (id, stamp) values (1, 0)`.execute(trx);
        await sql`create table change_marks (id bigint generated always as identity primary key)`.execute(trx);
        await sql`create function handlefrihed_note_change() returns trigger language plpgsql as $$
          begin
            if current_setting('handlefrihed.changed', true) is distinct from 'yes' then
              perform set_config('handlefrihed.changed', 'yes', true);
              insert into change_marks default values;
            end if;
            return null;
          end $$`.execute(trx);
        await sql`create function handlefrihed_stamp_change() returns trigger language plpgsql as $$
          declare next_stamp bigint;
          begin
            update change_stamp set stamp = stamp + 1 where id = 1 returning stamp into next_stamp;
            delete from change_marks where id = new.id;
            perform pg_notify(${sql.lit(CHANGE_CHANNEL)}, next_stamp::text);
            return null;
          end $$`.execute(trx);
        await sql`create constraint trigger change_marks_stamp after insert on change_marks
          deferrable initially deferred for each row execute function handlefrihed_stamp_change()`.execute(trx);
        for (const table of WATCHED_TABLES) {
          await sql`create trigger ${sql.id(`${table}_change_stamp`)} after insert or update or delete or truncate on ${sql.table(table)}
            for each statement execute function handlefrihed_note_change()`.execute(trx);
        }
      });
    },
    async down(db: Kysely<any>) {
      if (dialect !== 'postgres') return;
      await inTransaction(db, async (trx) => {
        for (const table of WATCHED_TABLES) await sql`drop trigger ${sql.id(`${table}_change_stamp`)} on ${sql.table(table)}`.execute(trx);
        await sql`drop table change_marks`.execute(trx);
        await sql`drop table change_stamp`.execute(trx);
        await sql`drop function handlefrihed_stamp_change()`.execute(trx);
        await sql`drop function handlefrihed_note_change()`.execute(trx);
      });
    },
  };
}
