// Imports through the API run in a worker thread (issue #16), over real HTTP: the job row says
// so, a request is answered while the worker's import is running, `Prefer: respond-async` answers
// 202 and the job tells its progress and outcome, a refused file comes back through the worker
// with every error, and the server's read cache sees the worker's commit. A write held by another
// connection (as the worker's import holds SQLite's lock) never stalls a read request.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/danish-inventory.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs, tokenFor } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';

const FIXTURES = join(process.cwd(), 'test/fixtures/importers');
const fixture = (name: string) => readFileSync(join(FIXTURES, name));

function upload(name: string, bytes: Uint8Array): FormData {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name));
  return form;
}

interface Job {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  runner: string;
  rowsRead: number;
  importRunId: number | null;
  report: { status: string; importRunId: number; inventoryVersionId: number | null; rows: { read: number } } | null;
  problem: { status: number; type: string; errors?: { file: string; line: number; column: string }[]; report?: unknown } | null;
}

describe.each(databaseKinds)('imports in a worker thread on %s', (kind) => {
  let ctx: TestApp;
  let db: Kysely<Database>;
  let architect: SignedInClient;
  let server: ServerType;
  let base: string;
  let dir: string;
  let big: Uint8Array;
  let small: Uint8Array;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    db = ctx.t.handle.db;
    architect = await signInAs(ctx, [101, 147].map((code) => ({ role: 'architect' as const, municipalityCode: code })));
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: ctx.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    dir = mkdtempSync(join(tmpdir(), 'handlefrihed-jobs-'));
    await generate(join(dir, 'big.csv'), 30_000, 'utf-8');
    big = readFileSync(join(dir, 'big.csv'));
    await generate(join(dir, 'small.csv'), 500, 'utf-8');
    small = readFileSync(join(dir, 'small.csv'));
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await ctx.t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (code: number, form: FormData, headers: Record<string, string> = {}) => fetch(`${base}/api/v1/municipalities/${code}/imports`, { method: 'POST', body: form, headers: { ...architect.write, ...headers } });
  const job = async (location: string) => {
    const res = await fetch(`${base}${location}`, { headers: architect.read });
    expect(res.status).toBe(200);
    return (await res.json()) as Job;
  };
  const jobRow = (id: string) => db.selectFrom('import_jobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('imports an upload in a worker and records the job; the next request sees the worker’s commit', async () => {
    const res = await post(101, upload('kitos-systems-new.csv', fixture('kitos-systems-new.csv')));
    expect(res.status).toBe(201);
    const report = (await res.json()) as { importRunId: number; inventoryVersionId: number; rows: { read: number } };
    const row = await db.selectFrom('import_jobs').selectAll().where('import_run_id', '=', report.importRunId).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ municipality_code: 101, runner: 'worker', status: 'done', rows_read: report.rows.read, problem: null });
    expect(JSON.parse(row.report!)).toEqual(report);
    // The server's read cache (db/read-cache.ts) was filled before; the worker's commit on its own connection must clear it.
    const score = async () => ((await (await fetch(`${base}/api/v1/municipalities/101/score`, { headers: architect.read })).json()) as { inventoryVersionId: number }).inventoryVersionId;
    expect(await score()).toBe(report.inventoryVersionId);
    expect(await score()).toBe(report.inventoryVersionId);
    const again = await post(101, upload('danish-500.csv', small));
    expect(again.status).toBe(201);
    const next = (await again.json()) as { inventoryVersionId: number };
    expect(next.inventoryVersionId).not.toBe(report.inventoryVersionId);
    expect(await score()).toBe(next.inventoryVersionId);
  });

  it('answers 202 with the job’s address; the job reports rows read, never fewer than before, and the report at the end — and requests are answered while it runs', async () => {
    const res = await post(147, upload('danish-30000.csv', big), { prefer: 'respond-async' });
    expect(res.status).toBe(202);
    expect(res.headers.get('preference-applied')).toBe('respond-async');
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/api\/v1\/municipalities\/147\/import-jobs\/[0-9a-f-]{36}$/);
    const id = location.split('/').pop()!;
    const seen: number[] = [];
    let healthWhileRunning = false;
    for (;;) {
      const j = await job(location);
      seen.push(j.rowsRead);
      if (j.status === 'done' || j.status === 'failed') {
        expect(j.status).toBe('done');
        expect(j.runner).toBe('worker');
        expect(j.report!.status).toBe('committed');
        expect(j.rowsRead).toBe(j.report!.rows.read);
        expect(j.importRunId).toBe(j.report!.importRunId);
        break;
      }
      if (!healthWhileRunning && j.rowsRead > 0 && (await jobRow(id)).status === 'running') {
        // The worker is inside its import (rows read, the row says running): the server still answers.
        const health = await fetch(`${base}/api/health`);
        expect(health.status).toBe(200);
        healthWhileRunning = (await jobRow(id)).status === 'running';
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(healthWhileRunning).toBe(true);
    expect(seen.some((n) => n > 0 && n < 30_000)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  }, 300_000);

  it('a refused file comes back through the worker as 422 naming file, line and column; asynchronously the job holds the same problem', async () => {
    const res = await post(101, upload('broken-usages.csv', fixture('broken-usages.csv')), { 'accept-language': 'en' });
    expect(res.status).toBe(422);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { type: string; errors: { file: string; line: number; column: string }[]; report: { status: string; importRunId: number } };
    expect(problem.type).toMatch(/file-refused$/);
    expect(problem.report.status).toBe('refused');
    expect(problem.errors.length).toBeGreaterThan(0);
    for (const e of problem.errors) expect(e).toMatchObject({ file: 'broken-usages.csv', line: expect.any(Number) });
    expect(problem.errors.some((e) => typeof e.column === 'string')).toBe(true);

    const accepted = await post(101, upload('broken-usages.csv', fixture('broken-usages.csv')), { prefer: 'respond-async', 'accept-language': 'en' });
    expect(accepted.status).toBe(202);
    const location = accepted.headers.get('location')!;
    let j = await job(location);
    while (j.status === 'queued' || j.status === 'running') {
      await new Promise((r) => setTimeout(r, 20));
      j = await job(location);
    }
    expect(j.status).toBe('failed');
    expect(j.problem).toMatchObject({ status: 422, type: problem.type, errors: problem.errors });
    expect((j.problem!.report as { status: string }).status).toBe('refused');
    expect(j.report!.status).toBe('refused');
  });

  it('shows a job only to those who may import for the municipality', async () => {
    const res = await post(101, upload('kitos-systems-new.csv', fixture('kitos-systems-new.csv')), { prefer: 'respond-async' });
    const location = res.headers.get('location')!;
    const other = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    expect((await fetch(`${base}${location}`, { headers: other.read })).status).toBe(403);
    expect((await fetch(`${base}${location}`)).status).toBe(401);
    expect((await fetch(`${base}${location.replace('/101/', '/147/')}`, { headers: architect.read })).status).toBe(404);
    let j = await job(location);
    while (j.status === 'queued' || j.status === 'running') j = await job(location);
  });

  it.runIf(kind === 'sqlite')('answers reads while another connection holds the write lock (as an import does): no read request writes', async () => {
    // Sessions and tokens are touched at most every few minutes: age them so these requests would.
    const token = await tokenFor(ctx, { role: 'architect', municipalityCode: 101 });
    await db.updateTable('sessions').set({ last_seen_at: '2000-01-01T00:00:00.000Z' }).execute();
    await db.updateTable('api_tokens').set({ last_used_at: '2000-01-01T00:00:00.000Z' }).execute();
    const other = new BetterSqlite3(ctx.t.url);
    other.exec('begin immediate');
    try {
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      for (const headers of [architect.read, { authorization: `Bearer ${token}` }]) {
        expect((await fetch(`${base}/api/health`, { headers })).status).toBe(200);
        expect((await fetch(`${base}/api/v1/municipalities/101/score`, { headers })).status).toBe(200);
        expect((await fetch(`${base}/api/v1/municipalities/147/score`, { headers })).status).toBe(200);
      }
    } finally {
      other.exec('rollback');
      other.close();
    }
    // Once the lock is free, the touch happens again.
    expect((await fetch(`${base}/api/v1/municipalities/101/score`, { headers: architect.read })).status).toBe(200);
    expect((await db.selectFrom('sessions').select('last_seen_at').where('user_id', '=', architect.userId).executeTakeFirstOrThrow()).last_seen_at).not.toBe('2000-01-01T00:00:00.000Z');
  });
});
