// Brand and owner: a municipality deals with KMD A/S, which NEC Corporation (Japan) owns. The
// scores name vendors both ways: by the company the municipality deals with, with its owner
// beside it (the dashboards' default), and by ultimate owner (whole groups). Both come from
// the same stored score, so a figure and the list beside it always agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const kmd = { name: 'KMD A/S', cvr: '26911745' };
const records = inventoryRecords.parse({
  usages: [
    aUsage({ product_name: 'KMD Opus Økonomi', supplier: kmd, hosting_model: 'shared_public', criticality: 'critical' }),
    aUsage({ product_name: 'KMD Opus Løn', supplier: kmd, hosting_model: 'shared_public', criticality: 'high' }),
    aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' }),
  ],
});

interface Metrics { vendorId: string; name: string | null; reach: number; directReach: number; spendShare: number | null }
interface Company extends Metrics { owner: { vendorId: string; name: string | null; country: string | null } }
interface Concentration { hhi: number; cr1: { id: string; share: number } }
interface ScoreView {
  score: {
    vendors: Metrics[];
    concentration: { exposure: Concentration | null };
    byCompany: { vendors: Company[]; concentration: { exposure: Concentration | null } };
  };
}

describe.each(databaseKinds)('vendors by company and by ultimate owner on %s', (kind) => {
  let ctx: TestApp;
  let reader: SignedInClient;
  let kmdId: number;
  let necId: number;
  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [] });
    reader = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records, kind: 'import', run: aRun() });
    const db = ctx.t.handle.db;
    kmdId = (await db.selectFrom('vendors').select('id').where('key', '=', 'kmd').executeTakeFirstOrThrow()).id;
    necId = (await db.selectFrom('vendors').select('id').where('key', '=', 'nec-corp').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => ctx.t.drop());

  const get = async <T>(path: string) => {
    const res = await ctx.app.request(path, { headers: reader.read });
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };

  it('names KMD A/S as the company, NEC Corporation (JP) as its owner; by owner, the group is NEC', async () => {
    const { score } = await get<ScoreView>('/api/v1/municipalities/147/score');
    const company = score.byCompany.vendors.find((v) => v.vendorId === String(kmdId))!;
    expect(company.name).toBe('KMD A/S');
    expect(company.owner).toEqual({ vendorId: String(necId), name: 'NEC Corporation', country: 'JP' });
    expect(score.vendors.find((v) => v.vendorId === String(necId))!.name).toBe('NEC Corporation');
    expect(score.vendors.some((v) => v.vendorId === String(kmdId))).toBe(false);
    // A company that owns itself names itself as owner.
    const magenta = score.byCompany.vendors.find((v) => v.name === 'Magenta ApS')!;
    expect(magenta.owner.vendorId).toBe(magenta.vendorId);
  });

  it('one source per fact: the largest share by company is KMD A/S, and it equals KMD’s reach in the list', async () => {
    const { score } = await get<ScoreView>('/api/v1/municipalities/147/score');
    // No spend known: the dashboards fall back to the exposure basis, as here.
    const cr1 = score.byCompany.concentration.exposure!.cr1;
    expect(cr1.id).toBe(String(kmdId));
    // exposures: critical 8 + high 4 + medium 2 = 14; KMD is paid for 12 of them.
    expect(cr1.share).toBeCloseTo(12 / 14, 9);
    expect(cr1.share).toBeCloseTo(score.byCompany.vendors.find((v) => v.vendorId === cr1.id)!.directReach, 9);
    // By owner the same systems belong to NEC: the groupings differ only in the key.
    expect(score.concentration.exposure!.cr1).toEqual({ ...cr1, id: String(necId) });
  });

  it('the systems list names the supplier’s owner beside it; the vendor page has the company alone and the group', async () => {
    const systems = await get<{ items: { product: string; supplier: string | null; supplierOwner: { id: number; name: string; country: string | null } | null }[] }>('/api/v1/municipalities/147/systems?limit=100');
    const opus = systems.items.find((s) => s.product === 'KMD Opus Økonomi')!;
    expect(opus.supplier).toBe('KMD A/S');
    expect(opus.supplierOwner).toEqual({ id: necId, name: 'NEC Corporation', country: 'JP' });
    expect(systems.items.find((s) => s.product === 'OS2forms')!.supplierOwner).toBeNull();

    const dep = await get<{ municipalities: { municipalityCode: number; directReach: number }[]; byCompany: { national: Company | null; municipalities: { municipalityCode: number; directReach: number }[] } }>(`/api/v1/vendors/${kmdId}/dependency`);
    const alone = dep.byCompany.municipalities.find((m) => m.municipalityCode === 147)!;
    const group = dep.municipalities.find((m) => m.municipalityCode === 147)!;
    // exposures: critical 8 + high 4 + medium 2 = 14; KMD supplies 12 of them, all NEC's.
    expect(alone.directReach).toBeCloseTo(12 / 14, 9);
    expect(group.directReach).toBeCloseTo(alone.directReach, 9);
    expect(dep.byCompany.national?.owner.name).toBe('NEC Corporation');
  });

  it('nationally: the company grouping beside the owner grouping', async () => {
    const national = await get<{ score: { vendors: Metrics[]; byCompany: { vendors: Company[] } } }>('/api/v1/national/score');
    const company = national.score.byCompany.vendors.find((v) => v.vendorId === String(kmdId))!;
    expect(company.owner.name).toBe('NEC Corporation');
    expect(company.directReach).toBeCloseTo(national.score.vendors.find((v) => v.vendorId === String(necId))!.directReach, 9);
  });
});
