/**
 * Writes the business facts of fixtures/fec/ (the hand-written factures.csv, reglements.csv and clients.csv) in two
 * more forms, so that a test can read the same facts from every source `ar` knows:
 *
 * - fixtures/fec/grand-livre.xlsx: sheets `Factures` (a title row, a blank row, then the header), `Règlements` and
 *   `Clients`, the same rows as the CSVs, with real dates, numeric amounts and codes as text;
 * - fixtures/fec/factures-electroniques/: the ten documents as e-invoices — UBL 2.1 invoices and a UBL credit note,
 *   two CII invoices and one Factur-X PDF — to be read with the bank statements of fixtures/bank/ as the payments.
 *
 * The e-invoices carry their own due dates: the ones the customers' terms give in the CSV form (clients.csv), so that
 * every form ages each invoice from the same day. Two do not: FA2026-008 states its terms in words ("Paiement à 30
 * jours") and FA2025-099 states nothing, so `ar` derives them (from the text, and from the default terms, since its
 * customer C4 has none). The buyer is named by the identifier the seller gave it (UBL `cac:PartyIdentification`, CII
 * `ram:BuyerTradeParty/ram:ID`), which is the customer code of the books: no SIREN, VAT number or endpoint, which would
 * take precedence and key the customer differently from the CSV and the FEC.
 *
 * Fixed dates everywhere: rerunning gives the same bytes.
 *
 *   node scripts/make-fec-forms.ts
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { makeFacturX } from './make-facturx.ts';

const OUT = join(import.meta.dirname, '..', 'fixtures', 'fec');
const SELLER = { name: 'Atelier Durand SARL', siren: '900000002' };

interface Customer {
  readonly code: string;
  readonly name: string;
  readonly terms: string;
  readonly iban: string;
}
const CUSTOMERS: readonly Customer[] = [
  { code: 'C1', name: 'Boulangerie Lefèvre SARL', terms: '30', iban: '' },
  { code: 'C2', name: 'Menuiserie Gauthier SAS', terms: '45FDM', iban: '' },
  { code: 'C3', name: 'Œnologie Moreau SARL', terms: '60', iban: 'BE02 3630 9876 5440' },
  { code: 'C4', name: 'Garage du Centre EURL', terms: '', iban: '' },
];
const customer = (code: string): Customer => {
  const c = CUSTOMERS.find((x) => x.code === code);
  if (!c) throw new Error(`no customer ${code}`);
  return c;
};

/** A document of factures.csv, and how its e-invoice is written. Dates ISO, amounts in cents (TTC). */
interface Doc {
  readonly no: string;
  readonly code: string;
  readonly date: string;
  readonly cents: number;
  readonly creditNote?: { readonly origin: string };
  readonly paymentRef?: string;
  /** The e-invoice's due date (the CSV form derives the same day from clients.csv); absent: `terms` or nothing. */
  readonly due?: string;
  readonly terms?: string;
  readonly form: 'ubl' | 'cii' | 'facturx';
}
const DOCS: readonly Doc[] = [
  { no: 'FA2025-099', code: 'C4', date: '2025-12-10', cents: 80000, form: 'ubl' },
  { no: 'FA2026-006', code: 'C3', date: '2026-05-10', cents: 300000, due: '2026-07-09', form: 'cii' },
  { no: 'FA2026-001', code: 'C1', date: '2026-06-15', cents: 120000, due: '2026-07-15', paymentRef: '+++101/2026/00172+++', form: 'ubl' },
  { no: 'FA2026-004', code: 'C2', date: '2026-07-01', cents: 240000, due: '2026-08-31', paymentRef: 'RF27FA2026004', form: 'ubl' },
  { no: 'AV2026-001', code: 'C2', date: '2026-07-15', cents: -40000, creditNote: { origin: 'FA2026-004' }, form: 'ubl' },
  { no: 'FA2026-007', code: 'C3', date: '2026-08-15', cents: 150000, due: '2026-10-14', form: 'cii' },
  { no: 'FA2026-002', code: 'C1', date: '2026-08-20', cents: 60000, due: '2026-09-19', form: 'ubl' },
  { no: 'FA2026-005', code: 'C2', date: '2026-09-01', cents: 96000, due: '2026-10-31', form: 'ubl' },
  { no: 'FA2026-008', code: 'C4', date: '2026-09-20', cents: 45000, terms: 'Paiement à 30 jours', form: 'ubl' },
  { no: 'FA2026-003', code: 'C1', date: '2026-10-05', cents: 30000, due: '2026-11-04', form: 'facturx' },
];

/** reglements.csv. */
const PAYMENTS: readonly { date: string; code: string; cents: number; ref: string }[] = [
  { date: '2026-07-10', code: 'C1', cents: 120000, ref: 'FA2026-001' },
  { date: '2026-08-01', code: 'C3', cents: 100000, ref: '' },
  { date: '2026-09-10', code: 'C2', cents: 200000, ref: 'FA2026-004' },
  { date: '2026-09-15', code: 'C4', cents: 80000, ref: 'FA2025-099' },
  { date: '2026-09-25', code: 'C1', cents: 25000, ref: 'FA2026-002' },
  { date: '2026-10-20', code: 'C4', cents: 45000, ref: 'FA2026-008' },
  { date: '2026-10-25', code: 'C3', cents: 50000, ref: 'FA2026-007' },
  { date: '2026-10-28', code: 'C4', cents: 10000, ref: 'FA2026-008' },
  { date: '2026-11-05', code: 'C1', cents: 30000, ref: 'FA2026-003' },
];

const dec = (cents: number): string => `${Math.trunc(cents / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const xlsxDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const frDate = (iso: string): string => iso.split('-').reverse().join('/');
/** 20 % VAT included: the net and the tax of a TTC amount (cents). */
const split = (ttc: number): { net: number; tax: number } => {
  const net = Math.round(ttc / 1.2);
  return { net, tax: ttc - net };
};

// ---- XLSX ----
const FIXED = new Date(Date.UTC(2026, 10, 1, 8, 0, 0));
const wb = new ExcelJS.Workbook();
wb.creator = SELLER.name;
wb.created = FIXED;
wb.modified = FIXED;
function sheet(name: string, header: string[], rows: (string | number | Date | null)[][], title?: string): void {
  const ws = wb.addWorksheet(name);
  if (title !== undefined) {
    ws.addRow([title]);
    ws.addRow([]);
  }
  ws.addRow(header).font = { bold: true };
  for (const r of rows) {
    ws.addRow(r).eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'dd/mm/yyyy';
      else if (typeof cell.value === 'number') cell.numFmt = '#,##0.00';
    });
  }
  ws.columns.forEach((col) => {
    col.width = 22;
  });
}
sheet(
  'Factures',
  ['N° facture', 'Code client', 'Date facture', 'Montant TTC', 'Type', "Facture d'origine", 'Communication structurée'],
  DOCS.map((d) => [d.no, d.code, xlsxDate(d.date), d.cents / 100, d.creditNote ? 'Avoir' : 'Facture', d.creditNote?.origin ?? null, d.paymentRef ?? null]),
  'Grand livre clients — export du 31/10/2026',
);
sheet(
  'Règlements',
  ['Date règlement', 'Code client', 'Montant', 'Réf. facture'],
  PAYMENTS.map((p) => [xlsxDate(p.date), p.code, p.cents / 100, p.ref || null]),
);
sheet(
  'Clients',
  ['Code client', 'Raison sociale', 'Conditions de paiement', 'IBAN'],
  CUSTOMERS.map((c) => [c.code, c.name, c.terms || null, c.iban || null]),
);
// The same bytes every run: the zip entries get a fixed date (exceljs stamps them with the time of writing).
const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
zip.forEach((_, entry) => {
  entry.date = FIXED;
});
writeFileSync(join(OUT, 'grand-livre.xlsx'), await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));

// ---- e-invoices ----
const UBL_NS = 'xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"\n' + '    xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"';

function ubl(d: Doc): string {
  const c = customer(d.code);
  const credit = d.creditNote !== undefined;
  const root = credit ? 'CreditNote' : 'Invoice';
  const amount = Math.abs(d.cents); // a UBL CreditNote carries positive amounts
  const { net, tax } = split(amount);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- ${credit ? 'A credit note' : 'An invoice'} (UBL 2.1, EN 16931) of the facts of fixtures/fec/, written by scripts/make-fec-forms.ts. Fictitious parties. -->`,
    `<${root} xmlns="urn:oasis:names:specification:ubl:schema:xsd:${root}-2"\n    ${UBL_NS}>`,
    '  <cbc:CustomizationID>urn:cen.eu:en16931:2017</cbc:CustomizationID>',
    `  <cbc:ID>${d.no}</cbc:ID>`,
    `  <cbc:IssueDate>${d.date}</cbc:IssueDate>`,
    ...(d.due ? [`  <cbc:DueDate>${d.due}</cbc:DueDate>`] : []),
    credit ? '  <cbc:CreditNoteTypeCode>381</cbc:CreditNoteTypeCode>' : '  <cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    '  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
    ...(credit ? ['  <cac:BillingReference>', `    <cac:InvoiceDocumentReference><cbc:ID>${d.creditNote.origin}</cbc:ID></cac:InvoiceDocumentReference>`, '  </cac:BillingReference>'] : []),
    '  <cac:AccountingSupplierParty>',
    `    <cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>${SELLER.name}</cbc:RegistrationName><cbc:CompanyID schemeID="0002">${SELLER.siren}</cbc:CompanyID></cac:PartyLegalEntity></cac:Party>`,
    '  </cac:AccountingSupplierParty>',
    '  <cac:AccountingCustomerParty>',
    '    <cac:Party>',
    `      <cac:PartyIdentification><cbc:ID>${c.code}</cbc:ID></cac:PartyIdentification>`,
    `      <cac:PartyLegalEntity><cbc:RegistrationName>${esc(c.name)}</cbc:RegistrationName></cac:PartyLegalEntity>`,
    '    </cac:Party>',
    '  </cac:AccountingCustomerParty>',
    ...(d.paymentRef ? ['  <cac:PaymentMeans>', '    <cbc:PaymentMeansCode>30</cbc:PaymentMeansCode>', `    <cbc:PaymentID>${d.paymentRef}</cbc:PaymentID>`, '  </cac:PaymentMeans>'] : []),
    ...(d.terms ? [`  <cac:PaymentTerms><cbc:Note>${esc(d.terms)}</cbc:Note></cac:PaymentTerms>`] : []),
    `  <cac:TaxTotal><cbc:TaxAmount currencyID="EUR">${dec(tax)}</cbc:TaxAmount></cac:TaxTotal>`,
    '  <cac:LegalMonetaryTotal>',
    `    <cbc:LineExtensionAmount currencyID="EUR">${dec(net)}</cbc:LineExtensionAmount>`,
    `    <cbc:TaxExclusiveAmount currencyID="EUR">${dec(net)}</cbc:TaxExclusiveAmount>`,
    `    <cbc:TaxInclusiveAmount currencyID="EUR">${dec(amount)}</cbc:TaxInclusiveAmount>`,
    `    <cbc:PayableAmount currencyID="EUR">${dec(amount)}</cbc:PayableAmount>`,
    '  </cac:LegalMonetaryTotal>',
    `</${root}>`,
  ];
  return `${lines.join('\n')}\n`;
}

function cii(d: Doc, profile: string): string {
  const c = customer(d.code);
  const { net, tax } = split(d.cents);
  const ymd = (iso: string): string => iso.replace(/-/g, '');
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<!-- An invoice (UN/CEFACT CII, ${profile}) of the facts of fixtures/fec/, written by scripts/make-fec-forms.ts. Fictitious parties. -->`,
    '<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"',
    '    xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"',
    '    xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">',
    '  <rsm:ExchangedDocumentContext>',
    `    <ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>${profile}</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter>`,
    '  </rsm:ExchangedDocumentContext>',
    '  <rsm:ExchangedDocument>',
    `    <ram:ID>${d.no}</ram:ID>`,
    '    <ram:TypeCode>380</ram:TypeCode>',
    `    <ram:IssueDateTime><udt:DateTimeString format="102">${ymd(d.date)}</udt:DateTimeString></ram:IssueDateTime>`,
    '  </rsm:ExchangedDocument>',
    '  <rsm:SupplyChainTradeTransaction>',
    '    <ram:ApplicableHeaderTradeAgreement>',
    `      <ram:SellerTradeParty><ram:Name>${SELLER.name}</ram:Name><ram:SpecifiedLegalOrganization><ram:ID schemeID="0002">${SELLER.siren}</ram:ID></ram:SpecifiedLegalOrganization></ram:SellerTradeParty>`,
    `      <ram:BuyerTradeParty><ram:ID>${c.code}</ram:ID><ram:Name>${esc(c.name)}</ram:Name></ram:BuyerTradeParty>`,
    '    </ram:ApplicableHeaderTradeAgreement>',
    '    <ram:ApplicableHeaderTradeDelivery/>',
    '    <ram:ApplicableHeaderTradeSettlement>',
    ...(d.paymentRef ? [`      <ram:PaymentReference>${d.paymentRef}</ram:PaymentReference>`] : []),
    '      <ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>',
    ...(d.due
      ? [`      <ram:SpecifiedTradePaymentTerms><ram:DueDateDateTime><udt:DateTimeString format="102">${ymd(d.due)}</udt:DateTimeString></ram:DueDateDateTime></ram:SpecifiedTradePaymentTerms>`]
      : []),
    '      <ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    `        <ram:LineTotalAmount>${dec(net)}</ram:LineTotalAmount>`,
    `        <ram:TaxBasisTotalAmount>${dec(net)}</ram:TaxBasisTotalAmount>`,
    `        <ram:TaxTotalAmount currencyID="EUR">${dec(tax)}</ram:TaxTotalAmount>`,
    `        <ram:GrandTotalAmount>${dec(d.cents)}</ram:GrandTotalAmount>`,
    `        <ram:DuePayableAmount>${dec(d.cents)}</ram:DuePayableAmount>`,
    '      </ram:SpecifiedTradeSettlementHeaderMonetarySummation>',
    '    </ram:ApplicableHeaderTradeSettlement>',
    '  </rsm:SupplyChainTradeTransaction>',
    '</rsm:CrossIndustryInvoice>',
  ];
  return `${lines.join('\n')}\n`;
}

const EINV = join(OUT, 'factures-electroniques');
rmSync(EINV, { recursive: true, force: true });
mkdirSync(EINV);
for (const d of DOCS) {
  if (d.form === 'ubl') writeFileSync(join(EINV, `${d.no}.xml`), ubl(d));
  else if (d.form === 'cii') writeFileSync(join(EINV, `${d.no}.xml`), cii(d, 'urn:cen.eu:en16931:2017'));
  else {
    const c = customer(d.code);
    const pdf = await makeFacturX({
      xml: cii(d, 'urn:factur-x.eu:1p0:basicwl'),
      title: `Facture ${d.no}`,
      when: new Date(`${d.date}T09:00:00Z`),
      lines: [`${SELLER.name} - Facture ${d.no} du ${frDate(d.date)}`, `Client : ${c.name} (${c.code})`, `Net à payer ${dec(d.cents).replace('.', ',')} EUR, échéance ${frDate(d.due!)}`],
    });
    writeFileSync(join(EINV, `${d.no}-facturx.pdf`), pdf);
  }
}
process.stdout.write(`${OUT}: grand-livre.xlsx, factures-electroniques/ (${DOCS.length} documents)\n`);
