// Who the audit log names for a CLI change (issue #13): the person given with `--as EMAIL`, else the
// operating-system account running the command — never a placeholder such as "cli:ukendt".
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

const FILE = join(process.cwd(), 'test/fixtures/importers/kitos-systems-new.csv');
const OLDER = join(process.cwd(), 'test/fixtures/importers/kitos-systems-old.csv');

describe.each(databaseKinds)('CLI changes in the audit log on %s', (kind) => {
  let t: TestDatabase;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    env = { DATABASE_URL: t.url };
  });
  afterAll(async () => t.drop());

  const actorsOf = async (action: string) =>
    (await t.handle.db.selectFrom('audit_log').select('actor').where('action', '=', action).orderBy('id').execute()).map((r) => r.actor);

  it('names the --as person for imports, rollbacks and user commands', async () => {
    const first = runCli(['import', FILE, '--municipality', '461', '--as', 'Anna.Arkitekt@Odense.dk'], env);
    expect(first.code, first.err).toBe(0);
    // `--as=EMAIL` and `--as` anywhere among the arguments mean the same.
    const second = runCli(['--as=bo@odense.dk', 'import', OLDER, '--municipality', '461'], env);
    expect(second.code, second.err).toBe(0);
    const runs = await t.handle.db.selectFrom('import_runs').select('actor').orderBy('id').execute();
    expect(runs.map((r) => r.actor)).toEqual(['cli:anna.arkitekt@odense.dk', 'cli:bo@odense.dk']);
    const versions = await t.handle.db.selectFrom('inventory_versions').select('id').where('municipality_code', '=', 461).orderBy('id').execute();
    const rollback = runCli(['imports', 'rollback', String(versions[0]!.id), '--as', 'carl@odense.dk'], env);
    expect(rollback.code, rollback.err).toBe(0);
    const user = runCli(['user', 'add', 'dorte@odense.dk', '--role', 'architect', '--municipality', '461', '--as', 'anna.arkitekt@odense.dk'], env);
    expect(user.code, user.err).toBe(0);
    const audited = await t.handle.db.selectFrom('audit_log').select(['actor', 'action']).orderBy('id').execute();
    expect(audited.length).toBeGreaterThanOrEqual(4);
    // Every row these four commands wrote names a person given with --as.
    for (const row of audited) expect(['cli:anna.arkitekt@odense.dk', 'cli:bo@odense.dk', 'cli:carl@odense.dk']).toContain(row.actor);
    expect(await actorsOf('user.create')).toEqual(['cli:anna.arkitekt@odense.dk']);
    expect(audited.some((r) => r.actor === 'cli:carl@odense.dk')).toBe(true);
  }, 180_000);

  it('names the operating-system user without --as, even when $USER is not set', async () => {
    const osUser = userInfo().username;
    expect(osUser).not.toBe('');
    const r = runCli(['user', 'add', 'erik@odense.dk', '--role', 'reader'], { ...env, USER: '', LOGNAME: '' });
    expect(r.code, r.err).toBe(0);
    expect(await actorsOf('user.create')).toContain(`cli:${osUser}`);
    const again = runCli(['user', 'disable', 'erik@odense.dk'], env);
    expect(again.code, again.err).toBe(0);
    const all = (await t.handle.db.selectFrom('audit_log').select('actor').execute()).map((x) => x.actor);
    expect(all.filter((a) => /ukendt/.test(a))).toEqual([]);
    expect(all).toContain(`cli:${osUser}`);
  }, 120_000);

  it('refuses an --as that is not an e-mail address, changing nothing', async () => {
    const before = (await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    const r = runCli(['user', 'add', 'frida@odense.dk', '--role', 'reader', '--as', 'anna'], env);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--as takes an e-mail address, got «anna»/);
    expect(r.err).toMatch(/--as EMAIL/);
    const after = (await t.handle.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n;
    expect(Number(after)).toBe(Number(before));
  }, 60_000);
});
