import { existsSync } from '../fs.ts';
import { ageOpenItems } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { balanceCheck } from '../core/balance-check.ts';
import { assertReportPath, ledgerInputs } from '../io/outputs.ts';
import type { Context } from '../context.ts';
import type { AGING, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger } from '../io/load-ledger.ts';
import { journalPath } from '../io/config.ts';
import type { AgingReportInput } from '../render/aging-report.ts';
import { agingCsv } from '../render/aging-csv.ts';
import { agingJson } from '../render/aging-json.ts';
import { jsonChunks, writeChunks } from '../render/json-stream.ts';
import { agingTable, customerItemsTable } from '../render/aging-table.ts';
import { formatProblem } from '../render/messages.ts';
import {
  forTerminal, ledgerLoadOptions, paintFor, resolveAsOf, resolveBasis, resolveBuckets, resolveFormat, resolveLang, resolvePaths, type LedgerOptions,
} from './common.ts';

/** The options of `ar aging`, as declared in src/program.ts. */
export type AgingOptions = OptionsOf<typeof AGING.options>;

/** `ar aging`: load the ledgers, allocate, age, render. */
export async function agingCommand(file: string | readonly string[] | undefined, o: AgingOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const basis = resolveBasis(o.basis, config);
  const bounds = resolveBuckets(o.buckets, config);
  const format = resolveFormat(o.format);
  const paths = resolvePaths(file, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  // Nothing written over an input, checked before anything is read.
  if (o.xlsx !== undefined) assertReportPath(o.xlsx, ledgerInputs(paths, config, ctx.cwd), ctx.cwd);

  const loaded = await loadLedger(paths, config, ledgerLoadOptions(o, config, ctx, lang));
  const ledger = loaded.ledger;
  const allocation = allocateLedger(ledger, asOf);
  const aged = ageOpenItems(allocation, { bounds, basis });

  const problems = [...loaded.problems, ...allocation.warnings, ...balanceCheck(allocation)].map((p) => formatProblem(p, lang));
  // The last contact per customer, from the journal of ar remind when there is one.
  const jpath = journalPath(o.journal, config, ctx.cwd);
  let lastContacts: Map<string, string> | null = null;
  if (existsSync(jpath)) {
    const { Journal } = await import('../io/journal.ts');
    const j = Journal.open(jpath);
    try {
      lastContacts = j.lastContacts(asOf);
    } finally {
      j.close();
    }
  }
  let input: AgingReportInput = {
    aged, lang, ledgers: [...(paths.invoiceFiles ?? [paths.invoices]), paths.payments, paths.customers].filter((p): p is string => p !== undefined),
    customerName: loaded.nameOf,
    imports: loaded.counts,
    problems,
    ...(lastContacts ? { lastContact: (id: string) => lastContacts.get(id) ?? null } : {}),
    // Bank credits that match no customer (a bank statement as payments), as of the date (§2).
    unidentified: loaded.unidentified.filter((r) => r.date <= asOf),
  };

  if (o.xlsx !== undefined) {
    const { writeAgingReport } = await import('../io/xlsx-report.ts');
    const { paymentBehaviour } = await import('../core/behaviour.ts');
    const { dsoFigures, dsoTrend } = await import('../core/dso.ts');
    const { expectedCreditLoss } = await import('../core/impact.ts');
    const { lossRatesOf } = await import('./rates.ts');
    // The report also carries the analyses: DSO and its trend, customer risk, the provision matrix.
    const period = typeof config.dsoPeriod === 'number' ? config.dsoPeriod : 90;
    const dso = dsoFigures(ledger, asOf, period);
    // The same rates as `ar impact --portfolio`, for the bucket bounds in use.
    const rates = lossRatesOf(config, aged.buckets);
    input = {
      ...input,
      analyses: {
        dso,
        trend: dsoTrend(ledger, asOf, period, dso.map((f) => f.currency)),
        sectorDso: typeof config.sectorDso === 'number' ? config.sectorDso : null,
        risk: paymentBehaviour(allocation, aged, loaded.customers),
        provision: aged.currencies.map((c) => ({ currency: c.currency, ...expectedCreditLoss(aged, c.currency, rates) })),
      },
    };
    try {
      await writeAgingReport(o.xlsx, input, typeof config.reportTemplate === 'string' ? { templatePath: config.reportTemplate } : {});
    } catch (e) {
      throw new InputError('write_failed', { file: o.xlsx, detail: (e as Error).message });
    }
  }

  if (format === 'json') {
    writeChunks(jsonChunks(agingJson(input)), (s) => ctx.stdout.write(s));
    ctx.stdout.write('\n');
    return 0;
  }
  if (format === 'csv') {
    ctx.stdout.write(agingCsv(input));
    return 0;
  }
  const paint = await paintFor(ctx);
  if (o.customer !== undefined) {
    const wanted = o.customer.trim();
    const found = aged.currencies.flatMap((c) => c.customers).filter((c) => c.customerId === wanted);
    if (found.length === 0) throw new UsageError('customer_not_found', { value: wanted });
    ctx.stdout.write(forTerminal(ctx, customerItemsTable(input, found, paint)));
  } else {
    ctx.stdout.write(forTerminal(ctx, agingTable(input, paint)));
  }
  // People see the problems too: rejected rows (with --skip-invalid) and warnings, on stderr.
  for (const p of problems) ctx.stderr.write(`${p.severity === 'error' ? paint.bad('✗') : paint.warn('!')} ${p.message}\n`);
  return 0;
}
