// Regression tests for API tokens (issue #17): only a person signed in with a session makes,
// lists and revokes tokens; every token expires (default 90 days, at most a year); disabling a
// user revokes their tokens for good. Real HTTP through app.request() on SQLite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken, TOKEN_DEFAULT_DAYS, TOKEN_MAX_DAYS } from '../../server/src/services/accounts.ts';
import { hashSecret } from '../../server/src/auth/secrets.ts';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { type SignedInClient, signInAs } from '../helpers/auth.ts';
import { databaseKinds } from '../helpers/databases.ts';

const DAY = 86_400_000;
const json = { 'content-type': 'application/json' };

describe.each(databaseKinds)('API tokens on %s', (kind) => {
  let ctx: TestApp;
  let admin: SignedInClient;
  let architect: SignedInClient;
  const req = (path: string, init: RequestInit = {}) => ctx.app.request(path, init);
  const newToken = async (who: SignedInClient, extra: Record<string, unknown> = {}) =>
    req('/api/v1/me/tokens', { method: 'POST', headers: { ...who.write, ...json }, body: JSON.stringify({ name: 'nightly', role: 'architect', municipalityCode: 101, ...extra }) });
  const made = async (res: Response) => {
    expect(res.status, await res.clone().text()).toBe(201);
    return (await res.json()) as { token: string; item: { id: number; createdAt: string; expiresAt: string } };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const tokenCount = async () => Number((await ctx.t.handle.db.selectFrom('api_tokens').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const expectProblem = async (res: Response, status: number) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as { detail: string; errors?: { field: string }[] };
  };

  beforeAll(async () => {
    ctx = await createTestApp(kind);
    admin = await signInAs(ctx, [{ role: 'admin', municipalityCode: null }]);
    architect = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
  });
  afterAll(async () => ctx.t.drop());

  it('refuses a token that asks for a token (403), even one that would never expire', async () => {
    const { token } = await made(await newToken(architect));
    const before = await tokenCount();
    for (const extra of [{}, { expiresAt: null }, { expiresAt: new Date(Date.now() + DAY).toISOString() }]) {
      const res = await req('/api/v1/me/tokens', { method: 'POST', headers: { ...bearer(token), ...json }, body: JSON.stringify({ name: 'child', role: 'architect', municipalityCode: 101, ...extra }) });
      const problem = await expectProblem(res, 403);
      expect(problem.detail).toMatch(/API token cannot create/);
    }
    expect(await tokenCount()).toBe(before);
  });

  it(`gives every token an expiry: ${TOKEN_DEFAULT_DAYS} days by default, at most ${TOKEN_MAX_DAYS}`, async () => {
    const { item } = await made(await newToken(architect));
    expect(Date.parse(item.expiresAt) - Date.parse(item.createdAt)).toBe(TOKEN_DEFAULT_DAYS * DAY);
    const within = await made(await newToken(architect, { expiresAt: new Date(Date.now() + (TOKEN_MAX_DAYS - 1) * DAY).toISOString() }));
    expect(Date.parse(within.item.expiresAt)).toBeGreaterThan(Date.now());
    const refused = [null, new Date(Date.now() + (TOKEN_MAX_DAYS + 1) * DAY).toISOString(), '2100-01-01T00:00:00Z', new Date(Date.now() - DAY).toISOString()];
    const before = await tokenCount();
    for (const expiresAt of refused) {
      const problem = await expectProblem(await newToken(architect, { expiresAt }), 422);
      expect(problem.errors?.[0]?.field).toBe('expiresAt');
    }
    expect(await tokenCount()).toBe(before);
  });

  it('stops a token at its expiry, and a token stored without one after the default lifetime', async () => {
    const user = { userId: architect.userId, label: architect.email, grants: [{ role: 'architect' as const, municipalityCode: 101 }], via: 'session' as const, demoMode: false };
    // Made ten days ago for one day: it has expired, whatever today's date is.
    const tenDaysAgo = new Date(Date.now() - 10 * DAY);
    const expired = await createApiToken(ctx.t.handle.db, user, { name: 'old', role: 'architect', municipalityCode: 101, expiresAt: new Date(tenDaysAgo.getTime() + DAY).toISOString() }, tenDaysAgo);
    expect((await req('/api/v1/municipalities/101/imports', { headers: bearer(expired.token) })).status).toBe(401);
    // Rows from before every token had an expiry (expires_at null): the default lifetime applies.
    const legacy = async (secret: string, createdAt: Date) =>
      ctx.t.handle.db.insertInto('api_tokens').values({ user_id: architect.userId, name: secret, token_hash: hashSecret(secret), token_prefix: secret.slice(0, 9), role: 'architect', municipality_code: 101, created_at: createdAt.toISOString(), expires_at: null, last_used_at: null, revoked_at: null }).execute();
    await legacy('hf_legacy_old', new Date(Date.now() - (TOKEN_DEFAULT_DAYS + 1) * DAY));
    await legacy('hf_legacy_new', new Date(Date.now() - DAY));
    expect((await req('/api/v1/municipalities/101/imports', { headers: bearer('hf_legacy_old') })).status).toBe(401);
    expect((await req('/api/v1/municipalities/101/imports', { headers: bearer('hf_legacy_new') })).status).toBe(200);
    const listed = (await (await req('/api/v1/me/tokens', { headers: architect.read })).json()) as { items: { name: string; createdAt: string; expiresAt: string | null }[] };
    const shown = listed.items.find((t) => t.name === 'hf_legacy_new')!;
    expect(Date.parse(shown.expiresAt!) - Date.parse(shown.createdAt)).toBe(TOKEN_DEFAULT_DAYS * DAY);
  });

  it("does not let a token list or revoke its owner's tokens (403)", async () => {
    const a = await made(await newToken(architect, { name: 'a' }));
    const b = await made(await newToken(architect, { name: 'b' }));
    await expectProblem(await req('/api/v1/me/tokens', { headers: bearer(a.token) }), 403);
    await expectProblem(await req(`/api/v1/me/tokens/${b.item.id}`, { method: 'DELETE', headers: bearer(a.token) }), 403);
    await expectProblem(await req(`/api/v1/me/tokens/${a.item.id}`, { method: 'DELETE', headers: bearer(a.token) }), 403);
    expect((await req('/api/v1/municipalities/101/imports', { headers: bearer(b.token) })).status).toBe(200);
    const row = await ctx.t.handle.db.selectFrom('api_tokens').select('revoked_at').where('id', '=', b.item.id).executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
    // The session still manages them.
    expect((await req('/api/v1/me/tokens', { headers: architect.read })).status).toBe(200);
    expect((await req(`/api/v1/me/tokens/${b.item.id}`, { method: 'DELETE', headers: architect.write })).status).toBe(200);
  });

  it('revokes every token of a disabled user; enabling the user again does not bring them back', async () => {
    const owner = await signInAs(ctx, [{ role: 'architect', municipalityCode: 101 }]);
    const tokens = [await made(await newToken(owner, { name: 'x' })), await made(await newToken(owner, { name: 'y' }))];
    for (const t of tokens) expect((await req('/api/v1/municipalities/101/imports', { headers: bearer(t.token) })).status).toBe(200);
    const setDisabled = (disabled: boolean) => req(`/api/v1/users/${owner.userId}/disabled`, { method: 'PUT', headers: { ...admin.write, ...json }, body: JSON.stringify({ disabled }) });
    expect((await setDisabled(true)).status).toBe(200);
    expect((await setDisabled(false)).status).toBe(200);
    for (const t of tokens) expect((await req('/api/v1/municipalities/101/imports', { headers: bearer(t.token) })).status).toBe(401);
    const rows = await ctx.t.handle.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', owner.userId).execute();
    expect(rows.every((r) => r.revoked_at !== null)).toBe(true);
    const entry = await ctx.t.handle.db.selectFrom('audit_log').select('after').where('action', '=', 'user.disable').where('entity_id', '=', String(owner.userId)).executeTakeFirstOrThrow();
    expect(JSON.parse(String(entry.after))).toMatchObject({ disabled: true, tokensRevoked: 2 });
  });

  it('says so in the OpenAPI document', async () => {
    const doc = (await (await req('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, { description?: string; responses: Record<string, unknown> }>> };
    const tokens = doc.paths['/api/v1/me/tokens']!;
    expect(Object.keys(tokens.post!.responses)).toEqual(expect.arrayContaining(['201', '403', '422']));
    expect(tokens.post!.description).toMatch(/session/);
    expect(Object.keys(tokens.get!.responses)).toContain('403');
    expect(Object.keys(doc.paths['/api/v1/me/tokens/{id}']!.delete!.responses)).toContain('403');
  });
});
