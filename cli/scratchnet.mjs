#!/usr/bin/env node
// The `scratchnet` command (package.json "bin"): registers tsx so Node can load the TypeScript
// sources as they are, then runs the command line of ./main.ts.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./main.ts');
await run(process.argv.slice(2));
