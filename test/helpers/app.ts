// Builds the real application on a fresh test database: migrated, reference data loaded and,
// when asked, demo inventories for a few municipalities.
import { loadConfig } from '../../server/src/config.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { loadDemoData } from '../../server/src/demo/load-demo.ts';
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

export async function createTestApp(kind: DatabaseKind, options: { demoCodes?: number[]; env?: Record<string, string> } = {}): Promise<TestApp> {
  const t = await createTestDatabase(kind);
  await migrateToLatest(t.handle);
  await loadReferenceData(t.handle.db);
  if (options.demoCodes?.length) await loadDemoData(t.handle.db, { seed: TEST_SEED, onlyIfEmpty: false, codes: options.demoCodes });
  const config = loadConfig({ ...TEST_ENV, DATABASE_URL: t.url, ...options.env }, process.cwd());
  return { app: createApp({ database: t.handle, config }), t };
}
