// Import jobs (see db/migrations/0017_worker_import_jobs.ts): one row per import through the API.
import type { Selectable } from 'kysely';
import type { ImportJobsTable } from '../db/schema.ts';
import { type Db, nowIso } from './db-types.ts';

export type ImportJobRow = Selectable<ImportJobsTable>;

export interface NewImportJob {
  id: string;
  municipalityCode: number;
  runner: 'worker' | 'in-process';
  fileName: string;
  fileSize: number;
  actor: string;
  actorUserId: number | null;
}

const row = (job: NewImportJob, status: ImportJobsTable['status']) => {
  const at = nowIso();
  return {
    id: job.id,
    municipality_code: job.municipalityCode,
    status,
    runner: job.runner,
    file_name: job.fileName,
    file_size: job.fileSize,
    actor: job.actor,
    actor_user_id: job.actorUserId,
    created_at: at,
    updated_at: at,
  };
};

export async function insertImportJob(db: Db, job: NewImportJob): Promise<void> {
  await db.insertInto('import_jobs').values(row(job, 'queued')).execute();
}

/** The job as running: inserted if the queued row could not be written (another writer held SQLite's lock). */
export async function markImportJobRunning(db: Db, job: NewImportJob): Promise<void> {
  await db
    .insertInto('import_jobs')
    .values(row(job, 'running'))
    .onConflict((oc) => oc.column('id').doUpdateSet({ status: 'running', updated_at: nowIso() }))
    .execute();
}

/** Rows read so far; never moves backwards (progress reports may arrive out of order). */
export async function updateImportJobProgress(db: Db, id: string, rowsRead: number): Promise<void> {
  await db.updateTable('import_jobs').set({ rows_read: rowsRead, updated_at: nowIso() }).where('id', '=', id).where('status', '=', 'running').where('rows_read', '<', rowsRead).execute();
}

export interface ImportJobOutcome {
  status: 'done' | 'failed';
  rowsRead: number | null;
  importRunId: number | null;
  report: unknown;
  problem: unknown;
}

export async function finishImportJob(db: Db, id: string, outcome: ImportJobOutcome): Promise<void> {
  await db
    .updateTable('import_jobs')
    .set({
      status: outcome.status,
      ...(outcome.rowsRead != null ? { rows_read: outcome.rowsRead } : {}),
      import_run_id: outcome.importRunId,
      report: outcome.report == null ? null : JSON.stringify(outcome.report),
      problem: outcome.problem == null ? null : JSON.stringify(outcome.problem),
      updated_at: nowIso(),
    })
    .where('id', '=', id)
    .execute();
}

export async function findImportJob(db: Db, municipalityCode: number, id: string): Promise<ImportJobRow | undefined> {
  return db.selectFrom('import_jobs').selectAll().where('id', '=', id).where('municipality_code', '=', municipalityCode).executeTakeFirst();
}
