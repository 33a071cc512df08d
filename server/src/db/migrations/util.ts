// Helpers shared by migrations. Migrations never import application code: they describe the
// schema as it was when they were written, so these helpers are frozen with them.
import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely } from 'kysely';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Kysely runs SQLite migrations outside a transaction (kysely #56), while on PostgreSQL the
 * migrator already holds one. Wrap each body so it commits whole or not at all on both.
 */
export async function inTransaction(db: Kysely<any>, body: (trx: Kysely<any>) => Promise<void>): Promise<void> {
  if (db.isTransaction) return body(db);
  await db.transaction().execute(body);
}

/** An integer surrogate key: SQLite's rowid alias, PostgreSQL's identity column. */
export function withId<T extends string, C extends string>(
  dialect: Dialect,
  table: CreateTableBuilder<T, C>,
): CreateTableBuilder<T, C | 'id'> {
  return table.addColumn('id', 'integer', (col: ColumnDefinitionBuilder) =>
    dialect === 'postgres' ? col.primaryKey().generatedByDefaultAsIdentity() : col.primaryKey(),
  );
}
