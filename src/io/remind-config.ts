import { readFileSync } from '../fs.ts';
import { resolve } from 'node:path';
import { shipped } from '../resources.ts';
import { DEFAULT_POLICY, type Level, type Policy } from '../core/dunning.ts';
import { isEmailAddress } from '../core/import/ledger.ts';
import type { Country, RateTable } from '../core/interest.ts';
import { InputError, UsageError } from '../errors.ts';
import type { Firm } from '../render/reminder-data.ts';
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
  return {
    levels,
    minDaysBetween: int('minDaysBetween', DEFAULT_POLICY.minDaysBetween)!,
    courtesyDaysBefore: int('courtesyDaysBefore', null),
    thankYou: p.thankYou === undefined ? DEFAULT_POLICY.thankYou : p.thankYou === true,
  };
}

export function countryOf(config: Config): Country {
  const c = config.country ?? 'FR';
  if (c !== 'FR' && c !== 'BE') bad(config, '"country" must be "FR" or "BE"');
  return c;
}

/**
 * The shipped table of statutory rates, overridden half-year by half-year by the config's
 * `lateInterestRates` (already checked against the schema: FR or BE, `2026-H1`, 0 to 100). Built of
 * objects without prototype, so that no key of either file can reach `Object.prototype`.
 */
export function ratesOf(config: Config): RateTable {
  const shippedTable = JSON.parse(readFileSync(RATES_FILE, 'utf8')) as Record<string, unknown>;
  const out = Object.create(null) as Record<string, Record<string, number>>;
  for (const [country, table] of Object.entries(shippedTable)) {
    if (country.startsWith('_') || typeof table !== 'object' || table === null) continue;
    out[country] = Object.assign(Object.create(null) as Record<string, number>, table);
  }
  const o = config.lateInterestRates as Record<string, Record<string, number>> | undefined;
  if (o !== undefined) {
    for (const [country, table] of Object.entries(o)) {
      if (country !== 'FR' && country !== 'BE') bad(config, `"lateInterestRates.${country}": the countries are FR and BE`);
      out[country] ??= Object.create(null) as Record<string, number>;
      for (const [k, v] of Object.entries(table)) out[country]![k] = v;
    }
  }
  return out;
}

export { journalPath } from './config.ts';
