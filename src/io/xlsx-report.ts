import { shipped } from '../resources.ts';
import ExcelJS from 'exceljs';
import { dayFromIso, ymdFromDay, type Day } from '../core/dates.ts';
import type { ImportCount } from '../core/import/ledger.ts';
import type { Cents } from '../core/money.ts';
import { unidentifiedTotals, type AgingReportInput } from '../render/aging-report.ts';
import { sheetText } from '../render/csv.ts';
import { basename } from 'node:path';
import { bucketCaption, decimalText, formatDate } from '../render/format.ts';
import type { Progress } from './progress.ts';
import { flagsText, REPORT_LABELS } from '../render/report-labels.ts';

/**
 * The Excel aged-balance report (`ar aging --xlsx`).
 *
 * Look: taken from a template workbook (templates/report.xlsx, or `options.templatePath`, the
 * config's "reportTemplate"), read with exceljs's in-memory reader (it is tiny). Per sheet, found
 * by its English name or else its position: row 1 gives the header style per column, row 2 the
 * data style (number format, font, alignment, fill, border), row 3 the TOTAL-row style; plus the
 * column widths, the header row height, the sheet view (frozen header), whether the header carries
 * an autofilter, and the page setup (orientation, paper, fit to width, margins, repeated rows).
 * See scripts/make-report-template.ts for the roles of the template's columns.
 *
 * Writing: exceljs's streaming writer, one committed row at a time, so that 100k+ open items stay
 * cheap in memory. Open items beyond `maxRowsPerSheet` data rows go on to `Open items (2)`, … and
 * the summary says so.
 *
 * Layout:
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
 * 4. Unidentified receipts (bank credits that match no customer): only when there are some, with a
 *    TOTAL row per currency (=SUMIF); the Summary shows their total per currency, outside the balance.
 * 5. Problems: only when there are some.
 *
 * Every total and share is a real formula with its computed result; amounts are numbers in
 * currency units, dates are Excel dates. Text (names, ids, messages) is only ever written as a
 * string cell, so `=HYPERLINK(…)`, `+33 1 23`, `-foo` or `@SUM(1)` from a ledger never become formulas.
 */

/** Data rows an Excel sheet holds under its header row. */
const EXCEL_MAX_DATA_ROWS = 1_048_575;

type Style = Partial<ExcelJS.Style>;

interface SheetLook {
  /** Per template column. */
  readonly widths: (number | undefined)[];
  readonly header: Style[];
  readonly data: Style[];
  readonly total: Style[];
  readonly headerHeight: number | undefined;
  readonly views: Partial<ExcelJS.WorksheetView>[];
  readonly autoFilter: boolean;
  readonly pageSetup: Partial<ExcelJS.PageSetup>;
}

type SheetKey = 'summary' | 'customers' | 'items' | 'problems';
const TEMPLATE_SHEETS: readonly [SheetKey, string][] = [['summary', 'Summary'], ['customers', 'Customers'], ['items', 'Open items'], ['problems', 'Problems']];

/** Template columns of the Summary: each cell of the summary takes the look of its role. */
const S = { label: 0, text: 1, amount: 2, share: 3, count: 4, date: 5 } as const;
type Role = (typeof S)[keyof typeof S];
/** Template columns of Customers: every bucket column takes the look of column D. */
const C = { id: 0, name: 1, currency: 2, bucket: 3, unapplied: 4, total: 5, contact: 6 } as const;

const DATE_FORMAT = 'dd/mm/yyyy';

function copy<T>(x: T): T {
  return structuredClone(x);
}

function readLook(ws: ExcelJS.Worksheet): SheetLook {
  let n = ws.columnCount;
  for (let r = 1; r <= 3; r++) n = Math.max(n, ws.getRow(r).cellCount);
  const widths: (number | undefined)[] = [];
  const header: Style[] = [];
  const data: Style[] = [];
  const total: Style[] = [];
  for (let i = 1; i <= n; i++) {
    widths.push(ws.getColumn(i).width);
    header.push(copy(ws.getRow(1).getCell(i).style ?? {}));
    const d = copy(ws.getRow(2).getCell(i).style ?? {});
    data.push(d);
    const t = ws.getRow(3).getCell(i);
    // A template without a TOTAL row: data style in bold.
    total.push(t.type === ExcelJS.ValueType.Null ? { ...copy(d), font: { ...(d.font ?? {}), bold: true } } : copy(t.style ?? {}));
  }
  const { printArea: _area, ...pageSetup } = copy(ws.pageSetup ?? {});
  return {
    widths, header, data, total,
    headerHeight: ws.getRow(1).height,
    views: copy(ws.views ?? []),
    autoFilter: ws.autoFilter !== undefined && ws.autoFilter !== null,
    pageSetup,
  };
}

async function readLooks(path: string): Promise<Record<SheetKey, SheetLook>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: Partial<Record<SheetKey, SheetLook>> = {};
  TEMPLATE_SHEETS.forEach(([key, name], i) => {
    const ws = wb.getWorksheet(name) ?? wb.worksheets[i];
    if (!ws) throw new Error(`the report template ${path} has no sheet "${name}"`);
    out[key] = readLook(ws);
  });
  return out as Record<SheetKey, SheetLook>;
}

const pick = <T>(list: readonly T[], i: number, fallback: T): T => list[Math.min(i, list.length - 1)] ?? fallback;

/** The look of one report column: the template column it maps to. A date column always gets a date format. */
function columnLook(look: SheetLook, templateCol: number, isDate = false) {
  const withDate = (s: Style): Style => (isDate && !s.numFmt ? { ...s, numFmt: DATE_FORMAT } : s);
  return {
    width: pick(look.widths, templateCol, undefined),
    header: pick(look.header, templateCol, {}),
    data: withDate(pick(look.data, templateCol, {})),
    total: withDate(pick(look.total, templateCol, {})),
  };
}
type ColumnLook = ReturnType<typeof columnLook>;

const dateOf = (day: Day): Date => {
  const { y, m, d } = ymdFromDay(day);
  return new Date(Date.UTC(y, m - 1, d));
};
const units = (c: Cents): number => c / 100;
/** Text for a cell: always a string value (never a formula, whatever it starts with), or empty. */
const text = (s: string | null | undefined): string | null => (s === null || s === undefined || s === '' ? null : sheetText(String(s)));
const quoted = (s: string): string => `"${s.replace(/"/g, '""')}"`;

/** Column letters: 1 → A, 27 → AA. */
function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

type Value = ExcelJS.CellValue;
type Kind = 'header' | 'data' | 'total';

export async function writeAgingReport(
  path: string,
  input: AgingReportInput,
  options: {
    templatePath?: string;
    maxRowsPerSheet?: number;
    /** The firm's name (config `firm.name`): in the title and the page header. */
    firm?: string;
    /** The day the report is made: under the title, in the page footer, and as the workbook's date. */
    made?: Day;
    /** Drawn while the open items are written (100k rows take seconds). */
    progress?: Progress;
  } = {},
): Promise<void> {
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS;
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`maxRowsPerSheet must be a positive integer, not ${maxRows}`);
  const templatePath = options.templatePath ?? shipped('templates/report.xlsx');
  const looks = await readLooks(templatePath);
  const L = REPORT_LABELS[input.lang];
  const { aged } = input;
  const captions = aged.buckets.map((b) => bucketCaption(b, input.lang));
  const nameOf = (id: string): string | null => text(input.customerName(id));

  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = 'ar';
  wb.created = dateOf(options.made ?? aged.asOf);
  wb.modified = dateOf(options.made ?? aged.asOf);
  const tick = options.progress?.stage(basename(path)) ?? (() => {});
  let written = 0;

  // Every printed page says whose report it is, as of when, which page; `&` is written `&&` there.
  const amp = (x: string) => x.replace(/&/g, '&&');
  const asOfText = formatDate(aged.asOf, input.lang);
  const headerFooter = (sheet: string) => ({
    oddHeader: `&L${amp(options.firm ?? '')}&C&B${amp(L.title)}&R${amp(`${L.asOf} ${asOfText}`)}`,
    oddFooter: `&L${amp(options.made !== undefined ? `${L.made} ${formatDate(options.made, input.lang)}` : '')}&C${amp(sheet)}&R${L.page}`,
  });
  const addSheet = (name: string, look: SheetLook, columns: readonly ColumnLook[]): ExcelJS.Worksheet => {
    const ws = wb.addWorksheet(name.slice(0, 31), { views: copy(look.views), pageSetup: copy(look.pageSetup), headerFooter: headerFooter(name.slice(0, 31)) });
    ws.columns = columns.map((c) => (c.width === undefined ? {} : { width: c.width }));
    return ws;
  };
  /** Writes and commits one row, each cell in its column's style for the kind of row. */
  const put = (ws: ExcelJS.Worksheet, values: readonly Value[], columns: readonly ColumnLook[], kind: Kind, height?: number): void => {
    const row = ws.addRow(values as Value[]);
    const n = kind === 'data' ? values.length : Math.max(values.length, columns.length);
    for (let i = 0; i < n; i++) {
      const c = columns[i];
      if (c) row.getCell(i + 1).style = c[kind];
    }
    if (height !== undefined) row.height = height;
    row.commit();
  };
  const table = (ws: ExcelJS.Worksheet, look: SheetLook, columns: readonly ColumnLook[], head: readonly string[]): void => {
    put(ws, head, columns, 'header', look.headerHeight);
  };
  const filter = (ws: ExcelJS.Worksheet, look: SheetLook, columns: number, dataRows: number): void => {
    if (look.autoFilter) ws.autoFilter = `A1:${columnLetter(columns)}${1 + dataRows}`;
  };

  // Open items: how many sheets, known before anything is written, for the summary. Each sheet
  // keeps room for its TOTAL rows (a blank row and one per currency) under Excel's row limit.
  let itemCount = 0;
  for (const cur of aged.currencies) for (const c of cur.customers) itemCount += c.items.length + c.writtenOffItems.length + c.account.unappliedCredits.length;
  const perSheet = Math.min(maxRows, EXCEL_MAX_DATA_ROWS - 1 - aged.currencies.length);
  const itemSheets = Math.max(1, Math.ceil(itemCount / perSheet));

  // 1. Summary.
  {
    const look = looks.summary;
    const roles = [S.label, S.text, S.amount, S.share, S.count, S.date].map((r) => columnLook(look, r, r === S.date));
    const ws = addSheet(L.sheets.summary, look, roles);
    let r = 0;
    /** One summary row: each cell with the look of its role. */
    const line = (kind: Kind, ...cells: [Value, Role][]): number => {
      const row = ws.addRow(cells.map(([v]) => v));
      cells.forEach(([, role], i) => (row.getCell(i + 1).style = roles[role]![kind]));
      row.commit();
      return ++r;
    };
    const blank = (): number => {
      ws.addRow([]).commit();
      return ++r;
    };

    {
      // The title, a bar across the summary's columns in the header style of column A.
      const title = ws.addRow([options.firm ? `${L.title} — ${options.firm}` : L.title]);
      for (let i = 1; i <= roles.length; i++) title.getCell(i).style = roles[S.label]!.header;
      ws.mergeCells(1, 1, 1, roles.length);
      title.commit();
      r++;
    }
    line('data', [L.asOf, S.label], [dateOf(aged.asOf), S.date]);
    line('data', [L.basis, S.label], [L.basisText[aged.basis], S.text]);
    if (options.made !== undefined) line('data', [L.made, S.label], [dateOf(options.made), S.date]);
    blank();
    const ledgers: [string, ImportCount | null][] = [
      [L.ledgerKinds.invoices, input.imports.invoices], [L.ledgerKinds.payments, input.imports.payments], [L.ledgerKinds.customers, input.imports.customers],
    ];
    // A bank statement adds a column: read = used + rejected + ignored + unidentified.
    const withUnidentified = ledgers.some(([, c]) => c?.unidentified !== undefined);
    line('header', [L.ledgerHead[0], S.label], [L.ledgerHead[1], S.text], ...L.ledgerHead.slice(2).map((h): [Value, Role] => [h, S.count]),
      ...(withUnidentified ? [[L.unidentified.count, S.count] as [Value, Role]] : []));
    for (const [kind, c] of ledgers) {
      if (c) {
        line('data', [kind, S.label], [text(c.file), S.text], [c.read, S.count], [c.used, S.count], [c.rejected, S.count], [c.ignored, S.count],
          ...(withUnidentified ? [[c.unidentified ?? null, S.count] as [Value, Role]] : []));
      }
    }
    if (itemSheets > 1) line('data', [L.split(itemSheets, perSheet), S.label]);

    for (const cur of aged.currencies) {
      blank();
      line('header', [L.currencyHead(cur.currency), S.label], [null, S.text], [L.amount, S.amount], [L.share, S.share]);
      const first = r + 1;
      const totalRow = first + cur.buckets.length + 1;
      const share = (row: number, c: Cents): [Value, Role] =>
        // No share of a total that is zero or a credit: it would read −66.7 % or 166.7 %.
        [cur.total <= 0 ? null : { formula: `C${row}/C${totalRow}`, result: c / cur.total }, S.share];
      cur.buckets.forEach((b, i) => line('data', [captions[i] ?? '', S.label], [null, S.text], [units(b), S.amount], share(first + i, b)));
      line('data', [L.unapplied, S.label], [null, S.text], [units(cur.unapplied), S.amount], share(totalRow - 1, cur.unapplied));
      line('total', [L.total, S.label], [null, S.text], [{ formula: `SUM(C${first}:C${totalRow - 1})`, result: units(cur.total) }, S.amount], [null, S.share]);
      if (cur.disputed !== 0) line('data', [L.disputed, S.label], [null, S.text], [units(cur.disputed), S.amount]);
      if (cur.writtenOff !== 0) line('data', [L.writtenOff, S.label], [null, S.text], [units(cur.writtenOff), S.amount]);
      const lost = unidentifiedTotals(input.unidentified ?? []).find((t) => t.currency === cur.currency);
      if (lost) line('data', [L.unidentified.line, S.label], [null, S.text], [units(lost.total), S.amount]);
      const top = cur.customers.filter((c) => c.total > 0).slice(0, 10);
      if (top.length > 0) {
        blank();
        line('header', [L.top(cur.currency), S.label], [L.customerHead[1], S.text], [L.totalHead, S.amount], [L.share, S.share]);
        for (const c of top) {
          line('data', [text(c.customerId), S.label], [nameOf(c.customerId), S.text], [units(c.total), S.amount], share(r + 1, c.total));
        }
      }
    }
    blank();
    const dso = input.analyses?.dso[0];
    line('data', [dso && dso.dso !== null && dso.ar >= 0 ? L.dsoLine(dso.period, decimalText(dso.dso, input.lang)) : L.dso, S.label]);
    await ws.commit();
  }

  // 2. Customers.
  {
    const look = looks.customers;
    const withContact = input.lastContact !== undefined;
    const columns = [
      columnLook(look, C.id), columnLook(look, C.name), columnLook(look, C.currency),
      ...captions.map(() => columnLook(look, C.bucket)), columnLook(look, C.unapplied), columnLook(look, C.total),
      ...(withContact ? [columnLook(look, C.contact, true)] : []),
    ];
    const ws = addSheet(L.sheets.customers, look, columns);
    table(ws, look, columns, [...L.customerHead, ...captions, L.unappliedHead, L.totalHead, ...(withContact ? [L.lastContact] : [])]);
    let rows = 0;
    for (const cur of aged.currencies) {
      for (const c of cur.customers) {
        const contact = withContact ? dayFromIso(input.lastContact?.(c.customerId) ?? '') : null;
        put(ws, [
          text(c.customerId), nameOf(c.customerId), text(cur.currency), ...c.buckets.map(units), units(c.unapplied), units(c.total),
          ...(withContact ? [contact === null ? null : dateOf(contact)] : []),
        ], columns, 'data');
        rows++;
      }
    }
    filter(ws, look, columns.length, rows);
    if (aged.currencies.length > 0) {
      put(ws, [], columns, 'data');
      const last = rows + 1;
      let r = last + 1;
      const several = aged.currencies.length > 1;
      for (const cur of aged.currencies) {
        r++;
        const sums = [...cur.buckets, cur.unapplied, cur.total].map((v, i) => {
          const col = columnLetter(4 + i);
          const formula = several ? `SUMIF($C$2:$C$${last},$C${r},${col}$2:${col}$${last})` : `SUM(${col}2:${col}${last})`;
          return { formula, result: units(v) };
        });
        put(ws, [L.total, null, text(cur.currency), ...sums], columns, 'total');
      }
    }
    await ws.commit();
  }

  // 3. Open items, continued on further sheets beyond `perSheet` rows.
  {
    const look = looks.items;
    const columns = Array.from({ length: 12 }, (_, i) => columnLook(look, i, i === 5 || i === 6));
    const writtenOff = L.status.written_off;
    let sheetNo = 0;
    let ws: ExcelJS.Worksheet | null = null;
    let rows = 0;
    /** Per currency on the current sheet, in order of appearance: [amount, open] of the items in the balance. */
    let sums = new Map<string, [Cents, Cents]>();
    const open = (): ExcelJS.Worksheet => {
      sheetNo++;
      const sheet = addSheet(sheetNo === 1 ? L.sheets.items : L.itemsSheet(sheetNo), look, columns);
      table(sheet, look, columns, L.itemHead);
      rows = 0;
      sums = new Map();
      return sheet;
    };
    const close = async (sheet: ExcelJS.Worksheet): Promise<void> => {
      filter(sheet, look, columns.length, rows);
      if (sums.size > 0) {
        const last = rows + 1;
        put(sheet, [], columns, 'data');
        let r = last + 1;
        for (const [currency, [amount, openAmount]] of sums) {
          r++;
          const sumifs = (col: string) => `SUMIFS(${col}$2:${col}$${last},$C$2:$C$${last},$C${r},$L$2:$L$${last},${quoted(`<>${writtenOff}`)})`;
          put(sheet, [L.total, null, currency, null, null, null, null,
            { formula: sumifs('H'), result: units(amount) }, { formula: sumifs('I'), result: units(openAmount) }], columns, 'total');
        }
      }
      await sheet.commit();
    };
    ws = open();
    /** One row of open items; `inBalance`: counted in the TOTAL rows (all but written-off items). */
    const item = async (values: Value[], currency: string, amount: Cents, openAmount: Cents, inBalance: boolean): Promise<void> => {
      if (rows >= perSheet) {
        await close(ws!);
        ws = open();
      }
      put(ws!, values, columns, 'data');
      rows++;
      tick(++written, itemCount);
      const s = sums.get(currency) ?? [0, 0];
      sums.set(currency, inBalance ? [s[0] + amount, s[1] + openAmount] : s);
    };
    for (const cur of aged.currencies) {
      for (const c of cur.customers) {
        const id = text(c.customerId);
        const name = nameOf(c.customerId);
        const debit = async (it: (typeof c.items)[number]) => {
          const d = it.debit;
          const off = d.status === 'written_off';
          await item([
            id, name, text(cur.currency), text(d.number), L.kinds[d.kind], dateOf(d.issueDate), dateOf(d.dueDate),
            units(d.amount), units(d.open), it.daysPastDue, off ? null : text(captions[it.bucket]), text(L.status[d.status]),
          ], cur.currency, d.amount, d.open, !off);
        };
        for (const it of c.items) await debit(it);
        // The credits not applied, named (docs/accounting.md §3.4): with them the TOTAL rows are the Summary's totals.
        for (const u of c.account.unappliedCredits) {
          await item([
            id, name, text(cur.currency), text(u.id), L.kinds[u.kind], dateOf(u.date), null, units(-u.amount), units(-u.left), null, L.unappliedHead, null,
          ], cur.currency, -u.amount, -u.left, true);
        }
        for (const it of c.writtenOffItems) await debit(it);
      }
    }
    await close(ws);
  }

  // 4. The analyses: DSO with its 12-month trend (drawn as a line chart), customer risk, provision matrix.
  let chart: { sheetIndex: number; sheetName: string; currency: string; first: number; last: number } | null = null;
  const a = input.analyses;
  if (a) {
    const look = looks.summary;
    const label = columnLook(look, S.label);
    const amount = columnLook(look, S.amount);
    const dateCol = columnLook(look, S.date, true);
    const withFormat = (c: ColumnLook, numFmt: string): ColumnLook => ({ ...c, data: { ...c.data, numFmt }, total: { ...c.total, numFmt } });
    const days = withFormat(amount, '0.0');
    const pct = withFormat(columnLook(look, S.share), '0.0%');
    const round1 = (x: number | null): number | null => (x === null ? null : Math.round(x * 10) / 10);

    const dsoSheetIndex = 2 + itemSheets + 1;
    const ws = addSheet(L.analysisSheets.dso, look, [label, days, days, days]);
    let r = 0;
    const row = (values: Value[], columns: ColumnLook[], kind: Kind) => {
      r++;
      put(ws, values, columns, kind);
    };
    for (const f of a.dso) {
      if (r > 0) row([], [], 'data');
      row([`DSO — ${f.currency}`, null], [label, amount], 'header');
      // A receivable that is a credit has no DSO (its days would be negative).
      const dsoDays = (x: number | null) => (f.ar < 0 ? null : round1(x));
      const values = [units(f.ar), units(f.sales), dsoDays(f.dso), dsoDays(f.countback), dsoDays(f.bestPossible), dsoDays(f.averageDaysDelinquent), dsoDays(f.cei), a.sectorDso];
      values.forEach((v, i) => row([L.dsoRows[i] ?? '', v], [label, i < 2 ? amount : days], 'data'));
      row([], [], 'data');
      row([...L.trendHead], [dateCol, days, days], 'header');
      const first = r + 1;
      for (const p of a.trend.find((t) => t.currency === f.currency)?.points ?? []) row([dateOf(p.date), round1(p.dso), a.sectorDso], [dateCol, days, days], 'data');
      chart ??= { sheetIndex: dsoSheetIndex, sheetName: L.analysisSheets.dso, currency: f.currency, first, last: r };
    }
    await ws.commit();

    const cl = looks.customers;
    const t = columnLook(cl, C.id);
    const n = columnLook(cl, C.name);
    const m = columnLook(cl, C.total);
    const share = withFormat(m, '0%');
    const d1 = withFormat(m, '0.0');
    const riskColumns = [t, t, n, columnLook(cl, C.currency), m, m, share, d1, d1, share, d1, m, share, columnLook(cl, C.contact, true), n];
    const risk = addSheet(L.analysisSheets.risk, cl, riskColumns);
    table(risk, cl, riskColumns, L.riskHead);
    for (const b of a.risk) {
      const contact = input.lastContact?.(b.customerId) ?? null;
      const cd = contact ? dayFromIso(contact) : null;
      put(risk, [
        b.grade, text(b.customerId), nameOf(b.customerId), text(b.currency), units(b.open), units(b.overdue), b.overdueShare, round1(b.avgDaysLate), round1(b.avgDaysToPay),
        b.paidLateShare, round1(b.trend), b.creditLimit === null ? null : units(b.creditLimit), b.creditUse, cd === null ? null : dateOf(cd), text(flagsText(b.flags, input.lang)),
      ], riskColumns, 'data');
    }
    filter(risk, cl, riskColumns.length, a.risk.length);
    await risk.commit();

    const pv = addSheet(L.analysisSheets.provision, look, [label, amount, pct, amount]);
    let pr = 0;
    for (const p of a.provision) {
      if (pr > 0) {
        put(pv, [], [], 'data');
        pr++;
      }
      put(pv, [`${L.provisionHead[0]} (${p.currency})`, L.provisionHead[1], L.provisionHead[2], L.provisionHead[3]], [label, amount, pct, amount], 'header');
      pr++;
      const first = pr + 1;
      p.lines.forEach((l, i) => {
        pr++;
        put(pv, [captions[i] ?? l.bucket, units(l.open), l.rate, { formula: `ROUND(B${pr}*C${pr},2)`, result: units(l.expectedLoss) }], [label, amount, pct, amount], 'data');
      });
      const open = p.lines.reduce((s2, l) => s2 + l.open, 0);
      put(pv, [L.total, { formula: `SUM(B${first}:B${pr})`, result: units(open) }, null, { formula: `SUM(D${first}:D${pr})`, result: units(p.total) }], [label, amount, pct, amount], 'total');
      pr++;
    }
    await pv.commit();
  }

  // 4. Unidentified receipts (bank credits that match no customer), only when there are some.
  const unidentified = input.unidentified ?? [];
  if (unidentified.length > 0) {
    const look = looks.problems;
    const amount = { ...columnLook(look, 2), data: { ...columnLook(look, 2).data, numFmt: '#,##0.00' }, total: { ...columnLook(look, 2).total, numFmt: '#,##0.00' } };
    const columns = [columnLook(look, 0, true), amount, columnLook(look, 1), columnLook(look, 3), columnLook(look, 3), columnLook(look, 5), columnLook(look, 1), columnLook(look, 2)];
    const ws = addSheet(L.unidentified.sheet, look, columns);
    table(ws, look, columns, L.unidentified.head);
    for (const r of unidentified) {
      put(ws, [dateOf(r.date), units(r.amount), text(r.currency), text(r.counterparty), text(r.iban), text(r.text), text(r.file), r.line], columns, 'data');
    }
    filter(ws, look, columns.length, unidentified.length);
    put(ws, [], columns, 'data');
    const last = unidentified.length + 1;
    let r = last + 1;
    for (const t of unidentifiedTotals(unidentified)) {
      r++;
      put(ws, [L.total, { formula: `SUMIF($C$2:$C$${last},$C${r},$B$2:$B$${last})`, result: units(t.total) }, text(t.currency)], columns, 'total');
    }
    await ws.commit();
  }

  // 5. Problems, only when there are some.
  if (input.problems.length > 0) {
    const look = looks.problems;
    const columns = Array.from({ length: 6 }, (_, i) => columnLook(look, i));
    const ws = addSheet(L.sheets.problems, look, columns);
    table(ws, look, columns, L.problemHead);
    for (const p of input.problems) {
      put(ws, [L.severity[p.severity], text(p.file), p.line > 0 ? p.line : null, text(p.column), text(p.value), text(p.message)], columns, 'data');
    }
    filter(ws, look, columns.length, input.problems.length);
    await ws.commit();
  }
  await wb.commit();
  if (chart) await addLineChart(path, chart, L.chartTitle);
  options.progress?.done();
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Adds a line chart of the DSO trend to the DSO sheet. exceljs writes no charts, so the chart is
 * added to the finished package: a DrawingML chart part, a drawing that anchors it beside the
 * trend, their relationships and content types. The series refer to the trend's cells, so the chart
 * follows the data when the accountant edits it.
 */
async function addLineChart(path: string, chart: { sheetIndex: number; sheetName: string; currency: string; first: number; last: number }, title: string): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(await readFile(path));
  const sheetPath = `xl/worksheets/sheet${chart.sheetIndex}.xml`;
  const sheet = await zip.file(sheetPath)?.async('string');
  if (sheet === undefined) return;
  const sheetRef = `'${chart.sheetName.replace(/'/g, "''")}'`;
  const ref = (col: string) => `${sheetRef}!$${col}$${chart.first}:$${col}$${chart.last}`;
  const series = (idx: number, col: string) =>
    `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:strRef><c:f>${sheetRef}!$${col}$${chart.first - 1}</c:f></c:strRef></c:tx>` +
    `<c:marker><c:symbol val="${idx === 0 ? 'circle' : 'none'}"/></c:marker><c:cat><c:numRef><c:f>${ref('A')}</c:f></c:numRef></c:cat>` +
    `<c:val><c:numRef><c:f>${ref(col)}</c:f></c:numRef></c:val><c:smooth val="0"/></c:ser>`;
  const chartXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlEscape(`${title} (${chart.currency})`)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
    series(0, 'B') + series(1, 'C') +
    '<c:marker val="1"/><c:axId val="50010"/><c:axId val="50020"/></c:lineChart>' +
    '<c:dateAx><c:axId val="50010"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="mm/yyyy" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="50020"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblOffset val="100"/><c:baseTimeUnit val="months"/></c:dateAx>' +
    '<c:valAx><c:axId val="50020"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="l"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/><c:tickLblPos val="nextTo"/><c:crossAx val="50010"/><c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>' +
    '</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>';
  const drawingXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
    `<xdr:twoCellAnchor><xdr:from><xdr:col>4</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.first - 2}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
    `<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${chart.last + 4}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
    '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="DSO"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
    '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>' +
    '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>';
  const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const rels = (body: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${body}</Relationships>`;
  zip.file('xl/charts/chart1.xml', chartXml);
  zip.file('xl/drawings/drawing1.xml', drawingXml);
  zip.file('xl/drawings/_rels/drawing1.xml.rels', rels(rel('rId1', 'chart', '../charts/chart1.xml')));
  const sheetRelsPath = `xl/worksheets/_rels/sheet${chart.sheetIndex}.xml.rels`;
  const existing = await zip.file(sheetRelsPath)?.async('string');
  const drawingRel = rel('rIdArChart', 'drawing', '../drawings/drawing1.xml');
  zip.file(sheetRelsPath, existing ? existing.replace('</Relationships>', `${drawingRel}</Relationships>`) : rels(drawingRel));
  let s = sheet;
  if (!/xmlns:r=/.test(s.slice(0, 600))) s = s.replace('<worksheet ', '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ');
  zip.file(sheetPath, s.replace('</worksheet>', '<drawing r:id="rIdArChart"/></worksheet>'));
  const types = await zip.file('[Content_Types].xml')!.async('string');
  zip.file(
    '[Content_Types].xml',
    types.replace(
      '</Types>',
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>' +
        '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
    ),
  );
  await writeFile(path, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}
