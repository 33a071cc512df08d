// Cooperation matchmaking over HTTP on a constructed data set: five municipalities use SBSYS,
// three with contract ends within six months of each other, one a year later, one without a
// contract. Who asks decides what is matched: a private inventory is only counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import type { CooperationAnswer, CooperationProduct } from '../../server/src/services/cooperation.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

// Contract ends (the next penalty-free exit: no early-termination right on record).
const ENDS: Record<number, { end: string | null; cost: number | null }> = {
  101: { end: '2028-01-31', cost: 1_000_000 },
  147: { end: '2028-03-31', cost: 600_000 },
  151: { end: '2028-06-30', cost: null },
  153: { end: '2029-06-30', cost: 400_000 },
  155: { end: null, cost: null }, // no contract on record: exit unknown
};

describe.each(databaseKinds)('cooperation matchmaking on %s', (kind) => {
  let ctx: TestApp;
  let a101: SignedInClient;
  let a147: SignedInClient;
  let reader: SignedInClient;
  let moderator: SignedInClient;
  let product: number;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    for (const [code, { end, cost }] of Object.entries(ENDS)) {
      const records = inventoryRecords.parse({
        usages: [aUsage({ local_id: 'ESDH' }), aUsage({ local_id: 'OKO', product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' } })],
        contracts: end ? [aContract({ valid_to: end, yearly_operation_cost_dkk: cost, usage_keys: ['id:esdh'] })] : [],
      });
      await replaceInventory(ctx.t.handle.db, { municipalityCode: Number(code), kind: 'import', run: aRun({ fileSha256: code.repeat(22).slice(0, 64) }), records });
    }
    product = (await ctx.t.handle.db.selectFrom('products').select('id').where('name', '=', 'SBSYS').executeTakeFirstOrThrow()).id;
    a101 = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    a147 = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    reader = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
    moderator = await signInAs(ctx, [{ role: 'moderator', municipalityCode: null }]);
  });
  afterAll(async () => ctx.t.drop());

  const ask = async (query: string, who: SignedInClient | null, status = 200) => {
    const res = await ctx.app.request(`/api/v1/cooperation?${query}`, { headers: who?.read ?? {} });
    expect(res.status, await res.clone().text()).toBe(status);
    return (await res.json()) as CooperationAnswer;
  };
  const members = (a: CooperationAnswer) => a.clusters.map((c) => c.members.map((m) => m.municipalityCode));

  it('finds the municipalities whose windows overlap, with the shared window and the combined spend', async () => {
    const a = await ask(`product=${product}&windowMonths=6`, a101);
    expect(a.product).toEqual({ id: product, name: 'SBSYS' });
    expect(members(a)).toEqual([[101, 147, 151]]);
    expect(a.clusters[0]).toMatchObject({ sharedWindow: { from: '2028-06-30', to: '2028-07-31' }, combinedSpendDkk: 1_600_000, spendUnknownCount: 1 });
    expect(a.clusters[0]!.members.map((m) => m.nextExit)).toEqual(['2028-01-31', '2028-03-31', '2028-06-30']);
    expect(a.unknownExit).toEqual([{ municipalityCode: 155, name: 'Dragør' }]);
    expect(a.withheldCount).toBe(0);
    expect(a.windows.map((w) => w.municipalityCode)).toEqual([101, 147, 151, 153]);
    // Fourteen months reach 153 a year later, from 151 only: 151 is in both clusters.
    expect(members(await ask(`product=${product}&windowMonths=14`, a101))).toEqual([[101, 147, 151], [151, 153]]);
  });

  it("shows one municipality's potential partners", async () => {
    const a = await ask(`product=${product}&windowMonths=6&municipality=147`, a101);
    expect(a.municipality!.own!.window).toEqual({ from: '2028-03-31', to: '2028-09-30' });
    expect(a.municipality!.partners.map((p) => [p.member.municipalityCode, p.sharedWindow])).toEqual([
      [101, { from: '2028-03-31', to: '2028-07-31' }],
      [151, { from: '2028-06-30', to: '2028-09-30' }],
    ]);
    expect((await ask(`product=${product}&windowMonths=6&municipality=153`, a101)).municipality!.partners).toEqual([]);
  });

  it('matches only the inventories the asker may read; the others are counted, not named', async () => {
    const set = await ctx.app.request('/api/v1/municipalities/147/settings', {
      method: 'PUT',
      headers: { ...(await signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }])).write, 'content-type': 'application/json' },
      body: JSON.stringify({ inventoryVisibility: 'own_municipality' }),
    });
    expect(set.status, await set.clone().text()).toBe(200);

    const other = await ask(`product=${product}&windowMonths=6`, a101);
    expect(members(other)).toEqual([[101, 151]]);
    expect(other.clusters[0]).toMatchObject({ sharedWindow: { from: '2028-06-30', to: '2028-07-31' }, combinedSpendDkk: 1_000_000 });
    expect(other.withheldCount).toBe(1);
    expect(JSON.stringify(other)).not.toContain('Frederiksberg');
    await ask(`product=${product}&windowMonths=6&municipality=147`, a101, 403);

    // Its own architects and the moderators still see it.
    expect(members(await ask(`product=${product}&windowMonths=6`, a147))).toEqual([[101, 147, 151]]);
    expect(members(await ask(`product=${product}&windowMonths=6`, moderator))).toEqual([[101, 147, 151]]);
    // A reader without a municipality reads no inventory: nothing is matched.
    const r = await ask(`product=${product}&windowMonths=6`, reader);
    expect(r).toMatchObject({ clusters: [], unknownExit: [], withheldCount: 5 });

    const products = (await (await ctx.app.request('/api/v1/cooperation/products', { headers: a101.read })).json()) as CooperationProduct[];
    expect(products.find((p) => p.id === product)).toMatchObject({ name: 'SBSYS', municipalityCount: 4 });
    expect((await (await ctx.app.request('/api/v1/cooperation/products', { headers: reader.read })).json()) as unknown[]).toEqual([]);
  });

  it('refuses strangers, unknown products and bad windows', async () => {
    await ask(`product=${product}`, null, 401);
    await ask('product=999999&windowMonths=6', a101, 404);
    await ask(`product=${product}&windowMonths=0`, a101, 400);
    await ask(`product=${product}&windowMonths=6&municipality=998`, a101, 404);
    await ask('windowMonths=6', a101, 400);
  });
});
