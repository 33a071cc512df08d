import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/src/db/migrate.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { InputError, NotFoundError } from '../../server/src/errors.ts';
import { loadReferenceData } from '../../server/src/reference/load-reference.ts';
import { VendorResolver } from '../../server/src/repositories/vendors.repository.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

describe.each(databaseKinds)('inventory versions on %s', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
    await migrateToLatest(t.handle);
    await loadReferenceData(t.handle.db);
  });
  afterEach(async () => t.drop());

  const records = (usages = [aUsage(), aUsage({ product_name: 'KMD Opus Økonomi', supplier: { name: 'KMD A/S', cvr: '26911745' } })]) =>
    inventoryRecords.parse({
      usages,
      contracts: [aContract({ usage_keys: ['name:sbsys'] })],
      integrations: usages.length > 1 ? [{ source_key: 'name:sbsys', target_key: 'name:kmd opus økonomi' }] : [],
    });

  it('writes a new version with its usages, contracts and integrations and makes it current', async () => {
    const r = await replaceInventory(t.handle.db, { municipalityCode: 101, records: records(), kind: 'import', run: aRun() });
    expect(r.status).toBe('committed');
    const db = t.handle.db;
    const current = await db.selectFrom('current_inventory').selectAll().where('municipality_code', '=', 101).executeTakeFirstOrThrow();
    expect(current.inventory_version_id).toBe(r.inventoryVersionId);
    const usages = await db
      .selectFrom('system_usages as u')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .innerJoin('vendors as v', 'v.id', 'u.supplier_vendor_id')
      .select(['p.key as product', 'v.key as supplier', 'u.criticality'])
      .where('u.inventory_version_id', '=', r.inventoryVersionId)
      .orderBy('p.key')
      .execute();
    // "Netcompany A/S" and the CVR of KMD resolve to the reference vendors; nothing new is created
    expect(usages).toEqual([
      { product: 'kmd-opus-okonomi', supplier: 'kmd', criticality: 'high' },
      { product: 'sbsys', supplier: 'netcompany', criticality: 'high' },
    ]);
    expect(r.vendorsCreated).toEqual([]);
    expect(await db.selectFrom('contract_usages').selectAll().execute()).toHaveLength(1);
    expect(await db.selectFrom('integrations').select(['kind', 'direction']).execute()).toEqual([{ kind: 'data', direction: 'outgoing' }]);
    const run = await db.selectFrom('import_runs').selectAll().where('id', '=', r.importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ status: 'committed', municipality_code: 101, inventory_version_id: r.inventoryVersionId, demo: 0, rows_accepted: 3 });
  });

  it('says "unchanged" for the same content twice and keeps one version', async () => {
    const first = await replaceInventory(t.handle.db, { municipalityCode: 101, records: records(), kind: 'import', run: aRun() });
    const second = await replaceInventory(t.handle.db, { municipalityCode: 101, records: records(), kind: 'import', run: aRun({ fileName: 'again.csv' }) });
    expect(second).toMatchObject({ status: 'unchanged', inventoryVersionId: first.inventoryVersionId });
    expect(await t.handle.db.selectFrom('inventory_versions').select('id').execute()).toHaveLength(1);
    expect(await t.handle.db.selectFrom('import_runs').select('status').orderBy('id').execute()).toEqual([{ status: 'committed' }, { status: 'unchanged' }]);
  });

  it('keeps earlier versions when a new one arrives', async () => {
    const v1 = await replaceInventory(t.handle.db, { municipalityCode: 101, records: records(), kind: 'import', run: aRun() });
    const v2 = await replaceInventory(t.handle.db, { municipalityCode: 101, records: records([aUsage()]), kind: 'import', run: aRun() });
    expect(v2.inventoryVersionId).not.toBe(v1.inventoryVersionId);
    const versions = await t.handle.db.selectFrom('inventory_versions').select(['id', 'based_on_version_id', 'usage_count']).orderBy('id').execute();
    expect(versions).toEqual([
      { id: v1.inventoryVersionId, based_on_version_id: null, usage_count: 2 },
      { id: v2.inventoryVersionId, based_on_version_id: v1.inventoryVersionId, usage_count: 1 },
    ]);
    expect(await t.handle.db.selectFrom('system_usages').select('id').execute()).toHaveLength(3);
  });

  it('creates unknown vendors and products as unverified and lists them', async () => {
    const r = await replaceInventory(t.handle.db, {
      municipalityCode: 147,
      records: inventoryRecords.parse({ usages: [aUsage({ product_name: 'Hundeskat Pro', supplier: { name: 'Lille Leverandør ApS', cvr: '12345674' } })] }),
      kind: 'import',
      run: aRun(),
    });
    expect(r.vendorsCreated).toEqual([{ id: expect.any(Number), name: 'Lille Leverandør ApS', cvr: '12345674', localTo: 147 }]);
    expect(r.productsCreated).toEqual([{ id: expect.any(Number), name: 'Hundeskat Pro' }]);
    const vendor = await t.handle.db.selectFrom('vendors').selectAll().where('cvr', '=', '12345674').executeTakeFirstOrThrow();
    expect(vendor).toMatchObject({ verified: 0, source: 'import', country: 'DK', jurisdiction: 'eu', ultimate_parent_id: vendor.id, local_to_municipality: 147 });
  });

  it('writes nothing when a contract names a system that is not in the file', async () => {
    const bad = inventoryRecords.parse({ usages: [aUsage()], contracts: [aContract({ usage_keys: ['name:sbsys', 'name:ghost'], source_line: 7 })] });
    const error = await replaceInventory(t.handle.db, { municipalityCode: 101, records: bad, kind: 'import', run: aRun() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).errors).toEqual([expect.objectContaining({ file: 'inventory.csv', line: 7, column: 'systems', value: 'ghost' })]);
    expect(await t.handle.db.selectFrom('inventory_versions').select('id').execute()).toEqual([]);
    expect(await t.handle.db.selectFrom('import_runs').select('id').execute()).toEqual([]);
  });

  it('refuses an unknown municipality', async () => {
    const error = await replaceInventory(t.handle.db, { municipalityCode: 999, records: records(), kind: 'import', run: aRun() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('rolls the whole transaction back when a write fails half-way', async () => {
    // Fault injection: without the integrations table the last insert fails, after new vendors,
    // products, the version and its usages were already written inside the transaction.
    await sql`drop table integrations`.execute(t.handle.db);
    const withNewParties = inventoryRecords.parse({
      usages: [aUsage({ product_name: 'Helt Nyt System', supplier: { name: 'Ny Leverandør ApS', cvr: '87654321' } }), aUsage()],
      integrations: [{ source_key: 'name:helt nyt system', target_key: 'name:sbsys' }],
    });
    await expect(replaceInventory(t.handle.db, { municipalityCode: 101, records: withNewParties, kind: 'import', run: aRun() })).rejects.toThrow();
    const db = t.handle.db;
    expect(await db.selectFrom('vendors').select('id').where('cvr', '=', '87654321').execute()).toEqual([]);
    expect(await db.selectFrom('products').select('id').where('name', '=', 'Helt Nyt System').execute()).toEqual([]);
    expect(await db.selectFrom('inventory_versions').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('system_usages').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('current_inventory').select('municipality_code').execute()).toEqual([]);
  });

  it('resolves vendors by CVR first, then by name or alias, ignoring case and legal form', async () => {
    const resolver = await VendorResolver.load(t.handle.db, null);
    const keyOf = async (name: string, cvr: string | null = null) => {
      const { id } = await resolver.resolve({ name, cvr });
      return (await t.handle.db.selectFrom('vendors').select('key').where('id', '=', id).executeTakeFirstOrThrow()).key;
    };
    expect(await keyOf('Et helt andet navn', '26911745')).toBe('kmd');
    expect(await keyOf('MICROSOFT DANMARK APS')).toBe('microsoft-danmark');
    expect(await keyOf('Microsoft Corporation')).toBe('microsoft-corp');
    expect(await keyOf('kmd a/s')).toBe('kmd');
    expect(await keyOf('Ukendt Firma A/S')).toBeNull();
    expect(resolver.created.map((c) => c.name)).toEqual(['Ukendt Firma A/S']);
    expect(await keyOf('UKENDT FIRMA')).toBeNull(); // the same new vendor, not a second one
    expect(resolver.created).toHaveLength(1);
  });
});
