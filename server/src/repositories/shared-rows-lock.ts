// Concurrent imports on PostgreSQL: one transaction-level advisory lock around the writes that
// imports of different municipalities share — new catalogue rows (products, vendors) and the
// publish step (the current pointer, the national aggregate).
//
// Why a lock and not a sorted insert order: the file streams in, and a product or vendor is
// created the moment its first row arrives, so two files that name the same new products in
// another order would take their unique-index entries in opposite orders and deadlock
// (`products_normalized_name_key`). `ON CONFLICT DO NOTHING` alone does not help: it waits for
// the other transaction's uncommitted row just like a plain insert. Sorting would mean holding
// the whole file before writing. So the first shared write of a transaction takes this lock
// and keeps it to commit or rollback; everything an import does before that touches only its
// own rows, so lock order is the same in every transaction and no cycle can form. Imports that
// create nothing new queue only for the short publish step. The writers still insert with
// `ON CONFLICT DO NOTHING` and read back, because a product committed by the previous holder
// is not in their cache (and reference loads write the catalogue without this lock).
//
// SQLite needs none of this: it admits one writer at a time.
import { sql } from 'kysely';
import { type Db, isPostgres } from './db-types.ts';

/** Any fixed number; it only has to be the same in every server process. */
const SHARED_ROWS_LOCK_KEY = 7_264_017;

/** Takes the lock (once) for the transaction `trx`; a no-op on SQLite. */
export type SharedRowsLock = () => Promise<void>;

export function sharedRowsLock(trx: Db): SharedRowsLock {
  if (!isPostgres(trx)) return async () => {};
  let taken: Promise<unknown> | null = null;
  return async () => {
    await (taken ??= sql`select pg_advisory_xact_lock(${sql.lit(SHARED_ROWS_LOCK_KEY)})`.execute(trx));
  };
}
