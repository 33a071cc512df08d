// The CLI on a database `npm start` never touched (issue #12): every command either works (the
// ones that need data migrate and load reference data themselves, saying so in one line) or
// says in one sentence what is wrong and exits non-zero. Never a stack trace.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

const FILE = join(process.cwd(), 'test/fixtures/importers/kitos-systems-new.csv');
const PREPARED = /^Databasen er migreret \(\d+ migreringer\) og referencedata indlæst \(\d+ rækker\) \/ migrated the database and loaded reference data/;
/** A stack frame, as Node prints them. */
const STACK = /^\s+at .+\(?.+:\d+:\d+\)?$/m;

describe.each(databaseKinds)('the handlefrihed command on a fresh %s database', (kind) => {
  const databases: TestDatabase[] = [];
  let work: string;
  const fresh = async () => {
    const t = await createTestDatabase(kind);
    databases.push(t);
    return { DATABASE_URL: t.url };
  };
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'hf-fresh-'));
  });
  afterAll(async () => {
    for (const t of databases) await t.drop();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports a KITOS file for municipality 461, migrating and loading reference data first', async () => {
    const env = await fresh();
    const r = runCli(['import', FILE, '--municipality', '461'], env, { cwd: work });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/Indlæst \/ committed \(importkørsel 1, version 1 \(id \d+\)\)/);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(PREPARED);
    // Prepared once: the next command says nothing about it.
    const list = runCli(['imports', 'list', '--municipality', '461'], env, { cwd: work });
    expect(list.code).toBe(0);
    expect(list.err).toBe('');
    expect(list.out).toMatch(/\* version {3}1 \(id \d+\)/);
  }, 120_000);

  const commands: { args: string[]; code: 0 | 1; out?: RegExp; err?: RegExp }[] = [
    { args: ['score', '--municipality', '461'], code: 1, err: /Not found: Municipality 461 has no scored inventory/ },
    { args: ['scenario', '--municipality', '461', '--replace', 'SBSYS=OS2sofd'], code: 1, err: /Not found: Municipality 461 has no scored inventory/ },
    { args: ['export', 'usages', '--municipality', '461', '--format', 'csv'], code: 0, out: /Kommunekode;Kommune/ },
    { args: ['user', 'list'], code: 0 },
    { args: ['imports', 'diff', '1', '2'], code: 1, err: /Not found: No inventory version 1/ },
  ];
  it.each(commands)('$args.0 $args.1: works or says why in one sentence', async ({ args, code, out, err }) => {
    const r = runCli(args, await fresh(), { cwd: work });
    expect(r.code, r.err).toBe(code);
    expect(r.err).not.toMatch(STACK);
    const lines = r.err.trim().split('\n');
    expect(lines[0]).toMatch(PREPARED);
    expect(lines.length).toBeLessThanOrEqual(2);
    if (out) expect(r.out).toMatch(out);
    if (err) expect(r.err).toMatch(err);
  }, 120_000);

  it('migrate and migrate --down work on it as it is', async () => {
    const env = await fresh();
    const down = runCli(['migrate', '--down'], env, { cwd: work });
    expect(down.code, down.err).toBe(0);
    expect(down.out).toMatch(/Reverted: \(nothing\)/);
    const up = runCli(['migrate'], env, { cwd: work });
    expect(up.code, up.err).toBe(0);
    expect(up.out).toMatch(/applied: 0001_reference_catalogue.*0012_stable_keys/);
    for (const r of [down, up]) expect(r.err).not.toMatch(STACK);
  }, 120_000);

  it.runIf(kind === 'sqlite')('backup copies an empty file; restoring that copy is refused in one sentence', () => {
    const backup = runCli(['backup', '--out', join(work, 'copy.db')], { DATABASE_URL: join(work, 'empty.db') }, { cwd: work });
    expect(backup.code, backup.err).toBe(0);
    const restore = runCli(['restore', join(work, 'copy.db')], { DATABASE_URL: join(work, 'other.db') }, { cwd: work });
    expect(restore.code).toBe(1);
    expect(restore.err.trim().split('\n')).toHaveLength(1);
    expect(restore.err).toMatch(/is a SQLite file, but not a handlefrihed database/);
    for (const r of [backup, restore]) expect(r.err).not.toMatch(STACK);
  }, 120_000);
});

describe('an unexpected error', () => {
  it('is one sentence that says what to run, not a stack trace', () => {
    // A PostgreSQL URL nobody listens on: the connection fails before any command runs.
    const r = runCli(['user', 'list'], { DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' });
    expect(r.code).toBe(1);
    expect(r.err).not.toMatch(STACK);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^Fejl \/ error: /);
  }, 60_000);
});
