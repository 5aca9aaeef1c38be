import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FACTURX_XML } from '../../scripts/make-facturx.ts';
import { arInProcess, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

const FIXTURES = join(ROOT, 'fixtures/einvoices');

async function json(args: string[]): Promise<{ code: number; j: Record<string, any>; stderr: string }> {
  const r = await arInProcess([...args, '--format', 'json']);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return { code: r.code, j: JSON.parse(r.stdout) as Record<string, any>, stderr: r.stderr };
}

const UBL_HEAD =
  '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2" xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">';
const BUYER =
  '<cac:AccountingCustomerParty><cac:Party><cac:PartyLegalEntity><cbc:RegistrationName>Client SA</cbc:RegistrationName><cbc:CompanyID schemeID="0002">812345678</cbc:CompanyID></cac:PartyLegalEntity></cac:Party></cac:AccountingCustomerParty>';
const good = (n: string, amount: string): string =>
  `${UBL_HEAD}<cbc:ID>${n}</cbc:ID><cbc:IssueDate>2026-09-01</cbc:IssueDate><cbc:DueDate>2026-10-01</cbc:DueDate><cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>${BUYER}<cac:LegalMonetaryTotal><cbc:PayableAmount currencyID="EUR">${amount}</cbc:PayableAmount></cac:LegalMonetaryTotal></Invoice>`;

describe('ar aging on e-invoices', () => {
  it('reads a folder of UBL, CII, a Factur-X PDF and a lifecycle message as the invoice ledger', async () => {
    const { j } = await json(['aging', FIXTURES, '--as-of', '2026-10-31']);
    const eur = j.currencies.EUR;
    expect(eur.customers.map((c: any) => [c.id, c.name, c.total, c.disputed])).toEqual([
      ['812345678', 'Martin & Fils SARL', '2100.00', '0.00'],
      ['0456789012', 'Brasserie Dubois SRL', '1350.00', '600.00'],
    ]);
    expect(eur.customers[1].invoices.map((i: any) => [i.number, i.dueDate, i.dueDateDerived, i.amount, i.open, i.status])).toEqual([
      ['FA-2026-0102', '2026-10-31', true, '850.00', '750.00', 'normal'],
      ['FA-2026-0104', '2026-11-19', true, '600.00', '600.00', 'disputed'],
    ]);
    // Files read = used + rejected + ignored, with the signed amounts per currency; the 212 status is a payment.
    expect(j.import.invoices).toEqual({
      file: 'einvoices',
      read: 8,
      used: 8,
      rejected: 0,
      ignored: 0,
      amounts: { read: { EUR: '4450.00' }, used: { EUR: '4450.00' }, rejected: {} },
    });
    expect(j.import.payments).toMatchObject({ read: 1, used: 1, amounts: { used: { EUR: '1000.00' } } });
    expect(j.import.problems).toEqual([]);
    expect(j.warnings).toEqual([]);
  });

  it('reads files given one by one, and a Factur-X PDF alone', async () => {
    const { j } = await json(['aging', join(FIXTURES, 'FA-2026-0101.xml'), join(FIXTURES, 'AV-2026-0007.xml'), '--as-of', '2026-10-31']);
    expect(j.currencies.EUR.customers[0]).toMatchObject({ id: '812345678', total: '1000.00', buckets: { '1-30': '1000.00' } });
    expect(j.import.invoices).toMatchObject({ file: 'FA-2026-0101.xml (+1)', read: 2, used: 2 });
    const pdf = (await json(['aging', '--invoices', join(FIXTURES, 'FA-2026-0104-facturx.pdf'), '--as-of', '2026-10-31'])).j;
    expect(pdf.currencies.EUR.customers[0].invoices[0]).toMatchObject({ number: 'FA-2026-0104', amount: '600.00', dueDate: '2026-11-19', dueDateDerived: true });
    expect(pdf.import.invoices.file).toBe('FA-2026-0104-facturx.pdf');
  });

  it('takes the customer terms of the customers file for an invoice without due date or terms', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'clients.csv': 'Code client;Raison sociale;Conditions de paiement\r\n0456789012;Brasserie Dubois;45FDM\r\n' });
    const { j } = await json(['aging', join(FIXTURES, 'FA-2026-0104-facturx.pdf'), '--customers', f['clients.csv']!, '--as-of', '2026-10-31']);
    expect(j.currencies.EUR.customers[0].invoices[0]).toMatchObject({ dueDate: '2026-12-31', dueDateDerived: true });
  });

  it('gives the same aged balance from CSV ledgers as from the e-invoices and the same CSV payments', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      // The business facts of fixtures/einvoices, as a spreadsheet would hold them.
      'factures.csv':
        "N° facture;Type;Code client;Client;Date facture;Échéance;Montant TTC;Facture d'origine;Statut;Conditions de paiement\r\n" +
        'FA-2026-0101;Facture;812345678;Martin & Fils SARL;01/09/2026;01/10/2026;1200,00;;;\r\n' +
        'AV-2026-0007;Avoir;812345678;Martin & Fils SARL;15/09/2026;;200,00;FA-2026-0101;;\r\n' +
        'FA-2026-0102;Facture;0456789012;Brasserie Dubois SRL;10/09/2026;;850,00;;;30 fin de mois\r\n' +
        'FA-2026-0102;Avoir;0456789012;Brasserie Dubois SRL;20/09/2026;20/09/2026;-100,00;FA-2026-0102;;\r\n' +
        'FA-2026-0103;Facture;812345678;Martin & Fils SARL;05/10/2026;04/11/2026;2400,00;;;\r\n' +
        'AV-2026-0008;Avoir;812345678;Martin & Fils SARL;25/10/2026;;300,00;FA-2026-0103;;\r\n' +
        'FA-2026-0104;Facture;0456789012;Brasserie Dubois SRL;20/10/2026;;600,00;;Litige;\r\n',
      // The payment the lifecycle message reports (212, cashed), as a payments ledger would hold it.
      'encaissements-cdv.csv': 'Date;Code client;Montant;Référence\r\n02/10/2026;812345678;1000,00;FA-2026-0101\r\n',
      'reglements.csv': 'Date;Code client;Montant;Référence\r\n' + '15/10/2026;0456789012;500,00;FA-2026-0102\r\n' + '12/11/2026;812345678;1500,00;\r\n' + '30/11/2026;0456789012;-50,00;\r\n',
    });
    // The CSV side: one payments file with both; the e-invoice side: the CSV payments, the 212 from the CDAR.
    const both = join(dir, 'reglements-tous.csv');
    writeFiles(dir, { 'reglements-tous.csv': `${readFileSync(f['reglements.csv']!, 'utf8') + readFileSync(f['encaissements-cdv.csv']!, 'utf8').split('\r\n')[1]}\r\n` });
    for (const [asOf, basis] of [
      ['2026-09-30', 'due'],
      ['2026-10-31', 'due'],
      ['2026-12-31', 'due'],
      ['2026-10-31', 'issue'],
    ] as const) {
      const fromCsv = (await json(['aging', f['factures.csv']!, '--payments', both, '--as-of', asOf, '--basis', basis])).j;
      const fromXml = (await json(['aging', FIXTURES, '--payments', f['reglements.csv']!, '--as-of', asOf, '--basis', basis])).j;
      expect(fromXml.currencies, `${asOf} ${basis}`).toEqual(fromCsv.currencies);
      // Not an empty comparison: the balance holds both customers.
      if (asOf === '2026-10-31') expect(fromXml.currencies.EUR.customers).toHaveLength(2);
    }
    // 3,450.00 owed at the end of October, less 500.00 and 1,500.00 paid, plus a 50.00 refund owed again.
    expect((await json(['aging', FIXTURES, '--payments', f['reglements.csv']!, '--as-of', '2026-12-31'])).j.currencies.EUR.total).toBe('1500.00');
  });
});

describe('a lifecycle status 212 and a payments source', () => {
  it('warns when both say the same invoice was paid, and counts both, as it says', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      // The bank transfer behind the 212 of FA-2026-0101 (1,000.00 on 2 October), and one for FA-2026-0103.
      'reglements.csv': 'Date;Code client;Montant;Référence\r\n02/10/2026;812345678;1000,00;FA-2026-0101\r\n20/10/2026;812345678;400,00;FA-2026-0103\r\n',
    });
    const alone = (await json(['aging', FIXTURES, '--as-of', '2026-10-31'])).j;
    const both = (await json(['aging', FIXTURES, '--payments', f['reglements.csv']!, '--as-of', '2026-10-31'])).j;
    expect(both.warnings.filter((w: { code?: string; message: string }) => w.message.includes('status 212'))).toEqual([
      expect.objectContaining({
        file: 'reglements.csv',
        line: 2,
        value: 'FA-2026-0101',
        message:
          'reglements.csv:2: payment names invoice "FA-2026-0101", which fixtures/einvoices/cycle-de-vie-2026-10.xml also reports cashed (status 212): both are counted; if they are the same money, leave one out',
      }),
    ]);
    // Both counted: 1,400.00 more paid than with the lifecycle alone.
    const cents = (s: string) => Math.round(Number(s) * 100);
    expect(cents(alone.currencies.EUR.total) - cents(both.currencies.EUR.total)).toBe(140000);
    // Without a payments source, the lifecycle's 212 alone: no warning.
    expect(alone.warnings.some((w: { message: string }) => w.message.includes('status 212'))).toBe(false);
  });
});

describe('ar aging on bad e-invoices', () => {
  function badFolder(): string {
    const dir = tempDir();
    const secret = join(dir, 'secret.txt');
    writeFiles(dir, { 'secret.txt': 'TOP-SECRET-42' });
    const inv = join(dir, 'factures');
    mkdirSync(inv);
    writeFiles(inv, {
      'a-good.xml': good('F-1', '100.00'),
      'b-note.xml': '<?xml version="1.0"?><note><to>Tove</to></note>',
      'c-zugferd1.xml': '<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"><rsm:HeaderExchangedDocument/></rsm:CrossIndustryDocument>',
      'd-xxe.xml': `<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY xxe SYSTEM "file://${secret}">]>${good('&xxe;', '1.00')}`,
      'e-broken.pdf': '%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R\nendobj\n%%EOF\n',
      'f-missing.xml': `${UBL_HEAD}<cbc:IssueDate>2026-09-01</cbc:IssueDate>${BUYER}<cac:LegalMonetaryTotal><cbc:TaxInclusiveAmount currencyID="EUR">10.00</cbc:TaxInclusiveAmount></cac:LegalMonetaryTotal></Invoice>`,
      'g-unclosed.xml': `${UBL_HEAD}\n<cbc:ID>F-9</cbc:ID>\n<cbc:IssueDate>2026-09-01</Invoice>`,
      'h-amount.xml': good('F-2', '12,50'),
      'notes.txt': 'à relancer',
    });
    copyFileSync(join(FIXTURES, 'FA-2026-0104-facturx.pdf'), join(inv, 'i-facturx.pdf'));
    writeFiles(inv, { 'j-cut.pdf': readFileSync(join(FIXTURES, 'FA-2026-0104-facturx.pdf')).subarray(0, 600) });
    return inv;
  }

  it('lists every rejected file as file: element "…": …, then fails with exit 2', async () => {
    const inv = badFolder();
    const r = await arInProcess(['aging', 'factures', '--as-of', '2026-10-31'], { cwd: dirname(inv) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'factures/b-note.xml: not a UBL or CII e-invoice (root element "note")\n' +
        'factures/c-zugferd1.xml: a ZUGFeRD 1.0 invoice (CrossIndustryDocument), which ar does not read: ask for Factur-X / ZUGFeRD 2.x, UBL or CII\n' +
        'factures/d-xxe.xml:1: the XML has a DOCTYPE with an internal subset ([…]): refused (ar reads no DTD and expands no entity; e-invoices never have one)\n' +
        'factures/e-broken.pdf: not a readable PDF (no PDF object found)\n' +
        'factures/f-missing.xml: element "Invoice/cbc:ID": is missing, and it is required\n' +
        'factures/f-missing.xml: element "Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount": is missing, and it is required\n' +
        'factures/f-missing.xml: element "Invoice/cbc:DocumentCurrencyCode": is missing, and it is required\n' +
        'factures/g-unclosed.xml:3: not well-formed XML (end tag </Invoice> where </cbc:IssueDate> (opened line 3) was expected)\n' +
        'factures/h-amount.xml: element "Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount": value "12,50" is not an amount\n' +
        'factures/j-cut.pdf: no Factur-X / ZUGFeRD invoice XML attached (factur-x.xml, zugferd-invoice.xml, xrechnung.xml)\n' +
        'ar: 8 file(s) rejected; fix them, or run again with --skip-invalid to go on without them\n',
    );
    expect(r.stderr).not.toContain('TOP-SECRET');
  });

  it('goes on with --skip-invalid, and reconciles files read = used + rejected + ignored', async () => {
    const inv = badFolder();
    const r = await arInProcess(['aging', 'factures', '--as-of', '2026-10-31', '--skip-invalid', '--format', 'json'], { cwd: dirname(inv) });
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(r.stdout).not.toContain('TOP-SECRET');
    expect(j.import.invoices).toEqual({
      file: 'factures',
      read: 11,
      used: 2,
      rejected: 8,
      ignored: 1,
      amounts: { read: { EUR: '700.00' }, used: { EUR: '700.00' }, rejected: {} },
    });
    expect(j.import.problems[4]).toEqual({
      file: 'factures/f-missing.xml',
      line: 0,
      column: 'Invoice/cbc:ID',
      value: null,
      code: 'element_missing',
      message: 'factures/f-missing.xml: element "Invoice/cbc:ID": is missing, and it is required',
    });
    expect(j.warnings).toEqual([
      { file: 'factures/notes.txt', line: 0, column: null, value: null, code: 'not_einvoice_file_ignored', message: 'factures/notes.txt: not an .xml or .pdf file: ignored' },
    ]);
    expect(j.currencies.EUR.total).toBe('700.00');
  });

  it('says it in French with --lang fr', async () => {
    const r = await arInProcess(['aging', 'factures', '--as-of', '2026-10-31', '--lang', 'fr'], { cwd: dirname(badFolder()) });
    expect(r.code).toBe(2);
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('factures/b-note.xml : n’est pas une facture électronique UBL ou CII (élément racine « note »)');
    expect(lines[4]).toBe('factures/f-missing.xml : élément « Invoice/cbc:ID » : est absent, alors qu’il est obligatoire');
  });

  it('fails cleanly on an empty folder, and on e-invoices mixed with a spreadsheet', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'vide'));
    expect(await arInProcess(['aging', join(dir, 'vide')])).toMatchObject({ code: 2, stderr: `ar: ${join(dir, 'vide')}: no .xml or .pdf file in the folder\n` });
    const f = writeFiles(dir, { 'factures.csv': 'Facture;Client;Date;Montant\r\nF1;C1;01/01/2026;10\r\n' });
    expect(await arInProcess(['aging', join(FIXTURES, 'FA-2026-0101.xml'), f['factures.csv']!])).toMatchObject({
      code: 2,
      stderr: `ar: several invoice files are read only as e-invoices (.xml, .pdf, or a folder of them): ${f['factures.csv']} is not one\n`,
    });
  });

  it('counts the XML beside its own Factur-X PDF once', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURES, 'FA-2026-0104-facturx.pdf'), join(dir, 'FA-2026-0104.pdf'));
    writeFiles(dir, { 'FA-2026-0104.xml': FACTURX_XML });
    const { j } = await json(['aging', dir, '--as-of', '2026-10-31']);
    // A folder outside the working folder is named as given: whole.
    const name = dir;
    expect(j.import.invoices).toMatchObject({ read: 2, used: 1, ignored: 1, amounts: { read: { EUR: '600.00' }, used: { EUR: '600.00' } } });
    expect(j.warnings.map((w: any) => w.message)).toEqual([`${name}/FA-2026-0104.xml: the same document as ${name}/FA-2026-0104.pdf ("FA-2026-0104"): ignored`]);
    expect(j.currencies.EUR.total).toBe('600.00');
  });
});
