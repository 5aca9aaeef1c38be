import { existsSync } from '../fs.ts';
import { ageOpenItems } from '../core/aging.ts';
import { allocateLedger } from '../core/allocate.ts';
import { balanceCheck } from '../core/balance-check.ts';
import { assertReportPath, ledgerInputs } from '../io/outputs.ts';
import type { Context } from '../context.ts';
import type { AGING, OptionsOf } from '../program.ts';
import { InputError, UsageError } from '../errors.ts';
import { loadConfig } from '../io/config.ts';
import { loadLedger, type LoadedLedger } from '../io/load-ledger.ts';
import { journalPath } from '../io/config.ts';
import { agedForCustomer, type AgingReportInput } from '../render/aging-report.ts';
import { agingCsv, agingDetailCsv } from '../render/aging-csv.ts';
import { agingJson } from '../render/aging-json.ts';
import { jsonChunks, writeChunks } from '../render/json-stream.ts';
import { agingTable, customerItemsTable, owesNothingText } from '../render/aging-table.ts';
import { uniqueProblems } from '../render/problems.ts';
import { referenceKey } from '../core/compare.ts';
import { formatProblem } from '../render/messages.ts';
import {
  forTerminal, ledgerLoadOptions, PHASES, outputWidth, paintFor, reportProblems, resolveAsOf, resolveBasis, resolveBuckets, resolveCsvDialect, resolveLang,
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
  for (const [given, option] of [[o.detail, '--detail'], [o.csv, '--csv']] as const) {
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

  const problems = uniqueProblems([...loaded.problems, ...allocation.warnings, ...balanceCheck(allocation)].map((p) => formatProblem(p, lang)));
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
    // Bank credits that match no customer (a bank statement as payments), as of the date (§2); no one's, so not a customer's.
    unidentified: customer === null ? loaded.unidentified.filter((r) => r.date <= asOf) : [],
  };

  if (o.xlsx !== undefined) {
    const { writeWorkbook } = await import('../io/xlsx-report.ts');
    const { agingWorkbook } = await import('../render/aging-workbook.ts');
    const { paymentBehaviour } = await import('../core/behaviour.ts');
    const { dsoFigures, dsoTrend } = await import('../core/dso.ts');
    const { expectedCreditLoss } = await import('../core/impact.ts');
    const { lossRatesOf } = await import('./rates.ts');
    // The report also carries the analyses: DSO and its trend (of the whole ledger: not with --customer),
    // customer risk, the provision matrix.
    const period = config.dsoPeriod ?? 90;
    const dso = customer === null ? dsoFigures(ledger, asOf, period) : [];
    // The same rates as `ar impact --portfolio`, for the bucket bounds in use.
    const rates = lossRatesOf(config, aged.buckets);
    input = {
      ...input,
      analyses: {
        dso,
        trend: dso.length > 0 ? dsoTrend(ledger, asOf, period, dso.map((f) => f.currency), progress.stage(PHASES[lang].dsoHistory)) : [],
        sectorDso: config.sectorDso ?? null,
        risk: paymentBehaviour(allocation, agedAll, loaded.customers).filter((b) => customer === null || b.customerId === customer),
        provision: aged.currencies.map((c) => ({ currency: c.currency, ...expectedCreditLoss(aged, c.currency, rates) })),
      },
    };
    const firm = config.firm?.name;
    try {
      const workbook = agingWorkbook(input, { ...(firm !== undefined ? { firm } : {}), made: ctx.today });
      await writeWorkbook(o.xlsx, workbook, { ...(config.reportTemplate !== undefined ? { templatePath: config.reportTemplate } : {}), progress });
    } catch (e) {
      throw new InputError('write_failed', { file: o.xlsx, detail: (e as Error).message });
    }
  }

  const width = outputWidth(ctx);
  if (format === 'json') {
    writeChunks(jsonChunks(agingJson(input)), (s) => ctx.stdout.write(s));
    ctx.stdout.write('\n');
  } else if (format === 'csv') {
    const dialect = resolveCsvDialect(o.csv, lang);
    ctx.stdout.write(o.detail === true ? agingDetailCsv(input, dialect) : agingCsv(input, dialect));
  } else {
    const paint = await paintFor(ctx);
    if (customer === null) ctx.stdout.write(forTerminal(ctx, agingTable(input, paint, width)));
    else {
      const found = aged.currencies.flatMap((c) => c.customers);
      ctx.stdout.write(forTerminal(ctx, found.length === 0 ? owesNothingText(customer, input, paint, width) : customerItemsTable(input, found, paint, width)));
    }
  }
  // People see the problems too: rejected rows (with --skip-invalid) and warnings, on stderr (the JSON holds them).
  await reportProblems(problems, o, ctx, lang, { carried: format === 'json' });
  return 0;
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
