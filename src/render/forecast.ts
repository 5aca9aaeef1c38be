import type { Backtest } from '../core/backtest.ts';
import { isoFromDay, type Day } from '../core/dates.ts';
import type { CurrencyForecast, Forecast, Period } from '../core/forecast.ts';
import { formatCentsPlain as plain, type Cents } from '../core/money.ts';
import type { Lang } from '../model/lang.ts';
import type { Paint } from './aging-table.ts';
import { csvField, csvLine } from './csv.ts';
import type { AmountJson, DateJson } from './json.ts';
import { formatAmount, formatDate, formatUnits } from './format.ts';
import { wrapText } from './width.ts';
import { fitNotes, fitTable, TextTable, type Cell, type Column } from './text-table.ts';

/** The forecast's views: the terminal's table with a bar per week, JSON and CSV (docs/forecast.md). */

export interface ForecastView {
  readonly forecast: Forecast;
  readonly name: (customerId: string) => string | null;
}

/** A week or a month of the forecast, and what is expected in it. */
export interface PeriodJson {
  readonly from: DateJson;
  readonly to: DateJson;
  readonly expected: AmountJson;
}

/** What the forecast reconciles to: the open amount and where it goes besides the periods (docs/forecast.md). */
interface ForecastFiguresJson {
  readonly weeks: readonly PeriodJson[];
  readonly months: readonly PeriodJson[];
  readonly probableLoss: AmountJson;
  readonly open: AmountJson;
  readonly heldBack: AmountJson;
  readonly doubtful: AmountJson;
  readonly promised: AmountJson;
  readonly afterWeeks: AmountJson;
  readonly afterMonths: AmountJson;
}

/** `ar forecast --format json` (schema: docs/schemas/forecast.json). */
export interface ForecastJson {
  readonly asOf: DateJson;
  readonly currencies: Readonly<Record<string, ForecastFiguresJson & { readonly customers: readonly ({ readonly id: string; readonly name: string | null } & ForecastFiguresJson)[] }>>;
}

const periodJson = (periods: readonly Period[], amounts: readonly Cents[]): PeriodJson[] => periods.map((p, i) => ({ from: isoFromDay(p.from), to: isoFromDay(p.to), expected: plain(amounts[i]!) }));

/**
 * `ar forecast --format json`: `{"asOf", "currencies": {"EUR": {"weeks": [{"from", "to", "expected"}], "months": [...],
 * "probableLoss", "customers": [{"id", "weeks": [...]}]}}}`, with what reconciles them to the open items beside.
 */
export function forecastJson(v: ForecastView): ForecastJson {
  const f = v.forecast;
  return {
    asOf: isoFromDay(f.asOf),
    currencies: Object.fromEntries(
      f.currencies.map((c) => [
        c.currency,
        {
          weeks: periodJson(f.weeks, c.weeks),
          months: periodJson(f.months, c.months),
          probableLoss: plain(c.probableLoss),
          open: plain(c.open),
          heldBack: plain(c.heldBack),
          doubtful: plain(c.doubtful),
          promised: plain(c.promised),
          afterWeeks: plain(c.afterWeeks),
          afterMonths: plain(c.afterMonths),
          customers: c.customers.map((x) => ({
            id: x.customerId,
            name: v.name(x.customerId),
            weeks: periodJson(f.weeks, x.weeks),
            months: periodJson(f.months, x.months),
            open: plain(x.open),
            heldBack: plain(x.heldBack),
            doubtful: plain(x.doubtful),
            probableLoss: plain(x.probableLoss),
            promised: plain(x.promised),
            afterWeeks: plain(x.afterWeeks),
            afterMonths: plain(x.afterMonths),
          })),
        },
      ]),
    ),
  };
}

/**
 * `ar forecast --format csv`, one rectangular table: `currency,customer,name,kind,number,from,to,expected`.
 * Per currency, the totals first (customer empty): a `week` row per week, a `month` row per month, then
 * `after_weeks`, `after_months`, `held_back`, `doubtful`, `probable_loss`, `promised`, `open`; then the same for each customer.
 */
export function forecastCsv(v: ForecastView): string {
  const f = v.forecast;
  let out = csvLine(['currency', 'customer', 'name', 'kind', 'number', 'from', 'to', 'expected']);
  const rows = (c: CurrencyForecast['customers'][number] | CurrencyForecast, currency: string, id: string | null): void => {
    const head = [csvField(currency), csvField(id), csvField(id === null ? null : v.name(id))];
    f.weeks.forEach((p, i) => (out += csvLine([...head, 'week', String(i + 1), isoFromDay(p.from), isoFromDay(p.to), plain(c.weeks[i]!)])));
    f.months.forEach((p, i) => (out += csvLine([...head, 'month', String(i + 1), isoFromDay(p.from), isoFromDay(p.to), plain(c.months[i]!)])));
    const lines: [string, Cents][] = [
      ['after_weeks', c.afterWeeks],
      ['after_months', c.afterMonths],
      ['held_back', c.heldBack],
      ['doubtful', c.doubtful],
      ['probable_loss', c.probableLoss],
      ['promised', c.promised],
      ['open', c.open],
    ];
    for (const [kind, amount] of lines) out += csvLine([...head, kind, '', '', '', plain(amount)]);
  };
  for (const c of f.currencies) {
    rows(c, c.currency, null);
    for (const x of c.customers) rows(x, c.currency, x.customerId);
  }
  return out;
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** A bar of `value` against `max`, `width` cells at most, drawn to an eighth of a cell. @example weekBar(50, 100, 10) === '█████' */
function weekBar(value: number, max: number, width: number): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.max(1, Math.round((value / max) * width * 8));
  return '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
}

/** The words of each language. */
const WORDS = {
  fr: {
    title: (d: string, c: string) => `Encaissements attendus au ${d} — ${c}`,
    week: 'Semaine',
    from: 'Du',
    to: 'Au',
    expected: 'Attendu',
    month: 'Mois',
    open: 'Encours (hors irrécouvrables)',
    after: (n: number) => `Après la semaine ${n}, ou jamais`,
    held: 'En litige (retenu)',
    doubtful: 'Douteux (l’historique dit : non payé)',
    loss: 'dont perte probable (taux de provision)',
    promised: 'Sous promesse de paiement',
    customers: 'Par client',
    id: 'Code',
    customer: 'Client',
    weeks: (a: number, b: number) => `S${a}–S${b}`,
    later: 'Après',
    more: (n: number) => `… et ${n} autre(s) client(s) : --format json ou csv`,
    none: 'Aucun encours à cette date.',
  },
  en: {
    title: (d: string, c: string) => `Expected receipts as of ${d} — ${c}`,
    week: 'Week',
    from: 'From',
    to: 'To',
    expected: 'Expected',
    month: 'Month',
    open: 'Open items (written-off ones out)',
    after: (n: number) => `After week ${n}, or never`,
    held: 'Disputed (held back)',
    doubtful: 'Doubtful (history says: not paid)',
    loss: 'of which probable loss (provision rates)',
    promised: 'Under a promise to pay',
    customers: 'By customer',
    id: 'Id',
    customer: 'Customer',
    weeks: (a: number, b: number) => `W${a}–W${b}`,
    later: 'Later',
    more: (n: number) => `… and ${n} more customer(s): --format json or csv`,
    none: 'Nothing owed at this date.',
  },
} as const;

/** Customers shown in the terminal's table. */
const TOP = 15;

/** `ar forecast` for people: per currency, the weeks with a bar each, the months, what is not cash, and the customers. */
export function forecastText(v: ForecastView, lang: Lang, paint: Paint, width: number | null = null): string {
  const f = v.forecast;
  const t = WORDS[lang];
  const m = (c: number) => formatAmount(c, lang);
  if (f.currencies.length === 0) return `${t.none}\n`;
  let out = '';
  for (const c of f.currencies) {
    out += `${paint.bold(t.title(formatDate(f.asOf, lang), c.currency))}\n`;
    const max = Math.max(0, ...c.weeks);
    const amounts = c.weeks.map(m);
    // The bar takes what the terminal leaves after the other columns (a column more is 3 wide and the bar).
    const weekRows = f.weeks.map((p, i) => [String(i + 1), formatDate(p.from, lang), formatDate(p.to, lang), amounts[i]!]);
    const weekColumns: Column[] = [{ head: t.week, align: 'right' }, { head: t.from }, { head: t.to }, { head: t.expected, align: 'right' }];
    const used = fitTable(weekColumns, weekRows).width;
    const barWidth = Math.max(10, Math.min(40, (width ?? 80) - used - 3));
    const weeks = fitTable(
      [...weekColumns, { head: '', drop: 1 }],
      weekRows.map((r, i) => [...r, paint.dim(weekBar(c.weeks[i]!, max, barWidth))]),
      { width },
    );
    out += `${weeks.text}\n${fitNotes(weeks, lang, width)}`;
    if (f.months.length > 0) {
      const months = new TextTable([t.month, t.from, t.to, t.expected], ['right', 'left', 'left', 'right']);
      f.months.forEach((p, i) => months.push([String(i + 1), formatDate(p.from, lang), formatDate(p.to, lang), m(c.months[i]!)]));
      out += `${months.toString()}\n`;
    }
    const summary = new TextTable(null, ['left', 'right']);
    summary.push([t.open, m(c.open)], [t.after(f.weeks.length), m(c.afterWeeks)]);
    if (c.promised) summary.push([t.promised, m(c.promised)]);
    if (c.heldBack) summary.push([t.held, m(c.heldBack)]);
    if (c.doubtful) summary.push([t.doubtful, m(c.doubtful)], [`  ${t.loss}`, paint.warn(m(c.probableLoss))]);
    out += `${summary.toString()}\n`;
    const shown = c.customers.slice(0, TOP);
    if (shown.length > 0) {
      const split = Math.min(4, f.weeks.length);
      const head = [t.id, t.customer, ...f.weeks.slice(0, split).map((_, i) => `${lang === 'fr' ? 'S' : 'W'}${i + 1}`)];
      if (f.weeks.length > split) head.push(t.weeks(split + 1, f.weeks.length));
      head.push(t.later);
      // Fitted to the terminal: names cut, amounts without cents, then the id left out (src/render/text-table.ts).
      const columns: Column[] = [{ head: head[0]!, key: true, drop: 1 }, { head: head[1]!, key: true, min: 12, nameOf: 0 }, ...head.slice(2).map((h): Column => ({ head: h, align: 'right' }))];
      const amount = (a: number): Cell => ({ text: m(a), short: formatUnits(a, lang) });
      const rows: Cell[][] = shown.map((x) => {
        const rest = x.weeks.slice(split).reduce((s, a) => s + a, 0);
        const later = x.afterWeeks + x.heldBack + x.doubtful;
        return [x.customerId, v.name(x.customerId) ?? '', ...x.weeks.slice(0, split).map(amount), ...(f.weeks.length > split ? [amount(rest)] : []), amount(later)];
      });
      const table = fitTable(columns, rows, { width });
      out += `${paint.bold(t.customers)}\n${table.text}\n${fitNotes(table, lang, width)}`;
      if (c.customers.length > TOP) out += `${paint.dim(t.more(c.customers.length - TOP))}\n`;
    }
    out += '\n';
  }
  return out;
}

// ── The backtest ───────────────────────────────────────────────────────────────────────────────

const round3 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1000) / 1000);
const ratio = (a: number | null, b: number | null): number | null => (a === null || b === null || b === 0 ? null : a / b);

/** A WAPE against what came in, the naive forecast's, and their ratio: rounded to 3 decimals, null without receipts. */
interface ScoreJson {
  readonly scored: number;
  readonly actual: AmountJson;
  readonly forecastWape: number | null;
  readonly naiveWape: number | null;
  readonly ratio: number | null;
}

/** `ar forecast --backtest --format json` (schema: docs/schemas/backtest.json). */
export interface BacktestJson {
  readonly evaluatedTo: DateJson;
  readonly weeks: number;
  readonly origins: readonly DateJson[];
  readonly currencies: Readonly<
    Record<
      string,
      {
        readonly horizons: readonly ({ readonly week: number } & ScoreJson)[];
        readonly total: ScoreJson;
        /** Per month end replayed: the forecast, the naive one and what came in, week by week (null: not yet known). */
        readonly origins: readonly {
          readonly date: DateJson;
          readonly open: AmountJson;
          readonly forecast: readonly (AmountJson | null)[];
          readonly naive: readonly (AmountJson | null)[];
          readonly actual: readonly (AmountJson | null)[];
        }[];
      }
    >
  >;
}

export function backtestJson(b: Backtest): BacktestJson {
  return {
    evaluatedTo: isoFromDay(b.evaluatedTo),
    weeks: b.weeks,
    origins: b.origins.map(isoFromDay),
    currencies: Object.fromEntries(
      b.currencies.map((c) => [
        c.currency,
        {
          horizons: c.horizons.map((h) => ({
            week: h.week,
            scored: h.scored,
            actual: plain(h.actual),
            forecastWape: round3(h.forecastWape),
            naiveWape: round3(h.naiveWape),
            ratio: round3(ratio(h.forecastWape, h.naiveWape)),
          })),
          total: {
            scored: c.total.scored,
            actual: plain(c.total.actual),
            forecastWape: round3(c.total.forecastWape),
            naiveWape: round3(c.total.naiveWape),
            ratio: round3(ratio(c.total.forecastWape, c.total.naiveWape)),
          },
          origins: c.origins.map((o) => ({
            date: isoFromDay(o.date),
            open: plain(o.open),
            forecast: o.forecast.map((x) => (x === null ? null : plain(x))),
            naive: o.naive.map((x) => (x === null ? null : plain(x))),
            actual: o.actual.map((x) => (x === null ? null : plain(x))),
          })),
        },
      ]),
    ),
  };
}

/** `ar forecast --backtest --format csv`: `currency,kind,week,origin,actual,forecast,naive,forecast_wape,naive_wape`; `horizon` and `total` rows, then one `origin` row per origin and week scored. */
export function backtestCsv(b: Backtest): string {
  const n = (x: number | null) => (x === null ? '' : String(round3(x)));
  let out = csvLine(['currency', 'kind', 'week', 'origin', 'actual', 'forecast', 'naive', 'forecast_wape', 'naive_wape']);
  for (const c of b.currencies) {
    for (const h of c.horizons) out += csvLine([csvField(c.currency), 'horizon', String(h.week), '', plain(h.actual), '', '', n(h.forecastWape), n(h.naiveWape)]);
    out += csvLine([csvField(c.currency), 'total', '', '', plain(c.total.actual), '', '', n(c.total.forecastWape), n(c.total.naiveWape)]);
    for (const o of c.origins) {
      o.actual.forEach((a, w) => {
        if (a === null) return;
        out += csvLine([csvField(c.currency), 'origin', String(w + 1), isoFromDay(o.date), plain(a), plain(o.forecast[w]!), plain(o.naive[w]!), '', '']);
      });
    }
  }
  return out;
}

const B = {
  fr: {
    title: (c: string) => `Backtest de la prévision d’encaissements — ${c}`,
    head: ['Semaine', 'Origines', 'Encaissé', 'WAPE prévision', 'WAPE naïve', 'Rapport'],
    total: 'Toutes',
    origins: (list: string, end: string) => `Origines : ${list} ; encaissements connus jusqu’au ${end}.`,
    naive: 'Naïve : chaque pièce ouverte payée à son échéance, les échues en semaine 1. WAPE = Σ|prévu − encaissé| / Σ encaissé.',
    none: (end: string) => `Aucune origine à rejouer avant le ${end} (le grand livre ne dit rien après).`,
  },
  en: {
    title: (c: string) => `Backtest of the cash-in forecast — ${c}`,
    head: ['Week', 'Origins', 'Received', 'Forecast WAPE', 'Naive WAPE', 'Ratio'],
    total: 'All',
    origins: (list: string, end: string) => `Origins: ${list}; receipts known up to ${end}.`,
    naive: 'Naive: every open item paid on its due date, the overdue ones in week 1. WAPE = Σ|forecast − received| / Σ received.',
    none: (end: string) => `No origin to replay before ${end} (the ledger tells nothing after it).`,
  },
} as const;

/** `ar forecast --backtest` for people: per currency, the WAPE of each week horizon, the forecast's against the naive one's. */
export function backtestText(b: Backtest, lang: Lang, paint: Paint, width: number | null = null): string {
  const t = B[lang];
  const end = formatDate(b.evaluatedTo, lang);
  if (b.currencies.length === 0) return `${t.none(end)}\n`;
  const num = (x: number | null) => (x === null ? '-' : lang === 'fr' ? x.toFixed(2).replace('.', ',') : x.toFixed(2));
  let out = '';
  for (const c of b.currencies) {
    out += `${paint.bold(t.title(c.currency))}\n`;
    const table = new TextTable(t.head, ['right', 'right', 'right', 'right', 'right', 'right']);
    for (const h of c.horizons) {
      if (h.scored === 0) continue;
      const r = ratio(h.forecastWape, h.naiveWape);
      table.push([String(h.week), String(h.scored), formatAmount(h.actual, lang), num(h.forecastWape), num(h.naiveWape), r !== null && r <= 0.8 ? num(r) : paint.warn(num(r))]);
    }
    const r = ratio(c.total.forecastWape, c.total.naiveWape);
    table.push([paint.bold(t.total), String(c.total.scored), formatAmount(c.total.actual, lang), paint.bold(num(c.total.forecastWape)), num(c.total.naiveWape), paint.bold(num(r))]);
    out += `${table.toString()}\n`;
  }
  // Prose at the terminal's width (a pipe or a file: as it is).
  const prose = (text: string): string => (width === null ? text : wrapText(text, width).join('\n'));
  out += `${prose(t.origins(b.origins.map((d: Day) => formatDate(d, lang)).join(', '), end))}\n${paint.dim(prose(t.naive))}\n`;
  return out;
}
