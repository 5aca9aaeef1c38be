import { validateBounds, type AgingBasis } from '../core/aging.ts';
import { dayFromIso, type Day } from '../core/dates.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import type { LedgerPaths, LoadOptions } from '../io/load-ledger.ts';
import { progressFor } from '../io/progress.ts';
import { journalPath, type Config } from '../io/config.ts';
import type { DateOrder } from '../core/import/dates-text.ts';
import type { Lang } from '../render/aging-report.ts';
import { NO_PAINT, type Paint } from '../render/aging-table.ts';
import { terminalSafe } from '../render/terminal.ts';

/** Options every ledger-reading command takes. */
export interface LedgerOptions {
  readonly invoices?: string;
  readonly payments?: string;
  readonly customers?: string;
  readonly config?: string;
  readonly asOf?: string;
  readonly lang?: string;
  readonly skipInvalid?: boolean;
  /** The journal of contacts and disputes (disputes count as the ledger's status, docs/accounting.md §1.4). */
  readonly journal?: string;
  /** The order of day and month of the ledgers' dates, when the user tells it. */
  readonly dateOrder?: string;
}

/** `--date-order`, else `dateOrder` in the config; undefined when neither tells. */
export function resolveDateOrder(option: string | undefined, config: Config): DateOrder | undefined {
  const v = option ?? (typeof config.dateOrder === 'string' ? config.dateOrder : undefined);
  if (v === undefined) return undefined;
  if (v !== 'dmy' && v !== 'mdy' && v !== 'ymd') throw new UsageError('bad_choice', { option: option !== undefined ? '--date-order' : 'dateOrder', value: v, choices: 'dmy, mdy, ymd' });
  return v;
}

/**
 * What every ledger command loads with: the ledgers' paths and the options of loadLedger, the journal
 * (`--journal`, else the config's, else ar.db in the working folder) included, so that its disputes count.
 */
export function ledgerLoadOptions(o: LedgerOptions, config: Config, ctx: Context, lang: Lang): LoadOptions & { journal: string } {
  const dateOrder = resolveDateOrder(o.dateOrder, config);
  return {
    skipInvalid: o.skipInvalid ?? false, lang, progress: progressFor(ctx), journal: journalPath(o.journal, config, ctx.cwd),
    ...(dateOrder ? { dateOrder } : {}),
  };
}

/** `--lang`, else the config, else the locale (LC_ALL, LC_MESSAGES, LANG): French when it starts with "fr". */
export function resolveLang(option: string | undefined, config: Config, env: Context['env']): Lang {
  if (option !== undefined) {
    if (option !== 'fr' && option !== 'en') throw new UsageError('bad_choice', { option: '--lang', value: option, choices: 'fr, en' });
    return option;
  }
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

export function resolveBasis(option: string | undefined, config: Config): AgingBasis {
  const v = option ?? config.basis ?? 'due';
  if (v !== 'due' && v !== 'issue') throw new UsageError('bad_choice', { option: '--basis', value: v, choices: 'due, issue' });
  return v;
}

export function resolveBuckets(option: string | undefined, config: Config): number[] {
  if (option === undefined) return config.buckets ?? [30, 60, 90];
  const parts = option.split(',').map((s) => s.trim());
  const bounds = parts.map((s) => (/^\d+$/.test(s) ? Number(s) : NaN));
  if (validateBounds(bounds) !== null) throw new UsageError('bad_buckets', { value: option });
  return bounds;
}

export type Format = 'table' | 'json' | 'csv';

export function resolveFormat(option: string | undefined): Format {
  const v = option ?? 'table';
  if (v !== 'table' && v !== 'json' && v !== 'csv') throw new UsageError('bad_choice', { option: '--format', value: v, choices: 'table, json, csv' });
  return v;
}

/** The ledger files: arguments first (several: e-invoices), then options, then the config's paths. */
export function resolvePaths(firstArg: string | readonly string[] | undefined, o: LedgerOptions, config: Config): LedgerPaths | null {
  const args = typeof firstArg === 'string' ? [firstArg] : firstArg ?? [];
  const invoices = args[0] ?? o.invoices ?? config.invoices;
  if (invoices === undefined) return null;
  return {
    invoices, payments: o.payments ?? config.payments, customers: o.customers ?? config.customers,
    ...(args.length > 1 ? { invoiceFiles: args } : {}),
  };
}

/** Colour only on a terminal, never with NO_COLOR (any non-empty value) or TERM=dumb; FORCE_COLOR forces it. */
export function colourEnabled(ctx: Context): boolean {
  const env = ctx.env;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return ctx.stdout.isTTY === true;
}

/** The colours of the output; chalk is loaded only when there is colour to paint (start-up time). */
export async function paintFor(ctx: Context): Promise<Paint> {
  if (!colourEnabled(ctx)) return NO_PAINT;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { bold: c.bold, dim: c.dim, warn: c.yellow, bad: c.red };
}

/** Text for people on stdout: control characters from the data shown escaped, colour kept when on. */
export function forTerminal(ctx: Context, text: string): string {
  return terminalSafe(text, colourEnabled(ctx));
}
