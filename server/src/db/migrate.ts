// Runs the migrations: backs up a SQLite file before it changes (mode 600: it holds password
// hashes), names the migration that failed, and reports the schema version (the number of
// applied migrations). `migrate --down` backs up through services/backup.ts, both databases.
import { existsSync, statSync } from 'node:fs';
import { type Migration, Migrator, sql, type MigrationResult } from 'kysely';
import { MigrationError } from '../errors.ts';
import { copySqlite } from './backup-files.ts';
import { type DatabaseHandle, sqliteConnection } from './connect.ts';
import { migrations } from './migrations/index.ts';

export interface MigrationOutcome {
  applied: string[];
  schemaVersion: number;
  backupFile: string | null;
}

type MigrationList = Record<string, Migration>;

function migrator(handle: DatabaseHandle, list: MigrationList = migrations(handle.dialect)): Migrator {
  return new Migrator({ db: handle.db, provider: { getMigrations: async () => list } });
}

function check(results: MigrationResult[] | undefined, error: unknown): string[] {
  const failed = results?.find((r) => r.status === 'Error');
  if (error) throw new MigrationError(failed?.migrationName ?? '(migration bookkeeping)', error);
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Copies the SQLite file (consistently, through SQLite itself) before a migration touches it. */
async function backupSqlite(handle: DatabaseHandle, firstPending: string): Promise<string | null> {
  if (!handle.file || !existsSync(handle.file) || statSync(handle.file).size === 0) return null;
  const hasTables = await sql<{ n: number }>`select count(*) as n from sqlite_master where type = 'table'`.execute(handle.db);
  if (!hasTables.rows[0]?.n) return null;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = `${handle.file}.backup-${stamp}-before-${firstPending}`;
  await copySqlite(sqliteConnection(handle.db)!, target);
  return target;
}

/** `list` defaults to the application's migrations; tests pass their own to provoke failures. */
export async function migrateToLatest(handle: DatabaseHandle, list?: MigrationList): Promise<MigrationOutcome> {
  const m = migrator(handle, list);
  const pending = (await m.getMigrations()).filter((x) => !x.executedAt);
  const backupFile = pending[0] && handle.dialect === 'sqlite' ? await backupSqlite(handle, pending[0].name) : null;
  const { results, error } = await m.migrateToLatest();
  const applied = check(results, error);
  return { applied, schemaVersion: (await m.getMigrations()).filter((x) => x.executedAt).length, backupFile };
}

/** Reverts the latest migration (used by tests and by an operator undoing an upgrade). */
export async function migrateDown(handle: DatabaseHandle): Promise<string[]> {
  const { results, error } = await migrator(handle).migrateDown();
  return check(results, error);
}

/** How many migrations have run (one count: the health check asks on every probe). */
export async function schemaVersion(handle: DatabaseHandle): Promise<number> {
  const known = new Set(Object.keys(migrations(handle.dialect)));
  const ran = await sql<{ name: string }>`select name from kysely_migration`.execute(handle.db).catch(() => ({ rows: [] }));
  return ran.rows.filter((r) => known.has(r.name)).length;
}
