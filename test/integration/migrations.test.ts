import { existsSync } from 'node:fs';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrateDown, migrateToLatest, schemaVersion } from '../../server/src/db/migrate.ts';
import { migrations } from '../../server/src/db/migrations/index.ts';
import { MigrationError } from '../../server/src/errors.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

/** Every migration that has shipped, in order. Append new names; never edit this list otherwise. */
const SHIPPED = ['0001_reference_catalogue', '0002_inventory', '0003_open_source_catalogue', '0004_scores', '0005_accounts_audit', '0006_score_exit_windows', '0007_scenarios', '0008_exit_plans', '0009_kle_roles_no_person_data', '0010_vendor_identity', '0011_local_products', '0012_stable_keys', '0013_demo_separation', '0014_alternative_localisation', '0015_alternative_facts', '0016_product_functions', '0017_worker_import_jobs', '0018_pg_change_notify', '0019_cache_catalogue_version', '0020_history_indexes', '0021_kitos_connections', '0022_kitos_sync_snapshots'];

describe('the migration list', () => {
  it('is ordered and append-only', () => {
    const names = Object.keys(migrations('sqlite'));
    expect(names.slice(0, SHIPPED.length)).toEqual(SHIPPED);
    expect([...names].sort()).toEqual(names);
    expect(Object.keys(migrations('postgres'))).toEqual(names);
  });
});

async function tableNames(db: Kysely<any>, dialect: string): Promise<string[]> {
  const q =
    dialect === 'sqlite'
      ? sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'`
      : sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'`;
  return (await q.execute(db)).rows.map((r) => r.name).sort();
}

describe.each(databaseKinds)('migrations on %s', (kind) => {
  let t: TestDatabase;
  beforeEach(async () => {
    t = await createTestDatabase(kind);
  });
  afterEach(async () => t.drop());

  it('go up, down and up again, keeping the data of the tables that stay', async () => {
    const up = await migrateToLatest(t.handle);
    expect(up.applied).toEqual(SHIPPED);
    expect(up.schemaVersion).toBe(SHIPPED.length);
    const db = t.handle.db;
    await db.insertInto('municipalities').values({ code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 }).execute();
    await db
      .insertInto('categories')
      .values({ code: 'dk-esdh', kind: 'municipal', label_da: 'ESDH', label_en: 'EDRMS', source: 'test' })
      .execute();

    // 0022: one snapshot per municipality, gone on the way down.
    expect(await tableNames(db, kind)).toContain('kitos_sync_snapshots');
    expect(await migrateDown(t.handle)).toEqual(['0022_kitos_sync_snapshots']);
    expect(await tableNames(db, kind)).not.toContain('kitos_sync_snapshots');
    // 0021: one connection per municipality, on a known municipality only; gone on the way down.
    const connection = { municipality_code: 101, organization_uuid: 'x', credentials_ciphertext: 'hfs1.x', credentials_key_id: 'x', api_user_email_hint: 'k***@x.dk', created_at: 'x', created_by: 'x', updated_at: 'x', updated_by: 'x' };
    await db.insertInto('kitos_connections').values(connection).execute();
    expect((await db.selectFrom('kitos_connections').select('base_url').executeTakeFirstOrThrow()).base_url).toBe('https://kitos.dk');
    await expect(db.insertInto('kitos_connections').values(connection).execute()).rejects.toThrow();
    await db.deleteFrom('kitos_connections').execute();
    expect(await migrateDown(t.handle)).toEqual(['0021_kitos_connections']);
    expect(await tableNames(db, kind)).not.toContain('kitos_connections');
    expect(await migrateDown(t.handle)).toEqual(['0020_history_indexes']);
    expect(await migrateDown(t.handle)).toEqual(['0019_cache_catalogue_version']);
    expect(await migrateDown(t.handle)).toEqual(['0018_pg_change_notify']);
    expect(await migrateDown(t.handle)).toEqual(['0017_worker_import_jobs']);
    expect(await migrateDown(t.handle)).toEqual(['0016_product_functions']);

    expect(await migrateDown(t.handle)).toEqual(['0015_alternative_facts']);
    expect(await migrateDown(t.handle)).toEqual(['0014_alternative_localisation']);
    expect(await migrateDown(t.handle)).toEqual(['0013_demo_separation']);
    expect(await migrateDown(t.handle)).toEqual(['0012_stable_keys']);
    expect(await migrateDown(t.handle)).toEqual(['0011_local_products']);
    // 0010: a name and a CVR are unique in the shared catalogue and within one municipality only.
    const vendor = (over: Record<string, unknown>): any => ({ name: 'Ukendt ApS', normalized_name: 'ukendt', cvr: '26911745', kind: 'company', verified: 0, created_at: 'x', updated_at: 'x', ...over });
    await db.insertInto('municipalities').values({ code: 147, name: 'Frederiksberg', region: 'Region Hovedstaden', source: 'test', verified: 1 }).execute();
    const shared = await db.insertInto('vendors').values(vendor({ key: 'kmd', name: 'KMD A/S', normalized_name: 'kmd' })).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('vendors').values(vendor({ local_to_municipality: 101, cvr: null, cvr_as_written: '00000000', parent_vendor_id: shared.id })).execute();
    await db.insertInto('vendors').values(vendor({ local_to_municipality: 147 })).execute();
    await expect(db.insertInto('vendors').values(vendor({ local_to_municipality: 147, cvr: null })).execute()).rejects.toThrow();
    await expect(db.insertInto('vendors').values(vendor({ normalized_name: 'kmd', cvr: null })).execute()).rejects.toThrow();
    // Down needs the old global uniqueness: Frederiksberg's copy goes first (the moderation queue's job).
    await db.deleteFrom('vendors').where('local_to_municipality', '=', 147).execute();
    expect(await migrateDown(t.handle)).toEqual(['0010_vendor_identity']);
    expect(await db.selectFrom('vendors').select(['name', 'cvr', 'parent_vendor_id']).orderBy('id').execute()).toEqual([
      { name: 'KMD A/S', cvr: '26911745', parent_vendor_id: null },
      { name: 'Ukendt ApS', cvr: null, parent_vendor_id: shared.id },
    ]);
    await expect(db.insertInto('vendors').values(vendor({ normalized_name: 'kmd', cvr: null })).execute()).rejects.toThrow();
    await db.deleteFrom('vendors').where('parent_vendor_id', 'is not', null).execute();
    await db.deleteFrom('vendors').execute();
    await db.deleteFrom('municipalities').where('code', '=', 147).execute();

    // 0010 up again, over a vendor an import made with KITOS's placeholder CVR: kept as written, no identity.
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0010')));
    await db.insertInto('vendors').values(vendor({ name: 'Adobe Systems Software Ireland Ltd', normalized_name: 'adobe systems software ireland', cvr: '00000000' })).execute();
    await db.insertInto('vendors').values(vendor({ name: 'KMD A/S', normalized_name: 'kmd' })).execute();
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name <= '0010_vendor_identity')));
    expect(await db.selectFrom('vendors').select(['name', 'cvr', 'cvr_as_written']).orderBy('id').execute()).toEqual([
      { name: 'Adobe Systems Software Ireland Ltd', cvr: null, cvr_as_written: '00000000' },
      { name: 'KMD A/S', cvr: '26911745', cvr_as_written: null },
    ]);
    expect(await migrateDown(t.handle)).toEqual(['0010_vendor_identity']);
    await db.deleteFrom('vendors').execute();

    expect(await tableNames(db, kind)).toContain('exit_plans');
    expect(await migrateDown(t.handle)).toEqual(['0009_kle_roles_no_person_data']);
    expect(await migrateDown(t.handle)).toEqual(['0008_exit_plans']);
    expect(await tableNames(db, kind)).not.toContain('exit_plans');
    expect(await migrateDown(t.handle)).toEqual(['0007_scenarios']);
    expect(await migrateDown(t.handle)).toEqual(['0006_score_exit_windows']);
    expect(await tableNames(db, kind)).toContain('audit_log');
    expect(await migrateDown(t.handle)).toEqual(['0005_accounts_audit']);
    expect(await tableNames(db, kind)).not.toContain('audit_log');
    expect(await tableNames(db, kind)).toContain('usage_scores');
    expect(await migrateDown(t.handle)).toEqual(['0004_scores']);
    expect(await tableNames(db, kind)).not.toContain('usage_scores');
    expect(await tableNames(db, kind)).toContain('alternatives');
    expect(await migrateDown(t.handle)).toEqual(['0003_open_source_catalogue']);
    expect(await tableNames(db, kind)).not.toContain('alternatives');
    expect(await migrateDown(t.handle)).toEqual(['0002_inventory']);
    expect(await tableNames(db, kind)).not.toContain('system_usages');
    expect(await schemaVersion(t.handle)).toBe(1);
    expect(await db.selectFrom('municipalities').selectAll().execute()).toEqual([
      { code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 },
    ]);

    const again = await migrateToLatest(t.handle);
    expect(again.applied).toEqual(SHIPPED.slice(1));
    expect(await db.selectFrom('categories').select('code').execute()).toEqual([{ code: 'dk-esdh' }]);
    for (const _ of SHIPPED) await migrateDown(t.handle);
    expect(await tableNames(db, kind)).toEqual([]);
  });

  it('0006 moves the exit windows out of a stored municipal score, and back', async () => {
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0006')));
    const db = t.handle.db as Kysely<any>;
    await db.insertInto('municipalities').values({ code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 }).execute();
    const { id } = await db
      .insertInto('inventory_versions')
      .values({ municipality_code: 101, kind: 'import', created_by: 'test', content_hash: 'x', usages_hash: 'x', usage_count: 0, contract_count: 0, integration_count: 0, demo: 0, created_at: '2026-11-27T00:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const result = { lockin: { L: 42 }, exitWindows: [{ usageId: '7', name: 'SBSYS' }], composite: { value: 1 } };
    await db
      .insertInto('municipality_scores')
      .values({ inventory_version_id: id, municipality_code: 101, model_version: 'm', as_of: '2026-11-27', computed_at: '2026-11-27T00:00:00Z', lockin: 42, confidence: 0.5, provisional: 0, result: JSON.stringify(result) })
      .execute();
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name <= '0006_score_exit_windows')));
    const moved = await db.selectFrom('municipality_scores').select(['result', 'exit_windows']).executeTakeFirstOrThrow();
    expect(JSON.parse(moved.result)).toEqual({ lockin: { L: 42 }, composite: { value: 1 } });
    expect(JSON.parse(moved.exit_windows)).toEqual(result.exitWindows);
    await migrateDown(t.handle);
    expect(JSON.parse((await db.selectFrom('municipality_scores').select('result').executeTakeFirstOrThrow()).result)).toEqual(result);
  });

  it('0009 removes names and e-mail addresses from stored rows and import runs, keeping which roles were filled', async () => {
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0009')));
    const db = t.handle.db as Kysely<any>;
    await db.insertInto('municipalities').values({ code: 101, name: 'København', region: 'Region Hovedstaden', source: 'test', verified: 1 }).execute();
    const { id: version } = await db
      .insertInto('inventory_versions')
      .values({ municipality_code: 101, kind: 'import', created_by: 'test', content_hash: 'x', usages_hash: 'x', usage_count: 1, contract_count: 1, integration_count: 0, demo: 0, created_at: '2026-11-27T00:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const now = '2026-11-27T00:00:00Z';
    const { id: product } = await db
      .insertInto('products')
      .values({ name: 'SBSYS', normalized_name: 'sbsys', deployment_models: '[]', export_formats: '[]', api_standards: '[]', source: 'import', verified: 0, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const usageExtra = {
      Systemejer: 'Karen Ø. Jensen',
      'Systemejer Email#': 'koej@kommune.example',
      'Byens ildsjæl': '',
      'Byens ildsjæl Email#': 'ildsjael@kommune.example',
      'Taget i anvendelse af': 'Søren Ærø',
      'Sidst redigeret: Bruger': 'Søren Ærø',
      'Forretningsejer Email"': 'fe@kommune.example',
      'Lokal farvekode': 'grøn',
    };
    await db
      .insertInto('system_usages')
      .values({ inventory_version_id: version, municipality_code: 101, usage_key: 'name:sbsys', product_id: product, data_sensitivity: '[]', export_formats: '[]', api_standards: '[]', provenance: '{}', extra: JSON.stringify(usageExtra) })
      .execute();
    await db
      .insertInto('contracts')
      .values({ inventory_version_id: version, municipality_code: 101, name: 'ESDH', extra: JSON.stringify({ Kontraktunderskriver: 'Bo Berg', 'Juridisk rådgiver': 'Ane Ager', Option: '2 x 1 år' }) })
      .execute();
    const issue = (column: string, value: string) => ({ code: 'cell-too-long', file: 'a.csv', line: 2, column, value, message: { da: 'x', en: 'x' } });
    await db
      .insertInto('import_runs')
      .values({
        municipality_code: 101, started_at: now, actor: 'test', file_name: 'a.csv', file_sha256: 'x', file_size: 1, format: 'csv', profile: 'kitos-systems',
        status: 'refused', rows_read: 1, rows_accepted: 0, rows_rejected: 1, options: '{}', demo: 0,
        errors: JSON.stringify([issue('Systemejer Email#', 'koej@kommune.example'), issue('Noter', 'lang tekst')]),
        warnings: JSON.stringify([issue('Sidst redigeret: Bruger', 'Søren Ærø')]),
      })
      .execute();

    await migrateToLatest(t.handle);
    const usage = await db.selectFrom('system_usages').select(['extra', 'roles_filled', 'kle', 'kitos_uuid']).executeTakeFirstOrThrow();
    expect(JSON.parse(usage.extra)).toEqual({ 'Lokal farvekode': 'grøn' });
    expect(JSON.parse(usage.roles_filled)).toEqual(['Systemejer', 'Byens ildsjæl', 'Forretningsejer']);
    expect([usage.kle, usage.kitos_uuid]).toEqual(['[]', null]);
    const contract = await db.selectFrom('contracts').select(['extra', 'roles_filled']).executeTakeFirstOrThrow();
    expect(JSON.parse(contract.extra)).toEqual({ Option: '2 x 1 år' });
    expect(JSON.parse(contract.roles_filled)).toEqual(['Juridisk rådgiver']);
    const run = await db.selectFrom('import_runs').select(['errors', 'warnings']).executeTakeFirstOrThrow();
    const text = `${run.errors}${run.warnings}`;
    for (const gone of ['koej@', 'Søren', 'Ærø']) expect(text).not.toContain(gone);
    expect(JSON.parse(run.errors)[1].value).toBe('lang tekst');

    await migrateDown(t.handle);
    expect(JSON.parse((await db.selectFrom('system_usages').select('extra').executeTakeFirstOrThrow()).extra)).toEqual({ 'Lokal farvekode': 'grøn' });
  });

  it('0012 numbers existing versions 1, 2, 3 per municipality by creation, and drops the numbers on the way down', async () => {
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0012')));
    const db = t.handle.db as Kysely<any>;
    for (const code of [101, 147]) await db.insertInto('municipalities').values({ code, name: `K${code}`, region: 'R', source: 'test', verified: 1 }).execute();
    const version = (code: number, created_at: string) =>
      db.insertInto('inventory_versions').values({ municipality_code: code, kind: 'import', created_by: 'test', content_hash: 'x', usages_hash: 'x', usage_count: 0, contract_count: 0, integration_count: 0, demo: 0, created_at }).returning('id').executeTakeFirstOrThrow();
    const a1 = await version(101, '2026-01-01T00:00:00Z');
    const b1 = await version(147, '2026-01-02T00:00:00Z');
    const a3 = await version(101, '2026-03-01T00:00:00Z');
    const a2 = await version(101, '2026-02-01T00:00:00Z'); // created between the others, whatever its id
    await migrateToLatest(t.handle);
    const numbers = await db.selectFrom('inventory_versions').select(['id', 'number']).orderBy('id').execute();
    expect(numbers).toEqual([
      { id: a1.id, number: 1 },
      { id: b1.id, number: 1 },
      { id: a3.id, number: 3 },
      { id: a2.id, number: 2 },
    ]);
    expect(await migrateDown(t.handle)).toEqual(['0022_kitos_sync_snapshots']);
    expect(await migrateDown(t.handle)).toEqual(['0021_kitos_connections']);
    expect(await migrateDown(t.handle)).toEqual(['0020_history_indexes']);
    expect(await migrateDown(t.handle)).toEqual(['0019_cache_catalogue_version']);
    expect(await migrateDown(t.handle)).toEqual(['0018_pg_change_notify']);
    expect(await migrateDown(t.handle)).toEqual(['0017_worker_import_jobs']);
    expect(await migrateDown(t.handle)).toEqual(['0016_product_functions']);
    expect(await migrateDown(t.handle)).toEqual(['0015_alternative_facts']);
    expect(await migrateDown(t.handle)).toEqual(['0014_alternative_localisation']);
    expect(await migrateDown(t.handle)).toEqual(['0013_demo_separation']);
    expect(await migrateDown(t.handle)).toEqual(['0012_stable_keys']);
    expect(Object.keys((await db.selectFrom('inventory_versions').selectAll().executeTakeFirstOrThrow()) as object)).not.toContain('number');
  });

  it('0013 marks the products and vendors imports created that only demo versions use, and unmarks them on the way down', async () => {
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0013')));
    const db = t.handle.db as Kysely<any>;
    const now = '2026-01-01T00:00:00Z';
    for (const code of [101, 147]) await db.insertInto('municipalities').values({ code, name: `K${code}`, region: 'R', source: 'test', verified: 1 }).execute();
    const version = (code: number, demo: 0 | 1) =>
      db.insertInto('inventory_versions').values({ municipality_code: code, number: 1, kind: demo ? 'demo' : 'import', created_by: 'test', content_hash: 'x', usages_hash: 'x', usage_count: 0, contract_count: 0, integration_count: 0, demo, created_at: now }).returning('id').executeTakeFirstOrThrow();
    const product = (name: string, source: string) =>
      db.insertInto('products').values({ name, normalized_name: name.toLowerCase(), deployment_models: '[]', export_formats: '[]', api_standards: '[]', source, verified: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const vendor = (name: string) =>
      db.insertInto('vendors').values({ name, normalized_name: name.toLowerCase(), kind: 'company', source: 'import', verified: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const demo = await version(147, 1);
    const real = await version(101, 0);
    const [invented, shared, reference] = [await product('Lønsimulering (demo)', 'import'), await product('Fælles', 'import'), await product('Katalog', 'reference')];
    const [demoVendor, realVendor] = [await vendor('Demo ApS'), await vendor('Rigtig ApS')];
    const usage = (v: number, code: number, p: number, supplier: number | null, key: string) =>
      db.insertInto('system_usages').values({ inventory_version_id: v, municipality_code: code, usage_key: key, product_id: p, supplier_vendor_id: supplier, data_sensitivity: '[]', export_formats: '[]', api_standards: '[]', provenance: '{}', extra: '{}' }).execute();
    await usage(demo.id, 147, invented.id, demoVendor.id, 'name:a');
    await usage(demo.id, 147, shared.id, null, 'name:b');
    await usage(demo.id, 147, reference.id, null, 'name:c');
    await usage(real.id, 101, shared.id, realVendor.id, 'name:b');

    await migrateToLatest(t.handle);
    const sources = async (table: 'products' | 'vendors') => Object.fromEntries((await db.selectFrom(table).select(['name', 'source']).execute()).map((r: { name: string; source: string }) => [r.name, r.source]));
    expect(await sources('products')).toEqual({ 'Lønsimulering (demo)': 'demo', Fælles: 'import', Katalog: 'reference' });
    expect(await sources('vendors')).toEqual({ 'Demo ApS': 'demo', 'Rigtig ApS': 'import' });

    expect(await migrateDown(t.handle)).toEqual(['0022_kitos_sync_snapshots']);
    expect(await migrateDown(t.handle)).toEqual(['0021_kitos_connections']);
    expect(await migrateDown(t.handle)).toEqual(['0020_history_indexes']);
    expect(await migrateDown(t.handle)).toEqual(['0019_cache_catalogue_version']);
    expect(await migrateDown(t.handle)).toEqual(['0018_pg_change_notify']);
    expect(await migrateDown(t.handle)).toEqual(['0017_worker_import_jobs']);
    expect(await migrateDown(t.handle)).toEqual(['0016_product_functions']);

    expect(await migrateDown(t.handle)).toEqual(['0015_alternative_facts']);
    expect(await migrateDown(t.handle)).toEqual(['0014_alternative_localisation']);
    expect(await migrateDown(t.handle)).toEqual(['0013_demo_separation']);
    expect(await sources('products')).toEqual({ 'Lønsimulering (demo)': 'import', Fælles: 'import', Katalog: 'reference' });
    expect(await sources('vendors')).toEqual({ 'Demo ApS': 'import', 'Rigtig ApS': 'import' });
  });

  it('0014 adds localisation and the publiccode.yml description blocks as unknown (null) to existing alternatives, and drops them on the way down', async () => {
    const all = migrations(t.handle.dialect);
    await migrateToLatest(t.handle, Object.fromEntries(Object.entries(all).filter(([name]) => name < '0014')));
    const db = t.handle.db as Kysely<any>;
    const now = '2026-01-01T00:00:00Z';
    await db.insertInto('alternatives').values({ key: 'libreoffice', name: 'LibreOffice', license_verified: 0, platforms: '[]', categories: '[]', moderation_state: 'published', verified: 0, created_at: now, updated_at: now }).execute();
    await migrateToLatest(t.handle);
    const columns = ['name', 'localisation_ready', 'available_languages', 'publiccode_description', 'maintenance_contractors'];
    expect(await db.selectFrom('alternatives').select(columns).execute()).toEqual([{ name: 'LibreOffice', localisation_ready: null, available_languages: null, publiccode_description: null, maintenance_contractors: null }]);
    expect(await migrateDown(t.handle)).toEqual(['0022_kitos_sync_snapshots']);
    expect(await migrateDown(t.handle)).toEqual(['0021_kitos_connections']);
    expect(await migrateDown(t.handle)).toEqual(['0020_history_indexes']);
    expect(await migrateDown(t.handle)).toEqual(['0019_cache_catalogue_version']);
    expect(await migrateDown(t.handle)).toEqual(['0018_pg_change_notify']);
    expect(await migrateDown(t.handle)).toEqual(['0017_worker_import_jobs']);
    expect(await migrateDown(t.handle)).toEqual(['0016_product_functions']);
    expect(await migrateDown(t.handle)).toEqual(['0015_alternative_facts']);
    expect(await migrateDown(t.handle)).toEqual(['0014_alternative_localisation']);
    const row = (await db.selectFrom('alternatives').selectAll().executeTakeFirstOrThrow()) as Record<string, unknown>;
    expect(row.name).toBe('LibreOffice');
    expect(Object.keys(row)).not.toContain('localisation_ready');
  });

  it('0015 keeps one sourced fact per alternative, fact and value, drops them with their alternative, and drops the table on the way down', async () => {
    await migrateToLatest(t.handle);
    const db = t.handle.db as Kysely<any>;
    const now = '2026-01-01T00:00:00Z';
    const { id } = await db.insertInto('alternatives').values({ key: 'libreoffice', name: 'LibreOffice', license_verified: 0, platforms: '[]', categories: '[]', moderation_state: 'published', verified: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const fact = (value: string) => ({ alternative_id: id, fact: 'export_format', value, source: 'https://www.libreoffice.org/discover/what-is-opendocument/', source_date: '2026-12-07', verified: 1, note: null });
    await db.insertInto('alternative_facts').values([fact('ODF'), fact('PDF')]).execute();
    await expect(db.insertInto('alternative_facts').values(fact('ODF')).execute()).rejects.toThrow();
    expect(await db.selectFrom('alternative_facts').select(['value', 'qualifiers']).orderBy('value').execute()).toEqual([
      { value: 'ODF', qualifiers: '{}' },
      { value: 'PDF', qualifiers: '{}' },
    ]);
    await db.deleteFrom('alternatives').execute();
    expect(await db.selectFrom('alternative_facts').select('id').execute()).toEqual([]);
    expect(await migrateDown(t.handle)).toEqual(['0022_kitos_sync_snapshots']);
    expect(await migrateDown(t.handle)).toEqual(['0021_kitos_connections']);
    expect(await migrateDown(t.handle)).toEqual(['0020_history_indexes']);
    expect(await migrateDown(t.handle)).toEqual(['0019_cache_catalogue_version']);
    expect(await migrateDown(t.handle)).toEqual(['0018_pg_change_notify']);
    expect(await migrateDown(t.handle)).toEqual(['0017_worker_import_jobs']);
    expect(await migrateDown(t.handle)).toEqual(['0016_product_functions']);
    expect(await migrateDown(t.handle)).toEqual(['0015_alternative_facts']);
    expect(await tableNames(db, kind)).not.toContain('alternative_facts');
  });

  it('0016 keeps one function term per product, drops them with their product, and drops the table on the way down', async () => {
    await migrateToLatest(t.handle);
    const db = t.handle.db as Kysely<any>;
    const now = '2026-01-01T00:00:00Z';
    const { id } = await db.insertInto('products').values({ key: 'sd-lon', name: 'SD Løn', normalized_name: 'sd lon', deployment_models: '[]', export_formats: '[]', api_standards: '[]', source: 'reference', verified: 0, created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
    const term = (t: string) => ({ product_id: id, term: t, source: 'general knowledge', note: 'a payroll system' });
    await db.insertInto('product_functions').values([term('lønsystem'), term('hr')]).execute();
    await expect(db.insertInto('product_functions').values(term('hr')).execute()).rejects.toThrow();
    expect(await db.selectFrom('product_functions').select(['term']).orderBy('term').execute()).toEqual([{ term: 'hr' }, { term: 'lønsystem' }]);
    await db.deleteFrom('products').execute();
    expect(await db.selectFrom('product_functions').select('id').execute()).toEqual([]);
    expect(await migrateDown(t.handle)).toEqual(['0022_kitos_sync_snapshots']);
    expect(await migrateDown(t.handle)).toEqual(['0021_kitos_connections']);
    expect(await migrateDown(t.handle)).toEqual(['0020_history_indexes']);
    expect(await migrateDown(t.handle)).toEqual(['0019_cache_catalogue_version']);
    expect(await migrateDown(t.handle)).toEqual(['0018_pg_change_notify']);
    expect(await migrateDown(t.handle)).toEqual(['0017_worker_import_jobs']);
    expect(await migrateDown(t.handle)).toEqual(['0016_product_functions']);
    expect(await tableNames(db, kind)).not.toContain('product_functions');
  });

  it('names a failed migration and leaves its half-done work undone', async () => {
    await migrateToLatest(t.handle);
    const broken = {
      ...migrations(t.handle.dialect),
      '9999_broken': {
        async up(db: Kysely<any>) {
          const body = async (trx: Kysely<any>) => {
            await trx.schema.createTable('half_done').addColumn('x', 'integer').execute();
            await sql`select * from table_that_does_not_exist`.execute(trx);
          };
          if (db.isTransaction) await body(db);
          else await db.transaction().execute(body);
        },
      },
    };
    const failure = await migrateToLatest(t.handle, broken).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MigrationError);
    expect((failure as MigrationError).migration).toBe('9999_broken');
    expect((failure as Error).message).toMatch(/^Migration "9999_broken" failed: /);
    expect(await tableNames(t.handle.db, kind)).not.toContain('half_done');
    expect(await schemaVersion(t.handle)).toBe(SHIPPED.length);
  });

  it.runIf(kind === 'sqlite')('copies the SQLite file before migrating a database that has tables', async () => {
    const first = await migrateToLatest(t.handle, { '0001_reference_catalogue': migrations('sqlite')['0001_reference_catalogue']! });
    expect(first.backupFile).toBeNull(); // nothing to back up in an empty file
    const second = await migrateToLatest(t.handle);
    expect(second.backupFile).toMatch(/test\.db\.backup-.*-before-0002_inventory$/);
    expect(existsSync(second.backupFile!)).toBe(true);
  });
});
