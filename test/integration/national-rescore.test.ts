// The national recomputation in worker threads (rescoreAll): the workers load and score one
// municipality at a time each through their own connection, this thread writes. What it stores
// must be exactly what scoring in this thread stores, and a failure in a worker must leave
// every stored score as it was.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { computeCategoryHhi } from '../../server/src/repositories/scoring-input.repository.ts';
import type { World } from '../../server/src/repositories/world.repository.ts';
import { rescoreAll } from '../../server/src/services/scores.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const AS_OF = '2026-06-01';

describe.each(databaseKinds)('national recomputation in worker threads on %s', (kind) => {
  let ctx: TestApp;
  beforeAll(async () => {
    // Demo inventories (København the largest) and one real one: both worlds are scored.
    ctx = await createTestApp(kind, { demoCodes: [101, 147, 751, 851] });
    const records = inventoryRecords.parse({
      usages: [
        aUsage({ product_name: 'Microsoft 365 (suite)', supplier: { name: 'Microsoft Corporation', cvr: null }, hosting_model: 'vendor_hosted', criticality: 'critical' }),
        aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
      ],
    });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 461, records, kind: 'import', run: aRun() });
  }, 600_000);
  afterAll(async () => ctx.t.drop());

  /** Everything a recomputation stores, in a fixed order, without the wall-clock stamps. */
  const stored = async () => {
    const db = ctx.t.handle.db;
    return {
      usages: await db.selectFrom('usage_scores').selectAll().orderBy('inventory_version_id').orderBy('usage_id').execute(),
      municipalities: await db
        .selectFrom('municipality_scores')
        .select(['inventory_version_id', 'municipality_code', 'model_version', 'as_of', 'lockin', 'confidence', 'provisional', 'result', 'exit_windows'])
        .orderBy('inventory_version_id')
        .execute(),
      national: await db.selectFrom('national_scores').select(['model_version', 'as_of', 'municipality_count', 'result', 'category_hhi', 'world']).orderBy('id').execute(),
    };
  };
  const forget = async () => {
    const db = ctx.t.handle.db;
    await db.deleteFrom('usage_scores').execute();
    await db.deleteFrom('municipality_scores').execute();
    await db.deleteFrom('national_scores').execute();
  };

  it.each([1, 3])('stores exactly what scoring in this thread stores (%i workers)', async (workers) => {
    const db = ctx.t.handle.db;
    await rescoreAll(db, { asOf: AS_OF, workers: 0 });
    const inThread = await stored();
    const current = await sql<{ n: number }>`select count(*) as n from system_usages u join current_inventory ci on ci.inventory_version_id = u.inventory_version_id`.execute(db);
    expect(inThread.usages).toHaveLength(Number(current.rows[0]!.n));
    expect(new Set(inThread.municipalities.map((m) => m.municipality_code))).toEqual(new Set([101, 147, 751, 851, 461]));
    // A row per world, each over its own inventories with its own concentration; the world that counts last.
    expect(inThread.national.map((n) => [n.world, n.municipality_count])).toEqual([['demo', 4], ['real', 1]]);
    for (const n of inThread.national) expect(new Map(Object.entries(JSON.parse(n.category_hhi)))).toEqual(await computeCategoryHhi(db, n.world as World));

    await forget();
    await rescoreAll(db, { asOf: AS_OF, workers });
    expect(await stored()).toEqual(inThread);
  });

  it('fails as a whole when a worker fails, and leaves every stored score as it was', async () => {
    const db = ctx.t.handle.db;
    await rescoreAll(db, { asOf: AS_OF, workers: 0 });
    const before = await stored();
    // One of København's usages with a provenance that is not JSON: loading its input throws.
    const version = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 101).executeTakeFirstOrThrow();
    const usage = await db.selectFrom('system_usages').select(['id', 'provenance']).where('inventory_version_id', '=', version.inventory_version_id).orderBy('id').executeTakeFirstOrThrow();
    await db.updateTable('system_usages').set({ provenance: 'not json' }).where('id', '=', usage.id).execute();
    try {
      const failure = await rescoreAll(db, { asOf: '2026-07-01', workers: 2 }).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect(failure!.message).toMatch(/JSON/);
      // It was a worker's: its stack names the worker module.
      expect(failure!.stack).toMatch(/score-worker/);
      expect(await stored()).toEqual(before);
    } finally {
      await db.updateTable('system_usages').set({ provenance: usage.provenance }).where('id', '=', usage.id).execute();
    }
  });

  it('fails as a whole when a worker runs out of memory, and leaves every stored score as it was', async () => {
    const db = ctx.t.handle.db;
    await rescoreAll(db, { asOf: AS_OF, workers: 0 });
    const before = await stored();
    // A heap far smaller than loading and scoring København takes: Node ends the thread, not the process.
    const failure = await rescoreAll(db, { asOf: '2026-07-01', workers: 2, workerHeapMb: 8 }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(failure).toBeInstanceOf(Error);
    expect(failure!.message).toMatch(/hukommelse \(8 MB\).*out of memory \(8 MB\)/);
    expect((failure!.cause as { code?: string }).code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect(await stored()).toEqual(before);
  });
});
