import type { Day } from '../core/dates.ts';
import { ageOpenItems, type AgedBalance } from '../core/aging.ts';
import { PAID_UNCOUNTED, SAID_PAID } from '../core/allocate-arrays.ts';
import { referenceKey } from '../core/compare.ts';
import { allocateLedger, type Allocation } from '../core/allocate.ts';
import { paymentCommunication } from '../core/communication.ts';
import type { DunningHistory, DunningInput, Policy } from '../core/dunning.ts';
import type { Country, RateTables } from '../core/interest.ts';
import type { CustomerType, Language } from '../core/types.ts';
import type { Config } from '../io/config.ts';
import type { loadLedger } from '../io/load-ledger.ts';
import { assumedRatesConfirmed, countryOf, defaultCustomerType, firmOf, policyOf, ratesOf } from '../io/remind-config.ts';
import type { Firm } from '../model/firm.ts';

/**
 * What `ar remind`, `ar letter` and `ar escalate` read from the config to plan reminders and state
 * charges, read once, before any ledger (a bad config fails before anything is done).
 */
export interface DunningSettings {
  readonly firm: Firm;
  readonly policy: Policy;
  readonly country: Country;
  readonly rates: RateTables;
  readonly defaultCustomerType: CustomerType;
  readonly confirmAssumedRates: boolean;
}

export function dunningSettings(config: Config, env: Readonly<Record<string, string | undefined>>): DunningSettings {
  return {
    firm: firmOf(config, env),
    policy: policyOf(config),
    country: countryOf(config),
    rates: ratesOf(config),
    defaultCustomerType: defaultCustomerType(config),
    confirmAssumedRates: assumedRatesConfirmed(config),
  };
}

type Loaded = Awaited<ReturnType<typeof loadLedger>>;

/** The ledger as of a date: allocated (with each debit's settlements, for interest) and aged. */
export function agedLedger(loaded: Loaded, asOf: Day): { allocation: Allocation; aged: AgedBalance } {
  const allocation = allocateLedger(loaded.ledger, asOf, { track: true });
  return { allocation, aged: ageOpenItems(allocation) };
}

/** True when the ledgers or the customers file know the customer. */
export function knowsCustomer(loaded: Loaded, id: string): boolean {
  return loaded.customers.has(id) || loaded.ledger.customerIndex(id) >= 0;
}

/** The plan's input from the settings, the ledger and the journal's history. */
export function dunningInput(s: DunningSettings, loaded: Loaded, aged: AgedBalance, history: DunningHistory, defaultLanguage: Language): DunningInput {
  return {
    aged,
    customers: loaded.customers,
    history: withInstallments(history, loaded.ledger),
    policy: s.policy,
    country: s.country,
    rates: s.rates,
    defaultLanguage,
    defaultCustomerType: s.defaultCustomerType,
    confirmAssumedRates: s.confirmAssumedRates,
    saidPaid: heldAsPaid(loaded, aged),
  };
}

/**
 * A promise made on an invoice paid in installments holds each of them (docs/accounting.md §1.12), as a dispute does
 * (the ledger's, src/core/ledger.ts `withDisputes`): the promise is read again for each installment's number.
 */
function withInstallments(history: DunningHistory, ledger: Loaded['ledger']): DunningHistory {
  const more = history.promises.flatMap((p) => {
    const row = p.invoice === null ? -1 : ledger.invoiceRow(p.invoice);
    const group = row >= 0 ? ledger.installmentsOf(row) : undefined;
    return group === undefined ? [] : group.slice(1).map((r) => ({ ...p, invoice: ledger.invoiceNumber.at(r) }));
  });
  return more.length === 0 ? history : { ...history, promises: [...history.promises, ...more] };
}

/**
 * The open invoices the ledger says paid, in part or in full: paid in part, how much unsaid (PAID_UNCOUNTED), or
 * paid in full by a status the payments read leave open (SAID_PAID). No letter lists them: the customer is not
 * asked for what the file says it paid.
 */
function heldAsPaid(loaded: Loaded, aged: AgedBalance): Set<string> {
  const flags = loaded.ledger.invoiceFlags;
  const out = new Set<string>();
  // The open items only: a file's statuses may say most of its invoices paid, and the payments pay them.
  for (const cur of aged.currencies) {
    for (const c of cur.customers) {
      for (const { debit } of c.items) if (debit.kind === 'invoice' && (flags[debit.row]! & (PAID_UNCOUNTED | SAID_PAID)) !== 0) out.add(referenceKey(debit.number));
    }
  }
  return out;
}

/**
 * Each invoice's Belgian structured communication, when the customers pay into a Belgian account
 * (the firm's IBAN is Belgian, or the firm is Belgian and gives none): the ledger's payment
 * reference, else one derived from the invoice number (src/core/communication.ts). Empty otherwise.
 */
export function communications(s: DunningSettings, loaded: Loaded, aged: AgedBalance): Map<string, string> {
  const out = new Map<string, string>();
  const iban = (s.firm.iban ?? '').replace(/\s/g, '').toUpperCase();
  if (!(iban.startsWith('BE') || (iban === '' && s.country === 'BE'))) return out;
  // The invoices a letter can list: the open ones (an invoice's record is made only for them).
  for (const cur of aged.currencies) {
    for (const c of cur.customers) {
      for (const it of c.items) {
        if (it.debit.kind !== 'invoice') continue;
        const row = loaded.ledger.invoiceRow(it.debit.number);
        const c2 = paymentCommunication(it.debit.number, row < 0 ? null : loaded.ledger.invoice(row).paymentReference);
        if (c2 !== null) out.set(it.debit.number, c2);
      }
    }
  }
  return out;
}
