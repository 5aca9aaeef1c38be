import { consumerDamagesBE } from '../core/charges.ts';
import { ymdFromDay, type Day } from '../core/dates.ts';
import type { PlannedEmail } from '../core/dunning.ts';
import type { Country, InterestPeriod } from '../core/interest.ts';
import type { Language } from '../core/types.ts';
import type { Firm } from '../model/firm.ts';
import { chargesSentence, daysText, formalNoticeSentence, freeReminderSentence, furtherCostsSentence, nextStepSentence, type LegalContext } from './legal-texts.ts';

const IDENTITY_LABELS: Record<Language, { capital: string; vat: string; bce: string; rpm: string }> = {
  fr: { capital: 'au capital de', vat: 'TVA', bce: 'BCE', rpm: 'RPM' },
  en: { capital: 'with a share capital of', vat: 'VAT', bce: 'Company no. (BCE/KBO)', rpm: 'RLE' },
  nl: { capital: 'met een kapitaal van', vat: 'btw', bce: 'KBO', rpm: 'RPR' },
};

/** A value made fit for one line: line breaks and other controls become spaces. */
const oneLine = (s: string): string =>
  s
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** The firm's identity in one line, as the law asks it on its correspondence. */
export function firmIdentity(f: Firm, lang: Language): string {
  const firm = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, typeof v === 'string' ? oneLine(v) : v])) as unknown as Firm;
  const l = IDENTITY_LABELS[lang];
  const name = [firm.name, firm.legalForm].filter(Boolean).join(' ') + (firm.capital ? `, ${l.capital} ${firm.capital}` : '');
  const parts = [name];
  if (firm.address)
    parts.push(
      f
        .address!.split(/\s*(?:\r\n|\n|\r)\s*/)
        .map(oneLine)
        .filter(Boolean)
        .join(', '),
    );
  if (firm.siren) parts.push(`SIREN ${firm.siren}${firm.rcs ? ` RCS ${firm.rcs}` : ''}`);
  else if (firm.rcs) parts.push(`RCS ${firm.rcs}`);
  if (firm.bce) parts.push(`${l.bce} ${firm.bce}${firm.rpm ? ` ${l.rpm} ${firm.rpm}` : ''}`);
  if (firm.vat) parts.push(`${l.vat} ${firm.vat}`);
  return parts.join(' — ');
}

/**
 * How a rejected or refunded payment, owed again, is named to the customer. Its date is the
 * template's (`du {{ i.issueDate }}`), and it has no due date of its own (`i.refund`).
 */
export const REFUND: Record<Language, string> = { fr: 'Paiement rejeté', en: 'Returned payment', nl: 'Teruggestorte betaling' };

/** Each invoice's level, as a customer reads it in the list of a reminder. */
export const LEVEL_NAMES: Record<Language, readonly string[]> = {
  fr: ['', '1re relance', '2e relance', 'mise en demeure', 'dernier avis avant recouvrement'],
  en: ['', 'first reminder', 'second reminder', 'formal notice', 'final notice before collection'],
  nl: ['', 'eerste herinnering', 'tweede herinnering', 'ingebrekestelling', 'laatste aanmaning vóór invordering'],
};

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Amounts in the customer's language: fr `1 234,56 €`, nl `€ 1.234,56`, en `€1,234.56`. */
export function moneyIn(c: number, currency: string, lang: Language): string {
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

export function rateIn(rate: number | null, lang: Language): string {
  if (rate === null) return '';
  const s = rate.toFixed(2);
  return lang === 'en' ? `${s}%` : `${s.replace('.', ',')}\u00a0%`;
}

const LATE: Record<Language, (n: number) => string> = {
  fr: (n) => `${daysText(n, 'fr')} de retard`,
  en: (n) => `${daysText(n, 'en')} late`,
  nl: (n) => `${daysText(n, 'nl')} te laat`,
};

/** One line of the interest table, as a customer checks it: `du 16/03/2025 au 30/06/2025 : 10 000,00 € × 13,15 % × 107 jours / 365 = 385,49 €`. */
export function periodText(p: InterestPeriod, currency: string, lang: Language): string {
  const m = (c: number) => moneyIn(c, currency, lang);
  const formula = `${m(p.base)} × ${rateIn(p.rate, lang)} × ${daysText(p.days, lang)} / 365 = ${m(p.interest)}`;
  const mark = p.assumed ? { fr: ' (taux supposé)', en: ' (assumed rate)', nl: ' (verondersteld tarief)' }[lang] : '';
  if (lang === 'fr') return `du ${dateIn(p.from, lang)} au ${dateIn(p.to, lang)} : ${formula}${mark}`;
  if (lang === 'nl') return `van ${dateIn(p.from, lang)} tot ${dateIn(p.to, lang)}: ${formula}${mark}`;
  return `${dateIn(p.from, lang)} to ${dateIn(p.to, lang)}: ${formula}${mark}`;
}

/** What a payer needs, per language: the account, its holder, and what to quote. */
const PAY: Record<Language, { intro: string; holder: string; quote: string; communication: string; communications: string }> = {
  fr: {
    intro: 'Règlement par virement',
    holder: 'titulaire du compte',
    quote: 'en rappelant les numéros de facture',
    communication: 'communication structurée',
    communications: 'communications structurées',
  },
  en: { intro: 'Payment by bank transfer', holder: 'account holder', quote: 'quoting the invoice numbers', communication: 'structured communication', communications: 'structured communications' },
  nl: {
    intro: 'Betaling per overschrijving',
    holder: 'rekeninghouder',
    quote: 'met vermelding van de factuurnummers',
    communication: 'gestructureerde mededeling',
    communications: 'gestructureerde mededelingen',
  },
};

/** The payment block: `Règlement par virement : IBAN …, BIC …, titulaire du compte : …, communication structurée : +++…+++`. */
export function paymentText(firm: Firm, lang: Language, communications: readonly string[]): string {
  const l = PAY[lang];
  const sep = lang === 'fr' ? ' : ' : ': ';
  if (!firm.iban) return '';
  const parts = [`IBAN ${firm.iban}`];
  if (firm.bic) parts.push(`BIC ${firm.bic}`);
  parts.push(`${l.holder}${sep}${firm.accountHolder ?? firm.name}`);
  const comm = [...new Set(communications)];
  if (comm.length === 1) parts.push(`${l.communication}${sep}${comm[0]}`);
  else if (comm.length > 1) parts.push(`${l.communications}${sep}${lang === 'fr' ? 'voir chaque facture' : lang === 'nl' ? 'zie elke factuur' : 'see each invoice'}`);
  else parts.push(l.quote);
  return `${l.intro}${sep}${parts.join(', ')}.`;
}

/**
 * The data a reminder template sees: plain strings and numbers only, formatted for the customer.
 * Every value that came from a ledger is data, never markup: the HTML engine escapes it.
 * `communications` gives each invoice's structured communication (Belgian payments), by invoice number.
 */
export function reminderData(email: PlannedEmail, firm: Firm, country: Country, asOf: Day, communications: ReadonlyMap<string, string> = new Map()): Record<string, unknown> {
  const lang = email.language;
  const cur = email.currency;
  const m = (c: number) => moneyIn(c, cur, lang);
  const rate = rateIn(email.currentRate, lang);
  const due = email.overdue + email.interest + email.indemnity;
  const consumerDamages =
    country === 'BE' && email.customerType === 'consumer' && email.consumerIndemnityAgreed
      ? m(email.level >= 3 ? email.indemnity : email.invoices.reduce((s, p) => s + consumerDamagesBE(p.item.debit.open), 0))
      : null;
  const legal: LegalContext = {
    country,
    type: email.customerType,
    lang,
    rate,
    noticeDate: email.formalNoticeOn === null ? null : dateIn(email.formalNoticeOn, lang),
    firstReminderDate: email.firstReminderOn === null ? null : dateIn(email.firstReminderOn, lang),
    consumerDamages,
    total: m(due),
    deadlineDays: email.deadlineDays,
  };
  const comms = email.invoices.map((p) => communications.get(p.item.debit.number)).filter((c): c is string => c !== undefined);
  const count = email.invoices.length;
  return {
    firm: {
      name: firm.name,
      address: firm.address ?? '',
      siren: firm.siren ?? '',
      vat: firm.vat ?? '',
      iban: firm.iban ?? '',
      bic: firm.bic ?? '',
      accountHolder: firm.accountHolder ?? firm.name,
      email: firm.email ?? '',
      phone: firm.phone ?? '',
      signature: firm.signature ?? firm.name,
      identity: firmIdentity(firm, lang),
    },
    customer: { id: email.customerId, name: email.customer?.name ?? email.customerId, type: email.customerType },
    level: email.level,
    previousLevel: email.previousLevel,
    firstContact: email.previousLevel === 0,
    country,
    currency: cur,
    asOf: dateIn(asOf, lang),
    rate,
    count,
    many: count > 1,
    deadline: email.deadlineDays === null ? '' : daysText(email.deadlineDays, lang),
    noticeDate: legal.noticeDate ?? '',
    payment: paymentText(firm, lang, comms),
    legal: {
      charges: email.level >= 3 ? chargesSentence(legal, email.level) : '',
      furtherCosts: email.level >= 3 ? furtherCostsSentence(legal) : '',
      nextStep: nextStepSentence(legal),
      formalNotice: formalNoticeSentence(legal),
      freeReminder: email.level === 1 ? freeReminderSentence(legal) : '',
    },
    invoices: email.invoices.map((p) => ({
      number: p.item.debit.kind === 'refund' ? REFUND[lang] : p.item.debit.number,
      refund: p.item.debit.kind === 'refund',
      issueDate: dateIn(p.item.debit.issueDate, lang),
      dueDate: dateIn(p.item.debit.dueDate, lang),
      amount: m(p.item.debit.amount),
      open: m(p.item.debit.open),
      daysLate: Math.max(0, p.item.daysPastDue),
      late: LATE[lang](Math.max(0, p.item.daysPastDue)),
      level: p.level,
      levelName: LEVEL_NAMES[lang][p.level] ?? '',
      interest: m(p.interest),
      interestDays: p.interestDays,
      interestDaysText: daysText(p.interestDays, lang),
      indemnity: m(p.indemnity),
      communication: communications.get(p.item.debit.number) ?? '',
      periods: p.periods.map((x) => periodText(x, cur, lang)),
    })),
    paidLate: email.paidLate.map((p) => ({
      number: p.debit.number,
      dueDate: dateIn(p.debit.dueDate, lang),
      paidOn: dateIn(p.paidOn, lang),
      amount: m(p.debit.amount),
      late: LATE[lang](p.paidOn - p.debit.dueDate),
      interest: m(p.interest),
      indemnity: m(p.indemnity),
      periods: p.periods.map((x) => periodText(x, cur, lang)),
    })),
    claimPaidLate: email.claimPaidLate,
    // A consumer owes no fixed indemnity; in Belgium, only the damages the contract provides.
    indemnityApplies: email.customerType !== 'consumer' || (country === 'BE' && email.consumerIndemnityAgreed),
    hasPeriods: email.invoices.some((p) => p.periods.length > 0) || (email.claimPaidLate && email.paidLate.some((p) => p.periods.length > 0)),
    letterAttached: email.level === 3 && email.invoices.some((p) => p.advances && p.level === 3),
    totals: {
      overdue: m(email.overdue),
      interest: m(email.interest),
      indemnity: m(email.indemnity),
      due: m(due),
      balance: m(email.balance),
    },
    thanked: [...(email.thankedInvoices ?? [])],
  };
}
