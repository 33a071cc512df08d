// bench:import's floor-pipelined case, the worker's half: parses the file (papaparse, as the
// floor) and builds every row's system_usages values (schemaValues, as floor-schema), posting
// them in batches of 2,000; waits while four batches are not yet taken. Ends with `null`.
import { parentPort, workerData } from 'node:worker_threads';
import { readRows } from './danish-inventory.ts';
import { type SchemaTemplate, schemaValues } from './schema-floor.ts';

const { file, template, inFlight } = workerData as { file: string; template: SchemaTemplate; inFlight: Int32Array };
const port = parentPort!;
let batch: unknown[][] = [];
const post = () => {
  for (let n = Atomics.load(inFlight, 0); n >= 4; n = Atomics.load(inFlight, 0)) Atomics.wait(inFlight, 0, n);
  Atomics.add(inFlight, 0, 1);
  port.postMessage(batch);
  batch = [];
};
await readRows(file, (cells, n) => {
  batch.push(schemaValues(template, cells, n));
  if (batch.length >= 2000) post();
});
if (batch.length) post();
port.postMessage(null);
