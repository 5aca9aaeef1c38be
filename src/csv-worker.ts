/**
 * A worker thread that reads a CSV file and cuts it into fields (src/io/csv-soon.ts), while the main
 * thread reads the other ledger: the second core does what would otherwise wait. What it reads is
 * handed over, not copied (the bytes and the offsets are transferred).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readCsvBytes } from './io/read-table.ts';

const csv = readCsvBytes((workerData as { path: string }).path);
if (csv === null) {
  parentPort!.postMessage(null);
} else {
  const { bytes, cells } = csv;
  const buffers = new Set<ArrayBuffer>([bytes.buffer as ArrayBuffer, ...[cells.rowFirst, cells.rowLine, cells.fieldStart, cells.fieldEnd].map((a) => a.buffer as ArrayBuffer)]);
  parentPort!.postMessage(csv, [...buffers]);
}
