/**
 * Calendar days, independent of any time zone. A `Day` is the number of days since 1970-01-01
 * (day 0). All date arithmetic in `ar` is integer arithmetic on days; no local-time `Date` is used.
 */

declare const DAY: unique symbol;

/**
 * Days since 1970-01-01. A branded number: a bare number is not a day until `day` (or `dayFromYmd`,
 * `dayFromIso`, the parsers of dates) says so, so that a count of days, an amount or a timestamp
 * cannot pass for a date. `day(d + 30)` is the day 30 days later; `a - b` is a number of days.
 */
export type Day = number & { readonly [DAY]: true };

/**
 * Says that a whole number is a calendar day (days since 1970-01-01).
 * @example day(dayFromIso('2026-10-31')! + 1) // 2026-11-01
 */
export function day(n: number): Day {
  return n as Day;
}

/** Days from civil (proleptic Gregorian) date; month 1..12. After H. Hinnant's algorithm. */
export function dayFromYmd(y: number, m: number, d: number): Day {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return day(era * 146097 + doe - 719468);
}

/** Civil date of a day. */
export function ymdFromDay(day: number): { y: number; m: number; d: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
}

/** True when y-m-d names a real calendar day (31/02 does not). */
export function isValidYmd(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * ISO 8601 calendar date of a day.
 * @example isoFromDay(dayFromYmd(2026, 10, 31)) === "2026-10-31"
 */
export function isoFromDay(day: number): string {
  // Written once per day of 1970–2059 (a statement writes the same few thousand days over and over).
  const memo = day >= 0 && day < ISO_MEMO_DAYS;
  const hit = memo ? isoMemo[day] : undefined;
  if (hit !== undefined) return hit;
  const { y, m, d } = ymdFromDay(day);
  const iso = `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
  if (memo) isoMemo[day] = iso;
  return iso;
}

const ISO_MEMO_DAYS = 1 << 15;
const isoMemo: (string | undefined)[] = [];

/**
 * Parses a strict `YYYY-MM-DD`; returns null when it is not a real date.
 * @example dayFromIso("2026-02-29") === null
 */
export function dayFromIso(text: string): Day | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return null;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
}

/** The last day of the month that contains `day`. */
export function endOfMonth(day: Day): Day {
  const { y, m } = ymdFromDay(day);
  return dayFromYmd(y, m, daysInMonth(y, m));
}

/** The first day of the month that contains `day`. */
export function startOfMonth(day: Day): Day {
  const { y, m } = ymdFromDay(day);
  return dayFromYmd(y, m, 1);
}

/** The day `days` later (earlier when negative). */
export function addDays(from: Day, days: number): Day {
  return day(from + days);
}

/** Adds whole months, clamping the day to the end of a shorter month (31/01 + 1 month = 28/02). */
export function addMonths(day: Day, months: number): Day {
  const { y, m, d } = ymdFromDay(day);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return dayFromYmd(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Day of an Excel serial date (1900 system, with Lotus' phantom 29/02/1900), or of the 1904 system. */
export function dayFromExcelSerial(serial: number, date1904 = false): Day {
  const whole = Math.floor(serial);
  if (date1904) return addDays(dayFromYmd(1904, 1, 1), whole);
  // Serial 60 is the non-existent 1900-02-29; serials after it are shifted by one.
  return addDays(dayFromYmd(1899, 12, 30), whole + (whole < 60 ? 1 : 0));
}
