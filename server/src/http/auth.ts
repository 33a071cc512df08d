// Authentication for every /api/v1 request: the session cookie or a bearer token becomes
// `c.var.principal`; cookie-authenticated writes must echo the session's CSRF token. Routes then
// ask the policy (auth/policy.ts) through `allow`, which answers 401 to strangers and 403 to
// signed-in users without the right role.
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Kysely } from 'kysely';
import { canReadInventory, type Principal, refuse } from '../auth/policy.ts';
import type { Database } from '../db/schema.ts';
import { ForbiddenError, NotFoundError } from '../errors.ts';
import { municipalityState } from '../repositories/municipalities.repository.ts';
import { type AccountSettings, resolvePrincipal } from '../services/accounts.ts';
import type { AppEnv } from './openapi.ts';

export const SESSION_COOKIE = 'hf_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function authenticate(db: Kysely<Database>, settings: AccountSettings): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const authorization = c.req.header('authorization');
    const bearer = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? null;
    const { principal, csrfToken } = await resolvePrincipal(db, { bearerToken: bearer, sessionToken: bearer ? null : (getCookie(c, SESSION_COOKIE) ?? null) }, settings);
    c.set('principal', principal);
    c.set('csrfToken', csrfToken);
    // A browser sends the cookie with cross-site form posts too; only a page of ours can read
    // the CSRF token (from GET /api/v1/auth/session) and send it back in a header.
    if (principal.via === 'session' && !SAFE_METHODS.has(c.req.method) && c.req.header(CSRF_HEADER) !== csrfToken) {
      throw new ForbiddenError('Missing or wrong CSRF token: send the X-CSRF-Token header from GET /api/v1/auth/session', [
        { field: CSRF_HEADER, message: { da: 'Siden er forældet: genindlæs og prøv igen', en: 'The page is out of date: reload and try again' } },
      ]);
    }
    await next();
    // Answers depend on who asks: shared caches must not reuse them across users.
    c.header('vary', 'Cookie, Authorization', { append: true });
  };
}

/** Throws unless the policy allows it: 401 for a stranger, 403 for a signed-in user. */
export function allow(c: Context<AppEnv>, allowed: boolean, what: string): Principal {
  const principal = c.get('principal');
  return allowed ? principal : refuse(principal, what);
}

/** The municipality's state (visibility, score stamp); 404 when there is no such municipality. */
export async function existingMunicipality(db: Kysely<Database>, code: number) {
  const state = await municipalityState(db, code);
  if (!state) throw new NotFoundError(`No municipality with code ${code}`);
  return state;
}

/** The municipality's state once the principal may see its inventory: 404 without the municipality, 403 without the right. */
export async function allowInventoryRead(db: Kysely<Database>, c: Context<AppEnv>, code: number, what: string) {
  const state = await existingMunicipality(db, code);
  return { principal: allow(c, canReadInventory(c.get('principal'), code, state.inventoryVisibility), what), state };
}

export function setSessionCookie(c: Context, token: string, expiresAt: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: new Date(expiresAt) });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/', secure });
}
