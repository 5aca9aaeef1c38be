import { Command, CommanderError, Option } from 'commander';
import { ArError, EXIT } from './errors.ts';
import type { Context } from './context.ts';
import { todayInLocalCalendar } from './io/clock.ts';
import type { Lang } from './render/aging-report.ts';

/**
 * Builds the `ar` program. Command modules are imported only when their command runs, so that
 * `ar --help` stays as fast as Node itself. This is the one place where errors become exit codes.
 */
export function buildProgram(ctx: Context, result: { code: number }): Command {
  const program = new Command('ar')
    .description('Accounts receivable from your spreadsheets: aged balance, reminders, DSO, cost of unpaid invoices.')
    .version(VERSION, '-V, --version')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
    })
    .exitOverride();

  const ledgerOptions = (cmd: Command): Command =>
    cmd
      .option('--invoices <file>', 'invoice ledger: CSV/TSV/TXT or XLSX (file.xlsx#Sheet)')
      .option('--payments <file>', 'payments ledger: CSV or XLSX')
      .option('--customers <file>', 'customers file: CSV or XLSX (names, terms, e-mail)')
      .option('--as-of <date>', 'the date of the balance, YYYY-MM-DD (default: today)')
      .option('--config <file>', 'config file (default: ./ar.config.json when present)')
      .addOption(new Option('--lang <lang>', 'language of the output (default: from LANG)').choices(['fr', 'en']))
      .option('--skip-invalid', 'go on without rejected rows, and list them in every output');

  ledgerOptions(
    program
      .command('aging')
      .alias('balance')
      .description('the aged balance (balance âgée) per customer and in total, as of a date')
      .argument('[invoices]', 'invoice ledger (same as --invoices)'),
  )
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .addOption(new Option('--basis <basis>', 'age by due date or by invoice date').choices(['due', 'issue']))
    .option('--buckets <days>', 'bucket boundaries in days (default: 30,60,90)')
    .option('--customer <id>', "show one customer's open items")
    .option('--xlsx <file>', 'also write the Excel report to this file')
    .addHelpText(
      'after',
      `
Examples:
  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31
  $ ar aging grand-livre.xlsx#Factures --payments grand-livre.xlsx#Règlements --format json
  $ ar aging --invoices factures.csv --payments reglements.csv --buckets 30,60,90,120 --xlsx balance.xlsx
  $ ar aging factures.csv --payments reglements.csv --customer C013

Exit codes: 0 ok, 1 usage error, 2 invalid input (rejected rows are listed, one per line).`,
    )
    .action(async (file: string | undefined, opts: Record<string, unknown>) => {
      const { agingCommand } = await import('./commands/aging.ts');
      result.code = await agingCommand(file, opts, ctx);
    });

  program.addHelpText(
    'after',
    `
Examples:
  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31
  $ ar aging --help

Exit codes: 0 ok, 1 usage error, 2 invalid input, 3 some messages not delivered, 4 journal locked by another run.`,
  );
  return program;
}

const VERSION = '0.1.0';

function langOf(ctx: Context, argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  if (v === 'fr' || v === 'en') return v;
  const locale = ctx.env.LC_ALL || ctx.env.LC_MESSAGES || ctx.env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Runs `ar` with arguments in a context; returns the exit code. Never throws, never exits. */
export async function run(argv: readonly string[], ctx: Context): Promise<number> {
  const result = { code: 0 };
  const program = buildProgram(ctx, result);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    const { message } = await import('./render/messages.ts');
    const lang = langOf(ctx, argv);
    if (e instanceof ArError) {
      const details = (e as { details?: readonly string[] }).details ?? [];
      for (const line of details) ctx.stderr.write(`${line}\n`);
      ctx.stderr.write(`ar: ${message(e.code, e.params, lang)}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    ctx.stderr.write(`ar: ${message('internal', { detail: err?.message ?? String(e) }, lang)}\n`);
    if (ctx.env.AR_DEBUG) ctx.stderr.write(`${err?.stack ?? ''}\n`);
    return 70;
  }
}

/** Entry point of the binary. */
export async function main(argv: readonly string[]): Promise<number> {
  const ctx: Context = {
    cwd: process.cwd(),
    env: process.env,
    today: todayInLocalCalendar(),
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: process.stdin.isTTY === true,
  };
  return run(argv, ctx);
}
