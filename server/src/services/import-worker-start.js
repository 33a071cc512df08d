// Starts an import worker thread (services/import-jobs.ts). A worker does not inherit the tsx
// loader the main thread runs under, so it registers it before loading the TypeScript module.
import { register } from 'tsx/esm/api';

register();
await import('./import-worker.ts');
