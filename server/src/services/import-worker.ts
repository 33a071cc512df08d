// The import worker thread: opens its own connection to the database the server uses, marks its
// job running, runs importFile on the uploaded file (streamed from the temporary file), records
// the outcome on the job and posts progress and the report — or the typed error as data — to the
// server's thread. It holds SQLite's write lock while the import's transaction is open; the
// server's thread only reads meanwhile (WAL lets readers go on).
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connect.ts';
import { finishImportJob, markImportJobRunning, updateImportJobProgress } from '../repositories/import-jobs.repository.ts';
import { outcomeOfJob, toWire } from './import-job-errors.ts';
import { importFile } from './import-file.ts';
import type { WorkerInput, WorkerMessage } from './import-jobs.ts';

const PROGRESS_EVERY_MS = 1000;

async function main(input: WorkerInput): Promise<WorkerMessage> {
  const database = openDatabase(input.databaseUrl);
  const db = database.db;
  try {
    await markImportJobRunning(db, input.job);
    let stored = Date.now();
    let pending: Promise<unknown> = Promise.resolve();
    const onProgress = (rowsRead: number) => {
      parentPort!.postMessage({ type: 'progress', rowsRead } satisfies WorkerMessage);
      // PostgreSQL: the job row moves with the import, from another pooled connection. SQLite: the
      // import's transaction holds the one connection, and the lock; the server reports it from memory.
      if (database.dialect === 'postgres' && Date.now() - stored >= PROGRESS_EVERY_MS) {
        stored = Date.now();
        pending = pending.then(() => updateImportJobProgress(db, input.job.id, rowsRead)).catch(() => undefined);
      }
    };
    let message: WorkerMessage;
    try {
      const report = await importFile(db, { ...input.request, source: createReadStream(input.filePath, { highWaterMark: 1 << 20 }), onProgress });
      message = { type: 'report', report };
    } catch (err) {
      message = { type: 'error', problem: toWire(err) };
    }
    await pending;
    try {
      await finishImportJob(db, input.job.id, outcomeOfJob(message.type === 'report' ? { report: message.report } : { problem: message.problem }));
    } catch (err) {
      // The import's own outcome stands (and is answered); only its job row stays behind.
      console.error(`Could not record the outcome of import job ${input.job.id}`, err);
    }
    return message;
  } finally {
    await database.close();
  }
}

const input = workerData as WorkerInput;
try {
  parentPort!.postMessage(await main(input));
} catch (err) {
  parentPort!.postMessage({ type: 'error', problem: toWire(err) } satisfies WorkerMessage);
}
