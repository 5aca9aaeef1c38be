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
  const raw = env.AR_SMTP_FROM ?? (config.firm as { email?: string } | undefined)?.email;
  if (!raw) throw new UsageError('from_missing');
  const m = /^\s*(?:"?([^"<]*?)"?\s*)?<([^<>\s]+@[^<>\s]+)>\s*$/.exec(raw) ?? /^\s*()([^<>\s"]+@[^<>\s"]+)\s*$/.exec(raw);
  // One address and one line: a comma, a second address or a line break would add a sender or a header.
  const controls = /[\u0000-\u001f\u007f\u2028\u2029]/;
  if (!m || controls.test(raw) || !isEmailAddress(m[2]!)) throw new UsageError('from_invalid', { value: raw.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ') });
  return { address: m[2]!, name: m[1] ? m[1].trim() : null };
}

/** The firm from the config; with none, its name is the display name of AR_SMTP_FROM. */
export function firmOf(config: Config, env: Readonly<Record<string, string | undefined>>): Firm {
  const f = (config.firm ?? {}) as Record<string, unknown>;
  if (typeof f !== 'object' || f === null) bad(config, '"firm" must be an object');
  for (const [k, v] of Object.entries(f)) if (typeof v !== 'string') bad(config, `"firm.${k}" must be text`);
  let fallback = 'ar';
  try {
    const from = senderAddress(env, config);
    fallback = from.name ?? from.address.split('@')[1] ?? 'ar';
  } catch {
    // no sender: a dry run still works
  }
  // The firm's address becomes the Reply-To header: one plain address, or the config is refused.
  if (f.email !== undefined && f.email !== '' && !isEmailAddress(f.email as string)) bad(config, `"firm.email" must be one e-mail address, not ${JSON.stringify(f.email)}`);
  return { ...(f as Partial<Firm>), name: (f.name as string | undefined) ?? fallback };
}

export function policyOf(config: Config): Policy {
  const p = config.policy as Record<string, unknown> | undefined;
  if (p === undefined) return DEFAULT_POLICY;
  if (typeof p !== 'object' || p === null) bad(config, '"policy" must be an object');
  const levels = { ...DEFAULT_POLICY.levels } as Record<Level, number>;
  if (p.levels !== undefined) {
    for (const [k, v] of Object.entries(p.levels as Record<string, unknown>)) {
      if (!['1', '2', '3', '4'].includes(k) || !Number.isInteger(v)) bad(config, '"policy.levels" maps 1–4 to days past due, e.g. {"1": 1, "2": 15, "3": 30, "4": 45}');
      levels[Number(k) as Level] = v as number;
    }
    if (!(levels[1] >= 1 && levels[1] < levels[2] && levels[2] < levels[3] && levels[3] < levels[4])) bad(config, '"policy.levels" must increase from level 1 to 4, level 1 from day 1 at least');
  }
  const int = (k: string, d: number | null): number | null => {
    const v = p[k];
    if (v === undefined) return d;
    if (v === null && d === null) return null;
    if (!Number.isInteger(v) || (v as number) < 0) bad(config, `"policy.${k}" must be a whole number of days`);
    return v as number;
  };
  const bool = (k: string, d: boolean): boolean => {
    const v = p[k];
    if (v === undefined) return d;
    if (typeof v !== 'boolean') bad(config, `"policy.${k}" must be true or false`);
    return v;
  };
  const deadlines = { ...DEFAULT_POLICY.deadlines } as Record<Level, number | null>;
  if (p.deadlines !== undefined) {
    const shape = '"policy.deadlines" maps levels 1–4 to the days each letter gives to pay (null: none stated), e.g. {"2": 8, "3": 8, "4": 8}';
    if (typeof p.deadlines !== 'object' || p.deadlines === null) bad(config, shape);
    for (const [k, v] of Object.entries(p.deadlines as Record<string, unknown>)) {
      if (!['1', '2', '3', '4'].includes(k) || !(v === null || (Number.isInteger(v) && (v as number) >= 0))) bad(config, shape);
      deadlines[Number(k) as Level] = v as number | null;
    }
  }
  let firstContact: Partial<Record<2 | 3, number>> = DEFAULT_POLICY.firstContact;
  if (p.firstContact !== undefined) {
    const shape = '"policy.firstContact" maps level 2 or 3 to the days past due from which a first contact opens at that level, e.g. {"2": 30, "3": 60}; {} always opens at level 1';
    if (typeof p.firstContact !== 'object' || p.firstContact === null) bad(config, shape);
    firstContact = {};
    for (const [k, v] of Object.entries(p.firstContact as Record<string, unknown>)) {
      if (!['2', '3'].includes(k) || !Number.isInteger(v) || (v as number) < 1) bad(config, shape);
      firstContact[Number(k) as 2 | 3] = v as number;
    }
  }
  return {
    levels,
    minDaysBetween: int('minDaysBetween', DEFAULT_POLICY.minDaysBetween)!,
    courtesyDaysBefore: int('courtesyDaysBefore', null),
    thankYou: bool('thankYou', DEFAULT_POLICY.thankYou),
    deadlines,
    deliveryDays: int('deliveryDays', DEFAULT_POLICY.deliveryDays)!,
    firstContact,
    claimPaidLate: bool('claimPaidLate', DEFAULT_POLICY.claimPaidLate),
    consumerIndemnityAgreed: bool('consumerIndemnityAgreed', DEFAULT_POLICY.consumerIndemnityAgreed),
  };
}

export function countryOf(config: Config): Country {
  const c = config.country ?? 'FR';
  if (c !== 'FR' && c !== 'BE') bad(config, '"country" must be "FR" or "BE"');
  return c;
}

/** The type of a customer the customers file does not type: `"customerType"` in the config, else a business. */
export function defaultCustomerType(config: Config): CustomerType {
  const v = config.customerType;
  if (v === undefined) return 'business';
  const t = typeof v === 'string' ? customerTypeOf(v) : null;
  if (t === null) bad(config, '"customerType" must be "business", "consumer" or "public"');
  return t;
}

/** Letters may quote a rate past the published table (`"confirmAssumedRates": true`). */
export function assumedRatesConfirmed(config: Config): boolean {
  const v = config.confirmAssumedRates;
  if (v === undefined) return false;
  if (typeof v !== 'boolean') bad(config, '"confirmAssumedRates" must be true or false');
  return v;
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

const KINDS: readonly RateKind[] = ['commercial', 'legal', 'public'];

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
  const o = config.lateInterestRates as Record<string, Record<string, unknown>> | undefined;
  if (o !== undefined) {
    const set = (country: string, kind: RateKind, k: string, v: unknown): void => {
      const period = kind === 'legal' && country === 'BE' ? /^\d{4}(-H[12])?$/ : /^\d{4}-H[12]$/;
      if (!period.test(k) || typeof v !== 'number' || v < 0 || v > 100) bad(config, `"lateInterestRates.${country}${kind === 'commercial' ? '' : `.${kind}`}.${k}": periods are half-years such as "2026-H2" (years for the Belgian legal rate: "2027") and rates percent a year`);
      const t = ((out[country] ??= bare())[kind] ??= { rates: bare() });
      t.rates = Object.assign(bare<Record<string, number>>(), t.rates, { [k]: v as number });
    };
    for (const [country, table] of Object.entries(o)) {
      if (country !== 'FR' && country !== 'BE') bad(config, `"lateInterestRates.${country}": countries are "FR" and "BE"`);
      for (const [k, v] of Object.entries(table)) {
        if ((KINDS as readonly string[]).includes(k) && typeof v === 'object' && v !== null) for (const [kk, vv] of Object.entries(v)) set(country, k as RateKind, kk, vv);
        else set(country, 'commercial', k, v);
      }
    }
  }
  return out as RateTables;
}

export { journalPath } from './config.ts';
