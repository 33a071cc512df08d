// KITOS connections (issue #18) on both databases: credentials sealed with SECRETS_KEY and bound
// to their municipality, key rotation, the sync lease (one holder at a time, also when two
// connections take it at once), the sync's outcome, the API (who may set up a connection) and the
// CLI, and that the password appears in no answer, audit row, log line or CLI output.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../../server/src/db/connect.ts';
import { SecretsUnavailableError } from '../../server/src/errors.ts';
import { Keyring } from '../../server/src/secrets.ts';
import {
  acquireSyncLease,
  configureKitosConnection,
  credentialsFor,
  forgetKitosConnection,
  recordSyncResult,
  releaseSyncLease,
  renewSyncLease,
  rotateSecretsKey,
  showKitosConnection,
} from '../../server/src/services/kitos-connections.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/databases.ts';

const keyText = () => randomBytes(32).toString('base64');
const actor = { userId: null, label: 'test' };
const ORG = '3b0e2c9a-5d4f-4b1e-9c7a-0f1e2d3c4b5a';
const OTHER_ORG = '7f9e8d7c-6b5a-4f3e-8d2c-1b0a9f8e7d6c';
const PASSWORD = 'Kitos-API-hemmelighed-91!';
/** Fixed instants: the lease is tested on the times it is given, never the clock. */
const T0 = new Date('2026-12-06T08:00:00.000Z');
const at = (ms: number) => new Date(T0.getTime() + ms);
const MINUTE = 60_000;

describe.each(databaseKinds)('KITOS connections on %s', (kind) => {
  let ta: TestApp;
  const keyA = keyText();
  const ring = Keyring.fromSettings(keyA, null);
  const db = () => ta.t.handle.db;

  beforeAll(async () => {
    ta = await createTestApp(kind, { env: { SECRETS_KEY: keyA } });
  });
  afterAll(async () => ta.t.drop());

  const configure = (code: number, over: Record<string, unknown> = {}, keyring = ring) =>
    configureKitosConnection(db(), keyring, actor, code, { organizationUuid: ORG, email: 'Kitos-API@Eksempel.dk', password: PASSWORD, ...over }, T0);

  it('stores the credentials sealed and bound to the municipality, shows a masked e-mail and gives the sync the password back', async () => {
    const shown = await configure(101, { organizationUuid: ORG.toUpperCase() });
    expect(shown).toMatchObject({ municipalityCode: 101, baseUrl: 'https://kitos.dk', organizationUuid: ORG, apiUserEmailHint: 'k***@eksempel.dk', credentialsKeyId: ring.currentKeyId, syncCursor: null, lastError: null, syncRunning: false, createdBy: 'test' });
    expect(JSON.stringify(shown)).not.toContain(PASSWORD);
    const row = await db().selectFrom('kitos_connections').selectAll().where('municipality_code', '=', 101).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(PASSWORD);
    expect(JSON.stringify(row)).not.toContain('kitos-api@eksempel.dk');
    expect(row.credentials_key_id).toBe(ring.currentKeyId);
    expect(await credentialsFor(db(), ring, 101)).toEqual({ municipalityCode: 101, baseUrl: 'https://kitos.dk', organizationUuid: ORG, email: 'kitos-api@eksempel.dk', password: PASSWORD, syncCursor: null, lastSuccessfulSyncAt: null });
  });

  it('validates the address (https; http only on this machine), the organisation, the e-mail and the password', async () => {
    const refused = async (over: Record<string, unknown>) => {
      const e = await configure(147, over).catch((err: unknown) => err as { status: number; errors: { field: string }[] });
      expect(e).toMatchObject({ status: 400 });
      return (e as { errors: { field: string }[] }).errors.map((x) => x.field);
    };
    expect(await refused({ baseUrl: 'http://kitos.dk' })).toEqual(['baseUrl']);
    expect(await refused({ baseUrl: 'https://bruger:kode@kitos.dk' })).toEqual(['baseUrl']);
    expect(await refused({ baseUrl: 'ikke en adresse' })).toEqual(['baseUrl']);
    expect(await refused({ organizationUuid: 'kbh' })).toEqual(['organizationUuid']);
    expect(await refused({ email: 'ikke-en-adresse' })).toEqual(['email']);
    expect(await refused({ password: '' })).toEqual(['password']);
    expect(await refused({ password: null })).toEqual(['password']);
    expect(await db().selectFrom('kitos_connections').select('municipality_code').where('municipality_code', '=', 147).execute()).toEqual([]);
    const local = await configure(147, { baseUrl: 'http://127.0.0.1:4321/kitos/' });
    expect(local.baseUrl).toBe('http://127.0.0.1:4321/kitos');
    await forgetKitosConnection(db(), actor, 147);
  });

  it('refuses to store credentials without SECRETS_KEY, with a Danish and English reason, and stores nothing', async () => {
    const failure = await configure(147, {}, new Keyring(null)).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(SecretsUnavailableError);
    expect((failure as SecretsUnavailableError).status).toBe(503);
    expect((failure as SecretsUnavailableError).errors[0]!.message.da).toContain('SECRETS_KEY');
    expect(await db().selectFrom('kitos_connections').select('municipality_code').where('municipality_code', '=', 147).execute()).toEqual([]);
  });

  it('keeps the stored password when only the address or organisation changes, and then starts the next sync from scratch', async () => {
    await configure(173);
    await acquireSyncLease(db(), 173, 'server-a', MINUTE, T0);
    await recordSyncResult(db(), 173, { ok: true, cursor: '2026-12-06T07:59:58.123Z' }, at(1000));
    await releaseSyncLease(db(), 173, 'server-a');
    const same = await configure(173, { password: undefined });
    expect(same.syncCursor).toBe('2026-12-06T07:59:58.123Z');
    const moved = await configure(173, { organizationUuid: OTHER_ORG, password: null });
    expect(moved.syncCursor).toBeNull();
    expect((await credentialsFor(db(), ring, 173)).password).toBe(PASSWORD);
    // A new e-mail needs its password.
    await expect(configure(173, { email: 'ny@eksempel.dk', password: null })).rejects.toMatchObject({ status: 400 });
    await configure(173, { email: 'ny@eksempel.dk', password: 'nyt-kodeord' });
    expect(await credentialsFor(db(), ring, 173)).toMatchObject({ email: 'ny@eksempel.dk', password: 'nyt-kodeord' });
  });

  it('says clearly when the key that sealed the credentials is not configured', async () => {
    const other = Keyring.fromSettings(keyText(), null);
    const failure = await credentialsFor(db(), other, 101).catch((e: unknown) => e as SecretsUnavailableError);
    expect(failure).toBeInstanceOf(SecretsUnavailableError);
    expect((failure as SecretsUnavailableError).errors[0]).toMatchObject({ code: 'secrets-key-unknown' });
    expect((failure as SecretsUnavailableError).errors[0]!.message.da).toBe(
      `KITOS-adgangen for kommune 101 er krypteret med nøgle ${ring.currentKeyId}, som serveren ikke har (nuværende nøgle: ${other.currentKeyId}). Sæt den gamle nøgle i SECRETS_KEY_PREVIOUS, eller indtast adgangsoplysningerne igen.`,
    );
  });

  it("does not open a municipality's credentials copied into another's row", async () => {
    await configure(147, { password: 'kode-147' });
    const sealedOf = async (code: number) => (await db().selectFrom('kitos_connections').select('credentials_ciphertext').where('municipality_code', '=', code).executeTakeFirstOrThrow()).credentials_ciphertext;
    const [a, b] = [await sealedOf(101), await sealedOf(147)];
    await db().updateTable('kitos_connections').set({ credentials_ciphertext: b }).where('municipality_code', '=', 101).execute();
    await db().updateTable('kitos_connections').set({ credentials_ciphertext: a }).where('municipality_code', '=', 147).execute();
    for (const code of [101, 147]) await expect(credentialsFor(db(), ring, code)).rejects.toMatchObject({ errors: [{ code: 'secrets-unreadable' }] });
    await db().updateTable('kitos_connections').set({ credentials_ciphertext: a }).where('municipality_code', '=', 101).execute();
    await db().updateTable('kitos_connections').set({ credentials_ciphertext: b }).where('municipality_code', '=', 147).execute();
    expect((await credentialsFor(db(), ring, 147)).password).toBe('kode-147');
  });

  it('rotates the key: the old key reads through SECRETS_KEY_PREVIOUS until rotate-key re-encrypts every row, then the new key alone suffices', async () => {
    const keyB = keyText();
    const during = Keyring.fromSettings(keyB, keyA);
    const before = await db().selectFrom('kitos_connections').select(['municipality_code', 'credentials_key_id']).orderBy('municipality_code').execute();
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(new Set(before.map((r) => r.credentials_key_id))).toEqual(new Set([ring.currentKeyId]));
    expect((await credentialsFor(db(), during, 101)).password).toBe(PASSWORD);
    // One row no configured key opens stops the rotation with nothing changed.
    const unreadable = Keyring.fromSettings(keyB, null);
    await expect(rotateSecretsKey(db(), unreadable, actor)).rejects.toBeInstanceOf(SecretsUnavailableError);
    expect(await db().selectFrom('kitos_connections').select(['municipality_code', 'credentials_key_id']).orderBy('municipality_code').execute()).toEqual(before);

    const r = await rotateSecretsKey(db(), during, actor);
    expect(r).toEqual({ keyId: during.currentKeyId, reencrypted: before.length, fromOlderKeys: before.length });
    const after = Keyring.fromSettings(keyB, null);
    expect((await credentialsFor(db(), after, 101)).password).toBe(PASSWORD);
    expect((await credentialsFor(db(), after, 147)).password).toBe('kode-147');
    await expect(credentialsFor(db(), ring, 101)).rejects.toBeInstanceOf(SecretsUnavailableError);
    const audit = await db().selectFrom('audit_log').selectAll().where('action', '=', 'secrets.rotate-key').execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.after!)).toEqual({ keyId: after.currentKeyId, reencrypted: before.length, fromOlderKeys: before.length, olderKeyIds: [ring.currentKeyId] });
    // Back to key A for the tests that follow.
    await rotateSecretsKey(db(), Keyring.fromSettings(keyA, keyB), actor);
  });

  describe('the sync lease', () => {
    it('goes to one holder at a time, can be renewed and released by its holder, and taken once it ran out', async () => {
      expect(await acquireSyncLease(db(), 101, 'server-a', 5 * MINUTE, T0)).toBe(true);
      expect(await acquireSyncLease(db(), 101, 'server-b', 5 * MINUTE, at(MINUTE))).toBe(false);
      expect((await showKitosConnection(db(), 101, at(MINUTE))).syncRunning).toBe(true);
      expect(await acquireSyncLease(db(), 101, 'server-a', 5 * MINUTE, at(MINUTE))).toBe(true); // its own again
      expect(await renewSyncLease(db(), 101, 'server-a', 5 * MINUTE, at(4 * MINUTE))).toBe(true); // now until 9 min
      expect(await renewSyncLease(db(), 101, 'server-b', 5 * MINUTE, at(4 * MINUTE))).toBe(false);
      expect(await acquireSyncLease(db(), 101, 'server-b', 5 * MINUTE, at(8 * MINUTE))).toBe(false);
      // Ran out: another server takes it, and the first may no longer renew it.
      expect(await acquireSyncLease(db(), 101, 'server-b', 5 * MINUTE, at(9 * MINUTE))).toBe(true);
      expect(await renewSyncLease(db(), 101, 'server-a', 5 * MINUTE, at(9 * MINUTE))).toBe(false);
      expect(await releaseSyncLease(db(), 101, 'server-a')).toBe(false);
      expect(await releaseSyncLease(db(), 101, 'server-b')).toBe(true);
      expect((await showKitosConnection(db(), 101, at(10 * MINUTE))).syncRunning).toBe(false);
      expect(await acquireSyncLease(db(), 101, 'server-a', 5 * MINUTE, at(10 * MINUTE))).toBe(true);
      expect((await showKitosConnection(db(), 101, at(10 * MINUTE))).lastSyncStartedAt).toBe(at(10 * MINUTE).toISOString());
      expect(await releaseSyncLease(db(), 101, 'server-a')).toBe(true);
      // No connection, no lease.
      expect(await acquireSyncLease(db(), 461, 'server-a', 5 * MINUTE, T0)).toBe(false);
    });

    it('has exactly one winner when two connections take it at once', async () => {
      const other = openDatabase(ta.t.url);
      try {
        for (let round = 0; round < 20; round++) {
          const now = at(round * 10 * MINUTE + 60 * MINUTE);
          const won = await Promise.all([acquireSyncLease(db(), 101, 'server-a', 5 * MINUTE, now), acquireSyncLease(other.db, 101, 'server-b', 5 * MINUTE, now)]);
          expect(won.filter(Boolean)).toHaveLength(1);
          const holder = (await db().selectFrom('kitos_connections').select('lease_holder').where('municipality_code', '=', 101).executeTakeFirstOrThrow()).lease_holder;
          expect(holder).toBe(won[0] ? 'server-a' : 'server-b');
        }
        await releaseSyncLease(db(), 101, 'server-a');
        await releaseSyncLease(db(), 101, 'server-b');
      } finally {
        await other.close();
      }
    });
  });

  it("records a sync's outcome: a success moves the cursor and clears the error, a failure keeps the cursor", async () => {
    await recordSyncResult(db(), 101, { ok: true, cursor: '2026-12-06T08:00:00Z' }, at(MINUTE));
    await recordSyncResult(db(), 101, { ok: false, error: { da: 'API-brugeren mangler adgang', en: 'The API user lacks access' } }, at(2 * MINUTE));
    expect(await showKitosConnection(db(), 101, at(2 * MINUTE))).toMatchObject({ syncCursor: '2026-12-06T08:00:00Z', lastSuccessfulSyncAt: at(MINUTE).toISOString(), lastError: { da: 'API-brugeren mangler adgang', en: 'The API user lacks access' } });
    await recordSyncResult(db(), 101, { ok: true, cursor: '2026-12-06T09:00:00Z' }, at(3 * MINUTE));
    expect(await showKitosConnection(db(), 101, at(3 * MINUTE))).toMatchObject({ syncCursor: '2026-12-06T09:00:00Z', lastSuccessfulSyncAt: at(3 * MINUTE).toISOString(), lastError: null });
    await expect(recordSyncResult(db(), 461, { ok: true, cursor: 'x' }, T0)).rejects.toMatchObject({ status: 404 });
  });

  describe('over HTTP', () => {
    let architect: SignedInClient;
    let otherArchitect: SignedInClient;
    let leader: SignedInClient;
    const SECRET = 'Http-hemmelighed-åæø-77';
    const path = (code: number) => `/api/v1/municipalities/${code}/kitos-connection`;
    const send = (client: SignedInClient, method: string, code: number, body?: unknown) =>
      ta.app.request(path(code), { method, headers: { ...(method === 'GET' ? client.read : client.write), 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

    beforeAll(async () => {
      architect = await signInAs(ta, [{ role: 'architect', municipalityCode: 851 }]);
      otherArchitect = await signInAs(ta, [{ role: 'architect', municipalityCode: 461 }]);
      leader = await signInAs(ta, [{ role: 'leader', municipalityCode: 851 }]);
    });

    it('lets the municipality\'s architects set it up, its leaders look, and nobody else; the password is in no answer, audit row or log line', async () => {
      const output: string[] = [];
      const capture = (...args: unknown[]) => void output.push(args.map(String).join(' '));
      const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((m) => vi.spyOn(console, m).mockImplementation(capture));
      const writes = [vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write')];
      const bodies: string[] = [];
      const answer = async (res: Response) => {
        const text = await res.text();
        bodies.push(text);
        return { status: res.status, text, json: text ? (JSON.parse(text) as Record<string, unknown>) : null };
      };
      try {
        const input = { organizationUuid: ORG, email: 'kitos@aalborg.dk', password: SECRET };
        expect((await answer(await send(otherArchitect, 'PUT', 851, input))).status).toBe(403);
        expect((await answer(await send(leader, 'PUT', 851, input))).status).toBe(403);
        expect((await answer(await ta.app.request(path(851), { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(input) }))).status).toBe(401);
        expect((await answer(await send(architect, 'GET', 851))).status).toBe(404);
        // Refused input answers without echoing the password.
        const bad = await answer(await send(architect, 'PUT', 851, { ...input, baseUrl: 'http://kitos.dk' }));
        expect(bad.status).toBe(400);
        const tooLong = await answer(await send(architect, 'PUT', 851, { ...input, password: SECRET.repeat(100) }));
        expect(tooLong.status).toBe(400);

        const put = await answer(await send(architect, 'PUT', 851, input));
        expect(put.status).toBe(200);
        expect(put.json).toMatchObject({ municipalityCode: 851, baseUrl: 'https://kitos.dk', organizationUuid: ORG, apiUserEmailHint: 'k***@aalborg.dk', updatedBy: architect.email });
        expect(put.json).not.toHaveProperty('password');
        const got = await answer(await send(leader, 'GET', 851));
        expect(got.status).toBe(200);
        expect(got.json).toEqual(put.json);
        expect((await answer(await send(otherArchitect, 'GET', 851))).status).toBe(403);
        expect((await answer(await send(otherArchitect, 'DELETE', 851))).status).toBe(403);
        expect((await answer(await send(architect, 'PUT', 851, { organizationUuid: OTHER_ORG, email: 'kitos@aalborg.dk' }))).status).toBe(200);
        expect((await credentialsFor(db(), ring, 851)).password).toBe(SECRET);
        expect((await answer(await send(architect, 'DELETE', 851))).status).toBe(204);
        expect((await answer(await send(architect, 'GET', 851))).status).toBe(404);
        expect((await answer(await send(architect, 'DELETE', 851))).status).toBe(404);
        expect((await answer(await send(architect, 'GET', 999))).status).toBe(404);
        // The whole document never carries it either.
        bodies.push(await (await ta.app.request('/api/v1/openapi.json')).text());
      } finally {
        spies.forEach((s) => s.mockRestore());
        for (const w of writes) {
          output.push(...w.mock.calls.map((c) => String(c[0])));
          w.mockRestore();
        }
      }
      const audit = await db().selectFrom('audit_log').selectAll().where('municipality_code', '=', 851).orderBy('id').execute();
      expect(audit.map((a) => a.action)).toEqual(['kitos.connection.create', 'kitos.connection.update', 'kitos.connection.delete']);
      expect(JSON.parse(audit[1]!.after!)).toEqual({ baseUrl: 'https://kitos.dk', organizationUuid: OTHER_ORG, apiUserEmailHint: 'k***@aalborg.dk', credentialsChanged: false, syncCursorCleared: true });
      const everything = [...bodies, ...output, JSON.stringify(await db().selectFrom('audit_log').selectAll().execute())].join('\n');
      expect(everything).not.toContain(SECRET);
      expect(everything).not.toContain('kitos@aalborg.dk');
    });

    it('answers 503 with a Danish and English reason when the server has no SECRETS_KEY', async () => {
      const bare = await createTestApp(kind);
      try {
        const admin = await signInAs(bare, [{ role: 'admin', municipalityCode: null }]);
        const res = await bare.app.request(path(851), { method: 'PUT', headers: { ...admin.write, 'content-type': 'application/json' }, body: JSON.stringify({ organizationUuid: ORG, email: 'kitos@aalborg.dk', password: SECRET }) });
        expect(res.status).toBe(503);
        const problem = (await res.json()) as { type: string; errors: { message: { da: string; en: string } }[] };
        expect(problem.type).toMatch(/secrets-unavailable$/);
        expect(problem.errors[0]!.message.da).toMatch(/^Serveren har ingen nøgle til at kryptere adgangsoplysninger/);
        expect(await bare.t.handle.db.selectFrom('kitos_connections').selectAll().execute()).toEqual([]);
        // The rest of the server works.
        expect((await bare.app.request('/api/v1/municipalities', { headers: admin.read })).status).toBe(200);
      } finally {
        await bare.t.drop();
      }
    });
  });
});

describe('handlefrihed kitos (the command line)', () => {
  const PASSWORD_CLI = 'Cli-hemmelighed-4711';
  const PASSWORD_STDIN = 'Stdin-hemmelighed-0815';
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase('sqlite');
  });
  afterAll(async () => t.drop());

  it('configures, shows, rotates the key and forgets, never taking the password as an argument or printing it', async () => {
    const [keyA, keyB] = [keyText(), keyText()];
    const base = { DATABASE_URL: t.url, KITOS_PASSWORD: '' };
    const outputs: string[] = [];
    const cli = (args: string[], env: Record<string, string>, input?: string) => {
      const r = spawnSync(process.execPath, [join(process.cwd(), 'bin/handlefrihed.js'), 'kitos', ...args], { env: { ...process.env, ...base, ...env }, input: input ?? '', encoding: 'utf8', timeout: 600_000 });
      outputs.push(r.stdout, r.stderr);
      return { code: r.status, out: r.stdout, err: r.stderr };
    };
    const configure = ['configure', '--municipality', '101', '--org', ORG, '--email', 'kitos@kk.dk'];

    const noKey = cli(configure, { KITOS_PASSWORD: PASSWORD_CLI });
    expect(noKey.code).toBe(1);
    expect(noKey.err).toContain('SECRETS_KEY');
    const made = cli(configure, { SECRETS_KEY: keyA, KITOS_PASSWORD: PASSWORD_CLI });
    expect(made.code, made.err).toBe(0);
    expect(made.out).toContain('k***@kk.dk');
    const piped = cli(['configure', '--municipality', '147', '--org', OTHER_ORG, '--email', 'kitos@frb.dk', '--base-url', 'https://kitos.example.dk/'], { SECRETS_KEY: keyA }, `${PASSWORD_STDIN}\n`);
    expect(piped.code, piped.err).toBe(0);
    const asArgument = cli([...configure, PASSWORD_CLI], { SECRETS_KEY: keyA });
    expect(asArgument.code).toBe(2);

    const shown = cli(['show', '--municipality', '147', '--json'], {});
    expect(shown.code, shown.err).toBe(0);
    expect(JSON.parse(shown.out)).toMatchObject({ municipalityCode: 147, baseUrl: 'https://kitos.example.dk', organizationUuid: OTHER_ORG, apiUserEmailHint: 'k***@frb.dk' });

    const rotated = cli(['rotate-key'], { SECRETS_KEY: keyB, SECRETS_KEY_PREVIOUS: keyA });
    expect(rotated.code, rotated.err).toBe(0);
    expect(rotated.out).toContain(`re-encrypted with key ${Keyring.fromSettings(keyB, null).currentKeyId}: 2`);
    const newOnly = Keyring.fromSettings(keyB, null);
    expect((await credentialsFor(t.handle.db, newOnly, 101)).password).toBe(PASSWORD_CLI);
    expect((await credentialsFor(t.handle.db, newOnly, 147)).password).toBe(PASSWORD_STDIN);

    expect(cli(['forget', '--municipality', '147'], {}).code).toBe(0);
    const gone = cli(['show', '--municipality', '147'], {});
    expect(gone.code).toBe(1);
    expect(gone.err).toContain('har ingen KITOS-forbindelse');
    const audit = await t.handle.db.selectFrom('audit_log').select(['action', 'actor', 'after', 'before']).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['kitos.connection.create', 'kitos.connection.create', 'secrets.rotate-key', 'kitos.connection.delete']);
    expect(audit[0]!.actor).toMatch(/^cli:/);
    const everything = [...outputs, JSON.stringify(audit)].join('\n');
    for (const secret of [PASSWORD_CLI, PASSWORD_STDIN, keyA, keyB]) expect(everything).not.toContain(secret);
  });
});
