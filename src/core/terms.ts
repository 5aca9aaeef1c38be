import { addDays, endOfMonth, type Day } from './dates.ts';

/**
 * Payment terms as French and Belgian invoices write them: `30` (days net), `45FDM`, `30 fin de mois`,
 * `60 jours`, `comptant` (on receipt). "Fin de mois" is read two lawful ways (docs/accounting.md §1.11):
 * `add-then-eom` (default): issue + N days, then the end of that month;
 * `eom-then-add`: the end of the issue month, then + N days.
 */
export type EndOfMonthRule = 'add-then-eom' | 'eom-then-add';

export interface Terms {
  readonly days: number;
  readonly endOfMonth: boolean;
}

/** The longest text read as terms (the longest e-invoice sentence of terms seen is some 120 characters). */
const TERMS_MAX = 300;

/** Words that say "end of month" in the languages invoices are written in. */
const END_OF_MONTH = /\b(fin de mois|fin du mois|fdm|end of (the )?(invoice |current )?month|eom|einde (van de )?maand|monatsende|ende des monats)\b/;
/** "N days", with the unit in French, English, Dutch or German. */
const N_DAYS = /(?<![\d.,/-])(\d{1,3})\s*(?:-\s*)?(?:j|jours?|jrs?|days?|d|dagen|tage?n?)(?![a-z])/g;
/** "net 30", "netto 30". */
const NET_N = /\bnet(?:to)?\s*(\d{1,3})(?![\d.,])/g;
const ON_RECEIPT = /\b(comptant|a reception|des reception|on receipt|upon receipt|due on receipt|immediate|immediately|immediat|sofort|bij ontvangst|contant|cash|cod|contre remboursement|rembours)\b/;
/**
 * A period in months (`2 mois`, `1 month`, Business Central's `1M(8D)`: a month, 8 days of it with a discount): no
 * number of days says it, and the days beside it are a discount's. Not read.
 */
const N_MONTHS = /(?<![\d.,/-])\d{1,3}\s*(?:m|mois|months?|maand(?:en)?|monate?n?)(?![a-z])/;
/**
 * A day of the month to pay on (`45 jours fin de mois le 10`, `le 10 du mois suivant`), or the end of a ten-day period
 * (`10 jours fin de décade`: the 10th, 20th or last day of a month): not a period of days, not read.
 */
const DAY_OF_MONTH = /\ble \d{1,2}\b|\bdu mois suivant\b|\bof (the )?(next|following) month\b|\bvan de volgende maand\b|\bdecade\b/;

/**
 * Payment terms, as a spreadsheet's column, a customers file or an e-invoice's text writes them: `30` (days net),
 * `45FDM`, `30 jours fin de mois`, `60 jours nets`, `Net 30`, `Paiement à 30 jours`, `comptant`, `à réception`
 * (on receipt), `fin de mois` alone (the end of the month). In a sentence, the longest period it names
 * ("2 % d'escompte à 10 jours, 30 jours net" → 30: a discount window is always shorter than the net term), at
 * the end of the month when the text says so anywhere. Null when the text names no period, or names a day of the
 * month to pay on (`… le 10`: no number of days says it), or a date (`bis 12.12.2020`).
 * @example parseTerms("45FDM") → { days: 45, endOfMonth: true }
 * @example parseTerms("Payment within 30 days") → { days: 30, endOfMonth: false }
 */
export function parseTerms(text: string): Terms | null {
  if (text.length > TERMS_MAX * 4) return null;
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  // Terms are a few words: a longer text is none (and no pattern below runs on a megabyte of cell).
  if (t === '' || t.length > TERMS_MAX || DAY_OF_MONTH.test(t) || N_MONTHS.test(t)) return null;
  // The short forms: `30`, `45FDM`, `45 j. fdm`, `net 30 eom` (separators bounded: no backtracking on a run of them).
  const m = /^(?:net )?(\d{1,3})[ ._-]{0,2}(?:j|jours?|d|days?|dagen)?[ ._-]{0,2}(fdm|fin de mois|eom|end of month|einde maand|em)?$/.exec(t);
  if (m) return Number(m[1]) > 365 ? null : { days: Number(m[1]), endOfMonth: m[2] !== undefined };
  let days = -1;
  for (const n of t.matchAll(N_DAYS)) days = Math.max(days, Number(n[1]));
  for (const n of t.matchAll(NET_N)) days = Math.max(days, Number(n[1]));
  if (days > 365) return null;
  const eom = END_OF_MONTH.test(t);
  if (days >= 0) return { days, endOfMonth: eom };
  if (ON_RECEIPT.test(t) || t === '0') return { days: 0, endOfMonth: false };
  // The end of the month alone (`fin de mois`, `EOM`): of the issue's month.
  return eom ? { days: 0, endOfMonth: true } : null;
}

/**
 * Due date from an issue date and terms.
 * @example dueDateFromTerms(dayFromYmd(2026,1,10), {days:45,endOfMonth:true}) → 2026-02-28
 */
export function dueDateFromTerms(issue: Day, terms: Terms, rule: EndOfMonthRule = 'add-then-eom'): Day {
  if (!terms.endOfMonth) return addDays(issue, terms.days);
  if (rule === 'add-then-eom') return endOfMonth(addDays(issue, terms.days));
  return addDays(endOfMonth(issue), terms.days);
}

/** The default terms: 30 days (docs/accounting.md §1.10). */
export const DEFAULT_TERMS: Terms = { days: 30, endOfMonth: false };

/** Terms written back the way French invoices write them. */
export function formatTerms(terms: Terms): string {
  return terms.endOfMonth ? `${terms.days}FDM` : String(terms.days);
}
