import { readFileSync } from '../fs.ts';
import { shipped } from '../resources.ts';
import { DEFAULT_POLICY, type Level, type Policy } from '../core/dunning.ts';
import { customerTypeOf, isEmailAddress } from '../core/import/ledger.ts';
import type { Country, RateKind, RateTables } from '../core/interest.ts';
import type { CustomerType } from '../core/types.ts';
import { InputError, UsageError } from '../errors.ts';
import type { Firm } from '../model/firm.ts';
import type { Config } from './config.ts';

/** What `ar remind` reads from the config and the environment, with the documented defaults. */

const RATES_FILE = shipped('data/late-payment-rates.json');

function bad(config: Config, detail: string): never {
  throw new InputError('bad_config', { file: config.file ?? 'ar.config.json', detail });
}

/** The address e-mails come from: AR_SMTP_FROM (`"Atelier Durand" <compta@durand.example>`), else the firm's e-mail. */
export function senderAddress(env: Readonly<Record<string, string | undefined>>, config: Config): { address: string; name: string | null } {
  const raw = env.AR_SMTP_FROM ?? config.firm?.email;
  if (!raw) throw new UsageError('from_missing');
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>\s]+@[^<>\s]+)>\s*$/.exec(raw) ?? /^\s*()([^<>\s"]+@[^<>\s"]+)\s*$/.exec(raw);
  // One address and one line: a comma, a second address or a line break would add a sender or a header.
  const controls = /[\u0000-\u001f\u007f\u2028\u2029]/;
  if (!m || controls.test(raw) || !isEmailAddress(m[2]!)) throw new UsageError('from_invalid', { value: raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ') });
  return { address: m[2]!, name: m[1] ? m[1].trim() : null };
}

/** The firm from the config; with none, its name is the display name of AR_SMTP_FROM. */
export function firmOf(config: Config, env: Readonly<Record<string, string | undefined>>): Firm {
  const f = config.firm ?? {};
  let fallback = 'ar';
  try {
    const from = senderAddress(env, config);
    fallback = from.name ?? from.address.split('@')[1] ?? 'ar';
  } catch {
    // no sender: a dry run still works
  }
  // The firm's address becomes the Reply-To header: one plain address, or the config is refused.
  if (f.email !== undefined && f.email !== '' && !isEmailAddress(f.email)) bad(config, `"firm.email" must be one e-mail address, not ${JSON.stringify(f.email)}`);
  return { ...f, name: f.name ?? fallback };
}

/**
 * The policy of reminders: the config's `policy` over the defaults. Its keys and values were checked
 * against the schema when the config was read (src/io/config.ts); what is left is what the schema
 * cannot say: the levels must rise.
 */
export function policyOf(config: Config): Policy {
  const p = config.policy;
  if (p === undefined) return DEFAULT_POLICY;
  const levels = { ...DEFAULT_POLICY.levels } as Record<Level, number>;
  for (const [k, v] of Object.entries(p.levels ?? {})) levels[Number(k) as Level] = v;
  if (!(levels[1] >= 1 && levels[1] < levels[2] && levels[2] < levels[3] && levels[3] < levels[4])) bad(config, '"policy.levels" must increase from level 1 to 4, level 1 from day 1 at least');
  const deadlines = { ...DEFAULT_POLICY.deadlines } as Record<Level, number | null>;
  for (const [k, v] of Object.entries(p.deadlines ?? {})) deadlines[Number(k) as Level] = v;
  let firstContact: Partial<Record<2 | 3, number>> = DEFAULT_POLICY.firstContact;
  if (p.firstContact !== undefined) {
    firstContact = {};
    for (const [k, v] of Object.entries(p.firstContact)) firstContact[Number(k) as 2 | 3] = v;
  }
  return {
    levels,
    minDaysBetween: p.minDaysBetween ?? DEFAULT_POLICY.minDaysBetween,
    courtesyDaysBefore: p.courtesyDaysBefore ?? null,
    thankYou: p.thankYou ?? DEFAULT_POLICY.thankYou,
    deadlines,
    deliveryDays: p.deliveryDays ?? DEFAULT_POLICY.deliveryDays,
    firstContact,
    claimPaidLate: p.claimPaidLate ?? DEFAULT_POLICY.claimPaidLate,
    consumerIndemnityAgreed: p.consumerIndemnityAgreed ?? DEFAULT_POLICY.consumerIndemnityAgreed,
  };
}

export function countryOf(config: Config): Country {
  return config.country ?? 'FR';
}

/** The type of a customer the customers file does not type: `"customerType"` in the config (a word the schema accepted), else a business. */
export function defaultCustomerType(config: Config): CustomerType {
  return (config.customerType === undefined ? null : customerTypeOf(config.customerType)) ?? 'business';
}

/** Letters may quote a rate past the published table (`"confirmAssumedRates": true`). */
export function assumedRatesConfirmed(config: Config): boolean {
  return config.confirmAssumedRates ?? false;
}

/** A table as shipped: its law, rule and publisher, and each rate with its source. */
export interface ShippedTable {
  readonly law: string;
  readonly rule: string;
  readonly publisher: string;
  readonly fixedAtStart?: boolean;
  readonly rates: Readonly<Record<string, { readonly rate: number; readonly source: string }>>;
}

function shippedRates(): Record<string, Record<string, ShippedTable>> {
  const data = JSON.parse(readFileSync(RATES_FILE, 'utf8')) as Record<string, unknown>;
  const out: Record<string, Record<string, ShippedTable>> = {};
  for (const [country, tables] of Object.entries(data)) if (!country.startsWith('_')) out[country] = tables as Record<string, ShippedTable>;
  return out;
}

/**
 * The shipped tables of published rates, overridden period by period by the config's
 * `lateInterestRates`: `{"FR": {"2026-H2": 12.15}}` (the commercial rate, as before), or by table:
 * `{"FR": {"legal": {"2026-H2": 2.9}}, "BE": {"legal": {"2027": 4.25}}}`. A rate the config gives is
 * the user's word: not an assumption.
 */
export function ratesOf(config: Config): RateTables {
  // Objects without prototype, so that no key of the data file or the config can reach Object.prototype.
  const bare = <T>(): T => Object.create(null) as T;
  const out = bare<Record<string, Partial<Record<RateKind, { rates: Record<string, number>; fixedAtStart?: boolean }>>>>();
  for (const [country, tables] of Object.entries(shippedRates())) {
    out[country] = bare();
    for (const [kind, t] of Object.entries(tables)) {
      const rates = bare<Record<string, number>>();
      for (const [k, v] of Object.entries(t.rates)) rates[k] = v.rate;
      out[country][kind as RateKind] = { rates, ...(t.fixedAtStart ? { fixedAtStart: true } : {}) };
    }
  }
  // Countries, periods and rates were checked against the schema when the config was read (src/io/config.ts).
  const set = (country: string, kind: RateKind, period: string, rate: number): void => {
    const t = ((out[country] ??= bare())[kind] ??= { rates: bare() });
    t.rates = Object.assign(bare<Record<string, number>>(), t.rates, { [period]: rate });
  };
  for (const [country, table] of Object.entries(config.lateInterestRates ?? {})) {
    for (const [k, v] of Object.entries(table)) {
      if (typeof v === 'number') set(country, 'commercial', k, v);
      else for (const [period, rate] of Object.entries(v)) set(country, k as RateKind, period, rate);
    }
  }
  return out as RateTables;
}
