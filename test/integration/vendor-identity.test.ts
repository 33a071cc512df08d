// Issue #12, vendor identity: a CVR is identity only when valid; a name and a CVR that disagree
// match nothing; subsidiaries and services reach their group; resellers are known as such; and
// a vendor an import creates stays local to that municipality until a moderator reviews it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import writeXlsxFile from 'write-excel-file/node';
import { importFile } from '../../server/src/services/import-file.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signInAs, type SignedInClient } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';

const FILE = [
  'Systemnavn;Lokalt ID;Leverandør;Rettighedshaver;Hostet hos;Dataplacering',
  'Virtualisering;S1;VMware (00000000);VMware (00000000);;',
  'Kortværktøj;S2;Esri Inc (00000000);Esri Inc (00000000);;',
  'Fremmed Løsning;S3;Ukendt Udenlandsk Firma Ltd (00000000);;;',
  'Anden Fremmed Løsning;S4;Andet Udenlandsk Firma Inc (00000000);;;',
  'Uenig Sag;S5;Adobe Inc. (26911745);;;',
  'Kontorpakke Sky;S6;Atea A/S (25511484);Microsoft Ireland Operations Ltd;Microsoft Azure (EU);',
  'Videomøder;S7;Zoom (US);Zoom (US);Microsoft Azure (EU);Danmark',
].join('\n');

describe.each(databaseKinds)('vendor identity on %s', (kind) => {
  let ctx: TestApp;
  let architectA: SignedInClient;
  let architectB: SignedInClient;
  let leaderA: SignedInClient;
  let reader: SignedInClient;
  let moderator: SignedInClient;
  let first: Awaited<ReturnType<typeof importFile>>;

  const get = async <T>(path: string, who: SignedInClient, status = 200): Promise<T> => {
    const res = await ctx.app.request(path, { headers: who.read });
    expect(res.status, `${path}: ${status}`).toBe(status);
    return (await res.json()) as T;
  };
  const post = async <T>(path: string, who: SignedInClient, body: unknown, status = 200): Promise<T> => {
    const res = await ctx.app.request(path, { method: 'POST', headers: { ...who.write, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBe(status);
    return (await res.json()) as T;
  };
  const importAs = (code: number, fileName = 'systemer.csv') => importFile(ctx.t.handle.db, { municipalityCode: code, fileName, source: new TextEncoder().encode(FILE), actor: 'test' });
  const vendorNamed = (name: string, code: number | null) => {
    const q = ctx.t.handle.db.selectFrom('vendors').selectAll().where('name', '=', name);
    return (code == null ? q.where('local_to_municipality', 'is', null) : q.where('local_to_municipality', '=', code)).executeTakeFirst();
  };
  type Usage = { localId: string; supplierId: number; supplier: string; supplierRoleKind: string | null; hostedBy: string | null; rightsHolder: { name: string; cvr: string | null; country: string | null; ultimateParent: { name: string; country: string | null } | null } | null };
  const usages = async (code: number) => (await get<{ items: Usage[] }>(`/api/v1/usages?municipality=${code}&limit=50`, architectA)).items;

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    architectA = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    leaderA = await signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }]);
    architectB = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    reader = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
    moderator = await signInAs(ctx, [{ role: 'moderator', municipalityCode: null }]);
    const res = await ctx.app.request('/api/v1/municipalities/147/settings', { method: 'PUT', headers: { ...leaderA.write, 'content-type': 'application/json' }, body: JSON.stringify({ inventoryVisibility: 'own_municipality' }) });
    expect(res.status).toBe(200);
    first = await importAs(147);
  });
  afterAll(async () => ctx.t.drop());

  it('never matches on a placeholder CVR: two foreign companies stay two vendors, and the warnings name the rows', async () => {
    expect(first.status).toBe('committed');
    const placeholders = first.warnings.filter((w) => w.code === 'placeholder-cvr');
    expect(placeholders.map((w) => [w.file, w.line, w.column])).toEqual(
      expect.arrayContaining([
        ['systemer.csv', 2, 'Leverandør'],
        ['systemer.csv', 3, 'Leverandør'],
        ['systemer.csv', 4, 'Leverandør'],
        ['systemer.csv', 5, 'Leverandør'],
      ]),
    );
    const one = await vendorNamed('Ukendt Udenlandsk Firma Ltd', 147);
    const other = await vendorNamed('Andet Udenlandsk Firma Inc', 147);
    expect(one).toMatchObject({ cvr: null, cvr_as_written: '00000000', verified: 0, country: null });
    expect(other).toMatchObject({ cvr: null, cvr_as_written: '00000000' });
    expect(one!.id).not.toBe(other!.id);
    expect(one!.notes).toContain('00000000');
    expect(await ctx.t.handle.db.selectFrom('vendors').select('id').where('cvr', '=', '00000000').execute()).toEqual([]);
    // The names still find the right groups: VMware under Broadcom, Esri as itself (US).
    const rows = await usages(147);
    const s1 = rows.find((u) => u.localId === 'S1')!;
    expect(s1.rightsHolder).toMatchObject({ name: 'VMware LLC', ultimateParent: { name: 'Broadcom Inc.', country: 'US' } });
    expect(rows.find((u) => u.localId === 'S2')!.supplier).toBe('Environmental Systems Research Institute, Inc.');
  });

  it('matches nothing when the name and a valid CVR point to different vendors, and warns', async () => {
    const conflict = first.warnings.find((w) => w.code === 'vendor-name-cvr-conflict');
    expect(conflict).toMatchObject({ file: 'systemer.csv', line: 6, column: 'Leverandør', value: 'Adobe Inc. (26911745)' });
    expect(conflict!.message.en).toMatch(/Adobe Inc\..*KMD A\/S/);
    const s5 = (await usages(147)).find((u) => u.localId === 'S5')!;
    expect(s5.supplier).toBe('Adobe Inc.');
    const vendor = await ctx.t.handle.db.selectFrom('vendors').selectAll().where('id', '=', s5.supplierId).executeTakeFirstOrThrow();
    expect(vendor).toMatchObject({ key: null, local_to_municipality: 147, cvr: null, cvr_as_written: '26911745', verified: 0 });
  });

  it('reads subsidiaries, services and (US)/(EU) suffixes into their group; a reseller is known as one', async () => {
    const rows = await usages(147);
    const office = rows.find((u) => u.localId === 'S6')!;
    expect(office.supplier).toBe('Atea A/S');
    expect(office.supplierRoleKind).toBe('reseller');
    expect(office.rightsHolder).toEqual({
      id: expect.any(Number),
      name: 'Microsoft Ireland Operations Limited',
      cvr: null,
      country: 'IE',
      roleKind: 'rights_holder',
      ultimateParent: { name: 'Microsoft Corporation', country: 'US' },
    });
    expect(office.hostedBy).toBe('Microsoft Corporation');
    const zoom = rows.find((u) => u.localId === 'S7')!;
    expect(zoom.supplier).toBe('Zoom Video Communications, Inc.');
    // The EU hint fills a missing data location, inferred and reported; the file's own value wins.
    const stored = await ctx.t.handle.db.selectFrom('system_usages').select(['local_id', 'data_location', 'provenance']).where('municipality_code', '=', 147).where('local_id', 'in', ['S6', 'S7']).orderBy('local_id').execute();
    expect(stored.map((u) => [u.local_id, u.data_location, JSON.parse(u.provenance).data_location ?? 'declared'])).toEqual([
      ['S6', 'eu', 'inferred'],
      ['S7', 'dk', 'declared'],
    ]);
    expect(first.warnings.filter((w) => w.code === 'data-location-from-hint').map((w) => [w.line, w.column])).toEqual([[7, 'Hostet hos']]);
    // No vendor was created for Zoom, Azure, Atea or the Microsoft subsidiary.
    expect(first.vendorsCreated.map((v) => v.name).sort()).toEqual(['Adobe Inc.', 'Andet Udenlandsk Firma Inc', 'Ukendt Udenlandsk Firma Ltd']);
    expect(first.vendorsCreated.every((v) => v.localTo === 147)).toBe(true);
    const atea = await get<{ items: { name: string; roleKind: string }[] }>('/api/v1/vendors?roleKind=reseller&limit=50', reader);
    expect(atea.items.map((v) => v.name)).toEqual(expect.arrayContaining(['Atea A/S', 'Crayon Group Holding ASA']));
  });

  it('shows a local vendor only to those who may read its municipality, never nationally', async () => {
    const local = (await vendorNamed('Ukendt Udenlandsk Firma Ltd', 147))!;
    const names = async (who: SignedInClient) => (await get<{ items: { name: string }[] }>('/api/v1/vendors?q=udenlandsk&limit=50', who)).items.map((v) => v.name);
    expect(await names(architectA)).toEqual(['Andet Udenlandsk Firma Inc', 'Ukendt Udenlandsk Firma Ltd']);
    expect(await names(architectB)).toEqual([]);
    expect(await names(reader)).toEqual([]);
    await get(`/api/v1/vendors/${local.id}`, architectB, 404);
    await get(`/api/v1/vendors/${local.id}`, reader, 404);
    expect(await get<{ localToMunicipality: number | null }>(`/api/v1/vendors/${local.id}`, architectA)).toMatchObject({ localToMunicipality: 147, cvrAsWritten: '00000000' });
    // Another municipality's import of the same file creates its own, never matching 147's.
    const b = await importAs(101);
    expect(b.status).toBe('committed');
    const own = (await vendorNamed('Ukendt Udenlandsk Firma Ltd', 101))!;
    expect(own.id).not.toBe(local.id);
    expect(await names(architectB)).toEqual(['Andet Udenlandsk Firma Inc', 'Ukendt Udenlandsk Firma Ltd']);
    expect(await names(reader)).toEqual([]);
  });

  it('re-importing the same file is unchanged and changes no vendor identity', async () => {
    const before = await ctx.t.handle.db.selectFrom('vendors').select(['id', 'name', 'cvr', 'local_to_municipality']).orderBy('id').execute();
    const usagesBefore = await usages(147);
    const again = await importAs(147);
    expect(again.status).toBe('unchanged');
    expect(again.warnings.filter((w) => w.code === 'vendor-name-cvr-conflict')).toHaveLength(1);
    expect(await ctx.t.handle.db.selectFrom('vendors').select(['id', 'name', 'cvr', 'local_to_municipality']).orderBy('id').execute()).toEqual(before);
    expect(await usages(147)).toEqual(usagesBefore);
    // The same content as .xlsx: unchanged too, no vendor moves (on main the placeholder CVR moved them).
    const sheet = FILE.split('\n').map((line) => line.split(';').map((cell) => (cell === '' ? null : { value: cell, type: String })));
    const xlsx = new Uint8Array(await writeXlsxFile(sheet as never, {} as never).toBuffer());
    const asXlsx = await importFile(ctx.t.handle.db, { municipalityCode: 147, fileName: 'systemer.xlsx', source: xlsx, actor: 'test' });
    expect(asXlsx.status).toBe('unchanged');
    expect(await ctx.t.handle.db.selectFrom('vendors').select(['id', 'name', 'cvr', 'local_to_municipality']).orderBy('id').execute()).toEqual(before);
  });

  it('lists unreviewed vendors for moderators, who adopt one into the shared catalogue or merge it', async () => {
    await get('/api/v1/moderation/vendors', architectA, 403);
    const queue = await get<{ items: { id: number; name: string; municipalityCode: number; cvrAsWritten: string | null }[]; total: number }>('/api/v1/moderation/vendors?limit=50', moderator);
    expect(queue.items.filter((v) => v.municipalityCode === 147).map((v) => v.name).sort()).toEqual(['Adobe Inc.', 'Andet Udenlandsk Firma Inc', 'Ukendt Udenlandsk Firma Ltd']);
    const inQueue = await get<{ vendors: { total: number } }>('/api/v1/moderation/queue', moderator);
    expect(inQueue.vendors.total).toBe(queue.total);

    const a = (await vendorNamed('Ukendt Udenlandsk Firma Ltd', 147))!;
    const b = (await vendorNamed('Ukendt Udenlandsk Firma Ltd', 101))!;
    await post(`/api/v1/vendors/${a.id}/review`, architectA, { decision: 'adopt' }, 403);
    const adopted = await post<{ decision: string; vendor: { localToMunicipality: number | null } }>(`/api/v1/vendors/${a.id}/review`, moderator, { decision: 'adopt' });
    expect(adopted).toMatchObject({ decision: 'adopt', vendor: { localToMunicipality: null } });
    expect((await get<{ items: { name: string }[] }>('/api/v1/vendors?q=ukendt', reader)).items.map((v) => v.name)).toEqual(['Ukendt Udenlandsk Firma Ltd']);
    // 101's copy cannot be adopted beside it: it is merged into the shared one.
    await post(`/api/v1/vendors/${b.id}/review`, moderator, { decision: 'adopt' }, 409);
    const merged = await post<{ decision: string; vendor: { id: number } }>(`/api/v1/vendors/${b.id}/review`, moderator, { decision: 'merge', into: a.id });
    expect(merged).toMatchObject({ decision: 'merge', vendor: { id: a.id } });
    const usage101 = await ctx.t.handle.db.selectFrom('system_usages as u').innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id').select('u.supplier_vendor_id').where('u.municipality_code', '=', 101).where('u.local_id', '=', 'S3').executeTakeFirstOrThrow();
    expect(usage101.supplier_vendor_id).toBe(a.id);
    // The name/CVR disagreement: adopting beside Adobe is refused; merging into Adobe resolves it.
    const disputed = (await vendorNamed('Adobe Inc.', 147))!;
    await post(`/api/v1/vendors/${disputed.id}/review`, moderator, { decision: 'adopt' }, 409);
    const adobe = (await ctx.t.handle.db.selectFrom('vendors').select('id').where('key', '=', 'adobe').executeTakeFirstOrThrow()).id;
    await post(`/api/v1/vendors/${disputed.id}/review`, moderator, { decision: 'merge', into: adobe });
    await post(`/api/v1/vendors/${adobe}/review`, moderator, { decision: 'adopt' }, 409);
    const audit = await ctx.t.handle.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', 'in', ['vendor.adopt', 'vendor.merge']).orderBy('id').execute();
    expect(audit.map((r) => r.action)).toEqual(['vendor.adopt', 'vendor.merge', 'vendor.merge']);
  });
});
