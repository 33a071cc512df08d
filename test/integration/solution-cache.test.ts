// The solution cache (services/solution-cache.ts, issue #16) on a real database (SQLite, and
// PostgreSQL when set): a repeat is answered from memory and is the same answer; after anything
// that changes what exit paths and scenarios are computed from — the municipality's import,
// rollback or edit, a catalogue change, a rescore — the next answer shows the change; another
// municipality's import that leaves this one's inputs as they were keeps its entries. Content is
// asserted, never time; the cache's own hit and load counts show what was remembered.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../server/src/auth/policy.ts';
import { CATALOGUE_TABLES } from '../../server/src/db/migrations/0019_cache_catalogue_version.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { syncProductFunctions } from '../../server/src/repositories/product-functions.repository.ts';
import { moderateAlternative, proposeAlternative } from '../../server/src/services/catalogue-contributions.ts';
import { editUsage } from '../../server/src/services/edit-usage.ts';
import { rollbackTo } from '../../server/src/services/inventory-versions.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { solutionCacheCounts } from '../../server/src/services/solution-cache.ts';
import { compareScenario, municipalityExitPaths, solutionContext } from '../../server/src/services/solutions.ts';
import { rescoreAll } from '../../server/src/services/scores.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };
const netcompany = { name: 'Netcompany A/S', cvr: null };
const kmd = { name: 'KMD A/S', cvr: '26911745' };

const records = (criticality: 'critical' | 'high' | 'medium' = 'critical') =>
  inventoryRecords.parse({
    usages: [
      aUsage({ product_name: 'Netcompany GetOrganized', supplier: netcompany, hosting_model: 'vendor_hosted', hosted_by: microsoft, operated_by: netcompany, data_location: 'eu', criticality }),
      aUsage({ product_name: 'Microsoft 365 (suite)', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical', user_count_band: '500+' }),
      aUsage({ product_name: 'KMD Opus Økonomi', supplier: kmd, hosting_model: 'shared_public', criticality: 'high' }),
    ],
  });
const withOs2forms = inventoryRecords.parse({
  usages: [...records().usages, aUsage({ product_name: 'OS2forms', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium' })],
});

const admin: Principal = { userId: null, label: 'cache test', grants: [{ role: 'admin', municipalityCode: null }], via: 'token', demoMode: false };
const actor = { userId: null, label: 'cache test' };
const ALL = { top: 100 };

/** How many loads and hits of `kind` `action` adds. */
async function counted<T>(kind: 'exitPaths' | 'comparison', action: () => Promise<T>): Promise<{ value: T; loads: number; hits: number }> {
  const before = solutionCacheCounts()[kind];
  const value = await action();
  const after = solutionCacheCounts()[kind];
  return { value, loads: after.loads - before.loads, hits: after.hits - before.hits };
}

describe.each(databaseKinds)('the solution cache on %s', (kind) => {
  let ctx: TestApp;
  const db = () => ctx.t.handle.db;
  const catalogueVersion = async () => Number((await db().selectFrom('catalogue_version').select('version').executeTakeFirstOrThrow()).version);
  const m365 = async () => (await solutionContext(db(), 147)).products.get([...(await solutionContext(db(), 147)).usageFacts.values()].find((f) => f.productName.startsWith('Microsoft 365'))!.productId)!;
  const usageOf = async (code: number, name: string) =>
    (await db().selectFrom('system_usages as u').innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id').select('u.id').where('ci.municipality_code', '=', code).where('u.system_name', '=', name).executeTakeFirstOrThrow()).id;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    await replaceInventory(db(), { municipalityCode: 147, records: records(), kind: 'import', run: aRun() });
    await replaceInventory(db(), { municipalityCode: 151, records: records(), kind: 'import', run: aRun() });
  }, 120_000);
  afterAll(async () => ctx.t.drop());

  it('answers a repeat from memory with the same answer, for exit paths and for a scenario written in another key order', async () => {
    const first = await counted('exitPaths', () => municipalityExitPaths(db(), 147, ALL));
    const again = await counted('exitPaths', () => municipalityExitPaths(db(), 147, ALL));
    expect(again).toMatchObject({ loads: 0, hits: 1 });
    expect(again.value).toEqual(first.value);
    expect(JSON.stringify(again.value)).toBe(JSON.stringify(first.value));
    // Other options are another answer.
    expect((await counted('exitPaths', () => municipalityExitPaths(db(), 147, { top: 1 }))).loads).toBe(1);

    const spec = { replacements: [{ product: 'Microsoft 365 (suite)', alternative: 'openDesk' }], startDate: null };
    const compared = await counted('comparison', () => compareScenario(db(), 147, spec));
    const reordered = await counted('comparison', () => compareScenario(db(), 147, { startDate: null, replacements: [{ alternative: 'openDesk', product: 'Microsoft 365 (suite)' }] }));
    expect(reordered).toMatchObject({ loads: 0, hits: 1 });
    expect(reordered.value).toEqual(compared.value);
    expect(compared.value.replacements[0]!.alternativeName).toBe('openDesk');
  });

  it("shows the municipality's import, rollback and edit in the next answer", async () => {
    const before = await municipalityExitPaths(db(), 147, ALL);
    expect(before.systemCount).toBe(3);
    const imported = await replaceInventory(db(), { municipalityCode: 147, records: withOs2forms, kind: 'import', run: aRun() });
    const afterImport = await municipalityExitPaths(db(), 147, ALL);
    expect(afterImport.systemCount).toBe(4);
    expect(afterImport.inventoryVersionId).toBe(imported.inventoryVersionId);
    expect((await solutionContext(db(), 147)).fileNames.size).toBe(4);

    await rollbackTo(db(), 147, before.inventoryVersionId, actor);
    const afterRollback = await municipalityExitPaths(db(), 147, ALL);
    expect(afterRollback.inventoryVersionId).toBe(before.inventoryVersionId);
    expect(afterRollback.systemCount).toBe(3);

    const edited = await editUsage(db(), actor, await usageOf(147, 'Netcompany GetOrganized'), { criticality: 'low', local_name: 'ESDH (redigeret)' });
    const afterEdit = await municipalityExitPaths(db(), 147, ALL);
    expect(afterEdit.inventoryVersionId).toBe(edited.inventoryVersionId);
    const names = [...(await solutionContext(db(), 147)).fileNames.values()];
    expect(names).toContain('ESDH (redigeret)');
    const compared = await compareScenario(db(), 147, { replacements: [{ usages: ['ESDH (redigeret)'], alternatives: ['openDesk'] }], startDate: null });
    expect(compared.inventoryVersionId).toBe(edited.inventoryVersionId);
    expect(compared.replacements[0]!.productName).toBe('ESDH (redigeret)');
  });

  it('shows a catalogue change in the next answer: an alternative proposed and published, a product function changed', async () => {
    const spec = { replacements: [{ product: 'Microsoft 365 (suite)', alternative: 'Cachetest Post' }], startDate: null };
    const unknown = await compareScenario(db(), 147, spec, { strict: false });
    expect(unknown.replacements).toEqual([]);
    expect(unknown.warnings.length).toBe(1);

    const product = await m365();
    const versionBefore = await catalogueVersion();
    const proposed = await proposeAlternative(db(), admin, {
      name: 'Cachetest Post',
      url: 'https://frikommune.example/post',
      repositoryUrl: 'https://github.com/frikommune/post.git',
      softwareType: 'standalone/web',
      developmentStatus: 'stable',
      spdxLicense: 'mpl-2.0',
      maintenanceType: 'community',
      platforms: ['web', 'linux'],
      categories: ['email-management'],
      descriptionDa: 'Et åbent post- og kalendersystem, som flere kommuner udvikler og driver sammen. '.repeat(3),
      descriptionEn: 'An open mail and calendar system that several municipalities develop and run together.',
      lastReleaseAt: '2026-05-20',
      productIds: [product.id],
    });
    expect(await catalogueVersion()).toBeGreaterThan(versionBefore);
    // Pending: readers do not see it yet, so the answer is the same one.
    expect(await compareScenario(db(), 147, spec, { strict: false })).toEqual(unknown);
    await moderateAlternative(db(), admin, proposed.id, 'publish', null);
    const published = await compareScenario(db(), 147, spec, { strict: false });
    expect(published.warnings).toEqual([]);
    expect(published.replacements.map((r) => r.alternativeName)).toEqual(['Cachetest Post']);

    const functionsOf = async () => (await solutionContext(db(), 147)).usageFacts.get(String(await usageOf(147, 'Microsoft 365 (suite)')))!.functions;
    expect(await functionsOf()).not.toContain('webinar');
    const versionBeforeSync = await catalogueVersion();
    await syncProductFunctions(db(), [{ productKey: product.key!, term: 'webinar', source: 'cache test', note: null }]);
    expect(await catalogueVersion()).toBeGreaterThan(versionBeforeSync);
    expect(await functionsOf()).toEqual(['webinar']);
  });

  it('shows a rescore in the next answer', async () => {
    const before = await municipalityExitPaths(db(), 147, ALL);
    await rescoreAll(db(), { asOf: '2031-06-01' });
    const after = await municipalityExitPaths(db(), 147, ALL);
    expect(after.asOf).toBe('2031-06-01');
    expect(before.asOf).not.toBe('2031-06-01');
    expect((await compareScenario(db(), 147, { replacements: [{ product: 'Microsoft 365 (suite)', alternative: 'openDesk' }], startDate: null })).asOf).toBe('2031-06-01');
  });

  it("keeps a municipality's entries when another municipality's import leaves its inputs as they were", async () => {
    const first = await municipalityExitPaths(db(), 147, ALL);
    expect((await counted('exitPaths', () => municipalityExitPaths(db(), 147, ALL))).hits).toBe(1);
    // 151 re-imports the same systems with another criticality: a new version, a new score, the same products.
    const reimported = await replaceInventory(db(), { municipalityCode: 151, records: records('medium'), kind: 'import', run: aRun() });
    expect(reimported.inventoryVersionId).toBeGreaterThan(0);
    const again = await counted('exitPaths', () => municipalityExitPaths(db(), 147, ALL));
    expect(again).toMatchObject({ loads: 0, hits: 1 });
    expect(again.value).toEqual(first);
    // …while 151's own answer is new.
    const other = await municipalityExitPaths(db(), 151, ALL);
    expect(other.inventoryVersionId).toBe(reimported.inventoryVersionId);
  });

  it('moves the catalogue version on a change to any catalogue table, whoever writes it', async () => {
    for (const table of CATALOGUE_TABLES) {
      const column = table === 'product_dependencies' || table === 'product_alternatives' ? 'product_id' : 'id';
      const rows = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db());
      expect(Number(rows.rows[0]!.n), table).toBeGreaterThan(0);
      const before = await catalogueVersion();
      await sql`update ${sql.table(table)} set ${sql.ref(column)} = ${sql.ref(column)}`.execute(db());
      expect(await catalogueVersion(), table).toBeGreaterThan(before);
    }
  });
});
