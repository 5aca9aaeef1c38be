import { ageOpenItems, type AgedBalance } from '../core/aging.ts';
import { allocatePayments, type Allocation } from '../core/allocate.ts';
import { paymentCommunication } from '../core/communication.ts';
import type { DunningHistory, DunningInput, Policy } from '../core/dunning.ts';
import type { Country, RateTables } from '../core/interest.ts';
import type { CustomerType, Language } from '../core/types.ts';
import type { Config } from '../io/config.ts';
import type { loadLedger } from '../io/load-ledger.ts';
import { assumedRatesConfirmed, countryOf, defaultCustomerType, firmOf, policyOf, ratesOf } from '../io/remind-config.ts';
import type { Firm } from '../render/reminder-data.ts';

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
    firm: firmOf(config, env), policy: policyOf(config), country: countryOf(config), rates: ratesOf(config),
    defaultCustomerType: defaultCustomerType(config), confirmAssumedRates: assumedRatesConfirmed(config),
  };
}

type Ledger = Awaited<ReturnType<typeof loadLedger>>;

/** The ledger as of a date: allocated and aged. */
export function agedLedger(ledger: Ledger, asOf: number): { allocation: Allocation; aged: AgedBalance } {
  const allocation = allocatePayments(ledger.invoices, ledger.payments, asOf);
  return { allocation, aged: ageOpenItems(allocation) };
}

/** The plan's input from the settings, the ledger and the journal's history. */
export function dunningInput(s: DunningSettings, ledger: Ledger, aged: AgedBalance, history: DunningHistory, defaultLanguage: Language): DunningInput {
  return {
    aged, customers: ledger.customers, history, policy: s.policy, country: s.country, rates: s.rates, defaultLanguage,
    defaultCustomerType: s.defaultCustomerType, confirmAssumedRates: s.confirmAssumedRates,
  };
}

/**
 * Each invoice's Belgian structured communication, when the customers pay into a Belgian account
 * (the firm's IBAN is Belgian, or the firm is Belgian and gives none): the ledger's payment
 * reference, else one derived from the invoice number (src/core/communication.ts). Empty otherwise.
 */
export function communications(s: DunningSettings, ledger: Ledger): Map<string, string> {
  const out = new Map<string, string>();
  const iban = (s.firm.iban ?? '').replace(/\s/g, '').toUpperCase();
  if (!(iban.startsWith('BE') || (iban === '' && s.country === 'BE'))) return out;
  for (const inv of ledger.invoices) {
    if (inv.isCreditNote) continue;
    const c = paymentCommunication(inv.number, inv.paymentReference);
    if (c !== null) out.set(inv.number, c);
  }
  return out;
}
