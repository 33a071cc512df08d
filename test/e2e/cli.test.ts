import { existsSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';
import { migrations } from '../../server/src/db/migrations/index.ts';

describe('the handlefrihed command', () => {
  it('prints usage and exits 2 for an unknown command', () => {
    const r = runCli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown command: frobnicate/);
    expect(r.err).toMatch(/Brug \/ usage: handlefrihed/);
  });

  it('exits 2 for a bad option value', () => {
    const r = runCli(['demo', 'reset', '--seed', 'abc'], { DATABASE_URL: ':memory:' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seed must be an integer/);
  });

  it('exits 1 with a clear message for a configuration error', () => {
    const r = runCli(['migrate'], { PORT: 'not-a-port' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Ugyldig konfiguration \/ Invalid configuration: .*PORT/s);
  });
});

describe.each(databaseKinds)('the handlefrihed command on %s (DATABASE_URL)', (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
  });
  afterAll(async () => t.drop());

  it('migrates, loads reference data idempotently, and rebuilds demo data', async () => {
    const env = { DATABASE_URL: t.url };
    const migrate = runCli(['migrate'], env);
    expect(migrate.code).toBe(0);
    const shipped = Object.keys(migrations('sqlite'));
    expect(migrate.out).toContain(`Schema version ${shipped.length}; applied: ${shipped.join(', ')}`);
    expect(runCli(['reference', 'load'], env).out).toMatch(/Reference data: \d+ added/);
    expect(runCli(['reference', 'load'], env).out).toMatch(/Reference data: 0 added, 0 updated/);
    const demo = runCli(['demo', 'reset', '--seed', '7'], env);
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/Removed 0 demo inventories; generated 98 \(seed 7, \d+ system usages\)/);
    const n = await t.handle.db.selectFrom('current_inventory').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(98);
    const down = runCli(['migrate', '--down'], env);
    expect(down.out).toContain(`Reverted: ${Object.keys(migrations('sqlite')).at(-1)}`);
    // It backed up first, into var/backups/ under the working folder: not left in this project.
    const backup = down.out.match(/Backed up the database to (\S+)/)?.[1];
    expect(backup !== undefined && existsSync(backup)).toBe(true);
    rmSync(backup!);
  }, 900_000);
});
