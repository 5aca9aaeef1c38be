import { readFileSync } from './fs.ts';
import { readCommandLine } from './cli-args.ts';
import type { Context } from './context.ts';
import { ArError, EXIT, InputError } from './errors.ts';
import { now, todayInLocalCalendar } from './io/clock.ts';
import { shipped } from './resources.ts';
import { isTerminalOrUnknown, OutputClosed, StdSink } from './io/stdio.ts';
import type { Lang } from './model/lang.ts';
import { helpText } from './render/help-text.ts';
import { INTERNAL_ERROR } from './program.ts';

/** The language of the help and of mistakes in the command line, known before it is read: `--lang`, else the locale. */
function langOf(ctx: Context, argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  if (v === 'fr' || v === 'en') return v;
  const locale = ctx.env.LC_ALL || ctx.env.LC_MESSAGES || ctx.env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The width the help is laid out for: COLUMNS when set, else the terminal's, else 80. */
function helpWidth(ctx: Context): number {
  const columns = Number(ctx.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return (ctx.stdout.isTTY === true ? ctx.stdout.columns : undefined) ?? 80;
}

/** The version of `ar`: package.json's. */
function version(): string {
  return (JSON.parse(readFileSync(shipped('package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Runs `ar` with arguments in a context; returns the exit code. Never throws, never exits. This is the
 * one place where errors become exit codes. The command line is read against the table of
 * src/program.ts (src/cli-args.ts); `ar` alone, like `ar --help`, prints the help on stdout, exit 0:
 * it is an answer, not a mistake (a mistake, such as an unknown command, is said on stderr, exit 1).
 */
export async function run(argv: readonly string[], ctx: Context): Promise<number> {
  const lang = langOf(ctx, argv);
  try {
    const reading = readCommandLine(argv, lang);
    if (reading.kind === 'run') return await reading.command.run(reading.args, reading.opts, ctx);
    ctx.stdout.write(reading.kind === 'version' ? `${version()}\n` : helpText(reading.command, lang, helpWidth(ctx)));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof OutputClosed) return EXIT.ok;
    const { formatProblem, message } = await import('./render/messages.ts');
    if (e instanceof ArError) {
      if (e instanceof InputError) for (const p of e.problems) tell(ctx, `${formatProblem(p, e.lang ?? lang).message}\n`);
      tell(ctx, `ar: ${message(e.code, e.params, lang)}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    tell(ctx, `ar: ${message('internal', { detail: err?.message ?? String(e) }, lang)}\n`);
    if (ctx.env.AR_DEBUG) tell(ctx, `${err?.stack ?? ''}\n`);
    return INTERNAL_ERROR;
  }
}

/** Says on stderr what went wrong; a reader already gone away is no reason to fail more. */
function tell(ctx: Context, line: string): void {
  try {
    ctx.stderr.write(line);
  } catch (e) {
    if (!(e instanceof OutputClosed)) throw e;
  }
}

/** Entry point of the binary. */
export async function main(argv: readonly string[]): Promise<number> {
  // Node's stdio streams are made only for a terminal (src/io/stdio.ts). When the reader of the output
  // goes away (`ar aging | head`), the run stops quietly with exit 0, as Unix tools do (OutputClosed).
  const ctx: Context = {
    cwd: process.cwd(),
    env: process.env,
    today: todayInLocalCalendar(),
    now,
    stdout: new StdSink(1, () => process.stdout),
    stderr: new StdSink(2, () => process.stderr),
    get stdinIsTTY() {
      return isTerminalOrUnknown(0) && process.stdin.isTTY === true;
    },
  };
  // A promise that can never settle (a reader waiting for bytes that will never come) would end the
  // process with exit 0 and no output, which a cron job takes for success: say so and fail instead.
  let finished = false;
  const unfinished = (): void => {
    if (finished) return;
    finished = true;
    void import('./render/messages.ts').then(({ message }) => {
      tell(ctx, `ar: ${message('internal', { detail: 'the run stopped before finishing' }, langOf(ctx, argv))}\n`);
      process.exitCode = INTERNAL_ERROR;
    });
  };
  process.on('beforeExit', unfinished);
  try {
    return await run(argv, ctx);
  } finally {
    finished = true;
    process.off('beforeExit', unfinished);
  }
}
