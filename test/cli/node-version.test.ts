import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.ts';

/** A Node older than ar needs, where the machine has one (Debian's is 20). */
const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
  if (!existsSync(p)) return false;
  const [major, minor] = spawnSync(p, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim().split('.').map(Number);
  return major! < 22 || (major === 22 && minor! < 13);
});

describe('a Node older than ar needs', () => {
  it('is the one of package.json\'s "engines"', () => {
    const { engines } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { engines: { node: string } };
    const needed = /const NODE_NEEDED = \[(\d+), (\d+)\];/.exec(readFileSync(BIN, 'utf8'));
    expect(engines.node).toBe(`>=${needed![1]}.${needed![2]}`);
  });

  it.skipIf(OLD_NODE === undefined)('gets one plain line naming the version needed, exit 1, on every command', () => {
    const version = spawnSync(OLD_NODE!, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.trim();
    const env = { PATH: process.env.PATH, LANG: 'en_US.UTF-8' };
    for (const args of [['remind', '--customers', 'fixtures/clients.csv'], ['log'], ['aging', 'fixtures/factures.csv'], ['--help']]) {
      const r = spawnSync(OLD_NODE!, [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8' });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }, args.join(' ')).toEqual({
        code: 1,
        stdout: '',
        stderr: `ar: needs Node.js 22.13 or later; this is Node.js ${version} (${OLD_NODE})\n`,
      });
    }
    const fr = spawnSync(OLD_NODE!, [BIN, 'log'], { cwd: ROOT, env: { ...env, LANG: 'fr_FR.UTF-8' }, encoding: 'utf8' });
    expect(fr.stderr).toBe(`ar: il faut Node.js 22.13 ou plus récent ; celui-ci est Node.js ${version} (${OLD_NODE})\n`);
  });
});
