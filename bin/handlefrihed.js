#!/usr/bin/env node
// The `handlefrihed` command: runs the TypeScript CLI through tsx's loader.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../server/src/cli/main.ts');
await run(process.argv.slice(2));
