import type { Day } from '../core/dates.ts';
import type { PlannedEmail } from '../core/dunning.ts';
import { cents } from '../core/money.ts';
import type { Language } from '../core/types.ts';
import type { StatementCell, StatementModel, StatementRow } from '../model/documents.ts';
import { dateIn, LEVEL_NAMES, REFUND } from './reminder-data.ts';

/**
 * The statement of account attached to a reminder, as a model of rows and typed cells (the adapter
 * in src/io/statement-xlsx.ts writes it): it names the customer, labels every cell, names a rejected
 * payment as such, and carries the interest and indemnities the letter claims, and the invoices paid
 * late with what their lateness cost.
 */

/** The words of each language. */
const WORDS = {
  fr: {
    file: 'releve',
    title: 'Relevé de compte',
    customer: 'Client',
    asOf: 'Situation au',
    currency: 'Devise',
    number: 'Pièce',
    issue: 'Date',
    due: 'Échéance',
    amount: 'Montant',
    open: 'Reste dû',
    daysLate: 'Jours de retard',
    level: 'Relance',
    interest: 'Intérêts de retard',
    indemnity: 'Indemnité forfaitaire',
    total: 'Total',
    totalDue: 'Total dû',
    paidLate: 'Factures payées en retard',
    paidOn: 'Payée le',
    claimed: 'réclamé dans ce courrier',
    notClaimed: 'pour information : non réclamé dans ce courrier',
    invoice: 'Facture',
  },
  en: {
    file: 'statement',
    title: 'Statement of account',
    customer: 'Customer',
    asOf: 'As of',
    currency: 'Currency',
    number: 'Document',
    issue: 'Date',
    due: 'Due',
    amount: 'Amount',
    open: 'Open',
    daysLate: 'Days late',
    level: 'Reminder',
    interest: 'Late interest',
    indemnity: 'Fixed indemnity',
    total: 'Total',
    totalDue: 'Total due',
    paidLate: 'Invoices paid late',
    paidOn: 'Paid on',
    claimed: 'claimed in this letter',
    notClaimed: 'for information: not claimed in this letter',
    invoice: 'Invoice',
  },
  nl: {
    file: 'rekeninguittreksel',
    title: 'Rekeningoverzicht',
    customer: 'Klant',
    asOf: 'Toestand op',
    currency: 'Munt',
    number: 'Stuk',
    issue: 'Datum',
    due: 'Vervaldag',
    amount: 'Bedrag',
    open: 'Openstaand',
    daysLate: 'Dagen te laat',
    level: 'Aanmaning',
    interest: 'Verwijlinterest',
    indemnity: 'Forfaitaire vergoeding',
    total: 'Totaal',
    totalDue: 'Totaal verschuldigd',
    paidLate: 'Te laat betaalde facturen',
    paidOn: 'Betaald op',
    claimed: 'gevorderd in deze brief',
    notClaimed: 'ter informatie: niet gevorderd in deze brief',
    invoice: 'Factuur',
  },
} as const;

const text = (value: string): StatementCell => ({ kind: 'text', value });
/** An amount of cents (a sum of them is one too). */
const money = (value: number): StatementCell => ({ kind: 'money', value: cents(value) });
const date = (value: Day): StatementCell => ({ kind: 'date', value });
const int = (value: number): StatementCell => ({ kind: 'int', value });
const empty: StatementCell = { kind: 'empty' };

/**
 * The statement of a reminder's customer as of a date: every open item of the account (the ones this
 * letter lists with their level, and the charges it claims), then the invoices paid late.
 * @example statementModel(email, 'Atelier Durand SARL', asOf).rows[1].cells[1] // { kind: 'text', value: 'Dupont SARL (C1)' }
 */
export function statementModel(email: PlannedEmail, firmName: string, asOf: Day): StatementModel {
  const lang: Language = email.language;
  const l = WORDS[lang];
  const c = email.account!;
  const cur = c.currency;
  const rows: StatementRow[] = [];
  rows.push({ style: 'title', cells: [text(`${l.title} — ${firmName}`)] });
  rows.push({ style: 'label', cells: [text(l.customer), text(`${email.customer?.name ?? email.customerId} (${email.customerId})`)] });
  rows.push({ style: 'label', cells: [text(l.asOf), date(asOf)] });
  rows.push({ style: 'label', cells: [text(l.currency), text(cur)] });
  rows.push({ style: 'blank', cells: [] });
  rows.push({ style: 'head', cells: [l.number, l.issue, l.due, l.amount, l.open, l.daysLate, l.level, l.interest, l.indemnity].map(text) });
  const planned = new Map(email.invoices.map((p) => [p.item.debit.number, p]));
  let open = 0;
  for (const it of c.items) {
    const d = it.debit;
    const p = planned.get(d.number);
    open += d.open;
    rows.push({
      style: 'item',
      cells: [
        text(d.kind === 'refund' ? `${REFUND[lang]} ${lang === 'en' ? 'of' : lang === 'nl' ? 'van' : 'du'} ${dateIn(d.issueDate, lang)}` : d.number),
        date(d.issueDate),
        d.kind === 'refund' ? empty : date(d.dueDate),
        money(d.amount),
        money(d.open),
        int(Math.max(0, it.daysPastDue)),
        p ? text(LEVEL_NAMES[lang][p.level] ?? '') : empty,
        p && email.level >= 3 ? money(p.interest) : empty,
        p && email.level >= 3 ? money(p.indemnity) : empty,
      ],
    });
  }
  const late = email.paidLate;
  const claimedInterest = email.interest;
  const claimedIndemnity = email.indemnity;
  rows.push({
    style: 'total',
    cells: [text(l.total), empty, empty, empty, money(open), empty, empty, email.level >= 3 ? money(claimedInterest) : empty, email.level >= 3 ? money(claimedIndemnity) : empty],
  });
  if (email.level >= 3) rows.push({ style: 'total', cells: [text(l.totalDue), empty, empty, empty, money(email.overdue + claimedInterest + claimedIndemnity)] });
  if (late.length > 0) {
    rows.push({ style: 'blank', cells: [] });
    rows.push({ style: 'section', cells: [text(`${l.paidLate} (${email.claimPaidLate ? l.claimed : l.notClaimed})`)] });
    rows.push({ style: 'head', cells: [l.invoice, l.due, l.paidOn, l.amount, l.daysLate, l.interest, l.indemnity].map(text) });
    for (const p of late) {
      rows.push({ style: 'item', cells: [text(p.debit.number), date(p.debit.dueDate), date(p.paidOn), money(p.debit.amount), int(p.paidOn - p.debit.dueDate), money(p.interest), money(p.indemnity)] });
    }
    rows.push({ style: 'total', cells: [text(l.total), empty, empty, empty, empty, money(late.reduce((s, p) => s + p.interest, 0)), money(late.reduce((s, p) => s + p.indemnity, 0))] });
  }
  return { sheet: l.title, file: `${l.file}-${email.customerId}`, rows, widths: [30, 12, 12, 14, 14, 10, 26, 14, 14] };
}
