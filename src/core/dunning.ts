import type { AgedBalance, AgedItem, CustomerAging } from './aging.ts';
import type { Debit } from './allocate.ts';
import { chargeRule, chargesFor, FREE_REMINDER_PERIOD_DAYS, settlementsOf, type CustomerType } from './charges.ts';
import { referenceKey } from './compare.ts';
import { type Day, day, addDays } from './dates.ts';
import { halfYearKey, rateOf, type Country, type InterestPeriod, type RateKind, type RateTables } from './interest.ts';
import { type Cents, cents } from './money.ts';
import type { Customer, Language } from './types.ts';

/**
 * The dunning plan (relances): who gets which reminder today, and why the others get none.
 * Pure: it reads the aged balance, the customers, the journal's history and the policy; the command
 * records and sends.
 */

/** The reminder levels: 1 friendly, 2 second, 3 formal notice (mise en demeure), 4 last notice. */
export type Level = 1 | 2 | 3 | 4;

/** The level that gives formal notice (mise en demeure): the registered letter goes with it. */
export const FORMAL_NOTICE_LEVEL: Level = 3;

export interface Policy {
  /** Days past due from which each level is called for. */
  readonly levels: Readonly<Record<Level, number>>;
  /** Least number of days between two e-mails to the same customer. */
  readonly minDaysBetween: number;
  /** Send a courtesy notice this many days before the due date; null: never. */
  readonly courtesyDaysBefore: number | null;
  /** Thank the customer when an invoice that had a reminder is paid. */
  readonly thankYou: boolean;
  /**
   * The days each level's letter gives the customer to pay, from its receipt (null: no deadline is
   * stated). The next level never goes before that deadline and the delivery time have passed.
   */
  readonly deadlines: Readonly<Record<Level, number | null>>;
  /** Days a letter takes to reach the customer, counted before its deadline starts. */
  readonly deliveryDays: number;
  /**
   * A first contact (an invoice never reminded) starts at the level its age calls for among these:
   * days past due from which level 2 or 3 opens the exchange. Level 4 never opens it.
   */
  readonly firstContact: Readonly<Partial<Record<2 | 3, number>>>;
  /** Claim in the letters the interest and indemnity of invoices paid late in full (they are shown in the statement always). */
  readonly claimPaidLate: boolean;
  /** BE consumers: the contract provides the damages of Book XIX's scale (else none are claimed). */
  readonly consumerIndemnityAgreed: boolean;
}

export const DEFAULT_POLICY: Policy = {
  levels: { 1: 1, 2: 15, 3: 30, 4: 45 },
  minDaysBetween: 7,
  courtesyDaysBefore: null,
  thankYou: false,
  deadlines: { 1: null, 2: 8, 3: 8, 4: 8 },
  deliveryDays: 4,
  firstContact: { 2: 30, 3: 90 },
  claimPaidLate: false,
  consumerIndemnityAgreed: false,
};

/** What the journal knows, as plain data. */
export interface DunningHistory {
  /** The highest level sent (or attempted: an uncertain send counts) per invoice reference key. */
  readonly lastLevel: ReadonlyMap<string, number>;
  /** The day each level was first sent, per invoice reference key (deadlines, the formal notice, the free reminder). */
  readonly levelDays?: ReadonlyMap<string, ReadonlyMap<number, Day>>;
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
  /** The interest line by line (amount earning it, rate, days), for the customer to check. */
  readonly periods: readonly InterestPeriod[];
  /** Half-years of the interest whose rate is not in the published table. */
  readonly assumed: readonly string[];
  /** The first day interest runs (null: not yet, as for a consumer before the formal notice). */
  readonly runsFrom: Day | null;
}

/** An invoice paid in full after its due date, with what its lateness cost (shown in the statement; claimed when the policy says so). */
export interface PaidLate {
  readonly debit: Debit;
  /** The day its last cent was paid. */
  readonly paidOn: Day;
  readonly interest: Cents;
  readonly indemnity: Cents;
  readonly periods: readonly InterestPeriod[];
  readonly assumed: readonly string[];
}

/** Why an overdue invoice of an account is in none of its letters. */
export type HeldReason = 'disputed' | 'said_paid' | 'promise' | 'uncertain';

export interface PlannedEmail {
  readonly kind: 'reminder' | 'courtesy' | 'thanks';
  readonly customerId: string;
  readonly currency: string;
  readonly customer: Customer | null;
  readonly customerType: CustomerType;
  readonly language: Language;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  /** The highest level of the e-mail (0 for courtesy and thanks). */
  readonly level: Level | 0;
  /** The highest level sent before to this customer for these invoices (0: the first contact). */
  readonly previousLevel: number;
  readonly invoices: readonly PlannedInvoice[];
  /** Overdue total listed, interest and indemnities (level 3 and above), paid-late charges included when claimed. */
  readonly overdue: Cents;
  readonly interest: Cents;
  readonly indemnity: Cents;
  readonly balance: Cents;
  /** The customer's whole account in that currency (for the statement attached). */
  readonly account: CustomerAging | null;
  /**
   * Invoices paid late in full whose charges are still owed; `claimPaidLate` says whether this e-mail
   * claims them. Unclaimed, the list is made each time it is read: read it once.
   */
  readonly paidLate: readonly PaidLate[];
  readonly claimPaidLate: boolean;
  /** The days this e-mail gives to pay (null: none stated). */
  readonly deadlineDays: number | null;
  /** Which published rate the charges run at, and its current rate (percent), for the letter's wording. */
  readonly rateKind: RateKind;
  readonly currentRate: number | null;
  /** Half-years whose rate was assumed, in the charges this e-mail states (confirmed by the config, or it would not be planned). */
  readonly assumedRates: readonly string[];
  /** The first formal notice to this customer for these invoices, and the first (free) reminder: days, or null. */
  readonly formalNoticeOn: Day | null;
  readonly firstReminderOn: Day | null;
  /** BE consumers: the contract provides damages (the policy's consumerIndemnityAgreed). */
  readonly consumerIndemnityAgreed: boolean;
  /** The account's overdue invoices this e-mail does not list, and why (in aging order). */
  readonly held: readonly { readonly number: string; readonly reason: HeldReason }[];
  /** For a thank-you e-mail: the invoices paid since their reminder. */
  readonly thankedInvoices?: readonly string[];
}

export type SkipReason =
  | 'credit_balance' // net balance not positive
  | 'to_call' // do-not-remind, or no valid address
  | 'too_soon' // an e-mail less than minDaysBetween days ago
  | 'deadline' // the deadline the last letter gave (plus delivery) has not passed: detail, the first day the next level may go
  | 'assumed_rate' // the letter would quote a rate that is not published, and the config does not confirm it
  | 'disputed' // every overdue invoice is disputed
  | 'promise' // every overdue invoice is under a promise still running
  | 'said_paid' // every overdue invoice is one the ledger says paid, in part or in full, that the payments read leave open
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
  /** Every half-year whose rate was assumed in a charge planned or held back (said in the output, the JSON, the journal). */
  readonly assumedRates: readonly { readonly customerId: string; readonly table: RateKind; readonly halfYears: readonly string[]; readonly sent: boolean }[];
}

export interface DunningInput {
  readonly aged: AgedBalance;
  readonly customers: ReadonlyMap<string, Customer>;
  readonly history: DunningHistory;
  readonly policy: Policy;
  readonly country: Country;
  readonly rates: RateTables;
  readonly defaultLanguage: Language;
  /** The type of a customer the customers file does not type (default: business). */
  readonly defaultCustomerType?: CustomerType;
  /** Letters may quote a rate the table does not have (the last published one): the config confirms it. */
  readonly confirmAssumedRates?: boolean;
  /** Invoices settled since they had a reminder (for thank-you e-mails): reference keys → customer. */
  readonly settledAfterReminder?: readonly { invoice: string; customerId: string; currency: string }[];
  /**
   * Invoices (reference keys) the ledger says paid, in part or in full, that may count as owed: paid in part, how
   * much unsaid, or said paid by a status the payments read leave open (docs/accounting.md §9.4). No letter lists
   * one: the customer is not asked for what the file says it paid.
   */
  readonly saidPaid?: ReadonlySet<string>;
}

/** Why no letter may list an item (its reference key `key`), or null: in dispute (the ledger's or the journal's), or one the ledger says paid. */
function heldOf(item: AgedItem, key: string, input: DunningInput): 'disputed' | 'said_paid' | null {
  if (item.debit.status === 'disputed' || input.history.disputed.has(key)) return 'disputed';
  return input.saidPaid?.has(key) === true ? 'said_paid' : null;
}

/** The level an age calls for (0: none). */
export function levelForAge(daysPastDue: number, policy: Policy): Level | 0 {
  let level: Level | 0 = 0;
  for (const l of [1, 2, 3, 4] as const) if (daysPastDue >= policy.levels[l]) level = l;
  return level;
}

/** The level a first contact opens with: level 1, or the level the firstContact thresholds give for the age (never 4). */
export function firstContactLevel(daysPastDue: number, policy: Policy): Level {
  let level: Level = 1;
  for (const l of [2, 3] as const) {
    const from = policy.firstContact[l];
    if (from !== undefined && daysPastDue >= from) level = l;
  }
  return level;
}

/** The deadline a level's letter gives, in days: a Belgian consumer's free reminder gives 14 at least (Book XIX). */
export function deadlineOf(level: Level, policy: Policy, country: Country, type: CustomerType): number | null {
  const d = policy.deadlines[level];
  if (level === 1 && country === 'BE' && type === 'consumer') return Math.max(d ?? 0, FREE_REMINDER_PERIOD_DAYS);
  return d;
}

/** Years back a claim for a paid-late invoice reaches (commercial limitation: five years). */
const LIMITATION_DAYS = 5 * 365 + 1;

/** What a run decides of one customer's account: an e-mail, a skip and why, or nothing. */
type Decision =
  | { readonly email: PlannedEmail; readonly assumed?: DunningPlan['assumedRates'][number] }
  | { readonly skip: SkipReason; readonly detail?: string | null; readonly assumed?: DunningPlan['assumedRates'][number] }
  | null;

/** What the decisions of one run share. */
interface Run {
  readonly input: DunningInput;
  /** Customers already written to by this run. */
  readonly emailedToday: Set<string>;
  /** Under a promise still running: an invoice's, or every invoice of a customer's. */
  readonly promised: (item: AgedItem, customerId: string) => boolean;
}

/** The day an invoice (by its reference key) was sent the level, or null. */
const levelDay = (input: DunningInput, key: string, level: number): Day | null => input.history.levelDays?.get(key)?.get(level) ?? null;

const typeOf = (input: DunningInput, customer: Customer | null): CustomerType => customer?.type ?? input.defaultCustomerType ?? 'business';

/** Promises still running, each read as an invoice's (by reference key) or a customer's. */
function runningPromises(input: DunningInput): Run['promised'] {
  const { aged, history } = input;
  const running = history.promises.filter((p) => p.until >= aged.asOf);
  if (running.length === 0) return () => false;
  // A name `ar promise` could not tell is an invoice when an open item has that number (the set made only then).
  let openNumbers: Set<string> | null = null;
  const isOpen = (invoice: string): boolean =>
    (openNumbers ??= new Set(aged.currencies.flatMap((cur) => cur.customers.flatMap((c) => c.items.map((i) => referenceKey(i.debit.number)))))).has(referenceKey(invoice));
  const promisedInvoices = new Set<string>();
  const promisedCustomers = new Set<string>();
  for (const p of running) {
    const asInvoice = p.target === 'invoice' || (p.target === null && p.invoice !== null && isOpen(p.invoice));
    if (asInvoice && p.invoice !== null) promisedInvoices.add(referenceKey(p.invoice));
    else if (!asInvoice && p.customerId !== null) promisedCustomers.add(p.customerId);
  }
  return (item, customerId) => promisedCustomers.has(customerId) || promisedInvoices.has(referenceKey(item.debit.number));
}

/**
 * The level each eligible invoice is at today: levels climb one at a time (next = min(level for the
 * age, last sent + 1)), a first contact opening at the level its age calls for; the next level waits
 * for the deadline the last letter gave plus the delivery time (`waitUntil`: the first day one may climb).
 */
function plannedLevels(eligible: readonly AgedItem[], type: CustomerType, input: DunningInput): { planned: PlannedInvoice[]; waitUntil: Day | null; previousLevel: number } {
  const { policy, history } = input;
  const asOf = input.aged.asOf;
  const planned: PlannedInvoice[] = [];
  let waitUntil: Day | null = null;
  let previousLevel = 0;
  for (const item of eligible) {
    const key = referenceKey(item.debit.number);
    const last = history.lastLevel.get(key) ?? 0;
    previousLevel = Math.max(previousLevel, last);
    const byAge = levelForAge(item.daysPastDue, policy);
    let next: number = byAge === 0 ? 0 : last === 0 ? Math.min(byAge, type === 'consumer' && input.country === 'BE' ? 1 : firstContactLevel(item.daysPastDue, policy)) : Math.min(byAge, last + 1);
    if (next > last && last > 0) {
      const sent = levelDay(input, key, last);
      const deadline = deadlineOf(last as Level, policy, input.country, type);
      if (sent !== null && deadline !== null) {
        const from = addDays(sent, policy.deliveryDays + deadline + 1);
        if (asOf < from) {
          next = last;
          waitUntil = waitUntil === null ? from : day(Math.min(waitUntil, from));
        }
      }
    }
    const advances = next > last;
    const level = (advances ? next : last) as Level | 0;
    if (level === 0) continue;
    planned.push({ item, level, advances, interest: cents(0), indemnity: cents(0), interestDays: 0, rate: null, periods: [], assumed: [], runsFrom: null });
  }
  return { planned, waitUntil, previousLevel };
}

/** Why no overdue invoice of an account may be reminded: the reason holding the most of them (an uncertain send first: it needs the user). */
function heldReason(held: readonly { readonly reason: HeldReason }[]): SkipReason {
  const n: Record<HeldReason, number> = { disputed: 0, said_paid: 0, promise: 0, uncertain: 0 };
  for (const h of held) n[h.reason]++;
  if (n.uncertain > 0) return 'uncertain';
  if (n.disputed >= n.said_paid && n.disputed >= n.promise) return 'disputed';
  return n.said_paid >= n.promise ? 'said_paid' : 'promise';
}

/** One customer's account in one currency: its reminder, or why none goes (a courtesy notice when nothing is overdue). */
function decide(c: CustomerAging, run: Run): Decision {
  const { input, emailedToday } = run;
  const { history } = input;
  const customer = input.customers.get(c.customerId) ?? null;
  const type = typeOf(input, customer);
  const overdueItems = c.items.filter((i) => i.daysPastDue >= 1 && i.debit.open > 0);
  if (overdueItems.length === 0) {
    const courtesy = planCourtesy(c, customer, type, input);
    return courtesy && c.total > 0 && !tooSoon(c.customerId, input, emailedToday) ? { email: courtesy } : null;
  }
  if (c.total <= 0) return { skip: 'credit_balance' };
  if (overdueItems.some((i) => (history.lastLevel.get(referenceKey(i.debit.number)) ?? 0) >= 4)) return { skip: 'escalated' };
  const eligible: AgedItem[] = [];
  const held: { number: string; reason: HeldReason }[] = [];
  for (const item of overdueItems) {
    const key = referenceKey(item.debit.number);
    const reason: HeldReason | null = heldOf(item, key, input) ?? (run.promised(item, c.customerId) ? 'promise' : history.uncertain.has(key) ? 'uncertain' : null);
    if (reason === null) eligible.push(item);
    else held.push({ number: item.debit.number, reason });
  }
  if (eligible.length === 0) return { skip: heldReason(held) };
  const { planned, waitUntil, previousLevel } = plannedLevels(eligible, type, input);
  if (!planned.some((p) => p.advances)) return waitUntil !== null ? { skip: 'deadline', detail: String(waitUntil) } : { skip: 'up_to_date' };
  // No address to write to, and the customers file does not know the customer (docs/accounting.md §9.1).
  if (customer === null) return { skip: 'to_call', detail: 'not_in_customers_file' };
  if (customer.doNotRemind) return { skip: 'to_call', detail: 'do_not_remind' };
  if (customer.emails.length === 0) return { skip: 'to_call', detail: 'no_address' };
  if (tooSoon(c.customerId, input, emailedToday)) {
    // The day of the last e-mail (today when this run already wrote one): the reason says how long ago.
    const last = emailedToday.has(c.customerId) ? input.aged.asOf : history.lastEmail.get(c.customerId);
    return { skip: 'too_soon', detail: last === undefined ? null : String(last) };
  }
  const level = planned.reduce<number>((m, p) => Math.max(m, p.level), 0) as Level;
  const charged = chargesOf(planned, level, type, input);
  const confirmed = input.confirmAssumedRates === true;
  const stopped = (halfYears: readonly string[]): Decision => ({
    skip: 'assumed_rate',
    detail: halfYears.join(', '),
    assumed: { customerId: c.customerId, table: chargeRule(input.country, type).rate, halfYears, sent: false },
  });
  // Unclaimed, the paid-late invoices add no rate: an e-mail an unconfirmed rate stops is known without them.
  if (!confirmed && charged.assumed.length > 0 && !charged.claimsPaidLate) return stopped(charged.assumed);
  const email = reminderWithCharges(c, customer, type, charged, level, previousLevel, input, held);
  if (email.assumedRates.length === 0) return { email };
  if (!confirmed) return stopped(email.assumedRates);
  return { email, assumed: { customerId: c.customerId, table: chargeRule(input.country, type).rate, halfYears: email.assumedRates, sent: true } };
}

/** Thanks to the customers who paid an invoice that had a reminder (`thankYou` in the policy), one e-mail each. */
function thanks(run: Run): PlannedEmail[] {
  const { input, emailedToday } = run;
  if (!input.policy.thankYou || !input.settledAfterReminder) return [];
  const byCustomer = new Map<string, { customerId: string; currency: string; invoices: string[] }>();
  for (const s of input.settledAfterReminder) {
    if (input.history.thanked.has(referenceKey(s.invoice))) continue;
    const k = `${s.customerId}\u0000${s.currency}`;
    const e = byCustomer.get(k) ?? { customerId: s.customerId, currency: s.currency, invoices: [] };
    e.invoices.push(s.invoice);
    byCustomer.set(k, e);
  }
  const out: PlannedEmail[] = [];
  for (const t of byCustomer.values()) {
    const customer = input.customers.get(t.customerId) ?? null;
    if (!customer || customer.doNotRemind || customer.emails.length === 0 || emailedToday.has(t.customerId)) continue;
    out.push({ ...quiet(t.customerId, t.currency, customer, typeOf(input, customer), input), kind: 'thanks', thankedInvoices: t.invoices });
    emailedToday.add(t.customerId);
  }
  return out;
}

/**
 * Plans today's e-mails (docs/accounting.md §6 for charges): levels climb one at a time (next =
 * min(level for the age, last sent + 1)), a first contact opening at the level its age calls for among
 * the policy's thresholds; the next level waits for the deadline the last letter gave plus the delivery
 * time; one e-mail per customer and currency at the highest level due, listing every overdue invoice;
 * never an invoice twice at the same level, never a customer in credit, in dispute, under a running
 * promise, marked do-not-remind or without an address (those are "to call"), never twice within
 * `minDaysBetween` days, and never a letter quoting an assumed rate the config has not confirmed.
 * @example dunningPlan({ aged, customers, history: emptyHistory(), policy: DEFAULT_POLICY, country: 'FR', rates, defaultLanguage: 'fr' })
 */
export function dunningPlan(input: DunningInput): DunningPlan {
  const run: Run = { input, emailedToday: new Set(), promised: runningPromises(input) };
  const emails: PlannedEmail[] = [];
  const skips: Skip[] = [];
  const assumedRates: DunningPlan['assumedRates'][number][] = [];
  for (const cur of input.aged.currencies) {
    for (const c of cur.customers) {
      const d = decide(c, run);
      if (d === null) continue;
      if (d.assumed) assumedRates.push(d.assumed);
      if ('email' in d) {
        emails.push(d.email);
        run.emailedToday.add(c.customerId);
      } else {
        const overdue = cents(c.items.reduce((s, i) => s + (i.daysPastDue >= 1 && i.debit.open > 0 ? i.debit.open : 0), 0));
        skips.push({ customerId: c.customerId, currency: c.currency, reason: d.skip, detail: d.detail ?? null, overdue });
      }
    }
  }
  emails.push(...thanks(run));
  return { asOf: input.aged.asOf, minDaysBetween: input.policy.minDaysBetween, emails, skips, assumedRates };
}

/** The planned invoices with the charges a reminder at `level` states, and the half-years they and the quoted rate assume. */
interface Charged {
  readonly invoices: readonly PlannedInvoice[];
  readonly charging: boolean;
  /** The paid-late invoices' charges are claimed (their assumed half-years then count). */
  readonly claimsPaidLate: boolean;
  readonly quotesRate: boolean;
  readonly currentRate: number;
  /** Sorted, each once. */
  readonly assumed: readonly string[];
}

/**
 * At the formal-notice level and above, each planned invoice's interest portion by portion and its
 * indemnity; the rate the letter quotes and whether it was assumed.
 */
function chargesOf(planned: readonly PlannedInvoice[], level: Level, type: CustomerType, input: DunningInput): Charged {
  const { policy } = input;
  const asOf = input.aged.asOf;
  const rule = chargeRule(input.country, type);
  const table = input.rates[input.country]?.[rule.rate] ?? { rates: {} };
  const charging = level >= FORMAL_NOTICE_LEVEL;
  const invoices = planned.map((p) => {
    if (!charging) return p;
    const key = referenceKey(p.item.debit.number);
    // A consumer's formal notice is this letter when it is the first: interest runs from it.
    const notice = levelDay(input, key, FORMAL_NOTICE_LEVEL) ?? (p.level >= FORMAL_NOTICE_LEVEL ? asOf : null);
    const ch = chargesFor({
      debit: p.item.debit,
      settlements: settlementsOf(p.item.debit),
      country: input.country,
      type,
      asOf,
      tables: input.rates,
      formalNotice: notice,
      firstReminder: levelDay(input, key, 1),
      consumerIndemnityAgreed: policy.consumerIndemnityAgreed,
    });
    return {
      ...p,
      interest: ch.interest.interest,
      interestDays: ch.interest.days,
      rate: ch.interest.rate,
      indemnity: ch.indemnity,
      periods: ch.interest.periods,
      assumed: ch.interest.assumed,
      runsFrom: ch.runsFrom,
    };
  });
  // The rate the letter names: the current half-year's (a consumer's notice states it before anything runs).
  const current = rateOf(table, halfYearKey(asOf));
  const quotesRate = charging || (type === 'consumer' && input.country === 'BE' && level === 1);
  const assumed = [...new Set([...invoices.flatMap((p) => p.assumed), ...(quotesRate && current.assumed ? [halfYearKey(asOf)] : [])])].sort();
  return { invoices, charging, claimsPaidLate: charging && policy.claimPaidLate, quotesRate, currentRate: current.rate, assumed };
}

/**
 * A reminder at `level` for the charged invoices, with the paid-late invoices (claimed when the policy
 * says so) and every half-year its charges assumed.
 */
function reminderWithCharges(
  c: CustomerAging,
  customer: Customer | null,
  type: CustomerType,
  charged: Charged,
  level: Level,
  previousLevel: number,
  input: DunningInput,
  held: PlannedEmail['held'],
): PlannedEmail {
  const { policy } = input;
  const withCharges = charged.invoices;
  // Claimed, the paid-late invoices are part of the figures and the rates; else they are only shown,
  // and made when read (each read makes them again): a plan of a million invoices would otherwise hold
  // every one's interest periods until the last e-mail is written.
  const paidLate = charged.claimsPaidLate ? paidLateOf(c, type, input) : null;
  const claimPaidLate = paidLate !== null && paidLate.length > 0;
  const assumed = claimPaidLate ? [...new Set([...charged.assumed, ...paidLate.flatMap((p) => p.assumed)])].sort() : charged.assumed;
  const claimed = claimPaidLate ? paidLate : [];
  return {
    kind: 'reminder',
    customerId: c.customerId,
    currency: c.currency,
    customer,
    customerType: type,
    language: customer?.language ?? input.defaultLanguage,
    to: customer?.emails ?? [],
    cc: customer?.cc ?? [],
    level,
    previousLevel,
    invoices: withCharges,
    overdue: cents(withCharges.reduce((s, p) => s + p.item.debit.open, 0)),
    interest: cents(withCharges.reduce((s, p) => s + p.interest, 0) + claimed.reduce((s, p) => s + p.interest, 0)),
    indemnity: cents(withCharges.reduce((s, p) => s + p.indemnity, 0) + claimed.reduce((s, p) => s + p.indemnity, 0)),
    balance: c.total,
    account: c,
    get paidLate() {
      return paidLate ?? paidLateOf(c, type, input);
    },
    claimPaidLate,
    deadlineDays: deadlineOf(level, policy, input.country, type),
    rateKind: chargeRule(input.country, type).rate,
    currentRate: charged.quotesRate ? charged.currentRate / 100 : null,
    assumedRates: assumed,
    formalNoticeOn: earliest(withCharges.map((p) => levelDay(input, referenceKey(p.item.debit.number), FORMAL_NOTICE_LEVEL))),
    firstReminderOn: earliest(withCharges.map((p) => levelDay(input, referenceKey(p.item.debit.number), 1))),
    consumerIndemnityAgreed: policy.consumerIndemnityAgreed,
    held,
  };
}

/**
 * A customer's formal notice on demand (`ar letter`, the hand-off's interest): every overdue invoice
 * not in dispute, at the formal-notice level or the level it reached, with the charges as of the date,
 * whatever the calendar of reminders says. Null when the customer has nothing overdue in that currency.
 * @example noticeFor(input, 'C1', 'EUR')?.interest
 */
export function noticeFor(input: DunningInput, customerId: string, currency: string | null = null): PlannedEmail | null {
  for (const cur of input.aged.currencies) {
    if (currency !== null && cur.currency !== currency) continue;
    const c = cur.customers.find((x) => x.customerId === customerId);
    if (!c) continue;
    const items: AgedItem[] = [];
    const held: { number: string; reason: HeldReason }[] = [];
    for (const i of c.items) {
      if (i.daysPastDue < 1 || i.debit.open <= 0) continue;
      const reason = heldOf(i, referenceKey(i.debit.number), input);
      if (reason === null) items.push(i);
      else held.push({ number: i.debit.number, reason });
    }
    if (items.length === 0) continue;
    const customer = input.customers.get(customerId) ?? null;
    const type = customer?.type ?? input.defaultCustomerType ?? 'business';
    let previous = 0;
    const planned = items.map((item) => {
      const last = input.history.lastLevel.get(referenceKey(item.debit.number)) ?? 0;
      previous = Math.max(previous, last);
      return {
        item,
        level: Math.max(FORMAL_NOTICE_LEVEL, last) as Level,
        advances: false,
        interest: cents(0),
        indemnity: cents(0),
        interestDays: 0,
        rate: null,
        periods: [],
        assumed: [],
        runsFrom: null,
      };
    });
    const level = planned.reduce<number>((m, p) => Math.max(m, p.level), 0) as Level;
    return reminderWithCharges(c, customer, type, chargesOf(planned, level, type, input), level, previous, input, held);
  }
  return null;
}

/** The fields of an e-mail that states no charge (courtesy notice, thanks). */
function quiet(customerId: string, currency: string, customer: Customer, type: CustomerType, input: DunningInput): Omit<PlannedEmail, 'kind'> {
  return {
    customerId,
    currency,
    customer,
    customerType: type,
    language: customer.language ?? input.defaultLanguage,
    to: customer.emails,
    cc: customer.cc,
    level: 0,
    previousLevel: 0,
    invoices: [],
    overdue: cents(0),
    interest: cents(0),
    indemnity: cents(0),
    balance: cents(0),
    account: null,
    paidLate: [],
    claimPaidLate: false,
    deadlineDays: null,
    rateKind: chargeRule(input.country, type).rate,
    currentRate: null,
    assumedRates: [],
    formalNoticeOn: null,
    firstReminderOn: null,
    consumerIndemnityAgreed: input.policy.consumerIndemnityAgreed,
    held: [],
  };
}

function earliest(days: readonly (Day | null)[]): Day | null {
  let out: Day | null = null;
  for (const d of days) if (d !== null && (out === null || d < out)) out = d;
  return out;
}

/**
 * The customer's invoices paid in full after their due date within the limitation period, with the
 * interest (portion by portion, each until the day it was paid) and the indemnity their lateness cost.
 */
function paidLateOf(c: CustomerAging, type: CustomerType, input: DunningInput): PaidLate[] {
  const asOf = input.aged.asOf;
  const out: PaidLate[] = [];
  for (const debit of c.account.paidLate(addDays(asOf, -LIMITATION_DAYS))) {
    if (debit.status === 'written_off') continue;
    const settlements = settlementsOf(debit);
    const key = referenceKey(debit.number);
    const ch = chargesFor({
      debit,
      settlements,
      country: input.country,
      type,
      asOf,
      tables: input.rates,
      formalNotice: levelDay(input, key, FORMAL_NOTICE_LEVEL),
      firstReminder: levelDay(input, key, 1),
      consumerIndemnityAgreed: input.policy.consumerIndemnityAgreed,
    });
    if (ch.interest.interest === 0 && ch.indemnity === 0) continue;
    out.push({ debit, paidOn: debit.settledOn!, interest: ch.interest.interest, indemnity: ch.indemnity, periods: ch.interest.periods, assumed: ch.interest.assumed });
  }
  return out;
}

function tooSoon(customerId: string, input: DunningInput, emailedToday: ReadonlySet<string>): boolean {
  if (emailedToday.has(customerId)) return true;
  const last = input.history.lastEmail.get(customerId);
  return last !== undefined && input.aged.asOf - last < input.policy.minDaysBetween;
}

function planCourtesy(c: CustomerAging, customer: Customer | null, type: CustomerType, input: DunningInput): PlannedEmail | null {
  const n = input.policy.courtesyDaysBefore;
  if (n === null || !customer || customer.doNotRemind || customer.emails.length === 0) return null;
  const soon = c.items.filter((i) => {
    if (i.daysPastDue >= 0 || i.daysPastDue < -n || i.debit.status !== 'normal') return false;
    const key = referenceKey(i.debit.number);
    return heldOf(i, key, input) === null && !input.history.courtesySent.has(key);
  });
  if (soon.length === 0) return null;
  return {
    ...quiet(c.customerId, c.currency, customer, type, input),
    kind: 'courtesy',
    invoices: soon.map((item) => ({ item, level: 1 as Level, advances: false, interest: cents(0), indemnity: cents(0), interestDays: 0, rate: null, periods: [], assumed: [], runsFrom: null })),
    balance: c.total,
    account: c,
  };
}

/** A history with nothing in it: the first run. */
export function emptyHistory(): DunningHistory {
  return {
    lastLevel: new Map(),
    levelDays: new Map(),
    lastEmail: new Map(),
    disputed: new Set(),
    promises: [],
    courtesySent: new Set(),
    thanked: new Set(),
    uncertain: new Set(),
  };
}
