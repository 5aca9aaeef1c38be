import { existsSync } from '../fs.ts';
import { type AgedBalance, ageOpenItems } from '../core/aging.ts';
import { type Allocation, allocateLedger } from '../core/allocate.ts';
import type { Day } from '../core/dates.ts';
import type { Progress } from '../io/progress.ts';
import { assertReportPath, ledgerInputs } from '../io/outputs.ts';
import type { Context } from '../context.ts';
import type { AGING, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { type Config, loadConfig } from '../io/config.ts';
import { loadLedger, type LoadedLedger } from '../io/load-ledger.ts';
import { journalPath } from '../io/config.ts';
import { agedForCustomer, type AgingReportInput, type ReportAnalyses } from '../render/aging-report.ts';
import { agingCsv, agingDetailCsv } from '../render/aging-csv.ts';
import { agingJson } from '../render/aging-json.ts';
import { jsonChunks, writeChunks } from '../render/json-stream.ts';
import { agingTable, customerItemsTable, owesNothingText } from '../render/aging-table.ts';
import { uniqueProblems } from '../render/problems.ts';
import { referenceKey } from '../core/compare.ts';
import { formatProblem } from '../render/messages.ts';
import {
  ledgerProblems,
  forTerminal,
  ledgerLoadOptions,
  PHASES,
  outputWidth,
  paintFor,
  reportProblems,
  resolveAsOf,
  resolveBasis,
  resolveBuckets,
  resolveCsvDialect,
  resolveLang,
  resolvePaths,
} from './common.ts';

/** The options of `ar aging`, as declared in src/program.ts. */
export type AgingOptions = OptionsOf<typeof AGING.options>;

/** `ar aging`: load the ledgers, allocate, age, render. */
export async function agingCommand(files: readonly string[], o: AgingOptions, ctx: Context): Promise<number> {
  const config = loadConfig(o.config, ctx.cwd);
  const lang = resolveLang(o.lang, config, ctx.env);
  const asOf = resolveAsOf(o.asOf, ctx.today);
  const basis = resolveBasis(o.basis, config);
  const bounds = resolveBuckets(o.buckets, config);
  const format = o.format;
  for (const [given, option] of [
    [o.detail, '--detail'],
    [o.csv, '--csv'],
  ] as const) {
    if (given !== undefined && format !== 'csv') throw new UsageError('needs_csv_format', { option });
  }
  const paths = resolvePaths(files, o, config);
  if (paths === null) throw new UsageError('no_invoices');
  // Nothing written over an input, checked before anything is read.
  if (o.xlsx !== undefined) assertReportPath(o.xlsx, ledgerInputs(paths, config, ctx.cwd), ctx.cwd);

  const loadOptions = ledgerLoadOptions(o, config, ctx, lang);
  const progress = loadOptions.progress;
  const loaded = await loadLedger(paths, config, loadOptions);
  const ledger = loaded.ledger;
  const allocation = allocateLedger(ledger, asOf, { onProgress: progress.stage(PHASES[lang].allocation) });
  progress.done();
  const agedAll = ageOpenItems(allocation, { bounds, basis });
  // `--customer`, in every format: the id matched as the ledgers match ids (ignoring case and spaces).
  const customer = o.customer !== undefined ? customerOf(o.customer, loaded) : null;
  const aged = customer === null ? agedAll : agedForCustomer(agedAll, customer);

  const problems = uniqueProblems(ledgerProblems(loaded, allocation).map((p) => formatProblem(p, lang)));
  // The last contact per customer, from the journal of ar remind when there is one.
  const lastContacts = await lastContactsOf(journalPath(o.journal, config, ctx.cwd), asOf);
  const input: AgingReportInput = {
    aged,
    lang,
    ledgers: [...(paths.invoiceFiles ?? [paths.invoices]), paths.payments, paths.customers].filter((p): p is string => p !== undefined),
    customerName: loaded.nameOf,
    imports: loaded.counts,
    problems,
    ...(lastContacts ? { lastContact: (id: string) => lastContacts.get(id) ?? null } : {}),
    // Bank credits that match no customer (a bank statement as payments), as of the date (§2); no one's, so not a customer's.
    unidentified: customer === null ? loaded.unidentified.filter((r) => r.date <= asOf) : [],
  };

  if (o.xlsx !== undefined) await writeReport(o.xlsx, input, { allocation, agedAll, customer, customers: loaded.customers }, config, ctx, progress);
  await printAging(input, customer, o, ctx);
  // People see the problems too: rejected rows (with --skip-invalid) and warnings, on stderr (the JSON holds them).
  await reportProblems(problems, o, ctx, lang, { carried: format === 'json' });
  return 0;
}

/** The last contact with each customer as of D, from the journal of ar remind when there is one. */
async function lastContactsOf(path: string, asOf: Day): Promise<Map<string, string> | null> {
  if (!existsSync(path)) return null;
  const { Journal } = await import('../io/journal.ts');
  const j = Journal.open(path);
  try {
    return j.lastContacts(asOf);
  } finally {
    j.close();
  }
}

/**
 * The Excel report (`--xlsx`), with the analyses it also carries: DSO and its trend (of the whole
 * ledger: not with --customer), customer risk, the provision matrix at `ar impact --portfolio`'s rates.
 */
async function writeReport(
  file: string,
  input: AgingReportInput,
  run: { allocation: Allocation; agedAll: AgedBalance; customer: string | null; customers: LoadedLedger['customers'] },
  config: Config,
  ctx: Context,
  progress: Progress,
): Promise<void> {
  const { writeWorkbook } = await import('../io/xlsx-report.ts');
  const { agingWorkbook } = await import('../render/aging-workbook.ts');
  const { paymentBehaviour } = await import('../core/behaviour.ts');
  const { dsoFigures, dsoTrend } = await import('../core/dso.ts');
  const { expectedCreditLoss } = await import('../core/impact.ts');
  const { lossRatesOf } = await import('./rates.ts');
  const { aged, lang } = input;
  const { ledger, asOf } = run.allocation;
  const period = config.dsoPeriod ?? 90;
  const dso = run.customer === null ? dsoFigures(ledger, run.allocation.arrays, period) : [];
  const rates = lossRatesOf(config, aged.buckets);
  const analyses: ReportAnalyses = {
    dso,
    trend:
      dso.length > 0
        ? dsoTrend(
            ledger,
            asOf,
            period,
            dso.map((f) => f.currency),
            progress.stage(PHASES[lang].dsoHistory),
          )
        : [],
    sectorDso: config.sectorDso ?? null,
    risk: paymentBehaviour(run.allocation, run.agedAll, run.customers).filter((b) => run.customer === null || b.customerId === run.customer),
    provision: aged.currencies.map((c) => ({ currency: c.currency, ...expectedCreditLoss(aged, c.currency, rates) })),
  };
  const firm = config.firm?.name;
  try {
    const workbook = agingWorkbook({ ...input, analyses }, { ...(firm !== undefined ? { firm } : {}), made: ctx.today });
    await writeWorkbook(file, workbook, { ...(config.reportTemplate !== undefined ? { templatePath: config.reportTemplate } : {}), progress });
  } catch (e) {
    throw new InputError('write_failed', { file, detail: (e as Error).message });
  }
}

/** The aged balance on stdout: JSON, CSV (plain or detailed), or the table (a customer's items with --customer). */
async function printAging(input: AgingReportInput, customer: string | null, o: AgingOptions, ctx: Context): Promise<void> {
  if (o.format === 'json') {
    writeChunks(jsonChunks(agingJson(input)), (s) => ctx.stdout.write(s));
    ctx.stdout.write('\n');
    return;
  }
  if (o.format === 'csv') {
    const dialect = resolveCsvDialect(o.csv, input.lang);
    ctx.stdout.write(o.detail === true ? agingDetailCsv(input, dialect) : agingCsv(input, dialect));
    return;
  }
  const paint = await paintFor(ctx);
  const width = outputWidth(ctx);
  if (customer === null) ctx.stdout.write(forTerminal(ctx, agingTable(input, paint, width)));
  else {
    const found = input.aged.currencies.flatMap((c) => c.customers);
    ctx.stdout.write(forTerminal(ctx, found.length === 0 ? owesNothingText(customer, input, paint, width) : customerItemsTable(input, found, paint, width)));
  }
}

/** The ledgers' spelling of a customer id typed in any case; a customer of neither the ledgers nor the customers file is refused. */
function customerOf(typed: string, loaded: LoadedLedger): string {
  const wanted = typed.trim();
  const k = loaded.ledger.customerIndex(wanted);
  if (k >= 0) return loaded.ledger.customerIds[k]!;
  const key = referenceKey(wanted);
  for (const id of loaded.customers.keys()) if (referenceKey(id) === key) return id;
  throw new UsageError('customer_not_found', { value: wanted });
}
