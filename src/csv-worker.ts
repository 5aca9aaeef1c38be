/**
 * A worker thread that reads a CSV file and cuts it into fields (src/io/csv-soon.ts), while the main
 * thread reads the other ledger: the second core does what would otherwise wait. A payments ledger is
 * also read as far as it can be without the invoices (`readPaymentRows`). What it reads is handed over,
 * not copied (the bytes, the offsets and the rows' columns are transferred).
 */
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { headCells } from './core/import/csv.ts';
import { HEAD_ROWS } from './core/import/table.ts';
import { readPaymentRows, type ImportOptions, type PaymentRowsRead } from './core/import/ledger.ts';
import { csvBytesTable, readCsvBytes } from './io/read-table.ts';
import { paymentsLedgerTable } from './io/read-bank.ts';

const { path, payments } = workerData as { path: string; payments?: ImportOptions & { mapped: boolean } };
const csv = readCsvBytes(path);
if (csv === null) {
  parentPort!.postMessage(null);
} else {
  const { bytes, cells } = csv;
  let rows: PaymentRowsRead | null = null;
  if (payments !== undefined) {
    const table = csvBytesTable(basename(path), csv);
    try {
      // Only a payments ledger (not a bank's export, not a FEC); anything wrong is said when read again there.
      if (paymentsLedgerTable(table, payments.mapped)) rows = readPaymentRows(table, payments);
    } catch {
      rows = null;
    }
  }
  // Its rows read, the file's fields are needed there only to look at its header (src/io/read-bank.ts): the
  // rest is let go here, not held beside the invoices the main thread is still reading (40 MB at 1M rows).
  const sent = rows === null ? cells : headCells(cells, HEAD_ROWS);
  const arrays: ArrayBufferView[] = [bytes, sent.rowFirst, sent.rowStart, sent.fieldEnd, ...(sent.rowLine ? [sent.rowLine] : [])];
  if (rows !== null) arrays.push(rows.line, rows.date, rows.amount, rows.ok, rows.currency, rows.customer, rows.idS, rows.idE, rows.refStart, rows.refS, rows.refE, rows.method);
  const buffers = new Set<ArrayBuffer>(arrays.map((a) => a.buffer as ArrayBuffer));
  parentPort!.postMessage({ ...csv, cells: sent, rows }, [...buffers]);
}
