// Stored lock-in scores, always tied to the inventory version and the model version they were
// computed from, so a score is reproducible and never silently outlives its inputs.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function scores(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema
          .createTable('usage_scores')
          .addColumn('usage_id', 'integer', (c) => c.primaryKey().references('system_usages.id').onDelete('cascade'))
          .addColumn('inventory_version_id', 'integer', (c) => c.notNull().references('inventory_versions.id').onDelete('cascade'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull())
          .addColumn('model_version', 'text', (c) => c.notNull())
          .addColumn('as_of', 'text', (c) => c.notNull())
          .addColumn('lockin', 'double precision', (c) => c.notNull())
          .addColumn('lockin_optimistic', 'double precision', (c) => c.notNull())
          .addColumn('band', 'text', (c) => c.notNull())
          .addColumn('exposure', 'double precision', (c) => c.notNull())
          .addColumn('priority', 'double precision', (c) => c.notNull())
          .addColumn('confidence', 'double precision', (c) => c.notNull())
          .addColumn('flags', 'text', (c) => c.notNull())
          .addColumn('next_exit', 'text')
          .addColumn('explanation', 'text', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('usage_scores_version_idx').on('usage_scores').columns(['inventory_version_id', 'priority']).execute();

        await trx.schema
          .createTable('municipality_scores')
          .addColumn('inventory_version_id', 'integer', (c) => c.primaryKey().references('inventory_versions.id').onDelete('cascade'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('model_version', 'text', (c) => c.notNull())
          .addColumn('as_of', 'text', (c) => c.notNull())
          .addColumn('computed_at', 'text', (c) => c.notNull())
          .addColumn('lockin', 'double precision')
          .addColumn('confidence', 'double precision', (c) => c.notNull())
          .addColumn('provisional', 'integer', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .execute();

        await withId(dialect, trx.schema.createTable('national_scores'))
          .addColumn('model_version', 'text', (c) => c.notNull())
          .addColumn('as_of', 'text', (c) => c.notNull())
          .addColumn('computed_at', 'text', (c) => c.notNull())
          .addColumn('municipality_count', 'integer', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          // National HHI per function category (an F5 input), from the last full recomputation.
          .addColumn('category_hhi', 'text', (c) => c.notNull())
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        for (const t of ['national_scores', 'municipality_scores', 'usage_scores']) await trx.schema.dropTable(t).execute();
      });
    },
  };
}
