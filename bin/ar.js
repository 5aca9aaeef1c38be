#!/usr/bin/env node
// The oldest Node that runs ar: package.json's "engines" (a test holds the two equal). Checked before
// anything else, with nothing but what every Node has: an older one gets one plain line, not a failure
// deep in a command (node:sqlite, process.getBuiltinModule).
const NODE_NEEDED = [22, 13];
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < NODE_NEEDED[0] || (major === NODE_NEEDED[0] && minor < NODE_NEEDED[1])) {
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  const needed = NODE_NEEDED.join('.');
  process.stderr.write(
    locale.toLowerCase().startsWith('fr')
      ? `ar: il faut Node.js ${needed} ou plus récent ; celui-ci est Node.js ${process.versions.node} (${process.execPath})\n`
      : `ar: needs Node.js ${needed} or later; this is Node.js ${process.versions.node} (${process.execPath})\n`,
  );
  process.exitCode = 1;
} else {
  await start();
}

async function start() {
  // V8's compile cache (Node >= 22.1) keeps compiled code between runs: start-up is measured (npm run bench).
  // Node's own modules, not imported as ES modules: an import of node:fs would load Node's streams (src/fs.ts).
  const module = process.getBuiltinModule('node:module');
  const { statSync } = process.getBuiltinModule('node:fs');
  module.enableCompileCache?.();
  const args = process.argv.slice(2);

  // What the files named on the command line weigh (the ledgers, a folder of e-invoices as its entry).
  let bytes = 0;
  for (const a of args) {
    if (a.startsWith('-')) continue;
    try {
      bytes += statSync(a.replace(/#[^#]*$/, '')).size;
    } catch {
      // not a file
    }
  }

  /**
   * V8 caps the heap near 4 GB whatever the machine has. Ledgers of several million rows need more:
   * when the files named on the command line weigh over 256 MB, run again with a heap of 3/4 of the RAM.
   */
  const HUGE = 256 * 1024 * 1024;
  const heapSet = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-old-space-size'));

  /**
   * V8's top compiler (TurboFan) pays for itself only on long runs: below some 40 MB of ledgers, compiling
   * (on the same two cores as the work) and then undoing its code costs more than the code saves (measured
   * with npm run bench: 10,000 invoices 154 → 124 ms, 100,000 492 → 439 ms, 300,000 even, 1,000,000 11 %
   * slower without it). Under 32 MB it is left off; its lower tiers (Ignition, Sparkplug, Maglev) stay.
   * Set before any of ar's code is compiled; ledgers named only in the config are not weighed.
   */
  const SMALL = 32 * 1024 * 1024;

  /**
   * A ledger's columns are typed arrays, memory outside V8's heap: by default V8 collects its whole heap
   * at every 64 MB of them allocated, a dozen times at 1M invoices for a heap of some 20 MB. Counted in
   * the heap's own growing limit instead, they are collected when the heap as a whole calls for it; the
   * big ones are let go as soon as they are done with (src/io/load-ledger.ts), not left to a collection.
   * Measured at 1M invoices, alternating: aging 3 % faster (peak memory +3 MB), dso 4 %, customers 6 %
   * (+50 MB), remind 2 % (+33 MB); 10M 25.4 → 21.5 s, the same peak memory.
   */
  const GC_FLAGS = '--external-memory-accounted-in-global-limit';
  /**
   * Only on the V8 it was measured with (13.6, Node 24): Node 22's V8 does not know the flag, and would say so
   * on standard error and drop the flags given with it; a later V8 may have changed its collector.
   */
  const [v8Major, v8Minor] = process.versions.v8.split('.').map(Number);
  const gcFlags = v8Major === 13 && v8Minor >= 6;

  if (bytes > HUGE && !heapSet) {
    const { totalmem } = await import('node:os');
    const { spawnSync } = await import('node:child_process');
    const mb = Math.floor((totalmem() * 0.75) / 1048576);
    const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], { stdio: 'inherit' });
    process.exitCode = r.status ?? (r.signal ? 128 + 9 : 1);
  } else {
    const v8 = process.getBuiltinModule('node:v8');
    if (gcFlags) v8.setFlagsFromString(GC_FLAGS);
    if (bytes < SMALL) v8.setFlagsFromString('--no-turbofan');
    const { main } = await import('../dist/cli.js');
    process.exitCode = await main(args);
  }
}
