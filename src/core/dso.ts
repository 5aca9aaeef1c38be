import { allocateArrays, WRITTEN_OFF } from './allocate-arrays.ts';
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
  const r = allocateArrays(ledger, asOf, only === undefined ? {} : { only });
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
  // Each currency's net amounts by day (accounts without a written-off invoice), then summed up to each day.
  let [lo, hi] = issueRange(ledger);
  for (let p = 0; p < m; p++) {
    if (ledger.paymentAccount[p]! < 0) continue;
    const day = ledger.paymentDate[p]!;
    if (day < lo) lo = day;
    if (day > hi) hi = day;
  }
  // Each account's column is its currency's; each account's first day, for when its currency appears.
  const byDay = new Map<string, Float64Array>();
  const column: Float64Array[] = [];
  for (let a = 0; a < nAcc; a++) {
    const currency = ledger.accountCurrency[a]!;
    let c = byDay.get(currency);
    if (c === undefined) byDay.set(currency, (c = new Float64Array(Math.max(0, hi - lo + 1))));
    column.push(c);
  }
  const first = new Int32Array(nAcc).fill(2147483647);
  for (let i = 0; i < n; i++) {
    const a = ledger.invoiceAccount[i]!;
    const day = ledger.invoiceIssue[i]!;
    if (day < first[a]!) first[a] = day;
    if (writtenOff[a] === 0) column[a]![day - lo]! += ledger.invoiceAmount[i]!;
  }
  for (let p = 0; p < m; p++) {
    const a = ledger.paymentAccount[p]!;
    if (a < 0) continue;
    const day = ledger.paymentDate[p]!;
    if (day < first[a]!) first[a] = day;
    if (writtenOff[a] === 0) column[a]![day - lo]! -= ledger.paymentAmount[p]!;
  }
  const seen = new Map<string, number>();
  for (let a = 0; a < nAcc; a++) {
    if (first[a] === 2147483647) continue;
    const currency = ledger.accountCurrency[a]!;
    if (first[a]! < (seen.get(currency) ?? 2147483647)) seen.set(currency, first[a]!);
  }
  for (const c of byDay.values()) for (let k = 1; k < c.length; k++) c[k]! += c[k - 1]!;

  return dates.map((date) => {
    const out = new Map<string, Cents>();
    // A currency is there from its first item on (as `receivableAt`, which lists the accounts of the date).
    for (const [currency, first] of seen) {
      if (first > date) continue;
      const c = byDay.get(currency);
      out.set(currency, cents(c === undefined ? 0 : c[Math.min(date, hi) - lo]!));
    }
    if (anyWrittenOff) {
      for (const [currency, sums] of receivableAt(ledger, date, writtenOff)) out.set(currency, cents((out.get(currency) ?? 0) + sums.ar));
    }
    return out;
  });
}

/** The first and last issue days of the ledger's invoices (an empty range when it has none). */
function issueRange(ledger: Ledger): [number, number] {
  let lo = 2147483647;
  let hi = -2147483648;
  for (let i = 0; i < ledger.invoiceCount; i++) {
    const day = ledger.invoiceIssue[i]!;
    if (day < lo) lo = day;
    if (day > hi) hi = day;
  }
  return [lo, hi];
}

/**
 * The sales of each currency by day, summed once: the sales of any window are then two lookups.
 * @example salesIndex(ledger).between('EUR', d('2026-01-01'), d('2026-03-31'))
 */
function salesIndex(ledger: Ledger): { between(currency: string, from: Day, to: Day): Cents } {
  const n = ledger.invoiceCount;
  const [lo, hi] = issueRange(ledger);
  const cumulative = new Map<string, Float64Array>();
  if (n > 0) {
    for (let i = 0; i < n; i++) {
      const currency = ledger.accountCurrency[ledger.invoiceAccount[i]!]!;
      let c = cumulative.get(currency);
      if (c === undefined) cumulative.set(currency, (c = new Float64Array(hi - lo + 2)));
      c[ledger.invoiceIssue[i]! - lo + 1]! += ledger.invoiceAmount[i]!;
    }
    for (const c of cumulative.values()) for (let k = 1; k < c.length; k++) c[k]! += c[k - 1]!;
  }
  /** Sales of days up to `day` inclusive. */
  const upTo = (c: Float64Array, day: number): number => (day < lo ? 0 : c[Math.min(day, hi) - lo + 1]!);
  return {
    between(currency, from, to) {
      const c = cumulative.get(currency);
      if (c === undefined || to < from) return cents(0);
      return cents(upTo(c, to) - upTo(c, from - 1));
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
export function dsoFigures(ledger: Ledger, asOf: Day, period: number): DsoFigures[] {
  const end = receivableAt(ledger, asOf);
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
