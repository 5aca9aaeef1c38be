import { describe, expect, it } from 'vitest';
import { idList, risingIds } from '../../src/core/ids.ts';
import { byName } from '../../src/core/compare.ts';

describe('ids of a ledger', () => {
  it('writes a rising id as the ledger did, leading zeros and all', () => {
    const ids = risingIds({ prefix: 'FA2026-', num: Float64Array.of(1, 42, 99999, 100000), digits: Uint8Array.of(5, 5, 5, 6) });
    expect(ids.length).toBe(4);
    expect([0, 1, 2, 3].map((i) => ids.at(i))).toEqual(['FA2026-00001', 'FA2026-00042', 'FA2026-99999', 'FA2026-100000']);
    const bare = risingIds({ prefix: '', num: Float64Array.of(7, 123456789012345), digits: Uint8Array.of(3, 15) });
    expect([bare.at(0), bare.at(1)]).toEqual(['007', '123456789012345']);
  });

  it('holds a list of strings as it is', () => {
    const ids = idList(['b', 'a']);
    expect([ids.length, ids.at(0), ids.at(1), ids.rising]).toEqual([2, 'b', 'a', undefined]);
  });
});

describe('customers by their names (docs/accounting.md §9.1)', () => {
  it('finds a name as an id is found, case and surrounding spaces aside; a name two customers share is neither’s, a blank one no one’s', () => {
    const names = byName<string>([
      ['Dupont SA', 'C1'],
      ['  société générale ', 'C2'],
      ['Homonyme', 'C3'],
      ['HOMONYME', 'C4'],
      ['Same twice', 'C5'],
      ['same twice', 'C5'],
      ['', 'C6'],
    ]);
    expect(names.get('DUPONT SA')).toBe('C1');
    expect(names.get('SOCIÉTÉ GÉNÉRALE')).toBe('C2');
    expect(names.get('HOMONYME')).toBeNull();
    expect(names.get('SAME TWICE')).toBe('C5');
    expect(names.has('')).toBe(false);
  });
});
