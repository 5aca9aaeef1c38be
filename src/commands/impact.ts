import { ageOpenItems } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { salesBetween } from '../core/dso.ts';
import { addMonths, type Day, isoFromDay, addDays } from '../core/dates.ts';
import { decimalEvidence, parseAmount, readsTwoWays } from '../core/import/amounts.ts';
import { referenceKey } from '../core/compare.ts';
import { expectedCreditLoss, lossRatesFromHistory, unpaidInvoiceImpact } from '../core/impact.ts';
import type { Country } from '../core/interest.ts';
import { centsFromUnits, formatCentsPlain, mulDivRound, type Cents, cents } from '../core/money.ts';
import { rowsOfInvoice, type Ledger } from '../core/ledger.ts';
import { rateToNumber, type Rate } from '../core/rational.ts';
import type { Context } from '../context.ts';
import type { IMPACT, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { type Config, loadConfig } from '../io/config.ts';
import { type LedgerPaths, loadLedger } from '../io/load-ledger.ts';
import type { Lang } from '../model/lang.ts';
import { countryOf } from '../io/remind-config.ts';
import { impactCsv, impactJson, impactText, type ImpactView, type RevenueView } from '../render/analyses.ts';
import type { FormattedProblem } from '../render/aging-report.ts';
import { formatProblem } from '../render/messages.ts';
import { uniqueProblems } from '../render/problems.ts';
import {
  ledgerProblems,
  forTerminal,
  ledgerLoadOptions,
  outputWidth,
  paintFor,
  PHASES,
  reportProblems,
  resolveCsvDialect,
  resolveAsOf,
  resolveBasis,
  resolveBuckets,
  resolveLang,
  resolvePaths,
} from './common.ts';
import { configRate, lossRatesOf, optionRate } from './rates.ts';

/** The options of `ar impact`, as declared in src/program.ts. */
export type ImpactOptions = OptionsOf<typeof IMPACT.options>;

/**
 * An amount typed on the command line or at a prompt, read by the rules of the ledgers' amounts
 * (src/core/import/amounts.ts): `12000`, `12 000,50`, `1 234,56 €`, `12 000,00€`, `12,000.50`, `€1,234.56`.
 * Its decimal mark is the one the text proves; a text that reads two ways (`1.234`, `1,234`: a thousand,
 * or one and a bit) is refused rather than guessed.
 */
export function cliAmount(option: string, text: string): Cents {
  if (readsTwoWays(text)) throw new UsageError('ambiguous_amount', { option, value: text });
  const r = parseAmount(text, decimalEvidence(text) ?? '.');
  if (!r.ok) throw new UsageError('bad_amount', { option, value: text });
  return r.cents;
}

/** The standard VAT rate of the firm's country, the one assumed when no rate is given (docs/accounting.md §7.2: R excludes VAT). */
export const STANDARD_VAT: Readonly<Record<Country, Rate>> = { FR: { num: 1n, den: 5n }, BE: { num: 21n, den: 100n } };

/** `--revenue`, when given. */
function givenRevenue(o: ImpactOptions): RevenueView | null {
  return o.revenue !== undefined ? { ...NO_LEDGER_REVENUE, cents: cliAmount('--revenue', o.revenue), source: 'option' } : null;
}

/** The rates and amounts of the command line, each checked before a ledger is read: a typo costs no import. */
function optionValues(o: ImpactOptions, config: Config, country: Country) {
  const configVat = configRate(config, 'vatRate', 'share');
  // `--vat` alone: the config's rate, else the country's standard rate.
  const vat: Rate | null = o.vat === undefined ? null : o.vat === true ? (configVat ?? STANDARD_VAT[country]) : optionRate('--vat', String(o.vat), 'share');
  const margin = o.margin !== undefined ? optionRate('--margin', o.margin, 'margin') : configRate(config, 'margin', 'margin');
  if (o.deductible !== undefined && o.insured === undefined) throw new UsageError('deductible_without_insured');
  // Options of the provision matrix mean nothing for one invoice: refused rather than ignored.
  for (const [given, option] of [
    [o.buckets, '--buckets'],
    [o.fromHistory, '--from-history'],
  ] as const) {
    if (given !== undefined && o.portfolio !== true) throw new UsageError('needs_portfolio', { option });
  }
  if (o.daysLate !== undefined && !/^\d+$/.test(o.daysLate)) throw new UsageError('bad_days', { option: '--days-late', value: o.daysLate });
  if ((o.costOfCredit === undefined) !== (o.daysLate === undefined)) throw new UsageError('cost_of_credit_pair');
  return {
    configVat,
    vat,
    margin,
    insured: o.insured !== undefined ? optionRate('--insured', o.insured, 'share') : null,
    deductible: o.deductible !== undefined ? cliAmount('--deductible', o.deductible) : cents(0),
    recovery: o.recovery !== undefined ? optionRate('--recovery', o.recovery, 'share') : null,
    costOfCredit: o.costOfCredit !== undefined ? optionRate('--cost-of-credit', o.costOfCredit, 'credit') : null,
    revenue: givenRevenue(o),
    unpaid: o.amount !== undefined ? cliAmount('--amount', o.amount) : null,
  };
}

/** What the ledger gives: an invoice's open amount and currency, the portfolio's expected loss, R from the last 12 months' sales. */
interface FromLedger {
  readonly unpaid: Cents | null;
  readonly currency: string;
  readonly portfolio: ImpactView['portfolio'];
  readonly revenue: RevenueView | null;
  readonly problems: FormattedProblem[];
}

async function fromLedger(
  invoice: string | undefined,
  asOf: Day,
  o: ImpactOptions,
  paths: LedgerPaths,
  given: ReturnType<typeof optionValues>,
  config: Config,
  ctx: Context,
  lang: Lang,
): Promise<FromLedger> {
  const bounds = resolveBuckets(o.buckets, config);
  const loadOptions = ledgerLoadOptions(o, config, ctx, lang);
  const loaded = await loadLedger(paths, config, loadOptions);
  const { ledger } = loaded;
  const allocation = allocateLedger(ledger, asOf, { onProgress: loadOptions.progress.stage(PHASES[lang].allocation) });
  loadOptions.progress.done();
  const problems = uniqueProblems(ledgerProblems(loaded, allocation).map((p) => formatProblem(p, lang)));
  let unpaid = given.unpaid;
  let currency = o.currency ?? config.currency ?? 'EUR';
  let portfolio: ImpactView['portfolio'] = null;
  if (invoice !== undefined) {
    const row = ledger.invoiceRow(invoice);
    if (row < 0 || ledger.invoiceIssue[row]! > asOf) {
      // A credit note's number: said as such, not as an unknown invoice.
      const note = creditNoteRow(ledger, invoice, asOf);
      if (note >= 0) {
        const c = ledger.invoice(note);
        throw new InputError('impact_credit_note', { value: c.number, amount: formatCentsPlain(-c.amount), currency: c.currency });
      }
      throw new InputError('invoice_not_found', { value: invoice });
    }
    // An invoice in installments: what is open of all of them (§1.12).
    const open = rowsOfInvoice(ledger, row).reduce((sum, r) => sum + allocation.arrays.debitOpen[r]!, 0);
    if (open <= 0) throw new InputError('invoice_not_open', { value: invoice, date: o.asOf ?? '' });
    unpaid = cents(open);
    currency = ledger.accountCurrency[ledger.invoiceAccount[row]!]!;
  }
  if (o.portfolio) {
    const aged = ageOpenItems(allocation, { bounds, basis: resolveBasis(undefined, config) });
    const rates = o.fromHistory ? lossRatesFromHistory(aged, currency) : lossRatesOf(config, aged.buckets);
    const ecl = expectedCreditLoss(aged, currency, rates);
    portfolio = { lines: ecl.lines, buckets: aged.buckets, fromHistory: o.fromHistory === true };
    unpaid = ecl.total;
  }
  let revenue = given.revenue;
  if (revenue === null) {
    // The ledger's sales (TTC) of the 12 months up to D, taken off VAT at the known rate, else the country's.
    const from = addDays(addMonths(asOf, -12), 1);
    const sales = salesBetween(ledger, currency, from, asOf);
    if (sales <= 0) throw new UsageError('no_ledger_revenue', { currency, date: isoFromDay(asOf) });
    const known = o.vat === true ? given.configVat : (given.vat ?? given.configVat);
    const rate = known ?? STANDARD_VAT[countryOf(config)];
    revenue = { cents: mulDivRound(sales, rate.den, rate.den + rate.num), source: 'ledger', from, to: asOf, vatRate: rateToNumber(rate), vatAssumed: known === null, country: countryOf(config) };
  }
  return { unpaid, currency, portfolio, revenue, problems };
}

/** `ar impact`: what an unpaid invoice (or the whole aged balance) costs in revenue and margin (docs/accounting.md §7, §8). */
export async function impactCommand(invoice: string | undefined, o: ImpactOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format;
  if (o.csv !== undefined && format !== 'csv') throw new UsageError('needs_csv_format', { option: '--csv' });
  const given = optionValues(o, config, countryOf(config));
  const { vat, insured, deductible, recovery, costOfCredit } = given;
  let { revenue, unpaid, margin } = given;
  let currency = o.currency ?? config.currency ?? 'EUR';
  let portfolio: ImpactView['portfolio'] = null;
  let problems: FormattedProblem[] = [];

  // R is the ledger's whenever there is a ledger (docs/accounting.md §7.2); the config's `revenue` only stands in without one.
  const paths = resolvePaths([], o, config);
  if (invoice !== undefined || o.portfolio === true || (revenue === null && paths !== null)) {
    if (paths === null) throw new UsageError('impact_no_ledger');
    ({ unpaid, currency, portfolio, revenue, problems } = await fromLedger(invoice, asOf, o, paths, given, config, ctx, lang));
  }
  if (revenue === null && config.revenue !== undefined) revenue = { ...NO_LEDGER_REVENUE, cents: centsFromUnits(config.revenue), source: 'config' };

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
      { unpaid, revenue: revenueFromConfig ? null : (revenue?.cents ?? null), margin: marginFromConfig ? null : margin },
      { revenue: configRevenue, margin: configMargin },
      lang,
    );
    unpaid = answers.unpaid;
    if (revenue === null || revenueFromConfig) revenue = { ...NO_LEDGER_REVENUE, cents: answers.revenue, source: answers.revenue === configRevenue ? 'config' : 'prompt' };
    margin = answers.margin;
  }

  const result = unpaidInvoiceImpact({
    unpaid: unpaid!,
    revenue: revenue!.cents,
    margin: margin!,
    vat,
    insured,
    deductible,
    recovery,
    costOfCredit,
    daysLate: o.daysLate !== undefined ? Number(o.daysLate) : null,
  });
  if (typeof result === 'string') {
    if (result === 'unpaid_not_positive' && portfolio) throw new InputError('nothing_at_risk');
    throw new UsageError(result);
  }
  const view: ImpactView = {
    impact: result,
    currency,
    invoice: invoice ?? null,
    portfolio,
    revenue: revenue!,
    vatGiven: vat !== null,
    waiting: costOfCredit !== null && o.daysLate !== undefined ? { days: Number(o.daysLate), rate: rateToNumber(costOfCredit) } : null,
    problems,
  };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(impactJson(view), null, 2)}\n`);
  else if (format === 'csv') ctx.stdout.write(impactCsv(view, resolveCsvDialect(o.csv, lang), lang));
  else ctx.stdout.write(forTerminal(ctx, impactText(view, lang, await paintFor(ctx), outputWidth(ctx))));
  await reportProblems(problems, o, ctx, lang, { carried: format === 'json' });
  return 0;
}

const NO_LEDGER_REVENUE = { from: null, to: null, vatRate: null, vatAssumed: false, country: null } as const;

/** The row of a credit note with this number issued by the date, else -1 (looked for only when no invoice has it). */
function creditNoteRow(ledger: Ledger, number: string, asOf: number): number {
  const key = referenceKey(number);
  for (let i = 0; i < ledger.invoiceCount; i++) {
    if (ledger.invoiceIssue[i]! > asOf || referenceKey(ledger.invoiceNumber.at(i)) !== key) continue;
    if (ledger.invoice(i).isCreditNote) return i;
  }
  return -1;
}
