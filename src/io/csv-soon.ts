import { basename } from 'node:path';
import type { CsvCells } from '../core/import/csv.ts';
import type { ImportOptions, PaymentRowsRead } from '../core/import/ledger.ts';
import type { Table } from '../core/import/table.ts';
import { statSync } from '../fs.ts';
import { ownEntry } from '../resources.ts';
import { csvBytesTable, head, looksLikeXml, readCsvTableSync, splitSheet, type CsvBytes } from './read-table.ts';

/**
 * Below this size a file is read when it is needed: a worker's start (its own V8, its modules compiled
 * again) costs more than reading the file on the second core saves (measured on the bench's ledgers,
 * whole runs: payments of 1.6 MB, 30k rows, 198 → 251 ms with a worker; 2.7 MB 269 → 291 ms; 5.4 MB,
 * 100k rows, 429 → 398 ms).
 */
const WORKER_FROM_BYTES = 4 * 1024 * 1024;

export interface CsvSoon {
  /** The table, once read (a table without bytes when the file is not a CSV: it is then read as usual). */
  table(): Promise<Table>;
  /** A payments ledger's rows, when the worker read them (`readPaymentRows`); null otherwise. */
  paymentRows(): Promise<PaymentRowsRead | null>;
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
export function csvTableSoon(spec: string, options: { fromBytes?: number; payments?: ImportOptions & { mapped: boolean } } = {}): CsvSoon {
  const workerFromBytes = options.fromBytes ?? WORKER_FROM_BYTES;
  const { path, sheet } = splitSheet(spec);
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    // not there: read later, which says so
  }
  // A bank statement in XML is no CSV: no worker for it.
  let xml = false;
  try {
    xml = size >= workerFromBytes && looksLikeXml(head(path));
  } catch {
    // unreadable: read later, which says so
  }
  if (sheet !== null || size < workerFromBytes || xml) {
    return { table: async () => readCsvTableSync(spec), paymentRows: async () => null, cancel: () => {}, byWorker: () => false };
  }
  const { Worker } = process.getBuiltinModule('node:worker_threads');
  let worker: InstanceType<typeof Worker> | null = null;
  let byWorker = false;
  const read = new Promise<{ table: Table; rows: PaymentRowsRead | null }>((resolve) => {
    let done = false;
    const fallback = (): void => {
      if (!done) {
        done = true;
        resolve({ table: readCsvTableSync(spec), rows: null });
      }
    };
    try {
      // Its stdout and stderr kept apart (it writes to neither): piped to this process's, Node would make
      // them streams, which sets a pipe on standard output non-blocking, and a big JSON written to
      // `| jq` would then wait in memory (1M invoices, ar remind: 650 → 910 MB).
      worker = new Worker(ownEntry('csv-worker'), { workerData: { path, payments: options.payments }, stdout: true, stderr: true });
    } catch {
      fallback();
      return;
    }
    worker.once('message', (csv: (Omit<CsvBytes, 'bytes'> & { bytes: Uint8Array; cells: CsvCells; rows: PaymentRowsRead | null }) | null) => {
      if (done) return;
      done = true;
      byWorker = true;
      // null: not a CSV this path reads; the file is then read as usual (readTable).
      if (csv === null) resolve({ table: readCsvTableSync(spec), rows: null });
      else {
        const { rows, ...bytes } = csv;
        resolve({ table: csvBytesTable(basename(path), { ...bytes, bytes: Buffer.from(csv.bytes.buffer, csv.bytes.byteOffset, csv.bytes.byteLength) }), rows });
      }
    });
    worker.once('error', fallback);
    worker.once('exit', fallback);
  });
  return { table: async () => (await read).table, paymentRows: async () => (await read).rows, cancel: () => void worker?.terminate(), byWorker: () => byWorker };
}
