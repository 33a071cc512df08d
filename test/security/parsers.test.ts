// Issue #17, "Nothing a user sends can stall or break the service": the hostile files seen on
// main, generated here, sent through the import route as dry runs (and through the import service
// with a Meter, to count the work instead of timing it), on SQLite and PostgreSQL. Each must be
// refused promptly (422) with an issue that names the limit, in our own words.
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COLUMNS, MAX_HTML_DEPTH, Meter } from '../../importers/limits.ts';
import { nestedDivsHtml, repeatedColumnsCsv, xlsxZipBomb } from '../../importers/testing.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';

interface Problem {
  status: number;
  errors: { code: string; line?: number; column?: string; value?: string; message: { da: string; en: string } }[];
  report: { status: string; errors: { code: string }[] };
}

/** Words of the engines underneath (V8, zlib, the HTML and YAML parsers): never in a response. */
const ENGINE_TEXT = /0x1fffffe8|Cannot create a string|RangeError|TypeError|Maximum call stack|zlib|incorrect header|invalid (?:distance|block type|stored block|code lengths)|unexpected end of file|parse5|cheerio|htmlparser2|read-excel-file|InvalidSpreadsheet|[\w/-]{1,200}\.(?:js|ts|cjs|mjs):\d+/i;

const CODE = 101;

describe.each(databaseKinds)('hostile files on %s', (kind) => {
  let ctx: TestApp;
  let db: Kysely<Database>;
  let architect: SignedInClient;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    db = ctx.t.handle.db;
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: CODE }]);
  });
  afterAll(async () => ctx.t.drop());

  /** POSTs a file as a dry run (or as asked) and returns the status and the body as text and JSON. */
  async function post(name: string, bytes: Uint8Array, fields: Record<string, string> = { dryRun: 'true' }) {
    const form = new FormData();
    form.set('file', new File([new Uint8Array(bytes)], name));
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    const res = await ctx.app.request(`/api/v1/municipalities/${CODE}/imports`, { method: 'POST', body: form, headers: { ...architect.write, 'accept-language': 'en' } });
    const text = await res.text();
    expect(text).not.toMatch(ENGINE_TEXT);
    return { status: res.status, text, body: JSON.parse(text) as Problem };
  }

  /** The same file through the import service, counting the parsers' work. */
  async function work(fileName: string, bytes: Uint8Array) {
    const meter = new Meter();
    const report = await importFile(db, { municipalityCode: CODE, fileName, source: bytes, size: bytes.byteLength, actor: 'test', dryRun: true, meter });
    return { report, units: meter.units };
  }

  it('a CSV of 100,002 columns over 10 repeated names: refused at the header, naming the limit, line and column', async () => {
    const bytes = repeatedColumnsCsv(100_002);
    const { status, body } = await post('kolonner.csv', bytes);
    expect(status).toBe(422);
    expect(body.errors).toEqual([expect.objectContaining({ code: 'too-many-columns', line: 1, column: `#${MAX_COLUMNS + 1}` })]);
    expect(body.errors[0]!.message.en).toContain(`the limit is ${MAX_COLUMNS}`);
    expect(body.errors[0]!.message.da).toContain(`grænsen er ${MAX_COLUMNS}`);
    // Work: a few passes over the header, not 100,002² / 20 probes (the 307 seconds seen on main).
    const { report, units } = await work('kolonner.csv', bytes);
    expect(report.status).toBe('refused');
    expect(units).toBeLessThan(4 * bytes.byteLength);
  });

  it('an HTML page of 100,000 nested <div>s: refused at the first level past the limit, line and column named', async () => {
    const bytes = nestedDivsHtml(100_000);
    const { status, body } = await post('dyb.html', bytes);
    expect(status).toBe(422);
    expect(body.errors).toEqual([expect.objectContaining({ code: 'nesting-too-deep', line: 1 })]);
    expect(Number(body.errors[0]!.column)).toBeGreaterThan(0);
    expect(body.errors[0]!.message.en).toContain(`the limit is ${MAX_HTML_DEPTH}`);
    // Work: one pass over the text plus the tags up to the limit, not the ~5 × 10⁹ steps of 87–153 s.
    const { report, units } = await work('dyb.html', bytes);
    expect(report.status).toBe('refused');
    expect(units).toBeLessThan(bytes.byteLength + (MAX_HTML_DEPTH + 2) ** 2);
  });

  it('an .xlsx zip bomb (a few MB → a 1.29 GB sheet): refused from its declared size, three at once within a small memory bound', async () => {
    const bomb = xlsxZipBomb(1.29e9);
    expect(bomb.bytes.byteLength).toBeLessThan(5 * 1024 * 1024);
    const before = process.resourceUsage().maxRSS; // kilobytes, the process's peak so far
    const results = await Promise.all([1, 2, 3].map((n) => post(`bombe${n}.xlsx`, bomb.bytes)));
    for (const { status, body } of results) {
      expect(status).toBe(422);
      expect(body.errors).toEqual([expect.objectContaining({ code: 'inflated-too-large', value: 'xl/worksheets/sheet1.xml' })]);
      expect(body.errors[0]!.message.en).toContain('the limit of 200 MB');
    }
    // Main took 1.40 GB for one and 3.93 GB for three; nothing of the sheet is inflated now.
    expect(process.resourceUsage().maxRSS - before).toBeLessThan(300 * 1024);
    const { units } = await work('bombe.xlsx', bomb.bytes);
    expect(units).toBeLessThan(10_000);
  });

  it('a zip bomb that lies about its size is stopped at the size it declares, in our own words', async () => {
    const bomb = xlsxZipBomb(1.29e9, 2_000_000);
    const before = process.resourceUsage().maxRSS;
    const results = await Promise.all([1, 2, 3].map((n) => post(`løgn${n}.xlsx`, bomb.bytes)));
    for (const { status, body } of results) {
      expect(status).toBe(422);
      const unreadable = body.errors.find((e) => e.code === 'unreadable-file');
      expect(unreadable?.message.en).toBe('The Excel file cannot be read: a part is larger than the zip file itself declares. Save it again from Excel as .xlsx, or save it as CSV.');
    }
    expect(process.resourceUsage().maxRSS - before).toBeLessThan(600 * 1024);
    // inflated: the declared 2 MB and at most one 64 KiB chunk more (each byte counted when inflated and when tokenised)
    const { units } = await work('løgn.xlsx', bomb.bytes);
    expect(units).toBeLessThan(2 * (2_000_000 + 65_536) + 10_000);
  });

  it('a NUL in a cell is an error at its line and column, never a database error', async () => {
    const csv = new TextEncoder().encode('Systemnavn;Noter\nGod;fin\nSkadet;"a\u0000b"\nOgså god;ok\n');
    const dry = await post('nul.csv', csv);
    expect(dry.status).toBe(422);
    expect(dry.body.errors).toEqual([expect.objectContaining({ code: 'invalid-character', line: 3, column: 'Noter', value: 'a\ufffdb' })]);
    // Written for real with onError=skip: the other rows are stored (PostgreSQL refuses NUL in text).
    const skip = await post('nul.csv', csv, { onError: 'skip' });
    expect(skip.status).toBe(201);
    expect((skip.body as unknown as { rows: { accepted: number; rejected: number } }).rows).toMatchObject({ accepted: 2, rejected: 1 });
    const names = await db.selectFrom('system_usages as u').innerJoin('products as p', 'p.id', 'u.product_id').select('p.name').execute();
    expect(names.map((n) => n.name).sort()).toEqual(['God', 'Også god']);
    // A NUL in the header refuses the file before any row.
    const header = await post('nul-header.csv', new TextEncoder().encode('Systemnavn;No\u0000ter\nA;b\n'));
    expect(header.status).toBe(422);
    expect(header.body.errors).toEqual([expect.objectContaining({ code: 'invalid-character', line: 1, column: '#2' })]);
  });
});
