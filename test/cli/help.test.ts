import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { COMMANDS } from '../../src/program.ts';
import { BIN, ROOT, ar } from '../helpers/run.ts';

/** `ar` in process, its output captured; `columns` makes stdout a terminal that wide. */
async function help(argv: string[], env: Record<string, string> = {}, columns?: number): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, {
    cwd: '/',
    env,
    today: 0 as never,
    now: () => new Date(0),
    stdout: { write: (s: string) => ((out += s), true), isTTY: columns !== undefined, ...(columns !== undefined ? { columns } : {}) },
    stderr: { write: (s: string) => ((err += s), true) },
    stdinIsTTY: false,
  });
  return { code, out, err };
}

const longest = (text: string): number => Math.max(...text.split('\n').map((l) => [...l].length));
const NAMES = COMMANDS.map((c) => c.decl.name);

describe('ar --help', () => {
  it('prints the help on stdout, exit 0, for --help, -h, help and ar alone, the same in the built binary', async () => {
    const { code, out, err } = await help(['--help']);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/^Usage: ar \[options\] \[command\]\n/);
    for (const argv of [['--help'], ['-h'], ['help'], []]) expect(ar(argv), argv.join(' ')).toEqual({ code: 0, stdout: out, stderr: '' });
    for (const c of NAMES) expect(out).toContain(`\n  ${c === 'aging' ? 'aging|balance' : c} `);
  });

  it('is in French for a French locale or --lang fr: usage lines, argument and value names too', async () => {
    const { out } = await help(['--help'], { LANG: 'fr_BE.UTF-8' });
    expect(out).toMatch(/^Utilisation : ar \[options\] \[commande\]\n/);
    expect(out).toContain('  promise <facture|client>');
    expect(out).toContain('  help [commande]');
    expect(out).toContain('Codes de sortie :\n  0   fait\n');
    expect(ar(['--help'], { env: { LANG: 'fr_FR.UTF-8' } }).stdout).toBe(out);
    // Each command's help in French, and nothing left in English.
    for (const c of NAMES) {
      const fr = (await help([c, '--help', '--lang', 'fr'])).out;
      expect(fr, c).toMatch(/^Utilisation : ar /);
      expect(fr, c).toContain("affiche l'aide de la commande");
      expect(fr, c).not.toMatch(/\(default: |^Usage:|^Options:|^Examples?:|^Exit codes:|^Arguments:|<file>|<invoice|\[invoices|<customer>|<amount>|<days>|<dir>/m);
    }
    expect((await help(['dispute', '--help'], { LC_ALL: 'fr_FR.UTF-8' })).out).toContain('Utilisation : ar dispute [options] <facture>\n');
    expect((await help(['aging', '-h', '--lang', 'fr'])).out).toContain('  --as-of <date>              la date de la balance, AAAA-MM-JJ (par défaut :\n');
  });

  it("gives the exit codes on every command's help, in both languages", async () => {
    for (const c of NAMES) {
      const en = (await help([c, '--help'])).out;
      expect(en, c).toMatch(/\nExit codes:\n {2}0 {3}\S.*\n {2}1 {3}usage error.*\n {2}2 {3}invalid input/);
      expect(en, c).toMatch(/\n {2}70 {2}internal error/);
      expect((await help([c, '--help', '--lang', 'fr'])).out, c).toMatch(/\nCodes de sortie :\n {2}0 {3}\S/);
    }
    const remind = (await help(['remind', '--help'])).out;
    expect(remind).toContain('\n  3   some messages failed or are uncertain');
    expect(remind).toContain('\n  4   another run holds the journal\n');
  });

  it("is wrapped at the terminal's width, at COLUMNS when set, and at 80 columns into a pipe", async () => {
    for (const lang of ['en', 'fr']) {
      for (const c of [null, ...NAMES]) {
        const argv = c === null ? ['--help', '--lang', lang] : [c, '--help', '--lang', lang];
        // Into a pipe or a file: 80 columns.
        const piped = (await help(argv)).out;
        expect(longest(piped), `${argv.join(' ')} piped`).toBeLessThanOrEqual(80);
        for (const width of [80, 100, 200]) {
          const onTerminal = (await help(argv, {}, width)).out;
          expect(longest(onTerminal), `${argv.join(' ')} at ${width}`).toBeLessThanOrEqual(width);
          expect((await help(argv, { COLUMNS: String(width) })).out, `${argv.join(' ')} COLUMNS=${width}`).toBe(onTerminal);
        }
        // A wide terminal is used: lines longer than 80 columns, fewer lines.
        const wide = (await help(argv, {}, 200)).out;
        if (c === 'aging' || c === 'impact' || c === 'remind') expect(longest(wide), `${argv.join(' ')} at 200`).toBeGreaterThan(80);
        expect(wide.split('\n').length).toBeLessThanOrEqual(piped.split('\n').length);
      }
    }
    // An example cut short stays one shell command: each line but the last ends with ` \`; only a
    // quoted word longer than a narrow terminal goes past its edge.
    const narrow = (await help(['remind', '--help'], {}, 60)).out;
    expect(narrow.split('\n').filter((l) => [...l].length > 60)).toEqual(['      AR_SMTP_FROM=\'"Atelier Durand" <compta@durand.example>\' \\']);
    expect(narrow).toContain(
      '  $ AR_SMTP_URL=smtps://user:pass@smtp.example.com \\\n      AR_SMTP_FROM=\'"Atelier Durand" <compta@durand.example>\' \\\n      ar remind --customers clients.csv --send\n',
    );
    // The built binary into a pipe: 80 columns, whatever COLUMNS the test runs with.
    expect(ar(['aging', '--help'], { env: { COLUMNS: undefined } }).stdout).toBe((await help(['aging', '--help'])).out);
    expect(longest(ar(['aging', '--help'], { env: { COLUMNS: '120' } }).stdout)).toBeGreaterThan(80);
  });

  it.skipIf(!existsSync('/usr/bin/script'))('follows the width of a real terminal (util-linux script gives the binary one)', () => {
    const env = { PATH: process.env.PATH, LANG: 'en_US.UTF-8', NO_COLOR: '1' };
    for (const width of [100, 120]) {
      const r = spawnSync('/usr/bin/script', ['-qc', `stty cols ${width} rows 50; '${process.execPath}' '${BIN}' aging --help`, '/dev/null'], { cwd: ROOT, env, encoding: 'utf8' });
      const text = r.stdout.replace(/\r/g, '');
      expect(text).toMatch(/^Usage: ar aging/);
      expect(longest(text), String(width)).toBeLessThanOrEqual(width);
      expect(longest(text), String(width)).toBeGreaterThan(width - 15);
    }
  });

  it('prints the version of package.json', async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(ar(['--version'])).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(ar(['-V']).stdout).toBe(`${version}\n`);
  });

  it('says what is wrong with a command line in one line, in French too, exit 1', () => {
    expect(ar(['aging', '--nope'])).toEqual({ code: 1, stdout: '', stderr: 'ar: --nope is not an option of ar aging; ar aging --help lists them\n' });
    expect(ar(['aging', '--payment', 'r.csv']).stderr).toBe('ar: --payment is not an option of ar aging (did you mean --payments?); ar aging --help lists them\n');
    expect(ar(['aging', '--nope', '--lang', 'fr'])).toEqual({ code: 1, stdout: '', stderr: 'ar: --nope n’est pas une option de ar aging ; ar aging --help les liste\n' });
    expect(ar(['aging', '--format', 'xml'], { env: { LANG: 'fr_FR.UTF-8' } })).toMatchObject({ code: 1, stderr: 'ar: --format : « xml » n’est pas parmi table, json, csv\n' });
    expect(ar(['agin'], { env: { LANG: 'fr_FR.UTF-8' } })).toMatchObject({ code: 1, stderr: 'ar: « agin » n’est pas une commande de ar (vouliez-vous dire aging ?) ; ar --help les liste\n' });
    expect(ar(['agin']).stderr).toBe('ar: "agin" is not a command of ar (did you mean aging?); ar --help lists them\n');
    expect(ar(['dispute'], { env: { LANG: 'fr_FR.UTF-8' } })).toMatchObject({ code: 1, stderr: 'ar: il manque <facture> ; utilisation : ar dispute [options] <facture>\n' });
    expect(ar(['note', 'C013', 'a', 'b']).stderr).toBe('ar: too many arguments ("b"); usage: ar note [options] <customer> <text>\n');
    expect(ar(['aging', '--payments', '--as-of', '2026-10-31']).stderr).toBe('ar: option --payments <file> needs its value\n');
    expect(ar(['aging', '--skip-invalid=yes']).stderr).toBe('ar: --skip-invalid takes no value ("yes")\n');
  });
});
