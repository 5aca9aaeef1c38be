import { dayFromYmd, ymdFromDay, type Day } from './dates.ts';
import { mulDivRound, type Cents } from './money.ts';

/**
 * Late-payment charges between businesses (docs/accounting.md §6): simple interest on an actual/365 basis from the
 * day after the due date until payment (or the as-of date), at the rate in force for each half-year,
 * rounded half away from zero to the cent per invoice; plus a fixed 40 EUR indemnity per invoice paid late.
 */

export type Country = 'FR' | 'BE';

/** Annual rates in percent by half-year key `YYYY-H1` / `YYYY-H2`, per country. Data, not code. */
export type RateTable = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The fixed indemnity for recovery costs per invoice paid late: 40 EUR in France (D441-5) and Belgium. */
export const FIXED_INDEMNITY_EUR: Cents = 4000;

export interface InterestResult {
  readonly interest: Cents;
  /** Days of interest counted. */
  readonly days: number;
  /** Half-years whose rate was missing from the table (the last known rate was used). */
  readonly assumed: string[];
  /** The rate of the last half-year counted, in percent. */
  readonly rate: number | null;
}

function halfYearKey(day: Day): string {
  const { y, m } = ymdFromDay(day);
  return `${y}-H${m <= 6 ? 1 : 2}`;
}

function halfYearEnd(day: Day): Day {
  const { y, m } = ymdFromDay(day);
  return m <= 6 ? dayFromYmd(y, 6, 30) : dayFromYmd(y, 12, 31);
}

/**
 * Interest on `open` from the day after `due` to `until` inclusive.
 * An agreed rate (percent a year) replaces the statutory one when given.
 * @example lateInterest(100000, d('2025-01-31'), d('2025-03-02'), 'FR', rates) → 30 days at 13.15 % = 10.81
 */
export function lateInterest(
  open: Cents,
  due: Day,
  until: Day,
  country: Country,
  rates: RateTable,
  agreedRate: number | null = null,
): InterestResult {
  const days = Math.max(0, until - due);
  if (days === 0 || open <= 0) return { interest: 0, days: 0, assumed: [], rate: null };
  const table = rates[country] ?? {};
  const keys = Object.keys(table).sort();
  const lastKnown = keys.length > 0 ? table[keys[keys.length - 1]!]! : null;
  // Σ rate (hundredths of a percent) × days, then one exact rounding.
  let weighted = 0n;
  const assumed: string[] = [];
  let start = due + 1;
  let rate: number | null = null;
  while (start <= until) {
    const end = Math.min(halfYearEnd(start), until);
    const key = halfYearKey(start);
    let r = agreedRate;
    if (r === null) {
      r = table[key] ?? null;
      if (r === null) {
        r = key < (keys[0] ?? '') ? table[keys[0]!] ?? 0 : lastKnown ?? 0;
        assumed.push(key);
      }
    }
    rate = r;
    weighted += BigInt(Math.round(r * 100)) * BigInt(end - start + 1);
    start = end + 1;
  }
  return { interest: mulDivRound(open, weighted, 365n * 10000n), days, assumed, rate };
}
