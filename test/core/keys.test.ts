import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { referenceKey } from '../../src/core/compare.ts';
import { KeyTable } from '../../src/core/import/keys.ts';

const enc = new TextEncoder();

/** The ids a table must give: one per distinct key (its canonical form), in the order keys first came. */
function model(keys: readonly string[], fold: boolean): { ids: number[]; texts: string[] } {
  const seen = new Map<string, number>();
  const ids: number[] = [];
  for (const k of keys) {
    const canonical = fold ? referenceKey(k) : k.trim();
    if (!seen.has(canonical)) seen.set(canonical, seen.size);
    ids.push(seen.get(canonical)!);
  }
  return { ids, texts: [...seen.keys()] };
}

describe('KeyTable, the hash table of identifiers', () => {
  it('gives each distinct key one dense id, read from bytes or text alike, folded or not, across growth', () => {
    // Short ids of few letters collide often; long ones cross the arena's growth; accents take the text path.
    const key = fc.oneof(
      fc.stringMatching(/^[A-Ca-c0-2]{1,3}$/),
      fc.stringMatching(/^[A-Za-z0-9-]{4,12}$/),
      fc.stringMatching(/^ ?[a-zé]{1,4} ?$/),
      fc.string({ minLength: 1, maxLength: 40 }).map((s) => `x${s}`),
    );
    fc.assert(
      fc.property(fc.array(key, { minLength: 1, maxLength: 3000 }), fc.boolean(), fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (keys, fold, asBytes) => {
        const table = new KeyTable(16, fold);
        const expected = model(keys, fold);
        const got = keys.map((k, i) => {
          const t = k.trim();
          // ASCII keys as the bytes of a file (already trimmed, as the readers give them), or as text.
          if (asBytes[i % asBytes.length] && /^[\x21-\x7e]*$/.test(t) && t !== '') {
            const b = enc.encode(`;${t};`);
            return table.add(b, 1, b.length - 1);
          }
          return table.addText(k);
        });
        expect(got).toEqual(expected.ids);
        expect(table.count).toBe(expected.texts.length);
        expected.texts.forEach((text, id) => {
          expect(table.text(id)).toBe(text);
          expect(table.findText(text)).toBe(id);
        });
        expect(table.findText('never a key of these \u0000')).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });

  it('tells apart two keys of the same hash by their bytes', () => {
    // C278CA and CV8LDA share their FNV-1a hash, 140339783 (found by a birthday search), as do C270CA and CV8TDA.
    for (const fold of [true, false]) {
      const t = new KeyTable(16, fold);
      const ids = ['C278CA', 'CV8LDA', 'C270CA', 'CV8TDA'].map((k) => t.addText(k));
      expect(ids).toEqual([0, 1, 2, 3]);
      expect(['CV8LDA', 'C278CA', 'CV8TDA', 'C270CA'].map((k) => t.findText(k))).toEqual([1, 0, 3, 2]);
      expect(t.findText('c278ca')).toBe(fold ? 0 : -1);
    }
  });

  it('tells whether the last key it was given was new', () => {
    const t = new KeyTable(16, true);
    expect(t.addText('fa-1')).toBe(0);
    expect(t.added).toBe(true);
    expect(t.addText(' FA-1 ')).toBe(0);
    expect(t.added).toBe(false);
    const b = enc.encode('FA-2');
    expect(t.add(b, 0, b.length)).toBe(1);
    expect(t.added).toBe(true);
    expect(t.find(enc.encode('fa-2'), 0, 4)).toBe(1);
    expect(t.find(enc.encode('FA-3'), 0, 4)).toBe(-1);
  });
});
