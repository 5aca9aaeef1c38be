import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { ymdFromDay, type Day } from '../core/dates.ts';
import type { Cents } from '../core/money.ts';
import type { AgingReportInput } from '../render/aging-report.ts';
import { bucketCaption } from '../render/format.ts';
import { REPORT_LABELS } from '../render/report-labels.ts';

/**
 * The Excel aged-balance report (`ar aging --xlsx`). Its look comes from a template workbook
 * (templates/report.xlsx, or the config's "reportTemplate"): per sheet, the column widths, the
 * header row's style (row 1), each column's style and number format (row 2), frozen panes and print
 * setup. The report is written with exceljs's streaming writer, row by row, so that it scales to
 * hundreds of thousands of open items; beyond the rows one sheet holds, open items go on to
 * further sheets and the summary says so. Totals are real formulas (=SUM, =SUMIF) with their
 * computed result, so the workbook is right when opened and when recalculated. Text cells are
 * always written as text: a name such as `=HYPERLINK(…)` never becomes a formula.
 */

const BUNDLED_TEMPLATE = fileURLToPath(new URL('../../templates/report.xlsx', import.meta.url));

/** Data rows an Excel sheet holds under its header row. */
export const EXCEL_MAX_DATA_ROWS = 1_048_575;

interface SheetLook {
  readonly widths: number[];
  readonly header: Partial<ExcelJS.Style>;
  readonly columns: Partial<ExcelJS.Style>[];
  readonly pageSetup: Partial<ExcelJS.PageSetup>;
}

type Looks = Record<'summary' | 'customers' | 'items' | 'problems', SheetLook>;

const TEMPLATE_SHEETS = { summary: 'Summary', customers: 'Customers', items: 'Open items', problems: 'Problems' } as const;

function clone<T>(x: T): T {
  return x === undefined ? x : (JSON.parse(JSON.stringify(x)) as T);
}

async function readLooks(path: string): Promise<Looks> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: Partial<Looks> = {};
  for (const [key, name] of Object.entries(TEMPLATE_SHEETS) as [keyof Looks, string][]) {
    const ws = wb.getWorksheet(name) ?? wb.worksheets[Object.keys(TEMPLATE_SHEETS).indexOf(key)];
    if (!ws) throw new Error(`the template has no sheet "${name}"`);
    const n = ws.columnCount;
    const widths: number[] = [];
    const columns: Partial<ExcelJS.Style>[] = [];
    for (let i = 1; i <= n; i++) {
      widths.push(ws.getColumn(i).width ?? 12);
      columns.push(clone(ws.getRow(2).getCell(i).style ?? {}));
    }
    out[key] = { widths, header: clone(ws.getRow(1).getCell(1).style ?? {}), columns, pageSetup: clone(ws.pageSetup ?? {}) };
  }
  return out as Looks;
}

const dateOf = (d: Day): Date => {
  const { y, m, d: dd } = ymdFromDay(d);
  return new Date(Date.UTC(y, m - 1, dd));
};
const units = (c: Cents): number => c / 100;

/** Column letters: 1 → A, 27 → AA. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export async function writeAgingReport(
  path: string,
  input: AgingReportInput,
  options: { templatePath?: string; maxRowsPerSheet?: number } = {},
): Promise<{ itemSheets: number }> {
  const looks = await readLooks(options.templatePath ?? BUNDLED_TEMPLATE);
  const L = REPORT_LABELS[input.lang];
  const { aged } = input;
  const maxRows = options.maxRowsPerSheet ?? EXCEL_MAX_DATA_ROWS;
  const captions = aged.buckets.map((b) => bucketCaption(b, input.lang));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = 'ar';

  const addSheet = (name: string, look: SheetLook, columns: number, frozen: boolean) => {
    const ws = wb.addWorksheet(name.slice(0, 31), {
      views: frozen ? [{ state: 'frozen', ySplit: 1, xSplit: 0 }] : [],
      pageSetup: { ...look.pageSetup, printTitlesRow: '1:1' },
    });
    ws.columns = Array.from({ length: columns }, (_, i) => ({ width: look.widths[Math.min(i, look.widths.length - 1)] ?? 12 }));
    return ws;
  };
  /** Writes a row: each value with its column's style from the template; header rows in the header style. */
  const put = (ws: ExcelJS.Worksheet, look: SheetLook, values: unknown[], kind: 'header' | 'data' | 'total', styleOf?: (i: number) => Partial<ExcelJS.Style>) => {
    const row = ws.addRow(values);
    values.forEach((_, i) => {
      const cell = row.getCell(i + 1);
      if (kind === 'header') cell.style = look.header;
      else {
        const base = styleOf ? styleOf(i) : look.columns[Math.min(i, look.columns.length - 1)] ?? {};
        cell.style = kind === 'total' ? { ...base, font: { ...(base.font ?? {}), bold: true } } : base;
      }
    });
    row.commit();
    return row;
  };

  // How many open-item sheets: known before anything is written, for the summary.
  let itemCount = 0;
  for (const cur of aged.currencies) for (const c of cur.customers) itemCount += c.items.length + c.writtenOffItems.length;
  const itemSheets = Math.max(1, Math.ceil(itemCount / maxRows));

  // 1. Summary.
  {
    const look = looks.summary;
    const ws = addSheet(L.sheets.summary, look, 4, false);
    const text = look.columns[0] ?? {};
    const money = look.columns[1] ?? {};
    const pct = look.columns[2] ?? {};
    const styles = [text, money, pct, text];
    const dateStyle: Partial<ExcelJS.Style> = { ...money, numFmt: 'dd/mm/yyyy' };
    let r = 0;
    const line = (values: unknown[], kind: 'header' | 'data' | 'total' = 'data', styleOf?: (i: number) => Partial<ExcelJS.Style>) => {
      r++;
      return put(ws, look, values, kind, styleOf ?? ((i) => styles[i] ?? text));
    };
    line([L.title, '', '', ''], 'header');
    line([L.asOf, dateOf(aged.asOf)], 'data', (i) => (i === 1 ? dateStyle : text));
    line([L.basis, aged.basis === 'due' ? L.basisDue : L.basisIssue], 'data', () => text);
    for (const c of [input.imports.invoices, input.imports.payments, input.imports.customers]) {
      if (c) line([c.file, L.rows(c.read, c.used, c.rejected, c.ignored)], 'data', () => text);
    }
    if (itemSheets > 1) line([L.split(itemSheets)], 'data', () => text);
    for (const cur of aged.currencies) {
      line([]);
      line([`${L.currency} ${cur.currency}`, L.amount, L.share, ''], 'header');
      const first = r + 1;
      const totalRow = first + cur.buckets.length + 1;
      cur.buckets.forEach((b, i) =>
        line([captions[i], units(b), { formula: `IF(B${totalRow}=0,0,B${first + i}/B${totalRow})`, result: cur.total === 0 ? 0 : b / cur.total }]),
      );
      line([L.unapplied, units(cur.unapplied), { formula: `IF(B${totalRow}=0,0,B${r + 1}/B${totalRow})`, result: cur.total === 0 ? 0 : cur.unapplied / cur.total }]);
      line([L.total, { formula: `SUM(B${first}:B${totalRow - 1})`, result: units(cur.total) }, { formula: `IF(B${totalRow}=0,0,1)`, result: cur.total === 0 ? 0 : 1 }], 'total');
      if (cur.disputed !== 0) line([L.disputed, units(cur.disputed)]);
      if (cur.writtenOff !== 0) line([L.writtenOff, units(cur.writtenOff)]);
      line([]);
      line([`${L.top} (${cur.currency})`, L.totalHead, L.share, ''], 'header');
      for (const c of cur.customers.filter((x) => x.total > 0).slice(0, 10)) {
        const name = input.customerName(c.customerId);
        line([`${c.customerId}${name ? ` — ${name}` : ''}`, units(c.total), { formula: `IF(B${totalRow}=0,0,B${r + 1}/B${totalRow})`, result: cur.total === 0 ? 0 : c.total / cur.total }]);
      }
    }
    line([]);
    line([L.dso], 'data', () => text);
    await ws.commit();
  }

  // 2. Customers: one block per currency, each closed by its total row.
  {
    const look = looks.customers;
    const withContact = input.lastContact !== undefined;
    const n = 3 + captions.length + 2 + (withContact ? 1 : 0);
    const ws = addSheet(L.sheets.customers, look, n, true);
    const head = [...L.customerHead, ...captions, L.unappliedHead, L.totalHead, ...(withContact ? [L.lastContact] : [])];
    put(ws, look, head, 'header');
    ws.autoFilter = `A1:${columnLetter(n)}1`;
    const moneyStyle = look.columns[3] ?? {};
    const textStyle = look.columns[0] ?? {};
    const dateStyle = look.columns[look.columns.length - 1] ?? {};
    const styleOf = (i: number) => (i < 3 ? (look.columns[i] ?? textStyle) : withContact && i === n - 1 ? dateStyle : moneyStyle);
    let r = 1;
    for (const cur of aged.currencies) {
      const first = r + 1;
      for (const c of cur.customers) {
        const contact = input.lastContact?.(c.customerId) ?? null;
        const cd = contact ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(contact) : null;
        put(ws, look, [
          c.customerId, input.customerName(c.customerId) ?? '', cur.currency, ...c.buckets.map(units), units(c.unapplied), units(c.total),
          ...(withContact ? [cd ? new Date(Date.UTC(Number(cd[1]), Number(cd[2]) - 1, Number(cd[3]))) : null] : []),
        ], 'data', styleOf);
        r++;
      }
      const last = r;
      const sums = [...cur.buckets, cur.unapplied, cur.total].map((v, i) => ({ formula: `SUM(${columnLetter(4 + i)}${first}:${columnLetter(4 + i)}${last})`, result: units(v) }));
      put(ws, look, [L.totalHead, '', cur.currency, ...sums, ...(withContact ? [null] : [])], 'total', styleOf);
      r++;
    }
    await ws.commit();
  }

  // 3. Open items, split across sheets beyond the rows a sheet holds; each sheet ends with its totals per currency.
  {
    const look = looks.items;
    const currencies = aged.currencies.map((c) => c.currency);
    let sheetNo = 0;
    let ws: ExcelJS.Worksheet | null = null;
    let rows = 0;
    let sums = new Map<string, [Cents, Cents]>();
    const close = async () => {
      if (!ws) return;
      for (const cur of currencies) {
        const [amount, open] = sums.get(cur) ?? [0, 0];
        put(ws, look, [
          L.totalHead, '', cur, '', '', null, null,
          // Written-off items are listed with their status but stand outside the balance, and its totals.
          { formula: `SUMIFS(H2:H${rows + 1},C2:C${rows + 1},"${cur}",L2:L${rows + 1},"<>${L.status.written_off}")`, result: units(amount) },
          { formula: `SUMIFS(I2:I${rows + 1},C2:C${rows + 1},"${cur}",L2:L${rows + 1},"<>${L.status.written_off}")`, result: units(open) },
        ], 'total');
      }
      await ws.commit();
    };
    const open = () => {
      sheetNo++;
      ws = addSheet(sheetNo === 1 ? L.sheets.items : `${L.sheets.items} (${sheetNo})`, look, 12, true);
      put(ws, look, [...L.itemHead], 'header');
      ws.autoFilter = 'A1:L1';
      rows = 0;
      sums = new Map();
    };
    open();
    for (const cur of aged.currencies) {
      for (const c of cur.customers) {
        const name = input.customerName(c.customerId) ?? '';
        for (const it of [...c.items, ...c.writtenOffItems]) {
          if (rows >= maxRows) {
            await close();
            open();
          }
          const d = it.debit;
          put(ws!, look, [
            c.customerId, name, cur.currency, d.number, L.kinds[d.kind], dateOf(d.issueDate), dateOf(d.dueDate), units(d.amount), units(d.open),
            it.daysPastDue, d.status === 'written_off' ? '' : captions[it.bucket], L.status[d.status],
          ], 'data');
          const s = sums.get(cur.currency) ?? [0, 0];
          if (d.status !== 'written_off') sums.set(cur.currency, [s[0] + d.amount, s[1] + d.open]);
          rows++;
        }
      }
    }
    await close();
  }

  // 4. Problems, only when there are some.
  if (input.problems.length > 0) {
    const look = looks.problems;
    const ws = addSheet(L.sheets.problems, look, 6, true);
    put(ws, look, [...L.problemHead], 'header');
    ws.autoFilter = 'A1:F1';
    for (const p of input.problems) put(ws, look, [L.severity[p.severity], p.file, p.line || null, p.column ?? '', p.value ?? '', p.message], 'data');
    await ws.commit();
  }
  await wb.commit();
  return { itemSheets };
}
