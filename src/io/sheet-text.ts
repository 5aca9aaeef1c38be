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
