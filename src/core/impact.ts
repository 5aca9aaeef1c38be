import type { AgedBalance, BucketDef } from './aging.ts';
import { mulDivRound, type Cents, cents } from './money.ts';
import type { Rate } from './rational.ts';

/**
 * What an unpaid invoice costs (docs/accounting.md §7): the loss L, the extra revenue it takes to absorb it (L / m),
 * the margin after it ((m × R − L) / R) and the months of revenue it wipes out ((L / m) / R × 12).
 *
 * The loss is taken in this order, each step rounded half away from zero to the cent:
 * 1. the unpaid amount (TTC);
 * 2. without the VAT when it is recoverable (`vat`): TTC / (1 + vat);
 * 3. less what a credit insurer pays: insured share × (loss − deductible), never below 0;
 * 4. less what a collection is expected to recover: recovery share × what remains.
 */
export interface ImpactInput {
  readonly unpaid: Cents;
  readonly revenue: Cents;
  readonly margin: Rate;
  readonly vat?: Rate | null;
  readonly insured?: Rate | null;
  readonly deductible?: Cents;
  readonly recovery?: Rate | null;
  /** The cost of waiting instead: the firm's annual cost of credit and the days late. */
  readonly costOfCredit?: Rate | null;
  readonly daysLate?: number | null;
}

export interface Impact {
  readonly unpaid: Cents;
  readonly vatRecovered: Cents;
  readonly insurerPays: Cents;
  readonly expectedRecovery: Cents;
  readonly loss: Cents;
  readonly revenue: Cents;
  readonly marginBefore: number;
  readonly marginAfter: number;
  readonly extraRevenue: Cents;
  readonly monthsOfRevenue: number;
  readonly costOfWaiting: Cents | null;
}

export type ImpactError = 'margin_not_positive' | 'revenue_not_positive' | 'unpaid_not_positive' | 'rate_out_of_range';

const mul = (c: number, r: Rate): Cents => mulDivRound(c, r.num, r.den);

/**
 * @example unpaidInvoiceImpact({ unpaid: 1200000, revenue: 120000000, margin: {num: 5n, den: 100n} })
 *   → { loss: 1200000, extraRevenue: 24000000, marginAfter: 0.04, monthsOfRevenue: 2.4, … }
 */
export function unpaidInvoiceImpact(input: ImpactInput): Impact | ImpactError {
  const { margin } = input;
  if (margin.num <= 0n) return 'margin_not_positive';
  if (input.revenue <= 0) return 'revenue_not_positive';
  if (input.unpaid <= 0) return 'unpaid_not_positive';
  for (const r of [input.vat, input.insured, input.recovery]) {
    if (r && (r.num < 0n || r.num > r.den)) return 'rate_out_of_range';
  }
  let loss: number = input.unpaid;
  let vatRecovered = 0;
  if (input.vat) {
    const ht = mulDivRound(loss, input.vat.den, input.vat.den + input.vat.num);
    vatRecovered = loss - ht;
    loss = ht;
  }
  let insurerPays = 0;
  if (input.insured) {
    insurerPays = mul(Math.max(0, loss - (input.deductible ?? 0)), input.insured);
    loss -= insurerPays;
  }
  let expectedRecovery = 0;
  if (input.recovery) {
    expectedRecovery = mul(loss, input.recovery);
    loss -= expectedRecovery;
  }
  const revenue = input.revenue;
  // §7.3: L / m.
  const extraRevenue = mulDivRound(loss, margin.den, margin.num);
  const marginBefore = Number(margin.num) / Number(margin.den);
  // §7.4: (m × R − L) / R, computed over a common denominator, then one division.
  const marginAfter = Number(margin.num * BigInt(revenue) - BigInt(loss) * margin.den) / Number(BigInt(revenue) * margin.den);
  // §7.5: (L / m) / R × 12.
  const monthsOfRevenue = (extraRevenue * 12) / revenue;
  let costOfWaiting: Cents | null = null;
  if (input.costOfCredit && input.daysLate !== undefined && input.daysLate !== null) {
    costOfWaiting = mulDivRound(input.unpaid, input.costOfCredit.num * BigInt(input.daysLate), input.costOfCredit.den * 365n);
  }
  return {
    unpaid: input.unpaid,
    vatRecovered: cents(vatRecovered),
    insurerPays: cents(insurerPays),
    expectedRecovery: cents(expectedRecovery),
    loss: cents(loss),
    revenue,
    marginBefore,
    marginAfter,
    extraRevenue,
    monthsOfRevenue,
    costOfWaiting,
  };
}

/**
 * The default loss rates of the provision matrix (docs/accounting.md §8.2) by days past due, for buckets of any bounds:
 * up to `to` days, `rate` (with the default buckets: not_due 0.5 %, 1-30 2 %, 31-60 5 %, 61-90 15 %, 91+ 40 %).
 */
const DEFAULT_LOSS_BY_AGE: readonly { readonly to: number; readonly rate: number }[] = [
  { to: 0, rate: 0.005 },
  { to: 30, rate: 0.02 },
  { to: 60, rate: 0.05 },
  { to: 90, rate: 0.15 },
  { to: Infinity, rate: 0.4 },
];

/**
 * A loss rate for every bucket: the one given for its key, else the default rate of the age its first
 * day falls in, so that with bounds 30,60,90,120 both "91-120" and "121+" keep the 40 % of "91+".
 * @example provisionRates(bucketDefs([30, 60, 90, 120], 'due'), { '121+': 0.6 })['91-120'] === 0.4
 */
export function provisionRates(buckets: readonly BucketDef[], given: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of buckets) {
    const first = b.from ?? -Infinity;
    out[b.key] = given[b.key] ?? DEFAULT_LOSS_BY_AGE.find((d) => first <= d.to)!.rate;
  }
  return out;
}

export interface ProvisionLine {
  readonly bucket: string;
  readonly open: Cents;
  readonly rate: number;
  readonly expectedLoss: Cents;
}

/**
 * Expected credit loss of an aged balance in one currency (docs/accounting.md §8.1): Σ bucket × its loss rate. A bucket
 * without a rate takes the rate of the nearest older bucket that has one (or 0).
 */
export function expectedCreditLoss(aged: AgedBalance, currency: string, rates: Readonly<Record<string, number>>): { lines: ProvisionLine[]; total: Cents } {
  const cur = aged.currencies.find((c) => c.currency === currency);
  const lines: ProvisionLine[] = aged.buckets.map((b, i) => {
    let rate = rates[b.key];
    for (let j = i + 1; rate === undefined && j < aged.buckets.length; j++) rate = rates[aged.buckets[j]!.key];
    const open = cur?.buckets[i] ?? cents(0);
    const r = rate ?? 0;
    return { bucket: b.key, open, rate: r, expectedLoss: cents(Math.max(0, mulDivRound(open, Math.round(r * 1e9), 1e9))) };
  });
  return { lines, total: cents(lines.reduce((s, l) => s + l.expectedLoss, 0)) };
}

/**
 * Loss rates from the ledger's own history (`--from-history`), an estimate: per bucket, the written-off
 * open amount of the items whose age falls in it, over all the open amount of that age (written off or not).
 */
export function lossRatesFromHistory(aged: AgedBalance, currency: string): Record<string, number> {
  const cur = aged.currencies.find((c) => c.currency === currency);
  const rates: Record<string, number> = {};
  aged.buckets.forEach((b, i) => {
    let written = 0;
    for (const c of cur?.customers ?? []) for (const it of c.writtenOffItems) if (it.bucket === i) written += it.debit.open;
    const open = (cur?.buckets[i] ?? 0) + written;
    rates[b.key] = open > 0 ? written / open : 0;
  });
  return rates;
}
