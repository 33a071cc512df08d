// kitos_connections (migration 0021): a municipality's KITOS connection, its sealed credentials
// and its sync's state and lease. Rows only; the service (services/kitos-connections.ts) seals,
// opens, validates and audits.
import type { Insertable, Selectable } from 'kysely';
import type { KitosConnectionsTable } from '../db/schema.ts';
import type { Db } from './db-types.ts';

export type KitosConnectionRow = Selectable<KitosConnectionsTable>;

export const findKitosConnection = (db: Db, code: number): Promise<KitosConnectionRow | undefined> =>
  db.selectFrom('kitos_connections').selectAll().where('municipality_code', '=', code).executeTakeFirst();

/** The municipalities with a connection, by code. */
export const kitosConnectionCodes = async (db: Db): Promise<number[]> =>
  (await db.selectFrom('kitos_connections').select('municipality_code').orderBy('municipality_code').execute()).map((r) => r.municipality_code);

export async function insertKitosConnection(db: Db, row: Insertable<KitosConnectionsTable>): Promise<void> {
  await db.insertInto('kitos_connections').values(row).execute();
}

/** The settings part of a connection; the sync's state and lease are the sync's own. */
export interface KitosConnectionSettings {
  base_url: string;
  organization_uuid: string;
  credentials_ciphertext: string;
  credentials_key_id: string;
  api_user_email_hint: string;
  updated_at: string;
  updated_by: string;
  /** Set to null when the connection now points at another KITOS or organisation: the next sync is full. */
  sync_cursor?: null;
}

export async function updateKitosConnection(db: Db, code: number, settings: KitosConnectionSettings): Promise<void> {
  await db.updateTable('kitos_connections').set(settings).where('municipality_code', '=', code).execute();
}

export async function deleteKitosConnection(db: Db, code: number): Promise<boolean> {
  const r = await db.deleteFrom('kitos_connections').where('municipality_code', '=', code).executeTakeFirst();
  return Number(r.numDeletedRows) === 1;
}

/** Every row's sealed credentials, for a key rotation. */
export const sealedCredentials = (db: Db) =>
  db.selectFrom('kitos_connections').select(['municipality_code', 'credentials_ciphertext', 'credentials_key_id']).orderBy('municipality_code').execute();

export async function updateSealedCredentials(db: Db, code: number, ciphertext: string, keyId: string): Promise<void> {
  await db.updateTable('kitos_connections').set({ credentials_ciphertext: ciphertext, credentials_key_id: keyId }).where('municipality_code', '=', code).execute();
}

/**
 * Takes the lease in one statement: only when nobody holds it, it has run out, or `holder` holds it
 * already. On PostgreSQL a second transaction updating the row waits for the first and re-checks
 * the condition against the row the first wrote, so of two concurrent takers exactly one wins; on
 * SQLite writes are serialised. Timestamps are ISO 8601 UTC text, which sorts as time.
 */
export async function takeLease(db: Db, code: number, holder: string, nowIso: string, untilIso: string): Promise<boolean> {
  const r = await db
    .updateTable('kitos_connections')
    .set({ lease_holder: holder, lease_until: untilIso, last_sync_started_at: nowIso })
    .where('municipality_code', '=', code)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', nowIso), eb('lease_holder', '=', holder)]))
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Extends a lease `holder` still holds (not one that ran out: another server may have taken it since). */
export async function extendLease(db: Db, code: number, holder: string, nowIso: string, untilIso: string): Promise<boolean> {
  const r = await db
    .updateTable('kitos_connections')
    .set({ lease_until: untilIso })
    .where('municipality_code', '=', code)
    .where('lease_holder', '=', holder)
    .where('lease_until', '>', nowIso)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function dropLease(db: Db, code: number, holder: string): Promise<boolean> {
  const r = await db
    .updateTable('kitos_connections')
    .set({ lease_holder: null, lease_until: null })
    .where('municipality_code', '=', code)
    .where('lease_holder', '=', holder)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export type SyncOutcome =
  | { last_successful_sync_at: string; sync_cursor: string; last_error: null }
  | { last_error: string };

export async function saveSyncOutcome(db: Db, code: number, outcome: SyncOutcome): Promise<boolean> {
  const r = await db.updateTable('kitos_connections').set(outcome).where('municipality_code', '=', code).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
