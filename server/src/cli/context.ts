// What every CLI command shares: the usage error and the database it runs on. Its own module so
// main.ts (the entry point) imports the commands and nothing imports main.ts back.
//
// Commands that read or write data open the database prepared: migrated to the latest schema and
// with reference data loaded when the schema was new or the reference catalogue is empty, as
// `npm start` does, so `handlefrihed import FILE --municipality 461` works on a fresh file. What
// they did is said in one line on stderr (stdout stays the command's own, e.g. its --json).
import { loadConfig } from '../config.ts';
import { type DatabaseHandle, openDatabase } from '../db/connect.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { syncReferenceData } from '../services/sync-reference.ts';

export class UsageError extends Error {}

/** The database as it is (migrate, backup and restore handle the schema themselves). */
export async function withDatabase<T>(fn: (h: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = openDatabase(loadConfig().databaseUrl);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** The database migrated and with reference data, ready for a command that reads or writes data. */
export async function withPreparedDatabase<T>(fn: (h: DatabaseHandle) => Promise<T>, note: (m: string) => void = (m) => console.error(m)): Promise<T> {
  return withDatabase(async (handle) => {
    const migration = await migrateToLatest(handle);
    const municipality = await handle.db.selectFrom('municipalities').select('code').limit(1).executeTakeFirst();
    if (migration.applied.length || !municipality) {
      const reference = await syncReferenceData(handle.db);
      const backup = migration.backupFile ? `; kopi / backup: ${migration.backupFile}` : '';
      note(
        migration.applied.length
          ? `Databasen er migreret (${migration.applied.length} migreringer) og referencedata indlæst (${reference.inserted} rækker) / migrated the database and loaded reference data${backup}`
          : `Referencedata indlæst (${reference.inserted} rækker) / loaded reference data`,
      );
    }
    return fn(handle);
  });
}
