import { ageOpenItems } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { salesBetween } from '../core/dso.ts';
import { addMonths, isoFromDay } from '../core/dates.ts';
import { parseAmount } from '../core/import/amounts.ts';
import { expectedCreditLoss, lossRatesFromHistory, unpaidInvoiceImpact } from '../core/impact.ts';
import type { Country } from '../core/interest.ts';
import { centsFromUnits, mulDivRound, type Cents } from '../core/money.ts';
import { rateToNumber, type Rate } from '../core/rational.ts';
import type { Context } from '../context.ts';
import type { IMPACT, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { countryOf } from '../io/remind-config.ts';
import { impactCsv, impactJson, impactText, type ImpactView, type RevenueView } from '../render/analyses.ts';
import { forTerminal, ledgerLoadOptions, paintFor, resolveAsOf, resolveBasis, resolveBuckets, resolveFormat, resolveLang, resolvePaths } from './common.ts';
import { configRate, lossRatesOf, optionRate } from './rates.ts';

/** The options of `ar impact`, as declared in src/program.ts. */
export type ImpactOptions = OptionsOf<typeof IMPACT.options>;

/** An amount typed on the command line: `12000`, `12 000,50`, `12,000.50`. */
export function cliAmount(option: string, text: string): Cents {
  const mark = /,\d{1,2}$/.test(text.trim()) ? ',' : '.';
  const r = parseAmount(text, mark);
  if (!r.ok) throw new UsageError('bad_amount', { option, value: text });
  return r.cents;
}

/** The standard VAT rate of the firm's country, the one assumed when no rate is given (docs/accounting.md §7.2: R excludes VAT). */
export const STANDARD_VAT: Readonly<Record<Country, Rate>> = { FR: { num: 1n, den: 5n }, BE: { num: 21n, den: 100n } };

/** `ar impact`: what an unpaid invoice (or the whole aged balance) costs in revenue and margin (docs/accounting.md §7, §8). */
export async function impactCommand(invoice: string | undefined, o: ImpactOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = resolveFormat(o.format);
  const country = countryOf(config);
  // Every value is checked before a ledger is read: a typo costs no import.
  const configVat = configRate(config, 'vatRate', 'share');
  // `--vat` alone: the config's rate, else the country's standard rate.
  const vat: Rate | null = o.vat === undefined ? null : o.vat === true ? configVat ?? STANDARD_VAT[country] : optionRate('--vat', String(o.vat), 'share');
  let margin = o.margin !== undefined ? optionRate('--margin', o.margin, 'margin') : configRate(config, 'margin', 'margin');
  if (o.deductible !== undefined && o.insured === undefined) throw new UsageError('deductible_without_insured');
  // Options of the provision matrix mean nothing for one invoice: refused rather than ignored.
  for (const [given, option] of [[o.buckets, '--buckets'], [o.fromHistory, '--from-history']] as const) {
    if (given !== undefined && o.portfolio !== true) throw new UsageError('needs_portfolio', { option });
  }
  const insured = o.insured !== undefined ? optionRate('--insured', o.insured, 'share') : null;
  const deductible = o.deductible !== undefined ? cliAmount('--deductible', o.deductible) : 0;
  const recovery = o.recovery !== undefined ? optionRate('--recovery', o.recovery, 'share') : null;
  if (o.daysLate !== undefined && !/^\d+$/.test(o.daysLate)) throw new UsageError('bad_days', { option: '--days-late', value: o.daysLate });
  if ((o.costOfCredit === undefined) !== (o.daysLate === undefined)) throw new UsageError('cost_of_credit_pair');
  const costOfCredit = o.costOfCredit !== undefined ? optionRate('--cost-of-credit', o.costOfCredit, 'credit') : null;
  let revenue: RevenueView | null = o.revenue !== undefined ? { ...NO_LEDGER_REVENUE, cents: cliAmount('--revenue', o.revenue), source: 'option' } : null;
  let unpaid: Cents | null = o.amount !== undefined ? cliAmount('--amount', o.amount) : null;
  let currency = o.currency ?? config.currency ?? 'EUR';
  let portfolio: ImpactView['portfolio'] = null;

  // R is the ledger's whenever there is a ledger (docs/accounting.md §7.2); the config's `revenue` only stands in without one.
  const paths = resolvePaths(undefined, o, config);
  const needsLedger = invoice !== undefined || o.portfolio === true || (revenue === null && paths !== null);
  if (needsLedger) {
    if (paths === null) throw new UsageError('impact_no_ledger');
    const bounds = resolveBuckets(o.buckets, config);
    const { ledger } = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
    const allocation = allocateLedger(ledger, asOf);
    if (invoice !== undefined) {
      const row = ledger.invoiceRow(invoice);
      if (row < 0 || ledger.invoiceIssue[row]! > asOf) throw new InputError('invoice_not_found', { value: invoice });
      const open = allocation.arrays.debitOpen[row]!;
      if (open <= 0) throw new InputError('invoice_not_open', { value: invoice, date: o.asOf ?? '' });
      unpaid = open;
      currency = ledger.accountCurrency[ledger.invoiceAccount[row]!]!;
    }
    if (o.portfolio) {
      const aged = ageOpenItems(allocation, { bounds, basis: resolveBasis(undefined, config) });
      const rates = o.fromHistory ? lossRatesFromHistory(aged, currency) : lossRatesOf(config, aged.buckets);
      const ecl = expectedCreditLoss(aged, currency, rates);
      portfolio = { lines: ecl.lines, buckets: aged.buckets, fromHistory: o.fromHistory === true };
      unpaid = ecl.total;
    }
    if (revenue === null) {
      // The ledger's sales (TTC) of the 12 months up to D, taken off VAT at the known rate, else the country's.
      const from = addMonths(asOf, -12) + 1;
      const sales = salesBetween(ledger, currency, from, asOf);
      if (sales <= 0) throw new UsageError('no_ledger_revenue', { currency, date: isoFromDay(asOf) });
      const known = o.vat === true ? configVat : vat ?? configVat;
      const rate = known ?? STANDARD_VAT[country];
      revenue = { cents: mulDivRound(sales, rate.den, rate.den + rate.num), source: 'ledger', from, to: asOf, vatRate: rateToNumber(rate), vatAssumed: known === null, country };
    }
  }
  if (revenue === null && typeof config.revenue === 'number') revenue = { ...NO_LEDGER_REVENUE, cents: centsFromUnits(config.revenue), source: 'config' };

  const missing = [unpaid === null ? '--amount' : null, revenue === null ? '--revenue' : null, margin === null ? '--margin' : null].filter((x) => x !== null);
  // On a terminal, what the command line does not say is asked for, the config's values offered as the
  // answers (Enter keeps them); without one, the config's values stand and a value missing is an error.
  const terminal = ctx.stdinIsTTY && ctx.stdout.isTTY;
  const marginFromConfig = o.margin === undefined && margin !== null;
  const revenueFromConfig = revenue?.source === 'config';
  if (missing.length > 0 || (terminal && (marginFromConfig || revenueFromConfig))) {
    if (!terminal) throw new UsageError('missing_options', { options: missing.join(', '), count: missing.length });
    const { askImpactValues } = await import('./impact-prompt.ts');
    const configRevenue = revenueFromConfig ? revenue!.cents : null;
    const configMargin = marginFromConfig ? margin : null;
    const answers = await askImpactValues(
      { unpaid, revenue: revenueFromConfig ? null : revenue?.cents ?? null, margin: marginFromConfig ? null : margin },
      { revenue: configRevenue, margin: configMargin },
      lang,
    );
    unpaid = answers.unpaid;
    if (revenue === null || revenueFromConfig) revenue = { ...NO_LEDGER_REVENUE, cents: answers.revenue, source: answers.revenue === configRevenue ? 'config' : 'prompt' };
    margin = answers.margin;
  }

  const result = unpaidInvoiceImpact({
    unpaid: unpaid!, revenue: revenue!.cents, margin: margin!, vat, insured, deductible, recovery, costOfCredit,
    daysLate: o.daysLate !== undefined ? Number(o.daysLate) : null,
  });
  if (typeof result === 'string') {
    if (result === 'unpaid_not_positive' && portfolio) throw new InputError('nothing_at_risk');
    throw new UsageError(result);
  }
  const view: ImpactView = { impact: result, currency, invoice: invoice ?? null, portfolio, revenue: revenue! };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(impactJson(view), null, 2)}\n`);
  else if (format === 'csv') ctx.stdout.write(impactCsv(view));
  else ctx.stdout.write(forTerminal(ctx, impactText(view, lang, await paintFor(ctx))));
  return 0;
}

const NO_LEDGER_REVENUE = { from: null, to: null, vatRate: null, vatAssumed: false, country: null } as const;
