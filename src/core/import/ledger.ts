import { byName, referenceKey } from '../compare.ts';
import { isValidIban, isValidStructuredCommunication, normalizeIban, paymentReferenceKey, searchable } from './bank.ts';
import type { Day } from '../dates.ts';
import { NO_REFERENCE, UNKNOWN_REFERENCE } from '../allocate-arrays.ts';
import type { Ledger, LedgerBuilder } from '../ledger.ts';
import { cents as toCents, currencyCode, type Cents } from '../money.ts';
import { DEFAULT_TERMS, dueDateFromTerms, formatTerms, parseTerms, type EndOfMonthRule, type Terms } from '../terms.ts';
import type { Customer, CustomerType, InvoiceStatus, Language, Payment, Problem } from '../types.ts';
import { decideMark, markAssumedWarning, newMarkEvidence } from './amounts.ts';
import { cellReader, newDateEvidence, type AmountEvidence, type CellReader, type DateEvidence, type TokenSink } from './cells.ts';
import { readCurrency, readSide, type AmountColumn, type CellError, type DateColumn } from './columns.ts';
import type { DateOrder } from './dates-text.ts';
import { findHeader, headerCell, headerUnit, isFreeText, looksEnglish, mapColumns, normalizeHeader, REQUIRED, type ColumnMap, type FieldOf, type LedgerKind } from './headers.ts';
import { latin1 } from './encodings.ts';
import { journalKind, letteringGroups, letteringOfLine, sortLetteredDebits, unbalancedLettering, type JournalKind, type LetteredLine } from './journals.ts';
import { KeyTable } from './keys.ts';
import { cellText, isBlank, linesWarning, TOTAL_LABEL, type Table } from './table.ts';

/**
 * The importers of ledger tables (docs/accounting.md §1): the rows of an invoices, payments or customers
 * table — a CSV file or a workbook's sheet — into a `LedgerBuilder`'s columns, every problem collected.
 * One importer per kind of ledger, whatever the file: cells are read by a `CellReader` (cells.ts), fast
 * on a CSV's bytes, by the rules on anything else; each rule lives once, here or in the modules it calls.
 */

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
  /**
   * Payments the invoices file holds, no payments file given: its paid columns, the payments its balances or its
   * statuses say, an account statement's credits. Its `file` is the invoices'.
   */
  inInvoices?: boolean;
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
  /** The order of day and month the user told (`--date-order`, `dateOrder`): every date column reads so. */
  readonly dateOrder?: DateOrder;
  /**
   * How a payments file writes a payment, as the user told (`--payment-sign`, `paymentSign`): positive (a
   * negative amount is a refund), or negative, as a credit. Else decided from its amounts (§9.7).
   */
  readonly paymentSign?: PaymentSign;
  /** Told every few thousand rows how far the import is (rows done, rows in all), for a progress bar. */
  readonly onProgress?: (done: number, total: number) => void;
}

export type TermsLookup = (customerId: string) => Terms | null;

/** How a payments file writes a payment's amount: positive, or negative (a credit). */
export type PaymentSign = 'positive' | 'negative';

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

export interface Frame<K extends LedgerKind> {
  readonly table: Table;
  readonly columns: ColumnMap<K>;
  readonly headers: string[];
  readonly first: number;
  readonly english: boolean;
  /**
   * The currency the amount column's header names (`Amount (USD)`): an invoice's when neither a currency
   * column nor its cell says one. Not a payment's: SPEC §1 gives a payment without a currency column or
   * cell the currency of the invoices it pays (as it does a French bank's `Crédit euros` line).
   */
  readonly unit: string | null;
  /** The currency the balance column's header names (`Solde (EUR)`, Odoo's `Amount Due Signed`: the firm's), or null. */
  readonly balanceUnit: string | null;
  /** What choosing the columns decided that the user is told (a general ledger's account not read as the customer). */
  readonly notes: readonly Problem[];
}

/**
 * Where a table's header is and what its columns are; throws MissingColumnsError when a required one lacks. `book`:
 * the firm's currency, the unit of an amount whose header says it is the firm's (`BOOK_AMOUNT`).
 */
function frame<K extends LedgerKind>(kind: K, table: Table, mapping: Partial<Record<string, string>> | undefined, book = 'EUR'): Frame<K> {
  const match = findHeader(kind, table, mapping ?? {});
  if (!match || match.missing.length > 0) {
    throw new MissingColumnsError({
      file: table.file,
      kind,
      missing: (match?.missing ?? [...REQUIRED[kind]]) as string[],
      found: (match?.headers ?? []).filter((h) => h !== ''),
    });
  }
  const first = match.row + 1;
  const notes: Problem[] = [];
  let columns = match.columns as Record<string, number | undefined>;
  // An account column read as the customer's that holds one value on every row is a general ledger's account
  // (QuickBooks' `Account` beside `Customer`, Odoo's `Account` beside `Partner`): the customer is the column
  // the header names next, when that one varies. A customer account's `Compte` (411DUP, 411MAR…) varies.
  const c = columns.customerId;
  if (c !== undefined && mapping?.customerId === undefined && GENERAL_ACCOUNT.test(normalizeHeader(match.headers[c] ?? '')) && columnValues(table, c, first, match.headers[c] ?? '') === 'one') {
    const other = mapColumns(
      kind,
      match.headers.map((h, i) => (i === c ? '' : h)),
      mapping ?? {},
    ) as Record<string, number | undefined>;
    const next = other.customerId ?? other.customerName;
    if (next !== undefined && columnValues(table, next, first, match.headers[next] ?? '') === 'several') {
      columns = other;
      notes.push({
        severity: 'warning',
        code: 'account_not_customer',
        file: table.file,
        line: 0,
        column: match.headers[c],
        value: cellText(table.cell(first, c)).trim(),
        params: { customer: match.headers[next] ?? '' },
      });
    }
  }
  // A plain `Amount` beside a tax column and a `Total` (an English export's `Amount;Tax;Total`) is the amount
  // before tax: the total is the invoice's amount (SPEC §1: TTC).
  const a = columns.amount;
  if (kind === 'invoices' && a !== undefined && mapping?.amount === undefined && NET_AMOUNT.test(normalizeHeader(match.headers[a] ?? ''))) {
    const names = match.headers.map((h) => normalizeHeader(h));
    const total = names.findIndex((n, i) => i !== a && TOTAL_AMOUNT.test(n));
    if (total >= 0 && names.some((n) => TAX.test(n)) && !Object.values(columns).includes(total)) {
      notes.push({ severity: 'warning', code: 'amount_before_tax', file: table.file, line: 0, column: match.headers[total], params: { net: match.headers[a] ?? '' } });
      columns = { ...columns, amount: total };
    }
  }
  // A report's `Transaction Type` (QuickBooks': Invoice, Payment, Credit Memo) is the type when every value is one
  // `ar` knows; a report that also lists journal entries or sales receipts is read by its signs, as without it.
  if (kind === 'invoices' && columns.docType === undefined && mapping?.docType === undefined) {
    const t = columnOfValues(table, match.headers, columns, first, TRANSACTION_TYPE, (text) => documentType(text) !== null);
    if (t >= 0) columns = { ...columns, docType: t };
  }
  // A payments file's `Payment Type` says money in or out when every value of it does (ERPNext's Receive, Pay).
  if (kind === 'payments' && columns.direction === undefined && mapping?.direction === undefined) {
    const t = columnOfValues(table, match.headers, columns, first, DIRECTION_HEADER, (text) => paymentDirection(text) !== null);
    if (t >= 0) columns = { ...columns, direction: t };
  }
  // Else a payments file's `Sens` of debits and credits (`D`, `C`): each amount's side, as a customer account's or a
  // bank journal's lines write it (their signs then read as any payments file's, §9.7).
  if (kind === 'payments' && columns.direction === undefined && columns.side === undefined && mapping?.side === undefined) {
    const t = columnOfValues(table, match.headers, columns, first, SIDE_HEADER, (text) => readSide(text) !== 0);
    if (t >= 0) columns = { ...columns, side: t };
  }
  // A payment status alone (`Statut de paiement`) is the invoice's status too: its disputes, drafts and cancellations.
  if (kind === 'invoices' && columns.status === undefined && columns.paymentStatus !== undefined) columns = { ...columns, status: columns.paymentStatus };
  const unitOf = (c: number | undefined): string | null => {
    if (c === undefined) return null;
    const header = match.headers[c] ?? '';
    return headerUnit(header)?.currency ?? (BOOK_AMOUNT.test(normalizeHeader(header)) ? book : null);
  };
  const unit = unitOf(columns.amount);
  const balanceUnit = unitOf(columns.balance);
  return { table, columns: columns as ColumnMap<K>, headers: match.headers, first, english: looksEnglish(match.headers), unit, balanceUnit, notes };
}

/**
 * An amount in the firm's currency whatever the row's: Odoo's `Total Signed`, `Amount Due Signed` and a payment's
 * `Amount Signed` (`Total signé`, `Montant dû signé`, `Montant signé`), its company's currency, beside `Total in
 * Currency Signed`, the document's. On a row in another currency it is refused, as an amount under `Total (EUR)` is:
 * its amount in the row's currency is not in the file.
 */
const BOOK_AMOUNT = /^(totalsigned|totalsigne|amountduesigned|montantdusigne|amountsigned|montantsigne)$/;

/** A payments file's column of money in or out (`Payment Type`, `Sens`): read only when all its values say so. */
const DIRECTION_HEADER = /^(paymenttype|typedepaiement|typepaiement|typedereglement|typereglement|sens|direction|betalingstype|betaalrichting)$/;

/** A payments file's column of each amount's side: read only when all its values are sides (`D`, `C`, `Débit`…). */
const SIDE_HEADER = /^(sens|sensecriture|sensdelecriture|dc|debitcredit|debetcredit)$/;

/** A report's column of each row's kind of transaction: a document type only when all its values are. */
const TRANSACTION_TYPE = /^(transactiontype|typedetransaction|typedoperation|typeoperation|transactietype)$/;

/**
 * The first column no field reads whose header `header` names and every value of which `known` knows (one at
 * least; each distinct value asked once), else -1: a column read only when its values say what it is.
 */
function columnOfValues(table: Table, headers: readonly string[], columns: Record<string, number | undefined>, first: number, header: RegExp, known: (text: string) => boolean): number {
  const c = headers.findIndex((h, i) => header.test(normalizeHeader(h)) && !Object.values(columns).includes(i));
  if (c < 0) return -1;
  const seen = new Map<string, boolean>();
  let any = false;
  for (const text of columnTexts(table, c, first)) {
    let yes = seen.get(text);
    if (yes === undefined) seen.set(text, (yes = known(text)));
    if (!yes) return -1;
    any = true;
  }
  return any ? c : -1;
}

/** An amount's header that says nothing of tax, beside a tax column the amount before it; a total's; a tax's. */
const NET_AMOUNT = /^(amount|montant|bedrag)$/;
const TOTAL_AMOUNT = /^(total|totalamount|invoicetotal|totaal)$/;
const TAX = /^(tax|taxes|taxamount|salestax|vat|vatamount|tva|montanttva|btw|btwbedrag)$/;

/**
 * Headers of an account column, the customer's in a customer account's statement, a general ledger's elsewhere.
 * Not `Tiers`, `Compte tiers`: an auxiliary account, the customer's, whatever it holds (a file of one customer).
 */
const GENERAL_ACCOUNT = /^(account|accountnumber|compte)$/;

/** The texts of column c's cells below its header that are not blank, trimmed, row after row (a scan its reader may stop). */
function* columnTexts(table: Table, c: number, first: number): Generator<string> {
  for (let r = first; r < table.rowCount; r++) {
    const cell = table.cell(r, c);
    if (!isBlank(cell)) yield cellText(cell).trim();
  }
}

/**
 * What column c holds below its header, blank cells and the header again (a report's page header) aside: one
 * value on two rows or more, several values (the scan stops at the second), or too few to tell (none, or one row).
 */
function columnValues(table: Table, c: number, first: number, header: string): 'one' | 'several' | 'few' {
  const own = headerCell(header);
  let value: string | null = null;
  let rows = 0;
  for (const text of columnTexts(table, c, first)) {
    if (headerCell(text) === own) continue;
    if (value === null) value = text;
    else if (text !== value) return 'several';
    rows++;
  }
  return rows >= 2 ? 'one' : 'few';
}

function col<K extends LedgerKind>(f: Frame<K>, field: FieldOf<K>): number {
  return (f.columns as Record<string, number | undefined>)[field] ?? -1;
}

/**
 * A heading a report puts above a group of rows ("Current", "1 - 30 days past due", "Clients France",
 * "Factures 2026"): a row of one text and nothing else `ar` reads. Its text is in a column `ar` does not
 * read, or is the only cell of the row's `names` columns (its document's number, its customer's id or
 * name): a row with a date, an amount, a status or a second name is no heading. It is no document:
 * ignored and reported with its text, as a total row is. The heading's text, else null.
 */
function heading<K extends LedgerKind>(reader: CellReader, f: Frame<K>, r: number, names: readonly number[], dated = -1): string | null {
  const text = headingText(reader, f, r, names, dated);
  return text === null || text.length <= HEADING_SHOWN ? text : `${text.slice(0, HEADING_SHOWN)}…`;
}

/**
 * A heading's whole text (see `heading`), else null. With `dated`, the date column may hold it too when it is
 * no date and reads as words (a report that names its groups in its first column, the date's: Xero's).
 */
function headingText<K extends LedgerKind>(reader: CellReader, f: Frame<K>, r: number, names: readonly number[], dated = -1): string | null {
  let named = -1;
  for (const c of Object.values(f.columns) as (number | undefined)[]) {
    if (c === undefined || reader.blank(r, c)) continue;
    if (named >= 0 || !(names.includes(c) || (c === dated && typeof reader.cell(r, c) === 'string' && wordy(reader.text(r, c))))) return null;
    named = c;
  }
  return firstText(reader, r, Math.max(named, 0));
}

/**
 * Whether a text that is no date, alone on its row in the date's column, reads as words: a heading, a name
 * (`3M France`), a report's time of printing at its foot (QuickBooks' `Monday, December 07, 2026 04:25 PM`).
 * A figure alone (`31/13/2026`) is a bad date, not words.
 */
function wordy(text: string): boolean {
  return !/\d/.test(text) || /\p{L}{3}/u.test(text);
}

/** The text of row r's first cell from column `from` on that is not blank, else null. */
function firstText(reader: CellReader, r: number, from = 0): string | null {
  const width = reader.width(r);
  for (let c = from; c < width; c++) if (!reader.blank(r, c)) return reader.text(r, c);
  return null;
}

/** A group of a report's rows that names its customer in a heading above them and in its total row below. */
interface CustomerGroup {
  readonly id: string;
  /** The heading's other words (`411DUP - Dupont & Fils`: `Dupont & Fils`), or null when it is the id alone. */
  readonly name: string | null;
  /** The lines of its first and last rows. */
  readonly from: number;
  readonly to: number;
}

/** An aged balance's bracket (`Current`, `1 - 30 days past due`, `61-90 jours`, `Non échu`, `Plus de 90 jours`). */
const AGE_BRACKET = /^(current|courant|non echu|echu|not due|older|over \d|plus de \d|more than \d|\d+ ?(to|a|-|–) ?\d+\b)|\b(days?|jours?|dagen|past due|overdue)\b/;

/** A customer's label before its code or name in a heading or a total (`Client : `, `Customer `, `Total for `). */
const GROUP_LABEL =
  /^(?:(?:sous ?|sub ?)?(?:totals?|totaux|totaal|eindtotaal|grand total)\b ?(?:for|pour|du|de|des|van|voor)?\b ?)?(?:(?:le |du )?(?:client|customer|compte(?: client)?|tiers|klant|debiteur)\b ?(?:n ?°|no|nr|#)? ?:? ?)?/;

/**
 * The customer a group's heading and total row both name, or null when they do not: a total names the whole
 * heading (`Amy's Bird Sanctuary` … `Total for Amy's Bird Sanctuary`), or its first word, the customer's code
 * (`411DUP - Dupont & Fils` … `Total 411DUP`), the rest then its name. Compared as references are (case,
 * accents and spaces aside).
 */
function groupCustomer(headingCell: string, totalCell: string): { id: string; name: string | null } | null {
  const total = fold(totalCell).replace(GROUP_LABEL, '').trim();
  const label = GROUP_LABEL.exec(fold(headingCell))![0];
  if (total === '') return null;
  // The heading without its label (`Client : `), as written: its folded form keeps the words' order and count.
  const words = headingCell.trim().split(/\s+/);
  const labelWords = label.trim() === '' ? 0 : label.trim().split(' ').length;
  const rest = words.slice(labelWords);
  // A separator alone between the label and the code (`Client - 411DUP`), as folding drops it.
  while (rest.length > 0 && /^[-–:|]+$/.test(rest[0]!)) rest.shift();
  if (rest.length === 0) return null;
  if (fold(rest.join(' ')) === total) return { id: rest.join(' '), name: null };
  const code = rest[0]!.replace(/[-–:,|]+$/, '');
  if (fold(code) !== total) return null;
  const name = rest
    .slice(1)
    .join(' ')
    .replace(/^[-–:,|()\s]+/, '')
    .trim();
  return { id: code, name: name === '' ? null : name };
}

/**
 * A report grouped by customer (QuickBooks' Customer Balance Detail, an accounting program's échéancier printed
 * to a sheet): its rows leave their customer blank under a heading that names it, and the group's total row
 * names it again. Each group so closed, with the customer of each of its rows by row index (-1 elsewhere); a
 * heading no total names the same (`Factures 2026`, `1 - 30 days past due`) gives no customer.
 */
function customerGroups(reader: CellReader, f: Frame<'invoices'>, names: readonly number[]): { readonly groups: CustomerGroup[]; readonly of: Int32Array; readonly headings: Set<number> } {
  const table = f.table;
  const cNumber = col(f, 'number');
  const cIssue = col(f, 'issueDate');
  const of = new Int32Array(table.rowCount).fill(-1);
  const groups: CustomerGroup[] = [];
  const headings = new Set<number>();
  const cCustomer = col(f, 'customerId');
  const cName = col(f, 'customerName');
  const key = new KeyCell();
  let open: { readonly row: number; readonly text: string; named: boolean } | null = null;
  for (let r = f.first; r < table.rowCount; r++) {
    if (reader.blankRow(r)) continue;
    key.read(reader, r, cNumber);
    if (key.isTotal(reader, r) && (key.blank || reader.blank(r, cIssue))) {
      const customer = open === null || open.named ? null : groupCustomer(open.text, key.blank ? (firstText(reader, r) ?? '') : reader.text(r, cNumber));
      if (open !== null && customer !== null && r > open.row + 1) {
        for (let k = open.row + 1; k < r; k++) of[k] = groups.length;
        headings.add(open.row);
        groups.push({ ...customer, from: table.line(open.row + 1), to: table.line(r - 1) });
      }
      open = null;
      continue;
    }
    const text = headingText(reader, f, r, names, cIssue);
    // A heading that names an age bracket is no customer's, nor is a group whose rows name their customers
    // (an aged balance grouped by age: "1 - 30 days past due" … "Total for 1 - 30 days past due").
    if (text !== null) open = { row: r, text, named: AGE_BRACKET.test(fold(text)) };
    else if (open !== null && !(reader.blank(r, cCustomer) && reader.blank(r, cName))) open.named = true;
  }
  return { groups, of, headings };
}

/**
 * Whether a balance column is a running balance (a customer account's `Solde progressif`), fed each row's amount
 * and balance in the file's order: the first row of each customer's balance its amount, each next one the balance
 * before plus its amount. Such a column says nothing of what is left to pay of each invoice. An open item's balance
 * never exceeds its amount, so the two readings cannot both hold once some row's balance is not its amount.
 */
class RunningBalance {
  private before = new Float64Array(1024).fill(Number.NaN);
  private chained = true;
  private differs = false;
  /** The row's customer, amount and balance; a balance that is null (blank) or NaN (no amount) ends the chain. */
  add(customer: number, amount: number, balance: number | null): void {
    if (!this.chained) return;
    if (balance === null || balance !== balance || customer < 0) {
      this.chained = false;
      return;
    }
    if (customer >= this.before.length) {
      const grown = new Float64Array(Math.max(customer + 1, this.before.length * 2)).fill(Number.NaN);
      grown.set(this.before);
      this.before = grown;
    }
    const before = this.before[customer]!;
    if (balance !== (before === before ? before + amount : amount)) this.chained = false;
    if (balance !== amount) this.differs = true;
    this.before[customer] = balance;
  }
  get running(): boolean {
    return this.chained && this.differs;
  }
}

/** A customers file's heading has no cell `ar` reads: a name alone is a customer without its code. */
const NO_NAMES: readonly number[] = [];

/** How much of a heading's text its warning shows. */
const HEADING_SHOWN = 60;

function headerOf<K extends LedgerKind>(f: Frame<K>, field: FieldOf<K>): string {
  const c = col(f, field);
  return c < 0 ? field : (f.headers[c] ?? field);
}

function newCount(file: string): ImportCount {
  return { file, read: 0, used: 0, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } };
}

function addTo(sums: Record<string, Cents>, currency: string, amount: number): void {
  sums[currency] = toCents((sums[currency] ?? 0) + amount);
}

/**
 * Cents summed by currency code, a row at a time: an array slot per code (most files have one), not a
 * keyed object written a million times; `into` adds them to an import's count, codes in the order met.
 */
class Sums {
  private readonly codes: string[] = [];
  private readonly values: number[] = [];
  private last = '';
  private lastIndex = -1;
  add(code: string, cents: number): void {
    let k = code === this.last ? this.lastIndex : this.codes.indexOf(code);
    if (k < 0) {
      k = this.codes.length;
      this.codes.push(code);
      this.values.push(0);
    }
    this.last = code;
    this.lastIndex = k;
    this.values[k]! += cents;
  }
  into(sums: Record<string, Cents>): void {
    for (let k = 0; k < this.codes.length; k++) addTo(sums, this.codes[k]!, this.values[k]!);
  }
}

// ── Dates and amounts: how each column reads, decided once from all its values ─────────────────────

/** Plausible payment terms in days: cash, or a week to four months. Read one way, dates that give terms of 1 to 6 days or below 0 are not. */
function plausibleTerms(days: number): boolean {
  return days === 0 || (days >= 7 && days <= 120);
}

/** How the date columns of a file read, and what decided their order of day and month. */
interface DateDecision<F extends string> {
  readonly columns: Map<F, DateColumn>;
  /** The order the file's own values settled (or the user told, or the terms showed); null when only the locale did. */
  readonly order: DateOrder | null;
}

/** What a file's date and amount columns say of how they read: gathered in one pass over its rows. */
interface Evidence<K extends LedgerKind> {
  readonly dates: Map<FieldOf<K>, DateEvidence>;
  readonly amounts: Map<FieldOf<K>, AmountEvidence>;
  /** Each date column's cells as the evidence pass saw them (`CellReader.dateEvidence`), by row: not read twice. */
  readonly seen: Map<FieldOf<K>, Int32Array>;
}

function gatherEvidence<K extends LedgerKind>(reader: CellReader, f: Frame<K>, dateFields: readonly FieldOf<K>[], amountFields: readonly FieldOf<K>[], withDates: boolean): Evidence<K> {
  const dates = withDates ? dateFields.filter((field) => col(f, field) >= 0) : [];
  const amounts = amountFields.filter((field) => col(f, field) >= 0);
  const dateCols = Int32Array.from(dates.map((field) => col(f, field)));
  const amountCols = Int32Array.from(amounts.map((field) => col(f, field)));
  const dateEv = dates.map(() => newDateEvidence());
  const amountEv = amounts.map((): AmountEvidence => newMarkEvidence());
  const rows = f.table.rowCount;
  const seen = dates.map(() => new Int32Array(rows));
  for (let r = f.first; r < rows; r++) {
    for (let k = 0; k < dateCols.length; k++) seen[k]![r] = reader.dateEvidence(r, dateCols[k]!, dateEv[k]!);
    for (let k = 0; k < amountCols.length; k++) reader.amountEvidence(r, amountCols[k]!, amountEv[k]!);
  }
  return {
    dates: new Map(dates.map((field, k) => [field, dateEv[k]!])),
    amounts: new Map(amounts.map((field, k) => [field, amountEv[k]!])),
    seen: new Map(dates.map((field, k) => [field, seen[k]!])),
  };
}

/**
 * Decides the reading of every date column of a file together (docs/accounting.md §9.2): the order the
 * user told, else each column's own values (a day over 12 settles it); a column they do not settle follows
 * another date column of the file, else the issue and due dates' plausible terms (read one way every
 * invoice may be due the next day, the other way in thirty days), else `hint` (the other file of the
 * load), else the file's locale — and then the user is told.
 */
function decideDates<K extends LedgerKind>(
  reader: CellReader,
  f: Frame<K>,
  fields: readonly FieldOf<K>[],
  evidence: Evidence<K>,
  options: { told?: DateOrder; hint?: DateOrder | null; pair?: [FieldOf<K>, FieldOf<K>] },
  problems: Problem[],
): DateDecision<FieldOf<K>> {
  const t = f.table;
  const date1904 = t.hints.date1904 ?? false;
  const fallback: DateOrder = t.hints.continental || !f.english ? 'dmy' : 'mdy';
  const present = fields.filter((field) => col(f, field) >= 0);
  const columns = new Map<FieldOf<K>, DateColumn>();
  if (options.told !== undefined) {
    for (const field of present) columns.set(field, { order: options.told, assumed: false, hasAmbiguous: false, date1904 });
    return { columns, order: options.told };
  }
  const ev = present.map((field) => evidence.dates.get(field)!);
  let fileOrder: DateOrder | null = null;
  const own = present.map((_, k) => {
    const e = ev[k]!;
    if (e.dmy === 0 && e.mdy === 0) return null;
    const order: DateOrder = e.dmy >= e.mdy ? 'dmy' : 'mdy';
    fileOrder ??= order;
    return order;
  });
  let byTerms: { order: DateOrder; plausible: number; other: number } | null = null;
  if (fileOrder === null && options.pair !== undefined && ev.some((e) => e.ambiguous)) byTerms = termsDecide(reader, f, options.pair);
  const decided: DateOrder | null = fileOrder ?? byTerms?.order ?? options.hint ?? null;
  present.forEach((field, k) => {
    const e = ev[k]!;
    const order = own[k] ?? decided ?? fallback;
    const assumed = own[k] === null && decided === null;
    columns.set(field, { order, assumed, hasAmbiguous: e.ambiguous, date1904, ...(own[k] !== null && e.typed > 0 ? { typedMaybeSwapped: true } : {}) });
    if (assumed && e.ambiguous) {
      problems.push({ severity: 'warning', code: 'ambiguous_date_order', file: t.file, line: 0, column: headerOf(f, field), params: { order } });
    }
  });
  if (byTerms !== null && own.some((o, k) => o === null && ev[k]!.ambiguous)) {
    problems.push({
      severity: 'warning',
      code: 'date_order_by_terms',
      file: t.file,
      line: 0,
      column: headerOf(f, options.pair![0]),
      params: { order: byTerms.order, plausible: byTerms.plausible, other: byTerms.other },
    });
  }
  return { columns, order: decided };
}

/**
 * The order of day and month under which more invoices have plausible terms (due − issue), counted over
 * the rows both orders read; null when neither order does better.
 */
function termsDecide<K extends LedgerKind>(reader: CellReader, f: Frame<K>, pair: [FieldOf<K>, FieldOf<K>]): { order: DateOrder; plausible: number; other: number } | null {
  const ci = col(f, pair[0]);
  const cd = col(f, pair[1]);
  if (ci < 0 || cd < 0) return null;
  const issue = { dmy: NaN, mdy: NaN };
  const due = { dmy: NaN, mdy: NaN };
  let dmy = 0;
  let mdy = 0;
  for (let r = f.first; r < f.table.rowCount; r++) {
    if (reader.blank(r, ci) || reader.blank(r, cd)) continue;
    reader.dateReadings(r, ci, issue);
    reader.dateReadings(r, cd, due);
    if (issue.dmy !== issue.dmy || issue.mdy !== issue.mdy || due.dmy !== due.dmy || due.mdy !== due.mdy) continue;
    if (plausibleTerms(due.dmy - issue.dmy)) dmy++;
    if (plausibleTerms(due.mdy - issue.mdy)) mdy++;
  }
  if (dmy === mdy) return null;
  return dmy > mdy ? { order: 'dmy', plausible: dmy, other: mdy } : { order: 'mdy', plausible: mdy, other: dmy };
}

/** Decides the decimal mark of each amount column from all its values, else the file's locale. */
function decideAmounts<K extends LedgerKind>(f: Frame<K>, fields: readonly FieldOf<K>[], evidence: Evidence<K>, problems: Problem[]): Map<FieldOf<K>, AmountColumn> {
  const t = f.table;
  const continental = t.hints.continental ?? false;
  const out = new Map<FieldOf<K>, AmountColumn>();
  for (const field of fields) {
    const ev = evidence.amounts.get(field);
    if (ev === undefined) continue;
    const a = decideMark(ev, continental);
    if (a.conflicting) problems.push({ severity: 'warning', code: 'mixed_decimal_marks', file: t.file, line: 0, column: headerOf(f, field), params: { mark: a.mark } });
    const assumed = markAssumedWarning(a, t.file, (r) => t.line(r), headerOf(f, field));
    if (assumed !== null) problems.push(assumed);
    out.set(field, { mark: a.mark, conflicting: a.conflicting });
  }
  return out;
}

// ── Words: cells read as one of a few values (a status, a document type, a currency, terms) ───────

/**
 * The meaning of a column of few distinct values, worked out once per distinct text: a million rows of
 * "EUR" or "Payée" cost one reading.
 */
class Words<T> {
  /** Words by their bytes as the file writes them (whatever its encoding), and by text (cells read as text). */
  private readonly byBytes = new KeyTable(16, false);
  private readonly byText = new KeyTable(16, false);
  private readonly bytesWord: number[] = [];
  private readonly textWord: number[] = [];
  /** Each distinct word: its text and meaning; a cell of spaces the text trims away is blank (-1). */
  private readonly values: T[] = [];
  private readonly texts: string[] = [];
  private readonly decode: (text: string) => T;
  constructor(decode: (text: string) => T) {
    this.decode = decode;
  }
  /** The meaning of cell (r, c) (`text` is then its text); undefined when it is blank. */
  of(reader: CellReader, r: number, c: number): T | undefined {
    this.wasRead = false;
    this.word = -1;
    if (c < 0) return undefined;
    let word: number;
    if (reader.rawToken(r, c)) {
      const d = reader.d;
      const s = reader.s;
      const n = reader.e - s;
      if (n === 0) return undefined;
      // A column holds a few words: they are compared where last seen in the file, before any hash.
      if (d !== this.seenBytes) {
        this.seenBytes = d;
        this.seenCount = 0;
      }
      let k = 0;
      while (k < this.seenCount && !(this.seenLength[k] === n && sameBytes(d, s, this.seenStart[k]!, n))) k++;
      if (k < this.seenCount) word = this.seenWord[k]!;
      else {
        const id = this.byBytes.add(d, s, s + n);
        if (this.byBytes.added) this.bytesWord[id] = this.learn(reader.text(r, c));
        word = this.bytesWord[id]!;
        const slot = this.seenCount < SEEN ? this.seenCount++ : this.seenNext++ % SEEN;
        this.seenStart[slot] = s;
        this.seenLength[slot] = n;
        this.seenWord[slot] = word;
      }
    } else {
      if (reader.str === '') return undefined;
      const id = this.byText.addText(reader.str);
      if (this.byText.added) this.textWord[id] = this.learn(reader.str);
      word = this.textWord[id]!;
    }
    this.word = word;
    if (word < 0) return undefined;
    this.text = this.texts[word]!;
    this.wasRead = true;
    return this.values[word]!;
  }
  /** The last cell's word: an index of the distinct words met (for another meaning kept beside it), -1 when blank. */
  word = -1;
  /** The distinct words met, by word: their texts. */
  words(): readonly string[] {
    return this.texts;
  }
  /** The word of a text read for the first time: its meaning worked out once (-1 when the text is blank). */
  private learn(text: string): number {
    if (text === '') return -1;
    this.texts.push(text);
    this.values.push(this.decode(text));
    return this.texts.length - 1;
  }
  text = '';
  /** Whether the last cell asked for held something (it was not blank). */
  wasRead = false;
  /** The words last met in the file's bytes `seenBytes`: where, how long, which word; at most SEEN, the oldest replaced. */
  private seenBytes: Uint8Array | null = null;
  private readonly seenStart = new Int32Array(SEEN);
  private readonly seenLength = new Int32Array(SEEN);
  private readonly seenWord = new Int32Array(SEEN);
  private seenCount = 0;
  private seenNext = 0;
}

const SEEN = 8;

function sameBytes(d: Uint8Array, a: number, b: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (d[a + i] !== d[b + i]) return false;
  return true;
}

/** What a type or a status cell says of a row that is no invoice: a draft, a pro forma, a quote, an order, a delivery note, a sale paid at once (nothing owed). */
const NOT_AN_INVOICE = 'not_an_invoice';
/** What a status cell says of an invoice cancelled (voided) in the software that wrote the file: nothing is owed on it. */
const CANCELLED = 'cancelled';
const DRAFTS =
  /^((brouillon|draft)\b.*|concept|pro ?forma|facture pro ?forma|proforma invoice|devis|quote|quotation|estimate|offerte|awaiting approval|a valider|en attente de validation|bon de livraison|bon de commande|delivery note|sales order|leveringsbon|bestelbon|sales receipt)$/;
/**
 * A credit note's type, as software writes it (QuickBooks' `Credit Memo`, Xero's `Sales credit note` or `ACCRECCREDIT`,
 * Odoo's `out_refund`; `Avoir commercial`, `Avoir d'annulation`), and a discount granted on an invoice paid early
 * (`Escompte`), a credit as a credit note is.
 */
const CREDIT_NOTE_TYPES =
  /^(avoir|avoirs|avoir client|avoir commercial|avoir financier|avoir d annulation|avoir sur facture|credit ?note|credit|cn|nc|note de credit|creditnota|credit nota|av|credit memo|sales credit note|customer credit note|accreccredit|out refund|verkoopcreditnota|escompte|escompte accorde)$/;
/**
 * A refund: Odoo's older name of a credit note (`Refund`), and Business Central's money paid back to the customer
 * (`Refund`, `Remboursement`, `Terugbetaling`, written on the debit side). Which one a row is, its sign and the file's
 * say (`Refunds`).
 */
const REFUND_TYPES = /^(refund|customer refund|remboursement|terugbetaling)$/;
/**
 * An invoice's type, as software writes it (Xero's `Sales invoice` or `ACCREC`, Odoo's `Customer Invoice`, `out_invoice`),
 * and what else a customer owes as one: Business Central's `Reminder` (its fee) and `Finance Charge Memo` (interest); a
 * down payment's invoice and the final one (`Facture d'acompte`, `Facture de solde`, `Voorschotfactuur`), and a
 * corrective one (`Facture rectificative`: its sign tells whether it adds or takes off).
 */
const INVOICE_TYPES =
  /^(facture|invoice|factuur|fa|fac|inv|f|debit|note de debit|sales invoice|customer invoice|facture client|facture de vente|accrec|out invoice|verkoopfactuur|reminder|relance|aanmaning|finance charge memo|finance charge|facture d interets|rentefactuur|facture d acompte|facture de solde|facture rectificative|voorschotfactuur|deposit invoice|down payment invoice|progress invoice)$/;
/** An account statement's rows of money received: payments, not credit notes. */
const PAYMENT_TYPES = /^(reglement|reglement client|paiement|payment|customer payment|encaissement|virement|virement recu|cheque|remise de cheque|receipt|betaling|ontvangst)$/;
/**
 * The wording of an account statement's line of money received (`Virement SEPA Dupont`, `Règlement fact. 12`,
 * `CHQ 4512`, `Remise de chèques`, `Prlv`): its first words. A discount (`Remise`, `Escompte`), a refund, an
 * `Avoir` say no such thing.
 */
const PAYMENT_LABEL =
  /^(virement|vir|virt|reglement|regl|rglt|rgt|paiement|pmt|cheque|cheques|chq|encaissement|remise (de |d )?(cheques?|chq)|prelevement|prlv|payment|transfer|wire|check|receipt|betaling|overschrijving|storting|ontvangst|domiciliering)( |$)/;
/** A journal of miscellaneous entries (opérations diverses): a transfer between accounts there says `Virement` too. */
const MISC_JOURNAL = /^(od|ods|opd|div|divers|operations diverses|diverse|memoriaal)\d*$/;
/** An invoice cancelled or voided in its software (Stripe's and Zoho's `void`, Pennylane's `Annulée`): not owed. */
const CANCELLED_STATUS = /^(annulee|annule|cancelled|canceled|void|voided|deleted|supprimee|geannuleerd|verwijderd)$/;
/**
 * In dispute, or in the hands of a lawyer or a collection agency (`Contentieux`, `En recouvrement`, `Douteux`, `In
 * collection`, `Incasso`): the French chart of accounts holds both in one account (416, clients douteux ou litigieux),
 * and neither is the time for a reminder of `ar`'s. Held as a dispute is. (A collection still the firm's own,
 * `Recouvrement amiable`, is a normal state.)
 */
const DISPUTED =
  /^(litige|en litige|litigieux|litigieuse|dispute|disputed|in dispute|contest|conteste|contestee|betwist|geschil|bloque|blocked|contentieux|en contentieux|au contentieux|recouvrement|en recouvrement|recouvrement contentieux|douteux|douteuse|client douteux|creance douteuse|douteux ou litigieux|in collection|in collections|sent to collections?|collections|incasso|in incasso|bij incasso|uit handen gegeven|dubieus|dubieuze debiteur)$/;
const WRITTEN_OFF =
  /^(irrecouvrable|passe en perte|passee en perte|perte|written off|write ?off|written-off|bad debt|uncollectible|marked uncollectible|abandonnee|abandonne|abandoned|oninbaar|afgeschreven|creance irrecouvrable)$/;
/**
 * The words of an invoice's life that change nothing of it: open, late, sent, seen, reminded (`Relance 2`, `Mise en
 * demeure`, `Herinnering`: `ar`'s levels are its journal's), and what says it paid (PAID_IN_FULL, PAID_IN_PART).
 */
const NORMAL_STATUS =
  /^(|open|ouvert|ouverte|en cours|normal|ok|late|en retard|retard|en retard de paiement|retard de paiement|paiement en retard|due|echue|echu|impaye|non reglee|non regle|a encaisser|en attente de reglement|openstaand|non payee|impayee|unpaid|relancee|relance|a relancer|emise|envoyee|validee|comptabilisee|sent|issued|overdue|verzonden|vervallen|a venir|a regler|a payer|en attente|en attente de paiement|finalisee|vue|pending|awaiting payment|authorised|authorized|approved|viewed|past due|finalized|posted|auto paid|not paid|non payees|invoicing app legacy|ancienne facturation|te betalen|onbetaald|uitstaand|te laat|laat|achterstallig|herinnering verstuurd|bekeken|credit note issued|return|unpaid and discounted|overdue and discounted|(1ere|1re|2e|2eme|3e|3eme|premiere|deuxieme|troisieme|derniere) relance|relance (n ?°? ?)?\d+|relancee \d+ fois|rappel( \d+)?|mise en demeure|recouvrement amiable|en recouvrement amiable|reminder( \d+)?( sent)?|reminded|(first|second|final) reminder|((\d+e|eerste|tweede|laatste) )?(herinnering|aanmaning)( \d+)?|aangemaand)$/;

/**
 * What a document-type cell says: a credit note, an invoice, a payment (an account statement's row of money
 * received), no invoice (a draft, a pro forma, a quote), or null when it is none of these.
 */
function documentType(text: string): 'credit_note' | 'refund' | 'invoice' | 'payment' | typeof NOT_AN_INVOICE | null {
  const t = fold(text);
  if (CREDIT_NOTE_TYPES.test(t)) return 'credit_note';
  if (REFUND_TYPES.test(t)) return 'refund';
  if (INVOICE_TYPES.test(t)) return 'invoice';
  if (PAYMENT_TYPES.test(t)) return 'payment';
  return DRAFTS.test(t) ? NOT_AN_INVOICE : null;
}

/** What a status cell says: in dispute, written off, normal, no invoice (a draft), cancelled, a credit note; null when `ar` does not know it. */
function invoiceStatus(text: string): InvoiceStatus | typeof NOT_AN_INVOICE | typeof CANCELLED | 'credit_note' | null {
  const f = fold(text);
  // A document's type in the status column (Pennylane's `Avoir`): a credit note, else nothing of its state.
  if (CREDIT_NOTE_TYPES.test(f) || REFUND_TYPES.test(f)) return 'credit_note';
  if (INVOICE_TYPES.test(f)) return 'normal';
  if (DISPUTED.test(f)) return 'disputed';
  if (WRITTEN_OFF.test(f)) return 'written_off';
  if (NORMAL_STATUS.test(f) || PAID_IN_FULL.test(f) || PAID_IN_PART.test(f)) return 'normal';
  if (DRAFTS.test(f)) return NOT_AN_INVOICE;
  return CANCELLED_STATUS.test(f) ? CANCELLED : null;
}

/**
 * The refunds of an invoices file (`Refund`, `Remboursement`, `Terugbetaling`): one of an amount above zero is money
 * paid back to the customer (a debit, §1.7) where the file writes its credits below zero: its two sides say so, else
 * most of its rows typed as credit notes or payments (not refunds) are below zero (Business Central's customer ledger
 * entries), read once, at the first such refund; else (Odoo's older exports, amounts unsigned) a credit note, and the
 * lines said when nothing in the file tells (`unsigned`).
 */
class Refunds {
  private readonly reader: CellReader;
  private readonly f: Frame<'invoices'>;
  private readonly cType: number;
  private readonly amount: Reading<'invoices', AmountColumn>;
  private readonly twoSides: boolean;
  private belowZero: boolean | null | undefined;
  readonly unsigned: number[] = [];
  constructor(reader: CellReader, f: Frame<'invoices'>, cType: number, amount: Reading<'invoices', AmountColumn>, twoSides: boolean) {
    this.reader = reader;
    this.f = f;
    this.cType = cType;
    this.amount = amount;
    this.twoSides = twoSides;
  }

  /** Whether the refund of `cents` on `line` is money paid back (else a credit note). */
  paidBack(cents: number, line: number): boolean {
    if (cents < 0) return false;
    if (this.belowZero === undefined) this.belowZero = this.twoSides ? true : this.creditsBelowZero();
    if (this.belowZero === null) this.unsigned.push(line);
    return this.belowZero === true;
  }

  /** Whether most typed credits are below zero, above, or null when there are none to tell (or as many each way). */
  private creditsBelowZero(): boolean | null {
    const { reader, f, cType, amount } = this;
    if (cType < 0 || amount.c < 0) return null;
    const types = new Words((t) => documentType(t));
    const { currency, error } = reader;
    let below = 0;
    let above = 0;
    for (let r = f.first; r < f.table.rowCount; r++) {
      const type = types.of(reader, r, cType);
      if (type !== 'credit_note' && type !== 'payment') continue;
      const cents = reader.amount(r, amount.c, amount.col);
      if (cents < 0 && cents !== -Infinity) below++;
      else if (cents > 0) above++;
    }
    reader.currency = currency;
    reader.error = error;
    return below === above ? null : below > above;
  }
}

/** Terms a row's cell holds that are not read: the row rejected when it needs them (no due date), else said once. */
function termsNotRead(p: RowProblems<'invoices'>, needed: boolean, text: string, warned: Set<string>, problems: Problem[]): void {
  if (needed) p.fail('terms', 'not_terms');
  else if (!warned.has(text)) {
    warned.add(text);
    problems.push({ severity: 'warning', code: 'terms_not_read', file: p.file, line: p.line, column: p.header('terms'), value: text });
  }
}

/**
 * Whether rows a and b say the same of an invoice: every column read of it (its customer, dates, amount,
 * currency, type, status, balance, what was paid…) holds the same text, its wording aside (a line's own
 * description). The further lines of an export of invoice lines, the invoice's fields repeated on each.
 */
function sameInvoiceRows(reader: CellReader, f: Frame<'invoices'>, a: number, b: number): boolean {
  if (a < 0) return false;
  for (const [field, c] of Object.entries(f.columns) as [string, number | undefined][]) {
    if (c === undefined || field === 'label') continue;
    if (cellText(reader.cell(a, c)).trim() !== cellText(reader.cell(b, c)).trim()) return false;
  }
  return true;
}

/** The row of `table`, before `before`, at file line `line` (rows are in the order of their lines); -1 when none is. */
function rowOfLine(table: Table, first: number, before: number, line: number): number {
  let lo = first;
  let hi = before - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const l = table.line(mid);
    if (l === line) return mid;
    if (l < line) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * A row's currency: its currency column's (`code`; null when the cell holds none: the row fails, in the default),
 * else its amount's (`1 200,00 €`), else the amount header's unit (`Montant (EUR)`), else the default.
 */
function rowCurrency(code: string | null | undefined, amountCurrency: string | null, unit: string | null, fallback: string): string {
  if (code !== undefined) return code ?? fallback;
  return amountCurrency ?? unit ?? fallback;
}

/**
 * An amount written in a currency (`written`: its cell's `900,00 €`, else its header's `Total (EUR)`: the firm's,
 * converted) on a row its currency column says is in another (`code`): the amount in that currency is not in the file,
 * and the row is refused (read in neither). Without a currency column, the cell's currency, else the header's, is the
 * row's (`rowCurrency`).
 */
function inUnit<K extends 'invoices' | 'payments'>(p: RowProblems<K>, written: string | null, code: string | null | undefined): void {
  if (!sameUnit(written, code)) p.fail('amount' as FieldOf<K>, 'amount_in_other_currency', { unit: written!, currency: code! });
}

/** Whether an amount written in `written` (null: unsaid) may be in the row's currency `code` (its column's; null or undefined: none). */
function sameUnit(written: string | null, code: string | null | undefined): boolean {
  if (code === null || code === undefined || written === null || code === written) return true;
  // `$` is read as USD, but other dollars (and pesos) write it too: `$1,200.00` on a row in CAD is in CAD.
  return written === 'USD' && DOLLARS.test(code);
}

/** The currencies written with a `$`, as the US dollar is. */
const DOLLARS = /^(CAD|AUD|NZD|HKD|SGD|MXN|ARS|CLP|COP|BRL|TWD|XCD)$/;

/**
 * Whether a row with the number of invoice `first` is its next installment: the same customer, issue day and currency,
 * another due date than the first's (a row with the first's due date is the number used twice).
 */
function isInstallment(into: LedgerBuilder, first: number, customer: number, currency: string, issue: number | null, due: number | null): boolean {
  if (customer < 0 || issue === null || due === null || due !== due || into.isCreditNote(first)) return false;
  const r = into.invoiceRecord(first);
  return r.customerId === into.customerIds[customer] && r.currency === currency && r.issueDate === issue && r.dueDate !== due;
}

/** What a credit note naming no invoice shares with the cancelled invoice it cancels: its customer, currency and amount. */
function cancelKey(customer: string, currency: string, amount: number): string {
  return `${referenceKey(customer)}\u0000${currency}\u0000${amount}`;
}

/** A cancelled invoice as its row reads: its `cancelKey` and its day (null when the row does not read as an invoice). */
type CancelledRow = { readonly key: string; readonly issue: number } | null;

/**
 * The invoices a file says cancelled, and the credit notes that cancelled them: a credit note that names one (the
 * file has a column for the invoice a credit note credits), or, in a file without that column, one that has the
 * customer, currency and amount of one, dated on or after it (each cancelled invoice taken once). Such an invoice
 * is no invoice read (ignored where met, or further down the file): the file is looked through for them at the
 * first credit note that may be a cancellation.
 */
class Cancellations {
  private scanned: { readonly numbers: Set<string>; readonly byKey: Map<string, { number: string; issue: number }[]> } | null = null;
  private readonly taken = new Set<string>();
  private readonly reader: CellReader;
  private readonly into: LedgerBuilder;
  private readonly first: number;
  private readonly rows: number;
  private readonly cStatus: number;
  private readonly cNumber: number;
  private readonly cCredited: number;
  private readonly readRow: (r: number) => CancelledRow;
  constructor(reader: CellReader, into: LedgerBuilder, first: number, rows: number, columns: { status: number; number: number; credited: number }, readRow: (r: number) => CancelledRow) {
    this.reader = reader;
    this.into = into;
    this.first = first;
    this.rows = rows;
    this.cStatus = columns.status;
    this.cNumber = columns.number;
    this.cCredited = columns.credited;
    this.readRow = readRow;
  }
  /**
   * The cancelled invoice that credit note row r (of `customer`, in `currency`, of `amount` cents whatever its sign,
   * dated `issue`) cancels, and whether it names it; null when it is no cancellation.
   */
  of(r: number, customer: string, currency: string, amount: number, issue: number): { readonly number: string; readonly named: boolean } | null {
    const { reader, into, cCredited } = this;
    // A file that names the invoice a credit note credits says which it cancels: one that names none cancels none.
    if (cCredited >= 0) {
      if (reader.blank(r, cCredited)) return null;
      const known = reader.token(r, cCredited) ? into.invoiceOf(reader.d, reader.s, reader.e) : into.invoiceOfText(reader.text(r, cCredited));
      if (known >= 0) return null;
      const credited = reader.text(r, cCredited);
      const k = referenceKey(credited);
      if (!this.scan().numbers.has(k)) return null;
      this.taken.add(k);
      return { number: credited.trim(), named: true };
    }
    const list = this.scan().byKey.get(cancelKey(customer, currency, Math.abs(amount)));
    if (list === undefined) return null;
    const at = list.findIndex((c) => c.issue <= issue && !this.taken.has(referenceKey(c.number)));
    if (at < 0) return null;
    const number = list.splice(at, 1)[0]!.number;
    this.taken.add(referenceKey(number));
    return { number, named: false };
  }
  /** The rows whose status says cancelled: their numbers (as `referenceKey` compares them), and by `cancelKey`. */
  private scan(): NonNullable<Cancellations['scanned']> {
    if (this.scanned !== null) return this.scanned;
    const { reader, cStatus, cNumber } = this;
    const statuses = new Words((t) => invoiceStatus(t));
    const numbers = new Set<string>();
    const byKey = new Map<string, { number: string; issue: number }[]>();
    for (let r = this.first; r < this.rows; r++) {
      if (statuses.of(reader, r, cStatus) !== CANCELLED || reader.blank(r, cNumber)) continue;
      const number = reader.text(r, cNumber).trim();
      numbers.add(referenceKey(number));
      const row = this.readRow(r);
      if (row === null) continue;
      const list = byKey.get(row.key);
      if (list === undefined) byKey.set(row.key, [{ number, issue: row.issue }]);
      else list.push({ number, issue: row.issue });
    }
    this.scanned = { numbers, byKey };
    return this.scanned;
  }
}

/**
 * A payment that was not received: it failed, was declined, cancelled, expired, was charged back, returned by the bank,
 * voided; or it is `Open`, as a payment processor (Mollie) lists one its customer has not made yet.
 */
const PAYMENT_NOT_RECEIVED =
  /^(open|customer approval denied|reverted|returned|retourne|retournee|bounced|void|voided|deleted|failed|failure|echoue|echouee|echec|refuse|refusee|rejete|rejetee|rejected|refused|declined|denied|cancelled|canceled|annule|annulee|expired|expire|charged back|chargeback|requires payment method|requires action|incomplete|uncaptured|authorized|authorised|autorise|autorisee|impaye|mislukt|geweigerd|afgewezen|geannuleerd|verlopen|gestorneerd|storno)$/;
/**
 * A payment on its way (a cheque not yet cashed, a direct debit or a transfer processing): the customer paid, and is
 * not to be chased for it; read as received, said (if it fails, its invoice is owed again).
 */
const PAYMENT_PENDING =
  /^(pending|pending submission|pending customer approval|processing|in process|en attente|en cours|en attente d encaissement|en cours d encaissement|encaissement en cours|en cours de traitement|in afwachting|in behandeling)$/;
/** A payment paid back in full. */
const PAYMENT_REFUNDED = /^(refunded|fully refunded|rembourse|remboursee|terugbetaald|reversed)$/;
/** A payment received, or a word of its life after (lettered, reconciled, partly refunded: the refunded column says how much). */
const PAYMENT_RECEIVED =
  /^(paid|succeeded|success|successful|completed|complete|confirmed|accepted|accepte|acceptee|geaccepteerd|aanvaard|executed|execute|executee|uitgevoerd|verwerkt|paid out|submitted|posted|reconciled|cleared|settled|captured|partially refunded|paye|payee|recu|recue|encaisse|encaissee|valide|validee|effectue|effectuee|reussi|lettre|non lettre|rapproche|non rapproche|uncleared|remis en banque|remise en banque|preleve|prelevee|pointe|impute|non impute|comptabilise|comptabilisee|booked|partiellement rembourse|geboekt|betaald|ontvangen|voltooid|geslaagd|gedeeltelijk terugbetaald)$/;

/**
 * Whose each payment of a list of every payment is (`partyType`), and which way its money went (`direction`): a
 * supplier's payment, an employee's, a transfer between the firm's own accounts is not the receivable's; money paid
 * out to a customer is a refund. The direction gives the amount its sign, whatever the file writes (§9.7 then has
 * nothing to reverse). Unknown words are warned of once each, and read as a customer's, the amount's sign as written.
 */
class PartyAndDirection {
  private readonly f: Frame<'payments'>;
  private readonly party: number;
  private readonly direction: number;
  private readonly parties = new Words(partyKind);
  private readonly directions = new Words(paymentDirection);
  private readonly warned = new Set<string>();
  /** Whether the row last read is left out (said in the problems). */
  left = false;
  constructor(f: Frame<'payments'>) {
    this.f = f;
    this.party = col(f, 'partyType');
    this.direction = col(f, 'direction');
  }
  /** Reads row r (at line `at`): the sign of its amount, 1 money received, -1 paid out, 0 unsaid; `left` when it is no customer's payment. */
  read(reader: CellReader, r: number, at: number, problems: Problem[]): number {
    const file = this.f.table.file;
    const party = this.parties.of(reader, r, this.party);
    const direction = this.directions.of(reader, r, this.direction);
    this.left = party === 'other' || direction === 'transfer';
    if (this.left) {
      const other = party === 'other';
      problems.push({ severity: 'warning', code: other ? 'payment_not_customer_ignored' : 'payment_transfer_ignored', file, line: at, value: other ? this.parties.text : this.directions.text });
      return 0;
    }
    if (party === null) this.unknown('unknown_party_type', 'partyType', this.parties.text, at, problems);
    if (direction === null) this.unknown('unknown_payment_direction', 'direction', this.directions.text, at, problems);
    return direction === 'out' ? -1 : direction === 'in' ? 1 : 0;
  }
  private unknown(code: string, field: 'partyType' | 'direction', text: string, at: number, problems: Problem[]): void {
    if (this.warned.has(`${field} ${text}`)) return;
    this.warned.add(`${field} ${text}`);
    problems.push({ severity: 'warning', code, file: this.f.table.file, line: at, column: headerOf(this.f, field), value: text });
  }
}

/** Whose a payment is, by its party type: a customer's, or another party's (a supplier, an employee…); null when unknown. */
function partyKind(text: string): 'customer' | 'other' | null {
  const f = fold(text);
  if (CUSTOMER_PARTY.test(f)) return 'customer';
  return OTHER_PARTY.test(f) ? 'other' : null;
}
const CUSTOMER_PARTY = /^(customer|customers|client|clients|klant|klanten|debtor|debiteur|debiteurs)$/;
const OTHER_PARTY =
  /^(supplier|suppliers|vendor|vendors|fournisseur|fournisseurs|leverancier|leveranciers|crediteur|creditor|employee|employees|employe|employes|salarie|salaries|werknemer|personeel|shareholder|shareholders|actionnaire|associe|associes|aandeelhouder|member|membre|lid|student|etudiant)$/;

/** Money in (a payment received), out (paid to the party: to a customer, a refund), or a transfer between the firm's own accounts. */
function paymentDirection(text: string): 'in' | 'out' | 'transfer' | null {
  const f = fold(text);
  if (MONEY_IN.test(f)) return 'in';
  if (MONEY_OUT.test(f)) return 'out';
  return INTERNAL_TRANSFER.test(f) ? 'transfer' : null;
}
// Not `Paid`, `Credit`, `Debit`: a column of them may say a payment's state, or the card it was made with.
const MONEY_IN = /^(receive|received|receive money|inbound|incoming|in|encaissement|recette|reception|recu|entree|entrant|ontvangst|ontvangen|inkomend|binnenkomend)$/;
const MONEY_OUT = /^(pay|send|send money|outbound|outgoing|out|decaissement|depense|sortie|sortant|betaling uit|uitgaand|uitbetaling)$/;
const INTERNAL_TRANSFER = /^(internal transfer|transfer|virement interne|transfert interne|transfert|interne overboeking|overboeking)$/;

/**
 * What a payments file's status cell says: received, on its way, not received, refunded, a draft; null when `ar` does
 * not know it. A bank export's status is read by the same words (bank-csv.ts).
 */
export function paymentStatus(text: string): 'received' | 'pending' | 'not_received' | 'refunded' | 'draft' | null {
  const f = fold(text);
  if (PAYMENT_RECEIVED.test(f)) return 'received';
  if (PAYMENT_PENDING.test(f)) return 'pending';
  if (PAYMENT_NOT_RECEIVED.test(f)) return 'not_received';
  if (PAYMENT_DRAFT.test(f)) return 'draft';
  return PAYMENT_REFUNDED.test(f) ? 'refunded' : null;
}
/**
 * A payment entered and not posted in the software that wrote the file (Odoo's, ERPNext's `Draft`): its books do
 * not count it, nor do the invoices' balances beside it.
 */
const PAYMENT_DRAFT = /^(draft|brouillon|en brouillon|concept|a valider|non valide|non validee)$/;
/** The warning of a payments file's row its status leaves out. */
const IGNORED_PAYMENT = { not_received: 'payment_not_received_ignored', refunded: 'payment_refunded_ignored', draft: 'payment_draft_ignored' } as const;

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s_.'’-]+/g, ' ')
    .trim();
}

/** Enough of a cell's first bytes to tell a total's label (the longest, `sous-totaux`, and the character after it). */
const LABEL_BYTES = 32;

/** Whether the ASCII bytes `d[s..e)` start with a total's label: most cells' first byte already says no. */
function totalLabelBytes(d: Uint8Array, s: number, e: number): boolean {
  const c = d[s]! | 0x20;
  if (c !== 0x73 && c !== 0x74 && c !== 0x67 && c !== 0x65) return false; // s, t, g, e: TOTAL_LABEL's first letters
  return TOTAL_LABEL.test(latin1(d, s, Math.min(e, s + LABEL_BYTES)));
}

/**
 * The amounts of a file read so far, for the total an Excel user adds under a column without a label
 * (`=SOMME(F2:F120)`): a row with no document, no customer and no date whose amount is the sum of the
 * rows above it, since the start of the file or since the last total, is that total, not a document.
 * Two rows at least: a lone row's "sum" is its own amount, no evidence of anything.
 */
class RunningTotal {
  private all = 0;
  private section = 0;
  private rows = 0;
  private sectionRows = 0;
  add(cents: number): void {
    this.all += cents;
    this.section += cents;
    this.rows++;
    this.sectionRows++;
  }
  /** Whether `cents` is the sum of the rows above (then what follows starts a new section). */
  closes(cents: number): boolean {
    const total = (this.rows >= 2 && cents === this.all) || (this.sectionRows >= 2 && cents === this.section);
    if (total) this.endSection();
    return total;
  }
  endSection(): void {
    this.section = 0;
    this.sectionRows = 0;
  }
}

/**
 * A row's key cell (the document's number or id), read once: plain ASCII bytes `d[s..e)`, or text.
 * `blank` when it holds nothing.
 */
class KeyCell {
  s = 0;
  e = 0;
  text: string | null = null;
  read(reader: CellReader, r: number, c: number): void {
    if (c >= 0 && reader.token(r, c)) {
      this.s = reader.s;
      this.e = reader.e;
      this.text = null;
    } else {
      this.s = this.e = 0;
      this.text = c >= 0 ? reader.str : '';
    }
  }
  get blank(): boolean {
    return this.text === null ? this.e === this.s : this.text === '';
  }
  /** Whether it says "Total…" (or, when blank, the row's first text does): a subtotal or total row. */
  isTotal(reader: CellReader, r: number): boolean {
    if (!this.blank) {
      return this.text !== null ? TOTAL_LABEL.test(this.text) : totalLabelBytes(reader.d, this.s, this.e);
    }
    // The row's first text, read only as far as needed: most rows' first byte already says no.
    const width = reader.width(r);
    for (let c = 0; c < width; c++) {
      if (reader.token(r, c)) {
        if (reader.e === reader.s) continue;
        return totalLabelBytes(reader.d, reader.s, reader.e);
      }
      const cell = reader.cell(r, c);
      if (typeof cell === 'string' && cell.trim() !== '') return TOTAL_LABEL.test(cell.trim());
    }
    return false;
  }
}

/**
 * Whether row r repeats the header row (a report printed page by page, its header at the top of each page):
 * every column `ar` reads holds its header's text, case and spaces aside (two columns at least).
 */
function repeatsHeader<K extends LedgerKind>(reader: CellReader, f: Frame<K>, r: number): boolean {
  let n = 0;
  for (const c of Object.values(f.columns) as (number | undefined)[]) {
    if (c === undefined) continue;
    if (headerCell(reader.text(r, c)) !== headerCell(f.headers[c] ?? '')) return false;
    n++;
  }
  return n >= 2;
}

/**
 * Whether a document's number is a credit note's by its prefix: `AV`, `AVO`, `AVOIR`, `CN`, `NC` (note de crédit,
 * creditnota), then a digit or a separator (`AV2026-001`, `NC-12`, `AV/2026/3`).
 */
function creditNoteNumber(key: KeyCell, d: Uint8Array): boolean {
  const t = key.text !== null ? key.text : key.e - key.s >= 3 ? latin1(d, key.s, Math.min(key.e, key.s + 8)) : '';
  return /^(av|avo|avoir|cn|nc)[-_/ .]?\d/i.test(t);
}

/** Whether a key cell says `lower` (its header's text in lower case), case aside: a byte or two looked at on most rows. */
function keySays(key: KeyCell, d: Uint8Array, lower: string): boolean {
  if (key.text !== null) return key.text.toLowerCase() === lower;
  if (key.e - key.s !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) {
    let b = d[key.s + i]!;
    if (b >= 65 && b <= 90) b += 32;
    if (b !== lower.charCodeAt(i)) return false;
  }
  return true;
}

/** The customer of a row: its id cell, else its name cell (added to the builder when new); -1 when both are blank. */
function customerOfRow(reader: CellReader, into: LedgerBuilder, r: number, cId: number, cName: number): number {
  if (cId >= 0) {
    if (reader.token(r, cId)) {
      if (reader.e > reader.s) return into.customerOf(reader.d, reader.s, reader.e);
    } else if (reader.str !== '') return into.customerOfText(reader.str);
  }
  if (cName >= 0) {
    const name = reader.text(r, cName);
    if (name !== '') return into.customerOfText(name);
  }
  return -1;
}

/** The problems of the row being read: every cell's, so that one row lists all it has. */
class RowProblems<K extends LedgerKind> {
  list: Problem[] = [];
  private readonly f: Frame<K>;
  private readonly reader: CellReader;
  line = 0;
  row = 0;
  constructor(f: Frame<K>, reader: CellReader) {
    this.f = f;
    this.reader = reader;
  }
  start(row: number, line: number): void {
    this.row = row;
    this.line = line;
    if (this.list.length > 0) this.list = [];
  }
  get any(): boolean {
    return this.list.length > 0;
  }
  get file(): string {
    return this.f.table.file;
  }
  /** The header of a field's column (its name when the file has none). */
  header(field: FieldOf<K>): string {
    return headerOf(this.f, field);
  }
  /** A problem of the row as a whole, no column of the file to name. */
  failRow(code: string): void {
    this.list.push({ severity: 'error', code, file: this.f.table.file, line: this.line });
  }
  fail(field: FieldOf<K>, code: CellError | string, params?: Record<string, string | number>): void {
    const c = col(this.f, field);
    this.list.push({
      severity: 'error',
      code,
      file: this.f.table.file,
      line: this.line,
      column: headerOf(this.f, field),
      value: cellText(this.reader.cell(this.row, c)),
      ...(params ? { params } : {}),
    });
  }
}

/** A column of a file that holds dates or amounts, and how it reads them (decided from all its values). */
interface Reading<K extends LedgerKind, T> {
  readonly field: FieldOf<K>;
  readonly c: number;
  readonly col: T;
  /** A date column's cells as the evidence pass saw them, when it did. */
  readonly seen: Int32Array | null;
}

function reading<K extends LedgerKind, T>(f: Frame<K>, field: FieldOf<K>, decided: Map<FieldOf<K>, T>, evidence?: Evidence<K>): Reading<K, T> {
  return { field, c: col(f, field), col: decided.get(field) as T, seen: evidence?.seen.get(field) ?? null };
}

/** Reads a date cell: its day, null when blank, NaN when refused (the row's problem is noted). */
/**
 * Where a table ends, when what follows it below a blank row is no part of it: a summary (`Récapitulatif par client`,
 * its own header, a line per customer, a total), of two rows at least, none of them dated in the table's date column
 * `x` (so none is a ledger's row). The table's row count otherwise. The rows of the block are ignored and said
 * (`SummaryBlock`): not rejected one by one as rows without a date.
 */
function tableEnd<K extends LedgerKind>(reader: CellReader, f: Frame<K>, x: Reading<K, DateColumn>): number {
  const rows = f.table.rowCount;
  if (x.c < 0) return rows;
  const p = new RowProblems(f, reader);
  let r = rows - 1;
  while (r >= f.first && reader.blankRow(r)) r--;
  let block = 0;
  for (; r >= f.first && !reader.blankRow(r); r--, block++) {
    p.start(r, 0);
    const day = dateOf(reader, p, x);
    if (day !== null && day === day) return rows;
  }
  // A blank row above the block, and the table's rows above it.
  if (block < 2 || r < f.first) return rows;
  let above = r;
  while (above >= f.first && reader.blankRow(above)) above--;
  return above >= f.first ? r + 1 : rows;
}

/** The rows below a table that are none of it (`tableEnd`): counted read and ignored, said in one warning. */
function summaryBlock<K extends LedgerKind>(reader: CellReader, f: Frame<K>, end: number, problems: Problem[]): number {
  const lines: number[] = [];
  for (let r = end; r < f.table.rowCount; r++) if (!reader.blankRow(r)) lines.push(f.table.line(r));
  if (lines.length > 0) problems.push(linesWarning('summary_rows_ignored', f.table.file, lines));
  return lines.length;
}

function dateOf<K extends LedgerKind>(reader: CellReader, p: RowProblems<K>, x: Reading<K, DateColumn>): number | null {
  if (x.c < 0) return null;
  const day = reader.date(p.row, x.c, x.col, x.seen === null ? -1 : x.seen[p.row]!);
  if (day === -Infinity) return null;
  if (day !== day) p.fail(x.field, reader.error!);
  return day;
}

/**
 * Reads a due date cell: its day, null when blank, NaN when refused; or the payment terms it holds instead
 * (`30 jours fin de mois`, `45 jours`: some exports write the condition in the due date's column), from
 * which the due date is then derived, as from a terms column (§1).
 */
function dueOf(reader: CellReader, p: RowProblems<'invoices'>, x: Reading<'invoices', DateColumn>, terms: Words<Terms | null>): number | Terms | null {
  if (x.c < 0) return null;
  const day = reader.date(p.row, x.c, x.col, x.seen === null ? -1 : x.seen[p.row]!);
  if (day === -Infinity) return null;
  if (day !== day) {
    const t = terms.of(reader, p.row, x.c);
    if (t != null) return t;
    p.fail(x.field, reader.error!);
  }
  return day;
}

/** Reads an amount cell: its cents (and `reader.currency`), null when blank, NaN when refused. */
function amountOf<K extends LedgerKind>(reader: CellReader, p: RowProblems<K>, x: Reading<K, AmountColumn>): number | null {
  if (x.c < 0) return null;
  const cents = reader.amount(p.row, x.c, x.col);
  if (cents === -Infinity) return null;
  if (cents !== cents) p.fail(x.field, reader.error!);
  return cents;
}

/**
 * A row of a customer account's two sides (`Débit;Crédit`, §1.7): `plus` less `minus`, a blank side
 * counting nought; null when both are blank, NaN when either is no amount (and said). `reader.currency`
 * is then the currency a cell wrote beside its amount (`1 250,00 €`), `plus`'s first.
 */
function sides<K extends LedgerKind>(reader: CellReader, p: RowProblems<K>, plus: Reading<K, AmountColumn>, minus: Reading<K, AmountColumn>): number | null {
  const a = amountOf(reader, p, plus);
  if (minus.c < 0 || (a !== null && a !== a)) return a;
  const currency = a !== null ? reader.currency : null;
  const b = amountOf(reader, p, minus);
  if (b === null) {
    reader.currency = currency;
    return a;
  }
  reader.currency = currency ?? reader.currency;
  return (a ?? 0) - b;
}

export interface InvoiceImport {
  readonly count: ImportCount;
  /** One-sheet ledgers (a paid date or amount beside each invoice): the payments they carry. */
  readonly payments: PaymentRows | null;
  readonly problems: Problem[];
  /** The order of day and month its values settled (for a payments file read next), or null. */
  readonly dateOrder: DateOrder | null;
}

/** Payments read into a builder: its rows from `from` to `to`, and how their import went, less the amounts' currencies. */
export interface PaymentRows {
  readonly file: string;
  readonly from: number;
  readonly to: number;
  readonly read: number;
  readonly rejected: number;
  readonly ignored: number;
  readonly rejectedAmounts: Record<string, Cents>;
}

/**
 * Reads the rows of an invoices table into `into` (docs/accounting.md §1.1): invoices and credit notes,
 * every problem collected. One-sheet ledgers that carry their own payment (a paid date, a paid amount)
 * yield payments naming their invoice, added once every invoice is in (`addPaidColumns`).
 */
export function importInvoices(
  table: Table,
  into: LedgerBuilder,
  options: ImportOptions & { termsOf?: TermsLookup } = {},
): InvoiceImport & { paid: PaidColumns | null; fromBalance: BalancePaid | null; statusCheck: StatusCheck | null; received: Payment[]; columns: Record<string, string> } {
  const problems: Problem[] = [];
  const f = frame('invoices', table, options.mapping, options.defaultCurrency);
  for (const x of f.notes) problems.push(x);
  const reader = cellReader(table);
  const evidence = gatherEvidence(reader, f, ['issueDate', 'dueDate', 'paidDate', 'letteringDate'], ['amount', 'credit', 'paidAmount', 'balance'], options.dateOrder === undefined);
  const decision = decideDates(
    reader,
    f,
    ['issueDate', 'dueDate', 'paidDate', 'letteringDate'],
    evidence,
    { ...(options.dateOrder ? { told: options.dateOrder } : {}), pair: ['issueDate', 'dueDate'] },
    problems,
  );
  const dates = decision.columns;
  const amounts = decideAmounts(f, ['amount', 'credit', 'paidAmount', 'balance'], evidence, problems);
  const count = newCount(table.file);
  const defaultCurrency = options.defaultCurrency ?? 'EUR';
  const file = into.file(table.file);
  const cNumber = col(f, 'number');
  const cIssue = col(f, 'issueDate');
  const cCustomer = col(f, 'customerId');
  const cName = col(f, 'customerName');
  const cCurrency = col(f, 'currency');
  const cType = col(f, 'docType');
  const cStatus = col(f, 'status');
  const cTerms = col(f, 'terms');
  const cCredited = col(f, 'creditedInvoice');
  const cRef = col(f, 'paymentRef');
  const hasPaid = col(f, 'paidDate') >= 0 || col(f, 'paidAmount') >= 0;
  // What a status says was paid: a payment status's (Odoo's beside its documents' `Status`), else the status's.
  const cPaymentStatus = col(f, 'paymentStatus') >= 0 ? col(f, 'paymentStatus') : cStatus;
  const paid: PaidColumns | null = hasPaid ? { file: table.file, rows: [], dates: [], amounts: [], undated: [], read: 0 } : null;
  // Without paid columns, what the balances say was paid, for when no payments are given (§9.4); without a
  // balance either, what the statuses say (`Payée`: paid in full; `Payée partiellement`: how much, unsaid).
  const by = hasPaid ? null : col(f, 'balance') >= 0 ? 'balance' : cStatus >= 0 ? 'status' : null;
  let fromBalance: BalancePaid | null =
    by === null
      ? null
      : {
          paid: { file: table.file, rows: [], dates: [], amounts: [], undated: [], read: 0 },
          column: headerOf(f, by === 'status' && cPaymentStatus !== cStatus ? 'paymentStatus' : by),
          creditNote: null,
          by,
          partly: [],
          used: { rows: [], left: [] },
          said: 0,
          from: into.invoiceCount,
          to: into.invoiceCount,
        };
  // Each invoice's status (its word), for what it says was paid, read once the file is (saidPaid): one store a row.
  const firstRow = into.invoiceCount;
  const statusOfInvoice = cStatus >= 0 ? new Int32Array(Math.max(0, table.rowCount - f.first)).fill(-1) : null;
  const currencies = new Words((t) => readCurrency(t));
  const types = new Words((t) => documentType(t));
  const statuses = new Words((t) => invoiceStatus(t));
  // A payment status beside the status: its word, read for the invoices kept (an unknown one said once).
  const paymentStatuses = cPaymentStatus !== cStatus ? new Words((t) => invoiceStatus(t)) : null;
  const paymentWord = (r: number, line: number): number => {
    const said = paymentStatuses!.of(reader, r, cPaymentStatus);
    if (said === null && !warnedStatus.has(paymentStatuses!.text)) {
      warnedStatus.add(paymentStatuses!.text);
      problems.push({ severity: 'warning', code: 'unknown_status', file: table.file, line, column: headerOf(f, 'paymentStatus'), value: paymentStatuses!.text });
    }
    return paymentStatuses!.word;
  };
  const terms = new Words((t) => parseTerms(t));
  const dueTerms = new Words((t) => parseTerms(t));
  const cJournal = col(f, 'journal');
  const journals = new Words((t): JournalKind | 'misc' => (MISC_JOURNAL.test(fold(t)) ? 'misc' : journalKind(t, t)));
  // A credit that neither a type nor a journal tells of (the file has none, or a firm's own code), worded as
  // money received: a payment, said (the lines of the first few).
  const cLabel = col(f, 'label');
  const byLabel: number[] = [];
  const avLike: number[] = [];
  // The further lines of invoices written on several (one per item), each the same invoice again.
  const mergedLines: number[] = [];
  const received: Payment[] = [];
  // The rows with a lettering code, as a FEC's lines: a credit names the debits of its group (§3.1).
  const cLetter = col(f, 'lettering');
  const lettered: { readonly entry: LetteredLine & { readonly group: string }; readonly invoice: number; readonly payment: number; readonly number: string; readonly due: Day }[] = [];
  const letter = (r: number, customer: number, date: Day, net: number, line: number, invoice: number, payment: number, number: string, due: Day, dateLet: Day | null): void => {
    if (reader.blank(r, cLetter)) return;
    const code = reader.text(r, cLetter);
    const customerId = into.customerIds[customer]!;
    const entry = { line, customerId, entryDate: date, pieceDate: date, net: toCents(net), group: `${customerId}\u0000${code.replace(/\*+$/, '')}`, code, dateLet };
    lettered.push({ entry, invoice, payment, number, due });
  };
  const p = new RowProblems(f, reader);
  const issueCol = reading(f, 'issueDate', dates, evidence);
  const dueCol = reading(f, 'dueDate', dates, evidence);
  const paidDateCol = reading(f, 'paidDate', dates, evidence);
  const letteredCol = reading(f, 'letteringDate', dates, evidence);
  const amountCol = reading(f, 'amount', amounts);
  const creditCol = reading(f, 'credit', amounts);
  const paidAmountCol = reading(f, 'paidAmount', amounts);
  const balanceCol = reading(f, 'balance', amounts);
  // The invoices said cancelled, and the credit notes that cancelled them: a cancelled invoice's row read as any row
  // is, for what a credit note naming none shares with it (its problems not said: the row is ignored).
  // An unsigned amount beside its side (`Montant;Sens`, D or C): the debit above zero, the credit below, as two sides give it.
  const cSide = col(f, 'side');
  const sideWords = new Words((t) => readSide(t));
  const signedAmount = (q: RowProblems<'invoices'>, r: number): number | null => {
    const a = sides(reader, q, amountCol, creditCol);
    const sign = cSide < 0 || a === null || a !== a ? undefined : sideWords.of(reader, r, cSide);
    if (sign === 0) q.fail('side', 'not_a_side');
    return sign === undefined || sign === 0 ? a : sign * Math.abs(a!);
  };
  // Whether a credit is written below zero whatever its type: two sides, or a side beside each amount.
  const twoSided = creditCol.c >= 0 || cSide >= 0;
  const scratch = new RowProblems(f, reader);
  const cancelledRow = (r: number): CancelledRow => {
    scratch.start(r, 0);
    const issue = dateOf(reader, scratch, issueCol);
    const amount = signedAmount(scratch, r);
    const amountCurrency = reader.currency;
    const code = currencies.of(reader, r, cCurrency);
    const who = cCustomer >= 0 && !reader.blank(r, cCustomer) ? reader.text(r, cCustomer) : cName >= 0 ? reader.text(r, cName) : '';
    if (scratch.any || issue === null || amount === null || code === null || who === '') return null;
    return { key: cancelKey(who, rowCurrency(code, amountCurrency, f.unit, defaultCurrency), amount), issue };
  };
  const cancellations = cStatus >= 0 && cNumber >= 0 ? new Cancellations(reader, into, f.first, table.rowCount, { status: cStatus, number: cNumber, credited: cCredited }, cancelledRow) : null;
  // Each invoice's balance, set once the column is known not to be a running balance.
  const running = balanceCol.c >= 0 ? new RunningBalance() : null;
  const balanceRows: number[] = [];
  const balances: number[] = [];
  into.reserve(table.rowCount - f.first, 0);
  /** Per customer of this file: the row of the last name read beside it, read as text at the end. */
  let lastName = new Int32Array(1024).fill(-1);
  const read = new Sums();
  const used = new Sums();
  const rejected = new Sums();
  const warnedStatus = new Set<string>();
  const warnedTerms = new Set<string>();
  const key = new KeyCell();
  const above = new RunningTotal();
  const names = [cNumber, cCustomer, cName];
  const numberHeader = (f.headers[cNumber] ?? '').trim().toLowerCase();
  // A report grouped by customer: looked for at its first heading or row without a customer (most files have neither).
  let grouped: ReturnType<typeof customerGroups> | null = null;
  const groups = (): ReturnType<typeof customerGroups> => (grouped ??= customerGroups(reader, f, names));
  const groupCustomer: number[] = [];
  const customerOfGroup = (r: number): number => {
    const g = groups().of[r]!;
    if (g < 0) return -1;
    let c = groupCustomer[g];
    if (c === undefined) {
      const group = grouped!.groups[g]!;
      c = groupCustomer[g] = into.customerOfText(group.id);
      if (group.name !== null) into.nameCustomer(c, group.name);
    }
    return c;
  };
  const refunds = new Refunds(reader, f, cType, amountCol, twoSided);
  // The lines read as an installment of an invoice above (its second, third… due date).
  const installments: number[] = [];
  let firstInstallment = '';
  // The lines of invoices due by the default terms: no due date, no terms of their own or of their customer.
  const byDefaultTerms: number[] = [];
  const otherUnit = new OtherUnitBalances(f);
  // A row rejected: its problems said, and its amount, when one was read, in the rejected sums.
  const reject = (currency: string, amount: number | null): void => {
    for (const x of p.list) problems.push(x);
    count.rejected++;
    if (amount !== null && amount === amount) rejected.add(currency, amount);
  };

  const end = tableEnd(reader, f, issueCol);
  for (let r = f.first; r < end; r++) {
    if (options.onProgress !== undefined && (r & 4095) === 0) options.onProgress(r, table.rowCount);
    if (reader.blankRow(r)) continue;
    count.read++;
    const line = table.line(r);
    key.read(reader, r, cNumber);
    // A total row says so (in its number's cell, undated: "TOTAL-001" dated is an invoice's number).
    if (key.isTotal(reader, r) && (key.blank || reader.blank(r, cIssue))) {
      count.ignored++;
      above.endSection();
      problems.push({ severity: 'warning', code: 'total_row_ignored', file: table.file, line });
      continue;
    }
    // The header again (a report's page header), decided before its customer is made one.
    if (keySays(key, reader.d, numberHeader) && repeatsHeader(reader, f, r)) {
      count.ignored++;
      problems.push({ severity: 'warning', code: 'header_repeated', file: table.file, line });
      continue;
    }
    // Undated, it may be a heading: decided before its customer is made one. A heading that names the
    // customer of its group is said with the groups, below.
    const label = reader.blank(r, cIssue) ? heading(reader, f, r, names) : null;
    if (label !== null) {
      count.ignored++;
      if (!groups().headings.has(r)) problems.push({ severity: 'warning', code: 'heading_row_ignored', file: table.file, line, value: label });
      continue;
    }
    p.start(r, line);
    // A draft, a pro forma, a quote: no invoice, nothing owed (a type or a status may say so).
    const said = statuses.of(reader, r, cStatus);
    const statusWord = statuses.word;
    // A status column that says `Avoir` (a software's list of documents with no type column): the row's type.
    let type: ReturnType<typeof documentType> | 'paid_back' | undefined = said === 'credit_note' && cType < 0 ? said : types.of(reader, r, cType);
    if (type === NOT_AN_INVOICE || said === NOT_AN_INVOICE) {
      count.ignored++;
      problems.push({ severity: 'warning', code: 'not_an_invoice_ignored', file: table.file, line, value: type === NOT_AN_INVOICE ? types.text : statuses.text });
      continue;
    }
    // Cancelled (voided) in the software that wrote the file: nothing owed on it, as the software's own balance says.
    if (said === CANCELLED) {
      count.ignored++;
      problems.push({ severity: 'warning', code: 'cancelled_ignored', file: table.file, line, value: statuses.text });
      continue;
    }
    const journal = journals.of(reader, r, cJournal);
    const hasNumber = !key.blank;
    // A payment needs no number (its row's names it); a bank journal's debit, owed again, is known below.
    if (!hasNumber && type !== 'payment' && type !== 'refund' && journal !== 'bank') p.fail('number', 'required');
    let customer = customerOfRow(reader, into, r, cCustomer, cName);
    if (customer < 0) customer = customerOfGroup(r);
    if (customer < 0) {
      if (cCustomer >= 0 || cName >= 0) p.fail(cCustomer >= 0 ? 'customerId' : 'customerName', 'required');
      else p.failRow('no_customer_column');
    }
    const issue = dateOf(reader, p, issueCol);
    // A heading in the date's column (a name where a date would be, alone on its row): ignored as any heading.
    const title = issue !== issue ? heading(reader, f, r, names, cIssue) : null;
    if (title !== null) {
      count.ignored++;
      if (!groups().headings.has(r)) problems.push({ severity: 'warning', code: 'heading_row_ignored', file: table.file, line, value: title });
      continue;
    }
    const lettered = dateOf(reader, p, letteredCol);
    if (issue === null) p.fail('issueDate', 'required');
    // A customer account's two sides (`Débit;Crédit`): the debit less the credit, a credit note when negative (§1.1).
    const amount = signedAmount(p, r);
    if (amount === null) p.fail('amount', 'required');
    if (amount !== null && amount === amount) {
      if (!hasNumber && customer < 0 && issue === null && above.closes(amount)) {
        count.ignored++;
        problems.push({ severity: 'warning', code: 'total_row_ignored', file: table.file, line, params: { sum: 1 } });
        continue;
      }
      above.add(amount);
    }
    const amountCurrency = amount !== null && amount === amount ? reader.currency : null;
    if (type === 'refund') {
      type = amount !== null && amount === amount && refunds.paidBack(amount, line) ? 'paid_back' : 'credit_note';
      if (type === 'credit_note' && !hasNumber) p.fail('number', 'required');
    }
    const dueCell = dueOf(reader, p, dueCol, dueTerms);
    let due = typeof dueCell === 'number' ? dueCell : null;
    const code = currencies.of(reader, r, cCurrency);
    if (code === null) p.fail('currency', 'not_a_currency');
    const currency = rowCurrency(code, amountCurrency, f.unit, defaultCurrency);
    inUnit(p, amountCurrency ?? f.unit, code);
    // The credit note that cancelled an invoice the file says cancelled: the cancellation itself, ignored with it.
    if (cancellations !== null && amount !== null && (amount < 0 || (type === 'credit_note' && amount > 0)) && issue !== null && customer >= 0) {
      const cancelled = cancellations.of(r, into.customerIds[customer]!, currency, amount, issue);
      if (cancelled !== null) {
        count.ignored++;
        problems.push({ severity: 'warning', code: cancelled.named ? 'cancelling_credit_note_ignored' : 'cancelling_credit_note_matched', file: table.file, line, value: cancelled.number });
        continue;
      }
    }
    if (amount !== null && amount === amount) read.add(currency, amount);

    // An account statement's money received: a credit in a bank journal, a row typed as a payment, a credit
    // worded so that neither tells of. It is the customer's payment of that day, naming no invoice (allocated
    // as any, §3), not a credit note.
    const worded = type === undefined && cLabel >= 0 && amount !== null && amount < 0 && (journal === undefined || journal === 'other') && PAYMENT_LABEL.test(fold(reader.text(r, cLabel)));
    if (type === 'payment' || type === 'paid_back' || worded || (journal === 'bank' && amount !== null && amount < 0)) {
      if (p.any || issue === null || amount === null || customer < 0) {
        reject(currency, amount);
        continue;
      }
      if (worded) byLabel.push(line);
      // Its balance only tells whether the column runs (a payment has no balance of its own): read, not checked.
      if (running !== null) {
        const b = reader.amount(r, balanceCol.c, balanceCol.col);
        running.add(customer, amount, b === -Infinity ? null : b);
      }
      if (cLetter >= 0) letter(r, customer, issue as Day, amount, line, -1, received.length, '', issue as Day, lettered as Day | null);
      received.push({
        id: hasNumber ? reader.text(r, cNumber) : String(line),
        customerId: into.customerIds[customer]!,
        date: issue as Day,
        // Two sides: the credit received (a debit, a payment returned, is one owed again); one amount: its size;
        // money paid back: a payment below zero, owed again (§1.7).
        amount: toCents(type === 'paid_back' ? -Math.abs(amount) : twoSided ? -amount : Math.abs(amount)),
        currency: currencyCode(currency),
        refs: [],
        method: null,
        file: table.file,
        line,
      });
      count.used++;
      used.add(currency, amount);
      continue;
    }
    if (!hasNumber && journal === 'bank') p.fail('number', 'required');

    let creditNote = amount !== null && amount < 0;
    if (type === 'credit_note') creditNote = true;
    else if (type === null) p.fail('docType', 'not_a_document_type');
    // Numbered as a credit note (`AV2026-001`, `NC-12`), of a positive amount, and no type to say so: an invoice
    // as read, said (the sign or a type column decides, never the number alone).
    const avNumbered = type === undefined && !creditNote && cType < 0 && amount !== null && creditNoteNumber(key, reader.d);
    let status: InvoiceStatus = 'normal';
    if (said !== undefined && said !== 'credit_note') {
      if (said !== null) status = said;
      else if (!warnedStatus.has(statuses.text)) {
        warnedStatus.add(statuses.text);
        problems.push({ severity: 'warning', code: 'unknown_status', file: table.file, line, column: headerOf(f, 'status'), value: statuses.text });
      }
    }
    const rowTerms = terms.of(reader, r, cTerms) ?? null;
    // Terms not read matter only where they would give the due date: a row with its due date says them unread.
    if (rowTerms === null && cTerms >= 0 && terms.wasRead) termsNotRead(p, dueCell === null, terms.text, warnedTerms, problems);
    const paidDate = dateOf(reader, p, paidDateCol);
    const paidAmount = amountOf(reader, p, paidAmountCol);
    // (A call only where there is a balance: the loop's inlining budget is the importer's speed.)
    let balance = amountOf(reader, p, balanceCol);
    if (balance !== null) balance = otherUnit.read(balance, reader.currency, code, line);

    const kind = creditNote ? 1 : 0;
    let installmentOf = -1;
    if (hasNumber && !p.any) {
      const earlier = key.text === null ? into.numberKeys.earlier(kind, reader.d, key.s, key.e) : into.numberKeys.earlierText(kind, key.text);
      if (earlier >= 0) {
        // Another table of the same ledger (a workbook's other sheet) is named.
        const where = into.fileOfInvoice(earlier);
        // A line of the invoice above (an export of invoice lines, one per item): what it says of the invoice
        // is the same, so it is the same invoice, read once.
        if (where === table.file && sameInvoiceRows(reader, f, rowOfLine(table, f.first, r, into.lineOfInvoice(earlier)), r)) {
          count.ignored++;
          // Its amount, added to what was read above, is taken back: an ignored row reads no amount.
          if (amount !== null && amount === amount) read.add(currency, -amount);
          mergedLines.push(line);
          continue;
        }
        // The same invoice again, of the same customer, day and currency, with another due date: an échéancier's
        // lines, one per installment, each a debt of its own (docs/accounting.md §1.12).
        if (where === table.file && !creditNote && isInstallment(into, earlier, customer, currency, issue, due)) installmentOf = earlier;
        else p.fail('number', 'duplicate_number', { first: into.lineOfInvoice(earlier), ...(where !== table.file ? { firstFile: where } : {}) });
      }
    }
    if (p.any || issue === null || amount === null || customer < 0 || !hasNumber) {
      reject(currency, amount);
      continue;
    }
    if (installmentOf >= 0) into.numbers.addText(into.installmentNumber(installmentOf));
    else if (key.text === null) into.numbers.add(reader.d, key.s, key.e);
    else into.numbers.addText(key.text);
    into.numberKeys.register(kind);
    if (avNumbered) avLike.push(line);
    let derived = false;
    // A debit in a bank journal (a payment the bank returned, money paid back) is owed at once, as in a FEC.
    if (due === null && journal === 'bank') due = issue;
    if (due === null) {
      const own = (typeof dueCell === 'object' ? dueCell : null) ?? rowTerms ?? options.termsOf?.(into.customerIds[customer]!) ?? null;
      // Neither the row nor its customer says when it is due: the default terms decide, said (a figure assumed).
      if (own === null) byDefaultTerms.push(line);
      due = dueDateFromTerms(issue as Day, own ?? options.defaultTerms ?? DEFAULT_TERMS, options.endOfMonthRule);
      derived = true;
    } else if (due < issue) {
      problems.push({ severity: 'warning', code: 'due_before_issue', file: table.file, line, column: headerOf(f, 'dueDate'), value: cellText(reader.cell(r, col(f, 'dueDate'))) });
    }
    const signed = creditNote ? -Math.abs(amount) : amount;
    const i = into.pushInvoice(
      customer,
      into.currency(currency),
      issue as Day,
      due,
      derived,
      signed,
      creditNote,
      status,
      file,
      line,
      creditNote && cCredited >= 0 && !reader.blank(r, cCredited) ? reader.text(r, cCredited) : null,
    );
    if (installmentOf >= 0) {
      into.addInstallment(installmentOf, i);
      if (installments.length === 0) firstInstallment = into.numbers.at(i);
      installments.push(line);
    }
    if (cLetter >= 0) letter(r, customer, issue as Day, signed, line, i, -1, into.numbers.at(i), due as Day, lettered as Day | null);
    if (cName >= 0 && !reader.blank(r, cName)) {
      if (customer >= lastName.length) {
        const grown = new Int32Array(Math.max(customer + 1, lastName.length * 2)).fill(-1);
        grown.set(lastName);
        lastName = grown;
      }
      lastName[customer] = r;
    }
    if (cRef >= 0 && !reader.blank(r, cRef)) into.setPaymentReference(i, paymentReference(reader.text(r, cRef), problems, table.file, line, headerOf(f, 'paymentRef')));
    running?.add(customer, signed, balance);
    if (balance !== null) {
      balanceRows.push(i);
      balances.push(balance);
      if (fromBalance !== null && balance !== signed) {
        // A credit note partly or wholly used, against what the file does not say: only what is left of it counts.
        if (creditNote) {
          if (balance <= 0 && balance >= signed) {
            fromBalance.used.rows.push(i);
            fromBalance.used.left.push(balance);
          } else fromBalance.creditNote ??= { number: into.numbers.at(i), line };
        } else if (balance < signed) {
          const b = fromBalance.paid;
          b.read++;
          b.rows.push(i);
          b.dates.push(issue as Day);
          b.amounts.push(signed - balance);
          b.undated.push(line);
        }
      }
    }
    if (statusOfInvoice !== null) statusOfInvoice[i - firstRow] = paymentStatuses === null ? statusWord : paymentWord(r, line);
    count.used++;
    used.add(currency, amount);

    if (paid !== null && (paidDate !== null || (paidAmount !== null && paidAmount !== 0))) {
      // A paid date alone means paid in full (for a credit note: nothing to pay).
      const cents = paidAmount ?? (creditNote ? 0 : signed);
      paid.read++;
      if (cents !== 0) {
        paid.rows.push(i);
        paid.dates.push(paidDate ?? (issue as Day));
        paid.amounts.push(cents);
        paid.undated.push(paidDate === null ? line : 0);
      }
    }
  }
  const below = summaryBlock(reader, f, end, problems);
  count.read += below;
  count.ignored += below;
  for (let customer = 0; customer < lastName.length; customer++) if (lastName[customer]! >= 0) into.nameCustomer(customer, reader.text(lastName[customer]!, cName));
  if (lettered.length > 0) {
    const groups = letteringGroups(lettered.map((e) => e.entry));
    for (const e of lettered) if (e.entry.net > 0) groups.get(e.entry.group)!.debits.push({ number: e.number, dueDate: e.due, issueDate: e.entry.pieceDate });
    sortLetteredDebits(groups);
    for (const e of lettered) {
      if (e.entry.net >= 0) continue;
      const lettering = letteringOfLine(groups, e.entry);
      if (lettering === null) continue;
      if (e.invoice >= 0) into.setLettering(e.invoice, lettering);
      else received[e.payment] = { ...received[e.payment]!, lettering };
    }
    for (const g of groups.values()) {
      const unbalanced = unbalancedLettering(g, table.file);
      if (unbalanced !== null) problems.push(unbalanced);
    }
  }
  // (Assigned in a closure: TypeScript does not follow it there.)
  const found = grouped as ReturnType<typeof customerGroups> | null;
  const readGroups = found?.groups.filter((_, g) => groupCustomer[g] !== undefined) ?? [];
  if (readGroups.length > 0) {
    const first = readGroups.slice(0, 5).map((g) => `${g.id} (${g.from}–${g.to})`);
    problems.push({ severity: 'warning', code: 'customers_from_headings', file: table.file, line: readGroups[0]!.from, params: { count: readGroups.length, first: first.join(', ') } });
  }
  if (running?.running) {
    fromBalance = null;
    problems.push({ severity: 'warning', code: 'running_balance_ignored', file: table.file, line: 0, column: headerOf(f, 'balance') });
  } else for (let k = 0; k < balanceRows.length; k++) into.setBalance(balanceRows[k]!, balances[k]!);
  if (avLike.length > 0 && avLike.length < count.used) problems.push(linesWarning('credit_note_number_positive', table.file, avLike, headerOf(f, 'number')));
  if (byLabel.length > 0) problems.push(linesWarning('payments_by_label', table.file, byLabel, headerOf(f, 'label')));
  if (refunds.unsigned.length > 0) problems.push(linesWarning('refunds_as_credit_notes', table.file, refunds.unsigned, headerOf(f, 'docType')));
  if (installments.length > 0) {
    const w = linesWarning('installments_read', table.file, installments, headerOf(f, 'number'));
    problems.push({ ...w, params: { ...w.params, number: firstInstallment } });
  }
  if (byDefaultTerms.length > 0) {
    const w = linesWarning('due_by_default_terms', table.file, byDefaultTerms, col(f, 'dueDate') >= 0 ? headerOf(f, 'dueDate') : undefined);
    problems.push({ ...w, params: { ...w.params, terms: formatTerms(options.defaultTerms ?? DEFAULT_TERMS), column: col(f, 'dueDate') >= 0 ? 1 : 0 } });
  }
  if (mergedLines.length > 0) problems.push(linesWarning('invoice_lines_merged', table.file, mergedLines, headerOf(f, 'number')));
  // (A running balance is read neither way, and said so.)
  if (running?.running !== true) otherUnit.warning(problems);
  if (fromBalance !== null) fromBalance.to = into.invoiceCount;
  const said = statusOfInvoice === null ? null : paidWords(statusOfInvoice, (paymentStatuses ?? statuses).words(), firstRow, into);
  let statusCheck: StatusCheck | null = null;
  if (said !== null && fromBalance?.by === 'status') saidPaid(fromBalance, said, into);
  else if (said !== null && said.full + said.partly.length > 0) {
    // Paid columns or balances say what was paid: what the statuses say is checked against it (and against the payments).
    const paidRows = new Set(paid?.rows ?? []);
    statusCheck = {
      file: table.file,
      column: headerOf(f, cPaymentStatus !== cStatus ? 'paymentStatus' : 'status'),
      from: firstRow,
      to: into.invoiceCount,
      partly: paid === null ? [] : said.partly.filter((i) => !paidRows.has(i)),
    };
  }
  read.into(count.amounts.read);
  used.into(count.amounts.used);
  rejected.into(count.amounts.rejected);
  // The columns read, field by header: another table of the same header (a workbook's next sheet) reads them so.
  const columns: Record<string, string> = {};
  for (const [field, c] of Object.entries(f.columns) as [string, number | undefined][]) if (c !== undefined && f.headers[c]) columns[field] = f.headers[c];
  return { count, payments: null, problems, dateOrder: decision.order, paid, fromBalance, statusCheck, received, columns };
}

/**
 * What an invoices file's balance column says was paid, when it has no paid columns (docs/accounting.md
 * §9.4): each invoice's amount less its balance, a paid amount without a paid date (§9.3). Read so only
 * when no payments are given; else the balance is the ledger's own check.
 */
export interface BalancePaid {
  readonly paid: PaidColumns;
  /** The balance column's header, or the status column's. */
  readonly column: string;
  /**
   * The first credit note whose balance says not what is left of it (above zero, or beyond its amount), or that its
   * status says paid in part (used, how much unsaid), or null: then nothing is read as paid.
   */
  creditNote: { readonly number: string; readonly line: number } | null;
  /**
   * The credit notes used, in part or in full, against invoices whose balances count them (a balance between the
   * amount and zero, or a status that says paid): their rows, and what is left of each (cents, zero or below).
   * Only what is left counts.
   */
  readonly used: { readonly rows: number[]; readonly left: number[] };
  /** What tells what was paid: each invoice's balance, or its status. */
  readonly by: 'balance' | 'status';
  /** The rows of the invoices a status says paid in part, how much unsaid. */
  readonly partly: number[];
  /** How many invoices a status says paid in full: marked in the ledger (SAID_PAID), rows `from` to `to` its file's. */
  said: number;
  readonly from: number;
  to: number;
}

/** An invoice's status that tells what was paid of it: in full (`Payée`, `Soldée`, `Paid`), in part (`Payée partiellement`). */
const PAID_IN_FULL =
  /^(paid|paid in full|fully paid|payee|paye|reglee|regle|acquittee|acquitte|soldee|solde|lettree|lettre|encaissee|encaisse|betaald|volledig betaald|voldaan|in payment|en paiement|reversed|extourne|extournee)$/;
const PAID_IN_PART =
  /^(partiel|partielle|partial|partially paid|partly paid|partly paid and discounted|payee partiellement|paye partiellement|partiellement reglee|partiellement regle|reglee partiellement|regle partiellement|partiellement payee|partiellement encaissee|partiellement encaisse|encaissee partiellement|commencee|commence|deels betaald|gedeeltelijk betaald)$/;

/** The rows of a table its statuses say paid, in full or in part: invoices, and credit notes (used). */
interface PaidWords {
  /** How many invoices it says paid in full: marked in the ledger (SAID_PAID). */
  readonly full: number;
  readonly partly: number[];
  readonly creditNotesFull: number[];
  readonly creditNotesPartly: number[];
}

/**
 * What a table's statuses say was paid (its rows' status words from row `from`, and the words' texts): the invoices
 * said paid in full are marked in the ledger (SAID_PAID), the others listed.
 */
function paidWords(statusOf: Int32Array, words: readonly string[], from: number, into: LedgerBuilder): PaidWords {
  const state = words.map((w) => {
    const f = fold(w);
    return PAID_IN_FULL.test(f) ? 1 : PAID_IN_PART.test(f) ? 2 : 0;
  });
  let full = 0;
  const partly: number[] = [];
  const creditNotesFull: number[] = [];
  const creditNotesPartly: number[] = [];
  for (let i = from; i < into.invoiceCount; i++) {
    const w = statusOf[i - from]!;
    if (w < 0 || state[w] === 0) continue;
    const creditNote = into.isCreditNote(i);
    if (state[w] === 2) (creditNote ? creditNotesPartly : partly).push(i);
    else if (creditNote) creditNotesFull.push(i);
    else {
      into.markSaidPaid(i);
      full++;
    }
  }
  return { full, partly, creditNotesFull, creditNotesPartly };
}

/**
 * What the invoices' statuses say was paid of them, for a file with neither paid columns nor a balance: paid in
 * full, marked (read as paid when no payments are given, else checked against them); paid in part, how much is
 * unsaid (owed in full, said). A credit note said paid was used in full, against invoices the file does not say;
 * one said paid in part stops the reading.
 */
function saidPaid(b: BalancePaid, said: PaidWords, into: LedgerBuilder): void {
  for (const i of said.partly) b.partly.push(i);
  for (const i of said.creditNotesFull) {
    b.used.rows.push(i);
    b.used.left.push(0);
  }
  const i = said.creditNotesPartly[0];
  if (i !== undefined) b.creditNote ??= { number: into.numbers.at(i), line: into.lineOfInvoice(i) };
  b.said += said.full;
}

/**
 * A table whose paid columns or balances say what was paid, and whose statuses say it too: the invoices they say
 * paid in full are marked (SAID_PAID, rows `from` to `to`), checked against what was paid as of D; those said paid
 * in part that the paid columns say nothing of (how much, unsaid) are `partly`.
 */
export interface StatusCheck {
  readonly file: string;
  readonly column: string;
  readonly from: number;
  readonly to: number;
  readonly partly: readonly number[];
}

/** The payments a one-sheet ledger carries beside its invoices (paid date, paid amount). */
export interface PaidColumns {
  readonly file: string;
  readonly rows: number[];
  readonly dates: number[];
  readonly amounts: number[];
  /** The line of a paid amount without a paid date (0 when dated). */
  readonly undated: number[];
  read: number;
}

/**
 * Adds the payments of a one-sheet ledger, each naming its invoice, once every invoice is in. A paid
 * amount without a paid date is a payment whose day is not known: it is dated its invoice's issue date,
 * so that it counts at every date, and the invoice it finishes paying has no settlement day (its days
 * to pay are unknown); the user is told (docs/accounting.md §9.3).
 */
export function addPaidColumns(paid: PaidColumns, into: LedgerBuilder, problems: Problem[], said: Problem | null = null): PaymentRows {
  const from = into.paymentCount;
  const file = into.file(paid.file);
  const undated: number[] = [];
  for (let k = 0; k < paid.rows.length; k++) {
    const i = paid.rows[k]!;
    into.paymentIds.addText(into.numbers.at(i));
    into.pushReference(i, null);
    if (paid.undated[k]! > 0) undated.push(paid.undated[k]!);
    into.pushPayment(into.customerOfInvoice(i), into.currencyOfInvoice(i), paid.dates[k]!, paid.amounts[k]!, paid.undated[k]! > 0, file, into.lineOfInvoice(i), -1);
  }
  if (said !== null) problems.push(said);
  else if (undated.length > 0) {
    problems.push(linesWarning('paid_without_date', paid.file, undated));
  }
  return { file: paid.file, from, to: into.paymentCount, read: paid.read, rejected: 0, ignored: paid.read - (into.paymentCount - from), rejectedAmounts: {} };
}

/**
 * A payments table read as far as it can be without the invoices (the first half of `importPayments`):
 * plain data — numbers, typed arrays, a few strings — so that a worker thread can read it while this one
 * reads the invoices (src/io/csv-soon.ts). Identifiers and references that are plain ASCII stay byte
 * ranges of the table's bytes, which come along with it.
 */
export interface PaymentRowsRead {
  readonly file: string;
  /** Data rows (not blank), and those of them that were total rows. */
  readonly read: number;
  readonly ignored: number;
  /** Rows kept (neither blank nor total rows), each with its line. */
  readonly count: number;
  readonly line: Int32Array;
  readonly date: Int32Array;
  /** Cents; NaN when the row has no amount it could read. */
  readonly amount: Float64Array;
  /** 1 when the row's cells had no problem. */
  readonly ok: Uint8Array;
  /** Index in `currencies`, -1 when the row gives none. */
  readonly currency: Int32Array;
  readonly currencies: string[];
  /** Index in `customers` (ids as written, case and spaces aside), -1 when the row gives none. */
  readonly customer: Int32Array;
  readonly customers: string[];
  /** The payment id: bytes `idS…idE` of the table, or `idTexts` by row, or none (-1 and no text: its line stands for it). */
  readonly idS: Int32Array;
  readonly idE: Int32Array;
  readonly idTexts: Map<number, string>;
  /** Row k's references are refs `refStart[k]` … `refStart[k + 1] - 1`: bytes `refS…refE`, or `refTexts` (refS -1). */
  readonly refStart: Int32Array;
  readonly refS: Int32Array;
  readonly refE: Int32Array;
  readonly refTexts: Map<number, string>;
  /** Index in `methods`, -1 when none. */
  readonly method: Int32Array;
  readonly methods: string[];
  /** The column headers, for the problems the second half finds. */
  readonly headers: { customerId: string; refs: string; id: string; hasCustomerColumn: boolean };
  /** The references cell as written, of the rows that name no customer (for the message when none of them is known). */
  readonly refsCells: Map<number, string>;
  /** Problems of the cells (by row, in order), and of the file (line 0). */
  readonly problems: Problem[];
  /** The order of day and month the dates were read in, and whether only the locale chose it with values it would read otherwise. */
  readonly dateOrder: { readonly order: DateOrder; readonly assumedWithAmbiguous: boolean };
}

/**
 * The first half of the payments importer: every cell of every row read, nothing matched yet.
 * `hint`: the order of day and month the invoices' dates settled, for dates their own file does not settle.
 */
export function readPaymentRows(table: Table, options: ImportOptions & { hint?: DateOrder | null } = {}): PaymentRowsRead {
  const problems: Problem[] = [];
  const f = frame('payments', table, options.mapping, options.defaultCurrency);
  for (const x of f.notes) problems.push(x);
  const reader = cellReader(table);
  const evidence = gatherEvidence(reader, f, ['date'], ['amount', 'debit', 'refunded'], options.dateOrder === undefined);
  const decision = decideDates(reader, f, ['date'], evidence, { ...(options.dateOrder ? { told: options.dateOrder } : {}), hint: options.hint ?? null }, problems);
  const dates = decision.columns;
  const amounts = decideAmounts(f, ['amount', 'debit', 'refunded'], evidence, problems);
  const cap = Math.max(0, table.rowCount - f.first);
  const line = new Int32Array(cap);
  const date = new Int32Array(cap);
  const amount = new Float64Array(cap);
  const ok = new Uint8Array(cap);
  const currency = new Int32Array(cap);
  const customer = new Int32Array(cap);
  const idS = new Int32Array(cap);
  const idE = new Int32Array(cap);
  const method = new Int32Array(cap);
  const refStart = new Int32Array(cap + 1);
  let refS = new Int32Array(Math.max(16, cap));
  let refE = new Int32Array(Math.max(16, cap));
  let refs = 0;
  const refTexts = new Map<number, string>();
  const idTexts = new Map<number, string>();
  const refsCells = new Map<number, string>();
  const customerKeys = new KeyTable(1024, true);
  const customers: string[] = [];
  const currencyCodes: string[] = [];
  const currencyIndex = new Map<string, number>();
  const currencyOf = (code: string): number => {
    let c = currencyIndex.get(code);
    if (c === undefined) {
      c = currencyCodes.length;
      currencyCodes.push(code);
      currencyIndex.set(code, c);
    }
    return c;
  };
  let read = 0;
  let ignored = 0;
  let k = 0;
  const cId = col(f, 'id');
  const cDate = col(f, 'date');
  const cCustomer = col(f, 'customerId');
  const cName = col(f, 'customerName');
  const cRefs = col(f, 'refs');
  const cCurrency = col(f, 'currency');
  const cMethod = col(f, 'method');
  const currencies = new Words((t) => readCurrency(t));
  const methods = new Words((t) => t);
  const methodIds = new Map<string, number>();
  const methodList: string[] = [];
  const p = new RowProblems(f, reader);
  const names = [cId, cCustomer, cName];
  const key = new KeyCell();
  const above = new RunningTotal();
  const dateCol = reading(f, 'date', dates, evidence);
  const amountCol = reading(f, 'amount', amounts);
  const debitCol = reading(f, 'debit', amounts);
  const refundedCol = reading(f, 'refunded', amounts);
  const cStatus = col(f, 'status');
  const statuses = new Words((t) => paymentStatus(t));
  const warnedStatus = new Set<string>();
  // A list of every payment (ERPNext's Payment Entry, Odoo's payments): whose each is, and money in or out.
  const kinds = col(f, 'partyType') >= 0 || col(f, 'direction') >= 0 ? new PartyAndDirection(f) : null;
  const cSide = col(f, 'side');
  const sideWords = new Words((t) => readSide(t));
  // Money paid out to a customer: a refund, read as a payment below zero (§1.7), said.
  const paidOut: number[] = [];
  // Payments paid back in part (a payment processor's `Amount Refunded`): what was kept is read.
  const partlyRefunded: number[] = [];
  // Payments on their way (pending): read as received, said.
  const pending: number[] = [];
  /** Room for one more reference. */
  const room = (): void => {
    if (refs < refS.length) return;
    const a = new Int32Array(refs * 2);
    a.set(refS);
    refS = a;
    const b = new Int32Array(refs * 2);
    b.set(refE);
    refE = b;
  };
  const sink: TokenSink = {
    bytes(_d, s, e) {
      room();
      refS[refs] = s;
      refE[refs++] = e;
    },
    text(t) {
      room();
      refTexts.set(refs, t);
      refS[refs] = -1;
      refE[refs++] = -1;
    },
  };

  const end = tableEnd(reader, f, dateCol);
  for (let r = f.first; r < end; r++) {
    if (options.onProgress !== undefined && (r & 4095) === 0) options.onProgress(r, table.rowCount);
    if (reader.blankRow(r)) continue;
    read++;
    const at = table.line(r);
    key.read(reader, r, cId);
    if (key.isTotal(reader, r) && (key.blank || reader.blank(r, cDate))) {
      ignored++;
      above.endSection();
      problems.push({ severity: 'warning', code: 'total_row_ignored', file: table.file, line: at });
      continue;
    }
    // Undated, it may be a heading: decided before its customer is made one.
    const label = reader.blank(r, cDate) ? heading(reader, f, r, names) : null;
    if (label !== null) {
      ignored++;
      problems.push({ severity: 'warning', code: 'heading_row_ignored', file: table.file, line: at, value: label });
      continue;
    }
    // A payment that failed or was cancelled was not received; one refunded was paid back; a draft is not posted;
    // one pending is read, said.
    const status = cStatus >= 0 ? statuses.of(reader, r, cStatus) : undefined;
    if (status === 'not_received' || status === 'refunded' || status === 'draft') {
      ignored++;
      problems.push({ severity: 'warning', code: IGNORED_PAYMENT[status], file: table.file, line: at, value: statuses.text });
      continue;
    }
    if (status === null && !warnedStatus.has(statuses.text)) {
      warnedStatus.add(statuses.text);
      problems.push({ severity: 'warning', code: 'unknown_payment_status', file: table.file, line: at, column: headerOf(f, 'status'), value: statuses.text });
    }
    // A supplier's payment, an employee's, or a transfer between the firm's own accounts: not the receivable's.
    const way = kinds === null ? 0 : kinds.read(reader, r, at, problems);
    if (kinds?.left) {
      ignored++;
      continue;
    }
    p.start(r, at);
    line[k] = at;
    const day = dateOf(reader, p, dateCol);
    if (day === null) p.fail('date', 'required');
    date[k] = day === null || day !== day ? 0 : day;
    // Beside the credits, a debit column: a refund, owed again (§1.7); both on one row, their difference.
    let cents = sides(reader, p, amountCol, debitCol);
    const back = refundedCol.c >= 0 ? amountOf(reader, p, refundedCol) : null;
    let refunded = false;
    if (back !== null && back === back && back > 0 && cents !== null && cents === cents && cents > 0) {
      if (back >= cents) {
        ignored++;
        problems.push({ severity: 'warning', code: 'payment_refunded_ignored', file: table.file, line: at, value: cellText(reader.cell(r, refundedCol.c)) });
        continue;
      }
      cents -= back;
      refunded = true;
    }
    // Received, or paid out to the customer (a refund), whatever the sign the file writes it with; else its side.
    if (way !== 0 && cents !== null && cents === cents) cents = way * Math.abs(cents);
    else if (cSide >= 0 && cents !== null && cents === cents) {
      const side = sideWords.of(reader, r, cSide);
      if (side === 0) p.fail('side', 'not_a_side');
      else if (side !== undefined) cents = side * Math.abs(cents);
    }
    const amountCurrency = cents !== null && cents === cents ? reader.currency : null;
    if (cents === null) p.fail('amount', 'required');
    amount[k] = cents === null ? NaN : cents;
    // The customer: its id, else its name (as the id), kept by its text.
    let cust = -1;
    if (cCustomer >= 0 && reader.token(r, cCustomer)) {
      if (reader.e > reader.s) cust = customerKeys.add(reader.d, reader.s, reader.e);
      if (customerKeys.added && cust >= 0) customers.push(latin1(reader.d, reader.s, reader.e));
    } else if (cCustomer >= 0 && reader.str !== '') {
      cust = customerKeys.addText(reader.str);
      if (customerKeys.added) customers.push(reader.str);
    }
    if (cust < 0 && cName >= 0) {
      const name = reader.text(r, cName);
      if (name !== '') {
        cust = customerKeys.addText(name);
        if (customerKeys.added) customers.push(name);
      }
    }
    customer[k] = cust;
    if (cents !== null && cents === cents) {
      if (key.blank && day === null && cust < 0 && (cRefs < 0 || reader.blank(r, cRefs)) && above.closes(cents)) {
        ignored++;
        problems.push({ severity: 'warning', code: 'total_row_ignored', file: table.file, line: at, params: { sum: 1 } });
        continue;
      }
      above.add(cents);
    }
    const code = currencies.of(reader, r, cCurrency);
    if (code === null) p.fail('currency', 'not_a_currency');
    inUnit(p, amountCurrency ?? f.unit, code);
    currency[k] = code !== null && code !== undefined ? currencyOf(code) : amountCurrency !== null ? currencyOf(amountCurrency) : -1;
    refStart[k] = refs;
    if (cRefs >= 0) reader.references(r, cRefs, sink);
    if (cust < 0 && refs > refStart[k]!) refsCells.set(k, cellText(reader.cell(r, cRefs)));
    if (key.blank) idS[k] = idE[k] = -1;
    else if (key.text === null) {
      idS[k] = key.s;
      idE[k] = key.e;
    } else {
      idS[k] = idE[k] = -1;
      idTexts.set(k, key.text);
    }
    const m = methods.of(reader, r, cMethod);
    if (m === undefined || m === null) method[k] = -1;
    else {
      let id = methodIds.get(m);
      if (id === undefined) {
        id = methodList.length;
        methodList.push(m);
        methodIds.set(m, id);
      }
      method[k] = id;
    }
    // The header again (a report's page header): no row, its references let go.
    if (p.any && repeatsHeader(reader, f, r)) {
      ignored++;
      refs = refStart[k]!;
      refsCells.delete(k);
      idTexts.delete(k);
      problems.push({ severity: 'warning', code: 'header_repeated', file: table.file, line: at });
      continue;
    }
    ok[k] = p.any ? 0 : 1;
    for (const x of p.list) problems.push(x);
    // Said of the rows read (a row rejected is said so, not read as received).
    if (!p.any && status === 'pending') pending.push(at);
    if (!p.any && refunded) partlyRefunded.push(at);
    if (!p.any && way < 0) paidOut.push(at);
    k++;
  }
  refStart[k] = refs;
  const below = summaryBlock(reader, f, end, problems);
  read += below;
  ignored += below;
  if (partlyRefunded.length > 0) problems.push(linesWarning('payments_partly_refunded', table.file, partlyRefunded, headerOf(f, 'refunded')));
  if (pending.length > 0) problems.push(linesWarning('payments_pending', table.file, pending, headerOf(f, 'status')));
  if (paidOut.length > 0) problems.push(linesWarning('payments_paid_out', table.file, paidOut, headerOf(f, 'direction')));
  const sign = signOf(amount, line, k, options.paymentSign);
  // With a side column, the amounts below zero are the file's credits (`C`): said so.
  if (sign !== null) problems.unshift({ severity: 'warning', code: 'payments_written_negative', file: table.file, line: 0, params: { ...sign, ...(cSide >= 0 ? { side: 1 } : {}) } });
  const only = decision.columns.get('date');
  return {
    file: table.file,
    read,
    ignored,
    count: k,
    line: line.subarray(0, k),
    date: date.subarray(0, k),
    amount: amount.subarray(0, k),
    ok: ok.subarray(0, k),
    currency: currency.subarray(0, k),
    currencies: currencyCodes,
    customer: customer.subarray(0, k),
    customers,
    idS: idS.subarray(0, k),
    idE: idE.subarray(0, k),
    idTexts,
    refStart: refStart.subarray(0, k + 1),
    refS: refS.subarray(0, refs),
    refE: refE.subarray(0, refs),
    refTexts,
    method: method.subarray(0, k),
    methods: methodList,
    refsCells,
    headers: { customerId: headerOf(f, 'customerId'), refs: headerOf(f, 'refs'), id: headerOf(f, 'id'), hasCustomerColumn: cCustomer >= 0 },
    problems,
    dateOrder: { order: only?.order ?? 'dmy', assumedWithAmbiguous: only?.assumed === true && only.hasAmbiguous },
  };
}

/**
 * A payments file that writes its payments as credits, negative (as some software exports a customer
 * account's credit side): most of its amounts below zero, where a negative payment is a refund (§1.7), and
 * refunds are few. Its signs are reversed in place (a positive amount is then its refund), and what was
 * decided is returned, to be said (docs/accounting.md §9.7); null when most amounts are positive, or when
 * the user told the sign (`told`: the amounts are reversed when told negative).
 */
function signOf(amount: Float64Array, line: Int32Array, count: number, told: PaymentSign | undefined): { negative: number; count: number; first: number } | null {
  if (told !== undefined) {
    if (told === 'negative') for (let k = 0; k < count; k++) if (amount[k] !== 0) amount[k] = -amount[k]!;
    return null;
  }
  let negative = 0;
  let positive = 0;
  let first = 0;
  for (let k = 0; k < count; k++) {
    const a = amount[k]!;
    if (a < 0) {
      if (negative++ === 0) first = line[k]!;
    } else if (a > 0) positive++;
  }
  if (negative <= positive) return null;
  for (let k = 0; k < count; k++) if (amount[k] !== 0) amount[k] = -amount[k]!;
  return { negative, count: negative + positive, first };
}

/**
 * The second half of the payments importer, once every invoice is in (docs/accounting.md §1.4–§1.6): each row's
 * references matched to the invoices (ignoring case and surrounding spaces), the customer of a payment
 * that names none taken from the first invoice it names (a payment with neither is rejected), ids
 * checked for duplicates, and the payments added to `into`. `bytes`: the table's bytes, which the rows'
 * byte ranges point into. A payment's currency, when the file has none, is decided by `LedgerBuilder.finish`.
 */
export function addPaymentRows(
  rows: PaymentRowsRead,
  bytes: Uint8Array | null,
  into: LedgerBuilder,
  options: ImportOptions & { customerNames?: ReadonlyMap<string, string> } = {},
): { rows: PaymentRows; problems: Problem[] } {
  const problems: Problem[] = [];
  const defaultCurrency = options.defaultCurrency ?? 'EUR';
  const file = into.file(rows.file);
  const from = into.paymentCount;
  let rejected = 0;
  const rejectedAmounts: Record<string, Cents> = {};
  const byName = new CustomersByName(into, options.customerNames);
  const named: number[] = [];
  const customers = rows.customers.map((text, j) => {
    const known = into.customerKeys.findText(text);
    if (known >= 0) return known;
    const c = byName.find(text);
    if (c >= 0) named[j] = c;
    return c >= 0 ? c : into.customerOfText(text);
  });
  const saidName = new Set<number>();
  const currencies = rows.currencies.map((code) => into.currency(code));
  const methods = rows.methods.map((text) => into.method(text));
  const d = bytes ?? new Uint8Array(0);
  const refs = new References(into, isFreeText(rows.headers.refs));
  into.reserve(0, rows.count);
  // The file's own problems (line 0) first, then each row's, its cells' then its matching's.
  let q = 0;
  const cellProblems = rows.problems;
  while (q < cellProblems.length && cellProblems[q]!.line === 0) problems.push(cellProblems[q++]!);
  for (let k = 0; k < rows.count; k++) {
    const line = rows.line[k]!;
    while (q < cellProblems.length && cellProblems[q]!.line <= line) problems.push(cellProblems[q++]!);
    let ok = rows.ok[k] === 1;
    let customer = rows.customer[k]! >= 0 ? customers[rows.customer[k]!]! : -1;
    if (rows.customer[k]! >= 0 && named[rows.customer[k]!] !== undefined && !saidName.has(rows.customer[k]!)) {
      saidName.add(rows.customer[k]!);
      problems.push({
        severity: 'warning',
        code: 'payment_customer_by_name',
        file: rows.file,
        line,
        column: rows.headers.customerId,
        value: rows.customers[rows.customer[k]!]!,
        params: { customer: into.customerIds[customer]! },
      });
    }
    refs.start(customer);
    for (let r = rows.refStart[k]!; r < rows.refStart[k + 1]!; r++) {
      if (rows.refS[r]! >= 0) refs.bytes(d, rows.refS[r]!, rows.refE[r]!);
      else refs.text(rows.refTexts.get(r)!);
    }
    refs.end();
    const fail = (column: string, code: string, value: string, params?: Record<string, string | number>): void => {
      problems.push({ severity: 'error', code, file: rows.file, line, column, value, ...(params ? { params } : {}) });
      ok = false;
    };
    if (customer < 0) {
      if (into.firstNamed() >= 0) customer = into.customerOfInvoice(into.firstNamed());
      else if (refs.count > 0) fail(rows.headers.refs, 'payment_names_no_known_invoice', rows.refsCells.get(k) ?? '');
      else fail(rows.headers.hasCustomerColumn ? rows.headers.customerId : rows.headers.refs, 'payment_without_customer', '');
    }
    // Without an id column, a payment is named by its row number (§1.4).
    const idS = rows.idS[k]!;
    const idText = idS < 0 ? rows.idTexts.get(k) : undefined;
    const hasId = idS >= 0 || idText !== undefined;
    if (hasId && ok) {
      const earlier = idS >= 0 ? into.paymentKeys.earlier(0, d, idS, rows.idE[k]!) : into.paymentKeys.earlierText(0, idText!);
      if (earlier >= 0) fail(rows.headers.id, 'duplicate_payment', idS >= 0 ? latin1(d, idS, rows.idE[k]!) : idText!, { first: into.lineOfPayment(earlier) });
    }
    const cents = rows.amount[k]!;
    const currency = rows.currency[k]! >= 0 ? currencies[rows.currency[k]!]! : -1;
    if (!ok || cents !== cents) {
      rejected++;
      into.dropReferences();
      if (cents === cents) addTo(rejectedAmounts, currency >= 0 ? into.currencyCodes[currency]! : defaultCurrency, cents);
      continue;
    }
    if (!hasId) into.paymentIds.addText(String(line));
    else if (idS >= 0) into.paymentIds.add(d, idS, rows.idE[k]!);
    else into.paymentIds.addText(idText!);
    into.paymentKeys.register(0);
    into.pushPayment(customer, currency, rows.date[k]!, cents, false, file, line, rows.method[k]! >= 0 ? methods[rows.method[k]!]! : -1);
  }
  while (q < cellProblems.length) problems.push(cellProblems[q++]!);
  return { rows: { file: rows.file, from, to: into.paymentCount, read: rows.read, rejected, ignored: rows.ignored, rejectedAmounts }, problems };
}

/**
 * Reads the rows of a payments table into `into` (docs/accounting.md §1.4), once every invoice is in:
 * `readPaymentRows`, then `addPaymentRows`.
 */
export function importPayments(
  table: Table,
  into: LedgerBuilder,
  options: ImportOptions & { hint?: DateOrder | null; customerNames?: ReadonlyMap<string, string> } = {},
): { rows: PaymentRows; problems: Problem[] } {
  return addPaymentRows(readPaymentRows(table, options), table.bytes?.data ?? null, into, options);
}

/**
 * The customers by their names, for a payments file that names its customers by name where the invoices
 * give ids (docs/accounting.md §9.1): the names the invoices write beside their ids, and the customers
 * file's. A name matches as an id does, ignoring case and surrounding spaces; a name two customers
 * share names neither. Made when a payment's customer is no id, which most files never need.
 */
class CustomersByName {
  private index: Map<string, number | null> | null = null;
  private readonly into: LedgerBuilder;
  private readonly fileNames: ReadonlyMap<string, string> | undefined;
  constructor(into: LedgerBuilder, fileNames: ReadonlyMap<string, string> | undefined) {
    this.into = into;
    this.fileNames = fileNames;
  }
  /** The customer whose name `text` is, or -1 (none, or several). */
  find(text: string): number {
    this.index ??= this.build();
    return this.index.get(referenceKey(text)) ?? -1;
  }
  private build(): Map<string, number | null> {
    const names: [string, number][] = [];
    const ledger = this.into.customerNames;
    for (let c = 0; c < ledger.length; c++) if (ledger[c] != null) names.push([ledger[c]!, c]);
    for (const [id, name] of this.fileNames ?? []) {
      const c = this.into.customerKeys.findText(id);
      if (c >= 0) names.push([name, c]);
    }
    return byName(names);
  }
}

/**
 * The references of the payment being read, matched to the invoices as they come: a reference that names
 * no invoice, or another customer's, keeps its text as written (for the warning the allocation gives);
 * any other is the invoice it names, and reads as that invoice's number. A word without a digit that names
 * no invoice (`Facture`, `Fact.`, `n°` in `Facture n° F-102`) is no reference when another word of the payment
 * names one (`end`).
 */
class References implements TokenSink {
  private readonly into: LedgerBuilder;
  /** The column is free text: a word that names no invoice is no reference. */
  private readonly freeText: boolean;
  private customer = -1;
  count = 0;
  /** The payment's words without a digit that named no invoice, and whether another word named one. */
  private readonly words: string[] = [];
  private namedAny = false;
  constructor(into: LedgerBuilder, freeText: boolean) {
    this.into = into;
    this.freeText = freeText;
  }
  start(customer: number): void {
    this.customer = customer;
    this.count = 0;
    this.words.length = 0;
    this.namedAny = false;
  }
  /** Ends the payment's references: its words without a digit are references (unknown, said) when no other named an invoice. */
  end(): void {
    if (this.namedAny) return;
    for (const w of this.words) {
      this.count++;
      this.into.pushNamed(UNKNOWN_REFERENCE, w);
    }
  }
  bytes(d: Uint8Array, s: number, e: number): void {
    const t = this.into.invoiceOf(d, s, e);
    // The usual reference, an invoice's number in a column of references: kept small, it stays inlined in the
    // payments' loop (a million calls at 1M rows); the rest is `rareBytes`.
    if (t < 0 || this.freeText) {
      this.rareBytes(d, s, e, t);
      return;
    }
    this.namedAny = true;
    this.count++;
    this.into.pushNamed(t, this.customer >= 0 && this.into.customerOfInvoice(t) !== this.customer ? latin1(d, s, e) : null);
  }
  /** A reference of bytes that names no invoice by its number, or a word of free text. */
  private rareBytes(d: Uint8Array, s: number, e: number, named: number): void {
    let t = named;
    // A reference that is no invoice number may be the invoice's structured communication (a Belgian payer's).
    if (t === UNKNOWN_REFERENCE && e - s >= 12 && (d[s] === 43 || d[s] === 42 || (d[s]! >= 48 && d[s]! <= 57))) {
      t = this.into.invoiceOfCommunication(latin1(d, s, e));
    }
    if (t === UNKNOWN_REFERENCE && this.parts(latin1(d, s, e))) return;
    if (this.freeText && !this.named(t)) return;
    if (t === UNKNOWN_REFERENCE && !hasDigit(d, s, e)) {
      this.words.push(latin1(d, s, e));
      return;
    }
    if (t >= 0) this.namedAny = true;
    this.count++;
    const warns = t === UNKNOWN_REFERENCE || (this.customer >= 0 && this.into.customerOfInvoice(t) !== this.customer);
    this.into.pushNamed(t, warns ? latin1(d, s, e) : null);
  }
  text(text: string): void {
    let t = this.into.invoiceOfText(text);
    if (t === NO_REFERENCE) t = UNKNOWN_REFERENCE;
    if (t === UNKNOWN_REFERENCE) t = this.into.invoiceOfCommunication(text);
    if (t === UNKNOWN_REFERENCE && this.parts(text)) return;
    if (this.freeText && !this.named(t)) return;
    if (t === UNKNOWN_REFERENCE && !/\d/.test(text)) {
      this.words.push(text);
      return;
    }
    if (t >= 0) this.namedAny = true;
    this.count++;
    const warns = t === UNKNOWN_REFERENCE || (this.customer >= 0 && this.into.customerOfInvoice(t) !== this.customer);
    this.into.pushNamed(t, warns ? text : null);
  }
  /**
   * A word that names no invoice but joins invoice numbers with `/`, `+` or `&` (`FA-001/FA-002`, `F1+F2`, as a
   * payer writes two invoices paid at once; a number may hold a `/` itself, `2026/005`, and is looked for whole
   * first, `FA-002&2026/005`): its parts are the references when each names an invoice, as in a bank line's text.
   * Said whether so.
   */
  private parts(word: string): boolean {
    if (!JOINS.test(word)) return false;
    const parts: string[] = [];
    const rows: number[] = [];
    for (const chunk of word.split(PLUS)) {
      const whole = chunk.includes('/') ? this.into.invoiceOfText(chunk) : -1;
      for (const part of whole >= 0 ? [chunk] : chunk.split('/')) {
        const t = whole >= 0 ? whole : this.into.invoiceOfText(part);
        if (t < 0 || (this.freeText && !this.named(t))) return false;
        parts.push(part);
        rows.push(t);
      }
    }
    this.namedAny = true;
    for (let k = 0; k < rows.length; k++) {
      this.count++;
      const t = rows[k]!;
      this.into.pushNamed(t, this.customer >= 0 && this.into.customerOfInvoice(t) !== this.customer ? parts[k]!.trim() : null);
    }
    return true;
  }
  /** Whether a word of free text names invoice t: a number long enough not to appear there by chance, as in a bank line's text. */
  private named(t: number): boolean {
    return t >= 0 && searchable(this.into.numbers.at(t));
  }
}

/**
 * The balances in another currency than their row's (Odoo's `Amount Due Signed`, the firm's, on a row in USD; a cell's
 * `1 200,00 €` on a row in USD): not read, and said in one warning with their lines.
 */
class OtherUnitBalances {
  private readonly f: Frame<'invoices'>;
  private readonly lines: number[] = [];
  private first = { unit: '', currency: '' };
  constructor(f: Frame<'invoices'>) {
    this.f = f;
  }
  /** The balance read (`cents`, written in `cellCurrency` if its cell says one) on a row in `code`: null when it is another currency's. */
  read(cents: number | null, cellCurrency: string | null, code: string | null | undefined, line: number): number | null {
    const written = cellCurrency ?? this.f.balanceUnit;
    if (cents === null || cents !== cents || sameUnit(written, code)) return cents;
    if (this.lines.length === 0) this.first = { unit: written!, currency: code! };
    this.lines.push(line);
    return null;
  }
  warning(problems: Problem[]): void {
    if (this.lines.length === 0) return;
    const w = linesWarning('balance_in_other_currency', this.f.table.file, this.lines, headerOf(this.f, 'balance'));
    problems.push({ ...w, params: { ...w.params, ...this.first } });
  }
}

/** What joins invoice numbers paid at once in one word (`FA-001/FA-002`, `F1+F2`, `F1&F2`); a `/` may be a number's own. */
const JOINS = /[/+&]/;
const PLUS = /[+&]/;

/** Whether bytes `s` to `e` hold a digit. */
function hasDigit(d: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) if (d[i]! >= 48 && d[i]! <= 57) return true;
  return false;
}

/**
 * How the payments of a builder's rows were imported, once the ledger is finished (the currencies of
 * payments that had none are known then): read = used + rejected + ignored, and the amounts alike.
 */
export function paymentsCount(ledger: Ledger, rows: PaymentRows): ImportCount {
  const count = newCount(rows.file);
  count.read = rows.read;
  count.rejected = rows.rejected;
  count.ignored = rows.ignored;
  count.used = rows.to - rows.from;
  const used = new Sums();
  for (let q = rows.from; q < rows.to; q++) {
    const a = ledger.paymentAccount[q]!;
    used.add(a >= 0 ? ledger.accountCurrency[a]! : (ledger.currencies[0] ?? 'EUR'), ledger.paymentAmount[q]!);
  }
  used.into(count.amounts.used);
  used.into(count.amounts.read);
  for (const [c, v] of Object.entries(rows.rejectedAmounts)) {
    addTo(count.amounts.rejected, c, v);
    addTo(count.amounts.read, c, v);
  }
  return count;
}

const LANGUAGES: Record<string, Language> = {
  fr: 'fr',
  fra: 'fr',
  fre: 'fr',
  francais: 'fr',
  french: 'fr',
  frans: 'fr',
  'fr fr': 'fr',
  'fr be': 'fr',
  // Business Central's language codes (Windows'): French of France, Belgium, Canada, Switzerland; Dutch of Belgium; English of the US.
  frb: 'fr',
  frc: 'fr',
  frs: 'fr',
  nlb: 'nl',
  enu: 'en',
  en: 'en',
  eng: 'en',
  anglais: 'en',
  english: 'en',
  engels: 'en',
  'en gb': 'en',
  'en us': 'en',
  nl: 'nl',
  nld: 'nl',
  dut: 'nl',
  neerlandais: 'nl',
  dutch: 'nl',
  nederlands: 'nl',
  flamand: 'nl',
  vlaams: 'nl',
  'nl be': 'nl',
};
/**
 * A language as a customers file writes it: a code (`fr`, `fr_BE`, `nl-BE`), a name (`Français`, `Dutch`), or a
 * software's label that names it in two languages or with its country (Odoo's `French / Français`, `English (US)`,
 * `Dutch (BE) / Nederlands (BE)`): its first word that is a language's name. Null when none is.
 */
function languageOf(text: string): Language | null {
  const f = fold(text);
  const whole = LANGUAGES[f];
  if (whole !== undefined) return whole;
  // A word of the label, not a code of two or three letters: `en` is French's `in` (`En français`), not English.
  for (const word of f.split(/[^a-z]+/)) {
    const l = word.length > 3 ? LANGUAGES[word] : undefined;
    if (l !== undefined) return l;
  }
  return null;
}

const YES = /^(1|x|yes|y|oui|o|ja|j|true|vrai|waar)$/;
const NO = /^(|0|no|n|non|nee|false|faux|onwaar)$/;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

/** Whether a text is one plain e-mail address (`compta@dupont.example`): no name, no spaces, no separators. */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}

/**
 * Splits a cell of e-mail addresses (separated by `,`, `;`, spaces or line breaks, and a `/`, `|`, `&`, `+` or dash
 * alone between spaces); returns the valid ones and the invalid ones. A cell that holds header or group syntax (a
 * `:`, as in `a@x.fr⏎Bcc: evil@y.example`) is refused as a whole: none of its addresses is used, so data can never
 * add a recipient by looking like a header; so is an address with a display name.
 * Example: `splitEmails('a@x.fr; b@y.fr')` is `{ valid: ['a@x.fr', 'b@y.fr'], invalid: [] }`.
 */
export function splitEmails(text: string): { valid: string[]; invalid: string[] } {
  const valid: string[] = [];
  const invalid: string[] = [];
  // The usual cell, blank or one plain address, is what the rules below make of it.
  if (text === '') return { valid, invalid };
  if (EMAIL.test(text)) return { valid: [text], invalid };
  // Punctuation alone between two addresses (`a@x.fr / b@y.fr`, `a@x.fr - b@y.fr`) separates them too.
  const parts = text.split(/[,;\s]+/).filter((p) => p !== '' && !/^[/|&+\-–—]+$/.test(p));
  if (parts.some((p) => p.includes(':'))) return { valid, invalid: parts };
  // An address with a display name (`"Dupont SA" <a@x.fr>`, `Dupont <a@x.fr>`) is refused whole, never
  // kept without its name: only plain addresses are written in a customers file.
  if (parts.some((p) => p.includes('"')) || (parts.some((p) => /^<.*>$/.test(p)) && parts.some((p) => !EMAIL.test(p.replace(/^<|>$/g, ''))))) {
    return { valid, invalid: [text.trim()] };
  }
  for (const part of parts) {
    const addr = part.replace(/^<|>$/g, '');
    (EMAIL.test(addr) ? valid : invalid).push(addr);
  }
  return { valid, invalid };
}

/** A record being built: its optional fields set one by one (an object spread per row is slow). */
type Building<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A customers file's row that is a report's, no customer: a total row (no address: "TOTAL" with one is a
 * customer's code), the header again (a page header: an address in the e-mail column does not make it a
 * customer), a heading above a group, as in the ledgers. What is said of it, else null.
 */
function reportRow(reader: CellReader, f: Frame<'customers'>, r: number, key: KeyCell, idHeader: string): Omit<Problem, 'file' | 'line'> | null {
  key.read(reader, r, customerKeyColumn(f));
  if (key.isTotal(reader, r) && reader.blank(r, col(f, 'email'))) return { severity: 'warning', code: 'total_row_ignored' };
  if (keySays(key, reader.d, idHeader) && repeatsHeader(reader, f, r)) return { severity: 'warning', code: 'header_repeated' };
  const label = key.blank ? heading(reader, f, r, NO_NAMES) : null;
  return label === null ? null : { severity: 'warning', code: 'heading_row_ignored', value: label };
}

/** The column of a customers file that says who each is: its codes, else its names (a software's contacts). */
function customerKeyColumn(f: Frame<'customers'>): number {
  const id = col(f, 'id');
  return id >= 0 ? id : col(f, 'name');
}

/** Turns the rows of a customers file into customers. */
export function importCustomers(table: Table, options: ImportOptions = {}): ImportResult<Customer> {
  const problems: Problem[] = [];
  const f = frame('customers', table, options.mapping);
  const reader = cellReader(table);
  const amounts = decideAmounts(f, ['creditLimit'], gatherEvidence(reader, f, [], ['creditLimit'], false), problems);
  const count = newCount(table.file);
  const records: Customer[] = [];
  // Customer ids match as references do: case and surrounding spaces ignored (docs/accounting.md §9.1).
  const seen = new KeyTable(64, true);
  const lines: number[] = [];
  const p = new RowProblems(f, reader);
  const limitCol = reading(f, 'creditLimit', amounts);
  const text = (r: number, field: FieldOf<'customers'>): string => reader.text(r, col(f, field));
  const has = (r: number, field: FieldOf<'customers'>): boolean => !reader.blank(r, col(f, field));
  const key = new KeyCell();
  const idHeader = (f.headers[customerKeyColumn(f)] ?? '').trim().toLowerCase();
  const byName: number[] = [];
  for (let r = f.first; r < table.rowCount; r++) {
    if (reader.blankRow(r)) continue;
    count.read++;
    const line = table.line(r);
    const report = reportRow(reader, f, r, key, idHeader);
    if (report !== null) {
      count.ignored++;
      problems.push({ ...report, file: table.file, line });
      continue;
    }
    p.start(r, line);
    // A customer without a code (Xero's contacts, whose account number is optional) is known by its name, as the
    // invoices of such software name it.
    let id = text(r, 'id');
    if (id === '' && has(r, 'name')) {
      id = text(r, 'name');
      byName.push(line);
    }
    // Said of the column that should have told who it is: the codes', else the names' (a file of names only).
    if (id === '') p.fail(col(f, 'id') >= 0 ? 'id' : 'name', 'required');
    const emails = splitEmails(text(r, 'email'));
    const cc = splitEmails(text(r, 'cc'));
    invalidEmails(emails.invalid, cc.invalid, p, problems);
    let language: Language | null = null;
    if (has(r, 'language')) {
      language = languageOf(text(r, 'language'));
      if (language === null) p.fail('language', 'not_a_language');
    }
    // Terms not read are said, and the customer kept: its invoices without a due date take the default terms (§1.10).
    let terms: string | null = null;
    if (has(r, 'terms')) {
      terms = text(r, 'terms');
      if (parseTerms(terms) === null) {
        problems.push({ severity: 'warning', code: 'customer_terms_not_read', file: table.file, line, column: headerOf(f, 'terms'), value: terms });
        terms = null;
      }
    }
    const limit = amountOf(reader, p, limitCol);
    let doNotRemind = false;
    if (has(r, 'doNotRemind')) {
      const v = fold(text(r, 'doNotRemind'));
      if (YES.test(v)) doNotRemind = true;
      else if (!NO.test(v)) p.fail('doNotRemind', 'not_yes_no');
    }
    let type: CustomerType | null = null;
    if (has(r, 'type') && text(r, 'type') !== '') {
      type = customerTypeOf(text(r, 'type'));
      if (type === null) p.fail('type', 'not_a_customer_type');
    }
    if (id !== '' && !p.any) {
      const k = seen.addText(id);
      if (!seen.added) p.fail('id', 'duplicate_customer', { first: lines[k]! });
      else lines[k] = line;
    }
    if (p.any || id === '') {
      for (const x of p.list) problems.push(x);
      count.rejected++;
      continue;
    }
    const record: Building<Customer> = {
      id,
      name: text(r, 'name') || null,
      emails: emails.valid,
      cc: cc.valid,
      language,
      terms,
      creditLimit: limit === null ? null : toCents(limit),
      doNotRemind,
      file: table.file,
      line,
    };
    if (type !== null) record.type = type;
    const address = postalAddress((field) => (has(r, field) ? text(r, field) : ''));
    if (address !== null) record.address = address;
    if (has(r, 'iban')) record.ibans = readIbans(text(r, 'iban'), problems, table.file, line, headerOf(f, 'iban'));
    records.push(record);
    count.used++;
  }
  if (byName.length > 0) problems.push(linesWarning('customers_by_name', table.file, byName, f.headers[customerKeyColumn(f)]));
  return { records, count, problems };
}

/** A customers file's row's addresses that are not e-mail addresses: one warning per cell, however many it holds (a cell of a million commas is one). */
function invalidEmails(email: readonly string[], cc: readonly string[], p: RowProblems<'customers'>, problems: Problem[]): void {
  for (const [field, bad] of [
    ['email', email],
    ['cc', cc],
  ] as const) {
    if (bad.length === 0) continue;
    const value = bad.length <= 3 ? bad.join(', ') : `${bad.slice(0, 3).join(', ')} (+${bad.length - 3})`;
    problems.push({ severity: 'warning', code: 'invalid_email', file: p.file, line: p.line, column: p.header(field), value });
  }
}

/**
 * A customer's type as people write it: a business (B2B, entreprise, professionnel, société,
 * bedrijf), a consumer (particulier, consommateur, B2C, consument), a public body (public,
 * administration, collectivité, B2G, overheid); null for anything else.
 * @example customerTypeOf("Particulier") === "consumer"
 */
export function customerTypeOf(text: string): CustomerType | null {
  const v = fold(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  const whole = typeOfWords(v);
  if (whole !== null) return whole;
  // Words that each say the same (`Particulier (B2C)`, `Particulier/Privé`): that; words that disagree: none.
  let type: CustomerType | null = null;
  for (const word of v.split(' ')) {
    const t = typeOfWords(word);
    if (t === null) continue;
    if (type !== null && t !== type) return null;
    type = t;
  }
  return type;
}

/** `customerTypeOf` of a folded text, as a whole. */
function typeOfWords(v: string): CustomerType | null {
  if (BUSINESS.test(v)) return 'business';
  if (CONSUMER.test(v)) return 'consumer';
  return PUBLIC_BODY.test(v) ? 'public' : null;
}

/** A business, a sole trader's too (`Auto-entrepreneur`, `Indépendant`, `Zelfstandige`): a professional, as the law of late payment says. */
const BUSINESS =
  /^(b2b|business|company|professional|pro|professionnel|entreprise|societe|bedrijf|onderneming|zakelijk|auto entrepreneur|micro entrepreneur|micro entreprise|entrepreneur individuel|independant|travailleur independant|zelfstandige|freelance|freelancer|sole trader|self employed)$/;
const CONSUMER = /^(b2c|consumer|private|individual|particulier|particuliers|part|consommateur|client particulier|personne physique|consument|privé|prive|particulier klant)$/;
/** A public body, a town hall's or a ministry's by its name (`Mairie`, `Commune`, `Gemeente`). */
const PUBLIC_BODY =
  /^(b2g|public|public body|public sector|government|administration|collectivite|collectivite territoriale|etablissement public|secteur public|acheteur public|pouvoir public|organisme public|service public|mairie|commune|gemeente|ministere|ministerie|overheid|openbaar bestuur|publiek)$/;

/** The postal address of a customers-file row, as the lines of an envelope: street, postal code and city, country. */
function postalAddress(cell: (field: 'address' | 'postalCode' | 'city' | 'country') => string): string[] | null {
  const street = cell('address');
  const town = [cell('postalCode'), cell('city')].filter(Boolean).join(' ');
  const country = cell('country');
  if (street === '' && town === '' && country === '') return null;
  const lines = [...street.split(/\r?\n|\r/).map((l) => l.trim()), town, country].filter((l) => l !== '');
  return lines.length > 0 ? lines : null;
}

/**
 * A payment reference cell (issue 7, bank statements): kept as written, with a warning when it is a
 * Belgian structured communication whose check digits are wrong.
 * A payment reference cell (a Belgian structured communication, an RF reference): kept as written, with
 * a warning when it is a structured communication whose check digits are wrong.
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
