import { parseTerms, type Terms } from '../core/terms.ts';
import {
  importCustomers, importInvoices, importPayments, indexInvoices, MissingColumnsError,
  type ImportCount,
} from '../core/import/ledger.ts';
import { leadingZeroWarnings, lostLeadingZeros } from '../core/import/excel-damage.ts';
import type { LedgerKind } from '../core/import/headers.ts';
import type { Customer, Invoice, Payment, Problem } from '../core/types.ts';
import type { UnidentifiedReceipt } from '../core/import/bank.ts';
import { importFec, isFecHeader } from '../core/import/fec.ts';
import { InputError, UsageError } from '../errors.ts';
import type { Lang } from '../render/aging-report.ts';
import { formatProblem } from '../render/messages.ts';
import type { Config } from './config.ts';
import { basename } from 'node:path';
import type { Progress } from './progress.ts';
import { readCsvTableSync, readTable, splitSheet } from './read-table.ts';
import { csvTableSoon } from './csv-soon.ts';
import { fastInvoices, fastPayments, type FastLedger, type FastOptions } from '../core/import/fast.ts';
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
export interface Ledger {
  readonly invoices: Invoice[];
  readonly payments: Payment[];
  readonly customers: Map<string, Customer>;
  readonly counts: { invoices: ImportCount; payments: ImportCount | null; customers: ImportCount | null };
  /** Rejected rows (errors) and warnings, in file order. */
  readonly problems: Problem[];
  readonly paths: LedgerPaths;
  /**
   * Set when the fast path read the ledgers (`options.fast`, clean CSV files): the invoices and
   * payments are then in these columns only, and `invoices` and `payments` are empty.
   */
  readonly fast?: FastLedger;
  /** Bank credits (a bank statement given as payments) that match no customer; empty otherwise. */
  readonly unidentified: UnidentifiedReceipt[];
}

async function importFile<T>(path: string, kind: LedgerKind, problems: Problem[], run: (table: Table) => T, wholeWorkbook = false): Promise<T> {
  const table = await readTable(path, kind, { wholeWorkbook });
  return importTable(table, kind, problems, run);
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
 * Frees a CSV table's bytes and field offsets now (the fast path is done with them) rather than at the
 * next full garbage collection, which may come only after the next file is read: with a million rows,
 * the invoices file and its offsets (some 100 MB) would otherwise still be held while the payments file
 * is read, and the payments' while the allocation runs. Only buffers of their own are let go (a small
 * file's Buffer may share Node's pool with others).
 */
function releaseTable(table: Table): void {
  const b = table.bytes;
  if (!b) return;
  for (const a of [b.data, b.cells.fieldStart, b.cells.fieldEnd, b.cells.rowFirst]) {
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

/** Rejected rows fail the load (exit 2, all of them listed) unless `skipInvalid`. */
function failOnRejected(problems: readonly Problem[], options: { skipInvalid: boolean; lang: Lang }): void {
  const rejected = problems.filter((p) => p.severity === 'error');
  if (rejected.length > 0 && !options.skipInvalid) {
    const rows = new Set(rejected.map((p) => `${p.file}:${p.line}`)).size;
    throw new InputError('rows_rejected', { count: rows }, rejected.map((p) => formatProblem(p, options.lang).message));
  }
}

/**
 * The one loader every command uses: customers first (their terms give missing due dates), then
 * invoices, then payments (a payment without a customer takes the customer of the invoice it names).
 * Rejected rows fail the load (exit 2, all of them listed) unless `skipInvalid`.
 */
export async function loadLedger(
  paths: LedgerPaths,
  config: Config,
  options: { skipInvalid: boolean; lang: Lang; progress?: Progress; fast?: boolean },
): Promise<Ledger> {
  const progress = options.progress;
  const onProgress = (path: string) => (progress ? { onProgress: progress.stage(basename(path)) } : {});
  const problems: Problem[] = [];
  const defaultTerms: Terms | undefined = config.defaultTerms !== undefined ? parseTerms(config.defaultTerms) ?? undefined : undefined;
  const common = {
    defaultCurrency: config.currency ?? 'EUR',
    strings: new Map<string, string>(),
    ...(defaultTerms ? { defaultTerms } : {}),
    ...(config.endOfMonthRule ? { endOfMonthRule: config.endOfMonthRule } : {}),
  };

  const customers = new Map<string, Customer>();
  let customersCount: ImportCount | null = null;
  if (paths.customers) {
    const r = await importFile(paths.customers, 'customers', problems, (table) => importCustomers(table, { ...common, ...onProgress(paths.customers!), mapping: config.columns?.customers ?? {} }), sharesWorkbook(paths, paths.customers));
    for (const c of r.records) customers.set(c.id, c);
    customersCount = r.count;
    for (const x of r.problems) problems.push(x);
  }

  const termsOf = (id: string): Terms | null => {
    const t = customers.get(id)?.terms;
    return t ? parseTerms(t) : null;
  };
  const oneFile = (paths.invoiceFiles?.length ?? 1) === 1;
  if (options.fast && oneFile && !(await isEInvoicePath(paths.invoices))) {
    // Clean CSV ledgers by the million: read from their bytes into columns, or by the general path below
    // (which also says what is wrong with a file the fast path could not read).
    let fast: FastLedger | null = null;
    try {
      // Only CSV files have bytes to read fast: a workbook is not opened here (it would be parsed twice).
      // A big payments file is read by the second core while this one reads the invoices, and its rows
      // as far as they can be without them (fastPaymentRows).
      const payments = paths.payments ? csvTableSoon(paths.payments, { payments: config.columns?.payments ?? {} }) : null;
      const fastOptions: FastOptions = {
        defaultCurrency: common.defaultCurrency,
        termsOf,
        ...(common.defaultTerms ? { defaultTerms: common.defaultTerms } : {}),
        ...(common.endOfMonthRule ? { endOfMonthRule: common.endOfMonthRule } : {}),
        mapping: { invoices: config.columns?.invoices ?? {}, payments: config.columns?.payments ?? {} },
        release: releaseTable,
      };
      try {
        const inv = fastInvoices(readCsvTableSync(paths.invoices), fastOptions);
        if (inv !== null) fast = payments === null ? fastPayments(inv, null, fastOptions) : fastPayments(inv, await payments.table(), fastOptions, await payments.paymentRows());
      } finally {
        if (fast === null) payments?.cancel();
      }
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
    }
    if (fast !== null) {
      // The same check as below, from where the fast path met the identifiers.
      const seen = fast.sightings;
      const sightings = {
        ...seen,
        customers: [...[...customers.values()].map((c) => ({ id: c.id, file: c.file, line: c.line })), ...seen.customers],
      };
      for (const w of leadingZeroWarnings(sightings)) problems.push(w);
      progress?.done();
      failOnRejected(problems, options);
      return {
        invoices: [], payments: [], customers, problems, paths, fast, unidentified: [],
        counts: { invoices: fast.counts.invoices, payments: fast.counts.payments, customers: customersCount },
      };
    }
  }

  // Each table is read and imported in its own call, so that its rows can be freed before the next file.
  let fec = false;
  const inv = (await readEInvoicesIfAny(paths, { ...common, termsOf })) ?? await importFile(paths.invoices, 'invoices', problems, (table) => {
    // --- a FEC holds invoices and payments at once (src/core/import/fec.ts) ---
    if (isFecHeader(headRows(table, 5).find((r) => r.some((c) => c !== null && c !== '')) ?? [])) {
      fec = true;
      return importFec(table, { ...common, termsOf });
    }
    return importInvoices(table, { ...common, ...onProgress(paths.invoices), mapping: config.columns?.invoices ?? {}, termsOf });
  }, sharesWorkbook(paths, paths.invoices));
  for (const x of inv.problems) problems.push(x);

  const payments: Payment[] = [...inv.payments];
  let paymentsCount: ImportCount | null = inv.paymentsCount;
  const unidentified: UnidentifiedReceipt[] = [];
  if (paths.payments) {
    // --- a FEC already holds its payments; a bank statement is matched to the invoices ---
    if (fec) throw new UsageError('fec_with_payments', { file: paths.payments });
    const { readPaymentsSource } = await import('./read-bank.ts');
    const source = await readPaymentsSource(paths.payments, config.columns?.payments !== undefined, common.defaultCurrency);
    if (source.kind === 'bank') {
      const { matchBankTransactions } = await import('../core/import/bank.ts');
      const m = matchBankTransactions(source.statement, inv.records, customers);
      for (const x of m.payments) payments.push(x);
      for (const x of m.unidentified) unidentified.push(x);
      paymentsCount = m.count;
      for (const x of m.problems) problems.push(x);
    } else {
      const index = indexInvoices(inv.records);
      const r = importTable(source.table, 'payments', problems, (table) => importPayments(table, index, { ...common, ...onProgress(paths.payments!), mapping: config.columns?.payments ?? {} }));
      for (const x of r.records) payments.push(x);
      paymentsCount = r.count;
      for (const x of r.problems) problems.push(x);
    }
  }

  // E-invoices' lifecycle statuses 212 and a payments source that both say an invoice was paid.
  if (paths.payments && inv.payments.length > 0) {
    const { cashedTwice } = await import('../core/import/einvoice.ts');
    for (const w of cashedTwice(inv.payments.filter((p) => p.method === 'CDV 212'), payments.slice(inv.payments.length))) problems.push(w);
  }

  // Codes that Excel turned into numbers on the way (0042 → 42): said, never merged on a guess.
  for (const w of lostLeadingZeros(inv.records, payments, customers.values())) problems.push(w);

  progress?.done();
  failOnRejected(problems, options);
  return {
    invoices: inv.records,
    payments,
    customers,
    counts: { invoices: inv.count, payments: paymentsCount, customers: customersCount },
    problems,
    paths,
    unidentified,
  };
}

// ── E-invoices (UBL, CII, Factur-X) ─────────────────────────────────────────────────────
/**
 * A folder, `.xml` or `.pdf` files are read as e-invoices (`src/io/read-einvoice.ts`, loaded only
 * then); null for a ledger table. Several paths must all be e-invoices.
 */
async function readEInvoicesIfAny(
  paths: LedgerPaths,
  options: { defaultTerms?: Terms; endOfMonthRule?: Config['endOfMonthRule']; termsOf: (id: string) => Terms | null },
): Promise<Awaited<ReturnType<typeof importInvoices>> | null> {
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
