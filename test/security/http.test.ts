// Issue #17, "nothing a user sends can stall or break the service": every finding at the HTTP
// boundary kept as a regression test, on SQLite and PostgreSQL. Oversize bodies (by Content-Length
// and streamed without one), NUL bytes in any input, the security headers on every response,
// X-Forwarded-For spoofing around the sign-in limit, and full-width formula starts in exports.
import type { AddressInfo } from 'node:net';
import { request as httpRequest } from 'node:http';
import { serve, type ServerType } from '@hono/node-server';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { createApp } from '../../server/src/http/app.ts';
import { MAX_JSON_BYTES } from '../../server/src/http/body-limits.ts';
import { LOGIN_LIMITS } from '../../server/src/services/accounts.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, TEST_ENV, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';

const CHUNK = new Uint8Array(64 * 1024).fill(0x20); // spaces: valid JSON padding, were it ever parsed
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

interface Problem {
  type: string;
  status: number;
  detail: string;
  errors?: { field?: string }[];
}

/** A raw HTTP/1.1 request to the real server: nothing buffers the body on our side either. */
function rawPost(port: number, path: string, headers: Record<string, string | number>) {
  const req = httpRequest({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'content-type': 'application/json', ...headers } });
  const response = new Promise<{ status: number; type: string; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, type: String(res.headers['content-type']), body }));
    });
    req.on('error', reject);
  });
  return { req, response };
}

describe.each(databaseKinds)('the HTTP boundary on %s', (kind) => {
  let ctx: TestApp;
  let server: ServerType;
  let port: number;
  let admin: SignedInClient;
  let architect: SignedInClient;
  let usageId: number;
  const req = (path: string, init: RequestInit = {}) => ctx.app.request(path, init);

  beforeAll(async () => {
    // One proxy in front (TRUST_PROXY=true): the address it appends is the client.
    ctx = await createTestApp(kind, { env: { TRUST_PROXY: 'true' } });
    await replaceInventory(ctx.t.handle.db, {
      municipalityCode: 101,
      kind: 'import',
      run: aRun(),
      records: inventoryRecords.parse({ usages: [aUsage({ local_id: 'S-1', local_name: '＋cmd|calc', notes: '＝HYPERLINK("http://x")' }), aUsage({ local_id: 'S-2', product_name: 'Acadre', notes: '＠SUM(A1)' })] }),
    });
    usageId = (await ctx.t.handle.db.selectFrom('system_usages').select('id').where('municipality_code', '=', 101).where('local_id', '=', 'S-1').executeTakeFirstOrThrow()).id;
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    // The same database behind a real socket, with the proxies named by address.
    const proxied = createApp({ database: ctx.t.handle, config: loadConfig({ ...TEST_ENV, DATABASE_URL: ctx.t.url, TRUST_PROXY: '127.0.0.0/8, ::1' }) });
    server = serve({ fetch: proxied.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await ctx.t.drop();
  });

  describe('request size', () => {
    it('refuses an anonymous login whose Content-Length is over the limit at once, without waiting for the body', async () => {
      // 300 MB announced, not one byte sent: the answer can only come from the header.
      const { req: r, response } = rawPost(port, '/api/v1/auth/login', { 'content-length': 300 * 1024 * 1024 });
      r.flushHeaders();
      const res = await response;
      r.destroy();
      expect(res.status).toBe(413);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(res.body) as Problem).type).toMatch(/payload-too-large$/);
    });

    it('counts a streamed body without Content-Length and stops reading just past the limit', async () => {
      let pulled = 0;
      const total = 64 * 1024 * 1024;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (pulled >= total) return controller.close();
            pulled += CHUNK.length;
            controller.enqueue(CHUNK);
          },
        },
        { highWaterMark: 0 },
      );
      const res = await ctx.app.request(new Request('http://localhost/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body, duplex: 'half' } as RequestInit));
      expect(res.status).toBe(413);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      // Read up to the first chunk past the limit (and at most one chunk ahead), not the 64 MB.
      expect(pulled).toBeGreaterThan(MAX_JSON_BYTES);
      expect(pulled).toBeLessThanOrEqual(MAX_JSON_BYTES + 2 * CHUNK.length);
    });

    it('answers a chunked upload over a real socket with 413 long before the client has sent it all', async () => {
      const cap = 256 * 1024 * 1024;
      const { req: r, response } = rawPost(port, '/api/v1/auth/login', { 'transfer-encoding': 'chunked' });
      let answered = false;
      let closed = false;
      let wake = () => {};
      r.on('drain', () => wake());
      r.on('close', () => ((closed = true), wake()));
      void response.then(() => ((answered = true), wake()), () => ((closed = true), wake()));
      let written = 0;
      while (!answered && !closed && written < cap) {
        written += CHUNK.length;
        if (!r.write(CHUNK)) await new Promise<void>((resolve) => (wake = resolve));
      }
      const res = await response;
      r.destroy();
      expect(res.status).toBe(413);
      // The server stops reading after the limit; after its answer it discards at most 64 MB
      // (@hono/node-server's drain) before closing. Had it buffered the body, all 256 MB would go.
      expect(written).toBeLessThan(cap / 2);
    });

    it('refuses a JSON body over 1 MB even with a session, and a 1 MB notes field as too long', async () => {
      const big = await req(`/api/v1/usages/${usageId}`, { method: 'PATCH', headers: { ...architect.write, 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'x'.repeat(MAX_JSON_BYTES) }) });
      expect(big.status).toBe(413);
      const long = await req(`/api/v1/usages/${usageId}`, { method: 'PATCH', headers: { ...architect.write, 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'x'.repeat(MAX_JSON_BYTES / 2) }) });
      expect(long.status).toBe(400);
      expect(((await long.json()) as Problem).errors?.[0]?.field).toBe('notes');
    });

    it('leaves the import upload to its own, larger limit (MAX_IMPORT_BYTES)', async () => {
      const form = new FormData();
      form.set('file', new File([new Uint8Array(2 * MAX_JSON_BYTES).fill(0x41)], 'systemer.csv'));
      // Anonymous: past the size check, stopped by sign-in.
      expect((await req('/api/v1/municipalities/101/imports', { method: 'POST', body: form })).status).toBe(401);
    });
  });

  describe('NUL bytes', () => {
    const refusedPlainly = async (res: Response) => {
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const text = await res.text();
      expect(text).not.toMatch(/byte sequence|0x00|sqlite|postgres/i);
      return JSON.parse(text) as Problem;
    };

    it('refuses NUL in the anonymous login', async () => {
      const problem = await refusedPlainly(await req('/api/v1/auth/login', json({ email: 'a\u0000@kommune.dk', password: 'x' })));
      expect(problem.errors?.[0]?.field).toBe('email');
      await refusedPlainly(await req('/api/v1/auth/login', json({ email: 'a@kommune.dk', password: 'pass\u0000word' })));
    });

    it('refuses NUL in a JSON field of a write, and nothing is written', async () => {
      const before = await ctx.t.handle.db.selectFrom('inventory_versions').select(ctx.t.handle.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const problem = await refusedPlainly(await req(`/api/v1/usages/${usageId}`, { method: 'PATCH', headers: { ...architect.write, 'content-type': 'application/json' }, body: JSON.stringify({ notes: 'før\u0000efter' }) }));
      expect(problem.errors?.[0]?.field).toBe('notes');
      const after = await ctx.t.handle.db.selectFrom('inventory_versions').select(ctx.t.handle.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
      // Nested in an array too.
      await refusedPlainly(await req('/api/v1/municipalities/101/scenarios/compare', { method: 'POST', headers: { ...architect.write, 'content-type': 'application/json' }, body: JSON.stringify({ replacements: [{ product: 'SBSYS\u0000', alternative: 'x' }] }) }));
    });

    it('refuses NUL in a query string and in a user name', async () => {
      await refusedPlainly(await req('/api/v1/audit?entityType=%00', { headers: admin.read }));
      await refusedPlainly(await req('/api/v1/audit?action=a%00b', { headers: admin.read }));
      await refusedPlainly(await req('/api/v1/users', { method: 'POST', headers: { ...admin.write, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ny@kommune.dk', displayName: 'N\u0000N', grants: [] }) }));
    });
  });

  describe('security headers', () => {
    const expectHeaders = (res: Response, what: string) => {
      expect(res.headers.get('content-security-policy'), what).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy'), what).toMatch(/script-src 'self'(;|$)/);
      expect(res.headers.get('x-frame-options'), what).toBe('DENY');
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(res.headers.get('referrer-policy'), what).toBe('same-origin');
    };

    it('are on pages, API answers, errors and static files; no HSTS over plain HTTP', async () => {
      const big = await req('/api/v1/auth/login', { ...json({}), body: ' '.repeat(MAX_JSON_BYTES + 1) });
      expect(big.status).toBe(413);
      const responses: [string, Response][] = [
        ['page', await req('/')],
        ['client route', await req('/kommuner/101')],
        ['docs', await req('/api/docs')],
        ['docs script', await req('/api/docs/init.js')],
        ['openapi', await req('/api/v1/openapi.json')],
        ['json', await req('/api/v1/municipalities', { headers: admin.read })],
        ['401', await req('/api/v1/municipalities')],
        ['404', await req('/api/v1/nothing-here', { headers: admin.read })],
        ['400', await req('/api/v1/auth/login', json({ email: 1 }))],
        ['413', big],
        ['csv', await req('/api/v1/usages?municipality=101&format=csv', { headers: admin.read })],
      ];
      for (const [what, res] of responses) {
        expectHeaders(res, what);
        expect(res.headers.get('strict-transport-security'), what).toBeNull();
      }
    });

    it('adds HSTS when PUBLIC_URL is https', async () => {
      const https = createApp({ database: ctx.t.handle, config: loadConfig({ ...TEST_ENV, DATABASE_URL: ctx.t.url, PUBLIC_URL: 'https://handlefrihed.example.dk' }) });
      for (const path of ['/', '/api/health', '/api/v1/nothing']) {
        const res = await https.request(path);
        expectHeaders(res, path);
        expect(res.headers.get('strict-transport-security'), path).toMatch(/^max-age=\d{8,}/);
      }
    });
  });

  describe('X-Forwarded-For', () => {
    const attempt = async (i: number, forwardedFor: string, login: (init: RequestInit) => Response | Promise<Response>) =>
      login(json({ email: `spoof${i}-${kind}@kommune.dk`, password: 'forkert-forkert' }, { 'x-forwarded-for': forwardedFor }));

    it('a made-up left-hand entry does not dodge the per-address limit (TRUST_PROXY=true: one hop)', async () => {
      const statuses: number[] = [];
      for (let i = 0; i <= LOGIN_LIMITS.perAddress; i++) statuses.push((await attempt(i, `10.${i}.0.1, 203.0.113.7`, (init) => req('/api/v1/auth/login', init))).status);
      expect(statuses.slice(0, LOGIN_LIMITS.perAddress).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
      // Another client behind the same proxy is not affected.
      expect((await attempt(999, '203.0.113.8', (init) => req('/api/v1/auth/login', init))).status).toBe(401);
    });

    it('with proxies listed by address, the client is the right-most address not in the list', async () => {
      const login = async (init: RequestInit) => {
        const { req: r, response } = rawPost(port, '/api/v1/auth/login', { ...(init.headers as Record<string, string>), 'content-length': Buffer.byteLength(init.body as string) });
        r.end(init.body as string);
        const res = await response;
        return { status: res.status } as Response;
      };
      const statuses: number[] = [];
      // The client claims varying addresses; 198.51.100.9 is what our proxy (127.0.0.2) saw.
      for (let i = 0; i <= LOGIN_LIMITS.perAddress; i++) statuses.push((await attempt(100 + i, `192.0.2.${i}, 198.51.100.9, 127.0.0.2`, login)).status);
      expect(statuses.slice(0, LOGIN_LIMITS.perAddress).every((s) => s === 401)).toBe(true);
      expect(statuses.at(-1)).toBe(429);
    });
  });

  describe('exports', () => {
    it('neutralise the full-width ＝ ＋ － ＠ in CSV and XLSX', async () => {
      const csv = await (await req('/api/v1/usages?municipality=101&format=csv&lang=en', { headers: admin.read })).text();
      const cells = Papa.parse<string[]>(csv.replace(/^\uFEFF/, ''), { delimiter: ';' }).data.flat();
      expect(cells).toEqual(expect.arrayContaining(["'＝HYPERLINK(\"http://x\")", "'＋cmd|calc", "'＠SUM(A1)"]));
      expect(cells.filter((c) => /^[＝＋－＠]/.test(c))).toEqual([]);
      const xlsx = await req('/api/v1/usages?municipality=101&format=xlsx&lang=en', { headers: admin.read });
      const sheet = (await readSheet(Buffer.from(await xlsx.arrayBuffer()))).flat().filter((c): c is string => typeof c === 'string');
      expect(sheet).toEqual(expect.arrayContaining(["'＝HYPERLINK(\"http://x\")", "'＋cmd|calc", "'＠SUM(A1)"]));
      expect(sheet.filter((c) => /^[＝＋－＠]/.test(c))).toEqual([]);
    });
  });
});
