import { describe, expect, it } from 'vitest';
import { sheetText } from '../../src/io/sheet-text.ts';
import { csvField, neutraliseFormula } from '../../src/render/csv.ts';
import { safeFileName } from '../../src/render/remind.ts';

describe('the formula rule of CSV text fields', () => {
  it('prefixes text starting with =, +, -, @, tab or CR with an apostrophe, and quotes it when needed', () => {
    expect(['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=1', '\r=1'].map(neutraliseFormula)).toEqual(["'=1+1", "'+1", "'-2+3", "'@SUM(A1)", "'\t=1", "'\r=1"]);
    expect(csvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
    expect(csvField('a=1')).toBe('a=1');
  });

  it('leaves numbers alone: a negative amount stays a number', () => {
    expect(csvField('-12.50', 'number')).toBe('-12.50');
    expect(csvField(-3, 'number')).toBe('-3');
  });
});

describe('text for an XLSX cell', () => {
  it('keeps formula-looking text as it is (the cell is a string cell) and replaces what XML cannot hold', () => {
    expect(sheetText('=HYPERLINK("http://x","y")')).toBe('=HYPERLINK("http://x","y")');
    expect(sheetText('a\u0000b\u0008c\u000bd\uFFFEe\uFFFFf')).toBe('a\uFFFDb\uFFFDc\uFFFDd\uFFFDe\uFFFDf');
    expect(sheetText('tab\tlf\ncr\r')).toBe('tab\tlf\ncr\r');
    expect(sheetText('lone \uD800 high, pair \uD83D\uDE00')).toBe('lone \uFFFD high, pair \uD83D\uDE00');
  });
});

describe('file names made from data', () => {
  it('never holds a separator, a leading dot, a control, a bidi override or a Windows device name', () => {
    const hostile = ['../../etc/passwd', '/abs/path', 'C:\\x', '..', '.', 'a\u0000b', 'CON', 'con.eml', 'lpt1', 'x\u202Egpj.exe', 'a\u2028b', '\uFF0E\uFF0E\uFF0Fetc'];
    for (const h of hostile) {
      const s = safeFileName(h);
      expect(s, JSON.stringify(h)).not.toMatch(/[/\\:\u0000-\u001f\u202e\u2028]|^\.|^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i);
      expect(s.length).toBeGreaterThan(0);
    }
    expect(safeFileName('../../etc/passwd')).toBe('etc_passwd');
    expect(safeFileName('CON')).toBe('_CON');
  });

  it('is at most 180 bytes of UTF-8, cut between characters', () => {
    for (const ch of ['a', 'é', '漢', '😀']) {
      const s = safeFileName(ch.repeat(400));
      expect(Buffer.byteLength(s)).toBeLessThanOrEqual(180);
      expect(s).toBe(ch.repeat([...s].length));
    }
  });
});
