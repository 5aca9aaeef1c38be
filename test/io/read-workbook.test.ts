import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readTable } from '../../src/io/read-table.ts';
import { tempDir } from '../helpers/run.ts';

async function workbook(path: string, invoiceAmount: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Factures').addRows([
    ['N° facture', 'Client', 'Date', 'Montant'],
    ['F1', 'C1', '2026-01-05', invoiceAmount],
  ]);
  wb.addWorksheet('Règlements').addRows([
    ['Date', 'Client', 'Montant', 'Facture'],
    ['2026-02-01', 'C1', 10, 'F1'],
  ]);
  writeFileSync(path, Buffer.from(await wb.xlsx.writeBuffer()));
}

describe('a workbook that holds both ledgers', () => {
  it('is read once for both sheets, and read again when the file changes', async () => {
    const path = join(tempDir(), 'grand-livre.xlsx');
    await workbook(path, 100);
    const inv = await readTable(`${path}#Factures`, 'invoices', { wholeWorkbook: true });
    const pay = await readTable(`${path}#Règlements`, 'payments');
    expect(inv.file).toBe('grand-livre.xlsx#Factures');
    expect(inv.row(1)).toEqual(['F1', 'C1', '2026-01-05', 100]);
    expect(pay.file).toBe('grand-livre.xlsx#Règlements');
    expect(pay.line(1)).toBe(2);
    // Without a sheet name, the sheet whose header fits the kind.
    expect((await readTable(path, 'payments')).file).toBe('grand-livre.xlsx#Règlements');

    await workbook(path, 250);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect((await readTable(`${path}#Factures`, 'invoices')).row(1)).toEqual(['F1', 'C1', '2026-01-05', 250]);
    await expect(readTable(`${path}#Ventes`, 'invoices', { wholeWorkbook: true })).rejects.toMatchObject({ code: 'sheet_not_found' });
  });
});
