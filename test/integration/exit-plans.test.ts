// An architect fills in a system's exit plan over HTTP: saving it rescores the municipality in
// the same transaction, so F9 and the system's confidence move as docs/methodology.md says —
// declared first, evidence once a test date and a document are attached — the plan follows
// the system into the next imported version, and refused saves write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import type { ExitPlanView } from '../../server/src/services/exit-plans.ts';
import type { ExitPlanScoreSummary } from '../../server/src/services/exit-plans.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { daysAgo } from '../helpers/clock.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { currentUsageId } from '../helpers/usages.ts';

const records = (okoCriticality: 'high' | 'medium' = 'high') =>
  inventoryRecords.parse({
    usages: [aUsage({ local_id: 'ESDH-1', local_name: 'Sagsbehandling' }), aUsage({ criticality: okoCriticality, local_id: 'OKO-1', local_name: 'Økonomi', product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' } })],
    contracts: [aContract({ usage_keys: ['id:esdh-1'] })],
    integrations: [{ source_key: 'id:esdh-1', target_key: 'id:oko-1', kind: 'data' }],
  });

const declaredPlan = {
  owner: 'Systemejer, Digitalisering',
  noticeDate: '2028-06-30',
  transitionDays: 30,
  exportFormats: ['CSV', 'PDF/A'],
  integrations: [{ usageKey: 'id:oko-1', name: 'Økonomi', action: 'Ny snitflade' }],
  plannedSwitch: 'Fælles udbud ved kontraktudløb, 30 dages parallel drift',
  suddenLoss: 'Dagligt udtræk til eget arkiv; nødprocedure',
};

describe.each(databaseKinds)('exit plans on %s', (kind) => {
  let ctx: TestApp;
  let architect: SignedInClient;
  let otherArchitect: SignedInClient;
  let leader: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 101, kind: 'import', run: aRun(), records: records() });
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    otherArchitect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    leader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 101 }]);
  });
  afterAll(async () => ctx.t.drop());

  const usageId = (localId: string) => currentUsageId(ctx, localId);
  const get = (id: number, headers: Record<string, string>) => ctx.app.request(`/api/v1/usages/${id}/exit-plan`, { headers });
  const put = (id: number, body: unknown, headers: Record<string, string>) =>
    ctx.app.request(`/api/v1/usages/${id}/exit-plan`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const storedConfidence = async (id: number) => (await ctx.t.handle.db.selectFrom('usage_scores').select('confidence').where('usage_id', '=', id).executeTakeFirstOrThrow()).confidence;
  const storedF9 = async (id: number) => {
    const row = await ctx.t.handle.db.selectFrom('usage_scores').select('explanation').where('usage_id', '=', id).executeTakeFirstOrThrow();
    return (JSON.parse(row.explanation) as [number, number, string][])[8];
  };

  it('offers a draft prefilled from the integrations while nothing is saved; F9 is unknown', async () => {
    const id = await usageId('ESDH-1');
    const res = await get(id, leader.read);
    expect(res.status, await res.clone().text()).toBe(200);
    const view = (await res.json()) as ExitPlanView;
    expect(view).toMatchObject({ usageKey: 'id:esdh-1', systemName: 'Sagsbehandling', current: true, saved: null, f9Inputs: null });
    expect(view.plan.integrations).toEqual([{ usageKey: 'id:oko-1', name: 'Økonomi', action: null }]);
    expect(view.completeness.missing).not.toContain('integrations');
    expect(view.score!.f9).toMatchObject({ value: 100, rule: 'F9.unknown', confidence: 0, provenance: 'unknown' });
  });

  it('saving a plan feeds F9 as declared; a test date and a document make it evidence', async () => {
    const db = ctx.t.handle.db;
    const id = await usageId('ESDH-1');
    const q0 = await storedConfidence(id);
    const municipalConfidence = async () =>
      (await db.selectFrom('municipality_scores as s').innerJoin('current_inventory as ci', 'ci.inventory_version_id', 's.inventory_version_id').select('s.confidence').where('s.municipality_code', '=', 101).executeTakeFirstOrThrow()).confidence;
    const m0 = await municipalConfidence();

    const declared = await put(id, declaredPlan, architect.write);
    expect(declared.status, await declared.clone().text()).toBe(200);
    const v1 = (await declared.json()) as ExitPlanView & { before: ExitPlanScoreSummary };
    expect(v1.before.f9).toMatchObject({ value: 100, rule: 'F9.unknown', confidence: 0 });
    // Both scenarios, a named owner, never tested: 33, declared (0.8), saved today (× 1.0).
    expect(v1.score!.f9).toMatchObject({ value: 33, rule: 'F9.both-untested', provenance: 'declared' });
    expect(v1.score!.f9.confidence).toBeCloseTo(0.8, 9);
    expect(v1.completeness.missing).toEqual(['exportTestedAt', 'lastTestedAt', 'document']);
    expect(await storedF9(id)).toEqual([33, 33, 'F9.both-untested']);
    // Q_s = Σ w_f q_f / Σ w_f: F9 (weight 10 of 100) goes from 0 to 0.8.
    const q1 = await storedConfidence(id);
    expect(q1 - q0).toBeCloseTo(0.08, 9);
    expect(v1.score!.confidence).toBeCloseTo(q1, 9);
    expect(v1.score!.lockin).toBeLessThan(v1.before.lockin);

    const tested = daysAgo(30);
    const evidence = await put(id, { ...declaredPlan, exportTestedAt: tested, lastTestedAt: tested, document: { name: 'Exitplan ESDH', url: 'https://intranet.example.dk/exitplan.pdf' } }, architect.write);
    expect(evidence.status, await evidence.clone().text()).toBe(200);
    const v2 = (await evidence.json()) as ExitPlanView & { before: ExitPlanScoreSummary };
    expect(v2.before.f9.value).toBe(33);
    expect(v2.score!.f9).toMatchObject({ value: 0, rule: 'F9.both-tested', provenance: 'evidence' });
    expect(v2.score!.f9.confidence).toBeCloseTo(1, 9);
    expect(v2.completeness.complete).toBe(true);
    expect(v2.f9Inputs!.exitPlan).toEqual({ value: 'both_scenarios', provenance: 'evidence', observedAt: tested });
    expect((await storedConfidence(id)) - q1).toBeCloseTo(0.02, 9);
    expect(await storedF9(id)).toEqual([0, 0, 'F9.both-tested']);

    // The municipal score moved with it, in the same write; and the saves are audited.
    expect(await municipalConfidence()).toBeGreaterThan(m0);
    const audits = await db.selectFrom('audit_log').selectAll().where('action', '=', 'exit_plan.save').orderBy('id').execute();
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ actor: architect.email, entity_id: 'id:esdh-1', municipality_code: 101 });
    expect(JSON.parse(audits[1]!.before!).plan.lastTestedAt).toBeNull();
    expect(JSON.parse(audits[1]!.after!).plan.lastTestedAt).toBe(tested);
  });

  it('carries the plan over to the next imported version by the usage key', async () => {
    const before = await usageId('ESDH-1');
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 101, kind: 'import', run: aRun({ fileSha256: 'e'.repeat(64) }), records: records('medium') });
    const after = await usageId('ESDH-1');
    expect(after).not.toBe(before);
    expect(await storedF9(after)).toEqual([0, 0, 'F9.both-tested']);
    const view = (await (await get(after, architect.read)).json()) as ExitPlanView;
    expect(view.saved).not.toBeNull();
    expect(view.plan.owner).toBe('Systemejer, Digitalisering');
    // The earlier version's usage still shows the plan but can no longer be saved.
    expect((await get(before, architect.read)).status).toBe(200);
    expect((await put(before, declaredPlan, architect.write)).status).toBe(409);
  });

  it('refuses other municipalities, bad plans and future tests, and writes nothing then', async () => {
    const db = ctx.t.handle.db;
    const id = await usageId('OKO-1');
    const count = async (table: 'exit_plans' | 'audit_log') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const [plans, audits] = [await count('exit_plans'), await count('audit_log')];
    expect((await put(id, declaredPlan, otherArchitect.write)).status).toBe(403);
    expect((await put(id, declaredPlan, leader.write)).status).toBe(403);
    expect((await put(id, { ...declaredPlan, colour: 'red' }, architect.write)).status).toBe(400);
    expect((await put(id, { ...declaredPlan, transitionDays: -1 }, architect.write)).status).toBe(400);
    const future = await put(id, { ...declaredPlan, lastTestedAt: '2999-01-01' }, architect.write);
    expect(future.status).toBe(400);
    expect(((await future.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['lastTestedAt']);
    expect((await put(999_999, declaredPlan, architect.write)).status).toBe(404);
    expect((await get(id, {})).status).toBe(401);
    expect([await count('exit_plans'), await count('audit_log')]).toEqual([plans, audits]);
  });

  it('hides the plan from other municipalities when the inventory is private', async () => {
    const id = await usageId('ESDH-1');
    expect((await get(id, otherArchitect.read)).status).toBe(200);
    const set = await ctx.app.request('/api/v1/municipalities/101/settings', { method: 'PUT', headers: { ...leader.write, 'content-type': 'application/json' }, body: JSON.stringify({ inventoryVisibility: 'own_municipality' }) });
    expect(set.status, await set.clone().text()).toBe(200);
    expect((await get(id, otherArchitect.read)).status).toBe(403);
    expect((await get(id, leader.read)).status).toBe(200);
  });
});
