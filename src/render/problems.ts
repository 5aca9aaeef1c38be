import type { ProblemJson } from './json.ts';
import type { Lang } from '../model/lang.ts';
import type { FormattedProblem } from './aging-report.ts';
import type { Paint } from './aging-table.ts';
import { groupMessage, printable } from './messages.ts';

/**
 * Rejected rows and warnings for people, on stderr. 20,000 invoices with a tenth of their references
 * unknown give some 1,500 warnings: said one by one, they scroll the table away. So each kind is said on
 * one line, with its count and its first rows in line order:
 *   ! 1,487 payments name an invoice that is not in the ledger, first: reglements.csv:12, :40, :97 …
 * A kind met once keeps its whole message. The same warning said twice (one run reading the same row
 * twice) is said once. The whole list, one per line in line order, goes to `--warnings <file>` or, with
 * `-v`, to stderr; the JSON and the Excel report's Problems sheet keep every one.
 */

/** How many rows a group names. */
const FIRST = 3;

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Each problem once, in the order found (the loader's: file by file, row by row): what the JSON keeps. */
export function uniqueProblems(list: readonly FormattedProblem[]): FormattedProblem[] {
  // By the message itself (no key made of it: a string keeps its hash, a second pass over the same list is cheap).
  const seen = new Map<string, number>();
  const out: FormattedProblem[] = [];
  for (const p of list) {
    const bit = p.severity === 'error' ? 1 : 2;
    const had = seen.get(p.message) ?? 0;
    if ((had & bit) !== 0) continue;
    seen.set(p.message, had | bit);
    out.push(p);
  }
  return out;
}

/** Problems in line order (file, then line; the order found among equals), each said once; errors before warnings. */
export function sortedProblems(list: readonly FormattedProblem[]): FormattedProblem[] {
  return uniqueProblems(list).sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || compareText(a.file, b.file) || a.line - b.line);
}

/** `1,487` or `1 487` (a narrow no-break space, as French typography groups thousands). */
function count(n: number, lang: Lang): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, lang === 'fr' ? '\u202f' : ',');
}

/** `reglements.csv:12, :40, :97 …`: the file once, then the lines. */
function rows(group: readonly FormattedProblem[]): string {
  const lines = [...new Set(group.map((p) => p.line))].sort((a, b) => a - b);
  // A file's name, a workbook's sheet's among them, comes from the files: printed without control characters.
  const file = printable(group[0]!.file);
  if (lines.length === 1 && lines[0] === 0) return file;
  const shown = lines.filter((l) => l > 0).slice(0, FIRST);
  const more = lines.filter((l) => l > 0).length > FIRST ? ' …' : '';
  return `${file}:${shown.join(', :')}${more}`;
}

/**
 * Problems grouped by kind: one line each, in the order of their first row (errors first); `shortened`
 * when a kind was met more than once (the whole list then says more).
 */
export function problemSummary(list: readonly FormattedProblem[], lang: Lang, paint: Paint): { lines: string[]; shortened: boolean } {
  const sorted = sortedProblems(list);
  const groups = new Map<string, FormattedProblem[]>();
  for (const p of sorted) {
    const what = p.params?.what ?? '';
    const key = `${p.severity}\u0000${p.code ?? p.message}\u0000${p.file}\u0000${p.column ?? ''}\u0000${what}`;
    let g = groups.get(key);
    if (g === undefined) groups.set(key, (g = []));
    g.push(p);
  }
  const out: string[] = [];
  let shortened = false;
  for (const g of groups.values()) {
    const first = g[0]!;
    const mark = first.severity === 'error' ? paint.bad('✗') : paint.warn('!');
    if (g.length === 1) {
      out.push(`${mark} ${first.message}`);
      continue;
    }
    shortened = true;
    const words = first.code !== undefined ? groupMessage(first.code, first.params ?? {}, first.column, count(g.length, lang), lang) : null;
    if (words !== null) {
      out.push(lang === 'fr' ? `${mark} ${words} : ${rows(g)}` : `${mark} ${words}, first: ${rows(g)}`);
      continue;
    }
    const noun = first.severity === 'error' ? (lang === 'fr' ? 'lignes rejetées' : 'rows rejected') : lang === 'fr' ? 'avertissements' : 'warnings';
    const others = [...new Set(g.slice(1).map((p) => p.line))].filter((l) => l > 0).slice(0, FIRST - 1);
    const then = others.length > 0 ? ` (${lang === 'fr' ? 'puis' : 'then'} :${others.join(', :')}${g.length > FIRST ? ' …' : ''})` : '';
    out.push(`${mark} ${count(g.length, lang)} ${noun}${lang === 'fr' ? ' de cette sorte :' : ' of this kind:'} ${first.message}${then}`);
  }
  return { lines: out, shortened };
}

/** Every problem, one per line, in line order: for `--warnings <file>` and `-v`. */
export function problemList(list: readonly FormattedProblem[], paint: Paint): string[] {
  return sortedProblems(list).map((p) => `${p.severity === 'error' ? paint.bad('✗') : paint.warn('!')} ${p.message}`);
}

/** Problems for programs (the JSON of customers, dso, impact): every one, in the order found. */
export function problemsJson(list: readonly FormattedProblem[]): ProblemJson[] {
  return uniqueProblems(list).map((p) => ({ severity: p.severity, file: p.file, line: p.line, column: p.column, value: p.value, code: p.code, message: p.message }));
}
