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
    // As spreadsheets and customers files write them.
    expect(parseTerms('60 jours nets')).toEqual({ days: 60, endOfMonth: false });
    expect(parseTerms('Paiement à 30 jours')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('fin de mois + 45 jours')).toEqual({ days: 45, endOfMonth: true });
    expect(parseTerms('À réception de facture')).toEqual({ days: 0, endOfMonth: false });
    expect(parseTerms('Immédiat')).toEqual({ days: 0, endOfMonth: false });
    expect(parseTerms('Due on receipt')).toEqual({ days: 0, endOfMonth: false });
    expect(parseTerms('2/10 net 30')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('Fin de mois')).toEqual({ days: 0, endOfMonth: true });
    expect(parseTerms('binnen 30 dagen')).toEqual({ days: 30, endOfMonth: false });
    // A day of the month to pay on is no number of days: not read (the due date would come out early).
    expect(parseTerms('45 jours fin de mois le 10')).toBeNull();
    // The end of a ten-day period (the 10th, 20th or last day): no number of days says it.
    expect(parseTerms('10 jours fin de décade')).toBeNull();
    expect(parseTerms('Le 10 du mois suivant')).toBeNull();
    // The end of the month however written: `fin du mois`, Xero's `after the end of the invoice month` (30 days net, it was:
    // a due date up to three weeks early); the config's reading of "end of month" applies (§1.11).
    expect(parseTerms('30 jours fin du mois')).toEqual({ days: 30, endOfMonth: true });
    expect(parseTerms('30 days after the end of the invoice month')).toEqual({ days: 30, endOfMonth: true });
    // A period in months is no number of days: not read, nor the days beside it (Business Central's `1M(8D)`: a month, 8 days of discount).
    expect(parseTerms('1M(8D)')).toBeNull();
    expect(parseTerms('2 mois')).toBeNull();
    expect(parseTerms('1 month')).toBeNull();
    expect(parseTerms('30 DAYS')).toEqual({ days: 30, endOfMonth: false });
    expect(parseTerms('COD')).toEqual({ days: 0, endOfMonth: false });
    expect(parseTerms('Contre remboursement')).toEqual({ days: 0, endOfMonth: false });
    // A date in words or figures is no terms.
    expect(parseTerms('15.12.2024')).toBeNull();
    expect(parseTerms('30 juin')).toBeNull();
    // A hostile cell (a run of separators, a megabyte) is no terms, told at once.
    const t0 = performance.now();
    expect(parseTerms(`30${'-'.repeat(20_000)}x`)).toBeNull();
    expect(parseTerms(`30${' .'.repeat(100)}x`)).toBeNull();
    expect(parseTerms('1 '.repeat(500_000))).toBeNull();
    expect(performance.now() - t0).toBeLessThan(200);
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
