import type { AgedBalance, CustomerAging } from './aging.ts';
import type { Account, Allocation } from './allocate.ts';
import { addMonths, type Day, day } from './dates.ts';
import { type Cents, cents } from './money.ts';
import type { Customer } from './types.ts';

/**
 * How each customer pays (docs/accounting.md §5.6) and a transparent risk grade.
 *
 * Over the invoices settled in the 12 months up to D: average days late and average days to pay,
 * each weighted by the invoice amount; the share of invoices paid late; the trend = the weighted
 * average days late of the last 6 months minus that of the 6 months before ("worsening" when it grows
 * by more than 5 days).
 *
 * Risk points (the grade is A for 0 points, B for 1–2, C for 3–4, D for 5–6, E for 7 and more):
 * - overdue share of the open balance: over 50 % → 2, over 20 % → 1;
 * - average days late: over 30 → 2, over 10 → 1;
 * - any item more than 90 days past due → 2;
 * - open balance over the credit limit → 1;
 * - worsening trend → 1;
 * - an invoice in dispute → 1.
 */

export type Flag = 'over_limit' | 'worsening' | 'over_90' | 'disputed';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

export interface CustomerBehaviour {
  readonly customerId: string;
  readonly currency: string;
  readonly open: Cents;
  readonly overdue: Cents;
  readonly overdueShare: number | null;
  readonly avgDaysLate: number | null;
  readonly avgDaysToPay: number | null;
  readonly paidLateShare: number | null;
  readonly invoicesSettled: number;
  /** Days: last 6 months minus the 6 before; null without both. */
  readonly trend: number | null;
  readonly creditLimit: Cents | null;
  readonly creditUse: number | null;
  readonly points: number;
  readonly grade: Grade;
  readonly flags: Flag[];
}

const WORSENING_DAYS = 5;

function weighted(items: readonly { amount: number; value: number }[]): number | null {
  let w = 0;
  let s = 0;
  for (const i of items) {
    w += i.amount;
    s += i.amount * i.value;
  }
  return w > 0 ? s / w : null;
}

export function gradeOf(points: number): Grade {
  return points === 0 ? 'A' : points <= 2 ? 'B' : points <= 4 ? 'C' : points <= 6 ? 'D' : 'E';
}

/**
 * Payment behaviour and risk of every customer of an aged balance, worst first.
 * @example paymentBehaviour(aged, customers) → [{ customerId: "C013", grade: "E", flags: ["over_90", …] }, …]
 */
export function paymentBehaviour(allocation: Allocation, aged: AgedBalance, customers: ReadonlyMap<string, Customer>): CustomerBehaviour[] {
  const asOf = aged.asOf;
  const yearAgo = addMonths(asOf, -12);
  const halfYearAgo = addMonths(asOf, -6);
  const agedOf = new Map<Account, CustomerAging>();
  for (const cur of aged.currencies) for (const c of cur.customers) agedOf.set(c.account, c);
  const out: CustomerBehaviour[] = [];
  // Every account, paid up or not: a customer who always pays early owes nothing and belongs in the list.
  for (const account of allocation.accounts) {
    const c = agedOf.get(account) ?? settledAccount(account);
    out.push(one(c, allocation, customers.get(c.customerId) ?? null, asOf, yearAgo, halfYearAgo));
  }
  const rank = { A: 0, B: 1, C: 2, D: 3, E: 4 };
  return out.sort((a, b) => rank[b.grade] - rank[a.grade] || b.points - a.points || b.overdue - a.overdue || (a.customerId < b.customerId ? -1 : 1));
}

/** An account with nothing open: its aging is empty. */
function settledAccount(account: Account): CustomerAging {
  return {
    customerId: account.customerId,
    currency: account.currency,
    account,
    total: cents(0),
    buckets: [],
    unapplied: cents(0),
    writtenOff: cents(0),
    items: [],
    writtenOffItems: [],
    disputed: cents(0),
    overdue: cents(0),
    maxDaysPastDue: null,
  };
}

/** The invoices of an account settled in (yearAgo, asOf], each with its amount, days late and days to pay, read in columns. */
function settledInvoices(allocation: Allocation, a: number, yearAgo: Day, asOf: Day): { amount: number; late: number; toPay: number; settled: Day }[] {
  const { ledger, arrays: r } = allocation;
  const out: { amount: number; late: number; toPay: number; settled: Day }[] = [];
  for (let k = r.accountDebitStart[a]!; k < r.accountDebitStart[a + 1]!; k++) {
    const d = r.accountDebits[k]!;
    if (d >= ledger.invoiceCount) continue; // a refund
    const settled = r.debitSettled[d]!;
    // NOT_SETTLED and SETTLED_UNDATED are below every day.
    if (settled <= yearAgo || settled > asOf || r.debitOpen[d] !== 0) continue;
    const amount = ledger.invoiceAmount[d]!;
    if (amount <= 0) continue;
    out.push({ amount: cents(amount), late: Math.max(0, settled - ledger.invoiceDue[d]!), toPay: settled - ledger.invoiceIssue[d]!, settled: day(settled) });
  }
  return out;
}

function one(c: CustomerAging, allocation: Allocation, customer: Customer | null, asOf: Day, yearAgo: Day, halfYearAgo: Day): CustomerBehaviour {
  const settled = settledInvoices(allocation, c.account.index, yearAgo, asOf);
  const late = settled.map((d) => ({ amount: d.amount, value: d.late, recent: d.settled > halfYearAgo }));
  const avgDaysLate = weighted(late);
  const avgDaysToPay = weighted(settled.map((d) => ({ amount: d.amount, value: d.toPay })));
  const paidLateShare = settled.length > 0 ? late.filter((l) => l.value > 0).length / settled.length : null;
  const recent = weighted(late.filter((l) => l.recent));
  const before = weighted(late.filter((l) => !l.recent));
  const trend = recent !== null && before !== null ? recent - before : null;
  // From the aging's figures: the open items themselves are not made.
  const overdue = c.overdue;
  const positiveOpen = c.total - c.unapplied;
  const overdueShare = positiveOpen > 0 ? overdue / positiveOpen : null;
  const creditLimit = customer?.creditLimit ?? null;
  const creditUse = creditLimit !== null && creditLimit > 0 ? Math.max(0, c.total) / creditLimit : null;
  const flags: Flag[] = [];
  if (creditLimit !== null && c.total > creditLimit) flags.push('over_limit');
  if (trend !== null && trend > WORSENING_DAYS) flags.push('worsening');
  if (c.maxDaysPastDue !== null && c.maxDaysPastDue > 90) flags.push('over_90');
  if (c.disputed > 0) flags.push('disputed');
  let points = 0;
  if (overdueShare !== null) points += overdueShare > 0.5 ? 2 : overdueShare > 0.2 ? 1 : 0;
  if (avgDaysLate !== null) points += avgDaysLate > 30 ? 2 : avgDaysLate > 10 ? 1 : 0;
  if (flags.includes('over_90')) points += 2;
  if (flags.includes('over_limit')) points += 1;
  if (flags.includes('worsening')) points += 1;
  if (flags.includes('disputed')) points += 1;
  return {
    customerId: c.customerId,
    currency: c.currency,
    open: c.total,
    overdue,
    overdueShare,
    avgDaysLate,
    avgDaysToPay,
    paidLateShare,
    invoicesSettled: settled.length,
    trend,
    creditLimit,
    creditUse,
    points,
    grade: gradeOf(points),
    flags,
  };
}
