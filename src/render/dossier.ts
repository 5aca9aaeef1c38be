import { isoFromDay, type Day } from '../core/dates.ts';
import type { PlannedEmail } from '../core/dunning.ts';
import type { Country } from '../core/interest.ts';
import { formatCentsPlain } from '../core/money.ts';
import type { Lang } from '../model/lang.ts';
import type { Firm } from '../model/firm.ts';
import type { DossierModel, DossierTable } from '../model/documents.ts';
import { formatAmount, formatDate, isoDayText, plainAmountText } from './format.ts';
import { firmIdentity, REFUND } from './reminder-data.ts';

/**
 * The hand-off to a collection agency or a lawyer (dossier de recouvrement): what an injonction de
 * payer (FR) or a procédure de recouvrement de dettes incontestées (BE) needs, as tables (one sheet
 * each in the workbook, one section each in the PDF summary): the parties, the invoices with their due
 * dates and open amounts, the interest period by period, every reminder sent (date, level,
 * recipients, Message-ID), every call, note, promise and dispute of the journal, and the letters.
 * A view of plain data: the adapter (src/io/dossier-files.ts) writes it.
 */

/** A row of the journal, as the dossier reads it. */
export interface HistoryRow {
  readonly day: string;
  readonly kind: string;
  readonly level: number | null;
  readonly status: string | null;
  readonly recipients: string | null;
  readonly messageId: string | null;
  readonly invoices: string | null;
  readonly amount: number | null;
  readonly detail: string | null;
}

/** The words of each language. */
const WORDS = {
  fr: {
    title: (id: string) => `Dossier de recouvrement — client ${id}`,
    creditor: 'Créancier',
    debtor: 'Débiteur',
    address: 'Adresse du débiteur',
    type: 'Type de client',
    asOf: 'Situation au',
    currency: 'Devise',
    principal: 'Principal',
    interest: 'Intérêts de retard',
    indemnity: 'Indemnités forfaitaires',
    total: 'Total réclamé',
    procedure: 'Procédure',
    types: { business: 'entreprise', consumer: 'consommateur', public: 'organisme public' },
    procedures: {
      FR: 'injonction de payer (Code de procédure civile, art. 1405 et suivants)',
      BE: 'procédure de recouvrement de dettes d’argent non contestées (Code judiciaire, art. 1394/20 et suivants) ou procédure judiciaire',
    },
    invoices: 'Factures',
    invoiceHead: ['Facture', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Jours de retard', 'Relance atteinte', 'Intérêts', 'Indemnité', 'Communication'],
    periods: 'Intérêts',
    periodHead: ['Facture', 'Du', 'Au', 'Jours', 'Montant', 'Taux %', 'Intérêts', 'Taux supposé'],
    reminders: 'Relances',
    reminderHead: ['Date', 'Quoi', 'Niveau', 'État', 'Destinataires', 'Message-ID', 'Factures'],
    journal: 'Journal',
    journalHead: ['Date', 'Quoi', 'Montant', 'Détail'],
    letters: 'Courriers',
    letterHead: ['Date', 'Fichier'],
    kinds: {
      reminder: 'relance',
      letter: 'lettre de mise en demeure',
      note: 'note',
      promise: 'promesse',
      dispute: 'litige',
      dispute_closed: 'litige clos',
      bounce: 'refusé',
      courtesy: 'préavis',
      thanks: 'remerciement',
      escalation: 'dossier de recouvrement',
    } as Record<string, string>,
    yes: 'oui',
    none: 'aucun',
  },
  en: {
    title: (id: string) => `Collection dossier — customer ${id}`,
    creditor: 'Creditor',
    debtor: 'Debtor',
    address: 'Debtor’s address',
    type: 'Type of customer',
    asOf: 'As of',
    currency: 'Currency',
    principal: 'Principal',
    interest: 'Late interest',
    indemnity: 'Fixed indemnities',
    total: 'Total claimed',
    procedure: 'Procedure',
    types: { business: 'business', consumer: 'consumer', public: 'public body' },
    procedures: {
      FR: 'injonction de payer (French Code of Civil Procedure, art. 1405 ff.)',
      BE: 'procedure for the recovery of uncontested debts (Belgian Judicial Code, art. 1394/20 ff.) or court proceedings',
    },
    invoices: 'Invoices',
    invoiceHead: ['Invoice', 'Date', 'Due', 'Amount', 'Open', 'Days late', 'Level reached', 'Interest', 'Indemnity', 'Communication'],
    periods: 'Interest',
    periodHead: ['Invoice', 'From', 'To', 'Days', 'Amount', 'Rate %', 'Interest', 'Assumed rate'],
    reminders: 'Reminders',
    reminderHead: ['Date', 'What', 'Level', 'Status', 'Recipients', 'Message-ID', 'Invoices'],
    journal: 'Journal',
    journalHead: ['Date', 'What', 'Amount', 'Detail'],
    letters: 'Letters',
    letterHead: ['Date', 'File'],
    kinds: {
      reminder: 'reminder',
      letter: 'letter of formal notice',
      note: 'note',
      promise: 'promise',
      dispute: 'dispute',
      dispute_closed: 'dispute closed',
      bounce: 'bounced',
      courtesy: 'courtesy',
      thanks: 'thank-you',
      escalation: 'collection dossier',
    } as Record<string, string>,
    yes: 'yes',
    none: 'none',
  },
} as const;

/**
 * The dossier of one customer as of a date: its formal notice's figures (`notice`, from `noticeFor`),
 * its history in the journal, and the letters kept (their file names in the dossier).
 * @example dossierModel({ notice, firm, country: 'FR', asOf, history, letters: [], communications, lang: 'fr' }).tables[0].name === 'Factures'
 */
export function dossierModel(p: {
  readonly notice: PlannedEmail;
  readonly firm: Firm;
  readonly country: Country;
  readonly asOf: Day;
  readonly history: readonly HistoryRow[];
  readonly letters: readonly { readonly day: string; readonly file: string }[];
  readonly communications: ReadonlyMap<string, string>;
  readonly lang: Lang;
}): DossierModel {
  const t = WORDS[p.lang];
  const n = p.notice;
  const money = (c: number) => formatCentsPlain(c);
  const customer = n.customer;
  const invoices = n.invoices.map((i) => [
    i.item.debit.kind === 'refund' ? `${REFUND[p.lang]} ${formatDate(i.item.debit.issueDate, p.lang)}` : i.item.debit.number,
    isoFromDay(i.item.debit.issueDate),
    i.item.debit.kind === 'refund' ? '' : isoFromDay(i.item.debit.dueDate),
    money(i.item.debit.amount),
    money(i.item.debit.open),
    Math.max(0, i.item.daysPastDue),
    i.level,
    money(i.interest),
    money(i.indemnity),
    p.communications.get(i.item.debit.number) ?? '',
  ]);
  const periods = n.invoices.flatMap((i) =>
    i.periods.map((x) => [i.item.debit.number, isoFromDay(x.from), isoFromDay(x.to), x.days, money(x.base), x.rate.toFixed(2), money(x.interest), x.assumed ? t.yes : '']),
  );
  const reminders = p.history
    .filter((r) => ['reminder', 'courtesy', 'thanks', 'letter', 'bounce'].includes(r.kind))
    .map((r) => [r.day, t.kinds[r.kind] ?? r.kind, r.level ?? '', r.status ?? '', r.recipients ?? '', r.messageId ?? '', r.invoices ?? '']);
  const journal = p.history
    .filter((r) => ['note', 'promise', 'dispute', 'dispute_closed', 'escalation'].includes(r.kind))
    .map((r) => [r.day, t.kinds[r.kind] ?? r.kind, r.amount === null ? '' : money(r.amount), r.detail ?? '']);
  const due = n.overdue + n.interest + n.indemnity;
  return {
    title: t.title(n.customerId),
    facts: [
      [t.creditor, firmIdentity(p.firm, p.lang)],
      [t.debtor, `${customer?.name ?? n.customerId} (${n.customerId})`],
      [t.address, (customer?.address ?? []).join(', ') || t.none],
      [t.type, t.types[n.customerType]],
      [t.asOf, formatDate(p.asOf, p.lang)],
      [t.currency, n.currency],
      [t.principal, formatAmount(n.overdue, p.lang)],
      [t.interest, formatAmount(n.interest, p.lang)],
      [t.indemnity, formatAmount(n.indemnity, p.lang)],
      [t.total, formatAmount(due, p.lang)],
      [t.procedure, t.procedures[p.country]],
    ],
    tables: [
      table(t.invoices, t.invoiceHead, invoices, [3, 4, 7, 8], [1, 2], p.lang),
      table(t.periods, t.periodHead, periods, [4, 6], [1, 2], p.lang),
      table(t.reminders, t.reminderHead, reminders, [], [0], p.lang),
      table(t.journal, t.journalHead, journal, [2], [0], p.lang),
      table(
        t.letters,
        t.letterHead,
        p.letters.map((l) => [l.day, l.file]),
        [],
        [0],
        p.lang,
      ),
    ],
    letters: p.letters.map((l) => l.file),
  };
}

/**
 * A table of the dossier: its rows as data (for the workbook) and as people read them (for the PDF), the days of
 * `dates` and the amounts of `money` in the reader's form there (`30/11/2026`, `1 234,50`).
 */
function table(name: string, head: readonly string[], rows: readonly (readonly (string | number)[])[], money: readonly number[], dates: readonly number[], lang: Lang): DossierTable {
  const shown = rows.map((row) =>
    row.map((v, i) => {
      if (typeof v !== 'string') return String(v);
      return dates.includes(i) ? isoDayText(v, lang) : money.includes(i) ? plainAmountText(v, lang) : v;
    }),
  );
  return { name, head, rows, money, dates, shown };
}
