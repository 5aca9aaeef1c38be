import { describe, expect, it } from 'vitest';
import type { FormattedProblem } from '../../src/render/aging-report.ts';
import { NO_PAINT } from '../../src/render/aging-table.ts';
import { formatProblem, message } from '../../src/render/messages.ts';
import { problemList, problemSummary, sortedProblems, uniqueProblems } from '../../src/render/problems.ts';

const unknown = (line: number, ref: string): FormattedProblem => ({
  severity: 'warning',
  file: 'reglements.csv',
  line,
  column: null,
  value: ref,
  code: 'unknown_reference',
  params: { what: 'payment' },
  message: `reglements.csv:${line}: payment names invoice "${ref}", which is not in the ledger`,
});

describe('problems on stderr', () => {
  it('groups a kind in one line, its rows in line order whatever the order found', () => {
    const shuffled = [unknown(97, 'X3'), unknown(12, 'X1'), unknown(40, 'X2'), unknown(120, 'X4')];
    expect(problemSummary(shuffled, 'en', NO_PAINT)).toEqual({
      lines: ['! 4 payments name an invoice that is not in the ledger, first: reglements.csv:12, :40, :97 …'],
      shortened: true,
    });
    expect(problemList(shuffled, NO_PAINT).map((l) => l.slice(0, 20))).toEqual(['! reglements.csv:12:', '! reglements.csv:40:', '! reglements.csv:97:', '! reglements.csv:120']);
  });

  it('says a kind met once in its own words, rejected rows before warnings, each file apart', () => {
    const date: FormattedProblem = {
      severity: 'error',
      file: 'factures.csv',
      line: 7,
      column: 'Échéance',
      value: '31/02',
      code: 'not_a_date',
      message: 'factures.csv:7: column "Échéance": value "31/02" is not a date',
    };
    const dates = [date, { ...date, line: 9, message: 'factures.csv:9: column "Échéance": value "x" is not a date' }];
    const { lines } = problemSummary([unknown(12, 'X1'), ...dates, { ...date, file: 'autres.csv', message: 'autres.csv:7: …' }], 'fr', NO_PAINT);
    expect(lines).toEqual([
      '✗ autres.csv:7: …',
      '✗ 2 valeurs de la colonne « Échéance » ne sont pas des dates : factures.csv:7, :9',
      '! reglements.csv:12: payment names invoice "X1", which is not in the ledger',
    ]);
  });

  it('says the same warning once, and a kind without its own words by its first message', () => {
    const twice = [unknown(12, 'X1'), unknown(12, 'X1')];
    expect(uniqueProblems(twice)).toHaveLength(1);
    expect(problemSummary(twice, 'en', NO_PAINT).lines).toEqual(['! reglements.csv:12: payment names invoice "X1", which is not in the ledger']);
    const odd = (line: number): FormattedProblem => ({ severity: 'warning', file: 'f.csv', line, column: null, value: null, code: 'something_new', message: `f.csv:${line}: something new` });
    expect(problemSummary([odd(5), odd(2), odd(9), odd(11)], 'en', NO_PAINT).lines).toEqual(['! 4 warnings of this kind: f.csv:2: something new (then :5, :9 …)']);
    expect(sortedProblems([odd(5), odd(2)]).map((p) => p.line)).toEqual([2, 5]);
  });
});

describe('the line that stops a run on rejected rows', () => {
  it('agrees in French with what was rejected: lines (feminine), files, or both (masculine)', () => {
    expect(message('rows_rejected', { count: 2, files: 0 }, 'fr')).toBe('2 ligne(s) rejetée(s) ; corrigez-les, ou relancez avec --skip-invalid pour continuer sans elles');
    expect(message('rows_rejected', { count: 0, files: 1 }, 'fr')).toBe('1 fichier(s) rejeté(s) ; corrigez-les, ou relancez avec --skip-invalid pour continuer sans eux');
    expect(message('rows_rejected', { count: 3, files: 2 }, 'fr')).toBe('3 ligne(s) et 2 fichier(s) rejetés ; corrigez-les, ou relancez avec --skip-invalid pour continuer sans eux');
    expect(message('rows_rejected', { count: 3, files: 2 }, 'en')).toBe('3 row(s) and 2 file(s) rejected; fix them, or run again with --skip-invalid to go on without them');
  });
});

describe('a file name from the files (a workbook sheet named with a line break)', () => {
  it('is printed without its control characters in the summary line', () => {
    const p = (line: number): FormattedProblem => ({ ...unknown(line, 'X'), file: 'g.xlsx#Fac\ntures\u001b[2J' });
    const { lines } = problemSummary([p(3), p(5)], 'en', NO_PAINT);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('g.xlsx#Fac\\ntures\\u001b[2J:3, :5');
    expect(lines[0]).not.toMatch(/[\n\u001b]/);
  });

  it('says the figures a problem carries in the reader’s format, and keeps them plain for programs', () => {
    const differs = {
      severity: 'warning' as const,
      code: 'balance_differs',
      file: 'factures.csv',
      line: 5,
      value: '-1234.50',
      params: { invoice: 'F4', computed: '100.00', asOf: '2026-10-31' },
    };
    const fr = formatProblem(differs, 'fr');
    expect(fr.message).toBe('factures.csv:5 : facture F4 : le solde du fichier -1\u202f234,50 diffère du reste dû 100,00 calculé au 31/10/2026');
    expect(formatProblem(differs, 'en').message).toBe("factures.csv:5: invoice F4: the file's balance -1,234.50 differs from the open amount 100.00 computed as of 31 Oct 2026");
    expect(fr).toMatchObject({ value: '-1234.50', params: { computed: '100.00', asOf: '2026-10-31' } });
    const lettering = { severity: 'warning' as const, code: 'fec_lettering_unbalanced', file: 'fec.txt', line: 2, value: 'AE', params: { account: 'C1', debit: '1000.00', credit: '90.00' } };
    expect(formatProblem(lettering, 'fr').message).toContain('(débits 1\u202f000,00, crédits 90,00)');
    expect(formatProblem({ severity: 'warning', code: 'fec_lettering_without_date', file: 'fec.txt', line: 4, value: 'AF', params: { date: '2026-01-25' } }, 'fr').message).toContain('le 25/01/2026');
  });
});
