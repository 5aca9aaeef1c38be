import { basename } from 'node:path';
import type { CsvCells } from '../core/import/csv.ts';
import type { PaymentRows } from '../core/import/fast.ts';
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
  /**
   * A payments file's rows as `fastPaymentRows` reads them, when the worker read them (null: it gave
   * up); undefined when they are to be read here.
   */
  paymentRows(): Promise<PaymentRows | null | undefined>;
  /** Stops the worker: the file is no longer needed, or will be read here. */
  cancel(): void;
  /** Whether the worker read it (else this thread did). */
  byWorker(): boolean;
}

/**
 * A CSV ledger to be read later (as `readCsvTableSync`), started now on the second core when it is big:
 * a worker thread reads its bytes and cuts them into fields while the main thread reads the invoices
 * (measured: npm run bench); given `payments` (the config's column mapping), it also reads the
 * payments' rows. Whatever goes wrong in the worker, the file is read here instead.
 */
export function csvTableSoon(spec: string, options: { fromBytes?: number; payments?: Partial<Record<string, string>> } = {}): CsvSoon {
  const workerFromBytes = options.fromBytes ?? WORKER_FROM_BYTES;
  const { path, sheet } = splitSheet(spec);
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // not there: read later, which says so
  }
  if (sheet !== null || size < workerFromBytes) {
    return { table: async () => readCsvTableSync(spec), paymentRows: async () => undefined, cancel: () => {}, byWorker: () => false };
  }
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  let worker: InstanceType<typeof Worker> | null = null;
  let byWorker = false;
  const read = new Promise<{ table: Table; rows?: PaymentRows | null }>((resolve) => {
    let done = false;
    const fallback = (): void => {
      if (!done) {
        done = true;
        resolve({ table: readCsvTableSync(spec) });
      }
    };
    try {
      worker = new Worker(ownEntry('csv-worker'), { workerData: { path, payments: options.payments } });
    } catch {
      fallback();
      return;
    }
    worker.once('message', (csv: (Omit<CsvBytes, 'bytes'> & { bytes: Uint8Array; cells: CsvCells; rows?: PaymentRows | null }) | null) => {
      if (done) return;
      done = true;
      byWorker = true;
      // null: not a CSV the fast path reads; a table without bytes says so, as readCsvTableSync's.
      if (csv === null) resolve({ table: arrayTable(basename(path), []) });
      else {
        const { rows, ...bytes } = csv;
        const table = csvBytesTable(basename(path), { ...bytes, bytes: Buffer.from(csv.bytes.buffer, csv.bytes.byteOffset, csv.bytes.byteLength) });
        resolve(rows === undefined ? { table } : { table, rows });
      }
    });
    worker.once('error', fallback);
    worker.once('exit', fallback);
  });
  // When the fast path gives the ledgers up, the general path reads the file itself.
  return { table: async () => (await read).table, paymentRows: async () => (await read).rows, cancel: () => void worker?.terminate(), byWorker: () => byWorker };
}
