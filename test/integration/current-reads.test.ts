// The reads that count the current inventories across municipalities (catalogue counts, the
// category HHI, cooperation, the scoring input's sub-processors) are written per database so the
// version is an index condition (query-plans.test.ts); here their answers: exactly the current
// inventories' rows — a municipality's earlier version, still stored, counts for nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { productUsageCounts, vendorUsageCounts } from '../../server/src/repositories/catalogue.repository.ts';
import { productMunicipalities, productUsages } from '../../server/src/repositories/cooperation.repository.ts';
import { categoryHhiQuery, scoringInputQueries } from '../../server/src/repositories/scoring-input.repository.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const party = (name: string) => ({ name, cvr: null });
const NETCOMPANY = 'Netcompany A/S';
const KMD = 'KMD A/S';
const MICROSOFT = 'Microsoft Corporation';
const AWS = 'Amazon Web Services, Inc.';
const FUJITSU = 'Fujitsu A/S';
const EG = 'EG A/S';

describe.each(databaseKinds)('the current inventories, not their history, on %s', (kind) => {
  let ctx: TestApp;
  const vendor = new Map<string, number>();
  const product = new Map<string, number>();
  const current = new Map<number, { versionId: number; usages: Map<string, number> }>();
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const db = ctx.t.handle.db;
    const load = (municipalityCode: number, usages: ReturnType<typeof aUsage>[]) =>
      replaceInventory(db, { municipalityCode, kind: 'import', run: aRun(), records: inventoryRecords.parse({ usages }) });
    // 147's first version (history): Netcompany supplies SBSYS, Microsoft a sub-processor.
    await load(147, [aUsage({ local_id: 'A1', product_name: 'SBSYS', supplier: party(NETCOMPANY), sub_processors: [party(MICROSOFT)] })]);
    // 147's current version: KMD supplies it, AWS processes, Fujitsu hosts.
    await load(147, [aUsage({ local_id: 'A1', product_name: 'SBSYS', supplier: party(KMD), sub_processors: [party(AWS)], hosted_by: party(FUJITSU) })]);
    await load(101, [
      aUsage({ local_id: 'B1', product_name: 'SBSYS', supplier: party(NETCOMPANY), sub_processors: [party(MICROSOFT), party(AWS)], operated_by: party(EG) }),
      aUsage({ local_id: 'B2', product_name: 'Aula', supplier: party(KMD) }),
    ]);
    for (const v of await db.selectFrom('vendors').select(['id', 'name']).where('local_to_municipality', 'is', null).execute()) vendor.set(v.name, v.id);
    for (const p of await db.selectFrom('products').select(['id', 'name']).where('name', 'in', ['SBSYS', 'Aula']).execute()) product.set(p.name, p.id);
    for (const c of await db.selectFrom('current_inventory').select(['municipality_code', 'inventory_version_id']).execute()) {
      const usages = await db.selectFrom('system_usages').select(['id', 'local_id']).where('inventory_version_id', '=', c.inventory_version_id).execute();
      current.set(c.municipality_code, { versionId: c.inventory_version_id, usages: new Map(usages.map((u) => [u.local_id!, u.id])) });
    }
  }, 120_000);
  afterAll(async () => ctx?.t.drop());

  it('the fixture: 147 has an older version, and its products and vendors are the shared catalogue\'s', async () => {
    const db = ctx.t.handle.db;
    expect((await db.selectFrom('inventory_versions').select('id').where('municipality_code', '=', 147).execute()).length).toBe(2);
    for (const name of [NETCOMPANY, KMD, MICROSOFT, AWS, FUJITSU, EG]) expect(vendor.has(name), name).toBe(true);
    expect([...product.keys()].sort()).toEqual(['Aula', 'SBSYS']);
  });

  it('municipalities per product', async () => {
    const rows = await productUsageCounts(ctx.t.handle.db).execute();
    expect(new Map(rows.map((r) => [r.product_id, Number(r.n)]))).toEqual(new Map([[product.get('SBSYS')!, 2], [product.get('Aula')!, 1]]));
  });

  it('municipalities per vendor, in every role; 147\'s former supplier and sub-processor count only for 101', async () => {
    const db = ctx.t.handle.db;
    const rightsHolders = await db.selectFrom('products').select(['name', 'rights_holder_vendor_id']).where('id', 'in', [...product.values()]).execute();
    const holderOf = (name: string) => rightsHolders.find((p) => p.name === name)!.rights_holder_vendor_id!;
    const ids = [...[NETCOMPANY, KMD, MICROSOFT, AWS, FUJITSU, EG].map((n) => vendor.get(n)!), holderOf('SBSYS'), holderOf('Aula')];
    const rows = await vendorUsageCounts(db, ids).execute();
    expect(new Map(rows.map((r) => [r.vendor_id, Number(r.n)]))).toEqual(
      new Map([
        [vendor.get(NETCOMPANY)!, 1],
        [vendor.get(KMD)!, 2],
        [vendor.get(MICROSOFT)!, 1],
        [vendor.get(AWS)!, 2],
        [vendor.get(FUJITSU)!, 1],
        [vendor.get(EG)!, 1],
        [holderOf('SBSYS'), 2],
        [holderOf('Aula'), 1],
      ]),
    );
    // Every vendor at once (the list without a page) gives the same counts for these.
    const all = new Map((await vendorUsageCounts(db).execute()).map((r) => [r.vendor_id, Number(r.n)]));
    for (const r of rows) expect(all.get(r.vendor_id)).toBe(Number(r.n));
  });

  it('a product\'s usages in every current inventory, and the products with their municipalities', async () => {
    const db = ctx.t.handle.db;
    expect((await productUsages(db, product.get('SBSYS')!)).map((u) => [u.municipalityCode, u.usageId])).toEqual([
      [101, current.get(101)!.usages.get('B1')],
      [147, current.get(147)!.usages.get('A1')],
    ]);
    const pairs = (await productMunicipalities(db)).map((r) => `${r.productName}:${r.municipalityCode}`).sort();
    expect(pairs).toEqual(['Aula:101', 'SBSYS:101', 'SBSYS:147']);
  });

  it('the scoring input\'s sub-processors are those of the version asked for', async () => {
    const db = ctx.t.handle.db;
    const rows = await scoringInputQueries(db, [current.get(147)!.versionId]).subProcessors.execute();
    expect(rows).toEqual([{ usage_id: current.get(147)!.usages.get('A1'), vendor_id: vendor.get(AWS) }]);
  });

  it('the category HHI counts each current usage once, by its supplier\'s owner', async () => {
    const db = ctx.t.handle.db;
    const owner = new Map((await db.selectFrom('vendors').select(['id', 'ultimate_parent_id']).execute()).map((v) => [v.id, v.ultimate_parent_id]));
    const rows = (await categoryHhiQuery(db, 'real').execute()).map((r) => ({ ...r, usages: Number(r.usages) }));
    const expected = [
      { category: 'dk-esdh', ultimate_parent_id: owner.get(vendor.get(NETCOMPANY)!) ?? null, usages: 1 },
      { category: 'dk-esdh', ultimate_parent_id: owner.get(vendor.get(KMD)!) ?? null, usages: 1 },
      { category: 'dk-school', ultimate_parent_id: owner.get(vendor.get(KMD)!) ?? null, usages: 1 },
    ];
    const order = (a: { category: string | null; ultimate_parent_id: number | null }, b: { category: string | null; ultimate_parent_id: number | null }) => `${a.category}:${a.ultimate_parent_id}`.localeCompare(`${b.category}:${b.ultimate_parent_id}`);
    expect(rows.sort(order)).toEqual(expected.sort(order));
  });
});
