import { compareIds, referenceKey } from './compare.ts';
import type { Day } from './dates.ts';
import type { Invoice, Payment, Problem } from './types.ts';

/**
 * docs/accounting.md §3 read literally, over records, with plain sorts: the readable statement of the
 * allocation that the engine (src/core/allocate-arrays.ts, fast at a million rows) is held to by
 * property tests (test/core/allocate-order.test.ts), disputes and currencies included. Nothing in the
 * commands calls it: it is the reference, written to be read.
 *
 * Every order it relies on is written out here, ties included: a tie keeps the ledger's order — invoices
 * and credit notes by their row, then payments by their row.
 */

/** One account's debits after allocation, as the model gives them. */
export interface ModelAccount {
  readonly customerId: string;
  readonly currency: string;
  readonly unapplied: number;
  /** Kind, number, open amount, settlement day (null while open), in aging order. */
  readonly debits: readonly (readonly ['invoice' | 'refund', string, number, number | null])[];
}

interface Debit {
  kind: 'invoice' | 'refund';
  number: string;
  account: string;
  issue: number;
  due: number;
  open: number;
  settled: number | null;
  writtenOff: boolean;
  disputed: boolean;
  seq: number;
}
interface Credit {
  account: string;
  date: number;
  id: string;
  left: number;
  seq: number;
}

function settle(d: Debit, amount: number, date: number): void {
  d.open -= amount;
  if (d.open === 0) d.settled = Math.max(date, d.issue);
}

/** Customers by their key (case and spaces aside, §9.1), shown as first written: invoices first, then payments. */
function customerSpelling(invoices: readonly Invoice[], payments: readonly Payment[]): (id: string) => string {
  const shown = new Map<string, string>();
  for (const x of invoices) if (!shown.has(referenceKey(x.customerId))) shown.set(referenceKey(x.customerId), x.customerId.trim());
  for (const x of payments) if (x.customerId !== null && !shown.has(referenceKey(x.customerId))) shown.set(referenceKey(x.customerId), x.customerId.trim());
  return (id) => shown.get(referenceKey(id))!;
}

/**
 * Steps 3 and 4 for one account: each credit of its pool, in order, settles whole the oldest undisputed
 * open item it equals exactly, else the open items oldest first, the disputed ones last (docs/accounting.md
 * §3.3); returns what is left, as unapplied credit (zero or negative, §3.4).
 */
function settleFromPool(debits: readonly Debit[], credits: readonly Credit[]): number {
  const payable = (d: Debit) => d.open > 0 && !d.writtenOff;
  let unapplied = 0;
  for (const c of credits) {
    let left = c.left;
    if (!(left > 0)) continue;
    // (a) the oldest undisputed open item whose open amount the credit equals exactly.
    const exact = debits.find((d) => payable(d) && !d.disputed && d.open === left);
    if (exact !== undefined) {
      settle(exact, left, c.date);
      continue;
    }
    // (b) oldest first: every undisputed item, then the disputed ones.
    for (const d of [...debits.filter((x) => !x.disputed), ...debits.filter((x) => x.disputed)]) {
      if (!(left > 0)) break;
      if (!payable(d)) continue;
      const used = Math.min(left, d.open);
      settle(d, used, c.date);
      left -= used;
    }
    unapplied -= left;
  }
  return unapplied;
}

/**
 * Allocates records as of a date, rule by rule (§3):
 * 1. credit notes, by issue date then number, to the invoice they name, up to its open amount;
 * 2. payments, by date then id, to the invoices they name in the order named, each up to its open amount
 *    (a negative payment is a debit of its own, due on its date);
 * 3. per account, what is left of every credit — the pool — by date then id: a credit first settles whole
 *    the oldest undisputed open item whose open amount it equals exactly; else it settles the open items
 *    oldest first (due date, issue date, number), the undisputed ones before the disputed ones; written-off
 *    invoices are never paid by the pool;
 * 4. what is left is unapplied credit.
 * Customers are the same whatever the case and surrounding spaces of their ids (§9.1); amounts of
 * different currencies never meet (§3.5).
 * @example allocationModel([inv('F1', 'C1', …, 10000)], [pay('P1', 'C1', …, 4000)], asOf).accounts[0].debits[0][2] === 6000
 */
export function allocationModel(invoices: readonly Invoice[], payments: readonly Payment[], asOf: Day): { accounts: ModelAccount[]; warnings: Problem[] } {
  const customerOf = customerSpelling(invoices, payments);
  const accountOf = (customerId: string, currency: string) => `${customerOf(customerId)}\u0000${currency}`;
  const accounts = new Set<string>();
  const debits: Debit[] = [];
  const pool: Credit[] = [];
  const warnings: Problem[] = [];
  const n = invoices.length;

  // A reference names the last invoice (never a credit note) of that number.
  const byNumber = new Map<string, number>();
  invoices.forEach((x, i) => {
    if (!x.isCreditNote) byNumber.set(referenceKey(x.number), i);
  });
  const debitOf = new Map<number, Debit>();
  invoices.forEach((x, i) => {
    if (x.issueDate > asOf) return;
    accounts.add(accountOf(x.customerId, x.currency));
    if (x.isCreditNote) return;
    const d: Debit = {
      kind: 'invoice',
      number: x.number,
      account: accountOf(x.customerId, x.currency),
      issue: x.issueDate,
      due: x.dueDate,
      open: x.amount,
      settled: x.amount === 0 ? x.issueDate : null,
      writtenOff: x.status === 'written_off',
      disputed: x.status === 'disputed',
      seq: i,
    };
    debits.push(d);
    debitOf.set(i, d);
  });
  /** What is left of a credit once applied to the invoice a reference names. */
  const applyNamed = (customerId: string, currency: string, ref: string | null, left: number, date: number, what: 'credit_note' | 'payment', where: { file: string; line: number }): number => {
    if (ref === null || referenceKey(ref) === '') return left;
    const i = byNumber.get(referenceKey(ref));
    const warn = (code: string, params: Record<string, string>) => warnings.push({ severity: 'warning', code, file: where.file, line: where.line, value: ref, params: { what, ...params } } as Problem);
    if (i === undefined) return (warn('unknown_reference', {}), left);
    const d = debitOf.get(i);
    if (d === undefined) return left; // not issued yet
    const target = invoices[i]!;
    if (referenceKey(target.customerId) !== referenceKey(customerId)) return (warn('reference_other_customer', { customer: customerOf(target.customerId), expected: customerOf(customerId) }), left);
    if (target.currency !== currency) return (warn('reference_other_currency', { currency: target.currency, expected: currency }), left);
    const used = Math.min(left, Math.max(0, d.open));
    if (used > 0) settle(d, used, date);
    return left - used;
  };

  // Step 1: credit notes by issue date, then number, then row.
  const notes = invoices.map((x, i) => ({ x, i })).filter(({ x }) => x.isCreditNote && x.issueDate <= asOf);
  notes.sort((a, b) => a.x.issueDate - b.x.issueDate || compareIds(a.x.number, b.x.number) || a.i - b.i);
  for (const { x, i } of notes) {
    const left = applyNamed(x.customerId, x.currency, x.creditedInvoice, -x.amount, x.issueDate, 'credit_note', x);
    if (left !== 0) pool.push({ account: accountOf(x.customerId, x.currency), date: x.issueDate, id: x.number, left, seq: i });
  }
  // A payment that names no customer is the customer's of the first invoice it names that the ledger has (§1.6).
  const customerOfPayment = (x: Payment): string | null => {
    if (x.customerId !== null) return x.customerId;
    for (const ref of x.refs) {
      const i = byNumber.get(referenceKey(ref));
      if (i !== undefined) return invoices[i]!.customerId;
    }
    return null;
  };
  // Step 2: payments by date, then id, then row; a negative one is owed again.
  const dated = payments.map((x, p) => ({ x: { ...x, customerId: customerOfPayment(x) }, p })).filter(({ x }) => x.date <= asOf && x.customerId !== null);
  dated.sort((a, b) => a.x.date - b.x.date || compareIds(a.x.id, b.x.id) || a.p - b.p);
  for (const { x, p } of dated) {
    const account = accountOf(x.customerId!, x.currency);
    accounts.add(account);
    if (x.amount < 0) {
      debits.push({ kind: 'refund', number: x.id, account, issue: x.date, due: x.date, open: -x.amount, settled: null, writtenOff: false, disputed: false, seq: n + p });
      continue;
    }
    let left: number = x.amount;
    for (const ref of x.refs) {
      if (left === 0) break;
      left = applyNamed(x.customerId!, x.currency, ref, left, x.date, 'payment', x);
    }
    if (left !== 0) pool.push({ account, date: x.date, id: x.id, left, seq: n + p });
  }
  // Steps 3 and 4, per account: its pool by date, then id, then row, to its debits by due date, issue date, number, row.
  const order = [...accounts].map((k) => k.split('\u0000') as [string, string]);
  order.sort((a, b) => compareIds(a[0], b[0]) || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return {
    accounts: order.map(([customerId, currency]): ModelAccount => {
      const account = `${customerId}\u0000${currency}`;
      const mine = debits.filter((d) => d.account === account);
      mine.sort((a, b) => a.due - b.due || a.issue - b.issue || compareIds(a.number, b.number) || a.seq - b.seq);
      const credits = pool.filter((c) => c.account === account);
      credits.sort((a, b) => a.date - b.date || compareIds(a.id, b.id) || a.seq - b.seq);
      const unapplied = settleFromPool(mine, credits);
      return { customerId, currency, unapplied, debits: mine.map((d) => [d.kind, d.number, d.open, d.settled] as const) };
    }),
    warnings,
  };
}
