import { type ArrayAllocation, allocateArrays, WRITTEN_OFF } from './allocate-arrays.ts';
import { endOfMonth, startOfMonth, type Day, day, addDays } from './dates.ts';
import { forecastReceipts, forecastWeeks, naiveForecast, type ForecastOptions } from './forecast.ts';
import type { Ledger } from './ledger.ts';
import { type Cents, cents } from './money.ts';

/**
 * The forecast's own backtest: for each origin D (month ends of the past), forecast the next weeks with
 * what was known at D (docs/accounting.md §2: the ledger as of D, the promises recorded by D), then
 * compare with what the items open at D actually brought in, week by week, as the ledger tells it up
 * to `evaluatedTo`. The naive forecast — every open item paid on its due date, the overdue ones in the
 * first week — is measured the same way. Only the items open at D count, on both sides: invoices (and
 * refunds owed again) issued by D and not paid by D, written-off ones out; what is received is what
 * payments brought to them after D (credit notes are not cash), at most their open amount at D.
 *
 * The error of a week horizon h is the WAPE over the origins: Σ |forecast − actual| / Σ actual. A week
 * ending after `evaluatedTo` is not known yet and is not scored.
 */

export interface BacktestOptions extends Omit<ForecastOptions, 'months' | 'weeks'> {
  readonly origins: readonly Day[];
  readonly evaluatedTo: Day;
  readonly weeks: number;
}

export interface Score {
  /** Week-origins scored. */
  readonly scored: number;
  readonly actual: Cents;
  readonly forecastError: Cents;
  readonly naiveError: Cents;
  /** Σ |error| / Σ actual; null when nothing was received. */
  readonly forecastWape: number | null;
  readonly naiveWape: number | null;
}

export interface HorizonScore extends Score {
  /** 1 for the first week after D. */
  readonly week: number;
}

export interface OriginResult {
  readonly date: Day;
  /** The items open at D. */
  readonly open: Cents;
  /** By week; weeks not scored (ending after `evaluatedTo`) are null. */
  readonly forecast: (Cents | null)[];
  readonly naive: (Cents | null)[];
  readonly actual: (Cents | null)[];
}

export interface CurrencyBacktest {
  readonly currency: string;
  readonly horizons: HorizonScore[];
  /** Over every week and origin scored. */
  readonly total: Score;
  readonly origins: OriginResult[];
}

export interface Backtest {
  readonly evaluatedTo: Day;
  readonly weeks: number;
  readonly origins: readonly Day[];
  readonly currencies: CurrencyBacktest[];
}

/**
 * The month ends from `from` to `to`, both included.
 * @example monthEndsBetween(d('2026-01-15'), d('2026-03-31')) → [2026-01-31, 2026-02-28, 2026-03-31]
 */
export function monthEndsBetween(from: Day, to: Day): Day[] {
  const out: Day[] = [];
  for (let e = endOfMonth(from); e <= to; e = endOfMonth(addDays(e, 1))) out.push(e);
  return out;
}

/** The last `count` month ends strictly before a day. @example lastMonthEnds(d('2026-11-20'), 2) → [2026-09-30, 2026-10-31] */
export function lastMonthEnds(before: Day, count: number): Day[] {
  const out: Day[] = [];
  for (let e = addDays(startOfMonth(before), -1); out.length < count; e = addDays(startOfMonth(e), -1)) out.unshift(e);
  return out;
}

/** The last day the ledger tells anything of, up to D: its latest invoice or payment dated by then; null when none. */
export function lastActivity(ledger: Ledger, asOf: Day): Day | null {
  let last = -2147483648;
  for (let i = 0; i < ledger.invoiceCount; i++) {
    const day = ledger.invoiceIssue[i]!;
    if (day <= asOf && day > last) last = day;
  }
  for (let p = 0; p < ledger.paymentCount; p++) {
    const day = ledger.paymentDate[p]!;
    if (day <= asOf && day > last) last = day;
  }
  return last === -2147483648 ? null : day(last);
}

const wape = (error: number, actual: number): number | null => (actual > 0 ? error / actual : null);

/** What each debit received from payments, and when, as the ledger tells it up to `end`: debit d's receipts are `start[d]` to `start[d + 1]`. */
interface Receipts {
  readonly start: Int32Array;
  readonly day: Int32Array;
  readonly amount: Float64Array;
}

function receiptsUpTo(ledger: Ledger, end: Day): Receipts {
  const n = ledger.invoiceCount;
  const s = allocateArrays(ledger, end, { track: true }).settlements!;
  const debitCount = n + ledger.paymentCount;
  const start = new Int32Array(debitCount + 1);
  for (let k = 0; k < s.count; k++) if (s.credit[k]! >= n) start[s.debit[k]! + 1]!++;
  for (let d = 0; d < debitCount; d++) start[d + 1]! += start[d]!;
  const fill = start.slice(0, debitCount);
  const day = new Int32Array(start[debitCount]!);
  const amount = new Float64Array(start[debitCount]!);
  for (let k = 0; k < s.count; k++) {
    if (s.credit[k]! < n) continue;
    const at = fill[s.debit[k]!]!++;
    day[at] = s.date[k]!;
    amount[at] = s.amount[k]!;
  }
  return { start, day, amount };
}

/** What the items open at `origin` received in each of the weeks after it, and what was open, per currency. */
function receivedAfter(ledger: Ledger, r: ArrayAllocation, origin: Day, weekCount: number, receipts: Receipts): { actual: Map<string, number[]>; open: Map<string, number> } {
  const n = ledger.invoiceCount;
  const actual = new Map<string, number[]>();
  const open = new Map<string, number>();
  for (let j = 0; j < r.accounts.length; j++) {
    const a = r.accounts[j]!;
    const currency = ledger.accountCurrency[a]!;
    let got = actual.get(currency);
    if (got === undefined) actual.set(currency, (got = new Array<number>(weekCount).fill(0)));
    for (let k = r.accountDebitStart[a]!; k < r.accountDebitStart[a + 1]!; k++) {
      const d = r.accountDebits[k]!;
      const left = r.debitOpen[d]!;
      if (left <= 0 || (d < n && ledger.invoiceFlags[d]! & WRITTEN_OFF)) continue;
      open.set(currency, (open.get(currency) ?? 0) + left);
      // Its receipts after D in date order, up to what was open at D.
      const order: number[] = [];
      for (let q = receipts.start[d]!; q < receipts.start[d + 1]!; q++) if (receipts.day[q]! > origin) order.push(q);
      order.sort((x, y) => receipts.day[x]! - receipts.day[y]! || x - y);
      let room = left;
      for (const q of order) {
        if (room <= 0) break;
        const amount = Math.min(room, receipts.amount[q]!);
        room -= amount;
        const week = Math.floor((receipts.day[q]! - origin - 1) / 7);
        if (week < weekCount) got[week]! += amount;
      }
    }
  }
  return { actual, open };
}

/** The sums of one currency over the origins, week by week. */
type Sums = { actual: number[]; forecast: number[]; naive: number[]; forecastError: number[]; naiveError: number[]; scored: number[]; origins: OriginResult[] };

/** Each horizon's WAPE and the total's, per currency. */
function scores(sums: ReadonlyMap<string, Sums>, weekCount: number): CurrencyBacktest[] {
  const currencies: CurrencyBacktest[] = [];
  for (const currency of [...sums.keys()].sort()) {
    const x = sums.get(currency)!;
    const horizons: HorizonScore[] = [];
    for (let w = 0; w < weekCount; w++) {
      horizons.push({
        week: w + 1,
        scored: x.scored[w]!,
        actual: cents(x.actual[w]!),
        forecastError: cents(x.forecastError[w]!),
        naiveError: cents(x.naiveError[w]!),
        forecastWape: wape(x.forecastError[w]!, x.actual[w]!),
        naiveWape: wape(x.naiveError[w]!, x.actual[w]!),
      });
    }
    const add = (f: (h: HorizonScore) => number): number => horizons.reduce((t, h) => t + f(h), 0);
    const actual = add((h) => h.actual);
    const forecastError = add((h) => h.forecastError);
    const naiveError = add((h) => h.naiveError);
    currencies.push({
      currency,
      horizons,
      origins: x.origins,
      total: {
        scored: add((h) => h.scored),
        actual: cents(actual),
        forecastError: cents(forecastError),
        naiveError: cents(naiveError),
        forecastWape: wape(forecastError, actual),
        naiveWape: wape(naiveError, actual),
      },
    });
  }
  return currencies;
}

/**
 * Replays the forecast at each origin and scores it against what was received.
 * @example backtestForecast(ledger, { origins: lastMonthEnds(end, 12), evaluatedTo: end, weeks: 13, promises: [], provision })
 *   .currencies[0].horizons[0].forecastWape
 */
export function backtestForecast(ledger: Ledger, options: BacktestOptions): Backtest {
  const weekCount = options.weeks;
  const end = options.evaluatedTo;
  const receipts = receiptsUpTo(ledger, end);
  const sums = new Map<string, Sums>();
  const sumsOf = (currency: string): Sums => {
    let x = sums.get(currency);
    if (x === undefined) {
      const zeros = () => new Array<number>(weekCount).fill(0);
      sums.set(currency, (x = { actual: zeros(), forecast: zeros(), naive: zeros(), forecastError: zeros(), naiveError: zeros(), scored: zeros(), origins: [] }));
    }
    return x;
  };
  for (const origin of options.origins) {
    if (origin >= end) continue;
    const weeks = forecastWeeks(origin, weekCount);
    const known = weeks.filter((w) => w.to <= end).length;
    if (known === 0) continue;
    const r = allocateArrays(ledger, origin);
    const forecast = forecastReceipts(ledger, r, { ...options, weeks: weekCount, months: 0 });
    const naive = naiveForecast(ledger, r, weeks);
    const { actual, open } = receivedAfter(ledger, r, origin, weekCount, receipts);
    for (const [currency, got] of actual) {
      if ((open.get(currency) ?? 0) === 0) continue;
      const x = sumsOf(currency);
      const f = forecast.currencies.find((c) => c.currency === currency)?.weeks ?? new Array<number>(weekCount).fill(0);
      const nv = naive.get(currency) ?? new Array<number>(weekCount + 1).fill(0);
      const result: OriginResult = { date: origin, open: cents(open.get(currency)!), forecast: [], naive: [], actual: [] };
      for (let w = 0; w < weekCount; w++) {
        if (w >= known) {
          result.forecast.push(null);
          result.naive.push(null);
          result.actual.push(null);
          continue;
        }
        result.forecast.push(cents(f[w]!));
        result.naive.push(cents(nv[w]!));
        result.actual.push(cents(got[w]!));
        x.actual[w]! += got[w]!;
        x.forecast[w]! += f[w]!;
        x.naive[w]! += nv[w]!;
        x.forecastError[w]! += Math.abs(f[w]! - got[w]!);
        x.naiveError[w]! += Math.abs(nv[w]! - got[w]!);
        x.scored[w]!++;
      }
      x.origins.push(result);
    }
  }
  return { evaluatedTo: end, weeks: weekCount, origins: options.origins.filter((o) => o < end), currencies: scores(sums, weekCount) };
}
