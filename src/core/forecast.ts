import { bucketDefs, bucketIndex, type AgingBasis } from './aging.ts';
import { NOT_SETTLED, SETTLED_UNDATED, CREDIT_NOTE, WRITTEN_OFF, type ArrayAllocation } from './allocate-arrays.ts';
import { compareIds } from './compare.ts';
import { addMonths, endOfMonth, type Day, addDays } from './dates.ts';
import type { Ledger } from './ledger.ts';
import { mulDivRound, type Cents, cents } from './money.ts';

/**
 * When the cash will come in: the expected receipts of the open items as of D, per week and per month,
 * per currency, in total and per customer.
 *
 * Each open item's payment date is a distribution, read from how the ledger's invoices were paid
 * (docs/accounting.md §5: amount-weighted, recent months weighing more), relative to their due dates:
 * T = settlement − due, in days, negative for an invoice paid early. The distribution is a survival
 * curve S(t) = P(T > t) estimated the Kaplan–Meier way, so that the invoices still open count for what
 * they say (not paid by their age) instead of being left out, which would make every customer look
 * punctual. Three curves are blended for a customer: its own, that of the customers like it (same
 * currency, payment terms and invoice size), and that of the whole ledger in the currency, the
 * customer's own weighing more the more invoices it has settled (credibility n / (n + k)).
 *
 * An item aged a days past due (a < 0: not yet due) is unpaid at D, so T > a: the chance that it is
 * paid in days (D + x, D + y] is (S(a + x) − S(a + y)) / S(a). What history never saw paid — the
 * curve's floor, from invoices still open long after their due date — is the chance it never is: when
 * that is most of what is left (`doubtfulBelow`), the item is doubtful, counted as a probable loss at
 * the provision rate of its bucket (docs/accounting.md §8) and not as cash. A disputed item (§1.3) is
 * held back; a promise to pay recorded in the journal, still running at D, puts the item on the date
 * promised. Written-off items are not forecast (§4.5).
 *
 * Week 1 runs from D + 1 to D + 7, week k from D + 7(k − 1) + 1 to D + 7k. Month k runs from the day
 * after month k − 1 to D + k months (calendar months when D is a month's last day). What is overdue
 * and expected "now" falls in the first week and the first month.
 */

/** A span of days, both ends included. */
export interface Period {
  readonly from: Day;
  readonly to: Day;
}

/** The weeks of a forecast: week k runs from D + 7(k − 1) + 1 to D + 7k. @example forecastWeeks(d, 2)[1] = { from: d + 8, to: d + 14 } */
export function forecastWeeks(asOf: Day, count: number): Period[] {
  const out: Period[] = [];
  for (let k = 1; k <= count; k++) out.push({ from: addDays(asOf, 7 * (k - 1) + 1), to: addDays(asOf, 7 * k) });
  return out;
}

/**
 * The months of a forecast: month k ends D + k months (the last day of the month when D is the last
 * day of its month), and starts the day after month k − 1.
 * @example forecastMonths(d('2026-10-31'), 2) → 2026-11-01…2026-11-30, 2026-12-01…2026-12-31
 */
export function forecastMonths(asOf: Day, count: number): Period[] {
  const monthEnd = endOfMonth(asOf) === asOf;
  const out: Period[] = [];
  let from = addDays(asOf, 1);
  for (let k = 1; k <= count; k++) {
    const to = monthEnd ? endOfMonth(addMonths(asOf, k)) : addMonths(asOf, k);
    out.push({ from, to });
    from = addDays(to, 1);
  }
  return out;
}

/** A promise to pay of the journal, as known at a date: an invoice's or a customer's (docs/accounting.md §1.3's journal). */
export interface KnownPromise {
  readonly invoice: string | null;
  readonly customerId: string | null;
  /** 'invoice', 'customer', or null when it was not told: then an invoice when an open item has that number, else a customer. */
  readonly target: 'invoice' | 'customer' | null;
  readonly until: Day;
  /** The day it was recorded; null when not known (counted as known at every date). */
  readonly createdOn: Day | null;
}

/** The provision matrix of docs/accounting.md §8: the buckets and their loss rates (by bucket key). */
export interface ProvisionMatrix {
  readonly bounds: readonly number[];
  readonly basis: AgingBasis;
  readonly rates: Readonly<Record<string, number>>;
}

/** The knobs of the model; the defaults are the ones documented (docs/forecast.md) and backtested. */
export interface ModelParameters {
  /** An observation's weight halves every so many days of its age (from its due date to D). */
  readonly halfLifeDays: number;
  /** Observations due more than so many days before D are left out. */
  readonly historyDays: number;
  /** k in n / (n + k): the settled invoices a customer needs for its own history to weigh half. */
  readonly customerCredibility: number;
  /** The same for the customers like it, against the whole ledger. */
  readonly groupCredibility: number;
  /** An item is doubtful when history gives it less than this chance of ever being paid. */
  readonly doubtfulBelow: number;
}

const MODEL: ModelParameters = {
  halfLifeDays: 180,
  historyDays: 730,
  customerCredibility: 4,
  groupCredibility: 3,
  doubtfulBelow: 0.5,
};

export interface ForecastOptions {
  readonly weeks: number;
  readonly months: number;
  /** The journal's promises; only those recorded by D and still running at D count. */
  readonly promises: readonly KnownPromise[];
  readonly provision: ProvisionMatrix;
  readonly model?: Partial<ModelParameters>;
}

/** What is expected to be paid, in cents; the weeks and months each add up with what comes after them. */
export interface ExpectedReceipts {
  readonly currency: string;
  /** The open items, written-off ones out. */
  readonly open: Cents;
  readonly weeks: Cents[];
  readonly months: Cents[];
  /** Expected after the last week (or month), or never. */
  readonly afterWeeks: Cents;
  readonly afterMonths: Cents;
  /** Disputed items, held back. */
  readonly heldBack: Cents;
  /** Items history says will not be paid, and the provision of them (docs/accounting.md §8). */
  readonly doubtful: Cents;
  readonly probableLoss: Cents;
  /** Items under a running promise. */
  readonly promised: Cents;
}

/** What one customer (in one currency) is expected to pay. */
export interface CustomerForecast extends ExpectedReceipts {
  readonly customerId: string;
  /** The settled invoices of its own history (recent ones counting more), and the share its own curve weighs. */
  readonly history: number;
  readonly ownWeight: number;
}

export interface CurrencyForecast extends ExpectedReceipts {
  /** Largest expected receipts over the weeks first, then by id. */
  readonly customers: CustomerForecast[];
}

export interface Forecast {
  readonly asOf: Day;
  readonly weeks: Period[];
  readonly months: Period[];
  /** By currency code. */
  readonly currencies: CurrencyForecast[];
}

// ── Survival curves ─────────────────────────────────────────────────────────────────────────────

/** A Kaplan–Meier curve: S(t) = surv[k] for times[k] ≤ t < times[k + 1]; 1 before the first time. */
interface Curve {
  readonly times: Int32Array;
  readonly surv: Float64Array;
  /** The settled invoices it was made of, each counting its recency weight. */
  readonly events: number;
}

const EMPTY_CURVE: Curve = { times: new Int32Array(0), surv: new Float64Array(0), events: 0 };

function survival(c: Curve, t: number): number {
  const times = c.times;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 1 : c.surv[lo - 1]!;
}

/** The floor of a curve: what history never saw paid. */
function floorOf(c: Curve): number {
  return c.surv.length === 0 ? 1 : c.surv[c.surv.length - 1]!;
}

/** The observations of the history, in columns: time, weight (amount × recency), recency, paid (else still open). */
interface Observations {
  readonly count: number;
  readonly time: Int32Array;
  readonly weight: Float64Array;
  readonly recency: Float64Array;
  readonly paid: Uint8Array;
}

/**
 * Kaplan–Meier curves of pools of observations (each observation in one pool): at each time, S is
 * multiplied by 1 − paid / at risk, the at-risk weight being what has not left before that time.
 * Times are whole days within a pool's own span: the weights are summed into a bin per day, no sort.
 */
function kaplanMeierByPool(o: Observations, poolOf: Int32Array, pools: number): Curve[] {
  // The observations of each pool, together (counting sort by pool).
  const start = new Int32Array(pools + 1);
  for (let i = 0; i < o.count; i++) start[poolOf[i]! + 1]!++;
  for (let p = 0; p < pools; p++) start[p + 1]! += start[p]!;
  const fill = start.slice(0, pools);
  const members = new Int32Array(o.count);
  for (let i = 0; i < o.count; i++) members[fill[poolOf[i]!]!++] = i;
  let paidBin = new Float64Array(0);
  let leavingBin = new Float64Array(0);
  const curves: Curve[] = [];
  for (let p = 0; p < pools; p++) {
    const from = start[p]!;
    const to = start[p + 1]!;
    if (from === to) {
      curves.push(EMPTY_CURVE);
      continue;
    }
    let lo = 2147483647;
    let hi = -2147483648;
    let atRisk = 0;
    let events = 0;
    for (let k = from; k < to; k++) {
      const i = members[k]!;
      const t = o.time[i]!;
      if (t < lo) lo = t;
      if (t > hi) hi = t;
      atRisk += o.weight[i]!;
      if (o.paid[i]) events += o.recency[i]!;
    }
    const span = hi - lo + 1;
    if (paidBin.length < span) {
      paidBin = new Float64Array(span);
      leavingBin = new Float64Array(span);
    } else {
      paidBin.fill(0, 0, span);
      leavingBin.fill(0, 0, span);
    }
    for (let k = from; k < to; k++) {
      const i = members[k]!;
      const b = o.time[i]! - lo;
      leavingBin[b]! += o.weight[i]!;
      if (o.paid[i]) paidBin[b]! += o.weight[i]!;
    }
    const times: number[] = [];
    const surv: number[] = [];
    let s = 1;
    for (let b = 0; b < span; b++) {
      const paid = paidBin[b]!;
      if (paid > 0 && atRisk > 0) {
        s *= Math.max(0, 1 - paid / atRisk);
        times.push(lo + b);
        surv.push(s);
      }
      atRisk -= leavingBin[b]!;
    }
    curves.push({ times: Int32Array.from(times), surv: Float64Array.from(surv), events });
  }
  return curves;
}

/** A blend of curves: S(t) = Σ weight × S_j(t). */
interface Blend {
  readonly curves: readonly Curve[];
  readonly weights: readonly number[];
}

function blendAt(b: Blend, t: number): number {
  let s = 0;
  for (let j = 0; j < b.curves.length; j++) s += b.weights[j]! * survival(b.curves[j]!, t);
  return s;
}

function blendFloor(b: Blend): number {
  let s = 0;
  for (let j = 0; j < b.curves.length; j++) s += b.weights[j]! * floorOf(b.curves[j]!);
  return s;
}

/** Bands of "customers like it": typical payment terms and typical invoice size. */
function termsBand(days: number): string {
  return days <= 7 ? 'cash' : days <= 35 ? '30' : days <= 50 ? '45' : days <= 75 ? '60' : 'long';
}
function sizeBand(cents: number): string {
  return cents < 100_000 ? 's' : cents < 1_000_000 ? 'm' : 'l';
}

/** The history the forecast reads, as of the allocation's date: one blend per account. */
export interface PaymentHistory {
  /** By account number of the ledger (`LedgerArrays.accountCustomer`…); undefined for an account with no invoice by D. */
  readonly blendOf: readonly (Blend | undefined)[];
  /** By account: its own settled invoices (recency-weighted) and the weight of its own curve. */
  readonly historyOf: Float64Array;
  readonly ownWeightOf: Float64Array;
}

/**
 * The payment history of a ledger as of an allocation's date (docs/accounting.md §2: only what was
 * known that day): every invoice issued by D and due within `historyDays` before D is an observation —
 * paid, at its settlement day minus its due day, or still open, at D minus its due day (written-off
 * and disputed ones too: they are not paid). Invoices whose payment day is not known (§9.3) are left out.
 */
function paymentHistory(ledger: Ledger, r: ArrayAllocation, model: ModelParameters = MODEL): PaymentHistory {
  const asOf = r.asOf;
  const n = ledger.invoiceCount;
  const nAcc = ledger.accountCustomer.length;
  // Typical terms and size per account, over its invoices issued by D.
  const termsSum = new Float64Array(nAcc);
  const sizeLog = new Float64Array(nAcc);
  const count = new Int32Array(nAcc);
  for (let i = 0; i < n; i++) {
    if (ledger.invoiceIssue[i]! > asOf || ledger.invoiceFlags[i]! & CREDIT_NOTE) continue;
    const amount = ledger.invoiceAmount[i]!;
    if (amount <= 0) continue;
    const a = ledger.invoiceAccount[i]!;
    termsSum[a]! += ledger.invoiceDue[i]! - ledger.invoiceIssue[i]!;
    sizeLog[a]! += Math.log(amount);
    count[a]!++;
  }
  // The pools: each account, its group of customers like it, its currency.
  const groupNo = new Map<string, number>();
  const currencyNo = new Map<string, number>();
  const groupOfAccount = new Int32Array(nAcc).fill(-1);
  const currencyOfAccount = new Int32Array(nAcc).fill(-1);
  for (let a = 0; a < nAcc; a++) {
    if (count[a] === 0) continue;
    const currency = ledger.accountCurrency[a]!;
    const key = `${currency}|${termsBand(termsSum[a]! / count[a]!)}|${sizeBand(Math.exp(sizeLog[a]! / count[a]!))}`;
    let g = groupNo.get(key);
    if (g === undefined) groupNo.set(key, (g = groupNo.size));
    let c = currencyNo.get(currency);
    if (c === undefined) currencyNo.set(currency, (c = currencyNo.size));
    groupOfAccount[a] = g;
    currencyOfAccount[a] = c;
  }
  const oldest = asOf - model.historyDays;
  const decay = Math.LN2 / model.halfLifeDays;
  const time = new Int32Array(n);
  const weight = new Float64Array(n);
  const recency = new Float64Array(n);
  const paid = new Uint8Array(n);
  const accountOf = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (ledger.invoiceIssue[i]! > asOf || ledger.invoiceFlags[i]! & CREDIT_NOTE) continue;
    const amount = ledger.invoiceAmount[i]!;
    const due = ledger.invoiceDue[i]!;
    if (amount <= 0 || due < oldest) continue;
    const settled = r.debitSettled[i]!;
    if (r.debitOpen[i]! > 0) {
      time[m] = asOf - due;
      paid[m] = 0;
    } else if (settled !== NOT_SETTLED && settled !== SETTLED_UNDATED) {
      time[m] = settled - due;
      paid[m] = 1;
    } else {
      continue;
    }
    recency[m] = Math.exp(-decay * Math.max(0, asOf - due));
    weight[m] = amount * recency[m]!;
    accountOf[m] = ledger.invoiceAccount[i]!;
    m++;
  }
  const o: Observations = { count: m, time, weight, recency, paid };
  const poolOf = new Int32Array(m);
  const own = kaplanMeierByPool(o, accountOf, nAcc);
  for (let k = 0; k < m; k++) poolOf[k] = groupOfAccount[accountOf[k]!]!;
  const groups = kaplanMeierByPool(o, poolOf, groupNo.size);
  for (let k = 0; k < m; k++) poolOf[k] = currencyOfAccount[accountOf[k]!]!;
  const currencies = kaplanMeierByPool(o, poolOf, currencyNo.size);

  const blendOf: (Blend | undefined)[] = new Array<Blend | undefined>(nAcc);
  const historyOf = new Float64Array(nAcc);
  const ownWeightOf = new Float64Array(nAcc);
  for (let a = 0; a < nAcc; a++) {
    if (count[a] === 0) continue;
    const mine = own[a]!;
    const group = groups[groupOfAccount[a]!]!;
    const all = currencies[currencyOfAccount[a]!]!;
    const wOwn = mine.events / (mine.events + model.customerCredibility);
    const wGroup = (1 - wOwn) * (group.events / (group.events + model.groupCredibility));
    blendOf[a] = { curves: [mine, group, all], weights: [wOwn, wGroup, 1 - wOwn - wGroup] };
    historyOf[a] = mine.events;
    ownWeightOf[a] = wOwn;
  }
  return { blendOf, historyOf, ownWeightOf };
}

// ── The forecast ────────────────────────────────────────────────────────────────────────────────

/**
 * Splits a total of cents over shares that add up to it (as floats), so that no cent is lost: each
 * share rounded down, the cents left given to the largest remainders (dinero's allocate).
 * @example apportion([1.5, 1.5, 0], 3) → [2, 1, 0]
 */
export function apportion(shares: ArrayLike<number>, total: number): Cents[] {
  const n = shares.length;
  const out = new Array<number>(n);
  let given = 0;
  for (let i = 0; i < n; i++) {
    out[i] = Math.floor(Math.max(0, shares[i]!) + 1e-9);
    given += out[i]!;
  }
  let left = total - given;
  if (left > 0) {
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => shares[b]! - out[b]! - (shares[a]! - out[a]!) || a - b);
    for (let k = 0; left > 0 && n > 0; k = (k + 1) % n, left--) out[order[k]!]!++;
  } else {
    // The floors went over (float noise): take cents back from the largest.
    while (left < 0) {
      let best = 0;
      for (let i = 1; i < n; i++) if (out[i]! > out[best]!) best = i;
      if (out[best]! === 0) break;
      out[best]!--;
      left++;
    }
  }
  return out.map(cents);
}

/** Which bin of periods a day falls in; periods.length for after the last one. */
function binOf(periods: readonly Period[], at: number): number {
  for (let k = 0; k < periods.length; k++) if (at <= periods[k]!.to) return k;
  return periods.length;
}

/** The running promises as of D, by invoice row and by customer index (the last recorded wins). */
function promisesAt(ledger: Ledger, r: ArrayAllocation, promises: readonly KnownPromise[]): { byRow: Map<number, Day>; byCustomer: Map<number, Day> } {
  const byRow = new Map<number, Day>();
  const byCustomer = new Map<number, Day>();
  const asOf = r.asOf;
  for (const p of promises) {
    if (p.until < asOf || (p.createdOn !== null && p.createdOn > asOf)) continue;
    const row = p.invoice !== null ? ledger.invoiceRow(p.invoice) : -1;
    const asInvoice = p.target === 'invoice' || (p.target === null && row >= 0 && ledger.invoiceIssue[row]! <= asOf && r.debitOpen[row]! > 0);
    if (asInvoice) {
      if (row >= 0) byRow.set(row, p.until);
    } else if (p.customerId !== null) {
      const c = ledger.customerIndex(p.customerId);
      if (c >= 0) byCustomer.set(c, p.until);
    }
  }
  return { byRow, byCustomer };
}

/**
 * The cash-in forecast of the open items of an allocation as of its date.
 * @example forecastReceipts(ledger, allocateLedger(ledger, asOf).arrays, { weeks: 13, months: 3, promises: [], provision })
 *   .currencies[0].weeks // cents expected in each of the 13 weeks
 */
export function forecastReceipts(ledger: Ledger, r: ArrayAllocation, options: ForecastOptions, history?: PaymentHistory): Forecast {
  const model: ModelParameters = { ...MODEL, ...options.model };
  const asOf = r.asOf;
  const weeks = forecastWeeks(asOf, options.weeks);
  const months = forecastMonths(asOf, options.months);
  const h = history ?? paymentHistory(ledger, r, model);
  const { byRow, byCustomer } = promisesAt(ledger, r, options.promises);
  const defs = bucketDefs(options.provision.bounds, options.provision.basis);
  const n = ledger.invoiceCount;
  const weekCount = weeks.length;
  const monthCount = months.length;
  // Offsets from D of the ends of the weeks and months.
  const weekEnd = weeks.map((w) => w.to - asOf);
  const monthEnd = months.map((m) => m.to - asOf);

  const byCurrency = new Map<string, CustomerForecast[]>();
  const weekShares = new Float64Array(weekCount + 1);
  const monthShares = new Float64Array(monthCount + 1);
  for (let j = 0; j < r.accounts.length; j++) {
    const a = r.accounts[j]!;
    const customerIndex = ledger.accountCustomerIndex[a]!;
    weekShares.fill(0);
    monthShares.fill(0);
    let open = 0;
    let cash = 0;
    let heldBack = 0;
    let doubtful = 0;
    let probableLoss = 0;
    let promised = 0;
    const blend = h.blendOf[a];
    for (let k = r.accountDebitStart[a]!; k < r.accountDebitStart[a + 1]!; k++) {
      const d = r.accountDebits[k]!;
      const left = r.debitOpen[d]!;
      if (left <= 0) continue;
      const isInvoice = d < n;
      if (isInvoice && ledger.invoiceFlags[d]! & WRITTEN_OFF) continue;
      open += left;
      if (isInvoice && r.invoiceDisputed[d]) {
        heldBack += left;
        continue;
      }
      const due = isInvoice ? ledger.invoiceDue[d]! : ledger.paymentDate[d - n]!;
      const issue = isInvoice ? ledger.invoiceIssue[d]! : due;
      const until = (isInvoice ? byRow.get(d) : undefined) ?? byCustomer.get(customerIndex);
      if (until !== undefined) {
        const day = Math.max(until, asOf + 1);
        weekShares[binOf(weeks, day)]! += left;
        monthShares[binOf(months, day)]! += left;
        promised += left;
        cash += left;
        continue;
      }
      const age = asOf - due;
      const now = blend === undefined ? 0 : blendAt(blend, age);
      const never = blend === undefined ? 1 : blendFloor(blend);
      if (now <= 1e-12 || 1 - never / now < model.doubtfulBelow) {
        doubtful += left;
        const bucket = defs[bucketIndex(options.provision.basis === 'due' ? age : asOf - issue, options.provision.bounds, options.provision.basis)]!;
        const rate = options.provision.rates[bucket.key] ?? 0;
        probableLoss += Math.max(0, mulDivRound(left, Math.round(rate * 1e9), 1e9));
        continue;
      }
      cash += left;
      spreadOver(weekShares, weekEnd, blend!, age, left, now);
      spreadOver(monthShares, monthEnd, blend!, age, left, now);
    }
    if (open === 0) continue;
    const wk = apportion(weekShares, cash);
    const mo = apportion(monthShares, cash);
    const currency = ledger.accountCurrency[a]!;
    let list = byCurrency.get(currency);
    if (list === undefined) byCurrency.set(currency, (list = []));
    list.push({
      customerId: ledger.accountCustomer[a]!,
      currency,
      open: cents(open),
      weeks: wk.slice(0, weekCount),
      months: mo.slice(0, monthCount),
      afterWeeks: wk[weekCount]!,
      afterMonths: mo[monthCount]!,
      heldBack: cents(heldBack),
      doubtful: cents(doubtful),
      probableLoss: cents(probableLoss),
      promised: cents(promised),
      history: h.historyOf[a]!,
      ownWeight: h.ownWeightOf[a]!,
    });
  }
  return { asOf, weeks, months, currencies: currencyTotals(byCurrency, weekCount, monthCount) };
}

/**
 * Spreads what is left of an item over periods by its customer's curve of what stays unpaid with age
 * (`now`: its value at the item's age today): each period gets what the curve falls by in it, the last
 * entry what is still unpaid after them.
 */
function spreadOver(shares: Float64Array, periodEnds: readonly number[], blend: Blend, age: number, left: number, now: number): void {
  let before = now;
  for (let p = 0; p < periodEnds.length; p++) {
    const s = blendAt(blend, age + periodEnds[p]!);
    shares[p]! += (left * (before - s)) / now;
    before = s;
  }
  shares[periodEnds.length]! += (left * before) / now;
}

/** Each currency's totals, its customers by what they are expected to pay in the weeks, largest first. */
function currencyTotals(byCurrency: ReadonlyMap<string, CustomerForecast[]>, weekCount: number, monthCount: number): CurrencyForecast[] {
  const currencies: CurrencyForecast[] = [];
  for (const currency of [...byCurrency.keys()].sort()) {
    const customers = byCurrency.get(currency)!;
    const sumOf = (f: (c: CustomerForecast) => number): Cents => cents(customers.reduce((s, c) => s + f(c), 0));
    const weeksTotal = new Array<number>(weekCount).fill(0);
    const monthsTotal = new Array<number>(monthCount).fill(0);
    for (const c of customers) {
      for (let w = 0; w < weekCount; w++) weeksTotal[w]! += c.weeks[w]!;
      for (let m = 0; m < monthCount; m++) monthsTotal[m]! += c.months[m]!;
    }
    const expected = (c: CustomerForecast): number => c.weeks.reduce((s, x) => s + x, 0);
    customers.sort((x, y) => expected(y) - expected(x) || compareIds(x.customerId, y.customerId));
    currencies.push({
      currency,
      open: sumOf((c) => c.open),
      weeks: weeksTotal.map(cents),
      months: monthsTotal.map(cents),
      afterWeeks: sumOf((c) => c.afterWeeks),
      afterMonths: sumOf((c) => c.afterMonths),
      heldBack: sumOf((c) => c.heldBack),
      doubtful: sumOf((c) => c.doubtful),
      probableLoss: sumOf((c) => c.probableLoss),
      promised: sumOf((c) => c.promised),
      customers,
    });
  }
  return currencies;
}

/**
 * The naive forecast the backtest measures against: every open item paid whole on its due date, the
 * overdue ones in the first week; disputed ones too (nothing held back). Per currency, by week
 * (the last entry: after the last week).
 */
export function naiveForecast(ledger: Ledger, r: ArrayAllocation, weeks: readonly Period[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const n = ledger.invoiceCount;
  const asOf = r.asOf;
  for (let j = 0; j < r.accounts.length; j++) {
    const a = r.accounts[j]!;
    const currency = ledger.accountCurrency[a]!;
    let sums = out.get(currency);
    if (sums === undefined) out.set(currency, (sums = new Array<number>(weeks.length + 1).fill(0)));
    for (let k = r.accountDebitStart[a]!; k < r.accountDebitStart[a + 1]!; k++) {
      const d = r.accountDebits[k]!;
      const left = r.debitOpen[d]!;
      if (left <= 0 || (d < n && ledger.invoiceFlags[d]! & WRITTEN_OFF)) continue;
      const due = d < n ? ledger.invoiceDue[d]! : ledger.paymentDate[d - n]!;
      sums[binOf(weeks, Math.max(due, asOf + 1))]! += left;
    }
  }
  return out;
}
