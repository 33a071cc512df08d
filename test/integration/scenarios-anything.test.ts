// Scenarios on anything (issue #14) over real HTTP on a real database (SQLite, and PostgreSQL when
// set): what the builder may name (every product with its usages, the whole catalogue), a subset of
// a product's usages by the file's own names, several products → one suite (Microsoft 365 →
// openDesk), one usage → several candidates, a usage named twice refused naming both, and a
// scenario saved in the old shape still loading.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };

/** Five Exchange usages (one per department, by local name), Teams, Word, and a Danish ESDH. */
const inventory = inventoryRecords.parse({
  usages: [
    ...['Borgerservice', 'Skole', 'Social', 'Teknik', 'Økonomi'].map((d) =>
      aUsage({ product_name: 'Microsoft Exchange Server / Exchange Online', local_name: `Exchange ${d}`, supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'high' }),
    ),
    aUsage({ product_name: 'Microsoft Teams (chat)', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'medium' }),
    aUsage({ product_name: 'Microsoft Word', supplier: microsoft, hosting_model: 'on_premise', criticality: 'medium' }),
    aUsage({ product_name: 'SBSYS', supplier: { name: 'Netcompany A/S', cvr: null }, hosting_model: 'shared_public', criticality: 'critical' }),
  ],
});

interface Indicators { L: number; systemCount: number }
interface Comparison {
  replacements: Array<{ product: string; productName: string; alternative: string; alternativeName: string; products?: Array<{ ref: string }>; usages?: Array<{ ref: string; name: string }>; alternatives?: Array<{ ref: string; name: string }> }>;
  outcome: {
    before: Indicators;
    after: Indicators;
    replaced: Array<{ usageId: string; name: string; replacement: string; parts?: Array<{ replacement: string }> }>;
    vendors: Array<{ vendorId: string; before: { reach: number } | null; after: { reach: number } | null }>;
  };
}
interface Options {
  products: Array<{ ref: string; key: string | null; name: string; usages: Array<{ ref: string; key: string; name: string }> }>;
  catalogue: Array<{ ref: string; key: string | null; name: string; kind: string; state: string | null; parts: string[] }>;
  examples: Array<{ id: string; products: string[]; alternatives: string[] }>;
}

describe.each(databaseKinds)('scenarios on anything on %s', (kind) => {
  let ctx: TestApp;
  let leader: SignedInClient;
  let msId: string;
  const send = (who: SignedInClient | null, method: string, path: string, body?: unknown) =>
    ctx.app.request(path, { method, headers: { ...(who ? (method === 'GET' ? who.read : who.write) : {}), ...(body ? { 'content-type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
  const ok = async <T>(res: Response, status = 200): Promise<T> => {
    const text = await res.text();
    expect(res.status, text.slice(0, 600)).toBe(status);
    return JSON.parse(text) as T;
  };
  const compare = (replacements: unknown[]) => send(leader, 'POST', '/api/v1/municipalities/147/scenarios/compare', { replacements });

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records: inventory, kind: 'import', run: aRun() });
    leader = await signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }]);
    msId = String((await ctx.t.handle.db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id);
  }, 120_000);
  afterAll(async () => ctx.t.drop());

  it('lists every product with its usages by the file’s names, the whole public catalogue, and the Microsoft 365 → openDesk example', async () => {
    const o = await ok<Options>(await send(leader, 'GET', '/api/v1/municipalities/147/scenarios/options'));
    expect(o.products.map((p) => p.usages.length).reduce((a, b) => a + b, 0)).toBe(8);
    const exchange = o.products.find((p) => p.key === 'microsoft-exchange')!;
    expect(exchange.usages.map((u) => u.name)).toEqual(['Exchange Borgerservice', 'Exchange Skole', 'Exchange Social', 'Exchange Teknik', 'Exchange Økonomi']);
    // The whole catalogue: every public alternative (published and unverified), not only exit-path candidates.
    const publicAlternatives = await ctx.t.handle.db.selectFrom('alternatives').select('id').where('moderation_state', 'in', ['published', 'unverified']).execute();
    expect(o.catalogue.filter((c) => c.kind === 'alternative')).toHaveLength(publicAlternatives.length);
    expect(o.catalogue.some((c) => c.kind === 'product')).toBe(true);
    const openDesk = o.catalogue.find((c) => c.key === 'opendesk')!;
    expect(openDesk.parts).toEqual(expect.arrayContaining(['Jitsi Meet', 'Nextcloud Hub']));
    const example = o.examples.find((e) => e.id === 'microsoft-365-opendesk')!;
    expect(example.alternatives).toEqual([openDesk.ref]);
    expect(example.products.sort()).toEqual(o.products.filter((p) => p.key?.startsWith('microsoft-')).map((p) => p.ref).sort());
    expect((await send(null, 'GET', '/api/v1/municipalities/147/scenarios/options')).status).toBe(401);
  });

  it('replaces 2 of 5 Exchange usages by the file’s own names, and stores them by usage key', async () => {
    const c = await ok<Comparison>(await compare([{ usages: ['Exchange Skole', 'Exchange Teknik'], alternative: 'openDesk' }]));
    expect(c.outcome.replaced.map((r) => r.name).sort()).toEqual(['Exchange Skole', 'Exchange Teknik']);
    expect(c.replacements[0]!.usages!.map((u) => u.name)).toEqual(['Exchange Skole', 'Exchange Teknik']);
    expect(c.replacements[0]!.usages!.every((u) => u.ref.startsWith('usage:'))).toBe(true);
    // The product as a whole: all five.
    const all = await ok<Comparison>(await compare([{ product: 'microsoft-exchange', alternative: 'openDesk' }]));
    expect(all.outcome.replaced).toHaveLength(5);
    expect(all.outcome.after.L).toBeLessThan(c.outcome.after.L);
  });

  it('Microsoft 365 → openDesk: several products → one suite; Microsoft’s reach goes', async () => {
    const o = await ok<Options>(await send(leader, 'GET', '/api/v1/municipalities/147/scenarios/options'));
    const example = o.examples.find((e) => e.id === 'microsoft-365-opendesk')!;
    const c = await ok<Comparison>(await compare([{ products: example.products, alternatives: example.alternatives }]));
    expect(c.outcome.replaced).toHaveLength(7);
    expect(new Set(c.outcome.replaced.map((r) => r.replacement))).toEqual(new Set(['openDesk']));
    const ms = c.outcome.vendors.find((v) => v.vendorId === msId)!;
    expect(ms.before!.reach).toBeGreaterThan(0);
    expect(ms.after).toBeNull();
    expect(c.outcome.after.systemCount).toBe(c.outcome.before.systemCount);
  });

  it('one → several: Teams split into Element (Matrix) and Jitsi Meet, each a part', async () => {
    const c = await ok<Comparison>(await compare([{ product: 'Microsoft Teams (chat)', alternatives: ['element-matrix', 'Jitsi Meet'] }]));
    expect(c.outcome.replaced).toHaveLength(1);
    expect(c.outcome.replaced[0]!.parts!.map((p) => p.replacement)).toEqual(['Element (Matrix)', 'Jitsi Meet']);
    expect(c.outcome.after.systemCount).toBe(c.outcome.before.systemCount + 1);
    expect(c.replacements[0]!.alternatives!.map((a) => a.name)).toEqual(['Element (Matrix)', 'Jitsi Meet']);
  });

  it('refuses a usage named by two replacements, naming both, and unknown names by field', async () => {
    const twice = await compare([{ product: 'microsoft-exchange', alternative: 'openDesk' }, { usages: ['Exchange Skole'], alternative: 'Nextcloud Hub' }]);
    expect(twice.status).toBe(400);
    expect(twice.headers.get('content-type')).toContain('application/problem+json');
    const p = (await twice.json()) as { errors: Array<{ field: string; message: { da: string } }> };
    expect(p.errors.map((e) => e.field)).toEqual(['replacements.0', 'replacements.1']);
    expect(p.errors[0]!.message.da).toMatch(/Exchange Skole.*1 og 2/);
    const unknown = await compare([{ usages: ['Exchange Skole', 'Exchange Mars'], alternatives: ['openDesk', 'Lotus Symphony'] }]);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { errors: Array<{ field: string }> }).errors.map((e) => e.field)).toEqual(['replacements.0.usages.1', 'replacements.0.alternatives.1']);
    const empty = await compare([{ alternative: 'openDesk' }]);
    expect(empty.status).toBe(400);
  });

  it('saves a wide scenario and reads it back; a scenario stored in the old shape still loads', async () => {
    const saved = await ok<{ id: number; replacements: Comparison['replacements'] }>(
      await send(leader, 'POST', '/api/v1/municipalities/147/scenarios', { name: 'Delvis', replacements: [{ usages: ['Exchange Skole'], alternatives: ['openDesk'] }] }),
      201,
    );
    expect(saved.replacements[0]!.productName).toBe('Exchange Skole');
    const got = await ok<Comparison & { warnings: unknown[] }>(await send(leader, 'GET', `/api/v1/municipalities/147/scenarios/${saved.id}`));
    expect(got.warnings).toEqual([]);
    expect(got.outcome.replaced.map((r) => r.name)).toEqual(['Exchange Skole']);
    // A row written before issue #14: only product/alternative refs and names.
    const word = await ctx.t.handle.db.selectFrom('products').select('id').where('key', '=', 'microsoft-word').executeTakeFirstOrThrow();
    const lo = await ctx.t.handle.db.selectFrom('alternatives').select(['id', 'name']).where('key', '=', 'libreoffice-writer').executeTakeFirstOrThrow();
    const old = await ctx.t.handle.db
      .insertInto('scenarios')
      .values({
        municipality_code: 147,
        name: 'Gammel',
        replacements: JSON.stringify([{ product: `product:${word.id}`, productName: 'Microsoft Word', alternative: `alternative:${lo.id}`, alternativeName: lo.name, from: null }]),
        start_date: null,
        created_by_user_id: leader.userId,
        created_by: 'test',
        shared: 0,
        created_at: '2026-01-01T00:00:00.000Z',
        updated_at: '2026-01-01T00:00:00.000Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const oldGot = await ok<Comparison & { warnings: unknown[] }>(await send(leader, 'GET', `/api/v1/municipalities/147/scenarios/${old.id}`));
    expect(oldGot.warnings).toEqual([]);
    expect(oldGot.outcome.replaced.map((r) => [r.name, r.replacement])).toEqual([['Microsoft Word', lo.name]]);
  });
});
