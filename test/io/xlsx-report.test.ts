import { currencyCode } from '../../src/core/money.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ageOpenItems } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import type { ImportCount } from '../../src/core/import/ledger.ts';
import { writeWorkbook } from '../../src/io/xlsx-report.ts';
import { agingWorkbook } from '../../src/render/aging-workbook.ts';
import type { Lang } from '../../src/model/lang.ts';
import type { AgingReportInput, FormattedProblem } from '../../src/render/aging-report.ts';
import { d, inv, pay } from '../helpers/build.ts';
import { ROOT, tempDir } from '../helpers/run.ts';

const TEMPLATE = join(ROOT, 'templates/report.xlsx');
const count = (file: string, read: number, used: number, rejected = 0, ignored = 0): ImportCount => ({ file, read, used, rejected, ignored, amounts: { read: {}, used: {}, rejected: {} } });

const PROBLEM: FormattedProblem = {
  severity: 'warning',
  file: 'reglements.csv',
  line: 3,
  column: 'Réf. facture',
  value: 'F404',
  code: 'unknown_reference',
  message: 'reglements.csv:3: payment names invoice "F404", which is not in the ledger',
};

/**
 * The ledger, as of 2026-10-31, buckets 30/60/90 by due date:
 * - C1 Dupont SARL (EUR): F1 1,000.00 due 01/07 (122 days → over 90); F4 120.00 disputed due 05/09 (56 → 31–60);
 *   F2 250.50 due 20/10 (11 → 1–30); F3 400.00 due 09/11 less payment P1 150.00 → 250.00 (−9 → not yet due).
 *   Total 1,620.50.
 * - C2 Martin & Fils (EUR): F5 600.00 due 14/08 less credit note AV1 100.00 → 500.00 (78 → 61–90); a rejected
 *   payment R1 of 75.00 on 01/10 (30 → 1–30); F9 70.00 written off (638 days, outside the balance). Total 575.00.
 * - C3 Lemaire (EUR): F6 50.00 paid by P2 130.00 → unapplied credit −80.00.
 * - C4 Acme Ltd (USD): F7 500.00 due 15/09 (46 → 31–60); F8 200.00 due 19/11 (−19 → not yet due). Total 700.00.
 * EUR: 250.00 | 325.50 | 120.00 | 500.00 | 1,000.00, unapplied −80.00, total 2,115.50. USD: 200 | 0 | 500 | 0 | 0 = 700.00.
 */
function ledger(lang: Lang, extra: Partial<AgingReportInput> = {}, names: Record<string, string> = {}): AgingReportInput {
  const usd = { currency: currencyCode('USD') };
  const invoices = [
    inv('F1', 'C1', '2026-06-01', '2026-07-01', 100000),
    inv('F2', 'C1', '2026-09-20', '2026-10-20', 25050),
    inv('F3', 'C1', '2026-10-10', '2026-11-09', 40000),
    inv('F4', 'C1', '2026-08-01', '2026-09-05', 12000, { status: 'disputed' }),
    inv('F5', 'C2', '2026-07-15', '2026-08-14', 60000),
    inv('AV1', 'C2', '2026-08-20', '2026-08-20', -10000, { creditedInvoice: 'F5' }),
    inv('F9', 'C2', '2025-01-01', '2025-01-31', 7000, { status: 'written_off' }),
    inv('F6', 'C3', '2026-09-01', '2026-10-01', 5000),
    inv('F7', 'C4', '2026-08-01', '2026-09-15', 50000, usd),
    inv('F8', 'C4', '2026-10-20', '2026-11-19', 20000, usd),
  ];
  const payments = [pay('P1', 'C1', '2026-10-25', 15000, ['F3']), pay('R1', 'C2', '2026-10-01', -7500), pay('P2', 'C3', '2026-10-05', 13000, ['F6'])];
  const aged = ageOpenItems(allocatePayments(invoices, payments, d('2026-10-31')));
  const all: Record<string, string> = { C1: 'Dupont SARL', C2: 'Martin & Fils', C3: 'Lemaire', C4: 'Acme Ltd', ...names };
  return {
    aged,
    lang,
    ledgers: ['factures.csv', 'reglements.csv'],
    customerName: (id) => all[id] ?? null,
    imports: { invoices: count('factures.csv', 11, 10, 1), payments: count('reglements.csv', 4, 3, 0, 1), customers: null },
    problems: [PROBLEM],
    ...extra,
  };
}

async function write(input: AgingReportInput, options: { templatePath?: string; maxRowsPerSheet?: number } = {}, name = 'report.xlsx'): Promise<string> {
  const path = join(tempDir(), name);
  await writeWorkbook(path, agingWorkbook(input, options), options);
  return path;
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

const sheet = (wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet => {
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
};
/** A row's values from column 1, without exceljs's leading hole; formulas as { formula, result }. */
const row = (ws: ExcelJS.Worksheet, r: number): unknown[] => {
  const out: unknown[] = [];
  ws.getRow(r).eachCell({ includeEmpty: true }, (c, col) => (out[col - 1] = c.value ?? null));
  return Array.from(out, (v) => (v === undefined ? null : v));
};
const formulaOf = (c: ExcelJS.Cell): string | undefined => (c.type === ExcelJS.ValueType.Formula ? (c.value as ExcelJS.CellFormulaValue).formula : undefined);
// exceljs's reader drops a cached result of 0 (the file holds <v>0</v>): read it back as 0.
const resultOf = (c: ExcelJS.Cell): number => ((c.value as ExcelJS.CellFormulaValue).result as number | undefined) ?? 0;
const f = (formula: string, result: number) => ({ formula, result });
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

/** The XML of the zip entries whose names match, read straight from the file (no unzip library). */
function zipEntries(path: string, match: RegExp): Map<string, string> {
  const buf = readFileSync(path);
  const out = new Map<string, string>();
  let eocd = buf.length - 22;
  while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let p = buf.readUInt32LE(eocd + 16);
  const n = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < n; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    if (match.test(name)) {
      const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
      const data = buf.subarray(start, start + size);
      out.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    }
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

let tpl: ExcelJS.Workbook;
beforeAll(async () => {
  tpl = await open(TEMPLATE);
});

describe('the Excel report (agingWorkbook, writeWorkbook): English report of a small ledger, cell by cell', () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    wb = await open(await write(ledger('en', { problems: [] })));
  });

  it('has the three sheets, no Problems sheet without problems', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Customers', 'Open items']);
  });

  it('writes the Customers table, then a SUMIF TOTAL row per currency', () => {
    const ws = sheet(wb, 'Customers');
    expect(row(ws, 1)).toEqual(['Id', 'Customer', 'Currency', 'Not yet due', '1–30 days', '31–60 days', '61–90 days', 'Over 90 days', 'Unapplied', 'Total']);
    expect(row(ws, 2)).toEqual(['C1', 'Dupont SARL', 'EUR', 250, 250.5, 120, 0, 1000, 0, 1620.5]);
    expect(row(ws, 3)).toEqual(['C2', 'Martin & Fils', 'EUR', 0, 75, 0, 500, 0, 0, 575]);
    expect(row(ws, 4)).toEqual(['C3', 'Lemaire', 'EUR', 0, 0, 0, 0, 0, -80, -80]);
    expect(row(ws, 5)).toEqual(['C4', 'Acme Ltd', 'USD', 200, 0, 500, 0, 0, 0, 700]);
    expect(ws.getRow(6).cellCount).toBe(0);
    const sumif = (col: string, r: number) => `SUMIF($C$2:$C$5,$C${r},${col}$2:${col}$5)`;
    const eur = row(ws, 7);
    expect(eur.slice(0, 3)).toEqual(['TOTAL', null, 'EUR']);
    expect(eur.slice(3).map((v) => (v as ExcelJS.CellFormulaValue).formula)).toEqual(['D', 'E', 'F', 'G', 'H', 'I', 'J'].map((c) => sumif(c, 7)));
    expect([4, 5, 6, 7, 8, 9, 10].map((c) => resultOf(ws.getRow(7).getCell(c)))).toEqual([250, 325.5, 120, 500, 1000, -80, 2115.5]);
    expect(formulaOf(ws.getRow(8).getCell(10))).toBe(sumif('J', 8));
    expect(row(ws, 8).slice(0, 3)).toEqual(['TOTAL', null, 'USD']);
    expect([4, 5, 6, 7, 8, 9, 10].map((c) => resultOf(ws.getRow(8).getCell(c)))).toEqual([200, 0, 500, 0, 0, 0, 700]);
    expect(ws.rowCount).toBe(8);
    // What SUMIF gives on recalculation: the customer rows of the currency.
    for (const [r, currency] of [
      [7, 'EUR'],
      [8, 'USD'],
    ] as const) {
      for (let col = 4; col <= 10; col++) {
        let sum = 0;
        for (let i = 2; i <= 5; i++) if (ws.getRow(i).getCell(3).value === currency) sum += ws.getRow(i).getCell(col).value as number;
        expect(resultOf(ws.getRow(r).getCell(col))).toBeCloseTo(sum, 9);
      }
    }
    // Each customer's buckets and unapplied add up to its total.
    for (let i = 2; i <= 5; i++) {
      const v = row(ws, i) as number[];
      expect(v.slice(3, 9).reduce((s, x) => s + x, 0)).toBeCloseTo(v[9]!, 9);
    }
  });

  it('writes every open item with its dates, amounts, age, bucket and status, and SUMIFS totals per currency', () => {
    const ws = sheet(wb, 'Open items');
    expect(row(ws, 1)).toEqual(['Id', 'Customer', 'Currency', 'Number', 'Kind', 'Issue date', 'Due date', 'Amount', 'Open', 'Days past due', 'Bucket', 'Status']);
    const rows = [
      ['C1', 'Dupont SARL', 'EUR', 'F1', 'Invoice', day('2026-06-01'), day('2026-07-01'), 1000, 1000, 122, 'Over 90 days', null],
      ['C1', 'Dupont SARL', 'EUR', 'F4', 'Invoice', day('2026-08-01'), day('2026-09-05'), 120, 120, 56, '31–60 days', 'Disputed'],
      ['C1', 'Dupont SARL', 'EUR', 'F2', 'Invoice', day('2026-09-20'), day('2026-10-20'), 250.5, 250.5, 11, '1–30 days', null],
      ['C1', 'Dupont SARL', 'EUR', 'F3', 'Invoice', day('2026-10-10'), day('2026-11-09'), 400, 250, -9, 'Not yet due', null],
      ['C2', 'Martin & Fils', 'EUR', 'F5', 'Invoice', day('2026-07-15'), day('2026-08-14'), 600, 500, 78, '61–90 days', null],
      ['C2', 'Martin & Fils', 'EUR', 'R1', 'Refund or reject', day('2026-10-01'), day('2026-10-01'), 75, 75, 30, '1–30 days', null],
      ['C2', 'Martin & Fils', 'EUR', 'F9', 'Invoice', day('2025-01-01'), day('2025-01-31'), 70, 70, 638, null, 'Written off'],
      // The credit left of P2 (130.00 paid for an invoice of 50.00), named: its date, its amount, what is left.
      ['C3', 'Lemaire', 'EUR', 'P2', 'Unapplied payment', day('2026-10-05'), null, -130, -80, null, 'Unapplied', null],
      ['C4', 'Acme Ltd', 'USD', 'F7', 'Invoice', day('2026-08-01'), day('2026-09-15'), 500, 500, 46, '31–60 days', null],
      ['C4', 'Acme Ltd', 'USD', 'F8', 'Invoice', day('2026-10-20'), day('2026-11-19'), 200, 200, -19, 'Not yet due', null],
    ];
    rows.forEach((r, i) =>
      expect(
        row(ws, i + 2)
          .concat(Array(12).fill(null))
          .slice(0, 12),
      ).toEqual(r),
    );
    expect(ws.getRow(12).cellCount).toBe(0);
    const sumifs = (col: string, r: number) => `SUMIFS(${col}$2:${col}$11,$C$2:$C$11,$C${r},$L$2:$L$11,"<>Written off")`;
    // With the unapplied credit among the items, the open total of a currency is its aged balance, the Summary's TOTAL.
    expect(row(ws, 13)).toEqual(['TOTAL', null, 'EUR', null, null, null, null, f(sumifs('H', 13), 2315.5), f(sumifs('I', 13), 2115.5), null, null, null]);
    expect(row(ws, 14)).toEqual(['TOTAL', null, 'USD', null, null, null, null, f(sumifs('H', 14), 700), f(sumifs('I', 14), 700), null, null, null]);
    expect(ws.rowCount).toBe(14);
  });

  it('writes the Summary: dates, ledgers, one block per currency with shares and a SUM, the top debtors, the DSO line', () => {
    const ws = sheet(wb, 'Summary');
    const expected: Record<number, unknown[]> = {
      1: ['Accounts receivable aged balance'],
      2: ['As of', day('2026-10-31')],
      3: ['Age counted', 'from the due date'],
      5: ['File', 'Path', 'Rows read', 'Used', 'Rejected', 'Ignored'],
      6: ['Invoices', 'factures.csv', 11, 10, 1, 0],
      7: ['Payments', 'reglements.csv', 4, 3, 0, 1],
      9: ['Currency EUR', null, 'Amount', 'Share'],
      10: ['Not yet due', null, 250, f('C10/C16', 250 / 2115.5)],
      11: ['1–30 days', null, 325.5, f('C11/C16', 325.5 / 2115.5)],
      12: ['31–60 days', null, 120, f('C12/C16', 120 / 2115.5)],
      13: ['61–90 days', null, 500, f('C13/C16', 500 / 2115.5)],
      14: ['Over 90 days', null, 1000, f('C14/C16', 1000 / 2115.5)],
      15: ['Unapplied credit', null, -80, f('C15/C16', -80 / 2115.5)],
      16: ['TOTAL', null, f('SUM(C10:C15)', 2115.5), null],
      17: ['of which disputed', null, 120],
      18: ['Written off (outside the balance)', null, 70],
      20: ['Top 10 debtors (EUR)', 'Customer', 'Total', 'Share'],
      21: ['C1', 'Dupont SARL', 1620.5, f('C21/C16', 1620.5 / 2115.5)],
      22: ['C2', 'Martin & Fils', 575, f('C22/C16', 575 / 2115.5)],
      24: ['Currency USD', null, 'Amount', 'Share'],
      25: ['Not yet due', null, 200, f('C25/C31', 200 / 700)],
      26: ['1–30 days', null, 0, { formula: 'C26/C31' }],
      27: ['31–60 days', null, 500, f('C27/C31', 500 / 700)],
      28: ['61–90 days', null, 0, { formula: 'C28/C31' }],
      29: ['Over 90 days', null, 0, { formula: 'C29/C31' }],
      30: ['Unapplied credit', null, 0, { formula: 'C30/C31' }],
      31: ['TOTAL', null, f('SUM(C25:C30)', 700), null],
      33: ['Top 10 debtors (USD)', 'Customer', 'Total', 'Share'],
      34: ['C4', 'Acme Ltd', 700, f('C34/C31', 1)],
      36: ['DSO: see ar dso'],
    };
    expect(ws.rowCount).toBe(36);
    for (let r = 1; r <= 36; r++) {
      const want = expected[r] ?? [];
      const got = row(ws, r);
      if (r === 1) {
        expect(got[0]).toBe(want[0]);
        continue;
      }
      expect(got.concat(Array(want.length).fill(null)).slice(0, Math.max(want.length, got.length))).toEqual(want.concat(Array(Math.max(0, got.length - want.length)).fill(null)));
    }
    // The shares of a block add up to 1; the buckets and unapplied add up to the TOTAL.
    const shares = [10, 11, 12, 13, 14, 15].map((r) => resultOf(ws.getRow(r).getCell(4)));
    expect(shares.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
    expect([10, 11, 12, 13, 14, 15].reduce((s, r) => s + (ws.getRow(r).getCell(3).value as number), 0)).toBeCloseTo(2115.5, 9);
  });

  it('takes its look from the template: widths, header style, number formats, frozen header, autofilter, print setup', () => {
    const t = sheet(tpl, 'Customers');
    const ws = sheet(wb, 'Customers');
    // Customers: id, name, currency, then every bucket column like template column D, unapplied E, total F.
    const map = [1, 2, 3, 4, 4, 4, 4, 4, 5, 6];
    expect(map.map((_, i) => ws.getColumn(i + 1).width)).toEqual(map.map((c) => t.getColumn(c).width));
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.autoFilter).toBe('A1:J5');
    const head = ws.getRow(1).getCell(4);
    expect(head.font?.bold).toBe(true);
    expect(head.fill).toEqual(t.getRow(1).getCell(4).fill);
    expect(head.border?.bottom?.style).toBe('thin');
    expect(ws.getRow(1).height).toBe(30);
    for (let c = 4; c <= 10; c++) expect(ws.getRow(2).getCell(c).numFmt).toBe('#,##0.00');
    expect(ws.getRow(7).getCell(4).numFmt).toBe('#,##0.00');
    expect(ws.getRow(7).getCell(1).font?.bold).toBe(true);
    expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '1:1' });
    expect(ws.pageSetup.margins).toEqual({ left: 0.4, right: 0.4, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 });

    const items = sheet(wb, 'Open items');
    const ti = sheet(tpl, 'Open items');
    for (let c = 1; c <= 12; c++) expect(items.getColumn(c).width).toBe(ti.getColumn(c).width);
    expect(items.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(items.autoFilter).toBe('A1:L11');
    expect([6, 7].map((c) => items.getRow(2).getCell(c).numFmt)).toEqual(['dd/mm/yyyy', 'dd/mm/yyyy']);
    expect([8, 9].map((c) => items.getRow(2).getCell(c).numFmt)).toEqual(['#,##0.00', '#,##0.00']);
    expect(items.getRow(2).getCell(10).numFmt).toBe('0');
    expect(items.getRow(13).getCell(9).numFmt).toBe('#,##0.00');

    const s = sheet(wb, 'Summary');
    const ts = sheet(tpl, 'Summary');
    for (let c = 1; c <= 6; c++) expect(s.getColumn(c).width).toBe(ts.getColumn(c).width);
    expect(s.getRow(2).getCell(2).numFmt).toBe('dd/mm/yyyy');
    expect(s.getRow(10).getCell(3).numFmt).toBe('#,##0.00');
    expect(s.getRow(10).getCell(4).numFmt).toBe('0.0%');
    expect(s.getRow(6).getCell(3).numFmt).toBe('0');
    expect(s.getRow(16).getCell(3).font?.bold).toBe(true);
    expect(s.views[0]?.state ?? 'normal').toBe('normal');
    expect(s.autoFilter ?? null).toBeNull();
    expect(s.pageSetup.orientation).toBe('landscape');
  });
});

describe('the Excel report (agingWorkbook, writeWorkbook): French, problems, last contact', () => {
  it('names sheets and headers in French and lists the problems', async () => {
    const wb = await open(await write(ledger('fr')));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Synthèse', 'Clients', 'Pièces ouvertes', 'Anomalies']);
    expect(row(sheet(wb, 'Clients'), 1)).toEqual(['Code', 'Client', 'Devise', 'Non échu', '1–30 j', '31–60 j', '61–90 j', '> 90 j', 'Non imputé', 'Total']);
    const items = sheet(wb, 'Pièces ouvertes');
    expect(row(items, 1)).toEqual(['Code', 'Client', 'Devise', 'Pièce', 'Type', 'Date', 'Échéance', 'Montant', 'Reste dû', 'Retard (j)', 'Tranche', 'Statut']);
    expect(row(items, 3).slice(4, 12)).toEqual(['Facture', day('2026-08-01'), day('2026-09-05'), 120, 120, 56, '31–60 j', 'Litige']);
    expect(row(items, 7)[4]).toBe('Rejet ou remboursement');
    expect(row(items, 8)[11]).toBe('Irrécouvrable');
    expect(row(items, 9).slice(3, 11)).toEqual(['P2', 'Règlement non imputé', day('2026-10-05'), null, -130, -80, null, 'Non imputé']);
    expect(formulaOf(items.getRow(13).getCell(9))).toBe('SUMIFS(I$2:I$11,$C$2:$C$11,$C13,$L$2:$L$11,"<>Irrécouvrable")');
    const summary = sheet(wb, 'Synthèse');
    expect(row(summary, 2)).toEqual(['Arrêtée au', day('2026-10-31')]);
    expect(row(summary, 16).slice(0, 3)).toEqual(['TOTAL', null, f('SUM(C10:C15)', 2115.5)]);
    expect(row(summary, 18)).toEqual(['Irrécouvrables (hors balance)', null, 70]);
    expect(row(summary, 36)).toEqual(['DSO : voir la commande ar dso']);
    const problems = sheet(wb, 'Anomalies');
    expect(row(problems, 1)).toEqual(['Gravité', 'Fichier', 'Ligne', 'Colonne', 'Valeur', 'Message']);
    expect(row(problems, 2)).toEqual(['Avertissement', 'reglements.csv', 3, 'Réf. facture', 'F404', PROBLEM.message]);
    expect(problems.autoFilter).toBe('A1:F2');
    expect(problems.getColumn(6).width).toBe(sheet(tpl, 'Problems').getColumn(6).width);
  });

  it('adds a last-contact date column when the journal gives one', async () => {
    const contacts: Record<string, string> = { C1: '2026-10-12' };
    const wb = await open(await write(ledger('en', { lastContact: (id) => contacts[id] ?? null })));
    const ws = sheet(wb, 'Customers');
    expect(row(ws, 1)[10]).toBe('Last contact');
    expect(row(ws, 2)[10]).toEqual(day('2026-10-12'));
    expect(ws.getRow(2).getCell(11).numFmt).toBe('dd/mm/yyyy');
    expect(ws.getColumn(11).width).toBe(sheet(tpl, 'Customers').getColumn(7).width);
    expect(row(ws, 3)[10] ?? null).toBeNull();
    expect(ws.autoFilter).toBe('A1:K5');
  });
});

describe('the Excel report (agingWorkbook, writeWorkbook): text that looks like a formula', () => {
  const evil = ['=HYPERLINK("http://x","y")', '+33 1 23', '-foo', '@SUM(1)', '\tTab', '\rCR'];

  it('writes it as string cells, never as formulas', async () => {
    const input = ledger(
      'en',
      {
        problems: [{ severity: 'error', file: '=cmd|x', line: 0, column: '+col', value: '=1+1', code: 'required', message: '@message' }],
      },
      { C1: evil[0]!, C2: evil[1]!, C3: evil[2]!, C4: evil[3]! },
    );
    const path = await write(input);
    const wb = await open(path);
    expect(row(sheet(wb, 'Customers'), 2)[1]).toBe(evil[0]);
    expect(row(sheet(wb, 'Customers'), 3)[1]).toBe(evil[1]);
    expect(row(sheet(wb, 'Customers'), 4)[1]).toBe(evil[2]);
    expect(row(sheet(wb, 'Customers'), 5)[1]).toBe(evil[3]);
    expect(row(sheet(wb, 'Problems'), 2)).toEqual(['Rejected row', '=cmd|x', null, '+col', '=1+1', '@message']);
    for (const ws of wb.worksheets) {
      ws.eachRow((r) =>
        r.eachCell((cell) => {
          const v = cell.value;
          if (typeof v === 'string' && /^[=+\-@\t\r\n]/.test(v)) expect(cell.type).toBe(ExcelJS.ValueType.String);
          const formula = formulaOf(cell);
          // The only formulas are the report's own totals and shares.
          if (formula !== undefined) expect(formula).toMatch(/^(SUM|SUMIF|SUMIFS)\(|^C\d+\/C\d+$/);
        }),
      );
    }
    // Straight from the XML: as many <f> elements as the report's own formulas, and the names in plain values.
    const xml = [...zipEntries(path, /^\/?xl\/worksheets\/sheet\d+\.xml$/).values()].join('');
    const formulas = xml.match(/<f>/g)?.length ?? 0;
    // Summary: 6+1+2 (EUR) + 6+1+1 (USD) = 17; Customers: 2 × 7 = 14; Open items: 2 × 2 = 4.
    expect(formulas).toBe(17 + 14 + 4);
    expect(xml).not.toMatch(/<f>[^<]*HYPERLINK/);
    expect(xml).toContain('=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)');
  });

  it('keeps ids, numbers, tabs and carriage returns as text', async () => {
    const invoices = [inv('=1+1', '@C', '2026-10-01', '2026-10-31', 1000, { customerName: null }), inv('-2', '+C', '2026-10-01', '2026-10-31', 2000)];
    const aged = ageOpenItems(allocatePayments(invoices, [], d('2026-10-31')));
    const names: Record<string, string> = { '@C': evil[4]!, '+C': evil[5]! };
    const input: AgingReportInput = {
      aged,
      lang: 'en',
      ledgers: [],
      customerName: (id) => names[id] ?? null,
      imports: { invoices: count('=x.csv', 2, 2), payments: null, customers: null },
      problems: [],
    };
    const wb = await open(await write(input));
    const items = sheet(wb, 'Open items');
    const cells = [2, 3].flatMap((r) => [1, 2, 4].map((c) => items.getRow(r).getCell(c)));
    for (const c of cells) expect(c.type).toBe(ExcelJS.ValueType.String);
    expect(cells.map((c) => c.value)).toEqual(['+C', '\nCR', '-2', '@C', '\tTab', '=1+1']);
    expect(sheet(wb, 'Summary').getRow(6).getCell(2).value).toBe('=x.csv');
    expect(sheet(wb, 'Summary').getRow(6).getCell(2).type).toBe(ExcelJS.ValueType.String);
  });
});

describe('the Excel report (agingWorkbook, writeWorkbook): many open items', () => {
  it('continues open items on further sheets beyond maxRowsPerSheet, each with its totals, and says so', async () => {
    const path = await write(ledger('en'), { maxRowsPerSheet: 4 });
    const wb = await open(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Customers', 'Open items', 'Open items (2)', 'Open items (3)', 'Problems']);
    const numbers = (name: string) => {
      const ws = sheet(wb, name);
      const out: unknown[] = [];
      for (let r = 2; r <= ws.rowCount; r++) if (ws.getRow(r).cellCount > 0 && ws.getRow(r).getCell(1).value !== 'TOTAL') out.push(ws.getRow(r).getCell(4).value);
      return out;
    };
    expect(numbers('Open items')).toEqual(['F1', 'F4', 'F2', 'F3']);
    expect(numbers('Open items (2)')).toEqual(['F5', 'R1', 'F9', 'P2']);
    expect(numbers('Open items (3)')).toEqual(['F7', 'F8']);
    for (const name of ['Open items', 'Open items (2)', 'Open items (3)']) {
      const ws = sheet(wb, name);
      expect(row(ws, 1)[0]).toBe('Id');
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const p1 = sheet(wb, 'Open items');
    expect(p1.autoFilter).toBe('A1:L5');
    expect(row(p1, 7).slice(0, 9)).toEqual([
      'TOTAL',
      null,
      'EUR',
      null,
      null,
      null,
      null,
      f('SUMIFS(H$2:H$5,$C$2:$C$5,$C7,$L$2:$L$5,"<>Written off")', 1770.5),
      f('SUMIFS(I$2:I$5,$C$2:$C$5,$C7,$L$2:$L$5,"<>Written off")', 1620.5),
    ]);
    const p2 = sheet(wb, 'Open items (2)');
    // F5 600.00 (500.00 open), R1 75.00, F9 written off, and the 80.00 left of P2's 130.00.
    expect(row(p2, 7).slice(0, 9)).toEqual([
      'TOTAL',
      null,
      'EUR',
      null,
      null,
      null,
      null,
      f('SUMIFS(H$2:H$5,$C$2:$C$5,$C7,$L$2:$L$5,"<>Written off")', 545),
      f('SUMIFS(I$2:I$5,$C$2:$C$5,$C7,$L$2:$L$5,"<>Written off")', 495),
    ]);
    expect(p2.rowCount).toBe(7);
    const p3 = sheet(wb, 'Open items (3)');
    expect(row(p3, 5).slice(0, 3)).toEqual(['TOTAL', null, 'USD']);
    expect(resultOf(p3.getRow(5).getCell(9))).toBe(700);
    // The sheets' open totals add up to the aged balance, unapplied credit included.
    expect(1620.5 + 495 + 700).toBe(2115.5 + 700);
    expect(row(sheet(wb, 'Summary'), 8)).toEqual(['The open items take 3 sheets (at most 4 rows per sheet).']);
  });

  it('writes an empty balance: headers, no totals', async () => {
    const input: AgingReportInput = {
      ...ledger('en', { problems: [] }),
      aged: ageOpenItems(allocatePayments([], [], d('2026-10-31'))),
    };
    const wb = await open(await write(input));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Customers', 'Open items']);
    expect(sheet(wb, 'Customers').rowCount).toBe(1);
    expect(sheet(wb, 'Open items').rowCount).toBe(1);
    expect(sheet(wb, 'Open items').autoFilter).toBe('A1:L1');
    expect(row(sheet(wb, 'Summary'), 9)).toEqual(['DSO: see ar dso']);
  });

  it('refuses a nonsensical row limit', async () => {
    await expect(write(ledger('en'), { maxRowsPerSheet: 0 })).rejects.toThrow(RangeError);
  });
});

describe('the Excel report (agingWorkbook, writeWorkbook): a customised template', () => {
  it('follows the user’s widths, number formats, header fill and view', async () => {
    const t = await open(TEMPLATE);
    const c = sheet(t, 'Customers');
    c.getColumn(2).width = 50;
    c.getColumn(4).width = 21;
    // exceljs shares one style object between the cells read with the same style: give each edited cell its own.
    const restyle = (cell: ExcelJS.Cell, s: Partial<ExcelJS.Style>) => (cell.style = { ...structuredClone(cell.style), ...s });
    restyle(c.getRow(2).getCell(4), { numFmt: '#,##0.00 "€"' });
    restyle(c.getRow(1).getCell(1), { fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } } });
    c.views = [{ state: 'normal' }];
    const items = sheet(t, 'Open items');
    restyle(items.getRow(2).getCell(6), { numFmt: 'yyyy-mm-dd' });
    items.pageSetup.orientation = 'portrait';
    const templatePath = join(tempDir(), 'mine.xlsx');
    await t.xlsx.writeFile(templatePath);

    const wb = await open(await write(ledger('en'), { templatePath }));
    const ws = sheet(wb, 'Customers');
    expect(ws.getColumn(2).width).toBe(50);
    expect([4, 5, 6, 7, 8].map((i) => ws.getColumn(i).width)).toEqual([21, 21, 21, 21, 21]);
    expect([4, 5, 6, 7, 8].map((i) => ws.getRow(3).getCell(i).numFmt)).toEqual(Array(5).fill('#,##0.00 "€"'));
    expect(ws.getRow(3).getCell(9).numFmt).toBe('#,##0.00');
    expect(ws.getRow(1).getCell(1).fill).toMatchObject({ fgColor: { argb: 'FFFF0000' } });
    expect(ws.views[0]?.state ?? 'normal').toBe('normal');
    const it = sheet(wb, 'Open items');
    expect(it.getRow(2).getCell(6).numFmt).toBe('yyyy-mm-dd');
    expect(it.pageSetup.orientation).toBe('portrait');
  });
});
