// Imports through the API run off the request thread: the upload is written to a temporary file,
// and a worker thread — with its own connection to the same database — runs importFile on it
// and posts its progress and its report (or a typed error) back. One job, one worker, ended after
// the job. Each job is a row in import_jobs (status, rows read, the report or problem), so a
// client may leave and ask any server later (`Prefer: respond-async`). An in-memory SQLite
// database cannot be opened by another thread: it is imported on this thread, as before.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { writeWithoutWaiting } from '../db/without-waiting.ts';
import { finishImportJob, findImportJob, type ImportJobRow, insertImportJob, markImportJobRunning, type NewImportJob } from '../repositories/import-jobs.repository.ts';
import { fromWire, outcomeOfJob, refusal, toWire, type WireProblem } from './import-job-errors.ts';
import { type ImportReport, type ImportRequest, importFile } from './import-file.ts';
import { startWorker } from '../workers/pool.ts';

/** What a worker needs to run an import: the request without its bytes and callbacks (they cannot cross threads). */
export type ImportJobRequest = Omit<ImportRequest, 'source' | 'onProgress' | 'meter'>;

/** Messages from the worker (import-worker.ts). */
export type WorkerMessage = { type: 'progress'; rowsRead: number } | { type: 'report'; report: ImportReport } | { type: 'error'; problem: WireProblem };

/** What the worker is started with. */
export interface WorkerInput {
  databaseUrl: string;
  job: NewImportJob;
  request: ImportJobRequest;
  filePath: string;
}

export { refusal };

export interface StartedImportJob {
  id: string;
  /** The report of a committed, unchanged or dry run; rejects with ImportRefusedError, ImportFailedError … */
  result: Promise<ImportReport>;
}

export interface ImportJobView {
  id: string;
  municipalityCode: number;
  status: 'queued' | 'running' | 'done' | 'failed';
  runner: string;
  fileName: string;
  fileSize: number;
  rowsRead: number;
  importRunId: number | null;
  report: ImportReport | null;
  problem: WireProblem | null;
  createdAt: string;
  updatedAt: string;
}

/** Runs the import of one job on the current thread (an in-memory database), recording it the same way. */
async function runHere(db: Kysely<Database>, job: NewImportJob, request: ImportJobRequest, file: Blob, onProgress: (n: number) => void): Promise<ImportReport> {
  await markImportJobRunning(db, job);
  try {
    const report = await importFile(db, { ...request, source: new Uint8Array(await file.arrayBuffer()), onProgress });
    await finishImportJob(db, job.id, outcomeOfJob({ report }));
    return report;
  } catch (err) {
    await finishImportJob(db, job.id, outcomeOfJob({ problem: toWire(err) }));
    throw err;
  }
}

export function importJobs(db: Kysely<Database>, options: { databaseUrl: string | null }) {
  /** Jobs this server runs, with their progress as the worker reports it. */
  const live = new Map<string, { job: NewImportJob; rowsRead: number; status: 'queued' | 'running'; createdAt: string }>();

  async function runInWorker(databaseUrl: string, job: NewImportJob, request: ImportJobRequest, file: Blob, onProgress: (n: number) => void): Promise<ImportReport> {
    const dir = await mkdtemp(join(tmpdir(), 'handlefrihed-import-'));
    try {
      const filePath = join(dir, 'upload');
      await pipeline(Readable.fromWeb(file.stream() as import('node:stream/web').ReadableStream<Uint8Array>), createWriteStream(filePath));
      const input: WorkerInput = { databaseUrl, job, request, filePath };
      const worker = startWorker(new URL('./import-worker.ts', import.meta.url), input);
      return await new Promise<ImportReport>((resolve, reject) => {
        let settled = false;
        worker.on('message', (m: WorkerMessage) => {
          if (m.type === 'progress') onProgress(m.rowsRead);
          else if (m.type === 'report') {
            settled = true;
            if (m.report.status === 'refused') reject(refusal(m.report));
            else resolve(m.report);
          } else {
            settled = true;
            reject(fromWire(m.problem));
          }
        });
        worker.once('error', (err) => {
          if (settled) return;
          settled = true;
          reject(err);
        });
        worker.once('exit', (code) => {
          if (settled) return;
          settled = true;
          reject(new Error(`The import worker stopped (exit code ${code}) before it answered`));
        });
      }).catch(async (err: unknown) => {
        // The worker records its own outcome; a worker that died could not: record it here, if the lock is free.
        const recorded = await findImportJob(db, job.municipalityCode, job.id).catch(() => undefined);
        if (!recorded || recorded.status === 'queued' || recorded.status === 'running') {
          await writeWithoutWaiting(db, (d) => finishImportJob(d, job.id, outcomeOfJob({ problem: toWire(err) }))).catch(() => false);
        }
        throw err;
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  return {
    /** Starts the import of `file`; the job's row exists (or is being written by its worker) when this returns. */
    async start(request: ImportJobRequest, file: Blob): Promise<StartedImportJob> {
      const id = randomUUID();
      const databaseUrl = options.databaseUrl;
      const job: NewImportJob = {
        id,
        municipalityCode: request.municipalityCode,
        runner: databaseUrl ? 'worker' : 'in-process',
        fileName: request.fileName,
        fileSize: file.size,
        actor: request.actor,
        actorUserId: request.actorUserId ?? null,
      };
      const entry = { job, rowsRead: 0, status: 'queued' as 'queued' | 'running', createdAt: new Date().toISOString() };
      live.set(id, entry);
      // Queued now if nobody holds the write lock; else the worker inserts it as running.
      await writeWithoutWaiting(db, (d) => insertImportJob(d, job));
      const onProgress = (n: number) => {
        entry.status = 'running';
        if (n > entry.rowsRead) entry.rowsRead = n;
      };
      const result = (databaseUrl ? runInWorker(databaseUrl, job, request, file, onProgress) : runHere(db, job, request, file, onProgress)).finally(() => live.delete(id));
      return { id, result };
    },

    /** The job as stored, with the progress this server knows of a job it runs (rows read while SQLite's lock keeps the row from being updated). */
    async find(municipalityCode: number, id: string): Promise<ImportJobView | undefined> {
      const row = await findImportJob(db, municipalityCode, id);
      const here = live.get(id);
      if (!row && !(here && here.job.municipalityCode === municipalityCode)) return undefined;
      const view = row ? viewOf(row) : undefined;
      if (!here) return view;
      const base: ImportJobView = view ?? {
        id,
        municipalityCode,
        status: here.status,
        runner: here.job.runner,
        fileName: here.job.fileName,
        fileSize: here.job.fileSize,
        rowsRead: 0,
        importRunId: null,
        report: null,
        problem: null,
        createdAt: here.createdAt,
        updatedAt: here.createdAt,
      };
      const finished = base.status === 'done' || base.status === 'failed';
      return finished ? base : { ...base, status: base.status === 'queued' ? here.status : base.status, rowsRead: Math.max(base.rowsRead, here.rowsRead) };
    },
  };
}

export type ImportJobs = ReturnType<typeof importJobs>;

function viewOf(row: ImportJobRow): ImportJobView {
  return {
    id: row.id,
    municipalityCode: row.municipality_code,
    status: row.status,
    runner: row.runner,
    fileName: row.file_name,
    fileSize: row.file_size,
    rowsRead: row.rows_read,
    importRunId: row.import_run_id,
    report: row.report == null ? null : (JSON.parse(row.report) as ImportReport),
    problem: row.problem == null ? null : (JSON.parse(row.problem) as WireProblem),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
