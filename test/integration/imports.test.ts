import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../server/src/db/schema.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { importPubliccode } from '../../server/src/services/import-publiccode.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';

const FIXTURES = join(process.cwd(), 'test/fixtures/importers');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

/** Every inventory table (import runs aside, which record every attempt by design), for before/after comparison. */
async function inventoryDump(db: Kysely<Database>) {
  const out: Record<string, string[]> = {};
  for (const t of ['inventory_versions', 'current_inventory', 'system_usages', 'contracts', 'contract_usages', 'integrations', 'usage_scores', 'municipality_scores', 'national_scores', 'vendors', 'products'] as const) {
    out[t] = ((await db.selectFrom(t).selectAll().execute()) as object[]).map((r) => JSON.stringify(r)).sort();
  }
  return out;
}

function upload(name: string, bytes: Uint8Array, fields: Record<string, string> = {}): FormData {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}

describe.each(databaseKinds)('importing inventory files on %s', (kind) => {
  let ctx: TestApp;
  let db: Kysely<Database>;
  let architect: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    db = ctx.t.handle.db;
    architect = await signInAs(ctx, [101, 147, 151].map((code) => ({ role: 'architect' as const, municipalityCode: code })));
  });
  afterAll(async () => ctx.t.drop());

  const post = (code: number, form: FormData, lang = 'da') => ctx.app.request(`/api/v1/municipalities/${code}/imports`, { method: 'POST', body: form, headers: { ...architect.write, 'accept-language': lang } });

  it('refuses a broken file whole, explains every error with line, column and value, and changes no inventory data', async () => {
    const before = await inventoryDump(db);
    const res = await post(101, upload('broken-usages.csv', fixture('broken-usages.csv')), 'en');
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await res.json()) as { title: string; errors: { line: number; column: string; value: string; message: { da: string; en: string } }[]; report: { importRunId: number } };
    expect(problem.title).toBe('The file was refused');
    expect(problem.errors).toContainEqual(expect.objectContaining({ line: 2, column: 'Ibrugtagningsdato', value: '31-02-2025' }));
    for (const e of problem.errors) {
      expect(e.line).toBeGreaterThan(0);
      expect(e.message.da.length).toBeGreaterThan(0);
      expect(e.message.en.length).toBeGreaterThan(0);
    }
    expect(await inventoryDump(db)).toEqual(before);
    const run = await ctx.app.request(`/api/v1/municipalities/101/imports/${problem.report.importRunId}`, { headers: architect.read });
    expect(await run.json()).toMatchObject({ status: 'refused', fileName: 'broken-usages.csv', rows: { accepted: 0 } });
  });

  it('imports a KITOS export, then its contracts file, linking contracts to the systems', async () => {
    const res = await post(101, upload('kitos-systems-new.csv', fixture('kitos-systems-new.csv')));
    expect(res.status).toBe(201);
    const report = (await res.json()) as { status: string; rows: { read: number; accepted: number }; meta: { profile: string; encoding: string; delimiter: string }; warnings: unknown[]; vendorsCreated: unknown[] };
    expect(report).toMatchObject({ status: 'committed', rows: { read: 5, accepted: 5 }, meta: { profile: 'kitos-systems', encoding: 'utf-8-bom', delimiter: ';' } });
    expect(report.warnings.length).toBeGreaterThan(0);
    expect(report.vendorsCreated.length).toBeGreaterThan(0);

    const contracts = await post(101, upload('kitos-contracts-new.csv', fixture('kitos-contracts-new.csv')));
    expect(contracts.status).toBe(201);
    // The run counts the contract file's rows, not the usages carried over into the new version.
    const contractReport = (await contracts.json()) as { importRunId: number; rows: { read: number; accepted: number } };
    const contractRun = (await (await ctx.app.request(`/api/v1/municipalities/101/imports/${contractReport.importRunId}`, { headers: architect.read })).json()) as { rows: { read: number; accepted: number } };
    expect(contractRun.rows).toMatchObject({ read: contractReport.rows.read, accepted: contractReport.rows.accepted });
    expect(contractRun.rows.accepted).toBeLessThanOrEqual(contractRun.rows.read);
    const version = await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 101).executeTakeFirstOrThrow();
    const links = await db
      .selectFrom('contract_usages as cu')
      .innerJoin('contracts as c', 'c.id', 'cu.contract_id')
      .innerJoin('system_usages as u', 'u.id', 'cu.usage_id')
      .innerJoin('products as p', 'p.id', 'u.product_id')
      .select(['c.name', 'p.name as product', 'c.valid_to', 'c.notice_months'])
      .where('c.inventory_version_id', '=', version.inventory_version_id)
      .execute();
    expect(links).toContainEqual({ name: 'ESDH-kontrakt 2016', product: 'Sagsstyring Plus', valid_to: '2026-02-28', notice_months: 6 });
    // the usages were carried over, and the new version is scored
    expect(await db.selectFrom('system_usages').select('id').where('inventory_version_id', '=', version.inventory_version_id).execute()).toHaveLength(5);
    const score = await ctx.app.request('/api/v1/municipalities/101/score', { headers: architect.read });
    expect(score.status).toBe(200);
  });

  it('says "unchanged" for the same file again and writes no new version', async () => {
    const versions = await db.selectFrom('inventory_versions').select('id').where('municipality_code', '=', 101).execute();
    const res = await post(101, upload('kitos-contracts-new.csv', fixture('kitos-contracts-new.csv')));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'unchanged' });
    expect(await db.selectFrom('inventory_versions').select('id').where('municipality_code', '=', 101).execute()).toEqual(versions);
  });

  it('previews a file in a dry run without writing it', async () => {
    const before = await inventoryDump(db);
    const res = await post(147, upload('generic-english.csv', fixture('generic-english.csv'), { dryRun: 'true' }));
    expect(res.status).toBe(200);
    const r = (await res.json()) as { status: string; preview: { product_name: string }[]; meta: { columns: { source: string; target: string | null }[] } };
    expect(r.status).toBe('dry_run');
    expect(r.preview.length).toBeGreaterThan(0);
    expect(r.meta.columns.some((c) => c.target === 'system_name')).toBe(true);
    expect(await inventoryDump(db)).toEqual(before);
  });

  it('with onError=skip writes the valid rows and reports the skipped ones', async () => {
    const csv = 'Systemnavn;Leverandør;Ibrugtagningsdato\nGod Løsning;KMD A/S;01-02-2020\nDårlig Dato;KMD A/S;31-02-2025\nAnden Løsning;EG A/S;2021-05-01\n';
    const res = await post(151, upload('blandet.csv', new TextEncoder().encode(csv), { onError: 'skip' }));
    expect(res.status).toBe(201);
    const r = (await res.json()) as { rows: { read: number; accepted: number; rejected: number }; errors: { line: number; column: string }[] };
    expect(r.rows).toEqual({ read: 3, accepted: 2, rejected: 1 });
    expect(r.errors).toEqual([expect.objectContaining({ line: 3, column: 'Ibrugtagningsdato' })]);
    const listed = await ctx.app.request('/api/v1/municipalities/151/systems', { headers: architect.read });
    expect(((await listed.json()) as { total: number }).total).toBe(2);
  });

  it('compares the versions two imports made and rolls back through the API', async () => {
    const runs = (await (await ctx.app.request('/api/v1/municipalities/101/imports', { headers: architect.read })).json()) as { items: { id: number; status: string }[] };
    const committed = runs.items.filter((r) => r.status === 'committed').map((r) => r.id).sort((a, b) => a - b);
    const diff = await ctx.app.request(`/api/v1/municipalities/101/imports/${committed[0]}/diff/${committed[1]}`, { headers: architect.read });
    expect(await diff.json()).toMatchObject({ added: [], removed: [], unchanged: 5 });
    const rb = await ctx.app.request(`/api/v1/municipalities/101/imports/${committed[0]}/rollback`, { method: 'POST', headers: architect.write });
    expect(rb.status).toBe(200);
    const view = (await (await ctx.app.request('/api/v1/municipalities/101/score', { headers: architect.read })).json()) as { inventoryVersionId: number };
    expect(view.inventoryVersionId).toBe(((await rb.json()) as { inventoryVersionId: number }).inventoryVersionId);
  });

  it('serves a template per profile that imports cleanly as it is', async () => {
    for (const profile of ['kitos-systems', 'generic']) {
      const res = await ctx.app.request(`/api/v1/import-templates/${profile}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toMatch(/attachment; filename=".+\.csv"/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const r = await importFile(db, { municipalityCode: 155, fileName: `${profile}.csv`, source: bytes, actor: 't', dryRun: true });
      expect(r.errors).toEqual([]);
      expect(r.status).toBe('dry_run');
    }
    expect((await ctx.app.request('/api/v1/import-templates/nope')).status).toBe(400);
  });

  it('refuses an upload without a file, and an oversize one', async () => {
    const res = await ctx.app.request('/api/v1/municipalities/101/imports', { method: 'POST', body: new FormData(), headers: architect.write });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ errors: [expect.objectContaining({ field: 'file' })] });
    const report = await importFile(db, { municipalityCode: 101, fileName: 'stor.csv', source: new Uint8Array(2048), actor: 't', maxBytes: 1024 });
    expect(report.status).toBe('refused');
    expect(report.errors[0]).toMatchObject({ code: 'file-too-large' });
  });

  it('never writes inventory data when a mutated file is refused, and always says where', async () => {
    const good = fixture('kitos-systems-new.csv');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: good.length - 1 }), fc.constantFrom('"', ';', '\n', '\u0000', '31-02-2025', ''), async (at, inject) => {
        const bytes = Buffer.concat([good.subarray(0, at), Buffer.from(inject), good.subarray(at + 1)]);
        const before = await inventoryDump(db);
        const r = await importFile(db, { municipalityCode: 153, fileName: 'mutated.csv', source: bytes, actor: 'property' });
        if (r.status === 'refused') {
          expect(await inventoryDump(db)).toEqual(before);
          for (const e of r.errors) expect(e.line != null || ['file-too-large', 'empty-file', 'no-header', 'missing-column', 'unreadable-file'].includes(e.code)).toBe(true);
        } else expect(r.errors).toEqual([]);
      }),
      { numRuns: kind === 'sqlite' ? 40 : 15 },
    );
  });
});

describe.each(databaseKinds)('importing publiccode.yml into the catalogue on %s', (kind) => {
  let ctx: TestApp;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
  });
  afterAll(async () => ctx.t.drop());

  it('updates the catalogue entry (keeping its moderation state), and refuses a broken file naming the key', async () => {
    const db = ctx.t.handle.db;
    const prior = await db.selectFrom('alternatives').select('moderation_state').where('key', '=', 'os2mo').executeTakeFirstOrThrow();
    const ok = await importPubliccode(db, { fileName: 'os2mo.publiccode.yml', bytes: fixture('os2mo.publiccode.yml'), actor: 'test' });
    expect(ok).toMatchObject({ status: 'committed', alternativeKey: 'os2mo', errors: [] });
    const row = await db.selectFrom('alternatives').selectAll().where('key', '=', 'os2mo').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ name: 'OS2mo', moderation_state: prior.moderation_state, software_type: 'standalone/backend' });
    expect(row.spdx_license).toMatch(/MPL-2\.0/);
    expect(row.description_da).toBeTruthy();

    const before = await db.selectFrom('alternatives').select('key').execute();
    const broken = await importPubliccode(db, { fileName: 'broken.publiccode.yml', bytes: fixture('broken.publiccode.yml'), actor: 'test' });
    expect(broken.status).toBe('refused');
    expect(broken.errors.length).toBeGreaterThan(0);
    for (const e of broken.errors) expect(e.column ?? e.line).toBeTruthy();
    expect(await db.selectFrom('alternatives').select('key').execute()).toEqual(before);
  });
});
