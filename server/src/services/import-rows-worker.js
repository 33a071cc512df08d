// Starts the import's worker thread: a worker does not inherit the tsx loader of the thread that
// starts it, so it registers tsx itself and then loads the TypeScript module (CLI, tests, benches alike).
import { register } from 'tsx/esm/api';

register();
await import('./import-rows-worker.ts');
