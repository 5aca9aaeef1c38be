import { describe, expect, it } from 'vitest';
import { ageOpenItems } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import { DEFAULT_POLICY, dunningPlan, emptyHistory, firstContactLevel, levelForAge, type DunningHistory } from '../../src/core/dunning.ts';
import type { Customer } from '../../src/core/types.ts';
import { d, inv, pay } from '../helpers/build.ts';

const customer = (id: string, extra: Partial<Customer> = {}): Customer => ({
  id,
  name: id,
  emails: [`${id.toLowerCase()}@x.example`],
  cc: [],
  language: 'fr',
  terms: null,
  creditLimit: null,
  doNotRemind: false,
  file: 'clients.csv',
  line: 1,
  ...extra,
});

function plan(asOf: string, history: Partial<DunningHistory> = {}, customers = new Map([['C1', customer('C1')]])) {
  const invoices = [inv('F1', 'C1', '2026-08-01', '2026-09-01', 10000), inv('F2', 'C1', '2026-09-20', '2026-10-20', 5000)];
  const aged = ageOpenItems(allocatePayments(invoices, [], d(asOf)));
  return dunningPlan({
    aged,
    customers,
    history: { ...emptyHistory(), ...history },
    policy: DEFAULT_POLICY,
    country: 'FR',
    rates: { FR: { commercial: { rates: { '2026-H2': 12.15, '2027-H1': 12.15 } } } },
    defaultLanguage: 'fr',
  });
}

describe('dunningPlan', () => {
  it('reads the level an age calls for: 1 from day 1, 2 from 15, 3 from 30, 4 from 45', () => {
    expect([0, 1, 14, 15, 29, 30, 44, 45, 400].map((n) => levelForAge(n, DEFAULT_POLICY))).toEqual([0, 1, 1, 2, 2, 3, 3, 4, 4]);
  });
  it('opens a first contact at the level the age calls for among the firstContact thresholds (30 days: level 2, 90: level 3), never 4', () => {
    const p = plan('2026-10-31');
    expect(p.emails.map((e) => [e.level, e.previousLevel, e.invoices.map((i) => [i.item.debit.number, i.level, i.advances])])).toEqual([
      [
        2,
        0,
        [
          ['F1', 2, true],
          ['F2', 1, true],
        ],
      ],
    ]);
    // 246 days late on the first run: a formal notice, not "a simple oversight".
    const backlog = plan('2027-05-05');
    expect(backlog.emails.map((e) => [e.level, e.invoices.map((i) => [i.item.debit.number, i.level])])).toEqual([
      [
        3,
        [
          ['F1', 3],
          ['F2', 3],
        ],
      ],
    ]);
    expect([0, 29, 30, 89, 90, 400].map((n) => firstContactLevel(n, DEFAULT_POLICY))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(firstContactLevel(400, { ...DEFAULT_POLICY, firstContact: {} })).toBe(1);
  });
  it('waits for the deadline the last letter gave plus the delivery time before the next level, whatever the minimum gap', () => {
    const sent = (day: string) => ({
      lastLevel: new Map([
        ['F1', 3],
        ['F2', 3],
      ]),
      levelDays: new Map([
        ['F1', new Map([[3, d(day)]])],
        ['F2', new Map([[3, d(day)]])],
      ]),
    });
    // Level 3 on 01/11 gives 8 days from receipt, 4 days of delivery: level 4 from 14/11, not 08/11.
    expect(plan('2026-11-13', sent('2026-11-01')).skips).toMatchObject([{ reason: 'deadline', detail: String(d('2026-11-14')) }]);
    expect(plan('2026-11-14', sent('2026-11-01')).emails.map((e) => e.level)).toEqual([4]);
  });
  it('sends the next level only, and lists an invoice already at its level without raising it', () => {
    const p = plan('2026-11-20', {
      lastLevel: new Map([
        ['F1', 1],
        ['F2', 1],
      ]),
    });
    expect(p.emails[0]!.invoices.map((i) => [i.item.debit.number, i.level, i.advances])).toEqual([
      ['F1', 2, true],
      ['F2', 2, true],
    ]);
    const q = plan('2026-11-01', {
      lastLevel: new Map([
        ['F1', 2],
        ['F2', 1],
      ]),
    });
    // F2 is 12 days late: its age calls for level 1, already sent; F1 goes to 3.
    expect(q.emails[0]!.invoices.map((i) => [i.item.debit.number, i.level, i.advances])).toEqual([
      ['F1', 3, true],
      ['F2', 1, false],
    ]);
    expect(q.emails[0]!.level).toBe(3);
    expect(q.emails[0]!.indemnity).toBe(8000);
  });
  it('waits minDaysBetween days between two e-mails to a customer', () => {
    const p = plan('2026-11-20', { lastLevel: new Map([['F1', 1]]), lastEmail: new Map([['C1', d('2026-11-15')]]) });
    expect(p.emails).toEqual([]);
    expect(p.skips).toMatchObject([{ customerId: 'C1', reason: 'too_soon' }]);
  });
  it('never reminds an invoice in dispute or under a running promise; a lapsed promise lets the next level go', () => {
    expect(plan('2026-10-31', { disputed: new Set(['F1', 'F2']) }).skips).toMatchObject([{ reason: 'disputed' }]);
    const promised = plan('2026-10-31', { promises: [{ invoice: null, customerId: 'C1', until: d('2026-11-15'), target: 'customer' as const }] });
    expect(promised.skips).toMatchObject([{ reason: 'promise' }]);
    const lapsed = plan('2026-11-16', { promises: [{ invoice: null, customerId: 'C1', until: d('2026-11-15'), target: 'customer' as const }] });
    expect(lapsed.emails).toHaveLength(1);
  });
  it("reads a promise recorded without a ledger as an open invoice's when one has that number, else as the customer's", () => {
    const open = (name: string) => ({ invoice: name, customerId: name, until: d('2026-11-15'), target: null });
    const byInvoice = plan('2026-10-31', { promises: [open('f1')] });
    expect(byInvoice.emails[0]!.invoices.map((i) => i.item.debit.number)).toEqual(['F2']);
    expect(plan('2026-10-31', { promises: [open('C1')] }).skips).toMatchObject([{ reason: 'promise' }]);
    // Told apart when recorded: an invoice's promise never holds the customer of the same name.
    expect(plan('2026-10-31', { promises: [{ invoice: 'C1', customerId: 'C9', until: d('2026-11-15'), target: 'invoice' }] }).emails).toHaveLength(1);
  });
  it('lists do-not-remind and address-less customers to call, and the escalated ones apart', () => {
    expect(plan('2026-10-31', {}, new Map([['C1', customer('C1', { doNotRemind: true })]])).skips).toMatchObject([{ reason: 'to_call', detail: 'do_not_remind' }]);
    expect(plan('2026-10-31', {}, new Map([['C1', customer('C1', { emails: [] })]])).skips).toMatchObject([{ reason: 'to_call', detail: 'no_address' }]);
    expect(plan('2026-12-31', { lastLevel: new Map([['F1', 4]]) }).skips).toMatchObject([{ reason: 'escalated' }]);
  });
  it('never reminds a customer whose net balance is not positive', () => {
    const invoices = [inv('F1', 'C1', '2026-08-01', '2026-09-01', 10000)];
    const aged = ageOpenItems(allocatePayments(invoices, [pay('P1', 'C1', '2026-10-01', 4000, ['X']), pay('P2', 'C1', '2026-10-01', 7000, ['F404'])], d('2026-10-31')));
    const p = dunningPlan({ aged, customers: new Map([['C1', customer('C1')]]), history: emptyHistory(), policy: DEFAULT_POLICY, country: 'FR', rates: {}, defaultLanguage: 'fr' });
    expect(p.emails).toEqual([]);
    expect(p.skips).toMatchObject([]);
  });
});
