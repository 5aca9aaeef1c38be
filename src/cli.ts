import { readFileSync } from './fs.ts';
import { ACTIONS } from './actions.ts';
import { parseArgs, type CliSpec } from './cli-args.ts';
import type { Context } from './context.ts';
import { ArError, EXIT } from './errors.ts';
import { now, todayInLocalCalendar } from './io/clock.ts';
import { shipped } from './resources.ts';
import { isTerminalOrUnknown, StdSink } from './io/stdio.ts';
import type { Lang } from './render/aging-report.ts';

/**
 * The shape of the program, written at build time from commander's description (scripts/build-help.ts),
 * or null before a build: commander then reads every command line.
 */
function builtSpec(): CliSpec | null {
  try {
    return JSON.parse(readFileSync(shipped('dist/cli-spec.json'), 'utf8')) as CliSpec;
  } catch {
    return null;
  }
}

function langOf(ctx: Context, argv: readonly string[]): Lang {
  const i = argv.indexOf('--lang');
  const v = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--lang='))?.slice(7);
  if (v === 'fr' || v === 'en') return v;
  const locale = ctx.env.LC_ALL || ctx.env.LC_MESSAGES || ctx.env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/**
 * Runs `ar` with arguments in a context; returns the exit code. Never throws, never exits. This is the
 * one place where errors become exit codes. A clean command line of a known command is read without
 * commander (src/cli-args.ts); help, the version and every mistake go to commander.
 */
export async function run(argv: readonly string[], ctx: Context, spec: CliSpec | null = builtSpec()): Promise<number> {
  const lang = langOf(ctx, argv);
  try {
    const parsed = spec === null ? null : parseArgs(argv, spec);
    if (parsed !== null && ACTIONS[parsed.command] !== undefined) return await ACTIONS[parsed.command]!(parsed.args, parsed.opts, ctx);
    const [{ buildProgram }, { CommanderError }, { helpTranslator }] = await Promise.all([import('./program.ts'), import('commander'), import('./render/help-text.ts')]);
    const result = { code: 0 };
    const program = buildProgram(ctx, result, lang, await helpTranslator(lang));
    try {
      await program.parseAsync([...argv], { from: 'user' });
      return result.code;
    } catch (e) {
      if (e instanceof CommanderError) {
        if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
        return EXIT.usage;
      }
      throw e;
    }
  } catch (e) {
    const { message } = await import('./render/messages.ts');
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

let sinks: [StdSink, StdSink] = [new StdSink(1, () => process.stdout, () => {}), new StdSink(2, () => process.stderr, () => {})];

/**
 * Ends the binary once `main` has returned its exit code. Nothing of `ar` runs after it, so the process
 * exits at once: left to itself, Node would first free the heap object by object (measured: about 2 ms
 * of a 60 ms run on the sample firm, 10 ms at 100k rows). Unless Node's stdout or stderr stream still
 * holds output for a slow reader: then the process ends when that is written, as it always did.
 */
export function end(code: number): void {
  process.exitCode = code;
  if (sinks.every((s) => s.settled)) process.exit(code);
}

/** Entry point of the binary. */
export async function main(argv: readonly string[]): Promise<number> {
  // When the reader of the output goes away (`ar aging | head`), stop quietly, as Unix tools do.
  const gone = (): never => process.exit(0);
  const streamOf = (stream: () => NodeJS.WriteStream) => (): NodeJS.WriteStream =>
    stream().on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') gone();
      throw e;
    });
  // Node's stdio streams are made only for a terminal (src/io/stdio.ts).
  sinks = [new StdSink(1, streamOf(() => process.stdout), gone), new StdSink(2, streamOf(() => process.stderr), gone)];
  const ctx: Context = {
    cwd: process.cwd(),
    env: process.env,
    today: todayInLocalCalendar(),
    now,
    stdout: sinks[0],
    stderr: sinks[1],
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
      ctx.stderr.write(`ar: ${message('internal', { detail: 'the run stopped before finishing' }, langOf(ctx, argv))}\n`);
      process.exitCode = 70;
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
