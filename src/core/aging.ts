import { isDebit } from './allocate-arrays.ts';
import { debitDue, debitIssue, debitStatus, type Account, type Allocation, type Debit } from './allocate.ts';
import { compareIds } from './compare.ts';
import type { Day } from './dates.ts';
import { type Cents, cents } from './money.ts';

/** What the age of an item is counted from (docs/accounting.md §4.1, §4.3). */
export type AgingBasis = 'due' | 'issue';

/** A bucket of the aged balance: ages from `from` to `to` days, inclusive; null is open-ended. */
export interface BucketDef {
  readonly key: string;
  readonly from: number | null;
  readonly to: number | null;
}

/** The default boundaries: 30, 60, 90 days. */
const DEFAULT_BOUNDS: readonly number[] = [30, 60, 90];

/**
 * The buckets for boundaries and a basis. By due date the first bucket is "not yet due" (age ≤ 0);
 * by issue date it is 0–first boundary.
 * @example bucketDefs([30,60,90], 'due').map(b => b.key) → ["not_due","1-30","31-60","61-90","91+"]
 */
export function bucketDefs(bounds: readonly number[], basis: AgingBasis): BucketDef[] {
  const defs: BucketDef[] = [];
  let from: number;
  if (basis === 'due') {
    defs.push({ key: 'not_due', from: null, to: 0 });
    from = 1;
  } else {
    from = 0;
  }
  for (const b of bounds) {
    defs.push({ key: `${from}-${b}`, from, to: b });
    from = b + 1;
  }
  defs.push({ key: `${from}+`, from, to: null });
  return defs;
}

/** Checks bucket boundaries: strictly increasing positive integers. Returns an error message key or null. */
export function validateBounds(bounds: readonly number[]): string | null {
  if (bounds.length === 0) return 'bounds_empty';
  let prev = 0;
  for (const b of bounds) {
    if (!Number.isInteger(b) || b <= prev) return 'bounds_not_increasing';
    prev = b;
  }
  return null;
}

/** Index of the bucket an age falls in. */
export function bucketIndex(age: number, bounds: readonly number[], basis: AgingBasis): number {
  let i = 0;
  if (basis === 'due') {
    if (age <= 0) return 0;
    i = 1;
  }
  // Indexed loops here and below: run for every open item, often before V8 optimises them, where a
  // for…of makes an object per step (measured: a megabyte of garbage at 100k invoices).
  for (let k = 0; k < bounds.length; k++) {
    if (age <= bounds[k]!) return i;
    i++;
  }
  return i;
}

export interface AgedItem {
  readonly debit: Debit;
  /** D − due date (may be negative: not yet due). */
  readonly daysPastDue: number;
  /** The age the bucket was chosen by: days past due, or D − issue date with the issue basis. */
  readonly age: number;
  readonly bucket: number;
}

export interface CustomerAging {
  readonly customerId: string;
  readonly currency: string;
  readonly account: Account;
  /** Net balance: buckets + unapplied (docs/accounting.md §4.6). */
  readonly total: Cents;
  readonly buckets: Cents[];
  readonly unapplied: Cents;
  /** Open amount of written-off invoices, outside the aged balance. */
  readonly writtenOff: Cents;
  /** Open items in aging order, written-off ones excluded. */
  readonly items: AgedItem[];
  readonly writtenOffItems: AgedItem[];
  readonly disputed: Cents;
  /** Of the open items, what is past due by a day or more (by due date, whatever the buckets' basis). */
  readonly overdue: Cents;
  /** The days past due of the oldest open item (by due date); null without an open item. */
  readonly maxDaysPastDue: number | null;
}

export interface CurrencyAging {
  readonly currency: string;
  readonly total: Cents;
  readonly buckets: Cents[];
  readonly unapplied: Cents;
  readonly writtenOff: Cents;
  readonly disputed: Cents;
  /** Sorted by net balance, largest first, then customer id. */
  readonly customers: CustomerAging[];
}

export interface AgedBalance {
  readonly asOf: Day;
  readonly basis: AgingBasis;
  readonly bounds: readonly number[];
  readonly buckets: BucketDef[];
  /** Sorted by currency code. */
  readonly currencies: CurrencyAging[];
}

/** A customer's aging: its figures at once, its items when first read. */
class AccountAging implements CustomerAging {
  readonly customerId: string;
  readonly currency: string;
  readonly account: Account;
  readonly total: Cents;
  readonly buckets: Cents[];
  readonly unapplied: Cents;
  readonly writtenOff: Cents;
  readonly disputed: Cents;
  readonly overdue: Cents;
  readonly maxDaysPastDue: number | null;
  private readonly asOf: Day;
  private readonly bounds: readonly number[];
  private readonly basis: AgingBasis;
  private made: { items: AgedItem[]; writtenOff: AgedItem[] } | null = null;
  constructor(
    account: Account,
    asOf: Day,
    bounds: readonly number[],
    basis: AgingBasis,
    figures: { total: Cents; buckets: Cents[]; writtenOff: Cents; disputed: Cents; overdue: Cents; maxDaysPastDue: number | null },
  ) {
    this.customerId = account.customerId;
    this.currency = account.currency;
    this.account = account;
    this.total = figures.total;
    this.buckets = figures.buckets;
    this.unapplied = account.unapplied;
    this.writtenOff = figures.writtenOff;
    this.disputed = figures.disputed;
    this.overdue = figures.overdue;
    this.maxDaysPastDue = figures.maxDaysPastDue;
    this.asOf = asOf;
    this.bounds = bounds;
    this.basis = basis;
  }

  get items(): AgedItem[] {
    return (this.made ??= this.make()).items;
  }

  get writtenOffItems(): AgedItem[] {
    return (this.made ??= this.make()).writtenOff;
  }

  private make(): { items: AgedItem[]; writtenOff: AgedItem[] } {
    const items: AgedItem[] = [];
    const writtenOff: AgedItem[] = [];
    for (const debit of this.account.open) {
      const daysPastDue = this.asOf - debit.dueDate;
      const age = this.basis === 'due' ? daysPastDue : this.asOf - debit.issueDate;
      (debit.status === 'written_off' ? writtenOff : items).push({ debit, daysPastDue, age, bucket: bucketIndex(age, this.bounds, this.basis) });
    }
    return { items, writtenOff };
  }
}

/**
 * Ages the open items of an allocation as of its date (docs/accounting.md §4): each open item stands whole in one
 * bucket with its open amount; written-off invoices are kept apart; totals are per currency.
 * @example ageOpenItems(allocatePayments(inv, pay, asOf), { bounds: [30,60,90], basis: 'due' })
 */
export function ageOpenItems(allocation: Allocation, options: { bounds?: readonly number[]; basis?: AgingBasis } = {}): AgedBalance {
  const bounds = options.bounds ?? DEFAULT_BOUNDS;
  const basis = options.basis ?? 'due';
  const defs = bucketDefs(bounds, basis);
  const asOf = allocation.asOf;
  const byCurrency = new Map<string, CustomerAging[]>();

  // The buckets from the allocation's columns, summed over the debits in the order of the rows (the
  // columns read in order, not scattered by account); the items, objects, only when read (a million
  // invoices have hundreds of thousands open, and a balance per customer needs none of them).
  const ledger = allocation.ledger;
  const r = allocation.arrays;
  const { debitOpen } = r;
  const n = ledger.invoiceCount;
  const nAcc = ledger.accountCustomer.length;
  const width = defs.length;
  const sums = new Float64Array(nAcc * width);
  const writtenOff = new Float64Array(nAcc);
  const disputed = new Float64Array(nAcc);
  const openItems = new Int32Array(nAcc);
  const writtenOffItems = new Int32Array(nAcc);
  const overdue = new Float64Array(nAcc);
  const maxDaysPastDue = new Int32Array(nAcc).fill(-2147483648);
  for (let d = 0; d < n + ledger.paymentCount; d++) {
    // An open amount is what an allocated debit still owes; a credit's is what it has left, not counted here.
    const open = debitOpen[d]!;
    if (open === 0 || !isDebit(ledger, d)) continue;
    const a = d < n ? ledger.invoiceAccount[d]! : ledger.paymentAccount[d - n]!;
    const status = debitStatus(ledger, r, d);
    if (status === 'written_off') {
      writtenOff[a]! += open;
      writtenOffItems[a]!++;
      continue;
    }
    if (status === 'disputed') disputed[a]! += open;
    const pastDue = asOf - debitDue(ledger, d);
    if (pastDue >= 1) overdue[a]! += open;
    if (pastDue > maxDaysPastDue[a]!) maxDaysPastDue[a] = pastDue;
    const age = basis === 'due' ? pastDue : asOf - debitIssue(ledger, d);
    sums[a * width + bucketIndex(age, bounds, basis)]! += open;
    openItems[a]!++;
  }
  for (const account of allocation.accounts) {
    const a = account.index;
    if (openItems[a] === 0 && writtenOffItems[a] === 0 && account.unapplied === 0) continue;
    const buckets = new Array<Cents>(width);
    let total: number = account.unapplied;
    for (let k = 0; k < width; k++) {
      const v = sums[a * width + k]!;
      buckets[k] = cents(v);
      total += v;
    }
    const c = new AccountAging(account, asOf, bounds, basis, {
      total: cents(total),
      buckets,
      writtenOff: cents(writtenOff[a]!),
      disputed: cents(disputed[a]!),
      overdue: cents(overdue[a]!),
      maxDaysPastDue: openItems[a] === 0 ? null : maxDaysPastDue[a]!,
    });
    let list = byCurrency.get(account.currency);
    if (!list) byCurrency.set(account.currency, (list = []));
    list.push(c);
  }

  const currencies: CurrencyAging[] = [];
  for (const [currency, customers] of [...byCurrency.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    customers.sort((a, b) => b.total - a.total || compareIds(a.customerId, b.customerId));
    const buckets = new Array<number>(defs.length).fill(0);
    let unapplied = 0;
    let writtenOff = 0;
    let disputed = 0;
    for (const c of customers) {
      for (let i = 0; i < buckets.length; i++) buckets[i]! += c.buckets[i]!;
      unapplied += c.unapplied;
      writtenOff += c.writtenOff;
      disputed += c.disputed;
    }
    let total = unapplied;
    for (const b of buckets) total += b;
    currencies.push({ currency, total: cents(total), buckets: buckets.map(cents), unapplied: cents(unapplied), writtenOff: cents(writtenOff), disputed: cents(disputed), customers });
  }
  return { asOf, basis, bounds, buckets: defs, currencies };
}
