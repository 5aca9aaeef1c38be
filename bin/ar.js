#!/usr/bin/env node
// V8's compile cache (Node >= 22.1) keeps compiled code between runs: start-up is measured (npm run bench).
import module from 'node:module';
module.enableCompileCache?.();
const { main } = await import('../dist/cli.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
