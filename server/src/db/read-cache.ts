// Reads every request makes (who is asking, a municipality's state) remembered until the
// database changes — exactly, not for a while. On SQLite, a change by this connection moves
// `total_changes()` and a commit by any other connection (another server process, the CLI)
// moves `PRAGMA data_version` (seen from the next turn of the event loop); both are read from the
// connection in a few microseconds, and any change forgets every entry. Nothing is remembered while a transaction is open (its reads may
// see rows it will roll back). On PostgreSQL, where several app servers share the database, the
// signal is the database's change stamp, moved at every commit that changes what the cache may
// hold and read (shared between concurrent reads) before each cached read, with LISTEN/NOTIFY
// forgetting entries as soon as a change is announced: see db/change-listener.ts and the 0018
// migration. A write through this server is committed before it answers, so the next read here
// already reads the new stamp.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { ChangeListener } from './change-listener.ts';
import { changeListenerOf, sqliteConnection } from './connect.ts';
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

interface PgEntries {
  /** The change stamp the values were loaded at (or after), and the listener's generation then. */
  stamp: number;
  generation: number;
  values: Map<string, unknown>;
}
const pgCaches = new WeakMap<ChangeListener, PgEntries>();

async function cachedPgRead<T>(listener: ChangeListener, key: string, load: () => Promise<T>): Promise<T> {
  const stamp = await listener.stamp();
  if (stamp === null) return load();
  let e = pgCaches.get(listener);
  if (!e) pgCaches.set(listener, (e = { stamp, generation: listener.generation, values: new Map() }));
  if (stamp > e.stamp || listener.generation !== e.generation) {
    e.values.clear();
    e.stamp = stamp;
    e.generation = listener.generation;
  } else if (stamp < e.stamp) {
    // A stamp read older than the entries (reads interleave): answer from the database.
    return load();
  } else if (e.values.has(key)) {
    return e.values.get(key) as T;
  }
  const generation = listener.generation;
  const value = await load();
  // The value is at least as new as `stamp`; remember it only if nothing was announced since (an
  // announced change forgets everything, and a later read reads the newer stamp anyway).
  if (e.stamp === stamp && e.generation === generation && listener.generation === generation && listener.isListening) {
    if (e.values.size >= MAX_ENTRIES) e.values.clear();
    e.values.set(key, value);
  }
  return value;
}

/** `load()`'s answer for `key`, from memory while the database has not changed since. */
export async function cachedRead<T>(db: Kysely<Database>, key: string, load: () => Promise<T>): Promise<T> {
  const listener = changeListenerOf(db);
  if (listener) return cachedPgRead(listener, key, load);
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
