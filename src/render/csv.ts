/**
 * CSV for spreadsheets and programs: comma-separated, UTF-8, RFC 4180 quoting, CRLF.
 * Text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with an
 * apostrophe, the OWASP defence; amounts are plain numbers and are never prefixed.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises a text value that a spreadsheet would read as a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One CSV field: text is neutralised then quoted when needed; numbers are written as they are. */
export function csvField(value: string | number | null, kind: 'text' | 'number' = 'text'): string {
  if (value === null) return '';
  const s = kind === 'text' ? neutraliseFormula(String(value)) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Characters an XLSX cell cannot hold (the sheet is XML 1.0): C0 controls other than tab, LF and CR,
 * U+FFFE, U+FFFF and lone surrogates. Written raw they make the whole workbook unreadable.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text for an XLSX cell, always written as a string cell (never a formula, never a hyperlink): a
 * spreadsheet shows `=HYPERLINK(…)` from a ledger as the text it is, so nothing is prefixed; only the
 * characters XML cannot hold become U+FFFD. Example: `sheetText('a\u0000b')` is `'a\uFFFDb'`.
 */
export function sheetText(text: string): string {
  return text.replace(NOT_XML, '\uFFFD');
}

export function csvLine(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}
