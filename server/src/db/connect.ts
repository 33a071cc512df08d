// Opens the database named by a URL: a SQLite file path (embedded default) or postgres://….
// Both dialects return the same JS types (see schema.ts), so repositories have one code path.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, sql, type DatabaseConnection, type Driver, Kysely, PostgresDialect, type PostgresPool, SqliteDialect, type SqliteDatabase, type SqliteDialectConfig, SqliteDriver } from 'kysely';
import pg from 'pg';
import { ChangeListener } from './change-listener.ts';
import type { Dialect } from './migrations/util.ts';
import type { Database } from './schema.ts';

export interface DatabaseHandle {
  db: Kysely<Database>;
  dialect: Dialect;
  /** The SQLite file path, or null for PostgreSQL. */
  file: string | null;
  close(): Promise<void>;
}

/**
 * The raw better-sqlite3 connection under a Kysely instance that openDatabase created, for the
 * bulk paths that need one prepared statement (Kysely re-prepares every batch). A transaction
 * opened on that instance runs on this same connection. Null for PostgreSQL.
 */
const rawSqlite = new WeakMap<Kysely<Database>, SQLite.Database>();
export function sqliteConnection(db: Kysely<Database>): SQLite.Database | null {
  return rawSqlite.get(db) ?? null;
}

/** One prepared insert of `columns` into `table` on a raw SQLite connection: the bulk paths' statement, run once per row. */
export function preparedInsert(sqlite: SQLite.Database, table: string, columns: readonly string[]): SQLite.Statement {
  return sqlite.prepare(`insert into ${table} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`);
}

/**
 * The URL another connection (a worker thread's) opens to reach the same database an instance
 * from openDatabase reads: the SQLite file or the PostgreSQL URL. Null for an in-memory SQLite
 * database, which no other connection can see.
 */
const urls = new WeakMap<Kysely<Database>, string>();
export function databaseUrlOf(db: Kysely<Database>): string | null {
  return urls.get(db) ?? null;
}

/**
 * The raw pg client under a Kysely transaction (or connection) on PostgreSQL, for COPY, which
 * Kysely cannot send. Kysely keeps its clients private, so the pool that openDatabase hands it
 * marks each client it gives out: a probe query with a unique comment, sent through `db`, names
 * the client it ran on. Null on SQLite (nothing marks a client there).
 */
const probes = new Map<string, pg.PoolClient>();
let probeCount = 0;
const PROBE = '/*hf-client-probe:';
export async function pgClientOf(db: Kysely<Database>): Promise<pg.PoolClient | null> {
  const id = `${process.pid}-${++probeCount}`;
  try {
    await sql.raw(`${PROBE}${id}*/ select 1`).execute(db);
    return probes.get(id) ?? null;
  } finally {
    probes.delete(id);
  }
}

/** The pool as Kysely sees it: pg's, with each client's queries watched for a probe. */
function probingPool(pool: pg.Pool): PostgresPool {
  const marked = new WeakSet<pg.PoolClient>();
  const connect = pool.connect.bind(pool) as () => Promise<pg.PoolClient>;
  return {
    end: () => pool.end(),
    connect: async () => {
      const client = await connect();
      if (!marked.has(client)) {
        marked.add(client);
        const query = client.query.bind(client) as (...args: unknown[]) => unknown;
        (client as { query: unknown }).query = (...args: unknown[]) => {
          const text = args[0];
          if (typeof text === 'string' && text.startsWith(PROBE)) probes.set(text.slice(PROBE.length, text.indexOf('*/')), client);
          return query(...args);
        };
      }
      return client;
    },
  };
}

/** The read cache's change listener of a PostgreSQL database that openDatabase opened (started on first use). */
const listeners = new WeakMap<Kysely<Database>, ChangeListener>();
export function changeListenerOf(db: Kysely<Database>): ChangeListener | null {
  return listeners.get(db) ?? null;
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

// int8 (COUNT(*), SUM of integers) and numeric arrive as strings from pg by default; the app's
// counts and sums fit in a double, so parse them once here instead of in every query.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(1700, (v) => Number.parseFloat(v));

/**
 * better-sqlite3 as Kysely sees it, with prepared statements kept by their SQL text (least
 * recently used out first). Kysely prepares every query it runs; an API request's queries are the
 * same few texts again and again, and preparing costs as much as running them. Statements run
 * synchronously (`all`/`run`), so a cached one is never busy when it is handed out again.
 */
function withStatementCache(sqlite: SQLite.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = cache.get(sql);
      if (statement) cache.delete(sql);
      else statement = sqlite.prepare(sql);
      cache.set(sql, statement);
      if (cache.size > max) cache.delete(cache.keys().next().value!);
      return statement;
    },
  };
}

/**
 * SQLite transactions begin IMMEDIATE, taking the write lock at once (waiting up to the busy
 * timeout). A deferred one reads first and asks for the lock at its first write; when another
 * process (a second server, the CLI) committed in between, SQLite refuses at once with
 * SQLITE_BUSY_SNAPSHOT, which no busy timeout waits out. In one process nothing changes: Kysely
 * runs one transaction at a time on the one connection anyway.
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

export function openDatabase(url: string): DatabaseHandle {
  if (isPostgresUrl(url)) {
    const pool = new pg.Pool({ connectionString: url, max: 10 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: probingPool(pool) }) });
    urls.set(db, url);
    const listener = new ChangeListener(url);
    listeners.set(db, listener);
    return {
      db,
      dialect: 'postgres',
      file: null,
      close: async () => {
        await listener.close();
        await db.destroy();
      },
    };
  }
  const file = url.replace(/^sqlite:(\/\/)?/i, '');
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  rawSqlite.set(db, sqlite);
  if (file !== ':memory:') urls.set(db, file);
  return { db, dialect: 'sqlite', file: file === ':memory:' ? null : file, close: () => db.destroy() };
}
