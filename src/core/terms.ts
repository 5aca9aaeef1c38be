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

/**
 * Parses payment terms; returns null when the text is not terms.
 * @example parseTerms("45FDM") → { days: 45, endOfMonth: true }
 */
export function parseTerms(text: string): Terms | null {
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s._-]+/g, ' ')
    .trim();
  if (t === '') return null;
  if (/^(comptant|a reception|on receipt|cash|contant|0)$/.test(t)) return { days: 0, endOfMonth: false };
  const m = /^(?:net )?(\d{1,3})\s*(?:j|jours?|d|days?|dagen)?\s*(fdm|fin de mois|eom|end of month|einde maand|em)?$/.exec(t);
  if (!m) return null;
  const days = Number(m[1]);
  if (days > 365) return null;
  return { days, endOfMonth: m[2] !== undefined };
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
