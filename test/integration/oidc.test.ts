// OpenID Connect sign-in end to end against a real oidc-provider started here: the client code
// under test (openid-client) is not mocked; the provider's login and consent pages are driven
// with fetch (see test/helpers/oidc-provider.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beginLogin, clearOidcDiscoveryCache, completeLogin, OidcLoginError, oidcConfigSchema, type OidcConfig, type PendingLogin } from '../../server/src/auth/oidc.ts';
import { startOidcProvider, type TestOidcProvider } from '../helpers/oidc-provider.ts';

describe('OIDC sign-in against a real provider', () => {
  let idp: TestOidcProvider;
  let config: OidcConfig;

  beforeAll(async () => {
    idp = await startOidcProvider();
    config = oidcConfigSchema.parse({
      issuer: idp.issuer,
      clientId: idp.client.clientId,
      clientSecret: idp.client.clientSecret,
      redirectUri: idp.redirectUri,
      scopes: 'openid email profile groups',
      displayName: 'Log ind med Test-IdP',
      allowInsecureRequests: true,
      roleMapping: {
        claim: 'groups',
        rules: [
          { value: 'hf-arkitekter', role: 'architect', municipalities: [101, 147] },
          { value: 'hf-laesere', role: 'reader' },
          { value: 'hf-ledere-aarhus', role: 'leader', municipalities: [751] },
          { value: 'hf-ledere-aarhus-2', role: 'leader', municipalities: [751] },
        ],
      },
    });
  });
  afterAll(async () => {
    clearOidcDiscoveryCache();
    await idp?.stop();
  });

  async function signIn(accountId: string, cfg: OidcConfig = config, returnTo = '/kommuner/101') {
    const { authorizationUrl, pending } = await beginLogin(cfg, { returnTo });
    const callbackUrl = await idp.loginAs(authorizationUrl, accountId);
    return { authorizationUrl, pending, callbackUrl };
  }

  async function refusal(promise: Promise<unknown>): Promise<OidcLoginError> {
    const err = await promise.then(
      () => {
        throw new Error('expected the login to be refused');
      },
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(OidcLoginError);
    return err as OidcLoginError;
  }

  it('beginLogin builds an authorization request with PKCE S256, state and nonce, and returns what to store', async () => {
    const { authorizationUrl, pending } = await beginLogin(config, { returnTo: '/kommuner/101' });
    const url = new URL(authorizationUrl);
    expect(url.origin + url.pathname).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: idp.client.clientId,
      redirect_uri: idp.redirectUri,
      response_type: 'code',
      scope: 'openid email profile groups',
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(url.searchParams.get('code_challenge')).not.toBe(pending.codeVerifier);
    expect(pending.returnTo).toBe('/kommuner/101');
    expect(Date.now() - Date.parse(pending.createdAt)).toBeLessThan(5_000);
    // JSON round trip: what the caller stores in the database is plain data.
    expect(JSON.parse(JSON.stringify(pending))).toEqual(pending);
    // An open redirect is not stored.
    expect((await beginLogin(config, { returnTo: 'https://evil.example/' })).pending.returnTo).toBe('/');
  });

  it('completes a login: subject, issuer, email, name and grants from the groups claim (via userinfo)', async () => {
    const { pending, callbackUrl } = await signIn('anna');
    expect(callbackUrl.searchParams.get('code')).toBeTruthy();
    expect(callbackUrl.searchParams.get('state')).toBe(pending.state);

    // As the HTTP layer would: the pending login went through the database as JSON.
    const result = await completeLogin(config, callbackUrl, JSON.parse(JSON.stringify(pending)) as PendingLogin);
    expect(result).toMatchObject({
      subject: 'anna',
      issuer: idp.issuer,
      email: 'anna.arkitekt@kk.dk',
      emailVerified: true,
      name: 'Anna Arkitekt',
      returnTo: '/kommuner/101',
    });
    expect(result.grants).toEqual([
      { role: 'architect', municipalityCode: 101 },
      { role: 'architect', municipalityCode: 147 },
      { role: 'reader', municipalityCode: null },
    ]);
    expect(result.claims).toMatchObject({ sub: 'anna', aud: idp.client.clientId, nonce: pending.nonce, groups: ['hf-arkitekter', 'hf-laesere', 'alle-medarbejdere'] });
  });

  it('removes duplicate grants from two groups mapping to the same role and municipality', async () => {
    const { pending, callbackUrl } = await signIn('bo');
    const result = await completeLogin(config, callbackUrl, pending);
    expect(result).toMatchObject({ subject: 'bo', email: 'bo@aarhus.dk', emailVerified: false });
    expect(result.grants).toEqual([{ role: 'leader', municipalityCode: 751 }]);
  });

  it('maps a nested claim (Keycloak style realm_access.roles) and works with client_secret_post', async () => {
    const keycloakish = oidcConfigSchema.parse({
      ...config,
      clientId: idp.postClient.clientId,
      clientSecret: idp.postClient.clientSecret,
      tokenEndpointAuthMethod: 'client_secret_post',
      roleMapping: { claim: 'realm_access.roles', rules: [{ value: 'handlefrihed-admin', role: 'admin' }] },
    });
    const { pending, callbackUrl } = await signIn('anna', keycloakish);
    const result = await completeLogin(keycloakish, callbackUrl, pending);
    expect(result.subject).toBe('anna');
    expect(result.grants).toEqual([{ role: 'admin', municipalityCode: null }]);
  });

  it('refuses a tampered state', async () => {
    const { pending, callbackUrl } = await signIn('anna');
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${pending.state}x`);
    const err = await refusal(completeLogin(config, tampered, pending));
    expect(err.code).toBe('state-mismatch');
    expect(err.status).toBe(400);
    // The same callback against another login's pending record is refused too.
    const other = await beginLogin(config, { returnTo: '/' });
    expect((await refusal(completeLogin(config, callbackUrl, other.pending))).code).toBe('state-mismatch');
  });

  it('refuses a user whose groups match no rule when there is no default role', async () => {
    const { pending, callbackUrl } = await signIn('carl');
    const err = await refusal(completeLogin(config, callbackUrl, pending));
    expect(err.code).toBe('no-role');
    expect(err.status).toBe(403);
    expect(err.userMessage.da).toMatch(/ingen rolle/);
  });

  it('gives the default role to a user whose groups match no rule, when one is configured', async () => {
    const withDefault = oidcConfigSchema.parse({ ...config, defaultRole: 'reader' });
    const { pending, callbackUrl } = await signIn('carl', withDefault);
    const result = await completeLogin(withDefault, callbackUrl, pending);
    expect(result.grants).toEqual([{ role: 'reader', municipalityCode: null }]);
  });

  it('refuses an expired pending login (older than 10 minutes), before redeeming the code', async () => {
    const { pending, callbackUrl } = await signIn('anna');
    const stale = { ...pending, createdAt: new Date(Date.now() - 10 * 60_000 - 1_000).toISOString() };
    expect((await refusal(completeLogin(config, callbackUrl, stale))).code).toBe('expired');
    // The code was not spent: the fresh pending login still completes.
    expect((await completeLogin(config, callbackUrl, pending)).subject).toBe('anna');
  });

  it('refuses a wrong PKCE verifier (the provider rejects the code exchange)', async () => {
    const { pending, callbackUrl } = await signIn('anna');
    // Change the last character (to something else: 1 in 64 verifiers already end in 'A').
    const wrong = `${pending.codeVerifier.slice(0, -1)}${pending.codeVerifier.endsWith('A') ? 'B' : 'A'}`;
    const err = await refusal(completeLogin(config, callbackUrl, { ...pending, codeVerifier: wrong }));
    expect(err.code).toBe('provider-error');
    expect(err.message).toMatch(/invalid_grant/);
  });

  it('refuses a replayed authorization code', async () => {
    const { pending, callbackUrl } = await signIn('anna');
    await completeLogin(config, callbackUrl, pending);
    const err = await refusal(completeLogin(config, callbackUrl, pending));
    expect(err.code).toBe('provider-error');
    expect(err.message).toMatch(/invalid_grant/);
  });

  it('refuses an ID token whose nonce is not the pending login’s', async () => {
    const { pending, callbackUrl } = await signIn('anna');
    const err = await refusal(completeLogin(config, callbackUrl, { ...pending, nonce: 'another-nonce' }));
    expect(err.code).toBe('invalid-response');
  });

  it('refuses a wrong client secret', async () => {
    clearOidcDiscoveryCache();
    const wrongSecret = oidcConfigSchema.parse({ ...config, clientSecret: 'forkert' });
    const { pending, callbackUrl } = await signIn('anna', wrongSecret);
    const err = await refusal(completeLogin(wrongSecret, callbackUrl, pending));
    expect(err.code).toBe('provider-error');
    expect(err.message).toMatch(/invalid_client/);
  });

  it('reports an error the provider sends back to the callback (the user declined)', async () => {
    const { pending } = await beginLogin(config, { returnTo: '/' });
    const declined = new URL(idp.redirectUri);
    declined.search = new URLSearchParams({ error: 'access_denied', error_description: 'End-User aborted interaction', state: pending.state, iss: idp.issuer }).toString();
    const err = await refusal(completeLogin(config, declined, pending));
    expect(err.code).toBe('access-denied');
  });

  it('refuses an http issuer unless allowInsecureRequests is set (openid-client v6 is https-only)', async () => {
    clearOidcDiscoveryCache();
    const insecure = { ...config, allowInsecureRequests: false }; // bypasses the schema on purpose
    const err = await refusal(beginLogin(insecure, { returnTo: '/' }));
    expect(err.code).toBe('provider-error');
    expect(err.message).toMatch(/HTTPS/i);
  });

  it('reports an unreachable provider as a provider error', async () => {
    const gone = oidcConfigSchema.parse({ ...config, issuer: 'http://127.0.0.1:9' });
    expect((await refusal(beginLogin(gone, { returnTo: '/' }))).code).toBe('provider-error');
  });
});
