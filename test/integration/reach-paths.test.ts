// Every reach figure is explained by its paths (issue #15): GET /vendors/{id}/dependency?municipality=…
// lists, for each system counted, the path that reaches it (system → via → vendor, each step's kind
// and weight) and its contribution; the contributions add up to the stored figure, in both the
// owner and the company grouping. Over a hand-built inventory with an identity provider, a broker,
// one-way and two-way integrations and a Danish subsidiary of a foreign group, and a real KITOS file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { label } from '../../server/src/domain/labels.ts';
import { edgeLabels } from '../../server/src/scoring/index.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft', cvr: null };
const kmd = { name: 'KMD A/S', cvr: '26911745' };
const records = inventoryRecords.parse({
  usages: [
    aUsage({ product_name: 'Microsoft Entra ID', local_id: 'idp', supplier: microsoft, category: 'identity-management', hosting_model: 'vendor_hosted', criticality: 'critical' }),
    aUsage({ product_name: 'KMD Opus Økonomi', local_id: 'oko', supplier: kmd, hosting_model: 'shared_public', criticality: 'critical' }),
    aUsage({ product_name: 'KMD Opus Løn', local_id: 'lon', supplier: kmd, hosting_model: 'shared_public', criticality: 'high' }),
    aUsage({ product_name: 'SBSYS', local_id: 'esdh', supplier: { name: 'Netcompany A/S', cvr: null }, criticality: 'high' }),
    aUsage({ product_name: 'OS2forms', local_id: 'forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: null }),
  ],
  integrations: [
    { source_key: 'id:oko', target_key: 'id:idp', kind: 'requires_platform', platform_role: 'identity' },
    { source_key: 'id:esdh', target_key: 'id:idp', kind: 'requires_platform', platform_role: 'identity' },
    { source_key: 'id:lon', target_key: 'id:oko', kind: 'data' },
    { source_key: 'id:forms', target_key: 'id:esdh', kind: 'data', direction: 'bidirectional' },
  ],
});

interface PathSystem { usageId: number; usageKey: string; name: string }
interface Explained {
  vendorId: number;
  reach: number;
  exposure: number;
  paths: {
    system: PathSystem;
    exposure: number;
    rho: number;
    contribution: number;
    steps: { from: PathSystem; to: PathSystem; kind: string; weight: number }[];
    party: { system: PathSystem; role: string; weight: number; company: { id: number; name: string }; owner: { id: number; name: string } };
  }[];
}
interface Dependency { vendor: { id: number; ultimateParentId: number }; explanation?: { municipalityCode: number; name: string; modelVersion: string; owner: Explained; company: Explained } }
interface Metrics { vendorId: string; reach: number }

describe.each(databaseKinds)('the paths behind every reach figure on %s', (kind) => {
  let ctx: TestApp;
  let reader: SignedInClient;
  const kinds = new Set<string>();
  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [] });
    reader = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records, kind: 'import', run: aRun() });
    // A real KITOS file ("Anvendte systemer" give its integrations) for Aarhus.
    const kitos = readFileSync(join(process.cwd(), 'test/fixtures/importers/kitos-systems-new.csv'));
    const imported = await importFile(ctx.t.handle.db, { municipalityCode: 751, fileName: 'kitos-systems-new.csv', source: new Uint8Array(kitos), actor: 'test' });
    expect(imported.status).toBe('committed');
  }, 180_000);
  afterAll(async () => ctx.t.drop());

  const get = async <T>(path: string, status = 200) => {
    const res = await ctx.app.request(path, { headers: reader.read });
    const body = (await res.json()) as T;
    expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(status);
    return { body, type: res.headers.get('content-type') };
  };

  /** What holds of any explanation by definition. */
  function holds(x: Explained, storedReach: number, code: number): void {
    const sum = x.paths.reduce((s, p) => s + p.contribution, 0);
    expect(Math.abs(sum - storedReach), `Σ contributions of vendor ${x.vendorId} in ${code}`).toBeLessThanOrEqual(1e-9);
    expect(Math.abs(x.reach - storedReach)).toBeLessThanOrEqual(1e-9);
    for (let i = 1; i < x.paths.length; i++) expect(x.paths[i]!.contribution).toBeLessThanOrEqual(x.paths[i - 1]!.contribution);
    for (const p of x.paths) {
      // ρ* is the product of the steps' weights and the party's role weight.
      const product = p.steps.reduce((r, s) => r * s.weight, p.party.weight);
      expect(Math.abs(product - p.rho), `${p.system.name}: Π weights = ρ*`).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(p.contribution - (p.exposure * p.rho) / x.exposure)).toBeLessThanOrEqual(1e-12);
      // A chain: system → … → the system where the vendor is a party.
      let at = p.system.usageId;
      for (const s of p.steps) {
        expect(s.from.usageId).toBe(at);
        expect(edgeLabels).toContain(s.kind);
        kinds.add(s.kind);
        at = s.to.usageId;
      }
      expect(p.party.system.usageId).toBe(at);
      // Names a reader can follow: never an id in place of a name.
      expect(p.system.name).not.toMatch(/^\d+$/);
      expect(p.system.usageKey.length).toBeGreaterThan(0);
      expect(p.party.company.name.length).toBeGreaterThan(0);
      expect(p.party.owner.name.length).toBeGreaterThan(0);
    }
  }

  it.each([147, 751])('in municipality %i: for every vendor, Σ contributions = the stored reach, in both groupings', async (code) => {
    const { body: view } = await get<{ score: { vendors: Metrics[]; byCompany: { vendors: Metrics[] } } }>(`/api/v1/municipalities/${code}/score`);
    const owners = view.score.vendors.filter((v) => /^\d+$/.test(v.vendorId));
    const companies = view.score.byCompany.vendors.filter((v) => /^\d+$/.test(v.vendorId));
    expect(owners.length).toBeGreaterThan(1);
    for (const v of owners) {
      const { body } = await get<Dependency>(`/api/v1/vendors/${v.vendorId}/dependency?municipality=${code}`);
      expect(body.explanation!.municipalityCode).toBe(code);
      expect(body.explanation!.owner.vendorId).toBe(Number(v.vendorId));
      holds(body.explanation!.owner, v.reach, code);
    }
    for (const v of companies) {
      const { body } = await get<Dependency>(`/api/v1/vendors/${v.vendorId}/dependency?municipality=${code}`);
      expect(body.explanation!.company.vendorId).toBe(Number(v.vendorId));
      holds(body.explanation!.company, v.reach, code);
      // The owner grouping of the same answer is the owner's stored figure.
      const owner = owners.find((o) => o.vendorId === String(body.vendor.ultimateParentId));
      holds(body.explanation!.owner, owner?.reach ?? 0, code);
    }
  });

  it('names the path: a login to the identity provider, a one-way and a two-way integration; KMD A/S under NEC', async () => {
    const db = ctx.t.handle.db;
    const msId = (await db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id;
    const kmdId = (await db.selectFrom('vendors').select('id').where('key', '=', 'kmd').executeTakeFirstOrThrow()).id;
    const { body: ms } = await get<Dependency>(`/api/v1/vendors/${msId}/dependency?municipality=147`);
    const oko = ms.explanation!.owner.paths.find((p) => p.system.usageKey === 'id:oko')!;
    expect(oko.steps.map((s) => [s.kind, s.to.name])).toEqual([['identity', 'Microsoft Entra ID']]);
    expect(oko.party.system.usageKey).toBe('id:idp');
    // Løn uses Økonomi's data, and Økonomi logs in with Entra ID: two hops, 0.5 · 0.75 · 1.
    const lonMs = ms.explanation!.owner.paths.find((p) => p.system.usageKey === 'id:lon')!;
    expect(lonMs.steps.map((s) => [s.kind, s.weight, s.to.name])).toEqual([['data', 0.5, 'KMD Opus Økonomi'], ['identity', 0.75, 'Microsoft Entra ID']]);
    // The identity provider itself is never reached through a system that only uses its data.
    expect(ms.explanation!.owner.paths.find((p) => p.system.usageKey === 'id:idp')!.steps).toEqual([]);
    const { body: k } = await get<Dependency>(`/api/v1/vendors/${kmdId}/dependency?municipality=147`);
    const lon = k.explanation!.company.paths.find((p) => p.system.usageKey === 'id:lon')!;
    expect(lon.steps).toEqual([]);
    expect(lon.party.company.name).toBe('KMD A/S');
    expect(lon.party.owner.name).toBe('NEC Corporation');
    expect(k.explanation!.owner.vendorId).toBe(k.vendor.ultimateParentId);
    expect(k.explanation!.owner.vendorId).not.toBe(kmdId);
    expect([...kinds]).toEqual(expect.arrayContaining(['identity', 'data', 'data-unknown-direction']));
    // Every kind has words in both languages.
    for (const kindCode of edgeLabels) for (const l of ['da', 'en'] as const) expect(label('dependencyEdge', kindCode, l)).not.toBe(kindCode.replace(/-/g, ' '));
  });

  it('without a municipality the answer is as before; an unknown or empty municipality is a 404 problem', async () => {
    const { body: plain } = await get<Dependency>(`/api/v1/vendors/${(await get<{ score: { vendors: Metrics[] } }>('/api/v1/municipalities/147/score')).body.score.vendors[0]!.vendorId}/dependency`);
    expect(plain.explanation).toBeUndefined();
    const any = plain.vendor.id;
    for (const code of [999, 101]) {
      const { type } = await get<{ status: number }>(`/api/v1/vendors/${any}/dependency?municipality=${code}`, 404);
      expect(type).toContain('application/problem+json');
    }
    await get(`/api/v1/vendors/${any}/dependency?municipality=abc`, 400);
  });
});
