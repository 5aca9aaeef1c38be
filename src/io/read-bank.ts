import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { bankCsvStatement, findBankHeader } from '../core/import/bank-csv.ts';
import type { BankStatement } from '../core/import/bank.ts';
import { camtStatement, NotAStatementError } from '../core/import/camt.ts';
import { headRows, type Table } from '../core/import/table.ts';
import { InputError } from '../errors.ts';
import type { CsvSoon } from './csv-soon.ts';
import type { PaymentRowsRead } from '../core/import/ledger.ts';
import { isFecHeader } from '../core/import/fec.ts';
import { readTable, splitSheet } from './read-table.ts';

/** A table whose first line is a FEC's header (read through its own reader, src/io/read-fec.ts). */
function looksLikeFec(table: Table): boolean {
  return isFecHeader(headRows(table, 5).find((r) => r.some((c) => c !== null && c !== '')) ?? []);
}

/** What `--payments` holds: a bank statement (CAMT.053 or a bank's CSV export), or a payments ledger (and its rows, when read on the second core). */
export type PaymentsSource = { readonly kind: 'bank'; readonly statement: BankStatement } | { readonly kind: 'table'; readonly table: Table; readonly rows: PaymentRowsRead | null };

/** Whether a table read as payments is a payments ledger: not a bank's export (unless the config maps its columns). */
export function paymentsLedgerTable(table: Table, mapped: boolean): boolean {
  return mapped || findBankHeader(headRows(table, 30)) < 0;
}

/**
 * Reads the file given as payments and tells what it is: XML is a CAMT.053 statement; a table whose
 * header is a bank export's (and no `columns.payments` mapping in the config) is a bank CSV; anything
 * else is a payments ledger.
 */
export async function readPaymentsSource(spec: string, mapped: boolean, defaultCurrency: string, soon: CsvSoon | null = null): Promise<PaymentsSource> {
  const { path, sheet } = splitSheet(spec);
  if (sheet === null && (await startsLikeXml(path))) {
    const file = basename(path);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      throw new InputError('file_not_found', { file: path });
    }
    // The XML parser is loaded only when an XML file is given (start-up time).
    const { parseXml } = await import('./read-xml.ts');
    const root = parseXml(file, decodeXml(bytes));
    try {
      return { kind: 'bank', statement: camtStatement(root, file, defaultCurrency) };
    } catch (e) {
      if (e instanceof NotAStatementError) throw new InputError('camt_not_statement', { file, root: e.root, namespace: e.namespace || '-' });
      throw e;
    }
  }
  // A CSV file already read on the second core (src/io/csv-soon.ts), else read now.
  const early = soon === null ? null : await soon.table();
  const table = early?.bytes !== undefined && !looksLikeFec(early) ? early : await readTable(spec, 'payments');
  if (!paymentsLedgerTable(table, mapped)) return { kind: 'bank', statement: bankCsvStatement(table, findBankHeader(headRows(table, 30)), defaultCurrency) };
  return { kind: 'table', table, rows: table === early && soon !== null ? await soon.paymentRows() : null };
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

/** XML text: UTF-8 (the rule for ISO 20022), else the encoding its declaration names, else windows-1252. */
function decodeXml(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
    const declared = /encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1];
    try {
      return new TextDecoder(declared ?? 'windows-1252').decode(bytes);
    } catch {
      return new TextDecoder('windows-1252').decode(bytes);
    }
  }
}

/** True when bytes look like XML: optional BOM and white space, then `<`. */
export function looksLikeXml(bytes: Uint8Array): boolean {
  let i = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return bytes[i] === 0x3c;
}
