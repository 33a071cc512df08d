import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { migrations } from '../../server/src/db/migrations/index.ts';

/** The schema version is the number of migrations shipped (one source: the migration list). */
const SHIPPED_MIGRATIONS = Object.keys(migrations('sqlite'));

describe.each(databaseKinds)('HTTP API on %s', (kind) => {
  let ctx: TestApp;
  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [101, 860] });
  });
  afterAll(async () => ctx.t.drop());

  it('GET /api/health reports the database kind and schema version', async () => {
    const res = await ctx.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: kind, schemaVersion: SHIPPED_MIGRATIONS.length });
  });

  it('GET /api/v1/municipalities lists the 98 with their inventories', async () => {
    const res = await ctx.app.request('/api/v1/municipalities');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { total: number; items: { code: number; name: string; usageCount: number; demo: boolean }[] };
    expect(body.total).toBe(98);
    expect(body.items).toHaveLength(98);
    const kbh = body.items.find((m) => m.code === 101)!;
    expect(kbh).toMatchObject({ name: 'København', region: 'Region Hovedstaden', usageCount: 600, demo: true });
    expect(body.items.find((m) => m.code === 860)!.usageCount).toBeGreaterThanOrEqual(150);
    expect(body.items.find((m) => m.code === 147)).toMatchObject({ usageCount: 0, demo: false, inventoryVersionId: null });
  });

  it('GET /api/v1/municipalities/{code} answers one, or a 404 problem', async () => {
    const ok = await ctx.app.request('/api/v1/municipalities/860');
    expect(await ok.json()).toMatchObject({ code: 860, name: 'Hjørring' });
    const missing = await ctx.app.request('/api/v1/municipalities/998');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await missing.json()).toMatchObject({ type: 'https://handlefrihed.dk/problems/not-found', status: 404, title: 'Ikke fundet' });
  });

  it('refuses an invalid code with a 400 problem that names the field, in the asked language', async () => {
    const res = await ctx.app.request('/api/v1/municipalities/abc', { headers: { 'accept-language': 'en-GB' } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { title: string; errors: { field: string }[] };
    expect(problem.title).toBe('Invalid input');
    expect(problem.errors[0]!.field).toBe('code');
  });

  it('explains validation errors in Danish by default, with the machine code and path kept', async () => {
    const res = await ctx.app.request('/api/v1/municipalities/abc');
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { title: string; errors: { field: string; code: string; message: { da: string; en: string } }[] };
    expect(problem.title).toBe('Ugyldigt input');
    const [error] = problem.errors;
    expect(error).toMatchObject({ field: 'code', code: expect.stringMatching(/^[a-z_]+$/) });
    // zod's Danish locale, not its English: the two texts differ and the Danish one is Danish.
    expect(error!.message.da).not.toBe(error!.message.en);
    expect(error!.message.da).toMatch(/forventede|Ugyldig/);
    expect(error!.message.en).toMatch(/expected|Invalid/);
  });

  it('answers unknown API paths with a problem, not the web page', async () => {
    const res = await ctx.app.request('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
