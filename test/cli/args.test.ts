import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ACTIONS, type Action } from '../../src/actions.ts';
import { parseArgs, type CliSpec, type ParsedArgs } from '../../src/cli-args.ts';
import { run } from '../../src/cli.ts';
import { buildProgram, specOf } from '../../src/program.ts';
import { ROOT, ar } from '../helpers/run.ts';

/**
 * `parseArgs` reads the clean command lines without commander (start-up time): wherever it gives an
 * answer, commander must read the same command, arguments and options; everything else is commander's.
 */

const quiet = { write: () => true, isTTY: false };
const ctx = { cwd: ROOT, env: {}, today: 0 as never, now: () => new Date(0), stdout: quiet, stderr: quiet, stdinIsTTY: false };

/** What commander reads from a command line: the action it calls and with what, or null for an error, help, the version. */
async function commanderReads(argv: readonly string[]): Promise<ParsedArgs | null> {
  let seen: ParsedArgs | null = null;
  const capture: Record<string, Action> = Object.fromEntries(
    Object.keys(ACTIONS).map((command) => [command, async (args: readonly unknown[], opts: Record<string, unknown>) => {
      seen = { command, args: args as ParsedArgs['args'], opts: opts as ParsedArgs['opts'] };
      return 0;
    }]),
  );
  const program = buildProgram(ctx, { code: 0 }, 'en', (t) => t, capture);
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch {
    return null;
  }
  return seen;
}

const spec: CliSpec = specOf(buildProgram(ctx, { code: 0 }));

describe('reading a command line without commander', () => {
  it('is built from every command of the program, and the build wrote the same shape to dist/cli-spec.json', () => {
    expect(spec.commands.map((c) => c.name).sort()).toEqual(Object.keys(ACTIONS).sort());
    expect(JSON.parse(readFileSync(join(ROOT, 'dist/cli-spec.json'), 'utf8'))).toEqual(spec);
  });

  it('reads as commander does the lines people type', async () => {
    const lines = [
      ['aging', 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31'],
      ['balance', '--invoices=f.csv', '--format', 'json', '--buckets', '30,60,90,120'],
      ['aging', 'a.xml', 'b.pdf', '--', '--odd-name.csv'],
      ['aging'],
      ['impact', 'FA2026-00195', '--margin', '5%', '--vat', '--invoices', 'f.csv'],
      ['impact', '--amount', '12000', '--vat', '20%', '--portfolio'],
      ['remind', '--customers', 'clients.csv', '--send', '--journal', 'j.db'],
      ['note', 'C013', 'Appel du gérant : règlement promis'],
      ['promise', 'C013', '--until', '2026-11-15', '--amount', '5000'],
      ['log', '--format', 'json'],
      ['dso', 'f.csv', '--period', '365', '--lang', 'fr'],
    ];
    for (const argv of lines) {
      const mine = parseArgs(argv, spec);
      expect(mine, argv.join(' ')).not.toBeNull();
      expect(mine, argv.join(' ')).toEqual(await commanderReads(argv));
    }
    expect(parseArgs(['impact', 'X', '--vat'], spec)?.opts.vat).toBe(true);
    expect(parseArgs(['aging', 'f.csv'], spec)?.opts).toEqual({ format: 'table' });
  });

  it('leaves to commander help, the version, mistakes and anything it is unsure of', () => {
    const lines = [
      [], ['--help'], ['-h'], ['-V'], ['help', 'aging'], ['agin'], ['aging', '--help'], ['aging', '-h'],
      ['aging', '--bogus'], ['aging', '--format', 'xml'], ['aging', '--format'], ['aging', '--payments'],
      ['aging', '--skip-invalid=yes'], ['impact', '--amount', '-5'], ['impact', 'A', 'B'], ['dispute'],
      ['note', 'C013'], ['aging', '-x'], ['impact', '--days-late', '-1'], ['remind', 'extra'],
    ];
    for (const argv of lines) expect(parseArgs(argv, spec), argv.join(' ')).toBeNull();
  });

  it('never reads a line otherwise than commander (property, 10,000 lines)', async () => {
    const values = ['f.csv', 'FA-1', '', '2026-10-31', 'x=y', '5%', 'é à', 'json', 'csv', 'table', 'fr', 'en', 'due', 'issue'];
    const odd = ['xml', '-', '-5', '--', '--lang'];
    const optionNames = [...new Set(spec.commands.flatMap((c) => c.options.map((o) => o.long)))];
    const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
    // Mostly the command's own options with a value, as people write them; sometimes another command's
    // option, a stray word, a mistake, help.
    const line = fc.constantFrom(...spec.commands).chain((c) => {
      const own = fc.constantFrom(...c.options.map((o) => o.long));
      const any = fc.oneof({ weight: 5, arbitrary: own }, { weight: 1, arbitrary: fc.constantFrom(...optionNames) });
      const piece = fc.oneof(
        { weight: 6, arbitrary: fc.tuple(any, word) },
        { weight: 2, arbitrary: any.map((o) => [o]) },
        { weight: 1, arbitrary: fc.constantFrom('--help', '-h', '-V', '--version', '--nope', '-x', '--no-color').map((o) => [o]) },
        { weight: 1, arbitrary: fc.tuple(any, word).map(([o, v]) => [`${o}=${v}`]) },
        { weight: 3, arbitrary: word.map((w) => [w]) },
      );
      const command = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(c.name, ...c.aliases) }, { weight: 1, arbitrary: fc.constantFrom('help', 'agin') });
      return fc.tuple(command, fc.array(piece, { maxLength: 4 })).map(([name, rest]) => [name, ...rest.flat()]);
    });
    let answered = 0;
    let total = 0;
    await fc.assert(
      fc.asyncProperty(line, async (argv) => {
        total++;
        const mine = parseArgs(argv, spec);
        if (mine === null) return;
        answered++;
        expect(mine).toEqual(await commanderReads(argv));
      }),
      { numRuns: 10_000, seed: 20261201 },
    );
    // Not a property that holds by answering nothing: a good share of the lines are read here.
    expect(answered / total).toBeGreaterThan(0.2);
  });

  it('gives, in the built binary, the output commander\'s reading gives', async () => {
    const argv = ['aging', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-11-30', '--format', 'csv'];
    let out = '';
    const sink = { write: (s: string) => ((out += s), true), isTTY: false };
    // In this process, without a spec: commander reads the line.
    expect(await run(argv, { ...ctx, stdout: sink, stderr: quiet }, null)).toBe(0);
    const built = ar(argv);
    expect(built.code).toBe(0);
    expect(out).toContain('customer_id,customer_name');
    expect(built.stdout).toBe(out);
  });
});
