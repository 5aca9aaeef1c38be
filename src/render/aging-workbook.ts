import type { CurrencyAging } from '../core/aging.ts';
import { dayFromIso, type Day } from '../core/dates.ts';
import type { ImportCount } from '../core/import/ledger.ts';
import { type Cents, cents } from '../core/money.ts';
import type { LineChartModel, SheetColumn, SheetModel, SheetRow, SheetValue, WorkbookModel } from '../model/documents.ts';
import { type AgingReportInput, type ReportAnalyses, unidentifiedTotals } from './aging-report.ts';
import { bucketCaption, decimalText, formatDate } from './format.ts';
import { flagsText, REPORT_LABELS, type ReportLabels } from './report-labels.ts';

/**
 * The Excel aged-balance report (`ar aging --xlsx`) as a model of sheets and rows; src/io/xlsx-report.ts
 * writes it with the look of a template workbook.
 *
 * 1. Summary: title, as-of date, basis, the ledgers read (rows read/used/rejected/ignored), then per
 *    currency one row per bucket (amount, share of the total), unapplied credit, TOTAL (=SUM),
 *    disputed and written-off amounts when non-zero, and the top 10 debtors (id, name, total, share);
 *    a DSO pointer last.
 * 2. Customers: one table of every customer account (id, name, currency, buckets, unapplied, total
 *    [, last contact]), currencies one after the other; below it, after a blank row, one TOTAL row
 *    per currency: =SUM(...) over the column when there is one currency, else
 *    =SUMIF($C$2:$C$n,$C<row>,D$2:D$n) keyed on the TOTAL row's own currency cell. Keeping the table
 *    contiguous lets the autofilter (which spans the data rows only) sort and filter it safely.
 * 3. Open items: one row per open item, written-off ones included with their status; below, one
 *    TOTAL row per currency on the sheet: =SUMIFS over amount and open for that currency, leaving out
 *    written-off items (they are outside the balance), so the totals match the Summary's buckets.
 *    Beyond `maxRowsPerSheet` data rows they go on to `Open items (2)`, … and the summary says so.
 * 4. With the analyses: DSO and its 12-month trend (drawn as a line chart), customer risk, provision.
 * 5. Unidentified receipts (bank credits that match no customer): only when there are some, with a
 *    TOTAL row per currency (=SUMIF); the Summary shows their total per currency, outside the balance.
 * 6. Problems: only when there are some.
 *
 * Every total and share is a real formula with its computed result; amounts are numbers in
 * currency units, dates are dates. Text (names, ids, messages) is only ever a string cell, so
 * `=HYPERLINK(…)`, `+33 1 23`, `-foo` or `@SUM(1)` from a ledger never become formulas.
 */

export interface AgingWorkbookOptions {
  /** Data rows per sheet of open items (Excel's limit, unless a test asks for fewer). */
  readonly maxRowsPerSheet?: number;
  /** The firm's name (config `firm.name`): in the title and the page header. */
  readonly firm?: string;
  /** The day the report is made: under the title, in the page footer, and as the workbook's date. */
  readonly made?: Day;
}

/** Data rows an Excel sheet holds under its header row. */
const EXCEL_MAX_DATA_ROWS = 1_048_575;

/** Template columns of the Summary: each cell of the summary takes the look of its role. */
const SUMMARY = { label: 0, text: 1, amount: 2, share: 3, count: 4, date: 5 } as const;
const ROLES: readonly SheetColumn[] = [
  { template: SUMMARY.label },
  { template: SUMMARY.text },
  { template: SUMMARY.amount },
  { template: SUMMARY.share },
  { template: SUMMARY.count },
  { template: SUMMARY.date, date: true },
];
/** Template columns of Customers: every bucket column takes the look of column D. */
const CUSTOMERS = { id: 0, name: 1, currency: 2, bucket: 3, unapplied: 4, total: 5, contact: 6 } as const;

/** An amount of cents (a sum of them is one too). */
const money = (amount: number): SheetValue => ({ money: cents(amount) });
const date = (day: Day): SheetValue => ({ date: day });
/** Text for a cell, or nothing when empty. */
const text = (s: string | null | undefined): string | null => (s === null || s === undefined || s === '' ? null : s);
const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;
const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

/** Column letters: 1 → A, 27 → AA. */
function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** What every sheet of the report shares: its words, bucket captions, page header and footer. */
interface Context {
  readonly input: AgingReportInput;
  readonly options: AgingWorkbookOptions;
  readonly labels: ReportLabels;
  readonly captions: readonly string[];
  readonly nameOf: (id: string) => string | null;
  readonly sheet: (name: string, template: SheetModel['template'], columns: readonly SheetColumn[], table: boolean, rows: Iterable<SheetRow>) => SheetModel;
}

/**
 * The report of an aged balance, sheet by sheet (the open items made as they are written).
 * @example agingWorkbook(input).sheets — Summary, Customers, Open items, [DSO, Risk, Provision], [Unidentified receipts], [Problems]
 */
export function agingWorkbook(input: AgingReportInput, options: AgingWorkbookOptions = {}): WorkbookModel {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRowsPerSheet must be a positive integer, not ${maxRows}`);
  const labels = REPORT_LABELS[input.lang];
  const { aged } = input;
  // Every printed page says whose report it is, as of when, which page; `&` is written `&&` there.
  const amp = (x: string) => x.replace(/&/g, '&&');
  const pageHeader = `&L${amp(options.firm ?? '')}&C&B${amp(labels.title)}&R${amp(`${labels.asOf} ${formatDate(aged.asOf, input.lang)}`)}`;
  const made = options.made !== undefined ? `${labels.made} ${formatDate(options.made, input.lang)}` : '';
  const ctx: Context = {
    input,
    options,
    labels,
    captions: aged.buckets.map((b) => bucketCaption(b, input.lang)),
    nameOf: (id) => text(input.customerName(id)),
    sheet: (name, template, columns, table, rows) => {
      const shown = name.slice(0, 31);
      return { name: shown, template, columns, table, pageHeader, pageFooter: `&L${amp(made)}&C${amp(shown)}&R${labels.page}`, rows };
    },
  };

  // Open items: how many sheets, known before anything is written, for the summary. Each sheet
  // keeps room for its TOTAL rows (a blank row and one per currency) under Excel's row limit.
  let itemCount = 0;
  for (const cur of aged.currencies) for (const c of cur.customers) itemCount += c.items.length + c.writtenOffItems.length + c.account.unappliedCredits.length;
  const perSheet = Math.min(maxRows, EXCEL_MAX_DATA_ROWS - 1 - aged.currencies.length);
  const itemSheetCount = Math.max(1, Math.ceil(itemCount / perSheet));

  const analyses = input.analyses ? analysisSheets(ctx, input.analyses) : null;
  function* sheets(): Generator<SheetModel> {
    yield summarySheet(ctx, itemSheetCount, perSheet);
    yield customersSheet(ctx);
    yield* itemSheets(ctx, perSheet);
    if (analyses) yield* analyses.sheets;
    const unidentified = input.unidentified ?? [];
    if (unidentified.length > 0) yield unidentifiedSheet(ctx);
    if (input.problems.length > 0) yield problemsSheet(ctx);
  }
  return { created: options.made ?? aged.asOf, itemCount, sheets: sheets(), chart: analyses?.chart ?? null };
}

/** 1. The summary: a sheet of blocks, each cell with the look of its role. */
function summarySheet(ctx: Context, itemSheets: number, perSheet: number): SheetModel {
  const { input, labels: words } = ctx;
  const { aged } = input;
  const rows: SheetRow[] = [];
  const line = (kind: SheetRow['kind'], ...cells: [SheetValue, number][]): number => {
    rows.push({ kind, values: cells.map(([v]) => v), looks: cells.map(([, role]) => ROLES[role]!) });
    return rows.length;
  };
  const blank = (): void => {
    rows.push({ kind: 'data', values: [] });
  };
  rows.push({ kind: 'header', values: [ctx.options.firm ? `${words.title} — ${ctx.options.firm}` : words.title], title: true });
  line('data', [words.asOf, SUMMARY.label], [date(aged.asOf), SUMMARY.date]);
  line('data', [words.basis, SUMMARY.label], [words.basisText[aged.basis], SUMMARY.text]);
  if (ctx.options.made !== undefined) line('data', [words.made, SUMMARY.label], [date(ctx.options.made), SUMMARY.date]);
  blank();
  const ledgers: [string, ImportCount | null][] = [
    [words.ledgerKinds.invoices, input.imports.invoices],
    [words.ledgerKinds.payments, input.imports.payments],
    [words.ledgerKinds.customers, input.imports.customers],
  ];
  // A bank statement adds a column: read = used + rejected + ignored + unidentified.
  const withUnidentified = ledgers.some(([, c]) => c?.unidentified !== undefined);
  const extra = (value: SheetValue): [SheetValue, number][] => (withUnidentified ? [[value, SUMMARY.count]] : []);
  line(
    'header',
    [words.ledgerHead[0], SUMMARY.label],
    [words.ledgerHead[1], SUMMARY.text],
    ...words.ledgerHead.slice(2).map((h): [SheetValue, number] => [h, SUMMARY.count]),
    ...extra(words.unidentified.count),
  );
  for (const [kind, c] of ledgers) {
    if (c)
      line(
        'data',
        [kind, SUMMARY.label],
        [text(c.file), SUMMARY.text],
        [c.read, SUMMARY.count],
        [c.used, SUMMARY.count],
        [c.rejected, SUMMARY.count],
        [c.ignored, SUMMARY.count],
        ...extra(c.unidentified ?? null),
      );
  }
  if (itemSheets > 1) line('data', [words.split(itemSheets, perSheet), SUMMARY.label]);
  for (const cur of aged.currencies) {
    blank();
    currencyBlock(ctx, cur, rows.length, line, blank);
  }
  blank();
  const dso = input.analyses?.dso[0];
  line('data', [dso && dso.dso !== null && dso.ar >= 0 ? words.dsoLine(dso.period, decimalText(dso.dso, input.lang)) : words.dso, SUMMARY.label]);
  return ctx.sheet(words.sheets.summary, 'summary', ROLES, false, rows);
}

/** One currency of the summary: its buckets and their shares, its total, and its ten largest debtors. */
function currencyBlock(ctx: Context, cur: CurrencyAging, above: number, line: (kind: SheetRow['kind'], ...cells: [SheetValue, number][]) => number, blank: () => void): void {
  const { labels: words, captions } = ctx;
  line('header', [words.currencyHead(cur.currency), SUMMARY.label], [null, SUMMARY.text], [words.amount, SUMMARY.amount], [words.share, SUMMARY.share]);
  const first = above + 2;
  const totalRow = first + cur.buckets.length + 1;
  const share = (row: number, c: Cents): [SheetValue, number] =>
    // No share of a total that is zero or a credit: it would read −66.7 % or 166.7 %.
    [cur.total <= 0 ? null : { formula: `C${row}/C${totalRow}`, result: c / cur.total }, SUMMARY.share];
  cur.buckets.forEach((b, i) => line('data', [captions[i] ?? '', SUMMARY.label], [null, SUMMARY.text], [money(b), SUMMARY.amount], share(first + i, b)));
  line('data', [words.unapplied, SUMMARY.label], [null, SUMMARY.text], [money(cur.unapplied), SUMMARY.amount], share(totalRow - 1, cur.unapplied));
  line('total', [words.total, SUMMARY.label], [null, SUMMARY.text], [{ formula: `SUM(C${first}:C${totalRow - 1})`, result: { money: cur.total } }, SUMMARY.amount], [null, SUMMARY.share]);
  if (cur.disputed !== 0) line('data', [words.disputed, SUMMARY.label], [null, SUMMARY.text], [money(cur.disputed), SUMMARY.amount]);
  if (cur.writtenOff !== 0) line('data', [words.writtenOff, SUMMARY.label], [null, SUMMARY.text], [money(cur.writtenOff), SUMMARY.amount]);
  const lost = unidentifiedTotals(ctx.input.unidentified ?? []).find((t) => t.currency === cur.currency);
  if (lost) line('data', [words.unidentified.line, SUMMARY.label], [null, SUMMARY.text], [money(lost.total), SUMMARY.amount]);
  const top = cur.customers.filter((c) => c.total > 0).slice(0, 10);
  if (top.length === 0) return;
  blank();
  let r = line('header', [words.top(cur.currency), SUMMARY.label], [words.customerHead[1], SUMMARY.text], [words.totalHead, SUMMARY.amount], [words.share, SUMMARY.share]);
  for (const c of top) r = line('data', [text(c.customerId), SUMMARY.label], [ctx.nameOf(c.customerId), SUMMARY.text], [money(c.total), SUMMARY.amount], share(r + 1, c.total));
}

/** 2. Every customer account, then a TOTAL row per currency. */
function customersSheet(ctx: Context): SheetModel {
  const { input, labels: words, captions } = ctx;
  const { aged } = input;
  const withContact = input.lastContact !== undefined;
  const columns: SheetColumn[] = [
    { template: CUSTOMERS.id },
    { template: CUSTOMERS.name },
    { template: CUSTOMERS.currency },
    ...captions.map(() => ({ template: CUSTOMERS.bucket })),
    { template: CUSTOMERS.unapplied },
    { template: CUSTOMERS.total },
    ...(withContact ? [{ template: CUSTOMERS.contact, date: true as const }] : []),
  ];
  const rows: SheetRow[] = [{ kind: 'header', values: [...words.customerHead, ...captions, words.unappliedHead, words.totalHead, ...(withContact ? [words.lastContact] : [])] }];
  for (const cur of aged.currencies) {
    for (const c of cur.customers) {
      const contact = withContact ? dayFromIso(input.lastContact?.(c.customerId) ?? '') : null;
      rows.push({
        kind: 'data',
        values: [
          text(c.customerId),
          ctx.nameOf(c.customerId),
          text(cur.currency),
          ...c.buckets.map(money),
          money(c.unapplied),
          money(c.total),
          ...(withContact ? [contact === null ? null : date(contact)] : []),
        ],
      });
    }
  }
  if (aged.currencies.length > 0) {
    const last = rows.length;
    rows.push({ kind: 'data', values: [] });
    const several = aged.currencies.length > 1;
    for (const cur of aged.currencies) {
      const r = rows.length + 1;
      const sums = [...cur.buckets, cur.unapplied, cur.total].map((v, i): SheetValue => {
        const col = columnLetter(4 + i);
        const formula = several ? `SUMIF($C$2:$C$${last},$C${r},${col}$2:${col}$${last})` : `SUM(${col}2:${col}${last})`;
        return { formula, result: { money: v } };
      });
      rows.push({ kind: 'total', values: [words.total, null, text(cur.currency), ...sums] });
    }
  }
  return ctx.sheet(words.sheets.customers, 'customers', columns, true, rows);
}

/** One open item (or unapplied credit) of the items sheets, and what it adds to its currency's totals. */
interface ItemRow {
  readonly values: readonly SheetValue[];
  readonly currency: string;
  readonly amount: Cents;
  readonly open: Cents;
  /** Counted in the TOTAL rows (all but written-off items). */
  readonly inBalance: boolean;
}

/** Every open item, customer by customer: debits, then the credits not applied, then the written-off debits. */
function* openItems(ctx: Context): Generator<ItemRow> {
  const { input, labels: words, captions } = ctx;
  for (const cur of input.aged.currencies) {
    for (const c of cur.customers) {
      const id = text(c.customerId);
      const name = ctx.nameOf(c.customerId);
      const debit = (it: (typeof c.items)[number]): ItemRow => {
        const d = it.debit;
        const off = d.status === 'written_off';
        return {
          values: [
            id,
            name,
            text(cur.currency),
            text(d.number),
            words.kinds[d.kind],
            date(d.issueDate),
            date(d.dueDate),
            money(d.amount),
            money(d.open),
            it.daysPastDue,
            off ? null : text(captions[it.bucket]),
            text(words.status[d.status]),
          ],
          currency: cur.currency,
          amount: d.amount,
          open: d.open,
          inBalance: !off,
        };
      };
      for (const it of c.items) yield debit(it);
      // The credits not applied, named (docs/accounting.md §3.4): with them the TOTAL rows are the Summary's totals.
      for (const u of c.account.unappliedCredits) {
        yield {
          values: [id, name, text(cur.currency), text(u.id), words.kinds[u.kind], date(u.date), null, money(-u.amount), money(-u.left), null, words.unappliedHead, null],
          currency: cur.currency,
          amount: cents(-u.amount),
          open: cents(-u.left),
          inBalance: true,
        };
      }
      for (const it of c.writtenOffItems) yield debit(it);
    }
  }
}

/** 3. The open items, `perSheet` to a sheet, each sheet closed by a TOTAL row per currency on it. */
function* itemSheets(ctx: Context, perSheet: number): Generator<SheetModel> {
  const words = ctx.labels;
  const columns: SheetColumn[] = Array.from({ length: 12 }, (_, i) => (i === 5 || i === 6 ? { template: i, date: true } : { template: i }));
  const items = openItems(ctx);
  let next = items.next();
  function* rows(): Generator<SheetRow> {
    yield { kind: 'header', values: words.itemHead };
    /** Per currency on this sheet, in order of appearance: [amount, open] of the items in the balance. */
    const sums = new Map<string, [Cents, Cents]>();
    let count = 0;
    for (; count < perSheet && !next.done; next = items.next(), count++) {
      const it = next.value;
      yield { kind: 'data', values: it.values, item: true };
      const s = sums.get(it.currency) ?? [cents(0), cents(0)];
      sums.set(it.currency, it.inBalance ? [cents(s[0] + it.amount), cents(s[1] + it.open)] : s);
    }
    if (sums.size === 0) return;
    const last = count + 1;
    yield { kind: 'data', values: [] };
    let r = last + 1;
    for (const [currency, [amount, open]] of sums) {
      r++;
      const sumifs = (col: string) => `SUMIFS(${col}$2:${col}$${last},$C$2:$C$${last},$C${r},$L$2:$L$${last},${quoted(`<>${words.status.written_off}`)})`;
      yield {
        kind: 'total',
        values: [words.total, null, currency, null, null, null, null, { formula: sumifs('H'), result: { money: cents(amount) } }, { formula: sumifs('I'), result: { money: cents(open) } }],
      };
    }
  }
  let sheetNo = 0;
  do {
    sheetNo++;
    yield ctx.sheet(sheetNo === 1 ? words.sheets.items : words.itemsSheet(sheetNo), 'items', columns, true, rows());
  } while (!next.done);
}

/** 4. The analyses: DSO with its 12-month trend (and the chart of it), customer risk, provision matrix. */
function analysisSheets(ctx: Context, a: ReportAnalyses): { sheets: SheetModel[]; chart: LineChartModel | null } {
  const dso = dsoSheet(ctx, a);
  return { sheets: [dso.sheet, riskSheet(ctx, a), provisionSheet(ctx, a)], chart: dso.chart };
}

function dsoSheet(ctx: Context, a: ReportAnalyses): { sheet: SheetModel; chart: LineChartModel | null } {
  const words = ctx.labels;
  const label: SheetColumn = { template: SUMMARY.label };
  const amount: SheetColumn = { template: SUMMARY.amount };
  const day: SheetColumn = { template: SUMMARY.date, date: true };
  const days: SheetColumn = { template: SUMMARY.amount, numFmt: '0.0' };
  const rows: SheetRow[] = [];
  const row = (values: SheetValue[], looks: SheetColumn[], kind: SheetRow['kind']) => rows.push({ kind, values, looks });
  let chart: LineChartModel | null = null;
  for (const f of a.dso) {
    if (rows.length > 0) row([], [], 'data');
    row([`DSO — ${f.currency}`, null], [label, amount], 'header');
    // A receivable that is a credit has no DSO (its days would be negative).
    const dsoDays = (x: number | null) => (f.ar < 0 ? null : round1(x));
    const values = [money(f.ar), money(f.sales), dsoDays(f.dso), dsoDays(f.countback), dsoDays(f.bestPossible), dsoDays(f.averageDaysDelinquent), dsoDays(f.cei), a.sectorDso];
    values.forEach((v, i) => row([words.dsoRows[i] ?? '', v], [label, i < 2 ? amount : days], 'data'));
    row([], [], 'data');
    row([...words.trendHead], [day, days, days], 'header');
    const first = rows.length + 1;
    for (const p of a.trend.find((t) => t.currency === f.currency)?.points ?? []) row([date(p.date), round1(p.dso), a.sectorDso], [day, days, days], 'data');
    chart ??= { sheet: words.analysisSheets.dso.slice(0, 31), title: `${words.chartTitle} (${f.currency})`, first, last: rows.length };
  }
  return { sheet: ctx.sheet(words.analysisSheets.dso, 'summary', [label, days, days, days], false, rows), chart };
}

function riskSheet(ctx: Context, a: ReportAnalyses): SheetModel {
  const { input, labels: words } = ctx;
  const id: SheetColumn = { template: CUSTOMERS.id };
  const name: SheetColumn = { template: CUSTOMERS.name };
  const amount: SheetColumn = { template: CUSTOMERS.total };
  const share: SheetColumn = { template: CUSTOMERS.total, numFmt: '0%' };
  const days: SheetColumn = { template: CUSTOMERS.total, numFmt: '0.0' };
  const columns = [id, id, name, { template: CUSTOMERS.currency }, amount, amount, share, days, days, share, days, amount, share, { template: CUSTOMERS.contact, date: true as const }, name];
  const rows: SheetRow[] = [{ kind: 'header', values: words.riskHead }];
  for (const b of a.risk) {
    const contact = input.lastContact?.(b.customerId) ?? null;
    const day = contact ? dayFromIso(contact) : null;
    rows.push({
      kind: 'data',
      values: [
        b.grade,
        text(b.customerId),
        ctx.nameOf(b.customerId),
        text(b.currency),
        money(b.open),
        money(b.overdue),
        b.overdueShare,
        round1(b.avgDaysLate),
        round1(b.avgDaysToPay),
        b.paidLateShare,
        round1(b.trend),
        b.creditLimit === null ? null : money(b.creditLimit),
        b.creditUse,
        day === null ? null : date(day),
        text(flagsText(b.flags, input.lang)),
      ],
    });
  }
  return ctx.sheet(words.analysisSheets.risk, 'customers', columns, true, rows);
}

function provisionSheet(ctx: Context, a: ReportAnalyses): SheetModel {
  const { labels: words, captions } = ctx;
  const columns: SheetColumn[] = [{ template: SUMMARY.label }, { template: SUMMARY.amount }, { template: SUMMARY.share, numFmt: '0.0%' }, { template: SUMMARY.amount }];
  const rows: SheetRow[] = [];
  for (const p of a.provision) {
    if (rows.length > 0) rows.push({ kind: 'data', values: [] });
    rows.push({ kind: 'header', values: [`${words.provisionHead[0]} (${p.currency})`, words.provisionHead[1], words.provisionHead[2], words.provisionHead[3]] });
    const first = rows.length + 1;
    p.lines.forEach((l, i) => {
      const r = rows.length + 1;
      rows.push({ kind: 'data', values: [captions[i] ?? l.bucket, money(l.open), l.rate, { formula: `ROUND(B${r}*C${r},2)`, result: { money: l.expectedLoss } }] });
    });
    const open = p.lines.reduce((s, l) => s + l.open, 0);
    const last = rows.length;
    rows.push({
      kind: 'total',
      values: [words.total, { formula: `SUM(B${first}:B${last})`, result: { money: cents(open) } }, null, { formula: `SUM(D${first}:D${last})`, result: { money: p.total } }],
    });
  }
  return ctx.sheet(words.analysisSheets.provision, 'summary', columns, false, rows);
}

/** 5. Bank credits that match no customer, with a TOTAL row per currency. */
function unidentifiedSheet(ctx: Context): SheetModel {
  const words = ctx.labels;
  const unidentified = ctx.input.unidentified ?? [];
  const columns: SheetColumn[] = [
    { template: 0, date: true },
    { template: 2, numFmt: '#,##0.00' },
    { template: 1 },
    { template: 3 },
    { template: 3 },
    { template: 5 },
    { template: 1 },
    { template: 2 },
  ];
  const rows: SheetRow[] = [{ kind: 'header', values: words.unidentified.head }];
  for (const r of unidentified) {
    rows.push({ kind: 'data', values: [date(r.date), money(r.amount), text(r.currency), text(r.counterparty), text(r.iban), text(r.text), text(r.file), r.line] });
  }
  rows.push({ kind: 'data', values: [] });
  const last = unidentified.length + 1;
  for (const t of unidentifiedTotals(unidentified)) {
    const r = rows.length + 1;
    rows.push({ kind: 'total', values: [words.total, { formula: `SUMIF($C$2:$C$${last},$C${r},$B$2:$B$${last})`, result: { money: cents(t.total) } }, text(t.currency)] });
  }
  return ctx.sheet(words.unidentified.sheet, 'problems', columns, true, rows);
}

/** 6. The rejected rows and warnings. */
function problemsSheet(ctx: Context): SheetModel {
  const words = ctx.labels;
  const columns: SheetColumn[] = Array.from({ length: 6 }, (_, i) => ({ template: i }));
  const rows: SheetRow[] = [{ kind: 'header', values: words.problemHead }];
  for (const p of ctx.input.problems) {
    rows.push({ kind: 'data', values: [words.severity[p.severity], text(p.file), p.line > 0 ? p.line : null, text(p.column), text(p.value), text(p.message)] });
  }
  return ctx.sheet(words.sheets.problems, 'problems', columns, true, rows);
}
