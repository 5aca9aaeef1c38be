import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { smallFirm } from '../helpers/remind-firm.ts';
import { arInProcess, ROOT, tempDir, testClock } from '../helpers/run.ts';

/**
 * The whole output of each command and format, pinned, run in this process (src/cli.ts `run`, as the
 * binary runs it; today is 2026-10-31). test/golden/<scenario>/ holds:
 * - `args`: one argument per line;
 * - `setup` (optional): where it runs. Its first line is `firm` (a fresh copy of the small firm of
 *   test/helpers/remind-firm.ts, with its config) or `fixtures` (a fresh copy of fixtures/); each
 *   further line a command run there first, as a JSON array (`["note", "C1", "Appel"]`). Without it,
 *   the scenario runs from the repository's root. The folder's path is written `<dir>` in the output,
 *   the repository's `<root>`;
 * - `variants` (optional): the runs, one per line: `<lang>-<width>` on a terminal that wide, `<lang>`
 *   into a pipe. Default: `en-80`, `en-200`, `fr-80`, `fr-200`;
 * - `wide` (optional): why this output is not yet fitted to the terminal (else no line is wider than it);
 * - for each run, `<variant>.stdout` and `<variant>.stderr` (absent when empty), and `exit` (one code for all).
 *
 * After a deliberate change of the output: `UPDATE_GOLDEN=1 npx vitest run test/cli/golden.test.ts`,
 * then read the diff of test/golden/ before committing it. Adding a scenario: a folder with its `args`
 * (and `setup`, `variants`), then the same command.
 */

const GOLDEN = join(ROOT, 'test/golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const DEFAULT_VARIANTS = ['en-80', 'en-200', 'fr-80', 'fr-200'];

const read = (path: string): string | null => (existsSync(path) ? readFileSync(path, 'utf8') : null);
const lines = (path: string): string[] => (read(path) ?? '').split('\n').filter((l) => l !== '');

/** The folder a scenario runs in, after its setup commands. */
async function place(dir: string, now: () => Date): Promise<string> {
  const setup = lines(join(dir, 'setup'));
  if (setup.length === 0) return ROOT;
  const where = setup[0] === 'firm' ? smallFirm('ar-golden-') : tempDir('ar-golden-');
  if (setup[0] === 'fixtures') cpSync(join(ROOT, 'fixtures'), where, { recursive: true });
  else if (setup[0] !== 'firm') throw new Error(`${dir}/setup: "${setup[0]}" is neither firm nor fixtures`);
  for (const command of setup.slice(1)) {
    const r = await arInProcess(JSON.parse(command) as string[], { cwd: where, now });
    if (r.code !== 0) throw new Error(`${dir}/setup: ${command}: exit ${r.code}: ${r.stderr}`);
  }
  return where;
}

describe('golden outputs (test/golden)', () => {
  const scenarios = readdirSync(GOLDEN, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();

  it('has its scenarios', () => {
    expect(scenarios.length).toBeGreaterThanOrEqual(40);
  });

  for (const scenario of scenarios) {
    const dir = join(GOLDEN, scenario);
    const variants = lines(join(dir, 'variants'));
    it(`prints ${scenario} as pinned (${(variants.length > 0 ? variants : DEFAULT_VARIANTS).join(', ')})`, async () => {
      const args = lines(join(dir, 'args'));
      const codes = new Set<number>();
      for (const variant of variants.length > 0 ? variants : DEFAULT_VARIANTS) {
        const [lang, width] = variant.split('-') as [string, string | undefined];
        // Each run in a fresh place: what one run writes (a journal, an outbox) is not the next one's input.
        // Its own clock from 2026-10-31 08:00 UTC: what the run records is the same whatever ran before.
        const now = testClock();
        const cwd = await place(dir, now);
        const r = await arInProcess([...args, '--lang', lang], { cwd, now, ...(width !== undefined ? { columns: Number(width) } : {}) });
        if (cwd !== ROOT) rmSync(cwd, { recursive: true, force: true });
        const shown = (s: string) => (cwd === ROOT ? s : s.replaceAll(cwd, '<dir>')).replaceAll(ROOT, '<root>');
        const [stdout, stderr] = [shown(r.stdout), shown(r.stderr)];
        codes.add(r.code);
        if (UPDATE) {
          mkdirSync(dir, { recursive: true });
          writeFileSync(join(dir, `${variant}.stdout`), stdout);
          if (stderr !== '') writeFileSync(join(dir, `${variant}.stderr`), stderr);
          else rmSync(join(dir, `${variant}.stderr`), { force: true });
          continue;
        }
        expect(stdout, `${scenario} ${variant}.stdout`).toBe(read(join(dir, `${variant}.stdout`)) ?? '');
        expect(stderr, `${scenario} ${variant}.stderr`).toBe(read(join(dir, `${variant}.stderr`)) ?? '');
        // Fitted to the terminal: no line wider than it.
        if (width !== undefined && !existsSync(join(dir, 'wide'))) {
          for (const line of stdout.split('\n')) expect([...line.replace(/\u001b\[[0-9;]*m/g, '')].length, `${scenario} ${variant}: ${line}`).toBeLessThanOrEqual(Number(width));
        }
      }
      expect(codes.size, `${scenario}: one exit code`).toBe(1);
      const code = [...codes][0]!;
      if (UPDATE) writeFileSync(join(dir, 'exit'), `${code}\n`);
      else expect(code).toBe(Number(readFileSync(join(dir, 'exit'), 'utf8')));
    });
  }
});
