import { describe, expect, it } from 'vitest';
import type { Context } from '../../src/context.ts';
import { progressFor } from '../../src/io/progress.ts';

function ctxWith(isTTY: boolean, env: Record<string, string> = {}): { ctx: Context; err: string[] } {
  const err: string[] = [];
  const ctx: Context = {
    cwd: '/', env, today: 0 as Context['today'], now: () => new Date(0),
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
    expect(err).toEqual([
      `\rfactures.csv [${'#'.repeat(15)}${'-'.repeat(15)}] 50%\x1b[K`,
      `\rfactures.csv [${'#'.repeat(30)}] 100%\x1b[K`,
    ]);
    p.done();
    expect(err.at(-1)).toBe('\r\x1b[K');
  });

  it('never draws when stderr is not a terminal, or on a dumb terminal', () => {
    for (const [tty, env] of [[false, {}], [true, { TERM: 'dumb' }]] as const) {
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
