import type { BucketDef } from '../core/aging.ts';
import { provisionRates } from '../core/impact.ts';
import { readRate, type Rate } from '../core/rational.ts';
import { InputError, UsageError, type Params } from '../errors.ts';
import type { Config } from '../io/config.ts';

/**
 * Rates typed by people (options, prompts, the config) go through one rule (`readRate`: `5%` or
 * `0.05`, a bare number above 1 refused) and one range per kind, and the refusal quotes what was typed.
 * - `margin`: a net margin, above 0 and below 100 %;
 * - `share`: a share of an amount (insured, recovered, VAT, a loss rate), 0 to 100 %;
 * - `credit`: a yearly cost of credit, at least 0 and below 100 % a year.
 */
export type RateKind = 'margin' | 'share' | 'credit';

export type RateCheck = { readonly ok: true; readonly rate: Rate } | { readonly ok: false; readonly code: string; readonly params: Params };

/** `label` names where the value came from in the message: `--margin`, or `ar.config.json "margin"`. */
export function checkRate(label: string, text: string, kind: RateKind): RateCheck {
  const value = text.trim();
  const r = readRate(value);
  if (r === 'not_a_rate') return { ok: false, code: 'bad_rate', params: { option: label, value } };
  if (r === 'bare_number_above_one') {
    // The suggestion is the number read as a percentage, as a person who typed `5` most likely meant.
    const asPercent = readRate(`${value}%`);
    const fraction = typeof asPercent === 'object' ? String(Number(asPercent.num) / Number(asPercent.den)) : '';
    return { ok: false, code: 'rate_bare_number', params: { option: label, value, percent: `${value}%`, fraction } };
  }
  const params = { option: label, value };
  if (kind === 'margin' && r.num <= 0n) return { ok: false, code: 'margin_not_positive', params };
  if (kind === 'margin' && r.num >= r.den) return { ok: false, code: 'margin_too_high', params };
  if (kind === 'share' && (r.num < 0n || r.num > r.den)) return { ok: false, code: 'share_out_of_range', params };
  if (kind === 'credit' && (r.num < 0n || r.num >= r.den)) return { ok: false, code: 'cost_of_credit_out_of_range', params };
  return { ok: true, rate: r };
}

/** A rate given as a command-line option; a usage error (exit 1) when refused. */
export function optionRate(option: string, text: string, kind: RateKind): Rate {
  const c = checkRate(option, text, kind);
  if (!c.ok) throw new UsageError(c.code, c.params);
  return c.rate;
}

const configLabel = (config: Config, key: string): string => `${config.file ?? 'ar.config.json'} "${key}"`;

/** A rate of the config (`0.05` or `"5%"`: the schema let nothing else through), null when absent; invalid input (exit 2) when refused. */
function configRateValue(config: Config, key: string, value: string | number | undefined, kind: RateKind): Rate | null {
  if (value === undefined) return null;
  // A JSON number is read as its shortest text, so 0.1 + 0.2 noise cannot make a long fraction.
  const text = typeof value === 'number' ? String(Number(value.toFixed(9))) : value;
  const c = checkRate(configLabel(config, key), text, kind);
  if (!c.ok) throw new InputError(c.code, c.params);
  return c.rate;
}

export function configRate(config: Config, key: 'margin' | 'vatRate', kind: RateKind): Rate | null {
  return configRateValue(config, key, config[key], kind);
}

/**
 * The provision matrix's loss rate per bucket (docs/accounting.md §8.2): `lossRates` of the config by bucket key, else
 * the default rate for the bucket's age. A key that names no bucket of the ones in use is refused:
 * silently unused, it would leave the default where the user meant their own rate.
 */
export function lossRatesOf(config: Config, buckets: readonly BucketDef[]): Record<string, number> {
  const raw = config.lossRates;
  const file = config.file ?? 'ar.config.json';
  if (raw === undefined) return provisionRates(buckets, {});
  const given: Record<string, number> = {};
  const keys = buckets.map((b) => b.key);
  for (const [k, v] of Object.entries(raw)) {
    if (!keys.includes(k)) throw new InputError('bad_config', { file, detail: `"lossRates": no bucket "${k}" among the buckets in use (${keys.join(', ')})` });
    const r = configRateValue(config, `lossRates.${k}`, v, 'share')!;
    given[k] = Number(r.num) / Number(r.den);
  }
  return provisionRates(buckets, given);
}
