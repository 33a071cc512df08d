// Every list filter the OpenAPI document names works (issue #13): the test reads the document and,
// for every list endpoint (a GET that documents `limit`) and every filter it documents, calls it with
// a value that must exclude at least one row, then asserts fewer rows than unfiltered and that every
// row returned satisfies the filter. A newly documented filter without a case here fails the test
// (write its case: how to choose a value from the rows, and what a row satisfying it looks like),
// and so does one the endpoint ignores. Undocumented parameters are refused with a 400 naming them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords, type InventoryRecordsInput } from '../../server/src/domain/inventory.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLICCODE_VOCAB } from '../../server/src/services/catalogue-common.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aContract, aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

/** Parameters every list takes that select no rows: paging, sorting and the download format. */
const NOT_FILTERS = new Set(['limit', 'offset', 'sort', 'order', 'format', 'delimiter', 'lang']);
/** Path parameters of the list endpoints, filled in. */
const PATH_VALUES: Record<string, string> = { code: '101', id: '1' };

type Row = Record<string, any>;
interface Case {
  /** A value that some but not all rows have (or, where no row can have it, one that no row has). */
  value: (rows: Row[], get: (path: string) => Promise<Row[]>) => string | Promise<string>;
  holds: (row: Row, value: string) => boolean;
}

/** A value of `of(row)` that occurs in some rows but not in all: the filter must then drop rows. */
function partial(rows: Row[], of: (r: Row) => unknown, fallback?: string): string {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const v = of(r);
    if (v === null || v === undefined) continue;
    counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
  }
  const some = [...counts].filter(([, n]) => n < rows.length).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (some) return some[0];
  if (fallback !== undefined && !counts.has(fallback)) return fallback;
  throw new Error(`no value that some rows lack among ${JSON.stringify([...counts.keys()].slice(0, 10))}`);
}
/** Yes/no filters: the value some rows lack, else the one no row has (the list then comes back empty). */
const flag = (field: string): Case => ({ value: (rows) => partial(rows, (r) => r[field], rows.every((r) => r[field] === true) ? 'false' : 'true'), holds: (r, v) => String(r[field]) === v });
const eq = (field: string, fallback?: string): Case => ({ value: (rows) => partial(rows, (r) => r[field], fallback), holds: (r, v) => String(r[field]) === v });
const folded = (s: unknown) => String(s ?? '').toLocaleLowerCase('da');
/** A word (letters only, ≥ 5) from the names of the rows that not every row contains. */
function word(rows: Row[], texts: (r: Row) => unknown[]): string {
  const words = new Map<string, number>();
  for (const r of rows) for (const w of new Set(texts(r).flatMap((t) => folded(t).match(/\p{L}{5,}/gu) ?? []))) words.set(w, (words.get(w) ?? 0) + 1);
  const pick = [...words].filter(([, n]) => n < rows.length).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!pick) throw new Error('no word to search for');
  return pick[0];
}
const contains = (texts: (r: Row) => unknown[]): Case => ({
  value: (rows) => word(rows, texts),
  holds: (r, v) => texts(r).some((t) => folded(t).includes(v)),
});
const nameLike = (r: Row) => [r.name];

const CASES: Record<string, Case> = {
  'GET /api/v1/audit municipality': eq('municipalityCode'),
  'GET /api/v1/audit entityType': eq('entityType'),
  'GET /api/v1/audit action': eq('action'),
  'GET /api/v1/municipalities/{code}/systems band': eq('band'),

  'GET /api/v1/products q': contains(nameLike),
  'GET /api/v1/products category': eq('category'),
  'GET /api/v1/products vendor': eq('rightsHolderId'),
  'GET /api/v1/products licenseModel': eq('licenseModel'),
  'GET /api/v1/products verified': flag('verified'),

  'GET /api/v1/vendors q': contains((r) => [r.name, ...r.aliases]),
  'GET /api/v1/vendors country': eq('country'),
  'GET /api/v1/vendors jurisdiction': { value: (rows) => partial(rows, (r) => r.jurisdiction ?? 'unknown'), holds: (r, v) => (r.jurisdiction ?? 'unknown') === v },
  'GET /api/v1/vendors ultimateParent': { value: (rows) => partial(rows, (r) => r.ultimateParentId), holds: (r, v) => String(r.ultimateParentId) === v || String(r.id) === v },
  'GET /api/v1/vendors verified': flag('verified'),
  'GET /api/v1/vendors roleKind': eq('roleKind'),
  'GET /api/v1/vendors local': { value: (rows) => partial(rows, (r) => r.localToMunicipality !== null), holds: (r, v) => String(r.localToMunicipality !== null) === v },

  'GET /api/v1/alternatives q': contains(nameLike),
  'GET /api/v1/alternatives search': contains((r) => [r.name, r.descriptionDa, r.descriptionEn]),
  'GET /api/v1/alternatives category': {
    value: (rows) => partial(rows.flatMap((r) => r.categories.map((c: string) => ({ c }))), (x) => x.c),
    holds: (r, v) => r.categories.includes(v),
  },
  'GET /api/v1/alternatives license': {
    value: (rows) => partial(rows, (r) => (/^[A-Za-z0-9.+-]+$/.test(r.spdxLicense ?? '') ? r.spdxLicense : null)),
    holds: (r, v) => ` ${String(r.spdxLicense).toUpperCase().replace(/[()]/g, ' ')} `.includes(` ${v.toUpperCase()} `),
  },
  // Values the reference catalogue may not use at all: then a documented value that no row has.
  'GET /api/v1/alternatives developmentStatus': eq('developmentStatus', PUBLICCODE_VOCAB.developmentStatus[0]),
  'GET /api/v1/alternatives softwareType': eq('softwareType', PUBLICCODE_VOCAB.softwareType[0]),
  // The reference catalogue is all published: asking an administrator for another state gives none.
  'GET /api/v1/alternatives moderationState': eq('moderationState', 'pending'),
  'GET /api/v1/alternatives product': {
    value: async (_rows, get) => {
      const products = await get('/api/v1/products?limit=1000&sort=name');
      const mapped = products.filter((p) => p.alternativeCount > 0).sort((a, b) => a.alternativeCount - b.alternativeCount || a.id - b.id);
      if (!mapped.length) throw new Error('no product with alternatives');
      productNames.set(String(mapped[0]!.id), mapped[0]!.name);
      return String(mapped[0]!.id);
    },
    holds: (r, v) => r.replaces.includes(productNames.get(v)),
  },
  // The administrator asking proposed nothing: only their own entries, i.e. none.
  'GET /api/v1/alternatives mine': { value: () => 'true', holds: (r) => r.mine === true },
  // The highest score when scores differ, else one above every row's.
  'GET /api/v1/alternatives minMaturity': {
    value: (rows) => {
      const ams = rows.map((r) => r.ams as number);
      const max = Math.max(...ams);
      return String(max > Math.min(...ams) ? max : Math.min(100, Math.floor(max) + 1));
    },
    holds: (r, v) => r.ams >= Number(v),
  },

  'GET /api/v1/usages municipality': eq('municipalityCode'),
  'GET /api/v1/usages vendor': {
    value: (rows) => partial(rows, (r) => r.supplierId),
    holds: (r, v) => [r.supplierId, r.hostedById, r.operatedById, r.rightsHolder?.id].map(String).includes(v),
  },
  'GET /api/v1/usages category': eq('category'),
  'GET /api/v1/usages lifecycle': eq('lifecycle'),
  'GET /api/v1/usages band': eq('band'),
  'GET /api/v1/usages hosting': eq('hostingModel'),
  'GET /api/v1/usages q': contains((r) => [r.localName, r.systemName, r.product]),

  'GET /api/v1/contracts municipality': eq('municipalityCode'),
  'GET /api/v1/contracts vendor': eq('supplierId'),
  'GET /api/v1/contracts endsBefore': { value: (rows) => median(rows), holds: (r, v) => r.validTo !== null && r.validTo <= v },
  'GET /api/v1/contracts endsAfter': { value: (rows) => median(rows), holds: (r, v) => r.validTo !== null && r.validTo >= v },

  'GET /api/v1/integrations municipality': eq('municipalityCode'),
  'GET /api/v1/integrations usage': { value: (rows) => partial(rows, (r) => r.sourceUsageId), holds: (r, v) => String(r.sourceUsageId) === v || String(r.targetUsageId) === v },

  'GET /api/v1/scores/municipalities region': eq('region'),
  // Every inventory here is real: asking for the fictitious ones must give none.
  'GET /api/v1/scores/municipalities data': { value: () => 'demo', holds: () => false },
};
const productNames = new Map<string, string>();
function median(rows: Row[]): string {
  const ends = rows.map((r) => r.validTo).filter((d): d is string => d !== null).sort();
  if (ends.length < 2) throw new Error('too few contract end dates');
  return ends[Math.floor(ends.length / 2)]!;
}

const microsoft = { name: 'Microsoft Corporation', cvr: null };
/** Frederiksberg (147), beside generated (real-kind) København and Odense: a second pattern of suppliers, hosting and contracts. */
const inventory147: InventoryRecordsInput = {
  usages: [
    aUsage({ product_name: 'Netcompany GetOrganized', local_name: 'ESDH', local_id: 'S1', hosting_model: 'vendor_hosted', hosted_by: microsoft, criticality: 'critical' }),
    aUsage({ product_name: 'Microsoft 365 (suite)', local_id: 'S2', supplier: microsoft, hosting_model: 'vendor_hosted', hosted_by: microsoft }),
    aUsage({ product_name: 'OS2forms', local_id: 'S3', supplier: { name: 'Magenta ApS', cvr: null }, hosting_model: 'on_premise', lifecycle: 'pilot' }),
  ],
  contracts: [
    aContract({ name: 'ESDH-kontrakt', external_id: 'K-1', valid_to: '2027-03-31', usage_keys: ['id:s1'] }),
    aContract({ name: 'Microsoft EA', external_id: 'K-2', supplier: microsoft, valid_to: '2026-06-30', usage_keys: ['id:s2'] }),
  ],
  integrations: [{ source_key: 'id:s1', target_key: 'id:s2', kind: 'requires_platform', platform_role: 'identity' }],
};

interface Operation {
  path: string;
  url: string;
  filters: string[];
  parameters: string[];
}

describe.each(databaseKinds)('the documented list filters on %s', (kind) => {
  let ctx: TestApp;
  let admin: SignedInClient;
  let operations: Operation[];
  const get = async (url: string): Promise<{ status: number; body: any }> => {
    const res = await ctx.app.request(url, { headers: admin.read });
    return { status: res.status, body: await res.json() };
  };
  const rowsOf = async (url: string) => {
    const r = await get(url);
    expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(200);
    return r.body.items as Row[];
  };

  beforeAll(async () => {
    ctx = await createTestApp(kind, { realCodes: [101, 461] });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, records: inventoryRecords.parse(inventory147), kind: 'import', run: aRun() });
    // A real KITOS file for Aarhus (751): its unknown vendors and products stay local to it.
    const kitos = readFileSync(join(process.cwd(), 'test/fixtures/importers/kitos-systems-new.csv'));
    const imported = await importFile(ctx.t.handle.db, { municipalityCode: 751, fileName: 'kitos-systems-new.csv', source: new Uint8Array(kitos), actor: 'test' });
    expect(imported.status).toBe('committed');
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    const doc = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as { paths: Record<string, { get?: { parameters?: { in: string; name: string }[] } }> };
    operations = Object.entries(doc.paths).flatMap(([path, item]) => {
      const query = (item.get?.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name);
      if (!query.includes('limit')) return [];
      const url = path.replace(/\{(\w+)\}/g, (_m, name: string) => PATH_VALUES[name] ?? `{${name}}`);
      return [{ path, url, filters: query.filter((q) => !NOT_FILTERS.has(q)), parameters: query }];
    });
  }, 180_000);
  afterAll(async () => ctx.t.drop());

  it('finds the list endpoints and their filters in the document', () => {
    const paths = operations.map((o) => o.path);
    for (const p of ['/api/v1/usages', '/api/v1/contracts', '/api/v1/integrations', '/api/v1/scores/municipalities', '/api/v1/products', '/api/v1/vendors', '/api/v1/alternatives']) expect(paths).toContain(p);
    expect(operations.find((o) => o.path === '/api/v1/contracts')?.filters).toEqual(expect.arrayContaining(['endsBefore', 'endsAfter']));
    for (const o of operations) expect(o.url, `a path parameter of ${o.path} has no value here`).not.toMatch(/\{/);
  });

  it('has a case for every documented filter', () => {
    const documented = operations.flatMap((o) => o.filters.map((f) => `GET ${o.path} ${f}`));
    expect(documented.filter((k) => !(k in CASES))).toEqual([]);
    // And no case for a filter the document no longer names.
    expect(Object.keys(CASES).filter((k) => !documented.includes(k))).toEqual([]);
  });

  it('narrows every list by every documented filter, and every row it keeps satisfies the filter', async () => {
    const checked: string[] = [];
    for (const o of operations) {
      if (!o.filters.length) continue;
      const sep = o.url.includes('?') ? '&' : '?';
      const all = await get(`${o.url}${sep}limit=1000`);
      expect(all.status, o.url).toBe(200);
      expect(all.body.items.length, `${o.url} has rows to filter`).toBeGreaterThan(1);
      for (const filter of o.filters) {
        const key = `GET ${o.path} ${filter}`;
        const c = CASES[key]!;
        const value = await (async () => c.value(all.body.items, rowsOf))().catch((e: Error) => {
          throw new Error(`${key}: ${e.message}`);
        });
        const url = `${o.url}${sep}limit=1000&${filter}=${encodeURIComponent(value)}`;
        const narrowed = await get(url);
        expect(narrowed.status, `${url}: ${JSON.stringify(narrowed.body).slice(0, 300)}`).toBe(200);
        expect(narrowed.body.total, `${key}=${value} must exclude a row`).toBeLessThan(all.body.total);
        for (const row of narrowed.body.items) expect(c.holds(row, value), `${key}=${value}: ${JSON.stringify(row).slice(0, 300)}`).toBe(true);
        checked.push(key);
      }
    }
    expect(checked.length).toBe(Object.keys(CASES).length);
  }, 180_000);

  it('refuses an undocumented parameter on every list endpoint with a 400 naming it, and keeps format and paging', async () => {
    for (const o of operations) {
      const sep = o.url.includes('?') ? '&' : '?';
      const r = await get(`${o.url}${sep}limit=5&offset=0&endsBeforeX=2027-01-01`);
      expect(r.status, o.url).toBe(400);
      expect(r.body.errors.map((e: { field: string }) => e.field), o.url).toEqual(['endsBeforeX']);
      expect(r.body.errors[0].message.da).toContain('endsBeforeX');
    }
    // The issue's own example: /usages has no contract-end filter, and says so instead of ignoring it.
    const usages = await get('/api/v1/usages?endsBefore=2027-01-01&endsAfter=2026-01-01');
    expect(usages.status).toBe(400);
    expect(usages.body.errors.map((e: { field: string }) => e.field)).toEqual(['endsBefore', 'endsAfter']);
    const csv = await ctx.app.request('/api/v1/usages?municipality=147&format=csv&delimiter=comma&lang=en&sort=name&order=asc', { headers: admin.read });
    expect(csv.status).toBe(200);
  });
});
