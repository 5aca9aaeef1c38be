import { dayFromYmd, ymdFromDay, type Day, day, addDays } from './dates.ts';
import { type Cents, cents } from './money.ts';

/**
 * Late-payment interest (docs/accounting.md §6): simple interest on an actual/365 basis, at the rate
 * published for each half-year, rounded half away from zero to the cent per invoice. "Until payment"
 * is read portion by portion: each amount that settled the debit earns interest from the first day
 * interest runs until the day it was paid, and what is still open earns it until the as-of date.
 */

export type Country = 'FR' | 'BE';

/**
 * Which published rate a claim runs at: `commercial` (FR L441-10: ECB + 10 points; BE law of
 * 2 August 2002), `legal` (the legal interest rate: FR "all other cases", BE loi du 5 mai 1865),
 * `public` (FR public procurement, intérêts moratoires: ECB + 8 points, fixed when interest starts).
 */
export type RateKind = 'commercial' | 'legal' | 'public';

/**
 * One table of published annual rates in percent, by period: a half-year `2026-H1` (January to June)
 * or `2026-H2`, or a whole year `2026`. With `fixedAtStart`, the rate of the half-year in which
 * interest began holds until payment (FR public procurement) instead of each half-year's own.
 */
export interface RateTable {
  readonly rates: Readonly<Record<string, number>>;
  readonly fixedAtStart?: boolean;
}

export type RateTables = Readonly<Partial<Record<Country, Readonly<Partial<Record<RateKind, RateTable>>>>>>;

/** A credit that paid part of a debit: its date and the cents it paid (the allocation's order). */
export interface Settlement {
  readonly date: Day;
  readonly amount: Cents;
}

/** The fixed indemnity for recovery costs per invoice paid late: 40 EUR (FR D441-5, D2192-35; BE law of 2 August 2002, art. 6). */
export const FIXED_INDEMNITY_EUR: Cents = cents(4000);

/**
 * A stretch of days over which the amount earning interest and its rate did not change: one line of
 * the table a customer can check (`base × rate × days / 365`). `interest` is this line's share of
 * the invoice's rounded interest: the lines add up to the total to the cent.
 */
export interface InterestPeriod {
  readonly from: Day;
  readonly to: Day;
  readonly days: number;
  readonly base: Cents;
  /** Percent a year. */
  readonly rate: number;
  readonly interest: Cents;
  /** The half-year's rate was not in the table: the nearest published one was used. */
  readonly assumed: boolean;
}

export interface InterestResult {
  readonly interest: Cents;
  /** Days from the first day interest runs to the last day any portion earned it. */
  readonly days: number;
  readonly periods: readonly InterestPeriod[];
  /** Half-years (`2026-H2`) whose rate was not in the table, in order. */
  readonly assumed: readonly string[];
  /** The rate of the last period, in percent; null when nothing ran. */
  readonly rate: number | null;
}

/** The half-year of a day (`2026-H2`). */
export function halfYearKey(day: Day): string {
  return halfYearOf(day).key;
}

/** A half-year: its key and its last day. */
interface HalfYear {
  readonly key: string;
  readonly end: Day;
}

/** Half-years by index (2 × year, + 1 for the second half), made once each: interest walks them line by line. */
const halfYears = new Map<number, HalfYear>();

function halfYearOf(day: Day): HalfYear {
  const { y, m } = ymdFromDay(day);
  const second = m > 6;
  const index = 2 * y + (second ? 1 : 0);
  let half = halfYears.get(index);
  if (half === undefined) halfYears.set(index, (half = { key: `${y}-H${second ? 2 : 1}`, end: second ? dayFromYmd(y, 12, 31) : dayFromYmd(y, 6, 30) }));
  return half;
}

interface ByHalfYear {
  readonly byHalf: Map<string, number>;
  readonly keys: string[];
  /** `rateOf`'s answers, by key. */
  readonly answers: Map<string, Rate>;
}

const halfYearCache = new WeakMap<RateTable, ByHalfYear>();

/** The table by half-year, in hundredths of a percent (a yearly rate stands for both halves). */
function byHalfYear(table: RateTable): ByHalfYear {
  const hit = halfYearCache.get(table);
  if (hit) return hit;
  const byHalf = new Map<string, number>();
  for (const [k, v] of Object.entries(table.rates)) {
    if (/^\d{4}$/.test(k)) {
      if (!byHalf.has(`${k}-H1`)) byHalf.set(`${k}-H1`, Math.round(v * 100));
      if (!byHalf.has(`${k}-H2`)) byHalf.set(`${k}-H2`, Math.round(v * 100));
    } else if (/^\d{4}-H[12]$/.test(k)) byHalf.set(k, Math.round(v * 100));
  }
  const out = { byHalf, keys: [...byHalf.keys()].sort(), answers: new Map<string, Rate>() };
  halfYearCache.set(table, out);
  return out;
}

/** A half-year's rate in hundredths of a percent, and whether it was assumed. */
export interface Rate {
  readonly rate: number;
  readonly assumed: boolean;
}

/**
 * The rate of a half-year in hundredths of a percent, and whether it was assumed: a half-year the
 * table does not have takes the nearest one it has (the last after it, the first before it).
 * @example rateOf({ rates: { '2026-H1': 12.15 } }, '2026-H2') → { rate: 1215, assumed: true }
 */
export function rateOf(table: RateTable, key: string): Rate {
  const { byHalf, keys, answers } = byHalfYear(table);
  let answer = answers.get(key);
  if (answer === undefined) {
    const r = byHalf.get(key);
    if (r !== undefined) answer = { rate: r, assumed: false };
    else if (keys.length === 0) answer = { rate: 0, assumed: true };
    else answer = { rate: byHalf.get(key < keys[0]! ? keys[0]! : keys[keys.length - 1]!)!, assumed: true };
    answers.set(key, answer);
  }
  return answer;
}

/**
 * Interest on a debit, portion by portion (docs/accounting.md §6). `open` is what is still owed as
 * of `asOf`; `settlements` are the credits that paid the rest. Interest runs from `runsFrom` (the day
 * after the due date, unless a rule says later: a consumer's formal notice) through the day each
 * portion was paid, and through `asOf` for what is open. A credit dated before `runsFrom` earns nothing.
 *
 * @example
 * // 10,000.00 due 2025-03-15, 4,000.00 paid 2025-09-30, as of 2026-11-30, France:
 * // 10,000 × (13.15 % × 107 + 12.15 % × 92) / 365 + 6,000 × 12.15 % × 426 / 365 = 1,542.57
 * interestByPortions({ open: 600000, settlements: [{ date: d('2025-09-30'), amount: 400000 }],
 *   runsFrom: d('2025-03-16'), asOf: d('2026-11-30'), table }).interest === 154257
 */
export function interestByPortions(p: { readonly open: Cents; readonly settlements: readonly Settlement[]; readonly runsFrom: Day; readonly asOf: Day; readonly table: RateTable }): InterestResult {
  const { runsFrom, asOf, table } = p;
  // The credits by day, in day order: the amount earning interest changes the day after each (its own day still earns).
  const stopDays: Day[] = [];
  const stopAmounts: number[] = [];
  let paid = 0;
  for (const s of p.settlements) {
    if (s.amount <= 0 || s.date < runsFrom || s.date > asOf) continue;
    paid += s.amount;
    let k = stopDays.length;
    while (k > 0 && stopDays[k - 1]! > s.date) k--;
    if (k > 0 && stopDays[k - 1] === s.date) stopAmounts[k - 1]! += s.amount;
    else if (k === stopDays.length) {
      // The usual case: the credits come in day order.
      stopDays.push(s.date);
      stopAmounts.push(s.amount);
    } else {
      stopDays.splice(k, 0, s.date);
      stopAmounts.splice(k, 0, s.amount);
    }
  }
  const open = Math.max(0, p.open);
  const last = open > 0 ? asOf : stopDays.length > 0 ? Math.max(stopDays[stopDays.length - 1]!, runsFrom - 1) : runsFrom - 1;
  if (last < runsFrom || open + paid <= 0) return { interest: cents(0), days: 0, periods: [], assumed: [], rate: null };
  const fixed = table.fixedAtStart ? rateOf(table, halfYearKey(runsFrom)) : null;

  // Stretches at one amount and one rate; consecutive ones at the same amount and rate are one line of the table.
  const lines: { from: Day; to: Day; base: Cents; rate: number; assumed: boolean }[] = [];
  const assumed: string[] = [];
  let base = open + paid;
  let si = 0;
  for (let start = runsFrom; start <= last && base > 0; ) {
    while (si < stopDays.length && stopDays[si]! < start) base -= stopAmounts[si++]!;
    if (base <= 0) break;
    const nextStop = si < stopDays.length ? stopDays[si]! : Infinity;
    const half = halfYearOf(start);
    const end = day(Math.min(fixed ? Infinity : half.end, nextStop, last));
    const key = half.key;
    const r = fixed ?? rateOf(table, key);
    // Stretches go forward in time: a half-year can only repeat the one before (a list searched each time was quadratic over centuries).
    if (r.assumed && assumed[assumed.length - 1] !== key) assumed.push(key);
    const prev = lines[lines.length - 1];
    if (prev && prev.base === base && prev.rate === r.rate && prev.assumed === r.assumed && prev.to + 1 === start) prev.to = end;
    else lines.push({ from: start, to: end, base: cents(base), rate: r.rate, assumed: r.assumed });
    start = addDays(end, 1);
  }
  // One exact sum, one rounding; each line gets its share by the largest remainder. A line's interest is
  // base × rate × days / (365 × 10,000) (the rate in hundredths of a percent): its quotient and remainder
  // are worked out with the base cut at DEN, every product under 2^53, so that they are exact in doubles
  // for any interest a double holds to the cent.
  const DEN = 365 * 10000;
  const quotients: number[] = [];
  const remainders: number[] = [];
  let sumQ = 0;
  let sumR = 0;
  for (const l of lines) {
    const m = l.rate * (l.to - l.from + 1);
    const high = Math.floor(l.base / DEN);
    const low = (l.base - high * DEN) * m;
    const q = high * m + Math.floor(low / DEN);
    const r = low - Math.floor(low / DEN) * DEN;
    quotients.push(q);
    remainders.push(r);
    sumQ += q;
    sumR += r;
  }
  const interest = cents(sumQ + Math.floor((2 * sumR + DEN) / (2 * DEN)));
  const extra = interest - sumQ;
  if (extra > 0) {
    // The cents left go to the largest remainders, one each, the earlier line first among equals.
    const byRemainder = lines.map((_, i) => i).sort((a, b) => remainders[b]! - remainders[a]! || a - b);
    for (let k = 0; k < extra; k++) quotients[byRemainder[k]!]!++;
  }
  if (fixed?.assumed) assumed.splice(0, assumed.length, halfYearKey(runsFrom));
  const periods = lines.map((l, i) => ({ from: l.from, to: l.to, days: l.to - l.from + 1, base: l.base, rate: l.rate / 100, interest: cents(quotients[i]!), assumed: l.assumed }));
  return { interest, days: last - runsFrom + 1, periods, assumed, rate: periods.length ? periods[periods.length - 1]!.rate : null };
}
