// Exit plans per system (issue #7): one checklist per municipality and usage key. The plan is
// keyed by the usage's stable key, not its row id, so it carries over when a new inventory
// version is imported, an edit or a rollback makes another version current: it is the
// municipality's current statement about the system, not a fact of one imported file.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function exitPlans(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('exit_plans'))
          .addColumn('municipality_code', 'integer', (c) => c.notNull().references('municipalities.code'))
          .addColumn('usage_key', 'text', (c) => c.notNull())
          /** The checklist as JSON (solutions/exit-plan.ts exitPlanSchema). */
          .addColumn('plan', 'text', (c) => c.notNull())
          /** The inventory version that was current when the plan was last saved. */
          .addColumn('saved_for_version_id', 'integer', (c) => c.references('inventory_versions.id').onDelete('set null'))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('updated_by', 'text', (c) => c.notNull())
          .addUniqueConstraint('exit_plans_usage_uq', ['municipality_code', 'usage_key'])
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('exit_plans').execute();
      });
    },
  };
}
