// Per-fact sources for the open-source catalogue (issue #14): one row per fact about an
// alternative — its licence, an export format, a deployment option, a supplier, a municipality
// that uses it … — with the source that states it (a URL or a named document), the date the
// source was read, and whether the source states the fact (`verified` 1) or it is inferred or
// general knowledge (0; the note says which). `qualifiers` is a JSON object of the fact's
// qualifiers (`country`, `cvr`, `roles`, `municipality_code`, `operator`, `version`, `kind`).
// A fact holds one value per row: list facts (export formats, suppliers …) have one row per value,
// so (alternative, fact, value) is unique. The reference loader fills it from
// data/reference/alternative-facts.csv; the alternatives table keeps the single-valued facts as
// columns for the model and the export, and this table says where each comes from.
import type { Kysely } from 'kysely';
import { type Dialect, inTransaction, withId } from './util.ts';

export function alternativeFacts(dialect: Dialect) {
  return {
    async up(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await withId(dialect, trx.schema.createTable('alternative_facts'))
          .addColumn('alternative_id', 'integer', (c) => c.notNull().references('alternatives.id').onDelete('cascade'))
          .addColumn('fact', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('qualifiers', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('source_date', 'text', (c) => c.notNull())
          .addColumn('verified', 'integer', (c) => c.notNull())
          .addColumn('note', 'text')
          .addUniqueConstraint('alternative_facts_fact_uq', ['alternative_id', 'fact', 'value'])
          .execute();
      });
    },
    async down(db: Kysely<any>) {
      await inTransaction(db, async (trx) => {
        await trx.schema.dropTable('alternative_facts').execute();
      });
    },
  };
}
