import { cents } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { bankCsvStatement, findBankHeader, isBankHeader } from '../../src/core/import/bank-csv.ts';
import {
  creditorReferences,
  isValidCreditorReference,
  isValidIban,
  isValidStructuredCommunication,
  matchBankTransactions,
  remittanceTokens,
  structuredCommunication,
  structuredCommunications,
  type BankStatement,
  type BankTransaction,
} from '../../src/core/import/bank.ts';
import { importCustomers } from '../../src/core/import/ledger.ts';
import { ledgerOfTables } from '../helpers/import.ts';
import { arrayTable, headRows, type Cell, type Table } from '../../src/core/import/table.ts';
import type { Customer } from '../../src/core/types.ts';
import { d, inv } from '../helpers/build.ts';

describe('payment references', () => {
  it('checks Belgian structured communications: the first ten digits mod 97, 97 when 0', () => {
    expect(isValidStructuredCommunication('123456789002')).toBe(true);
    expect(isValidStructuredCommunication('123456789000')).toBe(false);
    expect(isValidStructuredCommunication('000000009797')).toBe(true); // 97 mod 97 = 0 → 97
    expect(isValidStructuredCommunication('000000009700')).toBe(false);
    expect(structuredCommunication('1234567890')).toBe('+++123/4567/89002+++');
    expect(structuredCommunication('2026002')).toBe('+++000/2026/00260+++');
  });

  it('finds +++…+++, ***…*** and bare 12-digit communications, keeping bad check digits only when marked', () => {
    const found = structuredCommunications('Fact +++123/4567/89002+++ et ***000/2026/00260*** 101202600172 999999999999 +++123/4567/89000+++');
    expect(found.map((f) => [f.key, f.valid, f.explicit])).toEqual([
      ['123456789002', true, true],
      ['000202600260', true, true],
      ['123456789000', false, true],
      ['101202600172', true, false],
    ]);
    expect(structuredCommunications('', ['101202600172'])[0]).toMatchObject({ key: '101202600172', valid: true, explicit: true });
  });

  it('checks RF creditor references (ISO 11649) and finds them compact, grouped or between slashes', () => {
    expect(isValidCreditorReference('RF18539007547034')).toBe(true);
    expect(isValidCreditorReference('RF18539007547035')).toBe(false);
    expect(isValidCreditorReference('RF27FA2026004')).toBe(true);
    expect(creditorReferences('Paiement RF18 5390 0754 7034 merci').map((r) => [r.key, r.valid])).toEqual([['RF18539007547034', true]]);
    expect(creditorReferences('VIR /RFB/RF27FA2026004').map((r) => r.key)).toEqual(['RF27FA2026004']);
    expect(creditorReferences('RF19 1234 merci').map((r) => [r.key, r.valid])).toEqual([['RF191234', false]]);
  });

  it('checks IBANs', () => {
    expect(isValidIban('BE68539007547034')).toBe(true);
    expect(isValidIban('FR1420041010050500013M02606')).toBe(true);
    expect(isValidIban('BE68539007547035')).toBe(false);
    expect(isValidIban('BE68')).toBe(false);
  });

  it('cuts remittance text into tokens, splitting on slashes too', () => {
    expect(remittanceTokens('VIR SEPA /MOTIF FA2026-001/FA2026-002. Réf: Inv_7')).toEqual(['VIR', 'SEPA', 'MOTIF', 'FA2026-001/FA2026-002', 'FA2026-001', 'FA2026-002', 'REF', 'INV_7']);
  });
});

let line = 1;
function tx(amount: number, extra: Partial<BankTransaction> = {}): BankTransaction {
  return {
    id: null,
    date: d('2026-10-01'),
    amount: cents(amount),
    currency: 'EUR',
    booked: true,
    reversal: false,
    text: '',
    references: [],
    documents: [],
    counterparty: null,
    iban: null,
    file: 'releve.xml',
    line: line++,
    ...extra,
  };
}
function statement(transactions: BankTransaction[], extra: Partial<BankStatement> = {}): BankStatement {
  return { file: 'releve.xml', transactions, problems: [], rejected: 0, rejectedAmounts: {}, ignoredRows: 0, ...extra };
}
const customer = (id: string, ibans: string[] = []): Customer => ({
  id,
  name: null,
  emails: [],
  cc: [],
  language: null,
  terms: null,
  creditLimit: null,
  doNotRemind: false,
  ibans,
  file: 'clients.csv',
  line: 1,
});

describe('matching bank credits to invoices and customers', () => {
  const invoices = [
    inv('FA2026-001', 'C1', '2026-06-01', '2026-07-01', 10000, { paymentReference: '+++101/2026/00172+++' }),
    inv('FA2026-002', 'C1', '2026-06-02', '2026-07-02', 20000),
    inv('FA2026-004', 'C2', '2026-06-03', '2026-07-03', 30000),
    inv('AV2026-002', 'C2', '2026-06-04', '2026-06-04', -5000),
    inv('F12', 'C3', '2026-06-05', '2026-07-05', 4000),
    inv('STD-1', 'C4', '2026-06-05', '2026-07-05', 4000, { paymentReference: 'RF18539007547034' }),
    inv('STD-2', 'C4', '2026-06-06', '2026-07-06', 4000, { paymentReference: 'RF18539007547034' }),
  ];
  const customers = new Map([
    ['C3', customer('C3', ['BE02363098765440'])],
    ['C5', customer('C5', ['BE20735001122356'])],
    ['C6', customer('C6', ['BE20735001122356'])],
  ]);
  const run = (txs: BankTransaction[]) => matchBankTransactions(statement(txs), invoices, customers);

  it('matches by the structured communication of the invoice, else by the invoice number’s digits', () => {
    const r = run([tx(10000, { text: '+++101/2026/00172+++' }), tx(5000, { references: ['000202600260'] })]);
    expect(r.payments.map((p) => [p.customerId, p.refs])).toEqual([
      ['C1', ['FA2026-001']],
      ['C1', ['FA2026-002']],
    ]);
    expect([...r.methods.values()]).toEqual(['structured_communication', 'structured_communication']);
  });

  it('takes the structured communication before any invoice number in the text', () => {
    const r = run([tx(10000, { text: '+++101/2026/00172+++ FA2026-004' })]);
    expect(r.payments[0]).toMatchObject({ customerId: 'C1', refs: ['FA2026-001'] });
  });

  it('warns of a structured communication with wrong check digits, and goes on with the other ways', () => {
    const r = run([tx(10000, { text: '+++123/4567/89000+++ FA2026-002' })]);
    expect(r.payments[0]).toMatchObject({ customerId: 'C1', refs: ['FA2026-002'] });
    expect(r.problems).toEqual([expect.objectContaining({ severity: 'warning', code: 'structured_communication_invalid', value: '+++123/4567/89000+++' })]);
  });

  it('matches an RF reference by the invoice’s own reference or by its number; a standing reference names the customer only', () => {
    const r = run([tx(30000, { text: 'RF27 FA20 2600 4' }), tx(8000, { references: ['RF18 5390 0754 7034'] })]);
    expect(r.payments.map((p) => [p.customerId, p.refs, r.methods.get(p.id)])).toEqual([
      ['C2', ['FA2026-004'], 'creditor_reference'],
      ['C4', [], 'creditor_reference'],
    ]);
  });

  it('finds invoice numbers as whole tokens, several at once, but not inside longer numbers nor short ones by chance', () => {
    const r = run([tx(30000, { text: 'VIR FA2026-001/FA2026-002 MERCI' }), tx(100, { text: 'VIR FA2026-0012 ET F12' }), tx(200, { documents: ['f12'] })]);
    expect(r.payments.map((p) => [p.customerId, p.refs])).toEqual([
      ['C1', ['FA2026-001', 'FA2026-002']],
      ['C3', ['F12']],
    ]);
    expect(r.unidentified.map((u) => u.amount)).toEqual([100]);
  });

  it('falls back on the customers file’s IBAN, then on the IBAN of earlier matched credits, never a later one', () => {
    const r = run([
      tx(700, { iban: 'BE02363098765440', date: d('2026-10-01') }),
      tx(800, { iban: 'BE21001234567803', date: d('2026-10-02') }),
      tx(900, { iban: 'BE21001234567803', text: 'FA2026-004', date: d('2026-10-03') }),
      tx(1000, { iban: 'BE21001234567803', date: d('2026-10-04') }),
      tx(1100, { iban: 'BE20735001122356', date: d('2026-10-05') }),
    ]);
    expect(r.payments.map((p) => [p.amount, p.customerId, r.methods.get(p.id)])).toEqual([
      [700, 'C3', 'iban'],
      [900, 'C2', 'invoice_number'],
      [1000, 'C2', 'iban'],
    ]);
    // The IBAN of two customers in the customers file identifies neither.
    expect(r.unidentified.map((u) => u.amount)).toEqual([800, 1100]);
  });

  it('falls back last on the payer’s name, one customer’s as the invoices or the customers file write it; a shared name is neither’s', () => {
    const named = [
      inv('FA2026-101', 'C7', '2026-06-01', '2026-07-01', 10000, { customerName: 'Dupont SA' }),
      inv('FA2026-102', 'C8', '2026-06-01', '2026-07-01', 10000, { customerName: 'Homonyme' }),
      inv('FA2026-103', 'C9', '2026-06-01', '2026-07-01', 10000, { customerName: 'Homonyme' }),
    ];
    const file = new Map([['C3', { ...customer('C3', ['BE02363098765440']), name: 'Lebrun & Fils' }]]);
    const r = matchBankTransactions(
      statement([
        tx(100, { counterparty: 'DUPONT SA ' }),
        tx(200, { counterparty: 'lebrun & fils' }),
        tx(300, { counterparty: 'HOMONYME' }),
        tx(400, { counterparty: 'DUPONT SA', text: 'FA2026-103' }),
        tx(500, { counterparty: 'DUPONT SA PARIS' }),
      ]),
      named,
      file,
    );
    // The invoice named wins over the name; a name is matched whole, never a part of it.
    expect(r.payments.map((p) => [p.amount, p.customerId, r.methods.get(p.id)])).toEqual([
      [100, 'C7', 'name'],
      [200, 'C3', 'name'],
      [400, 'C9', 'invoice_number'],
    ]);
    expect(r.unidentified.map((u) => u.amount)).toEqual([300, 500]);
  });

  it('takes only booked incoming credits; the rest is ignored, and every movement is counted', () => {
    const r = matchBankTransactions(
      statement(
        [
          tx(-12000, { text: 'PRLV URSSAF' }),
          tx(5000, { booked: false, text: 'FA2026-001' }),
          tx(5000, { reversal: true, text: 'FA2026-001' }),
          tx(20000, { text: 'FA2026-002' }),
          tx(7500, { text: 'LOYER', counterparty: 'SCI LES TILLEULS', id: 'T1' }),
        ],
        { rejected: 1, rejectedAmounts: { EUR: cents(300) }, ignoredRows: 1 },
      ),
      invoices,
      customers,
    );
    expect(r.count).toEqual({
      file: 'releve.xml',
      read: 7,
      used: 1,
      rejected: 1,
      ignored: 4,
      unidentified: 1,
      amounts: { read: { EUR: 27800 }, used: { EUR: 20000 }, rejected: { EUR: 300 }, unidentified: { EUR: 7500 } },
    });
    expect(r.unidentified).toEqual([expect.objectContaining({ id: 'T1', amount: 7500, counterparty: 'SCI LES TILLEULS', text: 'LOYER' })]);
  });

  it('gives every payment a distinct id', () => {
    const r = run([tx(100, { id: 'X', text: 'FA2026-001' }), tx(100, { id: 'X', text: 'FA2026-001' }), tx(100, { text: 'FA2026-001', line: 99 })]);
    expect(r.payments.map((p) => p.id)).toEqual(['X', 'X#2', '99']);
  });
});

function table(rows: Cell[][], file = 'releve.csv', continental = true): Table {
  return arrayTable(file, rows, undefined, { continental });
}

describe('bank CSV exports', () => {
  it('recognises French, Belgian and Dutch headers, and not a payments ledger', () => {
    expect(isBankHeader(['Date', 'Libellé', 'Débit euros', 'Crédit euros', ''])).toBe(true);
    // A neobank's (Shine's) `Date de la transaction`.
    expect(isBankHeader(['Date de la transaction', 'Libellé', 'Montant', 'Devise', 'Catégorie'])).toBe(true);
    expect(isBankHeader(["Date de l'opération", 'Libellé', "Détail de l'écriture", "Montant de l'opération", 'Devise'])).toBe(true);
    expect(isBankHeader(['Numéro de séquence', "Date d'exécution", 'Date valeur', 'Montant', 'Devise du compte', 'Contrepartie', 'Nom de la contrepartie', 'Communication'])).toBe(true);
    expect(
      isBankHeader([
        'Rekeningnummer',
        'Rubrieknaam',
        'Naam',
        'Munt',
        'Afschriftnummer',
        'Datum',
        'Omschrijving',
        'Valuta',
        'Bedrag',
        'Saldo',
        'credit',
        'debet',
        'rekeningnummer tegenpartij',
        'Naam tegenpartij',
        'gestructureerde mededeling',
        'Vrije mededeling',
      ]),
    ).toBe(true);
    expect(isBankHeader(['Rekening', 'Boekingsdatum', 'Rekening tegenpartij', 'Naam tegenpartij bevat', 'Transactie', 'Valutadatum', 'Bedrag', 'Devies', 'Mededelingen'])).toBe(true);
    expect(isBankHeader(['Date règlement', 'Code client', 'Montant', 'Réf. facture'])).toBe(false);
    expect(isBankHeader(['Date', 'Montant', 'Référence'])).toBe(false);
  });

  it('reads a status by the words of a payments file’s: booked when received, not on its way, failed, returned; an unknown word said once, and booked', () => {
    // And a cheque remitted to the bank, a payment not yet reconciled (booked); one on its way to be cashed (not yet);
    // a card's authorisation not captured, as Stripe's `Uncaptured`, a Dutch bank's reversal (`Gestorneerd`: not received).
    const words = ['Exécuté', 'Comptabilisé', 'COMPLETED', 'En cours', 'PENDING', 'Échoué', 'Retourné', 'REVERTED', 'charged_back', 'open', 'Bizarre', 'Bizarre'];
    words.push('Remis en banque', 'Non rapproché', 'Uncleared', 'En cours d’encaissement', "En attente d'encaissement", 'Authorized', 'Gestorneerd');
    const t = table([['Date', 'Libellé', 'Montant', 'Statut'], ...words.map((w, k) => [`1${k % 9}/07/2026`, `VIR ${k}`, '10,00', w])]);
    const s = bankCsvStatement(t, 0);
    expect(s.transactions.map((x) => x.booked)).toEqual([true, true, true, false, false, false, false, false, false, false, true, true, true, true, true, false, false, false, false]);
    expect(s.problems.filter((p) => p.code === 'unknown_payment_status')).toEqual([
      { severity: 'warning', code: 'unknown_payment_status', file: 'releve.csv', line: 12, column: 'Statut', value: 'Bizarre' },
    ]);
  });

  it('reads credits and debits, skips title rows, ignores refused movements and balance rows, rejects bad cells', () => {
    const t = table([
      ['Relevé du compte', '', '', ''],
      ['Date', 'Libellé', 'Débit euros', 'Crédit euros', 'Statut', 'Compte contrepartie'],
      ['10/07/2026', 'VIR FA2026-001', '', '1 200,00', 'Accepté', 'BE14 0631 2345 6783'],
      ['11/07/2026', 'PRLV URSSAF', '-120,00', '', '', ''],
      ['12/07/2026', 'VIR X', '', '50,00', 'Refusé', ''],
      ['31/02/2026', 'VIR Y', '', '12,00', '', ''],
      ['13/07/2026', 'VIR Z', '', '1O,00', '', ''],
      ['', 'Sous-total', '120,00', '1 262,00', '', ''],
      ['', 'Solde au 13/07/2026', '', '1 080,00', '', ''],
    ]);
    expect(findBankHeader(headRows(t, 30))).toBe(1);
    const s = bankCsvStatement(t, 1);
    expect(s.transactions.map((x) => [x.amount, x.booked, x.text, x.iban])).toEqual([
      [120000, true, 'VIR FA2026-001', 'BE14063123456783'],
      [-12000, true, 'PRLV URSSAF', null],
      [5000, false, 'VIR X', null],
    ]);
    expect(s.problems.filter((p) => p.severity === 'error')).toEqual([
      { severity: 'error', code: 'not_a_date', file: 'releve.csv', line: 6, column: 'Date', value: '31/02/2026' },
      { severity: 'error', code: 'not_an_amount', file: 'releve.csv', line: 7, column: 'Crédit euros', value: '1O,00' },
    ]);
    expect(s).toMatchObject({ rejected: 2, rejectedAmounts: { EUR: 1200 }, ignoredRows: 2 });
    // The words of a payments file's status, one list: every one known here.
    expect(s.problems.filter((p) => p.code === 'unknown_payment_status')).toEqual([]);
    // "Crédit euros" names no currency of the lines (SPEC §1: the invoices they pay tell it).
    expect(s.transactions.map((x) => x.currency)).toEqual(['', '', '']);
  });

  it('says a decimal mark assumed where it changes amounts, at the first such line (a title row above the header)', () => {
    const t = table([
      ['Relevé du compte', '', ''],
      ['Date', 'Libellé', 'Montant'],
      ['10/07/2026', 'VIR A', '500'],
      ['11/07/2026', 'VIR B', '2,500'],
    ]);
    const s = bankCsvStatement(t, 1);
    expect(s.transactions.map((x) => x.amount)).toEqual([50000, 250]);
    expect(s.problems.filter((p) => p.code === 'decimal_mark_assumed')).toEqual([
      { severity: 'warning', code: 'decimal_mark_assumed', file: 'releve.csv', line: 4, column: 'Montant', value: '2,500', params: { count: 1, mark: ',', read: '2.50', other: '2500.00' } },
    ]);
  });

  it('puts a structured communication column among the references', () => {
    const t = table([
      ['Datum', 'Bedrag', 'Munt', 'Naam tegenpartij', 'Gestructureerde mededeling', 'Vrije mededeling'],
      ['10/07/2026', '250,00', 'EUR', 'LEFEVRE', '000202600260', ''],
    ]);
    expect(bankCsvStatement(t, 0).transactions[0]).toMatchObject({ amount: 25000, references: ['000202600260'], counterparty: 'LEFEVRE', text: '' });
  });
});

describe('the payment reference and IBAN columns of the ledgers', () => {
  it('reads an invoice’s structured communication, warning when its check digits are wrong', () => {
    const r = ledgerOfTables(
      table(
        [
          ['N° facture', 'Client', 'Date', 'Montant', 'Communication structurée'],
          ['F1', 'C1', '01/07/2026', '10,00', '+++101/2026/00172+++'],
          ['F2', 'C1', '01/07/2026', '10,00', '+++101/2026/00173+++'],
        ],
        'factures.csv',
      ),
    );
    expect(r.records.map((i) => i.paymentReference)).toEqual(['+++101/2026/00172+++', '+++101/2026/00173+++']);
    expect(r.problems.filter((p) => p.code !== 'ambiguous_date_order' && p.code !== 'due_by_default_terms')).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'structured_communication_invalid', line: 3, column: 'Communication structurée' }),
    ]);
  });

  it('reads customers’ IBANs (several, spaced), leaving out an invalid one with a warning', () => {
    const r = importCustomers(
      table(
        [
          ['Code client', 'Nom', 'Compte bancaire'],
          ['C1', 'Dupont', 'BE68 5390 0754 7034; FR14 2004 1010 0505 0001 3M02 606'],
          ['C2', 'Martin', 'BE68 5390 0754 7035'],
        ],
        'clients.csv',
      ),
    );
    expect(r.records.map((c) => c.ibans)).toEqual([['BE68539007547034', 'FR1420041010050500013M02606'], []]);
    expect(r.problems).toEqual([expect.objectContaining({ code: 'invalid_iban', line: 3, column: 'Compte bancaire', value: 'BE68 5390 0754 7035' })]);
  });
});
