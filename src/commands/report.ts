import { basename } from 'node:path';
import { type AgedBalance, ageOpenItems } from '../core/aging.ts';
import type { ArrayAllocation } from '../core/allocate-arrays.ts';
import { rowsOfInvoice, type Ledger } from '../core/ledger.ts';
import { allocateLedger } from '../core/allocate.ts';
import { paymentBehaviour, type CustomerBehaviour } from '../core/behaviour.ts';
import { referenceKey } from '../core/compare.ts';
import { addMonths, type Day, addDays } from '../core/dates.ts';
import { dsoFigures, dsoTrend, salesBetween } from '../core/dso.ts';
import { forecastReceipts } from '../core/forecast.ts';
import { expectedCreditLoss, unpaidInvoiceImpact } from '../core/impact.ts';
import { type Cents, mulDivRound, cents } from '../core/money.ts';
import { type Rate, rateToNumber } from '../core/rational.ts';
import type { Context } from '../context.ts';
import type { OptionsOf, REPORT } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { type JournalView, readJournalView } from '../io/journal-view.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { assertNotInput, inputsOf, ledgerInputs } from '../io/outputs.ts';
import { countryOf } from '../io/remind-config.ts';
import { formatProblem } from '../render/messages.ts';
import { reportHtml, type ReportCost, type ReportDispute, type ReportPromise, type TopDebtor } from '../render/report-html.ts';
import { ledgerProblems, ledgerLoadOptions, resolveAsOf, resolveLang, resolvePaths } from './common.ts';
import { provisionOf } from './forecast.ts';
import { STANDARD_VAT } from './impact.ts';
import { configRate } from './rates.ts';

/** The options of `ar report`, as declared in src/program.ts. */
export type ReportOptions = OptionsOf<typeof REPORT.options>;

/** The ten largest debtors of each currency, with their behaviour. */
function topDebtors(aged: AgedBalance, behaviour: readonly CustomerBehaviour[], nameOf: (id: string) => string | null): Map<string, TopDebtor[]> {
  const behaviourOf = new Map<string, CustomerBehaviour>(behaviour.map((b) => [`${b.currency}|${b.customerId}`, b]));
  const top = new Map<string, TopDebtor[]>();
  for (const cur of aged.currencies) {
    top.set(
      cur.currency,
      cur.customers
        .filter((c) => c.total > 0)
        .slice(0, 10)
        .map((c) => ({
          aging: c,
          behaviour: behaviourOf.get(`${cur.currency}|${c.customerId}`) ?? null,
          name: nameOf(c.customerId),
        })),
    );
  }
  return top;
}

/** What is open of an invoice issued by D, all its installments (§1.12); 0 for one issued later, or unknown. */
const openOf = (ledger: Ledger, arrays: ArrayAllocation, row: number, asOf: Day): Cents =>
  cents(row >= 0 && ledger.invoiceIssue[row]! <= asOf ? rowsOfInvoice(ledger, row).reduce((sum, r) => sum + arrays.debitOpen[r]!, 0) : 0);

/** The journal's disputes open on D (docs/accounting.md §1.3), with what is open of their invoices. */
function openDisputes(journal: JournalView, ledger: Ledger, arrays: ArrayAllocation, asOf: Day, nameOf: (id: string) => string | null): ReportDispute[] {
  return journal.disputes
    .filter((d) => d.from <= asOf && (d.to === null || d.to > asOf))
    .map((d) => {
      const row = ledger.invoiceRow(d.invoice);
      const known = row >= 0 && ledger.invoiceIssue[row]! <= asOf;
      const customerId = known ? ledger.customerIds[ledger.invoiceCustomer[row]!]! : null;
      return {
        invoice: d.invoice,
        customerId,
        name: customerId ? nameOf(customerId) : null,
        currency: known ? ledger.accountCurrency[ledger.invoiceAccount[row]!]! : null,
        open: known ? openOf(ledger, arrays, row, asOf) : null,
        since: d.from,
        reason: d.reason,
      };
    });
}

/** The promises recorded by D: running, or lapsed in the last month while something is still owed; an invoice's or a customer's. */
function recentPromises(journal: JournalView, ledger: Ledger, arrays: ArrayAllocation, aged: AgedBalance, asOf: Day, nameOf: (id: string) => string | null): ReportPromise[] {
  const openItems = new Set(aged.currencies.flatMap((c) => c.customers.flatMap((x) => x.items.map((i) => referenceKey(i.debit.number)))));
  return (
    journal.promises
      .filter((p) => (p.createdOn === null || p.createdOn <= asOf) && p.until >= addMonths(asOf, -1))
      .map((p): ReportPromise => {
        const row = p.invoice !== null ? ledger.invoiceRow(p.invoice) : -1;
        const asInvoice = p.target === 'invoice' || (p.target === null && p.invoice !== null && openItems.has(referenceKey(p.invoice)));
        if (asInvoice && row >= 0 && ledger.invoiceIssue[row]! <= asOf) {
          const customerId = ledger.customerIds[ledger.invoiceCustomer[row]!]!;
          return {
            target: p.invoice!,
            customerId,
            name: nameOf(customerId),
            until: p.until,
            amount: p.amount,
            currency: ledger.accountCurrency[ledger.invoiceAccount[row]!]!,
            open: openOf(ledger, arrays, row, asOf),
            running: p.until >= asOf,
          };
        }
        const id = p.customerId ?? p.invoice ?? '';
        const owed = aged.currencies.map((c) => ({ currency: c.currency, total: c.customers.find((x) => referenceKey(x.customerId) === referenceKey(id))?.total ?? cents(0) }));
        const main = owed.find((x) => x.total !== 0) ?? null;
        return {
          target: id,
          customerId: id,
          name: nameOf(id),
          until: p.until,
          amount: p.amount,
          currency: main?.currency ?? null,
          open: main === null ? null : cents(main.total),
          running: p.until >= asOf,
        };
      })
      // Lapsed promises matter while something is still owed.
      .filter((p) => p.running || (p.open ?? 0) > 0)
      .sort((a, b) => a.until - b.until)
  );
}

/** What over 90 days costs: the provision matrix's loss (docs/accounting.md §8), and `ar impact --portfolio`'s figures when a margin is set (§7). */
function costOver90(ledger: Ledger, aged: AgedBalance, rates: Record<string, number>, margin: Rate | null, vat: Rate, asOf: Day): ReportCost[] {
  const from = addDays(addMonths(asOf, -12), 1);
  return aged.currencies.map((cur): ReportCost => {
    const ecl = expectedCreditLoss(aged, cur.currency, rates);
    let over90 = 0;
    let over90Loss = 0;
    for (const l of ecl.lines) {
      const def = aged.buckets.find((b) => b.key === l.bucket)!;
      if ((def.from ?? 0) > 90) {
        over90 += l.open;
        over90Loss += l.expectedLoss;
      }
    }
    const sales = salesBetween(ledger, cur.currency, from, asOf);
    const revenue = sales > 0 ? mulDivRound(sales, vat.den, vat.den + vat.num) : cents(0);
    const impact = margin !== null && ecl.total > 0 && revenue > 0 ? unpaidInvoiceImpact({ unpaid: ecl.total, revenue, margin }) : null;
    return {
      currency: cur.currency,
      over90: cents(over90),
      over90Loss: cents(over90Loss),
      expectedLoss: ecl.total,
      impact: typeof impact === 'object' ? impact : null,
      revenueVatRate: revenue > 0 ? rateToNumber(vat) : null,
    };
  });
}

/** `ar report --html <file>`: the owner's report, one self-contained HTML file (docs/report.md). */
export async function reportCommand(files: readonly string[], o: ReportOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  if (o.html === undefined) throw new UsageError('report_needs_html');
  if (!/\.html$/i.test(o.html)) throw new UsageError('report_not_html', { option: '--html', file: o.html });
  const paths = resolvePaths(files, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  const loadOptions = ledgerLoadOptions(o, config, ctx, lang);
  assertNotInput('--html', o.html, [...ledgerInputs(paths, config, ctx.cwd), ...inputsOf([loadOptions.journal], ctx.cwd)], ctx.cwd);
  // Every rate of the config is checked before a ledger is read.
  const provision = provisionOf(config);
  const margin = configRate(config, 'margin', 'margin');
  const vat = configRate(config, 'vatRate', 'share') ?? STANDARD_VAT[countryOf(config)];

  const loaded = await loadLedger(paths, config, loadOptions);
  const { ledger } = loaded;
  const journal = await readJournalView(loadOptions.journal);
  const allocation = allocateLedger(ledger, asOf);
  const problems = ledgerProblems(loaded, allocation);
  const aged = ageOpenItems(allocation, { bounds: provision.bounds, basis: provision.basis });
  const behaviour = paymentBehaviour(allocation, aged, loaded.customers);
  const period = config.dsoPeriod ?? 90;
  const dso = dsoFigures(ledger, allocation.arrays, period);
  const trend = dsoTrend(
    ledger,
    asOf,
    period,
    dso.map((f) => f.currency),
  );
  const forecast = forecastReceipts(ledger, allocation.arrays, { weeks: 13, months: 3, promises: journal.promises, provision });

  const top = topDebtors(aged, behaviour, loaded.nameOf);
  const disputes = openDisputes(journal, ledger, allocation.arrays, asOf, loaded.nameOf);
  const promises = recentPromises(journal, ledger, allocation.arrays, aged, asOf, loaded.nameOf);
  const cost = costOver90(ledger, aged, provision.rates, margin, vat, asOf);

  const html = reportHtml({
    lang,
    asOf,
    firm: config.firm?.name ?? null,
    ledgers: [...(paths.invoiceFiles ?? [paths.invoices]), paths.payments, paths.customers].filter((p): p is string => p !== undefined).map((p) => basename(p)),
    aged,
    top,
    dso,
    trend,
    sectorDso: config.sectorDso ?? null,
    forecast,
    disputes,
    promises,
    cost,
    warnings: problems.length,
  });
  const { writeFile, rename } = await import('node:fs/promises');
  const { resolve } = await import('node:path');
  const target = resolve(ctx.cwd, o.html);
  // Written whole, then moved into place: a failure never leaves half a report under the name.
  const partial = `${target}.${process.pid}.part`;
  try {
    await writeFile(partial, html, 'utf8');
    await rename(partial, target);
  } catch (e) {
    throw new InputError('write_failed', { file: o.html, detail: (e as Error).message });
  }
  for (const p of problems) ctx.stderr.write(`! ${formatProblem(p, lang).message}\n`);
  ctx.stdout.write(lang === 'fr' ? `Rapport écrit : ${o.html} (${Math.ceil(Buffer.byteLength(html) / 1024)} Ko)\n` : `Report written: ${o.html} (${Math.ceil(Buffer.byteLength(html) / 1024)} KB)\n`);
  return 0;
}
