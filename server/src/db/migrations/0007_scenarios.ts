// Saved scenarios (issue #7): a municipality's "what if we replace X with Y from date D", named,
// private to its author or shared with colleagues in the same municipality. Only the
// replacements are stored; the before/after is recomputed from the current inventory on request.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function scenarios(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('scenarios'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('replacements', 'text', (c) => c.notNull())
          .addColumn('start_date', 'text')
          .addColumn('created_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
          .addColumn('created_by', 'text', (c) => c.notNull())
          .addColumn('shared', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await trx.schema.createIndex('scenarios_municipality_idx').on('scenarios').columns(['municipality_code', 'id']).execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('scenarios').execute();
      });
    },
  };
}
