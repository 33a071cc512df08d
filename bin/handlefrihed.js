#!/usr/bin/env -S node --max-semi-space-size=4
// The `handlefrihed` command: runs the TypeScript CLI through tsx's loader.
// A small young generation keeps a streamed import's memory flat: with V8's default (16 MB
// semi-spaces, grown under the import's steady garbage) a 1M-row file peaked at ~320 MB RSS,
// with 4 MB at ~220 MB, at the same speed (npm run bench:import).
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../server/src/cli/main.ts');
await run(process.argv.slice(2));
