// The shared catalogue over HTTP: products, vendors (aliases, merge), the moderated open-source
// catalogue with experience reports, publiccode.yml and the moderation queue — who may do what,
// what each change writes to the audit log (and that a refused change writes nothing), and that a
// vendor merge moves every reference and keeps the merged name resolvable for later imports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import readXlsxFile from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePubliccode } from '../../importers/publiccode.ts';
import { FIXTURES } from '../../importers/testing.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { REFERENCE_DIR } from '../../server/src/reference/load-reference.ts';
import { readCsv } from '../../server/src/reference/read-csv.ts';
import { ALTERNATIVE_FACTS, alternativeFactRow } from '../../server/src/reference/schemas.ts';
import { VendorResolver } from '../../server/src/repositories/vendors.repository.ts';
import { importPubliccode } from '../../server/src/services/import-publiccode.ts';
import { adoptProduct } from '../../server/src/services/local-products.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, loadGeneratedAsReal, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const dubletDanmark = { name: 'Dublet Danmark ApS', cvr: '12345674' };
const dubletGroup = { name: 'Dublet Group A/S', cvr: null };

const LONG_DA =
  'Frikommune Sag er et åbent sags- og dokumenthåndteringssystem, som flere kommuner udvikler i fællesskab; det dækker journalisering, ' +
  'arkivering og integration med fællesoffentlige løsninger.';

describe.each(databaseKinds)('the catalogue on %s', (kind) => {
  let ctx: TestApp;
  let anonymousDemoStatus: number;
  let reader: SignedInClient;
  let contributor: SignedInClient;
  let architect: SignedInClient;
  let moderator: SignedInClient;
  let admin: SignedInClient;
  const ids = { from: 0, into: 0, child: 0, product: 0, referenceAlternative: 0 };

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    const db = ctx.t.handle.db;
    // No real inventory yet: the demo world, open to anonymous readers.
    anonymousDemoStatus = (await ctx.app.request('/api/v1/products?limit=1')).status;
    // A generated inventory imported as real data, beside the one below.
    await loadGeneratedAsReal(db, [101]);

    // One real import (so demo mode is off) that involves the vendor to be merged in every role.
    await replaceInventory(db, {
      municipalityCode: 147,
      kind: 'import',
      run: aRun(),
      records: inventoryRecords.parse({
        usages: [
          aUsage({ local_id: 'D-1', product_name: 'Dublet Sag', rights_holder: dubletDanmark, supplier: dubletDanmark, hosted_by: dubletDanmark, operated_by: dubletDanmark, sub_processors: [dubletDanmark, dubletGroup], criticality: 'critical' }),
          aUsage({ local_id: 'D-2', product_name: 'Dublet Løn', supplier: dubletGroup, criticality: 'high' }),
          aUsage({ local_id: 'D-3', product_name: 'Microsoft Word', supplier: { name: 'Microsoft Corporation', cvr: null }, criticality: 'medium' }),
        ],
        contracts: [aContract({ name: 'Dublet-kontrakt', supplier: dubletDanmark, usage_keys: ['id:d-1'] })],
      }),
    });
    // The import's new vendors are local to 147; these tests treat them as adopted into the shared catalogue.
    await db.updateTable('vendors').set({ local_to_municipality: null }).where('local_to_municipality', '=', 147).execute();
    const vendorId = async (name: string) => (await db.selectFrom('vendors').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
    ids.from = await vendorId('Dublet Danmark ApS');
    ids.into = await vendorId('Dublet Group A/S');
    ids.product = (await db.selectFrom('products').select('id').where('name', '=', 'Dublet Sag').executeTakeFirstOrThrow()).id;
    // An import's new products are 147's own until a moderator adopts them into the shared catalogue.
    const moderatorPrincipal = { userId: null, label: 'test', grants: [{ role: 'moderator' as const, municipalityCode: null }], via: 'session' as const, demoMode: false };
    for (const p of await db.selectFrom('products').select('id').where('local_to_municipality', '=', 147).execute()) await adoptProduct(db, moderatorPrincipal, p.id);
    // A subsidiary of the vendor to be merged, and an alternative it stewards.
    const child = await db
      .insertInto('vendors')
      .values({ key: null, name: 'Dublet Drift ApS', normalized_name: 'dublet drift', cvr: null, country: 'DK', kind: 'company', parent_vendor_id: ids.from, source: 'test', verified: 0, notes: null, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.child = child.id;
    await db.updateTable('vendors').set({ ultimate_parent_id: ids.from }).where('id', '=', ids.child).execute();
    const libre = await db.selectFrom('alternatives').select('id').where('key', '=', 'libreoffice-writer').executeTakeFirstOrThrow();
    ids.referenceAlternative = libre.id;
    await db.updateTable('alternatives').set({ steward_vendor_id: ids.from }).where('id', '=', libre.id).execute();

    reader = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
    contributor = await signInAs(ctx, [{ role: 'contributor', municipalityCode: null }]);
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    moderator = await signInAs(ctx, [{ role: 'moderator', municipalityCode: null }]);
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
  });
  afterAll(async () => ctx.t.drop());

  const request = (path: string, who: SignedInClient | null, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) => {
    const method = init.method ?? 'GET';
    const headers: Record<string, string> = { ...(who ? (method === 'GET' ? who.read : who.write) : {}), ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    return ctx.app.request(path, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body) });
  };
  const json = async <T>(path: string, who: SignedInClient | null, init: Parameters<typeof request>[2] = {}, status = 200) => {
    const res = await request(path, who, init);
    const text = await res.text();
    expect(res.status, `${init.method ?? 'GET'} ${path}: ${text}`).toBe(status);
    return JSON.parse(text) as T;
  };
  const auditRows = (action: string) => ctx.t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();

  const completeProposal = (name: string) => ({
    name,
    url: 'https://frikommune.example/sag',
    repositoryUrl: 'https://github.com/frikommune/sag.git',
    softwareType: 'standalone/web',
    developmentStatus: 'stable',
    spdxLicense: 'mpl-2.0',
    maintenanceType: 'community',
    platforms: ['web', 'linux'],
    categories: ['document-management'],
    descriptionDa: LONG_DA,
    descriptionEn: 'An open case and document management system developed by several municipalities together.',
    stewardVendorId: null as number | null,
    lastReleaseAt: '2026-05-20',
    productIds: [] as number[],
  });

  it('lets anonymous visitors read the catalogue in demo mode only', async () => {
    expect(anonymousDemoStatus).toBe(200);
    expect((await request('/api/v1/products?limit=1', null)).status).toBe(401);
  });

  it('answers every read to readers and 401 to anonymous visitors', async () => {
    for (const path of [
      '/api/v1/products',
      `/api/v1/products/${ids.product}`,
      '/api/v1/vendors',
      `/api/v1/vendors/${ids.into}`,
      '/api/v1/alternatives',
      `/api/v1/alternatives/${ids.referenceAlternative}`,
      `/api/v1/alternatives/${ids.referenceAlternative}/experience-reports`,
    ]) {
      expect((await request(path, null)).status, path).toBe(401);
      expect((await request(path, reader)).status, path).toBe(200);
    }
    expect((await request(`/api/v1/alternatives/${ids.referenceAlternative}/publiccode.yml`, null)).status).toBe(401);
    expect((await request(`/api/v1/alternatives/${ids.referenceAlternative}/publiccode.yml`, reader)).status).toBe(200);
  });

  it('refuses every write to anonymous visitors (401) and to roles without the right (403), writing no audit row', async () => {
    const before = (await ctx.t.handle.db.selectFrom('audit_log').select('id').execute()).length;
    const alt = ids.referenceAlternative;
    const writes: [string, string, unknown, (SignedInClient | null)[]][] = [
      ['POST', `/api/v1/vendors/${ids.into}/aliases`, { alias: 'Dublet Koncern' }, [reader, contributor, moderator]],
      ['DELETE', `/api/v1/vendors/${ids.into}/aliases/1`, undefined, [reader, contributor, moderator]],
      ['POST', `/api/v1/vendors/${ids.from}/merge`, { into: ids.into }, [reader, contributor, moderator]],
      ['POST', '/api/v1/alternatives', completeProposal('Forbudt Forslag'), [reader]],
      ['POST', `/api/v1/alternatives/${alt}/moderation`, { decision: 'reject', note: 'nej' }, [reader, contributor, architect]],
      ['POST', `/api/v1/alternatives/${alt}/experience-reports`, { title: 't', body: 'b' }, [reader]],
      ['POST', '/api/v1/experience-reports/1/moderation', { decision: 'publish' }, [reader, contributor, architect]],
    ];
    for (const [method, path, body, forbidden] of writes) {
      expect((await request(path, null, { method, body })).status, `anonymous ${method} ${path}`).toBe(401);
      for (const who of forbidden) expect((await request(path, who, { method, body })).status, `${who!.email} ${method} ${path}`).toBe(403);
    }
    expect((await request('/api/v1/moderation/queue', null)).status).toBe(401);
    for (const who of [reader, contributor, architect]) expect((await request('/api/v1/moderation/queue', who)).status).toBe(403);
    expect((await request('/api/v1/moderation/queue', moderator)).status).toBe(200);
    expect((await request('/api/v1/moderation/queue', admin)).status).toBe(200);
    expect((await ctx.t.handle.db.selectFrom('audit_log').select('id').execute()).length).toBe(before);
  });

  it('lists products with usage counts, filters and sorts, with an ETag', async () => {
    const page = await json<{ items: { id: number; name: string; usageCount: number; rightsHolderId: number | null; verified: boolean }[]; total: number }>('/api/v1/products?sort=usageCount&order=desc&limit=20', reader);
    expect(page.total).toBeGreaterThan(100);
    const counts = page.items.map((i) => i.usageCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(page.items[0]!.usageCount).toBe(2); // København's demo inventory and 147 both use the most common products
    const held = await json<{ items: { id: number; rightsHolderId: number }[]; total: number }>(`/api/v1/products?vendor=${ids.from}`, reader);
    expect(held.items.map((i) => i.id)).toEqual([ids.product]);
    // Adopted by a moderator (beforeAll), so verified.
    const found = await json<{ items: { name: string; usageCount: number; verified: boolean }[] }>('/api/v1/products?q=dublet%20sag&verified=true', reader);
    expect(found.items).toEqual([expect.objectContaining({ name: 'Dublet Sag', usageCount: 1, verified: true })]);
    const res = await request('/api/v1/products?q=dublet', reader);
    const etag = res.headers.get('etag');
    expect(etag).toBeTruthy();
    expect((await request('/api/v1/products?q=dublet', reader, { headers: { 'if-none-match': etag! } })).status).toBe(304);
    const detail = await json<{ name: string; rightsHolderId: number; aliases: unknown[]; dependencies: unknown[]; alternatives: { name: string }[] }>(`/api/v1/products/${ids.product}`, reader);
    expect(detail).toMatchObject({ name: 'Dublet Sag', rightsHolderId: ids.from });
    const word = (await json<{ items: { id: number }[] }>('/api/v1/products?q=microsoft%20word', reader)).items[0]!;
    const wordDetail = await json<{ alternatives: { name: string; moderationState: string }[] }>(`/api/v1/products/${word.id}`, reader);
    expect(wordDetail.alternatives.map((a) => a.name)).toContain('LibreOffice Writer');
    expect((await request('/api/v1/products/999999', reader)).status).toBe(404);
  });

  it('exports products as CSV with ; and as XLSX', async () => {
    const csv = await request('/api/v1/products?format=csv&q=dublet', reader);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="products-\d{4}-\d{2}-\d{2}\.csv"/);
    const text = await csv.text();
    const lines = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^Id;It-system;Kategori;Kategori \(kode\);Rettighedshaver;/);
    expect(lines.slice(1).some((l) => l.includes(';Dublet Sag;') && l.includes(';Dublet Danmark ApS;'))).toBe(true);
    const xlsx = await request('/api/v1/products?format=xlsx&lang=en&q=dublet', reader);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [sheet] = await readXlsxFile(Buffer.from(await xlsx.arrayBuffer()));
    expect(sheet!.data[0]!.slice(0, 5)).toEqual(['Id', 'IT system', 'Category', 'Category (code)', 'Rights holder']);
    expect(sheet!.data.slice(1).map((r) => r[1])).toContain('Dublet Sag');
  });

  it('lists vendors with aliases, ownership filters and usage counts', async () => {
    const page = await json<{ items: { id: number; usageCount: number; aliases: string[] }[] }>('/api/v1/vendors?q=dublet&sort=usageCount&order=desc', reader);
    expect(page.items.map((v) => v.id)).toEqual(expect.arrayContaining([ids.from, ids.into, ids.child]));
    expect(page.items.find((v) => v.id === ids.from)!.usageCount).toBe(1);
    expect(page.items.find((v) => v.id === ids.child)!.usageCount).toBe(0);
    const counts = page.items.map((v) => v.usageCount);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    const byName = await json<{ items: { id: number; name: string; usageCount: number }[] }>('/api/v1/vendors?q=dublet', reader);
    expect(byName.items.map((v) => v.name)).toEqual(['Dublet Danmark ApS', 'Dublet Drift ApS', 'Dublet Group A/S']);
    expect(byName.items.map((v) => v.usageCount)).toEqual([1, 0, 1]);
    const group = await json<{ items: { id: number }[] }>(`/api/v1/vendors?ultimateParent=${ids.from}`, reader);
    expect(group.items.map((v) => v.id).sort()).toEqual([ids.from, ids.child].sort());
    const dk = await json<{ items: { country: string }[] }>('/api/v1/vendors?country=dk&limit=50', reader);
    expect(dk.items.every((v) => v.country === 'DK')).toBe(true);
    const detail = await json<{ parentChain: { id: number }[]; children: unknown[] }>(`/api/v1/vendors/${ids.child}`, reader);
    expect(detail.parentChain.map((v) => v.id)).toEqual([ids.from]);
  });

  it('adds and removes vendor aliases (admins), with audit rows', async () => {
    const alias = await json<{ id: number; alias: string; normalizedAlias: string }>(`/api/v1/vendors/${ids.into}/aliases`, admin, { method: 'POST', body: { alias: 'Dublet Koncernen A/S' } }, 201);
    expect(alias.normalizedAlias).toBe('dublet koncernen');
    // Another vendor's name, or a taken alias, is a conflict.
    await json(`/api/v1/vendors/${ids.into}/aliases`, admin, { method: 'POST', body: { alias: 'DUBLET DANMARK' } }, 409);
    await json(`/api/v1/vendors/${ids.child}/aliases`, admin, { method: 'POST', body: { alias: 'dublet koncernen' } }, 409);
    expect((await request(`/api/v1/vendors/${ids.child}/aliases/${alias.id}`, admin, { method: 'DELETE' })).status).toBe(404);
    expect((await request(`/api/v1/vendors/${ids.into}/aliases/${alias.id}`, admin, { method: 'DELETE' })).status).toBe(204);
    const rows = [...(await auditRows('vendor.alias.add')), ...(await auditRows('vendor.alias.remove'))];
    expect(rows.map((r) => [r.action, r.entity_id, r.actor])).toEqual([
      ['vendor.alias.add', String(ids.into), admin.email],
      ['vendor.alias.remove', String(ids.into), admin.email],
    ]);
  });

  it('refuses to merge a vendor into itself or into its own subsidiary (409), writing nothing', async () => {
    await json(`/api/v1/vendors/${ids.from}/merge`, admin, { method: 'POST', body: { into: ids.from } }, 409);
    const problem = await json<{ errors: { field: string }[] }>(`/api/v1/vendors/${ids.from}/merge`, admin, { method: 'POST', body: { into: ids.child } }, 409);
    expect(problem.errors[0]!.field).toBe('into');
    await json(`/api/v1/vendors/${ids.from}/merge`, admin, { method: 'POST', body: { into: 999_999 } }, 404);
    const microsoft = (await ctx.t.handle.db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id;
    await json(`/api/v1/vendors/${microsoft}/merge`, admin, { method: 'POST', body: { into: ids.into } }, 409); // reference data
    expect(await auditRows('vendor.merge')).toEqual([]);
    expect(await ctx.t.handle.db.selectFrom('vendors').select('id').where('id', '=', ids.from).executeTakeFirst()).toBeDefined();
  });

  it('merges a vendor: every reference moves, its names become aliases, scores are rebuilt, one audit row', async () => {
    const db = ctx.t.handle.db;
    const n = async (table: 'system_usages' | 'contracts' | 'products' | 'alternatives' | 'vendors' | 'usage_sub_processors', column: string, id: number) =>
      Number((await (db as any).selectFrom(table).select((eb: any) => eb.fn.countAll().as('n')).where(column, '=', id).executeTakeFirstOrThrow()).n);
    const refs = async (id: number) => ({
      supplier: await n('system_usages', 'supplier_vendor_id', id),
      hostedBy: await n('system_usages', 'hosted_by_vendor_id', id),
      operatedBy: await n('system_usages', 'operated_by_vendor_id', id),
      subProcessor: await n('usage_sub_processors', 'vendor_id', id),
      contracts: await n('contracts', 'supplier_vendor_id', id),
      products: await n('products', 'rights_holder_vendor_id', id),
      stewards: await n('alternatives', 'steward_vendor_id', id),
      children: await n('vendors', 'parent_vendor_id', id),
    });
    const fromBefore = await refs(ids.from);
    const intoBefore = await refs(ids.into);
    expect(fromBefore).toEqual({ supplier: 1, hostedBy: 1, operatedBy: 1, subProcessor: 1, contracts: 1, products: 1, stewards: 1, children: 1 });
    const version = (await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 147).executeTakeFirstOrThrow()).inventory_version_id;
    const storedScore = async () => db.selectFrom('municipality_scores').select(['result', 'computed_at']).where('inventory_version_id', '=', version).executeTakeFirstOrThrow();
    const scoreBefore = await storedScore();
    const vendorIdsIn = (result: string) => (JSON.parse(result) as { vendors: { vendorId: string }[] }).vendors.map((v) => v.vendorId);
    expect(vendorIdsIn(scoreBefore.result)).toContain(String(ids.from));
    const otherScore = await db.selectFrom('municipality_scores').select('computed_at').where('municipality_code', '=', 101).executeTakeFirstOrThrow();

    const merged = await json<{ vendor: { id: number; cvr: string | null; aliases: { alias: string }[]; children: { id: number }[] }; merged: { id: number }; moved: Record<string, number>; rescoredMunicipalities: number[] }>(
      `/api/v1/vendors/${ids.from}/merge`,
      admin,
      { method: 'POST', body: { into: ids.into } },
    );
    expect(merged.merged.id).toBe(ids.from);
    expect(merged.vendor.id).toBe(ids.into);
    expect(merged.vendor.aliases.map((a) => a.alias)).toContain('Dublet Danmark ApS');
    expect(merged.vendor.cvr).toBe(dubletDanmark.cvr);
    expect(merged.vendor.children.map((c) => c.id)).toEqual([ids.child]);
    expect(merged.moved).toMatchObject({ usageSuppliers: 1, usageHosts: 1, usageOperators: 1, usageSubProcessors: 1, contracts: 1, products: 1, alternatives: 1, childVendors: 1 });
    expect(merged.rescoredMunicipalities).toEqual([147]);

    expect(await refs(ids.from)).toEqual({ supplier: 0, hostedBy: 0, operatedBy: 0, subProcessor: 0, contracts: 0, products: 0, stewards: 0, children: 0 });
    const intoAfter = await refs(ids.into);
    // The usage had both as sub-processors: it keeps one row.
    expect(intoAfter).toEqual({
      supplier: intoBefore.supplier + 1,
      hostedBy: intoBefore.hostedBy + 1,
      operatedBy: intoBefore.operatedBy + 1,
      subProcessor: intoBefore.subProcessor,
      contracts: intoBefore.contracts + 1,
      products: intoBefore.products + 1,
      stewards: intoBefore.stewards + 1,
      children: intoBefore.children + 1,
    });
    expect(await db.selectFrom('vendors').select('id').where('id', '=', ids.from).executeTakeFirst()).toBeUndefined();
    const child = await db.selectFrom('vendors').select(['parent_vendor_id', 'ultimate_parent_id']).where('id', '=', ids.child).executeTakeFirstOrThrow();
    expect(child).toEqual({ parent_vendor_id: ids.into, ultimate_parent_id: ids.into });

    // Stored scores no longer name the merged vendor; other municipalities are untouched.
    const scoreAfter = await storedScore();
    expect(scoreAfter.computed_at >= scoreBefore.computed_at).toBe(true);
    expect(vendorIdsIn(scoreAfter.result)).not.toContain(String(ids.from));
    expect(vendorIdsIn(scoreAfter.result)).toContain(String(ids.into));
    expect((await db.selectFrom('municipality_scores').select('computed_at').where('municipality_code', '=', 101).executeTakeFirstOrThrow()).computed_at).toBe(otherScore.computed_at);

    const [audit, ...more] = await auditRows('vendor.merge');
    expect(more).toEqual([]);
    expect(audit).toMatchObject({ actor: admin.email, entity_type: 'vendor', entity_id: String(ids.into) });
    expect(JSON.parse(audit!.before!)).toMatchObject({ from: { id: ids.from, name: 'Dublet Danmark ApS', references: { contracts: 1 } }, into: { id: ids.into, cvr: null } });
    expect(JSON.parse(audit!.after!)).toMatchObject({ mergedVendorId: ids.from, aliasesAdded: ['Dublet Danmark ApS'], cvrMoved: dubletDanmark.cvr, rescoredMunicipalities: [147] });

    // The merged name is found in the vendor list through its alias…
    const listed = await json<{ items: { id: number; aliases: string[] }[] }>('/api/v1/vendors?q=dublet%20danmark', reader);
    expect(listed.items.map((v) => v.id)).toEqual([ids.into]);
    // …and later imports resolve it (by name, without the CVR number too) to the vendor that remains.
    const resolver = await VendorResolver.load(db, 151);
    expect(resolver.lookup({ name: 'DUBLET DANMARK APS', cvr: null })).toBe(ids.into);
    const vendorsBefore = (await db.selectFrom('vendors').select('id').execute()).length;
    await replaceInventory(db, { municipalityCode: 151, kind: 'import', run: aRun(), records: inventoryRecords.parse({ usages: [aUsage({ product_name: 'Dublet Sag', supplier: { name: 'Dublet Danmark', cvr: null } })] }) });
    expect((await db.selectFrom('vendors').select('id').execute()).length).toBe(vendorsBefore);
    const usage = await db.selectFrom('system_usages').select('supplier_vendor_id').where('municipality_code', '=', 151).executeTakeFirstOrThrow();
    expect(usage.supplier_vendor_id).toBe(ids.into);
    expect((await request(`/api/v1/vendors/${ids.from}`, reader)).status).toBe(404);
  });

  it('moderates proposals: pending entries are seen by their author and moderators only, until published', async () => {
    const proposal = { ...completeProposal('Frikommune Sag'), productIds: [ids.product], fitNotes: 'Dækker sagsbehandling' };
    // The vocabularies are checked like a publiccode.yml file: every problem at once.
    const bad = await json<{ errors: { field: string }[] }>('/api/v1/alternatives', contributor, { method: 'POST', body: { ...proposal, spdxLicense: 'BUSL-1.1', categories: ['no-such-category'], lastReleaseAt: '2026-02-30', repositoryUrl: 'nowhere' } }, 400);
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['categories.0', 'lastReleaseAt', 'repositoryUrl', 'spdxLicense']);
    await json('/api/v1/alternatives', contributor, { method: 'POST', body: { ...proposal, softwareType: 'spreadsheet' } }, 400);
    await json('/api/v1/alternatives', contributor, { method: 'POST', body: { ...proposal, name: 'LibreOffice Writer' } }, 409);
    expect(await auditRows('alternative.propose')).toEqual([]);

    const created = await json<{ id: number; moderationState: string; verified: boolean; spdxLicense: string; mine: boolean; products: { productId: number }[] }>('/api/v1/alternatives', contributor, { method: 'POST', body: proposal }, 201);
    expect(created).toMatchObject({ moderationState: 'pending', verified: false, spdxLicense: 'MPL-2.0', mine: true, products: [{ productId: ids.product }] });
    const source = await ctx.t.handle.db.selectFrom('alternatives').select(['source', 'submitted_by_user_id']).where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(source).toEqual({ source: 'contribution', submitted_by_user_id: contributor.userId });
    const proposed = await auditRows('alternative.propose');
    expect(proposed.map((r) => [r.actor, r.entity_id])).toEqual([[contributor.email, String(created.id)]]);
    // Architects may contribute too.
    await json('/api/v1/alternatives', architect, { method: 'POST', body: completeProposal('Arkitektens Forslag') }, 201);

    const names = async (who: SignedInClient, query = '') => (await json<{ items: { name: string }[] }>(`/api/v1/alternatives?q=frikommune${query}`, who)).items.map((i) => i.name);
    expect(await names(reader)).toEqual([]);
    expect(await names(reader, '&moderationState=pending')).toEqual([]);
    expect((await request(`/api/v1/alternatives/${created.id}`, reader)).status).toBe(404);
    expect((await request(`/api/v1/alternatives/${created.id}/publiccode.yml`, reader)).status).toBe(404);
    expect(await names(contributor)).toEqual(['Frikommune Sag']);
    expect(await names(contributor, '&mine=true&moderationState=pending')).toEqual(['Frikommune Sag']);
    expect(await names(architect)).toEqual([]);
    expect(await names(moderator)).toEqual(['Frikommune Sag']);
    const productView = await json<{ alternatives: { name: string }[] }>(`/api/v1/products/${ids.product}`, reader);
    expect(productView.alternatives).toEqual([]);
    const queue = await json<{ alternatives: { items: { name: string }[]; total: number } }>('/api/v1/moderation/queue', moderator);
    expect(queue.alternatives.items.map((a) => a.name)).toEqual(['Frikommune Sag', 'Arkitektens Forslag']);

    // Refused decisions write no audit row.
    expect((await request(`/api/v1/alternatives/${created.id}/moderation`, contributor, { method: 'POST', body: { decision: 'publish' } })).status).toBe(403);
    await json(`/api/v1/alternatives/${created.id}/moderation`, moderator, { method: 'POST', body: { decision: 'reject' } }, 400);
    await json('/api/v1/alternatives/999999/moderation', moderator, { method: 'POST', body: { decision: 'publish' } }, 404);
    expect(await auditRows('alternative.moderate')).toEqual([]);

    const published = await json<{ moderationState: string; verified: boolean; moderation: { moderatedByUserId: number } }>(`/api/v1/alternatives/${created.id}/moderation`, moderator, { method: 'POST', body: { decision: 'publish', note: 'Fint forslag' } });
    expect(published).toMatchObject({ moderationState: 'published', verified: true, moderation: { moderatedByUserId: moderator.userId } });
    await json(`/api/v1/alternatives/${created.id}/moderation`, moderator, { method: 'POST', body: { decision: 'publish' } }, 409);
    const decided = await auditRows('alternative.moderate');
    expect(decided).toHaveLength(1);
    expect(decided[0]).toMatchObject({ actor: moderator.email, entity_id: String(created.id) });
    expect(JSON.parse(decided[0]!.before!)).toMatchObject({ moderation_state: 'pending' });
    expect(JSON.parse(decided[0]!.after!)).toMatchObject({ decision: 'publish', moderation_state: 'published', moderation_note: 'Fint forslag' });

    expect(await names(reader)).toEqual(['Frikommune Sag']);
    const seen = await json<{ moderation: unknown; facts: unknown[]; products: { productId: number; verified: boolean }[] }>(`/api/v1/alternatives/${created.id}`, reader);
    expect(seen.facts).toEqual([]); // a contribution has no sourced facts (yet)
    expect(seen.moderation).toBeNull();
    expect(seen.products).toEqual([expect.objectContaining({ productId: ids.product, verified: true })]);
    expect((await json<{ alternatives: { name: string }[] }>(`/api/v1/products/${ids.product}`, reader)).alternatives.map((a) => a.name)).toEqual(['Frikommune Sag']);
    expect((await json<{ items: { name: string }[] }>(`/api/v1/alternatives?product=${ids.product}`, reader)).items.map((a) => a.name)).toEqual(['Frikommune Sag']);

    // Rejecting the architect's proposal hides it again, with the note for its author.
    const other = (await json<{ items: { id: number }[] }>('/api/v1/alternatives?q=arkitektens', moderator)).items[0]!;
    await json(`/api/v1/alternatives/${other.id}/moderation`, moderator, { method: 'POST', body: { decision: 'reject', note: 'Findes ikke' } });
    expect((await request(`/api/v1/alternatives/${other.id}`, reader)).status).toBe(404);
    const own = await json<{ moderationState: string; moderation: { note: string } }>(`/api/v1/alternatives/${other.id}`, architect);
    expect(own).toMatchObject({ moderationState: 'rejected', moderation: { note: 'Findes ikke' } });
  });

  it('shows where each fact of a catalogue entry comes from: the sourced facts grouped by fact, each with its source, date and verified flag', async () => {
    type Group = { fact: string; values: { value: string; qualifiers: Record<string, string>; source: string; sourceDate: string; verified: boolean; note: string | null }[] };
    const entry = await json<{ key: string; facts: Group[] }>(`/api/v1/alternatives/${ids.referenceAlternative}`, reader);
    const file = readCsv(join(REFERENCE_DIR, 'alternative-facts.csv'), alternativeFactRow).filter((f) => f.alternative_key === entry.key);
    expect(file.length).toBeGreaterThan(10);
    // one group per fact, in the closed list's order, holding exactly the file's rows for this entry
    const order = entry.facts.map((g) => ALTERNATIVE_FACTS.indexOf(g.fact as never));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect(order).toEqual([...new Set(order)].sort((a, b) => a - b));
    const line = (fact: string, v: Group['values'][number]) => JSON.stringify([fact, v.value, Object.fromEntries(Object.entries(v.qualifiers).sort()), v.source, v.sourceDate, v.verified, v.note]);
    expect(entry.facts.flatMap((g) => g.values.map((v) => line(g.fact, v))).sort()).toEqual(
      file.map((f) => line(f.fact, { value: f.value, qualifiers: f.qualifiers, source: f.source_url, sourceDate: f.source_date, verified: f.verified, note: f.note })).sort(),
    );
    const group = (fact: string) => entry.facts.find((g) => g.fact === fact)?.values ?? [];
    expect(group('spdx_license')).toEqual([expect.objectContaining({ value: 'MPL-2.0', verified: true, source: expect.stringMatching(/^https:\/\//), sourceDate: '2026-12-07' })]);
    expect(group('export_format')).toContainEqual(expect.objectContaining({ value: 'ODF (ISO/IEC 26300)', verified: true }));
    expect(group('export_format')).toContainEqual(expect.objectContaining({ value: 'PDF', verified: false, note: expect.stringContaining('general knowledge') }));
    expect(group('used_by')).toContainEqual(expect.objectContaining({ value: 'Digitaliseringsministeriet', qualifiers: { country: 'DK' }, verified: true }));
  });

  it('filters and sorts the open-source catalogue', async () => {
    const mpl = await json<{ items: { spdxLicense: string }[] }>('/api/v1/alternatives?license=mpl-2.0&limit=200', reader);
    expect(mpl.items.length).toBeGreaterThan(0);
    expect(mpl.items.every((a) => /\bMPL-2\.0\b/.test(a.spdxLicense))).toBe(true);
    const office = await json<{ items: { categories: string[] }[] }>('/api/v1/alternatives?category=office', reader);
    expect(office.items.every((a) => a.categories.includes('office'))).toBe(true);
    const stable = await json<{ items: { name: string }[] }>('/api/v1/alternatives?developmentStatus=stable&softwareType=standalone/web&limit=500', reader);
    // the reference data's facts (alternative-facts.csv) give many entries both; the filter returns exactly those readers see
    const expected = await ctx.t.handle.db
      .selectFrom('alternatives')
      .select('name')
      .where('development_status', '=', 'stable')
      .where('software_type', '=', 'standalone/web')
      .where('moderation_state', 'in', ['published', 'unverified'])
      .execute();
    expect(stable.items.map((a) => a.name).sort()).toEqual(expected.map((a) => a.name).sort());
    expect(stable.items.map((a) => a.name)).toEqual(expect.arrayContaining(['Frikommune Sag', 'SOGo']));
    const byMaturity = await json<{ items: { ams: number }[]; total: number }>('/api/v1/alternatives?sort=maturity&order=desc&limit=500', reader);
    const ams = byMaturity.items.map((a) => a.ams);
    expect(ams).toEqual([...ams].sort((a, b) => b - a));
    expect(byMaturity.total).toBe(byMaturity.items.length);
    const updated = await json<{ items: { name: string }[] }>('/api/v1/alternatives?sort=updated&order=desc&limit=1', reader);
    expect(updated.items[0]!.name).toBe('Frikommune Sag');
    const csv = await request('/api/v1/alternatives?format=csv&delimiter=comma&lang=en&q=frikommune', reader);
    expect((await csv.text()).replace(/^\uFEFF/, '').split(/\r?\n/)[0]).toMatch(/^Id,Open-source alternative,Website,/);
  });

  it('gives publiccode.yml for an imported entry that reads back the same, and 422 naming what an incomplete one lacks', async () => {
    // A publiccode.yml import stores localisation and the description blocks (a da-DK block is Danish).
    const file = [
      'publiccodeYmlVersion: "0"',
      'name: Frikommune Journal',
      'url: "https://github.com/frikommune/journal.git"',
      'landingURL: "https://frikommune.example/journal"',
      'platforms: [web, linux]',
      'categories: [document-management]',
      'developmentStatus: stable',
      'softwareType: "standalone/web"',
      'description:',
      '  da-DK:',
      '    shortDescription: Et åbent journalsystem til kommuner.',
      `    longDescription: "${LONG_DA}"`,
      '    features: [Journalisering, Arkivering]',
      'legal:',
      '  license: MPL-2.0',
      'maintenance:',
      '  type: community',
      '  contacts:',
      '    - name: Frikommune',
      'localisation:',
      '  localisationReady: false',
      '  availableLanguages: [da]',
      '',
    ].join('\n');
    const imported = await importPubliccode(ctx.t.handle.db, { fileName: 'publiccode.yml', bytes: new TextEncoder().encode(file), actor: 'test' });
    expect(imported).toMatchObject({ status: 'committed', errors: [] });
    const row = await ctx.t.handle.db.selectFrom('alternatives').selectAll().where('key', '=', imported.alternativeKey!).executeTakeFirstOrThrow();
    expect([row.localisation_ready, row.available_languages, row.description_da]).toEqual([0, '["da"]', 'Et åbent journalsystem til kommuner.']);
    // The file's contacts are people and are not stored; the steward is the export's contact.
    await ctx.t.handle.db.updateTable('alternatives').set({ steward_vendor_id: ids.into }).where('id', '=', row.id).execute();
    await json(`/api/v1/alternatives/${row.id}/moderation`, moderator, { method: 'POST', body: { decision: 'publish' } });
    expect((await json<{ localisation: unknown }>(`/api/v1/alternatives/${row.id}`, reader)).localisation).toEqual({ ready: false, languages: ['da'] });
    // LibreOffice Writer's localisation comes from alternative-facts.csv (localisation_ready, available_language)
    expect((await json<{ localisation: unknown }>(`/api/v1/alternatives/${ids.referenceAlternative}`, reader)).localisation).toEqual({ ready: true, languages: ['da', 'en'] });
    const res = await request(`/api/v1/alternatives/${row.id}/publiccode.yml`, reader);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/yaml/);
    const back = parsePubliccode(await res.text());
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(back.entry).toMatchObject({
      name: 'Frikommune Journal',
      repository_url: 'https://github.com/frikommune/journal.git',
      landing_url: 'https://frikommune.example/journal',
      spdx_license: 'MPL-2.0',
      maintenance_type: 'community',
      localisation_ready: false,
      available_languages: ['da'],
      description_da: 'Et åbent journalsystem til kommuner.',
    });
    expect(back.entry!.description['da-DK']).toMatchObject({ long_description: LONG_DA, features: ['Journalisering', 'Arkivering'] });

    // A contribution that states features and localisation exports as it is; the English text
    // has no features, so only the Danish block is written (with a short description cut at 150).
    const stated = await json<{ id: number }>(
      '/api/v1/alternatives',
      contributor,
      { method: 'POST', body: { ...completeProposal('Frikommune Arkiv'), stewardVendorId: ids.into, featuresDa: ['Journalisering', 'Arkivering'], localisationReady: true, availableLanguages: ['da', 'en'] } },
      201,
    );
    await json(`/api/v1/alternatives/${stated.id}/moderation`, moderator, { method: 'POST', body: { decision: 'publish' } });
    const statedFile = await request(`/api/v1/alternatives/${stated.id}/publiccode.yml`, reader);
    expect(statedFile.status).toBe(200);
    const statedBack = parsePubliccode(await statedFile.text());
    expect(statedBack.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(statedBack.entry).toMatchObject({ name: 'Frikommune Arkiv', maintenance_type: 'community', localisation_ready: true, available_languages: ['da', 'en'], description_en: null });
    expect(statedBack.entry!.description.da).toMatchObject({ long_description: LONG_DA, features: ['Journalisering', 'Arkivering'] });
    expect([...statedBack.entry!.description.da!.short_description!].length).toBeLessThanOrEqual(150);
    await json('/api/v1/alternatives', contributor, { method: 'POST', body: { ...completeProposal('Frikommune Fejl'), featuresEn: [' '], availableLanguages: ['en_GB'] } }, 400);

    // Without features (and without localisation unless the query gives it) the export names what
    // the standard requires instead of writing a file it refuses.
    const created = await json<{ id: number }>('/api/v1/alternatives', contributor, { method: 'POST', body: { ...completeProposal('Frikommune Uden'), stewardVendorId: ids.into } }, 201);
    await json(`/api/v1/alternatives/${created.id}/moderation`, moderator, { method: 'POST', body: { decision: 'publish' } });
    const withQuery = await json<{ errors: { field: string }[] }>(`/api/v1/alternatives/${created.id}/publiccode.yml?localisationReady=true&availableLanguages=da,en`, reader, {}, 422);
    expect(withQuery.errors.map((e) => e.field)).toEqual(['description']);
    const missing = await json<{ status: number; errors: { field: string }[] }>(`/api/v1/alternatives/${created.id}/publiccode.yml`, reader, {}, 422);
    expect(missing.errors.map((e) => e.field)).toEqual(['description', 'localisation.localisationReady', 'localisation.availableLanguages']);
    // A published reference alternative exports from its sourced facts alone (alternative-facts.csv):
    // description blocks composed from the facts, localisation from localisation_ready and
    // available_language, and the steward as the maintenance contact.
    const reference = await request(`/api/v1/alternatives/${ids.referenceAlternative}/publiccode.yml`, reader);
    const referenceText = await reference.text();
    expect(reference.status, referenceText).toBe(200);
    const parsed = parsePubliccode(referenceText);
    expect(parsed.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(parsed.entry!.name).toBe('LibreOffice Writer');
    expect(parsed.entry!.description.da!.features).toContain('Tekstbehandling');
    expect(parsed.entry!.description.en!.features).toContain('Word processing');
  });

  it('exports the published OS2mo, once its publiccode.yml is imported, with its contractors, and it reads back the same', async () => {
    const bytes = new Uint8Array(readFileSync(`${FIXTURES}os2mo.publiccode.yml`));
    const imported = await importPubliccode(ctx.t.handle.db, { fileName: 'os2mo.publiccode.yml', bytes, actor: 'test' });
    expect(imported.status).toBe('committed');
    const original = parsePubliccode(bytes).entry!;
    // OS2mo is a published reference row: the import fills in what the reference data lacked.
    const row = await ctx.t.handle.db.selectFrom('alternatives').select(['id', 'moderation_state']).where('key', '=', imported.alternativeKey!).executeTakeFirstOrThrow();
    expect(row.moderation_state).toBe('published');
    const id = row.id;
    const res = await request(`/api/v1/alternatives/${id}/publiccode.yml`, reader);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const back = parsePubliccode(text);
    expect(back.issues.filter((i) => i.severity === 'error')).toEqual([]);
    for (const key of ['name', 'repository_url', 'software_type', 'development_status', 'spdx_license', 'maintenance_type', 'maintenance_contractors', 'platforms', 'localisation_ready', 'available_languages', 'description_da', 'description_en'] as const)
      expect(back.entry![key], key).toEqual(original[key]);
    expect(back.entry!.description.da!.features).toEqual(original.description.da!.features);
  });

  it('moderates experience reports the same way', async () => {
    const alt = (await json<{ items: { id: number }[] }>('/api/v1/alternatives?q=frikommune%20sag', reader)).items[0]!.id;
    await json(`/api/v1/alternatives/${alt}/experience-reports`, contributor, { method: 'POST', body: { title: 'Godt', body: 'Virker', municipalityCode: 147 } }, 403);
    const report = await json<{ id: number; moderationState: string; author: string; municipality: string | null }>(
      `/api/v1/alternatives/${alt}/experience-reports`,
      architect,
      { method: 'POST', body: { title: 'Et år med Frikommune Sag', body: 'Migreringen tog tre måneder.', rating: 4, municipalityCode: 147 } },
      201,
    );
    expect(report).toMatchObject({ moderationState: 'pending', author: architect.email, municipality: 'Frederiksberg' });
    const proposed = await auditRows('experience_report.propose');
    expect(proposed).toEqual([expect.objectContaining({ actor: architect.email, entity_id: String(report.id), municipality_code: 147 })]);

    const titles = async (who: SignedInClient) => (await json<{ items: { title: string }[] }>(`/api/v1/alternatives/${alt}/experience-reports`, who)).items.map((r) => r.title);
    expect(await titles(reader)).toEqual([]);
    expect(await titles(architect)).toEqual(['Et år med Frikommune Sag']);
    expect(await titles(moderator)).toEqual(['Et år med Frikommune Sag']);
    const queue = await json<{ experienceReports: { items: { id: number }[]; total: number } }>('/api/v1/moderation/queue', moderator);
    expect(queue.experienceReports.items.map((r) => r.id)).toEqual([report.id]);

    expect((await request(`/api/v1/experience-reports/${report.id}/moderation`, architect, { method: 'POST', body: { decision: 'publish' } })).status).toBe(403);
    expect(await auditRows('experience_report.moderate')).toEqual([]);
    await json(`/api/v1/experience-reports/${report.id}/moderation`, moderator, { method: 'POST', body: { decision: 'publish' } });
    expect(await auditRows('experience_report.moderate')).toHaveLength(1);
    expect(await titles(reader)).toEqual(['Et år med Frikommune Sag']);
    expect((await json<{ experienceReportCount: number }>(`/api/v1/alternatives/${alt}`, reader)).experienceReportCount).toBe(1);
    expect((await json<{ experienceReports: { total: number } }>('/api/v1/moderation/queue', moderator)).experienceReports.total).toBe(0);
  });
});
