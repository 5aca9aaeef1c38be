import { progressFor } from '../io/progress.ts';
import { ageOpenItems } from '../core/aging.ts';
import { allocatePayments } from '../core/allocate.ts';
import { referenceKey } from '../core/compare.ts';
import { addMonths } from '../core/dates.ts';
import { parseAmount } from '../core/import/amounts.ts';
import { DEFAULT_LOSS_RATES, expectedCreditLoss, lossRatesFromHistory, unpaidInvoiceImpact } from '../core/impact.ts';
import { mulDivRound, type Cents } from '../core/money.ts';
import { parseRate, rateFromNumber, type Rate } from '../core/rational.ts';
import type { Context } from '../context.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { impactJson, impactText, type ImpactView } from '../render/analyses.ts';
import { forTerminal, paintFor, resolveAsOf, resolveLang, resolvePaths, type LedgerOptions } from './common.ts';

export interface ImpactOptions extends LedgerOptions {
  readonly amount?: string;
  readonly revenue?: string;
  readonly margin?: string;
  readonly vat?: string | boolean;
  readonly insured?: string;
  readonly deductible?: string;
  readonly recovery?: string;
  readonly costOfCredit?: string;
  readonly daysLate?: string;
  readonly portfolio?: boolean;
  readonly fromHistory?: boolean;
  readonly currency?: string;
  readonly format?: string;
}

/** An amount typed on the command line: `12000`, `12 000,50`, `12,000.50`. */
export function cliAmount(option: string, text: string): Cents {
  const mark = /,\d{1,2}$/.test(text.trim()) ? ',' : '.';
  const r = parseAmount(text, mark);
  if (!r.ok) throw new UsageError('bad_amount', { option, value: text });
  return r.cents;
}

function cliRate(option: string, text: string): Rate {
  const r = parseRate(text);
  if (r === null) throw new UsageError('bad_rate', { option, value: text });
  return r;
}

function configRate(v: unknown): Rate | null {
  if (typeof v === 'number') return rateFromNumber(v);
  if (typeof v === 'string') return parseRate(v);
  return null;
}

/** `ar impact`: what an unpaid invoice (or the whole aged balance) costs in revenue and margin (SPEC 7, 8). */
export async function impactCommand(invoice: string | undefined, o: ImpactOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const format = o.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError('bad_choice', { option: '--format', value: format, choices: 'table, json' });
  let vat: Rate | null = null;
  if (o.vat !== undefined) vat = o.vat === true ? configRate(config.vatRate) ?? { num: 20n, den: 100n } : cliRate('--vat', String(o.vat));
  let margin = o.margin !== undefined ? cliRate('--margin', o.margin) : configRate(config.margin);
  let revenue: Cents | null = o.revenue !== undefined ? cliAmount('--revenue', o.revenue) : typeof config.revenue === 'number' ? Math.round(config.revenue * 100) : null;
  let unpaid: Cents | null = o.amount !== undefined ? cliAmount('--amount', o.amount) : null;
  let currency = o.currency ?? config.currency ?? 'EUR';
  let portfolio: ImpactView['portfolio'] = null;
  if (o.daysLate !== undefined && !/^\d+$/.test(o.daysLate)) throw new UsageError('bad_days', { option: '--days-late', value: o.daysLate });
  if ((o.costOfCredit === undefined) !== (o.daysLate === undefined)) throw new UsageError('cost_of_credit_pair');

  const needsLedger = invoice !== undefined || o.portfolio === true || (revenue === null && (o.invoices !== undefined || config.invoices !== undefined));
  if (needsLedger) {
    const paths = resolvePaths(undefined, o, config);
    if (paths === null) throw new UsageError('no_invoices');
    const ledger = await loadLedger(paths, config, { skipInvalid: o.skipInvalid ?? false, lang, progress: progressFor(ctx) });
    const allocation = allocatePayments(ledger.invoices, ledger.payments, asOf);
    if (invoice !== undefined) {
      const key = referenceKey(invoice);
      const debit = allocation.accounts.flatMap((a) => a.debits).find((x) => referenceKey(x.number) === key);
      if (!debit) throw new InputError('invoice_not_found', { value: invoice });
      if (debit.open <= 0) throw new InputError('invoice_not_open', { value: invoice, date: o.asOf ?? '' });
      unpaid = debit.open;
      currency = debit.currency;
    }
    if (o.portfolio) {
      const aged = ageOpenItems(allocation);
      const rates = o.fromHistory ? lossRatesFromHistory(aged, currency) : { ...DEFAULT_LOSS_RATES, ...((config.lossRates as Record<string, number> | undefined) ?? {}) };
      const ecl = expectedCreditLoss(aged, currency, rates);
      portfolio = { lines: ecl.lines, fromHistory: o.fromHistory === true };
      unpaid = ecl.total;
    }
    if (revenue === null) {
      // The ledger's last 12 months of sales, without VAT when a VAT rate is known.
      const from = addMonths(asOf, -12) + 1;
      let sales = 0;
      for (const inv of ledger.invoices) if (inv.currency === currency && inv.issueDate >= from && inv.issueDate <= asOf) sales += inv.amount;
      const rate = vat ?? configRate(config.vatRate);
      revenue = rate ? mulDivRound(sales, rate.den, rate.den + rate.num) : sales;
    }
  }

  const missing = [unpaid === null ? '--amount' : null, revenue === null ? '--revenue' : null, margin === null ? '--margin' : null].filter((x) => x !== null);
  if (missing.length > 0) {
    if (!(ctx.stdinIsTTY && ctx.stdout.isTTY)) throw new UsageError('missing_options', { options: missing.join(', ') });
    const { askImpactValues } = await import('./impact-prompt.ts');
    const answers = await askImpactValues({ unpaid, revenue, margin }, lang);
    unpaid = answers.unpaid;
    revenue = answers.revenue;
    margin = answers.margin;
  }

  const result = unpaidInvoiceImpact({
    unpaid: unpaid!, revenue: revenue!, margin: margin!, vat,
    insured: o.insured !== undefined ? cliRate('--insured', o.insured) : null,
    deductible: o.deductible !== undefined ? cliAmount('--deductible', o.deductible) : 0,
    recovery: o.recovery !== undefined ? cliRate('--recovery', o.recovery) : null,
    costOfCredit: o.costOfCredit !== undefined ? cliRate('--cost-of-credit', o.costOfCredit) : null,
    daysLate: o.daysLate !== undefined ? Number(o.daysLate) : null,
  });
  if (typeof result === 'string') {
    if (result === 'unpaid_not_positive' && portfolio) throw new InputError('nothing_at_risk');
    throw new UsageError(result);
  }
  const view: ImpactView = { impact: result, currency, invoice: invoice ?? null, portfolio };
  if (format === 'json') ctx.stdout.write(`${JSON.stringify(impactJson(view), null, 2)}\n`);
  else ctx.stdout.write(forTerminal(ctx, impactText(view, lang, await paintFor(ctx))));
  return 0;
}
