/**
 * Tables for a terminal, drawn with box-drawing characters: a header row, its rule, the rows with no
 * rule between them, one space of padding. Columns are as wide as their widest cell, measured in
 * terminal columns: colour codes take none, combining marks none, East Asian wide characters two.
 *
 * It draws what cli-table3 drew for `ar` (the compact style) at a fraction of the cost: a table is
 * the whole output of `ar aging` on a small ledger, whose start-up is measured (npm run bench).
 * @example textTable(['Id', 'Total'], [['C1', '12.50']], ['left', 'right'])
 * // ┌────┬───────┐
 * // │ Id │ Total │
 * // ├────┼───────┤
 * // │ C1 │ 12.50 │
 * // └────┴───────┘
 */
export type Align = 'left' | 'right';

export function textTable(head: readonly string[] | null, rows: readonly (readonly string[])[], aligns: readonly Align[] = []): string {
  const all = head ? [head, ...rows] : rows;
  let columns = 0;
  for (const r of all) if (r.length > columns) columns = r.length;
  if (columns === 0) return '';
  // Each cell measured once. A cell may hold several lines (a row is then as tall as its tallest
  // cell): those are rare, and measured line by line (width -1 here).
  const n = all.length;
  const cellWidth = new Int32Array(n * columns);
  const widths = new Array<number>(columns).fill(0);
  for (let i = 0; i < n; i++) {
    const r = all[i]!;
    for (let c = 0; c < columns; c++) {
      const text = r[c] ?? '';
      let w: number;
      if (text.includes('\n')) {
        w = -1;
        for (const line of text.split('\n')) widths[c] = Math.max(widths[c]!, displayWidth(line));
      } else {
        w = displayWidth(text);
        if (w > widths[c]!) widths[c] = w;
      }
      cellWidth[i * columns + c] = w;
    }
  }
  const cell = (text: string, width: number, c: number): string => {
    const pad = ' '.repeat(widths[c]! - width);
    return aligns[c] === 'right' ? pad + text : text + pad;
  };

  const rule = (left: string, mid: string, right: string) => `${left}${widths.map((w) => '─'.repeat(w + 2)).join(mid)}${right}`;
  const out = [rule('┌', '┬', '┐')];
  for (let i = 0; i < n; i++) {
    const r = all[i]!;
    let tall = false;
    for (let c = 0; c < columns; c++) if (cellWidth[i * columns + c] === -1) tall = true;
    if (!tall) {
      let line = '│ ';
      for (let c = 0; c < columns; c++) line += (c > 0 ? ' │ ' : '') + cell(r[c] ?? '', cellWidth[i * columns + c]!, c);
      out.push(`${line} │`);
    } else {
      const lines = Array.from({ length: columns }, (_, c) => (r[c] ?? '').split('\n'));
      const height = lines.reduce((h, l) => Math.max(h, l.length), 1);
      for (let k = 0; k < height; k++) {
        out.push(`│ ${lines.map((l, c) => cell(l[k] ?? '', displayWidth(l[k] ?? ''), c)).join(' │ ')} │`);
      }
    }
    if (head && i === 0) out.push(rule('├', '┼', '┤'));
  }
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}

const SGR = /\u001b\[[0-9;]*m/g;

/** The columns a text takes on a terminal. */
export function displayWidth(text: string): number {
  const s = text.includes('\u001b') ? text.replace(SGR, '') : text;
  let w = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x300) {
      w++;
      continue;
    }
    const cp = s.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += charWidth(cp);
  }
  return w;
}

function charWidth(cp: number): number {
  // Combining marks, zero-width characters and variation selectors take no column.
  if ((cp >= 0x300 && cp <= 0x36f) || (cp >= 0x200b && cp <= 0x200f) || (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0x1ab0 && cp <= 0x1aff) || (cp >= 0x20d0 && cp <= 0x20ff)) return 0;
  // East Asian wide and full-width ranges, and emoji.
  if (
    (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) || (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x20000 && cp <= 0x3fffd)
  ) {
    return 2;
  }
  return 1;
}

/** A table filled row by row, drawn by `toString()`. */
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
