import { cents } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { chargeRule, chargesFor, consumerDamagesBE } from '../../src/core/charges.ts';
import { paymentCommunication } from '../../src/core/communication.ts';
import { customerTypeOf } from '../../src/core/import/ledger.ts';
import { d } from '../helpers/build.ts';

const tables = {
  FR: { commercial: { rates: { '2026-H1': 12.15 } }, legal: { rates: { '2026-H1': 2.62 } }, public: { rates: { '2025-H2': 10.15, '2026-H1': 10.15 }, fixedAtStart: true } },
  BE: { commercial: { rates: { '2026-H1': 10.5 } }, legal: { rates: { '2026': 4.5 } } },
};
const debit = (open: number, due: string) => ({ kind: 'invoice' as const, currency: 'EUR', dueDate: d(due), open: cents(open) });

describe('what a late payer owes, by country and type of customer', () => {
  it('reads the type as people write it', () => {
    expect(['B2B', 'Entreprise', 'particulier', 'Consommateur', 'B2C', 'public', 'Administration', 'collectivité', 'overheid', 'x'].map(customerTypeOf)).toEqual([
      'business',
      'business',
      'consumer',
      'consumer',
      'consumer',
      'public',
      'public',
      'public',
      'public',
      null,
    ]);
    // A sole trader is a professional; a town hall a public body; words that agree say it, words that disagree do not;
    // an association, a legal person, says no type of its own.
    expect(
      ['Auto-entrepreneur', 'Indépendant', 'Zelfstandige', 'Part.', 'Particulier (B2C)', 'Mairie', 'Gemeente', 'Client professionnel', 'Pro / Part', 'Association', 'Personne morale'].map(
        customerTypeOf,
      ),
    ).toEqual(['business', 'business', 'business', 'consumer', 'consumer', 'public', 'public', 'business', null, null, null]);
  });
  it('charges a business interest from the day after the due date and 40 EUR; a French consumer only the legal rate from the notice', () => {
    expect(chargeRule('FR', 'business')).toEqual({ rate: 'commercial', runsFrom: 'due', indemnity: 'fixed' });
    const b = chargesFor({ debit: debit(100000, '2026-01-31'), settlements: [], country: 'FR', type: 'business', asOf: d('2026-03-02'), tables });
    expect([b.interest.interest, b.indemnity]).toEqual([999, 4000]); // 1,000.00 × 12.15 % × 30 / 365 = 9.99
    const none = chargesFor({ debit: debit(100000, '2026-01-31'), settlements: [], country: 'FR', type: 'consumer', asOf: d('2026-03-02'), tables });
    expect([none.interest.interest, none.indemnity, none.runsFrom]).toEqual([0, 0, null]);
    const c = chargesFor({ debit: debit(100000, '2026-01-31'), settlements: [], country: 'FR', type: 'consumer', asOf: d('2026-03-02'), tables, formalNotice: d('2026-02-20') });
    expect([c.interest.interest, c.interest.days, c.indemnity]).toEqual([72, 10, 0]); // 1,000.00 × 2.62 % × 10 / 365 = 0.72
  });
  it('charges a Belgian consumer nothing until 14 days after the free reminder, then the legal rate and, when agreed, the scale', () => {
    const p = { debit: debit(50000, '2026-01-31'), settlements: [], country: 'BE' as const, type: 'consumer' as const, tables, firstReminder: d('2026-03-10') };
    expect(chargesFor({ ...p, asOf: d('2026-03-24') }).interest.interest).toBe(0);
    const after = chargesFor({ ...p, asOf: d('2026-04-11'), consumerIndemnityAgreed: true });
    expect([after.runsFrom, after.interest.interest, after.indemnity]).toEqual([d('2026-03-25'), 111, 6500]);
    expect(chargesFor({ ...p, asOf: d('2026-04-11') }).indemnity).toBe(0);
  });
  it("caps Book XIX damages on the law's scale", () => {
    expect([10000, 15000, 15001, 50000, 60000, 5000000, 100000000].map((x) => consumerDamagesBE(cents(x)))).toEqual([2000, 2000, 3000, 6500, 7000, 200000, 200000]);
  });
  it("derives a Belgian structured communication from the invoice number, or takes the ledger's", () => {
    expect(paymentCommunication('2026/0042', null)).toBe('+++002/0260/04240+++');
    expect(paymentCommunication('FA2026-002', null)).toBe('+++000/2026/00260+++');
    expect(paymentCommunication('X', '+++123/4567/89002+++')).toBe('+++123/4567/89002+++');
    expect(paymentCommunication('NODIGIT', null)).toBeNull();
    expect(paymentCommunication('12345678901', null)).toBeNull();
  });
});
