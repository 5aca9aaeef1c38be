import { referenceKey } from '../compare.ts';
import { isValidIban, isValidStructuredCommunication, normalizeIban, paymentReferenceKey } from './bank.ts';
import type { Day } from '../dates.ts';
import type { Cents } from '../money.ts';
import { DEFAULT_TERMS, dueDateFromTerms, parseTerms, type EndOfMonthRule, type Terms } from '../terms.ts';
import type { Customer, CustomerType, Invoice, InvoiceStatus, Language, Payment, Problem } from '../types.ts';
import {
  decideAmountColumn, decideDateColumn, readAmount, readCurrency, readDate, readId,
  type AmountColumn, type CellError, type DateColumn,
} from './columns.ts';
import type { DateOrder } from './dates-text.ts';
import { findHeader, looksEnglish, REQUIRED, type ColumnMap, type FieldOf, type LedgerKind } from './headers.ts';
import { cellText, isBlank, type Cell, type Table } from './table.ts';

/** How an import went: rows read = rows used + rows rejected + rows ignored, and the amounts the same way. */
export interface ImportCount {
  readonly file: string;
  /** Data rows read (blank rows are not rows). */
  read: number;
  used: number;
  rejected: number;
  /** Subtotal and total rows that carry no document, listed as warnings. */
  ignored: number;
  /** Bank credits that match no customer (a bank statement only): read = used + unidentified + rejected + ignored. */
  unidentified?: number;
  /** Sums of the amounts read, used and rejected (those that could be read), per currency. */
  readonly amounts: { read: Record<string, Cents>; used: Record<string, Cents>; rejected: Record<string, Cents>; unidentified?: Record<string, Cents> };
}

export interface ImportOptions {
  /** Field → header text, from the config: overrides detection. */
  readonly mapping?: Partial<Record<string, string>>;
  readonly defaultCurrency?: string;
  /** Terms applied when neither the ledger nor the customer gives a due date or terms. */
  readonly defaultTerms?: Terms;
  readonly endOfMonthRule?: EndOfMonthRule;
  /**
   * One string per distinct identifier (customer ids, names), shared by every file of a load: the
   * records then hold the same string objects, compared by reference and hashed once, and a million
   * rows keep twenty thousand names, not a million copies.
   */
  readonly strings?: Map<string, string>;
  /** Told every few thousand rows how far the import is (rows done, rows in all), for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface ImportResult<T> {
  readonly records: T[];
  readonly count: ImportCount;
  readonly problems: Problem[];
}

/** Thrown-free failure of a whole file: its header could not be found. */
export interface HeaderFailure {
  readonly file: string;
  readonly kind: LedgerKind;
  readonly missing: string[];
  readonly found: string[];
}

export class MissingColumnsError extends Error {
  readonly failure: HeaderFailure;
  constructor(failure: HeaderFailure) {
    super(`${failure.file}: missing column(s) ${failure.missing.join(', ')}`);
    this.failure = failure;
  }
}

const TOTAL_ROW = /^(sous[- ]?)?totaux?\b|^total\b|^subtotal\b|^totaal\b|^grand total\b/i;

export interface Frame<K extends LedgerKind> {
  readonly table: Table;
  readonly columns: ColumnMap<K>;
  readonly headers: string[];
  readonly first: number;
  readonly english: boolean;
}

/** Where a table's header is and what its columns are; throws MissingColumnsError when a required one lacks. */
export function frame<K extends LedgerKind>(kind: K, table: Table, mapping: Partial<Record<string, string>> | undefined): Frame<K> {
  const match = findHeader(kind, table, mapping ?? {});
  if (!match || match.missing.length > 0) {
    throw new MissingColumnsError({
      file: table.file,
      kind,
      missing: (match?.missing ?? [...REQUIRED[kind]]) as string[],
      found: (match?.headers ?? []).filter((h) => h !== ''),
    });
  }
  return { table, columns: match.columns, headers: match.headers, first: match.row + 1, english: looksEnglish(match.headers) };
}

function col<K extends LedgerKind>(f: Frame<K>, field: FieldOf<K>): number | undefined {
  return (f.columns as Record<string, number | undefined>)[field];
}

function* columnCells<K extends LedgerKind>(f: Frame<K>, field: FieldOf<K>): Generator<Cell> {
  const c = col(f, field);
  if (c === undefined) return;
  const t = f.table;
  for (let r = f.first; r < t.rowCount; r++) yield t.cell(r, c);
}

function headerOf<K extends LedgerKind>(f: Frame<K>, field: FieldOf<K>): string {
  const c = col(f, field);
  return c === undefined ? field : f.headers[c] ?? field;
}

/** Decides the reading of every date column of a file together: a column that settles the order informs the others. */
function dateColumns<K extends LedgerKind>(f: Frame<K>, fields: readonly FieldOf<K>[], problems: Problem[]): Map<FieldOf<K>, DateColumn> {
  const fallback: DateOrder = f.table.hints.continental || !f.english ? 'dmy' : 'mdy';
  const date1904 = f.table.hints.date1904 ?? false;
  const own = new Map<FieldOf<K>, DateColumn>();
  let fileOrder: DateOrder | null = null;
  for (const field of fields) {
    if (col(f, field) === undefined) continue;
    const d = decideDateColumn(columnCells(f, field), fallback, null, date1904);
    own.set(field, d);
    if (!d.assumed) fileOrder ??= d.order;
  }
  const out = new Map<FieldOf<K>, DateColumn>();
  for (const [field, d] of own) {
    const decided = d.assumed ? { ...d, order: fileOrder ?? d.order, assumed: fileOrder === null } : d;
    if (decided.assumed && decided.hasAmbiguous) {
      problems.push({
        severity: 'warning', code: 'ambiguous_date_order', file: f.table.file, line: 0, column: headerOf(f, field),
        params: { order: decided.order },
      });
    }
    out.set(field, decided);
  }
  return out;
}

function amountColumns<K extends LedgerKind>(f: Frame<K>, fields: readonly FieldOf<K>[], problems: Problem[]): Map<FieldOf<K>, AmountColumn> {
  const continental = f.table.hints.continental ?? false;
  const out = new Map<FieldOf<K>, AmountColumn>();
  for (const field of fields) {
    if (col(f, field) === undefined) continue;
    const a = decideAmountColumn(columnCells(f, field), continental);
    if (a.conflicting) {
      problems.push({ severity: 'warning', code: 'mixed_decimal_marks', file: f.table.file, line: 0, column: headerOf(f, field), params: { mark: a.mark } });
    }
    out.set(field, a);
  }
  return out;
}

function newCount(file: string): ImportCount {
  return { file, read: 0, used: 0, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } };
}

function addTo(sums: Record<string, Cents>, currency: string, cents: Cents): void {
  sums[currency] = (sums[currency] ?? 0) + cents;
}

/** A row being read: collects its cell errors so that one row lists all its problems. */
class RowReader<K extends LedgerKind> {
  readonly errors: Problem[] = [];
  private readonly f: Frame<K>;
  private readonly row: readonly Cell[];
  readonly line: number;
  constructor(f: Frame<K>, row: readonly Cell[], line: number) {
    this.f = f;
    this.row = row;
    this.line = line;
  }

  cell(field: FieldOf<K>): Cell {
    const c = col(this.f, field);
    return c === undefined ? null : this.row[c] ?? null;
  }
  has(field: FieldOf<K>): boolean {
    return !isBlank(this.cell(field));
  }
  text(field: FieldOf<K>): string {
    return readId(this.cell(field));
  }
  fail(field: FieldOf<K>, code: CellError | 'required' | string, params?: Record<string, string | number>): void {
    this.errors.push({
      severity: 'error', code, file: this.f.table.file, line: this.line, column: headerOf(this.f, field),
      value: cellText(this.cell(field)), ...(params ? { params } : {}),
    });
  }
  required(field: FieldOf<K>): string | null {
    const t = this.text(field);
    if (t === '') {
      this.fail(field, 'required');
      return null;
    }
    return t;
  }
  date(field: FieldOf<K>, c: DateColumn | undefined): Day | null {
    if (!c || !this.has(field)) return null;
    const r = readDate(this.cell(field), c);
    if (!r.ok) {
      this.fail(field, r.error);
      return null;
    }
    return r.value;
  }
  amount(field: FieldOf<K>, c: AmountColumn | undefined): { cents: Cents; currency: string | null } | null {
    if (!c || !this.has(field)) return null;
    const r = readAmount(this.cell(field), c);
    if (!r.ok) {
      this.fail(field, r.error);
      return null;
    }
    return r.value;
  }
}

function isTotalRow(row: readonly Cell[], keyColumn: number | undefined): boolean {
  if (keyColumn !== undefined && !isBlank(row[keyColumn] ?? null)) {
    return TOTAL_ROW.test(cellText(row[keyColumn] ?? null).trim());
  }
  const firstText = row.find((c) => typeof c === 'string' && c.trim() !== '');
  return typeof firstText === 'string' && TOTAL_ROW.test(firstText.trim());
}

function* dataRows<K extends LedgerKind>(f: Frame<K>, onProgress?: (done: number, total: number) => void): Generator<{ row: readonly Cell[]; line: number }> {
  const t = f.table;
  for (let r = f.first; r < t.rowCount; r++) {
    if (onProgress !== undefined && (r & 4095) === 0) onProgress(r, t.rowCount);
    const row = t.row(r);
    let blank = true;
    for (const c of row) {
      if (!isBlank(c)) {
        blank = false;
        break;
      }
    }
    if (blank) continue;
    yield { row, line: t.line(r) };
  }
}

const CREDIT_NOTE_TYPES = /^(avoir|avoirs|credit ?note|credit|cn|nc|note de credit|creditnota|credit nota|refund|remboursement|av)$/;
const INVOICE_TYPES = /^(facture|invoice|factuur|fa|fac|inv|f|debit|note de debit)$/;
const DISPUTED = /^(litige|en litige|dispute|disputed|in dispute|contest|conteste|contestee|betwist|geschil|bloque|blocked)$/;
const WRITTEN_OFF = /^(irrecouvrable|passe en perte|passee en perte|perte|written off|write ?off|written-off|bad debt|oninbaar|afgeschreven|creance irrecouvrable)$/;
const NORMAL_STATUS = /^(|open|ouvert|ouverte|en cours|normal|ok|paid|payee|paye|reglee|regle|partiel|partielle|partially paid|late|en retard|due|echue|betaald|openstaand|non payee|impayee|unpaid)$/;

/** What a document-type cell says: a credit note, an invoice, or null when it is neither. */
export function documentType(text: string): 'credit_note' | 'invoice' | null {
  const t = fold(text);
  return CREDIT_NOTE_TYPES.test(t) ? 'credit_note' : INVOICE_TYPES.test(t) ? 'invoice' : null;
}

/** What a status cell says (folded text); null when it is not a status `ar` knows. */
function statusOf(folded: string): InvoiceStatus | null {
  return DISPUTED.test(folded) ? 'disputed' : WRITTEN_OFF.test(folded) ? 'written_off' : NORMAL_STATUS.test(folded) ? 'normal' : null;
}

/** What a status cell says: in dispute, written off, normal; null when `ar` does not know it. */
export function invoiceStatus(text: string): InvoiceStatus | null {
  return statusOf(fold(text));
}

/** True for the text of a subtotal or total row ("Total", "Sous-total", "Totaal"…). */
export function isTotalText(text: string): boolean {
  return TOTAL_ROW.test(text.trim());
}

function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[\s_.-]+/g, ' ').trim();
}

export type TermsLookup = (customerId: string) => Terms | null;

/** The shared copy of a string (see `ImportOptions.strings`). */
function interned(strings: Map<string, string> | undefined, s: string): string {
  if (strings === undefined) return s;
  const known = strings.get(s);
  if (known !== undefined) return known;
  strings.set(s, s);
  return s;
}

/**
 * Turns the rows of an invoice ledger into invoices and credit notes (SPEC 1), collecting every
 * problem. One-sheet ledgers that carry their own payment (paid date, paid amount) also yield
 * payments that name their invoice.
 */
export function importInvoices(
  table: Table,
  options: ImportOptions & { termsOf?: TermsLookup } = {},
): ImportResult<Invoice> & { payments: Payment[]; paymentsCount: ImportCount | null } {
  const problems: Problem[] = [];
  const f = frame('invoices', table, options.mapping);
  const dates = dateColumns(f, ['issueDate', 'dueDate', 'paidDate'], problems);
  const amounts = amountColumns(f, ['amount', 'paidAmount'], problems);
  const count = newCount(table.file);
  const defaultCurrency = options.defaultCurrency ?? 'EUR';
  const records: Invoice[] = [];
  const payments: Payment[] = [];
  const hasPaidColumns = col(f, 'paidDate') !== undefined || col(f, 'paidAmount') !== undefined;
  const paymentsCount = hasPaidColumns ? newCount(table.file) : null;
  // Invoice numbers and credit-note numbers are unique each; a credit note may reuse its invoice's number.
  const seenInvoices = new Map<string, number>();
  const seenCredits = new Map<string, number>();
  const unknownStatus = new Set<string>();
  const numberCol = col(f, 'number');

  for (const { row, line } of dataRows(f, options.onProgress)) {
    count.read++;
    if (isTotalRow(row, numberCol)) {
      count.ignored++;
      problems.push({ severity: 'warning', code: 'total_row_ignored', file: table.file, line });
      continue;
    }
    const r = new RowReader(f, row, line);
    const number = r.required('number');
    let customerId = interned(options.strings, r.text('customerId'));
    const nameText = r.text('customerName');
    const customerName = nameText === '' ? null : interned(options.strings, nameText);
    if (customerId === '') {
      if (customerName !== null) customerId = customerName;
      else r.fail(col(f, 'customerId') !== undefined ? 'customerId' : 'customerName', 'required');
    }
    const issueDate = r.has('issueDate') ? r.date('issueDate', dates.get('issueDate')) : (r.fail('issueDate', 'required'), null);
    const amt = r.has('amount') ? r.amount('amount', amounts.get('amount')) : (r.fail('amount', 'required'), null);
    let dueDate = r.date('dueDate', dates.get('dueDate'));
    let currency = defaultCurrency;
    if (r.has('currency')) {
      const c = readCurrency(r.cell('currency'));
      if (c === null) r.fail('currency', 'not_a_currency');
      else currency = c;
    } else if (amt?.currency) {
      currency = amt.currency;
    }
    if (amt) addTo(count.amounts.read, currency, amt.cents);

    let isCreditNote = amt !== null && amt.cents < 0;
    if (r.has('docType')) {
      const t = documentType(r.text('docType'));
      if (t === 'credit_note') isCreditNote = true;
      else if (t === null) r.fail('docType', 'not_a_document_type');
    }
    let status: InvoiceStatus = 'normal';
    if (r.has('status')) {
      const s = fold(r.text('status'));
      const known = statusOf(s);
      if (known !== null) status = known;
      else if (!unknownStatus.has(s)) {
        unknownStatus.add(s);
        problems.push({ severity: 'warning', code: 'unknown_status', file: table.file, line, column: headerOf(f, 'status'), value: r.text('status') });
      }
    }
    let rowTerms: Terms | null = null;
    if (r.has('terms')) {
      rowTerms = parseTerms(r.text('terms'));
      if (rowTerms === null) r.fail('terms', 'not_terms');
    }
    const paidDate = r.date('paidDate', dates.get('paidDate'));
    const paid = r.amount('paidAmount', amounts.get('paidAmount'));
    if (paid && paid.cents !== 0 && paidDate === null && !r.has('paidDate') && col(f, 'paidDate') !== undefined) {
      r.fail('paidDate', 'paid_without_date');
    }

    if (number !== null && r.errors.length === 0) {
      const key = referenceKey(number);
      const seen = isCreditNote ? seenCredits : seenInvoices;
      const first = seen.get(key);
      if (first !== undefined) r.fail('number', 'duplicate_number', { first });
      else seen.set(key, line);
    }

    if (r.errors.length > 0 || number === null || issueDate === null || amt === null) {
      problems.push(...r.errors);
      count.rejected++;
      if (amt) addTo(count.amounts.rejected, currency, amt.cents);
      continue;
    }
    let derived = false;
    if (dueDate === null) {
      const terms = rowTerms ?? options.termsOf?.(customerId) ?? options.defaultTerms ?? DEFAULT_TERMS;
      dueDate = dueDateFromTerms(issueDate, terms, options.endOfMonthRule);
      derived = true;
    }
    const signed = isCreditNote ? -Math.abs(amt.cents) : amt.cents;
    records.push({
      number, customerId, customerName, issueDate, dueDate, dueDateDerived: derived, amount: signed, currency,
      isCreditNote, creditedInvoice: isCreditNote && r.has('creditedInvoice') ? r.text('creditedInvoice') : null,
      status, file: table.file, line,
      ...(r.has('paymentRef') ? { paymentReference: paymentReference(r.text('paymentRef'), problems, table.file, line, headerOf(f, 'paymentRef')) } : {}),
    });
    count.used++;
    addTo(count.amounts.used, currency, amt.cents);

    if (paymentsCount && (paidDate !== null || (paid && paid.cents !== 0))) {
      // A paid date alone means paid in full (for a credit note: nothing to pay).
      const cents = paid ? paid.cents : isCreditNote ? 0 : signed;
      paymentsCount.read++;
      paymentsCount.used++;
      addTo(paymentsCount.amounts.read, currency, cents);
      addTo(paymentsCount.amounts.used, currency, cents);
      if (cents !== 0 && paidDate !== null) {
        payments.push({
          id: `${number}`, customerId, date: paidDate, amount: cents, currency, refs: [number], method: null,
          file: table.file, line,
        });
      }
    }
  }
  return { records, count, problems, payments, paymentsCount };
}

/** Where a payment names no customer: the customer of the first invoice it names (SPEC 1). */
export interface InvoiceIndex {
  customerOf(ref: string): { customerId: string; currency: string } | null;
  /** The currency of every invoice when the ledger has only one; null otherwise. */
  readonly singleCurrency?: string | null;
}

export function indexInvoices(invoices: readonly Invoice[]): InvoiceIndex {
  // Built on first use: most payments name their customer, and most ledgers have one currency.
  let m: Map<string, { customerId: string; currency: string }> | null = null;
  let single: string | null = invoices[0]?.currency ?? null;
  for (const inv of invoices) {
    if (inv.currency !== single) {
      single = null;
      break;
    }
  }
  return {
    singleCurrency: single,
    customerOf: (ref) => {
      if (m === null) {
        m = new Map();
        for (const inv of invoices) {
          if (!inv.isCreditNote) m.set(referenceKey(inv.number), { customerId: inv.customerId, currency: inv.currency });
        }
      }
      return m.get(referenceKey(ref)) ?? null;
    },
  };
}

/** Splits a cell of invoice references: `,` `;` `|` or spaces (SPEC 1). */
export function splitReferences(text: string): string[] {
  return text.split(/[,;|\s]+/).filter((s) => s !== '');
}

/**
 * Turns the rows of a payments ledger into payments. A payment that names no customer takes the
 * customer of the first invoice it names; one with neither is a rejected row. With no currency
 * column, a payment takes the currency of the invoices it names, else the default.
 */
export function importPayments(table: Table, invoices: InvoiceIndex, options: ImportOptions = {}): ImportResult<Payment> {
  const problems: Problem[] = [];
  const f = frame('payments', table, options.mapping);
  const dates = dateColumns(f, ['date'], problems);
  const amounts = amountColumns(f, ['amount'], problems);
  const count = newCount(table.file);
  const defaultCurrency = options.defaultCurrency ?? 'EUR';
  const records: Payment[] = [];
  const seen = new Map<string, number>();
  const idCol = col(f, 'id');

  for (const { row, line } of dataRows(f, options.onProgress)) {
    count.read++;
    if (isTotalRow(row, idCol)) {
      count.ignored++;
      problems.push({ severity: 'warning', code: 'total_row_ignored', file: table.file, line });
      continue;
    }
    const r = new RowReader(f, row, line);
    const date = r.has('date') ? r.date('date', dates.get('date')) : (r.fail('date', 'required'), null);
    const amt = r.has('amount') ? r.amount('amount', amounts.get('amount')) : (r.fail('amount', 'required'), null);
    const refs = r.has('refs') ? splitReferences(r.text('refs')) : [];
    const customerText = r.text('customerId') || r.text('customerName');
    let customerId: string | null = customerText === '' ? null : interned(options.strings, customerText);
    let currency: string | null = null;
    if (r.has('currency')) {
      currency = readCurrency(r.cell('currency'));
      if (currency === null) r.fail('currency', 'not_a_currency');
    } else if (amt?.currency) {
      currency = amt.currency;
    }
    // The invoices named tell the customer (when the row has none) and the currency (when the file has none).
    const needNamed = customerId === null || (currency === null && !invoices.singleCurrency);
    let named: { customerId: string; currency: string } | null = null;
    if (needNamed) {
      for (const ref of refs) {
        named = invoices.customerOf(ref);
        if (named !== null) break;
      }
    }
    if (customerId === null) {
      if (named) customerId = named.customerId;
      else if (refs.length > 0) r.fail('refs', 'payment_names_no_known_invoice');
      else r.fail(col(f, 'customerId') !== undefined ? 'customerId' : 'refs', 'payment_without_customer');
    }
    currency ??= named?.currency ?? invoices.singleCurrency ?? defaultCurrency;
    if (amt) addTo(count.amounts.read, currency, amt.cents);
    // Without an id column, a payment is named by its row number (SPEC 1).
    const id = idCol !== undefined && r.has('id') ? r.text('id') : String(line);
    if (idCol !== undefined && r.has('id') && r.errors.length === 0) {
      const first = seen.get(id);
      if (first !== undefined) r.fail('id', 'duplicate_payment', { first });
      else seen.set(id, line);
    }
    if (r.errors.length > 0 || date === null || amt === null || customerId === null) {
      problems.push(...r.errors);
      count.rejected++;
      if (amt) addTo(count.amounts.rejected, currency, amt.cents);
      continue;
    }
    records.push({
      id, customerId, date, amount: amt.cents, currency, refs, method: r.text('method') || null,
      file: table.file, line,
    });
    count.used++;
    addTo(count.amounts.used, currency, amt.cents);
  }
  return { records, count, problems };
}

const LANGUAGES: Record<string, Language> = {
  fr: 'fr', fra: 'fr', fre: 'fr', francais: 'fr', french: 'fr', frans: 'fr', 'fr fr': 'fr', 'fr be': 'fr',
  en: 'en', eng: 'en', anglais: 'en', english: 'en', engels: 'en', 'en gb': 'en', 'en us': 'en',
  nl: 'nl', nld: 'nl', dut: 'nl', neerlandais: 'nl', dutch: 'nl', nederlands: 'nl', flamand: 'nl', vlaams: 'nl', 'nl be': 'nl',
};
const YES = /^(1|x|yes|y|oui|o|ja|j|true|vrai|waar)$/;
const NO = /^(|0|no|n|non|nee|false|faux|onwaar)$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Whether a text is one plain e-mail address (`compta@dupont.example`): no name, no spaces, no separators. */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/**
 * Splits a cell of e-mail addresses (separated by `,`, `;`, spaces or line breaks); returns the valid
 * ones and the invalid ones. A cell that holds header or group syntax (a `:`, as in
 * `a@x.fr⏎Bcc: evil@y.example`) is refused as a whole: none of its addresses is used, so data can
 * never add a recipient by looking like a header.
 * Example: `splitEmails('a@x.fr; b@y.fr')` is `{ valid: ['a@x.fr', 'b@y.fr'], invalid: [] }`.
 */
export function splitEmails(text: string): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '');
  if (parts.some((p) => p.includes(':'))) return { valid, invalid: parts };
  for (const part of parts) {
    const addr = part.replace(/^<|>$/g, '');
    (EMAIL.test(addr) ? valid : invalid).push(addr);
  }
  return { valid, invalid };
}

/** Turns the rows of a customers file into customers. */
export function importCustomers(table: Table, options: ImportOptions = {}): ImportResult<Customer> {
  const problems: Problem[] = [];
  const f = frame('customers', table, options.mapping);
  const amounts = amountColumns(f, ['creditLimit'], problems);
  const count = newCount(table.file);
  const records: Customer[] = [];
  const seen = new Map<string, number>();
  for (const { row, line } of dataRows(f, options.onProgress)) {
    count.read++;
    const r = new RowReader(f, row, line);
    const id = r.required('id');
    const emails = splitEmails(r.text('email'));
    const cc = splitEmails(r.text('cc'));
    // One warning per cell, however many bad addresses it holds (a cell of a million commas is one warning).
    for (const [field, bad] of [['email', emails.invalid], ['cc', cc.invalid]] as const) {
      if (bad.length === 0) continue;
      const value = bad.length <= 3 ? bad.join(', ') : `${bad.slice(0, 3).join(', ')} (+${bad.length - 3})`;
      problems.push({ severity: 'warning', code: 'invalid_email', file: table.file, line, column: headerOf(f, field), value });
    }
    let language: Language | null = null;
    if (r.has('language')) {
      language = LANGUAGES[fold(r.text('language'))] ?? null;
      if (language === null) r.fail('language', 'not_a_language');
    }
    let terms: string | null = null;
    if (r.has('terms')) {
      terms = r.text('terms');
      if (parseTerms(terms) === null) r.fail('terms', 'not_terms');
    }
    const limit = r.amount('creditLimit', amounts.get('creditLimit'));
    let doNotRemind = false;
    if (r.has('doNotRemind')) {
      const v = fold(r.text('doNotRemind'));
      if (YES.test(v)) doNotRemind = true;
      else if (!NO.test(v)) r.fail('doNotRemind', 'not_yes_no');
    }
    let type: CustomerType | null = null;
    if (r.has('type') && r.text('type') !== '') {
      type = customerTypeOf(r.text('type'));
      if (type === null) r.fail('type', 'not_a_customer_type');
    }
    if (id !== null && r.errors.length === 0) {
      const first = seen.get(id);
      if (first !== undefined) r.fail('id', 'duplicate_customer', { first });
      else seen.set(id, line);
    }
    if (r.errors.length > 0 || id === null) {
      problems.push(...r.errors);
      count.rejected++;
      continue;
    }
    records.push({
      id, name: r.text('name') || null, emails: emails.valid, cc: cc.valid, language, terms,
      creditLimit: limit ? limit.cents : null, doNotRemind, file: table.file, line,
      ...(type !== null ? { type } : {}),
      ...postalAddress(r),
      ...(r.has('iban') ? { ibans: readIbans(r.text('iban'), problems, table.file, line, headerOf(f, 'iban')) } : {}),
    });
    count.used++;
  }
  return { records, count, problems };
}

/**
 * A customer's type as people write it: a business (B2B, entreprise, professionnel, société,
 * bedrijf), a consumer (particulier, consommateur, B2C, consument), a public body (public,
 * administration, collectivité, B2G, overheid); null for anything else.
 * @example customerTypeOf("Particulier") === "consumer"
 */
export function customerTypeOf(text: string): CustomerType | null {
  const v = fold(text).replace(/[^a-z0-9]+/g, ' ').trim();
  if (/^(b2b|business|company|professional|pro|professionnel|entreprise|societe|bedrijf|onderneming|zakelijk)$/.test(v)) return 'business';
  if (/^(b2c|consumer|private|individual|particulier|consommateur|client particulier|personne physique|consument|privé|prive|particulier klant)$/.test(v)) return 'consumer';
  if (/^(b2g|public|public body|public sector|government|administration|collectivite|collectivite territoriale|etablissement public|secteur public|acheteur public|pouvoir public|overheid|openbaar bestuur|publiek)$/.test(v)) return 'public';
  return null;
}

/** The postal address of a customers-file row, as the lines of an envelope: street, postal code and city, country. */
function postalAddress(r: RowReader<'customers'>): { address?: string[] } {
  const street = r.has('address') ? r.text('address') : '';
  const town = [r.has('postalCode') ? r.text('postalCode') : '', r.has('city') ? r.text('city') : ''].filter(Boolean).join(' ');
  const country = r.has('country') ? r.text('country') : '';
  const lines = [...street.split(/\r?\n|\r/).map((l) => l.trim()), town, country].filter((l) => l !== '');
  return lines.length > 0 ? { address: lines } : {};
}

/**
 * A payment reference cell (issue 7, bank statements): kept as written, with a warning when it is a
 * Belgian structured communication whose check digits are wrong.
 */
function paymentReference(text: string, problems: Problem[], file: string, line: number, column: string): string {
  const key = paymentReferenceKey(text);
  if (/^\d{12}$/.test(key) && !isValidStructuredCommunication(key)) {
    problems.push({ severity: 'warning', code: 'structured_communication_invalid', file, line, column, value: text });
  }
  return text;
}

/** The IBANs of a customers-file cell (several separated by `,` or `;`); an invalid one is a warning and left out. */
function readIbans(text: string, problems: Problem[], file: string, line: number, column: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,;]+/)) {
    const iban = normalizeIban(part);
    if (iban === '') continue;
    if (isValidIban(iban)) out.push(iban);
    else problems.push({ severity: 'warning', code: 'invalid_iban', file, line, column, value: part.trim() });
  }
  return out;
}
