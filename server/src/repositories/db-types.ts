// What a repository function takes: the database or an open transaction over it.
import { type CompiledQuery, type Expression, type Kysely, PostgresAdapter, type SqlBool, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { now } from '../clock.ts';

export type Db = Kysely<Database> | Transaction<Database>;

export const isPostgres = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * A where-clause: `column` is one of the values a one-column subquery returns — a few current
 * inventory versions, or the usages of some versions. On PostgreSQL it is written
 * `= any(array(subquery))`: the subquery runs once before the scan (an InitPlan) and its values
 * are an index condition on `column`. Written `in (subquery)`, PostgreSQL may turn it into a join
 * and, when the other side looks small, walk a version-scoped table's whole index — every version
 * ever imported — probing the subquery for each row. SQLite runs `in (subquery)` as a lookup per value.
 */
export function oneOf(db: Db, column: string, values: Expression<unknown>): Expression<SqlBool> {
  return isPostgres(db) ? sql<SqlBool>`${sql.ref(column)} = any(array${values})` : sql<SqlBool>`${sql.ref(column)} in ${values}`;
}

/** SQLite and PostgreSQL booleans, as stored (see db/schema.ts). */
export const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);
export const optionalFlag = (b: boolean | null | undefined): 0 | 1 | null => (b == null ? null : flag(b));
export const fromFlag = (f: 0 | 1 | null): boolean | null => (f == null ? null : f === 1);

/**
 * Splits rows into batches that stay under SQLite's bound-parameter limit. An array is sliced; any
 * other iterable (a generator) is read as it goes, so its rows never all exist at once.
 */
export function* chunks<T>(rows: Iterable<T>, columnsPerRow: number, maxParams = 30_000): Generator<T[]> {
  const size = Math.max(1, Math.floor(maxParams / Math.max(1, columnsPerRow)));
  if (Array.isArray(rows)) {
    for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
    return;
  }
  let part: T[] = [];
  for (const row of rows) {
    part.push(row);
    if (part.length === size) {
      yield part;
      part = [];
    }
  }
  if (part.length) yield part;
}

/** A timestamp for stored data, on the clock's calendar (see clock.ts). */
export const nowIso = (): string => now().toISOString();

/** The calendar day of an ISO timestamp. */
export const isoDay = (iso: string): string => iso.slice(0, 10);

/**
 * Enum columns hold vocabulary values that zod validated when they were written (imports,
 * reference data); reading them back is the one place their text type is narrowed again.
 */
export const stored = <T extends string>(value: string | null | undefined): T | null => (value ?? null) as T | null;

/**
 * A query compiled once per database and run again with new arguments. Kysely compiles every
 * query it builds, which costs about as much as running a small indexed one; the reads made on
 * every request (who is asking, a municipality's state) skip it. `build` receives sentinel
 * arguments the first time, so each bound parameter is known to be an argument or a constant.
 */
export function reusableQuery<Args extends (string | number)[], Row>(
  build: (db: Db, ...args: Args) => { compile(): CompiledQuery<Row> },
): (db: Db, ...args: Args) => Promise<Row[]> {
  const compiled = new WeakMap<Db, { query: CompiledQuery<Row>; argumentAt: number[] }>();
  return async (db, ...args) => {
    let entry = compiled.get(db);
    if (!entry) {
      const sentinels = args.map((_, i) => `\u0000argument ${i}\u0000`) as Args;
      const query = build(db, ...sentinels).compile();
      entry = { query, argumentAt: query.parameters.map((p) => sentinels.indexOf(p as never)) };
      compiled.set(db, entry);
    }
    const { query, argumentAt } = entry;
    const parameters = query.parameters.map((p, i) => (argumentAt[i]! >= 0 ? args[argumentAt[i]!] : p));
    return (await db.executeQuery<Row>({ ...query, parameters })).rows;
  };
}
