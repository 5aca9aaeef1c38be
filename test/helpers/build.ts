import { cents, currencyCode } from '../../src/core/money.ts';
import { dayFromIso, type Day } from '../../src/core/dates.ts';
import type { Invoice, Payment } from '../../src/core/types.ts';

/** A calendar day from ISO text, for readable tests. */
export function d(iso: string): Day {
  const day = dayFromIso(iso);
  if (day === null) throw new Error(`bad date ${iso}`);
  return day;
}

let line = 1;

/** An invoice (or, with a negative amount, a credit note) with sensible defaults. */
export function inv(number: string, customerId: string, issue: string, due: string, amount: number, extra: Partial<Invoice> = {}): Invoice {
  return {
    number,
    customerId,
    customerName: null,
    issueDate: d(issue),
    dueDate: d(due),
    dueDateDerived: false,
    amount: cents(amount),
    currency: currencyCode('EUR'),
    isCreditNote: amount < 0,
    creditedInvoice: null,
    status: 'normal',
    file: 'factures.csv',
    line: line++,
    ...extra,
  };
}

export function pay(id: string, customerId: string | null, date: string, amount: number, refs: string[] = [], extra: Partial<Payment> = {}): Payment {
  return {
    id,
    customerId,
    date: d(date),
    amount: cents(amount),
    currency: currencyCode('EUR'),
    refs,
    method: null,
    file: 'reglements.csv',
    line: line++,
    ...extra,
  };
}
