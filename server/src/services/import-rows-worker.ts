// The worker thread of an import (see import-rows.ts): reads and validates the file, posts the rows.
import { parentPort, workerData } from 'node:worker_threads';
import { type FromWorker, serveRows, type ToWorker, type WorkerStart } from './import-rows.ts';

const port = parentPort!;
await serveRows(workerData as WorkerStart, {
  postMessage: (m: FromWorker) => port.postMessage(m),
  on: (event: 'message', listener: (m: ToWorker) => void) => port.on(event, listener),
});
// Done: nothing keeps the thread alive but the port.
port.close();
