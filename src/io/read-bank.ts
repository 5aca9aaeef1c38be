import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { bankCsvStatement, findBankHeader } from '../core/import/bank-csv.ts';
import type { BankStatement } from '../core/import/bank.ts';
import { headRows, type Table } from '../core/import/table.ts';
import { InputError } from '../errors.ts';
import { looksLikeXml, readTable, splitSheet } from './read-table.ts';

export { looksLikeXml };

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
