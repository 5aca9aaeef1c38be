import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/run.ts';

/**
 * `node bin/shell-setup.js` prints a shell function named `ar` that runs this tool; a function is the
 * shell's alone, so programs it starts (make, sh -c …) still find binutils' ar by the PATH.
 */
const SETUP = join(ROOT, 'bin/shell-setup.js');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

function setup(shell: string): string {
  const r = spawnSync(process.execPath, [SETUP, '--shell', shell], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  return r.stdout;
}

describe('bin/shell-setup.js', () => {
  it("prints a function that runs ar in bash and sh, at its own speed, without hiding binutils' ar from other programs", () => {
    const rc = join(tempDir(), 'rc');
    writeFileSync(rc, setup('bash'));
    const script = `. '${rc}'; type ar | head -1; ar --version; cd / && ar aging '${ROOT}/fixtures/factures.csv' --payments '${ROOT}/fixtures/reglements.csv' --as-of 2026-10-31 --format csv --csv rfc4180 | head -1; sh -c 'command -v ar || echo none'`;
    for (const shell of ['bash', 'dash'].filter((s) => existsSync(`/usr/bin/${s}`) || existsSync(`/bin/${s}`))) {
      const r = spawnSync(shell, ['-c', script], { encoding: 'utf8', env: { PATH: process.env.PATH } });
      const [type, shown, header, other] = r.stdout.trim().split('\n');
      expect(type, shell).toMatch(/^ar is a (shell )?function/);
      expect(shown, shell).toBe(version);
      expect(header, shell).toMatch(/^customer_id,customer_name,/);
      // A program started from this shell finds the PATH's ar (binutils'), or none: never this tool.
      expect(other, shell).not.toContain(ROOT);
    }
  });

  it('runs ar with a Node recent enough, paths quoted, and has a form for fish', () => {
    const bash = setup('bash').trim().split('\n').at(-1)!;
    expect(bash).toMatch(/^ar\(\) \{ '[^']+node' '[^']+\/bin\/ar\.js' "\$@"; \}$/);
    const node = /^ar\(\) \{ '([^']+)'/.exec(bash)![1]!;
    const [major, minor] = spawnSync(node, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.').map(Number);
    expect(major! > 22 || (major === 22 && minor! >= 13)).toBe(true);
    expect(setup('fish').trim().split('\n').at(-1)).toMatch(/^function ar; '[^']+node' '[^']+\/bin\/ar\.js' \$argv; end$/);
  });
});
