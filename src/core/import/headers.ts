import { cellText, HEAD_ROWS, isBlank, type Cell } from './table.ts';

/**
 * Column headers as French, Belgian, Dutch and English software and people write them.
 * Matching ignores case, accents, punctuation and spacing (`normalizeHeader`). Within a field,
 * synonyms are listed most specific first: a column is claimed by the first field and synonym
 * that name it, so "Code client" becomes the customer id and a "Client" beside it the name.
 */
export type LedgerKind = 'invoices' | 'payments' | 'customers';

export type InvoiceField =
  | 'number'
  | 'customerId'
  | 'customerName'
  | 'issueDate'
  | 'dueDate'
  | 'amount'
  | 'currency'
  | 'creditedInvoice'
  | 'docType'
  | 'status'
  | 'paymentStatus'
  | 'terms'
  | 'paidDate'
  | 'paidAmount'
  | 'paymentRef'
  | 'balance'
  | 'credit'
  | 'journal'
  | 'lettering'
  | 'letteringDate'
  | 'label'
  | 'side';
export type PaymentField = 'id' | 'date' | 'amount' | 'debit' | 'refunded' | 'customerId' | 'customerName' | 'refs' | 'currency' | 'method' | 'status' | 'partyType' | 'direction' | 'side';
export type CustomerField = 'id' | 'name' | 'email' | 'cc' | 'language' | 'terms' | 'creditLimit' | 'doNotRemind' | 'phone' | 'iban' | 'type' | 'address' | 'postalCode' | 'city' | 'country';

export type FieldOf<K extends LedgerKind> = K extends 'invoices' ? InvoiceField : K extends 'payments' ? PaymentField : CustomerField;

/**
 * Lowercase, no accents, letters and digits only.
 * @example normalizeHeader("N° de facture") === "ndefacture"
 */
export function normalizeHeader(text: string): string {
  // Most headers and every English synonym are ASCII: nothing to take apart then.
  const t = ASCII.test(text)
    ? text.toLowerCase()
    : text
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()
        .replace(/œ/g, 'oe');
  return t.replace(/[^a-z0-9]+/g, '');
}

const ASCII = /^[\x00-\x7f]*$/;

/** A currency written after a header as its column's unit: `(EUR)`, `en €`, `in USD`, `euros`. */
const UNIT = /^(.*?)[\s([/-]*(?:\b(?:en|in)\s+)?(€|\$|£|\b(?:eur|euros?|usd|gbp|chf)\b)\s*[)\]]?\s*$/i;
const UNIT_HEADER_MAX = 100;
const UNIT_CODES: Readonly<Record<string, string>> = { '€': 'EUR', eur: 'EUR', euro: 'EUR', euros: 'EUR', $: 'USD', usd: 'USD', '£': 'GBP', gbp: 'GBP', chf: 'CHF' };

/**
 * The currency a header names as its column's unit, and the header without it: `Montant (EUR)`,
 * `Amount in USD`, `Montant en €`, `Total TTC €`, `Crédit euros`. Null when it names none, or is a unit alone.
 * @example headerUnit('Montant TTC (€)') → { base: 'Montant TTC', currency: 'EUR' }
 */
export function headerUnit(text: string): { readonly base: string; readonly currency: string } | null {
  // A header is a few words: a longer cell is none, and the pattern's time grows with the square of a length.
  if (text.length > UNIT_HEADER_MAX) return null;
  const m = UNIT.exec(text);
  if (!m || m[1]!.trim() === '') return null;
  return { base: m[1]!.trim(), currency: UNIT_CODES[m[2]!.toLowerCase()]! };
}

/** The key a header is matched by: normalized (`normalizeHeader`), its currency unit left out (`Montant (EUR)` is `montant`). */
export function headerKey(text: string): string {
  const t = withoutTimeZone(text);
  return normalizeHeader(headerUnit(t)?.base ?? t);
}

/** A time zone written after a header in brackets (Stripe's `Date (UTC)`, `Paid At (GMT+1)`): the column's name is before it. */
const TIME_ZONE = /^(.*\S)\s*[([]\s*(?:utc|gmt)(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?\s*[)\]]\s*$/i;

function withoutTimeZone(text: string): string {
  if (text.length > UNIT_HEADER_MAX) return text;
  return TIME_ZONE.exec(text)?.[1] ?? text;
}

/**
 * A header cell as a header row repeated is compared (a report's page header, a workbook's sheets of one table):
 * case and runs of spaces aside, its words otherwise as written.
 * @example headerCell('Raison  Sociale') === 'raison sociale'
 */
export function headerCell(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

/** A customer's name, in the invoices and in the customers file alike. */
const CUSTOMER_NAME = [
  'customer name',
  'client name',
  'name',
  'company',
  'company name',
  // A software's contacts (Odoo's, QuickBooks', Zoho's `Display Name`).
  'display name',
  // An invoicing software's company (Axonaut's `Entreprise`), organisation, bedrijf.
  'entreprise',
  "nom de l'entreprise",
  'organisation',
  'organization',
  'bedrijf',
  'nom affiché',
  'weergavenaam',
  'nom client',
  'nom du client',
  'raison sociale',
  'nom',
  'société',
  // An accounting export's name of the customer's account (`Compte;Intitulé`).
  'intitulé',
  'intitulé du compte',
  'intitulé compte',
  'klantnaam',
  'relatienaam',
  'debiteurnaam',
  'naam',
  'bedrijfsnaam',
  'customer',
  'client',
  'klant',
];

const INVOICE_SYNONYMS: Record<InvoiceField, readonly string[]> = {
  number: [
    'invoice number',
    'invoice no',
    'invoice nr',
    'invoice #',
    'invoice id',
    'invoice',
    'inv no',
    'document number',
    // Business Central's (Dynamics NAV's) customer ledger entries: `Document No.`, `Documentnr.`, `N° document`.
    'document no',
    'doc no',
    'n° document',
    'numéro de document',
    'numéro document',
    'n° facture',
    'n facture',
    'no facture',
    'num facture',
    'numéro de facture',
    'numéro facture',
    'n° de facture',
    'facture n°',
    'n° de pièce',
    'pièce n°',
    // WinBooks' and Belgian software's `N° doc`, `Date doc`.
    'n° doc',
    'no doc',
    'num doc',
    'numero',
    'facture',
    'n° pièce',
    'numéro de pièce',
    'pièce',
    'piece',
    'référence facture',
    'number',
    'no',
    'num',
    'n°',
    'factuurnummer',
    'factuur nr',
    'factuurnr',
    'factuur',
    'nummer',
    'nr',
    'documentnummer',
    'documentnr',
    // Odoo's journal items: the entry (`INV/2026/00001`, `BNK1/2026/00004`).
    'journal entry',
    // Exact Online's `Ons ref.` (our reference: the invoice's number; `Uw ref.` is the customer's).
    'ons ref',
    'onze ref',
    'onze referentie',
    // A software's list of its documents (Dolibarr's `Réf.`), when no column says number.
    'réf',
    'ref',
    'référence',
    'reference',
    'pièce comptable',
    // Last: a list of documents that names each by its id alone (ERPNext's `ID`, `ACC-SINV-2026-00001`).
    'id',
  ],
  customerId: [
    'customer id',
    'customer code',
    'customer number',
    'customer no',
    'customer account',
    'account number',
    'account',
    'code client',
    'n° client',
    'numéro client',
    'numéro de client',
    'id client',
    'client id',
    'compte client',
    // An accounting export's customer account (Sage's grand-livre des tiers: `N° compte;Intitulé compte`).
    'n° compte',
    'n° de compte',
    'numéro de compte',
    'numéro compte',
    'compte auxiliaire',
    'n° compte tiers',
    'compte',
    'compte tiers',
    'tiers',
    'code tiers',
    'klantnummer',
    'klantcode',
    'klant nr',
    'klant id',
    'customer',
    'client',
    'klant',
    'debiteur',
    'debtor',
    // Dutch software's relation (Exact Online's, Yuki's): `Relatie`, `Relatiecode`, `Debiteurnummer`.
    'relatiecode',
    'relatienummer',
    'debiteurnummer',
    'debiteurennummer',
    'debiteurcode',
    'relatie',
    // Last: a software's `Réf. client` is as often the customer's own reference for the order (Dolibarr's) as its code.
    'réf client',
    'référence client',
    // Odoo's journal items name the customer as their partner (its `Account` is the general ledger's: see frame()).
    'partner',
    'partenaire',
  ],
  // Xero's invoices name the customer as their contact (`ContactName`): an organisation there, as a customer is.
  customerName: [...CUSTOMER_NAME, 'contact name', 'invoice partner display name'],
  issueDate: [
    'invoice date',
    // Odoo's `Invoice/Bill Date`.
    'invoice/bill date',
    'issue date',
    'date of issue',
    'date issued',
    'document date',
    // ERPNext's reports (`Posting Date`: the invoice's date; its list's `Date` is the same field).
    'posting date',
    'date facture',
    'date de facture',
    "date d'émission",
    'date émission',
    'émise le',
    'émis le',
    'issued on',
    'date de la facture',
    'date pièce',
    'date de pièce',
    'date doc',
    'date du document',
    'date de la pièce',
    'date de facturation',
    'date facturation',
    'factuurdatum',
    'datum factuur',
    'documentdatum',
    // Business Central's customer ledger entries, in Dutch and French (`Posting Date` is above).
    'boekingsdatum',
    'date comptabilisation',
    'date de comptabilisation',
    'date',
    'datum',
  ],
  dueDate: [
    'due date',
    // ERPNext's `Payment Due Date`.
    'payment due date',
    'due',
    'payment due',
    'date due',
    'due on',
    'échéance',
    "date d'échéance",
    'date échéance',
    'date limite de paiement',
    'date limite paiement',
    'date limite de règlement',
    'date limite règlement',
    'date limite',
    'vervaldatum',
    'vervaldag',
    'datum verval',
    // Belgian software's English for `vervaldatum`; the latest day to pay, in Dutch and French.
    'expiry date',
    'uiterste betaaldatum',
    'uiterste betaaldag',
    'te betalen voor',
    'à payer avant le',
    'payable avant le',
    'payer avant le',
    'échue le',
    'échu le',
    'échéance le',
    "date d'exigibilité",
    'exigible le',
  ],
  amount: [
    'amount incl tax',
    'amount including tax',
    'total incl tax',
    'amount incl vat',
    'total incl vat',
    'invoice amount',
    'invoice total',
    // ERPNext's `Grand Total` (taxes and discounts in), before its `Total` (neither).
    'grand total',
    'gross amount',
    'gross',
    'amount',
    'total',
    'total amount',
    'montant ttc',
    'total ttc',
    'ttc',
    'montant',
    'montant facture',
    'net à payer',
    'bedrag incl btw',
    'totaal incl btw',
    'bedrag',
    'totaal',
    'factuurbedrag',
    // Odoo's company-currency amount (src/core/import/ledger.ts, BOOK_AMOUNT), when no other is beside it.
    'total signed',
    'total signé',
    // Business Central's `Original Amount`, when no `Amount` is beside it.
    'original amount',
    'oorspronkelijk bedrag',
    'montant initial',
    // A customer account's two sides (`Débit;Crédit`), when nothing else gives the amount: the debit, less the credit.
    'débit',
    'debit',
    'debet',
  ],
  credit: ['crédit', 'credit'],
  // Which side of the customer's account an unsigned amount is on (`Sens`: D or C), as Sage's and EBP's exports write it.
  side: ['sens', 'sens écriture', "sens de l'écriture", 'd/c', 'débit/crédit', 'debit/credit', 'dc', 'debet/credit'],
  currency: ['currency', 'currency code', 'devise', 'code devise', 'monnaie', 'munt', 'valuta', 'valutacode', 'cur', 'ccy'],
  creditedInvoice: [
    'original invoice',
    'credited invoice',
    'related invoice',
    'applies to',
    "facture d'origine",
    'facture origine',
    'facture liée',
    'facture avoir',
    'facture concernée',
    // Odoo's refund of an invoice: `Reversal of` (`Extourne de`).
    'reversal of',
    'extourne de',
    // ERPNext's return (its credit note) `Return Against` the invoice.
    'return against',
    'oorspronkelijke factuur',
    'gerelateerde factuur',
  ],
  docType: ['document type', 'doc type', 'type', 'type de document', 'type document', 'type de pièce', 'nature', 'documenttype', 'documentsoort', 'soort'],
  // An account statement's journal (`VT`, `BQ1`, `Banque`): a credit in a bank journal is a payment.
  journal: ['journal', 'code journal', 'journal code', 'jnl', 'jal', 'dagboek'],
  // The lettering code an accountant gives the lines that settle each other (`A`, `AB`; `a` or `A*` partial).
  lettering: ['lettrage', 'let', 'code lettrage', 'code de lettrage', 'n° de lettrage', 'numéro de lettrage', 'lettering', 'letter code', 'matching', 'matching number', 'afpunting'],
  // The day the lines were lettered: before it, a credit names no invoice (as a FEC's DateLet).
  letteringDate: ['date lettrage', 'date de lettrage', 'date let', 'datelet', 'lettering date', 'date lettered', 'afpuntingsdatum'],
  // An account statement's wording of a line (`Virement Dupont`, `Avoir n° 12`): a credit no journal or type
  // tells of is a payment when its wording starts so.
  label: ['libellé', 'libellé écriture', "libellé de l'écriture", 'label', 'description', 'memo', 'omschrijving'],
  status: ['status', 'statut', 'état', 'etat', 'situation', 'invoice status', 'document status', 'statut de la facture', 'statut facture', 'état de la facture', 'factuurstatus'],
  // A list of invoices that says the state of each document (`Status`: draft, posted, cancelled) and of its payment
  // beside it (Odoo's `Payment Status`: paid, not paid, partially paid): the latter says what was paid. Alone, it is
  // the status too (see frame()).
  paymentStatus: ['payment status', 'payment state', 'statut de paiement', 'statut du paiement', 'état du paiement', 'état de paiement', 'état de règlement', 'betaalstatus'],
  terms: [
    'payment terms',
    'payment term',
    'terms',
    'conditions de paiement',
    'conditions de règlement',
    'délai de paiement',
    'délais de paiement',
    'délai de règlement',
    'délais de règlement',
    'betalingstermijn',
    'betalingsvoorwaarden',
    'betalingsconditie',
  ],
  paidDate: [
    'paid date',
    'paid at',
    'paid on',
    'payment date',
    'settled date',
    'settlement date',
    'date paid',
    'date settled',
    'date de paiement',
    'date de règlement',
    'date règlement',
    'réglée le',
    'payée le',
    'réglé le',
    'payé le',
    "date d'encaissement",
    'encaissé le',
    'encaissée le',
    'betaald op',
    'betaaldatum',
    'datum betaling',
  ],
  paidAmount: ['amount paid', 'paid amount', 'invoice amount paid', 'paid', 'montant réglé', 'montant payé', 'montant encaissé', 'encaissé', 'réglé', 'payé', 'betaald bedrag', 'betaald'],
  // The ledger's own open balance of the invoice: compared with what `ar` computes, or without payments what is left to pay (docs/accounting.md §9.4).
  balance: [
    // Before `amount due`: Stripe's `Amount Due` is what was billed, its `Amount Remaining` what is left.
    'amount remaining',
    'remaining amount',
    'remaining balance',
    'invoice amount due',
    'balance due',
    'open balance',
    'outstanding',
    'outstanding amount',
    'open amount',
    'amount due',
    'balance',
    'solde',
    'solde dû',
    'reste dû',
    'reste à payer',
    'reste à encaisser',
    'reste à régler',
    'solde à payer',
    'solde restant',
    'solde restant dû',
    'montant restant à payer',
    'restant dû',
    'montant restant',
    'montant restant dû',
    // Odoo's `Montant dû`: what is left to pay of the invoice (its `Total` is the amount); in its company's currency, signed.
    'montant dû',
    'amount due signed',
    'montant dû signé',
    // QuickBooks' French `Solde ouvert` (its `Open Balance`).
    'solde ouvert',
    // Business Central's `Restbedrag` before `Openstaand`, which is its Yes/No column of whether the entry is open.
    'restbedrag',
    'resterend bedrag',
    'montant ouvert',
    'openstaand',
    'openstaand bedrag',
    'openstaand saldo',
    'saldo openstaand',
    'nog te betalen',
    'saldo',
    // Last: a list's bare `Reste` beside what was paid (`Encaissé`).
    'reste',
    'restant',
  ],
  // The reference the customer quotes when paying (Belgian structured communication, RF creditor reference).
  paymentRef: [
    'structured communication',
    'structured reference',
    'payment reference',
    'creditor reference',
    'communication structurée',
    'référence structurée',
    'référence de paiement',
    'référence paiement',
    'communication',
    'gestructureerde mededeling',
    'betalingsreferentie',
    'betaalreferentie',
    'mededeling',
    'ogm',
    'vcs',
  ],
};

const PAYMENT_SYNONYMS: Record<PaymentField, readonly string[]> = {
  id: [
    'payment id',
    'payment number',
    'payment no',
    'receipt number',
    'receipt no',
    'transaction id',
    'id',
    'n° règlement',
    'numéro de règlement',
    'n° de règlement',
    'n° paiement',
    'numéro de paiement',
    'n° opération',
    'betalingsnummer',
    'betaling id',
  ],
  date: [
    'payment date',
    'date of payment',
    'paid on',
    'date paid',
    'value date',
    'date de paiement',
    'date du paiement',
    'date du règlement',
    "date de l'encaissement",
    'date règlement',
    'date de règlement',
    'date paiement',
    'date valeur',
    "date d'opération",
    'date opération',
    "date d'encaissement",
    'date encaissement',
    'encaissé le',
    'date de réception',
    'receipt date',
    'date received',
    'received on',
    'ontvangstdatum',
    'betaaldatum',
    'datum betaling',
    'valutadatum',
    // ERPNext's Payment Entry.
    'posting date',
    // A direct debit's (GoCardless' `charge_date`): the day it is collected from the customer's account.
    'charge date',
    'date de prélèvement',
    'date prélèvement',
    'date',
    'datum',
    // A payment processor's (Stripe's `Created (UTC)`, GoCardless' `created_at`): the day the payment was made.
    'created',
    'created date',
    'date created',
    'created at',
  ],
  amount: [
    'amount paid',
    'paid amount',
    'payment amount',
    'amount received',
    'amount',
    'montant réglé',
    'montant payé',
    'montant du règlement',
    'montant encaissé',
    'encaissement',
    'montant reçu',
    'ontvangen bedrag',
    'montant',
    'crédit',
    'credit',
    'betaald bedrag',
    'bedrag',
    'total',
    // A payment processor's (PayPal's `Gross`, `Brut`): what the customer paid, before the processor's fee.
    // Odoo's `Amount Signed` (`Montant signé`): in the firm's currency (ledger.ts, BOOK_AMOUNT).
    'amount signed',
    'montant signé',
    'gross',
    'gross amount',
    'brut',
    'montant brut',
    'bruto',
    'brutobedrag',
  ],
  // A customer account's debit side beside its credits (`Débit;Crédit`): a refund or a rejected payment, owed again (§1.7).
  debit: ['débit', 'debit', 'debet'],
  // What of a payment was paid back (a payment processor's `Amount Refunded`): not received.
  refunded: ['amount refunded', 'refunded amount', 'refunded', 'montant remboursé', 'remboursé', 'terugbetaald bedrag', 'terugbetaald'],
  // Whether the payment was received (`Paid`, `Failed`, `Refunded`, `Échoué`): a failed one was not.
  status: ['status', 'statut', 'état', 'etat', 'payment status', 'statut du paiement', 'statut de paiement', 'betaalstatus'],
  // A list of every payment says whose each is (ERPNext's `Party Type`, Odoo's `Partner Type`): a supplier's is not the receivable's.
  partyType: ['party type', 'partner type', 'type de tiers', 'type tiers', 'type de partenaire', 'type partenaire', 'partijtype', 'type relatie'],
  // Money in or out (ERPNext's `Payment Type`: Receive, Pay, Internal Transfer; Odoo's: Receive, Send): read only when
  // every value says so (ledger.ts, frame()), as a `Payment Type` elsewhere may be the method.
  direction: [],
  // An unsigned amount's side (`Sens`: D or C), read when every value of the column is one (see frame()).
  side: [],
  customerId: [
    'customer id',
    'customer code',
    'customer number',
    'customer no',
    'account number',
    'account',
    'code client',
    'n° client',
    'numéro client',
    'id client',
    'compte client',
    'compte',
    'compte tiers',
    'tiers',
    'code tiers',
    'klantnummer',
    'klantcode',
    'customer',
    'client',
    'klant',
    'payer',
    'payeur',
    'debtor',
    'débiteur',
    'debiteur',
    'relatiecode',
    'relatienummer',
    'debiteurnummer',
    'debiteurennummer',
    'relatie',
    // A list of every payment names its party (ERPNext's `Party`, Odoo's `Partner`, `Customer/Vendor`): see partyType.
    'party',
    'partner',
    'partenaire',
    'customer/vendor',
    'client/fournisseur',
  ],
  customerName: ['customer name', 'client name', 'name', 'nom client', 'raison sociale', 'nom', 'klantnaam', 'naam', 'party name', 'partner name', 'customer', 'client'],
  refs: [
    'invoice ref',
    'invoice reference',
    'invoice references',
    'invoice refs',
    'invoice numbers',
    'invoice number',
    'invoice id',
    'invoices',
    'invoice',
    'réf facture',
    'réf factures',
    'référence facture',
    'références factures',
    'factures',
    'facture',
    'factures réglées',
    // The invoices a payment was applied to, as software lists them: QuickBooks' `Applied To`, Odoo's `Reconciled
    // Invoices` (`Factures rapprochées`), `Facture(s) associée(s)`.
    'applied to',
    'reconciled invoices',
    'factures rapprochées',
    'factures associées',
    'facture associée',
    'factures lettrées',
    'n° facture',
    'n° de facture',
    'numéro de facture',
    'numéro facture',
    'lettrage',
    'référence',
    'reference',
    'references',
    'ref',
    'réf',
    'factuur',
    'facturen',
    'factuurnummer',
    // Business Central's payments: the document they are applied to.
    'applies to doc no',
    'applies to document no',
    'vereff met documentnr',
    'referentie',
    'mededeling',
    'communication',
    'remittance',
    'remittance information',
    'libellé',
    'memo',
  ],
  currency: ['currency', 'currency code', 'devise', 'monnaie', 'munt', 'valuta', 'ccy'],
  method: [
    'payment method',
    'method',
    'payment mode',
    'mode of payment',
    'mode de règlement',
    'mode de paiement',
    'moyen de paiement',
    'moyen de règlement',
    'mode',
    'betaalwijze',
    'betaalmethode',
    'type',
  ],
};

/**
 * Headers of a payments file's references that hold free text: a bank's or a journal's wording
 * (`Règlement facture F2026-001 client Dupont`), not a list of invoice numbers. Only its words that name an
 * invoice are references, as in a bank line's text (src/core/import/bank.ts); its other words are no
 * invoice, and are not said to be unknown ones.
 */
const FREE_TEXT_REFS: ReadonlySet<string> = new Set(['libellé', 'memo', 'communication', 'remittance', 'remittance information', 'mededeling'].map(normalizeHeader));

/** Whether a payments file's references column is free text (`Libellé`, `Memo`, `Communication`…). */
export function isFreeText(header: string): boolean {
  return FREE_TEXT_REFS.has(normalizeHeader(headerUnit(header)?.base ?? header));
}

const CUSTOMER_SYNONYMS: Record<CustomerField, readonly string[]> = {
  id: [
    'customer id',
    'customer code',
    'customer number',
    'customer no',
    'account number',
    'account',
    'code client',
    'n° client',
    'numéro client',
    'numéro de client',
    'id client',
    'client id',
    'compte client',
    'compte',
    'code tiers',
    'tiers',
    'klantnummer',
    'klantcode',
    'id',
    'code',
    'customer',
    'client',
    'klant',
    'relatiecode',
    'relatienummer',
    'debiteurnummer',
    'debiteurennummer',
    // Business Central's customer list (`No.`, `Nr.`): its number, when nothing else names the customer's code.
    'no',
    'nr',
    'nummer',
  ],
  // Xero's contacts name the customer `ContactName` (an organisation there): last, after any other name.
  name: [...CUSTOMER_NAME, 'contact name'],
  email: [
    // The address for reminders first: it wins over a general or an invoicing one in the same file.
    'email relance',
    'e-mail relance',
    'email de relance',
    'e-mail de relance',
    'adresse de relance',
    'email recouvrement',
    'dunning email',
    'collections email',
    'email herinnering',
    // Then where the invoices go (a billing or accounts-payable address), over a general one in the same file.
    'billing email',
    'invoice email',
    'invoicing email',
    'accounts payable email',
    'ap email',
    'email facturation',
    'e-mail facturation',
    'email de facturation',
    'e-mail de facturation',
    'emails de facturation',
    'adresse email de facturation',
    'email comptabilité',
    'email compta',
    'email facturatie',
    'facturatie email',
    'email',
    'e-mail',
    'email 1',
    'e-mail 1',
    'courriel 1',
    'emails',
    'e-mails',
    'email address',
    'e-mail address',
    // Zoho's contacts (`EmailID`).
    'email id',
    'mail',
    'courriel',
    'adresse e-mail',
    'adresse email',
    'adresse mail',
    'e-mailadres',
    'emailadres',
    'to',
  ],
  cc: ['cc', 'copy', 'email cc', 'e-mail cc', 'copie', 'copie à', 'en copie', 'kopie', 'email 2', 'e-mail 2', 'courriel 2'],
  // Business Central's `Language Code` (`FRA`, `FRB`, `NLB`, `ENU`).
  language: ['language', 'lang', 'langue', 'taal', 'locale', 'language code', 'code langue', 'taalcode'],
  // Odoo's contacts: `Customer Payment Terms` (its `Vendor Payment Terms` are the firm's own, to its suppliers).
  terms: [
    'payment terms',
    'customer payment terms',
    'payment term',
    'terms',
    'conditions de paiement',
    'conditions de paiement client',
    'conditions de règlement',
    'délai de paiement',
    'délais de paiement',
    'délai de règlement',
    'délais de règlement',
    'conditions',
    'betalingstermijn',
    'betalingsvoorwaarden',
    // Business Central's `Payment Terms Code` (`30 DAYS`, `14 DAYS`; a month's, `1M(8D)`, is not read, and said).
    'payment terms code',
    'code conditions de paiement',
    'betalingscondities',
    // Exact Online's.
    'betalingsconditie',
    'betalingsconditiecode',
  ],
  // Business Central's `Credit Limit (LCY)`: in the firm's own currency.
  creditLimit: ['credit limit', 'credit limit lcy', 'limit', 'plafond de crédit', 'plafond', 'encours autorisé', 'encours maximum', 'limite de crédit', 'kredietlimiet', 'kredietlimiet lv'],
  doNotRemind: ['do not remind', 'do-not-remind', 'no reminder', 'no reminders', 'ne pas relancer', 'pas de relance', 'sans relance', 'niet herinneren', 'geen herinnering', 'geen aanmaning'],
  phone: ['phone', 'telephone', 'tel', 'téléphone', 'tél', 'telefoon', 'mobile', 'portable', 'gsm'],
  iban: ['iban', 'bank account', 'compte bancaire', 'rekeningnummer'],
  // Business, consumer or public body: what a late payment may cost the customer (docs/reminders.md).
  type: ['type', 'customer type', 'type de client', 'type client', 'catégorie', 'catégorie client', 'category', 'klanttype', 'type klant', 'categorie klant', 'soort klant'],
  // The postal address, for the registered letter.
  // And where the invoices go, as a software's customer list writes it (QuickBooks' `Billing Street`, Xero's `POAddressLine1`).
  address: [
    'address',
    'postal address',
    'street',
    'adresse',
    'adresse postale',
    'adresse de facturation',
    'rue',
    'adres',
    'straat',
    'postadres',
    'billing street',
    'billing address',
    'address line 1',
    'billing address line 1',
    'po address line 1',
    'adresse 1',
    'adresse ligne 1',
    'adresregel 1',
  ],
  postalCode: ['postal code', 'postcode', 'zip', 'zip code', 'code postal', 'cp', 'billing zip', 'billing postal code', 'billing zip code', 'po postal code'],
  city: ['city', 'town', 'ville', 'localité', 'commune', 'gemeente', 'stad', 'plaats', 'woonplaats', 'billing city', 'po city'],
  country: ['country', 'pays', 'land', 'billing country', 'po country'],
};

const SYNONYMS = { invoices: INVOICE_SYNONYMS, payments: PAYMENT_SYNONYMS, customers: CUSTOMER_SYNONYMS } as const;

/** The fields of each kind of ledger, as `columns` of the config names them. */
export const FIELDS: { readonly [K in LedgerKind]: readonly string[] } = {
  invoices: Object.keys(INVOICE_SYNONYMS),
  payments: Object.keys(PAYMENT_SYNONYMS),
  customers: Object.keys(CUSTOMER_SYNONYMS),
};

/** Fields that a ledger cannot do without. */
export const REQUIRED: { readonly [K in LedgerKind]: readonly FieldOf<K>[] } = {
  invoices: ['number', 'issueDate', 'amount'],
  payments: ['date', 'amount'],
  customers: ['id'],
};

/**
 * The required fields a header's columns do not name. A customers file without codes (a software's contacts, which
 * name each customer by its name, as its invoices do) has its name stand for the id.
 */
function missingFields<K extends LedgerKind>(kind: K, columns: ColumnMap<K>): FieldOf<K>[] {
  const has = columns as Record<string, number>;
  return (REQUIRED[kind] as readonly FieldOf<K>[]).filter((f) => has[f] === undefined && !(kind === 'customers' && f === 'id' && has.name !== undefined));
}

/** The order in which fields claim columns: specific fields before those with generic synonyms. */
const CLAIM_ORDER: { readonly [K in LedgerKind]: readonly FieldOf<K>[] } = {
  invoices: [
    'paidDate',
    'paidAmount',
    'balance',
    'dueDate',
    'creditedInvoice',
    'paymentRef',
    'number',
    'customerId',
    'customerName',
    'issueDate',
    'amount',
    'credit',
    'side',
    'currency',
    'docType',
    'journal',
    'lettering',
    'letteringDate',
    'paymentStatus',
    'status',
    'terms',
    'label',
  ],
  payments: ['id', 'refs', 'customerId', 'customerName', 'date', 'amount', 'debit', 'refunded', 'currency', 'method', 'status', 'partyType', 'direction', 'side'],
  customers: ['email', 'cc', 'id', 'name', 'language', 'terms', 'creditLimit', 'doNotRemind', 'phone', 'iban', 'type', 'postalCode', 'city', 'country', 'address'],
};

/**
 * Amounts in the document's own currency, as software writes them beside the firm's (QuickBooks' `Foreign Amount`,
 * Odoo's `Total in Currency Signed`, Sage's `Montant devise`, Exact's `Bedrag VV`): with a currency column, the one
 * read, since the currency column says the document's; without one, not read (the firm's amount is, in the default
 * currency).
 */
const IN_CURRENCY: { readonly [K in LedgerKind]: Partial<Record<FieldOf<K>, readonly string[]>> } = {
  invoices: {
    amount: [
      'foreign amount',
      'amount in currency',
      'amount in foreign currency',
      'total in currency',
      'total in currency signed',
      'montant devise',
      'montant en devise',
      'montant ttc devise',
      'montant ttc en devise',
      'total ttc devise',
      'bedrag vv',
      'bedrag valuta',
      'bedrag in valuta',
    ],
    balance: ['foreign open balance', 'foreign balance', 'amount due in currency', 'solde devise', 'solde en devise', 'reste dû devise', 'openstaand bedrag vv', 'saldo vv'],
  },
  payments: { amount: ['foreign amount', 'amount in currency', 'montant devise', 'montant en devise', 'bedrag vv', 'bedrag valuta'] },
  customers: {},
};

const normalizedCache = new Map<LedgerKind, Map<string, string[]>>();
const inCurrencyCache = new Map<LedgerKind, Map<string, string[]>>();

function normalizedInCurrency(kind: LedgerKind): Map<string, string[]> {
  let m = inCurrencyCache.get(kind);
  if (!m) {
    m = new Map(Object.entries(IN_CURRENCY[kind] as Record<string, readonly string[]>).map(([field, list]) => [field, list.map(normalizeHeader)]));
    inCurrencyCache.set(kind, m);
  }
  return m;
}

function normalizedSynonyms(kind: LedgerKind): Map<string, string[]> {
  let m = normalizedCache.get(kind);
  if (!m) {
    m = new Map();
    for (const [field, list] of Object.entries(SYNONYMS[kind] as Record<string, readonly string[]>)) {
      m.set(field, list.map(normalizeHeader));
    }
    normalizedCache.set(kind, m);
  }
  return m;
}

/** Where each field is: its column index. */
export type ColumnMap<K extends LedgerKind> = Partial<Record<FieldOf<K>, number>>;

/**
 * Maps header cells to fields. An explicit mapping (from the config: field → header text) wins;
 * the rest is detected.
 * @example mapColumns('invoices', ["N° facture", "Client", "Date", "Montant TTC"]) → { number: 0, customerId: 1, issueDate: 2, amount: 3 }
 */
export function mapColumns<K extends LedgerKind>(kind: K, headers: readonly string[], explicit: Partial<Record<string, string>> = {}): ColumnMap<K> {
  const normalized = headers.map(headerKey);
  const claimed = new Set<number>();
  const map: Record<string, number> = {};
  for (const [field, header] of Object.entries(explicit)) {
    if (header === undefined) continue;
    const idx = normalized.indexOf(headerKey(header));
    if (idx >= 0 && !claimed.has(idx)) {
      map[field] = idx;
      claimed.add(idx);
    }
  }
  const syn = normalizedSynonyms(kind);
  // With a currency column, an amount is read in its row's currency: the document's amount before the firm's
  // (IN_CURRENCY), and a header without a unit before its twin with one (`Total (EUR)` beside `Total`: converted).
  const byCurrency = 'currency' in map || (syn.get('currency') ?? []).some((s) => normalized.includes(s));
  const inCurrency = byCurrency ? normalizedInCurrency(kind) : null;
  const free = (s: string) => (h: string, i: number) => h === s && !claimed.has(i);
  for (const field of CLAIM_ORDER[kind] as readonly string[]) {
    if (field in map) continue;
    for (const s of [...(inCurrency?.get(field) ?? []), ...(syn.get(field) ?? [])]) {
      const idx = byCurrency ? firstIndex(normalized, (h, i) => free(s)(h, i) && headerUnit(headers[i]!) === null, free(s)) : normalized.findIndex(free(s));
      if (idx >= 0) {
        map[field] = idx;
        claimed.add(idx);
        break;
      }
    }
  }
  return map as ColumnMap<K>;
}

/** The index of the first item `best` holds for, else of the first `good` does; -1 when none. */
function firstIndex<T>(list: readonly T[], best: (x: T, i: number) => boolean, good: (x: T, i: number) => boolean): number {
  const i = list.findIndex(best);
  return i >= 0 ? i : list.findIndex(good);
}

export interface HeaderMatch<K extends LedgerKind> {
  /** Index of the header row among the table's rows. */
  readonly row: number;
  readonly headers: string[];
  readonly columns: ColumnMap<K>;
  /** Required fields not found (empty when the header is complete). */
  readonly missing: FieldOf<K>[];
}

/** Rows to look for a header in: an array, or a table, whose rows are then read only as far as the header. */
export type HeadRows = readonly (readonly Cell[])[] | { readonly rowCount: number; row(r: number): readonly Cell[] };

/**
 * Finds the header row: the first of the first 30 rows that names every required field; title rows
 * above it are skipped. When none does, returns the row that named the most fields, with what is missing.
 */
export function findHeader<K extends LedgerKind>(kind: K, rows: HeadRows, explicit: Partial<Record<string, string>> = {}): HeaderMatch<K> | null {
  let best: HeaderMatch<K> | null = null;
  let bestCount = 0;
  const list = Array.isArray(rows) ? (rows as readonly (readonly Cell[])[]) : null;
  const table = list === null ? (rows as Exclude<HeadRows, readonly (readonly Cell[])[]>) : null;
  const limit = Math.min(list?.length ?? table!.rowCount, HEAD_ROWS);
  for (let r = 0; r < limit; r++) {
    const row = list?.[r] ?? table!.row(r);
    if (row.every(isBlank)) continue;
    const headers = row.map((c) => cellText(c).trim());
    const columns = mapColumns(kind, headers, explicit);
    const missing = missingFields(kind, columns);
    const count = Object.keys(columns).length;
    if (missing.length === 0) return { row: r, headers, columns, missing };
    if (count > bestCount) {
      best = { row: r, headers, columns, missing };
      bestCount = count;
    }
  }
  return best;
}

/** Whether the headers were written in English (then m/d/yyyy is the likelier reading of ambiguous dates). */
export function looksEnglish(headers: readonly string[]): boolean {
  const english = /^(invoice|customer|amount|date|due|currency|payment|paid|number|total|name|status|terms)/;
  const french = /^(facture|client|montant|echeance|devise|reglement|paiement|numero|nom|statut|raison|date(de|facture|reglement|paiement|echeance))/;
  let en = 0;
  let fr = 0;
  for (const h of headers) {
    const n = normalizeHeader(h);
    if (n === '') continue;
    if (french.test(n)) fr++;
    else if (english.test(n)) en++;
  }
  return en > fr;
}
