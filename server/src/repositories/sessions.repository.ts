// Sign-in sessions, pending OIDC logins and API tokens: all stored by hash, all in the database,
// so any app server behind a load balancer can answer any request.
import type { Selectable } from 'kysely';
import type { ApiTokensTable, SessionsTable } from '../db/schema.ts';
import { type Db, reusableQuery } from './db-types.ts';

export type SessionRow = Selectable<SessionsTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;

export async function insertSession(db: Db, s: SessionRow): Promise<void> {
  await db.insertInto('sessions').values(s).execute();
}

const sessionQuery = reusableQuery((db: Db, idHash: string) => db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash));

/** Asked on every signed-in request. */
export async function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return (await sessionQuery(db, idHash))[0];
}

export async function touchSession(db: Db, idHash: string, lastSeenAt: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function deleteSessionsOf(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
}

export async function insertLoginFlow(db: Db, f: { state: string; nonce: string; code_verifier: string; return_to: string; created_at: string }): Promise<void> {
  await db.insertInto('login_flows').values(f).execute();
}

/** Takes a pending login out of the database: a state can be used once. */
export async function takeLoginFlow(db: Db, state: string) {
  const flow = await db.selectFrom('login_flows').selectAll().where('state', '=', state).executeTakeFirst();
  if (flow) await db.deleteFrom('login_flows').where('state', '=', state).execute();
  return flow;
}

export async function deleteLoginFlowsBefore(db: Db, createdBefore: string): Promise<void> {
  await db.deleteFrom('login_flows').where('created_at', '<', createdBefore).execute();
}

export async function insertApiToken(db: Db, t: Omit<ApiTokenRow, 'id'>): Promise<number> {
  return (await db.insertInto('api_tokens').values(t).returning('id').executeTakeFirstOrThrow()).id;
}

export async function findApiToken(db: Db, tokenHash: string): Promise<ApiTokenRow | undefined> {
  return db.selectFrom('api_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function listApiTokens(db: Db, userId: number): Promise<ApiTokenRow[]> {
  return db.selectFrom('api_tokens').selectAll().where('user_id', '=', userId).orderBy('id', 'desc').execute();
}

export async function updateApiToken(db: Db, id: number, set: { last_used_at?: string; revoked_at?: string }): Promise<void> {
  await db.updateTable('api_tokens').set(set).where('id', '=', id).execute();
}

/** Revokes every live token of a user (disabling the account); returns how many. */
export async function revokeApiTokensOf(db: Db, userId: number, revokedAt: string): Promise<number> {
  const r = await db.updateTable('api_tokens').set({ revoked_at: revokedAt }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}
