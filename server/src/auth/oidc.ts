// OpenID Connect sign-in against a municipality's own identity provider (Entra ID, OS2faktor,
// Keycloak, …) with openid-client v6: authorization code flow with PKCE (S256), state and nonce,
// ID token validated by the library, claims mapped to the product's roles by configuration.
//
// Stateless by design (several app servers behind a load balancer): `beginLogin` returns what the
// callback needs (`pending`: state, nonce, PKCE verifier, where to return) and the caller stores it
// (the `login_flows` table) and hands it back to `completeLogin`. The only thing kept in memory is a
// per-issuer cache of the discovered provider configuration, which is derived data.
//
// Plain functions, no HTTP framework and no database: the HTTP layer calls them.
import * as client from 'openid-client';
import { z } from 'zod';
import { AppError, type LocalizedText } from '../errors.ts';
import { type Grant, municipalRoles, type Role, role } from './policy.ts';

// ---------------------------------------------------------------------------------------------
// Roles and configuration

/** The product's roles (auth/policy.ts); leaders and architects act for named municipalities. */
const roleSchema = role;
const isMunicipal = (r: Role): boolean => municipalRoles.has(r);

const municipalityCode = z
  .number()
  .int()
  .min(100, 'A municipality code has 3 digits (e.g. 101 for København)')
  .max(999, 'A municipality code has 3 digits (e.g. 101 for København)');

export const roleRuleSchema = z
  .object({
    /** The claim value to match, exactly (case-sensitive), e.g. an Entra group object id or a Keycloak role. */
    value: z.string().min(1),
    role: roleSchema,
    municipalities: z.array(municipalityCode).min(1).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    if (isMunicipal(rule.role) && !rule.municipalities) {
      ctx.addIssue({ code: 'custom', path: ['municipalities'], message: `Role "${rule.role}" is scoped to municipalities: list at least one municipality code` });
    }
    if (!isMunicipal(rule.role) && rule.municipalities) {
      ctx.addIssue({ code: 'custom', path: ['municipalities'], message: `Role "${rule.role}" is not scoped to municipalities: remove "municipalities"` });
    }
  });

export const roleMappingSchema = z
  .object({
    /** Claim holding the values to match, e.g. 'groups' or 'roles'; a dotted path reaches nested claims ('realm_access.roles'). */
    claim: z.string().min(1),
    rules: z.array(roleRuleSchema),
  })
  .strict();

export const oidcConfigSchema = z
  .object({
    /** The issuer identifier exactly as the provider publishes it; discovery reads `<issuer>/.well-known/openid-configuration`. */
    issuer: z.url(),
    clientId: z.string().min(1),
    /** Absent for a public client (PKCE only); present for a confidential one. */
    clientSecret: z.string().min(1).optional(),
    /** How the secret is sent to the token endpoint. */
    tokenEndpointAuthMethod: z.enum(['client_secret_basic', 'client_secret_post']).default('client_secret_basic'),
    /** The app's callback URL, registered at the provider. */
    redirectUri: z.url(),
    scopes: z.string().min(1).default('openid email profile'),
    /** Shown on the sign-in button, e.g. "Log ind med OS2faktor". */
    displayName: z.string().min(1),
    roleMapping: roleMappingSchema,
    /** Granted when no rule matches; null or absent: such a login is refused. Only unscoped roles. */
    defaultRole: roleSchema.nullable().optional(),
    /** Allows http:// issuers (openid-client v6 refuses them otherwise). Only for local test providers. */
    allowInsecureRequests: z.boolean().default(false),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    if (!/\bopenid\b/.test(cfg.scopes)) {
      ctx.addIssue({ code: 'custom', path: ['scopes'], message: 'The scopes must include "openid"' });
    }
    for (const key of ['issuer', 'redirectUri'] as const) {
      // zod 4 runs this refinement even when the field itself failed: do not assume a URL.
      if (typeof cfg[key] !== 'string' || !URL.canParse(cfg[key])) continue;
      const protocol = new URL(cfg[key]).protocol;
      if (protocol !== 'https:' && !(protocol === 'http:' && cfg.allowInsecureRequests)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `"${key}" must be an https:// URL (http:// only with allowInsecureRequests, for local test providers)` });
      }
    }
    if (cfg.defaultRole && isMunicipal(cfg.defaultRole)) {
      ctx.addIssue({ code: 'custom', path: ['defaultRole'], message: `Role "${cfg.defaultRole}" needs municipalities and cannot be the default role` });
    }
  });

/** What the deployer writes (defaults optional). */
export type OidcConfigInput = z.input<typeof oidcConfigSchema>;
/** The validated configuration, defaults applied. */
export type OidcConfig = z.output<typeof oidcConfigSchema>;
export type RoleMapping = z.output<typeof roleMappingSchema>;

// ---------------------------------------------------------------------------------------------
// Errors

export type OidcLoginErrorCode =
  | 'expired' // the pending login is older than PENDING_LOGIN_TTL_MS (or unreadable)
  | 'state-mismatch' // the callback's state is not the pending login's: forged, replayed or mixed up
  | 'access-denied' // the user (or the provider's policy) declined at the provider
  | 'invalid-response' // the provider's answer failed validation (ID token signature, nonce, issuer, audience, …)
  | 'provider-error' // the provider is unreachable or answered with an error (e.g. invalid_grant)
  | 'no-role'; // signed in, but the claims match no rule and there is no default role

const MESSAGES: Record<OidcLoginErrorCode, LocalizedText & { status: number }> = {
  expired: {
    status: 400,
    da: 'Login-forsøget er udløbet. Start forfra.',
    en: 'The sign-in attempt has expired. Please start again.',
  },
  'state-mismatch': {
    status: 400,
    da: 'Svaret fra identitetsudbyderen hører ikke til dette login-forsøg. Start forfra.',
    en: 'The identity provider’s response does not belong to this sign-in attempt. Please start again.',
  },
  'access-denied': {
    status: 403,
    da: 'Login blev afvist hos identitetsudbyderen.',
    en: 'Sign-in was declined at the identity provider.',
  },
  'invalid-response': {
    status: 502,
    da: 'Svaret fra identitetsudbyderen kunne ikke valideres.',
    en: 'The identity provider’s response could not be validated.',
  },
  'provider-error': {
    status: 502,
    da: 'Identitetsudbyderen svarede med en fejl eller kunne ikke nås.',
    en: 'The identity provider returned an error or could not be reached.',
  },
  'no-role': {
    status: 403,
    da: 'Din bruger har ingen rolle i Handlefrihed. Kontakt din kommunes administrator.',
    en: 'Your account has no role in Handlefrihed. Contact your municipality’s administrator.',
  },
};

/**
 * A sign-in that cannot complete. `code` is stable; `userMessage` is the Danish and English text
 * to show; `message` (the problem's `detail`) is English with technical details for the log.
 */
export class OidcLoginError extends AppError {
  readonly type: string;
  readonly status: number;
  readonly title: LocalizedText = { da: 'Login mislykkedes', en: 'Sign-in failed' };
  readonly userMessage: LocalizedText;

  constructor(readonly code: OidcLoginErrorCode, detail?: string, options?: ErrorOptions) {
    const { status, da, en } = MESSAGES[code];
    super(detail ? `${en} (${detail})` : en, [{ message: { da, en } }], options);
    this.type = `oidc-${code}`;
    this.status = status;
    this.userMessage = { da, en };
  }
}

// ---------------------------------------------------------------------------------------------
// Claims to grants (pure)


/**
 * Reads a claim by name or dotted path. A claim name that itself contains dots (e.g. a namespaced
 * claim 'https://example.dk/roles') is found too: at each level the longest matching key wins.
 */
export function readClaim(claims: Record<string, unknown>, path: string): unknown {
  const walk = (value: unknown, segments: string[]): unknown => {
    if (segments.length === 0) return value;
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    const obj = value as Record<string, unknown>;
    for (let i = segments.length; i >= 1; i--) {
      const key = segments.slice(0, i).join('.');
      if (Object.hasOwn(obj, key)) {
        const found = walk(obj[key], segments.slice(i));
        if (found !== undefined) return found;
      }
    }
    return undefined;
  };
  return walk(claims, path.split('.'));
}

/** The claim's values as strings: a string, a number or boolean, or an array of those. */
function claimValues(value: unknown): Set<string> {
  const out = new Set<string>();
  const add = (v: unknown) => {
    if (typeof v === 'string') out.add(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out.add(String(v));
  };
  if (Array.isArray(value)) value.forEach(add);
  else add(value);
  return out;
}

/**
 * The grants the claims give under the mapping: every matching rule contributes its role, once per
 * listed municipality (or once, unscoped). Duplicates are removed; order follows the rules. When no
 * rule matches, the default role (unscoped) if any; otherwise none — the caller refuses the login.
 */
export function claimsToGrants(
  claims: Record<string, unknown>,
  mapping: Pick<RoleMapping, 'claim' | 'rules'>,
  defaultRole?: Role | null,
): Grant[] {
  const values = claimValues(readClaim(claims, mapping.claim));
  const grants: Grant[] = [];
  const seen = new Set<string>();
  const push = (role: Role, municipalityCode: number | null) => {
    const key = `${role}:${municipalityCode ?? ''}`;
    if (seen.has(key)) return;
    seen.add(key);
    grants.push({ role, municipalityCode });
  };
  for (const rule of mapping.rules) {
    if (!values.has(rule.value)) continue;
    if (rule.municipalities?.length) for (const code of rule.municipalities) push(rule.role, code);
    else push(rule.role, null);
  }
  if (grants.length === 0 && defaultRole) push(defaultRole, null);
  return grants;
}

// ---------------------------------------------------------------------------------------------
// Discovery (the one in-memory cache)

const DISCOVERY_TTL_MS = 60 * 60 * 1000;
const discoveryCache = new Map<string, { at: number; config: Promise<client.Configuration> }>();

/** Forgets discovered provider metadata (e.g. after a configuration change, or between tests). */
export function clearOidcDiscoveryCache(): void {
  discoveryCache.clear();
}

async function providerConfiguration(config: OidcConfig): Promise<client.Configuration> {
  const key = JSON.stringify([config.issuer, config.clientId, config.clientSecret ?? null, config.tokenEndpointAuthMethod, config.allowInsecureRequests]);
  const cached = discoveryCache.get(key);
  if (cached && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;

  const auth = !config.clientSecret
    ? client.None()
    : config.tokenEndpointAuthMethod === 'client_secret_post'
      ? client.ClientSecretPost(config.clientSecret)
      : client.ClientSecretBasic(config.clientSecret);
  const discovered = client
    .discovery(new URL(config.issuer), config.clientId, config.clientSecret ? { client_secret: config.clientSecret } : undefined, auth, {
      execute: config.allowInsecureRequests ? [client.allowInsecureRequests] : [],
      timeout: 10,
    })
    .catch((err: unknown) => {
      // A failed discovery is not cached: the next login tries again.
      discoveryCache.delete(key);
      throw new OidcLoginError('provider-error', `discovery of ${config.issuer} failed: ${describe(err)}`, { cause: err });
    });
  discoveryCache.set(key, { at: Date.now(), config: discovered });
  return discovered;
}

// ---------------------------------------------------------------------------------------------
// The flow

/** A pending login is refused after this long (the user took too long at the provider). */
export const PENDING_LOGIN_TTL_MS = 10 * 60 * 1000;

/** What the caller stores between the redirect and the callback (keyed by `state`). */
export interface PendingLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  /** A local path ('/...') to go to after signing in. */
  returnTo: string;
  /** ISO 8601. */
  createdAt: string;
}

/** Only same-site paths: anything else (absolute URLs, '//host', '/\\host') becomes '/'. */
export function safeReturnTo(returnTo: string | undefined | null): string {
  if (!returnTo || !returnTo.startsWith('/') || returnTo.startsWith('//') || returnTo.startsWith('/\\')) return '/';
  if (/[\u0000-\u001f\\]/.test(returnTo)) return '/';
  return returnTo;
}

export async function beginLogin(
  config: OidcConfig,
  options: { returnTo?: string | null; now?: Date } = {},
): Promise<{ authorizationUrl: string; pending: PendingLogin }> {
  const provider = await providerConfiguration(config);
  const state = client.randomState();
  const nonce = client.randomNonce();
  const codeVerifier = client.randomPKCECodeVerifier();
  const codeChallenge = await client.calculatePKCECodeChallenge(codeVerifier);
  const url = client.buildAuthorizationUrl(provider, {
    redirect_uri: config.redirectUri,
    scope: config.scopes,
    response_type: 'code',
    code_challenge: codeChallenge,
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return {
    authorizationUrl: url.href,
    pending: { state, nonce, codeVerifier, returnTo: safeReturnTo(options.returnTo), createdAt: (options.now ?? new Date()).toISOString() },
  };
}

export interface OidcLoginResult {
  /** The ID token's `sub`: with `issuer`, the stable identity of the user. */
  subject: string;
  /** The ID token's `iss`, exactly as the provider writes it. */
  issuer: string;
  email: string | null;
  /** The `email_verified` claim when the provider sends it (Entra ID does not). */
  emailVerified: boolean | null;
  name: string | null;
  /** ID token claims merged over userinfo claims (the signed ID token wins on conflicts). */
  claims: Record<string, unknown>;
  /** Never empty: a login without grants is refused with code 'no-role'. */
  grants: Grant[];
  returnTo: string;
}

/**
 * Completes the login at the callback. `callbackUrl` is the URL the browser came back to; only its
 * query is used (the redirect URI sent to the token endpoint is `config.redirectUri`, so a proxy
 * rewriting host or scheme does not matter).
 */
export async function completeLogin(
  config: OidcConfig,
  callbackUrl: URL,
  pending: PendingLogin,
  options: { now?: Date } = {},
): Promise<OidcLoginResult> {
  const now = (options.now ?? new Date()).getTime();
  const created = Date.parse(pending.createdAt);
  // A little tolerance for clocks of different app servers running slightly ahead of each other.
  if (!Number.isFinite(created) || now - created > PENDING_LOGIN_TTL_MS || created - now > 60_000) {
    throw new OidcLoginError('expired', `pending login created at ${pending.createdAt}`);
  }
  const returnedState = callbackUrl.searchParams.get('state');
  if (returnedState === null || returnedState !== pending.state) {
    throw new OidcLoginError('state-mismatch', returnedState === null ? 'no state in the callback' : 'state differs from the pending login');
  }

  const provider = await providerConfiguration(config);
  const currentUrl = new URL(config.redirectUri);
  currentUrl.search = callbackUrl.search;

  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(provider, currentUrl, {
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      pkceCodeVerifier: pending.codeVerifier,
      idTokenExpected: true,
    });
  } catch (err) {
    throw toLoginError(err);
  }

  const idClaims = tokens.claims();
  if (!idClaims) throw new OidcLoginError('invalid-response', 'no ID token in the token response');

  let claims: Record<string, unknown> = { ...idClaims };
  const needsUserInfo =
    typeof claims.email !== 'string' || typeof claims.name !== 'string' || readClaim(claims, config.roleMapping.claim) === undefined;
  if (needsUserInfo && provider.serverMetadata().userinfo_endpoint && tokens.access_token) {
    try {
      // expectedSubject: userinfo must describe the same user as the ID token.
      const userInfo = await client.fetchUserInfo(provider, tokens.access_token, idClaims.sub);
      claims = { ...userInfo, ...idClaims };
    } catch (err) {
      throw toLoginError(err);
    }
  }

  const grants = claimsToGrants(claims, config.roleMapping, config.defaultRole);
  if (grants.length === 0) {
    throw new OidcLoginError('no-role', `no rule matches claim "${config.roleMapping.claim}" of ${idClaims.iss} subject ${idClaims.sub}`);
  }

  const email = typeof claims.email === 'string' && claims.email.includes('@') ? claims.email.trim().toLowerCase() : null;
  const emailVerified = typeof claims.email_verified === 'boolean' ? claims.email_verified : null;
  const name =
    typeof claims.name === 'string' && claims.name.trim()
      ? claims.name.trim()
      : [claims.given_name, claims.family_name].filter((p): p is string => typeof p === 'string' && p.trim() !== '').join(' ') || null;

  return { subject: idClaims.sub, issuer: idClaims.iss, email, emailVerified, name, claims, grants, returnTo: safeReturnTo(pending.returnTo) };
}

// ---------------------------------------------------------------------------------------------
// Error mapping

const VALIDATION_CODES = new Set([
  'OAUTH_INVALID_RESPONSE',
  'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
  'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED',
  'OAUTH_JWT_TIMESTAMP_CHECK_FAILED',
  'OAUTH_KEY_SELECTION_FAILED',
  'OAUTH_PARSE_ERROR',
  'OAUTH_UNSUPPORTED_OPERATION',
]);

function describe(err: unknown): string {
  if (err instanceof client.ResponseBodyError || err instanceof client.AuthorizationResponseError) {
    return `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  }
  if (err instanceof client.WWWAuthenticateChallengeError) {
    // e.g. a wrong client secret with client_secret_basic: HTTP 401 with the error in the challenge.
    const parts = err.cause.map((c) => [c.parameters.error, c.parameters.error_description].filter(Boolean).join(': ')).filter(Boolean);
    return `HTTP ${err.status} ${parts.join('; ') || err.message}`;
  }
  if (err instanceof Error) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  return String(err);
}

function toLoginError(err: unknown): OidcLoginError {
  if (err instanceof OidcLoginError) return err;
  if (err instanceof client.AuthorizationResponseError) {
    return new OidcLoginError(err.error === 'access_denied' ? 'access-denied' : 'provider-error', describe(err), { cause: err });
  }
  if (err instanceof client.ResponseBodyError || err instanceof client.WWWAuthenticateChallengeError) {
    return new OidcLoginError('provider-error', describe(err), { cause: err });
  }
  if (err instanceof client.ClientError && err.code && VALIDATION_CODES.has(err.code)) {
    return new OidcLoginError('invalid-response', describe(err), { cause: err });
  }
  return new OidcLoginError('provider-error', describe(err), { cause: err });
}
