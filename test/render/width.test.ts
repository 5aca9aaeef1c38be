import { describe, expect, it } from 'vitest';
import { displayWidth, truncateToWidth, wrapText } from '../../src/render/width.ts';

describe('displayWidth: the columns a terminal gives a text', () => {
  it('counts Latin letters, accents precomposed or combined, one column each', () => {
    expect(displayWidth('Société Générale')).toBe(16);
    expect(displayWidth('Socie\u0301te\u0301')).toBe(7);
    // Several marks on one letter (Vietnamese, IPA): still one column.
    expect(displayWidth('e\u0302\u0301')).toBe(1);
    expect(displayWidth('ẫ')).toBe(1);
  });

  it('gives East Asian wide and full-width characters two columns', () => {
    expect(displayWidth('東京')).toBe(4);
    expect(displayWidth('한국')).toBe(4);
    expect(displayWidth('ｶﾀｶﾅ')).toBe(4); // half-width katakana: one each
    expect(displayWidth('ＡＢ')).toBe(4); // full-width Latin
    expect(displayWidth('カタカナ')).toBe(8);
  });

  it('gives an emoji two columns, however it is built', () => {
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('👍🏽')).toBe(2); // skin tone modifier
    expect(displayWidth('👩‍💻')).toBe(2); // ZWJ sequence
    expect(displayWidth('👨‍👩‍👧‍👦')).toBe(2);
    expect(displayWidth('🇫🇷')).toBe(2); // a flag: two regional indicators
    expect(displayWidth('❤️')).toBe(2); // emoji presentation asked by VS16
    expect(displayWidth('❤')).toBe(1); // text presentation
    expect(displayWidth('Café ☕ ok')).toBe(10);
  });

  it('gives zero-width characters and colour codes no column', () => {
    expect(displayWidth('a\u200bb')).toBe(2);
    expect(displayWidth('\u001b[1mTotal\u001b[22m')).toBe(5);
    expect(displayWidth('\u001b[31m東京\u001b[39m')).toBe(4);
    expect(displayWidth('')).toBe(0);
  });
});

describe('truncateToWidth', () => {
  it('cuts with an ellipsis at the width, never inside a cluster', () => {
    expect(truncateToWidth('Constructions Mercier SAS', 14)).toBe('Constructions…');
    expect(truncateToWidth('Short', 14)).toBe('Short');
    expect(truncateToWidth('東京都千代田区', 6)).toBe('東京…');
    expect(displayWidth(truncateToWidth('東京都千代田区', 6))).toBe(5);
    expect(truncateToWidth('Socie\u0301te\u0301 Ge\u0301ne\u0301rale', 7)).toBe('Socie\u0301t…');
    expect(truncateToWidth('ab👩‍💻cd', 5)).toBe('ab👩‍💻…');
    expect(truncateToWidth('ab👩‍💻cd', 4)).toBe('ab…');
  });

  it('keeps the colour codes, so that a colour is closed after the cut', () => {
    expect(truncateToWidth('\u001b[31mConstructions Mercier\u001b[39m', 6)).toBe('\u001b[31mConst…\u001b[39m');
  });
});

describe('wrapText', () => {
  it('wraps words at the width, and never before a French colon', () => {
    // Amounts keep their narrow no-break spaces (U+202F) and the space before € (U+00A0).
    expect(wrapText('Perte : 6\u202f396,44\u00a0€ sur la facture', 12)).toEqual(['Perte :', '6\u202f396,44\u00a0€', 'sur la', 'facture']);
  });
});
