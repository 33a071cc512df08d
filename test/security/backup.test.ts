// Regression tests for backup and restore (issue #17): `handlefrihed backup` and `restore` on
// SQLite and PostgreSQL through the real CLI, backups with mode 600 (the automatic pre-migration
// copy too), `migrate --down` only after a backup, a restore compared table by table and row by
// row, refusals (newer schema, a database that holds data without --yes), and the PostgreSQL
// commands exactly as the README documents them.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import SQLite from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findPgTool, tableRowCounts } from '../../server/src/db/backup-files.ts';
import { migrateDown, migrateToLatest, schemaVersion } from '../../server/src/db/migrate.ts';
import type { Database } from '../../server/src/db/schema.ts';
import { insertUser } from '../../server/src/repositories/users.repository.ts';
import { migrations } from '../../server/src/db/migrations/index.ts';
import type { Dialect } from '../../server/src/db/migrations/util.ts';

/** The newest migration: the one `migrate --down` reverts (whatever number it has). */
const LATEST_MIGRATION = Object.keys(migrations('sqlite')).sort().at(-1)!;
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { signInAs } from '../helpers/auth.ts';
import { runCli } from '../helpers/cli.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

const mode = (file: string) => statSync(file).mode & 0o777;
const ext = (kind: Dialect) => (kind === 'sqlite' ? 'db' : 'dump');

/** Every table of ours, each as its rows (JSON, sorted): equal maps mean equal databases. */
async function contents(db: Kysely<Database>, kind: Dialect, skip: (table: string, row: Record<string, unknown>) => boolean = () => false) {
  const tables = new Map<string, string[]>();
  for (const table of (await tableRowCounts(db, kind)).keys()) {
    const rows = (await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(db)).rows;
    tables.set(table, rows.filter((r) => !skip(table, r)).map((r) => JSON.stringify(r)).sort());
  }
  return tables;
}
const notTheRestoreEntry = (table: string, row: Record<string, unknown>) => table === 'audit_log' && row.action === 'database.restore';

describe.each(databaseKinds)('backup and restore on %s', (kind) => {
  let source: TestApp;
  let dir: string;
  const fresh: TestDatabase[] = [];
  const freshDatabase = async () => {
    const t = await createTestDatabase(kind);
    fresh.push(t);
    return t;
  };
  /** The CLI on `url`, run in the scratch folder (var/backups/ lands there). */
  const cli = (url: string, ...args: string[]) => runCli(args, { DATABASE_URL: url }, { cwd: dir });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'handlefrihed-backup-'));
    source = await createTestApp(kind, { demoCodes: [860] });
    const architect = await signInAs(source, [{ role: 'architect', municipalityCode: 860 }]);
    const made = await source.app.request('/api/v1/me/tokens', { method: 'POST', headers: { ...architect.write, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'nightly', role: 'architect', municipalityCode: 860 }) });
    expect(made.status).toBe(201);
  });
  afterAll(async () => {
    await source.t.drop();
    for (const t of fresh) await t.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up (mode 600) and restores into a fresh database with every table equal, row by row', async () => {
    const file = join(dir, `full.${ext(kind)}`);
    const backup = cli(source.t.url, 'backup', '--out', file);
    expect(backup.code, backup.err).toBe(0);
    expect(backup.out).toContain(file);
    expect(mode(file)).toBe(0o600);
    const target = await freshDatabase();
    const restored = cli(target.url, 'restore', file);
    expect(restored.code, restored.err).toBe(0);
    const before = await contents(source.t.handle.db, kind);
    expect([...before.values()].flat().length).toBeGreaterThan(1000);
    expect(await contents(target.handle.db, kind, notTheRestoreEntry)).toEqual(before);
    expect(before.get('users')!.join()).toContain('scrypt$'); // why the file is private
    const entry = await target.handle.db.selectFrom('audit_log').selectAll().where('action', '=', 'database.restore').executeTakeFirstOrThrow();
    expect(entry.actor).toMatch(/^cli:/);
    expect(JSON.parse(entry.after!)).toMatchObject({ file, fromSchemaVersion: await schemaVersion(source.t.handle), replacedBackup: null });
  });

  it('writes to var/backups/ with a timestamp by default, and never over an existing file', async () => {
    const r = cli(source.t.url, 'backup');
    expect(r.code, r.err).toBe(0);
    const files = readdirSync(join(dir, 'var/backups')).filter((f) => f.endsWith(`.${ext(kind)}`) && !f.includes('before'));
    expect(files.some((f) => /^handlefrihed-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z\.(db|dump)$/.test(f))).toBe(true);
    expect(mode(join(dir, 'var/backups'))).toBe(0o700);
    const taken = join(dir, 'var/backups', files[0]!);
    const again = cli(source.t.url, 'backup', '--out', taken);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists already/);
  });

  it('refuses to overwrite a database that holds data without --yes; with --yes it backs that database up first', async () => {
    const file = join(dir, `for-yes.${ext(kind)}`);
    expect(cli(source.t.url, 'backup', '--out', file).code).toBe(0);
    const target = await freshDatabase();
    await migrateToLatest(target.handle);
    await insertUser(target.handle.db, { email: 'lokal@kommune.dk', displayName: null, passwordHash: null });
    const refused = cli(target.url, 'restore', file);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/holds data \(1 rows\).*--yes/);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(await target.handle.db.selectFrom('users').select('email').execute()).toEqual([{ email: 'lokal@kommune.dk' }]);
    const done = cli(target.url, 'restore', file, '--yes');
    expect(done.code, done.err).toBe(0);
    const kept = done.out.match(/backed up to (\S+)/)?.[1];
    expect(kept).toMatch(/before-restore/);
    expect(mode(kept!)).toBe(0o600);
    expect(await contents(target.handle.db, kind, notTheRestoreEntry)).toEqual(await contents(source.t.handle.db, kind));
  });

  it('refuses a backup from a newer schema version in one sentence, and migrates an older one after restoring', async () => {
    const newer = await freshDatabase();
    await migrateToLatest(newer.handle);
    await newer.handle.db.insertInto('kysely_migration' as never).values({ name: '0999_from_the_future', timestamp: '2099-01-01T00:00:00.000Z' } as never).execute();
    const newerFile = join(dir, `newer.${ext(kind)}`);
    expect(cli(newer.url, 'backup', '--out', newerFile).code).toBe(0);
    const target = await freshDatabase();
    const refused = cli(target.url, 'restore', newerFile);
    expect(refused.code).toBe(1);
    expect(refused.err.trim().split('\n')).toHaveLength(1);
    expect(refused.err).toMatch(/comes from a newer version of handlefrihed .*0999_from_the_future/);
    expect(await tableRowCounts(target.handle.db, kind)).toEqual(new Map());

    const older = await freshDatabase();
    await migrateToLatest(older.handle);
    const latest = await schemaVersion(older.handle);
    const [reverted] = await migrateDown(older.handle);
    const olderFile = join(dir, `older.${ext(kind)}`);
    expect(cli(older.url, 'backup', '--out', olderFile).code).toBe(0);
    const restored = cli(target.url, 'restore', olderFile);
    expect(restored.code, restored.err).toBe(0);
    expect(restored.out).toContain(`migrated to ${latest}: ${reverted}`);
    expect(await schemaVersion(target.handle)).toBe(latest);
  });

  it('takes a backup before migrate --down and says where', async () => {
    const db = await freshDatabase();
    await migrateToLatest(db.handle);
    const latest = await schemaVersion(db.handle);
    await db.handle.db.insertInto('audit_log').values({ at: '2026-01-01T00:00:00Z', actor_user_id: null, actor: 'test', action: 'marker', entity_type: 'x', entity_id: null, municipality_code: null, before: null, after: null }).execute();
    const r = cli(db.url, 'migrate', '--down');
    expect(r.code, r.err).toBe(0);
    const file = r.out.match(/Backed up the database to (\S+)/)?.[1];
    expect(file).toMatch(/before-down/);
    expect(r.out.indexOf('Backed up')).toBeLessThan(r.out.indexOf(`Reverted: ${LATEST_MIGRATION}`));
    expect(mode(file!)).toBe(0o600);
    // The copy can be restored: the reverted migration and the data come back.
    const target = await freshDatabase();
    expect(cli(target.url, 'restore', file!).code).toBe(0);
    expect(await schemaVersion(target.handle)).toBe(latest);
    expect(await target.handle.db.selectFrom('audit_log').select('action').where('action', '=', 'marker').execute()).toHaveLength(1);
  });

  it('refuses a file that is no backup of this database kind', async () => {
    const junk = join(dir, 'junk.txt');
    writeFileSync(junk, 'not a backup');
    const target = await freshDatabase();
    const r = cli(target.url, 'restore', junk);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/is not a handlefrihed backup/);
    expect(cli(target.url, 'restore', join(dir, 'missing.db')).err).toMatch(/There is no file/);
  });
});

describe('SQLite backups', () => {
  it('writes the automatic pre-migration copy with mode 600', async () => {
    const t = await createTestDatabase('sqlite');
    try {
      await migrateToLatest(t.handle);
      await migrateDown(t.handle);
      const r = await migrateToLatest(t.handle);
      expect(r.backupFile!.endsWith(`-before-${LATEST_MIGRATION}`), r.backupFile!).toBe(true);
      expect(r.backupFile).toMatch(/\.backup-/);
      expect(mode(r.backupFile!)).toBe(0o600);
    } finally {
      await t.drop();
    }
  });

  it('copies a consistent database while another process keeps writing to it', async () => {
    const t = await createTestDatabase('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'handlefrihed-backup-live-'));
    await migrateToLatest(t.handle);
    // A second process commits 50 rows at a time for as long as the backup runs.
    const writer = spawn(process.execPath, ['-e', `
      const db = new (require('better-sqlite3'))(${JSON.stringify(t.url)}); db.pragma('busy_timeout = 5000');
      const add = db.prepare("insert into audit_log (at, actor, action, entity_type) values ('2026-01-01T00:00:00Z', 'writer', 'tick', 'x')");
      const batch = db.transaction(() => { for (let i = 0; i < 50; i++) add.run(); });
      batch();
      process.stdout.write('ready\\n');
      setInterval(batch, 1);
    `], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((ok) => writer.stdout!.once('data', () => ok()));
      const file = join(dir, 'live.db');
      const r = await new Promise<{ code: number | null; err: string }>((ok) => {
        const child = spawn(process.execPath, [join(process.cwd(), 'bin/handlefrihed.js'), 'backup', '--out', file], { env: { ...process.env, DATABASE_URL: t.url }, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr!.on('data', (d) => (err += d));
        child.on('exit', (code) => ok({ code, err }));
      });
      expect(r.code, r.err).toBe(0);
      const copy = new SQLite(file, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const ticks = copy.prepare("select count(*) from audit_log where action = 'tick'").pluck().get() as number;
      expect(ticks).toBeGreaterThanOrEqual(50);
      expect(ticks % 50).toBe(0); // whole transactions only
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      copy.close();
      expect(existsSync(`${file}-wal`)).toBe(false);
    } finally {
      writer.kill();
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The README's PostgreSQL commands, run exactly as written (through bash, DATABASE_URL in the
// environment), against the throwaway cluster.
const README_PG_DUMP = 'pg_dump --format=custom --no-owner --no-privileges --file=handlefrihed.dump --dbname="$DATABASE_URL"';
const README_PG_RESTORE = 'pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error --dbname="$DATABASE_URL" handlefrihed.dump';

it('the README documents exactly these commands (one source: the test runs what the README says)', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(README_PG_DUMP);
  expect(readme).toContain(README_PG_RESTORE);
});

describe.runIf(process.env.TEST_POSTGRES_URL)('the documented PostgreSQL commands', () => {
  it('dump a database and restore it into a fresh one, every table equal row by row', async () => {
    const tool = findPgTool('pg_dump', process.env.PG_BINDIR ?? null);
    expect(tool, 'pg_dump not found').not.toBeNull();
    const path = tool!.includes('/') ? `${dirname(tool!)}:${process.env.PATH}` : process.env.PATH!;
    const dir = mkdtempSync(join(tmpdir(), 'handlefrihed-pgdoc-'));
    const source = await createTestApp('postgres', { demoCodes: [860] });
    const target = await createTestDatabase('postgres');
    try {
      await signInAs(source, [{ role: 'admin', municipalityCode: null }]);
      const sh = (command: string, url: string) => spawnSync('bash', ['-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: path, DATABASE_URL: url } });
      const dumped = sh(README_PG_DUMP, source.t.url);
      expect(dumped.status, dumped.stderr).toBe(0);
      const restored = sh(README_PG_RESTORE, target.url);
      expect(restored.status, restored.stderr).toBe(0);
      const before = await contents(source.t.handle.db, 'postgres');
      expect(before.get('users')!.length).toBe(1);
      expect(await contents(target.handle.db, 'postgres')).toEqual(before);
      // Restoring again over the same data works too (--clean --if-exists).
      expect(sh(README_PG_RESTORE, target.url).status).toBe(0);
      expect(await contents(target.handle.db, 'postgres')).toEqual(before);
    } finally {
      await source.t.drop();
      await target.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops in one sentence naming the command when pg_dump cannot be found', async () => {
    const t = await createTestDatabase('postgres');
    const dir = mkdtempSync(join(tmpdir(), 'handlefrihed-nopg-'));
    try {
      const r = runCli(['backup', '--out', join(dir, 'x.dump')], { DATABASE_URL: t.url, PG_BINDIR: join(dir, 'nowhere') });
      expect(r.code).toBe(1);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(join(dir, 'x.dump'))).toBe(false);
      expect(r.err).toMatch(/pg_dump was not found \(set PG_BINDIR.*\); run it yourself: pg_dump --format=custom --no-owner --no-privileges --file=\S+ --dbname="\$DATABASE_URL"/);
    } finally {
      await t.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
