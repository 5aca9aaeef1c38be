import { allocateArrays, sortByDay, WRITTEN_OFF, type ArrayAllocation } from './allocate-arrays.ts';
import { startOfMonth, ymdFromDay, type Day, addDays } from './dates.ts';
import type { Ledger } from './ledger.ts';
import { type Cents, cents } from './money.ts';

/**
 * Days sales outstanding and the collection effectiveness index (docs/accounting.md §5), per currency.
 * Sales of a window = invoices and credit notes issued in it (TTC, as in the receivable).
 * AR(D) is the net aged balance as of D (open items + unapplied credit, written-off invoices out).
 */

export interface ReceivableAt {
  readonly ar: Cents;
  readonly notDue: Cents;
}

/** AR and its not-yet-due part as of a date, per currency (one allocation, read in columns; of the accounts marked in `only`, if given). */
export function receivableAt(ledger: Ledger, asOf: Day, only?: Uint8Array): Map<string, ReceivableAt> {
  return receivableOf(ledger, allocateArrays(ledger, asOf, only === undefined ? {} : { only }));
}

/** AR and its not-yet-due part per currency, read from an allocation as of its date (of the accounts it allocated). */
function receivableOf(ledger: Ledger, r: ArrayAllocation): Map<string, ReceivableAt> {
  const { asOf } = r;
  const out = new Map<string, { ar: number; notDue: number }>();
  const n = ledger.invoiceCount;
  for (let j = 0; j < r.accounts.length; j++) {
    const a = r.accounts[j]!;
    const currency = ledger.accountCurrency[a]!;
    let sums = out.get(currency);
    if (sums === undefined) out.set(currency, (sums = { ar: 0, notDue: 0 }));
    sums.ar += r.accountUnapplied[a]!;
    for (let k = r.accountDebitStart[a]!; k < r.accountDebitStart[a + 1]!; k++) {
      const d = r.accountDebits[k]!;
      const open = r.debitOpen[d]!;
      if (open === 0 || (d < n && ledger.invoiceFlags[d]! & WRITTEN_OFF)) continue;
      sums.ar += open;
      const due = d < n ? ledger.invoiceDue[d]! : ledger.paymentDate[d - n]!;
      if (due >= asOf) sums.notDue += open;
    }
  }
  return new Map([...out].map(([currency, s]) => [currency, { ar: cents(s.ar), notDue: cents(s.notDue) }]));
}

/**
 * AR as of each date, per currency, allocating only what must be: an account's net balance is its debits
 * less its credits whatever the allocation (each credit settles a debit of its own account or is left
 * unapplied in it, docs/accounting.md §3), so AR is the ledger's amounts summed by day — less the open
 * amounts of written-off invoices, which are out of the receivable and which only the allocation of the
 * accounts holding one can tell. Equal to `receivableAt(…).ar` at every date (a property test holds it).
 */
export function receivablesAt(ledger: Ledger, dates: readonly Day[]): Map<string, Cents>[] {
  const n = ledger.invoiceCount;
  const m = ledger.paymentCount;
  const nAcc = ledger.accountCurrency.length;
  const writtenOff = new Uint8Array(nAcc);
  let anyWrittenOff = false;
  for (let i = 0; i < n; i++) {
    if (ledger.invoiceFlags[i]! & WRITTEN_OFF) {
      writtenOff[ledger.invoiceAccount[i]!] = 1;
      anyWrittenOff = true;
    }
  }
  // Each account's first day, for when its currency appears.
  const first = new Int32Array(nAcc).fill(2147483647);
  for (let i = 0; i < n; i++) {
    const a = ledger.invoiceAccount[i]!;
    if (ledger.invoiceIssue[i]! < first[a]!) first[a] = ledger.invoiceIssue[i]!;
  }
  for (let p = 0; p < m; p++) {
    const a = ledger.paymentAccount[p]!;
    if (a >= 0 && ledger.paymentDate[p]! < first[a]!) first[a] = ledger.paymentDate[p]!;
  }
  // The invoices less the payments of the accounts without a written-off invoice, summed by day.
  const sums = new DaySums(
    ledger,
    [
      { day: ledger.invoiceIssue, amount: ledger.invoiceAmount, account: ledger.invoiceAccount, count: n, sign: 1 },
      { day: ledger.paymentDate, amount: ledger.paymentAmount, account: ledger.paymentAccount, count: m, sign: -1 },
    ],
    writtenOff,
  );
  const seen = new Map<string, number>();
  for (let a = 0; a < nAcc; a++) {
    if (first[a] === 2147483647) continue;
    const currency = ledger.accountCurrency[a]!;
    if (first[a]! < (seen.get(currency) ?? 2147483647)) seen.set(currency, first[a]!);
  }

  return dates.map((date) => {
    const out = new Map<string, Cents>();
    // A currency is there from its first item on (as `receivableAt`, which lists the accounts of the date).
    for (const [currency, from] of seen) {
      if (from > date) continue;
      out.set(currency, cents(sums.upTo(currency, date)));
    }
    if (anyWrittenOff) {
      for (const [currency, s] of receivableAt(ledger, date, writtenOff)) out.set(currency, cents((out.get(currency) ?? 0) + s.ar));
    }
    return out;
  });
}

/**
 * Amounts of rows summed by day, per currency (its accounts'), kept as the days that have any and their
 * running totals: the sum up to a day is a binary search. Its memory is the rows', however far apart
 * their dates: a currency's days are summed in an array over its span when the span is within 8 days a
 * row (a ledger's usual case: read in order, no sort), else sorted (a placeholder 31/12/9999 beside 2026;
 * summed over the span, a file of 60 currencies so dated took 3.5 GB).
 */
/** Rows to sum by day: `count` of them, the columns read from 0. */
interface DayRows {
  readonly day: Int32Array;
  readonly amount: Float64Array;
  readonly account: Int32Array;
  readonly count: number;
  readonly sign: 1 | -1;
}

class DaySums {
  private readonly byCurrency = new Map<string, { readonly days: Int32Array; readonly totals: Float64Array }>();
  /** Rows of each source, its amounts signed by `sign`; an account -1, or marked in `leftOut`, is left out. */
  constructor(ledger: Ledger, sources: readonly DayRows[], leftOut: Uint8Array | null = null) {
    // Currencies by a dense id, each account's beside it: no text looked up per row.
    const codes: string[] = [];
    const idOf = new Map<string, number>();
    const accountCurrency = new Int32Array(ledger.accountCurrency.length);
    for (let a = 0; a < accountCurrency.length; a++) {
      const c = ledger.accountCurrency[a]!;
      let id = idOf.get(c);
      if (id === undefined) idOf.set(c, (id = codes.push(c) - 1));
      accountCurrency[a] = id;
    }
    const nc = codes.length;
    const rowsOf = new Int32Array(nc);
    const lo = new Int32Array(nc).fill(2147483647);
    const hi = new Int32Array(nc).fill(-2147483648);
    // No account: -1, a currency id of none.
    const cur = (a: number): number => (a < 0 || (leftOut !== null && leftOut[a] === 1) ? -1 : accountCurrency[a]!);
    for (const { day, account, count } of sources) {
      for (let r = 0; r < count; r++) {
        const c = cur(account[r]!);
        if (c < 0) continue;
        rowsOf[c]!++;
        if (day[r]! < lo[c]!) lo[c] = day[r]!;
        if (day[r]! > hi[c]!) hi[c] = day[r]!;
      }
    }
    // Each currency's sums by day over its span (within 8 days a row), or its rows to sort.
    const dense: (Float64Array | null)[] = [];
    const sparse: ({ day: Int32Array; amount: Float64Array; n: number } | null)[] = [];
    for (let c = 0; c < nc; c++) {
      const rows = rowsOf[c]!;
      const span = rows === 0 ? 0 : hi[c]! - lo[c]! + 1;
      const near = rows > 0 && span <= 8 * rows;
      dense.push(near ? new Float64Array(span) : null);
      sparse.push(rows > 0 && !near ? { day: new Int32Array(rows), amount: new Float64Array(rows), n: 0 } : null);
    }
    const present: (Uint8Array | null)[] = dense.map((d) => (d === null ? null : new Uint8Array(d.length)));
    for (const { day, amount, account, count, sign } of sources) {
      for (let r = 0; r < count; r++) {
        const c = cur(account[r]!);
        if (c < 0) continue;
        const d = dense[c];
        if (d) {
          const k = day[r]! - lo[c]!;
          d[k]! += sign * amount[r]!;
          present[c]![k] = 1;
        } else {
          const s = sparse[c]!;
          s.day[s.n] = day[r]!;
          s.amount[s.n++] = sign * amount[r]!;
        }
      }
    }
    for (let c = 0; c < nc; c++) {
      if (rowsOf[c] === 0) continue;
      const days: number[] = [];
      const totals: number[] = [];
      let total = 0;
      const d = dense[c];
      if (d) {
        const p = present[c]!;
        for (let k = 0; k < d.length; k++) {
          if (p[k] === 0) continue;
          total += d[k]!;
          days.push(lo[c]! + k);
          totals.push(total);
        }
      } else {
        const s = sparse[c]!;
        const order = new Int32Array(s.n);
        for (let k = 0; k < s.n; k++) order[k] = k;
        for (const k of sortByDay(order, s.day)) {
          total += s.amount[k]!;
          if (days.length > 0 && days[days.length - 1] === s.day[k]) totals[totals.length - 1] = total;
          else {
            days.push(s.day[k]!);
            totals.push(total);
          }
        }
      }
      this.byCurrency.set(codes[c]!, { days: Int32Array.from(days), totals: Float64Array.from(totals) });
    }
  }
  /** The sum of a currency's amounts of days up to `day`, inclusive. */
  upTo(currency: string, day: number): number {
    const t = this.byCurrency.get(currency);
    if (t === undefined) return 0;
    // The last day on or before `day`.
    let lo = 0;
    let hi = t.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (t.days[mid]! <= day) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? 0 : t.totals[lo - 1]!;
  }
}

/**
 * The sales of each currency by day, summed once: the sales of any window are then two lookups.
 * @example salesIndex(ledger).between('EUR', d('2026-01-01'), d('2026-03-31'))
 */
function salesIndex(ledger: Ledger): { between(currency: string, from: Day, to: Day): Cents } {
  const n = ledger.invoiceCount;
  const sums = new DaySums(ledger, [{ day: ledger.invoiceIssue, amount: ledger.invoiceAmount, account: ledger.invoiceAccount, count: n, sign: 1 }]);
  return {
    between(currency, from, to) {
      if (to < from) return cents(0);
      return cents(sums.upTo(currency, to) - sums.upTo(currency, from - 1));
    },
  };
}

/** Sales of one currency issued from `from` to `to`, inclusive. */
export function salesBetween(ledger: Ledger, currency: string, from: Day, to: Day): Cents {
  return salesIndex(ledger).between(currency, from, to);
}

export interface CountbackStep {
  readonly month: string;
  readonly sales: Cents;
  readonly days: number;
  /** Days this month adds to the DSO (all its days, or the fraction that exhausts the AR). */
  readonly counted: number;
}

/**
 * Countback (exhaustion) DSO: the sales of the month of D (month to date), then the month before, and
 * so on, subtracted from AR(D) while AR remains larger; DSO = the days of the months fully used +
 * the remaining AR / that month's sales × that month's days. At most 36 months back.
 * @example AR 150, March sales 100 (31 days), February 100 (28 days) as of 31/03 → 31 + 50/100 × 28 = 45
 */
export function countbackDso(ar: Cents, salesOfMonth: (monthStart: Day, monthEnd: Day) => Cents, asOf: Day): { dso: number | null; steps: CountbackStep[] } {
  const steps: CountbackStep[] = [];
  if (ar <= 0) return { dso: 0, steps };
  let remaining: number = ar;
  let dso = 0;
  let start = startOfMonth(asOf);
  let end = asOf;
  for (let i = 0; i < 36; i++) {
    const sales = salesOfMonth(start, end);
    const { y, m } = ymdFromDay(start);
    const days = end - start + 1;
    const month = `${y}-${m < 10 ? '0' : ''}${m}`;
    if (sales > 0 && remaining > sales) {
      dso += days;
      remaining -= sales;
      steps.push({ month, sales, days, counted: days });
    } else if (sales > 0) {
      const part = (remaining / sales) * days;
      steps.push({ month, sales, days, counted: part });
      return { dso: dso + part, steps };
    } else {
      dso += days;
      steps.push({ month, sales, days, counted: days });
    }
    end = addDays(start, -1);
    start = startOfMonth(end);
  }
  return { dso: null, steps };
}

export interface DsoFigures {
  readonly currency: string;
  readonly asOf: Day;
  readonly period: number;
  readonly ar: Cents;
  readonly notDue: Cents;
  readonly sales: Cents;
  /** Null when the window has no sales. */
  readonly dso: number | null;
  readonly countback: number | null;
  readonly bestPossible: number | null;
  readonly averageDaysDelinquent: number | null;
  readonly cei: number | null;
  readonly arAtStart: Cents;
}

/**
 * DSO standard over N days (AR(D) / sales(D−N+1 … D) × N), countback, best possible DSO
 * (not-yet-due AR / sales × N), average days delinquent (DSO − BPDSO) and the CEI over the same window:
 * (AR at start + sales − AR at end) / (AR at start + sales − not-yet-due AR at end) × 100, AR at start
 * being AR as of the day before the window.
 */
export function dsoFigures(ledger: Ledger, atEnd: ArrayAllocation, period: number): DsoFigures[] {
  const { asOf } = atEnd;
  const end = receivableOf(ledger, atEnd);
  const start = receivablesAt(ledger, [addDays(asOf, -period)])[0]!;
  const index = salesIndex(ledger);
  const out: DsoFigures[] = [];
  for (const [currency, { ar, notDue }] of end) {
    const sales = index.between(currency, addDays(asOf, 1 - period), asOf);
    const dso = sales > 0 ? (ar / sales) * period : null;
    const bestPossible = sales > 0 ? (notDue / sales) * period : null;
    const arAtStart = start.get(currency) ?? cents(0);
    const denom = arAtStart + sales - notDue;
    const cei = denom !== 0 ? ((arAtStart + sales - ar) / denom) * 100 : null;
    const countback = countbackDso(ar, (s, e) => index.between(currency, s, e), asOf).dso;
    out.push({
      currency,
      asOf,
      period,
      ar,
      notDue,
      sales,
      dso,
      countback,
      bestPossible,
      averageDaysDelinquent: dso !== null && bestPossible !== null ? dso - bestPossible : null,
      cei,
      arAtStart,
    });
  }
  return out.sort((a, b) => (a.currency < b.currency ? -1 : 1));
}

/** The month ends of the 12 months up to D, D itself last (D may be mid-month). */
export function trendDates(asOf: Day): Day[] {
  const dates: Day[] = [asOf];
  for (let d = addDays(startOfMonth(asOf), -1); dates.length < 12; d = addDays(startOfMonth(d), -1)) dates.unshift(d);
  return dates;
}

/**
 * The standard DSO at each of the last 12 month ends, per currency (AR by `receivablesAt`: one pass over
 * the ledger for every point); `onProgress` is told before each point.
 */
export function dsoTrend(
  ledger: Ledger,
  asOf: Day,
  period: number,
  currencies: readonly string[],
  onProgress: (done: number, total: number) => void = () => {},
): { currency: string; points: { date: Day; dso: number | null }[] }[] {
  const trend = currencies.map((currency) => ({ currency, points: [] as { date: Day; dso: number | null }[] }));
  const index = salesIndex(ledger);
  const dates = trendDates(asOf);
  const ars = receivablesAt(ledger, dates);
  for (const [k, date] of dates.entries()) {
    onProgress(k, dates.length);
    const ar = ars[k]!;
    for (const t of trend) {
      const sales = index.between(t.currency, addDays(date, 1 - period), date);
      t.points.push({ date, dso: sales > 0 ? ((ar.get(t.currency) ?? 0) / sales) * period : null });
    }
  }
  return trend;
}
