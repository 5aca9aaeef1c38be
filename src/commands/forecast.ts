import type { Problem } from '../core/types.ts';
import { bucketDefs } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { backtestForecast, lastActivity, lastMonthEnds, monthEndsBetween } from '../core/backtest.ts';
import { dayFromIso, type Day, day, addDays } from '../core/dates.ts';
import { forecastReceipts, type ProvisionMatrix } from '../core/forecast.ts';
import type { Context } from '../context.ts';
import type { FORECAST, OptionsOf } from '../program.ts';
import { UsageError } from '../errors.ts';
import { loadConfig, type Config } from '../io/config.ts';
import { readJournalView } from '../io/journal-view.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { backtestCsv, backtestJson, backtestText, forecastCsv, forecastJson, forecastText } from '../render/forecast.ts';
import { jsonChunks, writeChunks } from '../render/json-stream.ts';
import { formatProblem } from '../render/messages.ts';
import { ledgerProblems, forTerminal, ledgerLoadOptions, outputWidth, paintFor, reportProblems, resolveAsOf, resolveBasis, resolveBuckets, resolveLang, resolvePaths } from './common.ts';
import { lossRatesOf } from './rates.ts';

/** The options of `ar forecast`, as declared in src/program.ts. */
export type ForecastOptions = OptionsOf<typeof FORECAST.options>;

/** A whole number of weeks or months given as an option, within a range. */
export function countOption(option: string, text: string | undefined, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const v = /^\d+$/.test(text.trim()) ? Number(text.trim()) : NaN;
  if (!(v >= min && v <= max)) throw new UsageError('bad_count', { option, value: text, min, max });
  return v;
}

/** The provision matrix of docs/accounting.md §8 as `ar impact --portfolio` reads it: the config's buckets, basis and loss rates. */
export function provisionOf(config: Config): ProvisionMatrix {
  const bounds = resolveBuckets(undefined, config);
  const basis = resolveBasis(undefined, config);
  return { bounds, basis, rates: lossRatesOf(config, bucketDefs(bounds, basis)) };
}

function dateOption(option: string, text: string): Day {
  const d = dayFromIso(text.trim());
  if (d === null) throw new UsageError('bad_date', { option, value: text });
  return d;
}

/** `ar forecast`: the expected receipts of the open items per week and month (docs/forecast.md), or its backtest. */
export async function forecastCommand(files: readonly string[], o: ForecastOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format;
  const weeks = countOption('--weeks', o.weeks, 13, 1, 104);
  const months = countOption('--months', o.months, 3, 0, 36);
  for (const [given, option] of [
    [o.from, '--from'],
    [o.to, '--to'],
  ] as const) {
    if (given !== undefined && o.backtest !== true) throw new UsageError('needs_backtest', { option });
  }
  const from = o.from !== undefined ? dateOption('--from', o.from) : null;
  const to = o.to !== undefined ? dateOption('--to', o.to) : null;
  if (from !== null && to !== null && from > to) throw new UsageError('backtest_range', { from: o.from!, to: o.to! });
  const provision = provisionOf(config);
  const paths = resolvePaths(files, o, config);
  if (paths === null) throw new UsageError('no_invoices');

  const options = ledgerLoadOptions(o, config, ctx, lang);
  const loaded = await loadLedger(paths, config, options);
  const journal = await readJournalView(options.journal);
  const { ledger } = loaded;
  const paint = await paintFor(ctx);
  let problems: readonly Problem[] = loaded.problems;

  if (o.backtest === true) {
    // Receipts are known as far as the ledger tells: its last entry by D.
    const end = day(Math.min(asOf, lastActivity(ledger, asOf) ?? asOf));
    const origins = from !== null || to !== null ? monthEndsBetween(from ?? addDays(to!, -366), to ?? end) : lastMonthEnds(end, 12);
    const b = backtestForecast(ledger, { origins, evaluatedTo: end, weeks, promises: journal.promises, provision });
    if (format === 'json') ctx.stdout.write(`${JSON.stringify(backtestJson(b), null, 2)}\n`);
    else if (format === 'csv') ctx.stdout.write(backtestCsv(b));
    else ctx.stdout.write(forTerminal(ctx, backtestText(b, lang, paint, outputWidth(ctx))));
  } else {
    const allocation = allocateLedger(ledger, asOf);
    problems = ledgerProblems(loaded, allocation);
    const forecast = forecastReceipts(ledger, allocation.arrays, { weeks, months, promises: journal.promises, provision });
    const view = { forecast, name: loaded.nameOf };
    if (format === 'json') {
      writeChunks(jsonChunks(forecastJson(view)), (s) => ctx.stdout.write(s));
      ctx.stdout.write('\n');
    } else if (format === 'csv') ctx.stdout.write(forecastCsv(view));
    else ctx.stdout.write(forTerminal(ctx, forecastText(view, lang, paint, outputWidth(ctx))));
  }
  await reportProblems(
    problems.map((p) => formatProblem(p, lang)),
    o,
    ctx,
    lang,
    { carried: format !== 'table' },
  );
  return 0;
}
