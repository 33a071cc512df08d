// Backup and restore of the whole database, for `handlefrihed backup` / `restore` and before
// `migrate --down`. SQLite through its online backup API (consistent while the server serves),
// PostgreSQL through pg_dump/pg_restore. A restore refuses a backup from a newer schema, takes a
// copy of a database that holds data before replacing it (and only with `yes`), migrates an older
// backup to this version afterwards, and is written to the audit log.
import { rmSync } from 'node:fs';
import { basename } from 'node:path';
import { sqliteConnection, type DatabaseHandle } from '../db/connect.ts';
import {
  backupKind,
  copySqlite,
  createPrivateFile,
  defaultBackupFile,
  dropAllTables,
  holdsData,
  pgBackupMigrations,
  pgDumpArgs,
  pgRestoreArgs,
  restoreSqlite,
  runPgTool,
  sqliteBackupMigrations,
} from '../db/backup-files.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { migrations } from '../db/migrations/index.ts';
import { ConflictError, InputError } from '../errors.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';

export interface BackupSettings {
  /** The database URL (PostgreSQL: pg_dump and pg_restore connect with it). */
  databaseUrl: string;
  /** PG_BINDIR: where pg_dump and pg_restore are; null to look on PATH, then /usr/lib/postgresql/*\/bin. */
  pgBindir: string | null;
}

/** Writes a backup to `out` (default var/backups/handlefrihed-<time>[-label].db|.dump), mode 600. */
export async function backupDatabase(handle: DatabaseHandle, settings: BackupSettings, options: { out?: string; label?: string; now?: Date } = {}): Promise<string> {
  const file = options.out ?? defaultBackupFile(handle.dialect, options.now ?? new Date(), options.label);
  const sqlite = sqliteConnection(handle.db);
  createPrivateFile(file);
  try {
    if (sqlite) await copySqlite(sqlite, file);
    else runPgTool('pg_dump', settings.pgBindir, (url) => pgDumpArgs(file, url), settings.databaseUrl);
  } catch (err) {
    rmSync(file, { force: true }); // no half-written file that looks like a backup
    throw err;
  }
  return file;
}

export interface RestoreOutcome {
  /** The schema version the backup had, and the one the database has now (after migrating). */
  fromSchemaVersion: number;
  schemaVersion: number;
  migrated: string[];
  /** The copy of what the restore replaced (only when the database held data). */
  replacedBackup: string | null;
}

/** Restores `file` over the database of `handle`. */
export async function restoreDatabase(
  handle: DatabaseHandle,
  settings: BackupSettings,
  actor: AuditActor,
  file: string,
  options: { yes: boolean; now?: Date },
): Promise<RestoreOutcome> {
  const kind = backupKind(file);
  if (kind !== handle.dialect) {
    throw new InputError(kind === null ? `${file} is not a handlefrihed backup (neither a SQLite file nor a pg_dump custom-format file).` : `${file} is a ${kind} backup, but DATABASE_URL names a ${handle.dialect} database.`);
  }
  const recorded = kind === 'sqlite' ? sqliteBackupMigrations(file) : pgBackupMigrations(file, settings.pgBindir);
  const known = Object.keys(migrations(handle.dialect));
  const unknown = recorded.filter((name) => !known.includes(name));
  if (unknown.length) {
    throw new ConflictError(
      `${file} comes from a newer version of handlefrihed (schema version ${recorded.length}, with ${unknown.join(', ')}; this version knows ${known.length}), so restore it with that version or a later one.`,
    );
  }
  const rows = await holdsData(handle.db, handle.dialect);
  if (rows > 0 && !options.yes) {
    throw new ConflictError(`The database holds data (${rows} rows), so restore overwrites it only with --yes (it then backs it up first).`);
  }
  const replacedBackup = rows > 0 ? await backupDatabase(handle, settings, { label: 'before-restore', now: options.now }) : null;
  if (kind === 'sqlite') await restoreSqlite(file, handle.file!);
  else {
    await dropAllTables(handle.db);
    runPgTool('pg_restore', settings.pgBindir, (url) => pgRestoreArgs(file, url), settings.databaseUrl);
  }
  const migration = await migrateToLatest(handle);
  const outcome = { fromSchemaVersion: recorded.length, schemaVersion: migration.schemaVersion, migrated: migration.applied, replacedBackup };
  await recordAudit(handle.db, actor, { action: 'database.restore', entityType: 'database', entityId: basename(file), after: { file, ...outcome } });
  return outcome;
}
