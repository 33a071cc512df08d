// Stable system addresses and per-municipality version numbers (issue #12): a system keeps its
// key, and so its address, across re-imports, also when its file gains a KITOS UUID; versions
// count 1, 2, 3 … per municipality.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inventoryRecords, type UsageRecordInput } from '../../server/src/domain/inventory.ts';
import { diffVersions, listVersions } from '../../server/src/services/inventory-versions.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signInAs, type SignedInClient } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

// Not in the reference catalogue: the product is found by name, the UUID is the usage's own.
const UUID = '7e57c0de-0000-4000-8000-00000000c0de';

describe.each(databaseKinds)('stable system addresses on %s', (kind) => {
  let ctx: TestApp;
  let leader: SignedInClient;
  const put = (code: number, usages: UsageRecordInput[]) =>
    replaceInventory(ctx.t.handle.db, { municipalityCode: code, records: inventoryRecords.parse({ usages }), kind: 'import', run: aRun() });
  const keyOf = async (versionId: number, product: string) =>
    (await ctx.t.handle.db.selectFrom('system_usages as u').innerJoin('products as p', 'p.id', 'u.product_id').select(['u.id', 'u.usage_key']).where('u.inventory_version_id', '=', versionId).where('p.name', '=', product).executeTakeFirstOrThrow());
  const at = (code: number, key: string) => ctx.app.request(`/api/v1/municipalities/${code}/systems/${encodeURIComponent(key)}`, { headers: leader.read });

  beforeEach(async () => {
    ctx = await createTestApp(kind);
    leader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 101 }]);
  });
  afterEach(async () => ctx.t.drop());

  it('keeps a system’s key when a re-import adds its KITOS UUID, and the address answers with the new data', async () => {
    const v1 = (await put(101, [aUsage({ product_name: 'SBSYS' }), aUsage({ product_name: 'Aula', local_id: 'A7', criticality: 'low' })])).inventoryVersionId!;
    const before = await keyOf(v1, 'SBSYS');
    expect(before.usage_key).toBe('name:sbsys');
    // The next file knows more: SBSYS's KITOS UUID and a local id; Aula changed its criticality.
    const v2 = (await put(101, [aUsage({ product_name: 'SBSYS', kitos_uuid: UUID, local_id: 'S1', notes: 'ny note' }), aUsage({ product_name: 'Aula', local_id: 'A7', criticality: 'high' })])).inventoryVersionId!;
    const after = await keyOf(v2, 'SBSYS');
    expect(after.usage_key).toBe('name:sbsys');
    expect(after.id).not.toBe(before.id);

    const res = await at(101, 'name:sbsys');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { usageId: string; usageKey: string; inventoryVersionId: number; current: boolean };
    expect(body).toMatchObject({ usageId: String(after.id), usageKey: 'name:sbsys', inventoryVersionId: v2, current: true });
    // Another form of the key (its new local id) reaches the same system.
    expect(((await (await at(101, 'id:s1')).json()) as { usageId: string }).usageId).toBe(String(after.id));

    // The old row names its address; the diff matches the systems, nothing added or removed.
    const old = (await (await ctx.app.request(`/api/v1/usages/${before.id}/score`, { headers: leader.read })).json()) as { usageKey: string; current: boolean };
    expect(old).toMatchObject({ usageKey: 'name:sbsys', current: false });
    const diff = await diffVersions(ctx.t.handle.db, 101, v1, v2);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed.map((c) => [c.usageKey, c.fields.map((f) => f.field)])).toEqual([
      ['id:a7', ['criticality']],
      ['name:sbsys', ['local_id', 'notes']],
    ]);
  });

  it('keys a new system by its KITOS UUID, then its local id, then its name', async () => {
    const v = (await put(101, [aUsage({ product_name: 'SBSYS', kitos_uuid: UUID.toUpperCase(), local_id: 'S1' }), aUsage({ product_name: 'Aula', local_id: ' A7 ' }), aUsage({ product_name: 'Outlook' })])).inventoryVersionId!;
    const keys = await ctx.t.handle.db.selectFrom('system_usages').select('usage_key').where('inventory_version_id', '=', v).orderBy('usage_key').execute();
    expect(keys.map((k) => k.usage_key)).toEqual(['id:a7', `kitos:${UUID}`, 'name:outlook']);
  });

  it('answers 404 for a key the current inventory does not hold, and a key with a slash when URL-encoded', async () => {
    await put(101, [aUsage({ product_name: 'SBSYS' }), aUsage({ product_name: 'Løn/Personale' })]);
    expect((await at(101, 'name:ukendt')).status).toBe(404);
    expect((await at(147, 'name:sbsys')).status).toBe(404);
    const slash = await at(101, 'name:løn/personale');
    expect(slash.status).toBe(200);
    expect(((await slash.json()) as { usageKey: string }).usageKey).toBe('name:løn/personale');
  });

  it('resolves a key an older version used for a system that since got another (a key from before this rule)', async () => {
    const v1 = (await put(101, [aUsage({ product_name: 'SBSYS' })])).inventoryVersionId!;
    // As the old rule did when a local id appeared: a new key for the same system.
    const v2 = (await put(101, [aUsage({ product_name: 'SBSYS', local_id: 'S1' })])).inventoryVersionId!;
    const id2 = (await keyOf(v2, 'SBSYS')).id;
    await ctx.t.handle.db.updateTable('system_usages').set({ usage_key: 'id:legacy' }).where('id', '=', id2).execute();
    await ctx.t.handle.db.updateTable('system_usages').set({ usage_key: 'name:old-spelling' }).where('inventory_version_id', '=', v1).execute();
    const res = await at(101, 'name:old-spelling');
    expect(res.status).toBe(200);
    expect(((await res.json()) as { usageId: string }).usageId).toBe(String(id2));
  });
});

describe.each(databaseKinds)('version numbers per municipality on %s', (kind) => {
  let ctx: TestApp;
  beforeEach(async () => {
    ctx = await createTestApp(kind);
  });
  afterEach(async () => ctx.t.drop());

  it('count 1, 2, 3 in each municipality, in the versions list, the runs and the diff', async () => {
    const put = (code: number, notes: string) =>
      replaceInventory(ctx.t.handle.db, { municipalityCode: code, records: inventoryRecords.parse({ usages: [aUsage({ notes })] }), kind: 'import', run: aRun() });
    const a1 = await put(101, 'a');
    const b1 = await put(147, 'a');
    const a2 = await put(101, 'b');
    const a3 = await put(101, 'c');
    expect([a1, a2, a3, b1].map((o) => o.inventoryVersionNumber)).toEqual([1, 2, 3, 1]);
    expect((await listVersions(ctx.t.handle.db, 101)).map((v) => v.number)).toEqual([3, 2, 1]);
    expect((await listVersions(ctx.t.handle.db, 147)).map((v) => [v.id, v.number])).toEqual([[b1.inventoryVersionId, 1]]);
    // The same content again makes no version: the answer names the current one's number.
    expect((await put(101, 'c')).inventoryVersionNumber).toBe(3);

    const architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    const runs = (await (await ctx.app.request('/api/v1/municipalities/101/imports', { headers: architect.read })).json()) as { items: { id: number; inventoryVersionNumber: number | null }[] };
    expect(runs.items.map((r) => r.inventoryVersionNumber)).toEqual([3, 3, 2, 1]);
    const diff = (await (await ctx.app.request(`/api/v1/municipalities/101/imports/${a1.importRunId}/diff/${a3.importRunId}`, { headers: architect.read })).json()) as { fromNumber: number; toNumber: number };
    expect(diff).toMatchObject({ fromNumber: 1, toNumber: 3 });
    // A rollback makes version 1 current again: it keeps its number; the next import is 4.
    const rollback = await ctx.app.request(`/api/v1/municipalities/101/imports/${a1.importRunId}/rollback`, { method: 'POST', headers: architect.write });
    expect(await rollback.json()).toMatchObject({ inventoryVersionNumber: 1, previousVersionNumber: 3 });
    expect((await put(101, 'd')).inventoryVersionNumber).toBe(4);
  });
});
