/**
 * A worker thread that reads a CSV file and cuts it into fields (src/io/csv-soon.ts), while the main
 * thread reads the other ledger: the second core does what would otherwise wait. A payments file is
 * also read as far as it can be without the invoices (`fastPaymentRows`). What it reads is handed
 * over, not copied (the bytes, the offsets and the payments' columns are transferred).
 */
import { basename } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { fastPaymentRows } from './core/import/fast.ts';
import { csvBytesTable, readCsvBytes } from './io/read-table.ts';

const { path, payments } = workerData as { path: string; payments?: Partial<Record<string, string>> };
const csv = readCsvBytes(path);
if (csv === null) {
  parentPort!.postMessage(null);
} else {
  const { bytes, cells } = csv;
  const rows = payments === undefined ? undefined : fastPaymentRows(csvBytesTable(basename(path), csv), payments);
  const arrays: ArrayBufferView[] = [bytes, cells.rowFirst, cells.rowLine, cells.fieldStart, cells.fieldEnd];
  if (rows) arrays.push(rows.date, rows.amount, rows.line, rows.customer, rows.referenceStart, rows.referenceRange, ...(rows.idField ? [rows.idField] : []), ...(rows.risingId ? [rows.risingId.num, rows.risingId.digits] : []));
  const buffers = new Set<ArrayBuffer>(arrays.map((a) => a.buffer as ArrayBuffer));
  parentPort!.postMessage({ ...csv, rows }, [...buffers]);
}
