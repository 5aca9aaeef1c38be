import { CREDIT_NOTE, DISPUTED, NO_REFERENCE, UNKNOWN_REFERENCE, WRITTEN_OFF, type LedgerArrays } from '../allocate-arrays.ts';
import { dayFromYmd, isValidYmd, type Day } from '../dates.ts';
import type { Cents } from '../money.ts';
import { idList, risingIds, type Ids, type RisingNumbers } from '../ids.ts';
import { DEFAULT_TERMS, dueDateFromTerms, type EndOfMonthRule, type Terms } from '../terms.ts';
import type { DateOrder } from './dates-text.ts';
import type { FieldOf, LedgerKind } from './headers.ts';
import type { IdSightings, Seen } from './excel-damage.ts';
import { documentType, frame, invoiceStatus, isTotalText, MissingColumnsError, type Frame, type ImportCount } from './ledger.ts';
import type { CsvBytes, Table } from './table.ts';

/**
 * The fast path of the importers, for the clean CSV ledgers that accounting software exports by the
 * million: it reads dates, amounts and identifiers straight from the bytes into the columns of
 * `LedgerArrays`, with no string and no object per row (customer ids and invoice numbers go through
 * hash tables over the bytes).
 *
 * It takes only what it can read exactly as the general importers (ledger.ts) would, and gives up
 * (returns null) at the first thing it cannot: a column it does not handle (status, terms, currency,
 * paid date…), a date or amount of another shape, a blank required cell, a duplicate number, a total
 * row, an ambiguous date order, mixed decimal marks, a payment without a customer. The general path
 * then reads the file and says what is wrong, as always. So the fast path never decides anything the
 * general one would decide differently; the tests hold them to the same results.
 */

export interface FastLedger {
  readonly arrays: LedgerArrays & { readonly invoiceDerived: Uint8Array };
  readonly counts: { invoices: ImportCount; payments: ImportCount | null };
  /** The last customer name each customer was written with in the invoices. */
  readonly names: Map<string, string>;
  /** Where the ledgers' identifiers were met, for the warnings of excel-damage.ts. */
  readonly sightings: Omit<IdSightings, 'customers'> & { readonly customers: readonly Seen[] };
}

const SPACE = 0x20;

/**
 * A hash table of byte strings (FNV-1a), giving each distinct key a dense id, optionally ASCII
 * case-folded. Keys are copied into the table's own bytes, so that it outlives the file it was read from.
 */
class ByteKeys {
  private slots: Int32Array;
  private mask: number;
  /** The keys' bytes, one after another; key id → its range. */
  private arena: Uint8Array;
  private used = 0;
  private starts: Int32Array;
  private ends: Int32Array;
  /** Each key's hash, compared before its bytes, and kept for rehashing. */
  private hashes: Int32Array;
  count = 0;
  /** Whether the last `add` added its key. */
  added = false;
  private readonly fold: boolean;
  constructor(expected: number, fold: boolean) {
    let size = 1024;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    const keys = Math.max(16, expected);
    this.starts = new Int32Array(keys);
    this.ends = new Int32Array(keys);
    this.hashes = new Int32Array(keys);
    this.arena = new Uint8Array(keys * 12);
    this.fold = fold;
  }
  private hash(d: Uint8Array, s: number, e: number): number {
    let h = 0x811c9dc5;
    for (let i = s; i < e; i++) {
      let c = d[i]!;
      if (this.fold && c >= 97 && c <= 122) c -= 32;
      h = Math.imul(h ^ c, 0x01000193);
    }
    return h | 0;
  }
  private same(id: number, d: Uint8Array, s: number, e: number): boolean {
    const a = this.starts[id]!;
    if (this.ends[id]! - a !== e - s) return false;
    const k = this.arena;
    for (let i = 0; i < e - s; i++) {
      let x = k[a + i]!;
      let y = d[s + i]!;
      if (x === y) continue;
      if (!this.fold) return false;
      if (x >= 97 && x <= 122) x -= 32;
      if (y >= 97 && y <= 122) y -= 32;
      if (x !== y) return false;
    }
    return true;
  }
  /** The id of the key `d[s..e)`, or -1. */
  find(d: Uint8Array, s: number, e: number): number {
    const h = this.hash(d, s, e);
    let i = h & this.mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === -1) return -1;
      if (this.hashes[id] === h && this.same(id, d, s, e)) return id;
      i = (i + 1) & this.mask;
    }
  }
  /** The id of the key `d[s..e)`, added when new; `added` tells which. */
  add(d: Uint8Array, s: number, e: number): number {
    const h = this.hash(d, s, e);
    let i = h & this.mask;
    for (;;) {
      const id = this.slots[i]!;
      if (id === -1) break;
      if (this.hashes[id] === h && this.same(id, d, s, e)) {
        this.added = false;
        return id;
      }
      i = (i + 1) & this.mask;
    }
    const id = this.count++;
    if (id === this.starts.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.hashes = grow(this.hashes);
    }
    if (this.used + (e - s) > this.arena.length) {
      const b = new Uint8Array(Math.max(this.arena.length * 2, this.used + (e - s)));
      b.set(this.arena.subarray(0, this.used));
      this.arena = b;
    }
    const k = this.arena;
    for (let i = s, j = this.used; i < e; i++, j++) k[j] = d[i]!;
    this.starts[id] = this.used;
    this.used += e - s;
    this.ends[id] = this.used;
    this.hashes[id] = h;
    this.slots[i] = id;
    this.added = true;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }
  private rehash(): void {
    const size = this.slots.length * 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let i = this.hashes[id]! & this.mask;
      while (this.slots[i] !== -1) i = (i + 1) & this.mask;
      this.slots[i] = id;
    }
  }
}

/**
 * Invoice numbers → the invoice row they name (never a credit note), as `referenceKey` matches them
 * (ASCII case ignored). When the numbers of the file rise — one prefix, then digits, each number
 * above the last, as accounting software numbers invoices — no two are alike and a reference is
 * found by binary search; otherwise by a hash table over their bytes, which also finds duplicates.
 */
class NumberIndex {
  private readonly prefix: Uint8Array | null;
  private readonly nums: Float64Array | null;
  private readonly digits: Uint8Array | null;
  private readonly creditNote: Uint8Array;
  private readonly count: number;
  private readonly keys: ByteKeys | null;
  private readonly rowOfKey: Int32Array | null;
  constructor(
    rising: { prefix: Uint8Array; nums: Float64Array; digits: Uint8Array } | null,
    table: { keys: ByteKeys; rowOfKey: Int32Array } | null,
    creditNote: Uint8Array,
    count: number,
  ) {
    this.prefix = rising?.prefix ?? null;
    this.nums = rising?.nums ?? null;
    this.digits = rising?.digits ?? null;
    this.keys = table?.keys ?? null;
    this.rowOfKey = table?.rowOfKey ?? null;
    this.creditNote = creditNote;
    this.count = count;
  }
  /** The invoice row that `d[s..e)` names, or UNKNOWN_REFERENCE. */
  invoiceOf(d: Uint8Array, s: number, e: number): number {
    if (this.keys !== null) {
      const id = this.keys.find(d, s, e);
      return id < 0 ? UNKNOWN_REFERENCE : this.rowOfKey![id]!;
    }
    const prefix = this.prefix!;
    let j = e;
    while (j > s && d[j - 1]! >= 48 && d[j - 1]! <= 57) j--;
    if (j === e || e - j > 15 || j - s !== prefix.length) return UNKNOWN_REFERENCE;
    for (let k = 0; k < prefix.length; k++) {
      let x = d[s + k]!;
      if (x >= 97 && x <= 122) x -= 32;
      let y = prefix[k]!;
      if (y >= 97 && y <= 122) y -= 32;
      if (x !== y) return UNKNOWN_REFERENCE;
    }
    let v = 0;
    for (let k = j; k < e; k++) v = v * 10 + (d[k]! - 48);
    const nums = this.nums!;
    let lo = 0;
    let hi = this.count - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const x = nums[mid]!;
      if (x < v) lo = mid + 1;
      else if (x > v) hi = mid - 1;
      else return this.digits![mid] === e - j && this.creditNote[mid] === 0 ? mid : UNKNOWN_REFERENCE;
    }
    return UNKNOWN_REFERENCE;
  }
}

/**
 * Whether the ids of a column, given row after row, are `prefix + digits` with one prefix and numbers
 * rising strictly (at most 15 digits): then no two are alike, a reference is found by binary search
 * (NumberIndex) and the ids are held as numbers (src/core/ids.ts).
 */
class Rise {
  rising = true;
  /** The prefix, as the first id's bytes `prefixStart…prefixEnd`. */
  prefixStart = -1;
  prefixEnd = -1;
  /** While rising: the last id's number, and how many digits it is written with. */
  value = -1;
  digits = 0;
  /** Takes the next id, `d[s..e)`. */
  next(d: Uint8Array, s: number, e: number): void {
    let j = e;
    while (j > s && d[j - 1]! >= 48 && d[j - 1]! <= 57) j--;
    if (j === e || e - j > 15) {
      this.rising = false;
      return;
    }
    let v = 0;
    for (let k = j; k < e; k++) v = v * 10 + (d[k]! - 48);
    if (this.prefixStart < 0) {
      this.prefixStart = s;
      this.prefixEnd = j;
    } else if (j - s !== this.prefixEnd - this.prefixStart || v <= this.value) {
      this.rising = false;
    } else {
      for (let k = 0; k < j - s; k++) {
        if (d[s + k] !== d[this.prefixStart + k]) {
          this.rising = false;
          break;
        }
      }
    }
    this.value = v;
    this.digits = e - j;
  }
}

/** Thrown inside the fast path when it must give the file to the general path. */
class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

/** A field's byte range, white space trimmed. */
interface Range {
  s: number;
  e: number;
}

/** A plain amount `-?digits([.,]d{1,2})?` in cents; its decimal mark in `mark` (0 when none). */
function plainCents(d: Uint8Array, s: number, e: number, out: { mark: number }): number {
  const n = e - s;
  if (n === 0 || n > 16) giveUp();
  let i = s;
  const negative = d[i] === 45;
  if (negative) i++;
  let units = 0;
  let digits = 0;
  while (i < e) {
    const c = d[i]!;
    if (c < 48 || c > 57) break;
    units = units * 10 + (c - 48);
    digits++;
    i++;
  }
  if (digits === 0) giveUp();
  let cents = units * 100;
  out.mark = 0;
  if (i < e) {
    const sep = d[i]!;
    if (sep !== 44 && sep !== 46) giveUp();
    const rest = e - i - 1;
    if (rest < 1 || rest > 2) giveUp();
    const f0 = d[i + 1]! - 48;
    const f1 = rest === 2 ? d[i + 2]! - 48 : 0;
    if (f0 < 0 || f0 > 9 || f1 < 0 || f1 > 9) giveUp();
    cents += f0 * 10 + f1;
    out.mark = sep;
  }
  if (digits > 13) giveUp();
  return negative ? -cents : cents;
}

/**
 * A date field's shape: ISO `yyyy-mm-dd`, or `aa?bb?yyyy` with one separator of `/ . -`, packed in one
 * small integer (`y << 14 | a << 7 | b`, plus AB for the second kind: integer arithmetic, which allocates
 * nothing even before the code is optimised) and kept so until every row of the column has told the
 * order of day and month (`dayOf`).
 */
const AB = 1 << 28;
function dateShape(d: Uint8Array, s: number, e: number): number {
  if (e - s !== 10) giveUp();
  // Ten bytes: every one a digit but the two separators.
  const c0 = d[s]! - 48, c1 = d[s + 1]! - 48, c2 = d[s + 2]! - 48, c3 = d[s + 3]! - 48, c4 = d[s + 4]! - 48;
  const c5 = d[s + 5]! - 48, c6 = d[s + 6]! - 48, c7 = d[s + 7]! - 48, c8 = d[s + 8]! - 48, c9 = d[s + 9]! - 48;
  if (c4 === -3 && c7 === -3) {
    // yyyy-mm-dd ('-' is 45, 48 - 3)
    if (!(isDigit(c0) && isDigit(c1) && isDigit(c2) && isDigit(c3) && isDigit(c5) && isDigit(c6) && isDigit(c8) && isDigit(c9))) giveUp();
    return ((c0 * 1000 + c1 * 100 + c2 * 10 + c3) << 14) | ((c5 * 10 + c6) << 7) | (c8 * 10 + c9);
  }
  // aa?bb?yyyy with one separator of / . - (47, 46, 45 → -1, -2, -3)
  if (c2 === c5 && (c2 === -1 || c2 === -2 || c2 === -3)) {
    if (!(isDigit(c0) && isDigit(c1) && isDigit(c3) && isDigit(c4) && isDigit(c6) && isDigit(c7) && isDigit(c8) && isDigit(c9))) giveUp();
    return AB | ((c6 * 1000 + c7 * 100 + c8 * 10 + c9) << 14) | ((c0 * 10 + c1) << 7) | (c3 * 10 + c4);
  }
  return giveUp();
}

/** Whether c, a byte less 48, is the value of a digit. */
function isDigit(c: number): boolean {
  return c >= 0 && c <= 9;
}

/** What a date's shape tells of its column's order of day and month (as ledger.ts reads it). */
interface OrderEvidence {
  dmy: number;
  mdy: number;
  ambiguous: boolean;
}

/** Counts what one date's shape says of its column's order (an ISO date says nothing). */
function witness(ev: OrderEvidence, shape: number): void {
  if ((shape & AB) === 0) return;
  const a = (shape >> 7) & 127;
  const b = shape & 127;
  if (a > 12 && b <= 12) ev.dmy++;
  else if (b > 12 && a <= 12) ev.mdy++;
  else if (a <= 12 && b <= 12 && a !== b) ev.ambiguous = true;
}

/** The day a date shape stands for, in the column's order; gives up on a date that does not exist. */
function dayOf(shape: number, order: DateOrder): number {
  const a = (shape >> 7) & 127;
  const b = shape & 127;
  const y = (shape >> 14) & 16383;
  const monthFirst = (shape & AB) === 0 || order === 'mdy';
  const m = monthFirst ? a : b;
  const dd = monthFirst ? b : a;
  if (!isValidYmd(y, m, dd)) giveUp();
  return dayFromYmd(y, m, dd);
}

/** Reads one CSV table through a frame, field by field. */
class Reader<K extends LedgerKind> {
  readonly t: Table;
  readonly b: CsvBytes;
  readonly f: Frame<K>;
  readonly d: Uint8Array;
  constructor(f: Frame<K>) {
    this.f = f;
    this.t = f.table;
    this.b = f.table.bytes!;
    this.d = this.b.data;
  }
  col(field: FieldOf<K>): number {
    return (this.f.columns as Record<string, number | undefined>)[field] ?? -1;
  }
  /** The trimmed byte range of column c in row r (empty past the row's end); gives up on doubled quotes. */
  range(r: number, c: number, out: Range, text = false): void {
    const rowFirst = this.b.cells.rowFirst;
    const k = rowFirst[r]! + c;
    if (c < 0 || k >= rowFirst[r + 1]!) {
      out.s = 0;
      out.e = 0;
      return;
    }
    this.fieldRange(k, out, text);
  }
  /** The trimmed byte range of field k, as `range`. */
  fieldRange(k: number, out: Range, text = false): void {
    const { fieldStart, fieldEnd } = this.b.cells;
    let s = fieldStart[k]!;
    let e = fieldEnd[k]!;
    if (e < 0) giveUp();
    const d = this.d;
    while (s < e && isSpace(d[s]!)) s++;
    while (e > s && isSpace(d[e - 1]!)) e--;
    // Other white space (a no-break space) is trimmed by the general path: leave those cells to it,
    // unless the cell is only ever read as a trimmed string (`text`: names, types, statuses).
    if (!text && e > s && (d[s]! >= 0x80 || d[e - 1]! >= 0x80)) giveUp();
    out.s = s;
    out.e = e;
  }
  /** True when every field of the row is blank. */
  blank(r: number): boolean {
    const { rowFirst, fieldStart, fieldEnd } = this.b.cells;
    const d = this.d;
    // Nearly every row starts with a field whose first byte is not white space.
    const k0 = rowFirst[r]!;
    if (k0 < rowFirst[r + 1]!) {
      const s0 = fieldStart[k0]!;
      const e0 = fieldEnd[k0]!;
      if ((e0 < 0 ? ~e0 : e0) > s0 && !isSpace(d[s0]!) && d[s0]! < 0x80) return false;
    }
    for (let k = rowFirst[r]!; k < rowFirst[r + 1]!; k++) {
      let e = fieldEnd[k]!;
      if (e < 0) e = ~e;
      for (let i = fieldStart[k]!; i < e; i++) {
        const c = d[i]!;
        if (!isSpace(c)) {
          if (c >= 0x80) return this.t.row(r).every((x) => typeof x !== 'string' || x.trim() === '');
          return false;
        }
      }
    }
    return true;
  }
}

/** Decides the order of day and month of a file's date columns as ledger.ts does, from their shapes. */
function dateOrders(orders: OrderEvidence[], fallback: DateOrder): DateOrder[] {
  let fileOrder: DateOrder | null = null;
  const own = orders.map((o) => {
    if (o.dmy > 0 && o.mdy > 0) giveUp(); // some values would be rejected: the general path says which
    const order: DateOrder | null = o.dmy > 0 ? 'dmy' : o.mdy > 0 ? 'mdy' : null;
    if (order !== null) fileOrder ??= order;
    return order;
  });
  return own.map((order, i) => {
    if (order !== null) return order;
    // Undecided: another column decides, else the locale, which the general path warns of when values are ambiguous.
    if (fileOrder === null && orders[i]!.ambiguous) giveUp();
    return fileOrder ?? fallback;
  });
}

const INVOICE_FIELDS = new Set(['number', 'customerId', 'customerName', 'issueDate', 'dueDate', 'amount', 'docType', 'creditedInvoice', 'status']);
const PAYMENT_FIELDS = new Set(['id', 'date', 'customerId', 'customerName', 'amount', 'refs', 'method']);

function newCount(file: string, currency: string, read: number, sum: Cents): ImportCount {
  const sums = (): Record<string, Cents> => (read > 0 ? { [currency]: sum } : {});
  return { file, read, used: read, rejected: 0, ignored: 0, amounts: { read: sums(), used: sums(), rejected: {} } };
}

/**
 * Reads an invoices table and an optional payments table through the fast path, or returns null
 * when the general importers must read them (see above).
 */
export function fastLedger(
  invoices: Table,
  payments: (() => Table | null) | null,
  options: FastOptions,
): FastLedger | null {
  const inv = fastInvoices(invoices, options);
  if (inv === null) return null;
  // The invoice file is let go before the payments file is read: one file's bytes at a time.
  invoices = undefined as unknown as Table;
  return fastPayments(inv, payments === null ? null : payments(), options);
}

/** The invoices read through the fast path, waiting for the payments (`fastPayments`). */
export type FastInvoices = InvoicePhase;

/** The first half of `fastLedger`: the invoices, whose table is released once read; null to give up. */
export function fastInvoices(invoices: Table, options: FastOptions): FastInvoices | null {
  if (!invoices.bytes) return null;
  try {
    const inv = readInvoices(invoices, options);
    options.release?.(invoices);
    return inv;
  } catch (e) {
    if (e instanceof GiveUp || e instanceof MissingColumnsError) return null;
    throw e;
  }
}

/**
 * The second half of `fastLedger`: the payments (none: null), matched to the invoices; null to give up.
 * `rows`: what `fastPaymentRows` read of the table elsewhere (a worker thread), null if it gave up;
 * when not given, it is read here.
 */
export function fastPayments(inv: FastInvoices, payTable: Table | null, options: FastOptions, rows?: PaymentRows | null): FastLedger | null {
  if ((payTable !== null && !payTable.bytes) || rows === null) return null;
  try {
    const ledger = readPayments(inv, payTable === null ? null : { table: payTable, rows: rows ?? readPaymentRows(payTable, options.mapping?.payments) });
    if (payTable !== null) options.release?.(payTable);
    return ledger;
  } catch (e) {
    if (e instanceof GiveUp || e instanceof MissingColumnsError) return null;
    throw e;
  }
}

export interface FastOptions {
  readonly mapping?: { invoices?: Partial<Record<string, string>>; payments?: Partial<Record<string, string>> };
  readonly defaultCurrency?: string;
  /** Where the ledger gives no due date: the customer's terms, else these, else 30 days (as ledger.ts). */
  readonly termsOf?: (customerId: string) => Terms | null;
  readonly defaultTerms?: Terms;
  readonly endOfMonthRule?: EndOfMonthRule;
  /**
   * Called with each table once everything has been read from it (nothing of the result points into
   * its bytes): the caller may free its memory then rather than at the next full garbage collection.
   */
  readonly release?: (table: Table) => void;
}

/** What the invoices give the payments: their columns, numbers and customers. */
interface InvoicePhase {
  readonly currency: string;
  readonly n: number;
  readonly customerText: string[];
  readonly index: NumberIndex;
  readonly invoiceAccount: Int32Array;
  readonly invoiceIssue: Int32Array;
  readonly invoiceDue: Int32Array;
  readonly invoiceAmount: Float64Array;
  readonly invoiceFlags: Uint8Array;
  readonly invoiceDerived: Uint8Array;
  readonly invoiceNumber: Ids;
  readonly invoiceCredited: Int32Array;
  readonly invoiceCount: ImportCount;
  readonly invFile: string;
  readonly invLines: Int32Array;
  readonly names: Map<string, string>;
  readonly customerFirstLine: number[];
  /** How many customers the invoices name (the first ones of `customerText`). */
  readonly invoiceCustomers: number;
  /** Texts of the credit notes' references that warn, by -1 - row. */
  readonly unknownTexts: Map<number, string>;
}

/** The invoices: everything read from their bytes, which can be let go once this returns. */
function readInvoices(invTable: Table, options: FastOptions): InvoicePhase {
  const currency = options.defaultCurrency ?? 'EUR';
  const mapping = options.mapping ?? {};
  const fi = frame('invoices', invTable, mapping.invoices);
  for (const field of Object.keys(fi.columns)) if (!INVOICE_FIELDS.has(field)) giveUp();
  const R = new Reader(fi);
  const d = R.d;
  const cNumber = R.col('number');
  const cCustomer = R.col('customerId');
  const cName = R.col('customerName');
  const cIssue = R.col('issueDate');
  const cDue = R.col('dueDate');
  const cAmount = R.col('amount');
  const cType = R.col('docType');
  const cCredited = R.col('creditedInvoice');
  const cStatus = R.col('status');
  if (cCustomer < 0) giveUp();

  const rows = invTable.rowCount;
  const n0 = rows - fi.first;
  const rg: Range = { s: 0, e: 0 };
  const mark = { mark: 0 };

  // One pass over the rows. What depends on every row is decided after it: the order of day and month
  // of each date column (dates are kept as their shapes until then), the decimal mark, and whether the
  // numbers rise (see NumberIndex: then no table of them is needed).
  const evidence: [OrderEvidence, OrderEvidence] = [
    { dmy: 0, mdy: 0, ambiguous: false },
    { dmy: 0, mdy: 0, ambiguous: false },
  ];
  let commas = 0;
  let dots = 0;
  const numberRise = new Rise();
  const risingNums = new Float64Array(n0);
  const risingDigits = new Uint8Array(n0);
  const numberField = new Int32Array(n0);

  const customers = new ByteKeys(1024, false);
  const customerText: string[] = [];
  let nameRanges = new Int32Array(1024 * 2);
  const invoiceAccount = new Int32Array(n0);
  /** Date shapes, then days. */
  const invoiceIssue = new Int32Array(n0);
  const invoiceDue = new Int32Array(n0);
  const invoiceAmount = new Float64Array(n0);
  const invoiceFlags = new Uint8Array(n0);
  const invoiceDerived = new Uint8Array(n0);
  const invoiceLine = new Int32Array(n0);
  const creditedStart = new Int32Array(n0).fill(-1);
  const creditedEnd = new Int32Array(n0);
  let n = 0;
  let sum = 0;

  /** The line each customer id was first met on (the invoices file; later, the payments file). */
  const customerFirstLine: number[] = [];
  const customerOf = (r: number): number => {
    R.range(r, cCustomer, rg);
    if (rg.e === rg.s) giveUp(); // the general path takes the name as the id, or rejects the row
    const id = customers.add(d, rg.s, rg.e);
    if (customers.added) {
      customerText.push(R.b.text(fieldIndex(R, r, cCustomer)).trim());
      customerFirstLine.push(invTable.line(r));
    }
    return id;
  };

  for (let r = fi.first; r < rows; r++) {
    if (R.blank(r)) continue;
    R.range(r, cNumber, rg);
    if (rg.e === rg.s) giveUp();
    const c0 = d[rg.s]!;
    if ((c0 | 32) === 116 || (c0 | 32) === 115 || (c0 | 32) === 103) {
      if (isTotalText(R.b.text(fieldIndex(R, r, cNumber)))) giveUp();
    }
    for (let i = rg.s; i < rg.e; i++) if (d[i]! >= 0x80) giveUp(); // numbers are matched case-insensitively: ASCII only here
    numberField[n] = fieldIndex(R, r, cNumber);
    if (numberRise.rising) {
      numberRise.next(d, rg.s, rg.e);
      risingNums[n] = numberRise.value;
      risingDigits[n] = numberRise.digits;
    }
    const account = customerOf(r);
    if (cName >= 0) {
      R.range(r, cName, rg, true);
      // The last name written wins (as in ar aging's names); a cell of no-break spaces is no name.
      if (rg.e > rg.s && (d[rg.s]! < 0x80 || R.b.text(fieldIndex(R, r, cName)).trim() !== '')) {
        if (account * 2 + 1 >= nameRanges.length) {
          const grown = new Int32Array(nameRanges.length * 2);
          grown.set(nameRanges);
          nameRanges = grown;
        }
        nameRanges[account * 2] = fieldIndex(R, r, cName);
        nameRanges[account * 2 + 1] = 1;
      }
    }
    R.range(r, cIssue, rg);
    if (rg.e === rg.s) giveUp();
    const issue = dateShape(d, rg.s, rg.e);
    witness(evidence[0], issue);
    invoiceIssue[n] = issue;
    R.range(r, cDue, rg);
    if (rg.e === rg.s) {
      invoiceDerived[n] = 1; // the customer's terms give it, once the issue date is known
    } else {
      const due = dateShape(d, rg.s, rg.e);
      witness(evidence[1], due);
      invoiceDue[n] = due;
    }
    R.range(r, cAmount, rg);
    const cents = plainCents(d, rg.s, rg.e, mark);
    if (mark.mark === 44) commas++;
    else if (mark.mark === 46) dots++;
    let creditNote = cents < 0;
    if (cType >= 0) {
      R.range(r, cType, rg, true);
      if (rg.e > rg.s) {
        const t = documentType(R.b.text(fieldIndex(R, r, cType)));
        if (t === null) giveUp();
        if (t === 'credit_note') creditNote = true;
      }
    }
    if (creditNote && cCredited >= 0) {
      R.range(r, cCredited, rg);
      for (let i = rg.s; i < rg.e; i++) if (d[i]! >= 0x80) giveUp();
      if (rg.e > rg.s) {
        creditedStart[n] = rg.s;
        creditedEnd[n] = rg.e;
      }
    }
    invoiceAccount[n] = account;
    invoiceAmount[n] = creditNote ? -Math.abs(cents) : cents;
    let flags = creditNote ? CREDIT_NOTE : 0;
    if (cStatus >= 0) {
      R.range(r, cStatus, rg, true);
      if (rg.e > rg.s) {
        const st = invoiceStatus(R.b.text(fieldIndex(R, r, cStatus)));
        if (st === null) giveUp(); // an unknown status: the general path warns of it
        if (st === 'disputed') flags |= DISPUTED;
        else if (st === 'written_off') flags |= WRITTEN_OFF;
      }
    }
    invoiceFlags[n] = flags;
    invoiceLine[n] = invTable.line(r);
    sum += cents;
    n++;
  }

  if (commas > 0 && dots > 0) giveUp();
  const fallback: DateOrder = invTable.hints.continental || !fi.english ? 'dmy' : 'mdy';
  const [issueOrder, dueOrder] = dateOrders(evidence, fallback) as [DateOrder, DateOrder];
  for (let i = 0; i < n; i++) {
    const issue = dayOf(invoiceIssue[i]!, issueOrder);
    invoiceIssue[i] = issue;
    if (invoiceDerived[i] === 1) {
      // As the general path: the customer's terms, else the default terms.
      const terms = options.termsOf?.(customerText[invoiceAccount[i]!]!) ?? options.defaultTerms ?? DEFAULT_TERMS;
      invoiceDue[i] = dueDateFromTerms(issue as Day, terms, options.endOfMonthRule);
    } else {
      invoiceDue[i] = dayOf(invoiceDue[i]!, dueOrder);
    }
  }

  // Numbers are unique among invoices, and among credit notes (a credit note may reuse its invoice's):
  // rising, they are; else a table of them says.
  const rising = numberRise.rising;
  let numbers: ByteKeys | null = null;
  /** Invoice id (in `numbers`) → invoice row index. */
  let invoiceOfNumber = new Int32Array(0);
  const numberTexts: string[] = [];
  if (!rising) {
    numbers = new ByteKeys(n, true);
    const creditNumbers = new ByteKeys(64, true);
    invoiceOfNumber = new Int32Array(Math.max(16, n));
    for (let i = 0; i < n; i++) {
      R.fieldRange(numberField[i]!, rg);
      const creditNote = (invoiceFlags[i]! & CREDIT_NOTE) !== 0;
      const keys = creditNote ? creditNumbers : numbers;
      const id = keys.add(d, rg.s, rg.e);
      if (!keys.added) giveUp();
      if (!creditNote) invoiceOfNumber[id] = i;
      numberTexts.push(R.b.text(numberField[i]!).trim());
    }
  }
  // Rising numbers are held as numbers (src/core/ids.ts); the first one's text gives their prefix.
  const firstNumber = rising && n > 0 ? R.b.text(numberField[0]!).trim() : null;
  const index = new NumberIndex(
    rising ? { prefix: Uint8Array.from(d.subarray(numberRise.prefixStart, numberRise.prefixEnd)), nums: risingNums.subarray(0, n), digits: risingDigits.subarray(0, n) } : null,
    numbers !== null ? { keys: numbers, rowOfKey: invoiceOfNumber } : null,
    invoiceFlags.subarray(0, n).map((f) => f & CREDIT_NOTE),
    n,
  );
  const invoiceNumber = !rising
    ? idList(numberTexts)
    : risingIds({ prefix: firstNumber === null ? '' : firstNumber.slice(0, firstNumber.length - risingDigits[0]!), num: risingNums.subarray(0, n), digits: risingDigits.subarray(0, n) });
  const invoiceCredited = new Int32Array(n).fill(NO_REFERENCE);
  for (let i = 0; i < n; i++) {
    if (creditedStart[i] === -1) continue;
    invoiceCredited[i] = index.invoiceOf(d, creditedStart[i]!, creditedEnd[i]!);
  }
  const invoiceCount = newCount(invTable.file, currency, n, sum);

  const names = new Map<string, string>();
  for (let a = 0; a < customerText.length; a++) {
    if (a * 2 + 1 < nameRanges.length && nameRanges[a * 2 + 1] === 1) {
      const name = R.b.text(nameRanges[a * 2]!).trim();
      if (name !== '') names.set(customerText[a]!, name);
    }
  }

  // The texts of the references that name no invoice, for the warnings of the allocation: read now,
  // so that neither the files' bytes nor their tables are kept once the import is done.
  // (A reference warns when it names no invoice, or one of another customer.)
  const unknownTexts = new Map<number, string>();
  for (let i = 0; i < n; i++) {
    const t = invoiceCredited[i]!;
    if (t === UNKNOWN_REFERENCE || (t >= 0 && invoiceAccount[t] !== invoiceAccount[i])) unknownTexts.set(-1 - i, latin1(d, creditedStart[i]!, creditedEnd[i]!));
  }
  return {
    currency, n, customerText, customerFirstLine, invoiceCustomers: customerText.length, index, invoiceCredited, invoiceCount, names, unknownTexts, invoiceNumber,
    invoiceAccount: invoiceAccount.subarray(0, n), invoiceIssue: invoiceIssue.subarray(0, n), invoiceDue: invoiceDue.subarray(0, n),
    invoiceAmount: invoiceAmount.subarray(0, n), invoiceFlags: invoiceFlags.subarray(0, n), invoiceDerived: invoiceDerived.subarray(0, n),
    invFile: invTable.file, invLines: invoiceLine.subarray(0, n),
  };
}

/**
 * What a payments table says before the invoices are known: everything but the invoices its
 * references name and the accounts of its customers, as plain data (numbers, typed arrays, a few
 * strings), so that a worker thread can read it while this one reads the invoices (src/io/csv-soon.ts).
 * Ids and references stay in the table's bytes, which come along: a million strings would cost more
 * to post than to make.
 */
export interface PaymentRows {
  readonly m: number;
  readonly date: Int32Array;
  readonly amount: Float64Array;
  readonly line: Int32Array;
  /** The amounts' sum, for the count. */
  readonly sum: number;
  /** Ids rising with the rows, as their numbers; null: `idField`. */
  readonly risingId: RisingNumbers | null;
  /** Otherwise the field of each payment's id; -1 when it has none (its line stands for it). */
  readonly idField: Int32Array | null;
  /** Each payment's customer, by its order of appearance in the file; -1 when blank. */
  readonly customer: Int32Array;
  /** Those customers' ids, as written, and the line each first appears on. */
  readonly customerText: string[];
  readonly customerLine: number[];
  /** Payment p's references are the byte ranges `referenceRange[2r..2r+1]`, r in `referenceStart[p]..referenceStart[p+1]`. */
  readonly referenceStart: Int32Array;
  readonly referenceRange: Int32Array;
}

/**
 * The first half of `fastPayments`, which needs no invoice: null to give up (then the general path
 * reads the ledgers).
 */
export function fastPaymentRows(payTable: Table, mapping: Partial<Record<string, string>> | undefined): PaymentRows | null {
  if (!payTable.bytes) return null;
  try {
    return readPaymentRows(payTable, mapping);
  } catch (e) {
    if (e instanceof GiveUp || e instanceof MissingColumnsError) return null;
    throw e;
  }
}

function readPaymentRows(payTable: Table, mapping: Partial<Record<string, string>> | undefined): PaymentRows {
  const rg: Range = { s: 0, e: 0 };
  const mark = { mark: 0 };
  const fp = frame('payments', payTable, mapping);
  for (const field of Object.keys(fp.columns)) if (!PAYMENT_FIELDS.has(field)) giveUp();
  const P = new Reader(fp);
  const pd = P.d;
  const pCustomer = P.col('customerId');
  const pDate = P.col('date');
  const pAmount = P.col('amount');
  const pId = P.col('id');
  const pRefs = P.col('refs');
  const pName = P.col('customerName');
  if (pCustomer < 0) giveUp();
  const prow = payTable.rowCount;
  const m0 = prow - fp.first;
  const paymentCustomer = new Int32Array(m0);
  /** Date shapes, then days. */
  const paymentDate = new Int32Array(m0);
  const paymentAmount = new Float64Array(m0);
  const paymentLine = new Int32Array(m0);
  const referenceStart = new Int32Array(m0 + 1);
  let refRanges = new Int32Array(Math.max(16, m0 * 2));
  let refs = 0;
  // One pass, as readInvoices: the order of day and month, the decimal mark and whether the ids rise
  // are decided after it.
  const ev: OrderEvidence = { dmy: 0, mdy: 0, ambiguous: false };
  let pc = 0;
  let pdots = 0;
  // The file's customers in a table of their own: the invoices' accounts are matched by their texts later.
  const payCustomers = new ByteKeys(1024, false);
  const customerText: string[] = [];
  const customerLine: number[] = [];
  // `prefix + number`, one prefix, numbers rising: no two ids alike, no table needed to tell.
  const idRise = new Rise();
  let everyId = true;
  const idNums = pId >= 0 ? new Float64Array(m0) : null;
  const idDigits = pId >= 0 ? new Uint8Array(m0) : null;
  /** The field of each payment's id; -1 when it has none (its line stands for it). */
  const idField = new Int32Array(m0).fill(-1);
  let psum = 0;
  let m = 0;
  for (let r = fp.first; r < prow; r++) {
    if (P.blank(r)) continue;
    referenceStart[m] = refs;
    if (pRefs >= 0) {
      P.range(r, pRefs, rg);
      // References split on , ; | and white space (docs/accounting.md §1.4).
      let i = rg.s;
      while (i < rg.e) {
        while (i < rg.e && isRefSeparator(pd[i]!)) i++;
        const s = i;
        while (i < rg.e && !isRefSeparator(pd[i]!)) {
          if (pd[i]! >= 0x80) giveUp();
          i++;
        }
        if (i > s) {
          if (refs * 2 === refRanges.length) {
            const grown = new Int32Array(refRanges.length * 2);
            grown.set(refRanges);
            refRanges = grown;
          }
          refRanges[refs * 2] = s;
          refRanges[refs * 2 + 1] = i;
          refs++;
        }
      }
    }
    const line = payTable.line(r);
    P.range(r, pCustomer, rg);
    if (rg.e === rg.s) {
      // No customer: the customer of the first invoice it names (docs/accounting.md §1.6); with a name, the general path.
      if (pName >= 0) {
        P.range(r, pName, rg, true);
        if (rg.e > rg.s) giveUp();
      }
      paymentCustomer[m] = -1;
    } else {
      const pk = payCustomers.add(pd, rg.s, rg.e);
      if (payCustomers.added) {
        customerText.push(P.b.text(fieldIndex(P, r, pCustomer)).trim());
        customerLine.push(line);
      }
      paymentCustomer[m] = pk;
    }
    P.range(r, pDate, rg);
    if (rg.e === rg.s) giveUp();
    const date = dateShape(pd, rg.s, rg.e);
    witness(ev, date);
    paymentDate[m] = date;
    P.range(r, pAmount, rg);
    const cents = plainCents(pd, rg.s, rg.e, mark);
    if (mark.mark === 44) pc++;
    else if (mark.mark === 46) pdots++;
    paymentAmount[m] = cents;
    psum += cents;
    paymentLine[m] = line;
    if (pId >= 0) {
      P.range(r, pId, rg);
      if (rg.e === rg.s) everyId = false;
      else {
        idField[m] = fieldIndex(P, r, pId);
        if (idRise.rising) {
          idRise.next(pd, rg.s, rg.e);
          idNums![m] = idRise.value;
          idDigits![m] = idRise.digits;
        }
      }
    }
    m++;
  }
  referenceStart[m] = refs;
  if (pc > 0 && pdots > 0) giveUp();
  const [payOrder] = dateOrders([ev], payTable.hints.continental || !fp.english ? 'dmy' : 'mdy') as [DateOrder];
  for (let p = 0; p < m; p++) paymentDate[p] = dayOf(paymentDate[p]!, payOrder);
  // Duplicate payment ids are rejected by the general path: a table finds them, unless the ids rise.
  if (pId >= 0 && !idRise.rising) {
    const ids = new ByteKeys(m, false);
    for (let p = 0; p < m; p++) {
      if (idField[p]! < 0) continue;
      P.fieldRange(idField[p]!, rg);
      ids.add(pd, rg.s, rg.e);
      if (!ids.added) giveUp(); // a duplicate payment: the general path rejects it
    }
  }
  // Ids rising with the rows are held as their numbers (src/core/ids.ts), else as their fields.
  const rising = pId >= 0 && idRise.rising && everyId;
  const firstId = rising && m > 0 ? P.b.text(idField[0]!).trim() : null;
  return {
    m,
    date: paymentDate.subarray(0, m),
    amount: paymentAmount.subarray(0, m),
    line: paymentLine.subarray(0, m),
    sum: psum,
    risingId: !rising
      ? null
      : { prefix: firstId === null ? '' : firstId.slice(0, firstId.length - idDigits![0]!), num: idNums!.subarray(0, m), digits: idDigits!.subarray(0, m) },
    idField: rising ? null : idField.subarray(0, m),
    customer: paymentCustomer.subarray(0, m),
    customerText,
    customerLine,
    referenceStart: referenceStart.subarray(0, m + 1),
    referenceRange: refRanges.subarray(0, refs * 2),
  };
}

/** The payments (read by `readPaymentRows`), matched to the invoices, and the ledger in columns. */
function readPayments(inv: InvoicePhase, pay: { table: Table; rows: PaymentRows } | null): FastLedger {
  const { currency, n, customerText, customerFirstLine, index, invoiceAccount, invoiceCredited, invoiceCount, names, unknownTexts, invoiceNumber } = inv;
  let m = 0;
  let paymentAccount = new Int32Array(0);
  let paymentDate: Int32Array = new Int32Array(0);
  let paymentAmount: Float64Array = new Float64Array(0);
  let paymentId: Ids = idList([]);
  let payLines: Int32Array = new Int32Array(0);
  let referenceStart: Int32Array = new Int32Array(1);
  let targets = new Int32Array(0);
  let refRanges: Int32Array = new Int32Array(0);
  let paymentCount: ImportCount | null = null;
  let pd: Uint8Array = new Uint8Array(0);
  if (pay !== null) {
    const { table, rows } = pay;
    const bytes = table.bytes!;
    pd = bytes.data;
    m = rows.m;
    paymentDate = rows.date;
    paymentAmount = rows.amount;
    payLines = rows.line;
    referenceStart = rows.referenceStart;
    refRanges = rows.referenceRange;
    targets = new Int32Array(refRanges.length / 2);
    for (let r = 0; r < targets.length; r++) targets[r] = index.invoiceOf(pd, refRanges[r * 2]!, refRanges[r * 2 + 1]!);
    // Payment customers share the invoices' list of ids: each of the file's customers is mapped to it by its text.
    const accountByText = new Map<string, number>();
    for (let a = 0; a < customerText.length; a++) accountByText.set(customerText[a]!, a);
    const accountOfPayCustomer = new Int32Array(rows.customerText.length);
    for (let k = 0; k < rows.customerText.length; k++) {
      const text = rows.customerText[k]!;
      let a = accountByText.get(text);
      if (a === undefined) {
        a = customerText.length;
        customerText.push(text);
        customerFirstLine.push(rows.customerLine[k]!);
        accountByText.set(text, a);
      }
      accountOfPayCustomer[k] = a;
    }
    paymentAccount = new Int32Array(m);
    for (let p = 0; p < m; p++) {
      const k = rows.customer[p]!;
      if (k >= 0) {
        paymentAccount[p] = accountOfPayCustomer[k]!;
        continue;
      }
      let named = -1;
      for (let r = referenceStart[p]!; r < referenceStart[p + 1]! && named < 0; r++) if (targets[r]! >= 0) named = targets[r]!;
      if (named < 0) giveUp();
      paymentAccount[p] = invoiceAccount[named]!;
    }
    if (rows.risingId !== null) paymentId = risingIds(rows.risingId);
    else {
      const idField = rows.idField!;
      const idTexts: string[] = [];
      for (let p = 0; p < m; p++) idTexts.push(idField[p]! >= 0 ? bytes.text(idField[p]!).trim() : String(payLines[p]!));
      paymentId = idList(idTexts);
    }
    paymentCount = newCount(table.file, currency, m, rows.sum);
  }

  for (let p = 0; p < m; p++) {
    for (let r = referenceStart[p]!; r < referenceStart[p + 1]!; r++) {
      const t = targets[r]!;
      if (t === UNKNOWN_REFERENCE || (t >= 0 && invoiceAccount[t] !== paymentAccount[p])) unknownTexts.set(r, latin1(pd, refRanges[r * 2]!, refRanges[r * 2 + 1]!));
    }
  }
  const invFile = inv.invFile;
  const payFile = pay?.table.file ?? '';
  const invLines = inv.invLines;
  const arrays: FastLedger['arrays'] = {
    accountCustomer: customerText,
    accountCurrency: customerText.map(() => currency),
    invoiceCount: n,
    invoiceAccount,
    invoiceIssue: inv.invoiceIssue,
    invoiceDue: inv.invoiceDue,
    invoiceAmount: inv.invoiceAmount,
    invoiceFlags: inv.invoiceFlags,
    invoiceDerived: inv.invoiceDerived,
    invoiceNumber,
    invoiceCredited,
    paymentCount: m,
    paymentAccount: paymentAccount.subarray(0, m),
    paymentDate: paymentDate.subarray(0, m),
    paymentAmount: paymentAmount.subarray(0, m),
    paymentId,
    referenceStart: referenceStart.subarray(0, m + 1),
    referenceTarget: targets,
    // Only references that warn are ever asked for.
    referenceText: (kind, index) => unknownTexts.get(kind === 'credit_note' ? -1 - index : index) ?? '',
    invoiceSource: (i) => ({ file: invFile, line: invLines[i]! }),
    paymentSource: (p) => ({ file: payFile, line: payLines[p]! }),
  };
  const nInvoiceCustomers = inv.invoiceCustomers;
  const sightings: FastLedger['sightings'] = {
    customers: customerText.map((id, a) => ({ id, file: a < nInvoiceCustomers ? invFile : payFile, line: customerFirstLine[a]! })),
    references: (function* () {
      for (let p = 0; p < m; p++) {
        for (let r = referenceStart[p]!; r < referenceStart[p + 1]!; r++) {
          if (targets[r] === UNKNOWN_REFERENCE) yield { id: unknownTexts.get(r)!, file: payFile, line: payLines[p]! };
        }
      }
      for (let i = 0; i < n; i++) {
        if (invoiceCredited[i] === UNKNOWN_REFERENCE) yield { id: unknownTexts.get(-1 - i)!, file: invFile, line: invLines[i]! };
      }
    })(),
    invoiceNumbers: function* () {
      for (let i = 0; i < n; i++) if ((inv.invoiceFlags[i]! & CREDIT_NOTE) === 0) yield { id: invoiceNumber.at(i), file: invFile, line: invLines[i]! };
    },
  };
  return { arrays, counts: { invoices: invoiceCount, payments: paymentCount }, names, sightings };
}

/** ASCII white space, as String.prototype.trim removes it. */
function isSpace(c: number): boolean {
  return c === SPACE || (c >= 0x09 && c <= 0x0d);
}

function isRefSeparator(c: number): boolean {
  return c === 44 || c === 59 || c === 124 || isSpace(c);
}

/** ASCII text of a byte range (references are ASCII on the fast path). */
function latin1(d: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) out += String.fromCharCode(d[i]!);
  return out;
}

/** The field index of column c in row r. */
function fieldIndex<K extends LedgerKind>(R: Reader<K>, r: number, c: number): number {
  return R.b.cells.rowFirst[r]! + c;
}

