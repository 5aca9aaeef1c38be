import { isFecHeader } from '../core/import/fec.ts';
import type { Table } from '../core/import/table.ts';

/**
 * Reads a FEC's bytes into a table, or returns null when the first line is not a FEC header.
 * A FEC is plain delimited text (tab or `|`), with no quoting: a `"` in a label is a character like
 * any other, so it is split by hand rather than by a CSV parser. Its encoding is UTF-8 (with or
 * without BOM) or, as the regulation allows, ISO-8859-15 (where € is 0xA4, not 0x80 as in windows-1252).
 */
export function readFecTable(file: string, bytes: Uint8Array): Table | null {
  let start = 0;
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  // The header is ASCII: look at it before decoding the rest.
  let end = start;
  while (end < bytes.length && end - start < 4096 && bytes[end] !== 0x0a && bytes[end] !== 0x0d) end++;
  const first = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]); // latin1: at most 4 KB
  const delimiter = first.includes('\t') ? '\t' : first.includes('|') ? '|' : null;
  if (delimiter === null || !isFecHeader(first.split(delimiter))) return null;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start));
  } catch {
    text = new TextDecoder('iso-8859-15').decode(bytes.subarray(start));
  }
  // One string per line; a row's cells are split only when it is read (a FEC may have millions of lines).
  const all = text.split(/\r\n|\n|\r/);
  if (all.length > 0 && all[all.length - 1] === '') all.pop();
  return {
    file,
    hints: { continental: true },
    rowCount: all.length,
    row: (r) => all[r]!.split(delimiter),
    cell: (r, c) => all[r]!.split(delimiter)[c] ?? null,
    line: (r) => r + 1,
  };
}
