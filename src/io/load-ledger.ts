import { cents, formatCentsPlain } from '../core/money.ts';
import { CREDIT_NOTE, UNKNOWN_REFERENCE } from '../core/allocate-arrays.ts';
import { basename } from 'node:path';
import { byName, referenceKey } from '../core/compare.ts';
import { parseTerms, type Terms } from '../core/terms.ts';
import {
  addPaidColumns,
  addPaymentRows,
  importCustomers,
  importInvoices,
  importPayments,
  MissingColumnsError,
  paymentsCount,
  type BalancePaid,
  type PaidColumns,
  type StatusCheck,
  type ImportCount,
  type ImportOptions,
  type PaymentRows,
  type PaymentSign,
  type TermsLookup,
} from '../core/import/ledger.ts';
import { leadingZeroWarnings, type Seen } from '../core/import/excel-damage.ts';
import type { LedgerKind } from '../core/import/headers.ts';
import type { DateOrder } from '../core/import/dates-text.ts';
import type { Customer, Invoice, Payment, Problem } from '../core/types.ts';
import type { SaidPaid } from '../core/balance-check.ts';
import type { UnidentifiedReceipt } from '../core/import/bank.ts';
import { importFec, isFecHeader } from '../core/import/fec.ts';
import { LedgerBuilder, withDisputes, type JournalDispute, type Ledger } from '../core/ledger.ts';
import { InputError, UsageError } from '../errors.ts';
import type { Lang } from '../model/lang.ts';
import type { Config } from './config.ts';
import { existsSync } from '../fs.ts';
import type { Progress } from './progress.ts';
import { findOtherSheet, readTable, sameHeaderSheets, splitSheet, unreadSheets } from './read-table.ts';
import { type CsvSoon, csvTableSoon } from './csv-soon.ts';
import { readPaymentsSource } from './read-bank.ts';
import { isEInvoicePath } from './einvoice-source.ts';
import { headRows, linesWarning, type Table } from '../core/import/table.ts';

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
  /**
   * The invoices a status says paid, where something else says what was paid (payments, paid columns, balances):
   * checked against it as of D (docs/accounting.md §9.4).
   */
  readonly saidPaid: readonly SaidPaid[];
}

export interface LoadOptions {
  readonly skipInvalid: boolean;
  readonly lang: Lang;
  readonly progress?: Progress;
  /** The order of day and month the user told (`--date-order`, else `dateOrder` in the config). */
  readonly dateOrder?: DateOrder;
  /** How the payments file writes a payment, as the user told (`--payment-sign`, else `paymentSign` in the config). */
  readonly paymentSign?: PaymentSign;
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
  if (b) release([b.data, b.cells.fieldEnd, b.cells.rowFirst, b.cells.rowStart, ...(b.cells.rowLine ? [b.cells.rowLine] : [])]);
}

/** Gives the memory of arrays no longer needed back at once (their buffers detached), not at V8's next collection. */
function release(arrays: readonly ArrayBufferView[]): void {
  for (const a of arrays) {
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

/** What the readers of one load share: the options of every importer, the builder, the problems so far. */
interface Load {
  readonly paths: LedgerPaths;
  readonly config: Config;
  readonly common: ImportOptions & { readonly defaultCurrency: string; readonly dateOrder?: DateOrder; readonly paymentSign?: PaymentSign };
  readonly builder: LedgerBuilder;
  readonly problems: Problem[];
  readonly onProgress: (path: string) => { onProgress?: (done: number, total: number) => void };
}

/** The customers file (its terms give missing due dates), when one is given. */
async function readCustomers(load: Load): Promise<{ customers: Customer[]; count: ImportCount | null }> {
  const { paths, config } = load;
  if (!paths.customers) return { customers: [], count: null };
  const table = await readTable(paths.customers, 'customers', { wholeWorkbook: sharesWorkbook(paths, paths.customers) });
  const r = importTable(table, 'customers', load.problems, (t) => importCustomers(t, { ...load.common, ...load.onProgress(paths.customers!), mapping: config.columns?.customers ?? {} }));
  for (const x of r.problems) load.problems.push(x);
  return { customers: r.records, count: r.count };
}

/** What reading the invoices gave besides the invoices themselves (in the builder). */
interface InvoicesRead {
  readonly count: ImportCount;
  /** The invoices were a FEC: it holds the payments too. */
  readonly fec: boolean;
  /** The invoices' table (a ledger or a FEC; null for e-invoices): a workbook's other sheets are looked in for the payments. */
  readonly table: Table | null;
  /** Payments the invoices carried (a FEC's, e-invoices' lifecycle statuses 212), added after the invoices. */
  readonly payments: readonly Payment[];
  readonly paymentsCount: ImportCount | null;
  /** A one-sheet ledger's paid columns, as payment rows. */
  readonly paidRows: PaymentRows | null;
  /** What its balance column says was paid, read when no payments are given (docs/accounting.md §9.4). */
  readonly fromBalance: readonly BalancePaid[];
  /** What the statuses say was paid, of a table whose paid columns or balances say it: checked against what was paid. */
  readonly statusChecks: readonly StatusCheck[];
  /** The order of day and month the invoices' dates settled, for the payments. */
  readonly dateOrder: DateOrder | null;
  /** The e-invoice files rejected as a whole (counted as files, not rows). */
  readonly wholeFiles: ReadonlySet<string>;
  /** The names of the workbook's sheets read as the invoices (none for a file that is no workbook). */
  readonly sheets: readonly string[];
}

/** The invoices: e-invoices, a FEC, or a ledger table. */
async function readInvoices(load: Load, termsOf: TermsLookup): Promise<InvoicesRead> {
  const { paths, config, builder, problems } = load;
  const einvoices = await readEInvoicesIfAny(paths, { ...load.common, termsOf });
  if (einvoices !== null) {
    for (const inv of einvoices.records) builder.addInvoice(inv);
    for (const x of einvoices.problems) problems.push(x);
    return {
      count: einvoices.count,
      fec: false,
      table: null,
      payments: einvoices.payments,
      paymentsCount: einvoices.paymentsCount,
      paidRows: null,
      fromBalance: [],
      statusChecks: [],
      dateOrder: null,
      wholeFiles: new Set(einvoices.problems.map((p) => p.file)),
      sheets: [],
    };
  }
  // A workbook named without a sheet is read whole: its payments sheet is looked for next, and its other
  // sheets of invoices (a sheet per month).
  const whole = sharesWorkbook(paths, paths.invoices) || paths.payments === undefined || splitSheet(paths.invoices).sheet === null;
  const table = await readTable(paths.invoices, 'invoices', { wholeWorkbook: whole });
  try {
    if (isFecHeader(headRows(table, 5).find((r) => r.some((c) => c !== null && c !== '')) ?? [])) {
      const r = importTable(table, 'invoices', problems, (t) => importFec(t, { ...load.common, termsOf }));
      for (const inv of r.records) builder.addInvoice(inv);
      for (const x of r.problems) problems.push(x);
      return {
        count: r.count,
        fec: true,
        table,
        payments: r.payments,
        paymentsCount: r.paymentsCount,
        paidRows: null,
        fromBalance: [],
        statusChecks: [],
        dateOrder: null,
        wholeFiles: new Set(),
        sheets: [],
      };
    }
    const options = { ...load.common, ...load.onProgress(paths.invoices), mapping: config.columns?.invoices ?? {}, termsOf };
    const reads = [importTable(table, 'invoices', problems, (t) => importInvoices(t, builder, options))];
    // The workbook's other sheets with the same header are invoices too: each read as its own table, said.
    const more = splitSheet(paths.invoices).sheet === null ? sameHeaderSheets(paths.invoices, table, 'invoices') : [];
    // Its columns as the first sheet's were chosen: a sheet of one row (a month's first invoice) cannot tell a
    // general ledger's account from the customer by its values, nor should each sheet decide on its own.
    const same = { ...options, mapping: { ...reads[0]!.columns, ...options.mapping } };
    for (const spec of more) {
      const other = await readTable(spec, 'invoices', { wholeWorkbook: true });
      reads.push(importTable(other, 'invoices', problems, (t) => importInvoices(t, builder, same)));
    }
    if (more.length > 0)
      problems.push({ severity: 'warning', code: 'invoice_sheets_read', file: table.file.replace(/#.*$/, ''), line: 0, value: [table.file, ...more].map((x) => x.replace(/^.*#/, '')).join(', ') });
    for (const r of reads) for (const x of r.problems) problems.push(x);
    const file = [table.file, ...more.map((x) => `#${x.replace(/^.*#/, '')}`)].join(', ');
    // One-sheet ledgers' paid columns become payments once every sheet's invoices are in.
    const paidRows = mergeRows(
      reads.flatMap((r) => (r.paid !== null ? [addPaidColumns(r.paid, builder, problems)] : [])),
      file,
    );
    // An account statement's money received (a credit in a bank journal, a row typed as a payment).
    return {
      count:
        reads.length === 1
          ? reads[0]!.count
          : mergeCounts(
              reads.map((r) => r.count),
              file,
            ),
      fec: false,
      table,
      payments: reads.flatMap((r) => r.received),
      paymentsCount: null,
      paidRows,
      fromBalance: reads.flatMap((r) => (r.fromBalance !== null ? [r.fromBalance] : [])),
      statusChecks: reads.flatMap((r) => (r.statusCheck !== null ? [r.statusCheck] : [])),
      dateOrder: reads[0]!.dateOrder,
      wholeFiles: new Set(),
      sheets: [table.file, ...more].filter((x) => x.includes('#')).map((x) => x.replace(/^.*#/, '')),
    };
  } finally {
    releaseTable(table);
  }
}

/** The imports of several tables (a workbook's sheets of invoices) as one, under the name of them all. */
function mergeCounts(counts: readonly ImportCount[], file: string): ImportCount {
  const out: ImportCount = { file, read: 0, used: 0, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } };
  for (const c of counts) {
    out.read += c.read;
    out.used += c.used;
    out.rejected += c.rejected;
    out.ignored += c.ignored;
    for (const k of ['read', 'used', 'rejected'] as const) for (const [cur, v] of Object.entries(c.amounts[k])) out.amounts[k][cur] = cents((out.amounts[k][cur] ?? 0) + v);
  }
  return out;
}

/** Payment rows added one range after the other (each table's paid columns), as one range; null for none. */
function mergeRows(rows: readonly PaymentRows[], file: string): PaymentRows | null {
  if (rows.length <= 1) return rows[0] ?? null;
  return {
    file,
    from: rows[0]!.from,
    to: rows[rows.length - 1]!.to,
    read: rows.reduce((n, r) => n + r.read, 0),
    rejected: rows.reduce((n, r) => n + r.rejected, 0),
    ignored: rows.reduce((n, r) => n + r.ignored, 0),
    rejectedAmounts: {},
  };
}

/**
 * No payments given, and an invoices file with a balance column and no paid columns (an ERP's open items,
 * QuickBooks' A/R Aging Detail): each invoice's amount less its balance is what was paid of it, on a day
 * the file does not say (docs/accounting.md §9.4, §9.3), and the user is told. Not when a credit note's
 * balance is not its amount: what it was used against is not said, and applied again it would count twice;
 * the balances stay the ledger's check then, and the user is told why.
 */
function balanceAsPaid(tables: readonly BalancePaid[], builder: LedgerBuilder, problems: Problem[]): PaymentRows | null {
  // A credit note of any sheet may have been used against an invoice of another: none is read then.
  const used = tables.find((t) => t.creditNote !== null);
  if (used !== undefined) {
    const { paid, column, creditNote, by } = used;
    problems.push({ severity: 'warning', code: `${by}_not_read_as_paid`, file: paid.file, line: creditNote!.line, column, value: creditNote!.number });
    // Nor are the others read as paid: they count as owed in full, and no letter lists them either.
    for (const t of tables) for (const i of [...t.partly, ...saidPaidOf(t, builder).rows]) builder.markPaidUncounted(i);
    return null;
  }
  const rows: PaymentRows[] = [];
  const paidOf = tables.map((t) => saidPaidOf(t, builder));
  const usedElsewhere = creditedFirst(tables, paidOf, builder);
  for (let n = 0; n < tables.length; n++) {
    const t = tables[n]!;
    const { column, by } = t;
    if (t.partly.length > 0) problems.push(partlyPaidOwed(t.paid.file, t.partly, column, builder));
    for (const w of creditNotesUsed(t, usedElsewhere[n]!, builder)) problems.push(w);
    const paid = paidOf[n]!;
    if (paid.undated.length === 0) continue;
    rows.push(addPaidColumns(paid, builder, problems, linesWarning(`${by}_read_as_paid`, paid.file, paid.undated, column)));
  }
  return mergeRows(rows, rows.map((r) => r.file).join(', '));
}

/**
 * A used credit note that names its invoice (ERPNext's return, `Return Against`) was used against that invoice
 * first, up to what the invoice's balance or status says was paid of it: that part is the credit note applied to
 * its invoice on its own day (§3.1), no payment of a day the file does not say. The invoices' paid amounts are
 * lessened by it (in `paid`, a paid row of nothing left out). Returns, by table, the credit notes used against other
 * invoices too, those the file does not say, and what each then counts for (`left`, cents, zero or below).
 */
function creditedFirst(tables: readonly BalancePaid[], paid: PaidColumns[], builder: LedgerBuilder): { rows: number[]; left: number[] }[] {
  const paidAt = new Map<number, { n: number; k: number }>();
  paid.forEach((p, n) => p.rows.forEach((i, k) => paidAt.set(i, { n, k })));
  const out = tables.map((t) => {
    const rows: number[] = [];
    const left: number[] = [];
    for (let k = 0; k < t.used.rows.length; k++) {
      const cn = t.used.rows[k]!;
      let l = t.used.left[k]!;
      const at = paidAt.get(builder.creditedInvoiceOf(cn));
      if (at !== undefined) {
        const amounts = paid[at.n]!.amounts;
        // Cents: what was used of the credit note (its amount is below zero), and what of it went to its invoice.
        const used = l - builder.invoiceAmountOf(cn);
        const own = Math.min(used, amounts[at.k]!);
        amounts[at.k]! -= own;
        l -= own;
      }
      if (l !== builder.invoiceAmountOf(cn)) {
        rows.push(cn);
        left.push(l);
      }
    }
    return { rows, left };
  });
  for (let n = 0; n < paid.length; n++) paid[n] = withoutNothingPaid(paid[n]!);
  return out;
}

/** Paid columns without the rows of nothing paid (an invoice its credit note paid whole). */
function withoutNothingPaid(p: PaidColumns): PaidColumns {
  if (p.amounts.every((a) => a !== 0)) return p;
  const out: PaidColumns = { file: p.file, rows: [], dates: [], amounts: [], undated: [], read: p.read };
  for (let k = 0; k < p.rows.length; k++) {
    if (p.amounts[k] === 0) {
      out.read--;
      continue;
    }
    out.rows.push(p.rows[k]!);
    out.dates.push(p.dates[k]!);
    out.amounts.push(p.amounts[k]!);
    out.undated.push(p.undated[k]!);
  }
  return out;
}

/**
 * The credit notes used against invoices whose balances (statuses) count it: each made to
 * count for what is left of it, and said, per currency, with what was used (the sum that reconciles the file's
 * amounts with the aged balance).
 */
function creditNotesUsed(t: BalancePaid, used: { rows: number[]; left: number[] }, builder: LedgerBuilder): Problem[] {
  const byCurrency = new Map<number, { lines: number[]; used: number }>();
  const { rows, left } = used;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    const c = builder.currencyOfInvoice(i);
    let g = byCurrency.get(c);
    if (g === undefined) byCurrency.set(c, (g = { lines: [], used: 0 }));
    g.lines.push(builder.lineOfInvoice(i));
    g.used += builder.creditLeft(i, left[k]!);
  }
  return [...byCurrency].map(([c, g]) => {
    const w = linesWarning(`${t.by}_credit_notes_used`, t.paid.file, g.lines, t.column);
    return { ...w, params: { ...w.params, amount: formatCentsPlain(cents(g.used)), currency: builder.currencyCodes[c]! } };
  });
}

/**
 * The invoices a status says paid in part, how much unsaid (rows): what is owed of them is not known, so they count
 * as owed in full and no letter lists them (marked PAID_UNCOUNTED); said.
 */
function partlyPaidOwed(file: string, rows: readonly number[], column: string, builder: LedgerBuilder): Problem {
  for (const i of rows) builder.markPaidUncounted(i);
  return linesWarning(
    'status_partly_paid_owed',
    file,
    rows.map((i) => builder.lineOfInvoice(i)),
    column,
  );
}

/** What a file's balances or statuses say was paid; what a status says paid is marked in the ledger, its invoices' rows read from there. */
function saidPaidOf(t: BalancePaid, builder: LedgerBuilder): PaidColumns {
  return t.by === 'status' ? builder.saidPaidRows(t.paid.file, t.from, t.to) : t.paid;
}

/** The payments given: `--payments`, or for a workbook given alone its payments sheet (docs/accounting.md §9.5). */
async function paymentsSpecOf(load: Load, invoices: InvoicesRead): Promise<string | undefined> {
  const { paths } = load;
  if (paths.payments !== undefined || invoices.table === null || invoices.fec) return paths.payments;
  const other = await findOtherSheet(paths.invoices, 'payments', invoices.table.file);
  if (other === null) return undefined;
  load.problems.push({ severity: 'warning', code: 'payments_sheet_used', file: invoices.table.file.replace(/#.*$/, ''), line: 0, value: other });
  return `${splitSheet(paths.invoices).path}#${other}`;
}

/** What reading the payments gave: their rows in the builder, and for a bank statement its count and the credits no customer claims. */
interface PaymentsRead {
  readonly rows: PaymentRows;
  readonly bankCount: ImportCount | null;
  readonly unidentified: readonly UnidentifiedReceipt[];
}

/** A payments ledger or a bank statement (its credits matched to the invoices, docs/accounting.md §1.8). */
async function readPayments(load: Load, spec: string, invoices: InvoicesRead, fileCustomers: readonly Customer[], soon: CsvSoon | null): Promise<PaymentsRead> {
  const { config, builder, problems } = load;
  const source = await readPaymentsSource(spec, config.columns?.payments !== undefined, load.common.defaultCurrency, soon);
  if (source.kind === 'bank') {
    const { matchBankTransactions } = await import('../core/import/bank.ts');
    const records: Invoice[] = [];
    for (let i = 0; i < builder.invoiceCount; i++) records.push(builder.invoiceRecord(i));
    const m = matchBankTransactions(source.statement, records, customersByLedgerSpelling(fileCustomers, builder), load.common.defaultCurrency);
    const from = builder.paymentCount;
    for (const x of m.payments) builder.addPayment(x);
    for (const x of m.problems) problems.push(x);
    return { rows: { file: m.count.file, from, to: builder.paymentCount, read: 0, rejected: 0, ignored: 0, rejectedAmounts: {} }, bankCount: m.count, unidentified: m.unidentified };
  }
  // The customers file's names, for a payments file that names its customers by name (docs/accounting.md §9.1).
  const customerNames = new Map(fileCustomers.filter((c) => c.name !== null && c.name !== '').map((c) => [c.id, c.name!] as const));
  const options = { ...load.common, ...load.onProgress(spec), mapping: config.columns?.payments ?? {}, hint: invoices.dateOrder, customerNames };
  // Rows read on the second core stand, unless the invoices settled an order of day and month their own dates left to the locale.
  const early = source.rows;
  const usable = early !== null && !(early.dateOrder.assumedWithAmbiguous && invoices.dateOrder !== null && invoices.dateOrder !== early.dateOrder.order);
  // Rows read on the second core came with the file's first rows only: read it whole to import it here.
  const table = early !== null && !usable ? await readTable(spec, 'payments') : source.table;
  const r = importTable(table, 'payments', problems, (t) => (usable ? addPaymentRows(early, t.bytes?.data ?? null, builder, options) : importPayments(t, builder, options)));
  releaseTable(source.table);
  if (table !== source.table) releaseTable(table);
  if (early !== null) release([early.line, early.date, early.amount, early.ok, early.currency, early.customer, early.idS, early.idE, early.refStart, early.refS, early.refE, early.method]);
  for (const x of r.problems) problems.push(x);
  return { rows: r.rows, bankCount: null, unidentified: [] };
}

/** The disputes recorded with `ar dispute` count as the ledger's status (docs/accounting.md §1.3). */
async function withJournalDisputes(ledger: Ledger, journal: string | undefined, problems: Problem[]): Promise<Ledger> {
  if (journal === undefined || !existsSync(journal)) return ledger;
  const { Journal } = await import('./journal.ts');
  const j = Journal.open(journal);
  let disputes: JournalDispute[];
  try {
    disputes = j.disputeIntervals();
  } finally {
    j.close();
  }
  const r = withDisputes(ledger, disputes);
  for (const d of r.unknown) problems.push({ severity: 'warning', code: 'dispute_unknown_invoice', file: basename(journal), line: 0, value: d.invoice });
  return r.ledger;
}

/** The terms of the customers file's customers, by id as references match (docs/accounting.md §9.1). */
function termsLookup(fileCustomers: readonly Customer[]): TermsLookup {
  const termsOf = new Map<Customer, Terms>();
  for (const c of fileCustomers) {
    const t = c.terms ? parseTerms(c.terms) : null;
    if (t) termsOf.set(c, t);
  }
  if (termsOf.size === 0) return () => null;
  const byText = namesOrIds(fileCustomers);
  return (id) => {
    const c = byText(id);
    return c === null ? null : (termsOf.get(c.customer) ?? null);
  };
}

/**
 * The customers file's customer a ledger writes as `text`: by its id (ignoring case and surrounding
 * spaces, as references), else by its name, when the ledgers name customers by name and the file gives
 * codes (docs/accounting.md §9.1); a name two customers share is neither's, and an id always wins.
 */
function namesOrIds(fileCustomers: readonly Customer[]): (text: string) => { customer: Customer; byName: boolean } | null {
  const byId = new Map<string, Customer>();
  for (const c of fileCustomers) byId.set(referenceKey(c.id), c);
  let names: Map<string, Customer | null> | null = null;
  return (text) => {
    const key = referenceKey(text);
    const c = byId.get(key);
    if (c !== undefined) return { customer: c, byName: false };
    names ??= byName(fileCustomers.map((x) => [x.name ?? '', x] as const));
    const n = names.get(key);
    return n === undefined || n === null ? null : { customer: n, byName: true };
  };
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
  const defaultTerms: Terms | undefined = config.defaultTerms !== undefined ? (parseTerms(config.defaultTerms) ?? undefined) : undefined;
  const dateOrder = options.dateOrder ?? config.dateOrder;
  const paymentSign = options.paymentSign ?? config.paymentSign;
  const common = {
    defaultCurrency: config.currency ?? 'EUR',
    ...(defaultTerms ? { defaultTerms } : {}),
    ...(config.endOfMonthRule ? { endOfMonthRule: config.endOfMonthRule } : {}),
    ...(dateOrder ? { dateOrder } : {}),
    ...(paymentSign ? { paymentSign } : {}),
  };
  const load: Load = {
    paths,
    config,
    common,
    builder: new LedgerBuilder({ defaultCurrency: common.defaultCurrency }),
    problems: [],
    onProgress: (path) => (progress ? { onProgress: progress.stage(basename(path)) } : {}),
  };
  const { builder, problems } = load;

  // A big payments file is read, cut into fields and read as payments on the second core while this one reads the rest.
  const soon = paths.payments !== undefined ? csvTableSoon(paths.payments, { payments: { ...common, mapping: config.columns?.payments ?? {}, mapped: config.columns?.payments !== undefined } }) : null;
  try {
    const customersRead = await readCustomers(load);
    const invoices = await readInvoices(load, termsLookup(customersRead.customers));
    builder.seal();
    const recordFrom = builder.paymentCount;
    for (const p of invoices.payments) builder.addPayment(p);
    let paymentRows = invoices.paidRows ?? carriedRows(invoices, recordFrom, builder.paymentCount, paths.invoices);

    const paymentsSpec = await paymentsSpecOf(load, invoices);
    const unread = unreadInvoiceSheets(paths, invoices, paymentsSpec);
    if (unread !== null) problems.push(unread);
    let payments: PaymentsRead | null = null;
    if (paymentsSpec !== undefined) {
      // A FEC already holds its payments.
      if (invoices.fec) throw new UsageError('fec_with_payments', { file: paymentsSpec });
      payments = await readPayments(load, paymentsSpec, invoices, customersRead.customers, soon);
      paymentRows = payments.rows;
      // An account statement holds its payments: given again in a payments file, each would count twice.
      if (invoices.table !== null && invoices.payments.length > 0) {
        const first = invoices.payments[0]!;
        problems.push({ severity: 'warning', code: 'statement_payments_and_file', file: first.file, line: first.line, params: { count: invoices.payments.length, payments: basename(paymentsSpec) } });
      }
    } else if (invoices.payments.length === 0) {
      // (A file that holds its own payments, an account statement's, says what was paid by them.)
      paymentRows = paidByTheFile(invoices, builder, problems) ?? paymentRows;
    }

    let ledger = builder.finish();
    for (const x of builder.problems) problems.push(x);

    // E-invoices' lifecycle statuses 212 and a payments source that both say an invoice was paid.
    const cashed = invoices.payments.filter((p) => p.method === 'CDV 212');
    if (paymentsSpec !== undefined && cashed.length > 0) {
      const { cashedTwice } = await import('../core/import/einvoice.ts');
      const others: Payment[] = [];
      for (let q = recordFrom + invoices.payments.length; q < ledger.paymentCount; q++) others.push(ledger.payment(q));
      for (const w of cashedTwice(cashed, others)) problems.push(w);
    }

    // Codes that Excel turned into numbers on the way (0042 → 42): said, never merged on a guess.
    for (const w of leadingZeroWarnings(sightings(ledger, customersRead.customers))) problems.push(w);

    // The customers file and the ledgers: ids match ignoring case and spaces; what matches nothing is said.
    const customers = matchCustomers(ledger, customersRead.customers, paths.customers !== undefined, problems);
    ledger = await withJournalDisputes(ledger, options.journal, problems);

    const counted = paymentRows === null ? null : { ...paymentsCount(ledger, paymentRows), inInvoices: paymentsSpec === undefined };
    const paymentsCountOut = counted !== null && payments?.bankCount ? bankCountOf(payments.bankCount, counted) : counted;
    progress?.done();
    failOnRejected(problems, options, invoices.wholeFiles);
    const final = ledger;
    return {
      ledger: final,
      customers,
      counts: { invoices: invoices.count, payments: paymentsCountOut, customers: customersRead.count },
      problems,
      paths,
      unidentified: [...(payments?.unidentified ?? [])],
      // Payments given (or held by the file), paid columns or balances: what a status says paid is checked against them.
      saidPaid: [
        ...(paymentsSpec !== undefined || invoices.payments.length > 0 ? invoices.fromBalance.filter((b) => b.said > 0).map((b) => ({ column: b.column, from: b.from, to: b.to })) : []),
        ...invoices.statusChecks,
      ],
      nameOf: (id) => customers.get(id)?.name ?? final.customerNames[final.customerIndex(id)] ?? null,
    };
  } finally {
    soon?.cancel();
  }
}

/**
 * No payments given: what the invoices' balances or statuses say was paid (docs/accounting.md §9.4), and the
 * invoices said paid in part that the paid columns beside them say nothing of (owed in full, in no reminder).
 */
function paidByTheFile(invoices: InvoicesRead, builder: LedgerBuilder, problems: Problem[]): PaymentRows | null {
  for (const c of invoices.statusChecks) if (c.partly.length > 0) problems.push(partlyPaidOwed(c.file, c.partly, c.column, builder));
  const said = invoices.fromBalance.some((b) => b.paid.rows.length > 0 || b.said > 0 || b.partly.length > 0 || b.used.rows.length > 0);
  return said ? balanceAsPaid(invoices.fromBalance, builder, problems) : null;
}

/** The payments the invoices carried (a FEC's, e-invoices' lifecycle statuses, a statement's), rows `from` to `to`; null for none. */
function carriedRows(invoices: InvoicesRead, from: number, to: number, spec: string): PaymentRows | null {
  if (invoices.payments.length === 0) return null;
  return { file: invoices.paymentsCount?.file ?? basename(spec), from, to, read: invoices.payments.length, rejected: 0, ignored: 0, rejectedAmounts: {} };
}

/** A workbook's sheets of invoices a load did not read (their header is not the invoices sheet's): said, never dropped unsaid. */
function unreadInvoiceSheets(paths: LedgerPaths, invoices: InvoicesRead, paymentsSpec: string | undefined): Problem | null {
  if (invoices.sheets.length === 0 || splitSheet(paths.invoices).sheet !== null) return null;
  const read = [...invoices.sheets, ...[paymentsSpec, paths.customers].map((x) => (x === undefined ? null : splitSheet(x).sheet)).filter((x) => x !== null)];
  const unread = unreadSheets(paths.invoices, 'invoices', read);
  if (unread.length === 0) return null;
  return { severity: 'warning', code: 'invoice_sheets_not_read', file: basename(splitSheet(paths.invoices).path), line: 0, value: unread.join(', '), params: { read: invoices.sheets.join(', ') } };
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
  return { ...bank, amounts: { ...bank.amounts, read: Object.fromEntries(Object.entries(read).map(([c, v]) => [c, cents(v)])), used: used.amounts.used } };
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
  const found = new Uint8Array(ledger.customerIds.length);
  const matched = new Set<Customer>();
  // Each ledger customer is the file's customer of its id, else of its name: as its terms were found (termsLookup).
  const find = namesOrIds(fileCustomers);
  const byName: string[] = [];
  for (let k = 0; k < found.length; k++) {
    const id = ledger.customerIds[k]!;
    const m = find(id);
    if (m === null) continue;
    found[k] = 1;
    matched.add(m.customer);
    out.set(id, m.customer.id === id ? m.customer : { ...m.customer, id });
    if (m.byName) byName.push(`${id} (${m.customer.id})`);
  }
  const unmatched: Customer[] = [];
  for (const c of fileCustomers) {
    if (matched.has(c)) continue;
    unmatched.push(c);
    out.set(c.id, c);
  }
  if (!given) return out;
  const file = fileCustomers[0]?.file ?? '';
  if (byName.length > 0) problems.push(listed('customers_matched_by_name', file, 0, byName));
  if (unmatched.length > 0) {
    const first = unmatched[0]!;
    problems.push(
      listed(
        'customers_not_in_ledger',
        first.file,
        first.line,
        unmatched.map((c) => c.id),
      ),
    );
  }
  const missing: string[] = [];
  for (let k = 0; k < found.length; k++) if (!found[k]) missing.push(ledger.customerIds[k]!);
  if (missing.length > 0 && fileCustomers.length > 0) problems.push(listed('customers_missing_from_file', file, 0, missing));
  return out;
}

/** A warning that gives how many ids, and the first five. */
function listed(code: string, file: string, line: number, ids: readonly string[]): Problem {
  return { severity: 'warning', code, file, line, params: { count: ids.length, first: ids.slice(0, 5).join(', ') } };
}

/**
 * The references that name no invoice, where met: the payments' in their order, then the credit notes'. A plain
 * loop, not a generator: V8 compiles a loop over a million payments in place only outside one (14 → 2 ms).
 */
function unknownReferences(ledger: Ledger): Seen[] {
  const out: Seen[] = [];
  const { referenceStart, referenceTarget, invoiceCredited, invoiceCount, paymentCount } = ledger;
  const references = referenceStart[paymentCount]!;
  // The references in one run, the payment of each found by walking the payments' starts alongside.
  for (let r = 0, q = 0; r < references; r++) {
    if (referenceTarget[r]! >= 0) continue;
    while (referenceStart[q + 1]! <= r) q++;
    const s = ledger.paymentSource(q);
    out.push({ id: ledger.referenceText('payment', r), file: s.file, line: s.line });
  }
  for (let i = 0; i < invoiceCount; i++) {
    if (invoiceCredited[i] !== UNKNOWN_REFERENCE) continue;
    const s = ledger.invoiceSource(i);
    out.push({ id: ledger.referenceText('credit_note', i), file: s.file, line: s.line });
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
      // The first row of each customer, invoices then payments: the rows are looked through until every customer is met.
      const { customerIds, invoiceCustomer, paymentCustomer } = ledger;
      const seen = new Uint8Array(customerIds.length);
      let left = customerIds.length;
      for (let i = 0; i < n && left > 0; i++) {
        const k = invoiceCustomer[i]!;
        if (seen[k]) continue;
        seen[k] = 1;
        left--;
        const s = ledger.invoiceSource(i);
        yield { id: customerIds[k]!, file: s.file, line: s.line };
      }
      for (let q = 0; q < m && left > 0; q++) {
        const k = paymentCustomer[q]!;
        if (k < 0 || seen[k]) continue;
        seen[k] = 1;
        left--;
        const s = ledger.paymentSource(q);
        yield { id: customerIds[k]!, file: s.file, line: s.line };
      }
    })(),
    references: unknownReferences(ledger),
    invoiceNumbers: function* (): Generator<Seen> {
      for (let i = 0; i < n; i++) {
        if ((ledger.invoiceFlags[i]! & CREDIT_NOTE) !== 0) continue;
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
