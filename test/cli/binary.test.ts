import { describe, expect, it } from 'vitest';
import { ar, arInProcess } from '../helpers/run.ts';

/**
 * Most tests run `ar` in this process (test/helpers/run.ts `arInProcess`, the goldens). The built
 * binary must print what they print and exit as they return: the same command lines, one per exit
 * code a reader of the ledgers gives, through a process of its own.
 */
describe('the built binary', () => {
  const cases: [string, readonly string[]][] = [
    ['0: done', ['aging', 'fixtures/factures.csv', '--payments', 'fixtures/reglements.csv', '--as-of', '2026-10-31', '--format', 'csv']],
    ['1: a usage error', ['aging', 'fixtures/factures.csv', '--payment', 'fixtures/reglements.csv']],
    ['2: invalid input', ['dso', 'fixtures/nowhere.csv']],
    ['0: help', ['aging', '--help']],
  ];
  for (const [what, args] of cases) {
    it(`exits and prints as the in-process run does (${what})`, async () => {
      const spawned = ar(args, { env: { COLUMNS: '100' } });
      const inProcess = await arInProcess(args, { env: { COLUMNS: '100' } });
      expect(spawned.code).toBe(Number(what.split(':')[0]));
      expect(spawned).toEqual(inProcess);
    });
  }
});
