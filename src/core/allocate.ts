import { allocateArrays, CREDIT_NOTE, NOT_SETTLED, SETTLED_UNDATED, WRITTEN_OFF, type AllocationOptions, type ArrayAllocation } from './allocate-arrays.ts';
import { type Day, day } from './dates.ts';
import { ledgerOf, type Ledger } from './ledger.ts';
import { type Cents, cents } from './money.ts';
import type { Invoice, InvoiceStatus, Payment, Problem } from './types.ts';

/**
 * Something the customer owes: an invoice, or a refund / rejected payment (a negative payment,
 * owed again from its own date, docs/accounting.md §1.7).
 */
export interface Debit {
  readonly kind: 'invoice' | 'refund';
  /** Its row: an invoice row, or `invoiceCount + p` for payment row p. */
  readonly row: number;
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
  readonly issueDate: Day;
  readonly dueDate: Day;
  readonly amount: Cents;
  /** As of the allocation date: the ledger's status, or a dispute of the journal open that day. */
  readonly status: InvoiceStatus;
  readonly dueDateDerived: boolean;
  /** What remains to be paid as of the allocation date. */
  readonly open: Cents;
  /** The day its last cent was paid (never before its issue date); null while open, or when that day is not known. */
  readonly settledOn: Day | null;
  /**
   * Each credit that paid part of it, in the order §3 applied them: its date and the cents it paid
   * (with `track`; empty otherwise).
   */
  readonly settlements: readonly { readonly date: Day; readonly amount: Cents }[];
}

/** A credit with something left after the allocation: unapplied credit, named (docs/accounting.md §3.4). */
export interface UnappliedCredit {
  readonly kind: 'payment' | 'credit_note';
  /** The payment's id or the credit note's number. */
  readonly id: string;
  readonly date: Day;
  /** Its whole amount (positive), and what is left of it. */
  readonly amount: Cents;
  readonly left: Cents;
  readonly file: string;
  readonly line: number;
}

/** One customer's account in one currency, after allocation (lettrage). */
export interface Account {
  /** The account's number in the ledger (`LedgerArrays.accountCustomer`…). */
  readonly index: number;
  readonly customerId: string;
  readonly currency: string;
  /** The open debits (what is still owed, written-off ones included), in aging order (due date, issue date, number); made when first read. */
  readonly open: Debit[];
  /** Every debit as of the date, settled ones too, in aging order (made when first read). */
  readonly debits: Debit[];
  /** Its debits paid in full after their due date, on a known day from `since` on, in aging order (only those made). */
  paidLate(since: Day): Debit[];
  /** Credit left after settling everything it could: 0 or negative (§3.4). */
  readonly unapplied: Cents;
  /** The credits that make up the unapplied credit. */
  readonly unappliedCredits: UnappliedCredit[];
}

export interface Allocation {
  readonly asOf: Day;
  /** Accounts that exist as of the date, ordered by customer id then currency. */
  readonly accounts: Account[];
  readonly warnings: Problem[];
  /** The ledger and the allocation in columns, for what reads every debit (payment behaviour, DSO). */
  readonly ledger: Ledger;
  readonly arrays: ArrayAllocation;
}

/**
 * Allocates a ledger as of a date (docs/accounting.md §3): the one way every command calls the engine
 * (src/core/allocate-arrays.ts). Accounts list their open debits at once and the settled ones when
 * read. With `track`, each debit carries the credits that paid it (for interest, §6); `onProgress` is
 * told as the work goes on.
 *
 * @example
 * // One invoice of 100.00 due 2026-01-31 and an unreferenced payment of 60.00:
 * allocateLedger(ledger, asOf).accounts[0].open[0].open === 4000
 */
export function allocateLedger(ledger: Ledger, asOf: Day, options: AllocationOptions = {}): Allocation {
  const r = allocateArrays(ledger, asOf, options);
  return { asOf, accounts: accountsOf(ledger, r), warnings: r.warnings, ledger, arrays: r };
}

/**
 * Allocates invoices and payments given as records: `allocateLedger` over the ledger they make.
 * @example allocatePayments([inv], [pay], d('2026-03-01')).accounts[0].debits[0].open
 */
export function allocatePayments(invoices: readonly Invoice[], payments: readonly Payment[], asOf: Day, options: { track?: boolean } = {}): Allocation {
  return allocateLedger(ledgerOf(invoices, payments), asOf, options);
}

/** Debit d's issue date: an invoice's, or a refund's own date (§1.7). */
export function debitIssue(ledger: Ledger, d: number): Day {
  return day(d < ledger.invoiceCount ? ledger.invoiceIssue[d]! : ledger.paymentDate[d - ledger.invoiceCount]!);
}

/** Debit d's due date: an invoice's, or a refund's own date (owed again from that day, §1.7). */
export function debitDue(ledger: Ledger, d: number): Day {
  return day(d < ledger.invoiceCount ? ledger.invoiceDue[d]! : ledger.paymentDate[d - ledger.invoiceCount]!);
}

/** Debit d's status as of the allocation date: written off, disputed (the ledger's or the journal's), or normal; a refund's is normal. */
export function debitStatus(ledger: Ledger, r: ArrayAllocation, d: number): InvoiceStatus {
  if (d >= ledger.invoiceCount) return 'normal';
  return ledger.invoiceFlags[d]! & WRITTEN_OFF ? 'written_off' : r.invoiceDisputed[d] ? 'disputed' : 'normal';
}

const NO_SETTLEMENTS: readonly { readonly date: Day; readonly amount: Cents }[] = Object.freeze([]);

/** An account whose debits, objects, are made when first read (a class: its figures are read fast, and sorted by). */
class LazyAccount implements Account {
  readonly index: number;
  readonly customerId: string;
  readonly currency: string;
  readonly unapplied: Cents;
  readonly unappliedCredits: UnappliedCredit[];
  private readonly r: ArrayAllocation;
  private readonly ledger: Ledger;
  private readonly debitOf: (d: number, customerId: string, currency: string) => Debit;
  private openList: Debit[] | null = null;
  private all: Debit[] | null = null;
  constructor(r: ArrayAllocation, ledger: Ledger, index: number, customerId: string, currency: string, unappliedCredits: UnappliedCredit[], debitOf: LazyAccount['debitOf']) {
    this.index = index;
    this.ledger = ledger;
    this.customerId = customerId;
    this.currency = currency;
    this.unapplied = cents(r.accountUnapplied[index]!);
    this.unappliedCredits = unappliedCredits;
    this.r = r;
    this.debitOf = debitOf;
  }

  get open(): Debit[] {
    return (this.openList ??= this.list(true));
  }

  get debits(): Debit[] {
    return (this.all ??= this.list(false));
  }

  paidLate(since: Day): Debit[] {
    const { accountDebitStart, accountDebits, debitOpen, debitSettled } = this.r;
    const out: Debit[] = [];
    for (let k = accountDebitStart[this.index]!; k < accountDebitStart[this.index + 1]!; k++) {
      const d = accountDebits[k]!;
      const settled = debitSettled[d]!;
      if (debitOpen[d] !== 0 || settled === NOT_SETTLED || settled === SETTLED_UNDATED || settled < since) continue;
      if (settled > debitDue(this.ledger, d)) out.push(this.debitOf(d, this.customerId, this.currency));
    }
    return out;
  }

  private list(openOnly: boolean): Debit[] {
    const { accountDebitStart, accountDebits, debitOpen } = this.r;
    const out: Debit[] = [];
    for (let k = accountDebitStart[this.index]!; k < accountDebitStart[this.index + 1]!; k++) {
      const d = accountDebits[k]!;
      if (!openOnly || debitOpen[d] !== 0) out.push(this.debitOf(d, this.customerId, this.currency));
    }
    return out;
  }
}

/** The accounts of an allocation, as objects. */
function accountsOf(ledger: Ledger, r: ArrayAllocation): Account[] {
  const n = ledger.invoiceCount;
  // Applications by debit, when tracked: debit d's are settlements byDebit[start[d] … start[d + 1] − 1], in
  // the order §3 made them (a stable counting sort: no object per application until a debit is read).
  const tracked = r.settlements;
  let start: Int32Array | null = null;
  let byDebit: Int32Array | null = null;
  if (tracked !== null) {
    const rows = n + ledger.paymentCount;
    start = new Int32Array(rows + 1);
    for (let k = 0; k < tracked.count; k++) start[tracked.debit[k]! + 1]!++;
    for (let d = 0; d < rows; d++) start[d + 1]! += start[d]!;
    const next = start.slice(0, rows);
    byDebit = new Int32Array(tracked.count);
    for (let k = 0; k < tracked.count; k++) byDebit[next[tracked.debit[k]!]!++] = k;
  }
  const settlementsOf = (d: number): readonly { date: Day; amount: Cents }[] => {
    if (start === null || start[d] === start[d + 1]) return NO_SETTLEMENTS;
    const out: { date: Day; amount: Cents }[] = [];
    for (let q = start[d]!; q < start[d + 1]!; q++) {
      const k = byDebit![q]!;
      out.push({ date: day(tracked!.date[k]!), amount: cents(tracked!.amount[k]!) });
    }
    return out;
  };
  const debitOf = (d: number, customerId: string, currency: string): Debit => {
    const settled = r.debitSettled[d]!;
    const settledOn = settled === NOT_SETTLED || settled === SETTLED_UNDATED ? null : day(settled);
    const settlements = settlementsOf(d);
    const invoice = d < n;
    return {
      kind: invoice ? 'invoice' : 'refund',
      row: d,
      number: invoice ? ledger.invoiceNumber.at(d) : ledger.paymentId.at(d - n),
      customerId,
      currency,
      issueDate: debitIssue(ledger, d),
      dueDate: debitDue(ledger, d),
      amount: cents(invoice ? ledger.invoiceAmount[d]! : -ledger.paymentAmount[d - n]!),
      status: debitStatus(ledger, r, d),
      dueDateDerived: invoice && ledger.invoiceDerived[d] === 1,
      open: cents(r.debitOpen[d]!),
      settledOn,
      settlements,
    };
  };
  // The credits left unapplied, by account.
  const leftOf = new Map<number, UnappliedCredit[]>();
  const u = r.unapplied;
  for (let k = 0; k < u.account.length; k++) {
    const a = u.account[k]!;
    const c = u.credit[k]!;
    let list = leftOf.get(a);
    if (list === undefined) leftOf.set(a, (list = []));
    const isNote = c < n && (ledger.invoiceFlags[c]! & CREDIT_NOTE) !== 0;
    const src = isNote ? ledger.invoiceSource(c) : ledger.paymentSource(c - n);
    list.push({
      kind: isNote ? 'credit_note' : 'payment',
      id: isNote ? ledger.invoiceNumber.at(c) : ledger.paymentId.at(c - n),
      date: day(isNote ? ledger.invoiceIssue[c]! : ledger.paymentDate[c - n]!),
      amount: cents(isNote ? -ledger.invoiceAmount[c]! : ledger.paymentAmount[c - n]!),
      left: cents(u.left[k]!),
      file: src.file,
      line: src.line,
    });
  }
  const out: Account[] = [];
  for (let j = 0; j < r.accounts.length; j++) {
    const a = r.accounts[j]!;
    out.push(new LazyAccount(r, ledger, a, ledger.accountCustomer[a]!, ledger.accountCurrency[a]!, leftOf.get(a) ?? [], debitOf));
  }
  return out;
}
