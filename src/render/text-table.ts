import type { Lang } from '../model/lang.ts';
import { displayWidth, truncateToWidth, wrapText } from './width.ts';

export { displayWidth } from './width.ts';

/**
 * Tables for a terminal. Every table of `ar` is drawn here, and fitted here to the terminal's width;
 * into a pipe or a file (no width), the full table.
 *
 * The full table is drawn with box-drawing characters: a header row, its rule, the rows, a rule above
 * the totals, one space of padding. Columns are as wide as their widest cell, measured in terminal
 * columns (src/render/width.ts). When it is wider than the terminal, the table is narrowed in this
 * order, each step taken only when the one before is not enough:
 *   1. text columns (names, details) are cut with an ellipsis, down to their minimum;
 *   2. headers take their short form (`Not yet due` → `Not due`);
 *   3. the box gives way to columns separated by two spaces;
 *   4. cells take their short form (amounts without their cents);
 *   5. columns are left out, by the rank each table gives them;
 *   6. one block per row: its name, then each column's header and value on a line of its own.
 * What was shortened or left out is said under the table (`fitNotes`).
 * @example textTable(['Id', 'Total'], [['C1', '12.50']], ['left', 'right'])
 * // ┌────┬───────┐
 * // │ Id │ Total │
 * // ├────┼───────┤
 * // │ C1 │ 12.50 │
 * // └────┴───────┘
 */
export type Align = 'left' | 'right';

/** A cell: its text, or its text and a shorter form used when the table must narrow (an amount without its cents). */
export type Cell = string | { readonly text: string; readonly short: string };

export interface Column {
  readonly head: string;
  /** A shorter header, for a narrow terminal. */
  readonly short?: string;
  readonly align?: Align;
  /** A text that may be cut with an ellipsis, down to this many columns. */
  readonly min?: number;
  /** Left out when even cut and shortened the table is too wide: rank 1 first. Never without a rank. */
  readonly drop?: number;
  /** Names the row: the title of its block when the table becomes one block per row. */
  readonly key?: boolean;
  /**
   * A name beside an id: the index of the id's column (a customer's name beside its code). When no row but the
   * totals has one other than its id (a ledger whose customer column holds the names, no customers file; Xero's
   * contact name, both id and name), it is left out and the id's column takes its header, its shortest width and
   * its label in the totals: the customer's column, not a code beside an empty one or beside itself.
   */
  readonly nameOf?: number;
}

export interface TableOptions {
  /** The terminal's width; null or absent: the full table, into a pipe or a file. */
  readonly width?: number | null;
  /** The last `footer` rows are totals: a rule above them. */
  readonly footer?: number;
  /** No header row (a list of labels and values). */
  readonly headless?: boolean;
}

export type Layout = 'box' | 'compact' | 'blocks';

export interface FittedTable {
  readonly text: string;
  readonly layout: Layout;
  /** Whether cells took their short form. */
  readonly shortCells: boolean;
  /** The headers of the columns left out. */
  readonly dropped: readonly string[];
  /** The width of its widest line. */
  readonly width: number;
}

interface Step {
  readonly layout: 'box' | 'compact';
  readonly shortHeads: boolean;
  readonly shortCells: boolean;
}

const STEPS: readonly Step[] = [
  { layout: 'box', shortHeads: false, shortCells: false },
  { layout: 'box', shortHeads: true, shortCells: false },
  { layout: 'compact', shortHeads: true, shortCells: false },
  { layout: 'compact', shortHeads: true, shortCells: true },
];

const GAP = 2;
const overhead = (layout: 'box' | 'compact', n: number): number => (layout === 'box' ? 3 * n + 1 : GAP * Math.max(0, n - 1));

const textOf = (c: Cell | undefined, short: boolean): string => (c === undefined ? '' : typeof c === 'string' ? c : short ? c.short : c.text);

/** A table without its name column (`Column.nameOf`) when no row but the totals has a name other than its id. */
function withoutBlankNames(columns: readonly Column[], rows: readonly (readonly Cell[])[], footer: number): { columns: readonly Column[]; rows: readonly (readonly Cell[])[] } {
  const c = columns.findIndex((col) => col.nameOf !== undefined);
  if (c < 0) return { columns, rows };
  const body = rows.length - footer;
  const id = columns[c]!.nameOf!;
  for (let r = 0; r < body; r++) {
    const name = textOf(rows[r]![c], false);
    if (name !== '' && name !== textOf(rows[r]![id], false)) return { columns, rows };
  }
  const name = columns[c]!;
  const { drop: _, ...idColumn } = { ...columns[id]!, head: name.head };
  const merged: Column = { ...idColumn, ...(name.short === undefined ? {} : { short: name.short }), ...(name.min === undefined ? {} : { min: name.min }) };
  return {
    columns: columns.flatMap((col, i) => (i === c ? [] : i === id ? [merged] : [col])),
    rows: rows.map((row, r) => row.flatMap((cell, i) => (i === c ? [] : i === id && r >= body && textOf(cell, false) === '' ? [row[c] ?? ''] : [cell]))),
  };
}

/** The widest line of a cell. */
function cellWidth(text: string): number {
  if (!text.includes('\n')) return displayWidth(text);
  let w = 0;
  for (const line of text.split('\n')) w = Math.max(w, displayWidth(line));
  return w;
}

/** Fits a table to a width (see above); without one, the full table. */
export function fitTable(allColumns: readonly Column[], allRows: readonly (readonly Cell[])[], options: TableOptions = {}): FittedTable {
  const { columns, rows } = withoutBlankNames(allColumns, allRows, options.footer ?? 0);
  const n = columns.length;
  if (n === 0) return { text: '', layout: 'box', shortCells: false, dropped: [], width: 0 };
  const headless = options.headless === true;
  // Each cell measured once, in its two forms.
  const full = new Array<number>(n).fill(0);
  const short = new Array<number>(n).fill(0);
  let anyShort = false;
  for (const r of rows) {
    for (let c = 0; c < n; c++) {
      const cell = r[c];
      if (cell === undefined) continue;
      if (typeof cell === 'string') {
        const w = cellWidth(cell);
        if (w > full[c]!) full[c] = w;
        if (w > short[c]!) short[c] = w;
      } else {
        anyShort = true;
        const w = cellWidth(cell.text);
        if (w > full[c]!) full[c] = w;
        const s = cellWidth(cell.short);
        if (s > short[c]!) short[c] = s;
      }
    }
  }
  const headWidth = (c: number, step: Step): number => (headless ? 0 : displayWidth(step.shortHeads ? (columns[c]!.short ?? columns[c]!.head) : columns[c]!.head));
  const natural = (c: number, step: Step): number => Math.max(step.shortCells ? short[c]! : full[c]!, headWidth(c, step));
  const narrowest = (c: number, step: Step): number => {
    const min = columns[c]!.min;
    return min === undefined ? natural(c, step) : Math.min(natural(c, step), min);
  };

  const draw = (step: Step, visible: readonly number[], widths: readonly number[]): FittedTable => {
    const text = drawFramed(columns, rows, options, step, visible, widths, step.layout === 'box' ? boxFrame(widths) : compactFrame(widths));
    const dropped = columns.filter((_, c) => !visible.includes(c)).map((col) => col.head);
    return { text, layout: step.layout, shortCells: step.shortCells && anyShort, dropped, width: widths.reduce((s, w) => s + w, 0) + overhead(step.layout, visible.length) };
  };

  const all = columns.map((_, c) => c);
  const width = options.width ?? null;
  if (width === null || !Number.isFinite(width)) {
    const step = STEPS[0]!;
    return draw(
      step,
      all,
      all.map((c) => natural(c, step)),
    );
  }

  /** The widths of the visible columns at a step, cut columns sharing what room there is; null when it does not fit. */
  const fitWidths = (step: Step, visible: readonly number[]): number[] | null => {
    const room = width - overhead(step.layout, visible.length);
    let need = 0;
    for (const c of visible) need += narrowest(c, step);
    if (need > room) return null;
    const widths = visible.map((c) => narrowest(c, step));
    // What room is left goes to the cut columns, evenly, none beyond its natural width.
    let left = room - need;
    let open = visible.map((_column, i) => i).filter((i) => widths[i]! < natural(visible[i]!, step));
    while (left > 0 && open.length > 0) {
      const share = Math.max(1, Math.floor(left / open.length));
      for (const i of open) {
        const give = Math.min(share, natural(visible[i]!, step) - widths[i]!, left);
        widths[i]! += give;
        left -= give;
        if (left === 0) break;
      }
      open = open.filter((i) => widths[i]! < natural(visible[i]!, step));
    }
    return widths;
  };

  for (const step of STEPS) {
    if (step.shortCells && !anyShort) continue;
    const w = fitWidths(step, all);
    if (w !== null) return draw(step, all, w);
  }
  const last = STEPS[STEPS.length - 1]!;
  const ranks = all.filter((c) => columns[c]!.drop !== undefined).sort((a, b) => columns[a]!.drop! - columns[b]!.drop! || b - a);
  let visible = all;
  for (const c of ranks) {
    visible = visible.filter((v) => v !== c);
    const w = fitWidths(last, visible);
    if (w !== null) return draw(last, visible, w);
  }
  const text = drawBlocks(columns, rows, width);
  return {
    text,
    layout: 'blocks',
    shortCells: false,
    dropped: [],
    width: Math.min(
      width,
      text.split('\n').reduce((m, l) => Math.max(m, displayWidth(l)), 0),
    ),
  };
}

/** A cell's lines at a width: cut with an ellipsis if wider, padded by its alignment. */
function place(text: string, width: number, align: Align | undefined): string[] {
  return text.split('\n').map((line) => placeLine(line, width, align));
}

/** One line of a cell at a width: cut with an ellipsis if wider, padded by its alignment. */
function placeLine(line: string, width: number, align: Align | undefined): string {
  let l = line;
  let w = displayWidth(l);
  if (w > width) {
    l = truncateToWidth(l, width);
    w = displayWidth(l);
  }
  const pad = ' '.repeat(width - w);
  return align === 'right' ? pad + l : l + pad;
}

/** Lines of a row: as many as its tallest cell (one, and no list of lines per cell, when no cell breaks a line). */
function rowLines(cells: readonly string[], visible: readonly number[], widths: readonly number[], columns: readonly Column[]): string[][] {
  let broken = false;
  for (const c of visible) if (cells[c]?.includes('\n')) broken = true;
  if (!broken) return [visible.map((c, i) => placeLine(cells[c] ?? '', widths[i]!, columns[c]!.align))];
  const placed = visible.map((c, i) => place(cells[c] ?? '', widths[i]!, columns[c]!.align));
  const height = placed.reduce((h, p) => Math.max(h, p.length), 1);
  const out: string[][] = [];
  for (let k = 0; k < height; k++) out.push(placed.map((p, i) => p[k] ?? ' '.repeat(widths[i]!)));
  return out;
}

function headCells(columns: readonly Column[], step: Step): string[] {
  return columns.map((c) => (step.shortHeads ? (c.short ?? c.head) : c.head));
}

/** How a table is drawn: a line of cells, and its rules (above it, under the header and before the footer, below it). */
interface Frame {
  readonly line: (parts: readonly string[]) => string;
  readonly top: string | null;
  readonly rule: string;
  readonly bottom: string | null;
}

/** Boxed: `│` between cells, a rule of `─` and corners around and between. */
function boxFrame(widths: readonly number[]): Frame {
  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  return { line: (parts) => `│ ${parts.join(' │ ')} │`, top: rule('┌', '┬', '┐'), rule: rule('├', '┼', '┤'), bottom: rule('└', '┴', '┘') };
}

/** Compact: cells apart by a gap, a rule under the header only. */
function compactFrame(widths: readonly number[]): Frame {
  const gap = ' '.repeat(GAP);
  return { line: (parts) => parts.join(gap).trimEnd(), top: null, rule: widths.map((w) => '─'.repeat(w)).join(gap), bottom: null };
}

function drawFramed(columns: readonly Column[], rows: readonly (readonly Cell[])[], options: TableOptions, step: Step, visible: readonly number[], widths: readonly number[], frame: Frame): string {
  const out: string[] = frame.top === null ? [] : [frame.top];
  const cells = (texts: readonly string[]): void => {
    for (const l of rowLines(texts, visible, widths, columns)) out.push(frame.line(l));
  };
  if (options.headless !== true) {
    cells(headCells(columns, step));
    out.push(frame.rule);
  }
  const footerFrom = rows.length - (options.footer ?? 0);
  rows.forEach((r, i) => {
    if (i === footerFrom && i > 0) out.push(frame.rule);
    cells(r.map((c) => textOf(c, step.shortCells)));
  });
  if (frame.bottom !== null) out.push(frame.bottom);
  return out.join('\n');
}

/** One block per row: its name (the key columns), then a line per other column that says something. */
function drawBlocks(columns: readonly Column[], rows: readonly (readonly Cell[])[], width: number): string {
  const keys = columns.map((c, i) => (c.key ? i : -1)).filter((i) => i >= 0);
  const others = columns.map((_, i) => i).filter((i) => !keys.includes(i));
  // Values whole (an amount is never cut) and aligned as in the table, their labels cut if they must.
  let valueWidth = 0;
  for (const r of rows) for (const c of others) valueWidth = Math.max(valueWidth, cellWidth(textOf(r[c], false)));
  const longestLabel = others.reduce((m, c) => Math.max(m, displayWidth(columns[c]!.head)), 0);
  const labelWidth = Math.max(Math.min(4, longestLabel), Math.min(longestLabel, width - 4 - valueWidth));
  const aligned = 2 + labelWidth + 2 + valueWidth <= width;
  const blocks: string[] = [];
  for (const r of rows) {
    const cells = r.map((c) => textOf(c, false));
    const title = keys
      .map((k) => cells[k] ?? '')
      .filter((t) => t !== '')
      .join(' — ');
    const lines = [truncateToWidth(title, width)];
    for (const c of others) {
      const value = cells[c] ?? '';
      if (value === '' || value === '-') continue;
      const label = place(columns[c]!.head, labelWidth, 'left')[0]!;
      for (const v of value.split('\n')) {
        const shown = aligned ? placeLine(v, valueWidth, columns[c]!.align) : v;
        lines.push(truncateToWidth(`  ${label}  ${shown}`, width).trimEnd());
      }
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n');
}

/**
 * What a fitted table left out or shortened, said under it, in the reader's language; '' for the full table.
 * @example fitNotes({ shortCells: true, dropped: ['Id'] … }, 'en', 80)
 * // "At 80 columns: amounts without cents; left out: Id. The whole table: a wider terminal, or … | less -S."
 */
export function fitNotes(t: FittedTable, lang: Lang, width: number | null): string {
  if (width === null || (!t.shortCells && t.dropped.length === 0 && t.layout !== 'blocks')) return '';
  const fr = lang === 'fr';
  const parts: string[] = [];
  if (t.layout === 'blocks') parts.push(fr ? 'une fiche par ligne' : 'one block per row');
  if (t.shortCells) parts.push(fr ? 'montants sans les centimes' : 'amounts without cents');
  if (t.dropped.length > 0) parts.push(`${fr ? 'colonnes omises' : 'left out'}${fr ? ' : ' : ': '}${t.dropped.join(', ')}`);
  const note = fr
    ? `(En ${width} colonnes : ${parts.join(' ; ')}. Le tableau entier : un terminal plus large, ou … | less -S.)`
    : `(At ${width} columns: ${parts.join('; ')}. The whole table: a wider terminal, or … | less -S.)`;
  return `${wrapText(note, width).join('\n')}\n`;
}

/** The full table for a header and rows of plain text (no fitting: what remind and log draw). */
export function textTable(head: readonly string[] | null, rows: readonly (readonly string[])[], aligns: readonly Align[] = []): string {
  let n = head?.length ?? 0;
  for (const r of rows) if (r.length > n) n = r.length;
  if (n === 0) return '';
  const columns: Column[] = Array.from({ length: n }, (_, c) => ({ head: head?.[c] ?? '', align: aligns[c] ?? 'left' }));
  return fitTable(columns, rows, { headless: head === null }).text;
}

/** A table filled row by row, drawn by `toString()` (whole), or fitted to a width by `fit(width)`. */
export class TextTable {
  private readonly rows: string[][] = [];
  private readonly head: readonly string[] | null;
  private readonly aligns: readonly Align[];
  constructor(head: readonly string[] | null, aligns: readonly Align[] = []) {
    this.head = head;
    this.aligns = aligns;
  }
  push(...rows: readonly (readonly string[])[]): void {
    for (const r of rows) this.rows.push([...r]);
  }
  get length(): number {
    return this.rows.length;
  }
  toString(): string {
    return textTable(this.head, this.rows, this.aligns);
  }
}
