import { describe, expect, it } from 'vitest';
import { dayFromIso, dayFromYmd, isoFromDay, ymdFromDay } from '../../src/core/dates.ts';
import { halfYearKey, rateOf } from '../../src/core/interest.ts';

/** The reference: the UTC calendar, which knows nothing of our day numbers. */
const utcIso = (d: number): string => new Date(d * 86_400_000).toISOString().slice(0, 10);

describe('calendar days', () => {
  it('writes every day of 1900–2100 as the UTC calendar does, the first time and the next (memoized from 1970)', () => {
    for (let d = dayFromYmd(1900, 1, 1); d <= dayFromYmd(2100, 12, 31); d++) {
      const iso = utcIso(d);
      expect(isoFromDay(d)).toBe(iso);
      expect(isoFromDay(d)).toBe(iso);
      expect(dayFromIso(iso)).toBe(d);
    }
  });

  it('writes the far days, before and after the memo, padded to four digits', () => {
    for (const [y, m, dd] of [
      [1, 1, 1],
      [999, 12, 31],
      [1969, 12, 31],
      [2059, 12, 31],
      [2060, 1, 1],
      [9999, 12, 31],
    ] as const) {
      const d = dayFromYmd(y, m, dd);
      expect(ymdFromDay(d)).toEqual({ y, m, d: dd });
      expect(isoFromDay(d)).toBe(`${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(dd).padStart(2, '0')}`);
    }
  });

  it('cuts the year in two halves at June 30', () => {
    expect(halfYearKey(dayFromYmd(2026, 1, 1))).toBe('2026-H1');
    expect(halfYearKey(dayFromYmd(2026, 6, 30))).toBe('2026-H1');
    expect(halfYearKey(dayFromYmd(2026, 7, 1))).toBe('2026-H2');
    expect(halfYearKey(dayFromYmd(2026, 12, 31))).toBe('2026-H2');
    expect(halfYearKey(dayFromYmd(2027, 1, 1))).toBe('2027-H1');
  });

  it('gives each table its own rates, however often they are asked (the answers are kept by table)', () => {
    const a = { rates: { '2026-H1': 12.15 } };
    const b = { rates: { '2026-H1': 8.15, '2026-H2': 8.4 } };
    for (let k = 0; k < 3; k++) {
      expect(rateOf(a, '2026-H1')).toEqual({ rate: 1215, assumed: false });
      expect(rateOf(a, '2026-H2')).toEqual({ rate: 1215, assumed: true });
      expect(rateOf(b, '2026-H2')).toEqual({ rate: 840, assumed: false });
      expect(rateOf(b, '2025-H2')).toEqual({ rate: 815, assumed: true });
    }
  });
});
