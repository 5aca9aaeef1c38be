import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { ar } from '../helpers/run.ts';

describe('ar --help', () => {
  it('prints, from the copy made at build time, exactly what the program prints', async () => {
    let out = '';
    const sink = { write: (s: string) => ((out += s), true), isTTY: true };
    const code = await run(['--help'], { cwd: '/', env: {}, today: 0 as never, now: () => new Date(0), stdout: sink, stderr: sink, stdinIsTTY: false });
    expect(code).toBe(0);
    const r = ar(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(out);
    expect(ar(['-h']).stdout).toBe(out);
    // Every command is listed.
    for (const c of ['aging', 'remind', 'impact', 'dso', 'customers', 'dispute', 'promise', 'log']) expect(out).toContain(c);
  });

  it('is in French for a French locale, from its own copy, and every text of the help has its French', async () => {
    let out = '';
    const sink = { write: (s: string) => ((out += s), true), isTTY: true };
    const ctx = (env: Record<string, string>) => ({ cwd: '/', env, today: 0 as never, now: () => new Date(0), stdout: sink, stderr: sink, stdinIsTTY: false });
    expect(await run(['--help'], ctx({ LANG: 'fr_BE.UTF-8' }))).toBe(0);
    expect(out).toContain('Utilisation : ar [options] [command]');
    expect(out).toContain('Codes de sortie : 0 ok');
    expect(ar(['--help'], { env: { LANG: 'fr_FR.UTF-8' } }).stdout).toBe(out);
    // Each command's help in French, with commander's own words, and nothing left in English.
    for (const c of ['aging', 'impact', 'dso', 'customers', 'remind', 'dispute', 'promise', 'note', 'log']) {
      out = '';
      expect(await run([c, '--help', '--lang', 'fr'], ctx({}))).toBe(0);
      expect(out, c).toMatch(/^Utilisation : ar /);
      expect(out, c).toContain('affiche l\'aide de la commande');
      expect(out, c).not.toMatch(/\(default: |\(choices: |^Options:|Examples?:/m);
    }
    const { UNTRANSLATED } = await import('../../src/render/help-text.ts');
    expect([...UNTRANSLATED]).toEqual([]);
  });

  it('says commander\'s errors in French too', () => {
    expect(ar(['aging', '--nope', '--lang', 'fr'])).toMatchObject({ code: 1, stderr: 'erreur : option inconnue « --nope »\n(--help pour l\'aide)\n' });
    expect(ar(['aging', '--format', 'xml'], { env: { LANG: 'fr_FR.UTF-8' } }).stderr).toBe('erreur : option « --format <format> » : « xml » n\'est pas une valeur permise (table, json, csv)\n(--help pour l\'aide)\n');
    expect(ar(['agin'], { env: { LANG: 'fr_FR.UTF-8' } }).stderr).toBe('erreur : commande inconnue « agin »\n(Vouliez-vous dire aging ?)\n(--help pour l\'aide)\n');
    expect(ar(['aging', '--nope']).stderr).toBe("error: unknown option '--nope'\n(run with --help for usage)\n");
  });
});
