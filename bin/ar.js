#!/usr/bin/env node
// V8's compile cache (Node >= 22.1) keeps compiled code between runs: start-up is measured (npm run bench).
import module from 'node:module';
import { statSync } from 'node:fs';
module.enableCompileCache?.();

// V8 caps the heap near 4 GB whatever the machine has. Ledgers of several million rows need more:
// when the files named on the command line weigh over 256 MB, run again with a heap of 3/4 of the RAM.
const HUGE = 256 * 1024 * 1024;
const heapSet = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-old-space-size'));
if (!heapSet) {
  let bytes = 0;
  for (const a of process.argv.slice(2)) {
    if (a.startsWith('-')) continue;
    try {
      bytes += statSync(a.replace(/#[^#]*$/, '')).size;
    } catch {
      // not a file
    }
  }
  if (bytes > HUGE) {
    const { totalmem } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const mb = Math.floor((totalmem() * 0.75) / 1048576);
    const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exit(r.status ?? (r.signal ? 128 + 9 : 1));
  }
}
const { main } = await import('../dist/cli.js');
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
