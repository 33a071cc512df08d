// /api/v1/auth: sign in with a password or through the municipality's identity provider (OIDC),
// sign out, and the current session (who, which roles, the CSRF token, demo mode).
import { createRoute, z } from '@hono/zod-openapi';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import type { OidcConfig } from '../../auth/oidc.ts';
import { municipalitiesOf, type Principal } from '../../auth/policy.ts';
import type { Database } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import { type AccountSettings, currentWorld, signIn, signOut } from '../../services/accounts.ts';
import { finishOidcSignIn, startOidcSignIn } from '../../services/oidc-sign-in.ts';
import type { TrustProxy } from '../../config.ts';
import { clearSessionCookie, SESSION_COOKIE, setSessionCookie } from '../auth.ts';
import { clientAddressOf, proxyMatcher } from '../client-address.ts';
import { createRouter, GrantSchema, json, pick } from '../openapi.ts';

export const SessionSchema = z
  .object({
    user: z.object({ id: z.number().int(), email: z.string(), displayName: z.string().nullable().optional() }).nullable(),
    grants: z.array(GrantSchema),
    municipalities: z.array(z.number().int()).openapi({ description: 'Municipalities the user acts for' }),
    via: z.enum(['session', 'token', 'anonymous']),
    csrfToken: z.string().nullable().openapi({ description: 'Send as X-CSRF-Token on every write made with the session cookie' }),
    demoMode: z.boolean().openapi({ description: 'Only fictitious demo data, and no real file ever committed: anonymous visitors may read' }),
    world: z.enum(['real', 'demo']).openapi({ description: "Which inventories national figures count: 'real' once any municipality's current inventory is real, else 'demo' (the pages then carry the demo banner)" }),
    signIn: z.object({ password: z.boolean(), oidc: z.object({ displayName: z.string(), url: z.string() }).nullable() }),
    site: z.object({
      accessibilityStatementUrl: z.string().nullable().openapi({ description: "The deploying body's accessibility statement (ACCESSIBILITY_STATEMENT_URL), linked in the footer" }),
    }),
  })
  .openapi('Session');

const LoginBody = z.object({ email: z.string().min(3).max(320), password: z.string().min(1).max(1024) }).openapi('Login');

export interface AuthRouteOptions extends AccountSettings {
  oidc: OidcConfig | null;
  /** Cookies marked Secure (served over HTTPS). */
  secureCookies: boolean;
  trustProxy: TrustProxy;
  /** ACCESSIBILITY_STATEMENT_URL: shown to the web front end with the session. */
  accessibilityStatementUrl?: string | null;
}

function peerAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // app.request() in tests has no socket
  }
}

export function authRoutes(db: Kysely<Database>, o: AuthRouteOptions) {
  const isProxy = proxyMatcher(o.trustProxy);
  const clientAddress = (c: Context) => clientAddressOf(peerAddress(c), c.req.header('x-forwarded-for'), o.trustProxy, isProxy);
  const signInOptions = { password: true, oidc: o.oidc ? { displayName: o.oidc.displayName, url: '/api/v1/auth/oidc/login' } : null };
  const session = async (p: Principal, csrfToken: string | null) => ({
    user: p.userId === null ? null : { id: p.userId, email: p.label },
    grants: [...p.grants],
    municipalities: municipalitiesOf(p),
    via: p.via,
    csrfToken,
    demoMode: p.demoMode,
    world: await currentWorld(db),
    signIn: signInOptions,
    site: { accessibilityStatementUrl: o.accessibilityStatementUrl ?? null },
  });

  return createRouter()
    .openapi(
      createRoute({ method: 'get', path: '/session', tags: ['Log ind'], summary: 'Who is signed in, with which roles; the CSRF token', responses: { 200: json(SessionSchema, 'The session (anonymous when not signed in)') } }),
      async (c) => c.json(await session(c.get('principal'), c.get('csrfToken')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/login',
        tags: ['Log ind'],
        summary: 'Sign in with e-mail and password; sets an HttpOnly session cookie',
        request: { body: { content: { 'application/json': { schema: LoginBody } }, required: true } },
        responses: { 200: json(SessionSchema, 'Signed in'), ...pick(400, 401, 429) },
      }),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const signedIn = await signIn(db, { email, password, clientAddress: clientAddress(c) }, o);
        setSessionCookie(c, signedIn.sessionToken, signedIn.expiresAt, o.secureCookies);
        const { user } = signedIn;
        const principal: Principal = { userId: user.id, label: user.email, grants: user.grants, via: 'session', demoMode: c.get('principal').demoMode };
        return c.json(await session(principal, signedIn.csrfToken), 200);
      },
    )
    .openapi(
      createRoute({ method: 'post', path: '/logout', tags: ['Log ind'], summary: 'Sign out (ends the session in the database)', responses: { 204: { description: 'Signed out' }, ...pick(403) } }),
      async (c) => {
        const token = getCookie(c, SESSION_COOKIE);
        if (token) await signOut(db, token);
        clearSessionCookie(c, o.secureCookies);
        return c.body(null, 204);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/oidc/login',
        tags: ['Log ind'],
        summary: "Start sign-in at the municipality's identity provider (redirects)",
        request: { query: z.object({ returnTo: z.string().max(2000).optional() }) },
        responses: { 302: { description: 'To the identity provider' }, ...pick(404) },
      }),
      async (c) => {
        if (!o.oidc) throw new NotFoundError('OpenID Connect sign-in is not configured');
        return c.redirect(await startOidcSignIn(db, o.oidc, c.req.valid('query').returnTo ?? null), 302);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/oidc/callback',
        tags: ['Log ind'],
        summary: 'Where the identity provider sends the user back; sets the session cookie and redirects',
        request: { query: z.object({ state: z.string().max(2000).optional(), code: z.string().max(4000).optional(), error: z.string().max(2000).optional(), iss: z.string().max(2000).optional() }) },
        responses: { 302: { description: 'Signed in: back to where the sign-in started' }, ...pick(400, 403, 404) },
      }),
      async (c) => {
        if (!o.oidc) throw new NotFoundError('OpenID Connect sign-in is not configured');
        const signedIn = await finishOidcSignIn(db, o.oidc, new URL(c.req.url), o);
        setSessionCookie(c, signedIn.sessionToken, signedIn.expiresAt, o.secureCookies);
        return c.redirect(signedIn.returnTo, 302);
      },
    );
}
