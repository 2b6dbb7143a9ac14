#!/usr/bin/env node
// ectmd command-line entry: runs the compiled host (npm run build creates dist/).
import { main } from '../dist/host/cli/main.js';
process.exitCode = await main(process.argv.slice(2));
