// KITOS sync (issue #18) against a local KITOS (test/helpers/kitos-fixture-server.ts: real HTTP on
// 127.0.0.1 with KITOS's paging, tokens and delta feed), on both databases: a first full sync, an
// incremental one that yields exactly what a full read gives, "unchanged" without a new version,
// dry runs, a version in between, faults (no access, KITOS down, a page breaking the contract)
// that write nothing, one sync per municipality at a time, the schedule's one-run-per-slot, and
// the API (in a worker thread) with who may sync. Clocks are the test's: the fixture server's and
// the client's are one controlled number; "now" for the connection is fixed instants.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportRefusedError } from '../../server/src/errors.ts';
import { KitosAccessError, KitosUnavailableError } from '../../server/src/kitos/errors.ts';
import { Keyring } from '../../server/src/secrets.ts';
import { acquireSyncLease, configureKitosConnection, releaseSyncLease, showKitosConnection } from '../../server/src/services/kitos-connections.ts';
import { runScheduledSyncs } from '../../server/src/services/kitos-schedule.ts';
import { kitosSyncRunner } from '../../server/src/services/kitos-sync-runner.ts';
import { type KitosSyncReport, runKitosSync, SyncRunningError } from '../../server/src/services/kitos-sync.ts';
import { rollbackTo } from '../../server/src/services/inventory-versions.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { type KitosFixtureServer, startKitosFixtureServer } from '../helpers/kitos-fixture-server.ts';

const CODE = 851;
const MINUTE = 60_000;
const START = Date.parse('2026-09-01T08:00:00.000Z');
const KEY = Buffer.alloc(32, 7).toString('base64');
const actor = { userId: null, label: 'test' };

describe.each(databaseKinds)('KITOS sync on %s', (kind) => {
  let ta: TestApp;
  let server: KitosFixtureServer;
  let clock: number;
  const ring = Keyring.fromSettings(KEY, null);
  const db = () => ta.t.handle.db;
  const deps = () => ({ client: { now: () => clock, sleep: async () => {}, backoffMs: 1, attempts: 2, timeoutMs: 10_000 }, now: () => new Date(clock) });
  const sync = (over: { dryRun?: boolean; full?: boolean; slot?: string } = {}) => runKitosSync(db(), ring, { municipalityCode: CODE, actor: 'test', ...over }, deps()) as Promise<KitosSyncReport>;
  const versions = async () => (await db().selectFrom('inventory_versions').select(['id', 'kind', 'usage_count', 'contract_count']).where('municipality_code', '=', CODE).orderBy('id').execute());
  const current = async () => (await db().selectFrom('current_inventory').select('inventory_version_id').where('municipality_code', '=', CODE).executeTakeFirst())?.inventory_version_id ?? null;

  beforeAll(async () => {
    ta = await createTestApp(kind, { env: { SECRETS_KEY: KEY } });
  });
  afterAll(async () => ta.t.drop());
  beforeEach(async () => {
    clock = START;
    server = await startKitosFixtureServer({ now: () => clock });
    await db().deleteFrom('kitos_sync_snapshots').execute();
    await db().deleteFrom('kitos_connections').execute();
    await configureKitosConnection(db(), ring, actor, CODE, { baseUrl: server.url, organizationUuid: server.orgUuid, email: server.credentials.email, password: server.credentials.password }, new Date(clock));
  });
  afterEach(async () => {
    // No request left this machine: every one reached the local KITOS.
    expect(server.requests.every((r) => r.path.startsWith('/api/'))).toBe(true);
    await server.stop();
  });

  it('reads everything the first time, imports it as a kitos-sync version, moves the cursor, and makes no new version for the same data', async () => {
    const before = (await versions()).length;
    const first = await sync();
    expect(first.status).toBe('committed');
    expect(first.sync).toMatchObject({ mode: 'full', changed: null, deleted: null });
    expect(first.sync.reason?.da).toContain('første');
    expect(first.sync.entities.usages).toBe(server.data.itSystemUsages.length);
    expect(first.errors).toEqual([]);
    const all = await versions();
    expect(all.length).toBe(before + 1);
    expect(all.at(-1)).toMatchObject({ kind: 'kitos-sync', usage_count: server.data.itSystemUsages.length });
    expect(await current()).toBe(first.inventoryVersionId);
    const run = await db().selectFrom('import_runs').selectAll().where('id', '=', first.importRunId).executeTakeFirstOrThrow();
    expect(run).toMatchObject({ format: 'kitos-api', profile: 'kitos-api', status: 'committed' });
    expect(run.file_name).toContain(server.orgUuid);
    const audit = await db().selectFrom('audit_log').select('action').where('entity_type', '=', 'inventory_version').where('entity_id', '=', String(first.inventoryVersionId)).execute();
    expect(audit.map((a) => a.action)).toEqual(['inventory.kitos-sync']);
    const shown = await showKitosConnection(db(), CODE, new Date(clock));
    expect(shown).toMatchObject({ lastError: null, syncRunning: false });
    expect(shown.syncCursor).not.toBeNull();

    clock += 10 * MINUTE;
    const again = await sync();
    expect(again.status).toBe('unchanged');
    expect(again.sync).toMatchObject({ mode: 'incremental', reason: null, changed: 0, deleted: 0 });
    expect((await versions()).length).toBe(before + 1);
    // Only changes were asked for the second time.
    expect(server.requests.some((r) => r.query.changedSinceGtEq)).toBe(true);
  });

  it('applies what changed since the last sync and gives exactly the inventory a full read gives', async () => {
    await sync();
    clock += 60 * MINUTE;
    const contract = server.data.itContracts[1]!.uuid;
    server.changeContract(contract, { name: 'Ny driftsaftale' });
    const gone = server.data.itSystemUsages[3]!.uuid;
    server.deleteEntity('ItSystemUsage', gone);
    clock += 60 * MINUTE;
    const usagesNow = server.data.itSystemUsages.length;

    const step = await sync();
    expect(step.status).toBe('committed');
    expect(step.sync).toMatchObject({ mode: 'incremental', deleted: 1 });
    expect(step.sync.changed).toBeGreaterThanOrEqual(1);
    expect(step.sync.entities.usages).toBe(usagesNow);
    expect((await versions()).at(-1)).toMatchObject({ kind: 'kitos-sync', usage_count: usagesNow });
    const names = await db().selectFrom('contracts').select('name').where('inventory_version_id', '=', step.inventoryVersionId!).execute();
    expect(names.map((n) => n.name)).toContain('Ny driftsaftale');

    // A full read of the same KITOS: the same inventory, so no new version.
    clock += MINUTE;
    const full = await sync({ full: true });
    expect(full.sync).toMatchObject({ mode: 'full', reason: null });
    expect(full.status).toBe('unchanged');
    expect(full.inventoryVersionId).toBe(step.inventoryVersionId);
  });

  it('writes nothing and keeps the cursor on a dry run', async () => {
    const first = await sync();
    const cursor = (await showKitosConnection(db(), CODE, new Date(clock))).syncCursor;
    clock += 60 * MINUTE;
    server.changeContract(server.data.itContracts[0]!.uuid, { name: 'Kun prøvet' });
    clock += MINUTE;
    const dry = await sync({ dryRun: true });
    expect(dry.status).toBe('dry_run');
    expect(await current()).toBe(first.inventoryVersionId);
    expect((await showKitosConnection(db(), CODE, new Date(clock))).syncCursor).toBe(cursor);
  });

  it('reads everything again when the current version is no longer the one KITOS gave (a rollback came between)', async () => {
    const first = await sync();
    clock += 60 * MINUTE;
    server.changeContract(server.data.itContracts[0]!.uuid, { name: 'Anden version' });
    clock += MINUTE;
    const second = await sync();
    expect(second.status).toBe('committed');
    await rollbackTo(db(), CODE, first.inventoryVersionId!, actor);
    clock += MINUTE;
    const third = await sync();
    expect(third.sync.mode).toBe('full');
    expect(third.sync.reason?.en).toContain('no longer');
    expect(third.status).toBe('committed');
  });

  it('stops with a Danish message when the API user lacks access, writes nothing and records the error', async () => {
    const before = await versions();
    server.denyApiAccess = true;
    const err = await sync().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KitosAccessError);
    expect((err as KitosAccessError).errors[0]!.message.da).toContain('KITOS-API-brugeren har ikke adgang');
    expect(await versions()).toEqual(before);
    const shown = await showKitosConnection(db(), CODE, new Date(clock));
    expect(shown.lastError?.da).toContain('KITOS-API-brugeren har ikke adgang');
    expect(shown).toMatchObject({ syncRunning: false, syncCursor: null });
    expect(JSON.stringify(shown)).not.toContain(server.credentials.password);
  });

  it('gives up after bounded retries when KITOS keeps failing, and writes nothing', async () => {
    const before = await versions();
    server.failNext(1000, { status: 503 });
    await expect(sync()).rejects.toBeInstanceOf(KitosUnavailableError);
    expect(await versions()).toEqual(before);
    expect((await showKitosConnection(db(), CODE, new Date(clock))).syncRunning).toBe(false);
  });

  it('refuses a read that breaks the contract, naming the entity by its UUID, and writes nothing', async () => {
    const before = await versions();
    const usage = server.data.itSystemUsages[0]!;
    (usage.general as Record<string, unknown>).validity = { ...((usage.general as Record<string, unknown>).validity as object), lifeCycleStatus: 'Retired' };
    // The service reports the refusal (the CLI exits 1); the runner behind the API throws it as 422.
    const report = await sync();
    expect(report.status).toBe('refused');
    await expect(kitosSyncRunner(db(), { databaseUrl: null, keyring: ring }).run({ municipalityCode: CODE, actor: 'test', full: true })).rejects.toBeInstanceOf(ImportRefusedError);
    expect(report.errors.some((e) => e.value === usage.uuid || e.message.da.includes(usage.uuid))).toBe(true);
    expect(await versions()).toEqual(before);
    expect((await showKitosConnection(db(), CODE, new Date(clock))).lastError?.da).toContain('afvist');
  });

  it('runs one sync per municipality at a time, and a scheduled slot once across servers', async () => {
    expect(await acquireSyncLease(db(), CODE, 'another-server', 15 * MINUTE, new Date(clock))).toBe(true);
    await expect(sync()).rejects.toBeInstanceOf(SyncRunningError);
    expect(await sync({ slot: new Date(clock).toISOString() })).toBe('skipped');
    await releaseSyncLease(db(), CODE, 'another-server');

    // Two servers fire for the same minute: one syncs, the other finds it done.
    const slot = new Date(clock).toISOString();
    const serverRun = () =>
      runScheduledSyncs(new Date(slot), {
        municipalities: async () => [CODE],
        syncOne: async (code, s) => ((await runKitosSync(db(), ring, { municipalityCode: code, actor: 'schedule', slot: s.toISOString() }, deps())) === 'skipped' ? 'skipped' : 'ran'),
        log: () => {},
      });
    const [a, b] = await Promise.all([serverRun(), serverRun()]);
    expect([...a.ran, ...b.ran]).toEqual([CODE]);
    expect([...a.skipped, ...b.skipped]).toEqual([CODE]);
    expect([...a.failed, ...b.failed]).toEqual([]);
  });

  describe('over the API (a worker thread)', () => {
    let architect: SignedInClient;
    let leader: SignedInClient;
    beforeAll(async () => {
      architect = await signInAs(ta, [{ role: 'architect', municipalityCode: CODE }]);
      leader = await signInAs(ta, [{ role: 'leader', municipalityCode: CODE }]);
    });
    const post = (client: SignedInClient, path: string, body: unknown) =>
      ta.app.request(`/api/v1/municipalities/${CODE}/${path}`, { method: 'POST', headers: { ...client.write, 'content-type': 'application/json' }, body: JSON.stringify(body) });

    it('finds the organisation, syncs for an architect and answers with the report; leaders may not', async () => {
      // The worker's KITOS client uses the real clock: so does the fixture server here.
      await server.stop();
      server = await startKitosFixtureServer();
      await configureKitosConnection(db(), ring, actor, CODE, { baseUrl: server.url, organizationUuid: server.orgUuid, email: server.credentials.email, password: server.credentials.password }, new Date());
      const orgs = await post(architect, 'kitos-connection/organizations', { baseUrl: server.url, email: server.credentials.email, password: server.credentials.password });
      expect(orgs.status).toBe(200);
      expect(((await orgs.json()) as { items: { uuid: string }[] }).items.map((o) => o.uuid)).toEqual([server.orgUuid]);

      expect((await post(leader, 'kitos-sync', { dryRun: true })).status).toBe(403);
      const dry = await post(architect, 'kitos-sync', { dryRun: true });
      expect(dry.status).toBe(200);
      const res = await post(architect, 'kitos-sync', { full: true });
      const text = await res.text();
      expect(res.status === 201 || res.status === 200).toBe(true);
      const body = JSON.parse(text) as KitosSyncReport;
      expect(body.sync.mode).toBe('full');
      expect(body.sync.entities.usages).toBe(server.data.itSystemUsages.length);
      expect(text).not.toContain(server.credentials.password);

      server.denyApiAccess = true;
      const denied = await post(architect, 'kitos-sync', {});
      expect(denied.status).toBe(502);
      const problem = (await denied.json()) as { errors: { message: { da: string } }[] };
      expect(problem.errors[0]!.message.da).toContain('KITOS-API-brugeren har ikke adgang');
    });

    it('refuses a body that is not the documented JSON, and syncs nothing', async () => {
      const runs = async () => (await db().selectFrom('import_runs').select('id').where('municipality_code', '=', CODE).execute()).length;
      const before = await runs();
      const bad = await ta.app.request(`/api/v1/municipalities/${CODE}/kitos-sync`, { method: 'POST', headers: { ...architect.write, 'content-type': 'application/json' }, body: '{"dryRun": tru' });
      expect(bad.status).toBe(400);
      expect((await post(architect, 'kitos-sync', { dryRun: true, everything: true })).status).toBe(400);
      expect(await runs()).toBe(before);
    });

    it('answers 404 when the municipality has no KITOS connection', async () => {
      await db().deleteFrom('kitos_connections').execute();
      expect((await post(architect, 'kitos-sync', {})).status).toBe(404);
    });
  });

  it('runs in a worker thread when the database can be opened from one', async () => {
    const runner = kitosSyncRunner(db(), { databaseUrl: ta.t.url, keyring: ring });
    await server.stop();
    server = await startKitosFixtureServer();
    await configureKitosConnection(db(), ring, actor, CODE, { baseUrl: server.url, organizationUuid: server.orgUuid, email: server.credentials.email, password: server.credentials.password }, new Date());
    const before = await versions();
    const r = await runner.run({ municipalityCode: CODE, actor: 'test', dryRun: true });
    expect(r).not.toBe('skipped');
    // A dry run against the data already current is reported as unchanged; either way nothing is written.
    expect(['dry_run', 'unchanged']).toContain((r as KitosSyncReport).status);
    expect((r as KitosSyncReport).sync.entities.usages).toBe(server.data.itSystemUsages.length);
    expect(await versions()).toEqual(before);
  });
});
