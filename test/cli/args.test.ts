import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { attributeOf, readCommandLine, takesValue } from '../../src/cli-args.ts';
import { run } from '../../src/cli.ts';
import { UsageError } from '../../src/errors.ts';
import { COMMANDS } from '../../src/program.ts';
import { commanderReads, type Outcome } from '../helpers/commander.ts';
import { ROOT, ar } from '../helpers/run.ts';

/**
 * `ar` reads its command line against the table of src/program.ts. commander, built from the same table
 * (test/helpers/commander.ts), is the oracle: wherever `ar` runs a command, commander runs the same
 * command with the same arguments and options; wherever commander refuses a line, `ar` refuses it too
 * (or prints the help, when it was asked for).
 */

const quiet = { write: () => true, isTTY: false };
const ctx = { cwd: ROOT, env: {}, today: 0 as never, now: () => new Date(0), stdout: quiet, stderr: quiet, stdinIsTTY: false };

/** What `ar` makes of a command line, in the oracle's terms. */
function arReads(argv: readonly string[]): Outcome & { code?: string } {
  try {
    const r = readCommandLine(argv, 'en');
    return r.kind === 'run' ? { kind: 'run', command: r.command.decl.name, args: r.args, opts: r.opts } : { kind: r.kind };
  } catch (e) {
    if (e instanceof UsageError) return { kind: 'error', code: e.code };
    throw e;
  }
}

/** A value that looks like an option, after an option that takes one: `ar` refuses it, commander takes it as the value. */
function optionAsValue(argv: readonly string[]): boolean {
  const command = COMMANDS.find((c) => c.decl.name === argv[0] || (c.decl.aliases ?? []).includes(argv[0] ?? ''));
  return argv.some((word, i) => {
    const option = command?.decl.options.find((o) => `--${o.name}` === word);
    const next = argv[i + 1];
    return option !== undefined && takesValue(option) && !option.optional && next !== undefined && /^-(-|[A-Za-z])/.test(next);
  });
}

describe('the table of the command line', () => {
  it('declares each command, alias and option once, with defaults among their choices', () => {
    const names = COMMANDS.flatMap((c) => [c.decl.name, ...(c.decl.aliases ?? [])]);
    expect(new Set(names).size).toBe(names.length);
    for (const c of COMMANDS) {
      const attributes = c.decl.options.map(attributeOf);
      expect(new Set(attributes).size, c.decl.name).toBe(attributes.length);
      // A one-letter form once per command, never -h or -V (help, version).
      const shorts = c.decl.options.flatMap((o) => (o.short !== undefined ? [o.short] : []));
      expect(new Set(shorts).size, c.decl.name).toBe(shorts.length);
      for (const x of shorts) expect(x, c.decl.name).toMatch(/^-[a-zA-Z]$/);
      expect(
        shorts.filter((x) => x === '-h' || x === '-V'),
        c.decl.name,
      ).toEqual([]);
      for (const o of c.decl.options) {
        if (o.default !== undefined && o.choices !== undefined) expect(o.choices, `${c.decl.name} --${o.name}`).toContain(o.default);
        expect(o.name, `${c.decl.name} --${o.name}`).toMatch(/^[a-z][a-z0-9-]*$/);
      }
      // Only the last argument may take every one left.
      expect(
        c.decl.arguments.slice(0, -1).some((a) => a.variadic),
        c.decl.name,
      ).toBe(false);
    }
  });

  it('gives the ledger commands --journal and --date-order, declared and typed', () => {
    for (const name of ['aging', 'dso', 'customers', 'remind', 'impact']) {
      const r = readCommandLine([name, '--journal', 'j.db', '--date-order', 'mdy', '--invoices', 'f.csv'], 'en');
      expect(r.kind === 'run' && r.opts, name).toMatchObject({ journal: 'j.db', dateOrder: 'mdy' });
      expect(arReads([name, '--date-order', 'dym']), name).toMatchObject({ kind: 'error', code: 'bad_choice' });
    }
  });
});

describe('reading a command line', () => {
  it('reads as commander does the lines people type', async () => {
    const lines = [
      ['aging', 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31'],
      ['balance', '--invoices=f.csv', '--format', 'json', '--buckets', '30,60,90,120'],
      ['aging', 'a.xml', 'b.pdf', '--', '--odd-name.csv'],
      ['aging'],
      ['aging', 'f.csv', '--date-order', 'dmy', '--journal', 'ar.db'],
      ['impact', 'FA2026-00195', '--margin', '5%', '--vat', '--invoices', 'f.csv'],
      ['impact', '--amount', '12000', '--vat', '20%', '--portfolio'],
      ['impact', '--days-late', '-1', '--cost-of-credit', '8%', '--amount', '100'],
      ['impact', '--recovery', '-10%', '--amount', '-1 234,56', '--margin', '-.5'],
      ['remind', '--customers', 'clients.csv', '--send', '--journal', 'j.db'],
      ['note', 'C013', 'Appel du gérant : règlement promis'],
      ['promise', 'C013', '--until', '2026-11-15', '--amount', '5000'],
      ['dispute', 'FA-1', '--reason', 'livraison incomplète', '--close'],
      ['log', '--format', 'json'],
      ['dso', 'f.csv', '--period', '365', '--lang', 'fr'],
      ['customers', '-', '--format=csv'],
      ['aging', 'f.csv', '-v', '--warnings', 'w.txt', '--csv', 'excel-fr', '--detail'],
      ['customers', '--verbose', '-v'],
    ];
    for (const argv of lines) {
      const mine = arReads(argv);
      expect(mine.kind, argv.join(' ')).toBe('run');
      expect(mine, argv.join(' ')).toEqual(await commanderReads(COMMANDS, argv));
    }
    expect(arReads(['impact', 'X', '--vat'])).toMatchObject({ opts: { vat: true } });
    expect(arReads(['aging', 'f.csv'])).toMatchObject({ opts: { format: 'table' } });
  });

  it('refuses a mistake with a usage error naming it, and asks for no help', () => {
    const mistakes: [string[], string][] = [
      [['agin'], 'unknown_command'],
      [['help', 'agin'], 'unknown_command'],
      [['aging', '--bogus'], 'unknown_option'],
      [['--lang', 'fr'], 'unknown_option'],
      [['aging', '-x'], 'unknown_option'],
      [['aging', '-V'], 'unknown_option'],
      [['aging', '--format', 'xml'], 'bad_choice'],
      [['aging', '--format'], 'option_needs_value'],
      [['aging', '--payments'], 'option_needs_value'],
      [['aging', '--payments', '--as-of', '2026-10-31'], 'option_needs_value'],
      [['aging', '--skip-invalid=yes'], 'option_takes_no_value'],
      [['impact', 'A', 'B'], 'too_many_arguments'],
      [['remind', 'extra'], 'too_many_arguments'],
      [['dispute'], 'missing_argument'],
      [['note', 'C013'], 'missing_argument'],
      [['aging', '--lang='], 'bad_choice'],
    ];
    for (const [argv, code] of mistakes) expect(arReads(argv), argv.join(' ')).toEqual({ kind: 'error', code });
  });

  it('prints the help when asked, anywhere before --, and for ar alone', () => {
    for (const argv of [[], ['--help'], ['-h'], ['help'], ['help', 'aging'], ['aging', '--help'], ['aging', '-h'], ['aging', '--format', 'xml', '--help'], ['dispute', '-h']]) {
      expect(arReads(argv), argv.join(' ')).toEqual({ kind: 'help' });
    }
    expect(arReads(['note', 'C013', '--', '--help'])).toMatchObject({ kind: 'run', args: ['C013', '--help'] });
    expect(arReads(['-V'])).toEqual({ kind: 'version' });
  });

  it('never runs a line otherwise than commander, and refuses what commander refuses (property, 10,000 lines)', async () => {
    const values = ['f.csv', 'FA-1', '', '2026-10-31', 'x=y', '5%', 'é à', 'json', 'csv', 'table', 'fr', 'en', 'due', 'issue', 'dmy', 'ymd'];
    const odd = ['xml', '-', '-5', '--', '--lang', '-1.5', '-10%', '-x', '-1 234,56'];
    const optionNames = [...new Set(COMMANDS.flatMap((c) => c.decl.options.map((o) => `--${o.name}`)))];
    const word = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
    // Mostly the command's own options with a value, as people write them; sometimes another command's
    // option, a stray word, a mistake, help.
    const line = fc.constantFrom(...COMMANDS).chain((c) => {
      const own = fc.constantFrom(...c.decl.options.flatMap((o) => [`--${o.name}`, ...(o.short !== undefined ? [o.short] : [])]));
      const any = fc.oneof({ weight: 5, arbitrary: own }, { weight: 1, arbitrary: fc.constantFrom(...optionNames) });
      const piece = fc.oneof(
        { weight: 6, arbitrary: fc.tuple(any, word) },
        { weight: 2, arbitrary: any.map((o) => [o]) },
        { weight: 1, arbitrary: fc.constantFrom('--help', '-h', '-V', '--version', '--nope', '-x', '--no-color').map((o) => [o]) },
        { weight: 1, arbitrary: fc.tuple(any, word).map(([o, v]) => [`${o}=${v}`]) },
        { weight: 3, arbitrary: word.map((w) => [w]) },
      );
      const command = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(c.decl.name, ...(c.decl.aliases ?? [])) }, { weight: 1, arbitrary: fc.constantFrom('help', 'agin') });
      return fc.tuple(command, fc.array(piece, { maxLength: 4 })).map(([name, rest]) => [name, ...rest.flat()]);
    });
    const seen = { run: 0, total: 0 };
    await fc.assert(
      fc.asyncProperty(line, async (argv) => {
        seen.total++;
        const mine = arReads(argv);
        const theirs = await commanderReads(COMMANDS, argv);
        if (mine.kind === 'run') {
          seen.run++;
          expect(mine).toEqual(theirs);
        }
        if (theirs.kind === 'error') expect(['error', 'help']).toContain(mine.kind);
        // `ar` refuses a line commander runs only where commander would take an option for a value.
        if (theirs.kind === 'run' && mine.kind !== 'run') expect(mine.kind === 'help' || optionAsValue(argv), argv.join(' ')).toBe(true);
      }),
      { numRuns: 10_000, seed: 20261201 },
    );
    // Not a property that holds by running nothing: a good share of the lines run.
    expect(seen.run / seen.total).toBeGreaterThan(0.2);
  });

  it('gives the same output in the built binary as in process', async () => {
    const argv = ['aging', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-11-30', '--format', 'csv'];
    let out = '';
    const sink = { write: (s: string) => ((out += s), true), isTTY: false };
    expect(await run(argv, { ...ctx, stdout: sink, stderr: quiet })).toBe(0);
    const built = ar(argv);
    expect(built.code).toBe(0);
    expect(out).toContain('customer_id,customer_name');
    expect(built.stdout).toBe(out);
  });
});
