// Starts a worker thread on a TypeScript module. A worker does not inherit the tsx loader its
// parent runs under (the CLI, tsx, vitest), so it registers tsx itself, then imports the module
// named in `workerData.module` (a file: URL).
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
