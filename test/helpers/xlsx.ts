import JSZip from 'jszip';

/**
 * Workbooks written part by part (with jszip), for what a spreadsheet program would never write:
 * formulas without saved values, the 1904 date system, DTDs, a million empty rows, damage.
 */

/** A cell: text (inline string), a number, a date serial with a date format, or a formula with its saved value. */
export type CellSpec = string | number | null | { date: number } | { f: string; v?: string; t?: 'str' | 'b' | 'e'; date?: boolean };

const COLS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One `<row>` of sheet XML. */
export function row(r: number, ...cells: CellSpec[]): string {
  const xml = cells.map((c, i) => {
    const ref = `${COLS[i]}${r}`;
    if (c === null) return '';
    if (typeof c === 'string') return `<c r="${ref}" t="inlineStr"><is><t>${esc(c)}</t></is></c>`;
    if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`;
    if ('f' in c) return `<c r="${ref}"${c.date ? ' s="1"' : ''}${c.t ? ` t="${c.t}"` : ''}><f>${esc(c.f)}</f>${c.v !== undefined ? `<v>${esc(c.v)}</v>` : ''}</c>`;
    return `<c r="${ref}" s="1"><v>${c.date}</v></c>`;
  });
  return `<row r="${r}">${xml.join('')}</row>`;
}

export function sheetXml(rows: string, prolog = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
}

export interface WorkbookSpec {
  readonly sheets: readonly { readonly name: string; readonly xml: string }[];
  readonly date1904?: boolean;
  /** Raw sharedStrings.xml, when wanted. */
  readonly sharedStrings?: string;
  /** The metadata parts written before the sheets (as Excel does), else after them (as exceljs does): the order must not matter. */
  readonly metadataFirst?: boolean;
}

/** The bytes of an .xlsx made of these parts. */
export async function workbook(spec: WorkbookSpec): Promise<Buffer> {
  const overrides = spec.sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('');
  const meta: [string, string][] = [
    [
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>${overrides}</Types>`,
    ],
    [
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>${spec.sharedStrings ? '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>' : ''}</Relationships>`,
    ],
    [
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><workbookPr${spec.date1904 ? ' date1904="1"' : ''}/><sheets>${spec.sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/styles.xml',
      '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
    ],
    ...(spec.sharedStrings ? ([['xl/sharedStrings.xml', spec.sharedStrings]] as [string, string][]) : []),
  ];
  const sheets: [string, string][] = spec.sheets.map((s, i) => [`xl/worksheets/sheet${i + 1}.xml`, s.xml]);
  const zip = new JSZip();
  for (const [name, xml] of spec.metadataFirst === false ? [...sheets, ...meta] : [...meta, ...sheets]) zip.file(name, xml);
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 6 } });
}
