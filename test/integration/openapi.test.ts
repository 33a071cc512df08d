// The OpenAPI document is generated from the same zod schemas that validate requests; this test
// holds it to the standard (an independent validator) and the API to the document: every
// documented GET answers with a documented status and media type, and JSON bodies match their
// documented schema.
import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[];
  responses: Record<string, { content?: Record<string, { schema?: object }> }>;
}

describe('the OpenAPI document', () => {
  let ctx: TestApp;
  let admin: SignedInClient;
  let spec: { openapi: string; paths: Record<string, Record<string, Operation>> };
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    ctx = await createTestApp('sqlite', { demoCodes: [101] });
    await replaceInventory(ctx.t.handle.db, { municipalityCode: 147, kind: 'import', run: aRun(), records: inventoryRecords.parse({ usages: [aUsage({ local_id: 'S-1' })] }) });
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    spec = (await (await ctx.app.request('/api/v1/openapi.json')).json()) as typeof spec;
    const db = ctx.t.handle.db;
    ids.usage = String((await db.selectFrom('usage_scores').select('usage_id').executeTakeFirstOrThrow()).usage_id);
    ids.vendor = String((await db.selectFrom('vendors').select('id').where('key', '=', 'microsoft-corp').executeTakeFirstOrThrow()).id);
    ids.run = String((await db.selectFrom('import_runs').select('id').where('municipality_code', '=', 147).executeTakeFirstOrThrow()).id);
    ids.product = String((await db.selectFrom('products').select('id').executeTakeFirstOrThrow()).id);
    ids.alternative = String((await db.selectFrom('alternatives').select('id').executeTakeFirstOrThrow()).id);
  });
  afterAll(async () => ctx.t.drop());

  it('is valid OpenAPI 3.1 according to an independent validator', async () => {
    expect(spec.openapi).toBe('3.1.0');
    const result = await new Validator().validate(spec as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every resource the API serves', () => {
    for (const path of ['/api/health', '/api/v1/auth/login', '/api/v1/municipalities/{code}/score', '/api/v1/municipalities/{code}/imports', '/api/v1/users', '/api/v1/audit', '/api/v1/me/tokens']) {
      expect(Object.keys(spec.paths), path).toContain(path);
    }
  });

  it('answers every documented GET as documented', async () => {
    const validator = await new Validator();
    await validator.validate(spec as never);
    const resolved = validator.resolveRefs() as typeof spec;
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const paramValue = (path: string, name: string): string => {
      if (name === 'code') return path.includes('/imports') ? '147' : '101';
      if (name === 'profile') return 'generic';
      if (name === 'a' || name === 'b') return ids.run!;
      if (path.startsWith('/api/v1/usages')) return ids.usage!;
      if (path.startsWith('/api/v1/vendors')) return ids.vendor!;
      if (path.startsWith('/api/v1/products')) return ids.product!;
      if (path.startsWith('/api/v1/alternatives')) return ids.alternative!;
      if (path.includes('/imports/')) return ids.run!;
      return '1';
    };
    const checked: string[] = [];
    for (const [path, operations] of Object.entries(resolved.paths)) {
      const op = operations.get;
      if (!op || path.includes('/oidc/')) continue;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => paramValue(path, name));
      const res = await ctx.app.request(url, { headers: admin.read });
      const documented = op.responses[String(res.status)];
      expect(documented, `${url} answered ${res.status}, documented: ${Object.keys(op.responses).join(', ')}`).toBeDefined();
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
      if (documented!.content) expect(Object.keys(documented!.content), `${url}: ${type}`).toContain(type);
      const schema = documented!.content?.[type]?.schema;
      if (schema && /json$/.test(type)) {
        const validate = ajv.compile(schema);
        const body = await res.json();
        expect(validate(body), `${url}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      }
      checked.push(`${res.status} ${url}`);
    }
    expect(checked.length).toBeGreaterThan(10);
  });

  it('serves the interactive documentation without the internet', async () => {
    const page = await ctx.app.request('/api/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of html.match(/\/api\/docs\/[\w./-]+/g)!) expect((await ctx.app.request(asset)).status, asset).toBe(200);
  });
});
