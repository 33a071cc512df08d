// The local KITOS itself (test/helpers/kitos-fixture-server.ts): before the client is tested
// against it, it must answer as the shared fixtures say KITOS answers.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kitosFixtureText, type KitosFixtureServer, startKitosFixtureServer } from '../helpers/kitos-fixture-server.ts';

const START = Date.parse('2026-09-01T12:00:00Z');
let server: KitosFixtureServer;

beforeEach(async () => {
  server = await startKitosFixtureServer({ now: () => START });
});

afterEach(async () => {
  await server.stop();
});

async function logIn(password = server.credentials.password): Promise<Response> {
  return fetch(`${server.url}/api/authorize/GetToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: server.credentials.email, password }),
  });
}

async function token(): Promise<string> {
  return ((await (await logIn()).json()) as { response: { token: string } }).response.token;
}

describe('the fixture server', () => {
  it('answers every request of the manifest with its fixture', async () => {
    const bearer = await token();
    // The older shapes last: they replace rows the current-shape pages hold.
    const entries = [...server.manifest.filter((e) => !e.shape), ...server.manifest.filter((e) => e.shape)];
    for (const entry of entries) {
      if (entry.shape) server.useVariants();
      const query = entry.query ? `?${new URLSearchParams(entry.query)}` : '';
      const body = entry.body ? JSON.stringify({ ...entry.body, password: entry.status === 200 ? server.credentials.password : 'wrong' }) : undefined;
      const res = await fetch(`${server.url}${entry.path}${query}`, {
        method: entry.method,
        headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        body,
      });
      expect(res.status, entry.file).toBe(entry.status);
      const expected = JSON.parse(kitosFixtureText(entry.file)) as unknown;
      const actual = (await res.json()) as { response?: { token?: string; expires?: string } };
      if (entry.file === 'token.response.json') {
        // A fresh token each login, with an expiry from the server's clock.
        expect(Object.keys(actual.response!)).toEqual(Object.keys((expected as { response: object }).response));
        expect(actual.response!.expires).toBe(new Date(START + 24 * 3600_000).toISOString());
      } else {
        expect(actual, entry.file).toEqual(expected);
      }
    }
  });

  it('cuts a list without pageSize at 250 and refuses a pageSize over 250', async () => {
    server.addUsages(600 - server.data.itSystemUsages.length);
    const bearer = await token();
    const get = async (query: string) => {
      const res = await fetch(`${server.url}/api/v2/it-system-usages?organizationUuid=${server.orgUuid}${query}`, { headers: { authorization: `Bearer ${bearer}` } });
      return { status: res.status, body: (await res.json()) as unknown };
    };
    expect(((await get('')).body as unknown[]).length).toBe(250);
    expect(await get('&pageSize=251')).toEqual({ status: 400, body: JSON.parse(kitosFixtureText('error.v2-400-page-size.response.json')) });
  });

  it('checks the Bearer token, and refuses API access when told to', async () => {
    const bearer = await token();
    const get = (auth?: string) => fetch(`${server.url}/api/v2/organizations`, { headers: auth ? { authorization: auth } : {} });
    expect((await get()).status).toBe(401);
    expect((await get('Bearer not-a-token')).status).toBe(401);
    expect((await get(`Bearer ${bearer}`)).status).toBe(200);
    server.expireTokens();
    expect((await get(`Bearer ${bearer}`)).status).toBe(401);
    server.denyApiAccess = true;
    const denied = await get(`Bearer ${await token()}`);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toBe('Du har ikke tilladelse til at kalde API endpoints');
    expect((await logIn('forkert')).status).toBe(401);
    expect(server.requests.map((r) => r.status)).toEqual([200, 401, 401, 200, 401, 200, 403, 401]);
  });
});
