/**
 * A progress bar on stderr for work that lasts: it appears only after a second, only when stderr is
 * a terminal (never in a pipe, a log file or CI), redraws at most ten times a second, and erases
 * itself when the work is done, so that nothing of it remains in the output.
 */
import type { Context } from '../context.ts';

export type ProgressFn = (done: number, total: number) => void;

export interface Progress {
  /** A callback for one stage of the work (`reading factures.csv`). */
  stage(label: string): ProgressFn;
  /** Erases the bar. */
  done(): void;
}

const NONE: Progress = { stage: () => () => {}, done: () => {} };
const WIDTH = 30;

/** The progress bar of a command, or one that draws nothing when stderr is not a terminal. */
export function progressFor(ctx: Context, clock: () => number = () => performance.now()): Progress {
  if (ctx.stderr.isTTY !== true || ctx.env.TERM === 'dumb' || ctx.env.AR_NO_PROGRESS) return NONE;
  const start = clock();
  let last = 0;
  let drawn = false;
  return {
    stage(label) {
      return (done, total) => {
        const t = clock();
        if (t - start < 1000 || t - last < 100) return;
        last = t;
        const share = total > 0 ? Math.min(1, done / total) : 0;
        const full = Math.round(share * WIDTH);
        ctx.stderr.write(`\r${label} [${'#'.repeat(full)}${'-'.repeat(WIDTH - full)}] ${Math.floor(share * 100)}%\x1b[K`);
        drawn = true;
      };
    },
    done() {
      if (drawn) ctx.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}
