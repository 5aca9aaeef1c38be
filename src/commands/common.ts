import { validateBounds, type AgingBasis } from '../core/aging.ts';
import type { Allocation } from '../core/allocate.ts';
import { balanceCheck, type SaidPaid } from '../core/balance-check.ts';
import type { Problem } from '../core/types.ts';
import { dayFromIso, type Day } from '../core/dates.ts';
import type { Context } from '../context.ts';
import type { LEDGER_OPTIONS, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import type { LedgerPaths, LoadOptions } from '../io/load-ledger.ts';
import { assertNotInput, ledgerInputs } from '../io/outputs.ts';
import { resolve } from 'node:path';
import type { FormattedProblem } from '../render/aging-report.ts';
import { problemList, problemSummary } from '../render/problems.ts';
import { progressFor, type Progress } from '../io/progress.ts';
import { journalPath, type Config } from '../io/config.ts';
import type { Lang } from '../model/lang.ts';
import { NO_PAINT, type Paint } from '../render/aging-table.ts';
import { terminalSafe } from '../render/terminal.ts';
import { CSV_DIALECTS, type CsvDialect, type CsvDialectName } from '../render/csv.ts';

/**
 * Options every ledger-reading command takes, as declared in src/program.ts: `invoices`, `payments`,
 * `customers`, `journal`, `asOf`, `dateOrder` ('dmy' | 'mdy' | 'ymd'), `paymentSign` ('positive' | 'negative'),
 * `config`, `lang`, `skipInvalid`.
 */
export type LedgerOptions = OptionsOf<typeof LEDGER_OPTIONS>;

/**
 * What every ledger command loads with: the ledgers' paths and the options of loadLedger, the journal
 * (`--journal`, else the config's, else ar.db in the working folder) included, so that its disputes count.
 */
/** The long phases of a command after the reading, as the progress bar names them. */
export const PHASES = {
  fr: { allocation: 'lettrage', dsoHistory: 'historique du DSO' },
  en: { allocation: 'allocation', dsoHistory: 'DSO history' },
} as const;

export function ledgerLoadOptions(o: LedgerOptions, config: Config, ctx: Context, lang: Lang): LoadOptions & { journal: string; progress: Progress } {
  const warnings = o.warnings;
  return {
    skipInvalid: o.skipInvalid ?? false,
    lang,
    progress: progressFor(ctx),
    journal: journalPath(o.journal, config, ctx.cwd),
    // The loader takes `dateOrder` of the config when the option does not tell.
    ...(o.dateOrder !== undefined ? { dateOrder: o.dateOrder } : {}),
    // And `paymentSign` of the config when `--payment-sign` does not tell.
    ...(o.paymentSign !== undefined ? { paymentSign: o.paymentSign } : {}),
    // `--warnings <file>` is never one of the files read: refused before any is.
    ...(warnings !== undefined ? { beforeReading: (paths: LedgerPaths) => assertNotInput('--warnings', warnings, ledgerInputs(paths, config, ctx.cwd), ctx.cwd) } : {}),
  };
}

/**
 * What a ledger command says of the ledgers it allocated as of D, in the order found: the loader's problems,
 * the engine's warnings, and the rows whose balance column differs from the open amount computed (§9.4).
 */
export function ledgerProblems(loaded: { readonly problems: readonly Problem[]; readonly saidPaid?: readonly SaidPaid[] }, allocation: Allocation): Problem[] {
  return [...loaded.problems, ...allocation.warnings, ...balanceCheck(allocation, loaded.saidPaid)];
}

/**
 * Says the problems of a run (rejected rows with --skip-invalid, warnings): on stderr one line per
 * kind, with its count and first rows (src/render/problems.ts), or every one with `-v`; the whole list
 * in `--warnings <file>`. `carried`: the output itself holds them (JSON), so stderr says nothing unless
 * `-v` asks.
 */
export async function reportProblems(
  problems: readonly FormattedProblem[],
  o: { readonly warnings?: string | undefined; readonly verbose?: boolean | undefined },
  ctx: Context,
  lang: Lang,
  options: { carried?: boolean } = {},
): Promise<void> {
  const fr = lang === 'fr';
  if (o.warnings !== undefined) {
    const { writeTextFile } = await import('../io/text-file.ts');
    const all = problemList(problems, NO_PAINT);
    try {
      writeTextFile(resolve(ctx.cwd, o.warnings), all.length > 0 ? `${all.join('\n')}\n` : '');
    } catch (e) {
      throw new InputError('write_failed', { file: o.warnings, detail: (e as Error).message });
    }
  }
  if (problems.length === 0) return;
  const paint = await paintFor(ctx, ctx.stderr);
  let lines: string[];
  if (o.verbose === true) lines = problemList(problems, paint);
  else if (options.carried === true) return;
  else {
    const summary = problemSummary(problems, lang, paint);
    lines = summary.lines;
    if (o.warnings !== undefined) lines.push(fr ? `  (la liste entière : ${o.warnings})` : `  (the whole list: ${o.warnings})`);
    else if (summary.shortened) lines.push(fr ? '  (chacun : --warnings <fichier>, ou -v)' : '  (every one: --warnings <file>, or -v)');
  }
  ctx.stderr.write(terminalSafe(`${lines.join('\n')}\n`, colourEnabled(ctx, ctx.stderr)));
}

/** `--lang`, else the config, else the locale (LC_ALL, LC_MESSAGES, LANG): French when it starts with "fr". */
export function resolveLang(option: Lang | undefined, config: Config, env: Context['env']): Lang {
  if (option !== undefined) return option;
  if (config.lang) return config.lang;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function resolveAsOf(option: string | undefined, today: Day): Day {
  if (option === undefined) return today;
  const d = dayFromIso(option.trim());
  if (d === null) throw new UsageError('bad_date', { option: '--as-of', value: option });
  return d;
}

export function resolveBasis(option: AgingBasis | undefined, config: Config): AgingBasis {
  return option ?? config.basis ?? 'due';
}

export function resolveBuckets(option: string | undefined, config: Config): number[] {
  if (option === undefined) return config.buckets ?? [30, 60, 90];
  const parts = option.split(',').map((s) => s.trim());
  const bounds = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (validateBounds(bounds) !== null) throw new UsageError('bad_buckets', { value: option });
  return bounds;
}

/** `--csv`, else the output language's: French Excel in French, English Excel otherwise. */
export function resolveCsvDialect(option: CsvDialectName | undefined, lang: Lang): CsvDialect {
  return CSV_DIALECTS[option ?? (lang === 'fr' ? 'excel-fr' : 'excel-en')];
}

/** The ledger files: arguments first (several: e-invoices), then options, then the config's paths. */
export function resolvePaths(args: readonly string[], o: Pick<LedgerOptions, 'invoices' | 'payments' | 'customers'>, config: Config): LedgerPaths | null {
  const invoices = args[0] ?? o.invoices ?? config.invoices;
  if (invoices === undefined) return null;
  return {
    invoices,
    payments: o.payments ?? config.payments,
    customers: o.customers ?? config.customers,
    ...(args.length > 1 ? { invoiceFiles: args } : {}),
  };
}

/**
 * Colour only on a terminal, never with NO_COLOR (any non-empty value), FORCE_COLOR=0 (or false) or
 * TERM=dumb; any other FORCE_COLOR forces it, as Node reads it.
 */
function colourEnabled(ctx: Context, stream: { readonly isTTY?: boolean } = ctx.stdout): boolean {
  const env = ctx.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR === '0' || env.FORCE_COLOR === 'false') return false;
  if (env.FORCE_COLOR !== undefined) return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

/** The colours of the output; chalk is loaded only when there is colour to paint (start-up time). */
export async function paintFor(ctx: Context, stream: { readonly isTTY?: boolean } = ctx.stdout): Promise<Paint> {
  if (!colourEnabled(ctx, stream)) return NO_PAINT;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { bold: c.bold, dim: c.dim, warn: c.yellow, bad: c.red };
}

/**
 * The width tables and prose are fitted to: on a terminal, COLUMNS when set, else the terminal's own,
 * else 80 (never below 20); into a pipe or a file, null: the whole table, as wide as it is.
 */
export function outputWidth(ctx: Context): number | null {
  if (ctx.stdout.isTTY !== true) return null;
  const columns = Number(ctx.env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return Math.max(MIN_WIDTH, columns);
  // A terminal that does not tell its size says 0 columns.
  const own = ctx.stdout.columns;
  return own !== undefined && own > 0 ? Math.max(MIN_WIDTH, own) : 80;
}

/** Below this, nothing is laid out narrower: a table of blocks still needs a label and a value. */
const MIN_WIDTH = 20;

/** Text for people on stdout: control characters from the data shown escaped, colour kept when on. */
export function forTerminal(ctx: Context, text: string): string {
  return terminalSafe(text, colourEnabled(ctx));
}
