import { describe, expect, it } from 'vitest';
import { isoFromDay } from '../../src/core/dates.ts';
import { decideDecimalMark, parseAmount } from '../../src/core/import/amounts.ts';
import { parseDateText } from '../../src/core/import/dates-text.ts';
import { readCurrency } from '../../src/core/import/columns.ts';
import { findHeader, headerUnit, mapColumns, normalizeHeader } from '../../src/core/import/headers.ts';
import { splitReferences } from '../../src/core/import/cells.ts';
import { importCustomers } from '../../src/core/import/ledger.ts';
import { allocateLedger } from '../../src/core/allocate.ts';
import { ledgerOfTables } from '../helpers/import.ts';
import { arrayTable, type Cell, type Table } from '../../src/core/import/table.ts';
import { d } from '../helpers/build.ts';

function table(rows: Cell[][], hints: Table['hints'] = {}, file = 'factures.csv'): Table {
  return arrayTable(file, rows, undefined, hints);
}

describe('amounts', () => {
  const cases: [string, ',' | '.', number][] = [
    ['1 234,56 €', ',', 123456],
    ['1\u00a0234,56', ',', 123456],
    ['1\u202f234,56', ',', 123456],
    ['1.234,56', ',', 123456],
    ['1,234.56', '.', 123456],
    ["1'234.56", '.', 123456],
    ['-12,50', ',', -1250],
    ['(12.50)', '.', -1250],
    ['12,50-', ',', -1250],
    ['EUR 12.50', '.', 1250],
    ['12,5', ',', 1250],
    [',50', ',', 50],
    ['1234', ',', 123400],
    ['−7,00', ',', -700],
    ['1.234.567,89', ',', 123456789],
    ['12,500', ',', 1250],
    // Zero in Excel's accounting format, as a CSV export writes it.
    ['-', ',', 0],
    [' -   € ', ',', 0],
    ['- $', '.', 0],
    // A ledger report's sides: a credit below zero, a debit above.
    ['1,200.00 CR', '.', -120000],
    ['1 200,00 Cr', ',', -120000],
    ['45.10DR', '.', 4510],
  ];
  it.each(cases)('reads %s with decimal mark %s', (text, mark, cents) => {
    expect(parseAmount(text, mark)).toMatchObject({ ok: true, cents });
  });
  it('refuses what is not an amount', () => {
    expect(parseAmount('abc', ',').ok).toBe(false);
    expect(parseAmount('12,34,56', ',').ok).toBe(false);
    expect(parseAmount('1.23.4', ',').ok).toBe(false);
    expect(parseAmount('12,345', ',')).toEqual({ ok: false, reason: 'too_many_decimals' });
    expect(parseAmount('--5', '.').ok).toBe(false);
    expect(parseAmount('--', ',').ok).toBe(false);
    expect(parseAmount('()', ',').ok).toBe(false);
    expect(parseAmount('(-)', ',').ok).toBe(false);
    // A side and a sign both: no amount; a side alone: none.
    expect(parseAmount('-12.50 CR', '.').ok).toBe(false);
    expect(parseAmount('CR', '.').ok).toBe(false);
    expect(parseAmount('12.50 CRDR', '.').ok).toBe(false);
  });
  it('reads a currency by its code, its sign or its name', () => {
    const codes = ['EUR', 'eur', '€', 'Euros', 'USD', 'US$', 'United States Dollar', 'Dollar US', 'dollar américain', 'Livre sterling', 'Pound Sterling', 'Franc suisse', 'Zwitserse frank'].map((t) =>
      readCurrency(t),
    );
    expect(codes).toEqual(['EUR', 'EUR', 'EUR', 'EUR', 'USD', 'USD', 'USD', 'USD', 'USD', 'GBP', 'GBP', 'CHF', 'CHF']);
    for (const t of ['Dollar', 'Pound', 'Franc', 'EURO 2', 'E']) expect(readCurrency(t), t).toBeNull();
  });
  it('tells the currency written beside the amount', () => {
    expect(parseAmount('$1,200.00', '.')).toMatchObject({ ok: true, cents: 120000, currency: 'USD' });
  });
  it('decides the decimal mark of a column from all its values, else the locale', () => {
    expect(decideDecimalMark(['1,234', '12,5'], false).mark).toBe(',');
    expect(decideDecimalMark(['1,234', '1,234.50'], true).mark).toBe('.');
    expect(decideDecimalMark(['1,234', '2,000'], true).mark).toBe(',');
    expect(decideDecimalMark(['1,234', '2,000'], false).mark).toBe('.');
    // The locale decided while values read two ways: assumed, the first of them kept for the warning; not when one proves it.
    expect(decideDecimalMark(['500', '1,500', '12,000'], true)).toMatchObject({ mark: ',', assumed: { twoWays: 2, example: '1,500', row: 1 } });
    expect(decideDecimalMark(['1,500', '12,5'], true).assumed).toBeNull();
    expect(decideDecimalMark(['500', '1 200', '0,500'], true).assumed).toBeNull();
  });
  it('says a decimal mark assumed where it changes amounts (1,500: 1.50 or 1,500.00), at the first such value', () => {
    const h = ['N° facture', 'Client', 'Date', 'Échéance', 'Montant'];
    const rows = (amounts: string[]) => [h, ...amounts.map((a, i) => [`F${i}`, 'C1', '01/09/2026', '01/10/2026', a])];
    const fr = ledgerOfTables(table(rows(['500', '1,500', '12,000']), { continental: true }));
    expect(fr.records.map((x) => x.amount)).toEqual([50000, 150, 1200]);
    expect(fr.problems.filter((p) => p.code === 'decimal_mark_assumed')).toEqual([
      { severity: 'warning', code: 'decimal_mark_assumed', file: 'factures.csv', line: 3, column: 'Montant', value: '1,500', params: { count: 2, mark: ',', read: '1.50', other: '1500.00' } },
    ]);
    // One value with its decimals settles the column: nothing assumed, nothing said.
    const settled = ledgerOfTables(table(rows(['1,500', '12,000', '10,00']), { continental: true }));
    expect(settled.problems.filter((p) => p.code === 'decimal_mark_assumed')).toEqual([]);
  });
});

describe('dates', () => {
  it('reads every shape with the column order', () => {
    const iso = (t: string, o: 'dmy' | 'mdy') => {
      const x = parseDateText(t, o);
      return x === null ? null : isoFromDay(x);
    };
    expect(iso('2026-10-31', 'dmy')).toBe('2026-10-31');
    expect(iso('2026-10-31T00:00:00', 'dmy')).toBe('2026-10-31');
    expect(iso('2026-10-31 00:00:00', 'dmy')).toBe('2026-10-31');
    // Its zone as written, the day the one written (Shopify's `-0500`, a time late in the day): never moved to UTC.
    expect(iso('2026-10-31 23:30:00 -0500', 'dmy')).toBe('2026-10-31');
    expect(iso('2026-10-31T23:30:00.000+02:00', 'dmy')).toBe('2026-10-31');
    expect(iso('2026-10-31 11:30 PM UTC', 'mdy')).toBe('2026-10-31');
    expect(iso('2026-10-31 11:30 pm', 'mdy')).toBe('2026-10-31');
    expect(iso('2026-10-31 23:30 +5', 'dmy')).toBeNull();
    // A time after any shape is ignored, the 12-hour clock of English exports too.
    expect(iso('31/10/2026 00:00:00', 'dmy')).toBe('2026-10-31');
    expect(iso('10/31/2026 12:00 AM', 'mdy')).toBe('2026-10-31');
    expect(iso('10/31/2026 3:15:00 p.m.', 'mdy')).toBe('2026-10-31');
    expect(iso('31/10/2026 00:00:00.000', 'dmy')).toBe('2026-10-31');
    expect(iso('2026/10/31 14:32', 'dmy')).toBe('2026-10-31');
    expect(iso('31/10/2026 noon', 'dmy')).toBeNull();
    expect(iso('31/10/2026', 'dmy')).toBe('2026-10-31');
    expect(iso('31.10.2026', 'dmy')).toBe('2026-10-31');
    expect(iso('31-10-2026', 'dmy')).toBe('2026-10-31');
    expect(iso('10/31/2026', 'mdy')).toBe('2026-10-31');
    expect(iso('3/4/2026', 'mdy')).toBe('2026-03-04');
    expect(iso('03/04/26', 'dmy')).toBe('2026-04-03');
    expect(iso('20261031', 'dmy')).toBe('2026-10-31');
    expect(iso('46326', 'dmy')).toBe('2026-10-31');
    expect(iso('31/02/2026', 'dmy')).toBeNull();
    expect(iso('29/02/2025', 'dmy')).toBeNull();
    expect(iso('hier', 'dmy')).toBeNull();
  });
  it('reads the month by its name, as Excel date formats write it in French, English and Dutch, whatever the column order', () => {
    const cases: [string, string][] = [
      ['15-févr.-2026', '2026-02-15'],
      ['15-févr-26', '2026-02-15'],
      ['1er mars 2026', '2026-03-01'],
      ['31 décembre 2026', '2026-12-31'],
      ['3-août-2026', '2026-08-03'],
      ['15 juil. 2026', '2026-07-15'],
      ['15-Feb-2026', '2026-02-15'],
      ['15-FEB-26', '2026-02-15'],
      ['Feb 15, 2026', '2026-02-15'],
      ['September 5 2026', '2026-09-05'],
      ['15-mrt-2026', '2026-03-15'],
      ['5 mei 2026', '2026-05-05'],
      ['15-okt-2026', '2026-10-15'],
      ['15 februari 2026', '2026-02-15'],
      // Excel's long dates, the day of the week before the date.
      ['vendredi 2 octobre 2026', '2026-10-02'],
      ['ven. 2 oct. 2026', '2026-10-02'],
      ['Friday, October 2, 2026', '2026-10-02'],
      ['Fri, Oct 2, 2026', '2026-10-02'],
      ['vrijdag 2 oktober 2026', '2026-10-02'],
      ['Mar. 3 mars 2026', '2026-03-03'],
      ['Mar 3, 2026', '2026-03-03'],
      // A time after it, as Excel's `dd-mmm-yyyy hh:mm` and `mmm d, yyyy h:mm AM/PM` write it, in French and Dutch too.
      ['15-Feb-2026 00:00:00', '2026-02-15'],
      ['15-févr.-2026 14:30', '2026-02-15'],
      ['Feb 15, 2026 10:30 AM', '2026-02-15'],
      ['Feb 15, 2026, 3:15 p.m.', '2026-02-15'],
      ['15 février 2026 à 10:30', '2026-02-15'],
      ['15 février 2026 10h30', '2026-02-15'],
      ['15 februari 2026 om 10:30', '2026-02-15'],
      ['15-Feb-2026 23:30:00 UTC', '2026-02-15'],
      ['vendredi 2 octobre 2026 à 09:00', '2026-10-02'],
    ];
    for (const [text, want] of cases) {
      for (const o of ['dmy', 'mdy'] as const) {
        const x = parseDateText(text, o);
        expect(x === null ? null : isoFromDay(x), `${text} (${o})`).toBe(want);
      }
    }
    // Not a day: a month and year alone, an unknown month, a day the month does not have.
    for (const text of ['févr. 2026', '15-foo-2026', '30-févr.-2026', '15 Feb', 'Feb 2026']) expect(parseDateText(text, 'dmy'), text).toBeNull();
    // A number after it that is no time (its minutes missing) is not taken for one.
    for (const text of ['15 Feb 2026 10', '15 Feb 2026 à', 'Feb 15, 2026 10 AM', '15 Feb 2026 noon']) expect(parseDateText(text, 'dmy'), text).toBeNull();
    // A day of the week that is not the date's says the date is wrong: no day is guessed.
    for (const text of ['samedi 2 octobre 2026', 'Monday, October 2, 2026', 'foo 2 octobre 2026']) expect(parseDateText(text, 'dmy'), text).toBeNull();
  });
});

describe('headers', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(normalizeHeader('  N° de Facture ')).toBe('ndefacture');
    expect(normalizeHeader("Date d'échéance")).toBe('datedecheance');
  });
  it('recognises French, English and Dutch headers', () => {
    expect(mapColumns('invoices', ['Numéro de facture', 'Code client', 'Raison sociale', "Date d'émission", "Date d'échéance", 'Montant TTC', 'Devise'])).toEqual({
      number: 0,
      customerId: 1,
      customerName: 2,
      issueDate: 3,
      dueDate: 4,
      amount: 5,
      currency: 6,
    });
    expect(mapColumns('invoices', ['Invoice No.', 'Customer ID', 'Customer Name', 'Invoice Date', 'Due Date', 'Amount incl. tax'])).toEqual({
      number: 0,
      customerId: 1,
      customerName: 2,
      issueDate: 3,
      dueDate: 4,
      amount: 5,
    });
    expect(mapColumns('invoices', ['Factuurnummer', 'Klantnummer', 'Klantnaam', 'Factuurdatum', 'Vervaldatum', 'Bedrag', 'Munt'])).toEqual({
      number: 0,
      customerId: 1,
      customerName: 2,
      issueDate: 3,
      dueDate: 4,
      amount: 5,
      currency: 6,
    });
    expect(mapColumns('payments', ['Date de règlement', 'Client', 'Montant', 'Réf. facture'])).toEqual({ date: 0, customerId: 1, amount: 2, refs: 3 });
    expect(mapColumns('invoices', ['Facture N°', 'Client', 'Date de facturation', 'TTC'])).toMatchObject({ number: 0, customerId: 1, issueDate: 2, amount: 3 });
    expect(mapColumns('invoices', ['N° de pièce', 'Compte', 'Date de pièce', 'Montant'])).toMatchObject({ number: 0, customerId: 1, issueDate: 2, amount: 3 });
    // QuickBooks' A/R Aging Detail: Num, Name (no customer id), Open Balance; and French software's `Num.`.
    expect(mapColumns('invoices', ['Type', 'Date', 'Num', 'Name', 'Due Date', 'Amount', 'Open Balance'])).toMatchObject({
      issueDate: 1,
      number: 2,
      customerName: 3,
      dueDate: 4,
      amount: 5,
      balance: 6,
    });
    expect(mapColumns('invoices', ['Num.', 'Client', 'Date', 'Montant'])).toMatchObject({ number: 0, customerId: 1, issueDate: 2, amount: 3 });
    // Sage UK's Net, VAT, Gross: the amount is the gross, never the net.
    expect(mapColumns('invoices', ['Invoice', 'Customer', 'Date', 'Net', 'VAT', 'Gross'])).toMatchObject({ number: 0, customerId: 1, issueDate: 2, amount: 5 });
    // A currency after a header is its column's unit, not part of its name.
    expect(mapColumns('invoices', ['Facture', 'Client', 'Date', 'Montant (EUR)'])).toMatchObject({ number: 0, customerId: 1, issueDate: 2, amount: 3 });
    expect(mapColumns('invoices', ['Invoice No', 'Customer ID', 'Invoice Date', 'Amount in USD'])).toMatchObject({ amount: 3 });
    expect(mapColumns('invoices', ['N° facture', 'Code client', 'Date', 'Montant TTC en €'])).toMatchObject({ amount: 3 });
    expect(mapColumns('payments', ['Date', 'Débiteur', 'Montant euros', 'Facture'])).toEqual({ date: 0, customerId: 1, amount: 2, refs: 3 });
    // An unsigned amount's side (`Sens`: D or C), as Sage's and EBP's exports write it.
    expect(mapColumns('invoices', ['Compte', 'Date', 'Pièce', 'Montant', 'Sens'])).toMatchObject({ customerId: 0, issueDate: 1, number: 2, amount: 3, side: 4 });
    // `Délai de règlement`, the terms as French software names them too.
    expect(mapColumns('customers', ['Numéro client', 'Nom', 'Email facturation', 'Mode de règlement', 'Délai de règlement'])).toMatchObject({ id: 0, terms: 4 });
    expect(mapColumns('invoices', ['N° facture', 'Client', 'Date', 'Délai de règlement', 'Montant TTC'])).toMatchObject({ terms: 3 });
    // Exact Online's relations: `Code`, `Naam`, `Taal`, `Betalingsconditie`.
    expect(mapColumns('customers', ['Code', 'Naam', 'E-mail', 'Taal', 'Betalingsconditie'])).toEqual({ id: 0, name: 1, email: 2, language: 3, terms: 4 });
    // Belgian software's due date (`Expiry date`, `Uiterste betaaldatum`, `À payer avant le`) and balance (`Openstaand saldo`).
    expect(mapColumns('invoices', ['Invoice number', 'Customer', 'Invoice date', 'Expiry date', 'Total incl. VAT'])).toMatchObject({ issueDate: 2, dueDate: 3, amount: 4 });
    expect(mapColumns('invoices', ['Factuurnummer', 'Klant', 'Factuurdatum', 'Uiterste betaaldatum', 'Totaal', 'Openstaand saldo'])).toMatchObject({ dueDate: 3, amount: 4, balance: 5 });
    expect(mapColumns('invoices', ['N° facture', 'Client', 'Date', 'À payer avant le', 'Total TTC'])).toMatchObject({ dueDate: 3, amount: 4 });
    // QuickBooks' French open invoices (`Solde ouvert`); WinBooks' `N° doc`, `Date doc`; Odoo's signed totals, in French too.
    expect(mapColumns('invoices', ['Date', 'Type de transaction', 'N°', 'Client', 'Échéance', 'Jours de retard', 'Montant', 'Solde ouvert'])).toMatchObject({ amount: 6, balance: 7 });
    expect(mapColumns('invoices', ['Compte', 'Nom', 'Date doc', 'N° doc', 'Echéance', 'Montant', 'Solde', 'Devise'])).toMatchObject({ issueDate: 2, number: 3, dueDate: 4 });
    expect(mapColumns('invoices', ['Number', 'Partner', 'Invoice Date', 'Due Date', 'Total Signed', 'Amount Due Signed', 'Status'])).toMatchObject({ amount: 4, balance: 5 });
    expect(mapColumns('invoices', ['Numéro', 'Partenaire', 'Date de facturation', "Date d'échéance", 'Total signé', 'Montant dû signé'])).toMatchObject({ amount: 4, balance: 5 });
    // Beside the document's own (`Total`, `Amount Due`; with a currency column, `Total in Currency Signed`), not read.
    expect(mapColumns('invoices', ['Number', 'Partner', 'Invoice Date', 'Total', 'Total Signed', 'Amount Due', 'Amount Due Signed'])).toMatchObject({ amount: 3, balance: 5 });
    expect(mapColumns('invoices', ['Number', 'Partner', 'Invoice Date', 'Currency', 'Total Signed', 'Total in Currency Signed'])).toMatchObject({ amount: 5 });
    // The invoices a payment was applied to (QuickBooks' `Applied To`, Odoo's `Reconciled Invoices`, Pennylane's
    // `Facture(s) associée(s)`) before a label; Odoo's `Amount Signed`; Zoho's `Payment Mode`.
    expect(mapColumns('payments', ['Date', 'Libellé', 'Montant', 'Tiers', 'Facture(s) associée(s)'])).toMatchObject({ refs: 4, amount: 2 });
    expect(mapColumns('payments', ['Date', 'Transaction Type', 'Num', 'Customer', 'Payment Method', 'Amount', 'Applied To'])).toMatchObject({ refs: 6 });
    expect(mapColumns('payments', ['Date', 'Number', 'Journal', 'Payment Method', 'Customer/Vendor', 'Amount Signed', 'Status', 'Reconciled Invoices'])).toMatchObject({ amount: 5, refs: 7 });
    expect(mapColumns('payments', ['Date', 'Partenaire', 'Montant signé', 'Factures rapprochées'])).toMatchObject({ amount: 2, refs: 3 });
    expect(mapColumns('payments', ['Payment Date', 'Customer Name', 'Invoice Number', 'Amount Received', 'Payment Mode'])).toMatchObject({ method: 4 });
    // With a currency column, the amount in the document's currency (QuickBooks' `Foreign Amount`, Sage's `Montant devise`)
    // is read, not the firm's beside it, and a header without a unit before its twin converted (`Total (EUR)`);
    // without one, the firm's.
    expect(mapColumns('invoices', ['Date', 'Num', 'Customer', 'Currency', 'Amount', 'Foreign Amount', 'Open Balance', 'Foreign Open Balance'])).toMatchObject({ currency: 3, amount: 5, balance: 7 });
    expect(mapColumns('invoices', ['Date', 'Numéro', 'Client', 'Devise', 'Montant', 'Montant devise'])).toMatchObject({ currency: 3, amount: 5 });
    expect(mapColumns('invoices', ['Date', 'Numéro', 'Client', 'Montant devise', 'Montant'])).toMatchObject({ amount: 4 });
    expect(mapColumns('invoices', ['Date', 'Invoice', 'Customer', 'Currency', 'Total (EUR)', 'Total'])).toMatchObject({ currency: 3, amount: 5 });
    expect(mapColumns('invoices', ['Date', 'Invoice', 'Customer', 'Total (EUR)', 'Total'])).toMatchObject({ amount: 3 });
    expect(mapColumns('payments', ['Date', 'Customer', 'Currency', 'Amount', 'Foreign Amount'])).toMatchObject({ currency: 2, amount: 4 });
    expect(headerUnit('Montant TTC (€)')).toEqual({ base: 'Montant TTC', currency: 'EUR' });
    expect(headerUnit('Amount in USD')).toEqual({ base: 'Amount', currency: 'USD' });
    expect(headerUnit('Total £')).toEqual({ base: 'Total', currency: 'GBP' });
    for (const h of ['Débiteur', 'Fournisseur', 'EUR', '€', 'Montant', 'Devise']) expect(headerUnit(h), h).toBeNull();
    // A hostile header cell (a megabyte of spaces and brackets) is no header, read at once.
    const t0 = performance.now();
    expect(headerUnit(`a${' ('.repeat(500_000)} EUR`)).toBeNull();
    expect(mapColumns('invoices', ['Facture', 'Client', 'Date', `Montant${' '.repeat(1_000_000)}x`])).not.toHaveProperty('amount');
    expect(performance.now() - t0).toBeLessThan(2000);
    // A customers file: the address for reminders wins over a general one; a contact export's second address is a copy.
    expect(mapColumns('customers', ['Code client', 'Nom', 'Email comptabilité', 'Email relance'])).toMatchObject({ id: 0, name: 1, email: 3 });
    expect(mapColumns('customers', ['Code client', 'Nom', 'E-mail 1', 'E-mail 2'])).toMatchObject({ id: 0, name: 1, email: 2, cc: 3 });
    // Where the invoices go (a billing, an accounts-payable address) wins over a general one.
    expect(mapColumns('customers', ['Code client', 'Nom', 'Email', 'Email de facturation'])).toMatchObject({ email: 3 });
    expect(mapColumns('customers', ['Customer', 'Email', 'Billing Email'])).toMatchObject({ email: 2 });
    // A cash journal's words for a customer's receipt (encaissement).
    expect(mapColumns('payments', ["Date d'encaissement", 'Client', 'Montant encaissé', 'Facture'])).toEqual({ date: 0, customerId: 1, amount: 2, refs: 3 });
    expect(mapColumns('payments', ['Date', 'Tiers', 'Encaissement', 'Facture'])).toEqual({ date: 0, customerId: 1, amount: 2, refs: 3 });
    // A payment processor's: what the customer paid is the gross, before the fee (PayPal's); a direct debit's day is its charge date, not its creation (GoCardless').
    expect(mapColumns('payments', ['Date', 'Name', 'Gross', 'Fee', 'Net', 'Invoice Number'])).toMatchObject({ date: 0, customerName: 1, amount: 2, refs: 5 });
    expect(mapColumns('payments', ['Date', 'Nom', 'Brut', 'Frais', 'Net', 'Numéro de facture'])).toMatchObject({ date: 0, amount: 2, refs: 5 });
    expect(mapColumns('payments', ['id', 'created_at', 'charge_date', 'amount', 'reference'])).toMatchObject({ id: 0, date: 2, amount: 3 });
    // Dutch software's relation; a French `Date du paiement`; Business Central's payments, applied to a document.
    expect(mapColumns('payments', ['Datum', 'Relatie', 'Omschrijving', 'Bedrag', 'Factuur'])).toMatchObject({ date: 0, customerId: 1, amount: 3, refs: 4 });
    expect(mapColumns('payments', ['Date du paiement', 'Client', 'N° facture', 'Montant payé'])).toEqual({ date: 0, customerId: 1, refs: 2, amount: 3 });
    expect(mapColumns('payments', ['Posting Date', 'Document Type', 'Document No.', 'Customer No.', 'Amount', 'Applies-to Doc. No.'])).toMatchObject({ date: 0, customerId: 3, amount: 4, refs: 5 });
    expect(mapColumns('invoices', ['Factuurnummer', 'Relatiecode', 'Relatienaam', 'Factuurdatum', 'Bedrag'])).toMatchObject({ number: 0, customerId: 1, customerName: 2 });
    // An invoicing software's company, issue and what is left (Axonaut's `Entreprise`; `Émise le`; `Reste`, `Nog te betalen`).
    expect(mapColumns('invoices', ['Numéro', 'Date', 'Entreprise', 'Total HT', 'Total TTC', 'Montant payé', 'Reste à payer'])).toMatchObject({
      number: 0,
      issueDate: 1,
      customerName: 2,
      amount: 4,
      paidAmount: 5,
      balance: 6,
    });
    expect(mapColumns('invoices', ['Facture', 'Émise le', 'Client', 'TTC', 'Encaissé', 'Reste'])).toMatchObject({ number: 0, issueDate: 1, customerId: 2, amount: 3, paidAmount: 4, balance: 5 });
    expect(mapColumns('invoices', ['Nummer', 'Datum', 'Bedrijf', 'Bedrag incl. btw', 'Nog te betalen'])).toMatchObject({ number: 0, issueDate: 1, customerName: 2, amount: 3, balance: 4 });
  });
  it('lets "Client" be the name when "Code client" is the id', () => {
    expect(mapColumns('invoices', ['Facture', 'Client', 'Code client', 'Date', 'Montant'])).toMatchObject({ customerId: 2, customerName: 1 });
  });
  it('lets the config override detection', () => {
    expect(mapColumns('invoices', ['Pièce', 'Tiers', 'Le jour', 'Valeur'], { issueDate: 'Le jour', amount: 'valeur' })).toMatchObject({ issueDate: 2, amount: 3, number: 0, customerId: 1 });
  });
  it('skips title rows above the header', () => {
    const rows: Cell[][] = [['Grand livre clients'], [], ['Export du 31/10/2026', null], ['N° facture', 'Client', 'Date', 'Montant'], ['F1', 'C1', '01/01/2026', '10']];
    expect(findHeader('invoices', rows)?.row).toBe(3);
  });
});

describe('importInvoices', () => {
  const header = ['N° facture', 'Code client', 'Client', 'Date facture', 'Échéance', 'Montant TTC'];
  it('keeps identifiers as text, leading zeros included', () => {
    const r = ledgerOfTables(table([header, ['0000611365', '0042', 'Dupont', '01/02/2026', '03/03/2026', '100,00']], { continental: true }));
    expect(r.records[0]).toMatchObject({ number: '0000611365', customerId: '0042', amount: 10000 });
  });
  it('decides day/month per column: a day over 12 settles it', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '02/03/2026', '04/13/2026', '1.00'], ['F2', 'C1', 'X', '02/15/2026', '03/17/2026', '1.00']]));
    expect(r.records.map((x) => isoFromDay(x.issueDate))).toEqual(['2026-02-03', '2026-02-15']);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });
  it('uses the file locale for an ambiguous column, and says so', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '02/03/2026', '', '1,00']], { continental: true }));
    expect(isoFromDay(r.records[0]!.issueDate)).toBe('2026-03-02');
    // Its invoices have a column of due dates, empty, and no terms: the default terms', said too.
    expect(r.problems).toMatchObject([
      { severity: 'warning', code: 'ambiguous_date_order', column: 'Date facture' },
      { severity: 'warning', code: 'due_by_default_terms', params: { terms: '30', column: 1 } },
    ]);
  });
  it('reads an ambiguous column in the order another date column of the file settled', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '02/03/2026', '02/13/2026', '1.00']]));
    expect(isoFromDay(r.records[0]!.issueDate)).toBe('2026-02-03');
    expect(r.problems).toEqual([]);
  });
  it('rejects a row with an impossible date, naming the file, line and column', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '31/02/2026', '', '1,00'], ['F2', 'C1', 'X', '01/02/2026', '', '2,00']], { continental: true }));
    expect(r.count).toMatchObject({ read: 2, used: 1, rejected: 1 });
    expect(r.problems.filter((p) => p.code !== 'due_by_default_terms')).toEqual([
      { severity: 'error', code: 'not_a_date', file: 'factures.csv', line: 2, column: 'Date facture', value: '31/02/2026' },
    ]);
  });
  it('lists every problem of a row, and reconciles rows and amounts', () => {
    const r = ledgerOfTables(
      table([header, ['', 'C1', 'X', 'demain', '', 'beaucoup'], ['F2', 'C1', 'X', '01/02/2026', '', '2,00'], ['F3', 'C1', 'X', '01/02/2026', 'jamais', '5,00']], { continental: true }),
    );
    expect(r.problems.filter((p) => p.line === 2).map((p) => p.code)).toEqual(['required', 'not_a_date', 'not_an_amount']);
    expect(r.count.read).toBe(r.count.used + r.count.rejected + r.count.ignored);
    expect(r.count.amounts).toEqual({ read: { EUR: 700 }, used: { EUR: 200 }, rejected: { EUR: 500 } });
  });
  it('ignores a summary below the table after a blank row, none of its rows dated, and says it; a dated row there is the ledger’s', () => {
    const h = ['N° facture', 'Client', 'Date', 'Échéance', 'Montant'];
    const list = [h, ['F1', 'Dupont', '01/09/2026', '01/10/2026', '100,00'], ['F2', 'Martin', '15/09/2026', '15/10/2026', '200,00']];
    const recap = [
      [''],
      ['Récapitulatif par client'],
      ['Client', 'Nombre', '', '', 'Total'],
      ['Dupont', '1', '', '', '100,00'],
      ['Martin', '1', '', '', '200,00'],
      ['Total général', '2', '', '', '300,00'],
    ];
    const r = ledgerOfTables(table([...list, ...recap], { continental: true }));
    expect(r.records.map((x) => x.number)).toEqual(['F1', 'F2']);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.problems.filter((p) => p.code === 'summary_rows_ignored')).toEqual([
      { severity: 'warning', code: 'summary_rows_ignored', file: 'factures.csv', line: 5, params: { count: 5, lines: '5, 6, 7, 8, 9' } },
    ]);
    expect(r.count).toMatchObject({ read: 7, used: 2, rejected: 0, ignored: 5 });
    // A dated row below the blank row: the list goes on, its undated rows are rejected as before.
    const on = ledgerOfTables(table([...list, [''], ['F3', 'Martin', '20/09/2026', '20/10/2026', '50,00'], ['F4', 'Martin', '', '', '60,00']], { continental: true }));
    expect(on.records.map((x) => x.number)).toEqual(['F1', 'F2', 'F3']);
    expect(on.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.code])).toEqual([[6, 'required']]);
    // One row alone below a blank row is no summary: said as what it is (a total).
    const total = ledgerOfTables(table([...list, [''], ['Total', '', '', '', '300,00']], { continental: true }));
    expect(total.problems.map((p) => p.code)).toContain('total_row_ignored');
    expect(total.problems.map((p) => p.code)).not.toContain('summary_rows_ignored');
  });
  it('rejects a duplicate invoice number, pointing at the first', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '01/02/2026', '', '1,00'], ['f1 ', 'C1', 'X', '01/02/2026', '', '1,00']], { continental: true }));
    expect(r.problems.filter((p) => p.code !== 'ambiguous_date_order' && p.code !== 'due_by_default_terms')).toMatchObject([{ code: 'duplicate_number', line: 3, params: { first: 2 } }]);
  });
  it('reads an invoice again with another due date as its installments (an échéancier’s lines), a payment naming it paying them in order', () => {
    const h = ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC'];
    const p = ['Date', 'Client', 'Montant', 'Facture'];
    const r = ledgerOfTables(
      table(
        [
          h,
          // Older, and open: what the payment's excess would pay, were F1's installments not named by it.
          ['F0', 'C1', '15/08/2026', '15/09/2026', '100,00'],
          ['F1', 'C1', '01/09/2026', '01/10/2026', '500,00'],
          ['F1', 'C1', '01/09/2026', '01/11/2026', '500,00'],
          ['F1', 'C1', '01/09/2026', '01/12/2026', '400,00'],
          // Another customer's, or the first's due date again: a number used twice, as before.
          ['F1', 'C2', '01/09/2026', '01/12/2026', '500,00'],
          ['F1', 'C1', '01/09/2026', '01/10/2026', '300,00'],
        ],
        { continental: true },
      ),
      table([p, ['15/10/2026', 'C1', '700,00', 'F1']], { continental: true }, 'p.csv'),
    );
    expect(r.records.map((x) => [x.number, isoFromDay(x.dueDate), x.amount])).toEqual([
      ['F0', '2026-09-15', 10000],
      ['F1', '2026-10-01', 50000],
      ['F1 (2)', '2026-11-01', 50000],
      ['F1 (3)', '2026-12-01', 40000],
    ]);
    expect(r.problems.filter((x) => x.severity === 'error')).toMatchObject([
      { code: 'duplicate_number', line: 6, params: { first: 3 } },
      { code: 'duplicate_number', line: 7, params: { first: 3 } },
    ]);
    expect(r.problems.filter((x) => x.code === 'installments_read')).toMatchObject([{ line: 4, column: 'N° facture', params: { count: 2, lines: '4, 5' } }]);
    // The payment names F1: each installment, in order (700.00: the first, then 200.00 of the second).
    const a = allocateLedger(r.ledger, d('2026-12-31'));
    expect(a.accounts[0]!.open.map((x) => [x.number, x.open])).toEqual([
      ['F0', 10000],
      ['F1 (2)', 30000],
      ['F1 (3)', 40000],
    ]);
    expect(a.warnings).toEqual([]);
  });
  it('reads a credit note naming an invoice in installments as crediting them in order, as a payment naming it pays them', () => {
    const h = ['N° facture', 'Client', 'Date', 'Échéance', 'Montant TTC', 'Type', "Facture d'origine"];
    const r = ledgerOfTables(
      table(
        [
          h,
          // Older, and open: what the credit note's excess would pay, were F1's later installments not credited.
          ['F0', 'C1', '15/08/2026', '15/09/2026', '100,00', 'Facture', ''],
          ['F1', 'C1', '01/09/2026', '01/10/2026', '500,00', 'Facture', ''],
          ['F1', 'C1', '01/09/2026', '01/11/2026', '500,00', 'Facture', ''],
          ['F1', 'C1', '01/09/2026', '01/12/2026', '400,00', 'Facture', ''],
          // Of exactly the amount of F0: the pool would pay F0 first (§3.3a).
          ['AV1', 'C1', '20/09/2026', '', '-100,00', 'Avoir', 'F1'],
          ['AV2', 'C1', '21/09/2026', '', '-600,00', 'Avoir', 'F1'],
        ],
        { continental: true },
      ),
    );
    const a = allocateLedger(r.ledger, d('2026-12-31'));
    // 700.00 credited to F1: its first installment whole (100.00, then 400.00), then 200.00 of the second.
    expect(a.accounts[0]!.open.map((x) => [x.number, x.open])).toEqual([
      ['F0', 10000],
      ['F1 (2)', 30000],
      ['F1 (3)', 40000],
    ]);
    expect(a.warnings).toEqual([]);
  });
  it('reads credit notes from a negative amount or a document type, with the invoice they credit', () => {
    const h = ['Pièce', 'Client', 'Date', 'Montant', 'Type', "Facture d'origine"];
    const r = ledgerOfTables(
      table([h, ['F1', 'C1', '01/02/2026', '100,00', 'Facture', ''], ['F1', 'C1', '05/02/2026', '30,00', 'Avoir', 'F1'], ['AV2', 'C1', '05/02/2026', '-10,00', '', '']], { continental: true }),
    );
    expect(r.records.map((x) => [x.number, x.amount, x.isCreditNote, x.creditedInvoice])).toEqual([
      ['F1', 10000, false, null],
      ['F1', -3000, true, 'F1'],
      ['AV2', -1000, true, null],
    ]);
  });
  it('derives a missing due date from the customer’s terms, else the default 30 days', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '10/01/2026', '', '1,00'], ['F2', 'C2', 'X', '10/01/2026', '', '1,00']], { continental: true }), null, {
      termsOf: (id) => (id === 'C1' ? { days: 45, endOfMonth: true } : null),
    });
    expect(r.records.map((x) => [isoFromDay(x.dueDate), x.dueDateDerived])).toEqual([
      ['2026-02-28', true],
      ['2026-02-09', true],
    ]);
  });
  it('reads typed XLSX cells: dates, numbers, and Excel serials', () => {
    const r = ledgerOfTables(table([header, ['F1', 42, 'X', { day: d('2026-10-01') }, 46326, 1234.56]]));
    expect(r.records[0]).toMatchObject({ customerId: '42', issueDate: d('2026-10-01'), dueDate: d('2026-10-31'), amount: 123456 });
  });
  it('turns paid columns of a one-sheet ledger into payments that name their invoice', () => {
    const h = ['Invoice', 'Customer', 'Invoice date', 'Due date', 'Amount', 'Paid date', 'Amount paid'];
    const r = ledgerOfTables(
      table([
        h,
        ['F1', 'C1', '2026-01-01', '2026-01-31', '100.00', '2026-02-05', ''],
        ['F2', 'C1', '2026-01-01', '2026-01-31', '100.00', '2026-02-05', '40.00'],
        ['F3', 'C1', '2026-01-01', '2026-01-31', '100.00', '', ''],
      ]),
    );
    expect(r.payments.map((p) => [p.refs[0], p.amount, isoFromDay(p.date)])).toEqual([
      ['F1', 10000, '2026-02-05'],
      ['F2', 4000, '2026-02-05'],
    ]);
  });
  it('reads statuses: disputed, written off', () => {
    const h = [...header, 'Statut'];
    const r = ledgerOfTables(
      table([h, ['F1', 'C1', 'X', '01/02/2026', '', '1,00', 'Litige'], ['F2', 'C1', 'X', '01/02/2026', '', '1,00', 'Irrécouvrable'], ['F3', 'C1', 'X', '01/02/2026', '', '1,00', '']], {
        continental: true,
      }),
    );
    expect(r.records.map((x) => x.status)).toEqual(['disputed', 'written_off', 'normal']);
    // What accounting software writes of an invoice's life (soldée, lettrée, relancée, émise…) is no dispute, said without a warning; an unknown word is warned of once.
    const h2 = [...header, 'Statut'];
    const words = ['Soldée', 'Lettrée', 'Partiellement réglée', 'Relancée', 'Émise', 'Overdue', 'Vervallen', 'Te laat', 'Achterstallig', 'Not Paid', 'In Payment', 'Bizarre', 'Bizarre'];
    // Sellsy's `Retard`, Facture.net's `Impayé`, Sage's `Non réglée`, the paid stamp `Acquittée`, `Volledig betaald`.
    words.push('Retard', 'Retard de paiement', 'Impayé', 'Échu', 'Non réglée', 'À encaisser', 'Acquittée', 'Volledig betaald', 'Encaissée partiellement', 'Réglée partiellement');
    const life = ledgerOfTables(table([h2, ...words.map((w, i) => [`F${i}`, 'C1', 'X', '01/02/2026', '', '1,00', w])], { continental: true }));
    expect(new Set(life.records.map((x) => x.status))).toEqual(new Set(['normal']));
    expect(life.problems.filter((p) => p.code === 'unknown_status').map((p) => p.value)).toEqual(['Bizarre']);
  });
  it('reads the stages of a collection: a reminder sent is no change, a debt in legal recovery is held as a dispute', () => {
    const h = [...header, 'Statut'];
    const rows = (words: string[]) => ledgerOfTables(table([h, ...words.map((w, i) => [`F${i}`, 'C1', 'X', '01/02/2026', '', '1,00', w])], { continental: true }));
    // Every word that says the invoice paid is a normal state, as the paid words are (Encaissée was warned of).
    const reminded = rows([
      'Relance 1',
      'Relance n°2',
      '2ème relance',
      'Dernière relance',
      'Mise en demeure',
      'Rappel',
      'Reminder sent',
      'Final reminder',
      '2e herinnering',
      'Aanmaning',
      'Encaissée',
      'Voldaan',
      'Fully paid',
      'Recouvrement amiable',
    ]);
    expect(reminded.records.map((x) => x.status)).toEqual(Array(14).fill('normal'));
    expect(reminded.problems.filter((p) => p.code === 'unknown_status')).toEqual([]);
    // The French chart of accounts holds them with the disputed ones (416, clients douteux ou litigieux): no reminder of ar's.
    const recovery = rows(['Contentieux', 'En recouvrement', 'Créance douteuse', 'Sent to collections', 'Bij incasso', 'Litigieux']);
    expect(recovery.records.map((x) => x.status)).toEqual(Array(6).fill('disputed'));
    expect(recovery.problems.filter((p) => p.code === 'unknown_status')).toEqual([]);
  });
  it('reads payment terms written in the due date’s column as the terms the due date comes from', () => {
    const r = ledgerOfTables(
      table(
        [
          ['N° facture', 'Client', 'Date facture', 'Échéance', 'Montant TTC'],
          ['FA-001', 'C1', '01/09/2026', '30 jours fin de mois', '100,00'],
          ['FA-002', 'C2', '02/09/2026', '45 jours', '200,00'],
          ['FA-003', 'C2', '03/09/2026', '15/10/2026', '300,00'],
          ['FA-004', 'C2', '04/09/2026', 'voir contrat', '400,00'],
        ],
        { continental: true },
      ),
    );
    expect(r.records.map((x) => [x.number, isoFromDay(x.dueDate), x.dueDateDerived])).toEqual([
      ['FA-001', '2026-10-31', true],
      ['FA-002', '2026-10-17', true],
      ['FA-003', '2026-10-15', false],
    ]);
    // Neither a date nor terms: rejected, as ever.
    expect(r.problems.filter((p) => p.severity === 'error')).toMatchObject([{ code: 'not_a_date', column: 'Échéance', value: 'voir contrat' }]);
  });
  it('ignores a draft, a pro forma, a quote, an order, a delivery note or a sale paid at once, by its type or its status, says so, and reconciles', () => {
    const rows = [
      [...header, 'Type', 'Statut'],
      ['FA-1', 'C1', 'X', '01/02/2026', '', '100,00', 'Facture', 'Émise'],
      ['', 'C1', 'X', '02/02/2026', '', '50,00', 'Facture', 'Brouillon'],
      ['PF-1', 'C2', 'Y', '03/02/2026', '', '70,00', 'Pro-forma', ''],
      ['D-7', 'C2', 'Y', '04/02/2026', '', '80,00', 'Devis', ''],
      // A delivery note, an order, a sale paid at once (QuickBooks' `Sales Receipt`): nothing owed on them either.
      ['BL-1', 'C2', 'Y', '05/02/2026', '', '90,00', 'Bon de livraison', ''],
      ['BC-1', 'C2', 'Y', '05/02/2026', '', '90,00', 'Bon de commande', ''],
      ['SR-1', 'C2', 'Y', '05/02/2026', '', '90,00', 'Sales Receipt', ''],
    ];
    const r = ledgerOfTables(table(rows, { continental: true }));
    expect(r.records.map((x) => x.number)).toEqual(['FA-1']);
    expect(r.count).toMatchObject({ read: 7, used: 1, rejected: 0, ignored: 6, amounts: { read: { EUR: 10000 }, used: { EUR: 10000 } } });
    expect(r.problems.filter((p) => p.code === 'not_an_invoice_ignored').map((p) => [p.line, p.value])).toEqual([
      [3, 'Brouillon'],
      [4, 'Pro-forma'],
      [5, 'Devis'],
      [6, 'Bon de livraison'],
      [7, 'Bon de commande'],
      [8, 'Sales Receipt'],
    ]);
  });
  it('reads the document types software writes (Credit Memo, Sales credit note, ACCRECCREDIT, out_refund, Customer Invoice, Facture d’acompte, Escompte…)', () => {
    const rows = [
      [...header, 'Type'],
      ['CM-1', 'C1', 'X', '01/02/2026', '', '10,00', 'Credit Memo'],
      ['CN-1', 'C1', 'X', '01/02/2026', '', '-20,00', 'Sales credit note'],
      ['CN-2', 'C1', 'X', '01/02/2026', '', '30,00', 'ACCRECCREDIT'],
      ['RINV-1', 'C1', 'X', '01/02/2026', '', '40,00', 'out_refund'],
      ['INV-1', 'C1', 'X', '01/02/2026', '', '500,00', 'Customer Invoice'],
      ['INV-2', 'C1', 'X', '01/02/2026', '', '600,00', 'ACCREC'],
      ['INV-3', 'C1', 'X', '01/02/2026', '', '700,00', 'out_invoice'],
      // French software's: a down payment's invoice and the final one, a corrective one by its sign, the credit notes'
      // kinds, a discount granted; the Dutch down payment's invoice.
      ['FAC-1', 'C1', 'X', '01/02/2026', '', '300,00', 'Facture d’acompte'],
      ['FAC-2', 'C1', 'X', '01/02/2026', '', '900,00', 'Facture de solde'],
      ['FR-1', 'C1', 'X', '01/02/2026', '', '-50,00', 'Facture rectificative'],
      ['AV-1', 'C1', 'X', '01/02/2026', '', '60,00', 'Avoir commercial'],
      ['AV-2', 'C1', 'X', '01/02/2026', '', '70,00', "Avoir d'annulation"],
      ['ESC-1', 'C1', 'X', '01/02/2026', '', '8,00', 'Escompte'],
      ['VF-1', 'C1', 'X', '01/02/2026', '', '400,00', 'Voorschotfactuur'],
    ];
    const r = ledgerOfTables(table(rows, { continental: true }));
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(r.records.map((x) => [x.number, x.amount])).toEqual([
      ['CM-1', -1000],
      ['CN-1', -2000],
      ['CN-2', -3000],
      ['RINV-1', -4000],
      ['INV-1', 50000],
      ['INV-2', 60000],
      ['INV-3', 70000],
      ['FAC-1', 30000],
      ['FAC-2', 90000],
      ['FR-1', -5000],
      ['AV-1', -6000],
      ['AV-2', -7000],
      ['ESC-1', -800],
      ['VF-1', 40000],
    ]);
  });
  it('ignores a total row at the bottom, and says so', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '01/02/2026', '', '1,00'], ['Total', '', '', '', '', '1,00']], { continental: true }));
    expect(r.count).toMatchObject({ read: 2, used: 1, rejected: 0, ignored: 1 });
    expect(r.problems.filter((p) => p.code !== 'ambiguous_date_order' && p.code !== 'due_by_default_terms')).toMatchObject([{ severity: 'warning', code: 'total_row_ignored', line: 3 }]);
  });
  it('ignores a report’s heading rows (text only in columns ar does not read), says so with their text, and reconciles', () => {
    // As an aged-balance report groups its rows: QuickBooks' "Current", "1 - 30 days past due" in an unnamed first column.
    const rows = [
      ['', ...header],
      ['Current', '', '', '', '', '', ''],
      ['', 'F1', 'C1', 'X', '01/02/2026', '', '100,00'],
      ['1 - 30 days past due', '', '', '', '', '', ''],
      ['', 'F2', 'C2', 'Y', '02/02/2026', '', '30,00'],
      ['Total for 1 - 30 days past due', '', '', '', '', '', '30,00'],
    ];
    const r = ledgerOfTables(table(rows, { continental: true }));
    expect(r.count).toMatchObject({ read: 5, used: 2, rejected: 0, ignored: 3, amounts: { read: { EUR: 13000 }, used: { EUR: 13000 } } });
    expect(r.problems.filter((p) => p.code !== 'ambiguous_date_order' && p.code !== 'due_by_default_terms')).toMatchObject([
      { severity: 'warning', code: 'heading_row_ignored', line: 2, value: 'Current' },
      { severity: 'warning', code: 'heading_row_ignored', line: 4, value: '1 - 30 days past due' },
      { severity: 'warning', code: 'total_row_ignored', line: 6 },
    ]);
    // A row with something in a column ar reads is no heading: a status alone is a row missing its document, rejected.
    const status = ledgerOfTables(
      table(
        [
          [...header, 'Statut'],
          ['F1', 'C1', 'X', '01/02/2026', '', '100,00', ''],
          ['', '', '', '', '', '', 'Litige'],
        ],
        { continental: true },
      ),
    );
    expect(status.count).toMatchObject({ read: 2, used: 1, rejected: 1, ignored: 0 });
  });
  it('takes a text alone in the number or the customer column, undated and without an amount, for a heading: ignored, and no customer made of it', () => {
    const rows = [
      header,
      ['Factures 2026', '', '', '', '', ''],
      ['F1', 'C1', 'X', '01/02/2026', '', '100,00'],
      ['', 'Clients Belgique', '', '', '', ''],
      ['F2', 'C2', 'Y', '02/02/2026', '', '30,00'],
      // Two names, or a name and a due date: a row missing its date and amount, rejected.
      ['F3', 'C1', '', '', '', ''],
      ['', 'C2', '', '', '03/03/2026', ''],
    ];
    const r = ledgerOfTables(table(rows, { continental: true }));
    expect(r.count).toMatchObject({ read: 6, used: 2, rejected: 2, ignored: 2 });
    expect(r.problems.filter((p) => p.code === 'heading_row_ignored')).toMatchObject([
      { line: 2, value: 'Factures 2026' },
      { line: 4, value: 'Clients Belgique' },
    ]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => p.line)).toEqual([6, 6, 7, 7, 7]);
    expect(r.ledger.customerIds).toEqual(['C1', 'C2']);
  });
  it('takes a row of an amount alone that sums the rows above (an unlabelled =SUM) for a total, and says so; any other such row is rejected', () => {
    const rows = (total: string) => [
      header,
      ['F1', 'C1', 'X', '01/02/2026', '', '100,00'],
      ['F2', 'C2', 'Y', '02/02/2026', '', '-30,00'],
      ['F3', 'C1', 'X', '03/02/2026', '', '5,50'],
      ['', '', '', '', '', total],
    ];
    const r = ledgerOfTables(table(rows('75,50'), { continental: true }));
    expect(r.count).toMatchObject({ read: 4, used: 3, rejected: 0, ignored: 1, amounts: { read: { EUR: 7550 }, used: { EUR: 7550 } } });
    expect(r.problems.filter((p) => p.code !== 'ambiguous_date_order' && p.code !== 'due_by_default_terms')).toMatchObject([
      { severity: 'warning', code: 'total_row_ignored', line: 5, params: { sum: 1 } },
    ]);
    // Not the sum: a row with nothing but an amount is no document, and is rejected as before.
    const wrong = ledgerOfTables(table(rows('75,51'), { continental: true }));
    expect(wrong.count).toMatchObject({ read: 4, used: 3, rejected: 1, ignored: 0 });
    expect(wrong.problems.filter((p) => p.severity === 'error').map((p) => p.column)).toEqual(['N° facture', 'Code client', 'Date facture']);
  });
  it('knows subtotals: a section after a total sums on its own, and the grand total sums every row', () => {
    const r = ledgerOfTables(
      table(
        [
          header,
          ['F1', 'C1', 'X', '01/02/2026', '', '10,00'],
          ['F2', 'C1', 'X', '02/02/2026', '', '20,00'],
          ['Sous-total', '', '', '', '', '30,00'],
          ['F3', 'C2', 'Y', '03/02/2026', '', '1,00'],
          ['F4', 'C2', 'Y', '04/02/2026', '', '2,00'],
          ['', '', '', '', '', '3,00'],
          ['', '', '', '', '', '33,00'],
        ],
        { continental: true },
      ),
    );
    expect(r.count).toMatchObject({ read: 7, used: 4, rejected: 0, ignored: 3 });
  });
  it('reads a dated row whose number begins with "Total" as an invoice, not a total row', () => {
    const r = ledgerOfTables(table([header, ['TOTAL-001', 'C1', 'X', '01/02/2026', '', '10,00'], ['Total', '', '', '', '', '10,00']], { continental: true }));
    expect(r.records.map((x) => x.number)).toEqual(['TOTAL-001']);
    expect(r.count).toMatchObject({ read: 2, used: 1, ignored: 1 });
  });
  it('does not take one row repeated for a total: the sum of one row is no evidence', () => {
    const r = ledgerOfTables(table([header, ['F1', 'C1', 'X', '01/02/2026', '', '10,00'], ['', '', '', '', '', '10,00']], { continental: true }));
    expect(r.count).toMatchObject({ read: 2, used: 1, rejected: 1, ignored: 0 });
  });
  it("takes the currency a header names for the invoices that say none themselves, not for the payments (SPEC §1: the invoices' currency)", () => {
    const r = ledgerOfTables(
      table(
        [
          ['Facture', 'Client', 'Date', 'Amount (USD)', 'Devise'],
          ['F1', 'C1', '01/02/2026', '100,00', ''],
          ['F2', 'C1', '02/02/2026', '100,00', 'CHF'],
          ['F3', 'C1', '03/02/2026', '100,00 €', ''],
        ],
        { continental: true },
      ),
    );
    // The currency column first, then the cell's own symbol, then the header's unit; an amount the header says in
    // USD on a row in CHF is refused (the amount in CHF is not in the file).
    expect(r.records.map((x) => [x.number, x.currency])).toEqual([
      ['F1', 'USD'],
      ['F3', 'EUR'],
    ]);
    expect(r.problems.filter((x) => x.severity === 'error')).toMatchObject([{ code: 'amount_in_other_currency', line: 3, column: 'Amount (USD)', params: { unit: 'USD', currency: 'CHF' } }]);
    // A `$` is every dollar's: on a row in CAD, the amount is in CAD; a `€` on a row in GBP is refused.
    const dollars = ledgerOfTables(
      table([
        ['Invoice', 'Customer', 'Date', 'Amount', 'Currency'],
        ['F1', 'C1', '2026-02-01', '$1,200.00', 'CAD'],
        ['F2', 'C1', '2026-02-02', '€300.00', 'GBP'],
      ]),
    );
    expect(dollars.records.map((x) => [x.number, x.currency, x.amount])).toEqual([['F1', 'CAD', 120000]]);
    expect(dollars.problems.filter((x) => x.severity === 'error')).toMatchObject([{ code: 'amount_in_other_currency', line: 3, params: { unit: 'EUR', currency: 'GBP' } }]);
    const eur = ledgerOfTables(
      table(
        [
          ['Facture', 'Client', 'Date', 'Montant', 'Devise'],
          ['F1', 'C1', '01/02/2026', '100,00', 'EUR'],
        ],
        { continental: true },
      ),
      table(
        [
          ['Date', 'Client', 'Montant (USD)', 'Facture'],
          ['05/02/2026', 'C1', '40,00', 'F1'],
        ],
        { continental: true },
        'p.csv',
      ),
    );
    expect(eur.payments.map((x) => x.currency)).toEqual(['EUR']);
  });
  it('names the missing column and the headers found', () => {
    expect(() =>
      ledgerOfTables(
        table([
          ['Facture', 'Client', 'Total'],
          ['F1', 'C1', '1'],
        ]),
      ),
    ).toThrow(/missing column\(s\) issueDate/);
  });
});

describe('importPayments', () => {
  const invoices = table(
    [
      ['Facture', 'Client', 'Date', 'Montant', 'Devise'],
      ['F1', 'C1', '01/02/2026', '100,00', 'EUR'],
      ['F2', 'C2', '01/02/2026', '100,00', 'USD'],
    ],
    { continental: true },
  );
  it('gives a payment without a customer the customer of the first invoice it names', () => {
    const r = ledgerOfTables(
      invoices,
      table(
        [
          ['Date', 'Client', 'Montant', 'Factures'],
          ['05/02/2026', '', '50,00', 'F404 F2; F1'],
        ],
        { continental: true },
        'p.csv',
      ),
    );
    expect(r.payments[0]).toMatchObject({ customerId: 'C2', currency: 'USD', refs: ['F404', 'F2', 'F1'] });
  });
  it('takes a row of an amount alone that sums the payments above for a total, and says so', () => {
    const payments = (total: string) =>
      table(
        [
          ['Date', 'Client', 'Montant', 'Factures'],
          ['05/02/2026', 'C1', '50,00', 'F1'],
          ['06/02/2026', '', '25,00', 'F2'],
          ['', '', total, ''],
        ],
        { continental: true },
        'p.csv',
      );
    const r = ledgerOfTables(invoices, payments('75,00'));
    expect(r.paymentsCount).toMatchObject({ read: 3, used: 2, rejected: 0, ignored: 1 });
    expect(r.problems.filter((p) => p.code === 'total_row_ignored')).toMatchObject([{ severity: 'warning', file: 'p.csv', line: 4, params: { sum: 1 } }]);
    const wrong = ledgerOfTables(invoices, payments('74,00'));
    expect(wrong.paymentsCount).toMatchObject({ read: 3, used: 2, rejected: 1, ignored: 0 });
  });
  it('takes from a free-text column (Libellé, Memo, Communication) only the words that name an invoice; a column of references keeps every one with a digit', () => {
    const invoices = table(
      [
        ['Facture', 'Client', 'Date', 'Montant'],
        ['FA-001', 'C1', '01/02/2026', '100,00'],
        ['FA-002', 'C2', '01/02/2026', '100,00'],
        ['12', 'C1', '01/02/2026', '100,00'],
      ],
      { continental: true },
    );
    const payments = (header: string) =>
      table(
        [
          ['Date', 'Client', 'Montant', header],
          ['05/02/2026', 'C1', '100,00', 'Règlement facture FA-001 client Dupont du 05/02/2026'],
          ['06/02/2026', '', '40,00', 'VIR SEPA FA-002'],
          ['07/02/2026', 'C1', '10,00', 'Acompte FA-002 et FA-404, virement du 12'],
        ],
        { continental: true },
        'p.csv',
      );
    const free = ledgerOfTables(invoices, payments('Libellé'));
    // The words are no references; an invoice named gives the customer (FA-002: C2), and another customer's is
    // still said. An invoice number short enough to be any number of a text (`12`) is not looked for in it, as in a bank line's.
    expect(free.payments.map((p) => [p.customerId, p.refs])).toEqual([
      ['C1', ['FA-001']],
      ['C2', ['FA-002']],
      ['C1', ['FA-002']],
    ]);
    const list = ledgerOfTables(invoices, payments('Factures'));
    // The words without a digit around an invoice named (`Règlement facture`, `Acompte`) are no references; the
    // others stay, said unknown when they name none (`FA-404`, `05/02/2026`).
    expect(list.payments[0]!.refs).toEqual(['FA-001', '05/02/2026']);
    expect(list.payments[2]!.refs).toEqual(['FA-002', 'FA-404', '12']);
  });
  it('takes invoice numbers joined by a slash, a plus or an ampersand as each a reference, when each names an invoice; a number with a slash of its own is looked for whole first', () => {
    const invoices = table(
      [
        ['Facture', 'Client', 'Date', 'Montant'],
        ['FA-001', 'C1', '01/02/2026', '100,00'],
        ['FA-002', 'C1', '01/02/2026', '100,00'],
        ['2026/005', 'C1', '01/02/2026', '100,00'],
      ],
      { continental: true },
    );
    const payments = (header: string) =>
      table(
        [
          ['Date', 'Client', 'Montant', header],
          ['05/02/2026', 'C1', '200,00', 'FA-002/FA-001'],
          ['06/02/2026', 'C1', '100,00', '2026/005'],
          ['07/02/2026', 'C1', '10,00', 'FA-001/FA-404'],
          ['08/02/2026', 'C1', '10,00', 'FA-001+FA-002'],
          ['09/02/2026', 'C1', '10,00', 'FA-002&2026/005'],
        ],
        { continental: true },
        'p.csv',
      );
    const r = ledgerOfTables(invoices, payments('Factures'));
    expect(r.payments.map((p) => p.refs)).toEqual([['FA-002', 'FA-001'], ['2026/005'], ['FA-001/FA-404'], ['FA-001', 'FA-002'], ['FA-002', '2026/005']]);
    const free = ledgerOfTables(invoices, payments('Libellé'));
    expect(free.payments.map((p) => p.refs)).toEqual([['FA-002', 'FA-001'], ['2026/005'], [], ['FA-001', 'FA-002'], ['FA-002', '2026/005']]);
  });
  it('reads a customer account’s two sides, Débit and Crédit: a credit is a payment, a debit a refund owed again, a row with both their difference', () => {
    const invoices = table(
      [
        ['Facture', 'Client', 'Date', 'Montant'],
        ['FA-001', 'C1', '01/02/2026', '100,00'],
      ],
      { continental: true },
    );
    const r = ledgerOfTables(
      invoices,
      table(
        [
          ['Date', 'Client', 'Libellé', 'Débit', 'Crédit'],
          ['05/02/2026', 'C1', 'Règlement FA-001', '', '100,00'],
          ['06/02/2026', 'C1', 'Chèque impayé', '100,00', ''],
          ['07/02/2026', 'C1', 'Régularisation', '10,00', '30,00'],
          ['08/02/2026', 'C1', 'Rien', '', ''],
        ],
        { continental: true },
        'p.csv',
      ),
    );
    expect(r.payments.map((p) => p.amount)).toEqual([10000, -10000, 2000]);
    expect(r.problems.filter((p) => p.severity === 'error')).toMatchObject([{ line: 5, column: 'Crédit', code: 'required' }]);
  });
  it('reads an invoices file of a customer account’s two sides (Compte, Intitulé, Débit, Crédit): the debit less the credit, a credit note when negative', () => {
    const r = ledgerOfTables(
      table(
        [
          ['Compte', 'Intitulé', 'Pièce', 'Date pièce', 'Débit', 'Crédit'],
          ['411DUP', 'Dupont & Fils', 'FA26-101', '05/09/2026', '1 250,00 €', ''],
          ['411DUP', 'Dupont & Fils', 'AV26-007', '15/10/2026', '', '250,00 €'],
          ['411MAR', 'Martin SAS', 'FA26-110', '01/08/2026', '1.000,00', '20,00'],
          ['411MAR', 'Martin SAS', 'FA26-111', '02/08/2026', 'x', ''],
          ['411MAR', 'Martin SAS', 'FA26-112', '03/08/2026', '', ''],
        ],
        { continental: true },
      ),
    );
    expect(r.records.map((i) => [i.number, i.customerId, i.customerName, i.amount, i.isCreditNote, i.currency])).toEqual([
      ['FA26-101', '411DUP', 'Dupont & Fils', 125000, false, 'EUR'],
      ['AV26-007', '411DUP', 'Dupont & Fils', -25000, true, 'EUR'],
      ['FA26-110', '411MAR', 'Martin SAS', 98000, false, 'EUR'],
    ]);
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.column, p.code])).toEqual([
      [5, 'Débit', 'not_an_amount'],
      [6, 'Débit', 'required'],
    ]);
  });
  it('reads an account statement’s money received as payments: a credit in a bank journal, or a row typed as a payment; a bank debit is owed at once', () => {
    const r = ledgerOfTables(
      table(
        [
          ['Compte', 'Jnl', 'Date', 'Pièce', 'Type', 'Débit', 'Crédit'],
          ['411DUP', 'VT', '05/09/2026', 'FA26-101', '', '1 250,00', ''],
          ['411DUP', 'VT', '15/10/2026', 'AV26-007', '', '', '250,00'],
          ['411DUP', 'BQ1', '02/10/2026', 'VIR1002', '', '', '1 000,00'],
          ['411MAR', 'Banque', '15/11/2026', '', '', '', '980,00'],
          ['411MAR', 'BQ1', '20/11/2026', 'CHQ-R', '', '980,00', ''],
          ['411MAR', '', '21/11/2026', 'RG-7', 'Règlement', '', '100,00'],
          ['411MAR', 'BQ1', '', 'VIR-X', '', '', '5,00'],
        ],
        { continental: true },
      ),
    );
    expect(r.records.map((i) => [i.number, i.amount, i.isCreditNote, isoFromDay(i.dueDate)])).toEqual([
      ['FA26-101', 125000, false, '2026-10-05'],
      ['AV26-007', -25000, true, '2026-11-14'],
      ['CHQ-R', 98000, false, '2026-11-20'],
    ]);
    expect(r.payments.map((p) => [p.id, p.customerId, isoFromDay(p.date), p.amount])).toEqual([
      ['VIR1002', '411DUP', '2026-10-02', 100000],
      ['5', '411MAR', '2026-11-15', 98000],
      ['RG-7', '411MAR', '2026-11-21', 10000],
    ]);
    expect(r.count).toMatchObject({ read: 7, used: 6, rejected: 1, amounts: { used: { EUR: -10000 } } }); // the net of the rows used: 1 250 − 250 − 1 000 − 980 + 980 − 100
    expect(r.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.column, p.code])).toEqual([[8, 'Date', 'required']]);
  });
  it('reads a payments file whose amounts are mostly negative as payments written as credits, says so, and does as told', () => {
    const invoices = table(
      [
        ['Facture', 'Client', 'Date', 'Montant'],
        ['FA-001', 'C1', '01/02/2026', '100,00'],
        ['FA-002', 'C2', '01/02/2026', '200,00'],
      ],
      { continental: true },
    );
    // As some software exports a customer account's credit side: payments negative, a refund positive.
    const payments = table(
      [
        ['Date', 'Client', 'Montant', 'Facture'],
        ['05/02/2026', 'C1', '-100,00', 'FA-001'],
        ['06/02/2026', 'C2', '-150,00', 'FA-002'],
        ['07/02/2026', 'C2', '20,00', ''],
      ],
      { continental: true },
      'p.csv',
    );
    const r = ledgerOfTables(invoices, payments);
    expect(r.payments.map((p) => p.amount)).toEqual([10000, 15000, -2000]);
    expect(r.problems.filter((p) => p.code === 'payments_written_negative')).toEqual([
      { severity: 'warning', code: 'payments_written_negative', file: 'p.csv', line: 0, params: { negative: 2, count: 3, first: 2 } },
    ]);
    // The count reconciles in the amounts as read, payments positive.
    expect(r.paymentsCount).toMatchObject({ read: 3, used: 3, amounts: { used: { EUR: 23000 } } });
    // Told: a file of refunds and rejected payments stays so; a file told negative is reversed whatever its amounts.
    const told = ledgerOfTables(invoices, payments, { paymentSign: 'positive' });
    expect(told.payments.map((p) => p.amount)).toEqual([-10000, -15000, 2000]);
    expect(told.problems.map((p) => p.code)).not.toContain('payments_written_negative');
    const negative = ledgerOfTables(invoices, payments, { paymentSign: 'negative' });
    expect(negative.payments.map((p) => p.amount)).toEqual([10000, 15000, -2000]);
    // Most amounts positive: a negative one is a refund, as ever.
    const usual = ledgerOfTables(
      invoices,
      table(
        [
          ['Date', 'Client', 'Montant', 'Facture'],
          ['05/02/2026', 'C1', '100,00', 'FA-001'],
          ['06/02/2026', 'C2', '-150,00', ''],
        ],
        { continental: true },
        'p.csv',
      ),
    );
    expect(usual.payments.map((p) => p.amount)).toEqual([10000, -15000]);
    expect(usual.problems.map((p) => p.code)).not.toContain('payments_written_negative');
  });
  it('ignores a heading row among the payments, and says so', () => {
    const payments = table(
      [
        ['', 'Date', 'Client', 'Montant', 'Factures'],
        ['Virements', '', '', '', ''],
        ['', '05/02/2026', 'C1', '50,00', 'F1'],
        ['Chèques', '', '', '', ''],
        ['', '06/02/2026', '', '25,00', 'F2'],
      ],
      { continental: true },
      'p.csv',
    );
    const r = ledgerOfTables(invoices, payments);
    expect(r.paymentsCount).toMatchObject({ read: 4, used: 2, rejected: 0, ignored: 2 });
    expect(r.problems.filter((p) => p.code === 'heading_row_ignored')).toMatchObject([
      { file: 'p.csv', line: 2, value: 'Virements' },
      { file: 'p.csv', line: 4, value: 'Chèques' },
    ]);
    // In the customer column, alone: a heading too, and no customer.
    const inColumn = ledgerOfTables(
      invoices,
      table(
        [
          ['Date', 'Client', 'Montant', 'Factures'],
          ['', 'Virements reçus', '', ''],
          ['05/02/2026', 'C1', '50,00', 'F1'],
        ],
        { continental: true },
        'p.csv',
      ),
    );
    expect(inColumn.paymentsCount).toMatchObject({ read: 2, used: 1, rejected: 0, ignored: 1 });
    expect(inColumn.problems.filter((p) => p.code === 'heading_row_ignored')).toMatchObject([{ file: 'p.csv', line: 2, value: 'Virements reçus' }]);
    expect(inColumn.ledger.customerIds).not.toContain('Virements reçus');
  });
  it('rejects a payment with neither customer nor reference', () => {
    const r = ledgerOfTables(
      invoices,
      table(
        [
          ['Date', 'Client', 'Montant', 'Factures'],
          ['05/02/2026', '', '50,00', ''],
        ],
        { continental: true },
        'p.csv',
      ),
    );
    expect(r.problems.filter((p) => p.code !== 'ambiguous_date_order' && p.code !== 'due_by_default_terms')).toMatchObject([{ severity: 'error', code: 'payment_without_customer', line: 2 }]);
    expect(r.paymentsCount).toMatchObject({ read: 1, used: 0, rejected: 1 });
  });
  it('splits references on , ; | and spaces', () => {
    expect(splitReferences(' F1,F2; F3 |F4  F5 ')).toEqual(['F1', 'F2', 'F3', 'F4', 'F5']);
  });
});

describe('importCustomers', () => {
  it('reads addresses, language, terms, limit and do-not-remind', () => {
    const r = importCustomers(
      table(
        [
          ['Code client', 'Raison sociale', 'E-mail', 'Langue', 'Conditions de paiement', 'Plafond de crédit', 'Ne pas relancer'],
          ['C1', 'Dupont', 'a@x.example, b@x.example', 'Français', '45FDM', '15 000,00', 'oui'],
          ['C2', 'Jansen', 'pas-une-adresse', 'nl', '30', '', ''],
        ],
        { continental: true },
        'clients.csv',
      ),
    );
    expect(r.records.map((c) => [c.id, c.emails, c.language, c.terms, c.creditLimit, c.doNotRemind])).toEqual([
      ['C1', ['a@x.example', 'b@x.example'], 'fr', '45FDM', 1500000, true],
      ['C2', [], 'nl', '30', null, false],
    ]);
    expect(r.problems).toMatchObject([{ severity: 'warning', code: 'invalid_email', value: 'pas-une-adresse' }]);
  });
  it('reads a software’s customer list: Business Central’s (No., Language Code, Payment Terms Code, Credit Limit (LCY)), QuickBooks’ billing address', () => {
    const r = importCustomers(
      table(
        [
          ['No.', 'Name', 'E-Mail', 'Language Code', 'Payment Terms Code', 'Credit Limit (LCY)', 'Billing Street', 'Billing ZIP', 'Billing City', 'Billing Country'],
          ['10000', 'Adatum Corporation', 'ap@adatum.example', 'FRB', '30 DAYS', '15000.00', 'Rue de la Loi 16', '1000', 'Bruxelles', 'BE'],
          ['20000', 'Trey Research', 'ap@trey.example', 'NLB', '1M(8D)', '', 'Meir 1', '2000', 'Antwerpen', 'BE'],
          ['30000', 'School of Fine Art', 'ap@school.example', 'ENU', 'COD', '', '', '', '', ''],
        ],
        {},
        'customers.csv',
      ),
    );
    expect(r.records.map((c) => [c.id, c.language, c.terms, c.creditLimit, c.address ?? null])).toEqual([
      ['10000', 'fr', '30 DAYS', 1500000, ['Rue de la Loi 16', '1000 Bruxelles', 'BE']],
      ['20000', 'nl', null, null, ['Meir 1', '2000 Antwerpen', 'BE']],
      ['30000', 'en', 'COD', null, null],
    ]);
    // A month is no number of days, and its 8 days are a discount's: not read, said, the default terms taken.
    expect(r.problems).toMatchObject([{ code: 'customer_terms_not_read', line: 3, value: '1M(8D)' }]);
  });
  it('reads a contacts file without codes by its names; a row without a name is rejected, said of the names’ column', () => {
    const r = importCustomers(
      table(
        [
          ['Display Name', 'Email'],
          ['Azure Interior', 'a@x.example'],
          ['', 'b@x.example'],
        ],
        {},
        'contacts.csv',
      ),
    );
    expect(r.records.map((c) => [c.id, c.name, c.emails])).toEqual([['Azure Interior', 'Azure Interior', ['a@x.example']]]);
    expect(r.count).toMatchObject({ read: 2, used: 1, rejected: 1 });
    expect(r.problems.map((x) => [x.code, x.line, x.column])).toEqual([
      ['required', 3, 'Display Name'],
      ['customers_by_name', 2, 'Display Name'],
    ]);
  });
  it('ignores, and says, the headings and the total rows of a list exported as a report; a customer coded TOTAL, with an address, is a customer', () => {
    const r = importCustomers(
      table(
        [
          ['Région', 'Code client', 'Raison sociale', 'E-mail', 'Plafond de crédit'],
          ['Clients France', '', '', '', ''],
          ['', 'C1', 'Dupont', 'compta@dupont.example', '15 000,00'],
          ['', 'TOTAL', 'TotalEnergies', 'ap@total.example', ''],
          ['', 'Sous-total France', '', '', '15 000,00'],
          ['', '', '', '', ''],
          ['Total général', '', '', '', '15 000,00'],
          ['', '', 'Sans code', 'x@y.example', ''],
        ],
        { continental: true },
        'clients.csv',
      ),
    );
    // A customer without a code, its name given, is known by its name (said).
    expect(r.records.map((c) => c.id)).toEqual(['C1', 'TOTAL', 'Sans code']);
    expect(r.count).toMatchObject({ read: 6, used: 3, rejected: 0, ignored: 3 });
    expect(r.problems.map((x) => [x.line, x.code, x.value])).toEqual([
      [2, 'heading_row_ignored', 'Clients France'],
      [5, 'total_row_ignored', undefined],
      [7, 'total_row_ignored', undefined],
      [8, 'customers_by_name', undefined],
    ]);
  });
});
