import { basename } from 'node:path';
import type { CsvCells } from '../core/import/csv.ts';
import { arrayTable, type Table } from '../core/import/table.ts';
import { statSync } from '../fs.ts';
import { ownEntry } from '../resources.ts';
import { csvBytesTable, readCsvTableSync, splitSheet, type CsvBytes } from './read-table.ts';

/**
 * Below this size a file is read when it is needed: a worker's start (a few milliseconds of the main
 * thread's time) costs about what reading the file saves (measured: a 4 MB payments file, 100k rows, no
 * gain; 43 MB, 1M rows, 0.14 s of 2.4).
 */
const WORKER_FROM_BYTES = 8 * 1024 * 1024;

export interface CsvSoon {
  /** The table, once read. */
  table(): Promise<Table>;
  /** Stops the worker: the file is no longer needed, or will be read here. */
  cancel(): void;
  /** Whether the worker read it (else this thread did). */
  byWorker(): boolean;
}

/**
 * A CSV ledger to be read later (as `readCsvTableSync`), started now on the second core when it is big:
 * a worker thread reads its bytes and cuts them into fields while the main thread reads the invoices
 * (measured: npm run bench). Whatever goes wrong in the worker, the file is read here instead.
 */
export function csvTableSoon(spec: string, workerFromBytes = WORKER_FROM_BYTES): CsvSoon {
  const { path, sheet } = splitSheet(spec);
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // not there: read later, which says so
  }
  if (sheet !== null || size < workerFromBytes) return { table: async () => readCsvTableSync(spec), cancel: () => {}, byWorker: () => false };
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  let worker: InstanceType<typeof Worker> | null = null;
  let byWorker = false;
  const read = new Promise<Table>((resolve) => {
    let done = false;
    const fallback = (): void => {
      if (!done) {
        done = true;
        resolve(readCsvTableSync(spec));
      }
    };
    try {
      worker = new Worker(ownEntry('csv-worker'), { workerData: { path } });
    } catch {
      fallback();
      return;
    }
    worker.once('message', (csv: (Omit<CsvBytes, 'bytes'> & { bytes: Uint8Array; cells: CsvCells }) | null) => {
      if (done) return;
      done = true;
      byWorker = true;
      // null: not a CSV the fast path reads; a table without bytes says so, as readCsvTableSync's.
      if (csv === null) resolve(arrayTable(basename(path), []));
      else resolve(csvBytesTable(basename(path), { ...csv, bytes: Buffer.from(csv.bytes.buffer, csv.bytes.byteOffset, csv.bytes.byteLength) }));
    });
    worker.once('error', fallback);
    worker.once('exit', fallback);
  });
  // When the fast path gives the ledgers up, the general path reads the file itself.
  return { table: () => read, cancel: () => void worker?.terminate(), byWorker: () => byWorker };
}
