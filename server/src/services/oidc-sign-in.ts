// OpenID Connect sign-in on top of auth/oidc.ts: the pending login is kept in the database (any
// app server may receive the callback), the identity provider's claims decide the roles on every
// sign-in (the municipality's own directory is the authority), and a first sign-in creates the
// account.
import type { Kysely } from 'kysely';
import { beginLogin, completeLogin, type OidcConfig, OidcLoginError, PENDING_LOGIN_TTL_MS } from '../auth/oidc.ts';
import type { Database } from '../db/schema.ts';
import { recordAudit } from '../repositories/audit.repository.ts';
import { deleteLoginFlowsBefore, insertLoginFlow, takeLoginFlow } from '../repositories/sessions.repository.ts';
import { findUserByEmail, findUserByOidc, grantsOf, insertUser, replaceGrants, updateUser } from '../repositories/users.repository.ts';
import { type AccountSettings, type SignedIn, startSession } from './accounts.ts';

export async function startOidcSignIn(db: Kysely<Database>, config: OidcConfig, returnTo: string | null, now = new Date()): Promise<string> {
  const { authorizationUrl, pending } = await beginLogin(config, { returnTo, now });
  await deleteLoginFlowsBefore(db, new Date(now.getTime() - PENDING_LOGIN_TTL_MS).toISOString());
  await insertLoginFlow(db, { state: pending.state, nonce: pending.nonce, code_verifier: pending.codeVerifier, return_to: pending.returnTo, created_at: pending.createdAt });
  return authorizationUrl;
}

export async function finishOidcSignIn(
  db: Kysely<Database>,
  config: OidcConfig,
  callbackUrl: URL,
  settings: AccountSettings,
  now = new Date(),
): Promise<SignedIn & { returnTo: string }> {
  const state = callbackUrl.searchParams.get('state') ?? '';
  const flow = await takeLoginFlow(db, state);
  if (!flow) {
    throw new OidcLoginError('state-mismatch', 'no pending sign-in for this state: used already, expired or forged');
  }
  const result = await completeLogin(config, callbackUrl, { state: flow.state, nonce: flow.nonce, codeVerifier: flow.code_verifier, returnTo: flow.return_to, createdAt: flow.created_at }, { now });
  const userId = await db.transaction().execute(async (trx) => {
    // The same person: by the provider's subject, or (first sign-in) by a verified e-mail address.
    let user = await findUserByOidc(trx, result.issuer, result.subject);
    if (!user && result.email && result.emailVerified !== false) {
      const byEmail = await findUserByEmail(trx, result.email);
      if (byEmail && byEmail.oidc_subject === null) user = byEmail;
    }
    let id: number;
    if (user) {
      id = user.id;
      if (user.disabled) throw new OidcLoginError('access-denied', 'the account is disabled');
      if (user.oidc_subject === null) await updateUser(trx, id, { oidc_issuer: result.issuer, oidc_subject: result.subject });
    } else {
      if (!result.email) throw new OidcLoginError('invalid-response', 'the identity provider sent no e-mail address');
      id = await insertUser(trx, { email: result.email, displayName: result.name, passwordHash: null, oidcIssuer: result.issuer, oidcSubject: result.subject });
      await recordAudit(trx, { userId: id, label: result.email }, { action: 'user.create', entityType: 'user', entityId: id, after: { email: result.email, via: 'oidc', issuer: result.issuer } });
    }
    const before = await grantsOf(trx, id);
    const key = (gs: typeof before) => JSON.stringify([...gs].map((g) => `${g.role}:${g.municipalityCode}`).sort());
    if (key(before) !== key(result.grants)) {
      await replaceGrants(trx, id, result.grants);
      await recordAudit(trx, { userId: id, label: result.email ?? result.subject }, { action: 'user.grants', entityType: 'user', entityId: id, before: { grants: before }, after: { grants: result.grants, via: 'oidc' } });
    }
    return id;
  });
  return { ...(await startSession(db, userId, 'oidc', settings, now)), returnTo: result.returnTo };
}
