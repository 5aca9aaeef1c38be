import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { bankCsvStatement, findBankHeader } from '../core/import/bank-csv.ts';
import type { BankStatement } from '../core/import/bank.ts';
import { headRows, type Table } from '../core/import/table.ts';
import { InputError } from '../errors.ts';
import { readTable, splitSheet } from './read-table.ts';

/** What `--payments` holds: a bank statement (CAMT.053 or a bank's CSV export), or a payments ledger. */
export type PaymentsSource = { readonly kind: 'bank'; readonly statement: BankStatement } | { readonly kind: 'table'; readonly table: Table };

/**
 * Reads the file given as payments and tells what it is: XML is a CAMT.053 statement; a table whose
 * header is a bank export's (and no `columns.payments` mapping in the config) is a bank CSV; anything
 * else is a payments ledger.
 */
export async function readPaymentsSource(spec: string, mapped: boolean, defaultCurrency: string): Promise<PaymentsSource> {
  const { path, sheet } = splitSheet(spec);
  if (sheet === null && (await startsLikeXml(path))) {
    // The XML reader is loaded only when an XML file is given (start-up time).
    const { readCamtFile } = await import('./read-xml.ts');
    return { kind: 'bank', statement: readCamtFile(path, basename(path), defaultCurrency) };
  }
  const table = await readTable(spec, 'payments');
  if (!mapped) {
    const header = findBankHeader(headRows(table, 30));
    if (header >= 0) return { kind: 'bank', statement: bankCsvStatement(table, header, defaultCurrency) };
  }
  return { kind: 'table', table };
}

async function startsLikeXml(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return false; // readTable says what is wrong with the path
  }
  try {
    const buf = Buffer.alloc(512);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return looksLikeXml(buf.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/**
 * True when bytes look like XML: optional BOM and white space, then `<`; in UTF-8 or in UTF-16 (with
 * or without its BOM), so that a UTF-16 statement is read as the XML it is, not as a CSV.
 */
export function looksLikeXml(bytes: Uint8Array): boolean {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be || (bytes[0] === 0x3c && bytes[1] === 0x00) || (bytes[0] === 0x00 && bytes[1] === 0x3c)) {
    // UTF-16: every other byte is zero for ASCII; the first character after the BOM and spaces is `<`.
    const off = le || be ? 2 : 0;
    for (let i = off; i + 1 < bytes.length; i += 2) {
      const c = le || bytes[0] === 0x3c ? bytes[i]! | (bytes[i + 1]! << 8) : (bytes[i]! << 8) | bytes[i + 1]!;
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) continue;
      return c === 0x3c;
    }
    return false;
  }
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}
