// Import runs: every attempt to load a file, refused ones included, with its full error list.
import type { FieldError } from '../errors.ts';
import type { ImportStatus } from '../domain/vocabulary.ts';
import type { ImportRunRow } from '../db/schema.ts';
import { type Db, nowIso, reusableQuery } from './db-types.ts';

export interface NewImportRun {
  municipalityCode: number | null;
  startedAt: string;
  actor: string;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  format: string;
  profile: string;
  status: ImportStatus;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  errors: FieldError[];
  warnings: FieldError[];
  options: Record<string, unknown>;
  demo: boolean;
  inventoryVersionId: number | null;
}

export async function insertImportRun(db: Db, run: NewImportRun): Promise<number> {
  const row = await db
    .insertInto('import_runs')
    .values({
      municipality_code: run.municipalityCode,
      started_at: run.startedAt,
      finished_at: nowIso(),
      actor: run.actor,
      file_name: run.fileName,
      file_sha256: run.fileSha256,
      file_size: run.fileSize,
      format: run.format,
      profile: run.profile,
      status: run.status,
      rows_read: run.rowsRead,
      rows_accepted: run.rowsAccepted,
      rows_rejected: run.rowsRejected,
      errors: JSON.stringify(run.errors),
      warnings: JSON.stringify(run.warnings),
      options: JSON.stringify(run.options),
      demo: run.demo ? 1 : 0,
      inventory_version_id: run.inventoryVersionId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// Asked on every request (the anonymous-read rule): stop at the first real import instead of counting them.
const firstRealImport = reusableQuery((db: Db) => db.selectFrom('import_runs').select('id').where('demo', '=', 0).where('status', '=', 'committed').limit(1));

/**
 * True when no real file was ever committed. A rollback to a demo version makes the demo world
 * count nationally again, but the real versions stay in the history: anonymous reading stays off.
 */
export async function neverHeldRealData(db: Db): Promise<boolean> {
  return (await firstRealImport(db)).length === 0;
}

export async function countImportRuns(db: Db): Promise<number> {
  const r = await db.selectFrom('import_runs').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface ImportRunView {
  id: number;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  actor: string;
  fileName: string;
  fileSha256: string;
  fileSize: number;
  format: string;
  profile: string;
  rows: { read: number; accepted: number; rejected: number };
  inventoryVersionId: number | null;
  /** The version's number within the municipality (1, 2, 3 …); the id above is the internal key. */
  inventoryVersionNumber: number | null;
  demo: boolean;
}

function toView(r: ImportRunRow & { inventory_version_number: number | null }): ImportRunView {
  return {
    id: r.id,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    actor: r.actor,
    fileName: r.file_name,
    fileSha256: r.file_sha256,
    fileSize: r.file_size,
    format: r.format,
    profile: r.profile,
    rows: { read: r.rows_read, accepted: r.rows_accepted, rejected: r.rows_rejected },
    inventoryVersionId: r.inventory_version_id,
    inventoryVersionNumber: r.inventory_version_number,
    demo: r.demo === 1,
  };
}

function runsQuery(db: Db, municipalityCode: number) {
  return db
    .selectFrom('import_runs as r')
    .leftJoin('inventory_versions as v', 'v.id', 'r.inventory_version_id')
    .selectAll('r')
    .select('v.number as inventory_version_number')
    .where('r.municipality_code', '=', municipalityCode);
}

export async function listImportRuns(db: Db, municipalityCode: number, limit: number, offset: number): Promise<{ items: ImportRunView[]; total: number }> {
  const total = await db
    .selectFrom('import_runs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('municipality_code', '=', municipalityCode)
    .executeTakeFirstOrThrow();
  const rows = await runsQuery(db, municipalityCode).orderBy('r.id', 'desc').limit(limit).offset(offset).execute();
  return { items: rows.map(toView), total: Number(total.n) };
}

export async function findImportRun(db: Db, municipalityCode: number, id: number): Promise<(ImportRunView & { errors: FieldError[]; warnings: FieldError[]; options: unknown }) | null> {
  const r = await runsQuery(db, municipalityCode).where('r.id', '=', id).executeTakeFirst();
  return r ? { ...toView(r), errors: JSON.parse(r.errors), warnings: JSON.parse(r.warnings), options: JSON.parse(r.options) } : null;
}
