import type { Lang } from './aging-report.ts';

/** The words of the Excel report, in French and English. */
export const REPORT_LABELS = {
  fr: {
    sheets: { summary: 'Synthèse', customers: 'Clients', items: 'Pièces ouvertes', problems: 'Anomalies' },
    title: 'Balance âgée clients', asOf: 'Au', basis: 'Âge calculé', basisDue: 'par date d’échéance', basisIssue: 'par date de facture',
    ledgers: 'Fichiers', rows: (read: number, used: number, rejected: number, ignored: number) => `${used} lignes retenues sur ${read}${rejected ? `, ${rejected} rejetées` : ''}${ignored ? `, ${ignored} lignes de total ignorées` : ''}`,
    currency: 'Devise', amount: 'Montant', share: 'Part', unapplied: 'Non imputé (crédit)', total: 'Total', writtenOff: 'Irrécouvrables (hors balance)',
    disputed: 'dont en litige', top: 'Dix premiers débiteurs', dso: 'DSO : voir la commande ar dso',
    split: (n: number) => `Plus de lignes que n’en tient une feuille Excel : les pièces ouvertes occupent ${n} feuilles.`,
    customerHead: ['Code', 'Client', 'Devise'], unappliedHead: 'Non imputé', totalHead: 'Total', lastContact: 'Dernier contact',
    itemHead: ['Code', 'Client', 'Devise', 'Pièce', 'Type', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Retard (j)', 'Tranche', 'Statut'],
    kinds: { invoice: 'Facture', refund: 'Rejet ou remboursement' }, status: { normal: '', disputed: 'Litige', written_off: 'Irrécouvrable' },
    problemHead: ['Gravité', 'Fichier', 'Ligne', 'Colonne', 'Valeur', 'Message'], severity: { error: 'rejetée', warning: 'avertissement' },
  },
  en: {
    sheets: { summary: 'Summary', customers: 'Customers', items: 'Open items', problems: 'Problems' },
    title: 'Accounts receivable aged balance', asOf: 'As of', basis: 'Age counted', basisDue: 'from the due date', basisIssue: 'from the invoice date',
    ledgers: 'Files', rows: (read: number, used: number, rejected: number, ignored: number) => `${used} rows used of ${read}${rejected ? `, ${rejected} rejected` : ''}${ignored ? `, ${ignored} total rows ignored` : ''}`,
    currency: 'Currency', amount: 'Amount', share: 'Share', unapplied: 'Unapplied credit', total: 'Total', writtenOff: 'Written off (outside the balance)',
    disputed: 'of which disputed', top: 'Top 10 debtors', dso: 'DSO: see ar dso',
    split: (n: number) => `More rows than an Excel sheet holds: the open items take ${n} sheets.`,
    customerHead: ['Id', 'Customer', 'Currency'], unappliedHead: 'Unapplied', totalHead: 'Total', lastContact: 'Last contact',
    itemHead: ['Id', 'Customer', 'Currency', 'Document', 'Kind', 'Date', 'Due', 'Amount', 'Open', 'Days late', 'Bucket', 'Status'],
    kinds: { invoice: 'Invoice', refund: 'Refund or reject' }, status: { normal: '', disputed: 'Disputed', written_off: 'Written off' },
    problemHead: ['Severity', 'File', 'Line', 'Column', 'Value', 'Message'], severity: { error: 'rejected', warning: 'warning' },
  },
} as const satisfies Record<Lang, unknown>;
