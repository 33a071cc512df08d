// The read cache on PostgreSQL across app servers: two servers (two application instances, each
// with its own pool and its own listener connection, served over real HTTP) on one database. A
// write through one is answered by the other's very next request — no waiting for the
// notification: the guarantee rests on the change stamp read before each cached read
// (db/change-listener.ts). And the cache is really on: an unchanged database is answered from memory.
import type { AddressInfo } from 'node:net';
import { type ServerType, serve } from '@hono/node-server';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../server/src/config.ts';
import { changeListenerOf, type DatabaseHandle, openDatabase } from '../../server/src/db/connect.ts';
import { UNWATCHED_TABLES } from '../../server/src/db/migrations/0018_pg_change_notify.ts';
import { cachedRead } from '../../server/src/db/read-cache.ts';
import { createApp } from '../../server/src/http/app.ts';
import { createTestApp, TEST_ENV, type TestApp } from '../helpers/app.ts';
import { createTestUser, type SignedInClient, signInAs } from '../helpers/auth.ts';

const listen = (fetch: ReturnType<typeof createApp>['fetch']) =>
  new Promise<{ server: ServerType; base: string }>((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve({ server, base: `http://127.0.0.1:${info.port}` }));
  });

describe.skipIf(!process.env.TEST_POSTGRES_URL)('the read cache on PostgreSQL with two servers on one database', () => {
  let ta: TestApp;
  let b: DatabaseHandle;
  let serverA: { server: ServerType; base: string };
  let serverB: { server: ServerType; base: string };
  let architect: SignedInClient;
  let admin: SignedInClient;

  beforeAll(async () => {
    ta = await createTestApp('postgres');
    b = openDatabase(ta.t.url);
    const config = loadConfig({ ...TEST_ENV, DATABASE_URL: ta.t.url }, process.cwd());
    serverA = await listen(ta.app.fetch);
    serverB = await listen(createApp({ database: b, config }).fetch);
    // Each server's listener connects on first use; wait until both listen (until then the cache is off).
    await changeListenerOf(ta.t.handle.db)!.start();
    await changeListenerOf(b.db)!.start();
    architect = await signInAs(ta, [{ role: 'architect', municipalityCode: 101 }]);
    admin = await signInAs(ta, [{ role: 'admin', municipalityCode: null }]);
  }, 120_000);
  afterAll(async () => {
    await new Promise((r) => serverA.server.close(r));
    await new Promise((r) => serverB.server.close(r));
    await b.close();
    await ta.t.drop();
  });

  const stamp = async () => Number((await sql<{ stamp: number }>`select stamp from change_stamp where id = 1`.execute(ta.t.handle.db)).rows[0]!.stamp);
  const municipalities = () => b.db.selectFrom('municipalities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
  const insertMunicipality = (db: DatabaseHandle['db'], code: number) => db.insertInto('municipalities').values({ code, name: `K${code}`, region: 'R', source: 't', verified: 1 }).execute();

  it('puts a trigger that moves the stamp on every table but the ones the cache never reads', async () => {
    const tables = await sql<{ name: string; triggered: boolean }>`
      select t.table_name as name, exists (select 1 from pg_trigger g where g.tgrelid = ('public.' || t.table_name)::regclass and g.tgname = t.table_name || '_change_stamp') as triggered
      from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE' and t.table_name not like 'kysely_%'`.execute(ta.t.handle.db);
    for (const t of tables.rows) expect({ table: t.name, triggered: t.triggered }).toEqual({ table: t.name, triggered: !UNWATCHED_TABLES.includes(t.name) });
  });

  it('moves the stamp once per committed transaction, and not for a rolled-back one', async () => {
    const before = await stamp();
    await ta.t.handle.db.transaction().execute(async (trx) => {
      await insertMunicipality(trx, 9001);
      await insertMunicipality(trx, 9002);
      await trx.updateTable('municipalities').set({ name: 'K9001b' }).where('code', '=', 9001).execute();
    });
    expect(await stamp()).toBe(before + 1);
    await expect(
      ta.t.handle.db.transaction().execute(async (trx) => {
        await insertMunicipality(trx, 9003);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await stamp()).toBe(before + 1);
  });

  it("answers from memory while nothing changed, and a commit through the other server's connection on the very next read", async () => {
    let loads = 0;
    const read = () => cachedRead(b.db, 'count', () => (loads++, municipalities()));
    const n = await read();
    expect(await read()).toBe(n);
    expect(loads).toBe(1); // the cache is on
    await insertMunicipality(ta.t.handle.db, 9004);
    expect(await read()).toBe(n + 1); // no wait for the notification
    expect(loads).toBe(2);
    // Inside a transaction nothing is remembered or answered from memory.
    await b.db.transaction().execute(async (trx) => {
      await cachedRead(trx, 'count', async () => ++loads);
      await cachedRead(trx, 'count', async () => ++loads);
    });
    expect(loads).toBe(4);
  });

  it('sees through server B an import, a role change and a sign-out made through server A, on the next request', async () => {
    const systems = async () => {
      const res = await fetch(`${serverB.base}/api/v1/municipalities/101/systems`, { headers: architect.read });
      return { status: res.status, total: res.ok ? ((await res.json()) as { total: number }).total : null };
    };
    const session = async () => (await (await fetch(`${serverB.base}/api/v1/auth/session`, { headers: architect.read })).json()) as { user: { id: number } | null; grants: unknown[] };
    const before = await systems();
    expect(await systems()).toEqual(before);
    expect((await session()).grants).toHaveLength(1);

    const form = new FormData();
    form.set('file', new File([new TextEncoder().encode('Systemnavn;Leverandør\nSagssystem;KMD A/S\nLønsystem;EG A/S\n')], 'systemer.csv'));
    const imported = await fetch(`${serverA.base}/api/v1/municipalities/101/imports`, { method: 'POST', body: form, headers: architect.write });
    expect(imported.status).toBe(201);
    expect(await systems()).toEqual({ status: 200, total: 2 });

    const revoked = await fetch(`${serverA.base}/api/v1/users/${architect.userId}/grants`, { method: 'PUT', headers: { ...admin.write, 'content-type': 'application/json' }, body: JSON.stringify({ grants: [] }) });
    expect(revoked.status).toBe(200);
    expect((await session()).grants).toEqual([]);

    const out = await fetch(`${serverA.base}/api/v1/auth/logout`, { method: 'POST', headers: architect.write });
    expect(out.status).toBe(204);
    expect((await session()).user).toBeNull();
  });

  it('turns the cache off while its listener connection is lost, and on again once it listens anew', async () => {
    const listener = changeListenerOf(b.db)!;
    const admin = new pg.Client({ connectionString: ta.t.url });
    await admin.connect();
    try {
      await admin.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'handlefrihed cache listener' and datname = current_database()`);
    } finally {
      await admin.end();
    }
    let loads = 0;
    const read = () => cachedRead(b.db, 'lost', () => (loads++, municipalities()));
    await read();
    await read();
    expect(loads).toBe(2); // no stamp, no memory
    await vi.waitFor(() => expect(listener.isListening).toBe(true), { timeout: 30_000, interval: 100 });
    await read();
    await read();
    expect(loads).toBe(3);
    await createTestUser(ta, []); // a watched write: the next read loads again
    await read();
    expect(loads).toBe(4);
  });
});
