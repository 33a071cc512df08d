// Import jobs (issue #16): an upload through the API is imported by a worker thread, not on the
// HTTP thread. The job lives in the database, so any server can answer "how far is it?" for a
// job another one runs: its status (queued → running → done | failed), the rows read so far, and
// at the end the import's report (or the problem document a synchronous request would answer).
import { type Kysely, sql } from 'kysely';
import { type Dialect, inTransaction } from './util.ts';

export function workerImportJobs(_dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema
          .createTable('import_jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('queued', 'running', 'done', 'failed')`))
          .addColumn('runner', 'text', (c) => c.notNull())
          .addColumn('file_name', 'text', (c) => c.notNull())
          .addColumn('file_size', 'integer', (c) => c.notNull())
          .addColumn('rows_read', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('import_run_id', 'integer', (c) => c.references('import_runs.id').onDelete('set null'))
          .addColumn('report', 'text')
          .addColumn('problem', 'text')
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('actor_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('import_jobs_municipality_idx').on('import_jobs').columns(['municipality_code', 'created_at']).execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('import_jobs').execute();
      });
    },
  };
}
