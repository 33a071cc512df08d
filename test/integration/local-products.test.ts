// Product identity (issue #12) over a real database and HTTP: the file is the authority on its
// own inventory. A catalogue match needs the rights holder to agree (Nexus by Systematic never
// becomes KMD Nexus); the usage keeps the file's system name ("Exchange Online"); a system first
// seen in one municipality's file is that municipality's own product, which no other
// municipality sees (lists, search, product pages, exit-path candidates) until a moderator
// adopts it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importFile, MAX_LISTED_ISSUES } from '../../server/src/services/import-file.ts';
import { compareScenario, solutionContext } from '../../server/src/services/solutions.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';

const LETTERS = 'ABCDEFGHIJ'.split('');
const FILE_101 = [
  'System;Rettighedshaver;Leverandør;Kategori',
  'Nexus;Systematic A/S;Systematic A/S;',
  'Exchange Online;;Microsoft Corporation;office',
  'OS2mo;Magenta ApS;Magenta ApS;',
  ...LETTERS.map((l) => `System ${l};Leverandør ${l} ApS;Leverandør ${l} ApS;email-management`),
].join('\n');
const FILE_147 = ['System;Leverandør', 'Exchange;Microsoft Corporation', 'System A;Anden Leverandør ApS'].join('\n');

describe.each(databaseKinds)('products local to a municipality on %s', (kind) => {
  let ctx: TestApp;
  let own: SignedInClient;
  let other: SignedInClient;
  let moderator: SignedInClient;
  let report101: Awaited<ReturnType<typeof importFile>>;

  const db = () => ctx.t.handle.db;
  const get = async <T>(who: SignedInClient, path: string): Promise<T> => {
    const res = await ctx.app.request(path, { headers: who.read });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  const importText = (code: number, text: string, fileName: string) =>
    importFile(db(), { municipalityCode: code, fileName, source: new TextEncoder().encode(text), actor: 'test' });
  const usage = (code: number, systemName: string) =>
    db()
      .selectFrom('system_usages as u')
      .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .leftJoin('vendors as v', 'v.id', 'u.rights_holder_vendor_id')
      .select(['u.id', 'u.product_id', 'u.system_name', 'u.category', 'p.key', 'p.name as product', 'p.local_to_municipality', 'v.key as rights_holder'])
      .where('u.municipality_code', '=', code)
      .where('u.system_name', '=', systemName)
      .executeTakeFirstOrThrow();

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    own = await signInAs(ctx, [{ role: 'leader', municipalityCode: 101 }]);
    other = await signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }]);
    moderator = await signInAs(ctx, [{ role: 'moderator', municipalityCode: null }]);
    report101 = await importText(101, FILE_101, 'kbh.csv');
    expect(report101.status, JSON.stringify(report101.errors)).toBe('committed');
    expect((await importText(147, FILE_147, 'aarhus.csv')).status).toBe('committed');
  });
  afterAll(async () => ctx.t.drop());

  it('never matches Nexus by Systematic to KMD Nexus: a product of its own, a warning naming the row, no NEC anywhere', async () => {
    const nexus = await usage(101, 'Nexus');
    expect(nexus).toMatchObject({ product: 'Nexus', key: null, local_to_municipality: 101, rights_holder: 'systematic' });
    expect(report101.warnings).toContainEqual(
      expect.objectContaining({ code: 'catalogue-rights-holder-differs', file: 'kbh.csv', line: 2, value: 'Nexus', message: expect.objectContaining({ da: expect.stringContaining('KMD Nexus') }) }),
    );
    const run = await db().selectFrom('import_runs').select('warnings').where('id', '=', report101.importRunId).executeTakeFirstOrThrow();
    expect(run.warnings).toContain('catalogue-rights-holder-differs');
    for (const path of ['/api/v1/usages?municipality=101&limit=100', '/api/v1/municipalities/101/systems', '/api/v1/municipalities/101/score', '/api/v1/municipalities/101/exit-paths?top=20']) {
      expect(JSON.stringify(await get(own, path)), path).not.toMatch(/NEC Corporation|KMD Nexus/);
    }
  });

  it('keeps "Exchange Online" as the system name beside the catalogue product, with the file\'s category and a warning', async () => {
    const exchange = await usage(101, 'Exchange Online');
    expect(exchange).toMatchObject({ key: 'microsoft-exchange', category: 'office', local_to_municipality: null });
    expect(report101.warnings).toContainEqual(expect.objectContaining({ code: 'catalogue-value-differs', line: 3, column: 'category', value: 'office' }));
    const list = await get<{ items: Array<{ name: string; systemName: string; product: string; category: string | null }> }>(own, '/api/v1/usages?municipality=101&q=exchange');
    expect(list.items).toEqual([expect.objectContaining({ name: 'Exchange Online', systemName: 'Exchange Online', product: 'Microsoft Exchange Server / Exchange Online', category: 'office' })]);
    const systems = await get<{ items: Array<{ name: string; systemName: string; product: string }> }>(own, '/api/v1/municipalities/101/systems?limit=100');
    expect(systems.items).toContainEqual(expect.objectContaining({ name: 'Exchange Online', systemName: 'Exchange Online', product: 'Microsoft Exchange Server / Exchange Online' }));
  });

  it('answers scenario --replace "Exchange Online=…" by the file\'s name (and still by the catalogue\'s)', async () => {
    const byFileName = await compareScenario(db(), 101, { replacements: [{ product: 'Exchange Online', alternative: 'ox-app-suite' }] });
    expect(byFileName.replacements).toEqual([expect.objectContaining({ product: expect.stringMatching(/^product:/), productName: 'Exchange Online', alternative: expect.stringMatching(/^product:/) })]);
    expect(byFileName.outcome.replaced).toEqual([expect.objectContaining({ name: 'Exchange Online' })]);
    const byCatalogueName = await compareScenario(db(), 101, { replacements: [{ product: 'Microsoft Exchange Server / Exchange Online', alternative: 'ox-app-suite' }] });
    expect(byCatalogueName.replacements[0]).toMatchObject({ productName: 'Exchange Online' });
    // A product local to 101 is never a candidate, not even for 101.
    await expect(compareScenario(db(), 147, { replacements: [{ product: 'Exchange', alternative: 'System B' }] })).rejects.toThrow(/does not match/);
  });

  it('stores the file\'s rights holder for OS2mo (Magenta ApS, not the catalogue\'s OS2) and says so', async () => {
    const os2mo = await usage(101, 'OS2mo');
    expect(os2mo).toMatchObject({ rights_holder: 'magenta', local_to_municipality: 101 });
    expect(report101.warnings).toContainEqual(expect.objectContaining({ code: 'catalogue-rights-holder-differs', line: 4, value: 'OS2mo' }));
  });

  it('keeps System A … J of 101 out of 147\'s lists, searches, product pages and exit paths', async () => {
    const ids = await Promise.all(LETTERS.map(async (l) => (await usage(101, `System ${l}`)).product_id));
    expect(new Set(ids).size).toBe(10);
    const names = async (who: SignedInClient, q: string) => (await get<{ items: Array<{ id: number; name: string; localToMunicipality: number | null }> }>(who, `/api/v1/products?q=${encodeURIComponent(q)}&limit=100`)).items;
    expect((await names(own, 'System')).filter((p) => ids.includes(p.id))).toHaveLength(10);
    const seenBy147 = await names(other, 'System');
    expect(seenBy147.filter((p) => ids.includes(p.id))).toEqual([]);
    // 147's own "System A" is its own product, not 101's.
    const ownA = await usage(147, 'System A');
    expect(ownA.local_to_municipality).toBe(147);
    expect(seenBy147.filter((p) => /^System [A-J]$/.test(p.name)).map((p) => p.id)).toEqual([ownA.product_id]);
    expect(ids).not.toContain(ownA.product_id);
    expect((await ctx.app.request(`/api/v1/products/${ids[1]}`, { headers: other.read })).status).toBe(404);
    expect((await ctx.app.request(`/api/v1/products/${ids[1]}`, { headers: own.read })).status).toBe(200);
    const paths = JSON.stringify(await get(other, '/api/v1/municipalities/147/exit-paths?top=10'));
    expect(paths).toContain('Exchange');
    expect(paths).not.toMatch(/System [A-J]/);
    // Not among the candidates at all (the exit paths show only the best few).
    const candidates = [...(await solutionContext(db(), 147)).byRef.keys()];
    expect(candidates.length).toBeGreaterThan(10);
    for (const id of [...ids, ownA.product_id]) expect(candidates).not.toContain(`product:${id}`);
    expect(JSON.stringify(await get(other, '/api/v1/cooperation/products'))).not.toMatch(/System [A-J]/);
  });

  it('lists the first catalogue disagreements up to the report\'s limit and counts every further one', async () => {
    // Each row matches the catalogue's Exchange Online and gives another category: one warning per row.
    const rows = MAX_LISTED_ISSUES + 7;
    const text = ['Lokalt system-ID;System;Leverandør;Kategori', ...Array.from({ length: rows }, (_, i) => `L-${i + 1};Exchange Online;Microsoft Corporation;office`)].join('\n');
    const report = await importFile(db(), { municipalityCode: 151, fileName: 'ballerup.csv', source: new TextEncoder().encode(text), actor: 'test', dryRun: true });
    expect(report.errors).toEqual([]);
    expect(report.rows.accepted).toBe(rows);
    expect(report.warnings).toHaveLength(MAX_LISTED_ISSUES);
    expect(report.omittedIssues).toBe(rows - MAX_LISTED_ISSUES);
    expect(report.warnings.every((w) => w.code === 'catalogue-value-differs' && w.column === 'category')).toBe(true);
    expect(report.warnings.map((w) => w.line)).toEqual(Array.from({ length: MAX_LISTED_ISSUES }, (_, i) => i + 2));
  });

  it('says "unchanged" when 101 imports the same file again, with the same products', async () => {
    const before = await db().selectFrom('system_usages').select(['system_name', 'product_id']).where('municipality_code', '=', 101).orderBy('id').execute();
    const productCount = await db().selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const again = await importText(101, FILE_101, 'kbh-igen.csv');
    expect(again.status).toBe('unchanged');
    expect(again.productsCreated).toEqual([]);
    expect(await db().selectFrom('system_usages').select(['system_name', 'product_id']).where('municipality_code', '=', 101).orderBy('id').execute()).toEqual(before);
    expect(await db().selectFrom('products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual(productCount);
  });
  it('lets a moderator adopt one into the shared catalogue (then 147 sees it) and merge another into a catalogue product', async () => {
    const queue = await get<{ localProducts: { items: Array<{ id: number; name: string; municipalityCode: number; usageCount: number }>; total: number } }>(moderator, '/api/v1/moderation/queue?limit=100');
    const systemC = queue.localProducts.items.find((p) => p.name === 'System C' && p.municipalityCode === 101)!;
    expect(systemC).toMatchObject({ usageCount: 1 });
    expect(queue.localProducts.total).toBe(LETTERS.length + 2 + 1);
    const post = (who: SignedInClient, path: string, body?: unknown) =>
      ctx.app.request(path, { method: 'POST', headers: { ...who.write, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    expect((await post(own, `/api/v1/products/${systemC.id}/adoption`)).status).toBe(403);
    expect((await post(moderator, `/api/v1/products/${systemC.id}/adoption`)).status).toBe(200);
    expect((await post(moderator, `/api/v1/products/${systemC.id}/adoption`)).status).toBe(409);
    expect((await ctx.app.request(`/api/v1/products/${systemC.id}`, { headers: other.read })).status).toBe(200);
    const adopted = await db().selectFrom('products').select(['local_to_municipality', 'verified', 'normalized_name']).where('id', '=', systemC.id).executeTakeFirstOrThrow();
    expect(adopted).toEqual({ local_to_municipality: null, verified: 1, normalized_name: 'system c' });

    const systemD = queue.localProducts.items.find((p) => p.name === 'System D')!;
    const ox = await db().selectFrom('products').select('id').where('key', '=', 'ox-app-suite').executeTakeFirstOrThrow();
    const merged = await post(moderator, `/api/v1/products/${systemD.id}/merge`, { into: ox.id });
    expect(merged.status).toBe(200);
    expect(await merged.json()).toMatchObject({ id: ox.id, mergedId: systemD.id, usagesMoved: 1 });
    expect(await usage(101, 'System D')).toMatchObject({ key: 'ox-app-suite', system_name: 'System D' });
  });

});
