// Replaces a municipality's inventory with a new version, all or nothing: the importers, the
// demo generator and tests all come through commitInventory, which streams records into a new
// version, scores it and moves the current pointer in one transaction.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { sqliteConnection } from '../db/connect.ts';
import type { Database } from '../db/schema.ts';
import { type IntegrationRecord, type InventoryRecords, type UsageRecord, usageKey, usageKeyForms } from '../domain/inventory.ts';
import type { ImportStatus, InventoryVersionKind } from '../domain/vocabulary.ts';
import { type FieldError, InputError, NotFoundError } from '../errors.ts';
import { insertImportRun, type NewImportRun } from '../repositories/import-runs.repository.ts';
import { currentVersion, linkRunToVersion, setCurrentVersion } from '../repositories/inventory.repository.ts';
import { sharedRowsLock } from '../repositories/shared-rows-lock.ts';
import type { CreatedVendor } from '../repositories/vendors.repository.ts';
import { InventoryWriter } from './inventory-writer.ts';
import { recomputeNational, scoreVersions } from './scores.ts';
import { recordAudit } from '../repositories/audit.repository.ts';

/** What the caller knows about the run; the service adds the municipality, status and counts. */
export type ImportRunMeta = Omit<NewImportRun, 'municipalityCode' | 'status' | 'rowsAccepted' | 'demo' | 'inventoryVersionId'>;


/** Duplicate usage keys and dangling references are input errors, reported with their lines. */
function checkReferences(records: InventoryRecords, fileName: string): void {
  const errors: FieldError[] = [];
  const keys = new Map<string, UsageRecord>();
  for (const u of records.usages) {
    const key = usageKey(u);
    const first = keys.get(key);
    if (first) {
      errors.push({
        file: fileName,
        line: u.source_line ?? undefined,
        column: u.local_id ? 'local_id' : 'system_name',
        value: u.local_id ?? u.local_name ?? u.product_name,
        message: {
          da: `Systemet står to gange i filen (også på linje ${first.source_line ?? '?'})`,
          en: `The system appears twice in the file (also on line ${first.source_line ?? '?'})`,
        },
      });
    } else keys.set(key, u);
    // Contracts may name a usage by its KITOS catalogue UUID (`IT Systemer (UUID)`).
    if (u.kitos_uuid && !keys.has(`uuid:${u.kitos_uuid}`)) keys.set(`uuid:${u.kitos_uuid}`, u);
  }
  // References may name a system by any form of its key (KITOS UUID, local id, name), as the writer resolves them.
  const known = new Set(keys.keys());
  for (const u of records.usages) for (const f of usageKeyForms(u)) known.add(f);
  for (const c of records.contracts) {
    for (const k of c.usage_keys) {
      if (!known.has(k)) {
        errors.push({
          file: fileName,
          line: c.source_line ?? undefined,
          column: 'systems',
          value: k.replace(/^(kitos|id|name):/, ''),
          message: { da: 'Kontrakten nævner et system, der ikke er i oversigten', en: 'The contract names a system that is not in the inventory' },
        });
      }
    }
  }
  for (const i of records.integrations) {
    for (const k of [i.source_key, i.target_key]) {
      if (!known.has(k)) {
        errors.push({
          file: fileName,
          column: 'depends_on',
          value: k.replace(/^(kitos|id|name):/, ''),
          message: { da: 'Integrationen nævner et system, der ikke er i oversigten', en: 'The integration names a system that is not in the inventory' },
        });
      }
    }
  }
  if (errors.length) throw new InputError(`${errors.length} reference error(s) in ${fileName}`, errors);
}

export interface FillResult {
  integrations: IntegrationRecord[];
  /** Strict mode found errors: roll everything back and record the run as refused. */
  refuse: boolean;
  rowsRead: number;
  rowsRejected: number;
  errors: FieldError[];
  warnings: FieldError[];
  /** What to carry over from the current version (see InventoryWriter.finish). */
  carry?: Parameters<InventoryWriter['finish']>[1];
}

export interface CommitOutcome {
  status: ImportStatus;
  importRunId: number;
  inventoryVersionId: number | null;
  /** The version's number within the municipality (1, 2, 3 …). */
  inventoryVersionNumber: number | null;
  vendorsCreated: CreatedVendor[];
  productsCreated: { id: number; name: string }[];
  counts: { usages: number; contracts: number; integrations: number };
}

/** Thrown inside the transaction to undo it; carries what the run record needs. */
/** The page cache of an import's transaction on SQLite (negative: KiB): 32 MiB. */
const IMPORT_CACHE_KIB = -32768;
/** Per connection: imports under way and the cache size to go back to when the last one ends. */
const cacheUsers = new WeakMap<BetterSqlite3.Database, { imports: number; size: unknown }>();

/** Enlarges the connection's page cache for an import; the returned function gives it back once no import needs it. */
function importCache(sqlite: BetterSqlite3.Database): () => void {
  let users = cacheUsers.get(sqlite);
  if (!users || users.imports === 0) {
    users = { imports: 0, size: sqlite.pragma('cache_size', { simple: true }) };
    cacheUsers.set(sqlite, users);
    sqlite.pragma(`cache_size = ${IMPORT_CACHE_KIB}`);
  }
  users.imports++;
  const held = users;
  return () => {
    if (--held.imports === 0) sqlite.pragma(`cache_size = ${Number(held.size)}`);
  };
}

class Undo extends Error {
  constructor(
    readonly reason: 'refused' | 'unchanged' | 'dry_run',
    readonly fill: FillResult,
    readonly current: { id: number; number: number | null } | null,
    readonly counts: CommitOutcome['counts'],
  ) {
    super(reason);
  }
}

/**
 * The one way a municipality's inventory changes: inside one transaction, `fill` streams records
 * into a new version; then the version becomes current and is scored with the national
 * aggregate (unless `deferNational`, for a bulk load that recomputes it once at the end). A
 * refused file, a dry run and unchanged content roll the transaction back, so the database is
 * left exactly as it was, and the run is recorded afterwards with its full error list.
 */
export async function commitInventory(
  db: Kysely<Database>,
  target: {
    municipalityCode: number;
    kind: Extract<InventoryVersionKind, 'import' | 'kitos-sync' | 'demo'>;
    run: ImportRunMeta;
    /** The signed-in user behind the run, for the audit log (null: the CLI, the demo loader). */
    actorUserId?: number | null;
    deferNational?: boolean;
    dryRun?: boolean;
  },
  fill: (writer: InventoryWriter) => Promise<FillResult>,
): Promise<CommitOutcome> {
  const { municipalityCode, kind, run } = target;
  const demo = kind === 'demo';
  const sqlite = sqliteConnection(db);
  // A large file's rows go into four indexes of system_usages at random places: with SQLite's
  // default 2 MB page cache most of those pages are read again from the file for each row. A
  // larger cache for the import's transaction, given back after it (the shared connection keeps
  // its small one).
  const releaseCache = sqlite ? importCache(sqlite) : () => {};
  try {
    return await db.transaction().execute(async (trx) => {
      const municipality = await trx.selectFrom('municipalities').select('code').where('code', '=', municipalityCode).executeTakeFirst();
      if (!municipality) throw new NotFoundError(`Unknown municipality code ${municipalityCode}`);
      const current = await currentVersion(trx, municipalityCode);
      // Concurrent imports queue here for the rows they share, not before (see shared-rows-lock.ts).
      const lockShared = sharedRowsLock(trx);
      // A version builds on the current one only within its world: real data is never based on a demo inventory.
      const basedOn = current && current.demo === (demo ? 1 : 0) ? current.id : null;
      const writer = await InventoryWriter.begin(trx, { municipalityCode, kind, createdBy: run.actor, demo, basedOnVersionId: basedOn }, sqlite, lockShared);
      const filled = await fill(writer);
      if (filled.refuse) throw new Undo('refused', filled, current ?? null, { usages: 0, contracts: 0, integrations: 0 });
      const written = await writer.finish(filled.integrations, filled.carry);
      const counts = { usages: written.usages, contracts: written.contracts, integrations: written.integrations };
      if (current && current.content_hash === written.contentHash) throw new Undo('unchanged', filled, current, counts);
      if (target.dryRun) throw new Undo('dry_run', filled, current ?? null, counts);
      await lockShared();
      await setCurrentVersion(trx, municipalityCode, written.versionId);
      const numbered = await trx.selectFrom('inventory_versions').select('number').where('id', '=', written.versionId).executeTakeFirstOrThrow();
      await scoreVersions(trx, [written.versionId], { sqlite });
      if (!target.deferNational) await recomputeNational(trx);
      const importRunId = await insertImportRun(trx, {
        ...run,
        municipalityCode,
        status: 'committed',
        rowsRead: filled.rowsRead,
        // Rows of this file that were taken; carried-over records (the other kind's) are not rows read.
        rowsAccepted: filled.rowsRead - filled.rowsRejected,
        rowsRejected: filled.rowsRejected,
        errors: filled.errors,
        warnings: filled.warnings,
        demo,
        inventoryVersionId: written.versionId,
      });
      await linkRunToVersion(trx, written.versionId, importRunId);
      await recordAudit(trx, { userId: target.actorUserId ?? null, label: run.actor }, {
        action: kind === 'kitos-sync' ? 'inventory.kitos-sync' : 'inventory.import',
        entityType: 'inventory_version',
        entityId: written.versionId,
        municipalityCode,
        before: { inventoryVersionId: current?.id ?? null },
        after: { inventoryVersionId: written.versionId, importRunId, fileName: run.fileName, ...counts },
      });
      return { status: 'committed' as const, importRunId, inventoryVersionId: written.versionId, inventoryVersionNumber: numbered.number, vendorsCreated: written.vendorsCreated, productsCreated: written.productsCreated, counts };
    });
  } catch (err) {
    if (!(err instanceof Undo)) throw err;
    // The transaction is rolled back; the run (and its errors) is recorded on its own.
    const f = err.fill;
    const importRunId = await insertImportRun(db, {
      ...run,
      municipalityCode,
      status: err.reason,
      rowsRead: f.rowsRead,
      rowsAccepted: err.reason === 'refused' ? 0 : f.rowsRead - f.rowsRejected,
      rowsRejected: f.rowsRejected,
      errors: f.errors,
      warnings: f.warnings,
      demo,
      inventoryVersionId: err.reason === 'unchanged' ? (err.current?.id ?? null) : null,
    });
    return {
      status: err.reason,
      importRunId,
      inventoryVersionId: err.reason === 'unchanged' ? (err.current?.id ?? null) : null,
      inventoryVersionNumber: err.reason === 'unchanged' ? (err.current?.number ?? null) : null,
      vendorsCreated: [],
      productsCreated: [],
      counts: err.counts,
    };
  } finally {
    releaseCache();
  }
}

/** Replaces a municipality's inventory with records already in memory (the demo generator, tests). */
export async function replaceInventory(
  db: Kysely<Database>,
  input: {
    municipalityCode: number;
    records: InventoryRecords;
    kind: Extract<InventoryVersionKind, 'import' | 'demo'>;
    run: ImportRunMeta;
    deferNational?: boolean;
  },
): Promise<CommitOutcome> {
  const { records, run } = input;
  checkReferences(records, run.fileName);
  return commitInventory(db, input, async (writer) => {
    await writer.addUsages(records.usages);
    writer.addContracts(records.contracts);
    const warnings = writer.takeWarnings().map(({ severity: _s, code, line, column, value, message }) => ({ code, file: run.fileName, line, column, value, message }));
    return { integrations: records.integrations, refuse: false, rowsRead: records.usages.length + records.contracts.length, rowsRejected: 0, errors: [], warnings };
  });
}
