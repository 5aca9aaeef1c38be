import { compareIds, referenceKey, sortByDayThenId } from './compare.ts';
import type { Day } from './dates.ts';
import type { Cents } from './money.ts';
import type { Invoice, InvoiceStatus, Payment, Problem } from './types.ts';

/**
 * Something the customer owes: an invoice, or a refund / rejected payment (a negative payment,
 * owed again from its own date, SPEC 1).
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
  /** The invoice, for kind "invoice". */
  readonly invoice: Invoice | null;
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
  /** Credit left after settling everything it could: 0 or negative (SPEC 3.4). */
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

/** A credit waiting in a customer's pool: what is left of a payment or a credit note. */
interface Credit {
  readonly date: Day;
  readonly id: string;
  remaining: Cents;
}

function compareDebits(a: Debit, b: Debit): number {
  return a.dueDate - b.dueDate || a.issueDate - b.issueDate || compareIds(a.number, b.number);
}

function compareCredits(a: Credit, b: Credit): number {
  return a.date - b.date || compareIds(a.id, b.id);
}

function settle(debit: Debit, amount: Cents, on: Day): void {
  debit.open -= amount;
  if (debit.open === 0) debit.settledOn = on > debit.issueDate ? on : debit.issueDate;
}

/**
 * Allocates credit notes and payments to invoices as of a date, per customer and currency,
 * exactly as SPEC 3 says: credit notes to the invoices they name, then payments to the invoices
 * they name (by date, then id), then the pool of everything left, oldest invoice first; what
 * remains is unapplied credit. Only invoices issued and payments dated on or before `asOf` count (SPEC 2).
 *
 * A credit lettered in the books (FEC, `lettering`) names the debits of its lettering group from the
 * day it was lettered, after any reference of its own.
 * Every payment must already carry its customer (see `resolvePaymentCustomers`).
 * Runs in O(n log n): one sort of debits and one of credits per account, lookups by hash.
 *
 * @example
 * // One invoice of 100.00 due 2026-01-31 and an unreferenced payment of 60.00:
 * allocatePayments(invoices, payments, asOf).accounts[0].debits[0].open === 4000
 */
export function allocatePayments(
  invoices: readonly Invoice[],
  payments: readonly Payment[],
  asOf: Day,
): Allocation {
  const warnings: Problem[] = [];
  /** Accounts by customer, then currency (no string keys built per row). */
  const accounts = new Map<string, Map<string, Account>>();
  const pools = new Map<Account, Credit[]>();
  const list: Account[] = [];
  /**
   * Every invoice number of the ledger: its debit when issued as of the date, else null
   * ("not yet issued", which is not "unknown").
   */
  const byNumber = new Map<string, Debit | null>();

  const accountOf = (customerId: string, currency: string): Account => {
    let byCurrency = accounts.get(customerId);
    if (byCurrency === undefined) accounts.set(customerId, (byCurrency = new Map()));
    let acc = byCurrency.get(currency);
    if (acc === undefined) {
      acc = { customerId, currency, debits: [], unapplied: 0, creditNotes: [] };
      byCurrency.set(currency, acc);
      pools.set(acc, []);
      list.push(acc);
    }
    return acc;
  };
  const poolOf = (acc: Account): Credit[] => pools.get(acc)!;

  const creditNotes: Invoice[] = [];
  for (const inv of invoices) {
    if (inv.issueDate > asOf) {
      if (!inv.isCreditNote) byNumber.set(referenceKey(inv.number), null);
      continue;
    }
    const acc = accountOf(inv.customerId, inv.currency);
    if (inv.isCreditNote) {
      creditNotes.push(inv);
      acc.creditNotes.push(inv);
      continue;
    }
    const debit: Debit = {
      kind: 'invoice',
      number: inv.number,
      customerId: inv.customerId,
      currency: inv.currency,
      issueDate: inv.issueDate,
      dueDate: inv.dueDate,
      amount: inv.amount,
      status: inv.status,
      dueDateDerived: inv.dueDateDerived,
      invoice: inv,
      open: inv.amount,
      settledOn: inv.amount === 0 ? inv.issueDate : null,
    };
    acc.debits.push(debit);
    byNumber.set(referenceKey(inv.number), debit);
  }

  /** Applies `credit` to the debit named `ref`, if it belongs to the same account; returns the amount used. */
  const applyNamed = (acc: Account, ref: string, credit: Credit, problemSource: { file: string; line: number }, what: string): void => {
    const key = referenceKey(ref);
    if (key === '') return;
    const debit = byNumber.get(key);
    if (!debit) {
      if (debit === undefined) {
        warnings.push({ severity: 'warning', code: 'unknown_reference', file: problemSource.file, line: problemSource.line, value: ref, params: { what } });
      }
      return;
    }
    if (debit.customerId !== acc.customerId) {
      warnings.push({ severity: 'warning', code: 'reference_other_customer', file: problemSource.file, line: problemSource.line, value: ref, params: { what, customer: debit.customerId, expected: acc.customerId } });
      return;
    }
    if (debit.currency !== acc.currency) {
      warnings.push({ severity: 'warning', code: 'reference_other_currency', file: problemSource.file, line: problemSource.line, value: ref, params: { what, currency: debit.currency, expected: acc.currency } });
      return;
    }
    const used = Math.min(credit.remaining, Math.max(0, debit.open));
    if (used > 0) {
      settle(debit, used, credit.date);
      credit.remaining -= used;
    }
  };

  // Step 1: credit notes that name the invoice they credit.
  for (const cn of sortByDayThenId(creditNotes, (c) => c.issueDate, (c) => c.number)) {
    const acc = accountOf(cn.customerId, cn.currency);
    const credit: Credit = { date: cn.issueDate, id: cn.number, remaining: -cn.amount };
    if (cn.creditedInvoice !== null) applyNamed(acc, cn.creditedInvoice, credit, cn, 'credit_note');
    // Lettering (FEC): from the day it was lettered, a credit note names the debits of its group.
    if (cn.lettering !== undefined && cn.lettering.on <= asOf) {
      for (const ref of cn.lettering.refs) {
        if (credit.remaining === 0) break;
        applyNamed(acc, ref, credit, cn, 'credit_note');
      }
    }
    if (credit.remaining !== 0) poolOf(acc).push(credit);
  }

  // Step 2: payments that name invoices, by date then id; negative payments become debits.
  const dated = sortByDayThenId(payments.filter((p) => p.date <= asOf), (p) => p.date, (p) => p.id);
  for (const p of dated) {
    if (p.customerId === null) continue; // resolved beforehand; an unresolved payment is a rejected row
    const acc = accountOf(p.customerId, p.currency);
    if (p.amount < 0) {
      const debit: Debit = {
        kind: 'refund',
        number: p.id,
        customerId: p.customerId,
        currency: p.currency,
        issueDate: p.date,
        dueDate: p.date,
        amount: -p.amount,
        status: 'normal',
        dueDateDerived: false,
        invoice: null,
        open: -p.amount,
        settledOn: null,
      };
      acc.debits.push(debit);
      continue;
    }
    const credit: Credit = { date: p.date, id: p.id, remaining: p.amount };
    for (const ref of p.refs) {
      if (credit.remaining === 0) break;
      applyNamed(acc, ref, credit, p, 'payment');
    }
    // Lettering (FEC): from the day it was lettered, a payment names the debits of its group.
    if (p.lettering !== undefined && p.lettering.on <= asOf) {
      for (const ref of p.lettering.refs) {
        if (credit.remaining === 0) break;
        applyNamed(acc, ref, credit, p, 'payment');
      }
    }
    if (credit.remaining !== 0) poolOf(acc).push(credit);
  }

  // Step 3: each account's pool settles its open debits, oldest first; step 4: the rest is unapplied.
  const ordered = list.sort(
    (a, b) => compareIds(a.customerId, b.customerId) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
  );
  for (const acc of ordered) {
    acc.debits.sort(compareDebits);
    const pool = poolOf(acc);
    if (pool.length > 1) pool.sort(compareCredits);
    let d = 0;
    const debits = acc.debits;
    for (const credit of pool) {
      while (credit.remaining > 0 && d < debits.length) {
        const debit = debits[d]!;
        // Written-off invoices are out of the receivable: the pool does not go to them.
        if (debit.open <= 0 || debit.status === 'written_off') {
          d++;
          continue;
        }
        const used = Math.min(credit.remaining, debit.open);
        settle(debit, used, credit.date);
        credit.remaining -= used;
      }
      acc.unapplied -= credit.remaining;
    }
  }

  return { asOf, accounts: ordered, warnings };
}
