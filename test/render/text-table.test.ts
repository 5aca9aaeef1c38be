import { describe, expect, it } from 'vitest';
import { displayWidth, textTable } from '../../src/render/text-table.ts';

describe('textTable', () => {
  it('draws a header, its rule and the rows, each column as wide as its widest cell', () => {
    expect(textTable(['Id', 'Total'], [['C1', '12.50'], ['C22', '1,012.50']], ['left', 'right'])).toBe(
      [
        '┌─────┬──────────┐',
        '│ Id  │    Total │',
        '├─────┼──────────┤',
        '│ C1  │    12.50 │',
        '│ C22 │ 1,012.50 │',
        '└─────┴──────────┘',
      ].join('\n'),
    );
  });

  it('draws no header rule without a header, and fills short rows', () => {
    expect(textTable(null, [['DSO', '42'], ['CEI']], ['left', 'right'])).toBe(['┌─────┬────┐', '│ DSO │ 42 │', '│ CEI │    │', '└─────┴────┘'].join('\n'));
  });

  it('aligns on what a terminal shows: colour codes, accents written as combining marks, wide characters', () => {
    const red = '\u001b[31m12,50\u001b[39m';
    const t = textTable(['Client', 'Dû'], [['Société', red], ['Socie\u0301te\u0301', '1,00'], ['東京', '3']], ['left', 'right']).split('\n');
    expect(t[3]).toBe(`│ Société │ ${red} │`);
    expect(t[4]).toBe('│ Socie\u0301te\u0301 │  1,00 │');
    expect(t[5]).toBe('│ 東京    │     3 │');
  });

  it('gives a cell of several lines as many lines in its row', () => {
    expect(textTable(null, [['a\nbb', 'x']])).toBe(['┌────┬───┐', '│ a  │ x │', '│ bb │   │', '└────┴───┘'].join('\n'));
  });

  it('measures widths in terminal columns', () => {
    expect(displayWidth('abc')).toBe(3);
    expect(displayWidth('é')).toBe(1);
    expect(displayWidth('e\u0301')).toBe(1);
    expect(displayWidth('\u001b[1mTotal\u001b[22m')).toBe(5);
    expect(displayWidth('日本')).toBe(4);
    expect(displayWidth('😀')).toBe(2);
  });
});
