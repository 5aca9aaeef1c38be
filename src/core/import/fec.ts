import { dayFromYmd, isoFromDay, isValidYmd, type Day } from '../dates.ts';
import { cents as toCents, currencyCode, type Cents, type Currency } from '../money.ts';
import { DEFAULT_TERMS, dueDateFromTerms, formatTerms } from '../terms.ts';
import type { Invoice, Payment, Problem } from '../types.ts';
import { parseAmount } from './amounts.ts';
import { readSide } from './columns.ts';
import { normalizeHeader } from './headers.ts';
import { journalKind, letteringGroups, letteringOfLine, sortLetteredDebits, unbalancedLettering, type JournalKind, type LetteredLine, type LetteringGroup } from './journals.ts';
import { MissingColumnsError, type ImportCount, type ImportOptions, type ImportResult, type TermsLookup } from './ledger.ts';
import { cellText, HEAD_ROWS, isBlank, type Cell, type Table } from './table.ts';

/**
 * The FEC (Fichier des Écritures Comptables, art. A47 A-1 of the Livre des procédures fiscales): the
 * journal entries every French accounting program exports, one line per debit or credit. It holds
 * invoices and payments at once; `ar` reads the lines on the customer accounts (411…).
 *
 * - Customer: CompAuxNum (the auxiliary account), else the account itself (CompteNum); name
 *   CompAuxLib, else CompteLib.
 * - Document: PieceRef, else (empty or a placeholder such as `-`) EcritureNum.
 * - A debit is an invoice (or an opening balance, journal AN/RAN, or a refund or rejected payment in
 *   a bank journal, due at once). A credit is a credit note in a sales journal, else a payment.
 * - Lettering (EcritureLet, DateLet): the credits of a lettering group name its debits, oldest first,
 *   from the day it was lettered (see `Lettering`). Partial lettering (a lower-case code or one ending
 *   in `*`) leaves the difference open; so does a group that does not balance.
 * - No due dates in a FEC: the customer's terms, else the default terms, flagged `dueDateDerived`.
 */

/** The columns of a FEC, as the regulation names them. */
const FEC_COLUMNS = [
  'JournalCode',
  'JournalLib',
  'EcritureNum',
  'EcritureDate',
  'CompteNum',
  'CompteLib',
  'CompAuxNum',
  'CompAuxLib',
  'PieceRef',
  'PieceDate',
  'EcritureLib',
  'Debit',
  'Credit',
  'EcritureLet',
  'DateLet',
  'ValidDate',
  'Montantdevise',
  'Idevise',
  'Montant',
  'Sens',
] as const;

type FecColumn = (typeof FEC_COLUMNS)[number];

/** The account prefix of receivables (French chart of accounts: 411 Clients). */
const RECEIVABLE_PREFIX = '411';

const KEY = new Map<string, FecColumn>(FEC_COLUMNS.map((c) => [normalizeHeader(c), c]));

/**
 * True when a header row is a FEC's: it names JournalCode, EcritureNum, EcritureDate and CompteNum.
 * @example isFecHeader(["JournalCode", "JournalLib", "EcritureNum", "EcritureDate", "CompteNum", …]) === true
 */
export function isFecHeader(cells: readonly Cell[]): boolean {
  const names = new Set(cells.map((c) => KEY.get(normalizeHeader(cellText(c)))));
  return names.has('JournalCode') && names.has('EcritureNum') && names.has('EcritureDate') && names.has('CompteNum');
}

/**
 * An amount as FEC software writes it: decimal comma (or point), no thousands separator, sometimes
 * zero-padded with a leading space (` 000000000007760,45`). An empty cell is 0.
 * @example parseFecAmount(" 000000000007760,45") → 776045
 */
export function parseFecAmount(text: string): Cents | null {
  const t = text.trim();
  if (t === '') return toCents(0);
  const m = /^([+-]?)0*(\d*(?:[.,]\d+)?)$/.exec(t);
  if (!m) return null;
  let body = m[2]!;
  if (body === '' || body.startsWith('.') || body.startsWith(',')) body = `0${body}`;
  const mark = body.includes(',') ? ',' : '.';
  const r = parseAmount(`${m[1]}${body}`, mark);
  return r.ok ? r.cents : null;
}

/**
 * A date as the FEC writes it, `yyyymmdd`; ISO `yyyy-mm-dd` and `dd/mm/yyyy` are read too, since
 * some programs write them. Null when it is not a real date.
 * @example parseFecDate("20260131") === dayFromYmd(2026, 1, 31)
 */
export function parseFecDate(text: string): Day | null {
  const t = text.trim();
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(t) ?? /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  let y: number, mo: number, d: number;
  if (m) {
    [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  } else {
    const f = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(t);
    if (!f) return null;
    [d, mo, y] = [Number(f[1]), Number(f[2]), Number(f[3])];
  }
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

const PLACEHOLDER = /^[\s\-/.]*$|^n\/?a$/i;

/** One line of a customer account, read and checked. */
interface ReceivableLine extends LetteredLine {
  readonly journal: JournalKind;
  readonly customerName: string | null;
  readonly document: string;
}

function newCount(file: string): ImportCount {
  return { file, read: 0, used: 0, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } };
}

function addTo(sums: Record<string, Cents>, currency: string, amount: number): void {
  sums[currency] = toCents((sums[currency] ?? 0) + amount);
}

/**
 * Hands out document numbers not used yet: the document itself, else `doc#2`, `doc#3`… (a bank
 * statement's reference is often the PieceRef of hundreds of lines: the next suffix is remembered).
 */
class Numbers {
  private readonly taken = new Set<string>();
  private readonly next = new Map<string, number>();
  take(doc: string): string {
    const key = doc.trim().toUpperCase();
    if (!this.taken.has(key)) {
      this.taken.add(key);
      return doc;
    }
    for (let k = this.next.get(key) ?? 2; ; k++) {
      const n = `${doc}#${k}`;
      const nk = `${key}#${k}`;
      if (!this.taken.has(nk)) {
        this.taken.add(nk);
        this.next.set(key, k + 1);
        return n;
      }
    }
  }
}

/** Where each FEC column is: the header is the first line that is not blank. */
interface FecColumns {
  readonly headers: readonly string[];
  readonly headerRow: number;
  readonly col: ReadonlyMap<FecColumn, number>;
  /** Amounts in Debit and Credit, else in Montant with Sens. */
  readonly hasDebitCredit: boolean;
}

function fecColumns(table: Table): FecColumns {
  let headerRow = -1;
  for (let r = 0; r < Math.min(table.rowCount, HEAD_ROWS) && headerRow < 0; r++) if (!table.row(r).every(isBlank)) headerRow = r;
  const headers = headerRow < 0 ? [] : table.row(headerRow).map((c) => cellText(c).trim());
  const col = new Map<FecColumn, number>();
  headers.forEach((h, i) => {
    const k = KEY.get(normalizeHeader(h));
    if (k !== undefined && !col.has(k)) col.set(k, i);
  });
  const hasDebitCredit = col.has('Debit') && col.has('Credit');
  const required: FecColumn[] = ['JournalCode', 'EcritureNum', 'EcritureDate', 'CompteNum'];
  const missing = required.filter((c) => !col.has(c));
  if (!hasDebitCredit && !(col.has('Montant') && col.has('Sens'))) missing.push('Debit', 'Credit');
  if (headerRow < 0 || missing.length > 0) {
    throw new MissingColumnsError({ file: table.file, kind: 'invoices', missing, found: headers.filter((h) => h !== '') });
  }
  return { headers, headerRow, col, hasDebitCredit };
}

/**
 * One line on a customer account: what it holds, or the problems that reject it (`line` null; `net`
 * is then what could be read of its amount, for the sums of what was rejected).
 */
function readReceivable(text: (c: FecColumn) => string, columns: FecColumns, file: string, line: number, account: string): { line: ReceivableLine | null; net: Cents | null; errors: Problem[] } {
  const errors: Problem[] = [];
  const fail = (c: FecColumn, code: string): void => {
    errors.push({ severity: 'error', code, file, line, column: columns.headers[columns.col.get(c)!] ?? c, value: text(c) });
  };
  const date = (c: FecColumn, required: boolean): Day | null => {
    const t = text(c);
    if (t === '') {
      if (required) fail(c, 'required');
      return null;
    }
    const d = parseFecDate(t);
    if (d === null) fail(c, 'not_a_date');
    return d;
  };
  const amount = (c: FecColumn): Cents | null => {
    const a = parseFecAmount(text(c));
    if (a === null) fail(c, 'not_an_amount');
    return a;
  };
  const entryDate = date('EcritureDate', true);
  const pieceDate = date('PieceDate', false);
  let net: Cents | null = null;
  if (columns.hasDebitCredit) {
    const d = amount('Debit');
    const c = amount('Credit');
    if (d !== null && c !== null) net = toCents(d - c);
  } else {
    const a = amount('Montant');
    const sign = readSide(text('Sens'));
    if (sign === 0) fail('Sens', 'fec_not_a_side');
    else if (a !== null) net = toCents(sign * a);
  }
  const document = PLACEHOLDER.test(text('PieceRef')) ? text('EcritureNum') : text('PieceRef');
  if (document === '') fail('EcritureNum', 'required');
  const code = text('EcritureLet');
  const dateLet = code === '' ? null : date('DateLet', false);
  if (code === '' && text('DateLet') !== '') date('DateLet', false); // still checked
  if (errors.length > 0 || entryDate === null || net === null) return { line: null, net, errors };
  const aux = text('CompAuxNum');
  return {
    line: {
      line,
      journal: journalKind(text('JournalCode'), text('JournalLib')),
      document,
      entryDate,
      pieceDate: pieceDate ?? entryDate,
      net,
      code,
      dateLet,
      customerId: aux !== '' ? aux : account,
      customerName: (aux !== '' ? text('CompAuxLib') : text('CompteLib')) || null,
      group: code === '' ? null : `${account}\u0000${aux}\u0000${code.replace(/\*+$/, '')}`,
    },
    net,
    errors,
  };
}

/** The lines on customer accounts (411…), counted; the others are ignored, the unreadable ones rejected. */
function receivableLines(table: Table, columns: FecColumns, currency: string, count: ImportCount, problems: Problem[]): ReceivableLine[] {
  const lines: ReceivableLine[] = [];
  for (let r = columns.headerRow + 1; r < table.rowCount; r++) {
    const row = table.row(r);
    if (row.every(isBlank)) continue;
    count.read++;
    const text = (c: FecColumn): string => {
      const i = columns.col.get(c);
      return i === undefined ? '' : cellText(row[i] ?? null).trim();
    };
    const account = text('CompteNum');
    if (!account.startsWith(RECEIVABLE_PREFIX)) {
      count.ignored++;
      continue;
    }
    const read = readReceivable(text, columns, table.file, table.line(r), account);
    if (read.line === null) {
      problems.push(...read.errors);
      count.rejected++;
      if (read.net !== null) addTo(count.amounts.rejected, currency, read.net);
      continue;
    }
    addTo(count.amounts.read, currency, read.net!);
    if (read.net === 0) count.ignored++;
    else lines.push(read.line);
  }
  // Rejected amounts are part of what was read.
  for (const [cur, v] of Object.entries(count.amounts.rejected)) addTo(count.amounts.read, cur, v);
  return lines;
}

/**
 * The debits as invoices, each in its lettering group (oldest first). A FEC has no due dates: each is
 * the invoice's date plus its customer's terms, else the default terms (docs/accounting.md §1.10);
 * a debit in a bank journal (money paid back, a payment the bank rejected) is owed at once.
 */
function debitInvoices(lines: readonly ReceivableLine[], groups: ReadonlyMap<string, LetteringGroup>, file: string, currency: Currency, options: ImportOptions & { termsOf?: TermsLookup }) {
  const invoices: Invoice[] = [];
  const numbers = new Numbers();
  const defaultTerms = options.defaultTerms ?? DEFAULT_TERMS;
  let fromCustomer = 0;
  let fromDefault = 0;
  for (const l of lines) {
    if (l.net <= 0) continue;
    let dueDate: Day;
    let derived = false;
    if (l.journal === 'bank') dueDate = l.entryDate;
    else {
      const own = options.termsOf?.(l.customerId) ?? null;
      if (own !== null) fromCustomer++;
      else fromDefault++;
      dueDate = dueDateFromTerms(l.pieceDate, own ?? defaultTerms, options.endOfMonthRule);
      derived = true;
    }
    const inv: Invoice = {
      number: numbers.take(l.document),
      customerId: l.customerId,
      customerName: l.customerName,
      issueDate: l.pieceDate,
      dueDate,
      dueDateDerived: derived,
      amount: l.net,
      currency,
      isCreditNote: false,
      creditedInvoice: null,
      status: 'normal',
      file,
      line: l.line,
    };
    invoices.push(inv);
    if (l.group !== null) groups.get(l.group)!.debits.push(inv);
  }
  sortLetteredDebits(groups);
  const derived: Problem[] =
    fromCustomer + fromDefault > 0
      ? [{ severity: 'warning', code: 'fec_due_dates_derived', file, line: 0, params: { count: fromCustomer + fromDefault, fromCustomer, fromDefault, terms: formatTerms(defaultTerms) } }]
      : [];
  return { invoices, problems: derived };
}

/**
 * The credits: in a sales journal credit notes, elsewhere payments; each names the debits of its
 * lettering group from the day it was lettered (docs/accounting.md §3.1–§3.2), else goes to the pool.
 */
function credits(lines: readonly ReceivableLine[], groups: ReadonlyMap<string, LetteringGroup>, file: string, currency: Currency): { creditNotes: Invoice[]; payments: Payment[] } {
  const creditNotes: Invoice[] = [];
  const payments: Payment[] = [];
  const creditNumbers = new Numbers();
  const paymentIds = new Numbers();
  const letteringOf = (l: ReceivableLine) => {
    const lettering = letteringOfLine(groups, l);
    return lettering === null ? {} : { lettering };
  };
  for (const l of lines) {
    if (l.net > 0) continue;
    if (l.journal === 'sales') {
      creditNotes.push({
        number: creditNumbers.take(l.document),
        customerId: l.customerId,
        customerName: l.customerName,
        issueDate: l.pieceDate,
        dueDate: l.pieceDate,
        dueDateDerived: false,
        amount: l.net,
        currency,
        isCreditNote: true,
        creditedInvoice: null,
        status: 'normal',
        file,
        line: l.line,
        ...letteringOf(l),
      });
    } else {
      payments.push({
        id: paymentIds.take(l.document),
        customerId: l.customerId,
        date: l.entryDate,
        amount: toCents(-l.net),
        currency,
        refs: [],
        method: null,
        file,
        line: l.line,
        ...letteringOf(l),
      });
    }
  }
  return { creditNotes, payments };
}

/** What the lettering groups leave to say: a lettering without its date, a complete one that does not balance. */
function letteringWarnings(groups: ReadonlyMap<string, LetteringGroup>, columns: FecColumns, file: string): Problem[] {
  const problems: Problem[] = [];
  for (const g of groups.values()) {
    if (g.missingDate !== null) {
      const column = columns.headers[columns.col.get('DateLet') ?? -1] ?? 'DateLet';
      problems.push({ severity: 'warning', code: 'fec_lettering_without_date', file, line: g.missingDate, column, value: g.code, params: { date: isoFromDay(g.lastDate) } });
    }
    const unbalanced = unbalancedLettering(g, file);
    if (unbalanced !== null) problems.push(unbalanced);
  }
  return problems;
}

/**
 * Turns the lines of a FEC into invoices, credit notes and payments, with their lettering
 * (see the notes at the top of this module). Lines on other accounts are counted as ignored;
 * a line on a customer account that cannot be read is rejected with every problem it has.
 * @example importFec(table, { termsOf: (id) => parseTerms("30") })
 */
export function importFec(table: Table, options: ImportOptions & { termsOf?: TermsLookup } = {}): ImportResult<Invoice> & { payments: Payment[]; paymentsCount: ImportCount } {
  const file = table.file;
  const currency = currencyCode(options.defaultCurrency ?? 'EUR');
  const columns = fecColumns(table);
  const count = newCount(file);
  const problems: Problem[] = [];
  const lines = receivableLines(table, columns, currency, count, problems);
  // Invoices and credit notes first: lettering needs every debit of a group.
  const groups = letteringGroups(lines);
  const debits = debitInvoices(lines, groups, file, currency, options);
  const { creditNotes, payments } = credits(lines, groups, file, currency);
  // Records in file order, as the other importers give them.
  const records = [...debits.invoices, ...creditNotes].sort((a, b) => a.line - b.line);
  count.used = lines.length;
  for (const l of lines) addTo(count.amounts.used, currency, l.net);
  problems.push(...letteringWarnings(groups, columns, file), ...debits.problems);
  problems.sort((a, b) => a.line - b.line);

  const paymentsCount = newCount(file);
  paymentsCount.read = paymentsCount.used = payments.length;
  for (const p of payments) {
    addTo(paymentsCount.amounts.read, p.currency, p.amount);
    addTo(paymentsCount.amounts.used, p.currency, p.amount);
  }
  return { records, count, problems, payments, paymentsCount };
}
