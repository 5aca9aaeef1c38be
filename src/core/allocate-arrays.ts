import { compareIds } from './compare.ts';
import { idList, type Ids } from './ids.ts';
import type { Day } from './dates.ts';
import type { Problem } from './types.ts';

/**
 * The allocation engine (docs/accounting.md §3) over a ledger held in columns: one number per field and
 * row, no object per row. Every command allocates through it (`allocateLedger`, src/core/allocate.ts);
 * `allocationModel` (src/core/allocation-model.ts) states the same rules over objects, with plain sorts,
 * and property tests hold the two to the same results.
 *
 * The orders the rules take things in do not depend on the as-of date: credit notes by issue date, then
 * number; payments by date, then id; each account's debits by due date, issue date, number; its credits
 * by date, then id. They are sorted once per ledger (`planOf`, kept while the ledger is) and each
 * allocation as of a date is then a few linear passes: a trend of twelve month-ends costs twelve passes,
 * not twelve sorts.
 */

/** Flags of an invoice row. */
export const CREDIT_NOTE = 1;
export const DISPUTED = 2;
export const WRITTEN_OFF = 4;
/**
 * The file's status says the invoice paid in full (docs/accounting.md §9.4): an import's note, which the engine does
 * not read; open by the payments read, it is said, and no letter lists it.
 */
export const SAID_PAID = 8;
/**
 * The file says the invoice paid, in part or in full, and it counts as owed: no payments were given and the
 * file's status or balance is not read as one (docs/accounting.md §9.4). What is owed of it is not known: no
 * letter lists it. An import's note, which the engine does not read.
 */
export const PAID_UNCOUNTED = 16;

/** Where a reference points: an invoice row, or one of these. */
export const NO_REFERENCE = -1;
export const UNKNOWN_REFERENCE = -2;

/** A day after every day: a dispute not closed yet. */
export const NO_END = 2147483647;

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
   * For a credit note: the invoice (never a credit note) its reference names, or NO_REFERENCE (none, or
   * blank) or UNKNOWN_REFERENCE.
   */
  readonly invoiceCredited: Int32Array;
  /**
   * The rows of every installment of the invoice at row i (its own first, docs/accounting.md §1.12), when it is
   * paid in installments: a credit note naming it settles them in that order, as a payment naming it does.
   */
  installmentsOf(i: number): readonly number[] | undefined;

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
   * Payments whose day is not known (a paid amount without a paid date): dated their invoice's issue
   * day, so that they count at every date, but an invoice they finish paying has no settlement day.
   */
  readonly paymentUndated?: Uint8Array;

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
   * Disputes recorded in the journal (`ar dispute`): invoice row, the day opened and the day closed
   * (NO_END while open). As of a date D within [from, to), the invoice is disputed (§1.3).
   */
  readonly disputes?: { readonly row: Int32Array; readonly from: Int32Array; readonly to: Int32Array };

  /**
   * For warnings only: the text of a reference — of a credit note's `invoiceCredited` (by invoice row),
   * of a payment's reference (by reference), or of a lettering reference (by its index) — and where a row was read.
   */
  referenceText(kind: 'credit_note' | 'payment' | 'credit_note_lettering' | 'payment_lettering', index: number): string;
  invoiceSource(i: number): { file: string; line: number };
  paymentSource(p: number): { file: string; line: number };
}

/**
 * The result of an allocation as of a date. Debits and credits are numbered by their rows: invoice row
 * i (0 … invoiceCount − 1), and payment row p as `invoiceCount + p`. An invoice is a debit, a credit note
 * a credit; a payment is a credit, or a debit when negative (a refund, owed again from its own date).
 */
export interface ArrayAllocation {
  readonly asOf: Day;
  /** By row: a debit's open amount as of the date (what is left to pay); a credit's amount it has left. */
  readonly debitOpen: Float64Array;
  /** By debit: the day its last cent was paid (never before its issue); NOT_SETTLED while open; SETTLED_UNDATED when that day is unknown. */
  readonly debitSettled: Int32Array;
  /** By invoice row: in dispute as of the date (the ledger's status, or a dispute of the journal). */
  readonly invoiceDisputed: Uint8Array;
  /** Accounts that exist as of the date, by customer id (natural order) then currency. */
  readonly accounts: Int32Array;
  /** The debits of account a as of the date, in aging order: `accountDebits[accountDebitStart[a] … accountDebitStart[a + 1] - 1]`. */
  readonly accountDebitStart: Int32Array;
  readonly accountDebits: Int32Array;
  /** Credit left after settling everything it could, per account: 0 or negative (§3.4). */
  readonly accountUnapplied: Float64Array;
  /** Credit notes issued as of the date, per account, in ledger order. */
  readonly accountCreditNotes: readonly (readonly number[] | undefined)[];
  /** The credits (numbered as above) with something left after the pool, in pool order: what each has left (positive). */
  readonly unapplied: { readonly account: Int32Array; readonly credit: Int32Array; readonly left: Float64Array };
  /** With `track`: every application of a credit to a debit, in the order made. */
  readonly settlements: Settlements | null;
  readonly warnings: Problem[];
}

/** Applications of credits to debits, in the order the rules made them (for interest, §6). */
export interface Settlements {
  readonly count: number;
  readonly debit: Int32Array;
  readonly credit: Int32Array;
  readonly date: Int32Array;
  readonly amount: Float64Array;
}

export const NOT_SETTLED = -2147483648;
export const SETTLED_UNDATED = -2147483647;

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

/**
 * Rows stably sorted by a day of theirs: a counting sort, as days span a few thousand values (two
 * passes of 16 bits when they span more). Sorting by one key after another this way sorts by the last
 * key, then the one before, and so on, then the order the rows came in. Returns a new array.
 */
export function sortByDay(rows: Int32Array, day: Int32Array): Int32Array {
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
 * Rows bucketed by account, in the order given (rows sorted by `first` then `second`): the rows of
 * account a are `rows[start[a]] … rows[start[a + 1] - 1]` (a counting sort). Rows of one account tied on
 * both keys, seen as they are put in place, are few: only those are then ordered by `then`, unless
 * already in order.
 */
function byAccount(order: Int32Array, account: Int32Array, nAcc: number, first: Int32Array, second: Int32Array, then: (x: number, y: number) => number): { start: Int32Array; rows: Int32Array } {
  const n = order.length;
  const start = new Int32Array(nAcc + 1);
  for (let k = 0; k < n; k++) start[account[order[k]!]! + 1]!++;
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

/**
 * What an allocation needs that does not depend on its date: every order the rules take things in,
 * over all the rows of the ledger; an allocation as of a date takes the rows of that date from them.
 */
/**
 * Whether row d (an invoice's row, or a payment's as invoiceCount + its row) is a debit: an invoice
 * that is not a credit note, or a refund (a payment below zero) of a known customer (§1.7).
 */
export function isDebit(ledger: LedgerArrays, d: number): boolean {
  const n = ledger.invoiceCount;
  if (d < n) return (ledger.invoiceFlags[d]! & CREDIT_NOTE) === 0;
  return ledger.paymentAccount[d - n]! >= 0 && ledger.paymentAmount[d - n]! < 0;
}

interface Plan {
  /** Credit notes by issue date, then number, then row. */
  readonly cnOrder: Int32Array;
  /** Payments by date, then id, then row. */
  readonly payOrder: Int32Array;
  /** Every row's day as a debit or a credit (issue date, or payment date), its due day and its account. */
  readonly rowDay: Int32Array;
  readonly rowDue: Int32Array;
  readonly rowAccount: Int32Array;
  /** Each account's possible debits in aging order (due, issue, number, row), and each one's issue day beside it. */
  readonly debitStart: Int32Array;
  readonly debits: Int32Array;
  readonly debitDay: Int32Array;
  /** Each account's possible pool credits by date, then id, then row, and each one's day beside it. */
  readonly creditStart: Int32Array;
  readonly credits: Int32Array;
  readonly creditDay: Int32Array;
  /** Every account, by customer id (natural order), then currency. */
  readonly accountOrder: Int32Array;
}

/** Plans by the ledger's columns (a ledger given the journal's disputes shares its columns, and its plan). */
const plans = new WeakMap<Int32Array, Plan>();

function planOf(ledger: LedgerArrays): Plan {
  let plan = plans.get(ledger.invoiceAccount);
  if (plan === undefined || plan.rowAccount.length !== ledger.invoiceCount + ledger.paymentCount) plans.set(ledger.invoiceAccount, (plan = makePlan(ledger)));
  return plan;
}

function makePlan(ledger: LedgerArrays): Plan {
  const n = ledger.invoiceCount;
  const m = ledger.paymentCount;
  const nAcc = ledger.accountCustomer.length;
  const numbers = ledger.invoiceNumber;
  const ids = ledger.paymentId;
  const issue = ledger.invoiceIssue;
  const payDate = ledger.paymentDate;

  // Rows as debits and credits: invoice row i, payment row p as n + p.
  const rowDay = new Int32Array(n + m);
  const rowDue = new Int32Array(n + m);
  const rowAccount = new Int32Array(n + m);
  rowDay.set(issue, 0);
  rowDay.set(payDate, n);
  rowDue.set(ledger.invoiceDue, 0);
  rowDue.set(payDate, n);
  rowAccount.set(ledger.invoiceAccount, 0);
  rowAccount.set(ledger.paymentAccount, n);

  let cnCount = 0;
  let refunds = 0;
  let positive = 0;
  for (let i = 0; i < n; i++) if (ledger.invoiceFlags[i]! & CREDIT_NOTE) cnCount++;
  for (let p = 0; p < m; p++) {
    if (ledger.paymentAccount[p]! < 0) continue;
    if (ledger.paymentAmount[p]! < 0) refunds++;
    else positive++;
  }
  const creditNotes = new Int32Array(cnCount);
  const debitRows = new Int32Array(n - cnCount + refunds);
  const creditRows = new Int32Array(cnCount + positive);
  for (let i = 0, c = 0, d = 0; i < n; i++) {
    if (isDebit(ledger, i)) debitRows[d++] = i;
    else {
      creditNotes[c] = i;
      creditRows[c++] = i;
    }
  }
  for (let p = 0, d = n - cnCount, c = cnCount; p < m; p++) {
    if (ledger.paymentAccount[p]! < 0) continue;
    if (isDebit(ledger, n + p)) debitRows[d++] = n + p;
    else creditRows[c++] = n + p;
  }

  // Credit notes by issue date, then number.
  const cnOrder = sortByDay(creditNotes, issue);
  if (!risesNaturally(numbers, creditNotes)) sortTies(cnOrder, issue, (x, y) => compareIds(numbers.at(x), numbers.at(y)) || x - y);

  // Payments by date, then id. Payments of one day are many: when their ids do not rise with the
  // ledger, compared by natural keys.
  const allPayments = new Int32Array(m);
  for (let p = 0; p < m; p++) allPayments[p] = p;
  const payOrder = sortByDay(allPayments, payDate);
  let payKeys: NaturalKeys | null = null;
  if (!risesNaturally(ids, allPayments)) {
    payKeys = naturalKeys(ids, new Map());
    const keys = payKeys;
    sortTies(payOrder, payDate, (x, y) => compareNatural(keys, ids, x, y) || x - y);
  }

  // Each account's debits in aging order: by due date, then issue date (stable counting sorts by issue,
  // then due, then account), then number, then row. Two invoices, or two refunds, whose ids rise with the
  // rows are in the order of their rows: their texts need not be made to be compared.
  const numberOf = (r: number): string => (r < n ? numbers.at(r) : ids.at(r - n));
  const byNumber = (x: number, y: number): number => {
    const kx = x < n;
    if (kx === y < n && (kx ? numbers : ids).rising) return x - y;
    return compareIds(numberOf(x), numberOf(y)) || x - y;
  };
  const byDates = sortByDay(sortByDay(debitRows, rowDay), rowDue);
  const debits = byAccount(byDates, rowAccount, nAcc, rowDue, rowDay, byNumber);

  // Each account's pool credits by date, then id, then row.
  const byId = (x: number, y: number): number => {
    const px = x >= n;
    if (px === y >= n && (px ? ids : numbers).rising) return x - y;
    return compareIds(numberOf(x), numberOf(y)) || x - y;
  };
  const credits = byAccount(sortByDay(creditRows, rowDay), rowAccount, nAcc, rowDay, rowDay, byId);

  // Accounts by customer id (natural order), then currency.
  const customers = idList(ledger.accountCustomer);
  const customerKeys = naturalKeys(customers, new Map());
  const currencies = ledger.accountCurrency;
  const accountOrder = new Int32Array(nAcc);
  for (let a = 0; a < nAcc; a++) accountOrder[a] = a;
  accountOrder.sort((x, y) => compareNatural(customerKeys, customers, x, y) || (currencies[x]! < currencies[y]! ? -1 : currencies[x]! > currencies[y]! ? 1 : 0));

  const dayOf = (rows: Int32Array): Int32Array => {
    const out = new Int32Array(rows.length);
    for (let k = 0; k < rows.length; k++) out[k] = rowDay[rows[k]!]!;
    return out;
  };
  return {
    cnOrder,
    payOrder,
    rowDay,
    rowDue,
    rowAccount,
    debitStart: debits.start,
    debits: debits.rows,
    debitDay: dayOf(debits.rows),
    creditStart: credits.start,
    credits: credits.rows,
    creditDay: dayOf(credits.rows),
    accountOrder,
  };
}

type ReferenceList = 'credit_note' | 'payment' | 'credit_note_lettering' | 'payment_lettering';

/**
 * The state of one allocation: every row's value (a debit's open amount, a credit's amount left), the
 * debits' settlement days, the applications made, the warnings.
 */
class Books {
  readonly ledger: LedgerArrays;
  readonly n: number;
  readonly asOf: Day;
  readonly value: Float64Array;
  readonly settled: Int32Array;
  readonly rowDay: Int32Array;
  readonly rowAccount: Int32Array;
  readonly undated: Uint8Array | undefined;
  /** The accounts allocated (1 each), or null for all. */
  readonly only: Uint8Array | null;
  readonly warnings: Problem[] = [];
  private readonly track: boolean;
  appCount = 0;
  appDebit: Int32Array;
  appCredit: Int32Array;
  appDate: Int32Array;
  appAmount: Float64Array;
  constructor(ledger: LedgerArrays, plan: Plan, asOf: Day, track: boolean, only: Uint8Array | null) {
    this.ledger = ledger;
    this.only = only;
    this.n = ledger.invoiceCount;
    this.asOf = asOf;
    this.value = new Float64Array(ledger.invoiceCount + ledger.paymentCount);
    this.settled = new Int32Array(ledger.invoiceCount + ledger.paymentCount).fill(NOT_SETTLED);
    this.rowDay = plan.rowDay;
    this.rowAccount = plan.rowAccount;
    this.undated = ledger.paymentUndated;
    this.track = track;
    const cap = track ? 1024 : 0;
    this.appDebit = new Int32Array(cap);
    this.appCredit = new Int32Array(cap);
    this.appDate = new Int32Array(cap);
    this.appAmount = new Float64Array(cap);
  }

  /** Pays `amount` of debit d with credit c, dated `date`: settled when nothing is left, never before its issue. */
  settle(d: number, c: number, amount: number, date: number): void {
    const open = this.value[d]! - amount;
    this.value[d] = open;
    this.value[c] = this.value[c]! - amount;
    if (open === 0) {
      const issue = this.rowDay[d]!;
      this.settled[d] = this.undated !== undefined && c >= this.n && this.undated[c - this.n] === 1 ? SETTLED_UNDATED : Math.max(date, issue);
    }
    if (this.track) this.record(d, c, amount, date);
  }

  private record(d: number, c: number, amount: number, date: number): void {
    if (this.appCount === this.appDebit.length) {
      const cap = this.appCount * 2;
      const grow = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
      this.appDebit = grow(this.appDebit, new Int32Array(cap));
      this.appCredit = grow(this.appCredit, new Int32Array(cap));
      this.appDate = grow(this.appDate, new Int32Array(cap));
      this.appAmount = grow(this.appAmount, new Float64Array(cap));
    }
    const k = this.appCount++;
    this.appDebit[k] = d;
    this.appCredit[k] = c;
    this.appDate[k] = date;
    this.appAmount[k] = amount;
  }

  settlements(): Settlements | null {
    if (!this.track) return null;
    const k = this.appCount;
    return { count: k, debit: this.appDebit.subarray(0, k), credit: this.appCredit.subarray(0, k), date: this.appDate.subarray(0, k), amount: this.appAmount.subarray(0, k) };
  }
}

/**
 * The warning for a reference that names no invoice of account `a`: an unknown one (`b` -1), or one of
 * account `b`. `row` is the credit note's invoice row or the payment's row: where the warning points.
 */
function referenceWarning(ledger: LedgerArrays, a: number, b: number, what: 'credit_note' | 'payment', list: ReferenceList, index: number, row: number): Problem {
  const s = what === 'credit_note' ? ledger.invoiceSource(row) : ledger.paymentSource(row);
  const value = ledger.referenceText(list, index);
  if (b < 0) return { severity: 'warning', code: 'unknown_reference', file: s.file, line: s.line, value, params: { what } };
  if (ledger.accountCustomer[b] !== ledger.accountCustomer[a]) {
    return { severity: 'warning', code: 'reference_other_customer', file: s.file, line: s.line, value, params: { what, customer: ledger.accountCustomer[b]!, expected: ledger.accountCustomer[a]! } };
  }
  return { severity: 'warning', code: 'reference_other_currency', file: s.file, line: s.line, value, params: { what, currency: ledger.accountCurrency[b]!, expected: ledger.accountCurrency[a]! } };
}

/**
 * Applies what is left of credit c (of account `a`, dated `date`) to the invoice a reference names, up to
 * its open amount, when it is the account's (§3.1, §3.2). `index` is the reference's in `list`; `row`
 * the credit's, where a warning points.
 */
function applyNamed(books: Books, a: number, c: number, target: number, date: number, what: 'credit_note' | 'payment', list: ReferenceList, index: number, row: number): void {
  if (target === NO_REFERENCE) return;
  // An invoice not yet issued as of the date is not unknown, just not there yet.
  if (target >= 0 && books.rowDay[target]! > books.asOf) return;
  if (target >= 0 && books.rowAccount[target] === a) {
    const used = Math.min(books.value[c]!, Math.max(0, books.value[target]!));
    if (used > 0) books.settle(target, c, used, date);
    return;
  }
  books.warnings.push(referenceWarning(books.ledger, a, target >= 0 ? books.rowAccount[target]! : -1, what, list, index, row));
}

/** Step 1 (§3.1): credit notes issued by the date, in order, to the invoice they name, then to their lettering. */
function applyCreditNotes(books: Books, order: Int32Array): void {
  const { ledger, asOf } = books;
  for (let j = 0; j < order.length; j++) {
    const i = order[j]!;
    const date = ledger.invoiceIssue[i]!;
    if (date > asOf) break; // sorted by issue date
    const a = ledger.invoiceAccount[i]!;
    if (books.only !== null && books.only[a] === 0) continue;
    books.value[i] = -ledger.invoiceAmount[i]!;
    const target = ledger.invoiceCredited[i]!;
    applyNamed(books, a, i, target, date, 'credit_note', 'credit_note', i, i);
    // An invoice in installments: the next ones, in order (they are the account's when the first is).
    const group = target >= 0 && books.rowAccount[target] === a ? ledger.installmentsOf(target) : undefined;
    if (group !== undefined) for (let k = 1; k < group.length && books.value[i]! > 0; k++) applyNamed(books, a, i, group[k]!, date, 'credit_note', 'credit_note', i, i);
    if (ledger.invoiceLetterStart && ledger.invoiceLetterOn![i]! <= asOf) {
      for (let r = ledger.invoiceLetterStart[i]!; r < ledger.invoiceLetterStart[i + 1]! && books.value[i]! > 0; r++) {
        applyNamed(books, a, i, ledger.invoiceLetterTarget![r]!, date, 'credit_note', 'credit_note_lettering', r, i);
      }
    }
  }
}

/**
 * Step 2 (§3.2): payments dated by the date, in order, to the invoices they name in the order named,
 * then to their lettering. A negative payment is a debit of its own (opened by `openDebits`).
 */
function applyPayments(books: Books, order: Int32Array): void {
  const { ledger, asOf, n } = books;
  for (let j = 0; j < order.length; j++) {
    const p = order[j]!;
    const date = ledger.paymentDate[p]!;
    if (date > asOf) break; // sorted by date
    const a = ledger.paymentAccount[p]!;
    const amount = ledger.paymentAmount[p]!;
    if (a < 0 || amount <= 0) continue; // no customer (a rejected row), or a refund
    if (books.only !== null && books.only[a] === 0) continue;
    const c = n + p;
    books.value[c] = amount;
    for (let r = ledger.referenceStart[p]!; r < ledger.referenceStart[p + 1]! && books.value[c]! > 0; r++) {
      applyNamed(books, a, c, ledger.referenceTarget[r]!, date, 'payment', 'payment', r, p);
    }
    if (ledger.paymentLetterStart && ledger.paymentLetterOn![p]! <= asOf) {
      for (let r = ledger.paymentLetterStart[p]!; r < ledger.paymentLetterStart[p + 1]! && books.value[c]! > 0; r++) {
        applyNamed(books, a, c, ledger.paymentLetterTarget![r]!, date, 'payment', 'payment_lettering', r, p);
      }
    }
  }
}

/**
 * The open debits of one account by open amount, each amount's debits in aging order: where a pool
 * credit finds the oldest undisputed item it pays exactly (§3.3a). A hash table over typed arrays,
 * emptied for each account; a debit whose amount has changed since it was put in is dropped when met.
 */
class ExactAmounts {
  private keys = new Float64Array(64);
  private claimed = new Uint8Array(64);
  private head = new Int32Array(64);
  private tail = new Int32Array(64);
  private mask = 63;
  private size = 0;
  private used = new Int32Array(64);
  private nodeDebit = new Int32Array(64);
  private nodeNext = new Int32Array(64);
  private nodes = 0;

  /** Empties the table, with room for about `expected` amounts. */
  reset(expected: number): void {
    for (let k = 0; k < this.size; k++) this.claimed[this.used[k]!] = 0;
    this.size = 0;
    this.nodes = 0;
    if (expected * 2 > this.keys.length) this.resize(expected * 2);
  }

  private resize(capacity: number): void {
    let cap = this.keys.length;
    while (cap < capacity) cap *= 2;
    const { keys, head, tail, used, size } = this;
    this.keys = new Float64Array(cap);
    this.claimed = new Uint8Array(cap);
    this.head = new Int32Array(cap);
    this.tail = new Int32Array(cap);
    this.used = new Int32Array(cap);
    this.mask = cap - 1;
    this.size = 0;
    for (let k = 0; k < size; k++) {
      const old = used[k]!;
      const i = this.claim(keys[old]!);
      this.head[i] = head[old]!;
      this.tail[i] = tail[old]!;
    }
  }

  /** The slot of `key`, or -1. */
  private find(key: number): number {
    // Cents are integers below 2^53: mix both halves.
    let h = Math.imul((key | 0) ^ ((key / 4294967296) | 0), 0x9e3779b1);
    h ^= h >>> 15;
    let i = h & this.mask;
    while (this.claimed[i] === 1) {
      if (this.keys[i] === key) return i;
      i = (i + 1) & this.mask;
    }
    return -1 - i;
  }

  /** The slot of `key`, claimed (with an empty list) when new. */
  private claim(key: number): number {
    let i = this.find(key);
    if (i >= 0) return i;
    if ((this.size + 1) * 2 > this.keys.length) {
      this.resize(this.keys.length * 2);
      i = this.find(key);
    }
    i = -1 - i;
    this.claimed[i] = 1;
    this.keys[i] = key;
    this.head[i] = -1;
    this.used[this.size++] = i;
    return i;
  }

  private node(debit: number, next: number): number {
    if (this.nodes === this.nodeDebit.length) {
      const d = new Int32Array(this.nodes * 2);
      d.set(this.nodeDebit);
      this.nodeDebit = d;
      const x = new Int32Array(this.nodes * 2);
      x.set(this.nodeNext);
      this.nodeNext = x;
    }
    const k = this.nodes++;
    this.nodeDebit[k] = debit;
    this.nodeNext[k] = next;
    return k;
  }

  /** Puts a debit after the others of its amount (debits are put in aging order). */
  append(key: number, debit: number): void {
    const i = this.claim(key);
    const k = this.node(debit, -1);
    if (this.head[i] === -1) this.head[i] = k;
    else this.nodeNext[this.tail[i]!] = k;
    this.tail[i] = k;
  }

  /** Puts a debit before the others of its amount: the oldest open one, just paid in part. */
  prepend(key: number, debit: number): void {
    const i = this.claim(key);
    const k = this.node(debit, this.head[i]!);
    if (this.head[i] === -1) this.tail[i] = k;
    this.head[i] = k;
  }

  /** Takes out the oldest debit whose open amount is still `key`; -1 when there is none. */
  take(key: number, open: Float64Array): number {
    const i = this.find(key);
    if (i < 0) return -1;
    let k = this.head[i]!;
    while (k !== -1 && open[this.nodeDebit[k]!] !== key) k = this.nodeNext[k]!;
    if (k === -1) {
      this.head[i] = -1;
      return -1;
    }
    this.head[i] = this.nodeNext[k]!;
    return this.nodeDebit[k]!;
  }
}

/** One account's open debits at the start of its pool, copied side by side (they lie far apart in the ledger). */
class AccountDebits {
  /** Each one's debit, open amount, and standing: 0 an undisputed open item the pool may pay, 1 a disputed one, 2 neither. */
  id = new Int32Array(64);
  open = new Float64Array(64);
  standing = new Uint8Array(64);
  count = 0;
  fill(books: Books, debits: Int32Array, from: number, to: number, disputed: Uint8Array): void {
    const k = to - from;
    if (k > this.id.length) {
      const cap = Math.max(k, this.id.length * 2);
      this.id = new Int32Array(cap);
      this.open = new Float64Array(cap);
      this.standing = new Uint8Array(cap);
    }
    const { value, n } = books;
    const flags = books.ledger.invoiceFlags;
    for (let q = 0; q < k; q++) {
      const d = debits[from + q]!;
      const v = value[d]!;
      this.id[q] = d;
      this.open[q] = v;
      // Written-off invoices are out of the receivable: the pool does not go to them.
      this.standing[q] = v <= 0 ? 2 : d >= n ? 0 : flags[d]! & WRITTEN_OFF ? 2 : disputed[d] === 1 ? 1 : 0;
    }
    this.count = k;
  }
}

/**
 * Steps 3 and 4 (§3.3, §3.4): each account's pool — its credits with something left, by date then id —
 * settles its open debits: a credit first pays whole the oldest undisputed open item whose open amount
 * it equals exactly; else it pays the open items oldest first, the undisputed ones before the disputed
 * ones. What is left is unapplied.
 */
function applyPools(
  books: Books,
  plan: Plan,
  accounts: Int32Array,
  debitStart: Int32Array,
  debits: Int32Array,
  disputed: Uint8Array,
  unapplied: Float64Array,
  left: { account: number[]; credit: number[]; left: number[] },
): void {
  const { value, asOf } = books;
  const exact = new ExactAmounts();
  const local = new AccountDebits();
  const { credits, creditDay, creditStart } = plan;
  for (let j = 0; j < accounts.length; j++) {
    const a = accounts[j]!;
    const from = debitStart[a]!;
    const to = debitStart[a + 1]!;
    let built = false;
    let kU = 0;
    let kD = 0;
    for (let k = creditStart[a]!; k < creditStart[a + 1]!; k++) {
      const date = creditDay[k]!;
      if (date > asOf) break; // sorted by date
      const c = credits[k]!;
      let amount = value[c]!;
      if (amount <= 0) continue;
      if (!built) {
        local.fill(books, debits, from, to, disputed);
        exact.reset(local.count);
        for (let q = 0; q < local.count; q++) if (local.standing[q] === 0) exact.append(local.open[q]!, q);
        built = true;
      }
      const open = local.open;
      const standing = local.standing;
      const count = local.count;
      // (a) the oldest undisputed open item of exactly this amount.
      const match = exact.take(amount, open);
      if (match >= 0) {
        open[match] = 0;
        books.settle(local.id[match]!, c, amount, date);
        continue;
      }
      // (b) oldest first: the undisputed items, then the disputed ones.
      while (amount > 0) {
        while (kU < count && (standing[kU] !== 0 || open[kU] === 0)) kU++;
        let q: number;
        if (kU < count) q = kU;
        else {
          while (kD < count && (standing[kD] !== 1 || open[kD] === 0)) kD++;
          if (kD >= count) break;
          q = kD;
        }
        const used = Math.min(amount, open[q]!);
        open[q] = open[q]! - used;
        amount -= used;
        books.settle(local.id[q]!, c, used, date);
        if (open[q]! > 0 && standing[q] === 0) exact.prepend(open[q]!, q);
      }
      if (amount > 0) {
        unapplied[a] = unapplied[a]! - amount;
        left.account.push(a);
        left.credit.push(c);
        left.left.push(amount);
      }
    }
  }
}

/** Which invoices are in dispute as of the date: the ledger's status, or a dispute of the journal open that day (§1.3). */
function disputedAsOf(ledger: LedgerArrays, asOf: Day): Uint8Array {
  const n = ledger.invoiceCount;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) if (ledger.invoiceFlags[i]! & DISPUTED) out[i] = 1;
  const j = ledger.disputes;
  if (j !== undefined) for (let k = 0; k < j.row.length; k++) if (j.from[k]! <= asOf && asOf < j.to[k]!) out[j.row[k]!] = 1;
  return out;
}

/**
 * How to allocate: `track` the credits that paid each debit; `onProgress`, told as the work goes on;
 * `only` the accounts marked 1 (each account is allocated on its own: the others are left out).
 */
export interface AllocationOptions {
  readonly track?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  readonly only?: Uint8Array;
}

/**
 * Allocates credit notes and payments to invoices as of a date, per customer and currency, as
 * docs/accounting.md §3 says: credit notes to the invoices they name (by issue date, then number); then
 * payments to the invoices they name (by date, then id), each up to its open amount; then each
 * account's pool of what is left (by date, then id): a credit pays whole the oldest undisputed open item
 * of exactly its amount, else the open items oldest first (due date, issue date, number), undisputed
 * before disputed; what remains is unapplied credit. Only invoices issued and payments dated on or
 * before `asOf` count (§2). With `track`, every application is recorded (for interest, §6).
 *
 * @example
 * // An invoice of 100.00, one of 60.00, and an unreferenced payment of 60.00: it pays the second (§3.3a).
 * allocateArrays(L, asOf).debitOpen  // → [10000, 0, …]
 */
export function allocateArrays(ledger: LedgerArrays, asOf: Day, options: AllocationOptions = {}): ArrayAllocation {
  // Told after each of its four phases (the plan, credit notes, payments, the pools), for a progress bar.
  const step = options.onProgress ?? ((): void => {});
  const plan = planOf(ledger);
  step(1, 4);
  const n = ledger.invoiceCount;
  const m = ledger.paymentCount;
  const nAcc = ledger.accountCustomer.length;
  const books = new Books(ledger, plan, asOf, options.track === true, options.only ?? null);
  const { value, settled, only } = books;
  const touched = new Uint8Array(nAcc);
  const creditNotesOf: (number[] | undefined)[] = new Array<number[] | undefined>(nAcc);

  // The debits of the date, at their full amount: invoices issued and refunds dated by then.
  for (let i = 0; i < n; i++) {
    if (ledger.invoiceIssue[i]! > asOf) continue;
    const a = ledger.invoiceAccount[i]!;
    if (only !== null && only[a] === 0) continue;
    touched[a] = 1;
    if (ledger.invoiceFlags[i]! & CREDIT_NOTE) {
      (creditNotesOf[a] ??= []).push(i);
      continue;
    }
    const amount = ledger.invoiceAmount[i]!;
    value[i] = amount;
    if (amount === 0) settled[i] = ledger.invoiceIssue[i]!;
  }
  for (let p = 0; p < m; p++) {
    const a = ledger.paymentAccount[p]!;
    if (a < 0 || ledger.paymentDate[p]! > asOf || (only !== null && only[a] === 0)) continue;
    touched[a] = 1;
    if (ledger.paymentAmount[p]! < 0) value[n + p] = -ledger.paymentAmount[p]!;
  }

  applyCreditNotes(books, plan.cnOrder);
  step(2, 4);
  applyPayments(books, plan.payOrder);
  step(3, 4);

  // The accounts and their debits as of the date, in order.
  let accountCount = 0;
  for (let a = 0; a < nAcc; a++) accountCount += touched[a]!;
  const accounts = new Int32Array(accountCount);
  for (let k = 0, j = 0; k < nAcc; k++) {
    const a = plan.accountOrder[k]!;
    if (touched[a]) accounts[j++] = a;
  }
  const debitStart = new Int32Array(nAcc + 1);
  let debitCount = 0;
  const planDay = plan.debitDay;
  for (let a = 0; a < nAcc; a++) {
    debitStart[a] = debitCount;
    if (touched[a] === 0) continue;
    for (let k = plan.debitStart[a]!; k < plan.debitStart[a + 1]!; k++) if (planDay[k]! <= asOf) debitCount++;
  }
  debitStart[nAcc] = debitCount;
  const debits = new Int32Array(debitCount);
  for (let a = 0, q = 0; a < nAcc; a++) {
    if (touched[a] === 0) continue;
    for (let k = plan.debitStart[a]!; k < plan.debitStart[a + 1]!; k++) if (planDay[k]! <= asOf) debits[q++] = plan.debits[k]!;
  }

  const disputed = disputedAsOf(ledger, asOf);
  const unapplied = new Float64Array(nAcc);
  const left = { account: [] as number[], credit: [] as number[], left: [] as number[] };
  applyPools(books, plan, accounts, debitStart, debits, disputed, unapplied, left);
  step(4, 4);

  return {
    asOf,
    debitOpen: value,
    debitSettled: settled,
    invoiceDisputed: disputed,
    accounts,
    accountDebitStart: debitStart,
    accountDebits: debits,
    accountUnapplied: unapplied,
    accountCreditNotes: creditNotesOf,
    unapplied: { account: Int32Array.from(left.account), credit: Int32Array.from(left.credit), left: Float64Array.from(left.left) },
    settlements: books.settlements(),
    warnings: books.warnings,
  };
}
