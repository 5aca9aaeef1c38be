/**
 * A byte-level CSV tokenizer: cuts a file into records and fields without making a string per cell.
 * Each field is a pair of byte offsets into the file; a cell becomes a string only when it is read.
 * It works on the bytes of any ASCII-compatible encoding (UTF-8, windows-1252), so a file larger
 * than the longest JavaScript string still parses.
 *
 * The grammar is RFC 4180, read leniently where files in the wild are lenient:
 * - a record ends at CRLF, LF or a lone CR, whichever the file uses (mixed endings too);
 * - a field that starts with `"` is quoted: it runs to the next lone `"`, `""` stands for `"`, and it
 *   may span lines; after its closing quote only a delimiter or the end of the record may follow;
 * - a `"` inside an unquoted field is an ordinary character (`12" pipes`);
 * - an empty line is a record of one empty field (a blank row, which the importers skip); a final
 *   line ending does not open one more record.
 *
 * Reads: one-byte delimiters (`,` `;` tab `|`: detectDelimiter picks one), `"` as the only quote,
 * bytes of UTF-8 or windows-1252 (src/io/read-table.ts decodes a field when it is read; UTF-16 is
 * converted before). Does not read: multi-byte delimiters, another quote or escape character,
 * comments, a header row (the importers find it), typed values (every field is text).
 *
 * Limits: a file's rows and fields are counted in Int32Arrays (2³¹ − 1 fields); a field of any
 * length. An unclosed quote and text after a closing quote are errors naming the line.
 *
 * Checked by: csv-parse, the reference parser, kept as the oracle in tests (on every input it accepts,
 * this tokenizer gives the same records); the corpus of test/corpus/csv (LibreOffice's exports in French
 * and English, csv-spectrum) in test/corpus.test.ts.
 */

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/** Why a file could not be cut into records; `line` is where the faulty field starts. */
export type CsvSyntaxReason = 'quote_not_closed' | 'invalid_closing_quote';

export class CsvSyntaxError extends Error {
  readonly reason: CsvSyntaxReason;
  readonly line: number;
  constructor(reason: CsvSyntaxReason, line: number) {
    super(`${reason} at line ${line}`);
    this.reason = reason;
    this.line = line;
  }
}

/**
 * The cut file: rows of fields, each field a byte range. A field is kept as where it ends (one number
 * per cell: a million rows of ten columns hold 40 MB of offsets, not 80); where it starts follows from
 * the field before it, or from its row's start. `FieldCursor` reads them.
 */
export interface CsvCells {
  readonly rowCount: number;
  /** Fields of row r are `rowFirst[r]` to `rowFirst[r + 1] - 1`. Length rowCount + 1. */
  readonly rowFirst: Int32Array;
  /**
   * The 1-based line each row starts on, when a quoted field broke a line before it; null while every row is
   * one line, row r then on line r + 1 (most files: 4 MB less at 1M rows). Read it with `lineOf`.
   */
  readonly rowLine: Int32Array | null;
  /** Byte offset of each row's first field. */
  readonly rowStart: Int32Array;
  /**
   * Byte offset after each field's last byte, closing quote included: where the delimiter or the line
   * ending that closes it is (the field after it starts one byte further).
   */
  readonly fieldEnd: Int32Array;
}

/**
 * Where a field's content is: `s`…`e` (quotes around it left out), and whether it holds doubled quotes,
 * which reading turns back into one (`escaped`). The one place that knows how `CsvCells` keep a field.
 */
export class FieldCursor {
  s = 0;
  e = 0;
  escaped = false;
  private readonly bytes: Uint8Array;
  private readonly cells: CsvCells;
  constructor(bytes: Uint8Array, cells: CsvCells) {
    this.bytes = bytes;
    this.cells = cells;
  }

  /** Moves to field k of row r. */
  at(r: number, k: number): void {
    const c = this.cells;
    let s = k === c.rowFirst[r] ? c.rowStart[r]! : c.fieldEnd[k - 1]! + 1;
    let e = c.fieldEnd[k]!;
    const d = this.bytes;
    this.escaped = false;
    if (e > s && d[s] === QUOTE) {
      s++;
      e--;
      for (let i = s; i < e; i++) {
        if (d[i] === QUOTE) {
          this.escaped = true;
          break;
        }
      }
    }
    this.s = s;
    this.e = e;
  }
}

/** The 1-based line row r of a cut file starts on. */
export function lineOf(cells: CsvCells, r: number): number {
  return cells.rowLine === null ? r + 1 : cells.rowLine[r]!;
}

/**
 * The first `rows` rows of a cut file (copies, the rest let go): enough to look at its header, as
 * `headRows` and `findHeader` do (30 rows), once its rows have been read otherwise.
 */
export function headCells(cells: CsvCells, rows: number): CsvCells {
  const k = Math.min(rows, cells.rowCount);
  return {
    rowCount: k,
    rowFirst: cells.rowFirst.slice(0, k + 1),
    rowLine: cells.rowLine === null ? null : cells.rowLine.slice(0, k),
    rowStart: cells.rowStart.slice(0, k),
    fieldEnd: cells.fieldEnd.slice(0, cells.rowFirst[k]),
  };
}

/** An Int32Array twice as long, holding the first one. */
function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const next = new Int32Array(a.length * 2);
  next.set(a);
  return next;
}

/**
 * Cuts `bytes` into records and fields on `delimiter` (a one-byte character: `,` `;` tab `|`).
 * Throws `CsvSyntaxError` for an unclosed quote or text after a closing quote.
 * @example tokenizeCsv(new TextEncoder().encode('a;"b;c"\n'), 0x3b).rowCount === 1
 */
export function tokenizeCsv(bytes: Uint8Array, delimiter: number): CsvCells {
  const n = bytes.length;
  // Sizes: for a small file, its length bounds both counts (a record or a field takes a byte at least);
  // for a large one, its line breaks and delimiters in its first 256 KB, scaled to its length (outside
  // quotes or not, an estimate), so that the arrays rarely grow.
  const SAMPLE = 1 << 18;
  let breaks = n;
  let delimiters = 0;
  if (n > SAMPLE) {
    breaks = 0;
    for (let i = 0; i < SAMPLE; i++) {
      const c = bytes[i]!;
      if (c === LF || c === CR) breaks++;
      else if (c === delimiter) delimiters++;
    }
    const scale = (n / SAMPLE) * 1.05;
    breaks = Math.ceil(breaks * scale) + 1024;
    delimiters = Math.ceil(delimiters * scale) + 1024;
  }
  // The arrays and their lengths are locals, which the loop keeps in registers (measured: 15 % faster
  // than through an object).
  let rowFirst = new Int32Array(breaks + 3);
  // Made at the first line a quoted field breaks: until then, row r is on line r + 1.
  let rowLine: Int32Array<ArrayBuffer> | null = null;
  let rowStart = new Int32Array(rowFirst.length);
  let fieldEnd = new Int32Array(breaks + delimiters + 3);
  let rows = 0;
  let fields = 0;

  let i = 0;
  let line = 1;
  while (i < n) {
    if (rows + 1 >= rowFirst.length) {
      rowFirst = grown(rowFirst);
      if (rowLine !== null) rowLine = grown(rowLine);
      rowStart = grown(rowStart);
    }
    rowFirst[rows] = fields;
    if (rowLine !== null) rowLine[rows] = line;
    else if (line !== rows + 1) {
      rowLine = new Int32Array(rowFirst.length);
      for (let k = 0; k < rows; k++) rowLine[k] = k + 1;
      rowLine[rows] = line;
    }
    rowStart[rows] = i;
    rows++;
    // One record: fields until a line ending or the end of the file.
    for (;;) {
      // Room for this field and an empty one after a final delimiter.
      if (fields + 2 > fieldEnd.length) fieldEnd = grown(fieldEnd);
      let c = 0;
      if (i < n && bytes[i] === QUOTE) {
        const openLine = line;
        let j = i + 1;
        for (;;) {
          if (j >= n) throw new CsvSyntaxError('quote_not_closed', openLine);
          const q = bytes[j]!;
          if (q === QUOTE) {
            if (j + 1 < n && bytes[j + 1] === QUOTE) {
              j += 2;
              continue;
            }
            break;
          }
          if (q === LF) line++;
          else if (q === CR && (j + 1 >= n || bytes[j + 1] !== LF)) line++;
          j++;
        }
        fieldEnd[fields] = j + 1;
        fields++;
        i = j + 1;
        if (i >= n) break;
        c = bytes[i]!;
        if (c !== delimiter && c !== LF && c !== CR) throw new CsvSyntaxError('invalid_closing_quote', line);
      } else {
        let j = i;
        while (j < n) {
          c = bytes[j]!;
          if (c === delimiter || c === LF || c === CR) break;
          j++;
        }
        fieldEnd[fields] = j;
        fields++;
        i = j;
        if (i >= n) break;
      }
      if (c === delimiter) {
        i++;
        // A delimiter at the very end of the file still closes an empty last field.
        if (i >= n) {
          fieldEnd[fields] = i;
          fields++;
          break;
        }
        continue;
      }
      // A line ending: CRLF, LF or a lone CR.
      i += c === CR && i + 1 < n && bytes[i + 1] === LF ? 2 : 1;
      line++;
      break;
    }
  }
  rowFirst[rows] = fields;
  return {
    rowCount: rows,
    rowFirst: rowFirst.subarray(0, rows + 1),
    rowLine: rowLine === null ? null : rowLine.subarray(0, rows),
    rowStart: rowStart.subarray(0, rows),
    fieldEnd: fieldEnd.subarray(0, fields),
  };
}

/**
 * The delimiter of a file from its first lines: the candidate whose count per line is the most
 * consistent (title rows above the header have fewer), counting only outside quotes.
 */
export function detectDelimiter(head: string): string {
  const lines: string[] = [];
  let start = 0;
  while (lines.length < 50 && start < head.length) {
    let end = head.indexOf('\n', start);
    if (end < 0) end = head.length;
    const text = head.slice(start, end).replace(/\r$/, '');
    if (text.trim() !== '') lines.push(text);
    start = end + 1;
  }
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const freq = new Map<number, number>();
    for (const l of lines) {
      const c = countOutsideQuotes(l, d);
      if (c > 0) freq.set(c, (freq.get(c) ?? 0) + 1);
    }
    let score = 0;
    for (const [c, k] of freq) score = Math.max(score, k * 1000 + c);
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

const DELIMITERS = [';', ',', '\t', '|'] as const;

function countOutsideQuotes(line: string, d: string): number {
  let n = 0;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === d && !quoted) n++;
  }
  return n;
}
