import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { expect } from 'vitest';

/**
 * Opens a workbook `ar` wrote, part by part and then with exceljs, and checks every cell of every
 * sheet: the only formulas are the report's own totals and shares (SUM, SUMIF, SUMIFS, ROUND, a
 * share `C5/C9`), none holds a payload, no cell is a hyperlink or rich text. Returns the string cells.
 */
export async function inspectWorkbook(data: Buffer | string, payloads: readonly string[]) {
  const buf = typeof data === 'string' ? readFileSync(data) : data;
  // The parts themselves: a formula element never holds a payload.
  const zip = await JSZip.loadAsync(buf);
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/.*\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    for (const f of xml.matchAll(/<f>([^<]*)<\/f>/g)) expect(f[1], name).toMatch(/^(SUM|SUMIF|SUMIFS|ROUND)\(|^C\d+\/C\d+$/);
    expect(xml, name).not.toMatch(/<hyperlink/);
  }
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  const texts: string[] = [];
  const formulas: string[] = [];
  for (const ws of wb.worksheets) {
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        expect(cell.hyperlink, `${ws.name}!${cell.address}`).toBeUndefined();
        if (cell.type === ExcelJS.ValueType.Formula) formulas.push(cell.formula);
        else if (cell.type === ExcelJS.ValueType.String) texts.push(cell.value as string);
        else if (cell.type === ExcelJS.ValueType.RichText) throw new Error(`rich text in ${ws.name}!${cell.address}`);
      }),
    );
  }
  for (const f of formulas) for (const h of payloads) expect(f).not.toContain(h.trim());
  return { texts, formulas, sheets: wb.worksheets.map((w) => w.name) };
}
