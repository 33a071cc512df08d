// The two stamps the solution cache (services/solution-cache.ts, issue #16) keys its entries by,
// kept by the database itself so no writer can forget them and every app server reads the same:
// - `catalogue_version`: one row whose `version` moves whenever any table the scoring catalogue
//   and the exit-path candidates are read from changes (vendors, products, their dependencies,
//   functions and open-source mappings, alternatives and their sourced facts) — whoever writes
//   it: the reference loader, an administrator, moderation, an import creating a product.
// - `municipality_score_stamps`: per municipality, a counter that moves whenever a score of it is
//   stored (an import, rollback, edit, saved exit plan, rescore).
// Triggers move both in the writing transaction. On PostgreSQL they are deferred to commit: the
// counter row is locked for a moment at the end, never while the transaction goes on to wait
// for another lock (an import holding the shared-rows lock), so they add no lock cycle.
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

/** The tables whose rows the scoring catalogue and the exit-path candidates are built from. */
export const CATALOGUE_TABLES = ['vendors', 'products', 'product_dependencies', 'product_functions', 'product_alternatives', 'alternatives', 'alternative_facts'] as const;
const EVENTS = ['insert', 'update', 'delete'] as const;

const bumpCatalogue = sql`update catalogue_version set version = version + 1 where id = 1`;

export function cacheCatalogueVersion(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema
          .createTable('catalogue_version')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('version', 'integer', (c) => c.notNull())
          .execute();
        await trx.insertInto('catalogue_version').values({ id: 1, version: 1 }).execute();
        await trx.schema
          .createTable('municipality_score_stamps')
          .addColumn('municipality_code', 'integer', (c) => c.primaryKey())
          .addColumn('stamp', 'integer', (c) => c.notNull())
          .execute();
        if (dialect === 'postgres') {
          await sql`create function bump_catalogue_version() returns trigger language plpgsql as $$
            begin ${bumpCatalogue}; return null; end $$`.execute(trx);
          await sql`create function bump_municipality_score_stamp() returns trigger language plpgsql as $$
            begin
              insert into municipality_score_stamps (municipality_code, stamp) values (new.municipality_code, 1)
                on conflict (municipality_code) do update set stamp = municipality_score_stamps.stamp + 1;
              return null;
            end $$`.execute(trx);
          for (const table of CATALOGUE_TABLES) {
            await sql`create constraint trigger ${sql.id(`${table}_catalogue_version`)} after insert or update or delete on ${sql.table(table)}
              deferrable initially deferred for each row execute function bump_catalogue_version()`.execute(trx);
          }
          await sql`create constraint trigger municipality_scores_stamp after insert or update on municipality_scores
            deferrable initially deferred for each row execute function bump_municipality_score_stamp()`.execute(trx);
        } else {
          for (const table of CATALOGUE_TABLES) {
            for (const event of EVENTS) {
              await sql`create trigger ${sql.id(`${table}_catalogue_version_${event}`)} after ${sql.raw(event)} on ${sql.table(table)}
                begin ${bumpCatalogue}; end`.execute(trx);
            }
          }
          for (const event of ['insert', 'update'] as const) {
            await sql`create trigger ${sql.id(`municipality_scores_stamp_${event}`)} after ${sql.raw(event)} on municipality_scores
              begin
                insert or ignore into municipality_score_stamps (municipality_code, stamp) values (new.municipality_code, 0);
                update municipality_score_stamps set stamp = stamp + 1 where municipality_code = new.municipality_code;
              end`.execute(trx);
          }
        }
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        if (dialect === 'postgres') {
          for (const table of CATALOGUE_TABLES) await sql`drop trigger ${sql.id(`${table}_catalogue_version`)} on ${sql.table(table)}`.execute(trx);
          await sql`drop trigger municipality_scores_stamp on municipality_scores`.execute(trx);
          await sql`drop function bump_catalogue_version()`.execute(trx);
          await sql`drop function bump_municipality_score_stamp()`.execute(trx);
        } else {
          for (const table of CATALOGUE_TABLES) for (const event of EVENTS) await sql`drop trigger ${sql.id(`${table}_catalogue_version_${event}`)}`.execute(trx);
          for (const event of ['insert', 'update']) await sql`drop trigger ${sql.id(`municipality_scores_stamp_${event}`)}`.execute(trx);
        }
        await trx.schema.dropTable('municipality_score_stamps').execute();
        await trx.schema.dropTable('catalogue_version').execute();
      });
    },
  };
}
