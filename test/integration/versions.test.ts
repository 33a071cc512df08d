import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { ConflictError, NotFoundError } from '../../server/src/errors.ts';
import { diffVersions, listVersions, rollbackTo } from '../../server/src/services/inventory-versions.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

describe.each(databaseKinds)('inventory versions: list, diff and rollback on %s', (kind) => {
  let ctx: TestApp;
  const v: number[] = [];
  beforeEach(async () => {
    ctx = await createTestApp(kind);
    v.length = 0;
    const db = ctx.t.handle.db;
    const put = async (usages: ReturnType<typeof aUsage>[]) =>
      v.push((await replaceInventory(db, { municipalityCode: 101, records: inventoryRecords.parse({ usages }), kind: 'import', run: aRun() })).inventoryVersionId!);
    await put([aUsage({ local_id: 'A1' }), aUsage({ local_id: 'B2', product_name: 'KMD Opus Økonomi', criticality: 'critical' })]);
    await put([
      aUsage({ local_id: 'A1', criticality: 'medium', notes: 'ny note' }),
      aUsage({ local_id: 'C3', product_name: 'Aula', supplier: { name: 'KOMBIT A/S', cvr: '19435075' } }),
    ]);
  });
  afterEach(async () => ctx.t.drop());

  it('lists versions newest first and marks the current one', async () => {
    const list = await listVersions(ctx.t.handle.db, 101);
    expect(list.map((x) => [x.id, x.current, x.usageCount])).toEqual([
      [v[1], true, 2],
      [v[0], false, 2],
    ]);
    expect(list[0]).toMatchObject({ kind: 'import', basedOnVersionId: v[0], fileName: 'inventory.csv', demo: false });
  });

  it('shows added, removed and changed usages field by field', async () => {
    const diff = await diffVersions(ctx.t.handle.db, 101, v[0]!, v[1]!);
    expect(diff.added).toEqual([{ usageKey: 'id:c3', name: 'Aula' }]);
    expect(diff.removed).toEqual([{ usageKey: 'id:b2', name: 'KMD Opus Økonomi' }]);
    expect(diff.changed).toEqual([
      {
        usageKey: 'id:a1',
        name: 'SBSYS',
        fields: [
          { field: 'criticality', from: 'high', to: 'medium' },
          { field: 'notes', from: null, to: 'ny note' },
        ],
      },
    ]);
    expect(diff.unchanged).toBe(0);
  });

  it('rolls back to an earlier version: current again, rescored, recorded, nothing deleted', async () => {
    const db = ctx.t.handle.db;
    const r = await rollbackTo(db, 101, v[0]!, { userId: null, label: 'arkitekt@kommune.dk' });
    expect(r).toMatchObject({ inventoryVersionId: v[0], previousVersionId: v[1] });
    expect((await listVersions(db, 101)).find((x) => x.current)!.id).toBe(v[0]);
    const run = await db.selectFrom('import_runs').selectAll().where('id', '=', r.importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ format: 'rollback', status: 'committed', actor: 'arkitekt@kommune.dk', inventory_version_id: v[0] });
    const leader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 101 }]);
    const score = await ctx.app.request('/api/v1/municipalities/101/score', { headers: leader.read });
    expect(((await score.json()) as { inventoryVersionId: number }).inventoryVersionId).toBe(v[0]);
    expect(await db.selectFrom('system_usages').select('id').execute()).toHaveLength(4);
    // the next import builds on the restored version
    const next = await replaceInventory(db, { municipalityCode: 101, records: inventoryRecords.parse({ usages: [aUsage({ local_id: 'A1' })] }), kind: 'import', run: aRun() });
    expect((await listVersions(db, 101)).find((x) => x.id === next.inventoryVersionId)!.basedOnVersionId).toBe(v[0]);
  });

  it('refuses a rollback to the current version or to another municipality’s version', async () => {
    const db = ctx.t.handle.db;
    await expect(rollbackTo(db, 101, v[1]!, { userId: null, label: 'x' })).rejects.toBeInstanceOf(ConflictError);
    await expect(rollbackTo(db, 147, v[0]!, { userId: null, label: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(diffVersions(db, 147, v[0]!, v[1]!)).rejects.toBeInstanceOf(NotFoundError);
  });
});
