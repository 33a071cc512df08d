// Brings a database to a usable state: migrate, load reference data, and (only when no
// municipality has an inventory yet) the fictitious demo data. Shared by the server and the CLI.
import type { Config } from './config.ts';
import { type DatabaseHandle, openDatabase } from './db/connect.ts';
import { migrateToLatest } from './db/migrate.ts';
import { loadDemoData } from './demo/load-demo.ts';
import { syncReferenceData } from './services/sync-reference.ts';

export type Log = (message: string) => void;

export async function prepareDatabase(config: Config, options: { demo: boolean; log: Log }): Promise<DatabaseHandle> {
  const { log } = options;
  const database = openDatabase(config.databaseUrl);
  try {
    const migration = await migrateToLatest(database);
    if (migration.backupFile) log(`Backed up the database to ${migration.backupFile}`);
    if (migration.applied.length) log(`Applied migrations: ${migration.applied.join(', ')}`);
    const reference = await syncReferenceData(database.db);
    if (reference.inserted || reference.updated) {
      log(`Reference data: ${reference.inserted} rows added, ${reference.updated} updated`);
    }
    if (options.demo) {
      const demo = await loadDemoData(database.db, { seed: config.demoSeed, onlyIfEmpty: true });
      if (demo.municipalities) log(`Demo data (fiktive demodata): ${demo.municipalities} municipalities, ${demo.usages} system usages`);
    }
    return database;
  } catch (err) {
    await database.close();
    throw err;
  }
}

/** The URL a worker thread opens its own connection with (imports, KITOS syncs); null for an in-memory database. */
export function workerDatabaseUrl(database: DatabaseHandle, config: Config): string | null {
  return database.dialect === 'sqlite' ? database.file : config.databaseUrl;
}
