import { fitNotes, fitTable, type Cell, type Column } from './text-table.ts';
import { displayWidth, wrapText } from './width.ts';
import { isoFromDay, type Day } from '../core/dates.ts';
import type { BucketDef } from '../core/aging.ts';
import type { CustomerBehaviour, Flag, Grade } from '../core/behaviour.ts';
import type { DsoFigures } from '../core/dso.ts';
import type { Impact, ProvisionLine } from '../core/impact.ts';
import { formatCentsPlain as plain, type Cents } from '../core/money.ts';
import type { Lang } from '../model/lang.ts';
import type { FormattedProblem } from './aging-report.ts';
import type { AmountJson, DateJson, ProblemJson } from './json.ts';
import { problemsJson } from './problems.ts';
import type { Paint } from './aging-table.ts';
import { csvField, csvLine, csvStart, RFC4180, type CsvDialect } from './csv.ts';
import { FLAG_LABELS } from './report-labels.ts';
import { bucketCaption, formatAmount, formatDate, formatMoney, formatMonth, MONTH_WIDTH, formatPercent, formatRate, formatUnits } from './format.ts';

/**
 * Output for programs is not rounded for display (docs/output.md): days carry two decimals; rates,
 * shares and ratios twelve significant digits (the float's noise aside: 0.0266666666667).
 */
const days2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);
const ratio = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(12)));
/** The CEI is a share like every other in JSON and CSV (a fraction: 0.5), a percentage in the table. */
const share = (percent: number | null): number | null => (percent === null ? null : ratio(percent / 100));

/** The scales a bar may take, in units (months of revenue) per cell: the finest that fits is used. */
const SCALES = [0.1, 0.25, 0.5, 1, 2, 5, 10, 25, 50, 100, 250, 500, 1000];
const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A horizontal bar of `value` against `unit` (one month of revenue), always to scale: a cell per tenth of
 * a unit when it fits in `cells`, else the finest of 1/4, 1/2, 1, 2, 5 … units per cell that does; an
 * eighth of a cell drawn by the partial blocks. `scale` is the units per cell, for the legend.
 * @example bar(2.4e6, 1e6, 60) → { text: '████████████████████████', scale: 0.1 }
 */
function bar(value: number, unit: number, cells = 60): { text: string; scale: number } {
  if (!(unit > 0) || !(value > 0)) return { text: '', scale: SCALES[0]! };
  const units = value / unit;
  const scale = SCALES.find((s) => units / s <= cells) ?? SCALES[SCALES.length - 1]!;
  const eighths = Math.round((units / scale) * 8);
  if (eighths === 0) return { text: '▏', scale };
  return { text: '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!, scale };
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
  /** With `--cost-of-credit` and `--days-late`: the days and the annual rate, for the headline. */
  readonly waiting?: { readonly days: number; readonly rate: number } | null;
  /** Whether `--vat` was given: without it, the loss includes the VAT, which is said. */
  readonly vatGiven?: boolean;
  /** Rejected rows and warnings of the ledgers read, for the JSON. */
  readonly problems?: readonly FormattedProblem[];
}

const months = (x: number): number => ratio(x)!;

/**
 * `ar impact --format json` (schema: docs/schemas/impact.json): amounts as decimal strings, rates and
 * margins as fractions, months of revenue as a number.
 */
export interface ImpactJson {
  readonly currency: string;
  /** The invoice priced, or null (an amount, a portfolio). */
  readonly invoice: string | null;
  readonly unpaid: AmountJson;
  readonly vatRecovered: AmountJson;
  readonly insurerPays: AmountJson;
  readonly expectedRecovery: AmountJson;
  /** The loss L (docs/accounting.md §7.1). */
  readonly loss: AmountJson;
  /** R, excluding VAT (§7.2). */
  readonly revenue: AmountJson;
  readonly revenueSource: RevenueView['source'];
  /** The VAT rate taken off the ledger's sales (null unless `ledger`). */
  readonly revenueVatRate: number | null;
  /** That rate is the country's standard rate, none being given. */
  readonly revenueVatAssumed: boolean;
  readonly marginBefore: number | null;
  readonly marginAfter: number | null;
  /** L / m (§7.3). */
  readonly extraRevenue: AmountJson;
  /** (L / m) / R × 12 (§7.5). */
  readonly monthsOfRevenue: number;
  /** With --cost-of-credit and --days-late (§7.6), else null. */
  readonly costOfWaiting: AmountJson | null;
  /** With --portfolio: the provision matrix (§8). */
  readonly portfolio?: {
    readonly fromHistory: boolean;
    readonly buckets: readonly { readonly bucket: string; readonly open: AmountJson; readonly rate: number | null; readonly expectedLoss: AmountJson }[];
  };
  readonly problems: readonly ProblemJson[];
}

/** Months of revenue for people: one decimal, or two significant digits under 1 (0.08, not 0.1; 0.25), down to 0.001. */
function monthsText(x: number, lang: Lang): string {
  const s = x === 0 || Math.abs(x) >= 1 ? x.toFixed(1) : Math.abs(x) < 0.001 ? '< 0.001' : String(Number(x.toPrecision(2)));
  return lang === 'fr' ? s.replace('.', ',') : s;
}

export function impactJson(v: ImpactView): ImpactJson {
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
      ? {
          portfolio: {
            fromHistory: v.portfolio.fromHistory,
            buckets: v.portfolio.lines.map((l) => ({ bucket: l.bucket, open: plain(l.open), rate: ratio(l.rate), expectedLoss: plain(l.expectedLoss) })),
          },
        }
      : {}),
    problems: problemsJson(v.problems ?? []),
  };
}

const IMPACT_CSV_COLUMNS = [
  'kind',
  'bucket',
  'open',
  'loss_rate',
  'expected_loss',
  'currency',
  'invoice',
  'unpaid',
  'vat_recovered',
  'insurer_pays',
  'expected_recovery',
  'loss',
  'revenue',
  'revenue_source',
  'revenue_vat_rate',
  'revenue_vat_assumed',
  'margin_before',
  'margin_after',
  'extra_revenue',
  'months_of_revenue',
  'cost_of_waiting',
] as const;

/**
 * `ar impact --format csv`, one rectangular table: with `--portfolio`, a `bucket` row per bucket
 * (bucket, open, loss_rate, expected_loss), then always one `impact` row with the figures (and, for a
 * portfolio, the total open and expected loss). Columns as the JSON, in snake_case.
 */
export function impactCsv(v: ImpactView, dialect: CsvDialect = RFC4180, lang: Lang = 'en'): string {
  const cf = (value: string | number | null, kind: 'text' | 'number' = 'text') => csvField(value, kind, dialect);
  const cl = (fields: readonly string[]) => csvLine(fields, dialect);
  const i = v.impact;
  const n = (x: number | null) => cf(x === null ? '' : String(x), 'number');
  const money = (c: number | null) => cf(c === null ? '' : plain(c), 'number');
  const blank = (count: number) => new Array<string>(count).fill('');
  let out = csvStart(dialect) + cl([...IMPACT_CSV_COLUMNS]);
  const lines = v.portfolio?.lines ?? [];
  for (const l of lines) {
    // For a spreadsheet, the bucket's caption: it would read the key `1-30` as a date.
    const def = v.portfolio?.buckets.find((b) => b.key === l.bucket);
    out += cl([
      cf('bucket'),
      cf(dialect.forPeople && def ? bucketCaption(def, lang) : l.bucket),
      money(l.open),
      n(ratio(l.rate)),
      money(l.expectedLoss),
      cf(v.currency),
      ...blank(IMPACT_CSV_COLUMNS.length - 6),
    ]);
  }
  out += cl([
    cf('impact'),
    '',
    v.portfolio ? money(lines.reduce((s, l) => s + l.open, 0)) : '',
    '',
    v.portfolio ? money(i.unpaid) : '',
    cf(v.currency),
    cf(v.invoice),
    money(i.unpaid),
    money(i.vatRecovered),
    money(i.insurerPays),
    money(i.expectedRecovery),
    money(i.loss),
    money(i.revenue),
    cf(v.revenue.source),
    n(ratio(v.revenue.vatRate)),
    cf(String(v.revenue.vatAssumed)),
    n(ratio(i.marginBefore)),
    n(ratio(i.marginAfter)),
    money(i.extraRevenue),
    n(months(i.monthsOfRevenue)),
    money(i.costOfWaiting),
  ]);
  return out;
}

const COUNTRY_NAME = { FR: { fr: 'en France', en: 'in France' }, BE: { fr: 'en Belgique', en: 'in Belgium' } } as const;

/** One line saying where R came from, and at which VAT rate the ledger's sales were taken off VAT. */
function revenueLine(v: ImpactView, lang: Lang, m: (c: number) => string): string {
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

/**
 * What the unpaid amount costs, for people. With `--cost-of-credit`, the headline is the cost of waiting
 * (an invoice paid late, not lost), then what it would cost if it were lost. On a terminal, the prose
 * is wrapped and the bar drawn to its width, to scale.
 */
export function impactText(v: ImpactView, lang: Lang, paint: Paint, width: number | null = null): string {
  const i = v.impact;
  const fr = lang === 'fr';
  const m = (c: number) => formatMoney(c, v.currency, lang);
  const months = monthsText(i.monthsOfRevenue, lang);
  const what = v.portfolio
    ? fr
      ? 'la perte attendue du portefeuille'
      : 'the expected loss of the portfolio'
    : v.invoice
      ? fr
        ? `la facture ${v.invoice}`
        : `invoice ${v.invoice}`
      : fr
        ? 'cette perte'
        : 'this loss';
  const para = (text: string): string => `${width === null ? text : wrapText(text, width).join('\n')}\n`;
  let out = '';
  if (v.portfolio) {
    const defs = v.portfolio.buckets;
    const caption = (key: string) => {
      const def = defs.find((b) => b.key === key);
      return def ? bucketCaption(def, lang) : key;
    };
    const columns: Column[] = (fr ? ['Tranche', 'Encours', 'Taux de perte', 'Perte attendue'] : ['Bucket', 'Open', 'Loss rate', 'Expected loss']).map((head, c) => ({
      head,
      align: c === 0 ? 'left' : 'right',
      key: c === 0,
    }));
    const t = fitTable(
      columns,
      v.portfolio.lines.map((l) => [caption(l.bucket), formatAmount(l.open, lang), formatPercent(l.rate, lang), formatAmount(l.expectedLoss, lang)]),
      { width },
    );
    out += `${t.text}\n${fitNotes(t, lang, width)}`;
  }
  if (i.costOfWaiting !== null && v.waiting) {
    const rate = formatRate(v.waiting.rate, lang);
    out += para(
      fr
        ? `${paint.bold(`Coût de l'attente : ${m(i.costOfWaiting)}`)} (${v.waiting.days} jours de retard au coût du crédit de ${rate} par an ; payée en retard, non perdue).`
        : `${paint.bold(`Cost of waiting: ${m(i.costOfWaiting)}`)} (${v.waiting.days} days late at a cost of credit of ${rate} a year; paid late, not lost).`,
    );
    out += `\n${fr ? "Si elle n'était jamais payée :" : 'If it were never paid:'}\n`;
  }
  const steps: string[] = [];
  if (i.vatRecovered) steps.push(fr ? `TVA récupérable : −${m(i.vatRecovered)}` : `recoverable VAT: −${m(i.vatRecovered)}`);
  if (i.insurerPays) steps.push(fr ? `assureur-crédit : −${m(i.insurerPays)}` : `credit insurer: −${m(i.insurerPays)}`);
  if (i.expectedRecovery) steps.push(fr ? `recouvrement attendu : −${m(i.expectedRecovery)}` : `expected recovery: −${m(i.expectedRecovery)}`);
  if (fr) {
    out += para(`${paint.bold(`Perte : ${m(i.loss)}`)}${steps.length ? ` (impayé ${m(i.unpaid)} ; ${steps.join(' ; ')})` : ''}`);
    out += para(
      `Pour absorber ${what}, il faut ${paint.bold(m(i.extraRevenue))} de chiffre d'affaires supplémentaire, soit ${paint.bold(`${months} mois`)} de chiffre d'affaires (${m(i.revenue)} par an).`,
    );
    out += para(`La marge nette passe de ${formatRate(i.marginBefore, lang)} à ${paint.bold(formatRate(i.marginAfter, lang))}.`);
  } else {
    out += para(`${paint.bold(`Loss: ${m(i.loss)}`)}${steps.length ? ` (unpaid ${m(i.unpaid)}; ${steps.join('; ')})` : ''}`);
    out += para(`It takes ${paint.bold(m(i.extraRevenue))} of extra revenue to absorb ${what}: ${paint.bold(`${months} months`)} of revenue (${m(i.revenue)} a year).`);
    out += para(`The net margin falls from ${formatRate(i.marginBefore, lang)} to ${paint.bold(formatRate(i.marginAfter, lang))}.`);
  }
  // The bar and its legend on one line: the bar gets what the legend leaves, at most 60 cells.
  const scaleText = (scale: number) => (fr ? String(scale).replace('.', ',') : String(scale));
  const legend = (scale: number) => ` ${months} ${fr ? 'mois' : 'months'} (█ = ${scaleText(scale)} ${fr ? 'mois de CA' : scale <= 1 ? 'month of revenue' : 'months of revenue'})`;
  const room = width === null ? 60 : Math.max(10, Math.min(60, width - displayWidth(legend(1000))));
  const b = bar(i.extraRevenue, i.revenue / 12, room);
  if (b.text) out += `${paint.warn(b.text)}${legend(b.scale)}\n`;
  out += para(revenueLine(v, lang, m));
  if (v.vatGiven === false && i.unpaid > 0) {
    out += para(
      fr
        ? 'La perte comprend la TVA, qui peut être récupérable sur une créance irrécouvrable : --vat la laisse de côté.'
        : 'The loss includes the VAT, which may be recoverable on a bad debt: --vat leaves it out.',
    );
  }
  return out;
}

// ---- ar dso ------------------------------------------------------------------------------------

export interface DsoView {
  readonly asOf: Day;
  readonly figures: DsoFigures[];
  readonly trend: { readonly currency: string; readonly points: { date: Day; dso: number | null }[] }[];
  readonly sectorDso: number | null;
  readonly problems?: readonly FormattedProblem[];
}

/** Days of DSO; none (null) for a receivable that is a credit balance: its days would be negative. */
const dsoDays = (f: DsoFigures, x: number | null): number | null => (f.ar < 0 ? null : days2(x));
/** The CEI as a fraction; none (null) for a receivable that is a credit balance: it would be above 1. */
const dsoCei = (f: DsoFigures): number | null => (f.ar < 0 ? null : share(f.cei));

/**
 * `ar dso --format json` (schema: docs/schemas/dso.json): per currency, the figures as of `asOf`
 * (docs/accounting.md §5) and the trend; days with two decimals, the CEI a fraction; null when there
 * are no sales in the window, or the receivable is a credit.
 */
export interface DsoJson {
  readonly asOf: DateJson;
  readonly sectorDso: number | null;
  readonly currencies: Readonly<Record<string, DsoCurrencyJson>>;
  readonly problems: readonly ProblemJson[];
}

export interface DsoCurrencyJson {
  /** The window, in days. */
  readonly period: number;
  readonly ar: AmountJson;
  readonly notDue: AmountJson;
  readonly sales: AmountJson;
  readonly arAtStart: AmountJson;
  readonly dso: number | null;
  readonly countback: number | null;
  readonly bestPossible: number | null;
  readonly averageDaysDelinquent: number | null;
  readonly cei: number | null;
  /** The standard DSO at each of the last 12 month ends, the last being `asOf`. */
  readonly trend: readonly { readonly date: DateJson; readonly dso: number | null }[];
}

export function dsoJson(v: DsoView): DsoJson {
  return {
    asOf: isoFromDay(v.asOf),
    sectorDso: v.sectorDso,
    currencies: Object.fromEntries(
      v.figures.map((f) => [
        f.currency,
        {
          period: f.period,
          ar: plain(f.ar),
          notDue: plain(f.notDue),
          sales: plain(f.sales),
          arAtStart: plain(f.arAtStart),
          dso: dsoDays(f, f.dso),
          countback: dsoDays(f, f.countback),
          bestPossible: dsoDays(f, f.bestPossible),
          averageDaysDelinquent: dsoDays(f, f.averageDaysDelinquent),
          cei: dsoCei(f),
          trend: (v.trend.find((t) => t.currency === f.currency)?.points ?? []).map((p) => ({ date: isoFromDay(p.date), dso: p.dso !== null && p.dso < 0 ? null : days2(p.dso) })),
        },
      ]),
    ),
    problems: problemsJson(v.problems ?? []),
  };
}

/**
 * `ar dso --format csv`, one rectangular table: per currency, a `figures` row as of D, then a `trend`
 * row per month end (only `dso` and `period` filled). Amounts as decimal strings, days with one decimal.
 */
export function dsoCsv(v: DsoView, dialect: CsvDialect = RFC4180): string {
  const cf = (value: string | number | null, kind: 'text' | 'number' = 'text') => csvField(value, kind, dialect);
  const cl = (fields: readonly string[]) => csvLine(fields, dialect);
  const n = (x: number | null) => cf(x === null ? '' : String(x), 'number');
  const money = (c: number) => cf(plain(c), 'number');
  let out =
    csvStart(dialect) + cl(['kind', 'currency', 'date', 'period', 'ar', 'not_due', 'sales', 'ar_at_start', 'dso', 'countback', 'best_possible', 'average_days_delinquent', 'cei', 'sector_dso']);
  for (const f of v.figures) {
    out += cl([
      cf('figures'),
      cf(f.currency),
      cf(isoFromDay(v.asOf)),
      n(f.period),
      money(f.ar),
      money(f.notDue),
      money(f.sales),
      money(f.arAtStart),
      n(dsoDays(f, f.dso)),
      n(dsoDays(f, f.countback)),
      n(dsoDays(f, f.bestPossible)),
      n(dsoDays(f, f.averageDaysDelinquent)),
      n(dsoCei(f)),
      n(v.sectorDso),
    ]);
    for (const p of v.trend.find((t) => t.currency === f.currency)?.points ?? []) {
      out += cl([cf('trend'), cf(f.currency), cf(isoFromDay(p.date)), n(f.period), '', '', '', '', n(p.dso !== null && p.dso < 0 ? null : days2(p.dso)), '', '', '', '', n(v.sectorDso)]);
    }
  }
  return out;
}

/**
 * DSO for people: the figures, then the 12-month trend as bars. A receivable that is a credit (AR below
 * zero) has no DSO: a negative number of days is shown as '-'. On a terminal, the labels are cut and
 * the bars shortened to its width.
 */
export function dsoText(v: DsoView, lang: Lang, paint: Paint, width: number | null = null): string {
  const fr = lang === 'fr';
  const num = (x: number | null) => (x === null ? '-' : fr ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
  const days = (x: number | null) => (x === null || x < 0 ? '-' : fr ? `${num(x)} j` : num(x));
  if (v.figures.length === 0) {
    return `${paint.bold(`${fr ? 'DSO au' : 'DSO as of'} ${formatDate(v.asOf, lang)}`)}\n\n${fr ? 'Ni ventes ni encours à cette date.' : 'No sales and nothing receivable at this date.'}\n`;
  }
  let out = '';
  for (const f of v.figures) {
    out += `${paint.bold(`${fr ? 'DSO au' : 'DSO as of'} ${formatDate(f.asOf, lang)} — ${f.currency}`)}\n`;
    // A credit balance: days of sales it stands for would be negative, which means nothing.
    const credit = f.ar < 0;
    const d = (x: number | null) => (credit ? '-' : days(x));
    const rows: [string, string][] = fr
      ? [
          ['Encours (AR)', formatAmount(f.ar, lang)],
          [`Ventes des ${f.period} derniers jours`, formatAmount(f.sales, lang)],
          [`DSO standard (${f.period} j)`, d(f.dso)],
          ['DSO par épuisement (countback)', d(f.countback)],
          ['Meilleur DSO possible (BPDSO)', d(f.bestPossible)],
          ['Retard moyen (ADD = DSO − BPDSO)', d(f.averageDaysDelinquent)],
          ['Efficacité du recouvrement (CEI)', f.cei === null || credit ? '-' : `${num(f.cei)} %`],
          ...(v.sectorDso !== null ? ([['DSO du secteur', `${num(v.sectorDso)} j`]] as [string, string][]) : []),
        ]
      : [
          ['Receivable (AR)', formatAmount(f.ar, lang)],
          [`Sales of the last ${f.period} days`, formatAmount(f.sales, lang)],
          [`DSO standard (${f.period} days)`, d(f.dso)],
          ['DSO countback', d(f.countback)],
          ['Best possible DSO', d(f.bestPossible)],
          ['Average days delinquent', d(f.averageDaysDelinquent)],
          ['Collection effectiveness (CEI)', f.cei === null || credit ? '-' : `${num(f.cei)}%`],
          ...(v.sectorDso !== null ? ([['Sector DSO', num(v.sectorDso)]] as [string, string][]) : []),
        ];
    const t = fitTable(
      [
        { head: '', key: true, min: 16 },
        { head: '', align: 'right' },
      ],
      rows,
      { width, headless: true },
    );
    out += `${t.text}\n`;
    if (credit) out += `${fr ? 'L’encours est créditeur : pas de DSO.' : 'The receivable is a credit balance: no DSO.'}\n`;
    const points = v.trend.find((x) => x.currency === f.currency)?.points ?? [];
    const max = Math.max(1, ...points.map((p) => p.dso ?? 0), v.sectorDso ?? 0);
    // `  oct. 2026 ` then the bar, then ` 68,9 j`: the bar takes what the terminal leaves, at most 40 cells.
    const label = MONTH_WIDTH[lang];
    const cells = width === null ? 40 : Math.max(10, Math.min(40, width - 11 - label));
    out += `${fr ? 'Tendance sur 12 mois (DSO standard)' : '12-month trend (standard DSO)'}\n`;
    for (const p of points) {
      // A negative DSO (more credit than receivable) draws no bar.
      const n = p.dso === null ? 0 : Math.min(cells, Math.max(0, Math.round((p.dso / max) * cells)));
      out += `  ${formatMonth(p.date, lang)} ${paint.warn('█'.repeat(n))}${' '.repeat(cells - n)} ${days(p.dso)}\n`;
    }
    if (v.sectorDso !== null) out += `  ${(fr ? 'secteur' : 'sector').padEnd(label)} ${'│'.padStart(Math.min(cells, Math.max(0, Math.round((v.sectorDso / max) * cells))) + 1)} ${days(v.sectorDso)}\n`;
  }
  return out;
}

// ---- ar customers ---------------------------------------------------------------------------------

export interface CustomersView {
  readonly asOf: Day;
  readonly rows: CustomerBehaviour[];
  readonly name: (id: string) => string | null;
  readonly lastContact: (id: string) => string | null;
  readonly problems?: readonly FormattedProblem[];
}

/**
 * `ar customers --format json` (schema: docs/schemas/customers.json): per customer and currency, worst
 * first (docs/accounting.md §5.6); shares as fractions, days with two decimals, null when there is no data.
 */
export interface CustomersJson {
  readonly asOf: DateJson;
  readonly customers: readonly CustomerJson[];
  readonly problems: readonly ProblemJson[];
}

export interface CustomerJson {
  readonly id: string;
  readonly name: string | null;
  readonly currency: string;
  readonly open: AmountJson;
  readonly overdue: AmountJson;
  readonly overdueShare: number | null;
  readonly avgDaysLate: number | null;
  readonly avgDaysToPay: number | null;
  readonly paidLateShare: number | null;
  readonly invoicesSettled: number;
  /** Average days late of the last 6 months minus that of the 6 before. */
  readonly trend: number | null;
  readonly creditLimit: AmountJson | null;
  readonly creditUse: number | null;
  readonly lastContact: DateJson | null;
  readonly points: number;
  readonly grade: Grade;
  readonly flags: readonly Flag[];
}

export function customersJson(v: CustomersView): CustomersJson {
  return {
    asOf: isoFromDay(v.asOf),
    customers: v.rows.map((r) => ({
      id: r.customerId,
      name: v.name(r.customerId),
      currency: r.currency,
      open: plain(r.open),
      overdue: plain(r.overdue),
      overdueShare: ratio(r.overdueShare),
      avgDaysLate: days2(r.avgDaysLate),
      avgDaysToPay: days2(r.avgDaysToPay),
      paidLateShare: ratio(r.paidLateShare),
      invoicesSettled: r.invoicesSettled,
      trend: days2(r.trend),
      creditLimit: r.creditLimit === null ? null : plain(r.creditLimit),
      creditUse: ratio(r.creditUse),
      lastContact: v.lastContact(r.customerId),
      points: r.points,
      grade: r.grade,
      flags: r.flags,
    })),
    problems: problemsJson(v.problems ?? []),
  };
}

export function customersCsv(v: CustomersView, dialect: CsvDialect = RFC4180): string {
  const cf = (value: string | number | null, kind: 'text' | 'number' = 'text') => csvField(value, kind, dialect);
  const cl = (fields: readonly string[]) => csvLine(fields, dialect);
  let out =
    csvStart(dialect) +
    cl([
      'id',
      'name',
      'currency',
      'open',
      'overdue',
      'overdue_share',
      'avg_days_late',
      'avg_days_to_pay',
      'paid_late_share',
      'invoices_settled',
      'trend',
      'credit_limit',
      'credit_use',
      'last_contact',
      'grade',
      'flags',
    ]);
  const n = (x: number | null) => cf(x === null ? '' : String(x), 'number');
  // Amounts as the JSON and the aging CSV write them: two decimals and a point (1125.80, not 1125.8).
  const money = (c: number) => cf(plain(c), 'number');
  for (const r of v.rows) {
    out += cl([
      cf(r.customerId),
      cf(v.name(r.customerId)),
      cf(r.currency),
      money(r.open),
      money(r.overdue),
      n(ratio(r.overdueShare)),
      n(days2(r.avgDaysLate)),
      n(days2(r.avgDaysToPay)),
      n(ratio(r.paidLateShare)),
      n(r.invoicesSettled),
      n(days2(r.trend)),
      r.creditLimit === null ? '' : money(r.creditLimit),
      n(ratio(r.creditUse)),
      cf(v.lastContact(r.customerId)),
      cf(r.grade),
      cf(r.flags.join(' ')),
    ]);
  }
  return out;
}

/**
 * Payment behaviour and risk for people. On a terminal (`width`), fitted to it: names and alerts cut,
 * headers and amounts shortened, then left out in this order: last contact, days to pay, trend, limit
 * used, paid late, id; then one block per customer.
 */
export function customersText(v: CustomersView, lang: Lang, paint: Paint, width: number | null = null): string {
  const fr = lang === 'fr';
  const columns: Column[] = [
    { head: fr ? 'Note' : 'Grade', short: fr ? 'N.' : 'Gr.', key: true },
    { head: fr ? 'Code' : 'Id', key: true, drop: 6 },
    { head: fr ? 'Client' : 'Customer', key: true, min: 12, nameOf: 1 },
    { head: fr ? 'Encours' : 'Open', align: 'right' },
    { head: fr ? 'Échu' : 'Overdue', align: 'right' },
    { head: fr ? 'Retard moy. (j)' : 'Avg days late', short: fr ? 'Retard' : 'Late', align: 'right' },
    { head: fr ? 'Délai moy. (j)' : 'Avg days to pay', short: fr ? 'Délai' : 'To pay', align: 'right', drop: 2 },
    { head: fr ? 'Payées en retard' : 'Paid late', short: fr ? 'En retard' : 'Late %', align: 'right', drop: 5 },
    { head: fr ? 'Tendance (j)' : 'Trend (days)', short: fr ? 'Tend.' : 'Trend', align: 'right', drop: 3 },
    { head: fr ? 'Plafond utilisé' : 'Limit used', short: fr ? 'Plafond' : 'Limit', align: 'right', drop: 4 },
    { head: fr ? 'Dernier contact' : 'Last contact', short: fr ? 'Contact' : 'Contact', drop: 1 },
    { head: fr ? 'Alertes' : 'Flags', min: 10 },
  ];
  const num = (x: number | null) => (x === null ? '-' : fr ? x.toFixed(1).replace('.', ',') : x.toFixed(1));
  const rows: Cell[][] = v.rows.map((r) => {
    const g = r.grade === 'E' || r.grade === 'D' ? paint.bad(r.grade) : r.grade === 'C' ? paint.warn(r.grade) : r.grade;
    return [
      g,
      r.customerId,
      v.name(r.customerId) ?? '',
      { text: `${formatAmount(r.open, lang)} ${r.currency}`, short: `${formatUnits(r.open, lang)} ${r.currency}` },
      r.overdue === 0 ? '-' : { text: formatAmount(r.overdue, lang), short: formatUnits(r.overdue, lang) },
      num(r.avgDaysLate),
      num(r.avgDaysToPay),
      r.paidLateShare === null ? '-' : formatPercent(r.paidLateShare, lang, 0),
      r.trend === null ? '-' : `${r.trend > 0 ? '+' : ''}${num(r.trend)}`,
      // A share of a limit used by a credit balance would read as a negative use.
      r.creditUse === null || r.open <= 0 ? '-' : formatPercent(r.creditUse, lang, 0),
      v.lastContact(r.customerId) ?? '-',
      r.flags.map((f) => FLAG_LABELS[lang][f] ?? f).join(', '),
    ];
  });
  const title = fr ? `Comportement de paiement et risque au ${formatDate(v.asOf, lang)}` : `Payment behaviour and risk as of ${formatDate(v.asOf, lang)}`;
  const t = fitTable(columns, rows, { width });
  return `${paint.bold(title)}\n${t.text}\n${fitNotes(t, lang, width)}`;
}
