import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { arInProcess, ROOT } from '../helpers/run.ts';

/**
 * The whole output of each command, pinned: test/golden/<scenario>/ holds `args` (one argument per
 * line, run from the repository's root, today 2026-10-31), and for each language and terminal width
 * `<lang>-<width>.stdout`, `<lang>-<width>.stderr` (absent when empty) and `exit` (one code for all).
 * Each scenario runs at 80 and 200 columns, in English and in French.
 *
 * After a deliberate change of the output: `UPDATE_GOLDEN=1 npx vitest run test/cli/golden.test.ts`,
 * then read the diff of test/golden/ before committing it.
 */

const GOLDEN = join(ROOT, 'test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const WIDTHS = [80, 200] as const;
const LANGS = ['en', 'fr'] as const;

const read = (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null);

describe('golden outputs (test/golden)', () => {
  const scenarios = readdirSync(GOLDEN, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

  it('has its scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(8);
  });

  for (const scenario of scenarios) {
    it(`prints ${scenario} as pinned, at ${WIDTHS.join(' and ')} columns, in English and French`, async () => {
      const dir = join(GOLDEN, scenario);
      const args = readFileSync(join(dir, 'args'), 'utf8').split('\n').filter((l) => l !== '');
      const codes = new Set<number>();
      for (const lang of LANGS) {
        for (const width of WIDTHS) {
          const r = await arInProcess([...args, '--lang', lang], { columns: width });
          codes.add(r.code);
          const name = `${lang}-${width}`;
          if (UPDATE) {
            mkdirSync(dir, { recursive: true });
            writeFileSync(join(dir, `${name}.stdout`), r.stdout);
            if (r.stderr !== '') writeFileSync(join(dir, `${name}.stderr`), r.stderr);
            else rmSync(join(dir, `${name}.stderr`), { force: true });
            continue;
          }
          expect(r.stdout, `${scenario} ${name}.stdout`).toBe(read(join(dir, `${name}.stdout`)) ?? '');
          expect(r.stderr, `${scenario} ${name}.stderr`).toBe(read(join(dir, `${name}.stderr`)) ?? '');
          // Fitted to the terminal: no line wider than it.
          for (const line of r.stdout.split('\n')) expect([...line.replace(/\u001b\[[0-9;]*m/g, '')].length, `${scenario} ${name}: ${line}`).toBeLessThanOrEqual(width);
        }
      }
      expect(codes.size, `${scenario}: one exit code`).toBe(1);
      const code = [...codes][0]!;
      if (UPDATE) writeFileSync(join(dir, 'exit'), `${code}\n`);
      else expect(code).toBe(Number(readFileSync(join(dir, 'exit'), 'utf8')));
    });
  }
});
