import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { ageOpenItems } from '../../src/core/aging.ts';
import { allocatePayments } from '../../src/core/allocate.ts';
import type { ImportCount } from '../../src/core/import/ledger.ts';
import { writeAgingReport } from '../../src/io/xlsx-report.ts';
import type { AgingReportInput, Lang } from '../../src/render/aging-report.ts';
import { d, inv, pay } from '../helpers/build.ts';
import { ROOT, tempDir } from '../helpers/run.ts';

const count = (file: string, n: number): ImportCount => ({ file, read: n, used: n, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } });

/**
 * As of 2026-10-31: C1 owes F1 1,000.00 (91+) and F2 250.50 (1-30); C2 (named `=HYPERLINK…`) owes F3 300.00 less a
 * credit note of 100.00 → 200.00 not yet due; C3 paid 80.00 too much → unapplied −80.00; C4 owes USD 500.00 (31-60);
 * C5 has a written-off invoice of 70.00.
 */
function input(lang: Lang, problems = true): AgingReportInput {
  const invoices = [
    inv('F1', 'C1', '2026-06-01', '2026-07-01', 100000),
    inv('F2', 'C1', '2026-09-20', '2026-10-20', 25050),
    inv('F3', 'C2', '2026-10-15', '2026-11-14', 30000),
    inv('AV1', 'C2', '2026-10-16', '2026-10-16', -10000, { creditedInvoice: 'F3' }),
    inv('F4', 'C3', '2026-09-01', '2026-10-01', 5000),
    inv('F5', 'C4', '2026-08-01', '2026-09-15', 50000, { currency: 'USD' }),
    inv('F6', 'C5', '2025-01-01', '2025-01-31', 7000, { status: 'written_off' }),
  ];
  const aged = ageOpenItems(allocatePayments(invoices, [pay('P1', 'C3', '2026-10-05', 13000, ['F4'])], d('2026-10-31')));
  const names: Record<string, string> = { C1: 'Dupont SARL', C2: '=HYPERLINK("http://x","y")', C3: '+33 1 23', C4: '@SUM(1)', C5: '-foo' };
  return {
    aged, lang, ledgers: ['factures.csv'], customerName: (id) => names[id] ?? null,
    imports: { invoices: count('factures.csv', 7), payments: count('reglements.csv', 1), customers: null },
    problems: problems ? [{ severity: 'warning', file: 'reglements.csv', line: 3, column: 'Réf. facture', value: 'F404', message: 'reglements.csv:3: payment names invoice "F404", which is not in the ledger' }] : [],
  };
}

async function open(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

const formulaOf = (c: ExcelJS.Cell) => (c.value as { formula?: string }).formula;
// exceljs's reader drops a cached result of 0 (the file holds <v>0</v>): read it back as 0.
const resultOf = (c: ExcelJS.Cell) => (c.value as { result?: number }).result ?? 0;

describe('writeAgingReport', () => {
  it('writes the four sheets in French, with the template’s look, and reads back cell by cell', async () => {
    const path = join(tempDir(), 'balance.xlsx');
    await writeAgingReport(path, input('fr'));
    const wb = await open(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Synthèse', 'Clients', 'Pièces ouvertes', 'Anomalies']);
    const tpl = await open(join(ROOT, 'templates/report.xlsx'));

    const cust = wb.getWorksheet('Clients')!;
    expect(cust.getRow(1).values).toEqual([undefined, 'Code', 'Client', 'Devise', 'Non échu', '1–30 j', '31–60 j', '61–90 j', '> 90 j', 'Non imputé', 'Total']);
    expect(cust.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(cust.autoFilter).toBe('A1:J1');
    expect([1, 2, 3, 4].map((i) => cust.getColumn(i).width)).toEqual([1, 2, 3, 4].map((i) => tpl.getWorksheet('Customers')!.getColumn(i).width));
    expect(cust.getRow(1).getCell(1).font?.bold).toBe(true);
    // EUR block: C1 1,250.50; C2 200.00; C3 −80.00; then its total row with real formulas.
    expect(cust.getRow(2).values).toEqual([undefined, 'C1', 'Dupont SARL', 'EUR', 0, 250.5, 0, 0, 1000, 0, 1250.5]);
    expect(cust.getRow(3).values).toEqual([undefined, 'C2', '=HYPERLINK("http://x","y")', 'EUR', 200, 0, 0, 0, 0, 0, 200]);
    // C5 owes nothing in the balance (its invoice is written off); C3 is in credit: last.
    expect(cust.getRow(4).values).toEqual([undefined, 'C5', '-foo', 'EUR', 0, 0, 0, 0, 0, 0, 0]);
    expect(cust.getRow(5).values).toEqual([undefined, 'C3', '+33 1 23', 'EUR', 0, 0, 0, 0, 0, -80, -80]);
    const total = cust.getRow(6);
    expect(total.getCell(1).value).toBe('Total');
    expect(formulaOf(total.getCell(4))).toBe('SUM(D2:D5)');
    expect(formulaOf(total.getCell(10))).toBe('SUM(J2:J5)');
    expect(resultOf(total.getCell(10))).toBe(1370.5);
    // The formula gives the same value when recalculated: the cells it sums.
    for (let col = 4; col <= 10; col++) {
      const sum = [2, 3, 4, 5].reduce((s, r) => s + Number(cust.getRow(r).getCell(col).value), 0);
      expect(resultOf(total.getCell(col))).toBeCloseTo(sum, 9);
    }
    expect(cust.getRow(7).values).toEqual([undefined, 'C4', '@SUM(1)', 'USD', 0, 0, 500, 0, 0, 0, 500]);
    expect(formulaOf(cust.getRow(8).getCell(6))).toBe('SUM(F7:F7)');
    expect(cust.getRow(2).getCell(4).numFmt).toBe(tpl.getWorksheet('Customers')!.getRow(2).getCell(4).numFmt);

    const items = wb.getWorksheet('Pièces ouvertes')!;
    expect(items.getRow(2).values).toEqual([undefined, 'C1', 'Dupont SARL', 'EUR', 'F1', 'Facture', new Date(Date.UTC(2026, 5, 1)), new Date(Date.UTC(2026, 6, 1)), 1000, 1000, 122, '> 90 j']);
    expect(items.getRow(2).getCell(6).numFmt).toBe('dd/mm/yyyy');
    const written = items.getRow(5);
    expect(written.values).toEqual([undefined, 'C5', '-foo', 'EUR', 'F6', 'Facture', new Date(Date.UTC(2025, 0, 1)), new Date(Date.UTC(2025, 0, 31)), 70, 70, 638, undefined, 'Irrécouvrable']);
    expect(items.getRow(6).getCell(4).value).toBe('F5');
    expect(formulaOf(items.getRow(7).getCell(9))).toBe('SUMIFS(I2:I6,C2:C6,"EUR",L2:L6,"<>Irrécouvrable")');
    expect(resultOf(items.getRow(7).getCell(9))).toBe(1450.5);
    expect(formulaOf(items.getRow(8).getCell(9))).toBe('SUMIFS(I2:I6,C2:C6,"USD",L2:L6,"<>Irrécouvrable")');
    expect(resultOf(items.getRow(8).getCell(9))).toBe(500);

    const summary = wb.getWorksheet('Synthèse')!;
    const col = (c: number) => summary.getColumn(c).values as unknown[];
    const labels = col(1);
    const totalRow = labels.indexOf('Total');
    expect(resultOf(summary.getRow(totalRow).getCell(2))).toBe(1370.5);
    expect(formulaOf(summary.getRow(totalRow).getCell(2))).toMatch(/^SUM\(B\d+:B\d+\)$/);
    const notDue = labels.indexOf('Non échu');
    expect(summary.getRow(notDue).getCell(2).value).toBe(200);
    expect(resultOf(summary.getRow(notDue).getCell(3))).toBeCloseTo(200 / 1370.5, 12);
    expect(labels).toContain('Irrécouvrables (hors balance)');
    expect(labels).toContain('DSO : voir la commande ar dso');
    expect(labels).toContain('C1 — Dupont SARL');

    const problems = wb.getWorksheet('Anomalies')!;
    expect(problems.getRow(2).values).toEqual([undefined, 'avertissement', 'reglements.csv', 3, 'Réf. facture', 'F404', 'reglements.csv:3: payment names invoice "F404", which is not in the ledger']);
  });

  it('writes text that looks like a formula as text, never as a formula', async () => {
    const path = join(tempDir(), 'inject.xlsx');
    await writeAgingReport(path, input('en'));
    const wb = await open(path);
    for (const ws of wb.worksheets) {
      ws.eachRow((row) =>
        row.eachCell((cell) => {
          if (typeof cell.value === 'string' && /^[=+\-@]/.test(cell.value)) expect(cell.type).toBe(ExcelJS.ValueType.String);
          const f = formulaOf(cell);
          if (f !== undefined) expect(f).toMatch(/^(SUM|SUMIFS|IF)\(/);
        }),
      );
    }
  });

  it('names the sheets in English, and leaves out the problems sheet when there is none', async () => {
    const path = join(tempDir(), 'en.xlsx');
    await writeAgingReport(path, input('en', false));
    const wb = await open(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Customers', 'Open items']);
    expect(wb.getWorksheet('Customers')!.getRow(1).getCell(4).value).toBe('Not yet due');
  });

  it('splits open items across sheets beyond the rows a sheet holds, and says so', async () => {
    const path = join(tempDir(), 'split.xlsx');
    const r = await writeAgingReport(path, input('en'), { maxRowsPerSheet: 3 });
    expect(r.itemSheets).toBe(2);
    const wb = await open(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Customers', 'Open items', 'Open items (2)', 'Problems']);
    const numbers = (name: string) => wb.getWorksheet(name)!.getColumn(4).values.filter((v) => typeof v === 'string' && v !== '');
    expect(numbers('Open items')).toEqual(['Document', 'F1', 'F2', 'F3']);
    expect(numbers('Open items (2)')).toEqual(['Document', 'F6', 'F5']);
    expect(wb.getWorksheet('Summary')!.getColumn(1).values).toContain('More rows than an Excel sheet holds: the open items take 2 sheets.');
  });
});
