import { isoFromDay, type Day } from '../core/dates.ts';
import type { PlannedEmail } from '../core/dunning.ts';
import type { Country } from '../core/interest.ts';
import type { Language } from '../core/types.ts';
import { chargesSentence, formalNoticeSentence, furtherCostsSentence, type LegalContext } from './legal-texts.ts';
import type { Firm } from '../model/firm.ts';
import { dateIn, firmIdentity, moneyIn, paymentText, periodText, rateIn, REFUND } from './reminder-data.ts';
import type { LetterModel } from '../model/documents.ts';
import { consumerDamagesBE } from '../core/charges.ts';

/**
 * The registered letter of formal notice (mise en demeure, ingebrekestelling) as a model of blocks of
 * text and one table, in the customer's language; src/io/letter-pdf.ts lays it out on A4 pages.
 * It carries what the letter must show: the firm's letterhead and identity, the customer's postal
 * address, place and date, the invoices with their due dates and open amounts, the interest period
 * by period and the indemnities, the legal references, the deadline, the bank details and the
 * structured communication, and a signature block.
 */

/** The words of each language. */
const WORDS = {
  fr: {
    title: 'Mise en demeure de payer',
    delivery: 'Lettre recommandée avec demande d’avis de réception',
    subject: 'Objet : mise en demeure de payer',
    salutation: 'Madame, Monsieur,',
    place: (p: string, d: string) => `${p ? `${p}, le` : 'Le'} ${d}`,
    intro: (many: boolean, first: boolean) =>
      `${first ? 'Sauf erreur de notre part' : 'Malgré nos précédentes relances'}, ${many ? 'les factures suivantes restent impayées' : 'la facture suivante reste impayée'} à ce jour :`,
    head: ['Facture', 'Date', 'Échéance', 'Reste dû', 'Intérêts', 'Indemnité'],
    total: 'Total',
    totalDue: 'Total dû',
    interestTitle: 'Détail des intérêts de retard (montant × taux × jours / 365)',
    paidLate: 'payée le',
    closing: 'Veuillez agréer, Madame, Monsieur, l’expression de nos salutations distinguées.',
    communication: 'Communication structurée',
  },
  en: {
    title: 'Formal notice to pay',
    delivery: 'Registered letter with acknowledgement of receipt',
    subject: 'Subject: formal notice to pay',
    salutation: 'Dear Sir or Madam,',
    place: (p: string, d: string) => `${p ? `${p}, ` : ''}${d}`,
    intro: (many: boolean, first: boolean) => `${first ? 'According to our records' : 'Despite our earlier reminders'}, the following ${many ? 'invoices remain' : 'invoice remains'} unpaid:`,
    head: ['Invoice', 'Date', 'Due', 'Open', 'Interest', 'Indemnity'],
    total: 'Total',
    totalDue: 'Total due',
    interestTitle: 'Late interest in detail (amount × rate × days / 365)',
    paidLate: 'paid on',
    closing: 'Yours faithfully,',
    communication: 'Structured communication',
  },
  nl: {
    title: 'Ingebrekestelling',
    delivery: 'Aangetekende brief met ontvangstbewijs',
    subject: 'Betreft: ingebrekestelling tot betaling',
    salutation: 'Geachte mevrouw, geachte heer,',
    place: (p: string, d: string) => `${p ? `${p}, ` : ''}${d}`,
    intro: (many: boolean, first: boolean) =>
      `${first ? 'Volgens onze gegevens' : 'Ondanks onze eerdere herinneringen'} ${many ? 'blijven de volgende facturen' : 'blijft de volgende factuur'} onbetaald:`,
    head: ['Factuur', 'Datum', 'Vervaldag', 'Openstaand', 'Interest', 'Vergoeding'],
    total: 'Totaal',
    totalDue: 'Totaal verschuldigd',
    interestTitle: 'Verwijlinterest in detail (bedrag × rentevoet × dagen / 365)',
    paidLate: 'betaald op',
    closing: 'Met vriendelijke groeten,',
    communication: 'Gestructureerde mededeling',
  },
} as const;

/** The town of a firm: its `city`, else the last part of its address without the postal code. */
function townOf(firm: Firm): string {
  if (firm.city) return firm.city;
  const last =
    (firm.address ?? '')
      .split(/[\n,]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .pop() ?? '';
  return last.replace(/^(?:[A-Z]{1,2}-?)?\d{4,5}\s+/, '');
}

/**
 * The letter of formal notice for a planned reminder at the formal-notice level (or any level, on
 * demand: `ar letter`), dated `asOf`.
 * @example letterModel(email, firm, 'FR', asOf, new Map()).subject === 'Objet : mise en demeure de payer'
 */
export function letterModel(email: PlannedEmail, firm: Firm, country: Country, asOf: Day, communications: ReadonlyMap<string, string>): LetterModel {
  const lang = email.language;
  const t = WORDS[lang];
  const cur = email.currency;
  const m = (c: number) => moneyIn(c, cur, lang);
  const due = email.overdue + email.interest + email.indemnity;
  const consumerDamages =
    country === 'BE' && email.customerType === 'consumer' && email.consumerIndemnityAgreed ? m(email.indemnity || email.invoices.reduce((s, p) => s + consumerDamagesBE(p.item.debit.open), 0)) : null;
  const legal: LegalContext = {
    country,
    type: email.customerType,
    lang,
    rate: rateIn(email.currentRate, lang),
    noticeDate: email.formalNoticeOn === null ? null : dateIn(email.formalNoticeOn, lang),
    firstReminderDate: email.firstReminderOn === null ? null : dateIn(email.firstReminderOn, lang),
    consumerDamages,
    total: m(due),
    deadlineDays: email.deadlineDays,
  };
  const label = (number: string, refund: boolean, issue: Day) => (refund ? `${REFUND[lang]} ${dateIn(issue, lang)}` : number);
  const rows = email.invoices.map((p) => [
    label(p.item.debit.number, p.item.debit.kind === 'refund', p.item.debit.issueDate),
    dateIn(p.item.debit.issueDate, lang),
    p.item.debit.kind === 'refund' ? '' : dateIn(p.item.debit.dueDate, lang),
    m(p.item.debit.open),
    m(p.interest),
    m(p.indemnity),
  ]);
  const claimed = email.claimPaidLate ? email.paidLate : [];
  for (const p of claimed)
    rows.push([`${p.debit.number} (${t.paidLate} ${dateIn(p.paidOn, lang)})`, dateIn(p.debit.issueDate, lang), dateIn(p.debit.dueDate, lang), m(0), m(p.interest), m(p.indemnity)]);
  const interest = [
    ...email.invoices
      .filter((p) => p.periods.length > 0)
      .map((p) => ({ invoice: label(p.item.debit.number, p.item.debit.kind === 'refund', p.item.debit.issueDate), lines: p.periods.map((x) => periodText(x, cur, lang)) })),
    ...claimed.filter((p) => p.periods.length > 0).map((p) => ({ invoice: p.debit.number, lines: p.periods.map((x) => periodText(x, cur, lang)) })),
  ];
  const comms = email.invoices.flatMap((p) => {
    const c = communications.get(p.item.debit.number);
    return c ? [`${t.communication} ${p.item.debit.number}${lang === 'fr' ? ' :' : ':'} ${c}`] : [];
  });
  const commValues = email.invoices.map((p) => communications.get(p.item.debit.number)).filter((c): c is string => c !== undefined);
  const address = email.customer?.address ?? [];
  return {
    lang,
    title: t.title,
    sender: [
      firm.name,
      ...(firm.address ?? '')
        .split('\n')
        .map((s) => s.trim())
        .filter(Boolean),
      ...[firm.phone, firm.email].filter((x): x is string => !!x),
    ],
    recipient: [email.customer?.name ?? email.customerId, ...address],
    noAddress: address.length === 0,
    placeDate: t.place(townOf(firm), dateIn(asOf, lang)),
    delivery: t.delivery,
    subject: t.subject,
    salutation: t.salutation,
    intro: t.intro(rows.length > 1, email.previousLevel === 0),
    table: { head: t.head, rows, total: [t.total, '', '', m(email.overdue), m(email.interest), m(email.indemnity)] },
    interestTitle: t.interestTitle,
    interest,
    legal: [chargesSentence(legal, 3), furtherCostsSentence(legal)].filter(Boolean),
    notice: `${formalNoticeSentence(legal)} (${t.totalDue}${lang === 'fr' ? ' : ' : ': '}${m(due)})`,
    payment: [paymentText(firm, lang, commValues), ...(commValues.length > 1 ? comms : [])].filter(Boolean),
    closing: t.closing,
    signature: (firm.signature ?? firm.name).split('\n'),
    footer: firmIdentity(firm, lang),
  };
}

/** The file name of a letter: `mise-en-demeure-C1-2026-11-28`. */
export function letterFileName(customerId: string, asOf: Day, lang: Language): string {
  return `${lang === 'fr' ? 'mise-en-demeure' : lang === 'nl' ? 'ingebrekestelling' : 'formal-notice'}-${customerId}-${isoFromDay(asOf)}`;
}
