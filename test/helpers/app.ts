// Builds the real application on a fresh test database: migrated, reference data loaded and,
// when asked, demo inventories for a few municipalities.
import type { Hono } from 'hono';
import { loadConfig } from '../../server/src/config.ts';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { loadDemoData } from '../../server/src/demo/load-demo.ts';
import { createApp } from '../../server/src/http/app.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases.ts';

export const TEST_SEED = 4242;

export interface TestApp {
  app: Hono;
  t: TestDatabase;
}

export async function createTestApp(kind: DatabaseKind, options: { demoCodes?: number[] } = {}): Promise<TestApp> {
  const t = await createTestDatabase(kind);
  await migrateToLatest(t.handle);
  await loadReferenceData(t.handle.db);
  if (options.demoCodes?.length) await loadDemoData(t.handle.db, { seed: TEST_SEED, onlyIfEmpty: false, codes: options.demoCodes });
  const config = loadConfig({ DATABASE_URL: t.url }, process.cwd());
  return { app: createApp({ database: t.handle, config }), t };
}
