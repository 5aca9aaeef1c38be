import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOpenItems } from '../../src/core/aging.ts';
import { allocateLedger } from '../../src/core/allocate.ts';
import type { Day } from '../../src/core/dates.ts';
import { arrayTable, type Table } from '../../src/core/import/table.ts';
import { parseCsvBytes } from '../../src/io/read-table.ts';
import { generateLedger } from '../../scripts/gen-ledger.ts';
import { cp1252 } from '../helpers/run.ts';
import { ledgerOfTables } from '../helpers/import.ts';

/**
 * The importers read a CSV file from its bytes, and hand the cells of an uncommon shape to the rules
 * written over text (the per-cell fallback); a workbook's cells always go to those rules. The same cells
 * must read the same either way: each test reads a file's bytes, then the very same cells as text.
 */

const AS_OF = 20757 as Day; // 2026-10-31

/** The table of the same cells as text, as a workbook's sheet would give them. */
function asValues(t: Table): Table {
  const rows = Array.from({ length: t.rowCount }, (_, r) => t.row(r));
  const lines = Array.from({ length: t.rowCount }, (_, r) => t.line(r));
  return arrayTable(t.file, rows, lines, t.hints);
}

/** Everything a ledger says, as plain data: its records, its counts, its problems, and its aged balance. */
function read(invoices: Table, payments: Table | null) {
  const r = ledgerOfTables(invoices, payments);
  const allocation = allocateLedger(r.ledger, AS_OF);
  const aged = ageOpenItems(allocation);
  return {
    invoices: r.records.map((x) => ({ ...x })),
    payments: r.payments.map((x) => ({ ...x })),
    counts: [r.count, r.paymentsCount],
    problems: r.problems,
    warnings: allocation.warnings,
    aged: aged.currencies.map((c) => ({ currency: c.currency, total: c.total, buckets: c.buckets, customers: c.customers.map((x) => [x.customerId, x.total, x.buckets]) })),
  };
}

function both(invoices: Buffer | Uint8Array, payments: Buffer | Uint8Array | null) {
  const inv = parseCsvBytes('factures.csv', Buffer.from(invoices));
  const pay = payments === null ? null : parseCsvBytes('reglements.csv', Buffer.from(payments));
  expect(inv.bytes).toBeDefined();
  return { bytes: read(inv, pay), values: read(asValues(inv), pay === null ? null : asValues(pay)) };
}

describe('the per-cell fallback of the CSV reader', () => {
  for (const locale of ['clean', 'fr'] as const) {
    it(`reads a generated ${locale} ledger from its bytes exactly as from its cells`, () => {
      const g = generateLedger({ invoices: 3000, seed: 7, locale });
      const { bytes, values } = both(g.invoicesCsv, g.paymentsCsv);
      expect(bytes.problems).toEqual([]);
      expect(bytes).toEqual(values);
      expect(bytes.invoices.length).toBe(3000);
    });
  }

  it('reads every odd shape of a real export the same way: quotes, spaces, accents, symbols, signs, dates', () => {
    const inv = [
      'N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC;Devise;Statut;Type',
      'FA-1;C1;"Dupont ""père"" & fils";31/01/2026;02/03/2026;1 234,56 €;EUR;;Facture',
      '"FA-2";\u00a0C1\u00a0;Dupont;01/02/2026;03/03/2026;(12,50);eur;Payée;',
      'FA-3;c1;Dupont;1/2/26;3/3/26;"1.234,00";EUR;Litige;',
      'fa-4;C2;Société Générale;2026-02-01;2026-03-03T00:00:00;12,5;€;;',
      'FA-5;C2;SG;01.02.2026 00:00;03.03.2026 12:00 AM;-7,00;;Irrécouvrable;Facture',
      'AV-1;C2;SG;05/02/2026;05/02/2026;30,00;EUR;;Avoir',
      'FA-6;C3;Martin;15/02/2026;;100;USD;;',
      'FA-7;C3;Martin;15/02/2026;17/03/2026;abc;USD;;',
      'FA-7;C3;Martin;16/02/2026;18/03/2026;1,00;USD;;',
      'Total;;;;;99 999,00;;;',
      ';;;;;;;;',
      'FA-8;C4;Étienne;31/02/2026;;5,00;;;',
      'FA-9;C4;Étienne;28/02/2026;27/02/2026;5,00;XX;en attente;',
    ].join('\r\n');
    const pay = [
      'N° règlement;Date règlement;Code client;Montant;Réf. facture',
      'P1;10/02/2026;C1;1 234,56;FA-1',
      'P2;11/02/2026;;12,50;fa-2, FA-404',
      'P3;12/02/2026;C2;"7,00";"FA-5 | AV-9"',
      'P4;13/02/2026;C3;100,00;',
      'P4;13/02/2026;C3;1,00;',
      'P5;14/02/2026;;3,00;NOPE',
      'P6;1/3/26;C1;-50,00;',
      'P7;15/02/2026;c2;12,5;Fa-4',
      'P8;16/02/2026;C9;\u00a01\u202f000,00\u00a0;FA-1',
    ].join('\r\n');
    for (const encode of [(s: string) => Buffer.from(s, 'utf8'), (s: string) => Buffer.from(cp1252(s.replaceAll('\u202f', '\u00a0')))]) {
      const { bytes, values } = both(encode(inv), encode(pay));
      expect(bytes).toEqual(values);
      // What the file says, read right: the customer "c1" is C1; (12,50) is a credit note, which a payment
      // cannot name (so P2, naming no customer, names no invoice either); the refused rows.
      expect(bytes.invoices.filter((x) => x.customerId === 'C1').map((x) => [x.number, x.amount, x.isCreditNote])).toEqual([
        ['FA-1', 123456, false],
        ['FA-2', -1250, true],
        ['FA-3', 123400, false],
      ]);
      expect(bytes.problems.filter((p) => p.severity === 'error').map((p) => [p.line, p.code])).toEqual([
        [9, 'not_an_amount'],
        [13, 'not_a_date'],
        [14, 'not_a_currency'],
        [3, 'payment_names_no_known_invoice'],
        [6, 'duplicate_payment'],
        [7, 'payment_names_no_known_invoice'],
      ]);
    }
  });

  it('knows total rows by their label in three languages, or by their sum when unlabelled, and zero written as a dash, the same way from bytes and from text', () => {
    const labels = ['Total', 'TOTAL TTC', 'Totals', 'Totaux', 'Sous-total', 'Sous total', 'sous-totaux', 'Subtotal', 'Sub-total', 'Grand total', 'Totaal', 'Subtotaal', 'Eindtotaal', 'Total général'];
    const inv = [
      'N° facture;Code client;Raison sociale;Date facture;Échéance;Montant TTC',
      'FA-1;C1;Dupont;31/01/2026;02/03/2026;100,00',
      ...labels.map((l) => `${l};;;;;100,00`),
      'FA-2;C1;Dupont;01/02/2026;03/03/2026; -   € ',
      'FA-3;C2;Martin;02/02/2026;04/03/2026;"1 000,00"',
      ';;;;;"1 100,00"',
      'Totalement;C2;Martin;03/02/2026;05/03/2026;5,00',
      ';;;;;7,00',
    ].join('\r\n');
    const pay = ['Date;Code client;Montant;Réf. facture', '10/02/2026;C1;60,00;FA-1', '11/02/2026;C2;40,00;FA-3', ';;100,00;', 'Sous-total;;100,00;'].join('\r\n');
    for (const encode of [(s: string) => Buffer.from(s, 'utf8'), (s: string) => Buffer.from(cp1252(s))]) {
      const { bytes, values } = both(encode(inv), encode(pay));
      expect(bytes).toEqual(values);
      // Every label, and the unlabelled sum (1,100.00 of FA-1, FA-2 at a dash, FA-3), is a total; "Totalement"
      // is an invoice number; 7,00 sums nothing and is rejected.
      expect(bytes.counts[0]).toMatchObject({ read: 20, used: 4, rejected: 1, ignored: labels.length + 1 });
      expect(bytes.invoices.map((x) => [x.number, x.amount])).toEqual([
        ['FA-1', 10000],
        ['FA-2', 0],
        ['FA-3', 100000],
        ['Totalement', 500],
      ]);
      expect(bytes.counts[1]).toMatchObject({ read: 4, used: 2, rejected: 0, ignored: 2 });
    }
  });

  it('reads Excel\'s ="…" (a value kept as written, leading zeros and all) as the value, quoted or not, the same way from bytes and from text', () => {
    const inv = ['N° facture;Code client;Date facture;Montant TTC', '="00123";="0042";31/01/2026;100,00', '"=""00124""";  ="0042" ;01/02/2026;="50,00"', '="A"B";0042;02/02/2026;1,00'].join('\r\n');
    const pay = ['Date;Code client;Montant;Réf. facture', '05/02/2026;="0042";100,00;="00123"'].join('\r\n');
    const { bytes, values } = both(Buffer.from(inv), Buffer.from(pay));
    expect(bytes).toEqual(values);
    // '="A"B"' holds a quote: no formula of Excel's, kept as written.
    expect(bytes.invoices.map((x) => [x.number, x.customerId, x.amount])).toEqual([
      ['00123', '0042', 10000],
      ['00124', '0042', 5000],
      ['="A"B"', '0042', 100],
    ]);
    expect(bytes.payments.map((x) => [x.customerId, x.refs])).toEqual([['0042', ['00123']]]);
    expect(bytes.aged[0]!.customers).toEqual([['0042', 5100, [0, 0, 0, 0, 5100]]]);
  });

  it('reads fields of megabytes (a customer id, a number beginning with "t", an unknown reference) without overflowing the stack', () => {
    const big = (c: string) => c.repeat(3_000_000);
    const inv = ['N° facture;Code client;Date facture;Montant TTC', `F1;${big('C')};31/01/2026;100,00`, `${big('t')};C2;31/01/2026;5,00`].join('\r\n');
    const pay = ['Date;Code client;Montant;Réf. facture', `05/02/2026;C2;1,00;${big('9')}`].join('\r\n');
    const { bytes } = both(Buffer.from(inv), Buffer.from(pay));
    expect(bytes.invoices.map((x) => [x.number.length, x.customerId.length])).toEqual([
      [2, 3_000_000],
      [3_000_000, 2],
    ]);
    expect(bytes.warnings.map((w) => [w.code, w.value?.length])).toEqual([['unknown_reference', 3_000_000]]);
  });

  it('reads random cells of every shape the same way from bytes and from text (property)', () => {
    const dateCell = fc.oneof(
      fc.constantFrom(
        '',
        ' ',
        '31/01/2026',
        '01/31/2026',
        '2026-01-31',
        '03/04/2026',
        '3/4/26',
        '31.01.2026',
        '31-01-2026',
        '20260131',
        '46053',
        '30/02/2026',
        'demain',
        '2026-01-31 10:00',
        '\u00a031/01/2026',
        '31-janv.-2026',
        '31-Jan-26',
        'Jan 31, 2026',
        '31 januari 2026',
      ),
      fc
        .tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 2024, max: 2027 }))
        .map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`),
    );
    const amountCell = fc.oneof(
      fc.constantFrom(
        '',
        '0',
        '12',
        '12,5',
        '12.50',
        '-3,00',
        '(4,00)',
        '5,00-',
        '1 234,56',
        '1.234,56',
        '1,234.56',
        '€ 9,99',
        '9,99 EUR',
        '$3.00',
        '1,234',
        '0,001',
        'x',
        '12,345',
        '\u00a07,00',
        '1\u00a0234,56',
        '12\u202f345,00',
        '1 23 4,5',
        '1\u00a0,50',
        '1\u00a0\u00a0234',
        '-1\u00a0000',
        '1\u00a0234.56',
        '1 234 567 890 123 456,00',
        '12 345',
        '1\u00a0234,567',
      ),
      fc.integer({ min: -100000, max: 10000000 }).map((c) => `${(c / 100).toFixed(2).replace('.', ',')}`),
      // Grouped by a space, a no-break space or a narrow no-break space, as French exports write them.
      fc.tuple(fc.integer({ min: -99999999, max: 999999999 }), fc.constantFrom(' ', '\u00a0', '\u202f')).map(([c, sp]) => {
        const [u, f] = (Math.abs(c) / 100).toFixed(2).split('.');
        return `${c < 0 ? '-' : ''}${u!.replace(/\B(?=(\d{3})+$)/g, sp)},${f}`;
      }),
    );
    const idCell = fc.constantFrom('F1', 'F2', 'f1', ' F3 ', 'F\u00e94', '"F5"', '', 'Total', 'Sous-total', 'F-6', 'F 7');
    const customerCell = fc.constantFrom('C1', 'c1', ' C1', 'C2', '', 'Ç3', '0042', '42');
    const row = fc.tuple(idCell, customerCell, dateCell, dateCell, amountCell, fc.constantFrom('', 'EUR', 'USD', 'eur', '€', '??'));
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 1, maxLength: 25 }),
        fc.array(fc.tuple(idCell, dateCell, customerCell, amountCell, fc.constantFrom('', 'F1', 'f2; F9', 'F1 F2', 'F\u00e94')), { maxLength: 15 }),
        (invRows, payRows) => {
          const q = (s: string) => (/[;"\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
          const inv = ['Facture;Client;Date;Échéance;Montant;Devise', ...invRows.map((r) => r.map(q).join(';'))].join('\n');
          const pay = ['N° règlement;Date;Client;Montant;Facture', ...payRows.map((r) => r.map(q).join(';'))].join('\n');
          const { bytes, values } = both(Buffer.from(inv, 'utf8'), Buffer.from(pay, 'utf8'));
          expect(bytes).toEqual(values);
          // The same in windows-1252, as French Excel writes it (which has no narrow no-break space).
          const w = both(Buffer.from(cp1252(inv.replaceAll('\u202f', '\u00a0'))), Buffer.from(cp1252(pay.replaceAll('\u202f', '\u00a0'))));
          expect(w.bytes).toEqual(w.values);
        },
      ),
      { numRuns: 300 },
    );
  });
});
