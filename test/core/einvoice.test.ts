import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dayFromIso } from '../../src/core/dates.ts';
import { centsFromDecimal, customerIdOf, dayFromXmlDate, importEInvoices, mapEInvoiceFile, type MappedFile, type XmlNode } from '../../src/core/import/einvoice.ts';
import { parseTerms as termsFromText } from '../../src/core/terms.ts';
import { parseXml } from '../../src/io/read-einvoice.ts';
import { ROOT } from '../helpers/run.ts';

const day = (iso: string): number => dayFromIso(iso)!;

/** Parses XML text with the real parser of src/io (the mappers themselves are pure). */
function tree(xml: string): XmlNode {
  const r = parseXml(new TextEncoder().encode(xml));
  if ('error' in r) throw new Error(`${r.error} ${JSON.stringify(r.params)}`);
  return r.root;
}

function fixture(name: string): XmlNode {
  return tree(readFileSync(join(ROOT, 'fixtures/einvoices', name), 'utf8'));
}

function mapped(xml: string, file = 'doc.xml'): MappedFile {
  return mapEInvoiceFile(tree(xml), file);
}

const UBL_NS =
  'xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"';

/** A minimal UBL invoice; `parts` replaces the pieces a test is about. */
function ubl(parts: { id?: string; issue?: string; due?: string; terms?: string; buyer?: string; payable?: string; currency?: string; type?: string; extra?: string } = {}): string {
  const o = {
    id: '<cbc:ID>F1</cbc:ID>',
    issue: '<cbc:IssueDate>2026-01-10</cbc:IssueDate>',
    due: '',
    terms: '',
    type: '<cbc:InvoiceTypeCode>380</cbc:InvoiceTypeCode>',
    currency: '<cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>',
    buyer:
      '<cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Client SA</cbc:RegistrationName><cbc:CompanyID schemeID="0002">812345678</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>',
    payable: '<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">100.00</cbc:PayableAmount></cac:LegalMonetaryTotal>',
    extra: '',
    ...parts,
  };
  return `<Invoice ${UBL_NS}>${o.id}${o.issue}${o.due}${o.type}${o.currency}${o.extra}${o.buyer}${o.terms}${o.payable}</Invoice>`;
}

function docOf(m: MappedFile) {
  if (m.kind !== 'invoice' || m.doc === null) throw new Error(`not a mapped invoice: ${JSON.stringify(m.problems)}`);
  return m.doc;
}

describe('amounts and dates of e-invoices', () => {
  it('reads xs:decimal amounts to exact cents, with no float on the way', () => {
    expect(centsFromDecimal('1656.25')).toEqual({ ok: true, value: 165625 });
    expect(centsFromDecimal('-233.47')).toEqual({ ok: true, value: -23347 });
    expect(centsFromDecimal('160.0000')).toEqual({ ok: true, value: 16000 });
    expect(centsFromDecimal('25')).toEqual({ ok: true, value: 2500 });
    expect(centsFromDecimal('0.1')).toEqual({ ok: true, value: 10 });
    expect(centsFromDecimal('.5')).toEqual({ ok: true, value: 50 });
    expect(centsFromDecimal('+0007.05')).toEqual({ ok: true, value: 705 });
    expect(centsFromDecimal('1234567890123.99')).toEqual({ ok: true, value: 123456789012399 });
    expect(centsFromDecimal('1.005')).toEqual({ ok: false, error: 'too_many_decimals' });
    expect(centsFromDecimal('12,50')).toEqual({ ok: false, error: 'not_an_amount' });
    expect(centsFromDecimal('-')).toEqual({ ok: false, error: 'not_an_amount' });
    expect(centsFromDecimal('12345678901234')).toEqual({ ok: false, error: 'too_large' });
  });

  it('reads UBL dates and CII DateTimeStrings (102, 204) as calendar days', () => {
    expect(dayFromXmlDate('2017-11-13')).toBe(day('2017-11-13'));
    expect(dayFromXmlDate('2017-11-13+01:00')).toBe(day('2017-11-13'));
    expect(dayFromXmlDate('20201121', '102')).toBe(day('2020-11-21'));
    expect(dayFromXmlDate('20261002093000', '204')).toBe(day('2026-10-02'));
    expect(dayFromXmlDate('20260231', '102')).toBeNull();
    expect(dayFromXmlDate('202611', '610')).toBeNull();
    expect(dayFromXmlDate('13/11/2017')).toBeNull();
  });
});

describe('payment terms in words', () => {
  it('reads the period the text names, the longest when it names several', () => {
    expect(termsFromText('30 jours fin de mois')).toEqual({ days: 30, endOfMonth: true });
    expect(termsFromText('45 jours fin de mois')).toEqual({ days: 45, endOfMonth: true });
    expect(termsFromText('Net 30')).toEqual({ days: 30, endOfMonth: false });
    expect(termsFromText('30 jours net')).toEqual({ days: 30, endOfMonth: false });
    expect(termsFromText('Payment within 30 days')).toEqual({ days: 30, endOfMonth: false });
    expect(termsFromText("2 % d'escompte pour paiement à 10 jours, 60 jours net")).toEqual({ days: 60, endOfMonth: false });
    expect(termsFromText('Zahlbar innerhalb 30 Tagen netto bis 15.12.2024, 3% Skonto innerhalb 10 Tagen')).toEqual({ days: 30, endOfMonth: false });
    expect(termsFromText('Betaling binnen 14 dagen')).toEqual({ days: 14, endOfMonth: false });
    expect(termsFromText('45FDM')).toEqual({ days: 45, endOfMonth: true });
    expect(termsFromText('Paiement comptant à réception')).toEqual({ days: 0, endOfMonth: false });
  });

  it('gives up on a text that names no period, a date included', () => {
    expect(termsFromText('Zahlbar ohne Abzug bis 12.12.2020')).toBeNull();
    expect(termsFromText('Merci de votre confiance')).toBeNull();
    expect(termsFromText('')).toBeNull();
  });
});

describe('the customer id of the buyer', () => {
  const none = { legal: [], vat: [], endpoint: [], identifier: [], name: null };
  it('takes the legal id first, a SIRET cut to its SIREN', () => {
    expect(customerIdOf({ ...none, legal: [{ value: '78787878400035', scheme: '0002' }], vat: [{ value: 'FR19787878784', scheme: null }], name: 'X' })).toBe('787878784');
    expect(customerIdOf({ ...none, legal: [{ value: '812 345 678', scheme: '0002' }] })).toBe('812345678');
    expect(customerIdOf({ ...none, legal: [{ value: '0456.789.012', scheme: '0208' }] })).toBe('0456789012');
    expect(customerIdOf({ ...none, legal: [{ value: '39937423947', scheme: '0183' }] })).toBe('39937423947');
  });

  it('then the VAT number, a French or Belgian one turned into the SIREN or KBO number it holds', () => {
    expect(customerIdOf({ ...none, vat: [{ value: 'FR 40 812345678', scheme: null }] })).toBe('812345678');
    expect(customerIdOf({ ...none, vat: [{ value: 'BE0456.789.012', scheme: null }] })).toBe('0456789012');
    expect(customerIdOf({ ...none, vat: [{ value: 'BE 456 789 012', scheme: null }] })).toBe('0456789012');
    expect(customerIdOf({ ...none, vat: [{ value: 'de136695976', scheme: null }] })).toBe('DE136695976');
  });

  it('then the electronic address, as scheme:value unless it holds a SIREN or KBO number', () => {
    expect(customerIdOf({ ...none, endpoint: [{ value: '0184:12345678'.slice(5), scheme: '0184' }] })).toBe('0184:12345678');
    expect(customerIdOf({ ...none, endpoint: [{ value: '999999998_042', scheme: '0225' }] })).toBe('999999998');
    expect(customerIdOf({ ...none, endpoint: [{ value: 'BE0456789012', scheme: '9925' }] })).toBe('0456789012');
  });

  it('then the identifier the seller gave, then the name; null without any', () => {
    expect(customerIdOf({ ...none, identifier: [{ value: 'C013', scheme: null }], name: 'Dupont' })).toBe('C013');
    expect(customerIdOf({ ...none, name: 'Dupont' })).toBe('Dupont');
    expect(customerIdOf(none)).toBeNull();
  });
});

describe('mapping UBL documents', () => {
  it('maps a Peppol invoice: number, dates, buyer, payable amount, currency, payment reference', () => {
    const d = docOf(mapEInvoiceFile(fixture('FA-2026-0101.xml'), 'FA-2026-0101.xml'));
    expect(d).toEqual({
      file: 'FA-2026-0101.xml',
      format: 'UBL',
      typeCode: '380',
      number: 'FA-2026-0101',
      issueDate: day('2026-09-01'),
      dueDate: day('2026-10-01'),
      termsText: '30 jours net',
      customerId: '812345678',
      customerName: 'Martin & Fils SARL',
      amount: 120000,
      currency: 'EUR',
      isCreditNote: false,
      creditedInvoice: null,
      paymentReference: 'FA-2026-0101',
    });
  });

  it('makes a CreditNote with a positive amount a credit note, naming the invoice of its BillingReference', () => {
    const d = docOf(mapEInvoiceFile(fixture('AV-2026-0007.xml'), 'AV-2026-0007.xml'));
    expect(d).toMatchObject({ number: 'AV-2026-0007', typeCode: '381', isCreditNote: true, amount: -20000, creditedInvoice: 'FA-2026-0101', customerId: '812345678', dueDate: null });
  });

  it('makes an Invoice with a negative payable amount a credit note', () => {
    const d = docOf(mapEInvoiceFile(fixture('FA-2026-0102-correction.xml'), 'c.xml'));
    expect(d).toMatchObject({ number: 'FA-2026-0102', typeCode: '380', isCreditNote: true, amount: -10000, creditedInvoice: 'FA-2026-0102', customerId: '0456789012' });
  });

  it('reads any prefix bound to the UBL namespace, and keeps the terms text when there is no due date', () => {
    const d = docOf(mapEInvoiceFile(fixture('FA-2026-0102.xml'), 'FA-2026-0102.xml'));
    expect(d).toMatchObject({ dueDate: null, termsText: '30 jours fin de mois', customerId: '0456789012', paymentReference: '+++090/9337/55493+++' });
  });

  it('reads the encoding the XML declaration names, and refuses one it does not know', () => {
    const latin1 = Buffer.from(
      `<?xml version="1.0" encoding="ISO-8859-1"?>${ubl({ buyer: "<cac:AccountingCustomerParty><cac:Party><cac:PartyName><cbc:Name>Société Générale d'Écrous</cbc:Name></cac:PartyName></cac:Party></cac:AccountingCustomerParty>" })}`,
      'latin1',
    );
    const r = parseXml(latin1);
    expect('root' in r && docOf(mapEInvoiceFile(r.root, 'l.xml')).customerId).toBe("Société Générale d'Écrous");
    expect(parseXml(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><r/>'))).toEqual({ error: 'xml_encoding', params: { value: 'x-klingon' }, line: 0 });
    expect(parseXml(Buffer.from([0x3c, 0x72, 0x3e, 0xe9, 0x3c, 0x2f, 0x72, 0x3e]))).toMatchObject({ error: 'xml_malformed' });
  });

  it('names the file and the element of every missing or bad value', () => {
    const m = mapped(
      ubl({ id: '', payable: '<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">12,50</cbc:PayableAmount></cac:LegalMonetaryTotal>', issue: '<cbc:IssueDate>2026-02-30</cbc:IssueDate>' }),
      'bad.xml',
    );
    expect(m.kind).toBe('invoice');
    expect(m.problems).toEqual([
      { severity: 'error', code: 'element_missing', file: 'bad.xml', line: 0, element: 'Invoice/cbc:ID' },
      { severity: 'error', code: 'not_a_date', file: 'bad.xml', line: 0, element: 'Invoice/cbc:IssueDate', value: '2026-02-30' },
      { severity: 'error', code: 'not_an_amount', file: 'bad.xml', line: 0, element: 'Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount', value: '12,50' },
    ]);
    const empty = mapped(ubl({ id: '<cbc:ID> </cbc:ID>', payable: '' }), 'empty.xml');
    expect(empty.problems.map((p) => `${p.code} ${p.element}`)).toEqual(['required Invoice/cbc:ID', 'element_missing Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount']);
  });

  it('rejects a document without any buyer identity, or whose amount is in another currency', () => {
    expect(mapped(ubl({ buyer: '' })).problems.map((p) => p.code)).toEqual(['buyer_without_id']);
    const m = mapped(ubl({ payable: '<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="USD">100.00</cbc:PayableAmount></cac:LegalMonetaryTotal>' }));
    expect(m.problems).toMatchObject([{ code: 'currency_mismatch', value: 'USD', params: { currency: 'EUR' } }]);
  });

  it('takes the currency of the amount when the document names none', () => {
    expect(docOf(mapped(ubl({ currency: '' }))).currency).toBe('EUR');
    expect(mapped(ubl({ currency: '', payable: '<cac:LegalMonetaryTotal><cbc:PayableAmount>1.00</cbc:PayableAmount></cac:LegalMonetaryTotal>' })).problems).toMatchObject([
      { code: 'element_missing', element: 'Invoice/cbc:DocumentCurrencyCode' },
    ]);
  });

  it('refuses other XML, and names ZUGFeRD 1.0', () => {
    expect(mapped('<note><to>x</to></note>', 'note.xml')).toEqual({
      kind: 'rejected',
      file: 'note.xml',
      problems: [{ severity: 'error', code: 'not_einvoice', file: 'note.xml', line: 0, params: { root: 'note', namespace: '' } }],
    });
    // The right local name in the wrong namespace is not UBL either.
    expect(mapped('<Invoice xmlns="urn:example:invoice"><ID>1</ID></Invoice>').problems[0]).toMatchObject({ code: 'not_einvoice', params: { root: 'Invoice', namespace: 'urn:example:invoice' } });
    expect(mapped('<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>').problems[0]).toMatchObject({ code: 'zugferd1' });
  });
});

describe('mapping CII documents', () => {
  it('maps an EN 16931 invoice: the SIRET of the buyer keyed by its SIREN, the due date of its terms', () => {
    const d = docOf(mapEInvoiceFile(fixture('FA-2026-0103.xml'), 'FA-2026-0103.xml'));
    expect(d).toEqual({
      file: 'FA-2026-0103.xml',
      format: 'CII',
      typeCode: '380',
      number: 'FA-2026-0103',
      issueDate: day('2026-10-05'),
      dueDate: day('2026-11-04'),
      termsText: '30 jours net',
      customerId: '812345678',
      customerName: 'Martin & Fils SARL',
      amount: 240000,
      currency: 'EUR',
      isCreditNote: false,
      creditedInvoice: null,
      paymentReference: 'FA-2026-0103',
    });
  });

  it('makes TypeCode 381 with a positive amount a credit note of its InvoiceReferencedDocument', () => {
    expect(docOf(mapEInvoiceFile(fixture('AV-2026-0008.xml'), 'a.xml'))).toMatchObject({ typeCode: '381', isCreditNote: true, amount: -30000, creditedInvoice: 'FA-2026-0103' });
  });

  it('maps a MINIMUM-profile invoice without due date, terms or buyer legal id, by its buyer identifier', () => {
    const d = docOf(
      mapped(`<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
      <rsm:ExchangedDocument><ram:ID>M-1</ram:ID><ram:TypeCode>380</ram:TypeCode><ram:IssueDateTime><udt:DateTimeString format="102">20260110</udt:DateTimeString></ram:IssueDateTime></rsm:ExchangedDocument>
      <rsm:SupplyChainTradeTransaction><ram:ApplicableHeaderTradeAgreement><ram:BuyerTradeParty><ram:ID>C013</ram:ID><ram:Name>Dupont</ram:Name></ram:BuyerTradeParty></ram:ApplicableHeaderTradeAgreement>
      <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode><ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:GrandTotalAmount>671.15</ram:GrandTotalAmount><ram:DuePayableAmount>470.15</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation></ram:ApplicableHeaderTradeSettlement>
      </rsm:SupplyChainTradeTransaction></rsm:CrossIndustryInvoice>`),
    );
    expect(d).toMatchObject({ number: 'M-1', customerId: 'C013', customerName: 'Dupont', dueDate: null, termsText: null, amount: 47015 });
  });

  it('names the CII element of a missing amount', () => {
    const m = mapped(
      `<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"><rsm:ExchangedDocument><ram:ID>M-1</ram:ID></rsm:ExchangedDocument></rsm:CrossIndustryInvoice>`,
      'm.xml',
    );
    expect(m.problems.map((p) => p.element)).toEqual([
      'rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString',
      'rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount',
      'rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty',
      'rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode',
    ]);
  });
});

describe('XML safety', () => {
  it('refuses a DOCTYPE where the parser itself meets one: a comment inside it fools nothing', () => {
    const refused = (xml: string) => parseXml(new TextEncoder().encode(xml));
    expect(refused('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>')).toEqual({
      error: 'xml_entities',
      params: { detail: 'a DOCTYPE with an internal subset ([…])' },
      line: 1,
    });
    expect(refused('<!DOCTYPE r [\n  <!ENTITY lol "lol">\n]><r/>')).toMatchObject({ error: 'xml_entities' });
    // The old check searched the text for the first element after the DOCTYPE: a "<a" in a comment ended its search.
    expect(refused('<!DOCTYPE r [<!-- <a --> <!ENTITY x "boom">]><r>&x;</r>')).toMatchObject({ error: 'xml_entities', line: 1 });
    expect(refused('<!DOCTYPE r SYSTEM "r.dtd"><r/>')).toEqual({ error: 'xml_entities', params: { detail: 'a DOCTYPE' }, line: 1 });
    // In a comment, the same text is no DOCTYPE; an undeclared entity is an error, never left as written.
    expect(refused('<r><!-- <!DOCTYPE r [<!ENTITY x "y">]> --></r>')).toMatchObject({ root: { name: 'r' } });
    expect(refused('<r>\n&x;</r>')).toEqual({ error: 'xml_malformed', params: { detail: 'entity "&x;" is not declared (ar knows only &lt; &gt; &amp; &quot; &apos;)' }, line: 2 });
  });

  it('decodes the XML entities once, and keeps CDATA as written', () => {
    const t = tree('<r a="x &amp; y"><b>Dupont &amp; Fils &#233;t&#xE9; &amp;#233;</b><c><![CDATA[ &amp; <x> ]]></c></r>');
    expect(t.attrs.a).toBe('x & y');
    expect(t.children[0]!.text).toBe('Dupont & Fils été &#233;');
    expect(t.children[1]!.text).toBe('&amp; <x>');
  });
});

describe('importing a set of e-invoices', () => {
  const files = ['FA-2026-0101.xml', 'AV-2026-0007.xml', 'FA-2026-0102.xml', 'FA-2026-0102-correction.xml', 'FA-2026-0103.xml', 'AV-2026-0008.xml'];
  const all = (): MappedFile[] => files.map((f) => mapEInvoiceFile(fixture(f), f));

  it('derives a missing due date from the terms text, else the customer, else the default terms, and flags it', () => {
    const r = importEInvoices('einvoices', all(), { termsOf: (id) => (id === '812345678' ? { days: 45, endOfMonth: false } : null) });
    const by = new Map(r.records.map((i) => [`${i.number}${i.isCreditNote ? '/C' : ''}`, i]));
    expect(by.get('FA-2026-0101')).toMatchObject({ dueDate: day('2026-10-01'), dueDateDerived: false, paymentReference: 'FA-2026-0101' });
    expect(by.get('FA-2026-0102')).toMatchObject({ dueDate: day('2026-10-31'), dueDateDerived: true });
    expect(by.get('AV-2026-0007/C')).toMatchObject({ dueDate: day('2026-10-30'), dueDateDerived: true });
    expect(r.problems).toEqual([]);
  });

  it('keeps an invoice and the credit note with its number apart, and reconciles files and sums', () => {
    const r = importEInvoices('einvoices', all());
    expect(r.records.filter((i) => i.number === 'FA-2026-0102').map((i) => [i.isCreditNote, i.amount])).toEqual([
      [false, 85000],
      [true, -10000],
    ]);
    expect(r.count).toEqual({
      file: 'einvoices',
      read: 6,
      used: 6,
      rejected: 0,
      ignored: 0,
      amounts: { read: { EUR: 120000 - 20000 + 85000 - 10000 + 240000 - 30000 }, used: { EUR: 385000 }, rejected: {} },
    });
  });

  it('ignores the same document met twice with a warning, and rejects another one with the same number', () => {
    const first = mapEInvoiceFile(fixture('FA-2026-0101.xml'), 'a/FA-2026-0101.xml');
    const again = mapEInvoiceFile(fixture('FA-2026-0101.xml'), 'a/FA-2026-0101.pdf');
    const other = mapped(ubl({ id: '<cbc:ID>FA-2026-0101</cbc:ID>' }), 'a/other.xml');
    const r = importEInvoices('a', [first, again, other]);
    expect(r.records).toHaveLength(1);
    expect(r.count).toMatchObject({ read: 3, used: 1, rejected: 1, ignored: 1, amounts: { read: { EUR: 130000 }, used: { EUR: 120000 }, rejected: { EUR: 10000 } } });
    expect(r.problems).toEqual([
      { severity: 'warning', code: 'same_document_ignored', file: 'a/FA-2026-0101.pdf', line: 0, value: 'FA-2026-0101', params: { first: 'a/FA-2026-0101.xml' } },
      { severity: 'error', code: 'duplicate_document', file: 'a/other.xml', line: 0, element: 'cbc:ID', value: 'FA-2026-0101', params: { first: 'a/FA-2026-0101.xml' } },
    ]);
  });

  it('warns when the terms text names no period, and uses the default terms', () => {
    const r = importEInvoices('x', [mapped(ubl({ terms: '<cac:PaymentTerms><cbc:Note>Zahlbar bis 12.12.2026</cbc:Note></cac:PaymentTerms>' }), 'x.xml')], {
      defaultTerms: { days: 60, endOfMonth: false },
    });
    expect(r.records[0]).toMatchObject({ dueDate: day('2026-03-11'), dueDateDerived: true });
    expect(r.problems).toEqual([{ severity: 'warning', code: 'terms_text_not_understood', file: 'x.xml', line: 0, value: 'Zahlbar bis 12.12.2026' }]);
  });
});

describe('French lifecycle statuses (CDAR)', () => {
  const cdar = (refs: string): string =>
    `<rsm:CrossDomainAcknowledgementAndResponse xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossDomainAcknowledgementAndResponse:100" xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100" xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">${refs}</rsm:CrossDomainAcknowledgementAndResponse>`;
  const ack = (date: string, number: string, code: string, extra = ''): string =>
    `<rsm:AcknowledgementDocument><ram:IssueDateTime><udt:DateTimeString format="102">${date}</udt:DateTimeString></ram:IssueDateTime><ram:ReferenceReferencedDocument><ram:IssuerAssignedID>${number}</ram:IssuerAssignedID><ram:ProcessConditionCode>${code}</ram:ProcessConditionCode>${extra}</ram:ReferenceReferencedDocument></rsm:AcknowledgementDocument>`;
  const men = (amount: string): string =>
    `<ram:SpecifiedDocumentStatus><ram:SpecifiedDocumentCharacteristic><ram:TypeCode>MEN</ram:TypeCode><ram:ValueAmount currencyID="EUR">${amount}</ram:ValueAmount></ram:SpecifiedDocumentCharacteristic></ram:SpecifiedDocumentStatus>`;
  const invoice = (): MappedFile => mapEInvoiceFile(fixture('FA-2026-0101.xml'), 'FA-2026-0101.xml');

  it('turns 212 (encaissée) into a payment of its amount, on its date, naming the invoice', () => {
    const r = importEInvoices('x', [invoice(), mapped(cdar(ack('20261002', 'FA-2026-0101', '212', men('1000.00'))), 'cdv.xml')]);
    expect(r.payments).toEqual([
      { id: 'CDV212-1', customerId: '812345678', date: day('2026-10-02'), amount: 100000, currency: 'EUR', refs: ['FA-2026-0101'], method: 'CDV 212', file: 'cdv.xml', line: 0 },
    ]);
    expect(r.paymentsCount).toMatchObject({ read: 1, used: 1, rejected: 0, amounts: { used: { EUR: 100000 } } });
    expect(r.count).toMatchObject({ read: 2, used: 2 });
  });

  it('puts an invoice in dispute when its latest processing status is 207 or 210, and out of it after 205', () => {
    const statusOf = (acks: string): string => importEInvoices('x', [invoice(), mapped(cdar(acks), 'cdv.xml')]).records[0]!.status;
    expect(statusOf(ack('20261002', 'FA-2026-0101', '207'))).toBe('disputed');
    expect(statusOf(ack('20261002', 'FA-2026-0101', '210'))).toBe('disputed');
    expect(statusOf(ack('20261005', 'FA-2026-0101', '205') + ack('20261002', 'FA-2026-0101', '207'))).toBe('normal');
    expect(statusOf(ack('20261002', 'FA-2026-0101', '205') + ack('20261005', 'FA-2026-0101', '207'))).toBe('disputed');
    // A status that does not bear on what is owed (202: received by the platform) changes nothing.
    expect(statusOf(ack('20261002', 'FA-2026-0101', '207') + ack('20261009', 'FA-2026-0101', '202'))).toBe('disputed');
  });

  it('reads the status from the status block too, as some writers put it there', () => {
    const refs = `<rsm:AcknowledgementDocument><ram:ReferenceReferencedDocument><ram:IssuerAssignedID>FA-2026-0101</ram:IssuerAssignedID><ram:SpecifiedDocumentStatus><ram:ReferenceDateTime><udt:DateTimeString format="102">20261002</udt:DateTimeString></ram:ReferenceDateTime><ram:ProcessConditionCode>207</ram:ProcessConditionCode></ram:SpecifiedDocumentStatus></ram:ReferenceReferencedDocument></rsm:AcknowledgementDocument>`;
    expect(importEInvoices('x', [invoice(), mapped(cdar(refs), 'cdv.xml')]).records[0]!.status).toBe('disputed');
  });

  it('rejects a 212 without its amount, naming the element, and one for an unknown invoice', () => {
    const noAmount = mapped(cdar(ack('20261002', 'FA-2026-0101', '212')), 'cdv.xml');
    expect(noAmount.problems).toMatchObject([
      {
        code: 'element_missing',
        element:
          'rsm:CrossDomainAcknowledgementAndResponse/rsm:AcknowledgementDocument[1]/ram:ReferenceReferencedDocument[1]/ram:SpecifiedDocumentStatus/ram:SpecifiedDocumentCharacteristic[MEN]/ram:ValueAmount',
      },
    ]);
    expect(importEInvoices('x', [invoice(), noAmount]).count).toMatchObject({ read: 2, used: 1, rejected: 1 });
    const unknown = importEInvoices('x', [invoice(), mapped(cdar(ack('20261002', 'F-404', '212', men('10.00')) + ack('20261002', 'F-405', '207')), 'cdv.xml')]);
    expect(unknown.payments).toEqual([]);
    expect(unknown.paymentsCount).toMatchObject({ read: 1, used: 0, rejected: 1, amounts: { read: { EUR: 1000 }, rejected: { EUR: 1000 } } });
    expect(unknown.problems.map((p) => [p.severity, p.code, p.value])).toEqual([
      ['error', 'lifecycle_unknown_invoice', 'F-404'],
      ['warning', 'lifecycle_unknown_invoice', 'F-405'],
    ]);
  });
});
