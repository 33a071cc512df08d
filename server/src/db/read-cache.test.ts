import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from './connect.ts';
import { migrateToLatest } from './migrate.ts';
import { cachedRead } from './read-cache.ts';

describe('cachedRead on SQLite', () => {
  let dir: string;
  let a: DatabaseHandle;
  let b: DatabaseHandle;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hf-read-cache-'));
    a = openDatabase(join(dir, 'db.sqlite'));
    await migrateToLatest(a);
    b = openDatabase(join(dir, 'db.sqlite')); // another process's connection, in effect
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const count = () => a.db.selectFrom('municipalities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow().then((r) => Number(r.n));
  const insert = (h: DatabaseHandle, code: number) =>
    h.db.insertInto('municipalities').values({ code, name: `K${code}`, region: 'R', source: 't', verified: 1 }).execute();

  it('remembers an answer until this connection or another one changes the database', async () => {
    let loads = 0;
    const read = () => cachedRead(a.db, 'count', () => (loads++, count()));
    expect(await read()).toBe(0);
    expect(await read()).toBe(0);
    expect(loads).toBe(1);
    await insert(a, 101); // a change through this connection
    expect(await read()).toBe(1);
    expect(loads).toBe(2);
    await insert(b, 147); // a commit by another connection: seen from the next turn of the event loop
    await new Promise((resolve) => setImmediate(resolve));
    expect(await read()).toBe(2);
    expect(await read()).toBe(2);
    expect(loads).toBe(3);
  });

  it('remembers nothing inside a transaction', async () => {
    let loads = 0;
    await a.db.transaction().execute(async (trx) => {
      await insert({ ...a, db: trx } as DatabaseHandle, 151);
      await cachedRead(a.db, 'in-trx', async () => ++loads);
      await cachedRead(a.db, 'in-trx', async () => ++loads);
      throw new Error('roll back');
    }).catch(() => undefined);
    expect(loads).toBe(2);
    expect(await cachedRead(a.db, 'after', count)).toBe(2); // the rolled-back row is not counted
  });
});
