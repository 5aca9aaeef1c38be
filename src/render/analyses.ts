import { TextTable } from './text-table.ts';
import { isoFromDay, type Day } from '../core/dates.ts';
import type { BucketDef } from '../core/aging.ts';
import type { CustomerBehaviour } from '../core/behaviour.ts';
import type { DsoFigures } from '../core/dso.ts';
import type { Impact, ProvisionLine } from '../core/impact.ts';
import { formatCentsPlain as plain, type Cents } from '../core/money.ts';
import type { Lang } from './aging-report.ts';
import type { Paint } from './aging-table.ts';
import { csvField, csvLine } from './csv.ts';
import { bucketCaption, formatAmount, formatDate, formatMoney, formatPercent, formatRate } from './format.ts';

/**
 * Output for programs is not rounded for display (docs/output.md): days carry two decimals; rates,
 * shares and ratios twelve significant digits (the float's noise aside: 0.0266666666667).
 */
const days2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);
const ratio = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(12)));
/** The CEI is a share like every other in JSON and CSV (a fraction: 0.5), a percentage in the table. */
const share = (percent: number | null): number | null => (percent === null ? null : ratio(percent / 100));

/** A horizontal bar of `value` against `unit` (one month of revenue), a cell per tenth of a unit, at most 60 cells. */
export function bar(value: number, unit: number): string {
  if (!(unit > 0) || !(value > 0)) return '';
  const cells = Math.min(60, Math.max(1, Math.round((value / unit) * 10)));
  return '█'.repeat(cells);
}

// ---- ar impact -------------------------------------------------------------------------------

/** Where R, the annual revenue, came from: `--revenue`, the ledger's last 12 months, the config, or a prompt. */
export interface RevenueView {
  readonly cents: Cents;
  readonly source: 'option' | 'ledger' | 'config' | 'prompt';
  /** The ledger's window (with `ledger`). */
  readonly from: Day | null;
  readonly to: Day | null;
  /** The VAT rate taken off the ledger's sales (with `ledger`), and whether it was assumed from the country. */
  readonly vatRate: number | null;
  readonly vatAssumed: boolean;
  readonly country: 'FR' | 'BE' | null;
}

export interface ImpactView {
  readonly impact: Impact;
  readonly currency: string;
  readonly invoice: string | null;
  readonly portfolio: { readonly lines: ProvisionLine[]; readonly buckets: readonly BucketDef[]; readonly fromHistory: boolean } | null;
  readonly revenue: RevenueView;
}

const months = (x: number): number => ratio(x)!;

/** Months of revenue for people: one decimal, or two significant digits under 1 (0.08, not 0.1; 0.25), down to 0.001. */
export function monthsText(x: number, lang: Lang): string {
  const s = x === 0 || Math.abs(x) >= 1 ? x.toFixed(1) : Math.abs(x) < 0.001 ? '< 0.001' : String(Number(x.toPrecision(2)));
  return lang === 'fr' ? s.replace('.', ',') : s;
}

export function impactJson(v: ImpactView): unknown {
  const i = v.impact;
  return {
    currency: v.currency,
    invoice: v.invoice,
    unpaid: plain(i.unpaid),
    vatRecovered: plain(i.vatRecovered),
    insurerPays: plain(i.insurerPays),
    expectedRecovery: plain(i.expectedRecovery),
    loss: plain(i.loss),
    revenue: plain(i.revenue),
    revenueSource: v.revenue.source,
    revenueVatRate: ratio(v.revenue.vatRate),
    revenueVatAssumed: v.revenue.vatAssumed,
    marginBefore: ratio(i.marginBefore),
    marginAfter: ratio(i.marginAfter),
    extraRevenue: plain(i.extraRevenue),
    monthsOfRevenue: months(i.monthsOfRevenue),
    costOfWaiting: i.costOfWaiting === null ? null : plain(i.costOfWaiting),
    ...(v.portfolio
      ? { portfolio: { fromHistory: v.portfolio.fromHistory, buckets: v.portfolio.lines.map((l) => ({ bucket: l.bucket, open: plain(l.open), rate: ratio(l.rate), expectedLoss: plain(l.expectedLoss) })) } }
      : {}),
  };
}

const IMPACT_CSV_COLUMNS = [
  'kind', 'bucket', 'open', 'loss_rate', 'expected_loss', 'currency', 'invoice', 'unpaid', 'vat_recovered', 'insurer_pays', 'expected_recovery', 'loss',
  'revenue', 'revenue_source', 'revenue_vat_rate', 'revenue_vat_assumed', 'margin_before', 'margin_after', 'extra_revenue', 'months_of_revenue', 'cost_of_waiting',
] as const;

/**
 * `ar impact --format csv`, one rectangular table: with `--portfolio`, a `bucket` row per bucket
 * (bucket, open, loss_rate, expected_loss), then always one `impact` row with the figures (and, for a
 * portfolio, the total open and expected loss). Columns as the JSON, in snake_case.
 */
export function impactCsv(v: ImpactView): string {
  const i = v.impact;
  const n = (x: number | null) => csvField(x === null ? '' : String(x), 'number');
  const money = (c: Cents | null) => csvField(c === null ? '' : plain(c), 'number');
  const blank = (count: number) => new Array<string>(count).fill('');
  let out = csvLine([...IMPACT_CSV_COLUMNS]);
  const lines = v.portfolio?.lines ?? [];
  for (const l of lines) {
    out += csvLine([csvField('bucket'), csvField(l.bucket), money(l.open), n(ratio(l.rate)), money(l.expectedLoss), csvField(v.currency), ...blank(IMPACT_CSV_COLUMNS.length - 6)]);
  }
  out += csvLine([
    csvField('impact'), '', v.portfolio ? money(lines.reduce((s, l) => s + l.open, 0)) : '', '', v.portfolio ? money(i.unpaid) : '',
    csvField(v.currency), csvField(v.invoice), money(i.unpaid), money(i.vatRecovered), money(i.insurerPays), money(i.expectedRecovery), money(i.loss),
    money(i.revenue), csvField(v.revenue.source), n(ratio(v.revenue.vatRate)), csvField(String(v.revenue.vatAssumed)),
    n(ratio(i.marginBefore)), n(ratio(i.marginAfter)), money(i.extraRevenue), n(months(i.monthsOfRevenue)), money(i.costOfWaiting),
  ]);
  return out;
}

const COUNTRY_NAME = { FR: { fr: 'en France', en: 'in France' }, BE: { fr: 'en Belgique', en: 'in Belgium' } } as const;

/** One line saying where R came from, and at which VAT rate the ledger's sales were taken off VAT. */
function revenueLine(v: ImpactView, lang: Lang, m: (c: Cents) => string): string {
  const r = v.revenue;
  const fr = lang === 'fr';
  let from: string;
  if (r.source === 'ledger') {
    const rate = formatRate(r.vatRate ?? 0, lang);
    from = fr
      ? `les ventes du grand livre du ${formatDate(r.from!, lang)} au ${formatDate(r.to!, lang)}, hors TVA à ${rate}`
      : `the ledger's sales from ${formatDate(r.from!, lang)} to ${formatDate(r.to!, lang)}, excluding VAT at ${rate}`;
    if (r.vatAssumed) {
      const where = COUNTRY_NAME[r.country ?? 'FR'][lang];
      from += fr
        ? ` (taux supposé : le taux normal ${where} ; précisez-le avec --vat <taux> ou « vatRate » dans la configuration)`
        : ` (assumed: the standard rate ${where}; give it with --vat <rate> or "vatRate" in the config)`;
    }
  } else if (r.source === 'config') from = fr ? '« revenue » de la configuration' : '"revenue" in the config';
  else if (r.source === 'option') from = fr ? 'donné par --revenue' : 'as given with --revenue';
  else from = fr ? 'saisi' : 'as typed';
  return fr ? `Chiffre d'affaires annuel (R) : ${m(r.cents)}, ${from}.` : `Annual revenue (R): ${m(r.cents)}, ${from}.`;
}

export function impactText(v: ImpactView, lang: Lang, paint: Paint): string {
  const i = v.impact;
  const m = (c: Cents) => formatMoney(c, v.currency, lang);
  const months = monthsText(i.monthsOfRevenue, lang);
  const what = v.portfolio ? (lang === 'fr' ? 'la perte attendue du portefeuille' : 'the expected loss of the portfolio') : v.invoice ? (lang === 'fr' ? `la facture ${v.invoice}` : `invoice ${v.invoice}`) : lang === 'fr' ? 'cette perte' : 'this loss';
  let out = '';
  if (v.portfolio) {
    const defs = v.portfolio.buckets;
    const caption = (key: string) => {
      const def = defs.find((b) => b.key === key);
      return def ? bucketCaption(def, lang) : key;
    };
    const t = new TextTable(lang === 'fr' ? ['Tranche', 'Encours', 'Taux de perte', 'Perte attendue'] : ['Bucket', 'Open', 'Loss rate', 'Expected loss'], ['left', 'right', 'right', 'right']);
    for (const l of v.portfolio.lines) t.push([caption(l.bucket), formatAmount(l.open, lang), formatPercent(l.rate, lang), formatAmount(l.expectedLoss, lang)]);
    out += `${t.toString()}\n`;
  }
  const steps: string[] = [];
  if (i.vatRecovered) steps.push(lang === 'fr' ? `TVA récupérable : −${m(i.vatRecovered)}` : `recoverable VAT: −${m(i.vatRecovered)}`);
  if (i.insurerPays) steps.push(lang === 'fr' ? `assureur-crédit : −${m(i.insurerPays)}` : `credit insurer: −${m(i.insurerPays)}`);
  if (i.expectedRecovery) steps.push(lang === 'fr' ? `recouvrement attendu : −${m(i.expectedRecovery)}` : `expected recovery: −${m(i.expectedRecovery)}`);
  if (lang === 'fr') {
    out += `${paint.bold(`Perte : ${m(i.loss)}`)}${steps.length ? ` (impayé ${m(i.unpaid)} ; ${steps.join(' ; ')})` : ''}\n`;
    out += `Pour absorber ${what}, il faut ${paint.bold(m(i.extraRevenue))} de chiffre d'affaires supplémentaire, soit ${paint.bold(`${months} mois`)} de chiffre d'affaires (${m(i.revenue)} par an).\n`;
    out += `La marge nette passe de ${formatRate(i.marginBefore, lang)} à ${paint.bold(formatRate(i.marginAfter, lang))}.\n`;
  } else {
    out += `${paint.bold(`Loss: ${m(i.loss)}`)}${steps.length ? ` (unpaid ${m(i.unpaid)}; ${steps.join('; ')})` : ''}\n`;
    out += `It takes ${paint.bold(m(i.extraRevenue))} of extra revenue to absorb ${what}: ${paint.bold(`${months} months`)} of revenue (${m(i.revenue)} a year).\n`;
    out += `The net margin falls from ${formatRate(i.marginBefore, lang)} to ${paint.bold(formatRate(i.marginAfter, lang))}.\n`;
  }
  const b = bar(i.extraRevenue, i.revenue / 12);
  if (b) out += `${paint.warn(b)} ${months} ${lang === 'fr' ? 'mois' : 'months'} (${lang === 'fr' ? '█ = 0,1 mois de CA' : '█ = 0.1 month of revenue'})\n`;
  out += `${revenueLine(v, lang, m)}\n`;
  if (i.costOfWaiting !== null) {
    out += lang === 'fr' ? `Coût de l'attente (payée en retard, non perdue) : ${m(i.costOfWaiting)}\n` : `Cost of waiting (paid late, not lost): ${m(i.costOfWaiting)}\n`;
  }
  return out;
}

// ---- ar dso ------------------------------------------------------------------------------------

export interface DsoView {
  readonly asOf: Day;
  readonly figures: DsoFigures[];
  readonly trend: { readonly currency: string; readonly points: { date: Day; dso: number | null }[] }[];
  readonly sectorDso: number | null;
}

export function dsoJson(v: DsoView): unknown {
  return {
    asOf: isoFromDay(v.asOf),
    sectorDso: v.sectorDso,
    currencies: Object.fromEntries(
      v.figures.map((f) => [
        f.currency,
        {
          period: f.period, ar: plain(f.ar), notDue: plain(f.notDue), sales: plain(f.sales), arAtStart: plain(f.arAtStart),
          dso: days2(f.dso), countback: days2(f.countback), bestPossible: days2(f.bestPossible), averageDaysDelinquent: days2(f.averageDaysDelinquent), cei: share(f.cei),
          trend: (v.trend.find((t) => t.currency === f.currency)?.points ?? []).map((p) => ({ date: isoFromDay(p.date), dso: days2(p.dso) })),
        },
      ]),
    ),
  };
}

/**
 * `ar dso --format csv`, one rectangular table: per currency, a `figures` row as of D, then a `trend`
 * row per month end (only `dso` and `period` filled). Amounts as decimal strings, days with one decimal.
 */
export function dsoCsv(v: DsoView): string {
  const n = (x: number | null) => csvField(x === null ? '' : String(x), 'number');
  const money = (c: Cents) => csvField(plain(c), 'number');
  let out = csvLine(['kind', 'currency', 'date', 'period', 'ar', 'not_due', 'sales', 'ar_at_start', 'dso', 'countback', 'best_possible', 'average_days_delinquent', 'cei', 'sector_dso']);
  for (const f of v.figures) {
    out += csvLine([
      csvField('figures'), csvField(f.currency), csvField(isoFromDay(v.asOf)), n(f.period), money(f.ar), money(f.notDue), money(f.sales), money(f.arAtStart),
      n(days2(f.dso)), n(days2(f.countback)), n(days2(f.bestPossible)), n(days2(f.averageDaysDelinquent)), n(share(f.cei)), n(v.sectorDso),
    ]);
    for (const p of v.trend.find((t) => t.currency === f.currency)?.points ?? []) {
      out += csvLine([csvField('trend'), csvField(f.currency), csvField(isoFromDay(p.date)), n(f.period), '', '', '', '', n(days2(p.dso)), '', '', '', '', n(v.sectorDso)]);
    }
  }
  return out;
}

export function dsoText(v: DsoView, lang: Lang, paint: Paint): string {
  const num = (x: number | null) => (x === null ? '-' : lang === 'fr' ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
  if (v.figures.length === 0) {
    return `${paint.bold(`${lang === 'fr' ? 'DSO au' : 'DSO as of'} ${formatDate(v.asOf, lang)}`)}\n\n${lang === 'fr' ? 'Ni ventes ni encours à cette date.' : 'No sales and nothing receivable at this date.'}\n`;
  }
  let out = '';
  for (const f of v.figures) {
    out += `${paint.bold(`${lang === 'fr' ? 'DSO au' : 'DSO as of'} ${formatDate(f.asOf, lang)} — ${f.currency}`)}\n`;
    const t = new TextTable(null, ['left', 'right']);
    const rows: [string, string][] = lang === 'fr'
      ? [
          ['Encours (AR)', formatAmount(f.ar, lang)], [`Ventes des ${f.period} derniers jours`, formatAmount(f.sales, lang)],
          [`DSO standard (${f.period} j)`, `${num(f.dso)} j`], ['DSO par épuisement (countback)', `${num(f.countback)} j`],
          ['Meilleur DSO possible (BPDSO)', `${num(f.bestPossible)} j`], ['Retard moyen (ADD = DSO − BPDSO)', `${num(f.averageDaysDelinquent)} j`],
          ['Efficacité du recouvrement (CEI)', f.cei === null ? '-' : `${num(f.cei)} %`],
          ...(v.sectorDso !== null ? ([['DSO du secteur', `${num(v.sectorDso)} j`]] as [string, string][]) : []),
        ]
      : [
          ['Receivable (AR)', formatAmount(f.ar, lang)], [`Sales of the last ${f.period} days`, formatAmount(f.sales, lang)],
          [`DSO standard (${f.period} days)`, num(f.dso)], ['DSO countback', num(f.countback)], ['Best possible DSO', num(f.bestPossible)],
          ['Average days delinquent', num(f.averageDaysDelinquent)], ['Collection effectiveness (CEI)', f.cei === null ? '-' : `${num(f.cei)}%`],
          ...(v.sectorDso !== null ? ([['Sector DSO', num(v.sectorDso)]] as [string, string][]) : []),
        ];
    for (const r of rows) t.push(r);
    out += `${t.toString()}\n`;
    const points = v.trend.find((x) => x.currency === f.currency)?.points ?? [];
    const max = Math.max(1, ...points.map((p) => p.dso ?? 0), v.sectorDso ?? 0);
    out += `${lang === 'fr' ? 'Tendance sur 12 mois (DSO standard)' : '12-month trend (standard DSO)'}\n`;
    for (const p of points) {
      // A negative DSO (more credit than receivable) draws no bar.
      const cells = p.dso === null ? 0 : Math.min(40, Math.max(0, Math.round((p.dso / max) * 40)));
      out += `  ${isoFromDay(p.date).slice(0, 7)} ${paint.warn('█'.repeat(cells))}${' '.repeat(40 - cells)} ${num(p.dso)}\n`;
    }
    if (v.sectorDso !== null) out += `  ${lang === 'fr' ? 'secteur' : 'sector '} ${'│'.padStart(Math.min(40, Math.max(0, Math.round((v.sectorDso / max) * 40))) + 1)} ${num(v.sectorDso)}\n`;
  }
  return out;
}

// ---- ar customers ---------------------------------------------------------------------------------

export interface CustomersView {
  readonly asOf: Day;
  readonly rows: CustomerBehaviour[];
  readonly name: (id: string) => string | null;
  readonly lastContact: (id: string) => string | null;
}

export function customersJson(v: CustomersView): unknown {
  return {
    asOf: isoFromDay(v.asOf),
    customers: v.rows.map((r) => ({
      id: r.customerId, name: v.name(r.customerId), currency: r.currency, open: plain(r.open), overdue: plain(r.overdue),
      overdueShare: ratio(r.overdueShare), avgDaysLate: days2(r.avgDaysLate), avgDaysToPay: days2(r.avgDaysToPay), paidLateShare: ratio(r.paidLateShare),
      invoicesSettled: r.invoicesSettled, trend: days2(r.trend), creditLimit: r.creditLimit === null ? null : plain(r.creditLimit), creditUse: ratio(r.creditUse),
      lastContact: v.lastContact(r.customerId), points: r.points, grade: r.grade, flags: r.flags,
    })),
  };
}

export function customersCsv(v: CustomersView): string {
  let out = csvLine(['id', 'name', 'currency', 'open', 'overdue', 'overdue_share', 'avg_days_late', 'avg_days_to_pay', 'paid_late_share', 'invoices_settled', 'trend', 'credit_limit', 'credit_use', 'last_contact', 'grade', 'flags']);
  const n = (x: number | null) => csvField(x === null ? '' : String(x), 'number');
  // Amounts as the JSON and the aging CSV write them: two decimals and a point (1125.80, not 1125.8).
  const money = (c: Cents) => csvField(plain(c), 'number');
  for (const r of v.rows) {
    out += csvLine([
      csvField(r.customerId), csvField(v.name(r.customerId)), csvField(r.currency), money(r.open), money(r.overdue), n(ratio(r.overdueShare)),
      n(days2(r.avgDaysLate)), n(days2(r.avgDaysToPay)), n(ratio(r.paidLateShare)), n(r.invoicesSettled), n(days2(r.trend)),
      r.creditLimit === null ? '' : money(r.creditLimit), n(ratio(r.creditUse)), csvField(v.lastContact(r.customerId)), csvField(r.grade), csvField(r.flags.join(' ')),
    ]);
  }
  return out;
}

const FLAG_FR: Record<string, string> = { over_limit: 'plafond dépassé', worsening: 'se dégrade', over_90: '> 90 j', disputed: 'litige' };
const FLAG_EN: Record<string, string> = { over_limit: 'over limit', worsening: 'worsening', over_90: '> 90 days', disputed: 'dispute' };

export function customersText(v: CustomersView, lang: Lang, paint: Paint): string {
  const head = lang === 'fr'
    ? ['Note', 'Code', 'Client', 'Encours', 'Échu', 'Retard moy. (j)', 'Délai moy. (j)', 'Payées en retard', 'Tendance (j)', 'Plafond utilisé', 'Dernier contact', 'Alertes']
    : ['Grade', 'Id', 'Customer', 'Open', 'Overdue', 'Avg days late', 'Avg days to pay', 'Paid late', 'Trend (days)', 'Limit used', 'Last contact', 'Flags'];
  const t = new TextTable(head, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left', 'left']);
  const num = (x: number | null) => (x === null ? '-' : lang === 'fr' ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
  for (const r of v.rows) {
    const g = r.grade === 'E' || r.grade === 'D' ? paint.bad(r.grade) : r.grade === 'C' ? paint.warn(r.grade) : r.grade;
    t.push([
      g, r.customerId, (v.name(r.customerId) ?? '').slice(0, 26), `${formatAmount(r.open, lang)} ${r.currency}`, formatAmount(r.overdue, lang), num(r.avgDaysLate), num(r.avgDaysToPay),
      r.paidLateShare === null ? '-' : formatPercent(r.paidLateShare, lang, 0), r.trend === null ? '-' : `${r.trend > 0 ? '+' : ''}${num(r.trend)}`,
      r.creditUse === null ? '-' : formatPercent(r.creditUse, lang, 0), v.lastContact(r.customerId) ?? '-', r.flags.map((f) => (lang === 'fr' ? FLAG_FR : FLAG_EN)[f]).join(', '),
    ]);
  }
  const title = lang === 'fr' ? `Comportement de paiement et risque au ${formatDate(v.asOf, lang)}` : `Payment behaviour and risk as of ${formatDate(v.asOf, lang)}`;
  return `${paint.bold(title)}\n${t.toString()}\n`;
}
