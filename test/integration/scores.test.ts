import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { defaultModel, model10 } from '../../server/src/scoring/index.ts';
import { rescoreAll, scoresOfOtherModels, scoreVersions } from '../../server/src/services/scores.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };
const netcompany = { name: 'Netcompany A/S', cvr: null };

/** A Danish ESDH run on Azure, and Microsoft 365: the hidden dependency of lockin-scoring.md §3.7. */
const hiddenDependency = inventoryRecords.parse({
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', supplier: netcompany, hosting_model: 'vendor_hosted', hosted_by: microsoft, operated_by: netcompany, data_location: 'eu', criticality: 'critical' }),
    aUsage({ product_name: 'Microsoft 365 (suite)', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical' }),
    aUsage({ product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' }, hosting_model: 'shared_public', criticality: 'high' }),
    aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
  ],
});

describe.each(databaseKinds)('scores on %s', (kind) => {
  let ctx: TestApp;
  let msId: number;
  let admin: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind, { realCodes: [101, 461] });
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records: hiddenDependency, kind: 'import', run: aRun() });
    msId = (await ctx.t.handle.db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => ctx.t.drop());

  const get = async <T>(path: string) => {
    const res = await ctx.app.request(path, { headers: admin.read });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };

  it('stores a score for every usage of the new version, with the model version', async () => {
    const db = ctx.t.handle.db;
    const current = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 147).executeTakeFirstOrThrow();
    const scores = await db.selectFrom('usage_scores').selectAll().where('inventory_version_id', '=', current.inventory_version_id).execute();
    expect(scores).toHaveLength(4);
    for (const s of scores) {
      expect(s.model_version).toBe(defaultModel.version);
      expect(s.lockin_optimistic).toBeLessThanOrEqual(s.lockin);
      expect(JSON.parse(s.explanation)).toHaveLength(9);
    }
  });

  it('counts a Danish system on Azure against Microsoft: transitive reach above direct reach', async () => {
    const dep = await get<{ municipalities: { municipalityCode: number; reach: number; directReach: number }[] }>(`/api/v1/vendors/${msId}/dependency`);
    const m = dep.municipalities.find((x) => x.municipalityCode === 147)!;
    // exposures: critical 8 + critical 8 + high 4 + medium 2 = 22; Microsoft supplies one critical system
    expect(m.directReach).toBeCloseTo(8 / 22, 6);
    expect(m.reach).toBeGreaterThanOrEqual(16 / 22 - 1e-9);
    expect(m.reach).toBeGreaterThan(m.directReach);
  });

  it('GET /municipalities/{code}/score gives the indicators and the top priorities', async () => {
    const view = await get<{ score: { systemCount: number; lockin: { L: number; Lopt: number }; model: string }; topPriorities: { priority: number }[] }>('/api/v1/municipalities/101/score');
    expect(view.score.systemCount).toBe(600);
    expect(view.score.model).toBe('handlefrihed-1.1');
    expect(view.score.lockin.Lopt).toBeLessThanOrEqual(view.score.lockin.L);
    expect(view.topPriorities).toHaveLength(10);
    const p = view.topPriorities.map((t) => t.priority);
    expect(p).toEqual([...p].sort((a, b) => b - a));
  });

  it('a score stored under model 1.0 keeps its version and its explanation; score --recompute moves it to 1.1', async () => {
    const db = ctx.t.handle.db;
    const { inventory_version_id: version } = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 147).executeTakeFirstOrThrow();
    await scoreVersions(db, [version], { model: model10 });
    const stored = await db.selectFrom('usage_scores').select(['usage_id', 'lockin', 'model_version']).where('inventory_version_id', '=', version).orderBy('usage_id').execute();
    expect(new Set(stored.map((s) => s.model_version))).toEqual(new Set(['handlefrihed-1.0']));
    // The explanation is recomputed from the stored inputs with the model that computed the score.
    for (const s of stored) {
      const explained = await get<{ model: string; L: number }>(`/api/v1/usages/${s.usage_id}/score`);
      expect(explained.model).toBe('handlefrihed-1.0');
      expect(explained.L).toBeCloseTo(s.lockin, 9);
    }
    const muni = await get<{ score: { model: string } }>('/api/v1/municipalities/147/score');
    expect(muni.score.model).toBe('handlefrihed-1.0');
    // `serve` says so at start.
    expect(await scoresOfOtherModels(db)).toEqual({ 'handlefrihed-1.0': 1 });
    const national = await rescoreAll(db);
    expect(await scoresOfOtherModels(db)).toEqual({});
    expect(national.model).toBe('handlefrihed-1.1');
    expect(Object.keys(national.municipalModels)).toEqual(['handlefrihed-1.1']);
    const after = await get<{ model: string }>(`/api/v1/usages/${stored[0]!.usage_id}/score`);
    expect(after.model).toBe('handlefrihed-1.1');
  });

  it('GET /municipalities/{code}/systems pages and filters by band', async () => {
    const page = await get<{ items: { band: string }[]; total: number }>('/api/v1/municipalities/101/systems?limit=5&band=E');
    expect(page.items.length).toBeLessThanOrEqual(5);
    expect(page.items.every((i) => i.band === 'E')).toBe(true);
    const all = await get<{ total: number }>('/api/v1/municipalities/101/systems?limit=1');
    expect(all.total).toBe(600);
    expect(page.total).toBeLessThan(all.total);
  });

  it('GET /usages/{id}/score explains every factor with its rule and inputs, matching the stored score', async () => {
    const { items } = await get<{ items: { usageId: number; L: number }[] }>('/api/v1/municipalities/147/systems');
    for (const item of items) {
      const s = await get<{ L: number; factors: { factor: string; rule: string; inputs: { name: string; provenance: string }[] }[] }>(`/api/v1/usages/${item.usageId}/score`);
      expect(s.L).toBeCloseTo(item.L, 9);
      expect(s.factors.map((f) => f.factor)).toEqual(['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9']);
      for (const f of s.factors) {
        expect(f.rule).toMatch(/^F\d\./);
        expect(f.inputs.length).toBeGreaterThan(0);
      }
    }
  });

  it('GET /usages/{id}/alternatives gives each open-source alternative its maturity and lock-in after migration', async () => {
    const { items } = await get<{ items: { usageId: number; product: string }[] }>('/api/v1/municipalities/147/systems?sort=name');
    const m365 = items.find((i) => i.product === 'Microsoft 365 (suite)')!;
    const r = await get<{ alternatives: { name: string; maturity: { ams: number; unknownMetrics: string[] }; afterMigration: { reduction: number; recommended: boolean; now: { L: number }; after: { L: number } } }[] }>(
      `/api/v1/usages/${m365.usageId}/alternatives`,
    );
    expect(r.alternatives.map((a) => a.name)).toContain('openDesk');
    for (const a of r.alternatives) {
      expect(a.maturity.ams).toBeGreaterThanOrEqual(0);
      expect(a.maturity.ams).toBeLessThanOrEqual(100);
      expect(a.maturity.unknownMetrics.length).toBeGreaterThan(0); // the catalogue has no Scorecard data yet: said, scored 0
      expect(a.afterMigration.reduction).toBeCloseTo(a.afterMigration.now.L - a.afterMigration.after.L, 9);
      if (a.afterMigration.recommended) expect(a.afterMigration.reduction).toBeGreaterThanOrEqual(15);
    }
    const reductions = r.alternatives.map((a) => a.afterMigration.reduction);
    expect(reductions).toEqual([...reductions].sort((x, y) => y - x));
  });

  it('F5 states as many viable alternatives as the system page lists (one relation, issue #13)', async () => {
    type Input = { name: string; value: unknown; unknown: boolean };
    let compared = 0;
    for (const code of [101, 461]) {
      const { items } = await get<{ items: { usageId: number }[] }>(`/api/v1/municipalities/${code}/systems?sort=name&limit=40`);
      for (const { usageId } of items) {
        const score = await get<{ factors: { factor: string; inputs: Input[] }[] }>(`/api/v1/usages/${usageId}/score`);
        const viable = score.factors.find((f) => f.factor === 'F5')!.inputs.find((i) => i.name === 'viableAlternatives')!;
        const listed = await get<{ alternatives: unknown[]; categoryCompetitors: { productId: number; name: string }[] }>(`/api/v1/usages/${usageId}/alternatives`);
        if (viable.unknown) {
          expect(listed.categoryCompetitors, `usage ${usageId}: no category, so no competitors`).toEqual([]);
          continue;
        }
        expect(viable.value, `usage ${usageId}`).toBe(listed.alternatives.length + listed.categoryCompetitors.length);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(20);
  });

  it('GET /national/score covers every scored municipality', async () => {
    const n = await get<{ score: { municipalityCount: number; vendors: { vendorId: string; reach: number; directReach: number }[] } }>('/api/v1/national/score');
    expect(n.score.municipalityCount).toBe(3);
    for (const v of n.score.vendors) expect(v.reach).toBeGreaterThanOrEqual(v.directReach - 1e-12);
  });

  it('leaving fields empty never improves a score', async () => {
    const full = aUsage({
      product_name: 'SBSYS',
      hosting_model: 'on_premise',
      data_export: 'full',
      export_format_kind: 'open_standard',
      export_tested_at: '2026-06-01',
      api_availability: 'public_open_standard',
      license_model: 'open_source',
      exit_plan: 'both_scenarios',
      exit_plan_tested_at: '2026-05-01',
      exit_plan_owner: 'IT-chef',
      criticality: 'high',
    });
    const blank = aUsage({ product_name: 'SBSYS', criticality: 'high' });
    const scoreOf = async (code: number, usage: ReturnType<typeof aUsage>) => {
      await replaceInventory(ctx.t.handle.db, { municipalityCode: code, records: inventoryRecords.parse({ usages: [usage] }), kind: 'import', run: aRun() });
      const { items } = await get<{ items: { L: number; Lopt: number }[] }>(`/api/v1/municipalities/${code}/systems`);
      return items[0]!;
    };
    const a = await scoreOf(151, full);
    const b = await scoreOf(153, blank);
    expect(b.L).toBeGreaterThan(a.L);
    expect(b.Lopt).toBeLessThanOrEqual(a.Lopt + 1e-9);
  });

  it('rescoring after one import touches only that municipality and the national aggregate', async () => {
    const db = ctx.t.handle.db;
    const before = await db.selectFrom('municipality_scores').select(['municipality_code', 'computed_at', 'inventory_version_id']).execute();
    const nationalBefore = await db.selectFrom('national_scores').select('computed_at').executeTakeFirstOrThrow();
    await new Promise((r) => setTimeout(r, 5));
    await replaceInventory(db, { municipalityCode: 147, records: inventoryRecords.parse({ usages: hiddenDependency.usages.slice(0, 2) }), kind: 'import', run: aRun() });
    const after = await db.selectFrom('municipality_scores').select(['municipality_code', 'computed_at', 'inventory_version_id']).execute();
    const untouched = before.filter((b) => b.municipality_code !== 147);
    for (const b of untouched) expect(after).toContainEqual(b);
    expect(after.length).toBe(before.length + 1); // the new version of 147; old versions keep theirs
    expect((await db.selectFrom('national_scores').select('computed_at').executeTakeFirstOrThrow()).computed_at > nationalBefore.computed_at).toBe(true);
  });

  it('rolls the import back when scoring fails inside its transaction', async () => {
    const db = ctx.t.handle.db;
    const versionsBefore = await db.selectFrom('inventory_versions').select('id').execute();
    await sql`alter table national_scores rename to national_scores_gone`.execute(db);
    try {
      await expect(replaceInventory(db, { municipalityCode: 157, records: hiddenDependency, kind: 'import', run: aRun() })).rejects.toThrow();
    } finally {
      await sql`alter table national_scores_gone rename to national_scores`.execute(db);
    }
    expect(await db.selectFrom('inventory_versions').select('id').execute()).toEqual(versionsBefore);
    expect(await db.selectFrom('usage_scores').select('usage_id').where('municipality_code', '=', 157).execute()).toEqual([]);
  });

  // Last: it adds a municipality, which the national figures above would count.
  it('model 1.1 reads the business-critical flag: a flagged low system scores as high, and says so', async () => {
    const db = ctx.t.handle.db;
    const records = inventoryRecords.parse({
      usages: [aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, criticality: 'low', business_critical: true })],
    });
    await replaceInventory(db, { municipalityCode: 151, records, kind: 'import', run: aRun() });
    const { inventory_version_id: version } = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 151).executeTakeFirstOrThrow();
    const row = await db.selectFrom('usage_scores').select(['usage_id', 'exposure', 'model_version']).where('inventory_version_id', '=', version).executeTakeFirstOrThrow();
    expect(row.exposure).toBe(4);
    const s = await get<{ criticality: { value: string; raisedByBusinessCritical?: boolean }; exposure: number }>(`/api/v1/usages/${row.usage_id}/score`);
    expect(s.criticality).toMatchObject({ value: 'high', raisedByBusinessCritical: true });
    // The file's own value is kept as written: only the model reads it as at least high.
    const stored = await db.selectFrom('system_usages').select('criticality').where('id', '=', row.usage_id).executeTakeFirstOrThrow();
    expect(stored.criticality).toBe('low');
  });
});
