import { dayFromIso, ymdFromDay, type Day } from '../core/dates.ts';
import type { Lang } from '../model/lang.ts';

/**
 * Amounts and dates for people, in the reader's language: French `1 234,56` and `31/10/2026`,
 * English `1,234.56` and `31 Oct 2026` (unambiguous on both sides of the Atlantic).
 */

const NNBSP = '\u202f'; // the narrow no-break space French typography puts between thousands

/** @example formatAmount(-123456, 'fr') === "-1 234,56" (narrow no-break spaces) */
export function formatAmount(c: number, lang: Lang): string {
  const neg = c < 0;
  const abs = Math.abs(c);
  const units = Math.floor(abs / 100);
  const rest = abs - units * 100;
  const group = lang === 'fr' ? NNBSP : ',';
  const dec = lang === 'fr' ? ',' : '.';
  const digits = String(units);
  let grouped = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += group;
    grouped += digits[i];
  }
  return `${neg ? '-' : ''}${grouped}${dec}${rest < 10 ? '0' : ''}${rest}`;
}

/**
 * An amount rounded to the unit (half away from zero), for a table that must narrow.
 * @example formatUnits(-123456, 'fr') === "-1 235"; formatUnits(4502_91, 'en') === "4,503"
 */
export function formatUnits(c: number, lang: Lang): string {
  const units = Math.sign(c) * Math.round(Math.abs(c) / 100);
  const s = formatAmount(units * 100, lang);
  return s.slice(0, -3);
}

const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£' };

/** @example formatMoney(123456, 'EUR', 'fr') === "1 234,56 €"; formatMoney(123456, 'EUR', 'en') === "€1,234.56" */
export function formatMoney(c: number, currency: string, lang: Lang): string {
  const sym = SYMBOLS[currency];
  const n = formatAmount(c, lang);
  if (lang === 'fr') return `${n}${NNBSP}${sym ?? currency}`;
  if (sym) return c < 0 ? `-${sym}${n.slice(1)}` : `${sym}${n}`;
  return `${currency} ${n}`;
}

/** @example formatPercent(0.0425, 'fr') === "4,3 %"; formatPercent(0.0425, 'en') === "4.3%" */
export function formatPercent(fraction: number, lang: Lang, digits = 1): string {
  const s = (fraction * 100).toFixed(digits);
  return lang === 'fr' ? `${s.replace('.', ',')}${NNBSP}%` : `${s}%`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** @example formatDate(dayFromYmd(2026,10,31), 'fr') === "31/10/2026"; 'en' → "31 Oct 2026" */
export function formatDate(day: Day, lang: Lang): string {
  const { y, m, d } = ymdFromDay(day);
  if (lang === 'fr') return `${d < 10 ? '0' : ''}${d}/${m < 10 ? '0' : ''}${m}/${y}`;
  return `${d} ${MONTHS_EN[m - 1]} ${y}`;
}

/** A plain amount (`-1234.50`, as JSON and the journal keep it) in the reader's format; any other text as it is. */
export function plainAmountText(plain: string, lang: Lang): string {
  const m = /^(-?)(\d{1,15})\.(\d\d)$/.exec(plain);
  if (m === null) return plain;
  const c = Number(m[2]) * 100 + Number(m[3]);
  return formatAmount(m[1] === '-' ? -c : c, lang);
}

/** An ISO day (`2026-11-30`) in the reader's format; any other text as it is. */
export function isoDayText(iso: string, lang: Lang): string {
  const day = dayFromIso(iso);
  return day === null ? iso : formatDate(day, lang);
}

const MONTHS_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];

/**
 * A month for people, as a column of them reads (each as wide as the longest, `MONTH_WIDTH`): `oct. 2026`, `Oct 2026`.
 * @example formatMonth(dayFromYmd(2026,2,1), 'fr') === "févr. 2026"
 */
export function formatMonth(day: Day, lang: Lang): string {
  const { y, m } = ymdFromDay(day);
  return `${(lang === 'fr' ? MONTHS_FR : MONTHS_EN)[m - 1]} ${y}`.padEnd(MONTH_WIDTH[lang]);
}

/** The width of `formatMonth`'s text. */
export const MONTH_WIDTH: Readonly<Record<Lang, number>> = { fr: 10, en: 8 };

/** Caption of a bucket for people; `short`, for a narrow table: `Not due`, `1–30`, `> 90`. */
export function bucketCaption(def: { key: string; from: number | null; to: number | null }, lang: Lang, short = false): string {
  if (def.key === 'not_due') return lang === 'fr' ? 'Non échu' : short ? 'Not due' : 'Not yet due';
  if (short) return def.to === null ? `> ${(def.from ?? 1) - 1}` : `${def.from}–${def.to}`;
  if (def.to === null) return lang === 'fr' ? `> ${(def.from ?? 1) - 1} j` : `Over ${(def.from ?? 1) - 1} days`;
  return lang === 'fr' ? `${def.from}–${def.to} j` : `${def.from}–${def.to} days`;
}

/** A percentage with as few decimals as it needs (at most 2): 5 %, 4.5 %, 4.25 %. */
export function formatRate(fraction: number, lang: Lang): string {
  const x = Math.round(fraction * 10000) / 100;
  const digits = Number.isInteger(x) ? 0 : Number.isInteger(x * 10) ? 1 : 2;
  return formatPercent(fraction, lang, digits);
}

/** A number with one decimal in the reader's language: `68,9` in French, `68.9` in English. */
export function decimalText(x: number, lang: Lang, digits = 1): string {
  const s = x.toFixed(digits);
  return lang === 'fr' ? s.replace('.', ',') : s;
}
