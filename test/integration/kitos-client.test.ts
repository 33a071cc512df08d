// The KITOS transport against a local KITOS (test/helpers/kitos-fixture-server.ts): real HTTP on
// 127.0.0.1 serving the shared fixture responses with KITOS's paging, token and delta behaviour.
// Waiting is injected (the client's sleep records and returns), so no test waits for a backoff;
// only the timeout test lets a tiny real timeout run out.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../server/src/errors.ts';
import { KitosClient, type KitosClientOptions } from '../../server/src/kitos/client.ts';
import { KitosAccessError, KitosContractError, KitosUnavailableError } from '../../server/src/kitos/errors.ts';
import { kitosFixtureText, type KitosFixtureServer, type KitosRecordedRequest, type Row, startKitosFixtureServer } from '../helpers/kitos-fixture-server.ts';

const START = Date.parse('2026-09-01T12:00:00Z');
const MINUTE = 60_000;
const LISTS = /^\/api\/v2\/(it-system-usages|it-systems|it-contracts|data-processing-registrations|organizations(\/[^/]+\/organization-units)?|delta-feed\/deleted-entities|kle-options)$/;

let server: KitosFixtureServer;
let clock: number;
let sleeps: number[];
let fetched: string[];

beforeEach(async () => {
  clock = START;
  sleeps = [];
  fetched = [];
  server = await startKitosFixtureServer({ now: () => clock });
});

afterEach(async () => {
  // Nothing left 127.0.0.1: every request the client made is one the fixture server saw.
  expect(fetched.every((url) => url.startsWith(`${server.url}/`))).toBe(true);
  expect(server.requests.length).toBe(fetched.length);
  await server.stop();
});

function client(options: Partial<KitosClientOptions> = {}): KitosClient {
  return new KitosClient({
    baseUrl: server.url,
    credentials: server.credentials,
    fetch: (input, init) => {
      fetched.push(String(input));
      return fetch(input, init);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    now: () => clock,
    ...options,
  });
}

const uuids = (rows: unknown[]) => rows.map((r) => (r as Row).uuid);
const logins = () => server.requests.filter((r) => /gettoken/i.test(r.path));
const sweepsOf = (path: string) => server.requests.filter((r) => r.path === path && !r.query.changedSinceGtEq);
const sameRequest = (a: KitosRecordedRequest, b: KitosRecordedRequest) => a.path === b.path && JSON.stringify(a.query) === JSON.stringify(b.query);

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

describe('KitosClient', () => {
  it('reads every page of every endpoint: 600 usages as 250/250/100, none lost, none twice', async () => {
    server.addUsages(600 - server.data.itSystemUsages.length);
    const raw = await client().readAll(server.orgUuid);

    expect(raw.itSystemUsages).toEqual(server.data.itSystemUsages);
    expect(new Set(uuids(raw.itSystemUsages)).size).toBe(600);
    expect(sweepsOf('/api/v2/it-system-usages').map((r) => r.query.page)).toEqual(['0', '1', '2']);
    // The catalogue systems the usages use, the deactivated one included (§4).
    expect(raw.itSystems).toEqual(server.data.itSystems);
    expect(raw.itSystems.some((s) => (s as Row).deactivated === true)).toBe(true);
    expect(sweepsOf('/api/v2/it-systems')[0]!.query).toMatchObject({ usedInOrganizationUuid: server.orgUuid, includeDeactivated: 'true' });
    expect(raw.itContracts).toEqual(server.data.itContracts);
    expect(raw.dataProcessingRegistrations).toEqual(server.data.dataProcessingRegistrations);
    expect(raw.organizationUnits).toEqual(server.data.organizationUnits);
    expect(raw.kleOptions).toEqual(server.data.kleOptions);
    expect(raw.deletedEntities).toEqual([]);

    // Every list call pages explicitly: a call without pageSize would be cut at 250 without a word.
    const lists = server.v2Requests().filter((r) => LISTS.test(r.path));
    expect(lists.length).toBeGreaterThan(0);
    for (const r of lists) expect(r.query, r.path).toMatchObject({ page: expect.stringMatching(/^\d+$/), pageSize: '250' });
    expect(logins()).toHaveLength(1);
  });

  it('refuses an organisation that is not a uuid before any request', async () => {
    await expect(client().readAll('101')).rejects.toBeInstanceOf(InputError);
    expect(server.requests).toHaveLength(0);
  });

  it('lists the organisations the API user is a member of', async () => {
    expect(await client().organizations()).toEqual(server.data.organizations);
    expect(server.v2Requests()[0]!.query).toMatchObject({ onlyWhereUserHasMembership: 'true' });
  });

  it('passes both response shapes through untouched', async () => {
    server.useVariants();
    const raw = await client().readAll(server.orgUuid);
    const usage = raw.itSystemUsages.find((u) => (u as Row).uuid === '15d0329b-78d6-574c-a078-f8c68a809d82');
    expect(usage).toEqual(JSON.parse(kitosFixtureText('variants/it-system-usage.os2kitos-0971fe5-2025-06-shape.response.json')));
    const system = raw.itSystems.find((s) => (s as Row).uuid === 'b6d4f341-d26b-5b6c-a231-8ab26c06d9d5');
    expect(system).toEqual(JSON.parse(kitosFixtureText('variants/it-system.kitos-14.1-shape.response.json')));
  });

  describe('incremental reads', () => {
    it('asks only for what changed since, plus the deleted entities', async () => {
      const snapshot = await client().readSnapshot(server.orgUuid, { changedSince: '2026-08-01T00:00:00Z' });
      const { raw } = snapshot;
      // The fixture's own answer to this question, in its order (by last change).
      expect(raw.itSystemUsages).toEqual(JSON.parse(kitosFixtureText('it-system-usages.changed-since.response.json')));
      expect(raw.deletedEntities).toEqual(JSON.parse(kitosFixtureText('delta-feed.deleted-entities.response.json')));
      expect(raw.itContracts).toEqual([]);
      expect(raw.dataProcessingRegistrations).toEqual([]);
      // The changed catalogue system, and the (unchanged) systems the changed usages point to.
      const referenced = raw.itSystemUsages.map((u) => (u as { systemContext: { uuid: string } }).systemContext.uuid);
      expect(new Set(uuids(raw.itSystems))).toEqual(new Set(['b6d4f341-d26b-5b6c-a231-8ab26c06d9d5', ...referenced]));
      expect(snapshot.cursor).toBe(new Date(START - 5 * MINUTE).toISOString());

      for (const path of ['/api/v2/it-system-usages', '/api/v2/it-systems', '/api/v2/it-contracts', '/api/v2/data-processing-registrations', `/api/v2/organizations/${server.orgUuid}/organization-units`]) {
        expect(server.requests.some((r) => r.path === path && r.query.changedSinceGtEq === '2026-08-01T00:00:00.000Z'), path).toBe(true);
      }
      const feeds = server.requests.filter((r) => r.path === '/api/v2/delta-feed/deleted-entities' && r.query.deletedSinceUTC === '2026-08-01T00:00:00.000Z');
      expect(new Set(feeds.map((r) => r.query.entityType))).toEqual(new Set(['ItSystemUsage', 'ItSystem', 'ItContract', 'DataProcessingRegistration', 'OrganizationUnit']));
    });

    it('after a full read, returns the changed contract and the deleted usage, nothing else', async () => {
      const first = await client().readSnapshot(server.orgUuid);
      const gone = server.data.itSystemUsages[3]!.uuid;
      const contract = server.data.itContracts[1]!.uuid;
      clock += 60 * MINUTE;
      server.changeContract(contract, { name: 'Ny kontrakt' });
      server.deleteEntity('ItSystemUsage', gone);
      clock += 60 * MINUTE;

      const { raw } = await client().readSnapshot(server.orgUuid, { changedSince: first.cursor });
      expect(raw.itContracts).toEqual([server.data.itContracts[1]]);
      expect((raw.itContracts[0] as Row).name).toBe('Ny kontrakt');
      expect(raw.deletedEntities).toEqual([{ occurredAtUtc: new Date(START + 60 * MINUTE).toISOString(), entityUuid: gone, entityType: 'ItSystemUsage' }]);
      expect(raw.itSystemUsages).toEqual([]);
      expect(raw.dataProcessingRegistrations).toEqual([]);
    });

    it('sweeps again when a row is deleted behind the read position, so no row is skipped', async () => {
      server.addUsages(600 - server.data.itSystemUsages.length);
      const victim = server.data.itSystemUsages[0]!.uuid;
      let deleted = false;
      server.onRequest((r) => {
        if (!deleted && r.path === '/api/v2/it-system-usages' && r.query.page === '1' && !r.query.changedSinceGtEq) {
          deleted = true;
          server.deleteEntity('ItSystemUsage', victim);
        }
      });
      const raw = await client().readAll(server.orgUuid);
      expect(deleted).toBe(true);
      expect(raw.itSystemUsages).toEqual(server.data.itSystemUsages);
      expect(raw.itSystemUsages).toHaveLength(599);
      expect(sweepsOf('/api/v2/it-system-usages').filter((r) => r.query.page === '0')).toHaveLength(2);
    });

    it('sweeps again when a row changes behind the read position of a read by last change', async () => {
      server.addUsages(600 - server.data.itSystemUsages.length, { lastModified: '2026-08-15T00:00:00Z' });
      const since = '2026-08-10T00:00:00Z';
      const expected = server.data.itSystemUsages.filter((u) => Date.parse(String(u.lastModified)) >= Date.parse(since));
      expect(expected.length).toBeGreaterThan(500);
      let moved: Row | undefined;
      server.onRequest((r) => {
        if (!moved && r.path === '/api/v2/it-system-usages' && r.query.page === '1' && r.query.changedSinceGtEq === new Date(since).toISOString()) {
          moved = expected[0]!;
          moved.lastModified = new Date(clock).toISOString();
        }
      });
      const { raw } = await client().readSnapshot(server.orgUuid, { changedSince: since });
      expect(moved).toBeDefined();
      expect(new Set(uuids(raw.itSystemUsages))).toEqual(new Set(uuids(expected)));
      expect(raw.itSystemUsages).toHaveLength(expected.length);
      expect(raw.itSystemUsages.find((u) => (u as Row).uuid === moved!.uuid)).toEqual(moved);
    });
  });

  describe('tokens', () => {
    it('renews an expired token once and repeats the call', async () => {
      let v2 = 0;
      server.onRequest((r) => {
        if (r.path.startsWith('/api/v2/') && ++v2 === 3) server.expireTokens();
      });
      const raw = await client().readAll(server.orgUuid);
      expect(raw.itSystemUsages).toEqual(server.data.itSystemUsages);
      const refused = server.requests.findIndex((r) => r.status === 401);
      expect(server.requests.filter((r) => r.status === 401)).toHaveLength(1);
      expect(server.requests[refused + 1]!.path).toMatch(/gettoken/i);
      expect(sameRequest(server.requests[refused + 2]!, server.requests[refused]!)).toBe(true);
      expect(server.requests[refused + 2]!.status).toBe(200);
      expect(logins()).toHaveLength(2);
    });

    it('renews before the expiry KITOS gave, without a refused call', async () => {
      const kitos = client();
      await kitos.organizations();
      clock += 24 * 3600_000 - 9 * MINUTE; // within the renewal margin of the 24-hour token
      await kitos.organizations();
      expect(logins()).toHaveLength(2);
      expect(server.requests.some((r) => r.status === 401)).toBe(false);
    });

    it('stops with KitosAccessError when the new token is refused too, without looping', async () => {
      server.tokenLifetimeCalls = 0;
      const err = await rejection(client().readAll(server.orgUuid));
      expect(err).toBeInstanceOf(KitosAccessError);
      expect((err as KitosAccessError).refusal).toBe('token-refused');
      expect((err as KitosAccessError).reason.da).toMatch(/^KITOS-API-brugeren har ikke adgang/);
      expect(logins()).toHaveLength(2);
      expect(server.v2Requests()).toHaveLength(2);
    });

    it('a refused login is a KitosAccessError in Danish, tried once', async () => {
      const err = await rejection(client({ credentials: { email: server.credentials.email, password: 'forkert' } }).readAll(server.orgUuid));
      expect(err).toBeInstanceOf(KitosAccessError);
      expect((err as KitosAccessError).refusal).toBe('login');
      expect((err as KitosAccessError).errors[0]!.message.da).toMatch(/^KITOS-API-brugeren har ikke adgang/);
      expect((err as KitosAccessError).status).toBe(502);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]!.status).toBe(401);
      expect(JSON.stringify({ ...err, message: err.message })).not.toContain('forkert');
    });

    it('a 403 (no API access) is a KitosAccessError, never retried', async () => {
      server.denyApiAccess = true;
      const err = await rejection(client().readAll(server.orgUuid));
      expect(err).toBeInstanceOf(KitosAccessError);
      expect((err as KitosAccessError).refusal).toBe('forbidden');
      expect((err as KitosAccessError).reason.da).toMatch(/^KITOS-API-brugeren har ikke adgang til \/api\/v2\/it-system-usages/);
      expect(server.v2Requests()).toHaveLength(1);
      expect(sleeps).toEqual([]);
    });
  });

  describe('faults', () => {
    it('retries a 503 with backoff and succeeds', async () => {
      server.failNext(2);
      const raw = await client().readAll(server.orgUuid);
      expect(raw.itSystemUsages).toEqual(server.data.itSystemUsages);
      const v2 = server.v2Requests();
      expect(v2.slice(0, 3).map((r) => r.status)).toEqual([503, 503, 200]);
      expect(sameRequest(v2[0]!, v2[2]!)).toBe(true);
      expect(sleeps).toEqual([1000, 2000]);
    });

    it('retries a 429 the same way', async () => {
      server.failNext(1, { status: 429 });
      await client().organizations();
      expect(server.v2Requests().map((r) => r.status)).toEqual([429, 200]);
      expect(sleeps).toEqual([1000]);
    });

    it('retries a refused connection, then gives up', async () => {
      const closed = await startKitosFixtureServer();
      await closed.stop();
      const err = await rejection(client({ baseUrl: closed.url }).organizations());
      expect(err).toBeInstanceOf(KitosUnavailableError);
      expect((err as KitosUnavailableError).lastFailure).toBe('network error ECONNREFUSED');
      expect(fetched).toHaveLength(4);
      expect(fetched.every((url) => url.startsWith(`${closed.url}/`))).toBe(true);
      fetched = []; // they went to 127.0.0.1, to the server this test stopped
    });

    it('retries a failing login too', async () => {
      server.failNext(1, { path: /gettoken/i, status: 500 });
      await client().organizations();
      expect(logins().map((r) => r.status)).toEqual([500, 200]);
      expect(sleeps).toEqual([1000]);
    });

    it('gives up with KitosUnavailableError after the bounded tries, naming no secret', async () => {
      server.failNext(1000);
      const err = await rejection(client().readAll(server.orgUuid));
      expect(err).toBeInstanceOf(KitosUnavailableError);
      expect((err as KitosUnavailableError).attempts).toBe(4);
      expect(server.v2Requests()).toHaveLength(4);
      expect(sleeps).toEqual([1000, 2000, 4000]);
      const text = JSON.stringify({ ...err, message: err.message });
      expect(text).not.toContain(server.credentials.password);
      expect(text).not.toMatch(/eyJ|Bearer/);
    });

    it('a request that is never answered times out and counts as a failed try', async () => {
      // The login is the one that hangs: with a tiny timeout on every request, no other request
      // may be the one a busy machine makes late.
      server.hang(/gettoken/i);
      const err = await rejection(client({ timeoutMs: 100, attempts: 2 }).organizations());
      expect(err).toBeInstanceOf(KitosUnavailableError);
      expect((err as KitosUnavailableError).lastFailure).toBe('no answer within 0.1 s');
      expect(logins().map((r) => r.status)).toEqual([null, null]);
      expect(server.v2Requests()).toHaveLength(0);
      expect(sleeps).toEqual([1000]);
    });

    it('a 400 on a page is a KitosContractError naming the endpoint and page, not retried', async () => {
      server.respondWith(/^\/api\/v2\/it-contracts$/, 400, kitosFixtureText('error.v2-400-page-size.response.json'));
      const err = await rejection(client().readAll(server.orgUuid));
      expect(err).toBeInstanceOf(KitosContractError);
      expect((err as KitosContractError).endpoint).toBe(`/api/v2/it-contracts?organizationUuid=${server.orgUuid}`);
      expect((err as KitosContractError).page).toBe(0);
      expect(err.message).toContain('HTTP 400');
      expect(server.v2Requests().filter((r) => r.path === '/api/v2/it-contracts')).toHaveLength(1);
    });

    it('a body that is not JSON, or not an array, is a KitosContractError', async () => {
      server.respondWith(/^\/api\/v2\/it-system-usages$/, 200, '<html>Vedligehold</html>', { times: 1, contentType: 'text/html' });
      const notJson = await rejection(client().readAll(server.orgUuid));
      expect(notJson).toBeInstanceOf(KitosContractError);
      expect((notJson as KitosContractError).errors[0]!.message.da).toContain('svaret er ikke JSON');

      server.respondWith(/^\/api\/v2\/it-systems$/, 200, '{"value": []}', { times: 1 });
      const notArray = await rejection(client().readAll(server.orgUuid));
      expect(notArray).toBeInstanceOf(KitosContractError);
      expect((notArray as KitosContractError).endpoint).toMatch(/^\/api\/v2\/it-systems\?/);
      expect((notArray as KitosContractError).errors[0]!.message.en).toContain('not an array');
    });

    it('refuses a server that ignores page, and an answer over the byte limit', async () => {
      const full = JSON.stringify(Array.from({ length: 250 }, (_, i) => ({ uuid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}` })));
      server.respondWith(/^\/api\/v2\/it-contracts$/, 200, full);
      const repeats = await rejection(client().readAll(server.orgUuid));
      expect(repeats).toBeInstanceOf(KitosContractError);
      expect((repeats as KitosContractError).page).toBe(1);

      const tooLarge = await rejection(client({ maxResponseBytes: 10_000 }).readAll(server.orgUuid));
      expect(tooLarge).toBeInstanceOf(KitosContractError);
      expect((tooLarge as KitosContractError).errors[0]!.message.en).toContain('larger than 10000 bytes');
    });
  });
});
