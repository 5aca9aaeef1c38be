import { parseTerms, type Terms } from '../terms.ts';

/** Words that say "end of month" in the languages e-invoices are written in. */
const END_OF_MONTH = /\b(fin de mois|fdm|end of (the )?month|eom|einde (van de )?maand|monatsende|ende des monats)\b/;
/** "N days", with the unit in French, English, Dutch or German. */
const N_DAYS = /(?<![\d.,/-])(\d{1,3})\s*(?:-\s*)?(?:j|jours?|jrs?|days?|d|dagen|tage?n?)(?![a-z])/g;
/** "net 30", "netto 30". */
const NET_N = /\bnet(?:to)?\s*(\d{1,3})(?![\d.,])/g;
const ON_RECEIPT = /\b(comptant|a reception|des reception|on receipt|upon receipt|due on receipt|immediate|immediately|sofort|bij ontvangst|contant)\b/;

/**
 * Payment terms from the free text of an e-invoice (UBL `PaymentTerms/Note`, CII
 * `SpecifiedTradePaymentTerms/Description`), for when the invoice gives no due date.
 * The exact forms of `parseTerms` first (`30`, `45FDM`, `30 fin de mois`); then, in a sentence,
 * the longest period it names ("2 % d'escompte à 10 jours, 30 jours net" → 30: a discount window
 * is always shorter than the net term), at the end of the month when the text says so anywhere;
 * "comptant" / "on receipt" → 0 days. Returns null when the text names no period (a date in words,
 * "Zahlbar bis 12.12.2020", is not read): the caller then uses the customer's or the default terms.
 *
 * @example termsFromText("30 jours fin de mois") → { days: 30, endOfMonth: true }
 * @example termsFromText("Payment within 30 days") → { days: 30, endOfMonth: false }
 * @example termsFromText("Net 30") → { days: 30, endOfMonth: false }
 */
export function termsFromText(text: string): Terms | null {
  const exact = parseTerms(text);
  if (exact) return exact;
  const t = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
  if (t === '') return null;
  let days = -1;
  for (const m of t.matchAll(N_DAYS)) days = Math.max(days, Number(m[1]));
  for (const m of t.matchAll(NET_N)) days = Math.max(days, Number(m[1]));
  if (days > 365) return null;
  if (days >= 0) return { days, endOfMonth: END_OF_MONTH.test(t) };
  if (ON_RECEIPT.test(t)) return { days: 0, endOfMonth: false };
  return null;
}
