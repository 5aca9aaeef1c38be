import { basename } from 'node:path';
import { bankCsvStatement, findBankHeader } from '../core/import/bank-csv.ts';
import type { BankStatement } from '../core/import/bank.ts';
import { HEAD_ROWS, headRows, type Table } from '../core/import/table.ts';
import type { CsvSoon } from './csv-soon.ts';
import type { PaymentRowsRead } from '../core/import/ledger.ts';
import { isFecHeader } from '../core/import/fec.ts';
import { head, looksLikeXml, readTable, splitSheet } from './read-table.ts';

/** A table whose first line is a FEC's header (read through its own reader, src/io/read-fec.ts). */
function looksLikeFec(table: Table): boolean {
  return isFecHeader(headRows(table, 5).find((r) => r.some((c) => c !== null && c !== '')) ?? []);
}

/**
 * What `--payments` holds: a bank statement (CAMT.053 or a bank's CSV export), or a payments ledger (and
 * its rows, when read on the second core: the table then holds the file's first `HEAD_ROWS` rows only,
 * beside all its bytes; read it whole again to import it otherwise).
 */
export type PaymentsSource = { readonly kind: 'bank'; readonly statement: BankStatement } | { readonly kind: 'table'; readonly table: Table; readonly rows: PaymentRowsRead | null };

/** Whether a table read as payments is a payments ledger: not a bank's export (unless the config maps its columns). */
export function paymentsLedgerTable(table: Table, mapped: boolean): boolean {
  return mapped || findBankHeader(headRows(table, HEAD_ROWS)) < 0;
}

/**
 * Reads the file given as payments and tells what it is: XML is a CAMT.053 statement; a table whose
 * header is a bank export's (and no `columns.payments` mapping in the config) is a bank CSV; anything
 * else is a payments ledger.
 */
export async function readPaymentsSource(spec: string, mapped: boolean, defaultCurrency: string, soon: CsvSoon | null = null): Promise<PaymentsSource> {
  const { path, sheet } = splitSheet(spec);
  if (sheet === null && startsLikeXml(path)) {
    // The XML reader is loaded only when an XML file is given (start-up time).
    const { readCamtFile } = await import('./read-xml.ts');
    return { kind: 'bank', statement: readCamtFile(path, basename(path), defaultCurrency) };
  }
  // A CSV file already read on the second core (src/io/csv-soon.ts), else read now.
  const early = soon === null ? null : await soon.table();
  const table = early?.bytes !== undefined && !looksLikeFec(early) ? early : await readTable(spec, 'payments');
  if (!paymentsLedgerTable(table, mapped)) return { kind: 'bank', statement: bankCsvStatement(table, findBankHeader(headRows(table, HEAD_ROWS)), defaultCurrency) };
  return { kind: 'table', table, rows: table === early && soon !== null ? await soon.paymentRows() : null };
}

function startsLikeXml(path: string): boolean {
  try {
    return looksLikeXml(head(path));
  } catch {
    return false; // readTable says what is wrong with the path
  }
}
