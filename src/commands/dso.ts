import { dsoFigures, dsoTrend } from '../core/dso.ts';
import type { Context } from '../context.ts';
import { UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { dsoCsv, dsoJson, dsoText, type DsoView } from '../render/analyses.ts';
import { forTerminal, ledgerLoadOptions, paintFor, resolveAsOf, resolveFormat, resolveLang, resolvePaths, type LedgerOptions } from './common.ts';

export interface DsoOptions extends LedgerOptions {
  readonly period?: string;
  readonly format?: string;
}

/** `ar dso`: DSO standard and countback, best possible DSO, days delinquent, CEI, and the 12-month trend (SPEC 5). */
export async function dsoCommand(file: string | readonly string[] | undefined, o: DsoOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = resolveFormat(o.format);
  const period = Number(o.period ?? config.dsoPeriod ?? 90);
  if (!Number.isInteger(period) || period < 1 || period > 3660) throw new UsageError('bad_days', { option: '--period', value: String(o.period) });
  const paths = resolvePaths(file, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const { ledger } = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
  const figures = dsoFigures(ledger, asOf, period);
  const trend = dsoTrend(ledger, asOf, period, figures.map((f) => f.currency));
  const view: DsoView = { asOf, figures, trend, sectorDso: typeof config.sectorDso === 'number' ? config.sectorDso : null };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(dsoJson(view), null, 2)}\n`);
  else if (format === 'csv') ctx.stdout.write(dsoCsv(view));
  else ctx.stdout.write(forTerminal(ctx, dsoText(view, lang, await paintFor(ctx))));
  return 0;
}
