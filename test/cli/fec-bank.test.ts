import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { arInProcess, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * One set of business facts (fixtures/fec/README.md), read from CSV ledgers, from a FEC, and from
 * CSV invoices with a bank statement (CAMT.053, a French and a Belgian bank's CSV export).
 */
const FEC = 'fixtures/fec/812345678FEC20261231.txt';
const CUSTOMERS = ['--customers', 'fixtures/fec/clients.csv'];
const INVOICES = 'fixtures/fec/factures.csv';
const AS_OF = ['--as-of', '2026-10-31'];

interface Json {
  currencies: Record<string, { total: string; buckets: Record<string, string>; customers: { id: string; total: string }[] }>;
  import: { invoices: Record<string, unknown>; payments: Record<string, unknown> & { amounts: Record<string, Record<string, string>> } };
  warnings: { code: string; message: string }[];
  unidentifiedReceipts: { total: Record<string, string>; items: { id: string; date: string; amount: string; counterparty: string | null; iban: string | null; text: string; line: number }[] };
}

async function json(args: string[]): Promise<Json> {
  const r = await arInProcess(['aging', ...args, ...CUSTOMERS, ...AS_OF, '--format', 'json']);
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(r.stdout) as Json;
}

/** ISO-8859-15 bytes (€ and Œ where that encoding puts them). */
function latin9(text: string): Uint8Array {
  const special: Record<string, number> = { '€': 0xa4, Š: 0xa6, š: 0xa8, Ž: 0xb4, ž: 0xb8, Œ: 0xbc, œ: 0xbd, Ÿ: 0xbe };
  return Uint8Array.from(
    [...text].map((ch) => {
      if (special[ch] !== undefined) return special[ch]!;
      const c = ch.charCodeAt(0);
      if (c > 255) throw new Error(`not in ISO-8859-15: ${ch}`);
      return c;
    }),
  );
}

describe('the same business facts, from every source', () => {
  let csv: Json;
  beforeAll(async () => {
    csv = await json([INVOICES, '--payments', 'fixtures/fec/reglements.csv']);
  });

  it('gives the expected aged balance from the CSV ledgers', async () => {
    expect(csv.currencies.EUR).toMatchObject({
      total: '4510.00',
      unapplied: '-100.00',
      buckets: { not_due: '1260.00', '1-30': '0.00', '31-60': '350.00', '61-90': '0.00', '91+': '3000.00' },
    });
    expect(csv.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['C3', '3000.00'],
      ['C2', '960.00'],
      ['C1', '650.00'],
      ['C4', '-100.00'],
    ]);
  });

  it('gives the same aged balance from the FEC, and says its due dates are derived', async () => {
    const fec = await json([FEC]);
    expect(fec.currencies).toEqual(csv.currencies);
    expect(fec.import.invoices).toMatchObject({ read: 50, used: 19, rejected: 0, ignored: 31 });
    expect(fec.import.payments).toMatchObject({ read: 9, used: 9 });
    expect(fec.warnings.map((w) => w.message)).toEqual([
      '812345678FEC20261231.txt: a FEC has no due dates: 9 due date(s) derived from payment terms (7 from the customers file, 2 from the default terms, 30); they are marked dueDateDerived in JSON and * with --customer',
    ]);
  });

  it('gives the same from a pipe-separated ISO-8859-15 FEC with zero-padded amounts and no final newline', async () => {
    const text = readFileSync(join(ROOT, FEC), 'utf8')
      .trimEnd()
      .split('\r\n')
      .map((l, i) => {
        const f = l.split('\t');
        if (i > 0) for (const k of [11, 12]) f[k] = ` ${f[k]!.padStart(18, '0')}`;
        return f.join('|');
      })
      .join('\n');
    const dir = tempDir();
    const f = writeFiles(dir, { '812345678FEC20261231.txt': latin9(text) });
    const fec = await json([f['812345678FEC20261231.txt']!]);
    expect(fec.currencies).toEqual(csv.currencies);
  });

  const statements: [string, string, string][] = [
    ['a CAMT.053 statement', 'fixtures/bank/releve-camt053.xml', '255.00'],
    ['a French bank’s CSV export', 'fixtures/bank/releve-fr.csv', '75.00'],
    ['a Belgian bank’s CSV export', 'fixtures/bank/releve-be.csv', '255.00'],
  ];
  it.each(statements)('gives the same from CSV invoices and %s, with the unidentified receipts apart', async (_, file, unidentified) => {
    const bank = await json([INVOICES, '--payments', file]);
    // Every customer's balance, to the cent; the French export alone names the invoice C3's 1 000,00 of 01/08 pays
    // (FA2026-006), which the others leave to lettering by amount (§3.3a: FA2026-007): same total, another item.
    const c3 = (j: Json) => j.currencies.EUR!.customers.map((c) => [c.id, c.total]);
    expect(c3(bank)).toEqual(c3(csv));
    if (!file.endsWith('releve-fr.csv')) expect(bank.currencies).toEqual(csv.currencies);
    else expect(bank.currencies.EUR!.buckets).toMatchObject({ '1-30': '1000.00', '91+': '2000.00' });
    expect(bank.unidentifiedReceipts.total).toEqual({ EUR: unidentified });
    const p = bank.import.payments as unknown as { read: number; used: number; rejected: number; ignored: number; unidentified: number };
    expect(p.read).toBe(p.used + p.unidentified + p.rejected + p.ignored);
    expect(p.used).toBe(9);
  });
});

describe('unidentified receipts, in every output of ar aging', () => {
  const args = [INVOICES, '--payments', 'fixtures/bank/releve-camt053.xml', ...CUSTOMERS, ...AS_OF];

  it('lists them in the JSON with their total, and in the Excel report', async () => {
    const out = join(tempDir(), 'balance.xlsx');
    const r = await arInProcess(['aging', ...args, '--format', 'json', '--xlsx', out]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Json;
    expect(j.unidentifiedReceipts.items).toEqual([
      {
        id: 'TIL-1026',
        date: '2026-10-20',
        amount: '75.00',
        currency: 'EUR',
        counterparty: 'SCI LES TILLEULS',
        iban: 'BE20735001122356',
        text: 'LOYER PARKING OCTOBRE BATCH 2 CREDITS',
        file: 'releve-camt053.xml',
        line: 181,
      },
      {
        id: '2026102800001',
        date: '2026-10-28',
        amount: '180.00',
        currency: 'EUR',
        counterparty: 'DUPONT ET FILS',
        iban: 'FR2910278060410001234567812',
        text: '+++123/4567/89000+++',
        file: 'releve-camt053.xml',
        line: 217,
      },
    ]);
    expect(j.import.payments).toMatchObject({
      read: 13,
      used: 9,
      rejected: 0,
      ignored: 2,
      unidentified: 2,
      amounts: { read: { EUR: '6855.00' }, used: { EUR: '6600.00' }, unidentified: { EUR: '255.00' } },
    });
    expect(j.warnings.filter((w) => w.code !== 'due_by_default_terms').map((w) => w.message)).toEqual([
      // The pending credit (PDNG) is no money received yet: said, not only counted as ignored.
      'releve-camt053.xml:239: 1 credit(s) the status says not booked (on its way, failed, returned, charged back, cancelled) are no money received yet: ignored (lines 239)',
      'releve-camt053.xml:217:7: structured communication "+++123/4567/89000+++" has wrong check digits: not used to match the payment',
    ]);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const sheet = wb.getWorksheet('Unidentified receipts')!;
    expect((sheet.getRow(2).values as unknown[]).slice(2, 7)).toEqual([75, 'EUR', 'SCI LES TILLEULS', 'BE20735001122356', 'LOYER PARKING OCTOBRE BATCH 2 CREDITS']);
    expect(sheet.getRow(5).getCell(2).value).toEqual({ formula: 'SUMIF($C$2:$C$3,$C5,$B$2:$B$3)', result: 255 });
    const summary = wb.getWorksheet('Summary')!;
    const line = summary.getColumn(1).values.indexOf('Unidentified receipts (outside the balance)');
    expect(summary.getRow(line).getCell(3).value).toBe(255);
  });

  it('shows them under the table, and as a row of their own in the CSV', async () => {
    const table = await arInProcess(['aging', ...args]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('releve-camt053.xml (9/13 rows, 2 ignored, 2 unidentified)');
    expect(table.stdout).toContain('Unidentified receipts (in no customer’s balance)');
    expect(table.stdout).toMatch(/│ Total\s+│ 255\.00 EUR │ 2 /);
    const csv = await arInProcess(['aging', ...args, '--format', 'csv', '--csv', 'rfc4180']);
    expect(csv.stdout.split('\r\n').slice(-2)).toEqual([',unidentified_receipts,EUR,0.00,0.00,0.00,0.00,0.00,-255.00,-255.00,0.00,0.00', '']);
  });
});

describe('bad FEC and bank files', () => {
  const HEADER =
    'JournalCode\tJournalLib\tEcritureNum\tEcritureDate\tCompteNum\tCompteLib\tCompAuxNum\tCompAuxLib\tPieceRef\tPieceDate\tEcritureLib\tDebit\tCredit\tEcritureLet\tDateLet\tValidDate\tMontantdevise\tIdevise';

  it('lists every bad FEC line as file:line: column, exit 2', async () => {
    const f = writeFiles(tempDir(), {
      'fec.txt': [
        HEADER,
        'VT\tVentes\t1\t20260110\t411000\tClients\tC1\tDupont\tFA1\t20260110\tFacture\t100,00\t0,00\t\t\t20260110\t\t',
        'VT\tVentes\t2\t20261341\t411000\tClients\tC1\tDupont\tFA2\t20260110\tFacture\t100,00\t0,00\t\t\t20260110\t\t',
        'VT\tVentes\t3\t20260110\t411000\tClients\tC1\tDupont\tFA3\t20260110\tFacture\t12,5O\t0,00\t\t\t20260110\t\t',
      ].join('\r\n'),
    });
    const r = await arInProcess(['aging', f['fec.txt']!, '--as-of', '2026-03-01']);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'fec.txt:3: column "EcritureDate": value "20261341" is not a date\n' +
        'fec.txt:4: column "Debit": value "12,5O" is not an amount\n' +
        'ar: 2 row(s) rejected; fix them, or run again with --skip-invalid to go on without them\n',
    );
  });

  it('names the missing columns of an incomplete FEC header, exit 2', async () => {
    const f = writeFiles(tempDir(), { 'fec.txt': 'JournalCode|EcritureNum|EcritureDate|CompteNum|PieceRef|Montant\r\nVT|1|20260110|411000|FA1|10,00\r\n' });
    const r = await arInProcess(['aging', f['fec.txt']!]);
    expect(r).toMatchObject({
      code: 2,
      stderr:
        'ar: fec.txt: no column for Debit, Credit; headers found: "JournalCode", "EcritureNum", "EcritureDate", "CompteNum", "PieceRef", "Montant". Rename the column or map it in ar.config.json ("columns")\n',
    });
  });

  it('refuses a payments file beside a FEC, which holds its own payments (exit 1)', async () => {
    const r = await arInProcess(['aging', FEC, '--payments', 'fixtures/fec/reglements.csv']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('ar: a FEC holds its own payments: --payments fixtures/fec/reglements.csv would count them twice; leave it out\n');
  });

  it('names the line, column and element of a bad CAMT entry, exit 2', async () => {
    const camt = readFileSync(join(ROOT, 'fixtures/bank/releve-camt053.xml'), 'utf8').replace('<Amt Ccy="EUR">800.00</Amt>', '<Amt Ccy="EUR">800,00</Amt>');
    const f = writeFiles(tempDir(), { 'camt.xml': camt });
    const r = await arInProcess(['aging', INVOICES, '--payments', f['camt.xml']!, '--as-of', '2026-10-31']);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('camt.xml:97:9: element <Amt>: value "800,00" is not an amount');
  });

  it('never resolves an external entity: an XML with a DOCTYPE is refused', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      'secret.txt': 'TOP-SECRET-PASSWORD',
      'camt.xml': `<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY x SYSTEM "file://${dir}/secret.txt">]>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-10-01</Dt></BookgDt><NtryDtls><TxDtls><RmtInf><Ustrd>&x;</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`,
    });
    const r = await arInProcess(['aging', INVOICES, '--payments', f['camt.xml']!, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ar: camt.xml:2:1: the XML has a DOCTYPE: refused (ar reads no DTD and expands no entity; bank statements never have one)\n');
    expect(r.stdout).not.toContain('TOP-SECRET');
  });

  it('names the bad cell of a bank CSV, and refuses an XML that is not a statement, exit 2', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, {
      'releve.csv': 'Date;Libellé;Débit euros;Crédit euros\r\n10/07/2026;VIR FA2026-001;;1200,00\r\n31/02/2026;VIR X;;10,00\r\n',
      'facture.xml': '<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"><ID>F1</ID></Invoice>',
    });
    const csv = await arInProcess(['aging', INVOICES, '--payments', f['releve.csv']!]);
    expect(csv.code).toBe(2);
    expect(csv.stderr.split('\n')[0]).toBe('releve.csv:3: column "Date": value "31/02/2026" is not a date');
    const xml = await arInProcess(['aging', INVOICES, '--payments', f['facture.xml']!]);
    expect(xml).toMatchObject({
      code: 2,
      stderr: 'ar: facture.xml: not a CAMT.053 bank statement (root <Invoice>, namespace urn:oasis:names:specification:ubl:schema:xsd:Invoice-2); expected <Document> with <BkToCstmrStmt>\n',
    });
  });
});
