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

export function csvLine(fields: readonly string[]): string {
  return `${fields.join(',')}\r\n`;
}
