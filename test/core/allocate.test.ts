import { currencyCode } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { allocatePayments, type Account } from '../../src/core/allocate.ts';
import { isoFromDay } from '../../src/core/dates.ts';
import { d, inv, pay } from '../helpers/build.ts';

function openOf(acc: Account): Record<string, number> {
  return Object.fromEntries(acc.debits.map((x) => [x.number, x.open]));
}
function settled(acc: Account): Record<string, string | null> {
  return Object.fromEntries(acc.debits.map((x) => [x.number, x.settledOn === null ? null : isoFromDay(x.settledOn)]));
}

describe('allocatePayments (docs/accounting.md §3)', () => {
  it('reduces the invoice a credit note names, up to its open amount, and pools the excess (3.1)', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-01-10', '2026-02-09', 10000), inv('F2', 'C1', '2026-01-05', '2026-02-04', 5000), inv('AV1', 'C1', '2026-01-20', '2026-01-20', -12000, { creditedInvoice: 'f1 ' })],
      [],
      d('2026-03-01'),
    );
    const acc = a.accounts[0]!;
    // 100.00 of AV1 cancels F1; the 20.00 left goes to the pool and settles F2 (the only open one).
    expect(openOf(acc)).toEqual({ F2: 3000, F1: 0 });
    expect(acc.unapplied).toBe(0);
    expect(settled(acc)).toEqual({ F2: null, F1: '2026-01-20' });
  });

  it('settles the invoices a payment names in the order named, each up to its open amount (3.2)', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-01-01', '2026-01-31', 10000), inv('F2', 'C1', '2026-02-01', '2026-03-03', 20000), inv('F3', 'C1', '2026-03-01', '2026-03-31', 5000)],
      // Names F3 then F1: F3 fully (50.00), then F1 with what is left (100.00 of 150.00 → F1 settled, 0 left).
      [pay('P1', 'C1', '2026-03-15', 15000, ['F3', 'F1'])],
      d('2026-04-30'),
    );
    expect(openOf(a.accounts[0]!)).toEqual({ F1: 0, F2: 20000, F3: 0 });
  });

  it('takes named payments by date then id, so an earlier payment is served first', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-01-01', '2026-01-31', 10000), inv('F2', 'C1', '2026-01-02', '2026-02-01', 10000)],
      [pay('10', 'C1', '2026-02-10', 8000, ['F1']), pay('9', 'C1', '2026-02-10', 8000, ['F1'])],
      d('2026-03-01'),
    );
    // Payment "9" (natural order before "10") takes 80.00 of F1; "10" takes the last 20.00 and pools 60.00 → F2.
    const acc = a.accounts[0]!;
    expect(openOf(acc)).toEqual({ F1: 0, F2: 4000 });
  });

  it('settles the oldest invoice first — by due date, then issue date, then number — when a payment names none (3.3)', () => {
    const a = allocatePayments(
      [
        inv('F3', 'C1', '2026-01-01', '2026-03-01', 1000),
        inv('F2', 'C1', '2026-01-05', '2026-02-01', 1000),
        inv('F10', 'C1', '2026-01-02', '2026-02-01', 1000),
        inv('F9', 'C1', '2026-01-02', '2026-02-01', 1000),
      ],
      [pay('P1', 'C1', '2026-02-15', 2500)],
      d('2026-03-31'),
    );
    // Order: F9, F10 (same due and issue: number in natural order), F2 (later issue), F3 (later due).
    expect(openOf(a.accounts[0]!)).toEqual({ F9: 0, F10: 0, F2: 500, F3: 1000 });
  });

  it('keeps what is left of the pool as unapplied credit, a negative amount (3.4)', () => {
    const a = allocatePayments([inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000)], [pay('P1', 'C1', '2026-01-15', 1500, ['F1'])], d('2026-02-01'));
    expect(a.accounts[0]!.unapplied).toBe(-500);
    expect(openOf(a.accounts[0]!)).toEqual({ F1: 0 });
  });

  it('never lets two currencies meet (3.5)', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000), inv('F2', 'C1', '2026-01-01', '2026-01-31', 1000, { currency: currencyCode('USD') })],
      [pay('P1', 'C1', '2026-01-15', 1000, [], { currency: currencyCode('USD') })],
      d('2026-02-01'),
    );
    const eur = a.accounts.find((x) => x.currency === 'EUR')!;
    const usd = a.accounts.find((x) => x.currency === 'USD')!;
    expect(openOf(eur)).toEqual({ F1: 1000 });
    expect(openOf(usd)).toEqual({ F2: 0 });
  });

  it('does not apply a named payment to an invoice in another currency, and says so', () => {
    const a = allocatePayments([inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000, { currency: currencyCode('USD') })], [pay('P1', 'C1', '2026-01-15', 1000, ['F1'])], d('2026-02-01'));
    expect(a.accounts.find((x) => x.currency === 'EUR')!.unapplied).toBe(-1000);
    expect(a.warnings.map((w) => w.code)).toEqual(['reference_other_currency']);
  });

  it('sees only invoices issued and payments dated on or before the date (docs/accounting.md §2.1)', () => {
    const invoices = [inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000), inv('F2', 'C1', '2026-02-02', '2026-03-04', 1000)];
    const payments = [pay('P1', 'C1', '2026-02-01', 1000), pay('P2', 'C1', '2026-02-03', 1000)];
    const a = allocatePayments(invoices, payments, d('2026-02-01'));
    expect(openOf(a.accounts[0]!)).toEqual({ F1: 0 });
    expect(a.accounts[0]!.unapplied).toBe(0);
    const b = allocatePayments(invoices, payments, d('2026-02-02'));
    expect(openOf(b.accounts[0]!)).toEqual({ F1: 0, F2: 1000 });
  });

  it('dates a settlement by the credit that paid the last cent, never before the issue date', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-03-01', '2026-03-31', 1000), inv('F2', 'C1', '2026-01-01', '2026-01-31', 1000)],
      // An advance (before F1 was issued), then the rest.
      [pay('P1', 'C1', '2026-01-20', 1500), pay('P2', 'C1', '2026-04-10', 500)],
      d('2026-04-30'),
    );
    // Pool: P1 (1,500) settles F2 on 20/01 and 500 of F1; P2 settles F1's last 500 on 10/04.
    expect(settled(a.accounts[0]!)).toEqual({ F2: '2026-01-20', F1: '2026-04-10' });
    const b = allocatePayments([inv('F1', 'C1', '2026-03-01', '2026-03-31', 1000)], [pay('P1', 'C1', '2026-01-20', 1000)], d('2026-04-30'));
    expect(settled(b.accounts[0]!)).toEqual({ F1: '2026-03-01' });
  });

  it('treats a negative payment as owed again from its own date, settled oldest first like an invoice (docs/accounting.md §1.7)', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-01-01', '2026-03-31', 1000)],
      [pay('P1', 'C1', '2026-01-10', 1000, ['F1']), pay('LCR-REJ', 'C1', '2026-02-01', -1000), pay('P2', 'C1', '2026-02-20', 600)],
      d('2026-03-15'),
    );
    const acc = a.accounts[0]!;
    const refund = acc.debits.find((x) => x.kind === 'refund')!;
    expect(isoFromDay(refund.dueDate)).toBe('2026-02-01');
    expect(refund.open).toBe(400);
    expect(openOf(acc)).toEqual({ 'LCR-REJ': 400, F1: 0 });
  });

  it('warns about a reference to an unknown invoice and pools the payment (3.2)', () => {
    const a = allocatePayments([inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000)], [pay('P1', 'C1', '2026-01-15', 400, ['F404'])], d('2026-02-01'));
    expect(openOf(a.accounts[0]!)).toEqual({ F1: 600 });
    expect(a.warnings).toMatchObject([{ code: 'unknown_reference', value: 'F404', line: expect.any(Number) }]);
  });

  it('does not apply a payment to another customer’s invoice it names', () => {
    const a = allocatePayments([inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000), inv('F2', 'C2', '2026-01-01', '2026-01-31', 1000)], [pay('P1', 'C1', '2026-01-15', 1000, ['F2'])], d('2026-02-01'));
    expect(openOf(a.accounts.find((x) => x.customerId === 'C2')!)).toEqual({ F2: 1000 });
    expect(openOf(a.accounts.find((x) => x.customerId === 'C1')!)).toEqual({ F1: 0 });
    expect(a.warnings.map((w) => w.code)).toEqual(['reference_other_customer']);
  });

  it('does not spend the pool on a written-off invoice, but applies a payment that names it', () => {
    const a = allocatePayments(
      [inv('F1', 'C1', '2026-01-01', '2026-01-31', 1000, { status: 'written_off' }), inv('F2', 'C1', '2026-02-01', '2026-03-03', 1000)],
      [pay('P1', 'C1', '2026-03-10', 700), pay('P2', 'C1', '2026-03-11', 100, ['F1'])],
      d('2026-03-31'),
    );
    expect(openOf(a.accounts[0]!)).toEqual({ F1: 900, F2: 300 });
  });

  it('never creates or loses a cent: open + unapplied = invoices − credits', () => {
    const invoices = [
      inv('F1', 'C1', '2026-01-01', '2026-01-31', 12345),
      inv('F2', 'C1', '2026-01-15', '2026-02-14', 6789),
      inv('AV1', 'C1', '2026-01-20', '2026-01-20', -2000, { creditedInvoice: 'F2' }),
    ];
    const payments = [pay('P1', 'C1', '2026-02-01', 10000, ['F1', 'F2']), pay('P2', 'C1', '2026-02-05', 9000)];
    const acc = allocatePayments(invoices, payments, d('2026-03-01')).accounts[0]!;
    const open = acc.debits.reduce((s, x) => s + x.open, 0);
    expect(open + acc.unapplied).toBe(12345 + 6789 - 2000 - 10000 - 9000);
  });
});

describe('sortByDayThenId', () => {
  it('orders by day, then by identifier in natural order, whatever their shape', async () => {
    const { sortByDayThenId, compareIds } = await import('../../src/core/compare.ts');
    const ids = ['P10', 'P9', 'P010', 'A2', '10', '9', 'FA2026-00042', 'FA2026-42', 'FA2025-99', 'x', '', 'P1B', 'P1A', '0000611365', '611364'];
    const items = ids.flatMap((id, i) => [
      { id, day: i % 3 },
      { id: `${id}Z`, day: (i + 1) % 3 },
    ]);
    const expected = [...items].sort((a, b) => a.day - b.day || compareIds(a.id, b.id));
    expect(
      sortByDayThenId(
        items,
        (x) => x.day,
        (x) => x.id,
      ),
    ).toEqual(expected);
  });
});
