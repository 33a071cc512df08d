// KITOS syncs off the request thread: the API and the schedule run a sync in a worker thread with
// its own database connection (kitos-sync-worker.ts), as file imports do (import-jobs.ts), so
// mapping and writing an organisation's inventory never holds up the answers to other requests.
// The credentials are opened here and handed to the worker in memory; they are never written
// anywhere else. An in-memory SQLite database cannot be opened by another thread: synced here.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { KitosClientOptions } from '../kitos/client.ts';
import type { Keyring } from '../secrets.ts';
import { startWorker } from '../workers/pool.ts';
import { fromWire, refusal, type WireProblem } from './import-job-errors.ts';
import { credentialsFor, type KitosSyncTarget } from './kitos-connections.ts';
import { type KitosSyncReport, type KitosSyncRequest, syncFromKitos } from './kitos-sync.ts';

/** Client settings that can cross to a worker (numbers only: no functions). */
export type KitosClientSettings = Pick<KitosClientOptions, 'timeoutMs' | 'attempts' | 'backoffMs' | 'pageSize' | 'cursorMarginMs'>;

export interface KitosSyncWorkerInput {
  databaseUrl: string;
  target: KitosSyncTarget;
  request: KitosSyncRequest;
  client: KitosClientSettings;
}

export type KitosSyncWorkerMessage = { type: 'report'; report: KitosSyncReport | 'skipped' } | { type: 'error'; problem: WireProblem };

export interface KitosSyncRunner {
  /** The sync's report; a refused one rejects with ImportRefusedError (422 with the report), as a file does. */
  run(request: KitosSyncRequest): Promise<KitosSyncReport | 'skipped'>;
}

export function kitosSyncRunner(db: Kysely<Database>, options: { databaseUrl: string | null; keyring: Keyring; client?: KitosClientSettings }): KitosSyncRunner {
  const client = options.client ?? {};
  return {
    async run(request) {
      const target = await credentialsFor(db, options.keyring, request.municipalityCode);
      const report = options.databaseUrl ? await inWorker({ databaseUrl: options.databaseUrl, target, request, client }) : await syncFromKitos(db, target, request, { client });
      if (report !== 'skipped' && report.status === 'refused') throw refusal(report);
      return report;
    },
  };
}

function inWorker(input: KitosSyncWorkerInput): Promise<KitosSyncReport | 'skipped'> {
  const worker = startWorker(new URL('./kitos-sync-worker.ts', import.meta.url), input);
  return new Promise((resolve, reject) => {
    let settled = false;
    worker.once('message', (m: KitosSyncWorkerMessage) => {
      settled = true;
      if (m.type === 'report') resolve(m.report);
      else reject(fromWire(m.problem));
    });
    worker.once('error', (err) => {
      if (!settled) reject(err);
      settled = true;
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`The KITOS sync worker stopped (exit code ${code}) before it answered`));
      settled = true;
    });
  });
}
