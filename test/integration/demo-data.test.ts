import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { loadDemoData, removeDemoData } from '../../server/src/demo/load-demo.ts';
import { readWorld } from '../../server/src/repositories/world.repository.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

const CODES = [153, 615];

/** The generated content, without surrogate ids and clock values. */
async function content(db: Kysely<Database>) {
  const usages = await db
    .selectFrom('system_usages as u')
    .innerJoin('products as p', 'p.id', 'u.product_id')
    .leftJoin('vendors as s', 's.id', 'u.supplier_vendor_id')
    .leftJoin('vendors as h', 'h.id', 'u.hosted_by_vendor_id')
    .select(['u.municipality_code', 'u.usage_key', 'p.name as product', 's.name as supplier', 'h.name as host', 'u.hosting_model', 'u.criticality', 'u.exit_plan', 'u.provenance'])
    .orderBy('u.municipality_code')
    .orderBy('u.usage_key')
    .execute();
  const contracts = await db
    .selectFrom('contracts')
    .select(['municipality_code', 'name', 'valid_from', 'valid_to', 'notice_months', 'yearly_operation_cost_dkk'])
    .orderBy('municipality_code')
    .orderBy('name')
    .execute();
  const hashes = await db.selectFrom('inventory_versions').select(['municipality_code', 'content_hash']).orderBy('municipality_code').execute();
  return { usages, contracts, hashes };
}

describe.each(databaseKinds)('demo data on %s', (kind) => {
  let a: TestDatabase;
  let b: TestDatabase;
  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(kind), createTestDatabase(kind)]);
    for (const t of [a, b]) {
      await migrateToLatest(t.handle);
      await loadReferenceData(t.handle.db);
    }
  });
  afterAll(async () => Promise.all([a.drop(), b.drop()]));

  it('is deterministic: the same seed gives the same rows in two databases', async () => {
    await loadDemoData(a.handle.db, { seed: 99, onlyIfEmpty: false, codes: CODES });
    await loadDemoData(b.handle.db, { seed: 99, onlyIfEmpty: false, codes: CODES });
    const [ca, cb] = [await content(a.handle.db), await content(b.handle.db)];
    expect(ca.usages.length).toBeGreaterThanOrEqual(300);
    expect(ca).toEqual(cb);
  });

  it('labels everything it writes as demo and loads only into an empty database', async () => {
    const db = a.handle.db;
    expect(await db.selectFrom('inventory_versions').select('demo').distinct().execute()).toEqual([{ demo: 1 }]);
    expect(await db.selectFrom('import_runs').select(['demo', 'status', 'actor']).distinct().execute()).toEqual([{ demo: 1, status: 'committed', actor: 'demo-generator' }]);
    expect(await readWorld(db)).toBe('demo');
    expect(await loadDemoData(db, { seed: 99, onlyIfEmpty: true })).toEqual({ municipalities: 0, usages: 0 });
  });

  it('reset removes demo data, keeps real imports and rebuilds the same content', async () => {
    const db = a.handle.db;
    const before = await content(db);
    const real = await replaceInventory(db, { municipalityCode: 101, records: inventoryRecords.parse({ usages: [aUsage()] }), kind: 'import', run: aRun() });
    expect(await readWorld(db)).toBe('real');
    // An exit plan and a scenario on a demo municipality, and an exit plan on the real one.
    const now = new Date().toISOString();
    const plan = (code: number) => ({ municipality_code: code, usage_key: 'k', plan: '{}', saved_for_version_id: null, created_at: now, updated_at: now, updated_by: 'test' });
    await db.insertInto('exit_plans').values([plan(CODES[0]!), plan(101)]).execute();
    await db.insertInto('scenarios').values({ municipality_code: CODES[0]!, name: 'S', replacements: '[]', start_date: null, created_by_user_id: null, created_by: 'test', shared: 0, created_at: now, updated_at: now }).execute();
    expect((await removeDemoData(db, { userId: null, label: 'test' })).municipalities).toBe(CODES.length);
    expect(await db.selectFrom('exit_plans').select('municipality_code').execute()).toEqual([{ municipality_code: 101 }]);
    expect(await db.selectFrom('scenarios').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('system_usages').select('municipality_code').distinct().execute()).toEqual([{ municipality_code: 101 }]);
    await loadDemoData(db, { seed: 99, onlyIfEmpty: false, codes: CODES });
    const after = await content(db);
    expect(after.usages.filter((u) => u.municipality_code !== 101)).toEqual(before.usages);
    expect(await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 101).executeTakeFirst()).toEqual({
      inventory_version_id: real.inventoryVersionId,
    });
  });
});
