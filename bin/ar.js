#!/usr/bin/env node
// V8's compile cache (Node >= 22.1) keeps compiled code between runs: start-up is measured (npm run bench).
// Node's own modules, not imported as ES modules: an import of node:fs would load Node's streams (src/fs.ts).
const module = process.getBuiltinModule('node:module');
const { readFileSync, statSync } = process.getBuiltinModule('node:fs');
module.enableCompileCache?.();

const args = process.argv.slice(2);

/**
 * `ar --help`, the first thing a new user runs, is printed from the copy made at build time
 * (scripts/build-help.ts; the tests check it against the program), without loading the program.
 */
function helpCopy() {
  if (args.length !== 1 || (args[0] !== '--help' && args[0] !== '-h')) return null;
  // French for a French locale, as the program decides (src/cli.ts).
  const locale = process.env.LC_ALL || process.env.LC_MESSAGES || process.env.LANG || '';
  const file = locale.toLowerCase().startsWith('fr') ? 'help.fr.txt' : 'help.txt';
  try {
    return readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
  } catch {
    return null; // a build without the copy: the program prints its help
  }
}

/**
 * V8 caps the heap near 4 GB whatever the machine has. Ledgers of several million rows need more:
 * when the files named on the command line weigh over 256 MB, run again with a heap of 3/4 of the RAM.
 */
function needsBigHeap() {
  const HUGE = 256 * 1024 * 1024;
  if ([...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((a) => a.includes('max-old-space-size'))) return false;
  let bytes = 0;
  for (const a of args) {
    if (a.startsWith('-')) continue;
    try {
      bytes += statSync(a.replace(/#[^#]*$/, '')).size;
    } catch {
      // not a file
    }
  }
  return bytes > HUGE;
}

const help = helpCopy();
if (help !== null) {
  process.stdout.write(help);
} else if (needsBigHeap()) {
  const { totalmem } = await import('node:os');
  const { spawnSync } = await import('node:child_process');
  const mb = Math.floor((totalmem() * 0.75) / 1048576);
  const r = spawnSync(process.execPath, [...process.execArgv, `--max-old-space-size=${mb}`, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exitCode = r.status ?? (r.signal ? 128 + 9 : 1);
} else {
  const { main } = await import('../dist/cli.js');
  process.exitCode = await main(args);
}
