/**
 * Part of `npm run build`, for start-up time (measured: npm run bench):
 * - `dist/help.txt` and `dist/help.fr.txt`, the text of `ar --help` as the built program prints it in
 *   English and in French, which `bin/ar.js` prints without loading the program;
 * - `dist/cli-spec.json`, the shape of the program (src/program.ts `specOf`), with which a clean
 *   command line is read without loading commander (src/cli-args.ts).
 * The test suite checks that these copies and the program agree.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const { run } = (await import(join(ROOT, 'dist/cli.js'))) as typeof import('../src/cli.ts');
const { buildProgram, specOf } = (await import(join(ROOT, 'dist/program.js'))) as typeof import('../src/program.ts');
// One copy per language of the help: English, and French for a French locale (as `ar` itself decides).
for (const [lang, file] of [['en', 'help.txt'], ['fr', 'help.fr.txt']] as const) {
  let out = '';
  const sink = { write: (s: string) => ((out += s), true), isTTY: false };
  const code = await run(['--help'], {
    cwd: ROOT, env: { LANG: lang === 'fr' ? 'fr_FR.UTF-8' : 'C' }, today: 0 as never, now: () => new Date(0), stdout: sink, stderr: sink, stdinIsTTY: false,
  });
  if (code !== 0 || out === '') throw new Error(`ar --help exited ${code}`);
  writeFileSync(join(ROOT, 'dist', file), out);
}

const quiet = { write: () => true, isTTY: false };
const program = buildProgram({ cwd: ROOT, env: {}, today: 0 as never, now: () => new Date(0), stdout: quiet, stderr: quiet, stdinIsTTY: false }, { code: 0 });
writeFileSync(join(ROOT, 'dist', 'cli-spec.json'), `${JSON.stringify(specOf(program), null, 1)}\n`);
