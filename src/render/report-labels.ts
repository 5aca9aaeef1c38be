import type { AgingBasis } from '../core/aging.ts';
import type { Lang } from '../model/lang.ts';

/**
 * The words of the Excel aged-balance report (`ar aging --xlsx`), in French and English.
 * Bucket captions come from `bucketCaption` (render/format.ts), shared with the other outputs.
 */
export interface ReportLabels {
  readonly sheets: { readonly summary: string; readonly customers: string; readonly items: string; readonly problems: string };
  /** Name of the n-th sheet of open items (n ≥ 2) when they do not fit on one. */
  readonly itemsSheet: (n: number) => string;
  readonly title: string;
  readonly asOf: string;
  readonly basis: string;
  readonly basisText: Readonly<Record<AgingBasis, string>>;
  /** Header of the ledgers block: kind, file, rows read, used, rejected, ignored. */
  readonly ledgerHead: readonly [string, string, string, string, string, string];
  readonly ledgerKinds: { readonly invoices: string; readonly payments: string; readonly customers: string };
  readonly split: (sheets: number, perSheet: number) => string;
  readonly currencyHead: (currency: string) => string;
  readonly amount: string;
  readonly share: string;
  readonly unapplied: string;
  /** First cell of TOTAL rows. */
  readonly total: string;
  /** Header of total columns. */
  readonly totalHead: string;
  readonly disputed: string;
  readonly writtenOff: string;
  readonly top: (currency: string) => string;
  readonly dso: string;
  readonly customerHead: readonly [string, string, string];
  readonly unappliedHead: string;
  readonly lastContact: string;
  readonly itemHead: readonly [string, string, string, string, string, string, string, string, string, string, string, string];
  readonly kinds: { readonly invoice: string; readonly refund: string; readonly payment: string; readonly credit_note: string };
  /** The day the report was made, and the page number of the page footer (`&P`, `&N`: Excel's fields). */
  readonly made: string;
  readonly page: string;
  readonly status: { readonly normal: string; readonly disputed: string; readonly written_off: string };
  readonly problemHead: readonly [string, string, string, string, string, string];
  readonly severity: { readonly error: string; readonly warning: string };
  readonly analysisSheets: { readonly dso: string; readonly risk: string; readonly provision: string };
  readonly dsoLine: (period: number, dso: string) => string;
  readonly dsoRows: readonly string[];
  readonly trendHead: readonly [string, string, string];
  readonly chartTitle: string;
  readonly riskHead: readonly string[];
  readonly provisionHead: readonly [string, string, string, string];
  /** Bank credits that match no customer (a bank statement as payments). */
  readonly unidentified: { readonly sheet: string; readonly line: string; readonly count: string; readonly head: readonly string[] };
}

export const REPORT_LABELS: Readonly<Record<Lang, ReportLabels>> = {
  fr: {
    sheets: { summary: 'Synthèse', customers: 'Clients', items: 'Pièces ouvertes', problems: 'Anomalies' },
    itemsSheet: (n) => `Pièces ouvertes (${n})`,
    title: 'Balance âgée clients',
    asOf: 'Arrêtée au',
    basis: 'Âge calculé',
    basisText: { due: 'depuis la date d’échéance', issue: 'depuis la date de facture' },
    ledgerHead: ['Fichier', 'Chemin', 'Lignes lues', 'Retenues', 'Rejetées', 'Ignorées'],
    ledgerKinds: { invoices: 'Factures', payments: 'Règlements', customers: 'Clients' },
    split: (sheets, perSheet) => `Les pièces ouvertes occupent ${sheets} feuilles (${perSheet} lignes au plus par feuille).`,
    currencyHead: (currency) => `Devise ${currency}`,
    amount: 'Montant',
    share: 'Part',
    unapplied: 'Non imputé (crédit)',
    total: 'TOTAL',
    totalHead: 'Total',
    disputed: 'dont en litige',
    writtenOff: 'Irrécouvrables (hors balance)',
    top: (currency) => `Dix premiers débiteurs (${currency})`,
    dso: 'DSO : voir la commande ar dso',
    customerHead: ['Code', 'Client', 'Devise'],
    unappliedHead: 'Non imputé',
    lastContact: 'Dernier contact',
    itemHead: ['Code', 'Client', 'Devise', 'Pièce', 'Type', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Retard (j)', 'Tranche', 'Statut'],
    kinds: { invoice: 'Facture', refund: 'Rejet ou remboursement', payment: 'Règlement non imputé', credit_note: 'Avoir non imputé' },
    made: 'Établi le',
    page: 'Page &P sur &N',
    status: { normal: '', disputed: 'Litige', written_off: 'Irrécouvrable' },
    problemHead: ['Gravité', 'Fichier', 'Ligne', 'Colonne', 'Valeur', 'Message'],
    severity: { error: 'Ligne rejetée', warning: 'Avertissement' },
    analysisSheets: { dso: 'DSO', risk: 'Risque clients', provision: 'Provision' },
    dsoLine: (period, dso) => `DSO standard (${period} j) : ${dso} j — détail dans la feuille DSO`,
    dsoRows: ['Encours (AR)', 'Ventes de la période', 'DSO standard (j)', 'DSO par épuisement (j)', 'Meilleur DSO possible (j)', 'Retard moyen (j)', 'CEI (%)', 'DSO du secteur (j)'],
    trendHead: ['Fin de mois', 'DSO (j)', 'Secteur (j)'],
    chartTitle: 'DSO sur 12 mois',
    riskHead: [
      'Note',
      'Code',
      'Client',
      'Devise',
      'Encours',
      'Échu',
      'Part échue',
      'Retard moyen (j)',
      'Délai moyen (j)',
      'Payées en retard',
      'Tendance (j)',
      'Plafond',
      'Plafond utilisé',
      'Dernier contact',
      'Alertes',
    ],
    provisionHead: ['Tranche', 'Encours', 'Taux de perte', 'Perte attendue'],
    unidentified: {
      sheet: 'Non identifiés',
      line: 'Encaissements non identifiés (hors balance)',
      count: 'Non identifiés',
      head: ['Date', 'Montant', 'Devise', 'Donneur d’ordre', 'IBAN', 'Communication', 'Fichier', 'Ligne'],
    },
  },
  en: {
    sheets: { summary: 'Summary', customers: 'Customers', items: 'Open items', problems: 'Problems' },
    itemsSheet: (n) => `Open items (${n})`,
    title: 'Accounts receivable aged balance',
    asOf: 'As of',
    basis: 'Age counted',
    basisText: { due: 'from the due date', issue: 'from the invoice date' },
    ledgerHead: ['File', 'Path', 'Rows read', 'Used', 'Rejected', 'Ignored'],
    ledgerKinds: { invoices: 'Invoices', payments: 'Payments', customers: 'Customers' },
    split: (sheets, perSheet) => `The open items take ${sheets} sheets (at most ${perSheet} rows per sheet).`,
    currencyHead: (currency) => `Currency ${currency}`,
    amount: 'Amount',
    share: 'Share',
    unapplied: 'Unapplied credit',
    total: 'TOTAL',
    totalHead: 'Total',
    disputed: 'of which disputed',
    writtenOff: 'Written off (outside the balance)',
    top: (currency) => `Top 10 debtors (${currency})`,
    dso: 'DSO: see ar dso',
    customerHead: ['Id', 'Customer', 'Currency'],
    unappliedHead: 'Unapplied',
    lastContact: 'Last contact',
    itemHead: ['Id', 'Customer', 'Currency', 'Number', 'Kind', 'Issue date', 'Due date', 'Amount', 'Open', 'Days past due', 'Bucket', 'Status'],
    kinds: { invoice: 'Invoice', refund: 'Refund or reject', payment: 'Unapplied payment', credit_note: 'Unapplied credit note' },
    made: 'Made on',
    page: 'Page &P of &N',
    status: { normal: '', disputed: 'Disputed', written_off: 'Written off' },
    problemHead: ['Severity', 'File', 'Line', 'Column', 'Value', 'Message'],
    severity: { error: 'Rejected row', warning: 'Warning' },
    analysisSheets: { dso: 'DSO', risk: 'Customer risk', provision: 'Provision' },
    dsoLine: (period, dso) => `Standard DSO (${period} days): ${dso} — details on the DSO sheet`,
    dsoRows: ['Receivable (AR)', 'Sales of the period', 'Standard DSO (days)', 'Countback DSO (days)', 'Best possible DSO (days)', 'Average days delinquent', 'CEI (%)', 'Sector DSO (days)'],
    trendHead: ['Month end', 'DSO (days)', 'Sector (days)'],
    chartTitle: 'DSO over 12 months',
    riskHead: [
      'Grade',
      'Id',
      'Customer',
      'Currency',
      'Open',
      'Overdue',
      'Overdue share',
      'Avg days late',
      'Avg days to pay',
      'Paid late',
      'Trend (days)',
      'Credit limit',
      'Limit used',
      'Last contact',
      'Flags',
    ],
    provisionHead: ['Bucket', 'Open', 'Loss rate', 'Expected loss'],
    unidentified: {
      sheet: 'Unidentified receipts',
      line: 'Unidentified receipts (outside the balance)',
      count: 'Unidentified',
      head: ['Date', 'Amount', 'Currency', 'Payer', 'IBAN', 'Remittance', 'File', 'Line'],
    },
  },
};

/** The alerts of `ar customers`, for people; the JSON and CSV keep their keys (`over_limit`). */
export const FLAG_LABELS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  fr: { over_limit: 'encours dépassé', worsening: 'se dégrade', over_90: '> 90 j', disputed: 'litige' },
  en: { over_limit: 'over limit', worsening: 'worsening', over_90: '> 90 days', disputed: 'dispute' },
};

/** Alerts as one text for a cell: `Encours dépassé, se dégrade`. */
export function flagsText(flags: readonly string[], lang: Lang): string {
  const s = flags.map((f) => FLAG_LABELS[lang][f] ?? f).join(', ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
