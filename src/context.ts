import type { Day } from './core/dates.ts';

/**
 * What a command may know of the world it runs in. The CLI builds it once (the clock is read there
 * and nowhere else); tests build their own.
 */
export interface Context {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Today, in the user's calendar. */
  readonly today: Day;
  /** The current instant, for the timestamps of the journal and of e-mails. */
  readonly now: () => Date;
  /** `columns`: the terminal's width, when it is a terminal. */
  readonly stdout: { write(s: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(s: string): unknown; readonly isTTY?: boolean };
  readonly stdinIsTTY: boolean;
}
