import { describe, expect, it } from 'vitest';
import { isEmailAddress, splitEmails } from '../../src/core/import/ledger.ts';

describe('the e-mail cell of a customers file', () => {
  it('holds several addresses separated by commas, semicolons, spaces or line breaks', () => {
    expect(splitEmails('a@x.example; b@y.example,c@z.example\n<d@w.example>')).toEqual({ valid: ['a@x.example', 'b@y.example', 'c@z.example', 'd@w.example'], invalid: [] });
    // A slash, a bar, an ampersand or a dash alone between two addresses, as people type them, separates them too.
    expect(splitEmails('a@x.example / b@y.example | c@z.example & d@w.example – e@v.example')).toEqual({
      valid: ['a@x.example', 'b@y.example', 'c@z.example', 'd@w.example', 'e@v.example'],
      invalid: [],
    });
    expect(splitEmails('a@x.example et b@y.example')).toEqual({ valid: ['a@x.example', 'b@y.example'], invalid: ['et'] });
  });

  it('refuses as a whole a cell that holds header or group syntax, so data never adds a recipient', () => {
    for (const cell of ['a@x.example\nBcc: evil@y.example', 'a@x.example\r\nCc:evil@y.example', 'a@x.example\u2028Bcc: evil@y.example', 'friends: a@x.example, b@y.example;', 'mailto:a@x.example']) {
      const r = splitEmails(cell);
      expect(r.valid, JSON.stringify(cell)).toEqual([]);
      expect(r.invalid.length, JSON.stringify(cell)).toBeGreaterThan(0);
    }
  });

  it('refuses whole an address written with a display name, never keeping the address without its name', () => {
    for (const cell of ['"Dupont SA" <a@x.example>', 'Dupont <a@x.example>', 'b@y.example, "Dupont" <a@x.example>']) {
      expect(splitEmails(cell), cell).toEqual({ valid: [], invalid: [cell] });
    }
  });

  it('takes one plain address for a sender or a Reply-To, nothing more', () => {
    expect(isEmailAddress('compta@durand.example')).toBe(true);
    for (const a of ['a@x.example,b@y.example', 'a@x.example b@y.example', 'a@x.example\r\n', '"A" <a@x.example>', 'a@x.example;', 'a@localhost']) expect(isEmailAddress(a), a).toBe(false);
  });
});
