import { describe, expect, it } from 'vitest';
import { displayWidth, fitNotes, fitTable, textTable, type Cell, type Column } from '../../src/render/text-table.ts';

describe('textTable', () => {
  it('draws a header, its rule and the rows, each column as wide as its widest cell', () => {
    expect(
      textTable(
        ['Id', 'Total'],
        [
          ['C1', '12.50'],
          ['C22', '1,012.50'],
        ],
        ['left', 'right'],
      ),
    ).toBe(['┌─────┬──────────┐', '│ Id  │    Total │', '├─────┼──────────┤', '│ C1  │    12.50 │', '│ C22 │ 1,012.50 │', '└─────┴──────────┘'].join('\n'));
  });

  it('draws no header rule without a header, and fills short rows', () => {
    expect(textTable(null, [['DSO', '42'], ['CEI']], ['left', 'right'])).toBe(['┌─────┬────┐', '│ DSO │ 42 │', '│ CEI │    │', '└─────┴────┘'].join('\n'));
  });

  it('aligns on what a terminal shows: colour codes, accents written as combining marks, wide characters', () => {
    const red = '\u001b[31m12,50\u001b[39m';
    const t = textTable(
      ['Client', 'Dû'],
      [
        ['Société', red],
        ['Socie\u0301te\u0301', '1,00'],
        ['東京', '3'],
      ],
      ['left', 'right'],
    ).split('\n');
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

describe('fitTable: the table fitted to a width, in the stated order', () => {
  const columns: Column[] = [
    { head: 'Id', key: true, drop: 1 },
    { head: 'Customer', key: true, min: 8 },
    { head: 'Not yet due', short: 'Not due', align: 'right' },
    { head: 'Unapplied', short: 'Unappl.', align: 'right', drop: 2 },
    { head: 'Total', align: 'right' },
  ];
  const amount = (text: string, short: string): Cell => ({ text, short });
  const rows: Cell[][] = [
    ['C013', 'Constructions Mercier SAS', amount('4,502.91', '4,503'), '-', amount('27,285.14', '27,285')],
    ['C021', 'Clinique vétérinaire Aubry SARL', '-', amount('-824.71', '-825'), amount('-824.71', '-825')],
    ['', 'Total', amount('4,502.91', '4,503'), amount('-824.71', '-825'), amount('26,460.43', '26,460')],
  ];
  const widest = (t: string) => Math.max(...t.split('\n').map(displayWidth));

  it('draws the whole table without a width (a pipe), as wide as it is', () => {
    const t = fitTable(columns, rows, { footer: 1 });
    expect(t).toMatchObject({ layout: 'box', shortCells: false, dropped: [] });
    expect(t.text.split('\n')[3]).toBe('│ C013 │ Constructions Mercier SAS       │    4,502.91 │         - │ 27,285.14 │');
    // A rule above the totals.
    expect(t.text.split('\n')[5]).toMatch(/^├/);
    expect(t.width).toBe(widest(t.text));
  });

  it('cuts the names first, then shortens headers, then gives up the box, then the cents, then leaves columns out', () => {
    const full = fitTable(columns, rows, {}).width;
    const steps = [full - 5, 60, 50, 42, 35, 28].map((w) => [w, fitTable(columns, rows, { width: w })] as const);
    for (const [w, t] of steps) expect(widest(t.text), String(w)).toBeLessThanOrEqual(w);
    expect(steps[0]![1].text).toContain('│ Clinique vétérinaire Aubr… │');
    expect(steps[1]![1]).toMatchObject({ layout: 'box', shortCells: false });
    expect(steps[1]![1].text).toContain('│ Constructi… │');
    expect(steps[2]![1]).toMatchObject({ layout: 'compact', shortCells: false });
    expect(steps[2]![1].text).toContain('Not due  Unappl.');
    expect(steps[3]![1]).toMatchObject({ layout: 'compact', shortCells: true, dropped: [] });
    expect(steps[4]![1]).toMatchObject({ layout: 'compact', shortCells: true, dropped: ['Id'] });
    expect(steps[5]![1]).toMatchObject({ layout: 'compact', shortCells: true, dropped: ['Id', 'Unapplied'] });
  });

  it('lays out one block per row when nothing else fits, and says what it did', () => {
    const t = fitTable(columns, rows, { width: 22 });
    expect(t.layout).toBe('blocks');
    // The amounts whole, the labels cut for them.
    expect(t.text.split('\n').slice(0, 4)).toEqual(['C013 — Constructions…', '  Not yet…    4,502.91', '  Total      27,285.14', '']);
    expect(fitNotes(t, 'fr', 80)).toContain('une fiche par ligne');
    expect(fitNotes(fitTable(columns, rows, {}), 'en', null)).toBe('');
  });

  it('measures and cuts names of every script by their columns', () => {
    const t = fitTable(
      [
        { head: 'Client', min: 6 },
        { head: 'Dû', align: 'right' },
      ],
      [
        ['東京都千代田区株式会社', '1'],
        ['Café 😀 Lyon', '2'],
      ],
      { width: 18 },
    );
    for (const line of t.text.split('\n')) expect(displayWidth(line)).toBeLessThanOrEqual(18);
    expect(t.text).toContain('│ 東京都千… │');
  });

  it('leaves out a name column no row fills (the customer column held the names): the id takes its header, its width rule and the totals’ label', () => {
    const columns: Column[] = [
      { head: 'Id', key: true, drop: 1 },
      { head: 'Customer', key: true, min: 8, nameOf: 0 },
      { head: 'Total', align: 'right' },
    ];
    const unnamed = fitTable(
      columns,
      [
        ['Dupont SARL', '', '12.50'],
        ['Martin SAS', '', '3.00'],
        ['', 'Total', '15.50'],
      ],
      { footer: 1 },
    );
    expect(unnamed.text.split('\n')).toEqual([
      '┌─────────────┬───────┐',
      '│ Customer    │ Total │',
      '├─────────────┼───────┤',
      '│ Dupont SARL │ 12.50 │',
      '│ Martin SAS  │  3.00 │',
      '├─────────────┼───────┤',
      '│ Total       │ 15.50 │',
      '└─────────────┴───────┘',
    ]);
    // Narrowed, the one column left is cut as a name is, never left out as an id would be.
    const narrow = fitTable(
      columns,
      [
        ['Dupont SARL', '', '12.50'],
        ['', 'Total', '12.50'],
      ],
      { footer: 1, width: 20 },
    );
    expect(narrow.dropped).toEqual([]);
    expect(narrow.text).toContain('Dupont…');
    // A name that is its id says nothing more (Xero's contact name, read as both).
    expect(
      fitTable(
        columns,
        [
          ['Ridgeway', 'Ridgeway', '12.50'],
          ['Bayside', '', '3.00'],
          ['', 'Total', '15.50'],
        ],
        { footer: 1 },
      ).text.split('\n')[1],
    ).toBe('│ Customer │ Total │');
    // One name is enough to keep both columns.
    const named = fitTable(
      columns,
      [
        ['C1', 'Dupont SARL', '12.50'],
        ['C2', '', '3.00'],
        ['', 'Total', '15.50'],
      ],
      { footer: 1 },
    );
    expect(named.text.split('\n')[1]).toBe('│ Id │ Customer    │ Total │');
  });
});
