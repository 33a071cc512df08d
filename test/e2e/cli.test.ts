import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

function cli(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/handlefrihed.js'), ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the handlefrihed command', () => {
  it('prints usage and exits 2 for an unknown command', () => {
    const r = cli(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Unknown command: frobnicate/);
    expect(r.err).toMatch(/Brug \/ usage: handlefrihed/);
  });

  it('exits 2 for a bad option value', () => {
    const r = cli(['demo', 'reset', '--seed', 'abc'], { DATABASE_URL: ':memory:' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--seed must be an integer/);
  });

  it('exits 1 with a clear message for a configuration error', () => {
    const r = cli(['migrate'], { PORT: 'not-a-port' });
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
    const migrate = cli(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.out).toMatch(/Schema version 6; applied: 0001_reference_catalogue, 0002_inventory, 0003_open_source_catalogue, 0004_scores, 0005_accounts_audit, 0006_score_exit_windows/);
    expect(cli(['reference', 'load'], env).out).toMatch(/Reference data: \d+ added/);
    expect(cli(['reference', 'load'], env).out).toMatch(/Reference data: 0 added, 0 updated/);
    const demo = cli(['demo', 'reset', '--seed', '7'], env);
    expect(demo.code).toBe(0);
    expect(demo.out).toMatch(/Removed 0 demo inventories; generated 98 \(seed 7, \d+ system usages\)/);
    const n = await t.handle.db.selectFrom('current_inventory').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(98);
    expect(cli(['migrate', '--down'], env).out).toMatch(/Reverted: 0006_score_exit_windows/);
  }, 180_000);
});
