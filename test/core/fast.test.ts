import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOpenItems, type AgedBalance } from '../../src/core/aging.ts';
import { accountsFromArrays, allocatePayments } from '../../src/core/allocate.ts';
import { allocateArrays } from '../../src/core/allocate-arrays.ts';
import type { Day } from '../../src/core/dates.ts';
import { fastLedger } from '../../src/core/import/fast.ts';
import { importInvoices, importPayments, indexInvoices } from '../../src/core/import/ledger.ts';
import type { Problem } from '../../src/core/types.ts';
import type { Table } from '../../src/core/import/table.ts';
import { parseCsvBytes } from '../../src/io/read-table.ts';
import { generateLedger } from '../../scripts/gen-ledger.ts';

const AS_OF = 20757 as Day; // 2026-10-31

/** What an aged balance says, as plain data. */
function view(aged: AgedBalance, warnings: readonly Problem[]) {
  return {
    currencies: aged.currencies.map((c) => ({
      currency: c.currency, total: c.total, buckets: c.buckets, unapplied: c.unapplied,
      customers: c.customers.map((x) => ({
        id: x.customerId, total: x.total, buckets: x.buckets, unapplied: x.unapplied, disputed: x.disputed,
        items: x.items.map((i) => [i.debit.kind, i.debit.number, i.debit.issueDate, i.debit.dueDate, i.debit.amount, i.debit.open, i.bucket, i.debit.status]),
      })),
    })),
    warnings: warnings.map((w) => [w.code, w.file, w.line, w.value, JSON.stringify(w.params ?? {})]),
  };
}

function general(invCsv: Buffer, payCsv: Buffer, asOf: Day) {
  const inv = importInvoices(parseCsvBytes('factures.csv', invCsv), {});
  const pay = importPayments(parseCsvBytes('reglements.csv', payCsv), indexInvoices(inv.records), {});
  const problems = [...inv.problems, ...pay.problems];
  const a = allocatePayments(inv.records, [...inv.payments, ...pay.records], asOf);
  return { view: view(ageOpenItems(a), a.warnings), problems, counts: { invoices: inv.count, payments: pay.count } };
}

/** Detaches every buffer of a table, as load-ledger frees them: what is read after that reads nothing. */
function detach(table: Table): void {
  const b = table.bytes!;
  for (const a of [b.data, b.cells.fieldStart, b.cells.fieldEnd, b.cells.rowFirst, b.cells.rowLine]) (a.buffer as ArrayBuffer & { transfer(n: number): ArrayBuffer }).transfer(0);
}

function fast(invCsv: Buffer, payCsv: Buffer, asOf: Day, release?: (t: Table) => void) {
  // Each file in a buffer of its own (a small Buffer may share Node's pool), so that it can be detached.
  const own = (b: Buffer) => Buffer.from(new Uint8Array(b).buffer);
  const f = fastLedger(parseCsvBytes('factures.csv', own(invCsv)), () => parseCsvBytes('reglements.csv', own(payCsv)), release ? { release } : {});
  if (f === null) return null;
  const a = accountsFromArrays(f.arrays, allocateArrays(f.arrays, asOf), { openOnly: true });
  return { view: view(ageOpenItems(a), a.warnings), counts: f.counts };
}

describe('the fast path of the importers', () => {
  for (const locale of ['clean', 'fr'] as const) {
    it(`reads a generated ${locale} ledger exactly as the general path does`, () => {
      const g = generateLedger({ invoices: 3000, seed: 7, locale });
      const f = fast(g.invoicesCsv, g.paymentsCsv, AS_OF);
      expect(f).not.toBeNull();
      const s = general(g.invoicesCsv, g.paymentsCsv, AS_OF);
      expect(s.problems).toEqual([]);
      expect(f!.view).toEqual(s.view);
      expect(f!.counts).toEqual(s.counts);
    });
  }

  it('keeps nothing that points into a file once it has released it (its buffers are then freed at once)', () => {
    // Rising invoice numbers (binary search over their prefix and digits) and numbers of any shape (a table).
    for (const g of [generateLedger({ invoices: 3000, seed: 11 }), generateLedger({ invoices: 3000, seed: 12, locale: 'fr' })]) {
      const released: string[] = [];
      const kept = fast(g.invoicesCsv, g.paymentsCsv, AS_OF);
      const freed = fast(g.invoicesCsv, g.paymentsCsv, AS_OF, (t) => {
        released.push(t.file);
        detach(t);
      });
      expect(released).toEqual(['factures.csv', 'reglements.csv']);
      expect(freed).toEqual(kept);
    }
    const shuffled = generateLedger({ invoices: 500, seed: 13 });
    const lines = shuffled.invoicesCsv.toString('latin1').trimEnd().split('\n');
    const reordered = Buffer.from([lines[0], ...lines.slice(1).reverse()].join('\n') + '\n', 'latin1');
    expect(fast(reordered, shuffled.paymentsCsv, AS_OF, detach)).toEqual(fast(reordered, shuffled.paymentsCsv, AS_OF));
  });

  it('gives the same balance and warnings as the general path on any small ledger, or gives the file to it', () => {
    const cell = fc.constantFrom('', ' ');
    const row = fc.record({
      n: fc.integer({ min: 1, max: 60 }),
      c: fc.integer({ min: 1, max: 3 }),
      issue: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      terms: fc.constantFrom(0, 30),
      amount: fc.integer({ min: -5000, max: 90000 }),
      type: fc.constantFrom('', '', '', '', '', '', '', 'avoir', 'Avoir', 'Facture', 'credit note', 'bogus'),
      credited: fc.option(fc.integer({ min: 0, max: 60 })),
      pad: cell,
      noDue: fc.boolean(),
      status: fc.constantFrom('', '', '', 'litige', 'Irrécouvrable', 'payée'),
    });
    const pay = fc.record({
      id: fc.option(fc.integer({ min: 1, max: 200 })),
      c: fc.constantFrom(0, 1, 1, 2, 2, 3, 3, 4, 4, 4),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      amount: fc.integer({ min: -3000, max: 90000 }),
      refs: fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 2 }),
      lower: fc.boolean(),
    });
    const p2 = (x: number) => String(x).padStart(2, '0');
    let taken = 0;
    const money = (c: number, comma: boolean) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}${comma ? ',' : '.'}${p2(Math.abs(c) % 100)}`;
    fc.assert(
      fc.property(fc.array(row, { maxLength: 14 }), fc.array(pay, { maxLength: 14 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.boolean(),
        (rows, pays, iso, comma, asOfMonth, rising, risingPay) => {
          // Rising numbers (F3, F7, F12…) are found by binary search; others through a hash table.
          let k = 0;
          const numbers = rows.map((r) => (rising ? (k += 1 + (r.n % 4)) : r.n));
          const date = (d: number, m: number) => (iso ? `2026-${p2(m)}-${p2(d)}` : `${p2(d)}/${p2(m)}/2026`);
          const sep = comma ? ';' : ',';
          const inv = [`Invoice${sep}Customer${sep}Invoice date${sep}Due date${sep}Amount${sep}Type${sep}Original invoice${sep}Status`];
          rows.forEach((r, i) => {
            const due = Math.min(28, r.issue + (r.terms ? 10 : 0));
            inv.push([`F${numbers[i]}${r.pad}`, `C${r.c}`, date(r.issue, r.month), r.noDue && i % 3 === 0 ? '' : date(due, r.month), money(r.amount, comma), r.type, r.credited === null ? '' : `F${r.credited}`, r.status].join(sep));
          });
          const pl = [`Payment id${sep}Date${sep}Customer${sep}Amount${sep}Invoice ref`];
          // Rising payment ids (P007, P8, P0010…: held as numbers, their text made again when shown), some blank.
          let q = 0;
          const idOf = (p: { id: number | null; day: number }): string =>
            risingPay ? (p.id === null && p.day % 5 === 0 ? '' : `P${String((q += 1 + (p.day % 3))).padStart(p.day % 4, '0')}`) : p.id === null ? '' : `P${p.id}`;
          for (const p of pays) {
            pl.push([idOf(p), date(p.day, p.month), p.c === 0 ? '' : `C${p.c}`, money(p.amount, comma), p.refs.map((x) => (p.lower ? `f${x}` : `F${x}`)).join(' ')].join(sep));
          }
          const invCsv = Buffer.from(`${inv.join('\r\n')}\r\n`, 'utf8');
          const payCsv = Buffer.from(`${pl.join('\n')}\n`, 'utf8');
          const asOf = (20454 + asOfMonth * 30) as Day;
          const f = fast(invCsv, payCsv, asOf);
          if (f === null) return;
          taken++;
          const s = general(invCsv, payCsv, asOf);
          expect(s.problems.filter((p) => p.severity === 'error')).toEqual([]);
          expect(f.view).toEqual(s.view);
          expect(f.counts).toEqual(s.counts);
        }),
      { numRuns: 400, seed: 20261122 },
    );
    // The generator must reach the fast path often, or this test would prove nothing.
    expect(taken).toBeGreaterThan(100);
  });

  it('gives the file to the general path when it holds what only the general path reads', () => {
    const pay = Buffer.from('Date,Customer,Amount\n2026-01-05,C1,10.00\n');
    const cases = [
      'Invoice,Customer,Date,Due,Amount\nF1,C1,2026-01-01,2026-01-31,"1 234,56"\n', // thousands separator
      'Invoice,Customer,Date,Due,Amount,Terms\nF1,C1,2026-01-01,,10.00,45 jours fin de mois\n', // terms column
      'Invoice,Customer,Date,Due,Amount,Status\nF1,C1,2026-01-01,2026-01-31,10.00,en attente\n', // a status ar does not know
      'Invoice,Customer,Date,Due,Amount,Currency\nF1,C1,2026-01-01,2026-01-31,10.00,USD\n', // currency column
      'Invoice,Customer,Date,Due,Amount\nF1,C1,2026-01-01,2026-01-31,10.00\nF1,C1,2026-01-02,2026-02-01,5.00\n', // duplicate
      'Invoice,Customer,Date,Due,Amount\nF1,C1,2026-01-01,2026-01-31,10.00\nTotal,,,,10.00\n', // total row
      'Invoice,Customer,Date,Due,Amount\nF1,C1,03/04/2026,05/06/2026,10.00\n', // ambiguous order, assumed
    ];
    for (const c of cases) expect(fastLedger(parseCsvBytes('f.csv', Buffer.from(c)), () => parseCsvBytes('p.csv', pay), {})).toBeNull();
    // A payment id met twice (after rising ids, and among ids that do not rise): the general path rejects it.
    const inv = Buffer.from('Invoice,Customer,Date,Due,Amount\nF1,C1,2026-01-01,2026-01-31,10.00\n');
    for (const ids of [['P1', 'P2', 'P2'], ['P9', 'P3', 'P9']]) {
      const p = Buffer.from(`Id,Date,Customer,Amount\n${ids.map((id) => `${id},2026-01-05,C1,1.00`).join('\n')}\n`);
      expect(fastLedger(parseCsvBytes('f.csv', inv), () => parseCsvBytes('p.csv', p), {})).toBeNull();
    }
    const rising = Buffer.from('Id,Date,Customer,Amount\nP1,2026-01-05,C1,1.00\nP2,2026-01-05,C1,1.00\nP10,2026-01-06,C1,1.00\n');
    expect(fastLedger(parseCsvBytes('f.csv', inv), () => parseCsvBytes('p.csv', rising), {})).not.toBeNull();
    expect(fastLedger(parseCsvBytes('f.csv', Buffer.from('Invoice,Customer,Date,Due,Amount\nF1,C1,2026-01-01,2026-01-31,10.00\n')), () => parseCsvBytes('p.csv', pay), {})).not.toBeNull();
  });
});
