import {
  allocateArrays, CREDIT_NOTE, DISPUTED, NO_REFERENCE, NOT_SETTLED, UNKNOWN_REFERENCE, WRITTEN_OFF,
  type ArrayAllocation, type LedgerArrays,
} from './allocate-arrays.ts';
import { referenceKey } from './compare.ts';
import { idList } from './ids.ts';
import type { Day } from './dates.ts';
import type { Cents } from './money.ts';
import type { Invoice, InvoiceStatus, Lettering, Payment, Problem } from './types.ts';

/**
 * Something the customer owes: an invoice, or a refund / rejected payment (a negative payment,
 * owed again from its own date, docs/accounting.md §1.7).
 */
export interface Debit {
  readonly kind: 'invoice' | 'refund';
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
  readonly issueDate: Day;
  readonly dueDate: Day;
  readonly amount: Cents;
  readonly status: InvoiceStatus;
  readonly dueDateDerived: boolean;
  /** What remains to be paid as of the allocation date. */
  open: Cents;
  /** The day its last cent was paid (never before its issue date); null while open. */
  settledOn: Day | null;
}

/** One customer's account in one currency, after allocation (lettrage). */
export interface Account {
  readonly customerId: string;
  readonly currency: string;
  /** Every debit, open or settled, in aging order (due date, issue date, number). */
  readonly debits: Debit[];
  /** Credit left after settling everything it could: 0 or negative (docs/accounting.md §3.4). */
  unapplied: Cents;
  /** The credit notes of the account, for reports. */
  readonly creditNotes: Invoice[];
}

export interface Allocation {
  readonly asOf: Day;
  /** Accounts ordered by customer id then currency. */
  readonly accounts: Account[];
  readonly warnings: Problem[];
}

/**
 * Allocates credit notes and payments to invoices as of a date, per customer and currency,
 * exactly as docs/accounting.md §3 says: credit notes to the invoices they name, then payments to the invoices
 * they name (by date, then id), then the pool of everything left, oldest invoice first; what
 * remains is unapplied credit. Only invoices issued and payments dated on or before `asOf` count (§2.1).
 *
 * A credit lettered in the books (FEC, `lettering`) names the debits of its lettering group from the
 * day it was lettered, after any reference of its own.
 * Every payment must already carry its customer (see `resolvePaymentCustomers`).
 * The work is done by `allocateArrays` over the ledger in columns; this builds the columns from the
 * records and gives back accounts of debit objects.
 *
 * @example
 * // One invoice of 100.00 due 2026-01-31 and an unreferenced payment of 60.00:
 * allocatePayments(invoices, payments, asOf).accounts[0].debits[0].open === 4000
 */
export function allocatePayments(
  invoices: readonly Invoice[],
  payments: readonly Payment[],
  asOf: Day,
  options: { openOnly?: boolean } = {},
): Allocation {
  const L = arraysOf(invoices, payments);
  return accountsFromArrays(L, allocateArrays(L, asOf), { invoices, ...(options.openOnly ? { openOnly: true } : {}) });
}

/**
 * The arrays of a ledger, kept for as long as its records are: DSO and its trend allocate the same
 * ledger as of a dozen dates, and the columns do not change with the date.
 */
const arraysCache = new WeakMap<readonly Invoice[], { payments: readonly Payment[]; arrays: ReturnType<typeof arraysFromRecords> }>();

function arraysOf(invoices: readonly Invoice[], payments: readonly Payment[]): ReturnType<typeof arraysFromRecords> {
  const hit = arraysCache.get(invoices);
  if (hit !== undefined && hit.payments === payments) return hit.arrays;
  const arrays = arraysFromRecords(invoices, payments);
  arraysCache.set(invoices, { payments, arrays });
  return arrays;
}

/** The ledger in columns, from records. */
export function arraysFromRecords(invoices: readonly Invoice[], payments: readonly Payment[]): LedgerArrays & { readonly invoiceDerived: Uint8Array } {
  const accountCustomer: string[] = [];
  const accountCurrency: string[] = [];
  const accounts = new Map<string, Map<string, number>>();
  const accountOf = (customerId: string, currency: string): number => {
    let byCurrency = accounts.get(customerId);
    if (byCurrency === undefined) accounts.set(customerId, (byCurrency = new Map()));
    let a = byCurrency.get(currency);
    if (a === undefined) {
      a = accountCustomer.length;
      accountCustomer.push(customerId);
      accountCurrency.push(currency);
      byCurrency.set(currency, a);
    }
    return a;
  };
  const n = invoices.length;
  const invoiceAccount = new Int32Array(n);
  const invoiceIssue = new Int32Array(n);
  const invoiceDue = new Int32Array(n);
  const invoiceAmount = new Float64Array(n);
  const invoiceFlags = new Uint8Array(n);
  const invoiceDerived = new Uint8Array(n);
  const invoiceNumber = new Array<string>(n);
  /** The last invoice (never a credit note) of each number. */
  const byNumber = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const inv = invoices[i]!;
    invoiceAccount[i] = accountOf(inv.customerId, inv.currency);
    invoiceIssue[i] = inv.issueDate;
    invoiceDue[i] = inv.dueDate;
    invoiceAmount[i] = inv.amount;
    invoiceFlags[i] = (inv.isCreditNote ? CREDIT_NOTE : 0) | (inv.status === 'disputed' ? DISPUTED : inv.status === 'written_off' ? WRITTEN_OFF : 0);
    invoiceDerived[i] = inv.dueDateDerived ? 1 : 0;
    invoiceNumber[i] = inv.number;
    if (!inv.isCreditNote) byNumber.set(referenceKey(inv.number), i);
  }
  const target = (ref: string | null): number => {
    if (ref === null) return NO_REFERENCE;
    const key = referenceKey(ref);
    if (key === '') return NO_REFERENCE;
    return byNumber.get(key) ?? UNKNOWN_REFERENCE;
  };
  const invoiceCredited = new Int32Array(n);
  for (let i = 0; i < n; i++) invoiceCredited[i] = invoices[i]!.isCreditNote ? target(invoices[i]!.creditedInvoice) : NO_REFERENCE;
  const cnLetters = letters(invoices, (i) => invoices[i]!.isCreditNote ? invoices[i]!.lettering : undefined, target);

  const m = payments.length;
  const paymentAccount = new Int32Array(m);
  const paymentDate = new Int32Array(m);
  const paymentAmount = new Float64Array(m);
  const paymentId = new Array<string>(m);
  const referenceStart = new Int32Array(m + 1);
  const targets: number[] = [];
  const texts: string[] = [];
  for (let p = 0; p < m; p++) {
    const pay = payments[p]!;
    paymentAccount[p] = pay.customerId === null ? -1 : accountOf(pay.customerId, pay.currency);
    paymentDate[p] = pay.date;
    paymentAmount[p] = pay.amount;
    paymentId[p] = pay.id;
    referenceStart[p] = targets.length;
    for (const ref of pay.refs) {
      targets.push(target(ref));
      texts.push(ref);
    }
  }
  referenceStart[m] = targets.length;
  const payLetters = letters(payments, (p) => payments[p]!.lettering, target);
  return {
    accountCustomer, accountCurrency,
    invoiceCount: n, invoiceAccount, invoiceIssue, invoiceDue, invoiceAmount, invoiceFlags, invoiceNumber: idList(invoiceNumber), invoiceCredited, invoiceDerived,
    paymentCount: m, paymentAccount, paymentDate, paymentAmount, paymentId: idList(paymentId), referenceStart, referenceTarget: Int32Array.from(targets),
    ...(cnLetters ? { invoiceLetterStart: cnLetters.start, invoiceLetterTarget: cnLetters.target, invoiceLetterOn: cnLetters.on } : {}),
    ...(payLetters ? { paymentLetterStart: payLetters.start, paymentLetterTarget: payLetters.target, paymentLetterOn: payLetters.on } : {}),
    referenceText: (kind, index) =>
      kind === 'credit_note' ? invoices[index]!.creditedInvoice ?? ''
        : kind === 'payment' ? texts[index]!
          : (kind === 'credit_note_lettering' ? cnLetters : payLetters)!.texts[index]!,
    invoiceSource: (i) => invoices[i]!,
    paymentSource: (p) => payments[p]!,
  };
}

/** The lettering references of records (FEC), in arrays; null when no record has any. */
function letters(
  records: readonly unknown[],
  of: (i: number) => Lettering | undefined,
  target: (ref: string) => number,
): { start: Int32Array; target: Int32Array; on: Int32Array; texts: string[] } | null {
  const n = records.length;
  let any = false;
  for (let i = 0; i < n && !any; i++) any = of(i) !== undefined;
  if (!any) return null;
  const start = new Int32Array(n + 1);
  const on = new Int32Array(n).fill(2147483647);
  const targets: number[] = [];
  const texts: string[] = [];
  for (let i = 0; i < n; i++) {
    start[i] = targets.length;
    const l = of(i);
    if (l === undefined) continue;
    on[i] = l.on;
    for (const ref of l.refs) {
      targets.push(target(ref));
      texts.push(ref);
    }
  }
  start[n] = targets.length;
  return { start, target: Int32Array.from(targets), on, texts };
}

/**
 * Accounts of debit objects from an allocation in arrays. With `openOnly`, an account lists only its
 * open debits and no credit notes: enough for the aged balance, and a million settled invoices lighter.
 * `records` gives the invoice objects back to their debits; without them, invoices are made from the arrays.
 */
export function accountsFromArrays(
  L: LedgerArrays & { readonly invoiceDerived?: Uint8Array },
  r: ArrayAllocation,
  options: { invoices?: readonly Invoice[]; openOnly?: boolean } = {},
): Allocation {
  const out: Account[] = [];
  const statusOf = (flags: number): InvoiceStatus => (flags & WRITTEN_OFF ? 'written_off' : flags & DISPUTED ? 'disputed' : 'normal');
  const invoiceAt = (i: number, customerId: string, currency: string): Invoice => {
    const given = options.invoices?.[i];
    if (given) return given;
    const flags = L.invoiceFlags[i]!;
    const src = L.invoiceSource(i);
    return {
      number: L.invoiceNumber.at(i), customerId, customerName: null, issueDate: L.invoiceIssue[i]!, dueDate: L.invoiceDue[i]!,
      dueDateDerived: L.invoiceDerived?.[i] === 1, amount: L.invoiceAmount[i]!, currency, isCreditNote: (flags & CREDIT_NOTE) !== 0,
      creditedInvoice: null, status: statusOf(flags), file: src.file, line: src.line,
    };
  };
  for (const a of r.accounts) {
    const customerId = L.accountCustomer[a]!;
    const currency = L.accountCurrency[a]!;
    const debits: Debit[] = [];
    for (let k = r.accountDebitStart[a]!; k < r.accountDebitStart[a + 1]!; k++) {
      const d = r.accountDebits[k]!;
      const open = r.debitOpen[d]!;
      if (options.openOnly && open === 0) continue;
      const settled = r.debitSettled[d]!;
      const src = r.debitSource[d]!;
      if (r.debitKind[d] === 0) {
        const flags = L.invoiceFlags[src]!;
        debits.push({
          kind: 'invoice', number: L.invoiceNumber.at(src), customerId, currency, issueDate: L.invoiceIssue[src]!, dueDate: L.invoiceDue[src]!,
          amount: L.invoiceAmount[src]!, status: statusOf(flags), dueDateDerived: L.invoiceDerived?.[src] === 1,
          open, settledOn: settled === NOT_SETTLED ? null : settled,
        });
      } else {
        const date = L.paymentDate[src]!;
        debits.push({
          kind: 'refund', number: L.paymentId.at(src), customerId, currency, issueDate: date, dueDate: date, amount: -L.paymentAmount[src]!,
          status: 'normal', dueDateDerived: false, open, settledOn: settled === NOT_SETTLED ? null : settled,
        });
      }
    }
    const creditNotes = options.openOnly ? [] : (r.accountCreditNotes[a] ?? []).map((i) => invoiceAt(i, customerId, currency));
    out.push({ customerId, currency, debits, unapplied: r.accountUnapplied[a]!, creditNotes });
  }
  return { asOf: r.asOf, accounts: out, warnings: r.warnings };
}
