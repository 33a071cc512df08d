// Accounts: creating users and their roles, signing in with a password (rate limits, lockout),
// sessions and personal API tokens, and turning a cookie or a bearer token back into a principal.
// The HTTP layer, the CLI and the OIDC callback all come through here.
import type { Kysely } from 'kysely';
import { writeWithoutWaiting } from '../db/without-waiting.ts';
import { cachedRead } from '../db/read-cache.ts';
import type { Database } from '../db/schema.ts';
import { anonymousPrincipal, canManageTokens, type Grant, grantProblem, municipalRoles, type Principal, type Role } from '../auth/policy.ts';
import { decoyHash, hashPassword, hashSecret, newSecret, PASSWORD_MIN_LENGTH, verifyPassword } from '../auth/secrets.ts';
import { ConflictError, ForbiddenError, InputError, LimitExceededError, NotFoundError, RateLimitedError, UnauthenticatedError } from '../errors.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import type { Db } from '../repositories/db-types.ts';
import { neverHeldRealData } from '../repositories/import-runs.repository.ts';
import { readWorld } from '../repositories/world.repository.ts';
import { clearBucket, hit } from '../repositories/rate-limits.repository.ts';
import {
  deleteSession,
  deleteSessionsOf,
  findApiToken,
  findSession,
  insertApiToken,
  insertSession,
  listApiTokens,
  revokeApiTokensOf,
  touchSession,
  updateApiToken,
} from '../repositories/sessions.repository.ts';
import {
  findUserByEmail,
  findUserById,
  grantsOf,
  insertUser,
  normalizeEmail,
  replaceGrants,
  updateUser,
  type UserWithGrants,
  withGrants,
} from '../repositories/users.repository.ts';

export interface AccountSettings {
  passwordScryptN: number;
  sessionIdleHours: number;
}

/** Failed passwords in a row before an account is locked, and for how long. */
export const LOCKOUT_AFTER = 5;
export const LOCKOUT_MINUTES = 15;
/** Sign-in attempts per client address and per e-mail address in a 15-minute window. */
export const LOGIN_LIMITS = { perAddress: 30, perEmail: 10, windowSeconds: 15 * 60 };
/** Session activity is written back at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60 * 1000;

/** The one answer to every failed sign-in: it never tells whether the account exists or is locked. */
const SIGN_IN_FAILED = 'Wrong e-mail or password, or the account is temporarily locked. Try again later or ask an administrator.';

export async function createUser(
  db: Kysely<Database>,
  actor: AuditActor,
  u: { email: string; displayName?: string | null; password?: string | null; grants: Grant[] },
  settings: Pick<AccountSettings, 'passwordScryptN'>,
): Promise<UserWithGrants> {
  checkGrants(u.grants);
  if (u.password != null) checkPassword(u.password);
  const passwordHash = u.password != null ? await hashPassword(u.password, settings.passwordScryptN) : null;
  return db.transaction().execute(async (trx) => {
    if (await findUserByEmail(trx, u.email)) throw new ConflictError(`A user with the e-mail ${normalizeEmail(u.email)} exists already`);
    await checkMunicipalities(trx, u.grants);
    const id = await insertUser(trx, { email: u.email, displayName: u.displayName ?? null, passwordHash });
    await replaceGrants(trx, id, u.grants);
    const created = withGrants((await findUserById(trx, id))!, await grantsOf(trx, id));
    await recordAudit(trx, actor, { action: 'user.create', entityType: 'user', entityId: id, after: { email: created.email, grants: created.grants } });
    return created;
  });
}

export async function setGrants(db: Kysely<Database>, actor: AuditActor, userId: number, grants: Grant[]): Promise<UserWithGrants> {
  checkGrants(grants);
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new NotFoundError(`No user with id ${userId}`);
    await checkMunicipalities(trx, grants);
    const before = await grantsOf(trx, userId);
    await replaceGrants(trx, userId, grants);
    const after = await grantsOf(trx, userId);
    await recordAudit(trx, actor, { action: 'user.grants', entityType: 'user', entityId: userId, before: { grants: before }, after: { grants: after } });
    return withGrants(user, after);
  });
}

/** Disabling signs the user out everywhere and revokes their API tokens for good: enabling the account again does not bring them back. */
export async function setDisabled(db: Kysely<Database>, actor: AuditActor, userId: number, disabled: boolean, now = new Date()): Promise<UserWithGrants> {
  return db.transaction().execute(async (trx) => {
    const user = await findUserById(trx, userId);
    if (!user) throw new NotFoundError(`No user with id ${userId}`);
    await updateUser(trx, userId, { disabled: disabled ? 1 : 0 });
    let tokensRevoked = 0;
    if (disabled) {
      await deleteSessionsOf(trx, userId);
      tokensRevoked = await revokeApiTokensOf(trx, userId, now.toISOString());
    }
    const after = disabled ? { disabled, tokensRevoked } : { disabled };
    await recordAudit(trx, actor, { action: disabled ? 'user.disable' : 'user.enable', entityType: 'user', entityId: userId, before: { disabled: user.disabled === 1 }, after });
    return withGrants({ ...user, disabled: disabled ? 1 : 0 }, await grantsOf(trx, userId));
  });
}

export async function setPassword(db: Kysely<Database>, actor: AuditActor, userId: number, password: string, settings: Pick<AccountSettings, 'passwordScryptN'>): Promise<void> {
  checkPassword(password);
  const hash = await hashPassword(password, settings.passwordScryptN);
  await db.transaction().execute(async (trx) => {
    if (!(await findUserById(trx, userId))) throw new NotFoundError(`No user with id ${userId}`);
    await updateUser(trx, userId, { password_hash: hash, failed_logins: 0, locked_until: null });
    await deleteSessionsOf(trx, userId);
    // The audit entry says that the password changed, never the password or its hash.
    await recordAudit(trx, actor, { action: 'user.password', entityType: 'user', entityId: userId });
  });
}

function checkGrants(grants: Grant[]): void {
  const errors = grants.flatMap((g, i) => {
    const problem = grantProblem(g);
    return problem ? [{ field: `grants.${i}`, message: problem }] : [];
  });
  if (errors.length) throw new InputError('Invalid role grants', errors);
}

async function checkMunicipalities(db: Db, grants: Grant[]): Promise<void> {
  const codes = [...new Set(grants.flatMap((g) => (g.municipalityCode === null ? [] : [g.municipalityCode])))];
  if (!codes.length) return;
  const known = new Set((await db.selectFrom('municipalities').select('code').where('code', 'in', codes).execute()).map((m) => m.code));
  const unknown = codes.filter((c) => !known.has(c));
  if (unknown.length) {
    throw new InputError(`Unknown municipality code(s): ${unknown.join(', ')}`, unknown.map((code) => ({ field: 'municipalityCode', value: String(code), message: { da: `Ukendt kommunekode ${code}`, en: `Unknown municipality code ${code}` } })));
  }
}

function checkPassword(password: string): void {
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new InputError('Password too short', [
      { field: 'password', message: { da: `Adgangskoden skal have mindst ${PASSWORD_MIN_LENGTH} tegn`, en: `The password needs at least ${PASSWORD_MIN_LENGTH} characters` } },
    ]);
  }
}

export interface SignedIn {
  /** The cookie value; only its hash is stored. */
  sessionToken: string;
  csrfToken: string;
  expiresAt: string;
  user: UserWithGrants;
}

/**
 * Password sign-in. Counts the attempt against the client address and the e-mail (in the
 * database), verifies the password (a decoy hash when the account does not exist, so the answer
 * takes as long), locks the account after LOCKOUT_AFTER failures in a row, and answers every
 * failure the same way.
 */
export async function signIn(
  db: Kysely<Database>,
  req: { email: string; password: string; clientAddress: string },
  settings: AccountSettings,
  now = new Date(),
): Promise<SignedIn> {
  const email = normalizeEmail(req.email);
  for (const [bucket, limit] of [[`login:addr:${req.clientAddress}`, LOGIN_LIMITS.perAddress], [`login:email:${email}`, LOGIN_LIMITS.perEmail]] as const) {
    const { hits, windowStart } = await hit(db, bucket, now, LOGIN_LIMITS.windowSeconds);
    if (hits > limit) {
      const retry = Math.max(1, Math.ceil((Date.parse(windowStart) + LOGIN_LIMITS.windowSeconds * 1000 - now.getTime()) / 1000));
      throw new RateLimitedError('Too many sign-in attempts; wait before trying again', retry);
    }
  }
  const user = await findUserByEmail(db, email);
  const ok = await verifyPassword(req.password, user?.password_hash ?? (await decoyHash(settings.passwordScryptN)));
  const locked = user?.locked_until != null && Date.parse(user.locked_until) > now.getTime();
  if (!user || !user.password_hash || user.disabled === 1 || locked || !ok) {
    if (user && !locked && !ok) {
      const failed = user.failed_logins + 1;
      await updateUser(db, user.id, {
        failed_logins: failed >= LOCKOUT_AFTER ? 0 : failed,
        locked_until: failed >= LOCKOUT_AFTER ? new Date(now.getTime() + LOCKOUT_MINUTES * 60_000).toISOString() : null,
      });
    }
    throw new UnauthenticatedError(SIGN_IN_FAILED);
  }
  await clearBucket(db, `login:email:${email}`);
  return startSession(db, user.id, 'password', settings, now);
}

/** Opens a session for a user who has proven who they are (password or OIDC). */
export async function startSession(db: Kysely<Database>, userId: number, method: 'password' | 'oidc', settings: Pick<AccountSettings, 'sessionIdleHours'>, now = new Date()): Promise<SignedIn> {
  const sessionToken = newSecret();
  const csrfToken = newSecret();
  const expiresAt = new Date(now.getTime() + settings.sessionIdleHours * 3_600_000).toISOString();
  return db.transaction().execute(async (trx) => {
    await insertSession(trx, { id_hash: hashSecret(sessionToken), user_id: userId, csrf_token: csrfToken, auth_method: method, created_at: now.toISOString(), expires_at: expiresAt, last_seen_at: now.toISOString() });
    await updateUser(trx, userId, { failed_logins: 0, locked_until: null, last_login_at: now.toISOString() });
    const user = withGrants((await findUserById(trx, userId))!, await grantsOf(trx, userId));
    await recordAudit(trx, { userId, label: user.email }, { action: 'session.start', entityType: 'user', entityId: userId, after: { method } });
    return { sessionToken, csrfToken, expiresAt, user };
  });
}

export async function signOut(db: Db, sessionToken: string): Promise<void> {
  await deleteSession(db, hashSecret(sessionToken));
}

export interface ResolvedPrincipal {
  principal: Principal;
  /** The session's CSRF token (cookie sessions only): unsafe requests must echo it. */
  csrfToken: string | null;
}

/** Who is asking: a session cookie, a bearer token, or nobody. Demo mode is decided here too. */
/** The world national figures count ('real' once any current inventory is real): remembered until the database changes. */
export const currentWorld = (db: Db) => cachedRead(db, 'world', () => readWorld(db));

export async function resolvePrincipal(
  db: Kysely<Database>,
  credentials: { sessionToken?: string | null; bearerToken?: string | null },
  settings: Pick<AccountSettings, 'sessionIdleHours'>,
  now = new Date(),
): Promise<ResolvedPrincipal> {
  // Asked on every request: remembered until the database changes (db/read-cache.ts).
  // Demo mode (anonymous visitors may read): the demo world (no municipality's current inventory is
  // real, repositories/world.repository.ts) in a database that never held a real file.
  const demoMode = (await currentWorld(db)) === 'demo' && (await cachedRead(db, 'never-real', () => neverHeldRealData(db)));
  if (credentials.bearerToken) {
    const tokenHash = hashSecret(credentials.bearerToken);
    const { token, user, grants } = await cachedRead(db, `token:${tokenHash}`, async () => {
      const token = await findApiToken(db, tokenHash);
      const user = token ? await findUserById(db, token.user_id) : undefined;
      return { token, user, grants: user ? await grantsOf(db, user.id) : [] };
    });
    const expired = token !== undefined && Date.parse(tokenExpiry(token)) <= now.getTime();
    if (!token || token.revoked_at || expired) throw new UnauthenticatedError('The API token is unknown, expired or revoked');
    if (!user || user.disabled) throw new UnauthenticatedError('The API token belongs to a disabled account');
    if (!token.last_used_at || now.getTime() - Date.parse(token.last_used_at) > TOUCH_EVERY_MS) await writeWithoutWaiting(db, (d) => updateApiToken(d, token.id, { last_used_at: now.toISOString() }));
    // A token carries one of its owner's grants, never more than the owner holds today.
    const tokenGrants = grants.filter((g) => g.role === token.role && g.municipalityCode === token.municipality_code);
    return { principal: { userId: user.id, label: user.email, grants: tokenGrants, via: 'token', demoMode }, csrfToken: null };
  }
  if (credentials.sessionToken) {
    const idHash = hashSecret(credentials.sessionToken);
    const { session, user, grants } = await cachedRead(db, `session:${idHash}`, async () => {
      const session = await findSession(db, idHash);
      const user = session ? await findUserById(db, session.user_id) : undefined;
      return { session, user, grants: user ? await grantsOf(db, user.id) : [] };
    });
    if (session && Date.parse(session.expires_at) > now.getTime() && user && !user.disabled) {
      if (now.getTime() - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
        // Best effort: while an import holds SQLite's write lock, a read is not held up to extend a session.
        await writeWithoutWaiting(db, (d) => touchSession(d, idHash, now.toISOString(), new Date(now.getTime() + settings.sessionIdleHours * 3_600_000).toISOString()));
      }
      return { principal: { userId: user.id, label: user.email, grants, via: 'session', demoMode }, csrfToken: session.csrf_token };
    }
  }
  return { principal: anonymousPrincipal(demoMode), csrfToken: null };
}

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  role: Role;
  municipalityCode: number | null;
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An API token's lifetime when the request names none, and the longest one allowed. */
export const TOKEN_DEFAULT_DAYS = 90;
export const TOKEN_MAX_DAYS = 365;
const DAY_MS = 86_400_000;

/**
 * When a token stops working. Tokens made before every token had an expiry (expires_at null)
 * count as made with the default lifetime, so none lives forever.
 */
function tokenExpiry(t: { created_at: string; expires_at: string | null }): string {
  return t.expires_at ?? new Date(Date.parse(t.created_at) + TOKEN_DEFAULT_DAYS * DAY_MS).toISOString();
}

/** Tokens are managed by a person with a session: 401 for nobody, 403 for a bearer token. */
function requireSession(principal: Principal, what: string): number {
  if (principal.userId === null) throw new UnauthenticatedError(`Sign in to ${what}`);
  if (!canManageTokens(principal)) {
    throw new ForbiddenError(`An API token cannot ${what}; sign in as a person`, [
      { field: 'authorization', message: { da: 'Et API-token kan ikke oprette, se eller tilbagekalde tokens: log ind som person', en: 'An API token cannot create, list or revoke tokens: sign in as a person' } },
    ]);
  }
  return principal.userId;
}

/** The requested expiry, or the default; refused (422) when it is not in the future or more than a year away. */
function checkedExpiry(requested: string | null | undefined, now: Date): string {
  if (requested === undefined) return new Date(now.getTime() + TOKEN_DEFAULT_DAYS * DAY_MS).toISOString();
  const at = requested === null ? Number.POSITIVE_INFINITY : Date.parse(requested);
  const field = 'expiresAt';
  if (at > now.getTime() + TOKEN_MAX_DAYS * DAY_MS) {
    throw new LimitExceededError(`An API token expires within ${TOKEN_MAX_DAYS} days`, [
      { field, value: requested ?? 'null', message: { da: `Et API-token udløber senest om ${TOKEN_MAX_DAYS} dage`, en: `An API token expires within ${TOKEN_MAX_DAYS} days` } },
    ]);
  }
  if (!(at > now.getTime())) {
    throw new LimitExceededError('The expiry lies in the past', [{ field, value: requested!, message: { da: 'Udløbstidspunktet er passeret', en: 'The expiry lies in the past' } }]);
  }
  return new Date(at).toISOString();
}

const tokenView = (t: Awaited<ReturnType<typeof listApiTokens>>[number]): ApiTokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.token_prefix,
  role: t.role as Role,
  municipalityCode: t.municipality_code,
  createdAt: t.created_at,
  expiresAt: tokenExpiry(t),
  lastUsedAt: t.last_used_at,
  revokedAt: t.revoked_at,
});

/**
 * A personal API token for one of the user's own grants; the secret is returned this once. Only
 * a session may create one, and every token expires: `expiresAt` omitted means in
 * TOKEN_DEFAULT_DAYS, null (never) or more than TOKEN_MAX_DAYS away is refused.
 */
export async function createApiToken(
  db: Kysely<Database>,
  principal: Principal,
  req: { name: string; role: Role; municipalityCode: number | null; expiresAt?: string | null },
  now = new Date(),
): Promise<{ token: string; view: ApiTokenView }> {
  const userId = requireSession(principal, 'create API tokens');
  const expiresAt = checkedExpiry(req.expiresAt, now);
  const code = municipalRoles.has(req.role) ? req.municipalityCode : null;
  if (!principal.grants.some((g) => g.role === req.role && g.municipalityCode === code)) {
    throw new InputError('A token can only carry a role you hold', [{ field: 'role', message: { da: 'Du har ikke denne rolle (for denne kommune)', en: 'You do not hold this role (for this municipality)' } }]);
  }
  const token = newSecret('hf_');
  return db.transaction().execute(async (trx) => {
    const row = { user_id: userId, name: req.name, token_hash: hashSecret(token), token_prefix: token.slice(0, 9), role: req.role, municipality_code: code, created_at: now.toISOString(), expires_at: expiresAt, last_used_at: null, revoked_at: null };
    const id = await insertApiToken(trx, row);
    await recordAudit(trx, principal, { action: 'token.create', entityType: 'api_token', entityId: id, municipalityCode: code, after: { name: req.name, role: req.role, municipalityCode: code, expiresAt } });
    return { token, view: tokenView({ id, ...row }) };
  });
}

export async function listTokens(db: Db, principal: Principal): Promise<ApiTokenView[]> {
  return (await listApiTokens(db, requireSession(principal, 'list API tokens'))).map(tokenView);
}

export async function revokeApiToken(db: Kysely<Database>, principal: Principal, id: number): Promise<ApiTokenView> {
  const userId = requireSession(principal, 'revoke API tokens');
  return db.transaction().execute(async (trx) => {
    const token = (await listApiTokens(trx, userId)).find((t) => t.id === id);
    if (!token) throw new NotFoundError(`You have no API token with id ${id}`);
    const revokedAt = token.revoked_at ?? new Date().toISOString();
    if (!token.revoked_at) {
      await updateApiToken(trx, id, { revoked_at: revokedAt });
      await recordAudit(trx, principal, { action: 'token.revoke', entityType: 'api_token', entityId: id, municipalityCode: token.municipality_code, before: { revokedAt: null }, after: { revokedAt } });
    }
    return tokenView({ ...token, revoked_at: revokedAt });
  });
}
