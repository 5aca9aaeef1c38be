import { allocateLedger } from '../core/allocate.ts';
import { dsoFigures, dsoTrend } from '../core/dso.ts';
import type { Context } from '../context.ts';
import type { DSO, OptionsOf } from '../program.ts';
import { UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { dsoCsv, dsoJson, dsoText, type DsoView } from '../render/analyses.ts';
import { formatProblem } from '../render/messages.ts';
import { uniqueProblems } from '../render/problems.ts';
import { ledgerProblems, forTerminal, ledgerLoadOptions, outputWidth, paintFor, PHASES, reportProblems, resolveCsvDialect, resolveAsOf, resolveLang, resolvePaths } from './common.ts';

/** The options of `ar dso`, as declared in src/program.ts. */
export type DsoOptions = OptionsOf<typeof DSO.options>;

/** `ar dso`: DSO standard and countback, best possible DSO, days delinquent, CEI, and the 12-month trend (docs/accounting.md §5). */
export async function dsoCommand(files: readonly string[], o: DsoOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format;
  if (o.csv !== undefined && format !== 'csv') throw new UsageError('needs_csv_format', { option: '--csv' });
  const period = Number(o.period ?? config.dsoPeriod ?? 90);
  if (!Number.isInteger(period) || period < 1 || period > 3660) throw new UsageError('bad_days', { option: '--period', value: String(o.period) });
  const paths = resolvePaths(files, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const loadOptions = ledgerLoadOptions(o, config, ctx, lang);
  const loaded = await loadLedger(paths, config, loadOptions);
  const { ledger } = loaded;
  // The allocation as of D: AR and its not-yet-due part, and the engine's warnings (a payment naming an unknown invoice…).
  const allocation = allocateLedger(ledger, asOf);
  const figures = dsoFigures(ledger, allocation.arrays, period);
  // Twelve month ends, an allocation each: the long phase of ar dso.
  const trend = dsoTrend(
    ledger,
    asOf,
    period,
    figures.map((f) => f.currency),
    loadOptions.progress.stage(PHASES[lang].dsoHistory),
  );
  loadOptions.progress.done();
  const problems = uniqueProblems(ledgerProblems(loaded, allocation).map((p) => formatProblem(p, lang)));
  const view: DsoView = { asOf, figures, trend, sectorDso: config.sectorDso ?? null, problems };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(dsoJson(view), null, 2)}\n`);
  else if (format === 'csv') ctx.stdout.write(dsoCsv(view, resolveCsvDialect(o.csv, lang)));
  else ctx.stdout.write(forTerminal(ctx, dsoText(view, lang, await paintFor(ctx), outputWidth(ctx))));
  await reportProblems(problems, o, ctx, lang, { carried: format === 'json' });
  return 0;
}
