// Builds the real application on a fresh test database: migrated, reference data loaded and,
// when asked, demo inventories for a few municipalities.
import { loadConfig } from '../../server/src/config.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../server/src/db/schema.ts';
import { generateDemoInventory } from '../../server/src/demo/generate.ts';
import { loadDemoData, readDemoCatalogue } from '../../server/src/demo/load-demo.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { rescoreAll } from '../../server/src/services/scores.ts';
import { aRun } from './builders.ts';
import { today } from './clock.ts';
import { createApp } from '../../server/src/http/app.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';

export const TEST_SEED = 4242;

export interface TestApp {
  app: ReturnType<typeof createApp>;
  t: TestDatabase;
}

/** The cheapest scrypt cost the server accepts: tests create many users. */
export const TEST_ENV = { PASSWORD_SCRYPT_N: '16384' };

/**
 * `demoCodes`: fictitious demo inventories for these municipalities. `realCodes`: the generator's
 * inventories loaded as real imports — for tests that need several real municipalities (demo and
 * real data never count together, so a test mixing them with a real import would see only the real).
 */
export async function createTestApp(kind: DatabaseKind, options: { demoCodes?: number[]; realCodes?: number[]; env?: Record<string, string> } = {}): Promise<TestApp> {
  const t = await createTestDatabase(kind);
  await migrateToLatest(t.handle);
  await loadReferenceData(t.handle.db);
  if (options.demoCodes?.length) await loadDemoData(t.handle.db, { seed: TEST_SEED, onlyIfEmpty: false, codes: options.demoCodes });
  if (options.realCodes?.length) await loadGeneratedAsReal(t.handle.db, options.realCodes);
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: t.url, ...options.env }, process.cwd());
  return { app: createApp({ database: t.handle, config }), t };
}

/** The demo generator's inventories for `codes`, imported as real data (kind 'import'), then one national rescore. */
export async function loadGeneratedAsReal(db: Kysely<Database>, codes: readonly number[]): Promise<void> {
  const catalogue = await readDemoCatalogue(db);
  const municipalities = await db.selectFrom('municipalities').select(['code', 'name']).where('code', 'in', [...codes]).orderBy('code').execute();
  for (const m of municipalities) {
    const records = inventoryRecords.parse(generateDemoInventory(catalogue, m, TEST_SEED, today()));
    await replaceInventory(db, { municipalityCode: m.code, records, kind: 'import', deferNational: true, run: aRun({ fileName: `generated-${m.code}.json` }) });
  }
  await rescoreAll(db);
}
