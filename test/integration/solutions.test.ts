// Exit paths and scenarios over real HTTP on a real database (SQLite, and PostgreSQL when set):
// ranking, before/after arithmetic on a known inventory, saving, sharing, exporting, and the
// guarantee that a scenario never changes the inventory.
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest } from '../../server/src/db/migrate.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { createTestDatabase, databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };
const netcompany = { name: 'Netcompany A/S', cvr: null };

/** The hidden dependency of lockin-scoring.md §3.7: a Danish ESDH on Azure, and Microsoft 365. */
const hiddenDependency = inventoryRecords.parse({
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', supplier: netcompany, hosting_model: 'vendor_hosted', hosted_by: microsoft, operated_by: netcompany, data_location: 'eu', criticality: 'critical' }),
    aUsage({ product_name: 'Microsoft 365 (suite)', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical', user_count_band: '500+' }),
    aUsage({ product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' }, hosting_model: 'shared_public', criticality: 'high' }),
    aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
  ],
});

const TABLES = ['inventory_versions', 'current_inventory', 'system_usages', 'contracts', 'contract_usages', 'integrations', 'usage_scores', 'municipality_scores', 'national_scores', 'products', 'alternatives'] as const;

interface Indicators { L: number; hhi: { reach: number }; nonEuShare: number }
interface Comparison {
  asOf: string;
  replacements: Array<{ product: string; alternative: string; alternativeName: string; from: string | null }>;
  outcome: { before: Indicators; after: Indicators; vendors: Array<{ vendorId: string; name: string; before: { reach: number; directReach: number } | null; after: { reach: number; directReach: number } | null }>; replaced: Array<{ name: string; from: string | null }> };
}

describe.each(databaseKinds)('exit paths and scenarios on %s', (kind) => {
  let ctx: TestApp;
  let leader: SignedInClient;
  let architect: SignedInClient;
  let otherLeader: SignedInClient;
  let reader: SignedInClient;
  let msId: string;

  /** Every row of the inventory and score tables, hashed: any write shows. */
  const fingerprint = async () => {
    const h = createHash('sha256');
    for (const t of TABLES) h.update(JSON.stringify(await sql`select * from ${sql.table(t)} order by 1`.execute(ctx.t.handle.db).then((r) => r.rows)));
    return h.digest('hex');
  };
  const send = (who: SignedInClient | null, method: string, path: string, body?: unknown) =>
    ctx.app.request(path, { method, headers: { ...(who ? (method === 'GET' ? who.read : who.write) : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const ok = async <T>(res: Response, status = 200): Promise<T> => {
    const text = await res.text();
    expect(res.status, text.slice(0, 400)).toBe(status);
    return JSON.parse(text) as T;
  };

  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [101] });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records: hiddenDependency, kind: 'import', run: aRun() });
    leader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }]);
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    otherLeader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 101 }]);
    reader = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
    msId = String((await ctx.t.handle.db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id);
  }, 120_000);
  afterAll(async () => ctx.t.drop());

  it('ranks the exit paths of a demo municipality: task matches first, then by exit-priority reduction per effort point', async () => {
    const r = await ok<{ systemsConsidered: number; systemCount: number; paths: Array<{ rank: number; value: number; reduction: number; priorityReduction: number; recommended: boolean; usage: { exposure: number; priorityRank: number }; effort: { total: number }; candidate: { kind: string; runBy: string[]; basis: 'function' | 'category'; sharedFunctions: string[] }; exitWindow: unknown }> }>(
      await send(otherLeader, 'GET', '/api/v1/municipalities/101/exit-paths'),
    );
    expect(r.systemCount).toBe(600);
    expect(r.systemsConsidered).toBe(150);
    expect(r.paths.length).toBeGreaterThan(0);
    const bases = r.paths.map((p) => p.candidate.basis);
    expect(bases).toEqual([...bases].sort((a, b) => (a === b ? 0 : a === 'function' ? -1 : 1)));
    for (const p of r.paths) {
      expect(p.candidate.sharedFunctions.length > 0).toBe(p.candidate.basis === 'function');
      if (p.recommended) expect(p.candidate.basis).toBe('function');
    }
    for (const basis of ['function', 'category'] as const) {
      const values = r.paths.filter((p) => p.candidate.basis === basis).map((p) => p.value);
      expect(values).toEqual([...values].sort((a, b) => b - a));
    }
    for (const p of r.paths) {
      expect(p.reduction).toBeGreaterThan(0);
      expect(p.effort.total).toBeGreaterThanOrEqual(1);
      expect(p.value).toBeCloseTo(p.priorityReduction / p.effort.total, 2);
      expect(p.usage.priorityRank).toBeLessThanOrEqual(150);
    }
    expect(r.paths.map((p) => p.rank)).toEqual(r.paths.map((_, i) => i + 1));
    const top = await ok<{ systemsConsidered: number }>(await send(otherLeader, 'GET', '/api/v1/municipalities/101/exit-paths?top=10'));
    expect(top.systemsConsidered).toBe(10);
  });

  it('compares an unsaved scenario: Microsoft loses all reach when its two systems go, and nothing is written', async () => {
    const before = await fingerprint();
    const stored = await ok<{ score: { lockin: { L: number }; jurisdiction: { nonEuShare: number } } }>(await send(leader, 'GET', '/api/v1/municipalities/147/score'));
    const c = await ok<Comparison>(
      await send(leader, 'POST', '/api/v1/municipalities/147/scenarios/compare', {
        replacements: [
          { product: 'Microsoft 365 (suite)', alternative: 'openDesk' },
          { product: 'netcompany-getorganized', alternative: 'SBSYS', from: '2027-01-01' },
        ],
        startDate: '2027-06-01',
      }),
    );
    // "Before" is the score the dashboard shows.
    expect(c.outcome.before.L).toBeCloseTo(stored.score.lockin.L, 3);
    expect(c.outcome.before.nonEuShare).toBeCloseTo(stored.score.jurisdiction.nonEuShare, 3);
    const ms = c.outcome.vendors.find((v) => v.vendorId === msId)!;
    // Exposures 8 + 8 + 4 + 2 = 22: Microsoft supplies one critical system and hosts another.
    expect(ms.before!.directReach).toBeCloseTo(8 / 22, 3);
    expect(ms.before!.reach).toBeGreaterThanOrEqual(16 / 22 - 1e-3);
    expect(ms.after).toBeNull();
    expect(c.outcome.after.nonEuShare).toBeLessThan(c.outcome.before.nonEuShare);
    expect(c.replacements.map((r) => [r.alternativeName, r.from])).toEqual([['openDesk', null], ['SBSYS', '2027-01-01']]);
    expect(c.outcome.replaced.map((r) => r.from).sort()).toEqual(['2027-01-01', '2027-06-01']);
    expect(await fingerprint()).toBe(before);
  });

  it('names the replacement that matches nothing', async () => {
    const res = await send(leader, 'POST', '/api/v1/municipalities/147/scenarios/compare', { replacements: [{ product: 'Lotus Notes', alternative: 'Nextcloud Hub' }, { product: 'OS2forms', alternative: 'Ingenting' }] });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { errors: Array<{ field: string }> };
    expect(problem.errors.map((e) => e.field)).toEqual(['replacements.0.product', 'replacements.1.alternative']);
  });

  it('saves, shares, exports and deletes scenarios without touching the inventory', async () => {
    const before = await fingerprint();
    const spec = { replacements: [{ product: 'Microsoft 365 (suite)', alternative: 'openDesk' }], startDate: '2027-01-01' };
    const priv = await ok<{ id: number; shared: boolean; replacements: Array<{ product: string; alternative: string }> }>(await send(leader, 'POST', '/api/v1/municipalities/147/scenarios', { ...spec, name: 'Privat udkast' }), 201);
    expect(priv.shared).toBe(false);
    expect(priv.replacements[0]!.product).toMatch(/^product:\d+$/);
    const shared = await ok<{ id: number }>(await send(leader, 'POST', '/api/v1/municipalities/147/scenarios', { ...spec, name: 'Fælles plan', shared: true }), 201);

    // The author sees both; a colleague only the shared one; another municipality's leader neither.
    const names = async (who: SignedInClient) => (await ok<{ items: Array<{ name: string }> }>(await send(who, 'GET', '/api/v1/municipalities/147/scenarios'))).items.map((s) => s.name);
    expect(await names(leader)).toEqual(['Fælles plan', 'Privat udkast']);
    expect(await names(architect)).toEqual(['Fælles plan']);
    expect(await names(otherLeader)).toEqual([]);
    expect((await send(architect, 'GET', `/api/v1/municipalities/147/scenarios/${priv.id}`)).status).toBe(404);
    expect((await send(otherLeader, 'GET', `/api/v1/municipalities/147/scenarios/${shared.id}`)).status).toBe(404);

    const got = await ok<{ scenario: { name: string }; outcome: { before: Indicators; after: Indicators } }>(await send(architect, 'GET', `/api/v1/municipalities/147/scenarios/${shared.id}`));
    expect(got.scenario.name).toBe('Fælles plan');
    expect(got.outcome.after.L).toBeLessThan(got.outcome.before.L);

    // Only the author changes it; sharing makes it visible.
    expect((await send(architect, 'PATCH', `/api/v1/municipalities/147/scenarios/${shared.id}`, { name: 'Kapret' })).status).toBe(403);
    await ok(await send(leader, 'PATCH', `/api/v1/municipalities/147/scenarios/${priv.id}`, { shared: true, name: 'Nu fælles' }));
    expect(await names(architect)).toEqual(['Fælles plan', 'Nu fælles']);

    const csv = await send(architect, 'GET', `/api/v1/municipalities/147/scenarios/${shared.id}/export?format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`scenarie-147-${shared.id}.csv`);
    const text = await csv.text();
    expect(text).toContain('Afsnit;Emne;Før;Efter;Ændring');
    expect(text).toContain('L_m');
    expect(text).toContain('Microsoft Corporation');
    const xlsx = await send(architect, 'GET', `/api/v1/municipalities/147/scenarios/${shared.id}/export?format=xlsx&lang=en`);
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
    expect(new Uint8Array(await xlsx.arrayBuffer()).slice(0, 2)).toEqual(new Uint8Array([0x50, 0x4b]));
    const json = await ok<{ outcome: unknown }>(await send(architect, 'GET', `/api/v1/municipalities/147/scenarios/${shared.id}/export?format=json`));
    expect(json.outcome).toBeDefined();

    expect((await send(architect, 'DELETE', `/api/v1/municipalities/147/scenarios/${shared.id}`)).status).toBe(403);
    expect((await send(leader, 'DELETE', `/api/v1/municipalities/147/scenarios/${shared.id}`)).status).toBe(204);
    expect((await send(leader, 'GET', `/api/v1/municipalities/147/scenarios/${shared.id}`)).status).toBe(404);

    const audit = await ctx.t.handle.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity_type', '=', 'scenario').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['scenario.create', 'scenario.create', 'scenario.update', 'scenario.delete']);
    expect(await fingerprint()).toBe(before);
  });

  it('lets only the municipality’s leaders and architects save; readers of other kinds are refused', async () => {
    const spec = { name: 'x', replacements: [{ product: 'OS2forms', alternative: 'Nextcloud Hub' }] };
    expect((await send(otherLeader, 'POST', '/api/v1/municipalities/147/scenarios', spec)).status).toBe(403);
    // Another municipality's leader may read 147's inventory (the default visibility), so may simulate.
    expect((await send(otherLeader, 'POST', '/api/v1/municipalities/147/scenarios/compare', spec)).status).toBe(200);
    expect((await send(reader, 'GET', '/api/v1/municipalities/147/exit-paths')).status).toBe(403);
    expect((await send(reader, 'POST', '/api/v1/municipalities/147/scenarios/compare', spec)).status).toBe(403);
    expect((await send(null, 'GET', '/api/v1/municipalities/147/scenarios')).status).toBe(401);
    // Another municipality's leader sees none of 147's scenarios, shared or not.
    expect((await ok<{ items: unknown[] }>(await send(otherLeader, 'GET', '/api/v1/municipalities/147/scenarios'))).items).toEqual([]);
    expect((await send(leader, 'GET', '/api/v1/municipalities/999/exit-paths')).status).toBe(404);
  });
});

describe.each(databaseKinds)('migration 0007_scenarios on %s', (kind) => {
  it('goes up, down and up again', async () => {
    const t = await createTestDatabase(kind);
    try {
      await migrateToLatest(t.handle);
      const exists = async () => {
        try {
          await t.handle.db.selectFrom('scenarios').select('id').limit(1).execute();
          return true;
        } catch {
          return false;
        }
      };
      expect(await exists()).toBe(true);
      let reverted: string[] = [];
      while (!reverted.includes('0007_scenarios')) reverted = await migrateDown(t.handle);
      expect(await exists()).toBe(false);
      expect((await migrateToLatest(t.handle)).applied).toContain('0007_scenarios');
      expect(await exists()).toBe(true);
    } finally {
      await t.drop();
    }
  });
});
