import type { Debit } from './allocate.ts';
import { type Day, day, addDays } from './dates.ts';
import { FIXED_INDEMNITY_EUR, interestByPortions, type Country, type InterestResult, type RateKind, type RateTables, type Settlement } from './interest.ts';
import { mulDivRound, type Cents, cents } from './money.ts';
import type { CustomerType } from './types.ts';

export type { CustomerType };

/**
 * What a late payer owes besides the principal, by country and kind of customer (docs/accounting.md §6;
 * docs/reminders.md names the law behind each rule):
 * - a business: FR L441-10 (ECB + 10 points from the day after the due date, and 40 EUR per invoice,
 *   D441-5); BE law of 2 August 2002 (its reference rate, and 40 EUR);
 * - a French public body: the intérêts moratoires of public procurement (ECB + 8 points, the rate of
 *   the half-year interest began in) and 40 EUR; a Belgian one: the law of 2 August 2002, as a business;
 * - a consumer: no fixed indemnity. FR: the legal interest rate ("all other cases") from the formal
 *   notice (Code civil 1231-6). BE (Code de droit économique, Book XIX): the first reminder is free;
 *   nothing runs until 14 days after it; then the legal rate, and the damages of the law's scale when
 *   the contract provides for them.
 */

export interface ChargeRule {
  readonly rate: RateKind;
  /** From when interest runs: the day after the due date, the day after the formal notice, the day after the free reminder's period. */
  readonly runsFrom: 'due' | 'formal_notice' | 'free_reminder_period';
  readonly indemnity: 'fixed' | 'consumer_scale' | 'none';
}

/** The period a consumer has after the free first reminder, in calendar days (BE Book XIX). */
export const FREE_REMINDER_PERIOD_DAYS = 14;

/** @example chargeRule('FR', 'consumer') → { rate: 'legal', runsFrom: 'formal_notice', indemnity: 'none' } */
export function chargeRule(country: Country, type: CustomerType): ChargeRule {
  if (type === 'consumer') {
    return country === 'FR' ? { rate: 'legal', runsFrom: 'formal_notice', indemnity: 'none' } : { rate: 'legal', runsFrom: 'free_reminder_period', indemnity: 'consumer_scale' };
  }
  if (type === 'public' && country === 'FR') return { rate: 'public', runsFrom: 'due', indemnity: 'fixed' };
  return { rate: 'commercial', runsFrom: 'due', indemnity: 'fixed' };
}

/**
 * The most a Belgian consumer can be charged as damages on an amount owed (Book XIX): 20 EUR up to
 * 150.00; 30 EUR + 10 % of the part from 150.01 to 500.00; 65 EUR + 5 % of the part above 500.00;
 * never more than 2,000 EUR.
 * @example consumerDamagesBE(40000) === 3500 // 30 + 10 % × 250.00
 */
export function consumerDamagesBE(owed: Cents): Cents {
  if (owed <= 0) return cents(0);
  if (owed <= 15000) return cents(2000);
  if (owed <= 50000) return cents(3000 + mulDivRound(owed - 15000, 10, 100));
  return cents(Math.min(200000, 6500 + mulDivRound(owed - 50000, 5, 100)));
}

/**
 * The credits that paid part of a debit, in the order the allocation applied them (the field the
 * allocation gives each debit; none when it gives none).
 */
export function settlementsOf(debit: Debit): readonly Settlement[] {
  return (debit as { readonly settlements?: readonly Settlement[] }).settlements ?? [];
}

export interface Charges {
  readonly interest: InterestResult;
  readonly indemnity: Cents;
  /** The first day interest runs; null while it does not (a consumer before the notice or the free period). */
  readonly runsFrom: Day | null;
}

const NONE: InterestResult = { interest: cents(0), days: 0, periods: [], assumed: [], rate: null };

/**
 * The charges on one debit as of a date, portion by portion.
 * `formalNotice` is the day the formal notice went (FR consumer), `firstReminder` the day of the free
 * first reminder (BE consumer); `consumerIndemnityAgreed` says the contract provides damages (BE).
 * @example chargesFor({ debit, country: 'FR', type: 'business', asOf, tables }).indemnity === 4000
 */
export function chargesFor(p: {
  readonly debit: Pick<Debit, 'kind' | 'currency' | 'dueDate' | 'open'>;
  readonly settlements: readonly Settlement[];
  readonly country: Country;
  readonly type: CustomerType;
  readonly asOf: Day;
  readonly tables: RateTables;
  readonly formalNotice?: Day | null;
  readonly firstReminder?: Day | null;
  readonly consumerIndemnityAgreed?: boolean;
}): Charges {
  const rule = chargeRule(p.country, p.type);
  const runsFrom =
    rule.runsFrom === 'due'
      ? addDays(p.debit.dueDate, 1)
      : rule.runsFrom === 'formal_notice'
        ? p.formalNotice == null
          ? null
          : addDays(p.formalNotice, 1)
        : p.firstReminder == null
          ? null
          : addDays(p.firstReminder, FREE_REMINDER_PERIOD_DAYS + 1);
  const table = p.tables[p.country]?.[rule.rate] ?? { rates: {} };
  const start = runsFrom === null ? null : day(Math.max(runsFrom, p.debit.dueDate + 1));
  const interest = start === null || start > p.asOf ? NONE : interestByPortions({ open: p.debit.open, settlements: p.settlements, runsFrom: start, asOf: p.asOf, table });
  const late = p.debit.open > 0 ? p.asOf > p.debit.dueDate : p.settlements.some((s) => s.date > p.debit.dueDate);
  let indemnity = cents(0);
  if (rule.indemnity === 'fixed' && late && p.debit.kind === 'invoice' && p.debit.currency === 'EUR') indemnity = FIXED_INDEMNITY_EUR;
  if (rule.indemnity === 'consumer_scale' && p.consumerIndemnityAgreed && start !== null && start <= p.asOf && p.debit.currency === 'EUR') indemnity = consumerDamagesBE(p.debit.open);
  return { interest, indemnity, runsFrom: start };
}
