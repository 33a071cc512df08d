// An architect corrects one system through the API: a new version of kind `edit` becomes current
// with the change, is scored (an exit plan tested lowers F9), keeps contracts and integrations,
// is audited — and nothing changes when the edit is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { currentUsageId } from '../helpers/usages.ts';

describe.each(databaseKinds)('editing a system on %s', (kind) => {
  let ctx: TestApp;
  let architect: SignedInClient;
  let other: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const records = inventoryRecords.parse({
      usages: [aUsage({ local_id: 'ESDH-1', local_name: 'Sagsbehandling' }), aUsage({ local_id: 'OKO-1', product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' } })],
      contracts: [aContract({ usage_keys: ['id:esdh-1'] })],
      integrations: [{ source_key: 'id:esdh-1', target_key: 'id:oko-1', kind: 'data' }],
    });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 101, kind: 'import', run: aRun(), records });
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    other = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
  });
  afterAll(async () => ctx.t.drop());

  const usageId = (localId: string) => currentUsageId(ctx, localId);
  const patch = (id: number, body: unknown, headers: Record<string, string>) =>
    ctx.app.request(`/api/v1/usages/${id}`, { method: 'PATCH', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('writes a new current version with the change, rescored, with contracts and integrations kept', async () => {
    const db = ctx.t.handle.db;
    const id = await usageId('ESDH-1');
    const before = await db.selectFrom('usage_scores').select(['lockin', 'explanation']).where('usage_id', '=', id).executeTakeFirstOrThrow();
    const res = await patch(id, { exit_plan: 'both_scenarios', exit_plan_tested_at: '2026-10-01', hosting_model: 'on_premise' }, architect.write);
    expect(res.status, await res.clone().text()).toBe(200);
    const edited = (await res.json()) as { inventoryVersionId: number; usageId: number; previousVersionId: number };
    const version = await db.selectFrom('inventory_versions').selectAll().where('id', '=', edited.inventoryVersionId).executeTakeFirstOrThrow();
    expect(version).toMatchObject({ kind: 'edit', based_on_version_id: edited.previousVersionId, usage_count: 2, contract_count: 1, integration_count: 1 });
    const row = await db.selectFrom('system_usages').selectAll().where('id', '=', edited.usageId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ exit_plan: 'both_scenarios', exit_plan_tested_at: '2026-10-01', hosting_model: 'on_premise', local_name: 'Sagsbehandling' });
    const after = await db.selectFrom('usage_scores').select('lockin').where('usage_id', '=', edited.usageId).executeTakeFirstOrThrow();
    expect(after.lockin).toBeLessThan(before.lockin); // a tested exit plan is exit readiness
    const entry = await db.selectFrom('audit_log').selectAll().where('action', '=', 'usage.edit').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor: architect.email, entity_id: 'id:esdh-1', municipality_code: 101 });
    expect(JSON.parse(entry.before!)).toMatchObject({ exit_plan: null, hosting_model: null });
    expect(JSON.parse(entry.after!)).toMatchObject({ exit_plan: 'both_scenarios', hosting_model: 'on_premise' });
  });

  it('refuses other municipalities, stale versions and unknown values, and writes nothing then', async () => {
    const db = ctx.t.handle.db;
    const count = async () => Number((await db.selectFrom('inventory_versions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const audits = async () => Number((await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const stale = await usageId('OKO-1');
    expect((await patch(stale, { criticality: 'high' }, architect.write)).status).toBe(200);
    const [versions, entries] = [await count(), await audits()];
    const id = await usageId('OKO-1');
    expect((await patch(id, { criticality: 'low' }, other.write)).status).toBe(403);
    expect((await patch(id, { criticality: 'enormous' }, architect.write)).status).toBe(400);
    expect((await patch(id, { product_name: 'Noget andet' }, architect.write)).status).toBe(400); // identity comes from files
    expect((await patch(stale, { criticality: 'low' }, architect.write)).status).toBe(409);
    expect([await count(), await audits()]).toEqual([versions, entries]);
  });
});
