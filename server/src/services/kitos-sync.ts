// A municipality's inventory from its KITOS organisation (issue #18): read through the KITOS API
// (server/src/kitos/client.ts), mapped to the same records a KITOS export file gives
// (importers/kitos-api), and imported through the same path as a file — validation, a new version
// of kind `kitos-sync` all or nothing, the diff, rollback, scores, audit. Identical data makes no
// new version ("unchanged").
//
// Incremental: after a successful sync the raw answers are kept (kitos_sync_snapshots) and the
// connection's cursor moves to when that read began. The next sync asks KITOS only for what
// changed since (changedSinceGtEq, plus the deleted-entities feed), applies that to the kept
// answers and imports the result — the same inventory a full read gives, by construction. It
// reads everything again when asked (--full), on the first sync, when the organisation changed,
// or when the current version is no longer the one the snapshot became (a file import, an edit
// or a rollback came between: the user's later choice is not silently built on).
//
// One sync per municipality at a time, across every app server: the connection's lease row.
import { createHash, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { applyKitosDelta } from '../../../importers/kitos-api/delta.ts';
import { openKitosApiInventory } from '../../../importers/kitos-api/map.ts';
import type { KitosRaw } from '../../../importers/kitos-api/raw.ts';
import { now as clockNow } from '../clock.ts';
import type { Database } from '../db/schema.ts';
import { AppError, ConflictError, type LocalizedText } from '../errors.ts';
import { KitosClient, type KitosClientOptions } from '../kitos/client.ts';
import { KitosContractError } from '../kitos/errors.ts';
import { currentVersion } from '../repositories/inventory.repository.ts';
import { findKitosConnection } from '../repositories/kitos-connections.repository.ts';
import { loadKitosSnapshot, saveKitosSnapshot } from '../repositories/kitos-snapshots.repository.ts';
import type { Keyring } from '../secrets.ts';
import { type ImportReport, importFromRows } from './import-file.ts';
import type { RowStream } from './import-rows.ts';
import { acquireSyncLease, credentialsFor, type KitosSyncTarget, normalizeKitosBaseUrl, recordSyncResult, releaseSyncLease, renewSyncLease } from './kitos-connections.ts';

export interface KitosSyncRequest {
  municipalityCode: number;
  /** Who syncs: the import history and the audit log name them (`schedule` for the schedule). */
  actor: string;
  actorUserId?: number | null;
  /** Read and validate, write nothing (the cursor stays where it was). */
  dryRun?: boolean;
  /** Read everything, not only what changed since the last sync. */
  full?: boolean;
  /** A scheduled run's minute: skipped when another server already synced the municipality for it. */
  slot?: string;
}

export type SyncMode = 'full' | 'incremental';

export interface KitosSyncInfo {
  mode: SyncMode;
  /** Why a sync read everything though it was not asked to (null: incremental, or asked). */
  reason: LocalizedText | null;
  /** Entities the imported inventory was built from. */
  entities: { usages: number; systems: number; contracts: number; organizationUnits: number; dataProcessingRegistrations: number };
  /** Incremental: the entities KITOS reported changed, and deleted, since the cursor. */
  changed: number | null;
  deleted: number | null;
}

export type KitosSyncReport = ImportReport & { sync: KitosSyncInfo };

export interface KitosSyncDeps {
  /** Tests: the local KITOS's fetch, an instant sleep, small timeouts. */
  client?: Omit<KitosClientOptions, 'baseUrl' | 'credentials'>;
  now?: () => Date;
  /** Who holds the lease (default host:pid:random). */
  holder?: string;
}

/** How long a sync may hold the lease before another server may take over (renewed between steps). */
export const SYNC_LEASE_MS = 15 * 60_000;

const REASONS = {
  first: { da: 'første synkronisering', en: 'first sync' },
  organisation: { da: 'forbindelsen peger på en anden organisation', en: 'the connection points at another organisation' },
  moved: { da: 'den aktuelle version er ikke længere den, KITOS sidst gav (en fil, en redigering eller en tilbagerulning kom imellem)', en: 'the current version is no longer the one KITOS last gave (a file, an edit or a rollback came between)' },
} satisfies Record<string, LocalizedText>;

/** Syncs with the credentials stored for the municipality (decrypted here; never logged or returned). */
export async function runKitosSync(db: Kysely<Database>, keyring: Keyring, req: KitosSyncRequest, deps: KitosSyncDeps = {}): Promise<KitosSyncReport | 'skipped'> {
  return syncFromKitos(db, await credentialsFor(db, keyring, req.municipalityCode), req, deps);
}

/** The lease is held by another server: a sync of this municipality is running. */
export class SyncRunningError extends ConflictError {
  constructor(code: number) {
    super(`A KITOS sync of municipality ${code} is running`, [
      { code: 'kitos-sync-running', message: { da: `En synkronisering med KITOS kører allerede for kommune ${code}; prøv igen, når den er færdig`, en: `A KITOS sync is already running for municipality ${code}; try again when it has finished` } },
    ]);
  }
}

export async function syncFromKitos(db: Kysely<Database>, target: KitosSyncTarget, req: KitosSyncRequest, deps: KitosSyncDeps = {}): Promise<KitosSyncReport | 'skipped'> {
  const code = req.municipalityCode;
  const now = deps.now ?? clockNow;
  const holder = deps.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  if (!(await acquireSyncLease(db, code, holder, SYNC_LEASE_MS, now()))) {
    if (req.slot) return 'skipped';
    throw new SyncRunningError(code);
  }
  try {
    if (req.slot) {
      // Under the lease: another server that synced for this slot has finished and recorded it.
      const done = (await findKitosConnection(db, code))?.last_successful_sync_at;
      if (done && done >= req.slot) return 'skipped';
    }
    return await syncUnderLease(db, target, req, { now, holder, client: deps.client ?? {} });
  } catch (err) {
    if (!req.dryRun) await recordSyncResult(db, code, { ok: false, error: reasonOf(err) }, now()).catch(() => undefined);
    throw err;
  } finally {
    await releaseSyncLease(db, code, holder).catch(() => undefined);
  }
}

async function syncUnderLease(
  db: Kysely<Database>,
  target: KitosSyncTarget,
  req: KitosSyncRequest,
  ctx: { now: () => Date; holder: string; client: Omit<KitosClientOptions, 'baseUrl' | 'credentials'> },
): Promise<KitosSyncReport> {
  const code = req.municipalityCode;
  const [snapshot, current] = await Promise.all([loadKitosSnapshot(db, code), currentVersion(db, code)]);
  let reason: LocalizedText | null = null;
  if (!req.full) {
    if (!target.syncCursor || !snapshot) reason = REASONS.first;
    else if (snapshot.organizationUuid !== target.organizationUuid) reason = REASONS.organisation;
    else if (!current || current.id !== snapshot.inventoryVersionId) reason = REASONS.moved;
  }
  const mode: SyncMode = req.full || reason ? 'full' : 'incremental';

  const client = new KitosClient({ ...ctx.client, baseUrl: target.baseUrl, credentials: { email: target.email, password: target.password } });
  const read = await client.readSnapshot(target.organizationUuid, mode === 'incremental' ? { changedSince: target.syncCursor! } : {});
  const raw: KitosRaw = mode === 'incremental' ? applyKitosDelta(snapshot!.raw, read.raw) : read.raw;
  if (!(await renewSyncLease(db, code, ctx.holder, SYNC_LEASE_MS, ctx.now()))) throw new SyncRunningError(code);

  const rawJson = JSON.stringify(raw);
  const sha256 = createHash('sha256').update(rawJson).digest('hex');
  const host = new URL(target.baseUrl).host;
  const sourceName = `KITOS API (${host}, ${target.organizationUuid})`;
  const open = async (): Promise<RowStream> => {
    const stream = openKitosApiInventory(raw, { municipality: String(code), sourceName });
    return { meta: stream.meta, headerIssues: stream.headerIssues, batches: () => stream.batches(), finish: () => stream.finish(), close: async () => {} };
  };
  const report = await importFromRows(
    db,
    {
      municipalityCode: code,
      kind: 'kitos-sync',
      actor: req.actor,
      actorUserId: req.actorUserId ?? null,
      dryRun: req.dryRun ?? false,
      source: { name: sourceName, sha256: () => sha256, size: () => Buffer.byteLength(rawJson), format: 'kitos-api', profile: 'kitos-api' },
      options: { kitos: { baseUrl: target.baseUrl, organizationUuid: target.organizationUuid, mode, changedSince: mode === 'incremental' ? target.syncCursor : null } },
    },
    open,
  );

  if (!req.dryRun) {
    if ((report.status === 'committed' || report.status === 'unchanged') && report.inventoryVersionId != null) {
      // The snapshot first: a cursor without its snapshot would make the next sync incremental on old answers.
      await saveKitosSnapshot(db, code, { inventoryVersionId: report.inventoryVersionId, organizationUuid: target.organizationUuid, rawSha256: sha256, rawJson });
      await recordSyncResult(db, code, { ok: true, cursor: read.cursor }, ctx.now());
    } else {
      await recordSyncResult(db, code, { ok: false, error: refusedReason(report) }, ctx.now());
    }
  }
  return {
    ...report,
    sync: {
      mode,
      reason,
      entities: {
        usages: raw.itSystemUsages.length,
        systems: raw.itSystems.length,
        contracts: raw.itContracts.length,
        organizationUnits: raw.organizationUnits.length,
        dataProcessingRegistrations: raw.dataProcessingRegistrations.length,
      },
      changed: mode === 'incremental' ? read.raw.itSystemUsages.length + read.raw.itSystems.length + read.raw.itContracts.length + read.raw.organizationUnits.length + read.raw.dataProcessingRegistrations.length : null,
      deleted: mode === 'incremental' ? read.raw.deletedEntities.length : null,
    },
  };
}

function refusedReason(report: ImportReport): LocalizedText {
  const n = report.errors.length + report.omittedIssues;
  return {
    da: `KITOS-data blev afvist med ${n} fejl; intet er gemt (se importhistorikken, kørsel ${report.importRunId})`,
    en: `The KITOS data was refused with ${n} error(s); nothing was saved (see the import history, run ${report.importRunId})`,
  };
}

/** What the connection records of a failed sync: the typed error's own reason, never its internals. */
function reasonOf(err: unknown): LocalizedText {
  if (err instanceof AppError) return err.errors[0]?.message ?? { da: err.title.da, en: err.title.en };
  return { da: 'Synkroniseringen fejlede af en intern årsag; den er logget', en: 'The sync failed for an internal reason; it has been logged' };
}

export interface KitosOrganization {
  uuid: string;
  name: string;
  cvr: string | null;
}

const organizationSchema = z.object({ uuid: z.uuid(), name: z.string(), cvr: z.string().nullish() });

/**
 * The organisations a KITOS API user is a member of (first setup: which uuid is the municipality's).
 * Nothing is stored; the credentials are used for this one question.
 */
export async function findKitosOrganizations(input: { baseUrl?: string | null; email: string; password: string }, deps: Pick<KitosSyncDeps, 'client'> = {}): Promise<KitosOrganization[]> {
  const baseUrl = normalizeKitosBaseUrl(input.baseUrl);
  const client = new KitosClient({ ...deps.client, baseUrl, credentials: { email: input.email, password: input.password } });
  const out: KitosOrganization[] = [];
  for (const [i, item] of (await client.organizations()).entries()) {
    const parsed = organizationSchema.safeParse(item);
    if (!parsed.success) throw new KitosContractError('/api/v2/organizations', null, { da: `organisation nr. ${i + 1} mangler uuid eller navn`, en: `organisation ${i + 1} lacks a uuid or a name` });
    out.push({ uuid: parsed.data.uuid, name: parsed.data.name, cvr: parsed.data.cvr ?? null });
  }
  return out;
}
