// A worker thread of the national recomputation (services/scores.ts, rescoreAll): loads one
// inventory version's scoring input through its own connection (the last committed state), scores
// it with the pure engine without explanation texts, and posts the rows that store it back to the
// thread that holds the write transaction, as columns whose arrays are transferred, not copied
// (services/usage-score-columns.ts). One version per message.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../db/connect.ts';
import type { World } from '../repositories/world.repository.ts';
import { loadMunicipalityInputs, type ScoringCatalogue } from '../repositories/scoring-input.repository.ts';
import { modelByVersion } from '../scoring/index.ts';
import { scoreVersionInput, type VersionScores } from '../services/scores.ts';
import { columnBuffers } from '../services/usage-score-columns.ts';
import type { WorkerReply } from './pool.ts';

/** What the recomputation hands every worker once. */
export interface ScoreWorkerData {
  url: string;
  catalogues: Record<World, ScoringCatalogue>;
  asOf: string;
  modelVersion: string;
}

/** One task: an inventory version, scored against its world's catalogue. */
export interface ScoreTask {
  versionId: number;
  world: World;
}

const data = workerData as ScoreWorkerData;
const port = parentPort!;
const model = modelByVersion(data.modelVersion);
const handle = openDatabase(data.url);

/** The version's scores; its input is no longer referenced once this returns (collectable before the next task's). */
async function score(task: ScoreTask): Promise<VersionScores> {
  if (!model) throw new Error(`This version does not ship model ${data.modelVersion}`);
  const input = (await loadMunicipalityInputs(handle.db, data.catalogues[task.world], [task.versionId], data.asOf)).get(task.versionId);
  if (!input) throw new Error(`No inventory version ${task.versionId} to score`);
  return scoreVersionInput(task.versionId, input, model, data.asOf).scores;
}

port.on('message', (task: ScoreTask | null) => {
  if (task === null) {
    void handle.close().finally(() => port.close());
    return;
  }
  score(task).then(
    // The columns' buffers move to the writing thread (this thread's copies become empty).
    (ok) => port.postMessage({ ok } satisfies WorkerReply<VersionScores>, columnBuffers(ok.usages)),
    (e: unknown) => {
      const error = e instanceof Error ? { message: e.message, ...(e.stack ? { stack: e.stack } : {}) } : { message: String(e) };
      port.postMessage({ error } satisfies WorkerReply<VersionScores>);
    },
  );
});
