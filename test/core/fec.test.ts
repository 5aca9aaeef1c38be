import { describe, expect, it } from 'vitest';
import { ageOpenItems } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import { isoFromDay } from '../../src/core/dates.ts';
import { importFec, isFecHeader, parseFecAmount, parseFecDate } from '../../src/core/import/fec.ts';
import { isPartialLettering, journalKind } from '../../src/core/import/journals.ts';
import { MissingColumnsError } from '../../src/core/import/ledger.ts';
import { arrayTable, type Table } from '../../src/core/import/table.ts';
import { parseTerms } from '../../src/core/terms.ts';
import { d } from '../helpers/build.ts';

const HEADER =
  'JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Debit|Credit|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise';

/** A FEC table from `|`-separated lines (the header is added). */
function fec(lines: string[], header = HEADER): Table {
  const rows = [header, ...lines].map((l) => l.split('|'));
  return arrayTable('fec.txt', rows, undefined, { continental: true });
}

/** One line on a customer account: journal, document, date, customer, debit, credit, lettering, lettering date. */
function c411(journal: string, doc: string, date: string, aux: string, debit: string, credit: string, lettering = '', dateLet = ''): string {
  const lib = journal === 'VT' ? 'Ventes' : journal === 'BQ' ? 'Banque' : journal === 'AN' ? 'A nouveaux' : 'Opérations diverses';
  return `${journal}|${lib}|${doc}|${date}|411000|Clients|${aux}|Client ${aux}|${doc}|${date}|${doc}|${debit}|${credit}|${lettering}|${dateLet}|${date}||`;
}

describe('FEC values', () => {
  it('reads amounts with a decimal comma, zero-padded or signed, and an empty cell as 0', () => {
    expect(parseFecAmount(' 000000000007760,45')).toBe(776045);
    expect(parseFecAmount('-000000000001437,12')).toBe(-143712);
    expect(parseFecAmount('0,00')).toBe(0);
    expect(parseFecAmount('')).toBe(0);
    expect(parseFecAmount('12.5')).toBe(1250);
    expect(parseFecAmount(',50')).toBe(50);
    for (const bad of ['1 234,56', 'abc', '12,345', '1,2,3']) expect(parseFecAmount(bad)).toBeNull();
  });

  it('reads dates as yyyymmdd (and ISO or dd/mm/yyyy), refusing impossible days', () => {
    expect(isoFromDay(parseFecDate('20260131')!)).toBe('2026-01-31');
    expect(isoFromDay(parseFecDate('2026-01-31')!)).toBe('2026-01-31');
    expect(isoFromDay(parseFecDate('31/01/2026')!)).toBe('2026-01-31');
    for (const bad of ['20260231', '2026013', 'janvier', '']) expect(parseFecDate(bad)).toBeNull();
  });

  it('tells journals apart by label, else code', () => {
    expect(journalKind('VT', 'Journal des ventes')).toBe('sales');
    expect(journalKind('INV', 'Customer Invoices')).toBe('sales');
    expect(journalKind('REV', 'Revenue')).toBe('sales');
    expect(journalKind('BQ1', '')).toBe('bank');
    expect(journalKind('CSH1', 'Cash')).toBe('bank');
    expect(journalKind('X', 'Banque Populaire')).toBe('bank');
    expect(journalKind('AN', 'A nouveaux')).toBe('opening');
    expect(journalKind('OUV', 'Balance Initiale')).toBe('opening');
    expect(journalKind('RAN', '')).toBe('opening');
    expect(journalKind('OD', 'Opérations diverses')).toBe('other');
    // A journal coded after its bank, as French and Belgian firms often do; not a word that merely starts so.
    for (const code of ['BNP', 'SG', 'CIC2', 'KBC', 'Belfius', 'LCL1']) expect(journalKind(code, '')).toBe('bank');
    for (const code of ['BNPXY', 'SGAB', 'CICERO', 'INGRID', 'OD']) expect(journalKind(code, '')).toBe('other');
  });

  it('knows partial lettering by a lower-case code or a trailing *', () => {
    expect(isPartialLettering('ab')).toBe(true);
    expect(isPartialLettering('AB*')).toBe(true);
    expect(isPartialLettering('AB')).toBe(false);
    expect(isPartialLettering('12')).toBe(false);
  });

  it('recognises a FEC header by its column names, in any case', () => {
    expect(isFecHeader(HEADER.split('|'))).toBe(true);
    expect(isFecHeader(HEADER.toUpperCase().split('|'))).toBe(true);
    expect(isFecHeader(['N° facture', 'Client', 'Date', 'Montant'])).toBe(false);
  });
});

describe('importFec', () => {
  it('turns customer-account lines into invoices, credit notes and payments, and reconciles', () => {
    const r = importFec(
      fec([
        c411('VT', 'FA1', '20260110', 'C1', '1200,00', '0,00'),
        'VT|Ventes|FA1|20260110|706000|Prestations||||20260110|FA1|0,00|1000,00||||||',
        'VT|Ventes|FA1|20260110|445710|TVA||||20260110|FA1|0,00|200,00||||||',
        c411('VT', 'AV1', '20260115', 'C1', '0,00', '120,00'),
        c411('BQ', 'RLV01', '20260201', 'C1', '0,00', '500,00'),
        c411('AN', 'FA0', '20260101', 'C2', '80,00', '0,00'),
        c411('BQ', 'RLV02', '20260210', 'C2', '30,00', '0,00'),
        c411('OD', 'OD1', '20260220', 'C2', '0,00', '10,00'),
        c411('VT', 'FA2', '20260111', 'C1', '0,00', '0,00'),
        // No auxiliary account: the account is the customer; PieceRef "-" gives way to EcritureNum.
        'VT|Ventes|VT-17|20260301|411100|Clients divers|||-|20260301|Facture|50,00|0,00||||||',
      ]),
      { termsOf: (id) => (id === 'C1' ? parseTerms('45FDM') : null) },
    );
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const byNumber = new Map(r.records.map((i) => [i.number, i]));
    expect(byNumber.get('FA1')).toMatchObject({ customerId: 'C1', customerName: 'Client C1', amount: 120000, isCreditNote: false, dueDateDerived: true });
    // 45 days end of month from the customer's terms: 10/01 + 45 = 24/02, end of month 28/02.
    expect(isoFromDay(byNumber.get('FA1')!.dueDate)).toBe('2026-02-28');
    expect(byNumber.get('AV1')).toMatchObject({ isCreditNote: true, amount: -12000, creditedInvoice: null });
    // An opening balance is an invoice; default terms 30 days.
    expect(isoFromDay(byNumber.get('FA0')!.dueDate)).toBe('2026-01-31');
    // A debit in a bank journal (money paid back, a rejected payment) is due at once.
    expect(byNumber.get('RLV02')).toMatchObject({ amount: 3000, dueDateDerived: false, dueDate: d('2026-02-10') });
    expect(byNumber.get('VT-17')).toMatchObject({ customerId: '411100', customerName: 'Clients divers', amount: 5000 });
    expect(r.payments.map((p) => [p.id, p.customerId, p.amount])).toEqual([
      ['RLV01', 'C1', 50000],
      ['OD1', 'C2', 1000],
    ]);
    // 10 lines: 7 used, 2 on other accounts and 1 zero line ignored.
    expect(r.count).toMatchObject({ read: 10, used: 7, rejected: 0, ignored: 3 });
    expect(r.count.amounts.used).toEqual({ EUR: 120000 - 12000 - 50000 + 8000 + 3000 - 1000 + 5000 });
    expect(r.paymentsCount).toMatchObject({ read: 2, used: 2, amounts: { used: { EUR: 51000 } } });
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'fec_due_dates_derived', line: 0, params: { count: 3, fromCustomer: 1, fromDefault: 2, terms: '30' } }));
  });

  it('gives repeated documents distinct numbers, so each line can be lettered on its own', () => {
    const r = importFec(
      fec([
        c411('VT', 'FA1', '20260110', 'C1', '100,00', '0,00', 'AA', '20260201'),
        c411('VT', 'FA1', '20260110', 'C1', '50,00', '0,00'),
        c411('BQ', 'RLV', '20260201', 'C1', '0,00', '100,00', 'AA', '20260201'),
        c411('BQ', 'RLV', '20260202', 'C1', '0,00', '20,00'),
      ]),
    );
    expect(r.records.map((i) => i.number)).toEqual(['FA1', 'FA1#2']);
    expect(r.payments.map((p) => p.id)).toEqual(['RLV', 'RLV#2']);
    expect(r.payments[0]!.lettering).toEqual({ refs: ['FA1'], on: d('2026-02-01') });
    expect(r.payments[1]!.lettering).toBeUndefined();
  });

  it('numbers 20 000 payments sharing one bank-statement PieceRef without going quadratic', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => c411('BQ', 'RLV2026-10', '20261001', `C${i % 50}`, '0,00', '1,00'));
    const r = importFec(fec(lines));
    expect(r.payments.length).toBe(20_000);
    expect(new Set(r.payments.map((p) => p.id)).size).toBe(20_000);
    expect(r.payments[19_999]!.id).toBe('RLV2026-10#20000');
  }, 5_000);

  it('reads the Montant/Sens variant of the FEC', () => {
    const header =
      'JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|CompAuxNum|CompAuxLib|PieceRef|PieceDate|EcritureLib|Montant|Sens|EcritureLet|DateLet|ValidDate|Montantdevise|Idevise';
    const r = importFec(
      fec(
        [
          'VT|Ventes|1|20260110|411000|Clients|C1|Dupont|FA1|20260110|Facture|100,00|D||||||',
          'BQ|Banque|2|20260120|411000|Clients|C1|Dupont|RLV|20260120|Virement|40,00|C||||||',
          'BQ|Banque|3|20260121|411000|Clients|C1|Dupont|RLV2|20260121|Virement|40,00|X||||||',
        ],
        header,
      ),
    );
    expect(r.records.map((i) => i.amount)).toEqual([10000]);
    expect(r.payments.map((p) => p.amount)).toEqual([4000]);
    expect(r.problems).toContainEqual(expect.objectContaining({ severity: 'error', code: 'fec_not_a_side', line: 4, column: 'Sens', value: 'X' }));
  });

  it('rejects unreadable customer lines with their line and column, and leaves other accounts alone', () => {
    const r = importFec(
      fec([
        c411('VT', 'FA1', '20261341', 'C1', '100,00', '0,00'),
        c411('VT', 'FA2', '20260110', 'C1', '1O0,00', '0,00'),
        'HA|Achats|9|pas une date|401000|Fournisseurs|F1|Fournisseur|X|x|x|abc|0,00||||||',
      ]),
    );
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([
      { severity: 'error', code: 'not_a_date', file: 'fec.txt', line: 2, column: 'EcritureDate', value: '20261341' },
      { severity: 'error', code: 'not_a_date', file: 'fec.txt', line: 2, column: 'PieceDate', value: '20261341' },
      { severity: 'error', code: 'not_an_amount', file: 'fec.txt', line: 3, column: 'Debit', value: '1O0,00' },
    ]);
    expect(r.count).toMatchObject({ read: 3, used: 0, rejected: 2, ignored: 1, amounts: { rejected: { EUR: 10000 } } });
  });

  it('names the missing columns of a header that is not a complete FEC', () => {
    const header = 'JournalCode|JournalLib|EcritureNum|EcritureDate|CompteNum|CompteLib|PieceRef|PieceDate|Montant';
    expect(() => importFec(fec([], header))).toThrow(MissingColumnsError);
    try {
      importFec(fec([], header));
    } catch (e) {
      expect((e as MissingColumnsError).failure).toMatchObject({ file: 'fec.txt', missing: ['Debit', 'Credit'] });
    }
  });
});

describe('FEC lettering and the allocation of docs/accounting.md §3', () => {
  const asOf = (iso: string, t: Table) => {
    const r = importFec(t);
    return ageOpenItems(allocatePayments(r.records, r.payments, d(iso)));
  };
  const open = (aged: ReturnType<typeof ageOpenItems>) => Object.fromEntries(aged.currencies.flatMap((c) => c.customers.flatMap((x) => x.items.map((i) => [i.debit.number, i.debit.open]))));

  // FA1 (older) and FA2 are open; the payment of 200 is lettered with FA2 on 10/03.
  const lettered = fec([
    c411('VT', 'FA1', '20260105', 'C1', '100,00', '0,00'),
    c411('VT', 'FA2', '20260201', 'C1', '200,00', '0,00', 'AA', '20260310'),
    c411('BQ', 'RLV', '20260301', 'C1', '0,00', '200,00', 'AA', '20260310'),
  ]);

  it('from its lettering date, a payment settles the invoices it was lettered with, not the oldest', () => {
    expect(open(asOf('2026-03-31', lettered))).toEqual({ FA1: 10000 });
  });

  it('before its lettering date, the same payment is unreferenced: it pays the invoice whose amount it equals (§3.3a)', () => {
    expect(open(asOf('2026-03-05', lettered))).toEqual({ FA1: 10000 });
  });

  it('before its lettering date, an unreferenced payment equal to no invoice pays the oldest first (§3.3b)', () => {
    const t = fec([
      c411('VT', 'FA1', '20260105', 'C1', '100,00', '0,00'),
      c411('VT', 'FA2', '20260201', 'C1', '200,00', '0,00', 'AA', '20260310'),
      c411('BQ', 'RLV', '20260301', 'C1', '0,00', '250,00', 'AA', '20260310'),
    ]);
    expect(open(asOf('2026-03-05', t))).toEqual({ FA2: 5000 });
  });

  it('partial lettering leaves the difference open on the lettered invoice', () => {
    const t = fec([
      c411('VT', 'FA1', '20260105', 'C1', '100,00', '0,00'),
      c411('VT', 'FA2', '20260201', 'C1', '200,00', '0,00', 'ab', '20260302'),
      c411('BQ', 'RLV', '20260301', 'C1', '0,00', '150,00', 'ab', '20260302'),
    ]);
    expect(open(asOf('2026-03-31', t))).toEqual({ FA1: 10000, FA2: 5000 });
    expect(importFec(t).problems.map((p) => p.code)).not.toContain('fec_lettering_unbalanced');
  });

  it('a credit note lettered with two invoices settles both (lettering may name several debits)', () => {
    const t = fec([
      c411('VT', 'FA0', '20260101', 'C1', '500,00', '0,00'),
      c411('VT', 'FA1', '20260105', 'C1', '100,00', '0,00', 'AC', '20260120'),
      c411('VT', 'FA2', '20260106', 'C1', '60,00', '0,00', 'AC', '20260120'),
      c411('VT', 'AV1', '20260115', 'C1', '0,00', '160,00', 'AC', '20260120'),
    ]);
    expect(open(asOf('2026-01-31', t))).toEqual({ FA0: 50000 });
  });

  it('the excess of a lettered credit goes to the pool, oldest first (where the FEC would keep it as open credit)', () => {
    const t = fec([
      c411('VT', 'FA0', '20260101', 'C1', '500,00', '0,00'),
      c411('VT', 'FA1', '20260105', 'C1', '100,00', '0,00', 'ad', '20260120'),
      c411('BQ', 'RLV', '20260115', 'C1', '0,00', '130,00', 'ad', '20260120'),
    ]);
    expect(open(asOf('2026-01-31', t))).toEqual({ FA0: 47000 });
  });

  it('warns when a complete lettering does not balance, and dates a lettering without DateLet by its last line', () => {
    const r = importFec(
      fec([
        c411('VT', 'FA1', '20260105', 'C1', '100,00', '0,00', 'AE', '20260120'),
        c411('BQ', 'RLV', '20260115', 'C1', '0,00', '90,00', 'AE', '20260120'),
        c411('VT', 'FA2', '20260105', 'C1', '40,00', '0,00', 'AF', ''),
        c411('BQ', 'RLV2', '20260125', 'C1', '0,00', '40,00', 'AF', ''),
      ]),
    );
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'fec_lettering_unbalanced', line: 2, value: 'AE', params: { account: 'C1', debit: '100.00', credit: '90.00' } }));
    expect(r.problems).toContainEqual(expect.objectContaining({ code: 'fec_lettering_without_date', line: 4, value: 'AF', params: { date: '2026-01-25' } }));
    expect(r.payments.find((p) => p.id === 'RLV2')!.lettering).toEqual({ refs: ['FA2'], on: d('2026-01-25') });
  });
});
