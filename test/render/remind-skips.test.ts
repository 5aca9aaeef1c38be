import { cents } from '../../src/core/money.ts';
import { describe, expect, it } from 'vitest';
import { NO_PAINT } from '../../src/render/aging-table.ts';
import { remindTable, skipText, type RemindOutcome } from '../../src/render/remind.ts';
import { d } from '../helpers/build.ts';

/** The "too soon" reason says when the last e-mail went and the minimum, never a raw day number. */
const outcome = (asOf: string, last: string, lang: 'fr' | 'en'): RemindOutcome => ({
  mode: 'dry-run',
  asOf: d(asOf),
  lang,
  names: () => 'Dupont',
  results: new Map(),
  uncertain: [],
  retried: false,
  stopped: null,
  plan: { asOf: d(asOf), minDaysBetween: 7, emails: [], assumedRates: [], skips: [{ customerId: 'C1', currency: 'EUR', reason: 'too_soon', detail: String(d(last)), overdue: cents(10000) }] },
});

describe('the too-soon reason', () => {
  it('reads as days ago and the minimum, today for a second run the same day, and the date for a run before it', () => {
    expect(remindTable(outcome('2026-11-21', '2026-11-16', 'en'), NO_PAINT)).toContain('C1 Dupont — 100.00 EUR — last e-mail 5 days ago (minimum 7 days)');
    expect(remindTable(outcome('2026-11-16', '2026-11-16', 'en'), NO_PAINT)).toContain('— last e-mail today (minimum 7 days)');
    expect(remindTable(outcome('2026-11-16', '2026-11-16', 'fr'), NO_PAINT)).toContain('— dernier e-mail aujourd’hui (minimum 7 jours)');
    expect(remindTable(outcome('2026-11-10', '2026-11-16', 'en'), NO_PAINT)).toContain('— last e-mail on 16 Nov 2026 (minimum 7 days)');
  });
  it('names a customer once when its id is its name (a file of names only), and by its id alone when it has no name', () => {
    const named = (names: RemindOutcome['names']): string => remindTable({ ...outcome('2026-11-21', '2026-11-16', 'en'), names }, NO_PAINT);
    expect(named(() => 'C1')).toContain('\n  C1 — 100.00 EUR — last e-mail');
    expect(named(() => null)).toContain('\n  C1 — 100.00 EUR — last e-mail');
  });
  it("reads the journal's record, ISO or the day number older journals hold", () => {
    expect(skipText('too_soon: 2026-11-16', 'en')).toBe('reminded too recently: last e-mail on 16 Nov 2026');
    expect(skipText(`too_soon: ${d('2026-11-16')}`, 'fr')).toBe('relancé trop récemment : dernier e-mail le 16/11/2026');
    expect(skipText('to_call: do_not_remind', 'en')).toBe('to call: do not remind');
    expect(skipText('something else', 'en')).toBe('something else');
  });
});
