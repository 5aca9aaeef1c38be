import type { AgedBalance, CurrencyAging, CustomerAging } from '../core/aging.ts';
import type { CustomerBehaviour } from '../core/behaviour.ts';
import { isoFromDay, ymdFromDay, type Day } from '../core/dates.ts';
import type { DsoFigures } from '../core/dso.ts';
import type { Forecast } from '../core/forecast.ts';
import type { Impact } from '../core/impact.ts';
import type { Cents } from '../core/money.ts';
import type { Lang } from '../model/lang.ts';
import { bucketCaption, formatDate, formatMoney, formatPercent, formatRate } from './format.ts';
import { barChart, escapeHtml as h, lineChart } from './svg-charts.ts';

/**
 * `ar report`: one self-contained HTML page for the owner (docs/report.md) — no script, no font, image
 * or style fetched from anywhere: the style is in the page, the charts are inline SVG drawn here, and
 * every chart's figures are in a table too. Printed, it fits A4 (the print style).
 */

export interface TopDebtor {
  readonly aging: CustomerAging;
  readonly behaviour: CustomerBehaviour | null;
  readonly name: string | null;
}

export interface ReportDispute {
  readonly invoice: string;
  readonly customerId: string | null;
  readonly name: string | null;
  readonly currency: string | null;
  /** Open as of D; null when the ledger does not have the invoice. */
  readonly open: Cents | null;
  readonly since: Day;
  readonly reason: string | null;
}

export interface ReportPromise {
  /** The invoice number or the customer id it names. */
  readonly target: string;
  readonly customerId: string | null;
  readonly name: string | null;
  readonly until: Day;
  readonly amount: Cents | null;
  readonly currency: string | null;
  /** Open as of D of what it covers. */
  readonly open: Cents | null;
  readonly running: boolean;
}

export interface ReportCost {
  readonly currency: string;
  /** Open over 90 days past due, and its expected loss at the provision rates (docs/accounting.md §8). */
  readonly over90: Cents;
  readonly over90Loss: Cents;
  /** The expected loss of the whole aged balance: `ar impact --portfolio`'s L. */
  readonly expectedLoss: Cents;
  /** `ar impact --portfolio`'s figures (docs/accounting.md §7), when a margin is configured. */
  readonly impact: Impact | null;
  readonly revenueVatRate: number | null;
}

export interface ReportModel {
  readonly lang: Lang;
  readonly asOf: Day;
  readonly firm: string | null;
  readonly ledgers: readonly string[];
  readonly aged: AgedBalance;
  readonly top: ReadonlyMap<string, readonly TopDebtor[]>;
  readonly dso: readonly DsoFigures[];
  readonly trend: readonly { readonly currency: string; readonly points: readonly { date: Day; dso: number | null }[] }[];
  readonly sectorDso: number | null;
  readonly forecast: Forecast;
  readonly disputes: readonly ReportDispute[];
  readonly promises: readonly ReportPromise[];
  readonly cost: readonly ReportCost[];
  /** Warnings of the import (said on stderr too). */
  readonly warnings: number;
}

const WORDS = {
  fr: {
    title: 'Poste clients',
    asOf: (d: string) => `au ${d}`,
    files: 'Fichiers lus',
    balance: 'Encours net',
    overdue: 'Échu',
    overdueShare: (p: string) => `${p} de l’encours`,
    expected13: 'Attendu sur 13 semaines',
    dso: 'DSO',
    days: (x: string) => `${x} j`,
    aged: 'Balance âgée',
    bucket: 'Tranche',
    amount: 'Montant',
    share: 'Part',
    agedDesc: (parts: string) => `Encours par tranche de retard : ${parts}.`,
    unapplied: 'Crédits non imputés',
    writtenOff: 'Irrécouvrables (hors balance)',
    disputed: 'dont en litige',
    top: 'Les dix plus gros débiteurs',
    customer: 'Client',
    open: 'Encours',
    avgLate: 'Retard moyen',
    trend: 'Tendance',
    grade: 'Note',
    flags: 'Alertes',
    flag: { over_limit: 'encours autorisé dépassé', worsening: 'se dégrade', over_90: '> 90 j', disputed: 'litige' } as Record<string, string>,
    dsoTitle: 'Délai de paiement (DSO)',
    standard: (n: number) => `DSO standard (${n} j)`,
    countback: 'DSO par épuisement',
    best: 'Meilleur DSO possible',
    delinquent: 'Retard moyen (DSO − meilleur)',
    sector: 'DSO du secteur',
    trendTitle: 'DSO standard sur 12 mois',
    trendDesc: (first: string, last: string, sector: string) => `DSO de ${first} à ${last}${sector}.`,
    vsSector: (s: string) => `, secteur : ${s}`,
    month: 'Fin de mois',
    forecast: 'Encaissements attendus (13 semaines)',
    week: 'Semaine',
    from: 'Du',
    to: 'Au',
    expected: 'Attendu',
    forecastDesc: (total: string, peak: string) => `Total attendu sur 13 semaines : ${total} ; semaine la plus forte : ${peak}.`,
    after: 'Après 13 semaines, ou jamais',
    held: 'En litige (retenu)',
    doubtful: 'Douteux (l’historique dit : non payé)',
    loss: 'dont perte probable',
    promised: 'Sous promesse',
    journal: 'Litiges et promesses (journal)',
    disputes: 'Litiges ouverts',
    invoice: 'Facture',
    since: 'Depuis',
    reason: 'Motif',
    promises: 'Promesses de paiement',
    promiseOn: 'Objet',
    until: 'Date promise',
    promisedAmount: 'Montant promis',
    status: 'État',
    running: 'en cours',
    lapsed: 'échue, impayée',
    none: 'Aucun.',
    more: (n: number) => `… et ${n} de plus.`,
    cost: 'Ce que coûte l’encours à plus de 90 jours',
    over90: 'Encours à plus de 90 jours',
    over90Loss: 'Perte attendue sur celui-ci (taux de provision)',
    ecl: 'Perte attendue de toute la balance (ar impact --portfolio)',
    extra: 'Chiffre d’affaires supplémentaire pour l’absorber',
    marginFall: (a: string, b: string) => `La marge nette passe de ${a} à ${b}.`,
    months: (m: string) => `soit ${m} mois de chiffre d’affaires`,
    noMargin: 'Indiquez « margin » dans ar.config.json pour chiffrer ce qu’il faut vendre en plus pour absorber cette perte.',
    revenueNote: (rate: string) => `Chiffre d’affaires : les ventes des 12 derniers mois du grand livre, hors TVA à ${rate}.`,
    warnings: (n: number) => `${n} avertissement(s) à la lecture des fichiers : voir ar aging.`,
    method: 'Méthode : balance âgée et DSO selon docs/accounting.md ; prévision selon docs/forecast.md (historique de paiement de chaque client, promesses et litiges du journal).',
    nothing: 'Aucun encours à cette date.',
    weekShort: 'S',
  },
  en: {
    title: 'Accounts receivable',
    asOf: (d: string) => `as of ${d}`,
    files: 'Files read',
    balance: 'Net balance',
    overdue: 'Overdue',
    overdueShare: (p: string) => `${p} of the balance`,
    expected13: 'Expected in 13 weeks',
    dso: 'DSO',
    days: (x: string) => `${x} days`,
    aged: 'Aged balance',
    bucket: 'Bucket',
    amount: 'Amount',
    share: 'Share',
    agedDesc: (parts: string) => `Balance by days past due: ${parts}.`,
    unapplied: 'Unapplied credit',
    writtenOff: 'Written off (outside the balance)',
    disputed: 'of which disputed',
    top: 'The ten largest debtors',
    customer: 'Customer',
    open: 'Open',
    avgLate: 'Avg days late',
    trend: 'Trend',
    grade: 'Grade',
    flags: 'Flags',
    flag: { over_limit: 'over credit limit', worsening: 'worsening', over_90: '> 90 days', disputed: 'disputed' } as Record<string, string>,
    dsoTitle: 'Days sales outstanding (DSO)',
    standard: (n: number) => `Standard DSO (${n} days)`,
    countback: 'Countback DSO',
    best: 'Best possible DSO',
    delinquent: 'Average days delinquent (DSO − best)',
    sector: 'Sector DSO',
    trendTitle: 'Standard DSO over 12 months',
    trendDesc: (first: string, last: string, sector: string) => `DSO from ${first} to ${last}${sector}.`,
    vsSector: (s: string) => `, sector: ${s}`,
    month: 'Month end',
    forecast: 'Expected receipts (13 weeks)',
    week: 'Week',
    from: 'From',
    to: 'To',
    expected: 'Expected',
    forecastDesc: (total: string, peak: string) => `Expected over 13 weeks: ${total}; the largest week: ${peak}.`,
    after: 'After 13 weeks, or never',
    held: 'Disputed (held back)',
    doubtful: 'Doubtful (history says: not paid)',
    loss: 'of which probable loss',
    promised: 'Under a promise',
    journal: 'Disputes and promises (journal)',
    disputes: 'Open disputes',
    invoice: 'Invoice',
    since: 'Since',
    reason: 'Reason',
    promises: 'Promises to pay',
    promiseOn: 'On',
    until: 'Promised date',
    promisedAmount: 'Amount promised',
    status: 'Status',
    running: 'running',
    lapsed: 'lapsed, unpaid',
    none: 'None.',
    more: (n: number) => `… and ${n} more.`,
    cost: 'What the balance over 90 days costs',
    over90: 'Open over 90 days',
    over90Loss: 'Its expected loss (provision rates)',
    ecl: 'Expected loss of the whole balance (ar impact --portfolio)',
    extra: 'Extra revenue it takes to absorb it',
    marginFall: (a: string, b: string) => `The net margin falls from ${a} to ${b}.`,
    months: (m: string) => `${m} months of revenue`,
    noMargin: 'Set "margin" in ar.config.json to see the extra revenue it takes to absorb this loss.',
    revenueNote: (rate: string) => `Revenue: the ledger's sales of the last 12 months, excluding VAT at ${rate}.`,
    warnings: (n: number) => `${n} warning(s) reading the files: see ar aging.`,
    method: "Method: aged balance and DSO as docs/accounting.md says; forecast as docs/forecast.md says (each customer's payment history, the journal's promises and disputes).",
    nothing: 'Nothing owed at this date.',
    weekShort: 'W',
  },
} as const;

/** Rows of a list shown in full before "and N more". */
const MAX_ROWS = 50;

const STYLE = `
:root{--ink:#1d2430;--muted:#5b6675;--line:#d7dce3;--bg:#fff;--accent:#1f5fa8;--ok:#2e7d4f;--b1:#c9a227;--b2:#d9822b;--b3:#c8553d;--b4:#9b2226}
*{box-sizing:border-box}
body{margin:0;background:#f4f6f9;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1000px;margin:0 auto;padding:24px}
header{display:flex;justify-content:space-between;align-items:baseline;flex-wrap:wrap;gap:8px;border-bottom:3px solid var(--accent);margin-bottom:16px}
h1{font-size:26px;margin:0 0 6px}h1 small{font-weight:400;color:var(--muted);font-size:17px}
h2{font-size:18px;margin:0 0 10px;color:var(--accent)}h3{font-size:15px;margin:14px 0 6px}
section{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:16px 18px;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin-bottom:16px}
.card{background:var(--bg);border:1px solid var(--line);border-radius:6px;padding:12px 14px}
.card .k{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:22px;font-weight:600;margin-top:2px;white-space:nowrap}
.card .s{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;margin:6px 0}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{font-size:12px;color:var(--muted);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tfoot td{font-weight:600;border-top:2px solid var(--ink)}
.grid2{display:grid;grid-template-columns:3fr 2fr;gap:16px;align-items:start}
.chart{width:100%;height:auto;display:block}
.chart text{font:11px system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;fill:var(--ink)}
.chart .label,.chart .tick{fill:var(--muted)}
.chart .axis{stroke:var(--ink)}.chart .grid{stroke:var(--line)}
.bar{fill:var(--accent)}.bar.b0{fill:var(--ok)}.bar.b1{fill:var(--b1)}.bar.b2{fill:var(--b2)}.bar.b3{fill:var(--b3)}.bar.b4{fill:var(--b4)}
.line{fill:none;stroke:var(--accent);stroke-width:2}.dot{fill:var(--accent)}
.line.sector{stroke:var(--b3);stroke-dasharray:6 4}.dot.sector{fill:var(--b3)}
.grade{display:inline-block;min-width:1.6em;text-align:center;border-radius:3px;font-weight:700;color:#fff}
.grade.A{background:var(--ok)}.grade.B{background:#6a9f3a}.grade.C{background:var(--b1)}.grade.D{background:var(--b2)}.grade.E{background:var(--b4)}
.muted,footer{color:var(--muted)}footer{font-size:12px;margin-top:8px}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (max-width:760px){.cards{grid-template-columns:repeat(2,1fr)}.grid2{grid-template-columns:1fr}}
@page{size:A4;margin:14mm 12mm}
@media print{
 body{background:#fff;font-size:10pt}
 main{max-width:none;padding:0}
 section,.card{border:none;padding:0;margin:0 0 10pt;break-inside:avoid}
 section.long{break-inside:auto}
 .cards{gap:6pt}.card{border:1px solid var(--line);padding:6pt}
 h2{font-size:13pt}.card .v{font-size:15pt}
 thead{display:table-header-group}tr{break-inside:avoid}
 .grid2{grid-template-columns:3fr 2fr}
 *{-webkit-print-color-adjust:exact;print-color-adjust:exact}
}`;

/** What every part of the page shares: its words and how it writes dates, days and amounts. */
interface Page {
  readonly m: ReportModel;
  readonly t: (typeof WORDS)[Lang];
  readonly lang: Lang;
  readonly date: (d: Day) => string;
  readonly num1: (x: number | null) => string;
  readonly colon: string;
}

/** One currency's part of the page. */
interface Part extends Page {
  readonly cur: CurrencyAging;
  readonly c: string;
  readonly money: (x: number) => string;
  /** ` — EUR` when the page has several currencies. */
  readonly suffix: string;
}

/** The report as one HTML page. */
export function reportHtml(m: ReportModel): string {
  const lang = m.lang;
  const page: Page = {
    m,
    t: WORDS[lang],
    lang,
    colon: lang === 'fr' ? ' : ' : ': ',
    date: (d) => formatDate(d, lang),
    num1: (x) => (x === null ? '–' : lang === 'fr' ? x.toFixed(1).replace('.', ',') : x.toFixed(1)),
  };
  const { t, date, colon } = page;
  let body = '';
  body += `<header><h1>${h(t.title)}${m.firm ? ` — ${h(m.firm)}` : ''} <small>${h(t.asOf(date(m.asOf)))}</small></h1>`;
  body += `<p class="muted">${h(t.files)}${colon}${m.ledgers.map((f) => `<code>${h(f)}</code>`).join(', ')}</p></header>`;
  if (m.aged.currencies.length === 0) body += `<section><p>${h(t.nothing)}</p></section>`;
  for (const cur of m.aged.currencies) {
    const part: Part = { ...page, cur, c: cur.currency, money: (x) => formatMoney(x, cur.currency, lang), suffix: m.aged.currencies.length > 1 ? ` — ${cur.currency}` : '' };
    body += keyFigures(part) + agingSection(part) + debtorsSection(part) + dsoSection(part) + forecastSection(part) + costSection(part);
  }
  body += journalSection(page);
  body += `<footer>${m.warnings > 0 ? `<p>${h(t.warnings(m.warnings))}</p>` : ''}<p>${h(t.method)}</p></footer>`;

  return (
    `<!DOCTYPE html>\n<html lang="${lang}"><head><meta charset="utf-8">` +
    // Nothing may be fetched: no script at all, styles and images only from the page itself.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${h(`${t.title}${m.firm ? ` — ${m.firm}` : ''} — ${date(m.asOf)}`)}</title><style>${STYLE}</style></head>` +
    `<body><main data-as-of="${isoFromDay(m.asOf)}">${body}</main></body></html>\n`
  );
}

/** The expected receipts of the 13 weeks, in a currency. */
const expectedOf = (p: Part): number => p.m.forecast.currencies.find((x) => x.currency === p.c)?.weeks.reduce((s, x) => s + x, 0) ?? 0;
/** The positive buckets' sum: what shares are of. */
const positiveOf = (p: Part): number => p.cur.buckets.reduce((s, x) => s + x, 0);

/** The key figures: balance, overdue, expected in 13 weeks, DSO. */
function keyFigures(p: Part): string {
  const { t, m, cur, money, num1, colon } = p;
  const overdue = cur.customers.reduce((s, x) => s + x.items.reduce((u, i) => u + (i.daysPastDue >= 1 ? i.debit.open : 0), 0), 0);
  const positive = positiveOf(p);
  const dso = m.dso.find((x) => x.currency === p.c) ?? null;
  let out = `<div class="cards" data-currency="${h(p.c)}">`;
  out += card(t.balance, money(cur.total), '', 'balance');
  out += card(t.overdue, money(overdue), positive > 0 ? t.overdueShare(formatPercent(overdue / positive, p.lang, 0)) : '', 'overdue');
  out += card(t.expected13, money(expectedOf(p)), '', 'expected');
  out += card(t.dso, dso?.dso != null ? t.days(num1(dso.dso)) : '–', m.sectorDso !== null ? `${t.sector}${colon}${t.days(num1(m.sectorDso))}` : '', 'dso');
  return `${out}</div>`;
}

/** The aged balance: a chart and its table. */
function agingSection(p: Part): string {
  const { t, m, cur, c, money, lang, colon, suffix } = p;
  const captions = m.aged.buckets.map((b) => bucketCaption(b, lang));
  const last = m.aged.buckets.length - 1;
  const positive = positiveOf(p);
  let out = `<section id="aging-${h(c)}"><h2>${h(t.aged + suffix)}</h2><div class="grid2">`;
  out += barChart({
    id: `aging-chart-${c}`,
    title: t.aged + suffix,
    description: t.agedDesc(captions.map((x, i) => `${x} ${money(cur.buckets[i]!)}`).join(', ')),
    labels: captions,
    values: cur.buckets,
    valueText: (v) => compactMoney(v, c, lang),
    barClass: (i) => `b${i === 0 && m.aged.basis === 'due' ? 0 : Math.min(4, Math.round(((m.aged.basis === 'due' ? i : i + 1) / Math.max(1, last)) * 4))}`,
    width: 460,
    height: 300,
  });
  out += `<div><table><thead><tr><th>${h(t.bucket)}</th><th class="num">${h(t.amount)}</th><th class="num">${h(t.share)}</th></tr></thead><tbody>`;
  cur.buckets.forEach((b, i) => {
    out += `<tr data-bucket="${h(m.aged.buckets[i]!.key)}"><td>${h(captions[i]!)}</td><td class="num">${h(money(b))}</td><td class="num">${positive > 0 ? h(formatPercent(b / positive, lang)) : ''}</td></tr>`;
  });
  if (cur.unapplied) out += `<tr><td>${h(t.unapplied)}</td><td class="num">${h(money(cur.unapplied))}</td><td></td></tr>`;
  out += `</tbody><tfoot><tr><td>${h(t.balance)}</td><td class="num" data-figure="total">${h(money(cur.total))}</td><td></td></tr></tfoot></table>`;
  if (cur.disputed) out += `<p class="muted">${h(t.disputed)}${colon}${h(money(cur.disputed))}</p>`;
  if (cur.writtenOff) out += `<p class="muted">${h(t.writtenOff)}${colon}${h(money(cur.writtenOff))}</p>`;
  return `${out}</div></div></section>`;
}

/** The ten largest debtors, with their behaviour and grade. */
function debtorsSection(p: Part): string {
  const { t, c, money, num1, suffix } = p;
  let out = `<section id="top-${h(c)}"><h2>${h(t.top + suffix)}</h2><table><thead><tr><th>${h(t.customer)}</th><th class="num">${h(t.open)}</th><th class="num">${h(t.overdue)}</th><th class="num">${h(t.avgLate)}</th><th class="num">${h(t.trend)}</th><th>${h(t.grade)}</th><th>${h(t.flags)}</th></tr></thead><tbody>`;
  for (const d of p.m.top.get(c) ?? []) {
    const b = d.behaviour;
    const trend = b?.trend ?? null;
    out += `<tr data-customer="${h(d.aging.customerId)}"><td>${h(d.name ?? d.aging.customerId)} <span class="muted">${h(d.aging.customerId)}</span></td>`;
    out += `<td class="num">${h(money(d.aging.total))}</td><td class="num">${h(money(b?.overdue ?? 0))}</td>`;
    out += `<td class="num">${b?.avgDaysLate != null ? h(t.days(num1(b.avgDaysLate))) : '–'}</td><td class="num">${trend === null ? '–' : h(`${trend > 0 ? '+' : ''}${num1(trend)}`)}</td>`;
    out += `<td>${b ? `<span class="grade ${b.grade}">${b.grade}</span>` : ''}</td><td>${h((b?.flags ?? []).map((f) => t.flag[f] ?? f).join(', '))}</td></tr>`;
  }
  return `${out}</tbody></table></section>`;
}

/** DSO and its 12-month trend against the sector's. */
function dsoSection(p: Part): string {
  const { t, m, c, lang, num1, date, suffix } = p;
  const dso = m.dso.find((x) => x.currency === c);
  if (!dso) return '';
  const trend = m.trend.find((x) => x.currency === c)?.points ?? [];
  const labels = trend.map((q) => monthLabel(q.date, lang));
  let out = `<section id="dso-${h(c)}"><h2>${h(t.dsoTitle + suffix)}</h2><div class="grid2"><div>`;
  const series = [{ name: 'DSO', values: trend.map((q) => q.dso), className: '' }];
  if (m.sectorDso !== null) series.push({ name: t.sector, values: trend.map(() => m.sectorDso), className: 'sector' });
  const known = trend.filter((q) => q.dso !== null);
  out += lineChart({
    id: `dso-chart-${c}`,
    title: t.trendTitle + suffix,
    description: known.length ? t.trendDesc(t.days(num1(known[0]!.dso)), t.days(num1(known[known.length - 1]!.dso)), m.sectorDso !== null ? t.vsSector(t.days(num1(m.sectorDso))) : '') : t.trendTitle,
    labels,
    series,
    valueText: (v) => String(Math.round(v)),
    width: 520,
    height: 280,
  });
  out += `<table class="sr-only"><caption>${h(t.trendTitle)}</caption><thead><tr><th>${h(t.month)}</th><th class="num">DSO</th></tr></thead><tbody>`;
  for (const q of trend) out += `<tr><td>${h(date(q.date))}</td><td class="num">${h(num1(q.dso))}</td></tr>`;
  out += '</tbody></table></div>';
  out += `<table><tbody><tr><th>${h(t.standard(dso.period))}</th><td class="num" data-figure="dso">${h(t.days(num1(dso.dso)))}</td></tr>`;
  out += `<tr><th>${h(t.countback)}</th><td class="num" data-figure="countback">${h(t.days(num1(dso.countback)))}</td></tr>`;
  out += `<tr><th>${h(t.best)}</th><td class="num" data-figure="best">${h(t.days(num1(dso.bestPossible)))}</td></tr>`;
  out += `<tr><th>${h(t.delinquent)}</th><td class="num">${h(t.days(num1(dso.averageDaysDelinquent)))}</td></tr>`;
  if (m.sectorDso !== null) out += `<tr><th>${h(t.sector)}</th><td class="num">${h(t.days(num1(m.sectorDso)))}</td></tr>`;
  return `${out}</tbody></table></div></section>`;
}

/** The 13-week forecast, and where the rest of the open amount goes. */
function forecastSection(p: Part): string {
  const { t, m, c, lang, money, date, suffix } = p;
  const fc = m.forecast.currencies.find((x) => x.currency === c);
  if (!fc) return '';
  const expected = expectedOf(p);
  const weeks = m.forecast.weeks;
  const peak = fc.weeks.reduce((best, x, i) => (x > fc.weeks[best]! ? i : best), 0);
  let out = `<section id="forecast-${h(c)}" class="long"><h2>${h(t.forecast + suffix)}</h2>`;
  out += barChart({
    id: `forecast-chart-${c}`,
    title: t.forecast + suffix,
    description: t.forecastDesc(money(expected), `${t.week} ${peak + 1} (${date(weeks[peak]!.from)} – ${date(weeks[peak]!.to)}), ${money(fc.weeks[peak]!)}`),
    labels: weeks.map((_, i) => `${t.weekShort}${i + 1}`),
    values: fc.weeks,
    valueText: (v) => compactMoney(v, c, lang),
    height: 230,
  });
  out += `<div class="grid2"><table class="forecast" data-currency="${h(c)}"><thead><tr><th>${h(t.week)}</th><th>${h(t.from)}</th><th>${h(t.to)}</th><th class="num">${h(t.expected)}</th></tr></thead><tbody>`;
  weeks.forEach((w, i) => {
    out += `<tr data-week="${i + 1}"><td>${i + 1}</td><td>${h(date(w.from))}</td><td>${h(date(w.to))}</td><td class="num">${h(money(fc.weeks[i]!))}</td></tr>`;
  });
  out += `</tbody><tfoot><tr><td colspan="3">Σ</td><td class="num">${h(money(expected))}</td></tr></tfoot></table>`;
  out += `<table><tbody><tr><th>${h(t.open)}</th><td class="num">${h(money(fc.open))}</td></tr><tr><th>${h(t.after)}</th><td class="num">${h(money(fc.afterWeeks))}</td></tr>`;
  if (fc.promised) out += `<tr><th>${h(t.promised)}</th><td class="num">${h(money(fc.promised))}</td></tr>`;
  out += `<tr><th>${h(t.held)}</th><td class="num">${h(money(fc.heldBack))}</td></tr>`;
  out += `<tr><th>${h(t.doubtful)}</th><td class="num">${h(money(fc.doubtful))}</td></tr><tr><th>${h(t.loss)}</th><td class="num" data-figure="probable-loss">${h(money(fc.probableLoss))}</td></tr>`;
  return `${out}</tbody></table></div></section>`;
}

/** What the balance over 90 days costs (docs/accounting.md §7, §8). */
function costSection(p: Part): string {
  const { t, m, c, lang, money, suffix } = p;
  const cost = m.cost.find((x) => x.currency === c);
  if (!cost) return '';
  let out = `<section id="cost-${h(c)}"><h2>${h(t.cost + suffix)}</h2><table><tbody>`;
  out += `<tr><th>${h(t.over90)}</th><td class="num" data-figure="over-90">${h(money(cost.over90))}</td></tr>`;
  out += `<tr><th>${h(t.over90Loss)}</th><td class="num">${h(money(cost.over90Loss))}</td></tr>`;
  out += `<tr><th>${h(t.ecl)}</th><td class="num" data-figure="expected-loss">${h(money(cost.expectedLoss))}</td></tr>`;
  if (cost.impact)
    out += `<tr><th>${h(t.extra)}</th><td class="num" data-figure="extra-revenue">${h(money(cost.impact.extraRevenue))} <span class="muted">(${h(t.months(monthsOf(cost.impact.monthsOfRevenue, lang)))})</span></td></tr>`;
  out += '</tbody></table>';
  if (cost.impact) {
    out += `<p>${h(t.marginFall(formatRate(cost.impact.marginBefore, lang), formatRate(cost.impact.marginAfter, lang)))}</p>`;
    if (cost.revenueVatRate !== null) out += `<p class="muted">${h(t.revenueNote(formatRate(cost.revenueVatRate, lang)))}</p>`;
  } else if (cost.expectedLoss > 0) out += `<p class="muted">${h(t.noMargin)}</p>`;
  return `${out}</section>`;
}

/** The journal: open disputes and promises to pay. */
function journalSection(p: Page): string {
  const { t, m, lang, date } = p;
  let out = `<section id="journal" class="long"><h2>${h(t.journal)}</h2><h3>${h(t.disputes)}</h3>`;
  if (m.disputes.length === 0) out += `<p class="muted">${h(t.none)}</p>`;
  else {
    out += `<table><thead><tr><th>${h(t.invoice)}</th><th>${h(t.customer)}</th><th class="num">${h(t.open)}</th><th>${h(t.since)}</th><th>${h(t.reason)}</th></tr></thead><tbody>`;
    for (const d of m.disputes.slice(0, MAX_ROWS)) {
      out += `<tr><td>${h(d.invoice)}</td><td>${h(d.name ?? d.customerId ?? '')}</td><td class="num">${d.open !== null && d.currency ? h(formatMoney(d.open, d.currency, lang)) : '–'}</td><td>${h(date(d.since))}</td><td>${h(d.reason ?? '')}</td></tr>`;
    }
    out += '</tbody></table>';
    if (m.disputes.length > MAX_ROWS) out += `<p class="muted">${h(t.more(m.disputes.length - MAX_ROWS))}</p>`;
  }
  out += `<h3>${h(t.promises)}</h3>`;
  if (m.promises.length === 0) out += `<p class="muted">${h(t.none)}</p>`;
  else {
    out += `<table><thead><tr><th>${h(t.promiseOn)}</th><th>${h(t.customer)}</th><th>${h(t.until)}</th><th class="num">${h(t.promisedAmount)}</th><th class="num">${h(t.open)}</th><th>${h(t.status)}</th></tr></thead><tbody>`;
    for (const q of m.promises.slice(0, MAX_ROWS)) {
      const cur = q.currency ?? 'EUR';
      out += `<tr><td>${h(q.target)}</td><td>${h(q.name ?? q.customerId ?? '')}</td><td>${h(date(q.until))}</td><td class="num">${q.amount !== null ? h(formatMoney(q.amount, cur, lang)) : '–'}</td>`;
      out += `<td class="num">${q.open !== null ? h(formatMoney(q.open, cur, lang)) : '–'}</td><td>${h(q.running ? t.running : t.lapsed)}</td></tr>`;
    }
    out += '</tbody></table>';
    if (m.promises.length > MAX_ROWS) out += `<p class="muted">${h(t.more(m.promises.length - MAX_ROWS))}</p>`;
  }
  return `${out}</section>`;
}

function card(label: string, value: string, sub: string, key: string): string {
  return `<div class="card" data-card="${key}"><div class="k">${h(label)}</div><div class="v">${h(value)}</div>${sub ? `<div class="s">${h(sub)}</div>` : ''}</div>`;
}

/** An amount shortened for a chart's label: 12.3k, 1.2M (whole units). */
function compactMoney(c: number, currency: string, lang: Lang): string {
  const units = c / 100;
  const abs = Math.abs(units);
  const [v, unit] = abs >= 1e6 ? [units / 1e6, lang === 'fr' ? ' M' : 'M'] : abs >= 1e3 ? [units / 1e3, lang === 'fr' ? ' k' : 'k'] : [units, ''];
  const digits = Math.abs(v) >= 100 || unit === '' ? 0 : 1;
  const text = v.toFixed(digits);
  const sym = currency === 'EUR' ? '€' : currency;
  return lang === 'fr' ? `${text.replace('.', ',')}${unit} ${sym}` : `${sym === '€' ? '€' : `${sym} `}${text}${unit}`;
}

const MONTHS = {
  fr: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
} as const;

function monthLabel(day: Day, lang: Lang): string {
  const { y, m } = ymdFromDay(day);
  return `${MONTHS[lang][m - 1]} ${String(y).slice(2)}`;
}

function monthsOf(x: number, lang: Lang): string {
  const s = x >= 1 ? x.toFixed(1) : String(Number(x.toPrecision(2)));
  return lang === 'fr' ? s.replace('.', ',') : s;
}
