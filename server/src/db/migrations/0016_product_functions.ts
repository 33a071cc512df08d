// What each catalogue product does (issue #14): one row per (product, function term) of the closed
// function taxonomy (`FUNCTION_TERMS`, server/src/domain/vocabulary.ts), with the source that says so
// (a URL, a named project document or "general knowledge", the note saying what it rests on). The
// reference loader fills it from data/reference/product-functions.csv; exit paths match a system
// with a candidate by these terms (an alternative's terms are its `function` rows of alternative_facts).
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function productFunctions(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('product_functions'))
          .addColumn('product_id', 'integer', (c) => c.notNull().references('products.id').onDelete('cascade'))
          .addColumn('term', 'text', (c) => c.notNull())
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('note', 'text')
          .addUniqueConstraint('product_functions_term_uq', ['product_id', 'term'])
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('product_functions').execute();
      });
    },
  };
}
