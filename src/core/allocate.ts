import {
  allocateArrays, CREDIT_NOTE, NOT_SETTLED, SETTLED_UNDATED, WRITTEN_OFF, type ArrayAllocation,
} from './allocate-arrays.ts';
import type { Day } from './dates.ts';
import { ledgerOf, type Ledger } from './ledger.ts';
import type { Cents } from './money.ts';
import type { Invoice, InvoiceStatus, Payment, Problem } from './types.ts';

/**
 * Something the customer owes: an invoice, or a refund / rejected payment (a negative payment,
 * owed again from its own date, docs/accounting.md §1.2).
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
  /** The open debits (what is still owed, written-off ones included), in aging order (due date, issue date, number). */
  readonly open: Debit[];
  /** Every debit as of the date, settled ones too, in aging order (made when first read). */
  readonly debits: Debit[];
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
 * read. With `track`, each debit carries the credits that paid it (for interest, §6).
 *
 * @example
 * // One invoice of 100.00 due 2026-01-31 and an unreferenced payment of 60.00:
 * allocateLedger(ledger, asOf).accounts[0].open[0].open === 4000
 */
export function allocateLedger(ledger: Ledger, asOf: Day, options: { track?: boolean } = {}): Allocation {
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

const NO_SETTLEMENTS: readonly { readonly date: Day; readonly amount: Cents }[] = Object.freeze([]);

/** The accounts of an allocation, as objects. */
function accountsOf(L: Ledger, r: ArrayAllocation): Account[] {
  const n = L.invoiceCount;
  // Applications by debit, when tracked: debit → its settlements, in order.
  let byDebit: Map<number, { date: Day; amount: Cents }[]> | null = null;
  if (r.settlements !== null) {
    byDebit = new Map();
    const s = r.settlements;
    for (let k = 0; k < s.count; k++) {
      const d = s.debit[k]!;
      let list = byDebit.get(d);
      if (list === undefined) byDebit.set(d, (list = []));
      list.push({ date: s.date[k]!, amount: s.amount[k]! });
    }
  }
  const debitOf = (d: number, customerId: string, currency: string): Debit => {
    const settled = r.debitSettled[d]!;
    const settledOn = settled === NOT_SETTLED || settled === SETTLED_UNDATED ? null : settled;
    const settlements = byDebit?.get(d) ?? NO_SETTLEMENTS;
    if (d < n) {
      const flags = L.invoiceFlags[d]!;
      return {
        kind: 'invoice', row: d, number: L.invoiceNumber.at(d), customerId, currency, issueDate: L.invoiceIssue[d]!, dueDate: L.invoiceDue[d]!,
        amount: L.invoiceAmount[d]!, status: flags & WRITTEN_OFF ? 'written_off' : r.invoiceDisputed[d] ? 'disputed' : 'normal',
        dueDateDerived: L.invoiceDerived[d] === 1, open: r.debitOpen[d]!, settledOn, settlements,
      };
    }
    const p = d - n;
    const date = L.paymentDate[p]!;
    return {
      kind: 'refund', row: d, number: L.paymentId.at(p), customerId, currency, issueDate: date, dueDate: date, amount: -L.paymentAmount[p]!,
      status: 'normal', dueDateDerived: false, open: r.debitOpen[d]!, settledOn, settlements,
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
    const isNote = c < n && (L.invoiceFlags[c]! & CREDIT_NOTE) !== 0;
    const src = isNote ? L.invoiceSource(c) : L.paymentSource(c - n);
    list.push({
      kind: isNote ? 'credit_note' : 'payment', id: isNote ? L.invoiceNumber.at(c) : L.paymentId.at(c - n),
      date: isNote ? L.invoiceIssue[c]! : L.paymentDate[c - n]!, amount: isNote ? -L.invoiceAmount[c]! : L.paymentAmount[c - n]!,
      left: u.left[k]!, file: src.file, line: src.line,
    });
  }
  const out: Account[] = [];
  for (let j = 0; j < r.accounts.length; j++) {
    const a = r.accounts[j]!;
    const customerId = L.accountCustomer[a]!;
    const currency = L.accountCurrency[a]!;
    const from = r.accountDebitStart[a]!;
    const to = r.accountDebitStart[a + 1]!;
    const open: Debit[] = [];
    for (let k = from; k < to; k++) {
      const d = r.accountDebits[k]!;
      if (r.debitOpen[d] !== 0) open.push(debitOf(d, customerId, currency));
    }
    let all: Debit[] | null = null;
    out.push({
      index: a, customerId, currency, open, unapplied: r.accountUnapplied[a]!, unappliedCredits: leftOf.get(a) ?? [],
      get debits(): Debit[] {
        if (all === null) {
          all = [];
          for (let k = from; k < to; k++) all.push(debitOf(r.accountDebits[k]!, customerId, currency));
        }
        return all;
      },
    });
  }
  return out;
}
