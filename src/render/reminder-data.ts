import { ymdFromDay, type Day } from '../core/dates.ts';
import type { PlannedEmail } from '../core/dunning.ts';
import type { Country } from '../core/interest.ts';
import type { Cents } from '../core/money.ts';
import type { Language } from '../core/types.ts';

/** The firm, as the config describes it (all optional but the name). */
export interface Firm {
  readonly name: string;
  readonly address?: string;
  readonly siren?: string;
  readonly vat?: string;
  readonly iban?: string;
  readonly bic?: string;
  readonly email?: string;
  readonly phone?: string;
  readonly signature?: string;
}

/**
 * How a rejected or refunded payment, owed again, is named to the customer. Its date is the
 * template's (`du {{ i.issueDate }}`), and it has no due date of its own (`i.refund`).
 */
const REFUND: Record<Language, string> = { fr: 'Paiement rejeté', en: 'Returned payment', nl: 'Teruggestorte betaling' };

/** Each invoice's level, as a customer reads it in the list of a reminder. */
const LEVEL_NAMES: Record<Language, readonly string[]> = {
  fr: ['', '1re relance', '2e relance', 'mise en demeure', 'dernier avis avant recouvrement'],
  en: ['', 'first reminder', 'second reminder', 'formal notice', 'final notice before collection'],
  nl: ['', 'eerste herinnering', 'tweede herinnering', 'ingebrekestelling', 'laatste aanmaning vóór invordering'],
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Amounts in the customer's language: fr `1 234,56 €`, nl `€ 1.234,56`, en `€1,234.56`. */
export function moneyIn(c: Cents, currency: string, lang: Language): string {
  const neg = c < 0;
  const abs = Math.abs(c);
  const units = String(Math.floor(abs / 100));
  const dec = pad2(abs % 100);
  const group = lang === 'fr' ? '\u202f' : lang === 'nl' ? '.' : ',';
  let g = '';
  for (let i = 0; i < units.length; i++) {
    if (i > 0 && (units.length - i) % 3 === 0) g += group;
    g += units[i];
  }
  const n = `${neg ? '-' : ''}${g}${lang === 'en' ? '.' : ','}${dec}`;
  const sym = currency === 'EUR' ? '€' : currency;
  if (lang === 'fr') return `${n}\u00a0${sym}`;
  if (lang === 'nl') return `${sym}\u00a0${n}`;
  return currency === 'EUR' ? `€${n}` : `${currency} ${n}`;
}

export function dateIn(day: Day, lang: Language): string {
  const { y, m, d } = ymdFromDay(day);
  if (lang === 'en') return `${d} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][m - 1]} ${y}`;
  return lang === 'nl' ? `${pad2(d)}-${pad2(m)}-${y}` : `${pad2(d)}/${pad2(m)}/${y}`;
}

function rateIn(rate: number | null, lang: Language): string {
  if (rate === null) return '';
  const s = rate.toFixed(2);
  return lang === 'en' ? `${s}%` : `${s.replace('.', ',')}\u00a0%`;
}

/**
 * The data a reminder template sees: plain strings and numbers only, formatted for the customer.
 * Every value that came from a ledger is data, never markup: the HTML engine escapes it.
 */
export function reminderData(email: PlannedEmail, firm: Firm, country: Country, asOf: Day): Record<string, unknown> {
  const lang = email.language;
  const cur = email.currency;
  const m = (c: Cents) => moneyIn(c, cur, lang);
  const rate = email.invoices.find((i) => i.rate !== null)?.rate ?? null;
  return {
    firm: {
      name: firm.name, address: firm.address ?? '', siren: firm.siren ?? '', vat: firm.vat ?? '', iban: firm.iban ?? '', bic: firm.bic ?? '',
      email: firm.email ?? '', phone: firm.phone ?? '', signature: firm.signature ?? firm.name,
    },
    customer: { id: email.customerId, name: email.customer?.name ?? email.customerId },
    level: email.level,
    country,
    currency: cur,
    asOf: dateIn(asOf, lang),
    rate: rateIn(rate, lang),
    invoices: email.invoices.map((p) => ({
      number: p.item.debit.kind === 'refund' ? REFUND[lang] : p.item.debit.number,
      refund: p.item.debit.kind === 'refund',
      issueDate: dateIn(p.item.debit.issueDate, lang),
      dueDate: dateIn(p.item.debit.dueDate, lang),
      amount: m(p.item.debit.amount),
      open: m(p.item.debit.open),
      daysLate: Math.max(0, p.item.daysPastDue),
      level: p.level,
      levelName: LEVEL_NAMES[lang][p.level] ?? '',
      interest: m(p.interest),
      interestDays: p.interestDays,
      indemnity: m(p.indemnity),
    })),
    totals: {
      overdue: m(email.overdue),
      interest: m(email.interest),
      indemnity: m(email.indemnity),
      due: m(email.overdue + email.interest + email.indemnity),
      balance: m(email.balance),
    },
    thanked: [...(email.thankedInvoices ?? [])],
  };
}
