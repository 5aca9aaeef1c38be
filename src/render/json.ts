import type { Severity } from '../core/types.ts';
import type { LazyList } from './json-stream.ts';

/**
 * What every JSON of `ar` has in common (docs/output.md, "Numbers for programs"); each command's
 * document is typed beside the function that makes it (`AgingJson`, `DsoJson`…), and has a JSON
 * Schema in docs/schemas/ that test/json-schemas.test.ts holds to real output.
 */

/** An amount: a decimal string with two decimals and a point, `"-1234.50"` (never a float). */
export type AmountJson = string;

/** A calendar day, ISO 8601: `"2026-10-31"`. */
export type DateJson = string;

/** A problem of the run: a rejected row (`error`) or a warning, with where it was found. */
export interface ProblemJson {
  readonly severity: Severity;
  readonly file: string;
  /** 1-based line (CSV) or row (XLSX); 0 for the file as a whole. */
  readonly line: number;
  readonly column: string | null;
  readonly value: string | null;
  /** Its kind (`not_a_date`, `unknown_reference`): stable, the same in every language, for a program to tell problems apart. */
  readonly code: string;
  /** The one-line message, in the output's language. */
  readonly message: string;
}

/** A document as `jsonChunks` writes it: any of its lists may be made while it is written. */
export type Streamed<T> = T extends readonly (infer U)[] ? readonly Streamed<U>[] | LazyList<Streamed<U>> : T extends object ? { readonly [K in keyof T]: Streamed<T[K]> } : T;
