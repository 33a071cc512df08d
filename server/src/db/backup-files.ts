// Backup files, both databases: copying a live SQLite file through SQLite's online backup API,
// running PostgreSQL's own pg_dump/pg_restore, reading a backup's schema version, and telling
// whether a database holds data. Every backup file is created with mode 600 before a byte is
// written: it holds password hashes.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { ConfigError, ConflictError, InputError } from '../errors.ts';
import type { Dialect } from './migrations/util.ts';
import type { Database } from './schema.ts';

export const BACKUP_MODE = 0o600;
const ALL_PAGES = 0x7fffffff;

/** Where `handlefrihed backup` writes without --out: var/backups/ under the working folder, like the default database. */
export function defaultBackupFile(dialect: Dialect, now: Date, label = '', dir = resolve('var/backups')): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  return join(dir, `handlefrihed-${stamp}${label ? `-${label}` : ''}.${dialect === 'sqlite' ? 'db' : 'dump'}`);
}

/** Creates the (empty) backup file with mode 600, and its folder with 700; refuses to overwrite a file. */
export function createPrivateFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  let fd: number;
  try {
    fd = openSync(file, 'wx', BACKUP_MODE);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new ConflictError(`${file} exists already; name another file with --out.`);
    throw err;
  }
  closeSync(fd);
  chmodSync(file, BACKUP_MODE); // the umask may have taken bits away, never added any; be explicit
}

/**
 * A consistent copy of a live SQLite database through the online backup API (the server may
 * keep writing meanwhile). All pages go in one step: in small steps, every commit by another
 * connection restarts the copy, and against a busy server it never finishes; one step reads a
 * WAL snapshot and does not block writers. The copy is one self-contained file (no -wal/-shm).
 */
export async function copySqlite(source: SQLite.Database, target: string): Promise<void> {
  if (!existsSync(target)) createPrivateFile(target);
  await source.backup(target, { progress: () => ALL_PAGES });
  const copy = new SQLite(target, { fileMustExist: true });
  try {
    copy.pragma('journal_mode = DELETE');
  } finally {
    copy.close();
  }
  chmodSync(target, BACKUP_MODE);
}

/** Puts a backup's content into the SQLite file `target` (which other connections may hold open). */
export async function restoreSqlite(backup: string, target: string): Promise<void> {
  const source = new SQLite(backup, { readonly: true, fileMustExist: true });
  try {
    await source.backup(target);
  } finally {
    source.close();
  }
}

/** 'sqlite' or 'postgres' by the file's first bytes; null for anything else. */
export function backupKind(file: string): Dialect | null {
  if (!existsSync(file) || !statSync(file).isFile()) throw new InputError(`There is no file ${file}.`);
  const head = Buffer.alloc(16);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') === 'SQLite format 3\0') return 'sqlite';
  if (head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'postgres';
  return null;
}

/** The migrations recorded in a SQLite backup (its schema), in order. */
export function sqliteBackupMigrations(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    return db.prepare('select name from kysely_migration order by name').pluck().all() as string[];
  } catch {
    throw new InputError(`${file} is a SQLite file, but not a handlefrihed database (it has no migration table).`);
  } finally {
    db.close();
  }
}

/** Tables of ours (not the migration bookkeeping), with how many rows each holds. */
export async function tableRowCounts(db: Kysely<Database>, dialect: Dialect): Promise<Map<string, number>> {
  const names =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%'`.execute(db)).rows.map((r) => r.name)
      : (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(db)).rows.map((r) => r.name);
  const counts = new Map<string, number>();
  for (const name of names.filter((n) => !n.startsWith('kysely_migration')).sort()) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(db);
    counts.set(name, Number(r.rows[0]!.n));
  }
  return counts;
}

/**
 * Tables whose rows the migrations themselves write and triggers keep moving (cache stamps, not
 * data): a freshly migrated database has them, so they never make it "hold data".
 */
const STAMP_TABLES = new Set(['change_stamp', 'change_marks', 'catalogue_version', 'municipality_score_stamps']);

export async function holdsData(db: Kysely<Database>, dialect: Dialect): Promise<number> {
  let rows = 0;
  for (const [table, n] of await tableRowCounts(db, dialect)) if (!STAMP_TABLES.has(table)) rows += n;
  return rows;
}

// --- PostgreSQL: its own tools ------------------------------------------------------------------

/** The exact commands, as the README documents them (and the tests run them). */
export const pgDumpArgs = (file: string, url: string) => ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`, `--dbname=${url}`];
export const pgRestoreArgs = (file: string, url: string) => ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--dbname=${url}`, file];

/**
 * pg_dump, pg_restore …: in PG_BINDIR when it is set; else on PATH; else the newest
 * /usr/lib/postgresql/<version>/bin (Debian and Ubuntu install there, off PATH). Null if none.
 */
export function findPgTool(tool: 'pg_dump' | 'pg_restore', bindir: string | null, installRoot = '/usr/lib/postgresql'): string | null {
  if (bindir) return existsSync(join(bindir, tool)) ? join(bindir, tool) : null;
  if (!spawnSync(tool, ['--version'], { stdio: 'ignore' }).error) return tool;
  const versions = existsSync(installRoot) ? readdirSync(installRoot).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const candidate = join(installRoot, v, 'bin', tool);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** The documented command line (called with the URL as $DATABASE_URL), for messages. */
function shown(tool: string, args: string[]): string {
  return [tool, ...args.map((a) => a.replace(/^--dbname=(.*)$/, '--dbname="$1"'))].join(' ');
}

/**
 * Runs pg_dump or pg_restore. The password moves from the URL to PGPASSWORD, so that it does not
 * show in the process list; a missing tool or a failure stops with one sentence naming the command.
 */
export function runPgTool(tool: 'pg_dump' | 'pg_restore', bindir: string | null, args: (url: string) => string[], url: string): string {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  const documented = shown(tool, args('$DATABASE_URL'));
  const path = findPgTool(tool, bindir);
  if (!path) {
    throw new ConfigError(`${tool} was not found (set PG_BINDIR, or install the PostgreSQL client tools); run it yourself: ${documented}`);
  }
  // The child inherits our environment (PGSSLMODE, PGSERVICE … still apply), plus the password.
  const r = spawnSync(path, args(parsed.toString()), { encoding: 'utf8', env: password ? { ...process.env, PGPASSWORD: password } : process.env, maxBuffer: 256 << 20 });
  if (r.error || r.status !== 0) {
    const why = (r.error?.message ?? r.stderr).trim().split('\n')[0];
    throw new ConfigError(`${tool} failed (${why}); the command was: ${documented}`);
  }
  return r.stdout;
}

/** The migrations recorded in a pg_dump custom-format file, read with pg_restore (nothing is restored). */
export function pgBackupMigrations(file: string, bindir: string | null): string[] {
  const path = findPgTool('pg_restore', bindir);
  if (!path) throw new ConfigError(`pg_restore was not found (set PG_BINDIR, or install the PostgreSQL client tools).`);
  const r = spawnSync(path, ['--data-only', '--table=kysely_migration', '--file=-', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new InputError(`${file} cannot be read by pg_restore: ${r.stderr.trim().split('\n')[0]}`);
  const lines = r.stdout.split('\n');
  const start = lines.findIndex((l) => /^COPY .*kysely_migration /.test(l));
  if (start < 0) throw new InputError(`${file} is a PostgreSQL dump, but not of a handlefrihed database (it has no migration table).`);
  const names: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '\\.') break;
    names.push(line.split('\t')[0]!);
  }
  return names.sort();
}

/** Drops every table in the current schema: a restored dump then meets no table of a later version. */
export async function dropAllTables(db: Kysely<Database>): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const names = (await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = current_schema()`.execute(trx)).rows.map((r) => r.name);
    for (const name of names) await sql`drop table if exists ${sql.table(name)} cascade`.execute(trx);
  });
}
