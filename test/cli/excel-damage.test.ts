import { describe, expect, it } from 'vitest';
import { arInProcess, cp1252, tempDir, writeFiles } from '../helpers/run.ts';
import { row, sheetXml, workbook } from '../helpers/xlsx.ts';

/**
 * What Excel does to a ledger that passes through it: codes turned into numbers (leading zeros
 * lost), dates read the wrong way round. `ar` finds what can be found and says so; it never ages
 * on a silent guess.
 */

const serial = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000 + 25569;

async function run(files: Record<string, Uint8Array | string>, args: string[]) {
  const dir = tempDir('ar-damage-');
  const p = writeFiles(dir, files);
  return arInProcess(
    args.map((a) => (a.startsWith('@') ? p[a.slice(1)]! : a)),
    { cwd: dir },
  );
}

describe('Excel damage', () => {
  it('warns when a code lost its leading zeros in one file and not in another, and keeps them apart', async () => {
    // The customers file keeps "00123"; the invoices went through Excel: customer 123 and invoice 456 are numbers.
    const factures = await workbook({
      sheets: [
        {
          name: 'Factures',
          xml: sheetXml(
            row(1, 'N° facture', 'Code client', 'Date facture', 'Échéance', 'Montant TTC') +
              row(2, 456, 123, { date: serial(2026, 9, 1) }, { date: serial(2026, 10, 1) }, 100) +
              row(3, 'F2', 'C7', { date: serial(2026, 9, 1) }, { date: serial(2026, 10, 1) }, 50),
          ),
        },
      ],
    });
    const r = await run(
      {
        'factures.xlsx': factures,
        'clients.csv': cp1252('Code client;Raison sociale\r\n00123;Dupont SARL\r\nC7;Martin SA\r\n'),
        'reglements.csv': cp1252('Date règlement;Code client;Montant;Réf. facture\r\n15/10/2026;00123;40,00;000456\r\n'),
      },
      ['aging', '@factures.xlsx', '--customers', '@clients.csv', '--payments', '@reglements.csv', '--as-of', '2026-10-31', '--format', 'json'],
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { currencies: { EUR: { customers: { id: string; total: string }[] } }; warnings: { message: string }[] };
    expect(j.warnings.map((w) => w.message)).toEqual([
      // 00123 has no invoice (they are 123's), so nothing tells the currency of its payment (docs/accounting.md §1.2).
      'reglements.csv:2: payment without a currency, naming no invoice, from customer 00123 who has no invoice: counted in EUR (the default currency); add a currency column if that is wrong',
      'factures.xlsx#Factures:2: customer "123" differs from "00123" (clients.csv:2) only by leading zeros: Excel may have turned the code into a number. They are kept apart; write the code as text in both files',
      'reglements.csv:2: invoice "000456" differs from "456" (factures.xlsx#Factures:2) only by leading zeros: Excel may have turned the code into a number. They are kept apart; write the code as text in both files',
      'clients.csv: 1 customer(s) of the ledgers are not in the customers file (no name, terms or e-mail for them): 123',
      'reglements.csv:2: payment names invoice "000456", which is not in the ledger',
    ]);
    // Not merged on a guess: the invoice stays with 123, the payment with 00123 (as unapplied credit).
    expect(j.currencies.EUR.customers.map((c) => [c.id, c.total])).toEqual([
      ['123', '100.00'],
      ['C7', '50.00'],
      ['00123', '-40.00'],
    ]);
  });

  it('says nothing of the sample firm, whose code 0042 is text everywhere', async () => {
    const r = await arInProcess(['aging', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--customers', 'fixtures/clients.csv', '--as-of', '2026-10-31', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('leading zeros');
    expect(r.stdout).not.toContain('id_spelling');
  });

  it('warns of a customer spelt in two ways, but for accents, punctuation or spaces, and keeps them apart', async () => {
    const r = await run(
      {
        'factures.csv': cp1252('N° facture;Client;Date;Échéance;Montant\r\nF1;Dupont SARL;01/09/2026;01/10/2026;100,00\r\nF2;Établissements Martin;02/09/2026;02/10/2026;200,00\r\n'),
        // The same customers by name, as a bank or a person writes them; one in another case is the same customer (§9.1).
        'reglements.csv': cp1252('Date;Client;Montant\r\n05/10/2026;DUPONT S.A.R.L.;100,00\r\n06/10/2026;etablissements  martin;50,00\r\n07/10/2026;DUPONT SARL;10,00\r\n'),
      },
      ['aging', '@factures.csv', '--payments', '@reglements.csv', '--as-of', '2026-10-31', '--format', 'json', '--lang', 'en'],
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { currencies: { EUR: { customers: { id: string; total: string }[] } }; warnings: { code: string; message: string }[] };
    expect(j.warnings.filter((w) => w.code === 'id_spelling').map((w) => w.message)).toEqual([
      'reglements.csv:2: customer "DUPONT S.A.R.L." differs from "Dupont SARL" (factures.csv:2) only by accents, punctuation or spaces: they are kept apart, two customers; write it the same way in every file (or give the customers\' codes)',
      'reglements.csv:3: customer "etablissements  martin" differs from "Établissements Martin" (factures.csv:3) only by accents, punctuation or spaces: they are kept apart, two customers; write it the same way in every file (or give the customers\' codes)',
    ]);
    expect(j.currencies.EUR.customers.map((c) => [c.id, c.total])).toEqual([
      ['Établissements Martin', '200.00'],
      ['Dupont SARL', '90.00'],
      ['etablissements  martin', '-50.00'],
      ['DUPONT S.A.R.L.', '-100.00'],
    ]);
  });

  it('refuses the dates Excel may have swapped when a column mixes typed dates and text that reads day first', async () => {
    // French dates opened by an English Excel: 03/04/2026 became 4 March (typed), 25/04/2026 stayed text.
    const sheet = sheetXml(
      row(1, 'N° facture', 'Code client', 'Date facture', 'Montant TTC') +
        row(2, 'F1', 'C1', { date: serial(2026, 3, 4) }, 100) + // was 03/04/2026: swapped
        row(3, 'F2', 'C1', '25/04/2026', 200) +
        row(4, 'F3', 'C1', { date: serial(2026, 12, 5) }, 300) + // was 12/05/2026: swapped
        row(5, 'F4', 'C1', '13/05/2026', 400) +
        row(6, 'F5', 'C1', { date: serial(2026, 5, 20) }, 500) + // a day over 12: cannot come from a swap
        row(7, 'F6', 'C1', { date: serial(2026, 6, 6) }, 600), // day = month: the same either way
    );
    const files = { 'factures.xlsx': await workbook({ sheets: [{ name: 'Factures', xml: sheet }] }) };
    const r = await run(files, ['aging', '@factures.xlsx', '--as-of', '2026-12-31']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'factures.xlsx#Factures:2: column "Date facture": value 2026-03-04 is a date typed by Excel, while the column\'s other dates are text that reads only one way: Excel may have swapped its day and month (2026-04-03?); format the column as text in Excel, or check the value\n' +
        'factures.xlsx#Factures:4: column "Date facture": value 2026-12-05 is a date typed by Excel, while the column\'s other dates are text that reads only one way: Excel may have swapped its day and month (2026-05-12?); format the column as text in Excel, or check the value\n' +
        'ar: 2 row(s) rejected; fix them, or run again with --skip-invalid to go on without them\n',
    );
    const skip = await run(files, ['aging', '@factures.xlsx', '--as-of', '2026-12-31', '--skip-invalid', '--format', 'json']);
    const j = JSON.parse(skip.stdout) as { currencies: { EUR: { customers: { invoices: { number: string; issueDate: string }[] }[] } } };
    expect(j.currencies.EUR.customers[0]!.invoices.map((i) => [i.number, i.issueDate])).toEqual([
      ['F2', '2026-04-25'],
      ['F4', '2026-05-13'],
      ['F5', '2026-05-20'],
      ['F6', '2026-06-06'],
    ]);
  });

  it('reads a column of typed dates alone as it is: nothing tells of a swap', async () => {
    const sheet = sheetXml(
      row(1, 'N° facture', 'Code client', 'Date facture', 'Montant TTC') + row(2, 'F1', 'C1', { date: serial(2026, 3, 4) }, 100) + row(3, 'F2', 'C1', { date: serial(2026, 12, 5) }, 200),
    );
    const r = await run({ 'factures.xlsx': await workbook({ sheets: [{ name: 'Factures', xml: sheet }] }) }, ['aging', '@factures.xlsx', '--as-of', '2026-12-31', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"issueDate": "2026-03-04"');
  });
});
