import { compareIds } from './compare.ts';
import { idList, type Ids } from './ids.ts';
import type { Day } from './dates.ts';
import type { Problem } from './types.ts';

/**
 * The allocation of docs/accounting.md §3 over a ledger held in arrays: one number per field and row, no object per
 * row. `allocatePayments` (objects) and the fast path of `ar aging` (CSV bytes) both run this one
 * implementation; they differ only in how they fill the arrays and what they make of the result.
 */

/** Flags of an invoice row. */
export const CREDIT_NOTE = 1;
export const DISPUTED = 2;
export const WRITTEN_OFF = 4;

/** Where a reference points: an invoice index, or one of these. */
export const NO_REFERENCE = -1;
export const UNKNOWN_REFERENCE = -2;

export interface LedgerArrays {
  /** Accounts: one per customer and currency. */
  readonly accountCustomer: readonly string[];
  readonly accountCurrency: readonly string[];

  /** Invoices and credit notes, in ledger order. */
  readonly invoiceCount: number;
  readonly invoiceAccount: Int32Array;
  readonly invoiceIssue: Int32Array;
  readonly invoiceDue: Int32Array;
  /** Signed cents: negative for a credit note. */
  readonly invoiceAmount: Float64Array;
  readonly invoiceFlags: Uint8Array;
  readonly invoiceNumber: Ids;
  /**
   * For a credit note: the invoice (never a credit note) its reference names — the last of that number
   * in the ledger — or NO_REFERENCE (none, or blank) or UNKNOWN_REFERENCE.
   */
  readonly invoiceCredited: Int32Array;

  /** Payments, in ledger order; account -1 when the payment has no customer (it is left out). */
  readonly paymentCount: number;
  readonly paymentAccount: Int32Array;
  readonly paymentDate: Int32Array;
  readonly paymentAmount: Float64Array;
  readonly paymentId: Ids;
  /** The references of payment p are refs `referenceStart[p]` to `referenceStart[p + 1] - 1`. */
  readonly referenceStart: Int32Array;
  /** The invoice each reference names (as `invoiceCredited`). */
  readonly referenceTarget: Int32Array;

  /**
   * Lettering read from the books (a FEC), when there is some: more references of credit notes
   * (`invoiceLetter…`, by invoice row) and payments (`paymentLetter…`), which count from the day of
   * the lettering (`…LetterOn`) and come after the credit's own references.
   */
  readonly invoiceLetterStart?: Int32Array;
  readonly invoiceLetterTarget?: Int32Array;
  readonly invoiceLetterOn?: Int32Array;
  readonly paymentLetterStart?: Int32Array;
  readonly paymentLetterTarget?: Int32Array;
  readonly paymentLetterOn?: Int32Array;

  /**
   * For warnings only: the text of a reference — of a credit note's `invoiceCredited` (by invoice row),
   * of a payment's reference (by reference), or of a lettering reference (by its index) — and where a row was read.
   */
  referenceText(kind: 'credit_note' | 'payment' | 'credit_note_lettering' | 'payment_lettering', index: number): string;
  invoiceSource(i: number): { file: string; line: number };
  paymentSource(p: number): { file: string; line: number };
}

/** The result: debits (invoices and refunds) with their open amount, per account. */
export interface ArrayAllocation {
  readonly asOf: Day;
  /** Debits: kind 0 an invoice (source = invoice index), 1 a refund (source = payment index). */
  readonly debitCount: number;
  readonly debitKind: Uint8Array;
  readonly debitSource: Int32Array;
  readonly debitOpen: Float64Array;
  /** The day the last cent was paid; NOT_SETTLED while open. */
  readonly debitSettled: Int32Array;
  /** Accounts that exist as of the date, by customer id (natural order) then currency. */
  readonly accounts: Int32Array;
  /** The debits of account a, in aging order: `accountDebits[accountDebitStart[a] … accountDebitStart[a + 1] - 1]`. */
  readonly accountDebitStart: Int32Array;
  readonly accountDebits: Int32Array;
  readonly accountUnapplied: Float64Array;
  /** Credit notes issued as of the date, per account, in ledger order. */
  readonly accountCreditNotes: readonly (readonly number[] | undefined)[];
  readonly warnings: Problem[];
}

export const NOT_SETTLED = -2147483648;

/**
 * Natural-order keys of identifiers: `prefix + digits` compared as prefix and number (see compareIds).
 * A prefix is held as its number in `prefixes`, shared by all the keys compared with each other.
 */
interface NaturalKeys {
  /** The number of the id's prefix in `prefixes`; -1 when the id does not end in digits. */
  readonly prefix: Int32Array;
  readonly num: Float64Array;
}

function naturalKeys(ids: Ids, prefixes: Map<string, number>): NaturalKeys {
  const n = ids.length;
  const prefix = new Int32Array(n);
  const num = new Float64Array(n);
  // Consecutive ids nearly always share their prefix: reuse the last one rather than cut a new string.
  let last = '';
  let lastNo = -1;
  for (let i = 0; i < n; i++) {
    const s = ids.at(i);
    let j = s.length;
    while (j > 0) {
      const c = s.charCodeAt(j - 1);
      if (c < 48 || c > 57) break;
      j--;
    }
    if (j < s.length && s.length - j <= 15) {
      let v = 0;
      for (let k = j; k < s.length; k++) v = v * 10 + (s.charCodeAt(k) - 48);
      num[i] = v;
      if (lastNo < 0 || j !== last.length || !s.startsWith(last)) {
        last = s.slice(0, j);
        let no = prefixes.get(last);
        if (no === undefined) prefixes.set(last, (no = prefixes.size));
        lastNo = no;
      }
      prefix[i] = lastNo;
    } else {
      prefix[i] = -1;
    }
  }
  return { prefix, num };
}

/** compareIds(ids[i], ids[j]), fast when both are the same prefix and a number. */
function compareNatural(keys: NaturalKeys, ids: Ids, i: number, j: number): number {
  const p = keys.prefix[i]!;
  if (p >= 0 && p === keys.prefix[j]) {
    const d = keys.num[i]! - keys.num[j]!;
    if (d !== 0) return d;
  }
  return compareIds(ids.at(i), ids.at(j));
}

/**
 * Whether the ids of `rows` (ascending) never fall in natural order from one to the next: then rows
 * taken in that order are in order of id too, whatever else they are sorted by. Ledgers number their
 * rows so: read once, that spares comparing the ids of one day with each other.
 */
function risesNaturally(ids: Ids, rows: Int32Array): boolean {
  // Numbers rising with the rows, read as the ledger was: nothing to read again.
  if (ids.rising) return true;
  // The previous id as prefix and number (see naturalKeys), when it is one: most pairs compare so.
  let prefix = '';
  let num = -1;
  for (let i = 0; i < rows.length; i++) {
    const s = ids.at(rows[i]!);
    let j = s.length;
    while (j > 0) {
      const c = s.charCodeAt(j - 1);
      if (c < 48 || c > 57) break;
      j--;
    }
    const numeric = j < s.length && s.length - j <= 15;
    let v = -1;
    if (numeric) {
      v = 0;
      for (let k = j; k < s.length; k++) v = v * 10 + (s.charCodeAt(k) - 48);
    }
    const samePrefix = numeric && num >= 0 && j === prefix.length && s.startsWith(prefix);
    if (samePrefix ? v < num || (v === num && compareIds(ids.at(rows[i - 1]!), s) > 0) : i > 0 && compareIds(ids.at(rows[i - 1]!), s) > 0) return false;
    if (!samePrefix) prefix = numeric ? s.slice(0, j) : '';
    num = v;
  }
  return true;
}

/** 0, 1, … n - 1: rows in their order of creation. */
function firstRows(n: number): Int32Array {
  const rows = new Int32Array(n);
  for (let i = 0; i < n; i++) rows[i] = i;
  return rows;
}

/**
 * Rows stably sorted by a day of theirs: a counting sort, as days span a few thousand values (two
 * passes of 16 bits when they span more). Sorting by one key after another this way sorts by the last
 * key, then the one before, and so on, then the order the rows came in. Returns a new array.
 */
function sortByDay(rows: Int32Array, day: Int32Array): Int32Array {
  const n = rows.length;
  let lo = 2147483647;
  let hi = -2147483648;
  for (let i = 0; i < n; i++) {
    const v = day[rows[i]!]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (n < 2 || lo === hi) return rows.slice();
  const span = hi - lo;
  if (span < 65536 || span <= n) return countingPass(rows, day, lo, 0, -1, span + 1);
  return countingPass(countingPass(rows, day, lo, 0, 0xffff, 65536), day, lo, 16, 0xffff, 65536);
}

/** One stable pass of a counting sort: row r goes to bucket `((day[r] - lo) >>> shift) & mask`, below `size`. */
function countingPass(rows: Int32Array, day: Int32Array, lo: number, shift: number, mask: number, size: number): Int32Array {
  const n = rows.length;
  const at = new Int32Array(size);
  for (let i = 0; i < n; i++) at[((day[rows[i]!]! - lo) >>> shift) & mask]!++;
  for (let k = 0, sum = 0; k < size; k++) {
    const c = at[k]!;
    at[k] = sum;
    sum += c;
  }
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = rows[i]!;
    out[at[((day[r]! - lo) >>> shift) & mask]!++] = r;
  }
  return out;
}

/**
 * Sorts in place, by `then`, each run of neighbouring rows of the same day (rows sorted by day). A run
 * already in order is only read.
 */
function sortTies(rows: Int32Array, day: Int32Array, then: (x: number, y: number) => number): void {
  const n = rows.length;
  let from = 0;
  let sorted = true;
  for (let i = 1; i < n; i++) {
    const x = rows[i - 1]!;
    const y = rows[i]!;
    if (day[x] === day[y]) {
      if (sorted && then(x, y) > 0) sorted = false;
      continue;
    }
    if (!sorted) rows.subarray(from, i).sort(then);
    from = i;
    sorted = true;
  }
  if (!sorted) rows.subarray(from, n).sort(then);
}

/**
 * Rows bucketed by account, in the order given (all rows 0 … n - 1, sorted by `first` then `second`):
 * the rows of account a are `rows[start[a]] … rows[start[a + 1] - 1]` (a counting sort). Rows of one
 * account tied on both keys, seen as they are put in place, are few: only those are then ordered by
 * `then`, unless already in order.
 */
function byAccount(
  order: Int32Array, account: Int32Array, nAcc: number, first: Int32Array, second: Int32Array, then: (x: number, y: number) => number,
): { start: Int32Array; rows: Int32Array } {
  const n = order.length;
  const start = new Int32Array(nAcc + 1);
  for (let r = 0; r < n; r++) start[account[r]! + 1]!++;
  for (let a = 0; a < nAcc; a++) start[a + 1]! += start[a]!;
  const fill = start.slice(0, nAcc);
  // The keys of the row last put in each account: the next one with the same keys is a tie, kept by its place.
  const lastFirst = new Int32Array(nAcc);
  const lastSecond = new Int32Array(nAcc);
  const ties: number[] = [];
  const rows = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    const a = account[r]!;
    const at = fill[a]!++;
    rows[at] = r;
    if (at > start[a]! && first[r] === lastFirst[a] && second[r] === lastSecond[a]) ties.push(at);
    lastFirst[a] = first[r]!;
    lastSecond[a] = second[r]!;
  }
  // A run of ties: the places in a row from the one before the first tie to the last tie.
  const places = Int32Array.from(ties).sort();
  for (let t = 0; t < places.length; ) {
    let end = t + 1;
    while (end < places.length && places[end] === places[end - 1]! + 1) end++;
    const from = places[t]! - 1;
    const to = places[end - 1]! + 1;
    for (let i = from + 1; i < to; i++) {
      if (then(rows[i - 1]!, rows[i]!) > 0) {
        rows.subarray(from, to).sort(then);
        break;
      }
    }
    t = end;
  }
  return { start, rows };
}

/** Growable typed arrays for the debits, whose number is known only at the end (refunds). */
class Debits {
  n = 0;
  kind = new Uint8Array(16);
  source = new Int32Array(16);
  account = new Int32Array(16);
  issue = new Int32Array(16);
  due = new Int32Array(16);
  open = new Float64Array(16);
  settled = new Int32Array(16);
  written = new Uint8Array(16);
  constructor(capacity: number) {
    this.resize(Math.max(16, capacity));
  }
  private resize(cap: number): void {
    const grow = <T extends Uint8Array | Int32Array | Float64Array>(a: T, make: (n: number) => T): T => {
      const b = make(cap);
      b.set(a.subarray(0, Math.min(a.length, cap)));
      return b;
    };
    this.kind = grow(this.kind, (k) => new Uint8Array(k));
    this.source = grow(this.source, (k) => new Int32Array(k));
    this.account = grow(this.account, (k) => new Int32Array(k));
    this.issue = grow(this.issue, (k) => new Int32Array(k));
    this.due = grow(this.due, (k) => new Int32Array(k));
    this.open = grow(this.open, (k) => new Float64Array(k));
    this.settled = grow(this.settled, (k) => new Int32Array(k));
    this.written = grow(this.written, (k) => new Uint8Array(k));
  }
  push(kind: number, source: number, account: number, issue: number, due: number, amount: number, writtenOff: boolean): number {
    if (this.n === this.kind.length) this.resize(this.n * 2);
    const d = this.n++;
    this.kind[d] = kind;
    this.source[d] = source;
    this.account[d] = account;
    this.issue[d] = issue;
    this.due[d] = due;
    this.open[d] = amount;
    this.settled[d] = amount === 0 ? issue : NOT_SETTLED;
    this.written[d] = writtenOff ? 1 : 0;
    return d;
  }
  /** Pays `amount` of debit d with a credit of `date`: settled when nothing is left, never before its issue. */
  settle(d: number, amount: number, date: number): void {
    const open = this.open[d]! - amount;
    this.open[d] = open;
    if (open === 0) this.settled[d] = date > this.issue[d]! ? date : this.issue[d]!;
  }
}

/** The pool: credits (account, date, id, what is left); a credit's index is its order of creation. */
class Pool {
  n = 0;
  readonly account: Int32Array;
  readonly date: Int32Array;
  readonly left: Float64Array;
  /** Whose the credit is: the credit note's invoice row, or `~p` for payment p (its id is read only on a tie). */
  readonly from: Int32Array;
  /** `capacity`: a credit note or a payment adds at most one credit. */
  constructor(capacity: number) {
    this.account = new Int32Array(capacity);
    this.date = new Int32Array(capacity);
    this.left = new Float64Array(capacity);
    this.from = new Int32Array(capacity);
  }
  push(account: number, date: number, from: number, left: number): void {
    const k = this.n++;
    this.account[k] = account;
    this.date[k] = date;
    this.from[k] = from;
    this.left[k] = left;
  }
}

type ReferenceList = 'credit_note' | 'payment' | 'credit_note_lettering' | 'payment_lettering';

/** What steps 1 and 2 change: the debits, the pool, the warnings. */
interface Books {
  readonly L: LedgerArrays;
  readonly debits: Debits;
  /** The debit of each invoice issued as of the date; -1 otherwise. */
  readonly invoiceDebit: Int32Array;
  readonly pool: Pool;
  readonly warnings: Problem[];
}

/**
 * The warning for a reference that names no invoice of account `a`: an unknown one (`b` -1), or one of
 * account `b`. `row` is the credit note's invoice row or the payment's row: where the warning points.
 */
function referenceWarning(L: LedgerArrays, a: number, b: number, what: 'credit_note' | 'payment', list: ReferenceList, index: number, row: number): Problem {
  const s = what === 'credit_note' ? L.invoiceSource(row) : L.paymentSource(row);
  const value = L.referenceText(list, index);
  if (b < 0) return { severity: 'warning', code: 'unknown_reference', file: s.file, line: s.line, value, params: { what } };
  if (L.accountCustomer[b] !== L.accountCustomer[a]) {
    return { severity: 'warning', code: 'reference_other_customer', file: s.file, line: s.line, value, params: { what, customer: L.accountCustomer[b]!, expected: L.accountCustomer[a]! } };
  }
  return { severity: 'warning', code: 'reference_other_currency', file: s.file, line: s.line, value, params: { what, currency: L.accountCurrency[b]!, expected: L.accountCurrency[a]! } };
}

/**
 * Applies what is `left` of a credit of account `a` and of `date` to the invoice a reference names, up
 * to its open amount, when it is the account's; returns what is then left. `index` is the reference's
 * in `list`; `row` the credit's, where a warning points.
 */
function applyNamed(books: Books, a: number, target: number, left: number, date: number, what: 'credit_note' | 'payment', list: ReferenceList, index: number, row: number): number {
  if (target === NO_REFERENCE) return left;
  const { debits } = books;
  // -1 also for an invoice not yet issued as of the date: not unknown, just not there yet.
  const d = target >= 0 ? books.invoiceDebit[target]! : -1;
  if (d >= 0 && debits.account[d] === a) {
    const used = Math.min(left, Math.max(0, debits.open[d]!));
    if (used <= 0) return left;
    debits.settle(d, used, date);
    return left - used;
  }
  if (d >= 0 || target === UNKNOWN_REFERENCE) books.warnings.push(referenceWarning(books.L, a, d >= 0 ? debits.account[d]! : -1, what, list, index, row));
  return left;
}

/** Step 1: credit notes, in `order`, to the invoice they name, then to their lettering; the rest to the pool. */
function applyCreditNotes(books: Books, order: Int32Array, asOf: Day): void {
  const { L } = books;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const a = L.invoiceAccount[i]!;
    const date = L.invoiceIssue[i]!;
    let left = applyNamed(books, a, L.invoiceCredited[i]!, -L.invoiceAmount[i]!, date, 'credit_note', 'credit_note', i, i);
    if (L.invoiceLetterStart && L.invoiceLetterOn![i]! <= asOf) {
      for (let r = L.invoiceLetterStart[i]!; r < L.invoiceLetterStart[i + 1]!; r++) {
        if (left === 0) break;
        left = applyNamed(books, a, L.invoiceLetterTarget![r]!, left, date, 'credit_note', 'credit_note_lettering', r, i);
      }
    }
    if (left !== 0) books.pool.push(a, date, i, left);
  }
}

/**
 * Step 2: payments, in `order`, to the invoices they name in the order named, then to their lettering;
 * the rest to the pool. A negative payment is a debit of its own.
 */
function applyPayments(books: Books, order: Int32Array, asOf: Day, touched: Uint8Array): void {
  const { L, debits } = books;
  for (let j = 0; j < order.length; j++) {
    const p = order[j]!;
    const a = L.paymentAccount[p]!;
    if (a < 0) continue; // no customer: a rejected row, never allocated
    touched[a] = 1;
    const amount = L.paymentAmount[p]!;
    const date = L.paymentDate[p]!;
    if (amount < 0) {
      debits.push(1, p, a, date, date, -amount, false);
      continue;
    }
    let left = amount;
    for (let r = L.referenceStart[p]!; r < L.referenceStart[p + 1]!; r++) {
      if (left === 0) break;
      left = applyNamed(books, a, L.referenceTarget[r]!, left, date, 'payment', 'payment', r, p);
    }
    if (L.paymentLetterStart && L.paymentLetterOn![p]! <= asOf) {
      for (let r = L.paymentLetterStart[p]!; r < L.paymentLetterStart[p + 1]!; r++) {
        if (left === 0) break;
        left = applyNamed(books, a, L.paymentLetterTarget![r]!, left, date, 'payment', 'payment_lettering', r, p);
      }
    }
    if (left !== 0) books.pool.push(a, date, ~p, left);
  }
}

/**
 * Step 3: each account's pool (`credits[poolStart[a]] …`, in order) settles its open debits
 * (`accountDebits[start[a]] …`, in aging order) oldest first; step 4: what is left is unapplied.
 */
function applyPools(
  accounts: Int32Array, debits: Debits, start: Int32Array, accountDebits: Int32Array, pool: Pool, poolStart: Int32Array, credits: Int32Array, unapplied: Float64Array,
): void {
  const { open, written } = debits;
  for (let j = 0; j < accounts.length; j++) {
    const a = accounts[j]!;
    const to = start[a + 1]!;
    let k = start[a]!;
    for (let c = poolStart[a]!; c < poolStart[a + 1]!; c++) {
      const credit = credits[c]!;
      let left = pool.left[credit]!;
      const date = pool.date[credit]!;
      while (left > 0 && k < to) {
        const d = accountDebits[k]!;
        // Written-off invoices are out of the receivable: the pool does not go to them.
        if (open[d]! <= 0 || written[d] === 1) {
          k++;
          continue;
        }
        const used = Math.min(left, open[d]!);
        debits.settle(d, used, date);
        left -= used;
      }
      unapplied[a] = unapplied[a]! - left;
    }
  }
}

/**
 * Allocates credit notes and payments to invoices as of a date, per customer and currency, as docs/accounting.md §3
 * says: credit notes to the invoices they name (by issue date, then number); then payments to the
 * invoices they name (by date, then id), each up to its open amount; then each account's pool of what
 * is left (by date, then id) to its open debits oldest first (due date, issue date, number); what
 * remains is unapplied credit. Numbers and ids compare in natural order (compareIds); ties keep the
 * order of creation. Only invoices issued and payments dated on or before `asOf` count (§2.1).
 *
 * Every order is a counting sort by day, then a sort of the rare runs of ties by number: at a million
 * rows, no comparison of strings but between neighbours of the same day. Each step is a function of
 * its own, compiled apart from the others.
 */
export function allocateArrays(L: LedgerArrays, asOf: Day): ArrayAllocation {
  const nAcc = L.accountCustomer.length;
  const touched = new Uint8Array(nAcc);
  const creditNotesOf: (number[] | undefined)[] = new Array<number[] | undefined>(nAcc);
  // One debit per invoice and per refund (a negative payment): sized once.
  let refunds = 0;
  for (let p = 0; p < L.paymentCount; p++) if (L.paymentAmount[p]! < 0) refunds++;
  const debits = new Debits(L.invoiceCount + refunds + 16);
  const invoiceDebit = new Int32Array(L.invoiceCount).fill(-1);
  const creditNotes = invoiceDebits(L, asOf, debits, invoiceDebit, touched, creditNotesOf);

  const ids = L.paymentId;
  const payDate = L.paymentDate;
  let datedCount = 0;
  for (let p = 0; p < L.paymentCount; p++) if (payDate[p]! <= asOf) datedCount++;
  const books: Books = { L, debits, invoiceDebit, pool: new Pool(creditNotes.length + datedCount), warnings: [] };

  // Step 1: credit notes by issue date, then number.
  const numbers = L.invoiceNumber;
  const issue = L.invoiceIssue;
  const cnOrder = sortByDay(creditNotes, issue);
  if (!risesNaturally(numbers, creditNotes)) sortTies(cnOrder, issue, (x, y) => compareIds(numbers.at(x), numbers.at(y)) || x - y);
  applyCreditNotes(books, cnOrder, asOf);

  // Step 2: payments by date, then id. Payments of one day are many: when their ids do not rise with
  // the ledger, compared by natural keys.
  const dated = new Int32Array(datedCount);
  for (let p = 0, k = 0; p < L.paymentCount; p++) if (payDate[p]! <= asOf) dated[k++] = p;
  const payOrder = sortByDay(dated, payDate);
  if (!risesNaturally(ids, dated)) {
    const payKeys = naturalKeys(ids, new Map());
    sortTies(payOrder, payDate, (x, y) => compareNatural(payKeys, ids, x, y) || x - y);
  }
  applyPayments(books, payOrder, asOf, touched);

  // Accounts in order: by customer id (natural order), then currency.
  const customers = L.accountCustomer;
  const currencies = L.accountCurrency;
  const customerKeys = naturalKeys(idList(customers), new Map());
  const accounts: number[] = [];
  for (let a = 0; a < nAcc; a++) if (touched[a]) accounts.push(a);
  const accountOrder = Int32Array.from(accounts);
  const customerIds = idList(customers);
  accountOrder.sort((x, y) => compareNatural(customerKeys, customerIds, x, y) || (currencies[x]! < currencies[y]! ? -1 : currencies[x]! > currencies[y]! ? 1 : 0));

  // Each account's debits in aging order: by due date, then issue date (stable counting sorts by issue,
  // then due, then account), then number, then order of creation.
  const nDeb = debits.n;
  const { kind, source } = debits;
  const numberOf = (d: number): string => (kind[d] === 0 ? numbers : ids).at(source[d]!);
  // Two invoices, or two refunds, whose ids rise with the rows are in the order of their rows: their texts
  // need not be made to be compared.
  const byNumber = (x: number, y: number): number => {
    const k = kind[x]!;
    if (k === kind[y] && (k === 0 ? numbers : ids).rising) return source[x]! - source[y]! || x - y;
    return compareIds(numberOf(x), numberOf(y)) || x - y;
  };
  const byDates = sortByDay(sortByDay(firstRows(nDeb), debits.issue), debits.due);
  const { start, rows: accountDebits } = byAccount(byDates, debits.account, nAcc, debits.due, debits.issue, byNumber);

  // Each account's pool by date, then id, ties in their order of creation.
  const { pool } = books;
  const poolOrder = sortByDay(firstRows(pool.n), pool.date);
  const poolId = (k: number): string => {
    const from = pool.from[k]!;
    return from >= 0 ? numbers.at(from) : ids.at(~from);
  };
  const byId = (x: number, y: number): number => {
    const fx = pool.from[x]!;
    const fy = pool.from[y]!;
    if (fx >= 0 && fy >= 0 && numbers.rising) return fx - fy || x - y;
    if (fx < 0 && fy < 0 && ids.rising) return fy - fx || x - y; // ~from: the payment's row
    return compareIds(poolId(x), poolId(y)) || x - y;
  };
  const { start: poolStart, rows: credits } = byAccount(poolOrder, pool.account, nAcc, pool.date, pool.date, byId);

  // Steps 3 and 4.
  const unapplied = new Float64Array(nAcc);
  applyPools(accountOrder, debits, start, accountDebits, pool, poolStart, credits, unapplied);

  return {
    asOf,
    debitCount: nDeb,
    debitKind: kind.subarray(0, nDeb),
    debitSource: source.subarray(0, nDeb),
    debitOpen: debits.open.subarray(0, nDeb),
    debitSettled: debits.settled.subarray(0, nDeb),
    accounts: accountOrder,
    accountDebitStart: start,
    accountDebits,
    accountUnapplied: unapplied,
    accountCreditNotes: creditNotesOf,
    warnings: books.warnings,
  };
}

/**
 * The debit of each invoice issued as of the date (in `debits`, its number in `invoiceDebit`), the
 * accounts they touch, and the credit notes, in ledger order (also per account, in `creditNotesOf`).
 */
function invoiceDebits(L: LedgerArrays, asOf: Day, debits: Debits, invoiceDebit: Int32Array, touched: Uint8Array, creditNotesOf: (number[] | undefined)[]): Int32Array {
  const creditNotes: number[] = [];
  for (let i = 0; i < L.invoiceCount; i++) {
    if (L.invoiceIssue[i]! > asOf) continue;
    const a = L.invoiceAccount[i]!;
    touched[a] = 1;
    const flags = L.invoiceFlags[i]!;
    if (flags & CREDIT_NOTE) {
      creditNotes.push(i);
      (creditNotesOf[a] ??= []).push(i);
      continue;
    }
    invoiceDebit[i] = debits.push(0, i, a, L.invoiceIssue[i]!, L.invoiceDue[i]!, L.invoiceAmount[i]!, (flags & WRITTEN_OFF) !== 0);
  }
  return Int32Array.from(creditNotes);
}
