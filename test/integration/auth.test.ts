// Accounts, roles and sign-in through real HTTP requests: who may read and write what, CSRF,
// rate limits and lockout, API tokens, audit entries for accepted (and none for refused)
// changes, and OpenID Connect sign-in end to end against a real provider.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventoryRecords } from '../../server/src/domain/inventory.ts';
import { LOCKOUT_AFTER, LOGIN_LIMITS } from '../../server/src/services/accounts.ts';
import { replaceInventory } from '../../server/src/services/replace-inventory.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { createTestUser, type SignedInClient, signInAs, TEST_PASSWORD } from '../helpers/auth.ts';
import { aRun, aUsage } from '../helpers/builders.ts';
import { databaseKinds } from '../helpers/databases.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';

const csv = (rows: string[]) => new TextEncoder().encode(['Systemnavn;Leverandør;Livscyklus', ...rows].join('\r\n'));
const upload = (bytes: Uint8Array, name = 'systemer.csv') => {
  const form = new FormData();
  form.set('file', new File([new Uint8Array(bytes)], name));
  return form;
};

describe.each(databaseKinds)('accounts and roles on %s', (kind) => {
  let ctx: TestApp;
  let admin: SignedInClient;
  let architect101: SignedInClient;
  let leader101: SignedInClient;
  let architect147: SignedInClient;
  let reader: SignedInClient;
  const req = (path: string, init: RequestInit = {}) => ctx.app.request(path, init);
  const audit = async () => ctx.t.handle.db.selectFrom('audit_log').selectAll().orderBy('id').execute();

  beforeAll(async () => {
    ctx = await createTestApp(kind, { demoCodes: [860] });
    // Real (non-demo) inventories for two municipalities: demo mode is off.
    for (const code of [101, 147]) {
      await replaceInventory(ctx.t.handle.db, { municipalityCode: code, kind: 'import', run: aRun(), records: inventoryRecords.parse({ usages: [aUsage({ local_id: `S-${code}` })] }) });
    }
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    architect101 = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    leader101 = await signInAs(ctx, [{ role: 'leader', municipalityCode: 101 }]);
    architect147 = await signInAs(ctx, [{ role: 'architect', municipalityCode: 147 }]);
    reader = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
  });
  afterAll(async () => ctx.t.drop());

  it('shows anonymous visitors nothing but health, the session, the API document and sign-in', async () => {
    expect((await req('/api/health')).status).toBe(200);
    expect((await req('/api/v1/openapi.json')).status).toBe(200);
    const session = (await (await req('/api/v1/auth/session')).json()) as { user: unknown; demoMode: boolean };
    expect(session).toMatchObject({ user: null, demoMode: false });
    for (const path of ['/api/v1/municipalities', '/api/v1/municipalities/101/score', '/api/v1/national/score', '/api/v1/audit', '/api/v1/users']) {
      const res = await req(path);
      expect(res.status, path).toBe(401);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });

  it('signs in with an HttpOnly, SameSite cookie and answers every failure alike', async () => {
    const user = await createTestUser(ctx, [{ role: 'reader', municipalityCode: null }]);
    const ok = await req('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email.toUpperCase(), password: TEST_PASSWORD }) });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^hf_session=[\w-]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    const wrong = await req('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password: 'forkert-forkert-forkert' }) });
    const nobody = await req('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ingen@kommune.dk', password: 'forkert-forkert-forkert' }) });
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(((await wrong.json()) as { detail: string }).detail).toBe(((await nobody.json()) as { detail: string }).detail);
    // The session cookie is stored only as a hash.
    const token = cookie.split(';')[0]!.split('=')[1]!;
    expect(await ctx.t.handle.db.selectFrom('sessions').select('id_hash').where('id_hash', '=', token).executeTakeFirst()).toBeUndefined();
  });

  it(`locks an account after ${LOCKOUT_AFTER} wrong passwords without saying so, and rate-limits per e-mail`, async () => {
    const user = await createTestUser(ctx, [{ role: 'reader', municipalityCode: null }]);
    const login = (password: string) => req('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: user.email, password }) });
    const first = await (await login('forkert-1')).json();
    for (let i = 1; i < LOCKOUT_AFTER; i++) expect((await login(`forkert-${i + 1}`)).status).toBe(401);
    const locked = await login(TEST_PASSWORD);
    expect(locked.status).toBe(401); // the right password, but the account is locked
    expect(((await locked.json()) as { detail: string }).detail).toBe((first as { detail: string }).detail);
    let limited: Response | null = null;
    for (let i = LOCKOUT_AFTER + 1; i <= LOGIN_LIMITS.perEmail + 1 && !limited; i++) {
      const res = await login('forkert');
      if (res.status === 429) limited = res;
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refuses cookie-authenticated writes without the CSRF token', async () => {
    const body = JSON.stringify({ inventoryVisibility: 'own_municipality' });
    const without = await req('/api/v1/municipalities/101/settings', { method: 'PUT', headers: { ...leader101.read, 'content-type': 'application/json' }, body });
    expect(without.status).toBe(403);
    expect(((await without.json()) as { type: string }).type).toMatch(/forbidden$/);
    const withToken = await req('/api/v1/municipalities/101/settings', { method: 'PUT', headers: { ...leader101.write, 'content-type': 'application/json' }, body });
    expect(withToken.status).toBe(200);
    // Restore the default for the other tests.
    await req('/api/v1/municipalities/101/settings', { method: 'PUT', headers: { ...leader101.write, 'content-type': 'application/json' }, body: JSON.stringify({ inventoryVisibility: 'all_municipalities' }) });
  });

  it('lets readers see aggregates but not inventories, and architects write only their own', async () => {
    expect((await req('/api/v1/municipalities/101/score', { headers: reader.read })).status).toBe(200);
    expect(((await (await req('/api/v1/municipalities/101/score', { headers: reader.read })).json()) as { topPriorities: unknown[] }).topPriorities).toEqual([]);
    expect((await req('/api/v1/municipalities/101/systems', { headers: reader.read })).status).toBe(403);
    expect((await req('/api/v1/municipalities/101/systems', { headers: architect147.read })).status).toBe(200); // fælleskommunal default
    const before = (await audit()).length;
    const refused = await req('/api/v1/municipalities/101/imports', { method: 'POST', headers: architect147.write, body: upload(csv(['A;KMD A/S;I drift'])) });
    expect(refused.status).toBe(403);
    expect((await audit()).length).toBe(before); // a refused change leaves no audit entry
    const ok = await req('/api/v1/municipalities/101/imports', { method: 'POST', headers: architect101.write, body: upload(csv(['A;KMD A/S;I drift', 'B;EG A/S;I drift'])) });
    expect(ok.status).toBe(201);
    const entries = await audit();
    expect(entries.length).toBe(before + 1);
    expect(entries.at(-1)).toMatchObject({ action: 'inventory.import', actor: architect101.email, actor_user_id: architect101.userId, municipality_code: 101 });
    expect(JSON.parse(entries.at(-1)!.after!)).toMatchObject({ usages: 2, fileName: 'systemer.csv' });
  });

  it("keeps an inventory to its own municipality when its leaders say so", async () => {
    const put = (visibility: string) =>
      req('/api/v1/municipalities/147/settings', { method: 'PUT', headers: { ...admin.write, 'content-type': 'application/json' }, body: JSON.stringify({ inventoryVisibility: visibility }) });
    expect((await put('own_municipality')).status).toBe(200);
    expect((await req('/api/v1/municipalities/147/systems', { headers: architect101.read })).status).toBe(403);
    expect((await req('/api/v1/municipalities/147/systems', { headers: architect147.read })).status).toBe(200);
    expect((await put('all_municipalities')).status).toBe(200);
    expect((await req('/api/v1/municipalities/147/systems', { headers: architect101.read })).status).toBe(200);
  });

  it('imports with a personal API token (no cookie, no CSRF), and not after it is revoked', async () => {
    const created = await req('/api/v1/me/tokens', { method: 'POST', headers: { ...architect101.write, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'nightly KITOS', role: 'architect', municipalityCode: 101 }) });
    expect(created.status).toBe(201);
    const { token, item } = (await created.json()) as { token: string; item: { id: number; prefix: string } };
    expect(token.startsWith(item.prefix)).toBe(true);
    const bearer = { authorization: `Bearer ${token}` };
    const imported = await req('/api/v1/municipalities/101/imports', { method: 'POST', headers: bearer, body: upload(csv(['A;KMD A/S;I drift', 'C;Netcompany A/S;I drift'])) });
    expect(imported.status).toBe(201);
    expect((await req('/api/v1/municipalities/147/imports', { method: 'POST', headers: bearer, body: upload(csv(['A;KMD A/S;I drift'])) })).status).toBe(403);
    // A token cannot carry a role its owner does not hold.
    const tooMuch = await req('/api/v1/me/tokens', { method: 'POST', headers: { ...architect101.write, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', role: 'admin' }) });
    expect(tooMuch.status).toBe(400);
    expect((await req(`/api/v1/me/tokens/${item.id}`, { method: 'DELETE', headers: architect101.write })).status).toBe(200);
    expect((await req('/api/v1/municipalities/101/imports', { headers: bearer })).status).toBe(401);
  });

  it('lets admins manage users and read the whole audit log; leaders read their own municipality', async () => {
    const created = await req('/api/v1/users', { method: 'POST', headers: { ...admin.write, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'ny@kommune.dk', grants: [{ role: 'leader', municipalityCode: 147 }] }) });
    expect(created.status).toBe(201);
    const badGrant = await req('/api/v1/users', { method: 'POST', headers: { ...admin.write, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'forkert@kommune.dk', grants: [{ role: 'architect' }] }) });
    expect(badGrant.status).toBe(400);
    expect((await req('/api/v1/users', { headers: architect101.read })).status).toBe(403);
    expect((await req('/api/v1/users', { method: 'POST', headers: { ...leader101.write, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'x@kommune.dk' }) })).status).toBe(403);
    const all = (await (await req('/api/v1/audit?action=user.create', { headers: admin.read })).json()) as { items: { after: { email: string } }[] };
    expect(all.items.map((e) => e.after.email)).toContain('ny@kommune.dk');
    expect((await req('/api/v1/audit', { headers: leader101.read })).status).toBe(403);
    const own = (await (await req('/api/v1/audit?municipality=101', { headers: leader101.read })).json()) as { items: { municipalityCode: number }[] };
    expect(own.items.length).toBeGreaterThan(0);
    expect(own.items.every((e) => e.municipalityCode === 101)).toBe(true);
    expect((await req('/api/v1/audit?municipality=147', { headers: leader101.read })).status).toBe(403);
  });

  it('signs out: the session is gone from the database', async () => {
    const me = await signInAs(ctx, [{ role: 'reader', municipalityCode: null }]);
    expect((await req('/api/v1/auth/logout', { method: 'POST', headers: me.write })).status).toBe(204);
    expect((await req('/api/v1/municipalities', { headers: me.read })).status).toBe(401);
  });
});

describe('OpenID Connect sign-in through the API', () => {
  let provider: TestOidcProvider;
  let ctx: TestApp;
  beforeAll(async () => {
    provider = await startOidcProvider({ redirectUri: 'http://127.0.0.1:9/api/v1/auth/oidc/callback' });
    const OIDC_CONFIG = JSON.stringify({
      issuer: provider.issuer,
      clientId: provider.client.clientId,
      clientSecret: provider.client.clientSecret,
      redirectUri: provider.redirectUri,
      displayName: 'Log ind med OS2faktor',
      scopes: 'openid email profile groups',
      allowInsecureRequests: true,
      roleMapping: { claim: 'groups', rules: [{ value: 'hf-arkitekter', role: 'architect', municipalities: [101] }, { value: 'hf-laesere', role: 'reader' }] },
    });
    ctx = await createTestApp('sqlite', { env: { OIDC_CONFIG } });
  });
  afterAll(async () => {
    await ctx.t.drop();
    await provider.stop();
  });

  it('creates the account on first sign-in, with roles from the claims, and opens a session', async () => {
    const start = await ctx.app.request('/api/v1/auth/oidc/login?returnTo=/kommuner/101');
    expect(start.status).toBe(302);
    const callback = await provider.loginAs(start.headers.get('location')!, 'anna');
    const done = await ctx.app.request(callback.pathname + callback.search);
    expect(done.status, await done.clone().text()).toBe(302);
    expect(done.headers.get('location')).toBe('/kommuner/101');
    const cookie = done.headers.get('set-cookie')!.split(';')[0]!;
    const session = (await (await ctx.app.request('/api/v1/auth/session', { headers: { cookie } })).json()) as { user: { email: string }; grants: unknown[] };
    expect(session.user.email).toBe('anna.arkitekt@kk.dk');
    expect(session.grants).toEqual([
      { role: 'architect', municipalityCode: 101 },
      { role: 'reader', municipalityCode: null },
    ]);
    // The same callback cannot be used twice (the pending login is taken from the database).
    expect((await ctx.app.request(callback.pathname + callback.search)).status).toBe(400);
  });

  it('refuses a user whose claims match no role', async () => {
    const start = await ctx.app.request('/api/v1/auth/oidc/login');
    const callback = await provider.loginAs(start.headers.get('location')!, 'carl');
    const res = await ctx.app.request(callback.pathname + callback.search);
    expect(res.status).toBe(403);
    expect(await ctx.t.handle.db.selectFrom('users').select('email').where('email', '=', 'carl@example.dk').executeTakeFirst()).toBeUndefined();
  });
});
