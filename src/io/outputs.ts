import { resolve } from 'node:path';
import { statSync } from '../fs.ts';
import { UsageError } from '../errors.ts';
import type { Config } from './config.ts';
import type { LedgerPaths } from './load-ledger.ts';
import { splitSheet } from './read-table.ts';

/**
 * Nothing `ar` writes overwrites an input: every file or folder it writes (the Excel report, the outbox,
 * the journal, a letter, a dossier) is checked against the files it reads before anything is written.
 * The same file is recognised through links too: by its device and inode when it exists, else by path.
 */

/** The files and folders a run reads: ledgers (a workbook's sheet is its file), the config, the templates. */
export function inputsOf(paths: readonly (string | undefined | null)[], cwd: string): string[] {
  const out: string[] = [];
  for (const p of paths) if (p !== undefined && p !== null && p !== '') out.push(resolve(cwd, splitSheet(p).path));
  return out;
}

/** What a ledger command reads: its ledgers, its config, and the templates the config names. */
export function ledgerInputs(paths: LedgerPaths, config: Config, cwd: string): string[] {
  return inputsOf([...(paths.invoiceFiles ?? [paths.invoices]), paths.payments, paths.customers, config.file, config.reportTemplate], cwd);
}

/** Device and inode of an existing path, else null. */
function identity(path: string): string | null {
  try {
    const st = statSync(path);
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/**
 * Refuses an output that is one of the inputs (exit 1, nothing written): `option` names it in the message
 * (`--xlsx`, `--outbox`, `--journal`, or a config key).
 * @example assertNotInput('--xlsx', 'factures.csv', ['/home/compta/factures.csv'], cwd) → throws
 */
export function assertNotInput(option: string, output: string, inputs: readonly string[], cwd: string): void {
  const target = resolve(cwd, output);
  const id = identity(target);
  for (const input of inputs) {
    if (input === target || (id !== null && identity(input) === id)) throw new UsageError('output_is_input', { option, file: output });
  }
}

/** The Excel report: a name ending in .xlsx, and not an input. */
export function assertReportPath(output: string, inputs: readonly string[], cwd: string): void {
  if (!/\.xlsx$/i.test(output)) throw new UsageError('report_not_xlsx', { option: '--xlsx', file: output });
  assertNotInput('--xlsx', output, inputs, cwd);
}
