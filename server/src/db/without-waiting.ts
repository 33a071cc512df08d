// A write the request thread may skip rather than wait for. On SQLite one writer holds the
// database's write lock at a time, and an import (run by a worker thread on its own connection)
// holds it for the whole import; better-sqlite3 waits for a lock synchronously, so a write that
// waited up to the busy timeout would stall every request of the server. Writes on the read path
// (a session's last-seen time, a token's last use) and an import job's bookkeeping are worth
// nothing then: they are tried once without waiting, and skipped while another writer holds the lock.
import type { Kysely } from 'kysely';
import { sqliteConnection } from './connect.ts';
import type { Database } from './schema.ts';

const isBusy = (err: unknown) => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
};

/**
 * Runs `write` now, or not at all: true when it ran, false when SQLite's write lock was held by
 * another connection. The connection is held for the write, so no other query runs meanwhile
 * with the busy timeout lifted. On PostgreSQL (row locks, no database-wide lock) it simply runs.
 */
export async function writeWithoutWaiting(db: Kysely<Database>, write: (db: Kysely<Database>) => Promise<unknown>): Promise<boolean> {
  const sqlite = sqliteConnection(db);
  if (!sqlite) {
    await write(db);
    return true;
  }
  return db.connection().execute(async (connection) => {
    const before = sqlite.pragma('busy_timeout', { simple: true }) as number;
    sqlite.pragma('busy_timeout = 0');
    try {
      await write(connection);
      return true;
    } catch (err) {
      if (isBusy(err)) return false;
      throw err;
    } finally {
      sqlite.pragma(`busy_timeout = ${before}`);
    }
  });
}
