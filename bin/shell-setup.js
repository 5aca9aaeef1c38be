#!/usr/bin/env node
/**
 * Prints the line that makes `ar` (this tool) a command of your shell, to add to ~/.bashrc, ~/.zshrc
 * or fish's functions:
 *
 *   node bin/shell-setup.js >> ~/.bashrc
 *   node bin/shell-setup.js --shell fish > ~/.config/fish/functions/ar.fish
 *
 * It is a shell function, not a file named `ar` on the PATH: the commands you type run this tool at its
 * own speed (no npx, no npm start-up), while make, scripts and every other program still find binutils'
 * archiver, /usr/bin/ar, by the PATH (a function is not passed on to them); `command ar` reaches it
 * from your shell. In a script or a crontab, call the two paths of the function directly.
 *
 * The function runs ar with the Node that `npm install` put in node_modules (the project pins it),
 * else the one running this script, if it is recent enough.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const needed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).engines.node.replace(/^>=/, '');

/** Whether a version (`22.13.1`) is at least the one needed (`22.13`). */
function recentEnough(version) {
  const have = version.split('.').map(Number);
  const want = needed.split('.').map(Number);
  for (let i = 0; i < want.length; i++) if ((have[i] ?? 0) !== want[i]) return (have[i] ?? 0) > want[i];
  return true;
}

function versionOf(node) {
  if (node === process.execPath) return process.versions.node;
  const r = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : '0';
}

const candidates = [join(root, 'node_modules', 'node', 'bin', 'node'), process.execPath].filter((p) => existsSync(p));
const node = candidates.find((p) => recentEnough(versionOf(p)));
if (node === undefined) {
  process.stderr.write(`ar needs Node.js ${needed} or later: run npm install in ${root} (it installs the Node the project pins), or install a newer Node, then run this again\n`);
  process.exit(1);
}

const i = process.argv.indexOf('--shell');
const shell = i >= 0 ? process.argv[i + 1] : (process.env.SHELL ?? '').split('/').pop();
const entry = join(root, 'bin', 'ar.js');

// Single quotes keep every character as it is; a quote itself is closed, escaped and reopened.
const posix = (s) => `'${s.replaceAll("'", `'\\''`)}'`;
const fish = (s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;

const line = shell === 'fish' ? `function ar; ${fish(node)} ${fish(entry)} $argv; end` : `ar() { ${posix(node)} ${posix(entry)} "$@"; }`;
process.stdout.write(
  `# ar, accounts receivable (${root}), as a function of this shell: other programs (make…) keep binutils' ar.\n` + `# In scripts and crontabs: ${posix(node)} ${posix(entry)} aging …\n` + `${line}\n`,
);
