import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { arInProcess, cp1252, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * Situations of real books where a balance could come out wrong without a word: each is read through the
 * command line, as a user meets it, and checked to the cent against a case worked by hand.
 */

interface Item {
  number: string;
  open: string;
  status: string;
  dueDate: string;
  daysPastDue: number;
}
interface Customer {
  id: string;
  name: string | null;
  total: string;
  unapplied: string;
  disputed: string;
  buckets: Record<string, string>;
  invoices: Item[];
}
interface Aging {
  currencies: Record<string, { total: string; unapplied: string; disputed: string; writtenOff: string; customers: Customer[] }>;
  warnings: { message: string; code: string; file: string; line: number }[];
  import: { invoices: { read: number; used: number; ignored: number; rejected: number } };
}

async function run(dir: string, args: string[], today?: number) {
  return arInProcess(args, { cwd: dir, ...(today !== undefined ? { today } : {}) });
}

async function aging(dir: string, args: string[], today?: number): Promise<Aging> {
  const r = await run(dir, ['aging', ...args, '--format', 'json'], today);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Aging;
}

/** `ar aging … --format json` where warnings are expected: its JSON, the run having succeeded. */
async function agingWarned<T extends Aging = Aging & { import: { payments: { read: number; used: number; ignored: number } } }>(dir: string, args: string[]): Promise<T> {
  const r = await run(dir, ['aging', ...args, '--format', 'json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

const customer = (j: Aging, currency: string, id: string): Customer => j.currencies[currency]!.customers.find((c) => c.id === id)!;
const opens = (c: Customer): string[][] => c.invoices.map((i) => [i.number, i.open]);

describe('a payment without a currency (docs/accounting.md §1.8)', () => {
  // UNIV is invoiced in USD only; MIXT in EUR and in USD. The payments file has no currency column.
  const files = {
    'factures.csv': [
      'Invoice,Customer,Invoice date,Due date,Amount,Currency',
      'F1,UNIV,2026-08-01,2026-08-31,1000.00,USD',
      'F2,UNIV,2026-09-01,2026-10-01,500.00,USD',
      'F3,MIXT,2026-08-01,2026-08-31,300.00,EUR',
      'F4,MIXT,2026-08-01,2026-08-31,200.00,USD',
    ].join('\n'),
    'reglements.csv': [
      'Payment id,Payment date,Customer,Amount,Invoice ref',
      'P1,2026-09-10,UNIV,1000.00,',
      'P2,2026-09-12,UNIV,200.00,F2',
      'P3,2026-09-15,MIXT,50.00,',
      'P4,2026-09-16,MIXT,20.00,F4',
    ].join('\n'),
  };

  it('is in the currency of the invoice it names, else of its customer’s invoices when all are in one currency, else the default, said', async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const r = await run(dir, ['aging', 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging;
    // UNIV: P1 (1 000,00, no reference) is in USD, its only currency: it pays F1 exactly; P2 names F2 (USD): 300,00 left.
    expect(opens(customer(j, 'USD', 'UNIV'))).toEqual([['F2', '300.00']]);
    expect(j.currencies.EUR!.customers.find((c) => c.id === 'UNIV')).toBeUndefined();
    // MIXT: P4 names F4 (USD): 180,00 left in USD; P3 names nothing and MIXT has two currencies: EUR, with a warning.
    expect(opens(customer(j, 'USD', 'MIXT'))).toEqual([['F4', '180.00']]);
    expect(opens(customer(j, 'EUR', 'MIXT'))).toEqual([['F3', '250.00']]);
    expect(j.warnings.map((w) => w.message)).toEqual([
      'reglements.csv:4: payment without a currency, naming no invoice, from customer MIXT whose invoices are in several currencies: counted in EUR (the default currency); add a currency column if that is wrong',
    ]);
  });

  it('does not make ar remind ask a USD customer for what it paid', async () => {
    const dir = tempDir();
    writeFiles(dir, { ...files, 'clients.csv': 'Customer id,Name,E-mail\nUNIV,Univ Inc,ap@univ.example\nMIXT,Mixte,ap@mixte.example\n' });
    const r = await run(dir, ['remind', '--invoices', 'factures.csv', '--payments', 'reglements.csv', '--customers', 'clients.csv', '--as-of', '2026-10-31', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { emails: { customer: string; currency: string; overdue: string; invoices: { number: string; open: string }[] }[] };
    const univ = plan.emails.filter((e) => e.customer === 'UNIV');
    // F2 (due 01/10) is what UNIV owes: 300,00 USD, and nothing in EUR.
    expect(univ.map((e) => [e.currency, e.overdue, e.invoices.map((i) => [i.number, i.open])])).toEqual([['USD', '300.00', [['F2', '300.00']]]]);
  });

  it('holds for a bank statement’s line too: a French bank’s CSV export has no currency column', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': files['factures.csv'],
      'clients.csv': 'Customer id,Name,IBAN\nUNIV,Univ Inc,FR7630006000011234567890189\n',
      'releve.csv': cp1252('Date;Libellé;Débit euros;Crédit euros;Contrepartie\n10/09/2026;VIR UNIV INC;;1 000,00;FR7630006000011234567890189\n'),
    });
    const j = await aging(dir, ['factures.csv', '--payments', 'releve.csv', '--customers', 'clients.csv', '--as-of', '2026-10-31']);
    expect(opens(customer(j, 'USD', 'UNIV'))).toEqual([['F2', '500.00']]);
  });
});

describe('lettering by amount, and disputes last (docs/accounting.md §3.3)', () => {
  // F1 (1 000,00, older, in dispute) and F2 (400,00): the customer pays 400,00 without naming it.
  const invoices = [
    'N° facture;Code client;Date facture;Échéance;Montant TTC;Statut',
    'F1;C1;01/07/2026;31/07/2026;1 000,00;Litige',
    'F2;C1;01/08/2026;31/08/2026;400,00;',
    'F3;C1;01/09/2026;01/10/2026;250,00;',
  ].join('\r\n');

  it('a payment equal to one invoice pays that invoice, not an older one in dispute', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(invoices), 'reglements.csv': cp1252('Date règlement;Code client;Montant\n15/09/2026;C1;400,00\n') });
    const c = customer(await aging(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31']), 'EUR', 'C1');
    expect(opens(c)).toEqual([
      ['F1', '1000.00'],
      ['F3', '250.00'],
    ]);
    expect(c.disputed).toBe('1000.00');
  });

  it('a payment equal to none pays the oldest undisputed items first, the disputed one last', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(invoices), 'reglements.csv': cp1252('Date règlement;Code client;Montant\n15/09/2026;C1;700,00\n') });
    const c = customer(await aging(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31']), 'EUR', 'C1');
    // 700,00: F2 (400,00) then F3 (250,00), then 50,00 of F1, in dispute.
    expect(opens(c)).toEqual([['F1', '950.00']]);
  });
});

describe('one notion of "in dispute": the journal’s disputes in every command (docs/accounting.md §1.3)', () => {
  const files = {
    'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,2026-07-01,2026-07-31,1000.00\nF2,C1,2026-08-01,2026-08-31,400.00\nF3,C2,2026-08-01,2026-08-31,100.00\n',
    'reglements.csv': 'Payment id,Payment date,Customer,Amount\nP1,2026-09-15,C1,300.00\n',
  };
  const OCT_20 = 20746;

  it('counts an invoice put in dispute with ar dispute as disputed in ar aging, ar customers and the allocation, from that day on', async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    const r = await run(dir, ['dispute', 'F1', '--invoices', 'factures.csv', '--reason', 'livraison incomplète'], OCT_20);
    expect(r.code).toBe(0);
    const args = ['factures.csv', '--payments', 'reglements.csv'];
    // As of 31/10: F1 is in dispute. The 300,00 goes to F2 (undisputed) first.
    const now = customer(await aging(dir, [...args, '--as-of', '2026-10-31']), 'EUR', 'C1');
    expect(now).toMatchObject({ disputed: '1000.00' });
    expect(opens(now)).toEqual([
      ['F1', '1000.00'],
      ['F2', '100.00'],
    ]);
    expect(now.invoices.map((i) => i.status)).toEqual(['disputed', 'normal']);
    // As of 19/10, the day before it was opened: not in dispute, the 300,00 goes to the oldest, F1.
    const before = customer(await aging(dir, [...args, '--as-of', '2026-10-19']), 'EUR', 'C1');
    expect(before).toMatchObject({ disputed: '0.00' });
    expect(opens(before)).toEqual([
      ['F1', '700.00'],
      ['F2', '400.00'],
    ]);
    // ar customers: the flag and its point.
    const cust = await run(dir, ['customers', ...args, '--as-of', '2026-10-31', '--format', 'json']);
    const rows = (JSON.parse(cust.stdout) as { customers: { id: string; flags: string[] }[] }).customers;
    expect(rows.find((x) => x.id === 'C1')!.flags).toContain('disputed');
    expect(rows.find((x) => x.id === 'C2')!.flags).not.toContain('disputed');
  });

  it('stops counting it from the day the dispute is closed', async () => {
    const dir = tempDir();
    writeFiles(dir, files);
    expect((await run(dir, ['dispute', 'F1', '--invoices', 'factures.csv'], OCT_20)).code).toBe(0);
    expect((await run(dir, ['dispute', 'F1', '--close'], OCT_20 + 5)).code).toBe(0);
    const args = ['factures.csv', '--payments', 'reglements.csv'];
    expect(customer(await aging(dir, [...args, '--as-of', '2026-10-24']), 'EUR', 'C1').disputed).toBe('1000.00');
    expect(customer(await aging(dir, [...args, '--as-of', '2026-10-25']), 'EUR', 'C1').disputed).toBe('0.00');
  });
});

describe('a paid amount without a paid date, and the ledger’s own balance (docs/accounting.md §9.3, §9.4)', () => {
  const sheet = [
    'N° facture;Code client;Date facture;Échéance;Montant TTC;Réglé;Solde',
    'F1;C1;01/07/2026;31/07/2026;1 000,00;1 000,00;0,00',
    'F2;C1;01/08/2026;31/08/2026;500,00;200,00;300,00',
    'F3;C2;01/09/2026;01/10/2026;250,00;;250,00',
    'F4;C2;05/09/2026;05/10/2026;100,00;;90,00',
  ].join('\r\n');

  it('applies each paid amount to its invoice, says how many rows have no date, and reconciles', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(sheet) });
    const r = await run(dir, ['aging', 'factures.csv', '--as-of', '2026-10-31', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { payments: { read: number; used: number; ignored: number; amounts: { read: Record<string, string>; used: Record<string, string> } } } };
    // 1 000,00 + 500,00 + 250,00 + 100,00 − 1 200,00 paid = 650,00: the file's balances say the same but F4's.
    expect(j.currencies.EUR!.total).toBe('650.00');
    expect(opens(customer(j, 'EUR', 'C1'))).toEqual([['F2', '300.00']]);
    expect(j.import.payments).toMatchObject({ read: 2, used: 2, ignored: 0, amounts: { read: { EUR: '1200.00' }, used: { EUR: '1200.00' } } });
    expect(j.warnings.map((w) => w.message)).toEqual([
      "factures.csv:2: 2 paid amount(s) without a paid date (lines 2, 3): each is applied to its invoice at every date (the file's own state), and the day it was paid is unknown (no days to pay for those invoices); give a paid date column to age them exactly",
      "factures.csv:5: invoice F4: the file's balance 90.00 differs from the open amount 100.00 computed as of 31 Oct 2026",
    ]);
  });

  it('leaves invoices paid on an unknown day out of the averages of days to pay', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(sheet) });
    const r = await run(dir, ['customers', 'factures.csv', '--as-of', '2026-10-31', '--format', 'json']);
    const c1 = (JSON.parse(r.stdout) as { customers: { id: string; invoicesSettled: number; avgDaysToPay: number | null }[] }).customers.find((c) => c.id === 'C1')!;
    expect(c1).toMatchObject({ invoicesSettled: 0, avgDaysToPay: null });
  });

  it('says a balance that differs from the open amount in every command that allocates as of D, not in ar aging alone', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(sheet) });
    for (const command of ['customers', 'dso']) {
      const r = await run(dir, [command, 'factures.csv', '--as-of', '2026-10-31', '--format', 'json', '--lang', 'en']);
      expect(r.code).toBe(0);
      const problems = (JSON.parse(r.stdout) as { problems: { code: string; line: number }[] }).problems;
      expect(problems.filter((p) => p.code === 'balance_differs')).toMatchObject([{ line: 5 }]);
    }
  });
});

describe('balances that differ only in where credit notes and payments count (docs/accounting.md §9.4)', () => {
  it('says once that a credit note the file leaves unapplied is applied by ar, each customer at the file’s balance; a customer whose balance differs is still said invoice by invoice', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // As Xero's invoices export them: what was paid, what is due, a credit note not allocated (its balance whole).
      'invoices.csv': [
        'ContactName,InvoiceNumber,InvoiceDate,DueDate,Total,InvoiceAmountPaid,InvoiceAmountDue,Type',
        'Bayside Club,INV-0005,02/11/2026,02/12/2026,240.00,0.00,240.00,Sales invoice',
        'Bayside Club,INV-0007,03/11/2026,03/12/2026,100.00,0.00,100.00,Sales invoice',
        'Bayside Club,CN-0001,05/11/2026,05/11/2026,-48.00,0.00,-48.00,Sales credit note',
        // A payment the file knows and the paid column does not: its balance is no question of placing.
        'City Limousines,INV-0003,20/10/2026,19/11/2026,360.00,100.00,200.00,Sales invoice',
      ].join('\n'),
    });
    const j = await aging(dir, ['invoices.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // The credit note applied to the oldest invoice (§3): Bayside Club owes 292.00, as the file says (240 + 100 − 48).
    expect(opens(customer(j, 'EUR', 'Bayside Club'))).toEqual([
      ['INV-0005', '192.00'],
      ['INV-0007', '100.00'],
    ]);
    expect(customer(j, 'EUR', 'Bayside Club').total).toBe('292.00');
    expect(j.warnings.filter((w) => w.code === 'balance_credits_placed')).toMatchObject([
      {
        line: 2,
        message: expect.stringContaining(
          'the balances of 1 invoice(s) of 1 customer(s) (INV-0005: lines 2) differ from the open amounts computed as of 30 Nov 2026 only in where credit notes and payments count',
        ),
      },
    ]);
    expect(j.warnings.filter((w) => w.code === 'balance_differs')).toMatchObject([{ line: 5, message: expect.stringContaining('invoice INV-0003') }]);
  });
});

describe('an open-items export: a balance column, no paid column, no payments (docs/accounting.md §9.4)', () => {
  // As an ERP's open items or QuickBooks' A/R Aging Detail export them: each invoice with what is left of it.
  const sheet = (rows: string[]) => ['N° facture;Code client;Date facture;Échéance;Montant TTC;Solde', ...rows].join('\r\n');
  const rows = [
    'F1;C1;01/07/2026;31/07/2026;1 000,00;400,00', // 600,00 paid
    'F2;C1;01/09/2026;01/10/2026;500,00;500,00', // nothing paid
    'F3;C2;01/08/2026;31/08/2026;250,00;-50,00', // overpaid: 50,00 of credit
    'F4;C2;05/09/2026;05/10/2026;100,00;120,00', // more than its amount (charges?): not read as paid
  ];

  it('reads the balance as what is left to pay, says so once, and counts what it read as payments', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(sheet(rows)) });
    const r = await run(dir, ['aging', 'factures.csv', '--as-of', '2026-10-31', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { payments: { file: string; read: number; used: number; amounts: { used: Record<string, string> } } } };
    // C1: 400,00 + 500,00. C2: F3 paid 300,00 of 250,00 leaves 50,00 of credit, taken by F4 (100,00): 50,00.
    expect(opens(customer(j, 'EUR', 'C1'))).toEqual([
      ['F1', '400.00'],
      ['F2', '500.00'],
    ]);
    expect(opens(customer(j, 'EUR', 'C2'))).toEqual([['F4', '50.00']]);
    expect(j.currencies.EUR!.total).toBe('950.00');
    expect(j.import.payments).toMatchObject({ file: 'factures.csv', read: 2, used: 2, amounts: { used: { EUR: '900.00' } } });
    expect(j.warnings.map((w) => w.message)).toEqual([
      'factures.csv:2: column "Solde": no payments given: the balance is read as what is left to pay, so 2 invoice(s) paid in part or in full (lines 2, 4) count as paid on a day the file does not say, at every date (the file\'s own state: no days to pay for them); give the payments (--payments) to age them exactly',
      // F4's balance is above its amount: not a payment; the check says so. F3's excess went to F4 (its -50,00 agrees with 0 open).
      "factures.csv:5: invoice F4: the file's balance 120.00 differs from the open amount 50.00 computed as of 31 Oct 2026",
    ]);
  });

  it('keeps the balance a check when the payments are given', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': cp1252(sheet(rows.slice(0, 2))), 'reglements.csv': 'Date;Client;Montant;Factures\r\n15/08/2026;C1;600,00;F1\r\n' });
    const j = await run(dir, ['aging', 'factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-07-31', '--format', 'json', '--lang', 'en']);
    const a = JSON.parse(j.stdout) as Aging;
    // As of 31/07, the payment of 15/08 is not there yet: F1 is owed whole, and the file's 400,00 is said to differ.
    expect(opens(customer(a, 'EUR', 'C1'))).toEqual([['F1', '1000.00']]);
    expect(a.warnings.map((w) => w.message)).toEqual(["factures.csv:2: invoice F1: the file's balance 400.00 differs from the open amount 1,000.00 computed as of 31 Jul 2026"]);
  });

  it('does not read the balances when a credit note has been used against what the file does not say, and says why', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // A1's balance is above zero: not what is left of it (a credit note used is between its amount and zero).
      'factures.csv': cp1252(sheet([...rows.slice(0, 2), 'A1;C1;10/07/2026;10/07/2026;-200,00;50,00'])),
      'clients.csv': 'Code client;Nom;Email\r\nC1;Dupont;compta@dupont.example\r\n',
    });
    const r = await run(dir, ['aging', 'factures.csv', '--as-of', '2026-10-31', '--format', 'json', '--lang', 'en']);
    const j = JSON.parse(r.stdout) as Aging;
    // Every invoice at its full amount less the credit note: 1 000,00 − 200,00 + 500,00.
    expect(j.currencies.EUR!.total).toBe('1300.00');
    expect(j.warnings.map((w) => w.message)[0]).toBe(
      'factures.csv:4: column "Solde": no payments given, but the balance is not read as what is left to pay: credit note A1 has a balance that is not what is left of it (above zero, or beyond its amount); every invoice counts at its full amount, less the credit notes, and no reminder lists one whose balance is below its amount; give the payments (--payments)',
    );
    // F1's balance says 600,00 of it paid: what is owed of it is not read, and no reminder asks for it; F2 is reminded.
    const remind = await run(dir, ['remind', '--invoices', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-10-31', '--journal', 'none.db', '--format', 'json']);
    expect((JSON.parse(remind.stdout) as { emails: { invoices: { number: string }[] }[] }).emails.map((e) => e.invoices.map((i) => i.number))).toEqual([['F2']]);
  });
});

describe('the customers file and the ledgers (docs/accounting.md §9.1)', () => {
  it('matches the ledgers’ customers written by name to the customers file’s codes by name: their terms and e-mail count, and the user is told', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252('N° facture;Client;Date facture;Montant TTC\r\nFA-001;Dupont SA;01/09/2026;100,00\r\nFA-002;MARTIN SARL;02/09/2026;200,00\r\n'),
      'clients.csv': cp1252('Code client;Raison sociale;Email;Conditions\r\nC1;Dupont SA;compta@dupont.example;60\r\nC2;Martin SARL;compta@martin.example;\r\n'),
    });
    const r = await run(dir, ['aging', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    const j = JSON.parse(r.stdout) as { currencies: Record<string, { customers: { id: string; invoices: { dueDate: string }[] }[] }>; warnings: { message: string }[] };
    // Dupont's 60 days of the file give its due date; Martin's none, the default 30.
    const due = Object.fromEntries(j.currencies.EUR!.customers.map((c) => [c.id, c.invoices[0]!.dueDate]));
    expect(due).toEqual({ 'Dupont SA': '2026-10-31', 'MARTIN SARL': '2026-10-02' });
    expect(j.warnings.map((w) => w.message)).toContain(
      "clients.csv: 2 customer(s) of the ledgers are named by their name, not their code: matched to the customers file's by name, ledger (file): Dupont SA (C1), MARTIN SARL (C2)",
    );
    const remind = await run(dir, ['remind', '--invoices', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--journal', 'ar.db', '--lang', 'en']);
    expect(remind.stdout).toContain('compta@dupont.example');
    expect(remind.stdout).toContain('compta@martin.example');
  });

  it('gives a customer written both by its code and by its name, as two, the file’s terms and e-mail under both, as its due dates had them', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252('N° facture;Client;Date facture;Montant TTC\r\nFA-001;C1;01/09/2026;100,00\r\nFA-002;Dupont SA;02/09/2026;200,00\r\n'),
      'clients.csv': cp1252('Code client;Raison sociale;Email;Conditions\r\nC1;Dupont SA;compta@dupont.example;60\r\n'),
    });
    const r = await run(dir, ['aging', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    const j = JSON.parse(r.stdout) as { currencies: Record<string, { customers: { id: string; name: string | null; invoices: { dueDate: string }[] }[] }> };
    const byId = Object.fromEntries(j.currencies.EUR!.customers.map((c) => [c.id, [c.name, c.invoices[0]!.dueDate]]));
    expect(byId).toEqual({ C1: ['Dupont SA', '2026-10-31'], 'Dupont SA': ['Dupont SA', '2026-11-01'] });
  });

  it('counts a payment whose customer is written by its name, the invoices giving ids, as that customer’s, and says so', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // The invoices give an id and a name; the customers file names C3, which the invoices do not.
      'factures.csv': cp1252(
        'N° facture;Code client;Raison sociale;Date facture;Montant TTC\r\nFA-001;C1;Dupont SA;01/10/2026;100,00\r\nFA-002;C2;Martin SARL;02/10/2026;200,00\r\nFA-003;C3;;02/10/2026;300,00\r\nFA-004;C4;Homonyme;02/10/2026;10,00\r\nFA-005;C5;Homonyme;02/10/2026;10,00\r\n',
      ),
      'clients.csv': cp1252('Code client;Raison sociale\r\nC3;Lebrun & Fils\r\n'),
      // By name, as the bank or the cash journal writes it; case and spaces aside. A name two customers share is neither's.
      'reglements.csv': cp1252('Date;Client;Montant\r\n05/11/2026;DUPONT SA ;100,00\r\n06/11/2026;Martin SARL;50,00\r\n07/11/2026;Lebrun & Fils;300,00\r\n08/11/2026;Homonyme;10,00\r\n'),
    });
    const r = await run(dir, ['aging', 'factures.csv', '--payments', 'reglements.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging;
    const totals = j.currencies.EUR!.customers.map((c) => [c.id, c.total]).sort();
    expect(totals).toEqual([
      ['C2', '150.00'],
      ['C4', '10.00'],
      ['C5', '10.00'],
      ['Homonyme', '-10.00'],
    ]);
    expect(j.warnings.map((w) => w.message).filter((m) => m.includes('name of customer'))).toEqual([
      'reglements.csv:2: column "Client": customer "DUPONT SA" is no customer\'s id but the name of customer C1: its payments are counted as C1\'s',
      'reglements.csv:3: column "Client": customer "Martin SARL" is no customer\'s id but the name of customer C2: its payments are counted as C2\'s',
      'reglements.csv:4: column "Client": customer "Lebrun & Fils" is no customer\'s id but the name of customer C3: its payments are counted as C3\'s',
    ]);
  });

  it('reads a software’s contacts as the customers file: no code, each known by its Display Name; its languages’ labels; its Customer Payment Terms', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'invoices.csv': [
        '"Number","Invoice Partner Display Name","Invoice/Bill Date","Due Date","Total","Amount Due","Status"',
        '"INV/2026/00001","Azure Interior","2026-09-01","","1200.0","1200.0","Posted"',
        '"INV/2026/00002","Deco Addict","2026-09-15","","600.0","600.0","Posted"',
        '"INV/2026/00003","Gemini Furniture","2026-09-15","","600.0","600.0","Posted"',
        '"INV/2026/00004","Lumber Inc","2026-09-15","","600.0","600.0","Posted"',
      ].join('\n'),
      // Odoo's export of its contacts, as it writes it: no code column.
      'contacts.csv': [
        '"Display Name","Email","Phone","Language","Customer Payment Terms","Country"',
        '"Azure Interior","azure.interior24@example.com","(870)-931-0505","French / Français","30 Days","Belgium"',
        '"Deco Addict","deco.addict82@example.com","(603)-996-3829","English (US)","End of Following Month","France"',
        '"Gemini Furniture","gemini.furniture39@example.com","","Dutch (BE) / Nederlands (BE)","15 Days","Belgium"',
        '"Lumber Inc","lumber-inv92@example.com","","fr_BE","Immediate Payment","Belgium"',
      ].join('\n'),
    });
    const out = await agingWarned(dir, ['invoices.csv', '--customers', 'contacts.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // Each due date from the contact's terms; the one not read takes the default 30 days, said.
    expect(out.currencies.EUR!.customers.map((c) => [c.id, c.invoices[0]!.dueDate])).toEqual([
      ['Azure Interior', '2026-10-01'],
      ['Deco Addict', '2026-10-15'],
      ['Gemini Furniture', '2026-09-30'],
      ['Lumber Inc', '2026-09-15'],
    ]);
    expect(out.warnings.filter((w) => w.code !== 'due_by_default_terms').map((w) => [w.code, w.line])).toEqual([
      ['customer_terms_not_read', 3],
      ['customers_by_name', 2],
    ]);
    expect(out.warnings[1]!.message).toContain('column "Display Name": 4 customer(s) have no code');
    const r = await run(dir, ['remind', '--invoices', 'invoices.csv', '--customers', 'contacts.csv', '--as-of', '2026-11-30', '--journal', 'ar.db', '--format', 'json']);
    const plan = JSON.parse(r.stdout) as { emails: { customer: string; language: string; to: string[] }[] };
    expect(plan.emails.map((e) => [e.customer, e.language, e.to[0]])).toEqual([
      ['Azure Interior', 'fr', 'azure.interior24@example.com'],
      ['Deco Addict', 'en', 'deco.addict82@example.com'],
      ['Gemini Furniture', 'nl', 'gemini.furniture39@example.com'],
      ['Lumber Inc', 'fr', 'lumber-inv92@example.com'],
    ]);
  });

  it('matches ids ignoring case and spaces, and says which ids of either side the other lacks', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,CLI01,2026-08-01,2026-08-31,100.00\nF2,CLI02,2026-08-01,2026-08-31,200.00\nF3,CLI03,2026-08-01,2026-08-31,300.00\n',
      'clients.csv': 'Customer id,Name,E-mail\nCLI1,Wrong code,a@x.example\n cli02 ,Deux,b@x.example\n',
    });
    const out = (await aging(dir, ['factures.csv', '--customers', 'clients.csv', '--as-of', '2026-10-31'])) as Aging & { currencies: { EUR: { customers: { id: string; name: string | null }[] } } };
    expect(out.currencies.EUR.customers.find((c) => c.id === 'CLI02')!.name).toBe('Deux');
    expect(out.warnings.map((w) => w.message)).toEqual([
      'clients.csv:2: 1 customer(s) of the customers file match no customer of the ledgers (ids compared ignoring case and spaces): CLI1',
      'clients.csv: 2 customer(s) of the ledgers are not in the customers file (no name, terms or e-mail for them): CLI01, CLI03',
    ]);
  });
});

describe('a workbook given without its payments (docs/accounting.md §9.5)', () => {
  it('reads its payments sheet, and says so', async () => {
    const r = await arInProcess(['aging', 'fixtures/grand-livre.xlsx', '--as-of', '2026-10-31', '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging;
    const explicit = JSON.parse(
      (await arInProcess(['aging', 'fixtures/grand-livre.xlsx', '--payments', 'fixtures/grand-livre.xlsx#Règlements', '--as-of', '2026-10-31', '--format', 'json'])).stdout,
    ) as Aging;
    expect(j.currencies).toEqual(explicit.currencies);
    expect(j.warnings.map((w) => w.message)).toContain('grand-livre.xlsx: no payments file given: the workbook\'s sheet "Règlements" is read as the payments (give --payments to choose another)');
  });
});

describe('dates (docs/accounting.md §9.2)', () => {
  // Day first under English headers, no day over 12: month first, every invoice would be due the next day.
  const ambiguous = [
    'Invoice,Customer,Invoice date,Due date,Amount',
    ...Array.from({ length: 12 }, (_, k) => `F${k + 1},C1,0${1 + (k % 9)}/0${1 + (k % 8)}/2026,0${1 + (k % 9)}/0${2 + (k % 8)}/2026,100.00`),
  ].join('\n');

  it('reads the order under which invoices have plausible terms, and says so', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': ambiguous });
    const out = (await aging(dir, ['factures.csv', '--as-of', '2026-12-31'])) as Aging & {
      currencies: { EUR: { customers: { invoices: { number: string; issueDate: string; dueDate: string }[] }[] } };
    };
    // 01/01/2026 → 01/02/2026: 1 January to 1 February (31 days), not 1 January to 2 January.
    expect(out.currencies.EUR.customers[0]!.invoices.find((i) => i.number === 'F1')).toMatchObject({ issueDate: '2026-01-01', dueDate: '2026-02-01' });
    expect(out.warnings.map((w) => w.message)).toEqual([
      'factures.csv: column "Invoice date": no value settles the order of day and month; dates are read as day/month/year, the reading under which 12 invoice(s) have plausible payment terms (0 the other way); say --date-order mdy if that is wrong',
    ]);
    // Told otherwise, it reads as told.
    const told = await run(dir, ['aging', 'factures.csv', '--date-order', 'mdy', '--as-of', '2026-12-31', '--format', 'json']);
    const t = JSON.parse(told.stdout) as { currencies: { EUR: { customers: { invoices: { number: string; issueDate: string }[] }[] } } };
    expect(t.currencies.EUR.customers[0]!.invoices.find((i) => i.number === 'F1')!.issueDate).toBe('2026-01-01');
    expect(t.currencies.EUR.customers[0]!.invoices.find((i) => i.number === 'F2')!.issueDate).toBe('2026-02-02');
  });

  it('warns of a due date before its invoice’s date, naming the row', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,2026-08-10,2026-08-01,100.00\n' });
    const r = await run(dir, ['aging', 'factures.csv', '--as-of', '2026-10-31', '--format', 'json']);
    expect((JSON.parse(r.stdout) as Aging).warnings.map((w) => w.message)).toEqual([
      'factures.csv:2: column "Due date": the due date 2026-08-01 is before the invoice date: check the row (its age counts from that due date)',
    ]);
  });
});

describe('Excel’s older CSV encodings: CSV (MS-DOS), CSV (Macintosh)', () => {
  it('reads their accented letters, the headers they spell (Échéance) and the names, and says which encoding was read', async () => {
    const dir = tempDir();
    const text = ['N° facture;Client;Date;Échéance;Montant TTC', 'F1;Société Générale;01/09/2026;15/10/2026;100,00', 'F2;Hôtel Beauséjour;15/09/2026;30/10/2026;200,00'].join('\r\n');
    const cp850: Record<string, number> = { '°': 0xf8, É: 0x90, é: 0x82, ô: 0x93 };
    writeFiles(dir, { 'dos.csv': Uint8Array.from([...text].map((ch) => cp850[ch] ?? ch.charCodeAt(0))) });
    const j = await agingWarned(dir, ['dos.csv', '--as-of', '2026-10-31', '--lang', 'en']);
    // The due dates are the file's (its Échéance read), not the default terms'.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['Hôtel Beauséjour', '200.00'],
      ['Société Générale', '100.00'],
    ]);
    expect(j.warnings.map((w) => w.code)).not.toContain('due_by_default_terms');
    expect(j.warnings.filter((w) => w.code === 'encoding_read').map((w) => w.message)).toEqual([
      'dos.csv: read as MS-DOS text (code page 850), as Excel\'s "CSV (MS-DOS)" writes it: its accented letters read so (neither UTF-8 nor windows-1252); save it as "CSV UTF-8" to be sure',
    ]);
  });
});

describe('amounts whose decimal mark no value tells (docs/input-formats.md)', () => {
  it('reads 1,500 by the file’s form, said where it changes the amount, in the CSV’s bytes and its payments too', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // A French file whose amounts have no decimals: 1,500 is 1.50 by its form (`;`), or 1,500.00.
      'factures.csv': ['N° facture;Client;Date;Échéance;Montant', 'F1;C1;01/09/2026;01/10/2026;500', 'F2;C1;02/09/2026;02/10/2026;1,500', 'F3;C1;03/09/2026;03/10/2026;12,000'].join('\r\n'),
      'reglements.csv': ['Date,Customer,Amount,Invoice', '2026-10-05,C1,"1,500",F1'].join('\n'),
    });
    const j = await agingWarned(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31', '--lang', 'en']);
    expect(j.warnings.filter((w) => w.code === 'decimal_mark_assumed').map((w) => w.message)).toEqual([
      'factures.csv:3: column "Montant": no value of the column tells its decimal mark: 2 value(s) that read two ways, a thousand or one and a fraction, are read with "," as the decimal mark, as the file\'s form writes it ("1,500" is 1.50, not 1,500.00); if that is wrong, export the amounts with their decimals',
      'reglements.csv:2: column "Amount": no value of the column tells its decimal mark: 1 value(s) that read two ways, a thousand or one and a fraction, are read with "." as the decimal mark, as the file\'s form writes it ("1,500" is 1,500.00, not 1.50); if that is wrong, export the amounts with their decimals',
    ]);
    // F1 500.00, paid 1,500.00: the 1,000.00 over pays F2 (1.50) and F3 (12.00), 986.50 left unapplied.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['C1', '-986.50']]);
  });
});

describe('a summary below the list, after a blank row (Récapitulatif par client)', () => {
  it('is no part of the ledger: ignored and said, in the invoices and the payments alike, the import reconciled', async () => {
    const dir = tempDir();
    const recap = ['', 'Récapitulatif par client;;;', 'Client;Nombre;;Total', 'C1;2;;300,00', 'Total général;2;;300,00'];
    writeFiles(dir, {
      'factures.csv': cp1252(['N° facture;Client;Date;Échéance;Montant', 'F1;C1;01/09/2026;01/10/2026;100,00', 'F2;C1;15/09/2026;15/10/2026;200,00', ...recap].join('\r\n')),
      'reglements.csv': cp1252(['Date;Client;Montant;Facture', '05/10/2026;C1;100,00;F1', ...recap].join('\r\n')),
    });
    const j = await agingWarned(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31', '--lang', 'en']);
    expect(opens(customer(j, 'EUR', 'C1'))).toEqual([['F2', '200.00']]);
    expect(j.warnings.filter((w) => w.code === 'summary_rows_ignored').map((w) => [w.file, w.line])).toEqual([
      ['factures.csv', 5],
      ['reglements.csv', 4],
    ]);
    expect(j.import.invoices).toMatchObject({ read: 6, used: 2, rejected: 0, ignored: 4 });
    expect(j.import.payments).toMatchObject({ read: 5, used: 1, rejected: 0, ignored: 4 });
  });
});

describe('nothing ar writes overwrites an input', () => {
  it('refuses an Excel report over a ledger, through a link too, and a report name that is not .xlsx', async () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,2026-08-01,2026-08-31,100.00\n' });
    const before = readFileSync(f['factures.csv']!);
    const same = await run(dir, ['aging', 'factures.csv', '--xlsx', 'factures.csv']);
    expect(same).toMatchObject({ code: 1, stdout: '' });
    expect(same.stderr).toBe('ar: --xlsx factures.csv: the Excel report is an .xlsx file: give a name ending in .xlsx\n');
    symlinkSync(join(dir, 'factures.csv'), join(dir, 'lien.xlsx'));
    const link = await run(dir, ['aging', 'factures.csv', '--xlsx', 'lien.xlsx']);
    expect(link.stderr).toBe('ar: --xlsx lien.xlsx: that is one of the files read; ar never writes over an input: choose another name\n');
    expect(link.code).toBe(1);
    expect(readFileSync(f['factures.csv']!)).toEqual(before);
  });

  it('refuses a journal or an outbox that is an input', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,2026-08-01,2026-08-31,100.00\n' });
    const r = await run(dir, ['remind', '--invoices', 'factures.csv', '--journal', 'factures.csv', '--outbox', 'out']);
    expect(r).toMatchObject({ code: 1, stderr: 'ar: --journal factures.csv: that is one of the files read; ar never writes over an input: choose another name\n' });
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('output for programs, not rounded for display', () => {
  it('gives rates with their digits and days with two decimals; the CEI is a fraction like every share', async () => {
    const impact = await arInProcess(['impact', '--amount', '7083.33', '--revenue', '850000', '--margin', '3.5%', '--format', 'json']);
    // (29,750 − 7,083.33) / 850,000 = 0.02666667058823…
    expect((JSON.parse(impact.stdout) as { marginAfter: number }).marginAfter).toBe(0.0266666705882);
    const dso = await arInProcess(['dso', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-10-31', '--format', 'json']);
    const eur = (JSON.parse(dso.stdout) as { currencies: { EUR: { countback: number; cei: number; dso: number } } }).currencies.EUR;
    expect(Number.isInteger(eur.countback * 100)).toBe(true);
    expect(eur.countback).not.toBe(Math.round(eur.countback * 10) / 10);
    expect(eur.cei).toBeGreaterThan(0);
    expect(eur.cei).toBeLessThan(1);
  });

  it('gives ar log amounts as decimal strings, as every other JSON does', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,2026-07-01,2026-07-31,1000.00\n' });
    expect((await run(dir, ['promise', 'F1', '--invoices', 'factures.csv', '--until', '2026-11-30', '--amount', '5000'])).code).toBe(0);
    const log = await run(dir, ['log', '--format', 'json']);
    expect((JSON.parse(log.stdout) as { kind: string; amount: string | null }[]).find((r) => r.kind === 'promise')!.amount).toBe('5000.00');
  });

  it('says a customer the customers file lacks is not in it, rather than that it has no address', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': 'Invoice,Customer,Invoice date,Due date,Amount\nF1,C1,2026-07-01,2026-07-31,1000.00\nF2,C2,2026-07-01,2026-07-31,500.00\n',
      'clients.csv': 'Customer id,Name,E-mail\nC2,Deux,\n',
    });
    const r = await run(dir, ['remind', '--invoices', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-10-31', '--format', 'json']);
    const skipped = (JSON.parse(r.stdout) as { skipped: { customer: string; reason: string; detail: string }[] }).skipped;
    expect(skipped.filter((s) => s.reason === 'to_call').map((s) => [s.customer, s.detail])).toEqual([
      ['C1', 'not_in_customers_file'],
      ['C2', 'no_address'],
    ]);
  });
});

describe('a payments ledger that quotes structured communications', () => {
  it('matches each to its invoice, as a bank statement is matched: the invoice’s own reference, else its number’s digits', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252(
        'N° facture;Code client;Date facture;Échéance;Montant TTC;Communication structurée\nFA2026-0042;C1;01/07/2026;31/07/2026;100,00;\nFA2026-0043;C1;02/07/2026;01/08/2026;200,00;+++101/2026/00172+++\nFA2026-0044;C1;03/07/2026;02/08/2026;300,00;\n',
      ),
      // 2026/0042 → 0020260042, check 0020260042 mod 97 = 40: +++002/0260/04240+++.
      'reglements.csv': cp1252('Date;Code client;Montant;Communication\n10/08/2026;C1;60,00;+++002/0260/04240+++\n11/08/2026;C1;150,00;+++101/2026/00172+++\n'),
    });
    const j = await aging(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31']);
    // Each pays its invoice; oldest first would have paid FA2026-0042 whole and left 90,00 of FA2026-0043.
    expect(opens(customer(j, 'EUR', 'C1'))).toEqual([
      ['FA2026-0042', '40.00'],
      ['FA2026-0043', '50.00'],
      ['FA2026-0044', '300.00'],
    ]);
    expect(j.warnings).toEqual([]);
  });
});

describe('a payments ledger whose references are worded (Facture F2, Fact. n° F3)', () => {
  it('reads the invoice the words name, the words around it no reference; words alone are, unknown, said', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': ['Invoice,Customer,Date,Due date,Amount', 'F1,C1,2026-09-01,2026-10-01,100.00', 'F2,C1,2026-09-02,2026-10-02,100.00', 'F3,C1,2026-09-03,2026-10-03,70.00'].join('\n'),
      'reglements.csv': ['Date,Customer,Amount,Invoice', '2026-10-05,C1,100.00,Facture F2', '2026-10-06,C1,30.00,Fact. n° F3 (acompte)'].join('\n'),
      'mots.csv': ['Date,Customer,Amount,Invoice', '2026-10-05,C1,100.00,Facture'].join('\n'),
    });
    const j = await aging(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-10-31', '--lang', 'en']);
    // F2 paid by name (oldest first would have paid F1), F3 in part; no word said to name an unknown invoice.
    expect(opens(customer(j, 'EUR', 'C1'))).toEqual([
      ['F1', '100.00'],
      ['F3', '40.00'],
    ]);
    expect(j.warnings).toEqual([]);
    const alone = await agingWarned(dir, ['factures.csv', '--payments', 'mots.csv', '--as-of', '2026-10-31', '--lang', 'en']);
    expect(alone.warnings.filter((w) => w.code === 'unknown_reference')).toMatchObject([{ file: 'mots.csv', line: 2, value: 'Facture' }]);
  });
});

describe('a customer account statement as the invoices file (Débit, Crédit, a journal)', () => {
  const statement = [
    'Compte;Intitulé;Jnl;Date;Pièce;Libellé;Débit;Crédit',
    '411DUP;Dupont & Fils;VT;05/09/2026;FA26-101;Facture;1 250,00;',
    '411DUP;Dupont & Fils;VT;12/10/2026;FA26-102;Facture;3 480,50;',
    '411DUP;Dupont & Fils;VT;15/10/2026;AV26-007;Avoir;;250,00',
    '411DUP;Dupont & Fils;BQ1;02/10/2026;VIR1002;Virement;;1 000,00',
  ].join('\r\n');

  it('reads its invoices, its credit note and its payment, and names the customer by its Intitulé', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'compte.csv': cp1252(statement) });
    const r = await run(dir, ['aging', 'compte.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { invoices: { used: number }; payments: { read: number; used: number } } };
    // 1 250,00 + 3 480,50 − 250,00 − 1 000,00: the credit note and the payment settle FA26-101, oldest first.
    expect(j.currencies.EUR!.total).toBe('3480.50');
    expect(opens(customer(j, 'EUR', '411DUP'))).toEqual([['FA26-102', '3480.50']]);
    expect(customer(j, 'EUR', '411DUP').name).toBe('Dupont & Fils');
    expect(j.import.invoices.used).toBe(4);
    expect(j.import.payments).toMatchObject({ read: 1, used: 1 });
  });

  it('says that its payments count twice when a payments file is given beside it', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'compte.csv': cp1252(statement), 'reglements.csv': 'Date;Client;Montant\r\n02/10/2026;411DUP;1 000,00\r\n' });
    const r = await run(dir, ['aging', 'compte.csv', '--payments', 'reglements.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging;
    expect(j.warnings.filter((w) => w.code === 'statement_payments_and_file')).toMatchObject([{ file: 'compte.csv', line: 5 }]);
  });
});

describe('a report printed page by page: its header again at the top of each page', () => {
  it('is no row, in the invoices, the payments and the customers file alike, and is said', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252(
        [
          'N° facture;Client;Date;Échéance;Montant TTC',
          'FA1;C1;05/09/2026;05/10/2026;100,00',
          'FA2;C2;06/09/2026;06/10/2026;200,00',
          'N° facture;Client;Date;Échéance;Montant TTC',
          'FA3;C1;07/09/2026;07/10/2026;300,00',
        ].join('\r\n'),
      ),
      'reglements.csv': cp1252(['Date;Client;Montant;Facture', '01/10/2026;C1;100,00;FA1', 'Date;Client;Montant;Facture', '02/10/2026;C2;50,00;FA2'].join('\r\n')),
      'clients.csv': cp1252(['Code client;Raison sociale;E-mail', 'C1;Un;un@example.com', 'CODE CLIENT;Raison  sociale;E-mail', 'C2;Deux;deux@example.com'].join('\r\n')),
    });
    const r = await run(dir, ['aging', 'factures.csv', '--payments', 'reglements.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { import: Record<string, { read: number; used: number; ignored: number }>; warnings: { code: string; file: string; line: number }[] };
    expect(j.import.invoices).toMatchObject({ read: 4, used: 3, ignored: 1 });
    expect(j.import.payments).toMatchObject({ read: 3, used: 2, ignored: 1 });
    expect(j.import.customers).toMatchObject({ read: 3, used: 2, ignored: 1 });
    expect(j.warnings.filter((w) => w.code === 'header_repeated').map((w) => `${w.file}:${w.line}`)).toEqual(['clients.csv:3', 'factures.csv:4', 'reglements.csv:3']);
  });
});

describe('a workbook of a sheet per month: every sheet with the invoices’ header is read', () => {
  async function monthly(path: string, extra: (wb: ExcelJS.Workbook) => void = () => {}): Promise<void> {
    const wb = new ExcelJS.Workbook();
    for (const [month, name] of [
      [9, 'Septembre'],
      [10, 'Octobre'],
      [11, 'Novembre'],
    ] as const) {
      wb.addWorksheet(name).addRows([
        ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC'],
        [`FA-${month}-1`, 'C1', `2026-${month}-05`, `2026-${month}-28`, 100 * month],
        [`FA-${month}-2`, 'C2', `2026-${month}-15`, `2026-${month}-28`, 10 * month],
      ]);
    }
    extra(wb);
    writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
  }

  it('reads them all (it read the first alone, and said nothing of the others), and says so', async () => {
    const dir = tempDir();
    await monthly(join(dir, 'factures-2026.xlsx'));
    const r = await run(dir, ['aging', 'factures-2026.xlsx', '--as-of', '2026-12-31', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { invoices: { file: string; read: number; used: number } } };
    expect(j.currencies.EUR!.total).toBe('3300.00');
    expect(j.import.invoices).toMatchObject({ file: 'factures-2026.xlsx#Septembre, #Octobre, #Novembre', read: 6, used: 6 });
    expect(j.warnings.filter((w) => w.code === 'invoice_sheets_read')).toMatchObject([{ file: 'factures-2026.xlsx' }]);
    // One sheet named: that one alone.
    const one = await aging(dir, ['factures-2026.xlsx#Octobre', '--as-of', '2026-12-31']);
    expect(one.currencies.EUR!.total).toBe('1100.00');
  });

  it('reads a sheet’s hidden rows (a filter left on) as any other, and says which', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Factures');
    ws.addRows([
      ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC'],
      ['FA1', 'C1', '2026-09-05', '2026-10-05', 100],
      ['FA2', 'C1', '2026-09-06', '2026-10-06', 200],
      ['FA3', 'C2', '2026-09-07', '2026-10-07', 300],
    ]);
    ws.getRow(3).hidden = true;
    ws.getRow(4).hidden = true;
    writeFileSync(join(dir, 'filtre.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const r = await run(dir, ['aging', 'filtre.xlsx', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    const j = JSON.parse(r.stdout) as Aging;
    expect(j.currencies.EUR!.total).toBe('600.00');
    expect(j.warnings.filter((w) => w.code === 'hidden_rows_read')).toMatchObject([{ file: 'filtre.xlsx#Factures', line: 3 }]);
  });

  it('reads every sheet’s columns as the first sheet’s were chosen: a month of one row, a page header again', async () => {
    const dir = tempDir();
    const wb = new ExcelJS.Workbook();
    const head = ['Date', 'No.', 'Customer', 'Account', 'Due Date', 'Amount', 'Tax', 'Total'];
    wb.addWorksheet('Oct').addRows([
      head,
      ['2026-10-02', 'INV-103', 'Harbor Bakery', 'Accounts Receivable', '2026-11-01', 250, 50, 300],
      head,
      ['2026-10-15', 'INV-104', 'Green Farm', 'Accounts Receivable', '2026-11-14', 2000, 400, 2400],
    ]);
    wb.addWorksheet('Nov').addRows([head, ['2026-11-05', 'INV-105', 'Nordic Tools', 'Accounts Receivable', '2026-12-05', 100, 20, 120]]);
    writeFileSync(join(dir, 'invoice-list.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const j = await aging(dir, ['invoice-list.xlsx', '--as-of', '2026-11-30', '--lang', 'en']);
    // Nov's one row cannot tell the account from the customer by its values, and Oct's header again is no account:
    // each sheet deciding alone made "Accounts Receivable" a customer of them both.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['Green Farm', '2400.00'],
      ['Harbor Bakery', '300.00'],
      ['Nordic Tools', '120.00'],
    ]);
  });

  it('says which sheets of invoices it did not read, when their header is not the same', async () => {
    const dir = tempDir();
    await monthly(join(dir, 'factures-2026.xlsx'), (wb) => {
      wb.addWorksheet('Décembre').addRows([
        ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC', 'Remarque'],
        ['FA-12-1', 'C1', '2026-12-02', '2026-12-28', 5, 'acompte'],
      ]);
    });
    const j = await run(dir, ['aging', 'factures-2026.xlsx', '--as-of', '2026-12-31', '--format', 'json', '--lang', 'en']);
    const w = (JSON.parse(j.stdout) as Aging).warnings.filter((x) => x.code === 'invoice_sheets_not_read');
    expect(w).toMatchObject([{ file: 'factures-2026.xlsx' }]);
    expect(w[0]!.message).toContain('sheet(s) Décembre have a header of invoices too, but not the one of Septembre, Octobre, Novembre: not read');
  });

  it('takes no payments sheet for a month of invoices, though its header names their fields, and names the other sheet of a number used twice', async () => {
    const dir = tempDir();
    await monthly(join(dir, 'classeur.xlsx'), (wb) => {
      wb.addWorksheet('Règlements').addRows([
        ['Date', 'Client', 'Montant', 'Facture'],
        ['2026-10-20', 'C1', 900, 'FA-9-1'],
      ]);
      wb.addWorksheet('Décembre').addRows([
        ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC'],
        ['FA-11-2', 'C2', '2026-12-02', '2026-12-28', 5],
      ]);
    });
    const r = await run(dir, ['aging', 'classeur.xlsx', '--as-of', '2026-12-31', '--format', 'json', '--lang', 'en']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('classeur.xlsx#Décembre:2: column "N° facture": invoice number "FA-11-2" is already used on line 3 of classeur.xlsx#Novembre');
    // The payments sheet is no month of invoices: not among the sheets read as invoices.
    expect(r.stderr).not.toContain('Règlements:');
  });
});

describe('a customer account’s running balance (Solde progressif) is no invoice’s balance', () => {
  const lines = [
    'Compte;Intitulé;Jnl;Date;Pièce;Libellé;Débit;Crédit;Solde',
    '411DUP;Dupont & Fils;VT;15/08/2026;AV1;Avoir;;250,00;-250,00',
    '411DUP;Dupont & Fils;VT;05/09/2026;FA2;Facture;1 000,00;;750,00',
    '411MAR;Martin SAS;VT;01/08/2026;FA3;Facture;980,00;;980,00',
  ];

  it('is not read as what is left to pay when no payment is given: the credit note would count twice', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'grand-livre.csv': cp1252(lines.join('\r\n')) });
    const j = await aging(dir, ['grand-livre.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // Read as FA2's open amount, 750,00 would be what the credit note left, and the credit note taken again: 1 480,00.
    expect(j.currencies.EUR!.total).toBe('1730.00');
    expect(opens(customer(j, 'EUR', '411DUP'))).toEqual([['FA2', '750.00']]);
    // A customer account's lines have no due dates: the default terms', said.
    expect(j.warnings.map((w) => w.code)).toEqual(['running_balance_ignored', 'due_by_default_terms']);
  });

  it('reads Sage’s grand-livre des tiers: N° compte as the customer, its running Solde, its bank journal and lettering', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'gl.csv': cp1252(
        [
          'N° compte;Intitulé compte;Date;Jnl;N° pièce;Libellé écriture;Débit;Crédit;Solde;Let.',
          '411DUP;Dupont & Fils;05/09/2026;VT;FA26-101;Facture FA26-101;1 250,00;;1 250,00;',
          '411DUP;Dupont & Fils;12/10/2026;VT;FA26-102;Facture FA26-102;3 480,50;;4 730,50;A',
          '411DUP;Dupont & Fils;20/10/2026;BNP;VIR05;Virement Dupont;;3 480,50;1 250,00;A',
          '411MAR;Martin SAS;01/08/2026;VT;FA26-110;Facture FA26-110;980,00;;980,00;',
        ].join('\r\n'),
      ),
    });
    const j = await aging(dir, ['gl.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // Lettered A, the transfer pays FA26-102 (oldest first would have paid FA26-101 and 2 230,50 of FA26-102).
    expect(opens(customer(j, 'EUR', '411DUP'))).toEqual([['FA26-101', '1250.00']]);
    expect(customer(j, 'EUR', '411DUP').name).toBe('Dupont & Fils');
    // A customer account's lines have no due dates: the default terms', said.
    expect(j.warnings.map((w) => w.code)).toEqual(['running_balance_ignored', 'due_by_default_terms']);
  });

  it('runs through the statement’s payments too, and is not checked against each invoice', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'grand-livre.csv': cp1252([...lines, '411MAR;Martin SAS;BQ;20/09/2026;VIR1;Virement;;480,00;500,00'].join('\r\n')) });
    const j = await aging(dir, ['grand-livre.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(j.currencies.EUR!.total).toBe('1250.00');
    // A customer account's lines have no due dates: the default terms', said.
    expect(j.warnings.map((w) => w.code)).toEqual(['running_balance_ignored', 'due_by_default_terms']);
  });
});

describe('an account statement whose journal is a firm’s own code, or that has none: its wording tells a payment', () => {
  it('reads a bank-named journal’s credit as a payment, and a credit no journal tells of by its Libellé, said', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // A bank journal coded after the bank; an OD transfer worded "Virement" stays a credit (no money received).
      'journal.csv': cp1252(
        [
          'Compte;Intitulé;Jnl;Date;Pièce;Libellé;Débit;Crédit',
          '411DUP;Dupont & Fils;VT;05/09/2026;FA1;Facture;1 250,00;',
          '411DUP;Dupont & Fils;VT;12/10/2026;FA2;Facture;3 480,50;',
          '411DUP;Dupont & Fils;BNP;02/10/2026;VIR1;Virement Dupont;;1 000,00',
          '411DUP;Dupont & Fils;OD;20/10/2026;OD1;Virement au 416;;100,00',
        ].join('\r\n'),
      ),
      // No journal, no type: the wording alone tells a payment from a discount or a credit note.
      'sans-journal.csv': cp1252(
        [
          'Compte;Intitulé;Date;Pièce;Libellé;Débit;Crédit',
          '411DUP;Dupont & Fils;05/09/2026;FA1;Facture FA1;1 250,00;',
          '411DUP;Dupont & Fils;12/10/2026;FA2;Facture FA2;3 480,50;',
          '411DUP;Dupont & Fils;15/10/2026;AV1;Avoir sur FA1;;250,00',
          '411DUP;Dupont & Fils;02/10/2026;VIR1;VIR SEPA DUPONT;;1 000,00',
          '411DUP;Dupont & Fils;03/10/2026;RC1;Remise commerciale;;50,00',
          '411DUP;Dupont & Fils;04/11/2026;CHQ7;Remise de chèques n° 7;;200,00',
        ].join('\r\n'),
      ),
    });
    type Imported = Aging & { import: { payments: { read: number; used: number; amounts: { used: Record<string, string> } } | null } };
    const withJournal = (await aging(dir, ['journal.csv', '--as-of', '2026-11-30'])) as Imported;
    expect(withJournal.import.payments).toMatchObject({ read: 1, used: 1, amounts: { used: { EUR: '1000.00' } } });
    expect(withJournal.currencies.EUR!.total).toBe('3630.50');
    expect(withJournal.warnings.filter((w) => w.code === 'payments_by_label')).toEqual([]);

    const worded = (await aging(dir, ['sans-journal.csv', '--as-of', '2026-11-30', '--lang', 'en'])) as Imported;
    expect(worded.import.payments).toMatchObject({ read: 2, used: 2, amounts: { used: { EUR: '1200.00' } } });
    expect(worded.currencies.EUR!.total).toBe('3230.50');
    expect(worded.warnings.filter((w) => w.code === 'payments_by_label')).toMatchObject([{ file: 'sans-journal.csv', line: 5, column: 'Libellé' }]);
    expect(worded.warnings.find((w) => w.code === 'payments_by_label')!.message).toContain('2 credit(s)');
  });
});

describe('a report grouped by customer: a heading names the customer of the rows below it, and the group’s total names it again', () => {
  it('reads QuickBooks’ Customer Balance Detail (the name in the heading and in “Total for …”)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'balance-detail.csv': [
        'Customer Balance Detail',
        'All Dates',
        '',
        ',Date,Transaction Type,Num,Due Date,Amount',
        "Amy's Bird Sanctuary,,,,,",
        ',09/15/2026,Invoice,1021,10/15/2026,459.00',
        ',10/20/2026,Invoice,1035,11/19/2026,"1,200.00"',
        'Total for Amy\'s Bird Sanctuary,,,,,"$1,659.00"',
        "Bill's Windsurf Shop,,,,,",
        ',08/01/2026,Invoice,1027,08/31/2026,85.00',
        "Total for Bill's Windsurf Shop,,,,,$85.00",
        'TOTAL,,,,,"$1,744.00"',
      ].join('\n'),
    });
    const j = await aging(dir, ['balance-detail.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(j, 'EUR', "Amy's Bird Sanctuary"))).toEqual([
      ['1021', '459.00'],
      ['1035', '1200.00'],
    ]);
    expect(opens(customer(j, 'EUR', "Bill's Windsurf Shop"))).toEqual([['1027', '85.00']]);
    expect(j.currencies.EUR!.total).toBe('1744.00');
    expect(j.warnings.filter((w) => w.code === 'customers_from_headings')).toMatchObject([{ file: 'balance-detail.csv', line: 6 }]);
    expect(j.warnings.find((w) => w.code === 'customers_from_headings')!.message).toContain("Amy's Bird Sanctuary (6–7), Bill's Windsurf Shop (10–10)");
    // The headings that name a group's customer are said with the groups, not as headings ignored.
    expect(j.warnings.filter((w) => w.code === 'heading_row_ignored')).toEqual([]);
  });

  it('reads QuickBooks’ Open Invoices, its headings in the date’s column, and ignores the time of printing at its foot, said', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'open-invoices.csv': [
        '"Open Invoices"',
        '"All Dates"',
        '""',
        '"Date","Transaction Type","Num","Due Date","Amount","Open Balance"',
        '"3M France",,,,,',
        '"09/15/2026","Invoice","1021","10/15/2026","459.00","459.00"',
        '"Total for 3M France",,,,"$459.00","$459.00"',
        '"TOTAL",,,,"$459.00","$459.00"',
        '""',
        '"Monday, December 07, 2026 04:25 PM GMT-08:00"',
      ].join('\n'),
    });
    const j = await aging(dir, ['open-invoices.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(j, 'EUR', '3M France'))).toEqual([['1021', '459.00']]);
    expect(j.warnings.filter((w) => w.code === 'heading_row_ignored')).toMatchObject([{ line: 10, message: expect.stringContaining('Monday, December 07, 2026') }]);
  });

  it('reads an échéancier whose heading gives the code and the name, and whose total gives the code', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'echeancier.csv': cp1252(
        [
          'Echéancier clients au 30/11/2026',
          'Pièce;Date pièce;Echéance;Libellé;Débit;Crédit',
          'Client : 411DUP - Dupont & Fils;;;;;',
          'FA26-101;05/09/26;05/10/26;Facture FA26-101;1 250,00;',
          'AV26-007;15/10/26;15/10/26;Avoir sur FA26-101;;250,00',
          'Total client 411DUP;;;;1 250,00;250,00',
          '411MAR Martin SAS;;;;;',
          'FA26-110;01/08/26;31/08/26;Facture FA26-110;980,00;',
          'Total 411MAR;;;;980,00;',
        ].join('\r\n'),
      ),
    });
    const j = await aging(dir, ['echeancier.csv', '--as-of', '2026-11-30']);
    expect(customer(j, 'EUR', '411DUP')).toMatchObject({ name: 'Dupont & Fils', total: '1000.00' });
    expect(customer(j, 'EUR', '411MAR')).toMatchObject({ name: 'Martin SAS', total: '980.00' });
  });

  it('reads Xero’s Aged Receivables Detail: the contact’s name in the date’s column, the amount in Total', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'aged.csv': [
        'Aged Receivables Detail',
        'Demo Company (UK)',
        'As at 30 November 2026',
        '',
        'Date,Invoice Number,Due Date,Current,< 1 Month,1 Month,2 Months,3 Months,Older,Total',
        'ABC Furniture,,,,,,,,,',
        '15 Oct 2026,INV-0012,14 Nov 2026,0.00,250.00,0.00,0.00,0.00,0.00,250.00',
        '20 Nov 2026,INV-0031,20 Dec 2026,1200.00,0.00,0.00,0.00,0.00,0.00,1200.00',
        'Total ABC Furniture,,,1200.00,250.00,0.00,0.00,0.00,0.00,1450.00',
        'Bayside Club,,,,,,,,,',
        '01 Jul 2026,INV-0007,31 Jul 2026,0.00,0.00,0.00,0.00,0.00,"1,034.50","1,034.50"',
        'Total Bayside Club,,,0.00,0.00,0.00,0.00,0.00,"1,034.50","1,034.50"',
        'Total,,,1200.00,250.00,0.00,0.00,0.00,"1,034.50","2,484.50"',
      ].join('\n'),
    });
    const j = await aging(dir, ['aged.csv', '--as-of', '2026-11-30']);
    // Xero's own buckets: Current 1 200,00, < 1 month 250,00, older 1 034,50.
    expect(customer(j, 'EUR', 'ABC Furniture').buckets).toMatchObject({ not_due: '1200.00', '1-30': '250.00' });
    expect(customer(j, 'EUR', 'Bayside Club').buckets).toMatchObject({ '91+': '1034.50' });
    expect(j.currencies.EUR!.total).toBe('2484.50');
    expect(j.warnings.filter((w) => w.code === 'heading_row_ignored')).toEqual([]);
  });

  it('gives no customer from a heading its total does not name: the rows stay rejected', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': ['Invoice,Date,Due date,Amount', 'Factures 2026,,,', 'F1,2026-09-01,2026-10-01,100.00', 'F2,2026-09-02,2026-10-02,200.00', 'Total général,,,300.00'].join('\n'),
    });
    const r = await run(dir, ['aging', 'factures.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('factures.csv:3: no customer: the file has no column that names one');
    // Nor does an age bracket, though its total names it (an aged balance grouped by age, its customers left out).
    writeFiles(dir, {
      'par-age.csv': ['Invoice,Date,Due date,Amount', '1 - 30 days past due,,,', 'F1,2026-09-01,2026-10-01,100.00', 'Total for 1 - 30 days past due,,,100.00'].join('\n'),
    });
    const byAge = await run(dir, ['aging', 'par-age.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(byAge.code).not.toBe(0);
    expect(byAge.stderr).toContain('par-age.csv:3: no customer: the file has no column that names one');
  });
});

describe('a row numbered as a credit note with a positive amount, in a file without a type column', () => {
  it('is read as its sign says, an invoice, and said; written negative, it is a credit note, unsaid', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252(['N° facture;Client;Date;Montant TTC', 'FA2026-001;C1;05/09/2026;1 000,00', 'AV2026-001;C1;15/09/2026;250,00'].join('\r\n')),
      'signees.csv': cp1252(['N° facture;Client;Date;Montant TTC', 'FA2026-001;C1;05/09/2026;1 000,00', 'AV2026-001;C1;15/09/2026;-250,00'].join('\r\n')),
    });
    const j = await aging(dir, ['factures.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(j.currencies.EUR!.total).toBe('1250.00');
    expect(j.warnings.filter((w) => w.code === 'credit_note_number_positive')).toMatchObject([{ file: 'factures.csv', line: 3 }]);
    const signed = await aging(dir, ['signees.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(signed.currencies.EUR!.total).toBe('750.00');
    expect(signed.warnings.filter((w) => w.code === 'credit_note_number_positive')).toEqual([]);
  });
});

describe('an English export’s Amount, Tax and Total: the amount is the total, tax included (SPEC §1)', () => {
  it('reads Total, not Amount before tax, and says so; Amount alone is the amount', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'invoices.csv': ['Invoice,Customer,Date,Due Date,Amount,Tax,Total', 'INV-1,C1,2026-09-15,2026-10-15,100.00,20.00,120.00'].join('\n'),
      'plain.csv': ['Invoice,Customer,Date,Due Date,Amount,Total Paid', 'INV-1,C1,2026-09-15,2026-10-15,100.00,0.00'].join('\n'),
    });
    const j = await aging(dir, ['invoices.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(j.currencies.EUR!.total).toBe('120.00');
    expect(j.warnings.filter((w) => w.code === 'amount_before_tax')).toMatchObject([{ file: 'invoices.csv' }]);
    const plain = await aging(dir, ['plain.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(plain.currencies.EUR!.total).toBe('100.00');
  });
});

describe('an account column beside the customer’s: a general ledger’s account is no customer', () => {
  it('reads the customer from Customer when Account holds one value (QuickBooks), and says so', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'open-invoices.csv': [
        'Date,Num,Customer,Account,Due Date,Amount',
        '09/15/2026,1021,Amy,Accounts Receivable (A/R),10/15/2026,459.00',
        '09/16/2026,1022,Bill,Accounts Receivable (A/R),10/16/2026,100.00',
      ].join('\n'),
    });
    const j = await aging(dir, ['open-invoices.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['Amy', '459.00'],
      ['Bill', '100.00'],
    ]);
    expect(j.warnings.filter((w) => w.code === 'account_not_customer')).toMatchObject([{ file: 'open-invoices.csv' }]);
  });

  it('reads a Client before a Partenaire (a sales partner) as the customer', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'partenaires.csv': cp1252(['N° facture;Client;Partenaire;Date;Montant', 'F1;Dupont;Apporteur X;05/09/2026;100,00', 'F2;Martin;Apporteur X;06/09/2026;200,00'].join('\r\n')),
    });
    const j = await aging(dir, ['partenaires.csv', '--as-of', '2026-11-30']);
    expect(j.currencies.EUR!.customers.map((c) => c.id).sort()).toEqual(['Dupont', 'Martin']);
  });
});

describe('Odoo’s journal items of the receivable account (Journal Entry, Partner, Debit, Credit, Matching #)', () => {
  it('reads the partner as the customer, not the account, a bank journal’s credit as a payment, and its matching as lettering', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'items.csv': [
        'Date,Journal Entry,Journal,Account,Partner,Label,Debit,Credit,Matching #,Due Date',
        '2026-09-01,INV/2026/00001,Customer Invoices,121000 Account Receivable,Azure Interior,INV/2026/00001,1500.00,0.00,,2026-10-01',
        '2026-09-15,INV/2026/00002,Customer Invoices,121000 Account Receivable,Azure Interior,INV/2026/00002,1500.00,0.00,A12,2026-10-15',
        '2026-10-20,BNK1/2026/00004,Bank,121000 Account Receivable,Azure Interior,Customer payment,0.00,1500.00,A12,2026-10-20',
        '2026-10-05,RINV/2026/00001,Customer Invoices,121000 Account Receivable,Deco Addict,RINV/2026/00001,0.00,100.00,,2026-10-05',
        '2026-09-20,INV/2026/00003,Customer Invoices,121000 Account Receivable,Deco Addict,INV/2026/00003,2300.00,0.00,,2026-10-20',
      ].join('\n'),
    });
    const j = await aging(dir, ['items.csv', '--as-of', '2026-11-30']);
    // The payment equals both of Azure's invoices: unmatched, it would pay the oldest; matched (A12), it pays the
    // second. Deco's credit note, in the sales journal, is a credit, not a payment.
    expect(opens(customer(j, 'EUR', 'Azure Interior'))).toEqual([['INV/2026/00001', '1500.00']]);
    expect(opens(customer(j, 'EUR', 'Deco Addict'))).toEqual([['INV/2026/00003', '2200.00']]);
    expect((j as Aging & { import: { payments: { used: number } } }).import.payments).toMatchObject({ used: 1 });
  });
});

describe('an account statement’s lettering (Let.): a credit settles the debits lettered with it, as an accountant did', () => {
  const statement = [
    'Compte;Jnl;Date;Pièce;Débit;Crédit;Let.',
    '411DUP;VT;01/09/2026;FA1;100,00;;',
    '411DUP;VT;01/10/2026;FA2;200,00;;A',
    '411DUP;BQ1;05/11/2026;VIR1;;200,00;A',
    '411DUP;VT;02/10/2026;FA3;300,00;;B',
    '411DUP;VT;20/10/2026;AV1;;250,00;B',
  ].join('\r\n');

  it('pays the newer invoice its lettering names, not the oldest, and says of a lettering that does not balance', async () => {
    const dir = tempDir();
    writeFiles(dir, { 'compte.csv': cp1252(statement) });
    const r = await run(dir, ['aging', 'compte.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging;
    // Oldest first would leave FA2 100,00 open; lettered, FA2 is paid and FA1 stays whole. B: 300,00 less the credit note's 250,00.
    expect(opens(customer(j, 'EUR', '411DUP'))).toEqual([
      ['FA1', '100.00'],
      ['FA3', '50.00'],
    ]);
    expect(j.warnings.filter((w) => w.code === 'fec_lettering_unbalanced')).toMatchObject([{ file: 'compte.csv', line: 5 }]);
  });

  it('names the lettered invoice from its lettering date (Date lettrage), before which the credit is unreferenced', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'compte.csv': cp1252(
        [
          'Compte;Jnl;Date;Pièce;Débit;Crédit;Let.;Date lettrage',
          '411DUP;VT;01/09/2026;FA1;100,00;;;',
          '411DUP;VT;01/10/2026;FA2;200,00;;A;20/11/2026',
          '411DUP;BQ1;05/11/2026;VIR1;;200,00;A;20/11/2026',
        ].join('\r\n'),
      ),
    });
    // A complete lettering, read after its date: VIR1 pays FA2, FA1 stays whole.
    const after = await aging(dir, ['compte.csv', '--as-of', '2026-11-30']);
    expect(opens(customer(after, 'EUR', '411DUP'))).toEqual([['FA1', '100.00']]);
    writeFiles(dir, {
      'partiel.csv': cp1252(
        [
          'Compte;Jnl;Date;Pièce;Débit;Crédit;Let.;Date lettrage',
          '411DUP;VT;01/09/2026;FA1;100,00;;;',
          '411DUP;VT;01/10/2026;FA2;200,00;;a;20/11/2026',
          '411DUP;BQ1;05/11/2026;VIR1;;150,00;a;20/11/2026',
        ].join('\r\n'),
      ),
    });
    // Before the 20th, VIR1 names no invoice: 150,00 equals none and pays the oldest, FA1, then 50,00 of FA2.
    // From the 20th it pays FA2, as lettered (in part: a lower-case code), and FA1 stays whole.
    const before = await aging(dir, ['partiel.csv', '--as-of', '2026-11-10']);
    expect(opens(customer(before, 'EUR', '411DUP'))).toEqual([['FA2', '150.00']]);
    const lettered = await aging(dir, ['partiel.csv', '--as-of', '2026-11-30']);
    expect(opens(customer(lettered, 'EUR', '411DUP'))).toEqual([
      ['FA1', '100.00'],
      ['FA2', '50.00'],
    ]);
  });
});

describe('an invoicing software’s export: its statuses, its time-zoned headers, its lines of items', () => {
  it('reads Stripe’s invoices: Date (UTC), Amount Remaining (not Amount Due), Paid At; void, draft and uncollectible said', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'invoices.csv': [
        'id,Number,Customer,Customer Name,Amount Due,Amount Paid,Amount Remaining,Currency,Date (UTC),Due Date (UTC),Paid At (UTC),Status,Total',
        'in_1,ABCD-0001,cus_A,Dupont SARL,1200.00,1200.00,0.00,eur,2026-09-01 10:22:13,2026-10-01 10:22:13,2026-10-20 08:00:00,paid,1200.00',
        'in_2,ABCD-0002,cus_A,Dupont SARL,500.00,0.00,600.00,eur,2026-09-15 08:01:55,2026-10-15 08:01:55,,open,600.00',
        'in_3,ABCD-0003,cus_B,Martin & Cie,2400.00,0.00,2400.00,eur,2026-08-02 16:40:00,2026-09-01 16:40:00,,uncollectible,2400.00',
        'in_4,ABCD-0004,cus_B,Martin & Cie,360.00,0.00,360.00,eur,2026-09-20 11:11:11,2026-10-20 11:11:11,,void,360.00',
        'in_5,,cus_C,Lambert,120.00,0.00,120.00,eur,2026-10-28 09:00:00,2026-11-27 09:00:00,,draft,120.00',
      ].join('\n'),
    });
    const j = await aging(dir, ['invoices.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    const eur = j.currencies.EUR!;
    // ABCD-0002: 600.00 left (Amount Remaining; Amount Due, 500.00, is what was billed after a credit); ABCD-0001 paid.
    expect(opens(customer(j, 'EUR', 'cus_A'))).toEqual([['ABCD-0002', '600.00']]);
    expect(eur.total).toBe('600.00');
    expect(eur.writtenOff).toBe('2400.00');
    expect(j.warnings.filter((w) => w.code === 'cancelled_ignored')).toMatchObject([{ file: 'invoices.csv', line: 5 }]);
    expect(j.warnings.filter((w) => w.code === 'not_an_invoice_ignored')).toMatchObject([{ file: 'invoices.csv', line: 6 }]);
    expect(j.warnings.filter((w) => w.code === 'unknown_status')).toEqual([]);
  });

  it('reads Pennylane’s Annulée as nothing owed, its credit note with it, À venir as a plain state, and a status Avoir as a credit note', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252(
        [
          "Numéro de facture;Client;Date de facture;Date d'échéance;Montant TTC;Statut;Facture d'origine",
          'AV-0001;Martin;05/09/2026;05/09/2026;-2 400,00;Avoir;F-0103',
          'F-0103;Martin;02/08/2026;01/09/2026;2 400,00;Annulée;',
          'F-0104;Martin;20/09/2026;20/10/2026;360,00;En retard;',
          'AV-0002;Martin;25/09/2026;25/09/2026;60,00;Avoir;F-0104',
          'F-0105;Dupont;20/11/2026;20/12/2026;1 200,00;À venir;',
          // The file names the invoice a credit note credits: one that names none cancels none, whatever its amount.
          'F-0106;Dupont;01/10/2026;31/10/2026;500,00;Annulée;',
          'AV-0003;Dupont;02/10/2026;02/10/2026;-500,00;Avoir;',
        ].join('\r\n'),
      ),
    });
    const j = await aging(dir, ['factures.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // F-0103 and the credit note that cancelled it are both left out; AV-0002, written positive, credits F-0104.
    expect(opens(customer(j, 'EUR', 'Martin'))).toEqual([['F-0104', '300.00']]);
    expect(j.currencies.EUR!.total).toBe('1000.00');
    expect(j.warnings.filter((w) => w.code === 'cancelling_credit_note_matched')).toEqual([]);
    expect(j.warnings.filter((w) => w.code === 'cancelled_ignored')).toMatchObject([{ line: 3, message: expect.stringContaining('"Annulée"') }, { line: 7 }]);
    expect(j.warnings.filter((w) => w.code === 'cancelling_credit_note_ignored')).toMatchObject([{ line: 2, message: expect.stringContaining('F-0103') }]);
    expect(j.warnings.filter((w) => w.code === 'unknown_status')).toEqual([]);
  });

  it('reads a credit note, in a file that names no credited invoice, of a cancelled invoice’s customer, currency and amount, dated on or after it, as its cancellation, said', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // Newest first, as a list of documents often is: the credit note comes before the invoice it cancelled.
      'factures.csv': cp1252(
        [
          "Numéro de facture;Client;Date de facture;Date d'échéance;Montant TTC;Statut",
          'F-0104;Martin;20/09/2026;20/10/2026;360,00;En retard',
          'AV-0001;Martin;05/09/2026;05/09/2026;-2 400,00;Avoir',
          'F-0103;Martin;02/08/2026;01/09/2026;2 400,00;Annulée',
          // Dated before the invoice cancelled below: not its cancellation, a credit of the customer.
          'AV-0009;Dupont;15/09/2026;15/09/2026;-500,00;Avoir',
          'F-0106;Dupont;01/10/2026;31/10/2026;500,00;Annulée',
          'F-0107;Dupont;01/10/2026;31/10/2026;800,00;En retard',
          // A second credit note of F-0103's amount: F-0103 was cancelled once.
          'AV-0002;Martin;06/09/2026;06/09/2026;-2 400,00;Avoir',
        ].join('\r\n'),
      ),
    });
    const j = await aging(dir, ['factures.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // Martin: F-0104, less AV-0002's 2,400.00 (were AV-0001 read, 4,440.00 of credit and nothing owed); Dupont: F-0107 less AV-0009.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['Dupont', '300.00'],
      ['Martin', '-2040.00'],
    ]);
    expect(j.warnings.filter((w) => w.code === 'cancelling_credit_note_matched')).toMatchObject([
      { line: 3, message: expect.stringContaining('with the customer, currency and amount of invoice F-0103, which the file says cancelled') },
    ]);
    expect(j.warnings.filter((w) => w.code === 'cancelled_ignored').map((w) => w.line)).toEqual([4, 6]);
    expect(j.import.invoices).toMatchObject({ read: 7, used: 4, ignored: 3, rejected: 0 });
  });

  it('reads ERPNext’s list of sales invoices: ID, Date, Payment Due Date, Grand Total (not its Total before tax), Outstanding Amount, Return Against, and its statuses', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'sales-invoice.csv': [
        '"ID","Customer","Customer Name","Date","Payment Due Date","Currency","Total","Grand Total","Outstanding Amount","Status","Is Return (Credit Note)","Return Against"',
        '"ACC-SINV-2026-00001","CUST-0001","Grant Plastics Ltd.","2026-08-10","2026-09-09","EUR","1000.00","1180.00","1180.00","Overdue","0",""',
        '"ACC-SINV-2026-00002","CUST-0001","Grant Plastics Ltd.","2026-09-15","2026-10-15","EUR","500.00","590.00","290.00","Partly Paid","0",""',
        '"ACC-SINV-2026-00003","CUST-0002","West View Software Ltd.","2026-10-01","2026-10-31","EUR","2000.00","2360.00","0.00","Paid","0",""',
        // Credited in full by its return: nothing left of either.
        '"ACC-SINV-2026-00004","CUST-0002","West View Software Ltd.","2026-10-20","2026-11-19","EUR","400.00","472.00","0.00","Credit Note Issued","0",""',
        '"ACC-SINV-RET-2026-00001","CUST-0002","West View Software Ltd.","2026-10-25","2026-10-25","EUR","-400.00","-472.00","0.00","Return","1","ACC-SINV-2026-00004"',
        // 300.00 of it returned, the rest paid.
        '"ACC-SINV-2026-00005","CUST-0002","West View Software Ltd.","2026-10-20","2026-11-19","EUR","847.46","1000.00","0.00","Paid","0",""',
        '"ACC-SINV-RET-2026-00002","CUST-0002","West View Software Ltd.","2026-10-26","2026-10-26","EUR","-254.24","-300.00","0.00","Return","1","ACC-SINV-2026-00005"',
        // Discounted with a bank: the customer still owes it.
        '"ACC-SINV-2026-00006","CUST-0003","Palmer Productions","2026-11-20","2026-12-20","EUR","250.00","300.00","300.00","Unpaid and Discounted","0",""',
        '"ACC-SINV-2026-00007","CUST-0003","Palmer Productions","2026-11-21","2026-12-21","EUR","100.00","120.00","120.00","Draft","0",""',
        '"ACC-SINV-2026-00008","CUST-0003","Palmer Productions","2026-11-01","2026-12-01","EUR","50.00","60.00","60.00","Cancelled","0",""',
      ].join('\n'),
    });
    const j = await aging(dir, ['sales-invoice.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.name, c.total])).toEqual([
      ['CUST-0001', 'Grant Plastics Ltd.', '1470.00'],
      ['CUST-0003', 'Palmer Productions', '300.00'],
    ]);
    expect(opens(customer(j, 'EUR', 'CUST-0001'))).toEqual([
      ['ACC-SINV-2026-00001', '1180.00'],
      ['ACC-SINV-2026-00002', '290.00'],
    ]);
    // The draft and the cancelled invoice ignored, said; every other status known.
    expect(j.import.invoices).toMatchObject({ read: 10, used: 8, ignored: 2 });
    expect(j.warnings.filter((w) => w.code === 'unknown_status')).toEqual([]);
    // A return names its invoice: it was used there (§3.1), on its own day; only what is left of an invoice is paid on a day unsaid.
    expect(j.warnings.filter((w) => w.code === 'balance_credit_notes_used')).toEqual([]);
    expect(j.warnings.find((w) => w.code === 'balance_read_as_paid')!.message).toContain('3 invoice(s) paid in part or in full (lines 3, 4, 7)');
    const before = await aging(dir, ['sales-invoice.csv', '--as-of', '2026-10-22', '--lang', 'en']);
    expect(opens(customer(before, 'EUR', 'CUST-0002'))).toEqual([
      ['ACC-SINV-2026-00004', '472.00'],
      ['ACC-SINV-2026-00005', '300.00'],
    ]);
    const r = await run(dir, ['customers', 'sales-invoice.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    const westView = (JSON.parse(r.stdout) as { customers: { id: string; avgDaysToPay: number | null; invoicesSettled: number }[] }).customers.find((c) => c.id === 'CUST-0002');
    // Credited in full five days after it was issued; the others paid on days the file does not say.
    expect(westView).toMatchObject({ avgDaysToPay: 5, invoicesSettled: 1 });
  });

  it('reads ERPNext’s Payment Entry list: a supplier’s payment and an internal transfer are not the receivable’s, one paid out to a customer is a refund', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'sales-invoice.csv': [
        '"ID","Customer","Customer Name","Date","Payment Due Date","Currency","Grand Total","Outstanding Amount","Status"',
        '"ACC-SINV-2026-00001","CUST-0001","Grant Plastics Ltd.","2026-08-10","2026-09-09","EUR","1180.00","1180.00","Overdue"',
        '"ACC-SINV-2026-00002","CUST-0001","Grant Plastics Ltd.","2026-09-15","2026-10-15","EUR","590.00","290.00","Partly Paid"',
        '"ACC-SINV-2026-00003","CUST-0002","West View Software Ltd.","2026-10-01","2026-10-31","EUR","2360.00","0.00","Paid"',
      ].join('\n'),
      // The invoices each payment pays are in a table of their own, which the list does not carry: `Reference No` is the bank's.
      'payment-entry.csv': [
        '"ID","Payment Type","Posting Date","Mode of Payment","Party Type","Party","Party Name","Paid Amount","Received Amount","Reference No","Status"',
        '"ACC-PAY-2026-00001","Receive","2026-10-02","Wire Transfer","Customer","CUST-0001","Grant Plastics Ltd.","300.00","300.00","TRF-8841","Submitted"',
        '"ACC-PAY-2026-00002","Pay","2026-10-05","Wire Transfer","Supplier","SUP-0001","Eagle Hardware","800.00","800.00","","Submitted"',
        '"ACC-PAY-2026-00003","Receive","2026-10-07","Cash","Customer","CUST-0002","West View Software Ltd.","2460.00","2460.00","","Submitted"',
        '"ACC-PAY-2026-00004","Receive","2026-10-09","Cash","Customer","CUST-0001","Grant Plastics Ltd.","50.00","50.00","","Cancelled"',
        '"ACC-PAY-2026-00005","Internal Transfer","2026-10-10","Wire Transfer","","","","5000.00","5000.00","","Submitted"',
        // Entered, not posted: not in the books.
        '"ACC-PAY-2026-00007","Receive","2026-11-20","Cash","Customer","CUST-0001","Grant Plastics Ltd.","470.00","470.00","","Draft"',
        // West View paid 100.00 too much: paid back.
        '"ACC-PAY-2026-00006","Pay","2026-11-12","Wire Transfer","Customer","CUST-0002","West View Software Ltd.","100.00","100.00","","Submitted"',
      ].join('\n'),
    });
    const r = await run(dir, ['aging', 'sales-invoice.csv', '--payments', 'payment-entry.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { payments: { read: number; used: number; ignored: number; amounts: { used: Record<string, string> } } } };
    // The supplier's 800.00 is no credit of a customer SUP-0001; West View's refund takes back its overpayment: it owes nothing.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['CUST-0001', '1470.00']]);
    expect(j.currencies.EUR!.total).toBe('1470.00');
    expect(j.import.payments).toMatchObject({ read: 7, used: 3, ignored: 4, amounts: { used: { EUR: '2660.00' } } });
    const codes = j.warnings.map((w) => [w.code, w.line]);
    expect(codes).toContainEqual(['payment_not_customer_ignored', 3]);
    expect(codes).toContainEqual(['payment_transfer_ignored', 6]);
    expect(codes).toContainEqual(['payment_draft_ignored', 7]);
    expect(codes).toContainEqual(['payments_paid_out', 8]);
    expect(j.warnings.filter((w) => w.code === 'unknown_payment_status' || w.code === 'unknown_party_type')).toEqual([]);
    // The 300.00 names no invoice: applied to the oldest, where ERPNext applied it to the second; the customer's balance is the file's.
    expect(j.warnings.filter((w) => w.code === 'balance_credits_placed')).toMatchObject([{ file: 'sales-invoice.csv', line: 2 }]);
    // The direction gives the sign, whatever the file writes: every amount written negative reads the same.
    const negative = readFileSync(join(dir, 'payment-entry.csv'), 'utf8').replace(/"(\d+\.\d\d)","(\d+\.\d\d)"/g, '"-$1","$2"');
    writeFiles(dir, { 'payment-entry-negative.csv': negative });
    const n = await run(dir, ['aging', 'sales-invoice.csv', '--payments', 'payment-entry-negative.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect((JSON.parse(n.stdout) as Aging).currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['CUST-0001', '1470.00']]);
  });

  it('reads Business Central’s customer ledger entries (Dynamics NAV’s), in English and in Dutch: Document No., Posting Date, Remaining Amount, its payments, and a reminder’s fee and a finance charge as owed', async () => {
    const dir = tempDir();
    const rows = [
      '09/01/2026,Invoice,103001,10000,Adatum Corporation,Order 1001,,"1,200.00","1,200.00",0.00,10/01/2026,No',
      '09/15/2026,Invoice,103002,10000,Adatum Corporation,Order 1002,,600.00,600.00,600.00,10/15/2026,Yes',
      '10/01/2026,Payment,2609,10000,Adatum Corporation,Payment 103001,,"-1,200.00","-1,200.00",0.00,10/01/2026,No',
      '10/05/2026,Credit Memo,104001,20000,Trey Research,Return,,-100.00,-100.00,0.00,10/05/2026,No',
      '09/20/2026,Invoice,103003,20000,Trey Research,Order 1003,,500.00,500.00,400.00,10/20/2026,Yes',
      '10/20/2026,Reminder,1001,20000,Trey Research,Reminder fee,,10.00,10.00,10.00,10/30/2026,Yes',
      '10/25/2026,Finance Charge Memo,1002,20000,Trey Research,Interest,,5.00,5.00,5.00,11/04/2026,Yes',
    ];
    const dutch = { Invoice: 'Factuur', Payment: 'Betaling', 'Credit Memo': 'Creditnota', 'Finance Charge Memo': 'Rentefactuur', Reminder: 'Aanmaning', Yes: 'Ja', No: 'Nee' };
    const french = { Invoice: 'Facture', Payment: 'Paiement', 'Credit Memo': 'Avoir', 'Finance Charge Memo': 'Facture d’intérêts', Reminder: 'Relance' };
    writeFiles(dir, {
      'cle.csv': ['Posting Date,Document Type,Document No.,Customer No.,Customer Name,Description,Currency Code,Original Amount,Amount,Remaining Amount,Due Date,Open', ...rows].join('\n'),
      // Its Dutch form: `Openstaand` is there the Yes/No column of whether the entry is open, `Restbedrag` what is left.
      'klantposten.csv': [
        'Boekingsdatum,Documentsoort,Documentnr.,Klantnr.,Klantnaam,Omschrijving,Valutacode,Oorspronkelijk bedrag,Bedrag,Restbedrag,Vervaldatum,Openstaand',
        ...rows.map((r) => r.replace(/\b(Invoice|Payment|Credit Memo|Finance Charge Memo|Reminder|Yes|No)\b/g, (w) => dutch[w as keyof typeof dutch])),
      ].join('\n'),
      // Its types in French, the interest's with its apostrophe (`Facture d’intérêts`).
      'ecritures.csv': [
        'Posting Date,Document Type,Document No.,Customer No.,Customer Name,Description,Currency Code,Original Amount,Amount,Remaining Amount,Due Date,Open',
        ...rows.map((r) => r.replace(/\b(Invoice|Payment|Credit Memo|Finance Charge Memo|Reminder)\b/g, (w) => french[w as keyof typeof french])),
      ].join('\n'),
    });
    for (const file of ['cle.csv', 'klantposten.csv', 'ecritures.csv']) {
      const j = await aging(dir, [file, '--as-of', '2026-11-30', '--lang', 'en']);
      expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
        ['10000', '600.00'],
        ['20000', '415.00'],
      ]);
      expect(opens(customer(j, 'EUR', '20000'))).toEqual([
        ['103003', '400.00'],
        ['1001', '10.00'],
        ['1002', '5.00'],
      ]);
      expect(j.import.invoices).toMatchObject({ read: 7, used: 7, rejected: 0 });
    }
  });

  it('reads an unsigned amount by its side (Sage’s and EBP’s `Montant;Sens`): a credit (C) is a credit note, or a payment in a bank journal', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'compte.csv': [
        'Compte;Journal;Date;Pièce;Échéance;Libellé;Montant;Sens',
        '411DUP;VT;01/09/2026;F201;01/10/2026;Facture F201;1 000,00;D',
        '411DUP;VT;10/09/2026;AV12;10/09/2026;Avoir sur F201;100,00;C',
        '411DUP;BQ1;05/10/2026;R55;05/10/2026;Virement Dupuis;500,00;C',
        '411DUP;BQ1;08/10/2026;R56;08/10/2026;Rejet de prélèvement;200,00;D',
        '411MAR;VT;15/09/2026;F202;15/10/2026;Facture F202;300,00;Débit',
        '411MAR;VT;20/09/2026;F203;20/10/2026;Facture F203;50,00;X',
      ].join('\n'),
    });
    const j = await agingWarned(dir, ['compte.csv', '--as-of', '2026-11-30', '--lang', 'en', '--skip-invalid']);
    // 1,000.00 − 100.00 (the credit note) − 500.00 (the transfer) + 200.00 (the debit returned, owed again) = 600.00.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['411DUP', '600.00'],
      ['411MAR', '300.00'],
    ]);
    expect(j.import.invoices).toMatchObject({ read: 6, rejected: 1 });
    const r = await run(dir, ['aging', 'compte.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(r.stderr).toContain('compte.csv:7: column "Sens": value "X" is neither D (debit) nor C (credit)');
  });

  it('reads a payments file’s `Sens` (D or C) as each amount’s side, whichever account’s lines it lists (the customer’s or the bank’s)', async () => {
    const dir = tempDir();
    const invoices = ['N° facture;Code client;Date;Échéance;Montant TTC', 'F1;DUP;01/09/2026;01/10/2026;1 000,00', 'F2;DUP;05/09/2026;05/10/2026;400,00', 'F3;MAR;05/09/2026;05/10/2026;700,00'];
    // The customer account's lines: a payment is a credit, a cheque returned unpaid a debit (owed again).
    const lines = [
      '02/10/2026;DUP;F1;Virement Dupuis;1 000,00;C',
      '06/10/2026;DUP;F2;Chèque Dupuis;400,00;C',
      '15/10/2026;DUP;F2;Chèque impayé Dupuis;400,00;D',
      '07/10/2026;MAR;F3;Virement Martin;700,00;C',
    ];
    writeFiles(dir, {
      'factures.csv': invoices.join('\n'),
      'client.csv': ['Date;Compte;Pièce;Libellé;Montant;Sens', ...lines].join('\n'),
      // The bank's lines of the same: the other way round.
      'banque.csv': ['Date;Compte;Pièce;Libellé;Montant;Sens', ...lines.map((l) => l.replace(/;C$/, ';X').replace(/;D$/, ';C').replace(/;X$/, ';D'))].join('\n'),
    });
    for (const file of ['client.csv', 'banque.csv']) {
      const j = await agingWarned(dir, ['factures.csv', '--payments', file, '--as-of', '2026-11-30', '--lang', 'en']);
      // Were the returned cheque a payment too, DUP would be 400.00 in credit.
      expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['DUP', '400.00']]);
      // F2 was paid; the cheque returned is owed again from its own day, a debit of its own, named by its line (§1.7).
      expect(opens(customer(j, 'EUR', 'DUP'))).toEqual([['4', '400.00']]);
      // The customer's lines are its credits: said as such, not as amounts written negative.
      const reversed = j.warnings.filter((w) => w.code === 'payments_written_negative').map((w) => w.message);
      expect(reversed).toEqual(file === 'client.csv' ? [expect.stringContaining("3 of the file's 4 amounts are credits (C in its side column) (the first on line 2)")] : []);
    }
  });

  it('says the invoices whose due dates are assumed (the default terms), and reads a due date written `Échue le`', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'echue.csv': ['Facture;Client;Émise le;Échue le;Montant', 'F1;DUP;01/09/2026;15/09/2026;100,00', 'F2;MAR;01/09/2026;15/09/2026;200,00'].join('\n'),
      'sans.csv': ['Facture;Client;Émise le;Montant', 'F1;DUP;01/09/2026;100,00', 'F2;MAR;01/09/2026;200,00'].join('\n'),
      'clients.csv': ['Code client;Nom;Conditions de paiement', 'DUP;Dupont;45 jours'].join('\n'),
    });
    const read = await agingWarned(dir, ['echue.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(read.currencies.EUR!.customers.flatMap((c) => c.invoices.map((i) => [i.number, i.dueDate]))).toEqual([
      ['F2', '2026-09-15'],
      ['F1', '2026-09-15'],
    ]);
    expect(read.warnings.map((w) => w.code)).not.toContain('due_by_default_terms');
    const assumed = await agingWarned(dir, ['sans.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(assumed.warnings.filter((w) => w.code === 'due_by_default_terms')).toMatchObject([{ file: 'sans.csv', line: 2 }]);
    expect(assumed.warnings.find((w) => w.code === 'due_by_default_terms')!.message).toContain(
      '2 invoice(s) of a file with no column of due dates, nor terms of their own or of their customer, are due by the default terms, "30" (lines 2, 3)',
    );
    // A customer's terms are no assumption: only MAR's invoice is said.
    const termed = await agingWarned(dir, ['sans.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--lang', 'fr']);
    expect(termed.warnings.filter((w) => w.code === 'due_by_default_terms').map((w) => w.message)).toEqual([
      'sans.csv:3 : 1 facture(s) d’un fichier sans colonne d’échéances, ni conditions de paiement propres ou de leur client, sont dues selon les conditions par défaut, « 30 » (lignes 3) : leur âge est supposé ; donnez les échéances, ou les conditions des clients dans le fichier clients (dueDateDerived en JSON)',
    ]);
  });

  it('reads an échéancier: an invoice’s installments, each owed by its own due date; a payment or a dispute naming the invoice names them all', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'echeancier.csv': [
        'N° pièce;Code client;Date pièce;Échéance;Montant',
        'F100;DUPONT;15/08/2026;15/09/2026;100,00',
        'F101;DUPONT;01/09/2026;01/10/2026;500,00',
        'F101;DUPONT;01/09/2026;01/11/2026;500,00',
        'F101;DUPONT;01/09/2026;01/12/2026;500,00',
      ].join('\n'),
      'reglements.csv': ['Date;Client;Montant;Facture', '02/10/2026;DUPONT;500,00;F101', '03/11/2026;DUPONT;300,00;F101'].join('\n'),
    });
    const j = await agingWarned(dir, ['echeancier.csv', '--payments', 'reglements.csv', '--as-of', '2026-12-15', '--lang', 'en']);
    // The second installment is 44 days late on what is left of it; the third, 14; F100 was never named.
    expect(customer(j, 'EUR', 'DUPONT').invoices.map((i) => [i.number, i.open, i.daysPastDue])).toEqual([
      ['F100', '100.00', 91],
      ['F101 (2)', '200.00', 44],
      ['F101 (3)', '500.00', 14],
    ]);
    expect(j.warnings.filter((w) => w.code === 'installments_read')).toMatchObject([{ file: 'echeancier.csv', line: 4 }]);
    expect(j.import.invoices).toMatchObject({ read: 4, used: 4, rejected: 0 });
    const d = await run(dir, ['dispute', 'F101', '--reason', 'livraison incomplète', '--journal', 'ar.db', '--lang', 'en']);
    expect(d.code).toBe(0);
    const held = await agingWarned(dir, ['echeancier.csv', '--payments', 'reglements.csv', '--as-of', '2026-12-15', '--journal', 'ar.db', '--lang', 'en']);
    expect(customer(held, 'EUR', 'DUPONT').disputed).toBe('700.00');
    // What the invoice leaves unpaid is what its installments do.
    const impact = await run(dir, [
      'impact',
      'F101',
      '--invoices',
      'echeancier.csv',
      '--payments',
      'reglements.csv',
      '--as-of',
      '2026-12-15',
      '--revenue',
      '1200000',
      '--margin',
      '5%',
      '--format',
      'json',
    ]);
    expect(JSON.parse(impact.stdout)).toMatchObject({ invoice: 'F101', unpaid: '700.00' });
  });

  it('reads an amount in its row’s currency: the document’s beside the firm’s (QuickBooks’ Foreign Amount), and refuses one the header says converted', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // QuickBooks Online with multicurrency: Amount and Open Balance in the firm's EUR, the invoice's own beside them.
      'qbo.csv': [
        'Date,Transaction Type,Num,Customer,Due Date,Currency,Exchange Rate,Amount,Foreign Amount,Open Balance,Foreign Open Balance',
        '2026-09-01,Invoice,1001,Acme Inc,2026-10-01,USD,0.9,900.00,1000.00,450.00,500.00',
        '2026-09-05,Invoice,1002,Dupont SARL,2026-10-05,EUR,1,500.00,500.00,500.00,500.00',
      ].join('\n'),
      'received.csv': ['Date,Customer,Invoice,Currency,Amount,Foreign Amount', '2026-10-10,Acme Inc,1001,USD,450.00,500.00'].join('\n'),
      // A report's amounts converted to the firm's currency, beside each invoice's currency.
      'converted.csv': ['Invoice,Customer,Date,Due date,Currency,Total (EUR)', 'A1,Acme Inc,2026-09-01,2026-10-01,USD,900.00', 'A2,Dupont SARL,2026-09-05,2026-10-05,EUR,500.00'].join('\n'),
    });
    const j = await aging(dir, ['qbo.csv', '--payments', 'received.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(j, 'USD', 'Acme Inc'))).toEqual([['1001', '500.00']]);
    expect(opens(customer(j, 'EUR', 'Dupont SARL'))).toEqual([['1002', '500.00']]);
    // Without the payments, the file's own balance, in the invoice's currency, is what is left.
    const alone = await agingWarned(dir, ['qbo.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(alone, 'USD', 'Acme Inc'))).toEqual([['1001', '500.00']]);

    const r = await run(dir, ['aging', 'converted.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('converted.csv:2: column "Total (EUR)": value "900.00" is in EUR on a row in USD: its amount in USD is not in the file');
    const fr = await run(dir, ['aging', 'converted.csv', '--as-of', '2026-11-30', '--lang', 'fr', '--skip-invalid', '--format', 'json']);
    expect(fr.code).toBe(0);
    expect(JSON.parse(fr.stdout).import.invoices).toMatchObject({ read: 2, used: 1, rejected: 1 });
  });

  it('reads Odoo’s signed totals as the firm’s currency: its own rows read, a row in another currency refused (amount) or its balance not read (said)', async () => {
    const dir = tempDir();
    const head = 'Number,Partner,Invoice Date,Due Date,Currency';
    writeFiles(dir, {
      // Only the company-currency columns: the USD invoice's amount in USD is not in the file.
      'signed.csv': [
        `${head},Total Signed,Amount Due Signed,Status,Payment Status`,
        'INV/2026/0001,Dupont SARL,2026-09-01,2026-10-01,EUR,"1,000.00",400.00,Posted,Partially Paid',
        'INV/2026/0002,Acme Inc,2026-09-05,2026-10-05,USD,900.00,900.00,Posted,Not Paid',
      ].join('\n'),
      // The document's amount beside them: read; its balance, in EUR on a USD row, is not, said.
      'both.csv': [
        `${head},Total Signed,Total in Currency Signed,Amount Due Signed,Status,Payment Status`,
        'INV/2026/0001,Dupont SARL,2026-09-01,2026-10-01,EUR,"1,000.00","1,000.00",400.00,Posted,Partially Paid',
        'INV/2026/0002,Acme Inc,2026-09-05,2026-10-05,USD,900.00,"1,000.00",450.00,Posted,Partially Paid',
      ].join('\n'),
      // Odoo's French export.
      'fr.csv': [
        "Numéro;Partenaire;Date de facturation;Date d'échéance;Total signé;Montant dû signé;Statut;État du paiement",
        'FAC/2026/0001;Dupont SARL;01/09/2026;01/10/2026;1 000,00;400,00;Comptabilisé;Partiellement payé',
      ].join('\n'),
    });
    const r = await run(dir, ['aging', 'signed.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('signed.csv:3: column "Total Signed": value "900.00" is in EUR on a row in USD: its amount in USD is not in the file');
    const both = await agingWarned(dir, ['both.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(both, 'EUR', 'Dupont SARL'))).toEqual([['INV/2026/0001', '400.00']]);
    // Its balance not read, the invoice is open whole: said, not taken for 450.00 USD left.
    expect(opens(customer(both, 'USD', 'Acme Inc'))).toEqual([['INV/2026/0002', '1000.00']]);
    expect(both.warnings.filter((w) => w.code === 'balance_in_other_currency')).toMatchObject([
      { file: 'both.csv', line: 3, column: 'Amount Due Signed', message: expect.stringContaining('1 balance(s) are in EUR on rows in another currency (first in USD; lines 3)') },
    ]);
    const fr = await agingWarned(dir, ['fr.csv', '--as-of', '2026-11-30', '--lang', 'fr']);
    expect(opens(customer(fr, 'EUR', 'Dupont SARL'))).toEqual([['FAC/2026/0001', '400.00']]);
    // Its payments' `Amount Signed` is the firm's too: a payment in USD is refused, one in EUR read.
    writeFiles(dir, {
      'pay.csv': [
        'Date,Number,Journal,Customer/Vendor,Currency,Amount Signed,Status,Reconciled Invoices',
        '2026-10-05,PBNK1/2026/0001,Bank,Dupont SARL,EUR,600.00,Posted,INV/2026/0001',
        '2026-10-06,PBNK1/2026/0002,Bank,Acme Inc,USD,450.00,Posted,INV/2026/0002',
      ].join('\n'),
    });
    const pay = await run(dir, ['aging', 'both.csv', '--payments', 'pay.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(pay.code).toBe(2);
    expect(pay.stderr).toContain('pay.csv:3: column "Amount Signed": value "450.00" is in EUR on a row in USD: its amount in USD is not in the file');
  });

  it('reads a refund by its sign: Business Central’s, above zero beside credits below, is money paid back (owed again); an unsigned file’s is a credit note, said when nothing tells', async () => {
    const dir = tempDir();
    // Trey Research returned goods (a credit memo of 100.00) and was paid that back (a refund): 103003 is owed whole,
    // as Business Central's own Remaining Amount says. Read as a credit note, the refund took 100.00 more off it.
    const rows = [
      '09/20/2026,Invoice,103003,20000,Trey Research,Order 1003,,500.00,500.00,500.00,10/20/2026,Yes',
      '10/05/2026,Credit Memo,104001,20000,Trey Research,Return,,-100.00,-100.00,0.00,10/05/2026,No',
      '10/08/2026,Refund,2701,20000,Trey Research,Refund of 104001,,100.00,100.00,0.00,10/08/2026,No',
      '09/01/2026,Invoice,103001,10000,Adatum Corporation,Order 1001,,"1,200.00","1,200.00",0.00,10/01/2026,No',
      '10/01/2026,Payment,2609,10000,Adatum Corporation,Payment 103001,,"-1,200.00","-1,200.00",0.00,10/01/2026,No',
    ];
    const words = { Invoice: 'Factuur', Payment: 'Betaling', 'Credit Memo': 'Creditnota', Refund: 'Terugbetaling', Yes: 'Ja', No: 'Nee' };
    writeFiles(dir, {
      'cle.csv': ['Posting Date,Document Type,Document No.,Customer No.,Customer Name,Description,Currency Code,Original Amount,Amount,Remaining Amount,Due Date,Open', ...rows].join('\n'),
      'klantposten.csv': [
        'Boekingsdatum,Documentsoort,Documentnr.,Klantnr.,Klantnaam,Omschrijving,Valutacode,Oorspronkelijk bedrag,Bedrag,Restbedrag,Vervaldatum,Openstaand',
        ...rows.map((r) => r.replace(/\b(Invoice|Payment|Credit Memo|Refund|Yes|No)\b/g, (w) => words[w as keyof typeof words])),
      ].join('\n'),
      // A customer account's two sides (`Débit;Crédit`): a refund on the debit side is money paid back, whatever else.
      'compte.csv': [
        'Date;Type;Pièce;Client;Débit;Crédit',
        '20/09/2026;Facture;103003;Trey Research;500,00;',
        '05/10/2026;Avoir;104001;Trey Research;;100,00',
        '08/10/2026;Remboursement;2701;Trey Research;100,00;',
      ].join('\n'),
    });
    for (const file of ['cle.csv', 'klantposten.csv', 'compte.csv']) {
      const j = await agingWarned(dir, [file, '--as-of', '2026-11-30', '--lang', 'en']);
      expect(opens(customer(j, 'EUR', file === 'compte.csv' ? 'Trey Research' : '20000'))).toEqual([['103003', '500.00']]);
      // The file's own balances agree: nothing said of them.
      expect(j.warnings.map((w) => w.code)).not.toContain('balance_differs');
      // Before the refund, the credit memo was the customer's, and took 100.00 off 103003.
      const before = await agingWarned(dir, [file, '--as-of', '2026-10-06', '--lang', 'en']);
      expect(opens(customer(before, 'EUR', file === 'compte.csv' ? 'Trey Research' : '20000'))).toEqual([['103003', '400.00']]);
    }

    // Odoo's older exports call a credit note a refund, amounts unsigned: there it is a credit note.
    writeFiles(dir, {
      'odoo.csv': [
        'Number,Partner,Type,Invoice Date,Due Date,Total',
        'INV/001,Azure Interior,Customer Invoice,2026-09-01,2026-10-01,1000.00',
        'RINV/001,Azure Interior,Refund,2026-09-10,2026-09-10,200.00',
        'RINV/002,Azure Interior,Credit Note,2026-09-12,2026-09-12,50.00',
      ].join('\n'),
      'refunds.csv': [
        'Number,Partner,Type,Invoice Date,Due Date,Total',
        'INV/001,Azure Interior,Customer Invoice,2026-09-01,2026-10-01,1000.00',
        'RINV/001,Azure Interior,Refund,2026-09-10,2026-09-10,200.00',
      ].join('\n'),
    });
    const odoo = await agingWarned(dir, ['odoo.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(odoo, 'EUR', 'Azure Interior'))).toEqual([['INV/001', '750.00']]);
    expect(odoo.warnings.map((w) => w.code)).not.toContain('refunds_as_credit_notes');
    // Nothing else to tell which: a credit note, said.
    const alone = await agingWarned(dir, ['refunds.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(alone, 'EUR', 'Azure Interior'))).toEqual([['INV/001', '800.00']]);
    expect(alone.warnings.filter((w) => w.code === 'refunds_as_credit_notes')).toMatchObject([{ file: 'refunds.csv', line: 3 }]);
    expect(alone.warnings.find((w) => w.code === 'refunds_as_credit_notes')!.message).toContain('1 refund(s) of an amount above zero are read as credit notes (lines 3)');
  });

  it('reads Odoo’s list of invoices without payments: Amount Due (Montant dû) is what is left, and a credit note used counts for what is left of it', async () => {
    const dir = tempDir();
    const rows = [
      '"INV/2026/00001","Azure Interior","2026-09-01","2026-10-01","1000.0","1200.0","0.0","Posted","Paid"',
      '"INV/2026/00002","Azure Interior","2026-09-15","2026-10-15","500.0","600.0","600.0","Posted","Not Paid"',
      '"INV/2026/00003","Deco Addict","2026-09-20","2026-10-20","2000.0","2400.0","1400.0","Posted","Partially Paid"',
      '"INV/2026/00004","Deco Addict","2026-10-01","2026-10-31","100.0","120.0","0.0","Posted","In Payment"',
      // Its refund, reconciled with INV/2026/00003: that invoice's 1,400.00 counts it.
      '"RINV/2026/00001","Deco Addict","2026-10-05","2026-10-05","-250.0","-300.0","0.0","Posted","Paid"',
      '"INV/2026/00005","Gemini Furniture","2026-10-10","2026-11-09","200.0","240.0","240.0","Cancelled","Not Paid"',
      '"INV/2026/00006","Gemini Furniture","2026-10-12","2026-11-11","300.0","360.0","0.0","Posted","Reversed"',
      '"RINV/2026/00002","Gemini Furniture","2026-10-13","2026-10-13","-300.0","-360.0","0.0","Posted","Paid"',
      // A refund partly used: 100.00 of it left, the customer's credit.
      '"RINV/2026/00003","Gemini Furniture","2026-10-20","2026-10-20","-250.0","-300.0","-100.0","Posted","Partially Paid"',
      '"/","Gemini Furniture","2026-10-20","2026-11-19","50.0","60.0","60.0","Draft","Not Paid"',
    ];
    writeFiles(dir, {
      'odoo.csv': ['"Number","Invoice Partner Display Name","Invoice/Bill Date","Due Date","Tax Excluded","Total","Amount Due","Status","Payment Status"', ...rows].join('\n'),
      'odoo-fr.csv': ['"Numéro","Client","Date de facturation","Date d\'échéance","Hors taxes","Total","Montant dû","Statut","État du paiement"', ...rows].join('\n'),
    });
    for (const file of ['odoo.csv', 'odoo-fr.csv']) {
      const j = await aging(dir, [file, '--as-of', '2026-11-30', '--lang', 'en']);
      // Every document at its Amount Due: the file's own state (were the refunds read whole, Deco Addict would owe 1,100.00).
      expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
        ['Deco Addict', '1400.00'],
        ['Azure Interior', '600.00'],
        ['Gemini Furniture', '-100.00'],
      ]);
      expect(j.warnings.filter((w) => w.code === 'balance_credit_notes_used')).toMatchObject([
        { line: 6, message: expect.stringContaining('3 credit note(s) whose balance is below their amount (lines 6, 9, 10)') },
      ]);
      // What was used of them, the sum that reconciles the file's amounts with the aged balance: 300.00 + 360.00 + 200.00.
      expect(j.warnings.find((w) => w.code === 'balance_credit_notes_used')!.message).toContain('whose balances count it (860.00 EUR)');
      expect(j.warnings.filter((w) => w.code === 'balance_not_read_as_paid' || w.code === 'unknown_status')).toEqual([]);
    }
    // Without Amount Due: the Payment Status says what was paid, the Status what each document is (Cancelled, Draft).
    writeFiles(dir, {
      'odoo-states.csv': [
        '"Number","Invoice Partner Display Name","Invoice/Bill Date","Due Date","Tax Excluded","Total","Status","Payment Status"',
        ...rows.filter((r) => !r.includes('RINV/2026/00003')).map((r) => r.replace(/,"-?[\d.]+","(Posted|Cancelled|Draft)"/, ',"$1"')),
      ].join('\n'),
    });
    const states = await aging(dir, ['odoo-states.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // INV/2026/00003, partly paid, how much unsaid: owed in full, said; the refunds said paid were used in full.
    expect(states.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([
      ['Deco Addict', '2400.00'],
      ['Azure Interior', '600.00'],
    ]);
    expect(
      states.warnings
        .map((w) => w.code)
        .filter((c) => c.startsWith('status_'))
        .sort(),
    ).toEqual(['status_credit_notes_used', 'status_partly_paid_owed', 'status_read_as_paid']);
    expect(states.warnings.find((w) => w.code === 'status_read_as_paid')!.message).toContain('column "Payment Status"');
  });

  it('reads Xero’s invoices export: the contact as the customer, Sales invoice and Sales credit note as types, InvoiceAmountPaid, Voided', async () => {
    const dir = tempDir();
    const header =
      '*ContactName,EmailAddress,*InvoiceNumber,Reference,*InvoiceDate,*DueDate,Total,TaxTotal,InvoiceAmountPaid,InvoiceAmountDue,*Description,*Quantity,LineAmount,*AccountCode,Currency,Type,Status';
    writeFiles(dir, {
      'xero.csv': [
        header,
        'Dupont SARL,compta@dupont.fr,INV-0101,PO-77,01/09/2026,01/10/2026,1200.00,200.00,1200.00,0.00,Consulting,2.0000,800.00,200,EUR,Sales invoice,Paid',
        'Dupont SARL,compta@dupont.fr,INV-0101,PO-77,01/09/2026,01/10/2026,1200.00,200.00,1200.00,0.00,Travel,1.0000,200.00,200,EUR,Sales invoice,Paid',
        'Dupont SARL,compta@dupont.fr,INV-0102,PO-78,15/09/2026,15/10/2026,600.00,100.00,0.00,600.00,Consulting,1.0000,500.00,200,EUR,Sales invoice,Awaiting Payment',
        'Lambert SA,ap@lambert.be,INV-0103,,01/10/2026,31/10/2026,480.00,80.00,200.00,280.00,Licence,4.0000,400.00,200,EUR,Sales invoice,Awaiting Payment',
        'Lambert SA,ap@lambert.be,CN-0001,,05/10/2026,05/10/2026,-120.00,-20.00,0.00,-120.00,Refund,1.0000,-100.00,200,EUR,Sales credit note,Awaiting Payment',
        'Lambert SA,ap@lambert.be,INV-0104,,10/10/2026,09/11/2026,120.00,20.00,0.00,120.00,Licence,1.0000,100.00,200,EUR,Sales invoice,Voided',
      ].join('\n'),
      'nobody.csv': [
        header.replace('*ContactName', '*Nobody'),
        'Dupont SARL,compta@dupont.fr,INV-0101,PO-77,01/09/2026,01/10/2026,1200.00,200.00,0.00,1200.00,Consulting,2.0000,800.00,200,EUR,Sales invoice,Sent',
      ].join('\n'),
    });
    const r = await run(dir, ['aging', 'xero.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging;
    expect(opens(customer(j, 'EUR', 'Dupont SARL'))).toEqual([['INV-0102', '600.00']]);
    // Lambert: 480.00 less 200.00 paid, less the credit note's 120.00 (allocated to the oldest invoice, SPEC §3).
    expect(customer(j, 'EUR', 'Lambert SA').total).toBe('160.00');
    expect(j.warnings.map((w) => w.code)).toEqual(expect.arrayContaining(['invoice_lines_merged', 'cancelled_ignored', 'paid_without_date']));
    expect(j.warnings.filter((w) => w.code === 'not_a_document_type')).toEqual([]);
    // Xero's contacts, their account number left blank: each customer known by its name, the invoices' key.
    writeFiles(dir, {
      'contacts.csv': [
        '*ContactName,AccountNumber,EmailAddress,FirstName,LastName,POCity',
        'Dupont SARL,,compta@dupont.fr,Jean,Dupont,Paris',
        'Lambert SA,,ap@lambert.be,Marie,Lambert,Bruxelles',
      ].join('\n'),
    });
    const withContacts = await run(dir, ['customers', 'xero.csv', '--customers', 'contacts.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(withContacts.code).toBe(0);
    const listed = JSON.parse(withContacts.stdout) as { customers: { id: string }[]; problems: { code: string; line: number }[] };
    expect(listed.customers.map((c) => c.id)).toEqual(['Dupont SARL', 'Lambert SA']);
    expect(listed.problems.filter((p) => p.code === 'customers_by_name')).toMatchObject([{ line: 2 }]);
    // Every customer of the invoices is one of the file's, and the file's are the invoices'.
    expect(listed.problems.filter((p) => ['customers_missing_from_file', 'customers_not_in_ledger', 'customers_matched_by_name'].includes(p.code))).toEqual([]);
    // No column names the customer: said as such, not as an empty column of a field's inner name.
    const nobody = await run(dir, ['aging', 'nobody.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toContain('nobody.csv:2: no customer: the file has no column that names one (customer, client, code client, customer name, contact name…)');
    expect(nobody.stderr).not.toContain('customerName');
  });

  it('reads a bank’s export with its time zone and VAT in its headers (Qonto’s): Date de l’opération (UTC), Montant total (TTC); Exécutée booked, En attente and Refusée not', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252('N° facture;Client;Date facture;Échéance;Montant TTC\r\nFA-001;Dupont SA;01/09/2026;01/10/2026;1 200,00\r\nFA-002;Martin SARL;05/09/2026;05/10/2026;600,00\r\n'),
      'qonto.csv': [
        "Statut,Date de la valeur (UTC),Date de l'opération (UTC),Montant total (TTC),Devise,Nom de la contrepartie,Moyen de paiement,ID de transaction,Référence",
        'Exécutée,2026-10-03 08:12:00,2026-10-03 08:12:00,1200.00,EUR,DUPONT SA,Virement,tx-1,Facture FA-001',
        'Exécutée,2026-10-04 09:00:00,2026-10-04 09:00:00,-45.20,EUR,OVH,Carte,tx-2,',
        'En attente,2026-11-29 10:00:00,2026-11-29 10:00:00,600.00,EUR,MARTIN SARL,Virement,tx-3,FA-002',
        'Refusée,2026-10-20 10:00:00,2026-10-20 10:00:00,600.00,EUR,MARTIN SARL,Prélèvement,tx-4,FA-002',
      ].join('\n'),
    });
    const out = await agingWarned(dir, ['factures.csv', '--payments', 'qonto.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(out.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['Martin SARL', '600.00']]);
    expect(out.import.payments).toMatchObject({ read: 4, used: 1, ignored: 3 });
    expect(out.warnings.filter((w) => w.code === 'bank_credits_not_booked')).toMatchObject([{ message: expect.stringContaining('(lines 4, 5)') }]);
  });

  it('reads a payment processor’s export that names no customer (Mollie’s) as a bank’s, by the payments’ words: failed, charged back, open are no money received', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'invoices.csv': [
        'Invoice,Customer,Invoice date,Due date,Amount',
        'F-2026-001,Bakkerij Peeters,2026-09-01,2026-10-01,121.00',
        'F-2026-002,Janssens NV,2026-09-05,2026-10-05,242.00',
        'F-2026-003,Bakkerij Peeters,2026-09-10,2026-10-10,60.50',
      ].join('\n'),
      'mollie.csv': [
        '"ID","Date","Payment method","Currency","Amount","Status","Description","Consumer name","Consumer bank account","Settlement amount"',
        '"tr_1","2026-10-02 14:03:11","bancontact","EUR","121.00","paid","Factuur F-2026-001","Bakkerij Peeters","BE68539007547034","120.61"',
        '"tr_2","2026-10-06 09:00:00","ideal","EUR","242.00","failed","Factuur F-2026-002","Janssens NV","","0.00"',
        '"tr_3","2026-10-07 10:00:00","banktransfer","EUR","242.00","paid","Factuur F-2026-002","Janssens NV","BE71096123456769","241.20"',
        '"tr_4","2026-10-12 11:00:00","creditcard","EUR","60.50","charged_back","Factuur F-2026-003","Bakkerij Peeters","","0.00"',
        '"tr_5","2026-11-12 11:00:00","bancontact","EUR","60.50","open","Factuur F-2026-003","Bakkerij Peeters","","0.00"',
        '"tr_6","2026-11-13 11:00:00","bancontact","EUR","10.00","weird","Factuur F-2026-003","Bakkerij Peeters","","0.00"',
      ].join('\n'),
    });
    const j = await agingWarned(dir, ['invoices.csv', '--payments', 'mollie.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // Each failed, charged back or unmade payment counted as received would have left Janssens 242.00 in credit and F-2026-003 paid.
    expect(j.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['Bakkerij Peeters', '50.50']]);
    expect(j.import.payments).toMatchObject({ read: 6, used: 3, ignored: 3 });
    expect(j.warnings.filter((w) => w.code === 'bank_credits_not_booked')).toMatchObject([{ line: 3, message: expect.stringContaining('(lines 3, 5, 6)') }]);
    // An unknown word is said once, and the line read as booked, as a payments file's.
    expect(j.warnings.filter((w) => w.code === 'unknown_payment_status')).toMatchObject([{ line: 7, column: 'Status', value: 'weird' }]);
  });

  it('reads a direct debit’s payments (GoCardless’): charge_date, not created_at; paid_out and confirmed received, failed and customer_approval_denied not, pending_submission on its way', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'invoices.csv': [
        'Invoice,Customer,Invoice date,Due date,Amount',
        'INV-1,ACME SAS,2026-09-01,2026-10-01,120.00',
        'INV-2,Beta SPRL,2026-09-05,2026-10-05,240.00',
        'INV-3,ACME SAS,2026-09-10,2026-10-10,60.00',
        'INV-4,Beta SPRL,2026-09-10,2026-10-10,30.00',
      ].join('\n'),
      'gc.csv': [
        'id,created_at,charge_date,amount,description,currency,status,amount_refunded,reference,customers.company_name',
        'PM001,2026-09-25T10:00:00.000Z,2026-10-01,120.00,INV-1,EUR,paid_out,0.00,INV-1,ACME SAS',
        'PM002,2026-09-28T10:00:00.000Z,2026-10-05,240.00,INV-2,EUR,failed,0.00,INV-2,Beta SPRL',
        'PM003,2026-10-01T10:00:00.000Z,2026-10-10,60.00,INV-3,EUR,confirmed,0.00,INV-3,ACME SAS',
        'PM004,2026-11-25T10:00:00.000Z,2026-11-28,30.00,INV-4,EUR,pending_submission,0.00,INV-4,Beta SPRL',
        'PM005,2026-10-01T10:00:00.000Z,2026-10-12,240.00,INV-2,EUR,customer_approval_denied,0.00,INV-2,Beta SPRL',
      ].join('\n'),
    });
    const out = await agingWarned(dir, ['invoices.csv', '--payments', 'gc.csv', '--as-of', '2026-11-27', '--lang', 'en']);
    // The debit of INV-4 is collected on 28 November: not yet, as of the 27th (§2).
    expect(opens(customer(out, 'EUR', 'Beta SPRL'))).toEqual([
      ['INV-2', '240.00'],
      ['INV-4', '30.00'],
    ]);
    expect(out.currencies.EUR!.customers.map((c) => c.id)).toEqual(['Beta SPRL']);
    expect(out.import.payments).toMatchObject({ read: 5, used: 3, ignored: 2 });
    expect(out.warnings.map((w) => [w.code, w.line])).toEqual([
      ['payment_not_received_ignored', 3],
      ['payment_not_received_ignored', 6],
      ['payments_pending', 5],
    ]);
  });

  it('reads a payment processor’s payments (Stripe’s): Created (UTC), a failed or refunded payment not received, a part refunded not kept', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'invoices.csv': [
        'Number,Customer,Customer Name,Currency,Date (UTC),Due Date (UTC),Status,Total',
        'ABCD-0001,cus_A,Dupont SARL,eur,2026-09-01 10:22:13,2026-10-01 10:22:13,paid,1200.00',
        'ABCD-0002,cus_A,Dupont SARL,eur,2026-09-15 08:01:55,2026-10-15 08:01:55,open,600.00',
        'ABCD-0005,cus_C,Lambert,eur,2026-10-01 09:00:00,2026-10-31 09:00:00,open,480.00',
      ].join('\n'),
      'payments.csv': [
        'id,Description,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Invoice ID',
        'ch_1,Payment for Invoice,2026-10-20 08:00:00,1200.00,0.00,eur,Paid,cus_A,ABCD-0001',
        'ch_2,Payment for Invoice,2026-10-25 09:00:00,600.00,0.00,eur,Failed,cus_A,ABCD-0002',
        'ch_3,Payment for Invoice,2026-10-26 09:00:00,200.00,200.00,eur,Refunded,cus_C,ABCD-0005',
        'ch_4,Payment for Invoice,2026-10-27 09:00:00,300.00,100.00,eur,Partially refunded,cus_C,ABCD-0005',
        'ch_5,Payment for Invoice,2026-10-28 09:00:00,50.00,50.00,eur,Paid,cus_C,ABCD-0005',
        'ch_6,Payment for Invoice,2026-11-29 09:00:00,100.00,0.00,eur,Pending,cus_A,ABCD-0002',
      ].join('\n'),
    });
    const r = await run(dir, ['aging', 'invoices.csv', '--payments', 'payments.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { payments: { read: number; used: number; ignored: number; amounts: { used: Record<string, string> } } } };
    // ABCD-0002's payment failed: still owed, less the one on its way (a customer who paid is not chased for it).
    // ABCD-0005: 300.00 less 100.00 refunded kept; ch_3 and ch_5 paid back in full.
    expect(opens(customer(j, 'EUR', 'cus_A'))).toEqual([['ABCD-0002', '500.00']]);
    expect(opens(customer(j, 'EUR', 'cus_C'))).toEqual([['ABCD-0005', '280.00']]);
    expect(j.import.payments).toMatchObject({ read: 6, used: 3, ignored: 3, amounts: { used: { EUR: '1500.00' } } });
    expect(j.warnings.filter((w) => w.code === 'payments_pending')).toMatchObject([{ line: 7 }]);
    expect(j.warnings.filter((w) => w.code === 'payment_not_received_ignored')).toMatchObject([{ line: 3, message: expect.stringContaining('"Failed"') }]);
    expect(j.warnings.filter((w) => w.code === 'payment_refunded_ignored').map((w) => w.line)).toEqual([4, 6]);
    expect(j.warnings.filter((w) => w.code === 'payments_partly_refunded')).toMatchObject([{ line: 5, message: expect.stringContaining('(lines 5)') }]);
    expect(j.warnings.filter((w) => w.code === 'unknown_payment_status')).toEqual([]);
    // A row rejected is said so, not said read as received (nor as kept in part).
    writeFiles(dir, {
      'rejected.csv': [
        'id,Description,Created (UTC),Amount,Amount Refunded,Currency,Status,Customer ID,Invoice ID',
        'ch_7,Payment for Invoice,32/13/2026,100.00,0.00,eur,Pending,cus_A,ABCD-0002',
        'ch_8,Payment for Invoice,31/13/2026,300.00,100.00,eur,Partially refunded,cus_C,ABCD-0005',
      ].join('\n'),
    });
    const bad = await run(dir, ['aging', 'invoices.csv', '--payments', 'rejected.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en', '--skip-invalid']);
    const b = JSON.parse(bad.stdout) as Aging;
    expect(b.warnings.filter((w) => w.code === 'payments_pending' || w.code === 'payments_partly_refunded')).toEqual([]);
  });

  it('reads Dolibarr’s invoices without payments: Réf., Tiers, Date limite règlement; Payée paid in full, Payée partiellement owed, said', async () => {
    const dir = tempDir();
    const header = 'Réf.;Réf. client;Tiers;Date facturation;Date limite règlement;Montant HT;Montant TTC;État';
    writeFiles(dir, {
      'factures.csv': cp1252(
        [
          header,
          'FA2609-0001;BC-77;Dupont SARL;01/09/2026;01/10/2026;1 000,00;1 200,00;Payée',
          'FA2609-0002;;Dupont SARL;15/09/2026;15/10/2026;500,00;600,00;Impayée',
          'FA2610-0003;;Lambert;01/10/2026;31/10/2026;400,00;480,00;Payée partiellement',
          'FA2610-0004;;Lambert;05/10/2026;04/11/2026;100,00;120,00;Abandonnée',
          '(PROV5);;Lambert;06/10/2026;05/11/2026;100,00;120,00;Brouillon (à valider)',
        ].join('\r\n'),
      ),
      // One customer, whose orders' references vary: Tiers stays the customer (an auxiliary account, not a general one).
      'avoir.csv': cp1252(
        [header, 'FA2609-0001;BC-1;Dupont SARL;01/09/2026;01/10/2026;1 000,00;1 200,00;Payée', 'AV2609-0001;BC-2;Dupont SARL;20/09/2026;20/09/2026;-100,00;-120,00;Payée partiellement'].join('\r\n'),
      ),
      'avoir-solde.csv': cp1252(
        [
          header,
          'FA2609-0001;;Dupont SARL;01/09/2026;01/10/2026;1 000,00;1 200,00;Payée',
          'AV2609-0001;;Dupont SARL;20/09/2026;20/09/2026;-100,00;-120,00;Payée',
          'FA2609-0002;;Dupont SARL;15/09/2026;15/10/2026;500,00;600,00;Impayée',
        ].join('\r\n'),
      ),
      'reglements.csv': cp1252(['Date;Tiers;Montant;Facture', '10/10/2026;Dupont SARL;200,00;FA2609-0001'].join('\r\n')),
    });
    const j = await aging(dir, ['factures.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // Réf. client is the customer's order reference here, not the customer: Tiers is.
    expect(opens(customer(j, 'EUR', 'Dupont SARL'))).toEqual([['FA2609-0002', '600.00']]);
    expect(opens(customer(j, 'EUR', 'Lambert'))).toEqual([['FA2610-0003', '480.00']]);
    expect(j.currencies.EUR!.writtenOff).toBe('120.00');
    expect(j.warnings.filter((w) => w.code === 'status_read_as_paid')).toMatchObject([{ line: 2, column: 'État' }]);
    expect(j.warnings.filter((w) => w.code === 'status_partly_paid_owed')).toMatchObject([{ line: 4, message: expect.stringContaining('(lines 4)') }]);
    // A credit note said paid in part was used, how much and against what the file does not say: no status is read as paid then.
    const used = await aging(dir, ['avoir.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(used.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['Dupont SARL', '1080.00']]);
    expect(used.warnings.filter((w) => w.code === 'status_not_read_as_paid')).toMatchObject([{ line: 3, message: expect.stringContaining('credit note AV2609-0001 is said paid in part') }]);
    // Said paid, it was used in full against invoices the file does not say (FA2609-0001's status counts it): nothing is left of it.
    const settled = await aging(dir, ['avoir-solde.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(settled.currencies.EUR!.customers.map((c) => [c.id, c.total])).toEqual([['Dupont SARL', '600.00']]);
    expect(settled.warnings.filter((w) => w.code === 'status_credit_notes_used')).toMatchObject([{ line: 3, message: expect.stringContaining('1 credit note(s) the status says paid (lines 3)') }]);
    // Payments given: they say what was paid, not the status.
    const paid = await aging(dir, ['factures.csv', '--payments', 'reglements.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(paid, 'EUR', 'Dupont SARL'))).toEqual([
      ['FA2609-0001', '1000.00'],
      ['FA2609-0002', '600.00'],
    ]);
    // …and a status that says paid an invoice they leave open is said: a payment missing?
    expect(paid.warnings.filter((w) => w.code.startsWith('status_'))).toMatchObject([
      {
        code: 'status_paid_open',
        line: 2,
        column: 'État',
        message: expect.stringContaining("1 invoice(s) the file's status says paid are open as of 30 Nov 2026 by the payments read: FA2609-0001 (lines 2)"),
      },
    ]);
  });

  it('reminds no invoice its status says paid when no payments are given (a list of invoices with their state)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252(
        [
          'Réf.;Tiers;Date facturation;Date limite règlement;Montant TTC;État',
          'FA-1;DUP;01/09/2026;01/10/2026;1 200,00;Payée',
          'FA-2;DUP;15/09/2026;15/10/2026;600,00;Impayée',
          'FA-3;MAR;01/09/2026;01/10/2026;300,00;Payée',
        ].join('\r\n'),
      ),
      'clients.csv': cp1252(['Code client;Nom;Email;Langue', 'DUP;Dupont SARL;compta@dupont.example;fr', 'MAR;Martin;compta@martin.example;fr'].join('\r\n')),
    });
    const r = await run(dir, ['remind', '--invoices', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--format', 'json', '--journal', 'none.db', '--lang', 'en']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { emails: { customer: string; invoices: { number: string }[] }[] };
    expect(plan.emails.map((e) => [e.customer, e.invoices.map((i) => i.number)])).toEqual([['DUP', ['FA-2']]]);
  });

  it('lists in no reminder an invoice the file says paid that counts as owed: paid in part, or said paid when a credit note used in part stops the reading', async () => {
    const dir = tempDir();
    const header = 'Réf.;Tiers;Date facturation;Date limite règlement;Montant TTC;État';
    writeFiles(dir, {
      // DUP: one invoice paid in part (how much unsaid), one unpaid; MAR: its only invoice paid in part.
      'partiel.csv': cp1252(
        [
          header,
          'FA-1;DUP;01/09/2026;01/10/2026;1 200,00;Payée partiellement',
          'FA-2;DUP;15/09/2026;15/10/2026;600,00;Impayée',
          'FA-3;MAR;01/09/2026;01/10/2026;300,00;Payée partiellement',
          'FA-4;DUP;20/11/2026;05/12/2026;900,00;Payée partiellement',
        ].join('\r\n'),
      ),
      // A credit note said paid in part: the statuses are not read as paid, and the invoices said paid count as owed.
      'avoir.csv': cp1252(
        [
          header,
          'FA-1;DUP;01/09/2026;01/10/2026;1 200,00;Payée',
          'AV-1;DUP;20/09/2026;20/09/2026;-120,00;Payée partiellement',
          'FA-2;DUP;15/09/2026;15/10/2026;600,00;Impayée',
          'FA-3;MAR;01/09/2026;01/10/2026;300,00;Payée',
        ].join('\r\n'),
      ),
      'clients.csv': cp1252(['Code client;Nom;Email;Langue', 'DUP;Dupont SARL;compta@dupont.example;fr', 'MAR;Martin;compta@martin.example;fr'].join('\r\n')),
      'ar.json': JSON.stringify({ policy: { courtesyDaysBefore: 7 } }),
    });
    type Plan = {
      emails: { customer: string; kind: string; invoices: { number: string }[]; held: { number: string; reason: string }[] }[];
      skipped: { customer: string; reason: string; overdue: string }[];
    };
    for (const file of ['partiel.csv', 'avoir.csv']) {
      const args = ['remind', '--invoices', file, '--customers', 'clients.csv', '--as-of', '2026-11-30', '--journal', 'none.db', '--config', 'ar.json', '--lang', 'en'];
      const r = await run(dir, [...args, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const plan = JSON.parse(r.stdout) as Plan;
      // FA-4, due in five days, gets no courtesy notice either: what is owed of it is not known.
      expect(plan.emails.map((e) => [e.customer, e.kind, e.invoices.map((i) => i.number)])).toEqual([['DUP', 'reminder', ['FA-2']]]);
      // The e-mail says what it leaves out of the account, and why.
      expect(plan.emails[0]!.held).toEqual([{ number: 'FA-1', reason: 'said_paid' }]);
      expect(plan.skipped).toMatchObject([{ customer: 'MAR', reason: 'said_paid', overdue: '300.00' }]);
      const table = await run(dir, args);
      expect(table.stdout).toMatch(/MAR .*the file says it paid \(in full or in part\), the payments read do not: give them/);
      expect(table.stdout).toContain('Overdue invoices the e-mails do not list\n  DUP Dupont SARL — FA-1 (said paid, in full or in part, by the file)\n');
    }
    // Nor a formal notice on demand.
    const letter = await run(dir, ['letter', 'MAR', '--invoices', 'partiel.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--journal', 'none.db', '--lang', 'en']);
    expect(letter).toMatchObject({ code: 2, stderr: expect.stringContaining('"MAR" has nothing overdue as of this date outside disputes and invoices the ledger says paid: no letter') });
    // Said, in the warnings of every command that reads the file.
    const j = await aging(dir, ['partiel.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(j.warnings.filter((w) => w.code === 'status_partly_paid_owed')).toMatchObject([{ message: expect.stringContaining('(lines 2, 4, 5)') }]);
    expect(j.warnings[0]!.message).toContain('no reminder lists them');
  });

  it('checks what the statuses say was paid against the paid columns beside them: said paid but open, said, and paid in part with nothing paid, held out of the reminders', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      // A list of invoices with the day each was paid (Teamleader's, Henrri's): the paid date says what was paid.
      'facturen.csv': cp1252(
        [
          'Factuurnummer;Klant;Factuurdatum;Vervaldatum;Totaal incl. btw;Status;Betaald op',
          '2026/0101;JAN;01/09/2026;01/10/2026;1.210,00;Betaald;15/10/2026',
          '2026/0102;JAN;15/09/2026;15/10/2026;605,00;Te laat;',
          '2026/0103;JAN;20/09/2026;20/10/2026;300,00;Betaald;',
          '2026/0104;PEE;01/09/2026;01/10/2026;363,00;Gedeeltelijk betaald;',
          '2026/0105;PEE;05/09/2026;05/10/2026;100,00;Te laat;',
        ].join('\r\n'),
      ),
      'klanten.csv': cp1252(['Klantnummer;Naam;Email;Taal', 'JAN;Janssens BV;boekhouding@janssens.example;nl', 'PEE;Peeters NV;info@peeters.example;nl'].join('\r\n')),
    });
    const j = await aging(dir, ['facturen.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    // The paid columns say what was paid: 2026/0103, said paid, is open by them, and said so.
    expect(opens(customer(j, 'EUR', 'JAN'))).toEqual([
      ['2026/0102', '605.00'],
      ['2026/0103', '300.00'],
    ]);
    expect(j.warnings.filter((w) => w.code === 'status_paid_open')).toMatchObject([
      { line: 4, column: 'Status', message: expect.stringContaining("1 invoice(s) the file's status says paid are open as of 30 Nov 2026 by the payments read: 2026/0103 (lines 4)") },
    ]);
    expect(j.warnings.filter((w) => w.code === 'status_partly_paid_owed')).toMatchObject([{ line: 5, message: expect.stringContaining('(lines 5)') }]);
    // 2026/0104 is paid in part, how much unsaid, and 2026/0103 said paid: no reminder asks for them; 2026/0102 and 2026/0105 are reminded.
    const r = await run(dir, ['remind', '--invoices', 'facturen.csv', '--customers', 'klanten.csv', '--as-of', '2026-11-30', '--journal', 'none.db', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const plan = JSON.parse(r.stdout) as { emails: { customer: string; invoices: { number: string }[] }[] };
    expect(plan.emails.map((e) => [e.customer, e.invoices.map((i) => i.number)])).toEqual([
      ['JAN', ['2026/0102']],
      ['PEE', ['2026/0105']],
    ]);
  });

  it('reads QuickBooks’ Transaction List by Customer: its Transaction Type is the type when every value is one ar knows (a Payment a payment)', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'transactions.csv': [
        '"Transaction List by Customer"',
        '"All Dates"',
        '""',
        '"Date","Transaction Type","Num","Customer","Due Date","Amount"',
        '"09/15/2026","Invoice","1021","Amy","10/15/2026","459.00"',
        '"10/02/2026","Payment","","Amy","","-200.00"',
        '"10/05/2026","Credit Memo","1024","Amy","10/05/2026","-59.00"',
        '"10/20/2026","Invoice","1027","Bill","11/19/2026","85.00"',
      ].join('\n'),
    });
    const r = await run(dir, ['aging', 'transactions.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { payments: { read: number; used: number } | null } };
    expect(opens(customer(j, 'EUR', 'Amy'))).toEqual([['1021', '200.00']]);
    // The payment is the customer's payment of that day (its days to pay count), not a credit note.
    expect(j.import.payments).toMatchObject({ read: 1, used: 1 });
  });

  it('reads Exact Online’s open items: Ons ref. is the invoice’s number, Naam the customer', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'openstaand.csv': cp1252(
        [
          'Code;Naam;Ons ref.;Uw ref.;Factuurdatum;Vervaldatum;Bedrag;Openstaand',
          '1001;Janssens NV;26900001;PO 4411;01-09-2026;01-10-2026;1.210,00;1.210,00',
          '1002;Peeters BV;26900003;;01-10-2026;31-10-2026;484,00;484,00',
        ].join('\r\n'),
      ),
    });
    const j = await aging(dir, ['openstaand.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(opens(customer(j, 'EUR', 'Janssens NV'))).toEqual([['26900001', '1210.00']]);
    expect(j.currencies.EUR!.total).toBe('1694.00');
  });

  it('reads payment terms as software writes them (Paiement à 30 jours, 60 jours nets); terms it cannot read stop no row that has its due date, nor a customer', async () => {
    const dir = tempDir();
    writeFiles(dir, {
      'factures.csv': cp1252(
        [
          'N° facture;Client;Date;Échéance;Conditions de paiement;Montant TTC',
          'F1;DUP;01/09/2026;;Paiement à 30 jours;100,00',
          'F2;DUP;01/09/2026;;60 jours nets;200,00',
          'F3;MAR;01/09/2026;10/11/2026;45 jours fin de mois le 10;300,00',
          'F4;LAM;01/09/2026;;;400,00',
        ].join('\r\n'),
      ),
      'clients.csv': cp1252(['Code client;Nom;Email;Conditions de paiement', 'LAM;Lambert;compta@lambert.example;Le 10 du mois suivant'].join('\r\n')),
    });
    const j = await aging(dir, ['factures.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    const dues = j.currencies.EUR!.customers.flatMap((c) => c.invoices.map((i) => [i.number, i.dueDate])).sort();
    expect(dues).toEqual([
      ['F1', '2026-10-01'],
      ['F2', '2026-10-31'],
      ['F3', '2026-11-10'],
      ['F4', '2026-10-01'],
    ]);
    expect(j.warnings.filter((w) => w.code === 'terms_not_read')).toMatchObject([{ line: 4, column: 'Conditions de paiement' }]);
    // The customers file's terms it cannot read: the customer stays (its e-mail for reminders), said.
    const r = await run(dir, ['customers', 'factures.csv', '--customers', 'clients.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { customers: { id: string }[]; problems: { code: string; message: string }[] };
    expect(listed.customers.map((c) => c.id)).toContain('LAM');
    expect(listed.problems.filter((p) => p.code === 'customer_terms_not_read')).toMatchObject([
      { message: expect.stringContaining('clients.csv:2: column "Conditions de paiement": terms "Le 10 du mois suivant" are not read') },
    ]);
  });

  it('reads an export of invoice lines (Zoho’s: the invoice’s fields on each item’s row) as one invoice each, said; rows that differ stay two', async () => {
    const dir = tempDir();
    const header = 'Invoice Date,Invoice Number,Invoice Status,Customer ID,Customer Name,Due Date,Currency Code,Item Name,Quantity,Item Total,Total,Balance';
    writeFiles(dir, {
      'lines.csv': [
        header,
        '2026-09-01,INV-101,Overdue,45001,Dupont SARL,2026-10-01,EUR,Consulting,2,800.00,1200.00,1200.00',
        '2026-09-01,INV-101,Overdue,45001,Dupont SARL,2026-10-01,EUR,Travel,1,400.00,1200.00,1200.00',
        '2026-10-01,INV-102,Partially Paid,45002,Lambert,2026-10-31,EUR,Licence,4,480.00,480.00,280.00',
        '2026-10-10,INV-103,Void,45002,Lambert,2026-11-09,EUR,Licence,1,120.00,120.00,0.00',
      ].join('\n'),
      'differ.csv': [
        header,
        '2026-09-01,INV-101,Overdue,45001,Dupont SARL,2026-10-01,EUR,Consulting,2,800.00,800.00,800.00',
        '2026-09-01,INV-101,Overdue,45001,Dupont SARL,2026-10-01,EUR,Travel,1,400.00,400.00,400.00',
      ].join('\n'),
    });
    const r = await run(dir, ['aging', 'lines.csv', '--as-of', '2026-11-30', '--format', 'json', '--lang', 'en']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Aging & { import: { invoices: { read: number; used: number; ignored: number; amounts: { read: Record<string, string> } } } };
    expect(opens(customer(j, 'EUR', '45001'))).toEqual([['INV-101', '1200.00']]);
    expect(opens(customer(j, 'EUR', '45002'))).toEqual([['INV-102', '280.00']]);
    expect(j.import.invoices).toMatchObject({ read: 4, used: 2, ignored: 2, amounts: { read: { EUR: '1680.00' } } });
    expect(j.warnings.filter((w) => w.code === 'invoice_lines_merged')).toMatchObject([{ line: 3, message: expect.stringContaining('(lines 3)') }]);
    // Each line's own total: two documents under one number, not one invoice read twice.
    const differ = await run(dir, ['aging', 'differ.csv', '--as-of', '2026-11-30', '--lang', 'en']);
    expect(differ.code).toBe(2);
    expect(differ.stderr).toContain('differ.csv:3: column "Invoice Number": invoice number "INV-101" is already used on line 2');
  });
});
