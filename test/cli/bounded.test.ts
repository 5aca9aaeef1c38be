import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { camt, facturxWith, pdfManyAttachments, pdfUnclosed } from '../../scripts/hostile.ts';
import { ar, ROOT, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * Hostile files through the built CLI: each ends in one clear line (exit 2 naming the file and the
 * limit) or in the right figures (exit 0), quickly. SECURITY.md, "Every reader bounded".
 */

const INVOICES = join(ROOT, 'fixtures/factures.csv');
const AS_OF = ['--as-of', '2026-12-31'];

/** A file of `bytes` bytes that takes no room on disk (sparse, zeros after `head`): for the size limits. */
function sparse(path: string, bytes: number, head = ''): string {
  const fd = openSync(path, 'w');
  ftruncateSync(fd, bytes);
  if (head !== '') writeSync(fd, Buffer.from(head), 0, head.length, 0);
  closeSync(fd);
  return path;
}

const timedAr = (args: string[]) => {
  const t0 = performance.now();
  const r = ar(args);
  return { ...r, ms: performance.now() - t0 };
};

describe('hostile files through ar aging', () => {
  it('refuses a statement above 512 MB and an e-invoice above 32 MB before reading them, naming file and limit', () => {
    const dir = tempDir();
    // Its first bytes say XML, as a real statement's would.
    const withHead = sparse(join(dir, 'camt.xml'), 600 * 1024 * 1024, '<?xml version="1.0"?>');
    const camtRun = timedAr(['aging', INVOICES, '--payments', withHead, ...AS_OF]);
    expect(camtRun.code).toBe(2);
    expect(camtRun.stderr).toBe('ar: camt.xml: larger than 512 MB, the limit of a bank statement read by ar: refused (export it by period)\n');
    expect(camtRun.ms).toBeLessThan(5000);
    const inv = sparse(join(dir, 'facture.xml'), 120 * 1024 * 1024);
    const einv = timedAr(['aging', inv, ...AS_OF]);
    expect(einv.code).toBe(2);
    expect(einv.stderr.split('\n')[0]).toBe('facture.xml: larger than 32 MB, the limit of an e-invoice: refused');
    expect(einv.ms).toBeLessThan(5000);
  });

  it('reads a Factur-X PDF with 400 attachments of 31 MB each: its invoice, and nothing else, exit 0', () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'a.pdf': pdfManyAttachments(400, 31) });
    const r = timedAr(['aging', f['a.pdf']!, ...AS_OF, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(',600.00,');
    expect(r.ms).toBeLessThan(5000);
  });

  it('says a PDF of never-closed strings is unreadable, in one line, at once (100 KB took 45 s)', () => {
    const dir = tempDir();
    const f = writeFiles(dir, { 'u.pdf': pdfUnclosed(1_000_000) });
    const r = timedAr(['aging', f['u.pdf']!, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe('u.pdf: not a readable PDF (no PDF object found)');
    expect(r.ms).toBeLessThan(5000);
  });

  it('names the PDF limit it met: streams inflating to more than 64 MB in all', () => {
    const dir = tempDir();
    const z = deflateSync(deflateSync(new Uint8Array(31 * 1024 * 1024).fill(0x20)));
    const objs = Array.from({ length: 3 }, (_, k) =>
      Buffer.concat([Buffer.from(`${3000 + k} 0 obj\n<< /Type /ObjStm /N 1 /First 7 /Filter [/FlateDecode /FlateDecode] /Length ${z.length} >>\nstream\n`), z, Buffer.from('\nendstream\nendobj\n')]),
    );
    const f = writeFiles(dir, { 'o.pdf': facturxWith(objs) });
    const r = timedAr(['aging', f['o.pdf']!, ...AS_OF]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe("o.pdf: the PDF: its streams inflate to more than 64 MB in all, the limit of one file: refused (a limit of ar's PDF reader, which no invoice comes near)");
  });

  it('counts the UBL amount, not a foreign-namespace one put before it', () => {
    const dir = tempDir();
    const xml = readFileSync(join(ROOT, 'fixtures/einvoices/FA-2026-0101.xml'), 'utf8').replace(
      '<cac:LegalMonetaryTotal>',
      '<cac:LegalMonetaryTotal xmlns:evil="urn:evil"><evil:PayableAmount currencyID="EUR">1.00</evil:PayableAmount>',
    );
    const f = writeFiles(dir, { 'ns.xml': xml });
    const r = ar(['aging', f['ns.xml']!, ...AS_OF, '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout.split(/\r?\n/)[1]).toBe('812345678,Martin & Fils SARL,EUR,0.00,0.00,0.00,0.00,1200.00,0.00,1200.00,0.00,0.00');
  });

  it('reads a UTF-16 statement as a statement (it was "a CSV without columns"), and names an encoding it does not know', () => {
    const dir = tempDir();
    const text = readFileSync(join(ROOT, 'fixtures/bank/releve-camt053.xml'), 'utf8');
    const f = writeFiles(dir, {
      'utf16.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text.replace('encoding="UTF-8"', 'encoding="UTF-16"'), 'utf16le')]),
      'utf8.xml': text,
      'klingon.xml': Buffer.concat([Buffer.from(text.replace('encoding="UTF-8"', 'encoding="x-klingon"')), Buffer.from([0xe9])]),
    });
    const json = (file: string) => JSON.parse(ar(['aging', INVOICES, '--payments', file, ...AS_OF, '--format', 'json']).stdout) as { currencies: unknown };
    expect(json(f['utf16.xml']!).currencies).toEqual(json(f['utf8.xml']!).currencies);
    const k = ar(['aging', INVOICES, '--payments', f['klingon.xml']!, ...AS_OF]);
    expect(k.code).toBe(2);
    expect(k.stderr).toBe('ar: klingon.xml: the XML declares the character encoding "x-klingon", which ar does not know: refused\n');
  });

  it('reads an honest statement of 1,400 entries as a stream, with the right figures', () => {
    const dir = tempDir();
    const c = camt(1_500_000);
    const f = writeFiles(dir, { 'year.xml': c.xml });
    const r = timedAr(['aging', INVOICES, '--payments', f['year.xml']!, ...AS_OF, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { import: { payments: { read: number; amounts: { read: Record<string, string> } } } };
    expect(j.import.payments.read).toBe(c.entries);
    expect(j.import.payments.amounts.read.EUR).toBe((c.cents / 100).toFixed(2));
    expect(r.ms).toBeLessThan(8000);
  });
});
