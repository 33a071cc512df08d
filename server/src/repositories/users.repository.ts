// Users and their role grants.
import type { Grant, Role } from '../auth/policy.ts';
import type { Selectable } from 'kysely';
import type { UsersTable } from '../db/schema.ts';
import { type Db, nowIso, reusableQuery } from './db-types.ts';

export type UserRow = Selectable<UsersTable>;

export interface UserWithGrants {
  id: number;
  email: string;
  displayName: string | null;
  disabled: boolean;
  hasPassword: boolean;
  oidc: boolean;
  createdAt: string;
  lastLoginAt: string | null;
  grants: Grant[];
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

const userQuery = reusableQuery((db: Db, id: number) => db.selectFrom('users').selectAll().where('id', '=', id));
const grantsQuery = reusableQuery((db: Db, userId: number) =>
  db.selectFrom('user_grants').select(['role', 'municipality_code']).where('user_id', '=', userId).orderBy('role').orderBy('municipality_code'),
);

/** Asked on every signed-in request, like grantsOf. */
export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return (await userQuery(db, id))[0];
}

export async function findUserByOidc(db: Db, issuer: string, subject: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('oidc_issuer', '=', issuer).where('oidc_subject', '=', subject).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  u: { email: string; displayName: string | null; passwordHash: string | null; oidcIssuer?: string | null; oidcSubject?: string | null },
): Promise<number> {
  const now = nowIso();
  const row = await db
    .insertInto('users')
    .values({
      email: normalizeEmail(u.email),
      display_name: u.displayName,
      password_hash: u.passwordHash,
      oidc_issuer: u.oidcIssuer ?? null,
      oidc_subject: u.oidcSubject ?? null,
      disabled: 0,
      failed_logins: 0,
      locked_until: null,
      created_at: now,
      updated_at: now,
      last_login_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateUser(db: Db, id: number, set: Partial<Omit<UserRow, 'id' | 'created_at'>>): Promise<void> {
  await db.updateTable('users').set({ ...set, updated_at: nowIso() }).where('id', '=', id).execute();
}

export async function grantsOf(db: Db, userId: number): Promise<Grant[]> {
  const rows = await grantsQuery(db, userId);
  return rows.map((r) => ({ role: r.role as Role, municipalityCode: r.municipality_code }));
}

export async function replaceGrants(db: Db, userId: number, grants: readonly Grant[]): Promise<void> {
  await db.deleteFrom('user_grants').where('user_id', '=', userId).execute();
  const unique = new Map(grants.map((g) => [`${g.role}:${g.municipalityCode ?? ''}`, g]));
  if (unique.size) {
    await db
      .insertInto('user_grants')
      .values([...unique.values()].map((g) => ({ user_id: userId, role: g.role, municipality_code: g.municipalityCode })))
      .execute();
  }
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listUsers(db: Db, page: { limit: number; offset: number }): Promise<{ items: UserWithGrants[]; total: number }> {
  const rows = await db.selectFrom('users').selectAll().orderBy('email').limit(page.limit).offset(page.offset).execute();
  const grants = rows.length
    ? await db.selectFrom('user_grants').select(['user_id', 'role', 'municipality_code']).where('user_id', 'in', rows.map((r) => r.id)).execute()
    : [];
  const items = rows.map((r) => withGrants(r, grants.filter((g) => g.user_id === r.id).map((g) => ({ role: g.role as Role, municipalityCode: g.municipality_code }))));
  return { items, total: await countUsers(db) };
}

export function withGrants(r: UserRow, grants: Grant[]): UserWithGrants {
  return {
    id: r.id,
    email: r.email,
    displayName: r.display_name,
    disabled: r.disabled === 1,
    hasPassword: r.password_hash !== null,
    oidc: r.oidc_subject !== null,
    createdAt: r.created_at,
    lastLoginAt: r.last_login_at,
    grants,
  };
}
