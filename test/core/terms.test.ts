import { describe, expect, it } from 'vitest';
import { isoFromDay } from '../../src/core/dates.ts';
import { dueDateFromTerms, parseTerms } from '../../src/core/terms.ts';
import { d } from '../helpers/build.ts';

describe('payment terms (docs/accounting.md §1.10, §1.11)', () => {
  it('reads the ways invoices write terms', () => {
    expect(parseTerms('30')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('45FDM')).toEqual({ days: 45, endOfMonth: true });
    expect(parseTerms('30 jours fin de mois')).toEqual({ days: 30, endOfMonth: true });
    expect(parseTerms('60 j')).toEqual({ days: 60, endOfMonth: false });
    expect(parseTerms('comptant')).toEqual({ days: 0, endOfMonth: false });
    expect(parseTerms('net 30')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('bientôt')).toBeNull();
  });
  it('derives 30 days net', () => {
    expect(isoFromDay(dueDateFromTerms(d('2026-01-31'), { days: 30, endOfMonth: false }))).toBe('2026-03-02');
  });
  it('reads 45 days end of month both lawful ways', () => {
    const t = { days: 45, endOfMonth: true };
    // Issue + 45 days (2026-02-24), then the end of that month.
    expect(isoFromDay(dueDateFromTerms(d('2026-01-10'), t, 'add-then-eom'))).toBe('2026-02-28');
    // End of the issue month (2026-01-31), then + 45 days.
    expect(isoFromDay(dueDateFromTerms(d('2026-01-10'), t, 'eom-then-add'))).toBe('2026-03-17');
  });
});
