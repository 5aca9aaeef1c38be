import { resolve } from 'node:path';
import { statSync } from '../fs.ts';
import { UsageError } from '../errors.ts';
import { splitSheet } from './read-table.ts';

/**
 * Refuses an output path that is one of the inputs (a ledger, the customers file, the journal, the
 * config): `ar` never writes over what it reads. Paths are compared resolved from the working folder,
 * a workbook's `#Sheet` left out, and, when both exist, as the same file on disk (a link, another
 * spelling of the same path).
 * @example assertNotInput('--html', 'factures.csv', ['factures.csv'], cwd) // throws output_is_input
 */
export function assertNotInput(option: string, output: string, inputs: readonly (string | undefined | null)[], cwd: string): void {
  const out = resolve(cwd, output);
  const outStat = statOf(out);
  for (const input of inputs) {
    if (input === undefined || input === null) continue;
    const path = resolve(cwd, splitSheet(input).path);
    if (path === out) throw new UsageError('output_is_input', { option, file: output });
    if (outStat !== null) {
      const s = statOf(path);
      if (s !== null && s.dev === outStat.dev && s.ino === outStat.ino) throw new UsageError('output_is_input', { option, file: output });
    }
  }
}

function statOf(path: string): { dev: number; ino: number } | null {
  try {
    const s = statSync(path);
    return { dev: s.dev, ino: s.ino };
  } catch {
    return null;
  }
}
