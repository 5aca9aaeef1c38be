import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { progressFor } from '../../src/io/progress.ts';

function ctxWith(isTTY: boolean, env: Record<string, string> = {}): { ctx: Context; err: string[] } {
  const err: string[] = [];
  const ctx: Context = {
    cwd: '/',
    env,
    today: 0 as Context['today'],
    now: () => new Date(0),
    stdout: { write: () => true, isTTY },
    stderr: { write: (s: string) => err.push(s), isTTY },
    stdinIsTTY: false,
  };
  return { ctx, err };
}

describe('progress bar', () => {
  it('draws nothing in the first second, then at most ten times a second, and erases itself', () => {
    let t = 0;
    const { ctx, err } = ctxWith(true);
    const p = progressFor(ctx, () => t);
    const tick = p.stage('factures.csv');
    tick(10, 100);
    t = 999;
    tick(20, 100);
    expect(err).toEqual([]);
    t = 1000;
    tick(50, 100);
    t = 1050;
    tick(60, 100); // too soon after the last draw
    t = 1100;
    tick(100, 100);
    expect(err).toEqual([`\rfactures.csv [${'#'.repeat(15)}${'-'.repeat(15)}] 50%\x1b[K`, `\rfactures.csv [${'#'.repeat(30)}] 100%\x1b[K`]);
    p.done();
    expect(err.at(-1)).toBe('\r\x1b[K');
  });

  it('never draws when stderr is not a terminal, or on a dumb terminal', () => {
    for (const [tty, env] of [
      [false, {}],
      [true, { TERM: 'dumb' }],
    ] as const) {
      let t = 0;
      const { ctx, err } = ctxWith(tty, env);
      const p = progressFor(ctx, () => t);
      t = 5000;
      p.stage('x')(1, 2);
      p.done();
      expect(err).toEqual([]);
    }
  });
});

describe('the long phases tell the progress bar', () => {
  it('the allocation after each of its phases, the DSO history before each month end, the Excel report as it writes its rows', async () => {
    const { allocatePayments } = await import('../../src/core/allocate.ts');
    const { ageOpenItems } = await import('../../src/core/aging.ts');
    const { ledgerOf } = await import('../../src/core/ledger.ts');
    const { dsoTrend } = await import('../../src/core/dso.ts');
    const { allocateLedger } = await import('../../src/core/allocate.ts');
    const { writeWorkbook } = await import('../../src/io/xlsx-report.ts');
    const { agingWorkbook } = await import('../../src/render/aging-workbook.ts');
    const { d, inv, pay } = await import('../helpers/build.ts');
    const { tempDir } = await import('../helpers/run.ts');
    const invoices = [inv('F1', 'C1', '2026-09-01', '2026-10-01', 10000), inv('F2', 'C2', '2026-09-01', '2026-10-01', 5000)];
    const payments = [pay('P1', 'C1', '2026-10-05', 15000)];
    const calls: [number, number][] = [];
    allocateLedger(ledgerOf(invoices, payments), d('2026-10-31'), { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 4],
    ]);
    const months: number[] = [];
    dsoTrend(ledgerOf(invoices, payments), d('2026-10-31'), 90, ['EUR'], (done) => months.push(done));
    expect(months).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const rows: [number, number][] = [];
    let stages: string[] = [];
    let done = 0;
    const progress = { stage: (label: string) => ((stages = [...stages, label]), (n: number, total: number) => rows.push([n, total])), done: () => done++ };
    const aged = ageOpenItems(allocatePayments(invoices, payments, d('2026-10-31')));
    const empty = { file: 'f', read: 0, used: 0, rejected: 0, ignored: 0, amounts: { read: {}, used: {}, rejected: {} } };
    const workbook = agingWorkbook({ aged, lang: 'en', ledgers: [], customerName: () => null, imports: { invoices: empty, payments: null, customers: null }, problems: [] });
    await writeWorkbook(`${tempDir()}/b.xlsx`, workbook, { progress });
    // F2 open, and the 50.00 left of P1 named.
    expect({ stages, rows, done }).toEqual({
      stages: ['b.xlsx'],
      rows: [
        [1, 2],
        [2, 2],
      ],
      done: 1,
    });
  });
});
