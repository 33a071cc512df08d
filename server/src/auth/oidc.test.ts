import { describe, expect, it } from 'vitest';
import { claimsToGrants, completeLogin, OidcLoginError, oidcConfigSchema, readClaim, safeReturnTo, type OidcConfigInput, type RoleMapping } from './oidc.ts';

const validInput: OidcConfigInput = {
  issuer: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0',
  clientId: 'handlefrihed',
  clientSecret: 's3cret',
  redirectUri: 'https://handlefrihed.example.dk/auth/oidc/callback',
  displayName: 'Log ind med Entra ID',
  roleMapping: {
    claim: 'groups',
    rules: [
      { value: 'grp-arkitekter', role: 'architect', municipalities: [101, 147] },
      { value: 'grp-admins', role: 'admin' },
    ],
  },
};

describe('claimsToGrants', () => {
  const mapping: RoleMapping = {
    claim: 'groups',
    rules: [
      { value: 'arkitekter', role: 'architect', municipalities: [101, 147] },
      { value: 'ledere-kbh', role: 'leader', municipalities: [101] },
      { value: 'ledere-kbh-alt', role: 'leader', municipalities: [101] },
      { value: 'laesere', role: 'reader' },
      { value: 'moderatorer', role: 'moderator' },
    ],
  };

  it('maps every matching value of an array claim, one grant per municipality, in rule order', () => {
    expect(claimsToGrants({ groups: ['laesere', 'arkitekter', 'andet'] }, mapping, null)).toEqual([
      { role: 'architect', municipalityCode: 101 },
      { role: 'architect', municipalityCode: 147 },
      { role: 'reader', municipalityCode: null },
    ]);
  });

  it('accepts a single string claim', () => {
    expect(claimsToGrants({ groups: 'moderatorer' }, mapping, null)).toEqual([{ role: 'moderator', municipalityCode: null }]);
  });

  it('matches exactly: case, whitespace and substrings do not match', () => {
    expect(claimsToGrants({ groups: ['Laesere', ' laesere', 'laesere2', 'laes'] }, mapping, null)).toEqual([]);
  });

  it('removes duplicates (two groups giving the same grant, the same value twice)', () => {
    expect(claimsToGrants({ groups: ['ledere-kbh', 'ledere-kbh-alt', 'ledere-kbh'] }, mapping, null)).toEqual([{ role: 'leader', municipalityCode: 101 }]);
    const overlapping: RoleMapping = {
      claim: 'groups',
      rules: [
        { value: 'a', role: 'architect', municipalities: [101, 101, 860] },
        { value: 'b', role: 'architect', municipalities: [860] },
      ],
    };
    expect(claimsToGrants({ groups: ['a', 'b'] }, overlapping, null)).toEqual([
      { role: 'architect', municipalityCode: 101 },
      { role: 'architect', municipalityCode: 860 },
    ]);
  });

  it('reads nested claims by dotted path (Keycloak realm_access.roles)', () => {
    const keycloak: RoleMapping = { claim: 'realm_access.roles', rules: [{ value: 'hf-admin', role: 'admin' }] };
    expect(claimsToGrants({ realm_access: { roles: ['offline_access', 'hf-admin'] } }, keycloak, null)).toEqual([{ role: 'admin', municipalityCode: null }]);
    expect(claimsToGrants({ realm_access: 'hf-admin' }, keycloak, null)).toEqual([]);
    expect(claimsToGrants({ 'realm_access.roles': ['hf-admin'] }, keycloak, null)).toEqual([{ role: 'admin', municipalityCode: null }]);
  });

  it('finds a namespaced claim whose name contains dots', () => {
    const namespaced: RoleMapping = { claim: 'https://handlefrihed.dk/roles', rules: [{ value: 'contributor', role: 'contributor' }] };
    expect(claimsToGrants({ 'https://handlefrihed.dk/roles': ['contributor'] }, namespaced, null)).toEqual([{ role: 'contributor', municipalityCode: null }]);
  });

  it('compares numbers and booleans as strings; ignores objects and null', () => {
    const numeric: RoleMapping = { claim: 'level', rules: [{ value: '3', role: 'contributor' }] };
    expect(claimsToGrants({ level: 3 }, numeric, null)).toEqual([{ role: 'contributor', municipalityCode: null }]);
    expect(claimsToGrants({ level: [{ v: '3' }, null] }, numeric, null)).toEqual([]);
  });

  it('falls back to the default role only when no rule matches; none without a default', () => {
    expect(claimsToGrants({ groups: ['andet'] }, mapping, 'reader')).toEqual([{ role: 'reader', municipalityCode: null }]);
    expect(claimsToGrants({ groups: ['moderatorer'] }, mapping, 'reader')).toEqual([{ role: 'moderator', municipalityCode: null }]);
    expect(claimsToGrants({}, mapping, null)).toEqual([]);
    expect(claimsToGrants({}, mapping, undefined)).toEqual([]);
  });
});

describe('readClaim', () => {
  it('reads top-level, nested and dotted names, and answers undefined for a missing path', () => {
    const claims = { a: { b: { c: 1 } }, 'x.y': 2, arr: [1] };
    expect(readClaim(claims, 'a.b.c')).toBe(1);
    expect(readClaim(claims, 'x.y')).toBe(2);
    expect(readClaim(claims, 'a.z')).toBeUndefined();
    expect(readClaim(claims, 'arr.0')).toBeUndefined();
  });
});

describe('oidcConfigSchema', () => {
  it('accepts a valid configuration and applies the defaults', () => {
    const cfg = oidcConfigSchema.parse(validInput);
    expect(cfg.scopes).toBe('openid email profile');
    expect(cfg.allowInsecureRequests).toBe(false);
    expect(cfg.tokenEndpointAuthMethod).toBe('client_secret_basic');
    expect(cfg.defaultRole).toBeUndefined();
  });

  it('parses the JSON a deployer writes in the environment', () => {
    const cfg = oidcConfigSchema.parse(JSON.parse(JSON.stringify({ ...validInput, defaultRole: 'reader', scopes: 'openid email profile groups' })));
    expect(cfg.defaultRole).toBe('reader');
    expect(cfg.scopes).toBe('openid email profile groups');
  });

  const refused: [string, unknown][] = [
    ['an issuer that is not a URL', { ...validInput, issuer: 'not a url' }],
    ['an http issuer without allowInsecureRequests', { ...validInput, issuer: 'http://keycloak.local/realms/kk' }],
    ['an http redirect URI without allowInsecureRequests', { ...validInput, redirectUri: 'http://handlefrihed.example.dk/cb' }],
    ['a missing clientId', { ...validInput, clientId: undefined }],
    ['a missing displayName', { ...validInput, displayName: '' }],
    ['scopes without openid', { ...validInput, scopes: 'email profile' }],
    ['an unknown role', { ...validInput, roleMapping: { claim: 'groups', rules: [{ value: 'x', role: 'superuser' }] } }],
    ['a leader rule without municipalities', { ...validInput, roleMapping: { claim: 'groups', rules: [{ value: 'x', role: 'leader' }] } }],
    ['an architect rule with an empty municipality list', { ...validInput, roleMapping: { claim: 'groups', rules: [{ value: 'x', role: 'architect', municipalities: [] }] } }],
    ['a municipality code that is not 3 digits', { ...validInput, roleMapping: { claim: 'groups', rules: [{ value: 'x', role: 'architect', municipalities: [1010] }] } }],
    ['an admin rule scoped to municipalities', { ...validInput, roleMapping: { claim: 'groups', rules: [{ value: 'x', role: 'admin', municipalities: [101] }] } }],
    ['a scoped role as default role', { ...validInput, defaultRole: 'architect' }],
    ['an unknown key (a typo)', { ...validInput, defaultrole: 'reader' }],
    ['a rule with an empty value', { ...validInput, roleMapping: { claim: 'groups', rules: [{ value: '', role: 'reader' }] } }],
  ];
  it.each(refused)('refuses %s', (_label, input) => {
    expect(oidcConfigSchema.safeParse(input).success).toBe(false);
  });

  it('allows an http issuer with allowInsecureRequests (local test providers), and a null default role', () => {
    const cfg = oidcConfigSchema.parse({ ...validInput, issuer: 'http://127.0.0.1:8080', redirectUri: 'http://127.0.0.1:3000/cb', allowInsecureRequests: true, defaultRole: null });
    expect(cfg.allowInsecureRequests).toBe(true);
    expect(cfg.defaultRole).toBeNull();
  });

  it('keeps readers national: a reader rule may not name municipalities', () => {
    expect(oidcConfigSchema.safeParse({ ...validInput, roleMapping: { claim: 'roles', rules: [{ value: 'a', role: 'reader' }] } }).success).toBe(true);
    const scoped = [{ value: 'b', role: 'reader', municipalities: [101] }];
    expect(oidcConfigSchema.safeParse({ ...validInput, roleMapping: { claim: 'roles', rules: scoped } }).success).toBe(false);
  });
});

describe('safeReturnTo', () => {
  it('keeps local paths and turns anything else into /', () => {
    expect(safeReturnTo('/kommuner/101?fane=systemer#top')).toBe('/kommuner/101?fane=systemer#top');
    for (const bad of ['https://evil.example', '//evil.example/x', '/\\evil.example', 'javascript:alert(1)', '', undefined, null, '/a\nb']) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
});

describe('completeLogin checks before talking to the provider', () => {
  const config = oidcConfigSchema.parse({ ...validInput, issuer: 'https://idp.invalid', redirectUri: 'https://app.invalid/cb' });
  const pending = { state: 'abc', nonce: 'n', codeVerifier: 'v', returnTo: '/', createdAt: new Date().toISOString() };

  it('refuses an expired or unreadable pending login', async () => {
    const old = { ...pending, createdAt: new Date(Date.now() - 11 * 60_000).toISOString() };
    await expect(completeLogin(config, new URL('https://app.invalid/cb?code=x&state=abc'), old)).rejects.toMatchObject({ code: 'expired', status: 400 });
    const garbage = { ...pending, createdAt: 'yesterday' };
    await expect(completeLogin(config, new URL('https://app.invalid/cb?code=x&state=abc'), garbage)).rejects.toMatchObject({ code: 'expired' });
  });

  it('refuses a missing or different state', async () => {
    await expect(completeLogin(config, new URL('https://app.invalid/cb?code=x&state=abd'), pending)).rejects.toMatchObject({ code: 'state-mismatch' });
    await expect(completeLogin(config, new URL('https://app.invalid/cb?code=x'), pending)).rejects.toMatchObject({ code: 'state-mismatch' });
  });

  it('errors carry a Danish and English message, a problem type and the AppError shape', () => {
    const err = new OidcLoginError('no-role', 'details for the log');
    expect(err).toBeInstanceOf(Error);
    expect(err.type).toBe('oidc-no-role');
    expect(err.status).toBe(403);
    expect(err.userMessage.da).toMatch(/ingen rolle/);
    expect(err.userMessage.en).toMatch(/no role/);
    expect(err.message).toContain('details for the log');
    expect(err.errors).toEqual([{ message: err.userMessage }]);
  });
});
