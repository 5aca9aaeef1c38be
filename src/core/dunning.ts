import type { AgedBalance, AgedItem, CustomerAging } from './aging.ts';
import { referenceKey } from './compare.ts';
import type { Day } from './dates.ts';
import { FIXED_INDEMNITY_EUR, lateInterest, type Country, type RateTable } from './interest.ts';
import type { Cents } from './money.ts';
import type { Customer, Language } from './types.ts';

/**
 * The dunning plan (relances): who gets which reminder today, and why the others get none.
 * Pure: it reads the aged balance, the customers, the journal's history and the policy; the command
 * records and sends.
 */

/** The reminder levels: 1 friendly, 2 second, 3 formal notice (mise en demeure), 4 last notice. */
export type Level = 1 | 2 | 3 | 4;

export interface Policy {
  /** Days past due from which each level is called for. */
  readonly levels: Readonly<Record<Level, number>>;
  /** Least number of days between two e-mails to the same customer. */
  readonly minDaysBetween: number;
  /** Send a courtesy notice this many days before the due date; null: never. */
  readonly courtesyDaysBefore: number | null;
  /** Thank the customer when an invoice that had a reminder is paid. */
  readonly thankYou: boolean;
}

export const DEFAULT_POLICY: Policy = {
  levels: { 1: 1, 2: 15, 3: 30, 4: 45 },
  minDaysBetween: 7,
  courtesyDaysBefore: null,
  thankYou: false,
};

/** What the journal knows, as plain data. */
export interface DunningHistory {
  /** The highest level sent (or attempted: an uncertain send counts) per invoice reference key. */
  readonly lastLevel: ReadonlyMap<string, number>;
  /** The day of the last e-mail to each customer (any currency, any kind). */
  readonly lastEmail: ReadonlyMap<string, Day>;
  /** Invoices in dispute (reference keys), from `ar dispute`. */
  readonly disputed: ReadonlySet<string>;
  /** Payment promises still on record. */
  readonly promises: readonly Promise_[];
  /** Invoices with a courtesy notice already sent. */
  readonly courtesySent: ReadonlySet<string>;
  /** Invoices already thanked for. */
  readonly thanked: ReadonlySet<string>;
  /** Invoices whose last send is uncertain (intent recorded, acceptance not). */
  readonly uncertain: ReadonlySet<string>;
}

/**
 * A promise to pay an invoice, or everything a customer owes, by a date (the promised amount is
 * informational: it is in the journal, not in the plan). `target` says which; null when `ar promise`
 * could not tell: the name is then an invoice if an open item has that number, else a customer id.
 */
export interface Promise_ {
  readonly invoice: string | null;
  readonly customerId: string | null;
  readonly until: Day;
  readonly target: 'invoice' | 'customer' | null;
}

export interface PlannedInvoice {
  readonly item: AgedItem;
  /** The level this invoice is at in this e-mail. */
  readonly level: Level;
  /** True when this e-mail raises it to that level (what the journal records). */
  readonly advances: boolean;
  readonly interest: Cents;
  readonly indemnity: Cents;
  readonly interestDays: number;
  readonly rate: number | null;
}

export interface PlannedEmail {
  readonly kind: 'reminder' | 'courtesy' | 'thanks';
  readonly customerId: string;
  readonly currency: string;
  readonly customer: Customer | null;
  readonly language: Language;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** The highest level of the e-mail (0 for courtesy and thanks). */
  readonly level: Level | 0;
  readonly invoices: readonly PlannedInvoice[];
  /** Overdue total listed, interest and indemnities (level 3 and above). */
  readonly overdue: Cents;
  readonly interest: Cents;
  readonly indemnity: Cents;
  readonly balance: Cents;
  /** The customer's whole account in that currency (for the statement attached). */
  readonly account: CustomerAging | null;
  /** For a thank-you e-mail: the invoices paid since their reminder. */
  readonly thankedInvoices?: readonly string[];
}

export type SkipReason =
  | 'credit_balance' // net balance not positive
  | 'to_call' // do-not-remind, or no valid address
  | 'too_soon' // an e-mail less than minDaysBetween days ago
  | 'disputed' // every overdue invoice is disputed
  | 'promise' // every overdue invoice is under a promise still running
  | 'escalated' // the last notice was sent: collection agency or injonction de payer
  | 'uncertain' // a previous send is uncertain: not resent without --retry-uncertain
  | 'up_to_date'; // overdue invoices already at the level their age calls for

export interface Skip {
  readonly customerId: string;
  readonly currency: string;
  readonly reason: SkipReason;
  readonly detail: string | null;
  readonly overdue: Cents;
}

export interface DunningPlan {
  readonly asOf: Day;
  /** The policy's least number of days between two e-mails (said in the "too soon" reason). */
  readonly minDaysBetween: number;
  readonly emails: PlannedEmail[];
  readonly skips: Skip[];
}

export interface DunningInput {
  readonly aged: AgedBalance;
  readonly customers: ReadonlyMap<string, Customer>;
  readonly history: DunningHistory;
  readonly policy: Policy;
  readonly country: Country;
  readonly rates: RateTable;
  readonly defaultLanguage: Language;
  /** Invoices settled since they had a reminder (for thank-you e-mails): reference keys → customer. */
  readonly settledAfterReminder?: readonly { invoice: string; customerId: string; currency: string }[];
}

/** The level an age calls for (0: none). */
export function levelForAge(daysPastDue: number, policy: Policy): Level | 0 {
  let level: Level | 0 = 0;
  for (const l of [1, 2, 3, 4] as const) if (daysPastDue >= policy.levels[l]) level = l;
  return level;
}

/**
 * Plans today's e-mails (the charges: docs/accounting.md §6): levels climb one at a
 * time (next = min(level for the age, last sent + 1)); one e-mail per customer and currency at the
 * highest level due, listing every overdue invoice; never an invoice twice at the same level, never a
 * customer in credit, in dispute, under a running promise, marked do-not-remind or without an address
 * (those are "to call"), and never twice within `minDaysBetween` days.
 * @example dunningPlan({ aged, customers, history: emptyHistory(), policy: DEFAULT_POLICY, country: 'FR', rates, defaultLanguage: 'fr' })
 */
export function dunningPlan(input: DunningInput): DunningPlan {
  const { aged, policy, history } = input;
  const asOf = aged.asOf;
  const emails: PlannedEmail[] = [];
  const skips: Skip[] = [];
  const emailedToday = new Set<string>();

  // Promises still running, each read as an invoice's (by reference key) or a customer's.
  const openNumbers = new Set(aged.currencies.flatMap((cur) => cur.customers.flatMap((c) => c.items.map((i) => referenceKey(i.debit.number)))));
  const promisedInvoices = new Set<string>();
  const promisedCustomers = new Set<string>();
  for (const p of history.promises) {
    if (p.until < asOf) continue;
    const asInvoice = p.target === 'invoice' || (p.target === null && p.invoice !== null && openNumbers.has(referenceKey(p.invoice)));
    if (asInvoice && p.invoice !== null) promisedInvoices.add(referenceKey(p.invoice));
    else if (!asInvoice && p.customerId !== null) promisedCustomers.add(p.customerId);
  }
  const promised = (item: AgedItem, customerId: string): boolean => promisedCustomers.has(customerId) || promisedInvoices.has(referenceKey(item.debit.number));

  for (const cur of aged.currencies) {
    for (const c of cur.customers) {
      const customer = input.customers.get(c.customerId) ?? null;
      const overdueItems = c.items.filter((i) => i.daysPastDue >= 1 && i.debit.open > 0);
      const overdue = overdueItems.reduce((s, i) => s + i.debit.open, 0);
      const skip = (reason: SkipReason, detail: string | null = null): void => {
        skips.push({ customerId: c.customerId, currency: c.currency, reason, detail, overdue });
      };
      if (overdueItems.length === 0) {
        const courtesy = planCourtesy(c, customer, input);
        if (courtesy && c.total > 0 && !tooSoon(c.customerId, input, emailedToday)) {
          emails.push(courtesy);
          emailedToday.add(c.customerId);
        }
        continue;
      }
      if (c.total <= 0) {
        skip('credit_balance');
        continue;
      }
      const escalated = overdueItems.some((i) => (history.lastLevel.get(referenceKey(i.debit.number)) ?? 0) >= 4);
      if (escalated) {
        skip('escalated');
        continue;
      }
      const eligible: AgedItem[] = [];
      let disputed = 0;
      let promisedCount = 0;
      let uncertain = 0;
      for (const item of overdueItems) {
        const key = referenceKey(item.debit.number);
        if (item.debit.status === 'disputed' || history.disputed.has(key)) disputed++;
        else if (promised(item, c.customerId)) promisedCount++;
        else if (history.uncertain.has(key)) uncertain++;
        else eligible.push(item);
      }
      if (eligible.length === 0) {
        skip(uncertain > 0 ? 'uncertain' : disputed >= promisedCount ? 'disputed' : 'promise');
        continue;
      }
      const planned: PlannedInvoice[] = [];
      for (const item of eligible) {
        const last = history.lastLevel.get(referenceKey(item.debit.number)) ?? 0;
        const byAge = levelForAge(item.daysPastDue, policy);
        const next = Math.min(byAge, last + 1);
        const advances = next > last;
        const level = (advances ? next : last) as Level | 0;
        if (level === 0) continue;
        planned.push({ item, level, advances, interest: 0, indemnity: 0, interestDays: 0, rate: null });
      }
      if (!planned.some((p) => p.advances)) {
        skip('up_to_date');
        continue;
      }
      if (customer?.doNotRemind) {
        skip('to_call', 'do_not_remind');
        continue;
      }
      const to = customer?.emails ?? [];
      if (to.length === 0) {
        skip('to_call', 'no_address');
        continue;
      }
      if (tooSoon(c.customerId, input, emailedToday)) {
        // The day of the last e-mail (today when this run already wrote one): the reason says how long ago.
        const last = emailedToday.has(c.customerId) ? asOf : history.lastEmail.get(c.customerId);
        skip('too_soon', last === undefined ? null : String(last));
        continue;
      }
      const level = planned.reduce<number>((m, p) => Math.max(m, p.level), 0) as Level;
      // The formal notice and the last notice state the late interest and the fixed indemnity.
      const withCharges = planned.map((p) => {
        if (level < 3) return p;
        const r = lateInterest(p.item.debit.open, p.item.debit.dueDate, asOf, input.country, input.rates);
        const indemnity = c.currency === 'EUR' && p.item.debit.kind === 'invoice' ? FIXED_INDEMNITY_EUR : 0;
        return { ...p, interest: r.interest, interestDays: r.days, rate: r.rate, indemnity };
      });
      const interest = withCharges.reduce((s, p) => s + p.interest, 0);
      const indemnity = withCharges.reduce((s, p) => s + p.indemnity, 0);
      emails.push({
        kind: 'reminder',
        customerId: c.customerId,
        currency: c.currency,
        customer,
        language: customer?.language ?? input.defaultLanguage,
        to,
        cc: customer?.cc ?? [],
        level,
        invoices: withCharges,
        overdue: withCharges.reduce((s, p) => s + p.item.debit.open, 0),
        interest,
        indemnity,
        balance: c.total,
        account: c,
      });
      emailedToday.add(c.customerId);
    }
  }

  if (policy.thankYou && input.settledAfterReminder) {
    const byCustomer = new Map<string, { customerId: string; currency: string; invoices: string[] }>();
    for (const s of input.settledAfterReminder) {
      if (history.thanked.has(referenceKey(s.invoice))) continue;
      const k = `${s.customerId}\u0000${s.currency}`;
      const e = byCustomer.get(k) ?? { customerId: s.customerId, currency: s.currency, invoices: [] };
      e.invoices.push(s.invoice);
      byCustomer.set(k, e);
    }
    for (const t of byCustomer.values()) {
      const customer = input.customers.get(t.customerId) ?? null;
      if (!customer || customer.doNotRemind || customer.emails.length === 0 || emailedToday.has(t.customerId)) continue;
      emails.push({
        kind: 'thanks', customerId: t.customerId, currency: t.currency, customer,
        language: customer.language ?? input.defaultLanguage, to: customer.emails, cc: customer.cc, level: 0,
        invoices: [], overdue: 0, interest: 0, indemnity: 0, balance: 0, account: null,
        thankedInvoices: t.invoices,
      });
      emailedToday.add(t.customerId);
    }
  }
  return { asOf, minDaysBetween: policy.minDaysBetween, emails, skips };
}

function tooSoon(customerId: string, input: DunningInput, emailedToday: ReadonlySet<string>): boolean {
  if (emailedToday.has(customerId)) return true;
  const last = input.history.lastEmail.get(customerId);
  return last !== undefined && input.aged.asOf - last < input.policy.minDaysBetween;
}

function planCourtesy(c: CustomerAging, customer: Customer | null, input: DunningInput): PlannedEmail | null {
  const n = input.policy.courtesyDaysBefore;
  if (n === null || !customer || customer.doNotRemind || customer.emails.length === 0) return null;
  const soon = c.items.filter(
    (i) => i.daysPastDue < 0 && i.daysPastDue >= -n && i.debit.status === 'normal' && !input.history.courtesySent.has(referenceKey(i.debit.number)),
  );
  if (soon.length === 0) return null;
  return {
    kind: 'courtesy', customerId: c.customerId, currency: c.currency, customer,
    language: customer.language ?? input.defaultLanguage, to: customer.emails, cc: customer.cc, level: 0,
    invoices: soon.map((item) => ({ item, level: 1 as Level, advances: false, interest: 0, indemnity: 0, interestDays: 0, rate: null })),
    overdue: 0, interest: 0, indemnity: 0, balance: c.total, account: c,
  };
}

/** A history with nothing in it: the first run. */
export function emptyHistory(): DunningHistory {
  return {
    lastLevel: new Map(), lastEmail: new Map(), disputed: new Set(), promises: [], courtesySent: new Set(), thanked: new Set(), uncertain: new Set(),
  };
}
