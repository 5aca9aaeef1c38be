import { dayFromExcelSerial, dayFromYmd, isValidYmd, type Day } from '../dates.ts';

/**
 * Dates as files write them: ISO `2026-10-31` (with or without a time), `31/10/2026`, `31.10.2026`,
 * `31-10-2026`, `10/31/2026`, two-digit years, `20261031` (FEC), Excel serials (`46326`), and the month
 * by its name as Excel's date formats write it (`15-févr.-2026`, `15-Feb-26`, `15 februari 2026`,
 * `Feb 15, 2026`), after the day of the week or not (`vendredi 2 octobre 2026`). A time after the date is ignored
 * (`31/10/2026 00:00:00`, `10/31/2026 12:00 AM`, `15-Jan-2026 10:30`, `15 janv. 2026 à 10h30`).
 * The order of day and month in `a/b/yyyy` is decided for a whole column (`decideDateOrder`), or told
 * (`--date-order`, `dateOrder` in the config); `ymd` reads `yy/mm/dd`.
 */

export type DateOrder = 'dmy' | 'mdy' | 'ymd';

/** With a time, and its zone as written (`T23:30:00Z`, Shopify's ` 23:30:00 -0500`, ` 11:30 PM UTC`): the day is the one written. */
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[ap]\.?m\.?)?(?:\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?)?$/i;
/**
 * A time after the date, ignored (a date is a calendar day): `00:00`, `14:32:05`, `00:00:00.000`, and the
 * 12-hour clock of English exports, `12:00 AM`, `3:15:00 p.m.`.
 */
const YMD_SLASH = /^(\d{4})[/.](\d{1,2})[/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\.?)?)?$/i;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const AMBIGUOUS = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s?[ap]\.?m\.?)?)?$/i;
const SERIAL = /^\d{5}(?:[.,]\d+)?$/;
/** `15-févr.-2026`, `15 Feb 26`, `1er mars 2026` (accents and case taken out first). */
const DAY_NAME_YEAR = /^(\d{1,2})(?:er)?[\s./-]*([a-z]{3,9})\.?[\s./-]*(\d{4}|\d{2})$/;
/** `Feb 15, 2026`, `February 15 2026`. */
const NAME_DAY_YEAR = /^([a-z]{3,9})\.?\s*(\d{1,2}),?\s+(\d{4})$/;
/**
 * A time after a date whose month is written by its name, ignored as every time is: `15-Jan-2026 00:00:00`,
 * `Jan 15, 2026 10:30 AM`, `15 janv. 2026 à 10:30`, `15 janvier 2026 10h30`, `15 jan 2026 om 10:30` (lower case,
 * no accents); `15 Feb 26` has none (a time has its minutes).
 */
const NAMED_TIME = /,?\s+(?:(?:a|at|om)\s+)?\d{1,2}(?::\d{2}(?::\d{2}(?:[.,]\d+)?)?|h\d{2})(?:\s?[ap]\.?m\.?)?(?:\s?(?:z|utc|gmt|[+-]\d{2}:?\d{2}))?$/;

/**
 * The months by their names and the abbreviations Excel and accounting software write, in French,
 * English and Dutch, without accents (`févr.` is `fevr`): where the languages share a spelling they
 * mean the same month (`mar`, `jul`, `dec`).
 */
const MONTHS: Readonly<Record<string, number>> = {
  ...names(1, 'janvier janv jan january januari'),
  ...names(2, 'fevrier fevr fev february feb februari'),
  ...names(3, 'mars mar march maart mrt maa'),
  ...names(4, 'avril avr april apr'),
  ...names(5, 'mai may mei'),
  ...names(6, 'juin june jun juni'),
  ...names(7, 'juillet juil july jul juli'),
  ...names(8, 'aout aou august aug augustus'),
  ...names(9, 'septembre sept sep september'),
  ...names(10, 'octobre oct october oktober okt'),
  ...names(11, 'novembre nov november'),
  ...names(12, 'decembre dec december'),
};

function names(month: number, words: string): Record<string, number> {
  return Object.fromEntries(words.split(' ').map((w) => [w, month]));
}

/**
 * The days of the week, Sunday 0, as Excel's long dates write them before the date (`vendredi 2 octobre 2026`,
 * `Friday, October 2, 2026`, `vrijdag 2 oktober 2026`) and their abbreviations (`ven.`, `Fri`, `vr`).
 */
const WEEKDAYS: Readonly<Record<string, number>> = {
  ...names(0, 'dimanche dim sunday sun zondag zo'),
  ...names(1, 'lundi lun monday mon maandag ma'),
  ...names(2, 'mardi mar tuesday tue tues dinsdag di'),
  ...names(3, 'mercredi mer wednesday wed woensdag wo'),
  ...names(4, 'jeudi jeu thursday thu thur thurs donderdag do'),
  ...names(5, 'vendredi ven friday fri vrijdag vr'),
  ...names(6, 'samedi sam saturday sat zaterdag za'),
};
/** A day of the week before a date: its word, a dot, a comma. */
const WEEKDAY = /^([a-z]{2,9})\.?,?\s+(?=\S)/;

/**
 * A date whose month is written by its name, after the day of the week or not; undefined when the text has no
 * such shape, null when the date does not exist or is not on the day of the week it says.
 */
function monthNameDate(text: string): Day | null | undefined {
  // Letters are rare in a date cell: the common shapes never pay for the normalisation.
  if (!/[a-zA-Z\u00c0-\u00ff]/.test(text)) return undefined;
  const s = text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(NAMED_TIME, '');
  const date = namedMonth(s);
  if (date !== undefined) return date;
  const w = WEEKDAY.exec(s);
  const weekday = w !== null && Object.hasOwn(WEEKDAYS, w[1]!) ? WEEKDAYS[w[1]!]! : undefined;
  if (weekday === undefined) return undefined;
  const after = namedMonth(s.slice(w![0].length));
  // 1970-01-01, day 0, was a Thursday (4).
  return after === undefined || after === null ? after : (((after + 4) % 7) + 7) % 7 === weekday ? after : null;
}

/** `15 février 2026`, `Feb 15, 2026` (lower case, no accents); undefined when the text has no such shape. */
function namedMonth(s: string): Day | null | undefined {
  let d: number;
  let name: string;
  let y: number;
  let m = DAY_NAME_YEAR.exec(s);
  if (m) {
    d = Number(m[1]);
    name = m[2]!;
    y = fullYear(m[3]!);
  } else {
    m = NAME_DAY_YEAR.exec(s);
    if (!m) return undefined;
    name = m[1]!;
    d = Number(m[2]);
    y = Number(m[3]);
  }
  const month = Object.hasOwn(MONTHS, name) ? MONTHS[name]! : undefined;
  if (month === undefined) return undefined;
  return isValidYmd(y, month, d) ? dayFromYmd(y, month, d) : null;
}

const digit = (s: string, i: number): number => {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
};

/**
 * The two shapes of nearly every cell, `2026-10-31` and `31/10/2026`, read without regexes.
 * Returns undefined when the text has another shape (the general parser then decides).
 */
function fastDate(s: string, order: DateOrder): Day | null | undefined {
  if (s.length !== 10) return undefined;
  const c4 = s.charCodeAt(4);
  const c2 = s.charCodeAt(2);
  let y: number;
  let m: number;
  let d: number;
  if (c4 === 45 && s.charCodeAt(7) === 45) {
    const y0 = digit(s, 0),
      y1 = digit(s, 1),
      y2 = digit(s, 2),
      y3 = digit(s, 3);
    const m0 = digit(s, 5),
      m1 = digit(s, 6),
      d0 = digit(s, 8),
      d1 = digit(s, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) < 0) return undefined;
    y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    m = m0 * 10 + m1;
    d = d0 * 10 + d1;
  } else if (order !== 'ymd' && (c2 === 47 || c2 === 46 || c2 === 45) && s.charCodeAt(5) === c2) {
    const a0 = digit(s, 0),
      a1 = digit(s, 1),
      b0 = digit(s, 3),
      b1 = digit(s, 4);
    const y0 = digit(s, 6),
      y1 = digit(s, 7),
      y2 = digit(s, 8),
      y3 = digit(s, 9);
    if ((a0 | a1 | b0 | b1 | y0 | y1 | y2 | y3) < 0) return undefined;
    const a = a0 * 10 + a1;
    const b = b0 * 10 + b1;
    y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
    if (order === 'dmy') {
      d = a;
      m = b;
    } else {
      m = a;
      d = b;
    }
  } else {
    return undefined;
  }
  return isValidYmd(y, m, d) ? dayFromYmd(y, m, d) : null;
}

/** What one value says of the column's order: 'dmy', 'mdy', or null (undecided or not that shape). */
export function dateOrderEvidence(text: string): DateOrder | null {
  if (text.length === 10 && text.charCodeAt(4) === 45) return null; // ISO: no order to tell
  const m = AMBIGUOUS.exec(text.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[3]);
  if (a > 12 && b <= 12) return 'dmy';
  if (b > 12 && a <= 12) return 'mdy';
  return null;
}

/** True when the value is `a/b/yyyy` with a four-digit year last: a day-and-month order, never `ymd`. */
export function isYearLast(text: string): boolean {
  const m = AMBIGUOUS.exec(text.trim());
  return m !== null && m[4]!.length === 4;
}

/** True when the value reads differently as d/m and m/d (03/04/2026, not 03/03/2026). */
export function isAmbiguousDate(text: string): boolean {
  if (text.length === 10 && text.charCodeAt(4) === 45) return false;
  const m = AMBIGUOUS.exec(text.trim());
  if (!m) return false;
  const a = Number(m[1]);
  const b = Number(m[3]);
  return a <= 12 && b <= 12 && a !== b;
}

/**
 * Decides a column's order of day and month from all its values: a day over 12 settles it.
 * `conflicting` tells that some values prove the other order.
 */
export function decideDateOrder(values: Iterable<string>): { order: DateOrder | null; dmy: number; mdy: number } {
  let dmy = 0;
  let mdy = 0;
  for (const v of values) {
    const e = dateOrderEvidence(v);
    if (e === 'dmy') dmy++;
    else if (e === 'mdy') mdy++;
  }
  if (dmy === 0 && mdy === 0) return { order: null, dmy, mdy };
  return { order: dmy >= mdy ? 'dmy' : 'mdy', dmy, mdy };
}

function fullYear(y: string): number {
  if (y.length === 4) return Number(y);
  const n = Number(y);
  return n < 70 ? 2000 + n : 1900 + n;
}

/** Plausible Excel serials: 1927-05-18 (10000) to 2173-10-14 (99999). */
function serialDay(text: string, date1904: boolean): Day | null {
  const n = Number(text.replace(',', '.'));
  if (!Number.isFinite(n) || n < 10000 || n > 99999) return null;
  return dayFromExcelSerial(n, date1904);
}

/**
 * Parses a date written as text in the given order; null when it is not a real date.
 * @example parseDateText("31/10/2026", "dmy") === dayFromYmd(2026, 10, 31)
 * @example parseDateText("31/02/2026", "dmy") === null
 */
export function parseDateText(text: string, order: DateOrder, date1904 = false): Day | null {
  const fast = fastDate(text, order);
  if (fast !== undefined) return fast;
  const s = text.trim();
  let m = ISO.exec(s) ?? YMD_SLASH.exec(s) ?? COMPACT.exec(s);
  if (m) {
    const y = Number(m[1]);
    const mo = Number(m[2]);
    const d = Number(m[3]);
    return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
  }
  m = AMBIGUOUS.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[3]);
    if (order === 'ymd') {
      // yy/mm/dd: a year written first with two digits; a four-digit year last is not this order.
      if (m[4]!.length !== 2) return null;
      const y = fullYear(m[1]!.padStart(2, '0'));
      const d = Number(m[4]);
      return isValidYmd(y, b, d) ? dayFromYmd(y, b, d) : null;
    }
    const y = fullYear(m[4]!);
    const [d, mo] = order === 'dmy' ? [a, b] : [b, a];
    return isValidYmd(y, mo, d) ? dayFromYmd(y, mo, d) : null;
  }
  if (SERIAL.test(s)) return serialDay(s, date1904);
  return monthNameDate(s) ?? null;
}

/** A date typed as a number by the spreadsheet: an Excel serial. */
export function dayFromSerialNumber(n: number, date1904 = false): Day | null {
  if (!isExcelDateSerial(n, date1904)) return null;
  return dayFromExcelSerial(n, date1904);
}

/**
 * Whether a number is a serial Excel shows as a date: 1 (1900-01-01) to 2958465 (9999-12-31), or 0 to
 * 2957003 in the 1904 date system; beyond, Excel shows #####.
 */
export function isExcelDateSerial(n: number, date1904 = false): boolean {
  return Number.isFinite(n) && (date1904 ? n >= 0 && n < 2957004 : n >= 1 && n < 2958466);
}
