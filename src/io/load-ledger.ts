import { basename } from 'node:path';
import { referenceKey } from '../core/compare.ts';
import { parseTerms, type Terms } from '../core/terms.ts';
import {
  addPaidColumns, addPaymentRows, importCustomers, importInvoices, importPayments, MissingColumnsError, paymentsCount,
  type ImportCount, type PaymentRows,
} from '../core/import/ledger.ts';
import { leadingZeroWarnings, type Seen } from '../core/import/excel-damage.ts';
import type { LedgerKind } from '../core/import/headers.ts';
import type { DateOrder } from '../core/import/dates-text.ts';
import type { Customer, Invoice, Payment, Problem } from '../core/types.ts';
import type { UnidentifiedReceipt } from '../core/import/bank.ts';
import { importFec, isFecHeader } from '../core/import/fec.ts';
import { LedgerBuilder, withDisputes, type JournalDispute, type Ledger } from '../core/ledger.ts';
import { InputError, UsageError } from '../errors.ts';
import type { Lang } from '../model/lang.ts';
import type { Config } from './config.ts';
import { existsSync } from '../fs.ts';
import type { Progress } from './progress.ts';
import { findOtherSheet, readTable, splitSheet } from './read-table.ts';
import { csvTableSoon } from './csv-soon.ts';
import { readPaymentsSource } from './read-bank.ts';
import { isEInvoicePath } from './einvoice-source.ts';
import { headRows, type Table } from '../core/import/table.ts';

export interface LedgerPaths {
  readonly invoices: string;
  /** Every invoices path when several were given (e-invoices: `ar aging a.xml b.pdf`); `invoices` is the first. */
  readonly invoiceFiles?: readonly string[] | undefined;
  readonly payments?: string | undefined;
  readonly customers?: string | undefined;
}

/** The ledgers, imported and reconciled, ready for the core. */
export interface LoadedLedger {
  /** Invoices, credit notes and payments in columns, with the journal's disputes. */
  readonly ledger: Ledger;
  /** The customers file, by the ledger's spelling of each id (ids match ignoring case and spaces). */
  readonly customers: Map<string, Customer>;
  readonly counts: { invoices: ImportCount; payments: ImportCount | null; customers: ImportCount | null };
  /** Rejected rows (errors) and warnings, in file order. */
  readonly problems: Problem[];
  readonly paths: LedgerPaths;
  /** Bank credits (a bank statement given as payments) that match no customer; empty otherwise. */
  readonly unidentified: UnidentifiedReceipt[];
  /** The name of a customer: the customers file's, else the ledgers'. */
  nameOf(customerId: string): string | null;
}

export interface LoadOptions {
  readonly skipInvalid: boolean;
  readonly lang: Lang;
  readonly progress?: Progress;
  /** The order of day and month the user told (`--date-order`, else `dateOrder` in the config). */
  readonly dateOrder?: DateOrder;
  /** The journal to read the disputes of (docs/accounting.md §1.3), when it exists. */
  readonly journal?: string;
  /** Run before anything is read, with the paths: the check that no output of the run is one of them. */
  readonly beforeReading?: (paths: LedgerPaths, config: Config) => void;
}

function importTable<T>(table: Table, kind: LedgerKind, problems: Problem[], run: (table: Table) => T): T {
  for (const w of table.warnings ?? []) problems.push(w);
  try {
    return run(table);
  } catch (e) {
    if (e instanceof MissingColumnsError) {
      throw new InputError('missing_columns', {
        file: e.failure.file,
        kind,
        missing: e.failure.missing.join(','),
        found: e.failure.found.map((h) => `"${h}"`).join(', '),
      });
    }
    throw e;
  }
}

/**
 * Frees a CSV table's bytes and field offsets now (the import is done with them) rather than at the
 * next full garbage collection, which may come only after the next file is read: with a million rows,
 * the invoices file and its offsets (some 100 MB) would otherwise still be held while the payments file
 * is read, and the payments' while the allocation runs. Only buffers of their own are let go (a small
 * file's Buffer may share Node's pool with others).
 */
function releaseTable(table: Table): void {
  const b = table.bytes;
  if (!b) return;
  for (const a of [b.data, b.cells.fieldEnd, b.cells.rowFirst, b.cells.rowStart, b.cells.rowLine]) {
    const buffer = a.buffer as ArrayBuffer & { transfer?: (length: number) => ArrayBuffer };
    if (a.byteOffset !== 0 || buffer.byteLength < 1 << 20 || typeof buffer.transfer !== 'function') continue;
    try {
      buffer.transfer(0);
    } catch {
      // not detachable (Node's own pool): it is freed with the rest, later
    }
  }
}

/** True when another of the ledgers is a sheet of the same file (`ledger.xlsx#Factures`, `ledger.xlsx#Règlements`). */
function sharesWorkbook(paths: LedgerPaths, spec: string): boolean {
  const file = splitSheet(spec).path;
  return [paths.invoices, paths.payments, paths.customers].filter((p) => p !== undefined && splitSheet(p).path === file).length > 1;
}

/**
 * Rejected rows fail the load (exit 2, all of them listed) unless `skipInvalid`. `wholeFiles`: the files
 * whose problems reject the file as a whole (an e-invoice), counted as files, not rows.
 */
function failOnRejected(problems: readonly Problem[], options: { skipInvalid: boolean; lang: Lang }, wholeFiles: ReadonlySet<string> = new Set()): void {
  const rejected = problems.filter((p) => p.severity === 'error');
  if (rejected.length > 0 && !options.skipInvalid) {
    const whole = (p: Problem) => wholeFiles.has(p.file) || p.line === 0;
    const rows = new Set(rejected.filter((p) => !whole(p)).map((p) => `${p.file}:${p.line}`)).size;
    const files = new Set(rejected.filter(whole).map((p) => p.file)).size;
    throw new InputError('rows_rejected', { count: rows, files }, rejected, options.lang);
  }
}

/**
 * The one loader every command uses: customers first (their terms give missing due dates), then
 * invoices, then payments (a payment without a customer takes the customer of the invoice it names),
 * all into one `LedgerBuilder`, whatever their format; then the journal's disputes.
 * Rejected rows fail the load (exit 2, all of them listed) unless `skipInvalid`.
 */
export async function loadLedger(paths: LedgerPaths, config: Config, options: LoadOptions): Promise<LoadedLedger> {
  options.beforeReading?.(paths, config);
  const progress = options.progress;
  const onProgress = (path: string) => (progress ? { onProgress: progress.stage(basename(path)) } : {});
  const problems: Problem[] = [];
  const defaultTerms: Terms | undefined = config.defaultTerms !== undefined ? parseTerms(config.defaultTerms) ?? undefined : undefined;
  const dateOrder = options.dateOrder ?? config.dateOrder;
  const common = {
    defaultCurrency: config.currency ?? 'EUR',
    ...(defaultTerms ? { defaultTerms } : {}),
    ...(config.endOfMonthRule ? { endOfMonthRule: config.endOfMonthRule } : {}),
    ...(dateOrder ? { dateOrder } : {}),
  };
  const builder = new LedgerBuilder({ defaultCurrency: common.defaultCurrency });

  // A big payments file is read, cut into fields and read as payments on the second core while this one reads the rest.
  const soon = paths.payments !== undefined
    ? csvTableSoon(paths.payments, { payments: { ...common, mapping: config.columns?.payments ?? {}, mapped: config.columns?.payments !== undefined } })
    : null;
  try {
    let fileCustomers: Customer[] = [];
    let customersCount: ImportCount | null = null;
    if (paths.customers) {
      const table = await readTable(paths.customers, 'customers', { wholeWorkbook: sharesWorkbook(paths, paths.customers) });
      const r = importTable(table, 'customers', problems, (t) => importCustomers(t, { ...common, ...onProgress(paths.customers!), mapping: config.columns?.customers ?? {} }));
      fileCustomers = r.records;
      customersCount = r.count;
      for (const x of r.problems) problems.push(x);
    }
    const termsByKey = new Map<string, Terms>();
    for (const c of fileCustomers) {
      const t = c.terms ? parseTerms(c.terms) : null;
      if (t) termsByKey.set(referenceKey(c.id), t);
    }
    const termsOf = (id: string): Terms | null => termsByKey.get(referenceKey(id)) ?? null;

    // Invoices: e-invoices, a FEC, or a ledger table.
    let invoicesCount: ImportCount;
    let fec = false;
    let paymentRows: PaymentRows | null = null;
    let recordPayments: Payment[] = [];
    let recordCount: ImportCount | null = null;
    let dateOrderSeen: DateOrder | null = null;
    const einvoices = await readEInvoicesIfAny(paths, { ...common, termsOf });
    let invoicesTable: Table | null = null;
    if (einvoices !== null) {
      for (const inv of einvoices.records) builder.addInvoice(inv);
      for (const x of einvoices.problems) problems.push(x);
      invoicesCount = einvoices.count;
      recordPayments = einvoices.payments;
      recordCount = einvoices.paymentsCount;
    } else {
      // A workbook given alone is read whole: its payments sheet is looked for next.
      const table = await readTable(paths.invoices, 'invoices', { wholeWorkbook: sharesWorkbook(paths, paths.invoices) || paths.payments === undefined });
      invoicesTable = table;
      if (isFecHeader(headRows(table, 5).find((r) => r.some((c) => c !== null && c !== '')) ?? [])) {
        fec = true;
        const r = importTable(table, 'invoices', problems, (t) => importFec(t, { ...common, termsOf }));
        for (const inv of r.records) builder.addInvoice(inv);
        for (const x of r.problems) problems.push(x);
        invoicesCount = r.count;
        recordPayments = r.payments;
        recordCount = r.paymentsCount;
      } else {
        const r = importTable(table, 'invoices', problems, (t) => importInvoices(t, builder, { ...common, ...onProgress(paths.invoices), mapping: config.columns?.invoices ?? {}, termsOf }));
        for (const x of r.problems) problems.push(x);
        invoicesCount = r.count;
        dateOrderSeen = r.dateOrder;
        if (r.paid !== null) paymentRows = addPaidColumns(r.paid, builder, problems);
      }
      releaseTable(table);
    }
    builder.seal();
    const recordFrom = builder.paymentCount;
    for (const p of recordPayments) builder.addPayment(p);
    if (recordPayments.length > 0 && paymentRows === null) {
      paymentRows = { file: recordCount?.file ?? basename(paths.invoices), from: recordFrom, to: builder.paymentCount, read: recordPayments.length, rejected: 0, ignored: 0, rejectedAmounts: {} };
    }

    // Payments: a ledger table, a bank statement, or — for a workbook given alone — its payments sheet.
    let paymentsSpec = paths.payments;
    if (paymentsSpec === undefined && invoicesTable !== null && !fec) {
      const other = await findOtherSheet(paths.invoices, 'payments', invoicesTable.file);
      if (other !== null) {
        paymentsSpec = `${splitSheet(paths.invoices).path}#${other}`;
        problems.push({ severity: 'warning', code: 'payments_sheet_used', file: invoicesTable.file.replace(/#.*$/, ''), line: 0, value: other });
      }
    }
    const unidentified: UnidentifiedReceipt[] = [];
    let bankCount: ImportCount | null = null;
    if (paymentsSpec !== undefined) {
      // A FEC already holds its payments.
      if (fec) throw new UsageError('fec_with_payments', { file: paymentsSpec });
      const source = await readPaymentsSource(paymentsSpec, config.columns?.payments !== undefined, common.defaultCurrency, soon);
      if (source.kind === 'bank') {
        const { matchBankTransactions } = await import('../core/import/bank.ts');
        const ledgerSoFar = builder;
        const invoices: Invoice[] = [];
        for (let i = 0; i < ledgerSoFar.invoiceCount; i++) invoices.push(ledgerSoFar.invoiceRecord(i));
        const m = matchBankTransactions(source.statement, invoices, customersByLedgerSpelling(fileCustomers, builder), common.defaultCurrency);
        const from = builder.paymentCount;
        for (const x of m.payments) builder.addPayment(x);
        for (const x of m.unidentified) unidentified.push(x);
        bankCount = m.count;
        paymentRows = { file: m.count.file, from, to: builder.paymentCount, read: 0, rejected: 0, ignored: 0, rejectedAmounts: {} };
        for (const x of m.problems) problems.push(x);
      } else {
        const options = { ...common, ...onProgress(paymentsSpec!), mapping: config.columns?.payments ?? {}, hint: dateOrderSeen };
        // Rows read on the second core stand, unless the invoices settled an order of day and month their own dates left to the locale.
        const early = source.rows;
        const usable = early !== null && !(early.dateOrder.assumedWithAmbiguous && dateOrderSeen !== null && dateOrderSeen !== early.dateOrder.order);
        const r = importTable(source.table, 'payments', problems, (t) =>
          usable ? addPaymentRows(early, t.bytes?.data ?? null, builder, options) : importPayments(t, builder, options),
        );
        releaseTable(source.table);
        paymentRows = r.rows;
        for (const x of r.problems) problems.push(x);
      }
    }

    const built = builder.finish();
    for (const x of builder.problems) problems.push(x);
    let ledger = built;

    // E-invoices' lifecycle statuses 212 and a payments source that both say an invoice was paid.
    if (paymentsSpec !== undefined && recordPayments.some((p) => p.method === 'CDV 212')) {
      const { cashedTwice } = await import('../core/import/einvoice.ts');
      const others: Payment[] = [];
      for (let q = recordFrom + recordPayments.length; q < ledger.paymentCount; q++) others.push(ledger.payment(q));
      for (const w of cashedTwice(recordPayments.filter((p) => p.method === 'CDV 212'), others)) problems.push(w);
    }

    // Codes that Excel turned into numbers on the way (0042 → 42): said, never merged on a guess.
    for (const w of leadingZeroWarnings(sightings(ledger, fileCustomers))) problems.push(w);

    // The customers file and the ledgers: ids match ignoring case and spaces; what matches nothing is said.
    const customers = matchCustomers(ledger, fileCustomers, paths.customers !== undefined, problems);

    // Disputes recorded with `ar dispute` count as the ledger's status (docs/accounting.md §1.3).
    if (options.journal !== undefined && existsSync(options.journal)) {
      const { Journal } = await import('./journal.ts');
      const j = Journal.open(options.journal);
      let disputes: JournalDispute[];
      try {
        disputes = j.disputeIntervals();
      } finally {
        j.close();
      }
      const r = withDisputes(ledger, disputes);
      ledger = r.ledger;
      for (const d of r.unknown) problems.push({ severity: 'warning', code: 'dispute_unknown_invoice', file: basename(options.journal), line: 0, value: d.invoice });
    }

    let paymentsCountOut: ImportCount | null = null;
    if (bankCount !== null && paymentRows !== null) paymentsCountOut = bankCountOf(bankCount, paymentsCount(ledger, paymentRows));
    else if (paymentRows !== null) paymentsCountOut = paymentsCount(ledger, paymentRows);
    progress?.done();
    failOnRejected(problems, options, new Set(einvoices?.problems.map((p) => p.file) ?? []));
    return {
      ledger,
      customers,
      counts: { invoices: invoicesCount, payments: paymentsCountOut, customers: customersCount },
      problems,
      paths,
      unidentified,
      nameOf: (id) => customers.get(id)?.name ?? ledger.customerNames[ledger.customerIndex(id)] ?? null,
    };
  } finally {
    soon?.cancel();
  }
}

/**
 * A bank statement's count with its matched credits in the currencies the ledger gave them (a line
 * without a currency takes that of the invoices it pays, decided once the ledger is finished).
 */
function bankCountOf(bank: ImportCount, used: ImportCount): ImportCount {
  const read: Record<string, number> = {};
  const add = (sums: Record<string, number> | undefined) => {
    for (const [c, v] of Object.entries(sums ?? {})) read[c] = (read[c] ?? 0) + v;
  };
  add(used.amounts.used);
  add(bank.amounts.unidentified);
  add(bank.amounts.rejected);
  return { ...bank, amounts: { ...bank.amounts, read, used: used.amounts.used } };
}

/** The customers file keyed by the ledger's spelling of each id. */
function customersByLedgerSpelling(fileCustomers: readonly Customer[], builder: LedgerBuilder): Map<string, Customer> {
  const out = new Map<string, Customer>();
  for (const c of fileCustomers) {
    const k = builder.customerKeys.findText(c.id);
    out.set(k >= 0 ? builder.customerIds[k]! : c.id, c);
  }
  return out;
}

/**
 * Matches the customers file to the ledger's customers, ids ignoring case and surrounding spaces (as
 * references, docs/accounting.md §9.1), keyed by the ledger's spelling; warns once, with a count and
 * the first few, of the file's customers the ledgers never name and of the ledgers' customers the file
 * lacks.
 */
function matchCustomers(ledger: Ledger, fileCustomers: readonly Customer[], given: boolean, problems: Problem[]): Map<string, Customer> {
  const out = new Map<string, Customer>();
  const unmatched: Customer[] = [];
  const found = new Uint8Array(ledger.customerIds.length);
  for (const c of fileCustomers) {
    const k = ledger.customerIndex(c.id);
    if (k < 0) {
      unmatched.push(c);
      out.set(c.id, c);
      continue;
    }
    found[k] = 1;
    out.set(ledger.customerIds[k]!, c.id === ledger.customerIds[k] ? c : { ...c, id: ledger.customerIds[k]! });
  }
  if (!given) return out;
  if (unmatched.length > 0) {
    const first = unmatched[0]!;
    problems.push({
      severity: 'warning', code: 'customers_not_in_ledger', file: first.file, line: first.line,
      params: { count: unmatched.length, first: unmatched.slice(0, 5).map((c) => c.id).join(', ') },
    });
  }
  const missing: string[] = [];
  for (let k = 0; k < found.length; k++) if (!found[k]) missing.push(ledger.customerIds[k]!);
  if (missing.length > 0 && fileCustomers.length > 0) {
    problems.push({
      severity: 'warning', code: 'customers_missing_from_file', file: fileCustomers[0]!.file, line: 0,
      params: { count: missing.length, first: missing.slice(0, 5).join(', ') },
    });
  }
  return out;
}

/** Where the ledgers' identifiers were met, for the warnings of excel-damage.ts. */
function sightings(ledger: Ledger, fileCustomers: readonly Customer[]) {
  const n = ledger.invoiceCount;
  const m = ledger.paymentCount;
  return {
    customers: (function* (): Generator<Seen> {
      for (const c of fileCustomers) yield { id: c.id, file: c.file, line: c.line };
      // The first row of each customer, invoices then payments.
      const seen = new Uint8Array(ledger.customerIds.length);
      for (let i = 0; i < n; i++) {
        const k = ledger.invoiceCustomer[i]!;
        if (seen[k]) continue;
        seen[k] = 1;
        const s = ledger.invoiceSource(i);
        yield { id: ledger.customerIds[k]!, file: s.file, line: s.line };
      }
      for (let q = 0; q < m; q++) {
        const k = ledger.paymentCustomer[q]!;
        if (k < 0 || seen[k]) continue;
        seen[k] = 1;
        const s = ledger.paymentSource(q);
        yield { id: ledger.customerIds[k]!, file: s.file, line: s.line };
      }
    })(),
    references: (function* (): Generator<Seen> {
      for (let q = 0; q < m; q++) {
        for (let r = ledger.referenceStart[q]!; r < ledger.referenceStart[q + 1]!; r++) {
          if (ledger.referenceTarget[r]! < 0) {
            const s = ledger.paymentSource(q);
            yield { id: ledger.referenceText('payment', r), file: s.file, line: s.line };
          }
        }
      }
      for (let i = 0; i < n; i++) {
        if (ledger.invoiceCredited[i] === -2) {
          const s = ledger.invoiceSource(i);
          yield { id: ledger.referenceText('credit_note', i), file: s.file, line: s.line };
        }
      }
    })(),
    invoiceNumbers: function* (): Generator<Seen> {
      for (let i = 0; i < n; i++) {
        if ((ledger.invoiceFlags[i]! & 1) !== 0) continue;
        const s = ledger.invoiceSource(i);
        yield { id: ledger.invoiceNumber.at(i), file: s.file, line: s.line };
      }
    },
  };
}

// ── E-invoices (UBL, CII, Factur-X) ────────────────────────────────────────────────────────────────
/**
 * A folder, `.xml` or `.pdf` files are read as e-invoices (`src/io/read-einvoice.ts`, loaded only
 * then); null for a ledger table. Several paths must all be e-invoices.
 */
async function readEInvoicesIfAny(
  paths: LedgerPaths,
  options: { defaultTerms?: Terms; endOfMonthRule?: Config['endOfMonthRule']; termsOf: (id: string) => Terms | null },
): Promise<{ records: Invoice[]; payments: Payment[]; count: ImportCount; paymentsCount: ImportCount | null; problems: Problem[] } | null> {
  const specs = paths.invoiceFiles ?? [paths.invoices];
  const kinds = await Promise.all(specs.map((p) => isEInvoicePath(p)));
  if (!kinds.some(Boolean) && specs.length === 1) return null;
  const other = specs.find((_, i) => !kinds[i]);
  if (other !== undefined) throw new InputError('einvoices_mixed', { file: other });
  const { readEInvoices } = await import('./read-einvoice.ts');
  return readEInvoices(specs, {
    termsOf: options.termsOf,
    ...(options.defaultTerms ? { defaultTerms: options.defaultTerms } : {}),
    ...(options.endOfMonthRule ? { endOfMonthRule: options.endOfMonthRule } : {}),
  });
}
