// Reads every request makes (who is asking, a municipality's state) remembered until the
// database changes — exactly, not for a while. On SQLite, a change by this connection moves
// `total_changes()` and a commit by any other connection (another server process, the CLI)
// moves `PRAGMA data_version` (seen from the next turn of the event loop); both are read from the
// connection in a few microseconds, and any change forgets every entry. Nothing is remembered while a transaction is open (its reads may
// see rows it will roll back). On PostgreSQL every read goes to the database: several app
// servers share it, and there is no equally cheap signal.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { sqliteConnection } from './connect.ts';
import type { Database } from './schema.ts';

interface Entries {
  version: string;
  /** `data_version` as read in this turn of the event loop (reads within one turn share it). */
  dataVersionThisTurn: unknown;
  values: Map<string, unknown>;
  /** `total_changes()` costs nothing; `PRAGMA data_version` takes a read lock (~5 µs here). */
  probe: { dataVersion: BetterSqlite3.Statement; totalChanges: BetterSqlite3.Statement };
}

const caches = new WeakMap<object, Entries | null>();
/** Bounds the memory a stream of distinct keys (e.g. forged session cookies) can take. */
const MAX_ENTRIES = 10_000;

function entriesFor(db: Kysely<Database>): Entries | null {
  let entries = caches.get(db);
  if (entries === undefined) {
    const sqlite = sqliteConnection(db);
    entries = sqlite
      ? {
          version: '',
          dataVersionThisTurn: undefined,
          values: new Map(),
          probe: { dataVersion: sqlite.prepare('pragma data_version').pluck(), totalChanges: sqlite.prepare('select total_changes()').pluck() },
        }
      : null;
    caches.set(db, entries);
  }
  return entries;
}

/**
 * This connection's change count (free to read, always read) and the database's data version,
 * read once per turn of the event loop: a request's reads then share one lock. A value loaded
 * after the version was read can only be newer than the version says, never older.
 */
function versionOf(e: Entries): string {
  if (e.dataVersionThisTurn === undefined) {
    e.dataVersionThisTurn = e.probe.dataVersion.get();
    setImmediate(() => {
      e.dataVersionThisTurn = undefined;
    });
  }
  return `${e.probe.totalChanges.get()}:${e.dataVersionThisTurn}`;
}

/** `load()`'s answer for `key`, from memory while the database has not changed since. */
export async function cachedRead<T>(db: Kysely<Database>, key: string, load: () => Promise<T>): Promise<T> {
  const entries = entriesFor(db);
  const sqlite = entries && sqliteConnection(db);
  if (!entries || !sqlite || sqlite.inTransaction) return load();
  const version = versionOf(entries);
  if (version !== entries.version) {
    entries.values.clear();
    entries.version = version;
  } else if (entries.values.has(key)) {
    return entries.values.get(key) as T;
  }
  const value = await load();
  // Remember it only if nothing changed while it was loading.
  if (!sqlite.inTransaction && version === versionOf(entries)) {
    if (entries.values.size >= MAX_ENTRIES) entries.values.clear();
    entries.values.set(key, value);
  }
  return value;
}
