// The KITOS sync worker thread: its own connection to the server's database, one sync, the
// report (or the typed error as data) posted back (kitos-sync-runner.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connect.ts';
import { toWire } from './import-job-errors.ts';
import type { KitosSyncWorkerInput, KitosSyncWorkerMessage } from './kitos-sync-runner.ts';
import { syncFromKitos } from './kitos-sync.ts';

async function main(input: KitosSyncWorkerInput): Promise<KitosSyncWorkerMessage> {
  const database = openDatabase(input.databaseUrl);
  try {
    return { type: 'report', report: await syncFromKitos(database.db, input.target, input.request, { client: input.client }) };
  } catch (err) {
    return { type: 'error', problem: toWire(err) };
  } finally {
    await database.close();
  }
}

parentPort!.postMessage(await main(workerData as KitosSyncWorkerInput));
