/**
 * CSV for spreadsheets and programs, in three dialects (`--csv`, by default the output language's):
 * - `excel-fr`: what French Excel opens by a double click: `;` between fields, a decimal comma, UTF-8
 *   with a byte order mark (without one Excel reads UTF-8 as Windows-1252: mojibake), headers in words
 *   Excel cannot take for dates (`1–30 j`, not `1-30`, which Excel turns into a date);
 * - `excel-en`: the same for English Excel: `,` and a decimal point, the mark, the headers in words;
 * - `rfc4180`: for programs: `,`, a decimal point, no mark, the stable keys of the columns (`1-30`).
 * All: RFC 4180 quoting, CRLF. Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
 * CR) is prefixed with an apostrophe, the OWASP defence; amounts are plain numbers and are never prefixed.
 */

export type CsvDialectName = 'excel-fr' | 'excel-en' | 'rfc4180';

export interface CsvDialect {
  readonly name: CsvDialectName;
  readonly separator: ',' | ';';
  readonly decimal: '.' | ',';
  /** The UTF-8 byte order mark first. */
  readonly bom: boolean;
  /** Opened by people in a spreadsheet: headers in words, never a key a spreadsheet reads as a date. */
  readonly forPeople: boolean;
}

export const CSV_DIALECTS: Readonly<Record<CsvDialectName, CsvDialect>> = {
  'excel-fr': { name: 'excel-fr', separator: ';', decimal: ',', bom: true, forPeople: true },
  'excel-en': { name: 'excel-en', separator: ',', decimal: '.', bom: true, forPeople: true },
  rfc4180: { name: 'rfc4180', separator: ',', decimal: '.', bom: false, forPeople: false },
};

export const RFC4180 = CSV_DIALECTS.rfc4180;

/** What a CSV file starts with: the byte order mark, for Excel. */
export function csvStart(dialect: CsvDialect): string {
  return dialect.bom ? '\uFEFF' : '';
}

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a text value that a spreadsheet would read as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * One CSV field: text is neutralised then quoted when needed; numbers (`1234.56`, `-0.5`) are written
 * as they are, with the dialect's decimal mark.
 */
export function csvField(value: string | number | null, kind: 'text' | 'number' = 'text', dialect: CsvDialect = RFC4180): string {
  if (value === null) return '';
  let s = kind === 'text' ? neutraliseFormula(String(value)) : String(value);
  if (kind === 'number' && dialect.decimal === ',') s = s.replace('.', ',');
  return s.includes(dialect.separator) || /["\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(fields: readonly string[], dialect: CsvDialect = RFC4180): string {
  return `${fields.join(dialect.separator)}\r\n`;
}
