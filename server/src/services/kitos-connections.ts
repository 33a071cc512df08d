// A municipality's KITOS connection (issue #18): where its KITOS is, which organisation, and the
// API user to sign in as — the password sealed with SECRETS_KEY (secrets.ts), bound to the
// municipality, written but never shown again: not by the API, the CLI, the audit log or a log
// line. The sync service alone opens it (credentialsFor). Also the sync's own state: one app server
// at a time holds a municipality's sync lease, and each sync's outcome moves the cursor the next
// incremental read starts from. Every function that depends on the time takes `now`.
import { z } from 'zod';
import type { Kysely } from 'kysely';
import { now as clockNow } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { InputError, NotFoundError, type FieldError, type LocalizedText } from '../errors.ts';
import { type AuditActor, recordAudit } from '../repositories/audit.repository.ts';
import type { Db } from '../repositories/db-types.ts';
import {
  deleteKitosConnection,
  dropLease,
  extendLease,
  findKitosConnection,
  insertKitosConnection,
  type KitosConnectionRow,
  saveSyncOutcome,
  sealedCredentials,
  takeLease,
  updateKitosConnection,
  updateSealedCredentials,
} from '../repositories/kitos-connections.repository.ts';
import type { Keyring } from '../secrets.ts';

/** The public KITOS. */
export const DEFAULT_KITOS_BASE_URL = 'https://kitos.dk';
/** Plain http is accepted only for a KITOS on this machine (the tests' fixture server). */
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const PASSWORD_MAX = 1024;

export interface KitosConnectionInput {
  /** Omitted or null: https://kitos.dk. */
  baseUrl?: string | null;
  organizationUuid: string;
  /** The KITOS API user (a function mailbox). */
  email: string;
  /** Needed for a new connection and when the e-mail changes; omitted: the stored one stays. */
  password?: string | null;
}

/** What anyone may be shown of a connection: never the password, the e-mail or the sealed value. */
export interface KitosConnectionView {
  municipalityCode: number;
  baseUrl: string;
  organizationUuid: string;
  apiUserEmailHint: string;
  /** The key the credentials are sealed with (first 8 hex of its SHA-256). */
  credentialsKeyId: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  lastSyncStartedAt: string | null;
  lastSuccessfulSyncAt: string | null;
  /** Where the next incremental sync starts (KITOS's time); null: the next sync reads everything. */
  syncCursor: string | null;
  lastError: LocalizedText | null;
  /** A server holds the sync lease now. */
  syncRunning: boolean;
}

/** What the sync needs to sign in and read: for services/kitos-sync.ts only, never answered or logged. */
export interface KitosSyncTarget {
  municipalityCode: number;
  baseUrl: string;
  organizationUuid: string;
  email: string;
  password: string;
  syncCursor: string | null;
  lastSuccessfulSyncAt: string | null;
}

const credentialsSchema = z.object({ email: z.string(), password: z.string() });

/** The AAD the credentials are sealed under: a sealed value copied to another municipality's row does not open. */
const credentialsAad = (code: number) => `handlefrihed/kitos-credentials/municipality/${code}`;
const credentialsName = (code: number): LocalizedText => ({ da: `KITOS-adgangen for kommune ${code}`, en: `The KITOS credentials of municipality ${code}` });

/** `kommune@eksempel.dk` → `k***@eksempel.dk`: enough to recognise the API user, not to write to it. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`;
}

const field = (name: string, da: string, en: string): FieldError => ({ field: name, message: { da, en } });

/** KITOS's address as stored: https (http only on this machine), no credentials, query or fragment, no trailing slash. */
export function normalizeKitosBaseUrl(raw: string | null | undefined): string {
  const text = (raw ?? '').trim();
  if (!text) return DEFAULT_KITOS_BASE_URL;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError('The KITOS base URL is not a URL', [field('baseUrl', `«${text}» er ikke en webadresse (fx https://kitos.dk)`, `«${text}» is not a URL (e.g. https://kitos.dk)`)]);
  }
  const local = LOCAL_HOSTS.has(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
    throw new InputError('The KITOS base URL must use https', [field('baseUrl', 'KITOS-adressen skal bruge https (http kun for en KITOS på denne maskine: 127.0.0.1 eller localhost)', 'The KITOS address must use https (http only for a KITOS on this machine: 127.0.0.1 or localhost)')]);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new InputError('The KITOS base URL must be a plain address', [field('baseUrl', 'KITOS-adressen må ikke indeholde brugernavn, adgangskode, forespørgsel eller #', 'The KITOS address must not contain a user name, password, query or #')]);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const emailSchema = z.email();

function checkInput(input: KitosConnectionInput, existing: KitosConnectionRow | undefined, storedEmail: string | null) {
  const errors: FieldError[] = [];
  let baseUrl = DEFAULT_KITOS_BASE_URL;
  try {
    baseUrl = normalizeKitosBaseUrl(input.baseUrl);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    errors.push(...err.errors);
  }
  const organizationUuid = input.organizationUuid.trim().toLowerCase();
  if (!GUID.test(organizationUuid)) {
    errors.push(field('organizationUuid', 'Organisationens UUID i KITOS skal have formen xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx', "The organisation's KITOS UUID must look like xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx"));
  }
  const email = input.email.trim().toLowerCase();
  if (!emailSchema.safeParse(email).success) errors.push(field('email', 'API-brugerens e-mailadresse er ugyldig', "The API user's e-mail address is not valid"));
  const password = input.password ?? null;
  if (password !== null && (password.length === 0 || password.length > PASSWORD_MAX)) {
    errors.push(field('password', `Adgangskoden skal have 1–${PASSWORD_MAX} tegn`, `The password needs 1–${PASSWORD_MAX} characters`));
  }
  if (password === null && (!existing || storedEmail !== email)) {
    errors.push(field('password', existing ? 'Angiv API-brugerens adgangskode, når e-mailadressen skifter' : 'Angiv API-brugerens adgangskode', existing ? "Give the API user's password when the e-mail address changes" : "Give the API user's password"));
  }
  if (errors.length) throw new InputError('Invalid KITOS connection', errors);
  return { baseUrl, organizationUuid, email, password };
}

function openCredentials(keyring: Keyring, row: Pick<KitosConnectionRow, 'municipality_code' | 'credentials_ciphertext'>) {
  const plain = keyring.open(row.credentials_ciphertext, credentialsAad(row.municipality_code), credentialsName(row.municipality_code));
  return credentialsSchema.parse(JSON.parse(plain));
}

function view(row: KitosConnectionRow, now: Date): KitosConnectionView {
  return {
    municipalityCode: row.municipality_code,
    baseUrl: row.base_url,
    organizationUuid: row.organization_uuid,
    apiUserEmailHint: row.api_user_email_hint,
    credentialsKeyId: row.credentials_key_id,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    lastSyncStartedAt: row.last_sync_started_at,
    lastSuccessfulSyncAt: row.last_successful_sync_at,
    syncCursor: row.sync_cursor,
    lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as LocalizedText),
    syncRunning: row.lease_until !== null && row.lease_until > now.toISOString(),
  };
}

async function existingMunicipality(db: Db, code: number): Promise<void> {
  if (!(await db.selectFrom('municipalities').select('code').where('code', '=', code).executeTakeFirst())) throw new NotFoundError(`No municipality with code ${code}`);
}

const notConfigured = (code: number) =>
  new NotFoundError(`Municipality ${code} has no KITOS connection`, [
    { code: 'kitos-not-configured', message: { da: `Kommune ${code} har ingen KITOS-forbindelse: opsæt den med KITOS-adresse, organisation og API-bruger`, en: `Municipality ${code} has no KITOS connection: set it up with the KITOS address, organisation and API user` } },
  ]);

/**
 * Sets up or changes a municipality's connection. The password is sealed with the current key
 * (refused without SECRETS_KEY); without a new password the stored credentials stay, which needs
 * the same e-mail. Pointing the connection at another KITOS or organisation clears the cursor, so
 * the next sync reads everything. Audited without the e-mail or password.
 */
export async function configureKitosConnection(
  db: Kysely<Database>,
  keyring: Keyring,
  actor: AuditActor,
  code: number,
  input: KitosConnectionInput,
  now: Date = clockNow(),
): Promise<KitosConnectionView> {
  // Refuse early and plainly when nothing could be stored, before anything else is checked.
  if (input.password != null) keyring.requireCurrentKey();
  return db.transaction().execute(async (trx) => {
    await existingMunicipality(trx, code);
    const existing = await findKitosConnection(trx, code);
    const stored = existing && input.password == null ? openCredentials(keyring, existing) : null;
    const next = checkInput(input, existing, stored?.email ?? null);
    const sealed =
      next.password === null
        ? { sealed: existing!.credentials_ciphertext, keyId: existing!.credentials_key_id }
        : keyring.seal(JSON.stringify({ email: next.email, password: next.password }), credentialsAad(code));
    const at = now.toISOString();
    const settings = {
      base_url: next.baseUrl,
      organization_uuid: next.organizationUuid,
      credentials_ciphertext: sealed.sealed,
      credentials_key_id: sealed.keyId,
      api_user_email_hint: maskEmail(next.email),
      updated_at: at,
      updated_by: actor.label,
    };
    const moved = existing !== undefined && (existing.base_url !== next.baseUrl || existing.organization_uuid !== next.organizationUuid);
    if (existing) await updateKitosConnection(trx, code, moved ? { ...settings, sync_cursor: null } : settings);
    else await insertKitosConnection(trx, { municipality_code: code, ...settings, created_at: at, created_by: actor.label });
    const shown = (r: { base_url: string; organization_uuid: string; api_user_email_hint: string }) => ({ baseUrl: r.base_url, organizationUuid: r.organization_uuid, apiUserEmailHint: r.api_user_email_hint });
    await recordAudit(trx, actor, {
      action: existing ? 'kitos.connection.update' : 'kitos.connection.create',
      entityType: 'kitos_connection',
      entityId: code,
      municipalityCode: code,
      before: existing ? shown(existing) : undefined,
      after: { ...shown(settings), credentialsChanged: next.password !== null, ...(moved ? { syncCursorCleared: true } : {}) },
    });
    return view((await findKitosConnection(trx, code))!, now);
  });
}

/** The connection as anyone allowed to see it sees it; 404 without one. */
export async function showKitosConnection(db: Db, code: number, now: Date = clockNow()): Promise<KitosConnectionView> {
  await existingMunicipality(db, code);
  const row = await findKitosConnection(db, code);
  if (!row) throw notConfigured(code);
  return view(row, now);
}

/** Deletes the connection and its credentials (audited); syncs stop. 404 without one. */
export async function forgetKitosConnection(db: Kysely<Database>, actor: AuditActor, code: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await existingMunicipality(trx, code);
    const row = await findKitosConnection(trx, code);
    if (!row) throw notConfigured(code);
    await deleteKitosConnection(trx, code);
    await recordAudit(trx, actor, {
      action: 'kitos.connection.delete',
      entityType: 'kitos_connection',
      entityId: code,
      municipalityCode: code,
      before: { baseUrl: row.base_url, organizationUuid: row.organization_uuid, apiUserEmailHint: row.api_user_email_hint },
    });
  });
}

/** Everything the sync needs, the credentials decrypted. For services/kitos-sync.ts only. */
export async function credentialsFor(db: Db, keyring: Keyring, code: number): Promise<KitosSyncTarget> {
  const row = await findKitosConnection(db, code);
  if (!row) throw notConfigured(code);
  const { email, password } = openCredentials(keyring, row);
  return {
    municipalityCode: code,
    baseUrl: row.base_url,
    organizationUuid: row.organization_uuid,
    email,
    password,
    syncCursor: row.sync_cursor,
    lastSuccessfulSyncAt: row.last_successful_sync_at,
  };
}

/**
 * Re-seals every stored credential with the current key (SECRETS_KEY), in one transaction: after
 * it, SECRETS_KEY_PREVIOUS is no longer needed. A credential no configured key opens stops it
 * with nothing changed. Audited with the key ids, never a key.
 */
export async function rotateSecretsKey(db: Kysely<Database>, keyring: Keyring, actor: AuditActor): Promise<{ keyId: string; reencrypted: number; fromOlderKeys: number }> {
  const keyId = keyring.requireCurrentKey();
  return db.transaction().execute(async (trx) => {
    const rows = await sealedCredentials(trx);
    for (const row of rows) {
      const plain = keyring.open(row.credentials_ciphertext, credentialsAad(row.municipality_code), credentialsName(row.municipality_code));
      const sealed = keyring.seal(plain, credentialsAad(row.municipality_code));
      await updateSealedCredentials(trx, row.municipality_code, sealed.sealed, sealed.keyId);
    }
    const older = rows.filter((r) => r.credentials_key_id !== keyId);
    const olderKeyIds = [...new Set(older.map((r) => r.credentials_key_id))].sort();
    await recordAudit(trx, actor, { action: 'secrets.rotate-key', entityType: 'secrets_key', entityId: keyId, after: { keyId, reencrypted: rows.length, fromOlderKeys: older.length, olderKeyIds } });
    return { keyId, reencrypted: rows.length, fromOlderKeys: older.length };
  });
}

/**
 * Takes the municipality's sync lease for `ttlMs` when nobody holds it or it ran out (or `holder`
 * holds it already): true when `holder` now has it. Records when the sync started.
 */
export async function acquireSyncLease(db: Db, code: number, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  return takeLease(db, code, holder, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
}

/** Extends the lease `holder` holds; false when it ran out or someone else holds it (the sync should stop). */
export async function renewSyncLease(db: Db, code: number, holder: string, ttlMs: number, now: Date): Promise<boolean> {
  return extendLease(db, code, holder, now.toISOString(), new Date(now.getTime() + ttlMs).toISOString());
}

/** Gives the lease up (only `holder`'s own). */
export async function releaseSyncLease(db: Db, code: number, holder: string): Promise<boolean> {
  return dropLease(db, code, holder);
}

export type SyncResult = { ok: true; cursor: string } | { ok: false; error: LocalizedText };

/**
 * A sync's outcome: a success moves the cursor to KITOS's time of that read (the next incremental
 * sync starts there) and clears the error; a failure keeps the cursor and records the error.
 */
export async function recordSyncResult(db: Db, code: number, result: SyncResult, now: Date): Promise<void> {
  const done = await saveSyncOutcome(
    db,
    code,
    result.ok ? { last_successful_sync_at: now.toISOString(), sync_cursor: result.cursor, last_error: null } : { last_error: JSON.stringify({ da: result.error.da, en: result.error.en }) },
  );
  if (!done) throw notConfigured(code);
}
