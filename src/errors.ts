import type { Problem } from './core/types.ts';
import type { Lang } from './model/lang.ts';

/**
 * Typed errors and their exit codes. Commands throw these; `src/cli.ts` is the one place that
 * turns them into a message and an exit code. Messages come from the catalogue (src/render/messages.ts).
 */

/** Exit codes, documented in docs/commands.md. */
export const EXIT = {
  ok: 0,
  usage: 1,
  invalidInput: 2,
  deliveryFailed: 3,
  journalLocked: 4,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export type Params = Readonly<Record<string, string | number>>;

export class ArError extends Error {
  readonly code: string;
  readonly params: Params;
  readonly exitCode: ExitCode;
  constructor(code: string, params: Params, exitCode: ExitCode) {
    super(code);
    this.code = code;
    this.params = params;
    this.exitCode = exitCode;
  }
}

/** A mistake on the command line: an unknown option, a bad value, a missing argument. Exit 1. */
export class UsageError extends ArError {
  constructor(code: string, params: Params = {}) {
    super(code, params, EXIT.usage);
  }
}

/** Input that cannot be used: a missing file, an unreadable sheet, rejected rows. Exit 2. */
export class InputError extends ArError {
  /** The rejected rows, each said on its own line (src/cli.ts puts them into words) before the summary. */
  readonly problems: readonly Problem[];
  /** The language the command speaks (its --lang, else the config's), for those lines. */
  readonly lang: Lang | undefined;
  constructor(code: string, params: Params = {}, problems: readonly Problem[] = [], lang?: Lang) {
    super(code, params, EXIT.invalidInput);
    this.problems = problems;
    this.lang = lang;
  }
}

/** Some messages could not be delivered. Exit 3. */
export class DeliveryError extends ArError {
  constructor(code: string, params: Params = {}) {
    super(code, params, EXIT.deliveryFailed);
  }
}

/** Another run holds the journal. Exit 4. */
export class JournalLockedError extends ArError {
  constructor(code: string, params: Params = {}) {
    super(code, params, EXIT.journalLocked);
  }
}
