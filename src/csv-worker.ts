/**
 * A worker thread that reads a CSV file and cuts it into fields (src/io/csv-soon.ts), while the main
 * thread reads the other ledger: the second core does what would otherwise wait. A payments ledger is
 * also read as far as it can be without the invoices (`readPaymentRows`). What it reads is handed over,
 * not copied (the bytes, the offsets and the rows' columns are transferred).
 */
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
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
  const arrays: ArrayBufferView[] = [bytes, cells.rowFirst, cells.rowLine, cells.rowStart, cells.fieldEnd];
  if (rows !== null) arrays.push(rows.line, rows.date, rows.amount, rows.ok, rows.currency, rows.customer, rows.idS, rows.idE, rows.refStart, rows.refS, rows.refE, rows.method);
  const buffers = new Set<ArrayBuffer>(arrays.map((a) => a.buffer as ArrayBuffer));
  parentPort!.postMessage({ ...csv, rows }, [...buffers]);
}
