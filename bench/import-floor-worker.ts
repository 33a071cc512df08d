// bench:import's floor-pipelined case, the worker's half: parses the file (papaparse, as the
// floor) and builds every row's system_usages values (schemaValues, as floor-schema), posting
// them in batches of 2,000; waits while four batches are not yet taken. Ends with `null`.
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import Papa from 'papaparse';
import { type SchemaTemplate, schemaValues } from './schema-floor.ts';

const { file, encoding, template, inFlight } = workerData as { file: string; encoding: BufferEncoding; template: SchemaTemplate; inFlight: Int32Array };
const port = parentPort!;
let batch: unknown[][] = [];
const post = () => {
  for (let n = Atomics.load(inFlight, 0); n >= 4; n = Atomics.load(inFlight, 0)) Atomics.wait(inFlight, 0, n);
  Atomics.add(inFlight, 0, 1);
  port.postMessage(batch);
  batch = [];
};
let header = true;
let rows = 0;
await new Promise<void>((resolve, reject) => {
  Papa.parse(createReadStream(file, { encoding }) as unknown as File, {
    header: false,
    delimiter: ';',
    step: (r) => {
      if (header) {
        header = false;
        return;
      }
      batch.push(schemaValues(template, r.data as string[], ++rows));
      if (batch.length >= 2000) post();
    },
    complete: () => resolve(),
    error: reject,
  });
});
if (batch.length) post();
port.postMessage(null);
