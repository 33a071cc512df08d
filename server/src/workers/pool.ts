// A few worker threads, each started on one TypeScript module through bootstrap.js, that take one
// task at a time: `run` hands out the tasks in order and passes each result to `accept` in this
// thread. A worker takes its next task while its last result is being accepted, never further
// ahead, so at most two results per worker are held at once (a full recomputation's memory stays
// flat however large the nation). A worker module answers each task with one WorkerReply and, on
// the message `null`, closes what it opened and lets its thread end. The first failure — a task's error, a worker that dies — ends
// the run: the other workers are stopped and `run` rejects with it.
import { availableParallelism } from 'node:os';
import { type ResourceLimits, Worker } from 'node:worker_threads';

const bootstrap = new URL('./bootstrap.js', import.meta.url);

/**
 * A worker thread running the TypeScript module `module` (a file: URL) under tsx, whatever this
 * thread runs under (the CLI, tsx, vitest): every worker of the application starts here.
 */
export function startWorker(module: URL, workerData: object, resourceLimits?: ResourceLimits): Worker {
  return new Worker(bootstrap, { workerData: { ...workerData, module: module.href }, ...(resourceLimits ? { resourceLimits } : {}) });
}

/** What a worker module posts for a task: its result, or the error that ended it. */
export type WorkerReply<R> = { ok: R } | { error: { message: string; stack?: string } };

/** Worker threads besides this one: one core left to the thread that writes, at least one, at most 4. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(availableParallelism() - 1, 4));
}

const stoppedEarly = (code: number) => new Error(`A worker thread stopped (exit code ${code}) before it answered`);

/** Asks a worker to close what it opened and end (the message `null`), and waits until it has. */
function stop(worker: Worker): Promise<unknown> {
  const exited = new Promise((resolve) => worker.once('exit', resolve));
  worker.postMessage(null);
  return exited;
}

export async function runInWorkers<T, R>(
  module: URL,
  workerData: Record<string, unknown>,
  tasks: readonly T[],
  options: {
    workers: number;
    accept: (result: R) => Promise<void>;
    /**
     * Each worker's heap limits. A worker that runs out stops with an error (Node ends its thread,
     * not the process), which ends the run like any failure.
     */
    resourceLimits?: ResourceLimits;
  },
): Promise<void> {
  if (tasks.length === 0) return;
  const count = Math.max(1, Math.min(options.workers, tasks.length));
  const workers = Array.from({ length: count }, () => startWorker(module, workerData, options.resourceLimits));
  // Why a worker ended, if it did (between tasks too: a message to it then would never be answered).
  const ended = new Map<Worker, Error>();
  for (const w of workers) {
    w.on('error', (error: Error) => ended.has(w) || ended.set(w, error));
    w.on('exit', (code: number) => ended.has(w) || ended.set(w, stoppedEarly(code)));
  }
  let next = 0;
  let failed = false;
  let firstError: unknown;
  // Results are accepted one at a time, in the order they arrive.
  let accepting: Promise<void> = Promise.resolve();

  const ask = (worker: Worker, task: T) =>
    new Promise<R>((resolve, reject) => {
      const gone = ended.get(worker);
      if (gone) return reject(gone);
      const onMessage = (reply: WorkerReply<R>) => {
        off();
        if ('ok' in reply) resolve(reply.ok);
        else reject(Object.assign(new Error(reply.error.message), { stack: reply.error.stack ?? reply.error.message }));
      };
      const onError = (error: Error) => (off(), reject(error));
      const onExit = (code: number) => (off(), reject(stoppedEarly(code)));
      const off = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });

  const loop = async (worker: Worker) => {
    let mine: Promise<void> = Promise.resolve();
    try {
      while (!failed && next < tasks.length) {
        const result = await ask(worker, tasks[next++]!);
        await mine;
        if (failed) break;
        mine = accepting = accepting.then(() => options.accept(result));
      }
      await mine;
    } catch (error) {
      mine.catch(() => {});
      if (!failed) {
        failed = true;
        firstError = error;
        // The others' tasks are not waited for: stopping them ends their `ask` at once.
        for (const w of workers) void w.terminate();
      }
    }
  };

  try {
    await Promise.all(workers.map(loop));
    if (failed) throw firstError;
  } finally {
    await Promise.all(workers.map((w) => (failed || ended.has(w) ? w.terminate() : stop(w))));
  }
}
