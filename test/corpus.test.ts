import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { isDateCell, type Cell } from '../src/core/import/table.ts';
import { isoFromDay } from '../src/core/dates.ts';
import { EINVOICE_LIMITS, XmlParser, type XmlElement } from '../src/core/import/xml.ts';
import { embeddedFiles, facturXml } from '../src/io/pdf-attachments.ts';
import { openXlsx } from '../src/io/xlsx-read.ts';
import { checkXlsxArchive } from '../src/io/zip-check.ts';
import { parseCsvBytes, readTable } from '../src/io/read-table.ts';
import { ROOT } from './helpers/run.ts';

/**
 * The hand-written parsers against files written by real producers (test/corpus/README.md says which,
 * and under what licence): each file beside its `<file>.expected.json`, the parser's output as
 * checked when the file was added, and wherever a reference reader exists, that reader too (csv-parse
 * for CSV, csv-spectrum's own JSON, poppler's pdfdetach for PDF attachments).
 * `UPDATE_CORPUS=1 npx vitest run test/corpus.test.ts` writes the expected outputs anew: read the diff.
 */

const CORPUS = join(ROOT, 'test/corpus');
const UPDATE = process.env.UPDATE_CORPUS === '1';

function filesIn(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? filesIn(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : []))
    .sort();
}

/** Compares with the pinned output, or pins it. */
function pinned(file: string, actual: unknown): void {
  const expectedFile = `${file}.expected.json`;
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (UPDATE || !existsSync(expectedFile)) {
    if (!UPDATE) throw new Error(`${relative(ROOT, expectedFile)} is missing: run with UPDATE_CORPUS=1`);
    writeFileSync(expectedFile, text);
    return;
  }
  expect(text, relative(ROOT, expectedFile)).toBe(readFileSync(expectedFile, 'utf8'));
}

/** A cell as JSON says it: a day as `{ "date": "2026-10-31" }`. */
const shown = (c: Cell): unknown => (isDateCell(c) ? { date: isoFromDay(c.day) } : c);

describe('the CSV reader (src/core/import/csv.ts, with the encoding and delimiter found by src/io/read-table.ts)', () => {
  for (const file of filesIn(join(CORPUS, 'csv'), /\.csv$/)) {
    it(`reads ${relative(CORPUS, file)}`, () => {
      const table = parseCsvBytes(basename(file), readFileSync(file));
      const rows = Array.from({ length: table.rowCount }, (_, r) => table.row(r).map(shown));
      const { encoding, delimiter } = table.bytes ? { encoding: table.bytes.encoding, delimiter: delimiterOf(file) } : { encoding: null, delimiter: null };
      pinned(file, { encoding, delimiter, rows });
      // csv-parse, the reference parser, reads the same records from the same text.
      const text = new TextDecoder(encoding ?? 'utf-8').decode(readFileSync(file)).replace(/^\uFEFF/, '');
      const theirs = (parse(text, { delimiter: delimiter ?? ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][]).map((r) =>
        r.map((v) => (v === '' ? null : v)),
      );
      const ours = Array.from({ length: table.rowCount }, (_, r) => table.row(r).map((c) => (c === '' ? null : c)));
      expect(ours.filter((r) => r.some((c) => c !== null))).toEqual(theirs.filter((r) => r.some((c) => c !== null)));
      // csv-spectrum's own expected records, where it gives them.
      const spectrum = file.replace(/\.csv$/, '.json');
      if (existsSync(spectrum) && !SPECTRUM_ERRORS.includes(basename(file))) {
        const [head, ...body] = ours;
        const records = body.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ''])));
        expect(records).toEqual(JSON.parse(readFileSync(spectrum, 'utf8')));
      }
    });
  }
});

/** csv-spectrum's JSON that does not say its CSV: location_coordinates.json has another phone number than its .csv. */
const SPECTRUM_ERRORS = ['location_coordinates.csv'];

/** The delimiter read-table found, as the tokenizer used it. */
function delimiterOf(file: string): string {
  const head = readFileSync(file).toString('latin1', 0, 65536);
  return ([';', ',', '\t', '|'] as const).reduce((best, d) => (head.split(d).length > head.split(best).length ? d : best), ',');
}

describe('the XLSX reader (src/io/xlsx-read.ts)', () => {
  for (const file of filesIn(join(CORPUS, 'xlsx'), /\.xlsx$/)) {
    it(`reads ${relative(CORPUS, file)}`, async () => {
      const sheets: { name: string; rows: unknown[][] }[] = [];
      let refused: string | null = null;
      try {
        const book = openXlsx(basename(file), await checkXlsxArchive(basename(file), readFileSync(file)));
        for (const s of book.sheets) sheets.push({ name: s.name, rows: s.read().rows.map((r) => r.map(shown)) });
      } catch {
        // What ar says of a file it cannot open as a workbook.
        refused = await readTable(file, 'invoices').then(
          () => 'read',
          (e: { code?: string }) => e.code ?? 'thrown',
        );
      }
      pinned(file, refused !== null ? { refused } : { sheets });
    });
  }
});

describe('the PDF attachment reader (src/io/pdf-attachments.ts)', () => {
  for (const file of filesIn(join(CORPUS, 'pdf'), /\.pdf$/)) {
    it(`reads ${relative(CORPUS, file)}`, () => {
      const bytes = readFileSync(file);
      const files = embeddedFiles(bytes).map((f) => ({ name: f.name, relationship: f.relationship, bytes: f.data.length, sha256: createHash('sha256').update(f.data).digest('hex') }));
      const invoice = facturXml(bytes);
      pinned(file, { files, invoice: invoice.xml !== null ? { name: invoice.name } : { attachments: invoice.attachments } });
      // poppler's pdfdetach lists the same attachments.
      const listed = execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' })
        .split('\n')
        .slice(1)
        .filter((l) => l !== '')
        .map((l) => l.replace(/^\d+: /, ''));
      expect(files.map((f) => f.name)).toEqual(listed);
    });
  }
});

describe('the XML reader (src/core/import/xml.ts)', () => {
  for (const file of filesIn(join(CORPUS, 'xml'), /\.(xml|fods)$/)) {
    it(`reads ${relative(CORPUS, file)}`, () => {
      const root = new XmlParser({ limits: EINVOICE_LIMITS }).parse(readFileSync(file, 'utf8'));
      let elements = 0;
      let depth = 0;
      const texts: string[] = [];
      const namespaces = new Set<string>();
      const walk = (el: XmlElement, path: string, d: number): void => {
        elements++;
        depth = Math.max(depth, d);
        namespaces.add(el.ns);
        if (el.text !== '' && texts.length < 12) texts.push(`${path}/${el.name}: ${el.text}`);
        for (const c of el.children) walk(c, `${path}/${el.name}`, d + 1);
      };
      walk(root, '', 1);
      pinned(file, { root: { name: root.name, ns: root.ns }, elements, depth, namespaces: [...namespaces].sort(), texts });
    });
  }
});
