import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSingleByte, decodeUtf8, decodeWindows1252, encodeUtf8Into, singleByteEncoding, utf8Bytes } from '../../src/core/import/encodings.ts';

describe('encodings of ledger cells', () => {
  it('reads every byte of windows-1252 as the WHATWG decoder does', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(decodeWindows1252(all, 0, 256)).toBe(new TextDecoder('windows-1252').decode(all));
    // One byte at a time, and within a longer cell.
    for (let b = 0; b < 256; b++) {
      const cell = Uint8Array.from([0x41, b, 0x42]);
      expect(decodeWindows1252(cell, 1, 2)).toBe(new TextDecoder('windows-1252').decode(cell.subarray(1, 2)));
      expect(decodeWindows1252(cell, 0, 3)).toBe(new TextDecoder('windows-1252').decode(cell));
    }
  });

  it('reads a cell of French Excel: Échéance, 1 234,50 €, Prélèvement “SEPA” – œuvre', () => {
    const text = 'Échéance 1\u00a0234,50 € Prélèvement “SEPA” – œuvre';
    const bytes = new Uint8Array(
      [...text].map((ch) => {
        const high = { '€': 0x80, '“': 0x93, '”': 0x94, '–': 0x96, œ: 0x9c } as Record<string, number>;
        return high[ch] ?? ch.charCodeAt(0);
      }),
    );
    expect(decodeWindows1252(bytes, 0, bytes.length)).toBe(text);
  });

  it('tells Excel’s CSV (MS-DOS) and CSV (Macintosh) from windows-1252 by their accented letters, and reads them', () => {
    const text = 'N° facture;Client;Échéance\r\nF1;Société Générale;Hôtel Beauséjour à Liège, façade, crème brûlée\r\n';
    // The bytes each encoding writes for the text's letters (code page 850, Mac OS Roman, windows-1252).
    const table: Record<string, Record<string, number>> = {
      cp850: { '°': 0xf8, É: 0x90, é: 0x82, ô: 0x93, è: 0x8a, à: 0x85, ç: 0x87, û: 0x96 },
      macintosh: { '°': 0xa1, É: 0x83, é: 0x8e, ô: 0x99, è: 0x8f, à: 0x88, ç: 0x8d, û: 0x9e },
      'windows-1252': { '°': 0xb0, É: 0xc9, é: 0xe9, ô: 0xf4, è: 0xe8, à: 0xe0, ç: 0xe7, û: 0xfb },
    };
    for (const [encoding, high] of Object.entries(table)) {
      const bytes = Uint8Array.from([...text].map((ch) => high[ch] ?? ch.charCodeAt(0)));
      expect(singleByteEncoding(bytes), encoding).toBe(encoding);
      if (encoding !== 'windows-1252') expect(decodeSingleByte(bytes, encoding as 'cp850' | 'macintosh'), encoding).toBe(text);
    }
    // ASCII, or a letter or two that nothing settles: windows-1252, as ever.
    expect(singleByteEncoding(Uint8Array.from([...'Client;Montant\nDupont;12'].map((c) => c.charCodeAt(0))))).toBe('windows-1252');
    expect(singleByteEncoding(Uint8Array.from([0x53, 0x6f, 0x63, 0x69, 0x82, 0x74, 0x82]))).toBe('windows-1252');
  });

  it('writes and reads UTF-8 as TextEncoder and TextDecoder do, lone surrogates included', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 20 }).map((u) => String.fromCharCode(...u)),
        ),
        (s) => {
          const expected = new TextEncoder().encode(s);
          expect([...utf8Bytes(s)]).toEqual([...expected]);
          const out = new Uint8Array(s.length * 3);
          expect(encodeUtf8Into(s, out)).toBe(expected.length);
          expect(decodeUtf8(expected, 0, expected.length)).toBe(new TextDecoder().decode(expected));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('reads a long ASCII cell whole', () => {
    const long = new Uint8Array(10_000).fill(0x61);
    expect(decodeUtf8(long, 0, long.length)).toBe('a'.repeat(10_000));
    expect(decodeWindows1252(long, 0, long.length)).toBe('a'.repeat(10_000));
  });
});
