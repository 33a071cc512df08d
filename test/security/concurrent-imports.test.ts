// Two municipalities importing at the same time, as two app servers on one database would: files
// that create the same new products and vendors in opposite orders must both commit (no deadlock,
// no 500), each catalogue row must exist once, and an import that fails inside the database must
// leave a failed run with a readable reason.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../../server/src/db/connect.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { ImportFailedError } from '../../server/src/errors.ts';
import { findImportRun } from '../../server/src/repositories/import-runs.repository.ts';
import { importFile } from '../../server/src/services/import-file.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { type DatabaseKind, databaseKinds } from '../helpers/databases.ts';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.ts';

const ROUNDS = 10;
const PRODUCTS_PER_FILE = 12;

/** A generic inventory file naming `names` in the given order, each with its own new vendor. */
const inventoryFile = (names: readonly string[]) =>
  new TextEncoder().encode(['Systemnavn;Leverandør', ...names.map((n) => `${n};${n} Leverandør ApS`)].join('\r\n'));

const sharedNames = (round: number) => Array.from({ length: PRODUCTS_PER_FILE }, (_, i) => `Fællessystem R${round} N${String(i).padStart(2, '0')}`);

const importInto = (db: Kysely<Database>, municipalityCode: number, fileName: string, names: readonly string[]) =>
  importFile(db, { municipalityCode, fileName, source: inventoryFile(names), actor: 'samtidighedstest' });

/** Runs `body` while every usage written for `code` fails in the database (a trigger stands in for any database failure). */
async function withFailingUsages(db: Kysely<Database>, kind: DatabaseKind, code: number, body: () => Promise<void>): Promise<void> {
  if (kind === 'postgres') {
    await sql`create or replace function refuse_usage() returns trigger language plpgsql as $$ begin raise exception 'intern motorfejl 42'; end $$`.execute(db);
    await sql`create trigger refuse_usage before insert on system_usages for each row when (new.municipality_code = ${sql.lit(code)}) execute function refuse_usage()`.execute(db);
  } else {
    await sql`create trigger refuse_usage before insert on system_usages when new.municipality_code = ${sql.lit(code)} begin select raise(abort, 'intern motorfejl 42'); end`.execute(db);
  }
  try {
    await body();
  } finally {
    await sql`drop trigger refuse_usage${sql.raw(kind === 'postgres' ? ' on system_usages' : '')}`.execute(db);
  }
}

const upload = (name: string, names: readonly string[]) => {
  const form = new FormData();
  form.set('file', new File([inventoryFile(names)], name));
  return form;
};

describe.each(databaseKinds)('concurrent imports on %s', (kind) => {
  let ctx: TestApp;
  /** A second "app server": its own pool on PostgreSQL; on SQLite the one connection (see below). */
  let second: DatabaseHandle;
  beforeAll(async () => {
    ctx = await createTestApp(kind);
    // SQLite admits one writer at a time, and better-sqlite3 waits for a lock synchronously, so
    // two connections in one process would block each other's event loop: in process, both
    // imports share the one connection (Kysely queues the transactions). Two processes below.
    second = kind === 'postgres' ? openDatabase(ctx.t.url) : ctx.t.handle;
  });
  afterAll(async () => {
    if (second !== ctx.t.handle) await second.close();
    await ctx.t.drop();
  });

  it(`${ROUNDS} rounds of two municipalities creating the same new products in opposite orders all commit, each product once per municipality`, async () => {
    const db = ctx.t.handle.db;
    for (let round = 0; round < ROUNDS; round++) {
      const names = sharedNames(round);
      const [a, b] = await Promise.all([
        importInto(db, 101, `runde-${round}-a.csv`, names),
        importInto(second.db, 147, `runde-${round}-b.csv`, [...names].reverse()),
      ]);
      expect([a.status, b.status]).toEqual(['committed', 'committed']);
      // An import never writes the shared catalogue (issue #12): each municipality gets its own
      // products and its own vendors.
      expect([a.productsCreated.length, b.productsCreated.length]).toEqual([PRODUCTS_PER_FILE, PRODUCTS_PER_FILE]);
      expect([a.vendorsCreated.length, b.vendorsCreated.length]).toEqual([PRODUCTS_PER_FILE, PRODUCTS_PER_FILE]);
      for (const code of [101, 147]) {
        const products = await db.selectFrom('products').select(['id', 'name']).where('name', 'in', names).where('local_to_municipality', '=', code).execute();
        expect(products.map((p) => p.name).sort()).toEqual(names);
        const used = await db
          .selectFrom('system_usages as u')
          .innerJoin('current_inventory as ci', 'ci.inventory_version_id', 'u.inventory_version_id')
          .select('u.product_id')
          .where('ci.municipality_code', '=', code)
          .execute();
        expect(used.map((u) => u.product_id).sort((x, y) => x - y)).toEqual(products.map((p) => p.id).sort((x, y) => x - y));
      }
    }
    // The national aggregate counts both municipalities (its writers queue, none is lost).
    const national = await db.selectFrom('national_scores').select('municipality_count').executeTakeFirstOrThrow();
    expect(national.municipality_count).toBe(2);
    if (kind === 'postgres') {
      // Not even a deadlock the import's one retry would have hidden. (The counter may lag, never lead.)
      const stats = await sql<{ deadlocks: number }>`select deadlocks from pg_stat_database where datname = current_database()`.execute(db);
      expect(Number(stats.rows[0]!.deadlocks)).toBe(0);
    }
  });

  it('an import that fails inside the database is recorded as a failed run with a readable reason', async () => {
    const db = ctx.t.handle.db;
    await withFailingUsages(db, kind, 151, async () => {
      const error = await importInto(db, 151, 'fejler.csv', sharedNames(99)).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ImportFailedError);
      const failed = error as ImportFailedError;
      expect(failed.status).toBe(500);
      expect(failed.message).not.toMatch(/motorfejl/);
      const run = await findImportRun(db, 151, failed.importRunId!);
      expect(run).toMatchObject({ status: 'failed', fileName: 'fejler.csv', inventoryVersionId: null });
      expect(run!.errors).toEqual([expect.objectContaining({ code: 'import-failed', message: { da: expect.stringMatching(/mislykkedes/), en: expect.stringMatching(/failed/) } })]);
      expect(JSON.stringify(run)).not.toMatch(/motorfejl/);
      // Nothing of the failed import stayed: no version, no product.
      expect(await db.selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', 151).executeTakeFirst()).toBeUndefined();
      expect(await db.selectFrom('products').select('id').where('name', 'in', sharedNames(99)).execute()).toEqual([]);
    });
  });

  it('through the API, a failed import answers a problem without the engine message, and the run list shows it', async () => {
    const architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 151 }]);
    await withFailingUsages(ctx.t.handle.db, kind, 151, async () => {
      const res = await ctx.app.request('/api/v1/municipalities/151/imports', { method: 'POST', body: upload('fejler-api.csv', sharedNames(98)), headers: architect.write });
      expect(res.status).toBe(500);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const text = await res.text();
      expect(text).not.toMatch(/motorfejl|system_usages|trigger/i);
      const problem = JSON.parse(text) as { type: string; title: string; importRunId: number; errors: { message: { da: string } }[] };
      expect(problem).toMatchObject({ type: expect.stringMatching(/import-failed$/), title: 'Indlæsningen mislykkedes' });
      expect(problem.errors[0]!.message.da).toMatch(/intet blev ændret/);
      const runs = (await (await ctx.app.request('/api/v1/municipalities/151/imports', { headers: architect.read })).json()) as { items: { id: number; status: string; fileName: string }[] };
      expect(runs.items[0]).toMatchObject({ id: problem.importRunId, status: 'failed', fileName: 'fejler-api.csv' });
    });
  });

  describe('two server processes on one database', () => {
    const servers: ServerProcess[] = [];
    let architect: SignedInClient;
    beforeAll(async () => {
      // An inventory exists already (the rounds above), so the servers load no demo data; they start one after the other.
      await importInto(ctx.t.handle.db, 157, 'start.csv', ['Startsystem']);
      for (let i = 0; i < 2; i++) servers.push(await startServerProcess({ DATABASE_URL: ctx.t.url, PASSWORD_SCRYPT_N: '16384' }));
      architect = await signInAs(ctx, [101, 147].map((municipalityCode) => ({ role: 'architect' as const, municipalityCode })));
    }, 200_000);
    afterAll(async () => {
      for (const s of servers) await s.stop();
    });

    it('import files with the same new products in opposite orders, each through its own server: both commit', async () => {
      const names = sharedNames(50);
      const post = (server: ServerProcess, code: number, file: string, list: readonly string[]) =>
        fetch(`${server.url}/api/v1/municipalities/${code}/imports`, { method: 'POST', body: upload(file, list), headers: architect.write });
      const responses = await Promise.all([post(servers[0]!, 101, 'proces-a.csv', names), post(servers[1]!, 147, 'proces-b.csv', [...names].reverse())]);
      const bodies = await Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { status: string } })));
      expect(bodies.map((b) => [b.status, b.body.status])).toEqual([[201, 'committed'], [201, 'committed']]);
      const products = await ctx.t.handle.db.selectFrom('products').select('name').where('name', 'in', names).execute();
      expect(products.map((p) => p.name).sort()).toEqual([...names, ...names].sort());
    });
  });
});
