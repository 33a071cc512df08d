// The inventory lists over real HTTP: paging, filters, sorting and the roles for usages,
// contracts, integrations and municipal scores; CSV and XLSX downloads with neutralised hostile
// cells; and the deadline calendar behind its secret link.
import { label } from '../../server/src/domain/labels.ts';
import { categoryName } from '../../server/src/domain/categories.ts';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords, type InventoryRecordsInput } from '../../server/src/domain/inventory.ts';
import { municipalitySettings, saveMunicipalitySettings } from '../../server/src/repositories/municipalities.repository.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const microsoft = { name: 'Microsoft Corporation', cvr: null };
const netcompany = { name: 'Netcompany A/S', cvr: null };

/** Frederiksberg (147): a real import, so the database is out of demo mode. */
const inventory147: InventoryRecordsInput = {
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', local_name: 'ESDH', local_id: 'S1', supplier: netcompany, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical' }),
    aUsage({ product_name: 'Microsoft 365 (suite)', local_id: 'S2', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical' }),
    aUsage({ product_name: 'KMD Opus Økonomi', local_name: 'Økonomisystem', local_id: 'S3', supplier: { name: 'KMD A/S', cvr: '26911745' }, hosting_model: 'shared_public', lifecycle: 'phasing_out' }),
    aUsage({ product_name: 'OS2forms', local_id: 'S4', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', criticality: 'medium', lifecycle: 'pilot' }),
    aUsage({ product_name: 'Serviceplatformen', local_name: 'borgerservice', local_id: 'S5', supplier: { name: 'KOMBIT A/S', cvr: null }, hosting_model: 'shared_public' }),
    // The hostile cells of the importer tests, as a municipality could type them (NUL never gets past the importer).
    aUsage({ product_name: 'Notesystem', local_id: 'H1', local_name: '=HYPERLINK("http://x")', lifecycle: 'not_in_use' }),
    aUsage({ product_name: 'Notesystem', local_id: 'H2', local_name: '+45 12', lifecycle: 'not_in_use' }),
    aUsage({ product_name: 'Notesystem', local_id: 'H3', local_name: '-1+1', lifecycle: 'not_in_use' }),
    aUsage({ product_name: 'Notesystem', local_id: 'H4', local_name: '@SUM(A1)', lifecycle: 'not_in_use' }),
    aUsage({ product_name: 'Notesystem', local_id: 'H5', local_name: 'Tabulator', notes: '\t=1+1', lifecycle: 'not_in_use' }),
    aUsage({ product_name: 'Notesystem', local_id: 'H6', local_name: 'Vognretur', notes: '\r=1+1', lifecycle: 'not_in_use' }),
  ],
  contracts: [
    aContract({ name: 'ESDH-kontrakt', external_id: 'K-1', supplier: netcompany, valid_to: '2027-03-31', notice_months: 6, yearly_operation_cost_dkk: 1_200_000, usage_keys: ['id:s1'] }),
    aContract({ name: 'Microsoft EA', external_id: 'K-2', supplier: microsoft, valid_to: '2026-06-30', notice_months: 3, irrevocable_until: '2026-05-01', yearly_operation_cost_dkk: 2_500_000, usage_keys: ['id:s2'] }),
    aContract({ name: 'Opus', external_id: 'K-3', supplier: { name: 'KMD A/S', cvr: '26911745' }, valid_to: null, notice_months: 12, yearly_operation_cost_dkk: null, usage_keys: ['id:s3'] }),
    aContract({ name: 'OS2forms drift', external_id: 'K-4', supplier: { name: 'Magenta ApS', cvr: null }, valid_to: '2028-12-31', notice_months: null, yearly_operation_cost_dkk: 90_000, usage_keys: ['id:s4'] }),
  ],
  integrations: [
    { source_key: 'id:s1', target_key: 'id:s2', kind: 'requires_platform', platform_role: 'identity' },
    { source_key: 'id:s3', target_key: 'id:s1', kind: 'data', direction: 'bidirectional' },
  ],
};

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}
interface UsageItem {
  usageId: number;
  municipalityCode: number;
  name: string;
  localId: string | null;
  supplierId: number | null;
  hostedById: number | null;
  category: string | null;
  lifecycle: string | null;
  hostingModel: string | null;
  band: string | null;
  L: number | null;
  priority: number | null;
}
interface ContractItem {
  externalId: string;
  validTo: string | null;
  noticeDeadline: string | null;
  irrevocableAfterDeadline: boolean;
  systems: string[];
  yearlyCostDkk: number | null;
  supplierId: number | null;
}
interface ScoreItem {
  municipalityCode: number;
  region: string;
  systemCount: number;
  L: number | null;
  bandCounts: Record<string, number>;
}

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '');
/** The VEVENTs of a feed as maps of property name (without parameters) to value. */
function events(ics: string): Map<string, string>[] {
  const out: Map<string, string>[] = [];
  let current: Map<string, string> | null = null;
  let depth = 0;
  for (const line of unfold(ics).split('\r\n')) {
    if (line === 'BEGIN:VEVENT') current = new Map();
    else if (line === 'END:VEVENT') out.push(current!), (current = null);
    else if (line === 'BEGIN:VALARM') depth++;
    else if (line === 'END:VALARM') depth--;
    else if (current && depth === 0) {
      const colon = line.indexOf(':');
      current.set(line.slice(0, colon).split(';')[0]!, line.slice(colon + 1));
    }
  }
  return out;
}

const parseCsv = (text: string, delimiter: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { delimiter, skipEmptyLines: true }).data;

describe.each(databaseKinds)('inventory lists on %s', (kind) => {
  let ctx: TestApp;
  let admin: SignedInClient;
  let reader: SignedInClient;
  let architect101: SignedInClient;
  let leader147: SignedInClient;
  let msId: number;
  let counts: Map<number, number>;

  beforeAll(async () => {
    ctx = await createTestApp(kind, { realCodes: [101, 461] });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records: inventoryRecords.parse(inventory147), kind: 'import', run: aRun() });
    [admin, reader, architect101, leader147] = await Promise.all([
      signInAs(ctx, [{ role: 'admin', municipalityCode: null }]),
      signInAs(ctx, [{ role: 'reader', municipalityCode: null }]),
      signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]),
      signInAs(ctx, [{ role: 'leader', municipalityCode: 147 }]),
    ]);
    msId = (await ctx.t.handle.db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id;
    const rows = await ctx.t.handle.db
      .selectFrom('current_inventory as ci')
      .innerJoin('inventory_versions as v', 'v.id', 'ci.inventory_version_id')
      .select(['ci.municipality_code', 'v.usage_count'])
      .execute();
    counts = new Map(rows.map((r) => [r.municipality_code, r.usage_count]));
  });
  afterAll(async () => ctx.t.drop());

  const request = (path: string, who?: SignedInClient, init: RequestInit = {}) => ctx.app.request(path, { ...init, headers: { ...(who?.read ?? {}), ...(init.headers as Record<string, string> | undefined) } });
  const get = async <T>(path: string, who: SignedInClient = admin): Promise<T> => {
    const res = await request(path, who);
    expect(res.status, `${path}: ${res.status} ${res.status === 200 ? '' : await res.clone().text()}`).toBe(200);
    return (await res.json()) as T;
  };
  const usages147 = async () => (await get<Page<UsageItem>>('/api/v1/usages?municipality=147&limit=100')).items;
  const sum = (...codes: number[]) => codes.reduce((n, c) => n + counts.get(c)!, 0);

  describe('usages', () => {
    it('pages with a total over every readable municipality', async () => {
      const first = await get<Page<UsageItem>>('/api/v1/usages?limit=7');
      expect(first.total).toBe(sum(101, 461, 147));
      expect(first.items).toHaveLength(7);
      expect([first.limit, first.offset]).toEqual([7, 0]);
      const second = await get<Page<UsageItem>>('/api/v1/usages?limit=7&offset=7');
      expect(second.total).toBe(first.total);
      expect(second.items.map((i) => i.usageId)).not.toEqual(expect.arrayContaining([first.items[0]!.usageId]));
      const last = await get<Page<UsageItem>>(`/api/v1/usages?limit=100&offset=${first.total - 3}`);
      expect(last.items).toHaveLength(3);
      const beyond = await get<Page<UsageItem>>(`/api/v1/usages?offset=${first.total}`);
      expect(beyond).toMatchObject({ items: [], total: first.total });
    });

    it('filters by municipality, vendor (supplier or host), category, lifecycle, band, hosting and name', async () => {
      const only147 = await get<Page<UsageItem>>('/api/v1/usages?municipality=147&limit=1000');
      expect(only147.total).toBe(11);
      expect(only147.items.every((i) => i.municipalityCode === 147)).toBe(true);

      const ms = await get<Page<UsageItem>>(`/api/v1/usages?municipality=147&vendor=${msId}`);
      expect(ms.items.map((i) => i.localId).sort()).toEqual(['S1', 'S2']); // S1 is hosted on Azure, S2 supplied by Microsoft
      expect(ms.items.every((i) => i.supplierId === msId || i.hostedById === msId)).toBe(true);

      const category = only147.items.find((i) => i.category !== null)!.category!;
      const byCategory = await get<Page<UsageItem>>(`/api/v1/usages?category=${encodeURIComponent(category)}&limit=1000`);
      expect(byCategory.total).toBeGreaterThan(0);
      expect(byCategory.total).toBeLessThan(sum(101, 461, 147));
      expect(byCategory.items.every((i) => i.category === category)).toBe(true);

      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&lifecycle=pilot')).items.map((i) => i.localId)).toEqual(['S4']);
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&hosting=on_premise')).items.map((i) => i.localId)).toEqual(['S4']);

      const band = only147.items.find((i) => i.localId === 'S1')!.band!;
      const byBand = await get<Page<UsageItem>>(`/api/v1/usages?band=${band}&limit=1000`);
      expect(byBand.items.every((i) => i.band === band)).toBe(true);
      expect(byBand.items.map((i) => i.localId)).toContain('S1');

      // Case-insensitive, Danish letters included; LIKE wildcards are literal.
      for (const q of ['økonomi', 'ØKONOMI', 'Økonomisystem']) {
        expect((await get<Page<UsageItem>>(`/api/v1/usages?municipality=147&q=${encodeURIComponent(q)}`)).items.map((i) => i.localId), q).toEqual(['S3']);
      }
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&q=esdh')).items.map((i) => i.localId)).toEqual(['S1']);
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&q=getorganized')).items.map((i) => i.localId)).toEqual(['S1']); // the product name too
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&q=%25')).total).toBe(0);
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&q=_')).total).toBe(0);
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=147&q=*')).total).toBe(0);
      for (const q of ['.', '[', 'e.*h', '^E']) expect((await get<Page<UsageItem>>(`/api/v1/usages?municipality=147&q=${encodeURIComponent(q)}`)).total, q).toBe(0);
      expect((await get<Page<UsageItem>>(`/api/v1/usages?municipality=147&q=${encodeURIComponent('365 (SUITE)')}`)).items.map((i) => i.localId)).toEqual(['S2']);
      expect((await get<Page<UsageItem>>(`/api/v1/usages?municipality=147&q=${encodeURIComponent('("http')}`)).items.map((i) => i.localId)).toEqual(['H1']);
    });

    it('sorts by priority (default), lock-in, name and municipality', async () => {
      const byPriority = await get<Page<UsageItem>>('/api/v1/usages?limit=200');
      const p = byPriority.items.map((i) => i.priority!);
      expect(p).toEqual([...p].sort((a, b) => b - a));
      const lowest = (await get<Page<UsageItem>>('/api/v1/usages?limit=50&order=asc')).items.map((i) => i.priority!);
      expect(lowest).toEqual([...lowest].sort((a, b) => a - b));

      const byLockin = (await get<Page<UsageItem>>('/api/v1/usages?sort=lockin&limit=200')).items.map((i) => i.L!);
      expect(byLockin).toEqual([...byLockin].sort((a, b) => b - a));

      const names = async (order: string) => (await get<Page<UsageItem>>(`/api/v1/usages?municipality=147&lifecycle=operational&sort=name&order=${order}`)).items.map((i) => i.name);
      expect(await names('asc')).toEqual(['borgerservice', 'ESDH', 'Microsoft 365 (suite)']);
      expect(await names('desc')).toEqual(['Microsoft 365 (suite)', 'ESDH', 'borgerservice']);

      const byMunicipality = (await get<Page<UsageItem>>(`/api/v1/usages?sort=municipality&order=asc&limit=1000&offset=${sum(101) - 10}`)).items.map((i) => i.municipalityCode);
      expect(byMunicipality).toEqual([...byMunicipality].sort((a, b) => a - b));
      expect(new Set(byMunicipality)).toEqual(new Set([101, 147, 461]));
    });

    it('answers 400 to a filter or sort it does not know the value of, and 304 to an unchanged page', async () => {
      for (const q of ['band=Z', 'lifecycle=retired', 'hosting=cloud', 'sort=cost', 'order=up', 'municipality=abc', 'limit=0', 'format=pdf']) {
        expect((await request(`/api/v1/usages?${q}`, admin)).status, q).toBe(400);
      }
      const first = await request('/api/v1/usages?municipality=147', admin);
      const etag = first.headers.get('etag')!;
      expect(etag).toBeTruthy();
      expect((await request('/api/v1/usages?municipality=147', admin, { headers: { 'if-none-match': etag } })).status).toBe(304);
    });
  });

  describe('roles', () => {
    it('refuses strangers (401) and readers (403) the inventory, but lets readers list the scores', async () => {
      for (const path of ['/api/v1/usages', '/api/v1/contracts', '/api/v1/integrations', '/api/v1/usages?municipality=101&format=csv', '/api/v1/scores/municipalities']) {
        const res = await request(path);
        expect(res.status, path).toBe(401);
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      for (const path of ['/api/v1/usages', '/api/v1/contracts', '/api/v1/integrations', '/api/v1/usages?municipality=147&format=xlsx']) {
        expect((await request(path, reader)).status, path).toBe(403);
      }
      expect((await get<Page<ScoreItem>>('/api/v1/scores/municipalities', reader)).total).toBe(3);
    });

    it("lets an architect see the other municipalities' inventories until one limits them to its own", async () => {
      const db = ctx.t.handle.db;
      const own = await get<Page<UsageItem>>('/api/v1/usages?municipality=101&limit=1000', architect101);
      expect(own.total).toBe(sum(101));
      expect(own.items.every((i) => i.municipalityCode === 101)).toBe(true);
      expect((await get<Page<UsageItem>>('/api/v1/usages', architect101)).total).toBe(sum(101, 461, 147));
      expect((await get<Page<UsageItem>>('/api/v1/usages?municipality=461', architect101)).total).toBe(sum(461));
      expect((await request('/api/v1/usages?municipality=999', architect101)).status).toBe(404);

      const before = await municipalitySettings(db, 461);
      await saveMunicipalitySettings(db, 461, { ...before, inventoryVisibility: 'own_municipality' });
      try {
        expect((await get<Page<UsageItem>>('/api/v1/usages', architect101)).total).toBe(sum(101, 147));
        expect((await request('/api/v1/usages?municipality=461', architect101)).status).toBe(403);
        expect((await request('/api/v1/contracts?municipality=461', architect101)).status).toBe(403);
        const contracts = await get<Page<{ municipalityCode: number }>>('/api/v1/contracts?limit=1000', architect101);
        expect(contracts.items.some((c) => c.municipalityCode === 461)).toBe(false);
        expect(contracts.items.some((c) => c.municipalityCode === 147)).toBe(true);
        const csv = await (await request('/api/v1/usages?format=csv', architect101)).text();
        expect(parseCsv(csv, ';').slice(1).some((r) => r[0] === '461')).toBe(false);
        // Admins, and the municipality's own people, still see it; the scores stay public to the signed-in.
        expect((await get<Page<UsageItem>>('/api/v1/usages', admin)).total).toBe(sum(101, 461, 147));
        const architect461 = await signInAs(ctx, [{ role: 'architect', municipalityCode: 461 }]);
        expect((await get<Page<UsageItem>>('/api/v1/usages', architect461)).total).toBe(sum(101, 461, 147));
        expect((await get<Page<ScoreItem>>('/api/v1/scores/municipalities', architect101)).items.map((s) => s.municipalityCode)).toContain(461);
      } finally {
        await saveMunicipalitySettings(db, 461, before);
      }
    });
  });

  describe('contracts and integrations', () => {
    it('computes the notice deadline, notes an irrevocable period past it, and names the systems', async () => {
      const { items, total } = await get<Page<ContractItem>>('/api/v1/contracts?municipality=147');
      expect(total).toBe(4);
      // Soonest end first; no end date last.
      expect(items.map((c) => c.externalId)).toEqual(['K-2', 'K-1', 'K-4', 'K-3']);
      const k1 = items.find((c) => c.externalId === 'K-1')!;
      expect(k1).toMatchObject({ validTo: '2027-03-31', noticeDeadline: '2026-09-30', irrevocableAfterDeadline: false, systems: ['ESDH'], yearlyCostDkk: 1_200_000 });
      expect(items.find((c) => c.externalId === 'K-2')).toMatchObject({ noticeDeadline: '2026-03-30', irrevocableAfterDeadline: true });
      expect(items.find((c) => c.externalId === 'K-4')).toMatchObject({ noticeDeadline: null });
      expect(items.find((c) => c.externalId === 'K-3')).toMatchObject({ noticeDeadline: null, validTo: null });
    });

    it('filters by vendor and end date, and sorts by cost and name', async () => {
      const ids = async (q: string) => (await get<Page<ContractItem>>(`/api/v1/contracts?municipality=147&${q}`)).items.map((c) => c.externalId);
      expect(await ids(`vendor=${msId}`)).toEqual(['K-2']);
      expect(await ids('endsBefore=2027-12-31')).toEqual(['K-2', 'K-1']);
      expect(await ids('endsAfter=2027-01-01')).toEqual(['K-1', 'K-4']);
      expect(await ids('endsAfter=2027-01-01&endsBefore=2027-03-31')).toEqual(['K-1']);
      expect(await ids('sort=cost&order=desc')).toEqual(['K-2', 'K-1', 'K-4', 'K-3']);
      expect(await ids('sort=name&order=asc')).toEqual(['K-1', 'K-2', 'K-3', 'K-4']);
      expect((await request('/api/v1/contracts?endsBefore=31-12-2027', admin)).status).toBe(400);
      const all = await get<Page<ContractItem>>('/api/v1/contracts?endsBefore=2030-01-01&limit=1000');
      expect(all.items.every((c) => c.validTo !== null && c.validTo <= '2030-01-01')).toBe(true);
    });

    it('lists the integrations of a usage at either end', async () => {
      const ids = new Map((await usages147()).map((u) => [u.localId, u.usageId]));
      type Edge = { source: string; target: string; kind: string; platformRole: string | null };
      const all = await get<Page<Edge>>('/api/v1/integrations?municipality=147');
      expect(all.items.map((e) => [e.source, e.target, e.kind])).toEqual([
        ['ESDH', 'Microsoft 365 (suite)', 'requires_platform'],
        ['Økonomisystem', 'ESDH', 'data'],
      ]);
      expect((await get<Page<Edge>>(`/api/v1/integrations?usage=${ids.get('S1')}`)).total).toBe(2);
      expect((await get<Page<Edge>>(`/api/v1/integrations?usage=${ids.get('S2')}`)).items.map((e) => e.platformRole)).toEqual(['identity']);
      expect((await get<Page<Edge>>(`/api/v1/integrations?usage=${ids.get('S4')}`)).total).toBe(0);
      expect((await get<Page<Edge>>('/api/v1/integrations?municipality=101&limit=1')).total).toBeGreaterThan(0);
    });
  });

  describe('scores', () => {
    it('lists every scored municipality with its band counts, by lock-in, filtered by region', async () => {
      const { items, total } = await get<Page<ScoreItem>>('/api/v1/scores/municipalities', reader);
      expect(total).toBe(3);
      const L = items.map((s) => s.L!);
      expect(L).toEqual([...L].sort((a, b) => b - a));
      for (const s of items) {
        expect(Object.values(s.bandCounts).reduce((a, b) => a + b, 0)).toBe(s.systemCount);
        expect(s.systemCount).toBe(counts.get(s.municipalityCode));
      }
      const hovedstaden = await get<Page<ScoreItem>>('/api/v1/scores/municipalities?region=Region%20Hovedstaden&sort=code&order=asc', reader);
      expect(hovedstaden.items.map((s) => s.municipalityCode)).toEqual([101, 147]);
      expect((await get<Page<ScoreItem>>('/api/v1/scores/municipalities?sort=code&order=desc', reader)).items.map((s) => s.municipalityCode)).toEqual([461, 147, 101]);
      const csv = await (await request('/api/v1/scores/municipalities?format=csv&lang=en&sort=code&order=asc', reader)).text();
      const rows = parseCsv(csv, ';');
      expect(rows[0]!.slice(0, 3)).toEqual(['Municipality code', 'Municipality', 'Region']);
      expect(rows.slice(1).map((r) => r[0])).toEqual(['101', '147', '461']);
    });
  });

  describe('CSV and XLSX', () => {
    it('writes UTF-8 with a BOM, semicolons by default, the filters applied and every hostile cell neutralised', async () => {
      const res = await request('/api/v1/usages?municipality=147&format=csv&sort=name&order=asc', admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="usages-\d{4}-\d{2}-\d{2}\.csv"$/);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const text = new TextDecoder().decode(bytes); // drops the BOM
      const header = text.split('\r\n')[0]!;
      expect(header.startsWith('Kommunekode;Kommune;Lokalt kaldenavn;It-system;')).toBe(true);
      const rows = parseCsv(text, ';');
      expect(rows).toHaveLength(1 + 11);
      const col = (label: string) => rows.slice(1).map((r) => r[rows[0]!.indexOf(label)]!);
      expect(col('Kommunekode').every((c) => c === '147')).toBe(true);
      expect(col('Lokalt kaldenavn')).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x")`, "'+45 12", "'-1+1", "'@SUM(A1)"]));
      expect(col('Noter')).toEqual(expect.arrayContaining(["'\t=1+1", "'\r=1+1"]));
      for (const row of rows.slice(1)) for (const cell of row) expect(cell, JSON.stringify(row)).not.toMatch(/^[=+\-@\t\r\0]/);
      // Danish Excel: a decimal comma in the lock-in column.
      expect(col('Leverandørbinding (L)').some((v) => /^\d+,\d$/.test(v))).toBe(true);
      // The filters narrow the download as they narrow the page.
      expect(parseCsv(await (await request('/api/v1/usages?municipality=147&lifecycle=pilot&format=csv', admin)).text(), ';')).toHaveLength(2);
    });

    it('writes a label column and a code column for every coded value, the label in the export’s language', async () => {
      for (const lang of ['da', 'en'] as const) {
        const rows = parseCsv(await (await request(`/api/v1/usages?municipality=147&format=csv&lang=${lang}`, admin)).text(), ';');
        const [header, ...body] = rows;
        const pairs = lang === 'da'
          ? [['Livscyklus', 'lifecycle'], ['Driftsform', 'hostingModel'], ['Kritikalitet', 'criticality'], ['Kategori', 'category']] as const
          : [['Lifecycle', 'lifecycle'], ['Hosting model', 'hostingModel'], ['Criticality', 'criticality'], ['Category', 'category']] as const;
        let compared = 0;
        for (const [heading, vocabulary] of pairs) {
          const labelAt = header!.indexOf(heading);
          const codeAt = header!.indexOf(`${heading} (${lang === 'da' ? 'kode' : 'code'})`);
          expect(labelAt, heading).toBeGreaterThanOrEqual(0);
          expect(codeAt, heading).toBe(labelAt + 1);
          for (const row of body) {
            const code = row[codeAt]!;
            if (!code) continue;
            const words = vocabulary === 'category' ? categoryName(code, lang) : label(vocabulary, code, lang);
            expect(row[labelAt]).toBe(words);
            expect(row[labelAt]).not.toMatch(/^[a-z]+[_-][a-z_-]+$/);
            compared++;
          }
        }
        expect(compared).toBeGreaterThan(0);
      }
    });

    it('writes commas and English headings on request', async () => {
      const text = await (await request('/api/v1/usages?municipality=147&format=csv&delimiter=comma&lang=en', admin)).text();
      expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toMatch(/^Municipality code,Municipality,Local name,IT system,Catalogue product,Local system ID,Supplier,/);
      const rows = parseCsv(text, ',');
      expect(rows.slice(1).map((r) => r[2])).toContain(`'=HYPERLINK("http://x")`);
      const contracts = parseCsv(await (await request('/api/v1/contracts?municipality=147&format=csv&lang=en', admin)).text(), ';');
      const k1 = contracts.find((r) => r[3] === 'K-1')!;
      expect(contracts[0]).toContain('Notice deadline');
      expect(k1[contracts[0]!.indexOf('Notice deadline')]).toBe('2026-09-30');
      expect(k1[contracts[0]!.indexOf('IT systems')]).toBe('ESDH');
    });

    it('writes XLSX with neutralised text, real numbers and real dates', async () => {
      const res = await request('/api/v1/usages?municipality=147&format=xlsx', admin);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      const sheet = await readSheet(Buffer.from(await res.arrayBuffer()));
      const [header, ...rows] = sheet;
      expect(header!.slice(0, 4)).toEqual(['Kommunekode', 'Kommune', 'Lokalt kaldenavn', 'It-system']);
      expect(rows).toHaveLength(11);
      const at = (label: string) => rows.map((r) => r[header!.indexOf(label)]);
      expect(at('Lokalt kaldenavn')).toEqual(expect.arrayContaining([`'=HYPERLINK("http://x")`, "'+45 12", "'-1+1", "'@SUM(A1)"]));
      expect(at('Noter')).toEqual(expect.arrayContaining(["'\t=1+1", "'\r=1+1"]));
      expect(at('Kommunekode').every((v) => v === 147)).toBe(true);
      expect(at('Leverandørbinding (L)').every((v) => typeof v === 'number')).toBe(true);
      for (const row of rows) for (const cell of row) if (typeof cell === 'string') expect(cell).not.toMatch(/^[=+\-@\t\r\0]/);

      const contracts = await readSheet(Buffer.from(await (await request('/api/v1/contracts?municipality=147&format=xlsx', admin)).arrayBuffer()));
      const k1 = contracts.find((r) => r[3] === 'K-1')!;
      expect(k1[contracts[0]!.indexOf('Opsigelsesfrist')]).toEqual(new Date(Date.UTC(2026, 8, 30)));
      expect(k1[contracts[0]!.indexOf('Drift pr. år (kr.)')]).toBe(1_200_000);
    });
  });

  describe('the deadline calendar', () => {
    const audits = async () =>
      ctx.t.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'municipality.calendar_token').where('municipality_code', '=', 147).orderBy('id').execute();
    const newToken = async (who: SignedInClient, code = 147) => request(`/api/v1/municipalities/${code}/calendar-token`, undefined, { method: 'POST', headers: who.write });
    const feed = (token: string | null, code = 147) => ctx.app.request(`/api/v1/municipalities/${code}/deadlines.ics${token === null ? '' : `?token=${encodeURIComponent(token)}`}`);
    let token = '';

    it('lets only leaders and architects of the municipality, and admins, create the link — and audits only those', async () => {
      expect((await request('/api/v1/municipalities/147/calendar-token', undefined, { method: 'POST' })).status).toBe(401);
      expect((await newToken(reader)).status).toBe(403);
      expect((await newToken(architect101)).status).toBe(403);
      expect((await newToken(architect101, 999)).status).toBe(404);
      expect(await audits()).toHaveLength(0);

      const res = await newToken(leader147);
      expect(res.status).toBe(200);
      const body = (await res.json()) as { token: string; url: string };
      token = body.token;
      expect(body.url).toBe(`/api/v1/municipalities/147/deadlines.ics?token=${encodeURIComponent(token)}`);
      const [entry, ...more] = await audits();
      expect(more).toHaveLength(0);
      expect(entry).toMatchObject({ actor_user_id: leader147.userId, entity_type: 'municipality', entity_id: '147' });
      expect(JSON.stringify(entry)).not.toContain(token);
      const stored = await municipalitySettings(ctx.t.handle.db, 147);
      expect(stored.calendarTokenHash).toMatch(/^[0-9a-f]{64}$/);
      expect(stored.calendarTokenHash).not.toContain(token);
      expect(JSON.stringify(entry)).not.toContain(stored.calendarTokenHash);
    });

    it('serves the notice deadline and exit window of every contract with the token, and 401 without it', async () => {
      const res = await feed(token);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
      const ics = await res.text();
      expect(ics.startsWith('BEGIN:VCALENDAR\r\n')).toBe(true);
      const list = events(ics);
      // K-1 and K-2: notice + exit window; K-4 (no notice period): its end; K-3 (no end date): nothing.
      expect(list).toHaveLength(5);
      const find = (uidPart: string, summary: string) => list.find((e) => e.get('UID')!.endsWith(`-${uidPart}@handlefrihed`) && e.get('SUMMARY')!.includes(summary))!;
      const notice = find('notice', 'ESDH');
      expect(notice.get('DTSTART')).toBe('20260930');
      expect(notice.get('DTEND')).toBe('20261001');
      expect(notice.get('SUMMARY')).toBe('Opsigelsesfrist: ESDH\\, Netcompany A/S');
      expect(notice.get('DESCRIPTION')).toContain('6 måneders varsel');
      const exit = find('exit', 'ESDH');
      expect([exit.get('DTSTART'), exit.get('DTEND')]).toEqual(['20260930', '20270401']);
      const ea = find('notice', 'Microsoft 365');
      expect(ea.get('DTSTART')).toBe('20260330');
      expect(ea.get('DESCRIPTION')).toContain('uopsigelig til 2026-05-01');
      expect(find('end', 'OS2forms').get('DTSTART')).toBe('20281231');
      expect(new Set(list.map((e) => e.get('UID'))).size).toBe(5);
      const stamp = list[0]!.get('DTSTAMP')!;
      expect(Math.abs(Date.parse(stamp.replace(/(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z/, '$1-$2-$3T$4:$5:$6Z')) - Date.now())).toBeLessThan(60_000);

      for (const wrong of [null, '', 'hfcal_wrong', `${token}x`]) {
        const r = await feed(wrong);
        expect(r.status, String(wrong)).toBe(401);
        expect(r.headers.get('content-type')).toMatch(/application\/problem\+json/);
      }
      expect((await feed(token, 101)).status).toBe(401); // another municipality's feed
      // A session does not open the feed either: only the token does.
      expect((await request('/api/v1/municipalities/147/deadlines.ics', admin)).status).toBe(401);
    });

    it('keeps the UIDs when the inventory is imported again', async () => {
      const uids = async () => events(await (await feed(token)).text()).map((e) => e.get('UID')).sort();
      const before = await uids();
      const records = inventoryRecords.parse({ ...inventory147, usages: [...inventory147.usages, aUsage({ product_name: 'SBSYS', local_id: 'S9' })] });
      const r = await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records, kind: 'import', run: aRun() });
      expect(r.status).toBe('committed');
      expect(await uids()).toEqual(before);
    });

    it('replacing the link invalidates the old one, and an architect of the municipality may do it', async () => {
      const architect147 = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
      const res = await newToken(architect147);
      expect(res.status).toBe(200);
      const { token: next } = (await res.json()) as { token: string };
      expect(next).not.toBe(token);
      expect((await feed(token)).status).toBe(401);
      expect((await feed(next)).status).toBe(200);
      const entries = await audits();
      expect(entries).toHaveLength(2);
      expect(entries[1]).toMatchObject({ actor_user_id: architect147.userId, after: JSON.stringify({ calendarToken: 'replaced' }) });
      expect((await newToken(admin)).status).toBe(200);
      expect(await audits()).toHaveLength(3);
    });

    it('revokes the link: the feed answers 401 until a new one is made', async () => {
      const { token: current } = (await (await newToken(admin)).json()) as { token: string };
      expect((await feed(current)).status).toBe(200);
      expect((await request('/api/v1/municipalities/147/calendar-token', undefined, { method: 'DELETE', headers: reader.write })).status).toBe(403);
      expect((await request('/api/v1/municipalities/147/calendar-token', undefined, { method: 'DELETE', headers: leader147.write })).status).toBe(204);
      expect((await feed(current)).status).toBe(401);
      expect((await municipalitySettings(ctx.t.handle.db, 147)).calendarTokenHash).toBeNull();
      expect((await audits()).at(-1)).toMatchObject({ actor_user_id: leader147.userId, after: JSON.stringify({ calendarToken: 'revoked' }) });
    });
  });
});
