// Demo and real never mix (issue #13): a demo database, then one real KITOS systems file into
// København (101). Every national answer and every answer about 101 must be free of demo
// inventories, demo municipalities, demo products and demo contracts; the coverage says 1 of 98;
// Læsø (825) reads "no data" nationally. Then `demo remove` must delete every demo row and keep
// every real one, compared table by table.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/schema.ts';
import { computeCategoryHhi, storedCategoryHhi } from '../../server/src/repositories/scoring-input.repository.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { rescoreAll } from '../../server/src/services/scores.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { kitosFile } from '../helpers/kitos-exports.ts';

const REAL = 101;
const DEMO = [147, 751, 825];

/** Every (key, value) pair in a JSON document, at any depth. */
function* pairs(doc: unknown): Generator<[string, unknown]> {
  if (Array.isArray(doc)) for (const x of doc) yield* pairs(x);
  else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) {
      yield [k, v];
      yield* pairs(v);
    }
  }
}

/** Rows of every table, keyed by table, in a stable order. */
async function snapshot(db: Kysely<Database>): Promise<Record<string, unknown[]>> {
  const tables = [
    'municipalities', 'categories', 'vocabulary_terms', 'vendors', 'vendor_aliases', 'products', 'product_aliases', 'product_dependencies',
    'import_runs', 'inventory_versions', 'current_inventory', 'system_usages', 'usage_sub_processors', 'contracts', 'contract_usages',
    'integrations', 'alternatives', 'product_alternatives', 'experience_reports', 'usage_scores', 'municipality_scores', 'users',
    'user_grants', 'municipality_settings', 'scenarios', 'exit_plans',
  ] as const;
  const out: Record<string, unknown[]> = {};
  for (const t of tables) {
    const rows = (await db.selectFrom(t).selectAll().execute()) as Record<string, unknown>[];
    out[t] = rows.map((r) => JSON.stringify(r, Object.keys(r).sort())).sort();
  }
  return out;
}

describe.each(databaseKinds)('demo and real data on %s', (kind) => {
  let ta: TestApp;
  let db: Kysely<Database>;
  let admin: SignedInClient;
  const demoVersionIds = new Set<number>();
  const demoContractNames = new Set<string>();
  const demoProductIds = new Set<number>();
  const demoMunicipalityNames = new Set<string>();

  const get = async (path: string): Promise<unknown> => {
    const res = await ta.app.request(path, { headers: admin.read });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    ta = await createTestApp(kind, { demoCodes: [REAL, ...DEMO] });
    db = ta.t.handle.db;
    admin = await signInAs(ta, [{ role: 'admin', municipalityCode: null }]);
    for (const v of await db.selectFrom('inventory_versions').select('id').where('demo', '=', 1).execute()) demoVersionIds.add(v.id);
    for (const c of await db.selectFrom('contracts').select('name').where('inventory_version_id', 'in', [...demoVersionIds]).execute()) demoContractNames.add(c.name);
    for (const m of await db.selectFrom('municipalities').select('name').where('code', 'in', DEMO).execute()) demoMunicipalityNames.add(m.name);
    // A systems-only KITOS file: real data replaces København's demo inventory.
    const { fileName, bytes } = await kitosFile('systems-full', 'csv-utf-8-bom');
    const report = await importFile(db, { municipalityCode: REAL, fileName, source: bytes, actor: 'test' });
    expect(report.status).toBe('committed');
    for (const p of await db.selectFrom('products').select('id').where('source', '=', 'demo').execute()) demoProductIds.add(p.id);
  }, 120_000);
  afterAll(async () => ta.t.drop());

  it('marks what the demo generator invented', async () => {
    expect(demoContractNames.size).toBeGreaterThan(0);
    expect(demoProductIds.size).toBeGreaterThan(0);
    const names = await db.selectFrom('products').select('name').where('source', '=', 'demo').execute();
    expect(names.every((p) => p.name.endsWith('(demo)'))).toBe(true);
    const invented = await db.selectFrom('products').select('id').where('name', 'like', '%(demo)').where((eb) => eb.or([eb('source', 'is', null), eb('source', '<>', 'demo')])).execute();
    expect(invented).toEqual([]);
  });

  it('keeps no demo contract, usage or integration in the real inventory', async () => {
    const current = await db.selectFrom('current_inventory as ci').innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id').select(['v.id', 'v.demo', 'v.contract_count', 'v.integration_count']).where('ci.municipality_code', '=', REAL).executeTakeFirstOrThrow();
    expect(current.demo).toBe(0);
    expect(current.contract_count).toBe(0);
    expect(await db.selectFrom('contracts').select('id').where('inventory_version_id', '=', current.id).execute()).toEqual([]);
  });

  it('says the world is real, and covers 1 of 98 municipalities', async () => {
    const coverage = (await get('/api/v1/national/coverage')) as { world: string; municipalitiesWithData: number; municipalitiesTotal: number; latestDataDate: string | null };
    expect(coverage).toMatchObject({ world: 'real', municipalitiesWithData: 1, municipalitiesTotal: 98 });
    expect(coverage.latestDataDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const national = (await get('/api/v1/national/score')) as { coverage: unknown; score: { municipalityCount: number } };
    expect(national.coverage).toEqual(coverage);
    expect(national.score.municipalityCount).toBe(1);
    const session = (await (await ta.app.request('/api/v1/auth/session')).json()) as { demoMode: boolean };
    expect(session.demoMode).toBe(false);
  });

  it('lists Læsø and the other demo municipalities as "no data" nationally', async () => {
    const list = (await get('/api/v1/municipalities')) as { items: { code: number; demo: boolean; counted: boolean; lockin: number | null; dataDate: string | null }[] };
    const laeso = list.items.find((m) => m.code === 825)!;
    expect(laeso).toMatchObject({ demo: true, counted: false, lockin: null });
    const kbh = list.items.find((m) => m.code === REAL)!;
    expect(kbh).toMatchObject({ demo: false, counted: true });
    expect(kbh.lockin).toEqual(expect.any(Number));
    expect(list.items.filter((m) => m.counted).map((m) => m.code)).toEqual([REAL]);
    expect(list.items.filter((m) => m.lockin !== null).map((m) => m.code)).toEqual([REAL]);
  });

  it('never shows a demo inventory, municipality, product or contract in a national answer or an answer about København', async () => {
    const answers: Record<string, unknown> = {};
    const national = [
      '/api/v1/national/score',
      '/api/v1/scores/municipalities?limit=1000',
      '/api/v1/usages?limit=1000',
      '/api/v1/contracts?limit=1000',
      '/api/v1/integrations?limit=1000',
      '/api/v1/cooperation/products',
      '/api/v1/products?limit=1000',
      '/api/v1/vendors?limit=1000',
      '/api/v1/alternatives?limit=1000',
      '/api/v1/moderation/queue?limit=1000',
    ];
    const about = [
      `/api/v1/municipalities/${REAL}/score`,
      `/api/v1/municipalities/${REAL}/systems?limit=1000`,
      `/api/v1/municipalities/${REAL}/exit-paths`,
      `/api/v1/municipalities/${REAL}/graph`,
      `/api/v1/usages?municipality=${REAL}&limit=1000`,
      `/api/v1/contracts?municipality=${REAL}&limit=1000`,
    ];
    for (const path of [...national, ...about]) answers[path] = await get(path);
    // Cooperation and catalogue detail of the shared products the demo municipalities run.
    const shared = await db
      .selectFrom('system_usages as u')
      .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .select('p.id')
      .distinct()
      .where('ci.municipality_code', 'in', DEMO)
      .where('p.local_to_municipality', 'is', null)
      .orderBy('p.id')
      .execute();
    expect(shared.length).toBeGreaterThan(0);
    for (const product of shared.map((p) => p.id).slice(0, 8)) {
      for (const path of [`/api/v1/cooperation?product=${product}`, `/api/v1/products/${product}`]) answers[path] = await get(path);
    }
    // The vendors København depends on most: their national reach.
    const score = answers[`/api/v1/municipalities/${REAL}/score`] as { score: { vendors: { vendorId: string }[] } };
    for (const v of score.score.vendors.slice(0, 5)) {
      const path = `/api/v1/vendors/${v.vendorId}/dependency`;
      answers[path] = await get(path);
    }
    // Products København runs: catalogue detail with usage counts.
    const systems = answers[`/api/v1/municipalities/${REAL}/systems?limit=1000`] as { items: { usageId: number }[] };
    expect(systems.items.length).toBeGreaterThan(0);

    for (const [path, doc] of Object.entries(answers)) {
      const text = JSON.stringify(doc);
      expect(text, path).not.toContain('(demo)');
      for (const name of demoContractNames) expect(text.includes(`"${name}"`), `${path}: demo contract ${name}`).toBe(false);
      for (const name of demoMunicipalityNames) expect(text.includes(`"${name}"`), `${path}: demo municipality ${name}`).toBe(false);
      for (const [k, v] of pairs(doc)) {
        if (k === 'inventoryVersionId') expect(demoVersionIds.has(v as number), `${path}: demo version ${String(v)}`).toBe(false);
        if (k === 'municipalityCode' || k === 'municipalities') {
          const codes = (Array.isArray(v) ? v : [v]).map((x) => Number(typeof x === 'object' && x && 'municipalityCode' in x ? (x as { municipalityCode: unknown }).municipalityCode : x));
          for (const c of codes) expect(DEMO.includes(c), `${path}: demo municipality ${c} under ${k}`).toBe(false);
        }
        if (k === 'productId' && v != null) expect(demoProductIds.has(Number(v)), `${path}: demo product ${String(v)}`).toBe(false);
        if (k === 'runBy' && Array.isArray(v)) for (const c of v) expect(DEMO.includes(Number(c)), `${path}: runBy ${String(c)}`).toBe(false);
      }
    }
  });

  it('scores the real inventory against real inventories only', async () => {
    const row = await db.selectFrom('national_scores').select(['world', 'municipality_count']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toEqual({ world: 'real', municipality_count: 1 });
  });

  it('keeps the demo world its own national row: a demo system page reads the stored concentration', async () => {
    // The real import wrote the real world's row and left the demo one as the demo's own scoring
    // wrote it (over its four inventories, København's among them): the concentration (F5) the demo
    // inventories are scored with is stored, not recounted over every demo usage on each request.
    const rows = await db.selectFrom('national_scores').select(['world', 'municipality_count', 'category_hhi']).orderBy('id').execute();
    expect(rows.map((r) => [r.world, r.municipality_count])).toEqual([['demo', DEMO.length + 1], ['real', 1]]);
    const stored = await storedCategoryHhi(db, 'demo');
    expect(stored?.size).toBeGreaterThan(0);
    expect(stored).toEqual(new Map(Object.entries(JSON.parse(rows[0]!.category_hhi))));
    // A full recomputation brings it up to the demo world as it is now.
    await rescoreAll(db, { workers: 0 });
    expect(await storedCategoryHhi(db, 'demo')).toEqual(await computeCategoryHhi(db, 'demo'));
    expect((await db.selectFrom('national_scores').select(['world', 'municipality_count']).orderBy('id').execute()).map((r) => [r.world, r.municipality_count])).toEqual([['demo', DEMO.length], ['real', 1]]);
    // The national answer stays the real world's.
    const national = (await get('/api/v1/national/score')) as { score: { municipalityCount: number } };
    expect(national.score.municipalityCount).toBe(1);
  });

  it('still shows a demo municipality its own demo inventory', async () => {
    const list = (await get('/api/v1/municipalities/825')) as { demo: boolean; inventoryVersionId: number };
    expect(list.demo).toBe(true);
    const systems = (await get('/api/v1/municipalities/825/systems?limit=5')) as { items: unknown[] };
    expect(systems.items.length).toBeGreaterThan(0);
  });

  it('DELETE /api/v1/demo is for administrators only and needs the CSRF token', async () => {
    const architect = await signInAs(ta, [{ role: 'architect', municipalityCode: REAL }]);
    expect((await ta.app.request('/api/v1/demo', { method: 'DELETE', headers: architect.write })).status).toBe(403);
    expect((await ta.app.request('/api/v1/demo', { method: 'DELETE', headers: admin.read })).status).toBe(403);
    expect((await ta.app.request('/api/v1/demo', { method: 'DELETE' })).status).toBe(401);
    expect(await db.selectFrom('inventory_versions').select('id').where('demo', '=', 1).execute()).not.toEqual([]);
  });

  it('demo remove deletes every demo row and keeps every real one, table by table', async () => {
    // A scenario and an exit plan on a demo municipality, an exit plan on the real one.
    const now = new Date(0).toISOString();
    const plan = (code: number) => ({ municipality_code: code, usage_key: 'k', plan: '{}', saved_for_version_id: null, created_at: now, updated_at: now, updated_by: 'test' });
    await db.insertInto('exit_plans').values([plan(825), plan(REAL)]).execute();
    await db.insertInto('scenarios').values({ municipality_code: 825, name: 'S', replacements: '[]', start_date: null, created_by_user_id: null, created_by: 'test', shared: 0, created_at: now, updated_at: now }).execute();

    const before = await snapshot(db);
    const demoVersions = [...demoVersionIds];
    const demoContracts = new Set((await db.selectFrom('contracts').select('id').where('inventory_version_id', 'in', demoVersions).execute()).map((c) => c.id));
    const isDemoRow = (t: string, r: Record<string, unknown>): boolean => {
      switch (t) {
        case 'inventory_versions':
        case 'import_runs':
          return r.demo === 1;
        case 'current_inventory':
        case 'system_usages':
        case 'contracts':
        case 'integrations':
        case 'usage_scores':
        case 'municipality_scores':
          return demoVersions.includes(r.inventory_version_id as number);
        case 'products':
        case 'vendors':
          return r.source === 'demo';
        case 'contract_usages':
          return demoContracts.has(r.contract_id as number);
        case 'exit_plans':
        case 'scenarios':
          return DEMO.includes(r.municipality_code as number);
        default:
          return false;
      }
    };
    const res = await ta.app.request('/api/v1/demo', { method: 'DELETE', headers: admin.write });
    expect(res.status).toBe(200);
    const removed = (await res.json()) as { municipalities: number; inventoryVersions: number; products: number };
    expect(removed.municipalities).toBe(DEMO.length);
    expect(removed.inventoryVersions).toBe(demoVersions.length);
    expect(removed.products).toBe(demoProductIds.size);
    const after = await snapshot(db);

    const usageIdsOfDemo = new Set<number>();
    for (const t of Object.keys(before)) {
      const beforeRows = before[t]!.map((s) => JSON.parse(s as string) as Record<string, unknown>);
      if (t === 'system_usages') for (const r of beforeRows) if (isDemoRow(t, r)) usageIdsOfDemo.add(r.id as number);
      if (['usage_sub_processors'].includes(t)) continue; // checked through their usages below
      if (t === 'users' || t === 'user_grants') continue; // sessions of this test may touch them
      const kept = beforeRows.filter((r) => !isDemoRow(t, r));
      const afterRows = after[t]!.map((s) => JSON.parse(s as string) as Record<string, unknown>);
      if (t === 'municipality_scores' || t === 'usage_scores') {
        // The nation is rescored: the real rows stay, recomputed (same ids), no demo row is left.
        expect(afterRows.map((r) => r.inventory_version_id).sort(), t).toEqual(kept.map((r) => r.inventory_version_id).sort());
        continue;
      }
      expect(afterRows, `table ${t}`).toEqual(kept);
    }
    const leftSubs = await db.selectFrom('usage_sub_processors').select('usage_id').execute();
    expect(leftSubs.filter((s) => usageIdsOfDemo.has(s.usage_id))).toEqual([]);
    const audit = await db.selectFrom('audit_log').select(['actor', 'action', 'after']).where('action', '=', 'demo.remove').execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe(admin.email);
    expect(JSON.parse(audit[0]!.after!)).toEqual(removed);
    const coverage = (await get('/api/v1/national/coverage')) as { world: string; municipalitiesWithData: number };
    expect(coverage).toMatchObject({ world: 'real', municipalitiesWithData: 1 });
  });
});
