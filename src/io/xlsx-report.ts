import { basename } from 'node:path';
import type ExcelJS from 'exceljs';
import { ValueType, Workbook, WorkbookWriter } from './exceljs.ts';
import { type Day, ymdFromDay } from '../core/dates.ts';
import type { LineChartModel, SheetColumn, SheetModel, SheetRow, SheetValue, WorkbookModel } from '../model/documents.ts';
import { shipped } from '../resources.ts';
import type { Progress } from './progress.ts';
import { sheetText } from './sheet-text.ts';

/**
 * Writes a workbook model (src/render/aging-workbook.ts: the Excel aged-balance report) with exceljs.
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
 * cheap in memory. Amounts are written as numbers in currency units, days as dates, text only ever
 * as a string cell (characters XML cannot hold replaced: `sheetText`).
 */

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
const TEMPLATE_SHEETS: readonly [SheetKey, string][] = [
  ['summary', 'Summary'],
  ['customers', 'Customers'],
  ['items', 'Open items'],
  ['problems', 'Problems'],
];

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
    total.push(t.type === ValueType.Null ? { ...copy(d), font: { ...(d.font ?? {}), bold: true } } : copy(t.style ?? {}));
  }
  const { printArea: _area, ...pageSetup } = copy(ws.pageSetup ?? {});
  return {
    widths,
    header,
    data,
    total,
    headerHeight: ws.getRow(1).height,
    views: copy(ws.views ?? []),
    autoFilter: ws.autoFilter !== undefined && ws.autoFilter !== null,
    pageSetup,
  };
}

async function readLooks(path: string): Promise<Record<SheetKey, SheetLook>> {
  const wb = new Workbook();
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

interface ColumnLook {
  readonly width: number | undefined;
  readonly header: Style;
  readonly data: Style;
  readonly total: Style;
}

/**
 * The look of one column of the report: that of the template column it maps to. A date column always
 * gets a date format; a column with a number format of its own has it in its data and TOTAL rows.
 */
function columnLook(look: SheetLook, column: SheetColumn): ColumnLook {
  const i = column.template;
  const withFormat = (s: Style): Style => (column.numFmt !== undefined ? { ...s, numFmt: column.numFmt } : column.date && !s.numFmt ? { ...s, numFmt: DATE_FORMAT } : s);
  return {
    width: pick(look.widths, i, undefined),
    header: pick(look.header, i, {}),
    data: withFormat(pick(look.data, i, {})),
    total: withFormat(pick(look.total, i, {})),
  };
}

const dateOf = (day: Day): Date => {
  const { y, m, d } = ymdFromDay(day);
  return new Date(Date.UTC(y, m - 1, d));
};
/** Column letters: 1 → A, 27 → AA. */
function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A cell's value as exceljs takes it: amounts in units, days as dates, text made fit for XML. */
function cellValue(v: SheetValue): ExcelJS.CellValue {
  if (v === null || typeof v === 'number') return v;
  if (typeof v === 'string') return sheetText(v);
  if ('money' in v) return v.money / 100;
  if ('date' in v) return dateOf(v.date);
  return { formula: v.formula, result: typeof v.result === 'number' ? v.result : v.result.money / 100 };
}

/**
 * Writes the workbook to `path`; `progress` is drawn while its open items are written (100k rows
 * take seconds).
 */
export async function writeWorkbook(path: string, model: WorkbookModel, options: { templatePath?: string; progress?: Progress } = {}): Promise<void> {
  const looks = await readLooks(options.templatePath ?? shipped('templates/report.xlsx'));
  const wb = new WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = 'ar';
  wb.created = dateOf(model.created);
  wb.modified = dateOf(model.created);
  const tick = options.progress?.stage(basename(path)) ?? (() => {});
  let written = 0;
  let index = 0;
  let chartSheet = 0;
  for (const sheet of model.sheets) {
    index++;
    if (sheet.name === model.chart?.sheet) chartSheet = index;
    await writeSheet(wb, sheet, looks[sheet.template], () => tick(++written, model.itemCount));
  }
  await wb.commit();
  if (model.chart && chartSheet > 0) await addLineChart(path, chartSheet, model.chart);
  options.progress?.done();
}

/** One sheet, row by row; `item` is told of each open item written. */
async function writeSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, sheet: SheetModel, look: SheetLook, item: () => void): Promise<void> {
  const ws = wb.addWorksheet(sheet.name, { views: copy(look.views), pageSetup: copy(look.pageSetup), headerFooter: { oddHeader: sheet.pageHeader, oddFooter: sheet.pageFooter } });
  const styles = new Map<SheetColumn, ColumnLook>();
  const styleOf = (c: SheetColumn): ColumnLook => {
    let s = styles.get(c);
    if (s === undefined) {
      s = columnLook(look, c);
      styles.set(c, s);
    }
    return s;
  };
  const columns = sheet.columns.map(styleOf);
  ws.columns = columns.map((c) => (c.width === undefined ? {} : { width: c.width }));
  let rowNumber = 0;
  /** The data rows of the table under the first row, while they last (the filter spans them). */
  let tableRows = 0;
  let inTable = sheet.table;
  for (const r of sheet.rows) {
    rowNumber++;
    if (rowNumber > 1 && inTable) {
      if (r.kind === 'data' && r.values.length > 0) tableRows++;
      else inTable = false;
    }
    writeRow(ws, r, r.looks ? r.looks.map(styleOf) : columns, columns, sheet.table && rowNumber === 1 ? look.headerHeight : undefined);
    if (r.item) item();
  }
  if (sheet.table && look.autoFilter) ws.autoFilter = `A1:${columnLetter(sheet.columns.length)}${1 + tableRows}`;
  await ws.commit();
}

/** Writes and commits one row, each cell in its look's style for the kind of row. */
function writeRow(ws: ExcelJS.Worksheet, r: SheetRow, looks: readonly ColumnLook[], columns: readonly ColumnLook[], height: number | undefined): void {
  const row = ws.addRow(r.values.map(cellValue));
  if (r.title) {
    // A bar across the sheet's columns, in the header style of the first.
    for (let i = 1; i <= columns.length; i++) row.getCell(i).style = columns[0]!.header;
    ws.mergeCells(row.number, 1, row.number, columns.length);
  } else {
    const n = r.kind === 'data' ? r.values.length : Math.max(r.values.length, looks.length);
    for (let i = 0; i < n; i++) {
      const c = looks[i];
      if (c) row.getCell(i + 1).style = c[r.kind];
    }
  }
  if (height !== undefined) row.height = height;
  row.commit();
}

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Adds a line chart of the DSO trend to the DSO sheet. exceljs writes no charts, so the chart is
 * added to the finished package: a DrawingML chart part, a drawing that anchors it beside the
 * trend, their relationships and content types. The series refer to the trend's cells, so the chart
 * follows the data when the accountant edits it.
 */
async function addLineChart(path: string, sheetIndex: number, chart: LineChartModel): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  const { default: JSZip } = await import('jszip');
  const zip = await JSZip.loadAsync(await readFile(path));
  const sheetPath = `xl/worksheets/sheet${sheetIndex}.xml`;
  const sheet = await zip.file(sheetPath)?.async('string');
  if (sheet === undefined) return;
  const sheetRef = `'${chart.sheet.replace(/'/g, "''")}'`;
  const ref = (col: string) => `${sheetRef}!$${col}$${chart.first}:$${col}$${chart.last}`;
  const series = (idx: number, col: string) =>
    `<c:ser><c:idx val="${idx}"/><c:order val="${idx}"/><c:tx><c:strRef><c:f>${sheetRef}!$${col}$${chart.first - 1}</c:f></c:strRef></c:tx>` +
    `<c:marker><c:symbol val="${idx === 0 ? 'circle' : 'none'}"/></c:marker><c:cat><c:numRef><c:f>${ref('A')}</c:f></c:numRef></c:cat>` +
    `<c:val><c:numRef><c:f>${ref(col)}</c:f></c:numRef></c:val><c:smooth val="0"/></c:ser>`;
  const chartXml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${xmlEscape(chart.title)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/><c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>' +
    series(0, 'B') +
    series(1, 'C') +
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
  const sheetRelsPath = `xl/worksheets/_rels/sheet${sheetIndex}.xml.rels`;
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
