import { day } from '../src/core/dates.ts';
/**
 * The cases of the fuzzer (`npm run fuzz`, and a quick subset in `npm test`): seeded mutations of
 * the sample ledgers in `fixtures/`, each run through the public CLI entry (`run` of src/cli.ts,
 * in-process with a captured context), and the judge of each outcome.
 *
 * A case passes when `ar` ends in a result (exit 0: output that holds together, every import
 * reconciled) or in a clear error (exit 2: one line per rejected row, then one `ar: …` line).
 * Anything else fails it: another exit code, an exception out of `run`, a stack trace, a message
 * on several lines, an aged balance that does not add up. Hangs and memory are watched by the
 * parent process of `scripts/fuzz.ts`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { run } from '../src/cli.ts';
import type { Context } from '../src/context.ts';

export const ROOT = resolve(import.meta.dirname, '..');

// ---------------------------------------------------------------------------------------------
// Randomness: one small generator per case, from the run's seed and the case's index, so that any
// case can be replayed alone (`npm run fuzz -- --seed S --case N`).

export type Rng = {
  (): number;
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
};

export function rngFor(seed: number, index: number): Rng {
  let a = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const r = next as Rng;
  r.int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  r.pick = (xs) => xs[Math.floor(next() * xs.length)]!;
  r.chance = (p) => next() < p;
  return r;
}

// ---------------------------------------------------------------------------------------------
// The corpus: the fixtures, as text lines (CSV) and as the parts of the workbook (XLSX).

export interface Corpus {
  readonly csv: Record<'invoices' | 'payments' | 'customers', { name: string; lines: string[] }>;
  readonly xlsx: Map<string, string>;
  /** Rows of each worksheet of the workbook: the part before the first row, the rows, the part after. */
  readonly sheets: Map<string, { head: string; rows: string[]; tail: string }>;
  /** E-invoices (UBL, CII), the Factur-X PDF and the CAMT.053 statement of fixtures/. */
  readonly docs: { ubl: string; cii: string; pdf: Uint8Array; camt: string };
}

export async function loadCorpus(root = ROOT): Promise<Corpus> {
  const text = (f: string) => new TextDecoder('windows-1252').decode(readFileSync(join(root, 'fixtures', f)));
  const lines = (f: string) =>
    text(f)
      .split('\r\n')
      .filter((l, i, a) => l !== '' || i < a.length - 1);
  const zip = await JSZip.loadAsync(readFileSync(join(root, 'fixtures/grand-livre.xlsx')));
  const xlsx = new Map<string, string>();
  for (const [name, f] of Object.entries(zip.files)) if (!f.dir) xlsx.set(name, await f.async('string'));
  const sheets = new Map<string, { head: string; rows: string[]; tail: string }>();
  for (const [name, xml] of xlsx) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    const start = xml.indexOf('<row ');
    const end = xml.lastIndexOf('</row>') + '</row>'.length;
    const rows = xml.slice(start, end).match(/<row [^>]*?(?:\/>|>[\s\S]*?<\/row>)/g) ?? [];
    sheets.set(name, { head: xml.slice(0, start), rows, tail: xml.slice(end) });
  }
  return {
    csv: {
      invoices: { name: 'factures.csv', lines: lines('factures.csv') },
      payments: { name: 'reglements.csv', lines: lines('reglements.csv') },
      customers: { name: 'clients.csv', lines: lines('clients.csv') },
    },
    xlsx,
    sheets,
    docs: {
      ubl: readFileSync(join(root, 'fixtures/einvoices/FA-2026-0101.xml'), 'utf8'),
      cii: readFileSync(join(root, 'fixtures/einvoices/FA-2026-0103.xml'), 'utf8'),
      pdf: new Uint8Array(readFileSync(join(root, 'fixtures/einvoices/FA-2026-0104-facturx.pdf'))),
      camt: readFileSync(join(root, 'fixtures/bank/releve-camt053.xml'), 'utf8'),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Values a ledger should never hold, and some it may.

const DATES = [
  '31/02/2026',
  '00/00/0000',
  '29/02/2025',
  '29/02/2024',
  '29/02/2100',
  '32/01/2026',
  '01/13/2026',
  '13/13/2013',
  '1/1/1',
  '01/01/0001',
  '31/12/9999',
  '9999-12-31',
  '0000-01-01',
  '2026-13-45',
  '2026-02-30',
  '2026-10-31T25:61:61Z',
  '2026-10-31T10:00:00+14:00',
  '20261301',
  '99999999',
  '46000',
  '46000,5',
  '2958466',
  '10000',
  '0',
  '-1',
  '1e5',
  '  ',
  '-',
  '.',
  '//',
  '31.10.2026',
  '31-10-2026',
  '10/31/2026',
  '31/10/26',
  '31/10/70',
  '31/10/69',
  '2026/10/31',
  '31 oct. 2026',
  'octobre 2026',
  '٣١/١٠/٢٠٢٦',
  '３１/１０/２０２６',
  '31/10/2026 23:59',
  '31/10/2026 24:00',
  '1.7976931348623157e308',
  'NaN',
  'Infinity',
  'null',
  'undefined',
  '=TODAY()',
  '#VALUE!',
  '\u00a031/10/2026',
];
const AMOUNTS = [
  '0',
  '-0',
  '0,00',
  '-0,00',
  '0,001',
  '0,005',
  '1,005',
  '12,345',
  '1.234,56',
  '1,234.56',
  '1 234,56',
  '1\u00a0234,56',
  '1\u202f234,56',
  "1'234.56",
  '(12,50)',
  '12,50-',
  '-12,50-',
  '--12',
  '+12',
  '++12',
  '€12',
  '12 €',
  '12 EUR',
  'EUR 12',
  '$12',
  'CHF 12',
  '12 XYZ',
  '1e308',
  '1e-308',
  '-1e308',
  '1.7976931348623157e308',
  '9007199254740993',
  '99999999999999999999999',
  '92233720368547758,07',
  '0x10',
  '0b1',
  '1_000',
  'NaN',
  'Infinity',
  '-Infinity',
  '',
  ' ',
  ',',
  '.',
  '-',
  '(',
  ')',
  '1,2,3',
  '1.2.3',
  '1,23,45',
  '١٢٫٥٠',
  '１２,５０',
  '12,50\u0000',
  '=1+1',
  '@SUM(A1)',
  '12.5%',
];
const WEIRD = [
  '\u0000',
  '\u001b[31m',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffe',
  '\ud800',
  '\udfff',
  '\u200b',
  '\u202e',
  'é',
  'e\u0301',
  '€',
  '💶',
  '\r',
  '\n',
  '\r\n',
  '\t',
  '"',
  '""',
  ';',
  ',',
  '|',
  '\\',
  '/',
  '../',
  '=',
  '+',
  '-',
  '@',
  '<script>',
  '&amp;',
  '%s',
  '{{x}}',
  '$' + '{x}',
  '__proto__',
  'constructor',
  'Total',
  'Sous-total',
  'TOTAL GÉNÉRAL',
  'Avoir',
  'Litige',
  'Irrécouvrable',
];

// ---------------------------------------------------------------------------------------------
// A case: files and arguments.

export interface FuzzFile {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface FuzzCase {
  readonly seed: number;
  readonly index: number;
  readonly files: FuzzFile[];
  readonly args: string[];
  /** What was done, for the report of a failure. */
  readonly mutations: string[];
}

function sliceLines(rng: Rng, lines: readonly string[]): string[] {
  const header = lines[0]!;
  const data = lines.slice(1);
  const roll = rng();
  let n: number;
  if (roll < 0.05) n = 0;
  else if (roll < 0.45) n = rng.int(1, 10);
  else if (roll < 0.93) n = rng.int(10, 80);
  else n = data.length;
  const start = rng.int(0, Math.max(0, data.length - n));
  return [header, ...data.slice(start, start + n)];
}

function encodeCp1252(text: string): Uint8Array {
  const special: Record<string, number> = { '€': 0x80, '’': 0x92, '‘': 0x91, '“': 0x93, '”': 0x94, '–': 0x96, '—': 0x97, œ: 0x9c, Œ: 0x8c };
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const c = ch.charCodeAt(0);
    out[i] = special[ch] ?? (c < 256 ? c : 0x3f);
  }
  return out;
}

function encodeUtf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i * 2 + (bigEndian ? 1 : 0)] = c & 0xff;
    out[i * 2 + (bigEndian ? 0 : 1)] = c >> 8;
  }
  return out;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

function randomText(rng: Rng, max: number): string {
  const n = rng.int(0, max);
  let s = '';
  for (let i = 0; i < n; i++) s += rng.chance(0.3) ? rng.pick(WEIRD) : String.fromCharCode(rng.chance(0.9) ? rng.int(32, 126) : rng.int(0, 0xffff));
  return s;
}

const STATUS_WORDS = ['Payée', 'Payée partiellement', 'Annulée', 'void', 'Brouillon (à valider)', 'Avoir', 'Litige', 'Irrécouvrable', 'Failed', 'Refunded', 'Échoué', 'Lettré', '', 'xyz'];

/** Text mutations of a CSV: they keep the file a string. */
const TEXT_MUTATORS: Record<string, (rng: Rng, lines: string[]) => string[]> = {
  dates: (rng, lines) => lines.map((l, i) => (i > 0 && rng.chance(0.3) ? l.replace(/\d\d\/\d\d\/\d{4}/g, (d) => (rng.chance(0.5) ? rng.pick(DATES) : d)) : l)),
  // Matched from a minus or the start of a run of digits only, as the leftmost match always is: tried from each of
  // its digits, a run of 300,000 was quadratic (a hang of the harness).
  amounts: (rng, lines) => lines.map((l, i) => (i > 0 && rng.chance(0.3) ? l.replace(/(?:-|(?<!\d))\d+,\d\d\b/g, (a) => (rng.chance(0.5) ? rng.pick(AMOUNTS) : a)) : l)),
  delimiter: (rng, lines) => {
    const to = rng.pick([',', '\t', '|', ' ', ';;', '";"', ':']);
    const some = rng.chance(0.5);
    return lines.map((l) => (!some || rng.chance(0.3) ? l.split(';').join(to) : l));
  },
  quotes: (rng, lines) => {
    const out = lines.length > 0 ? [...lines] : [''];
    for (let k = rng.int(1, 5); k > 0; k--) {
      const i = rng.int(0, out.length - 1);
      const l = out[i]!;
      const p = rng.int(0, l.length);
      out[i] = l.slice(0, p) + rng.pick(['"', '""', '"""', '";"', '"\r\n"', '"a"b"', "'"]) + l.slice(p);
    }
    return out;
  },
  quotedFields: (rng, lines) =>
    lines.map((l) =>
      rng.chance(0.3)
        ? l
            .split(';')
            .map((f) => (rng.chance(0.5) ? `"${f.replace(/"/g, '""')}${rng.chance(0.3) ? '\r\nsuite' : ''}"` : f))
            .join(';')
        : l,
    ),
  hugeField: (rng, lines) => {
    const out = lines.length > 0 ? [...lines] : [''];
    const i = rng.int(0, out.length - 1);
    const size = rng.chance(0.9) ? rng.pick([1_000, 10_000, 65_537]) : rng.pick([300_000, 2_000_000]);
    const fill = rng.chance(0.5)
      ? rng
          .pick(['x', '9', ' ', '"', ';', '\u00e9', '0,1'])
          .repeat(Math.ceil(size / 3))
          .slice(0, size)
      : randomText(rng, 50)
          .repeat(Math.ceil(size / 25))
          .slice(0, size);
    const f = out[i]!.split(';');
    f[rng.int(0, f.length - 1)] = rng.chance(0.5) ? fill : `"${fill.replace(/"/g, '""')}"`;
    out[i] = f.join(';');
    return out;
  },
  hugeLine: (rng, lines) => {
    const out = [...lines];
    const big = rng.chance(0.1);
    out.splice(rng.int(1, out.length), 0, rng.chance(0.5) ? ';'.repeat(big ? 500_000 : rng.pick([1_000, 20_000])) : 'FA;C1;x;01/01/2026;01/02/2026;1,00;'.repeat(big ? 20_000 : 100));
    return out;
  },
  manyLines: (rng, lines) => {
    const out = [...lines];
    const n = rng.chance(0.9) ? rng.pick([100, 1_000]) : 20_000;
    const pickd = out[rng.int(0, Math.max(0, out.length - 1))] ?? '';
    const line = rng.chance(0.5) ? '' : rng.chance(0.5) || pickd.length > 200 ? ';;;;;' : pickd;
    out.splice(rng.int(1, out.length), 0, ...Array.from({ length: n }, () => line));
    return out;
  },
  lineEndings: (rng, lines) => [lines.join(rng.pick(['\n', '\r', '\r\r\n', '\n\r', '\u2028', '\u0085']))],
  blankAndTitles: (rng, lines) => {
    const out = [...lines];
    for (let k = rng.int(1, 4); k > 0; k--) out.splice(rng.int(0, out.length), 0, rng.pick(['', ';;;', 'Grand livre clients', 'Total;;;;;1000,00', 'Sous-total C001;;;;;12,00', '"";""', ' ']));
    return out;
  },
  // A report grouped by customer: a heading names the customer, its rows mostly leave theirs blank, a total closes
  // the group (naming it or not); the columns as the invoices file has them (number, customer code, name first).
  grouped: (rng, lines) => {
    const [head, ...rows] = lines;
    const groups = new Map<string, string[][]>();
    for (const l of rows) {
      const f = l.split(';');
      const k = f[1] ?? '';
      let g = groups.get(k);
      if (g === undefined) groups.set(k, (g = []));
      g.push(f);
    }
    const out = head === undefined ? [] : [head];
    for (const [code, fs] of groups) {
      const name = fs[0]![2] ?? '';
      out.push(`${rng.pick([`${code} - ${name}`, `Client : ${code} ${name}`, name, code, '1 - 30 days past due', ''])};;;;;;;;`);
      for (const f of fs) {
        if (rng.chance(0.9)) f[1] = f[2] = '';
        out.push(f.join(';'));
      }
      if (rng.chance(0.9))
        out.push(`${rng.pick([`Total ${code}`, `Total for ${name}`, `Total client ${code}`, 'Total', `Sous-total ${name}`, `Total ${name.slice(0, 3)}`])};;;;;${rng.pick(['', '1000,00', '-'])}`);
    }
    return out;
  },
  // The words software writes in a status column (an invoices file's ninth column, a payments file's added one):
  // paid, cancelled, a draft, a credit note, a payment that failed or was refunded, a word no one knows.
  statusWords: (rng, lines) =>
    lines.map((l, i) => {
      const f = l.split(';');
      if (i === 0) {
        while (f.length < 8) f.push('');
        if (f.length === 8) f.push('Statut');
        return f.join(';');
      }
      while (f.length < 9) f.push('');
      if (rng.chance(0.4)) f[8] = rng.pick(STATUS_WORDS);
      return f.join(';');
    }),
  duplicates: (rng, lines) => {
    const out = [...lines];
    for (let k = rng.int(1, 5); k > 0 && out.length > 1; k--) out.splice(rng.int(1, out.length), 0, out[rng.int(1, out.length - 1)]!);
    return out;
  },
  dropColumn: (rng, lines) => {
    const c = rng.int(0, 8);
    const which = rng.chance(0.5) ? 'all' : rng.chance(0.5) ? 'header' : 'data';
    return lines.map((l, i) =>
      which === 'all' || (which === 'header') === (i === 0)
        ? l
            .split(';')
            .filter((_, j) => j !== c)
            .join(';')
        : l,
    );
  },
  header: (rng, lines) => {
    const h = (lines[0] ?? '').split(';');
    const i = rng.int(0, h.length - 1);
    h[i] = rng.pick([h[i]!.toUpperCase(), h[i]!.normalize('NFD'), ` ${h[i]} `, '', h[0]!, `${h[i]}\u0000`, randomText(rng, 12), 'Date', 'Montant', 'Client', 'Facture']);
    return [h.join(';'), ...lines.slice(1)];
  },
  weirdChars: (rng, lines) => lines.map((l, i) => (i > 0 && rng.chance(0.2) ? l.replace(/;/, `;${rng.pick(WEIRD)}`) : l)),
  idDamage: (rng, lines) => lines.map((l, i) => (i > 0 && rng.chance(0.5) ? l.replace(/\b0+(\d+)\b/g, rng.chance(0.5) ? '$1' : '$1.0').replace(/C0*(\d+)/, rng.chance(0.3) ? '$1' : 'C$1') : l)),
  shuffle: (rng, lines) => {
    const out = [...lines];
    for (let i = out.length - 1; i > 1; i--) {
      const j = rng.int(1, i);
      [out[i], out[j]] = [out[j]!, out[i]!];
    }
    return out;
  },
  empty: () => [],
};

/** Byte mutations, after encoding. */
const BYTE_MUTATORS: Record<string, (rng: Rng, b: Uint8Array) => Uint8Array> = {
  flip: (rng, b) => {
    const out = Uint8Array.from(b);
    for (let k = rng.int(1, 20); k > 0 && out.length > 0; k--) out[rng.int(0, out.length - 1)] = rng.int(0, 255);
    return out;
  },
  truncate: (rng, b) => b.subarray(0, rng.int(0, b.length)),
  invalidUtf8: (rng, b) => {
    const bad = rng.pick([[0xc3], [0xff], [0xfe, 0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80, 0x80, 0x80]]);
    const p = rng.int(0, b.length);
    return concat(b.subarray(0, p), Uint8Array.from(bad), b.subarray(p));
  },
  nul: (rng, b) => {
    const p = rng.int(0, b.length);
    return concat(b.subarray(0, p), new Uint8Array(rng.pick([1, 2, 100, 10_000])), b.subarray(p));
  },
  bom: (rng, b) =>
    concat(
      Uint8Array.from(
        rng.pick([
          [0xef, 0xbb, 0xbf],
          [0xff, 0xfe],
          [0xfe, 0xff],
          [0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf],
          [0xff, 0xfe, 0x00, 0x00],
          [0xef, 0xbb],
        ]),
      ),
      b,
    ),
  zipMagic: (_rng, b) => concat(Uint8Array.from([0x50, 0x4b, 0x03, 0x04]), b),
  xlsMagic: (_rng, b) => concat(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), b),
};

function encodeCsv(rng: Rng, text: string, mutations: string[]): Uint8Array {
  const roll = rng();
  if (roll < 0.55) return encodeCp1252(text);
  if (roll < 0.75) return new TextEncoder().encode(text);
  if (roll < 0.85) {
    mutations.push('enc:utf8-bom');
    return concat(Uint8Array.from([0xef, 0xbb, 0xbf]), new TextEncoder().encode(text));
  }
  if (roll < 0.93) {
    mutations.push('enc:utf16le-bom');
    return concat(Uint8Array.from([0xff, 0xfe]), encodeUtf16(text, false));
  }
  if (roll < 0.97) {
    mutations.push('enc:utf16be-bom');
    return concat(Uint8Array.from([0xfe, 0xff]), encodeUtf16(text, true));
  }
  mutations.push('enc:utf16le-no-bom');
  return encodeUtf16(text, false);
}

const MAX_TEXT = 3_000_000;

function csvFile(rng: Rng, corpus: Corpus, kind: keyof Corpus['csv'], mutations: string[]): FuzzFile {
  const { name, lines } = corpus.csv[kind];
  let ls = sliceLines(rng, lines);
  const names = Object.keys(TEXT_MUTATORS);
  for (let k = rng.int(0, 3); k > 0; k--) {
    const m = rng.pick(names);
    if (m === 'empty' && !rng.chance(0.1)) continue;
    mutations.push(`${kind}:${m}`);
    ls = TEXT_MUTATORS[m]!(rng, ls);
  }
  let text = ls.join('\r\n') + (rng.chance(0.8) ? '\r\n' : '');
  // A few MB at most: big enough for huge fields and lines, small enough for ten thousand cases.
  if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT);
  let bytes = encodeCsv(rng, text, mutations);
  const bnames = Object.keys(BYTE_MUTATORS);
  for (let k = rng.chance(0.4) ? rng.int(1, 2) : 0; k > 0; k--) {
    const m = rng.pick(bnames);
    mutations.push(`${kind}:bytes:${m}`);
    bytes = BYTE_MUTATORS[m]!(rng, bytes);
  }
  return { name, bytes };
}

// ---------------------------------------------------------------------------------------------
// XLSX: mutations of the workbook's XML parts, then zipped again; or of the zip's bytes.

const CELL_VALUES: readonly (() => string)[] = [
  () => '<v>0</v>',
  () => '<v>-1</v>',
  () => '<v>1e308</v>',
  () => '<v>NaN</v>',
  () => '<v></v>',
  () => '<v>46326.999999</v>',
  () => '<v>2958466</v>',
  () => '<v>99999999999999999999</v>',
  () => '<v>0.005</v>',
  () => '<v>-0</v>',
  () => '<v>abc</v>',
  () => '<v>1,5</v>',
];

const XML_MUTATORS: Record<string, (rng: Rng, xml: string) => string> = {
  cellValue: (rng, xml) => xml.replace(/<v>[^<]*<\/v>/g, (v) => (rng.chance(0.15) ? rng.pick(CELL_VALUES)() : v)),
  cellType: (rng, xml) =>
    xml.replace(/<c ([^>]*?)(\/?)>/g, (c, attrs: string, slash: string) =>
      rng.chance(0.1) ? `<c ${attrs.replace(/ ?t="[^"]*"/, '')} t="${rng.pick(['s', 'b', 'e', 'str', 'inlineStr', 'd', 'n', 'x'])}"${slash}>` : c,
    ),
  cellStyle: (rng, xml) => xml.replace(/ s="\d+"/g, (s) => (rng.chance(0.2) ? ` s="${rng.pick([0, 1, 2, 3, 4, 5, 14, 99, 100000, -1])}"` : s)),
  cellRef: (rng, xml) =>
    xml.replace(/ r="([A-Z]+)(\d+)"/g, (r, col: string, row: string) =>
      rng.chance(0.05) ? ` r="${rng.pick([`${col}0`, 'XFD1048576', 'XFE1', `${col}${Number(row) + 5}`, 'A1', `${col.toLowerCase()}${row}`, '', `${col}-1`, 'ZZZZ1', `${col}99999999999`])}"` : r,
    ),
  rowNumber: (rng, xml) => xml.replace(/<row r="(\d+)"/g, (r) => (rng.chance(0.05) ? `<row r="${rng.pick(['0', '-1', '1048577', '99999999999', '1', 'x', ''])}"` : r)),
  formula: (rng, xml) =>
    xml.replace(/<c ([^>]*)><v>([^<]*)<\/v><\/c>/g, (c, attrs: string, v: string) =>
      rng.chance(0.1) ? `<c ${attrs}><f>${rng.pick(['1+1', 'A1', 'SUM(A:A)', 'NOW()', 'A1/0'])}</f>${rng.chance(0.6) ? `<v>${rng.pick([v, '0', '', '#DIV/0!'])}</v>` : ''}</c>` : c,
    ),
  inlineText: (rng, xml) =>
    xml.replace(/<c ([^>]*?) t="s"([^>]*)><v>\d+<\/v><\/c>/g, (c, a: string, b: string) =>
      rng.chance(0.1) ? `<c ${a}${b} t="inlineStr"><is><t>${escapeXml(rng.pick([...DATES, ...AMOUNTS, ...WEIRD]))}</t></is></c>` : c,
    ),
  entity: (rng, xml) => xml.replace(/<\/v>/, rng.pick(['&unknown;</v>', '&#0;</v>', '&#xD800;</v>', '&#1114112;</v>', '&amp</v>', '&lt;</v>', ']]></v>'])),
  doctype: (rng, xml) =>
    xml.replace(/\?>/, `?>${rng.pick(['<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', '<!DOCTYPE x SYSTEM "file:///etc/passwd">', '<!DOCTYPE x>'])}`),
  unbalance: (rng, xml) => {
    const p = rng.int(0, xml.length);
    return xml.slice(0, p) + rng.pick(['<', '>', '</row>', '<row>', '<c>', '</sheetData>', '<sheetData>', '"', '&', '<![CDATA[', '<!--']) + xml.slice(p);
  },
  cut: (rng, xml) => xml.slice(0, rng.int(0, xml.length)),
  garbage: (rng, xml) => {
    const p = rng.int(0, xml.length);
    return xml.slice(0, p) + randomText(rng, 30) + xml.slice(p);
  },
  deepNesting: (rng, xml) => xml.replace('<sheetData>', `<sheetData>${'<x>'.repeat(rng.pick([100, 50_000]))}`),
  hugeString: (rng, xml) => xml.replace(/<t>[^<]*<\/t>/, `<t>${'x'.repeat(rng.pick([70_000, 3_000_000]))}</t>`),
  emptyRows: (rng, xml) => xml.replace('</sheetData>', `${Array.from({ length: rng.pick([100, 50_000]) }, (_, i) => `<row r="${2000 + i}" s="1" customFormat="1"/>`).join('')}</sheetData>`),
};

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const SHEET_OF: Record<string, string> = { Factures: 'xl/worksheets/sheet1.xml', Règlements: 'xl/worksheets/sheet2.xml', Clients: 'xl/worksheets/sheet3.xml' };

async function xlsxFile(rng: Rng, corpus: Corpus, mutations: string[]): Promise<FuzzFile> {
  const parts = new Map(corpus.xlsx);
  // Fewer rows: faster cases, and the header rows are kept (a title, a blank row, the header).
  for (const [name, s] of corpus.sheets) {
    const keep = name === SHEET_OF.Factures ? 3 : 1;
    const n = rng.chance(0.1) ? s.rows.length : rng.int(0, 40);
    const start = rng.int(keep, Math.max(keep, s.rows.length - n));
    parts.set(name, s.head + [...s.rows.slice(0, keep), ...s.rows.slice(start, start + n)].join('') + s.tail);
  }
  const targets = [...parts.keys()];
  const xmlNames = Object.keys(XML_MUTATORS);
  for (let k = rng.int(0, 3); k > 0; k--) {
    const part = rng.chance(0.7) ? rng.pick([...corpus.sheets.keys()]) : rng.pick(targets);
    const m = rng.pick(xmlNames);
    mutations.push(`xlsx:${part}:${m}`);
    parts.set(part, XML_MUTATORS[m]!(rng, parts.get(part)!));
  }
  if (rng.chance(0.1)) {
    const wb = parts.get('xl/workbook.xml')!;
    const m = rng.pick(['date1904', 'renameSheet', 'dupSheet', 'noSheets']);
    mutations.push(`xlsx:workbook:${m}`);
    parts.set(
      'xl/workbook.xml',
      m === 'date1904'
        ? wb.replace(/<workbookPr/, '<workbookPr date1904="1"')
        : m === 'renameSheet'
          ? wb.replace(/name="Factures"/, `name="${escapeXml(randomText(rng, 40))}"`)
          : m === 'dupSheet'
            ? wb.replace(/name="Règlements"/, 'name="Factures"')
            : wb.replace(/<sheets>[\s\S]*<\/sheets>/, ''),
    );
  }
  if (rng.chance(0.05)) {
    const victim = rng.pick(targets);
    mutations.push(`xlsx:remove:${victim}`);
    parts.delete(victim);
  }
  const zip = new JSZip();
  const order = rng.chance(0.2) ? [...parts.keys()].reverse() : [...parts.keys()];
  for (const name of order) zip.file(name, parts.get(name)!);
  let bytes: Uint8Array = await zip.generateAsync({ type: 'uint8array', compression: rng.chance(0.8) ? 'DEFLATE' : 'STORE', compressionOptions: { level: 1 } });
  if (rng.chance(0.15)) {
    const m = rng.pick(['flip', 'truncate', 'nul']);
    mutations.push(`xlsx:bytes:${m}`);
    bytes = BYTE_MUTATORS[m]!(rng, bytes);
  }
  return { name: 'grand-livre.xlsx', bytes };
}

// ---------------------------------------------------------------------------------------------
// E-invoices, Factur-X PDFs and CAMT statements: the shapes that made the readers hang or swell
// (unclosed strings, missing endstream, many attachments, object-stream bombs, deep nesting, huge
// attributes, reference floods, DOCTYPEs), at sizes that keep a case under a second, with the
// ordinary damage (cuts, flips, stray markup).

/** Mutations of an XML document (e-invoice or statement), as text. */
const DOC_XML_MUTATORS: Record<string, (rng: Rng, xml: string) => string> = {
  deepNesting: (rng, xml) => {
    // After the first start tag past the last `<?`: found from there, not by a lookahead to the end of the
    // text at every tag (quadratic: a 4 MB statement took the harness 100 s).
    const from = Math.max(0, xml.lastIndexOf('<?'));
    const tag = /<[A-Za-z][^>]*>/g;
    tag.lastIndex = from;
    const m = tag.exec(xml);
    if (m === null) return xml;
    const at = m.index + m[0].length;
    return `${xml.slice(0, at)}${'<n>'.repeat(rng.pick([100, 130, 20_000]))}${xml.slice(at)}`;
  },
  hugeAttribute: (rng, xml) => {
    // On one element inside the root (the root's attributes are its namespaces).
    const size = rng.pick([1000, 70_000, 300_000]);
    let seen = 0;
    return xml.replace(/<([A-Za-z][\w:.-]*)(\s|>)/g, (t, n: string, e: string) => (++seen === 2 ? `<${n} big="${'A'.repeat(size)}"${e}` : t));
  },
  manyAttributes: (_rng, xml) => xml.replace(/<(\w+:)?ID>/, (t) => `${t.slice(0, -1)}${Array.from({ length: 300 }, (_, i) => ` a${i}="${i}"`).join('')}>`),
  referenceFlood: (rng, xml) => xml.replace(/>([^<\s][^<]*)</, (_t, v: string) => `>${v}${rng.pick(['&amp;', '&#x41;', '&#233;', '&lt;']).repeat(rng.pick([1000, 250_000, 1_100_000]))}<`),
  hugeText: (rng, xml) => xml.replace(/>([^<\s][^<]*)</, (_t, v: string) => `>${v}${'x'.repeat(rng.pick([10_000, 1_100_000, 2_000_000]))}<`),
  doctype: (rng, xml) =>
    xml.replace(
      /(<\?xml[^>]*\?>)?/,
      (d) =>
        `${d ?? ''}${rng.pick([
          '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
          '<!DOCTYPE x [<!-- <a --> <!ENTITY x "boom">]>',
          '<!DOCTYPE x SYSTEM "file:///etc/passwd">',
          '<!-- <!DOCTYPE x [<!ENTITY y "z">]> -->',
        ])}`,
    ),
  undeclaredEntity: (rng, xml) => xml.replace(/>([^<\s][^<]*)</, (_t, v: string) => `>${v}${rng.pick(['&x;', '&#0;', '&#xD800;', '&amp', '&'])}<`),
  foreignNamespace: (_rng, xml) =>
    xml.replace(
      /<((\w+):)?(\w*Amount|Amt)\b/,
      (t) => `<evil:PayableAmount xmlns:evil="urn:evil" currencyID="EUR">1.00</evil:PayableAmount><evil:Amt xmlns:evil="urn:evil" Ccy="EUR">1.00</evil:Amt>${t}`,
    ),
  undeclaredPrefix: (_rng, xml) => xml.replace(/<\/?(\w+):/, (t) => t.replace(/\w+:/, 'zz:')),
  unclosed: (rng, xml) => {
    const tags = [...xml.matchAll(/<\/[^>]+>/g)];
    if (tags.length === 0) return xml;
    const t = rng.pick(tags);
    return xml.slice(0, t.index) + xml.slice(t.index! + t[0].length);
  },
  stray: (rng, xml) => {
    const p = rng.int(0, xml.length);
    return xml.slice(0, p) + rng.pick(['<', '>', '&', '"', '<![CDATA[', '<!--', ']]>', '</x>', '<x>', '<?x ', '\u0000', '\uFEFF']) + xml.slice(p);
  },
  cut: (rng, xml) => xml.slice(0, rng.int(0, xml.length)),
  garbage: (rng, xml) => {
    const p = rng.int(0, xml.length);
    return xml.slice(0, p) + randomText(rng, 30) + xml.slice(p);
  },
  encoding: (rng, xml) => xml.replace(/encoding="[^"]*"/, `encoding="${rng.pick(['x-klingon', 'ISO-8859-1', 'UTF-16', 'windows-1252', ''])}"`),
};

/** Honest entries repeated: a long statement, read as a stream. */
function moreEntries(rng: Rng, camt: string): string {
  const entries = camt.match(/<Ntry>[\s\S]*?<\/Ntry>/g) ?? [];
  const n = rng.pick([10, 500, 5000]);
  const extra = Array.from({ length: n }, (_, i) => entries[i % Math.max(1, entries.length)] ?? '').join('\n');
  return camt.replace(/<\/Stmt>/, `${extra}</Stmt>`);
}

function latin1Bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'latin1'));
}

/** Mutations of a PDF, as bytes: objects appended as an incremental update, or damage. */
const PDF_MUTATORS: Record<string, (rng: Rng, pdf: Uint8Array) => Uint8Array> = {
  unclosedStrings: (rng, pdf) => concat(pdf, latin1Bytes(`\n${'9 0 obj (\n'.repeat(rng.pick([10, 5000, 50_000]))}`)),
  unclosedHex: (rng, pdf) => concat(latin1Bytes('%PDF-1.7\n'), latin1Bytes('9 0 obj <\n'.repeat(rng.pick([10, 20_000]))), pdf),
  missingEndstream: (rng, pdf) => {
    const t = Buffer.from(pdf).toString('latin1');
    return rng.chance(0.5) ? latin1Bytes(t.replace(/endstream/g, 'endstrean')) : concat(pdf, latin1Bytes(`\n${'9 0 obj << /Length 99999999 >> stream\nxx\n'.repeat(rng.pick([10, 20_000]))}`));
  },
  manyAttachments: (rng, pdf) => {
    const z = deflateSync(deflateSync(new Uint8Array(rng.pick([1, 8, 31]) * 1024 * 1024)));
    const objs: Uint8Array[] = [pdf];
    for (let k = 0, n = rng.pick([3, 40, 400]); k < n; k++) {
      const o = 5000 + 2 * k;
      objs.push(
        latin1Bytes(
          `\n${o} 0 obj\n<< /Type /Filespec /F (extra-${k}.bin) /EF << /F ${o + 1} 0 R >> >>\nendobj\n${o + 1} 0 obj\n<< /Type /EmbeddedFile /Filter [/FlateDecode /FlateDecode] /Length ${z.length} >>\nstream\n`,
        ),
        z,
        latin1Bytes('\nendstream\nendobj\n'),
      );
    }
    return concat(...objs);
  },
  objectStreamBomb: (rng, pdf) => {
    const body = new Uint8Array(rng.pick([1, 31]) * 1024 * 1024).fill(0x20);
    body.set(latin1Bytes('7000 0 '), 0);
    const z = deflateSync(deflateSync(body));
    const objs: Uint8Array[] = [pdf];
    for (let k = 0, n = rng.pick([2, 20, 200]); k < n; k++) {
      objs.push(latin1Bytes(`\n${6000 + k} 0 obj\n<< /Type /ObjStm /N 1 /First 7 /Filter [/FlateDecode /FlateDecode] /Length ${z.length} >>\nstream\n`), z, latin1Bytes('\nendstream\nendobj\n'));
    }
    return concat(...objs);
  },
  deepNesting: (rng, pdf) => concat(pdf, latin1Bytes(`\n9 0 obj\n${rng.pick(['[', '<< /A '] as const).repeat(rng.pick([50, 100_000]))}\nendobj\n`)),
  cut: (rng, pdf) => pdf.slice(0, rng.int(0, pdf.length)),
  flip: (rng, pdf) => BYTE_MUTATORS.flip!(rng, pdf),
  encrypt: (_rng, pdf) => concat(pdf, latin1Bytes('\ntrailer\n<< /Encrypt 1 0 R >>\n')),
};

/** An e-invoice (UBL or CII XML, or a Factur-X PDF) or a CAMT statement, mutated. */
function docFile(rng: Rng, corpus: Corpus, kind: 'einvoice' | 'camt', mutations: string[]): FuzzFile {
  const xmlNames = Object.keys(DOC_XML_MUTATORS);
  if (kind === 'einvoice' && rng.chance(0.4)) {
    let pdf: Uint8Array = corpus.docs.pdf;
    for (let k = rng.int(1, 2); k > 0; k--) {
      const m = rng.pick(Object.keys(PDF_MUTATORS));
      mutations.push(`pdf:${m}`);
      pdf = PDF_MUTATORS[m]!(rng, pdf);
    }
    return { name: 'facture.pdf', bytes: pdf };
  }
  let xml = kind === 'camt' ? corpus.docs.camt : rng.chance(0.5) ? corpus.docs.ubl : corpus.docs.cii;
  if (kind === 'camt' && rng.chance(0.3)) {
    mutations.push('camt:moreEntries');
    xml = moreEntries(rng, xml);
  }
  for (let k = rng.int(0, 2); k > 0; k--) {
    const m = rng.pick(xmlNames);
    mutations.push(`${kind}:${m}`);
    xml = DOC_XML_MUTATORS[m]!(rng, xml);
  }
  let bytes: Uint8Array = new TextEncoder().encode(xml);
  if (rng.chance(0.1)) {
    const m = rng.pick(['utf16le', 'utf16be', 'bom']);
    mutations.push(`${kind}:bytes:${m}`);
    bytes = m === 'bom' ? concat(new Uint8Array([0xef, 0xbb, 0xbf]), bytes) : concat(new Uint8Array(m === 'utf16le' ? [0xff, 0xfe] : [0xfe, 0xff]), encodeUtf16(xml, m === 'utf16be'));
  }
  return { name: kind === 'camt' ? 'releve.xml' : 'facture.xml', bytes };
}

// ---------------------------------------------------------------------------------------------

const AS_OF = ['2026-10-31', '2026-10-31', '2026-10-31', '2025-01-01', '1900-01-01', '9999-12-31', '2026-02-28', '2100-03-01'];

/** Builds case `index` of the run `seed`; with `documents`, only e-invoices, Factur-X PDFs and statements. */
export async function makeCase(corpus: Corpus, seed: number, index: number, options: { documents?: boolean } = {}): Promise<FuzzCase> {
  const rng = rngFor(seed, index);
  const mutations: string[] = [];
  const files: FuzzFile[] = [];
  const ledger: string[] = [];
  const docRoll = options.documents ? rng() * 0.24 : rng();
  if (docRoll < 0.12) {
    // An e-invoice (or a Factur-X PDF) as the invoices.
    const f = docFile(rng, corpus, 'einvoice', mutations);
    files.push(f);
    ledger.push('--invoices', `@/${f.name}`);
  } else if (docRoll < 0.24) {
    // A bank statement as the payments, beside a CSV ledger.
    const inv = csvFile(rng, corpus, 'invoices', mutations);
    const camt = docFile(rng, corpus, 'camt', mutations);
    files.push(inv, camt);
    ledger.push('--invoices', `@/${inv.name}`, '--payments', `@/${camt.name}`);
  } else if (rng.chance(0.2)) {
    const f = await xlsxFile(rng, corpus, mutations);
    files.push(f);
    const sheet = (s: string) => (rng.chance(0.8) ? `@/${f.name}#${s}` : `@/${f.name}`);
    ledger.push('--invoices', sheet('Factures'));
    if (rng.chance(0.7)) ledger.push('--payments', sheet('Règlements'));
    if (rng.chance(0.5)) ledger.push('--customers', sheet('Clients'));
  } else {
    const inv = csvFile(rng, corpus, 'invoices', mutations);
    files.push(inv);
    ledger.push('--invoices', `@/${inv.name}`);
    if (rng.chance(0.7)) {
      const p = csvFile(rng, corpus, 'payments', mutations);
      files.push(p);
      ledger.push('--payments', `@/${p.name}`);
    }
    if (rng.chance(0.5)) {
      const c = csvFile(rng, corpus, 'customers', mutations);
      files.push(c);
      ledger.push('--customers', `@/${c.name}`);
    }
  }
  const common = ['--as-of', rng.pick(AS_OF), ...(rng.chance(0.75) ? ['--skip-invalid'] : []), ...(rng.chance(0.2) ? ['--lang', 'fr'] : [])];
  const roll = rng();
  let args: string[];
  if (roll < 0.5)
    args = [
      'aging',
      ...ledger,
      ...common,
      '--format',
      'json',
      ...(rng.chance(0.2) ? ['--buckets', rng.pick(['30,60,90,120', '1', '1,2', '15,45'])] : []),
      ...(rng.chance(0.2) ? ['--basis', 'issue'] : []),
    ];
  else if (roll < 0.6) args = ['aging', ...ledger, ...common, '--format', 'csv'];
  else if (roll < 0.7) args = ['aging', ...ledger, ...common];
  else if (roll < 0.8) args = ['customers', ...ledger, ...common, '--format', rng.pick(['json', 'csv', 'table']), '--journal', '@/none.db'];
  else if (roll < 0.87) args = ['dso', ...ledger, ...common, '--format', rng.pick(['json', 'table'])];
  else if (roll < 0.95) args = ['remind', ...ledger, ...common, '--format', rng.pick(['json', 'table']), '--journal', '@/none.db'];
  else args = ['impact', '--portfolio', ...ledger, ...common, '--margin', '5%', '--revenue', '1000000', '--format', 'json'];
  return { seed, index, files, args, mutations };
}

// ---------------------------------------------------------------------------------------------
// Running a case, and judging it.

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** What is wrong with the outcome; null when the case passes. */
  readonly failure: string | null;
}

/** Runs a case through the CLI's in-process entry, in `dir` (its files are written there first). */
export async function runCase(c: FuzzCase, dir: string): Promise<Outcome> {
  mkdirSync(dir, { recursive: true });
  for (const f of c.files) writeFileSync(join(dir, f.name), f.bytes);
  let stdout = '';
  let stderr = '';
  const ctx: Context = {
    cwd: dir,
    env: { LANG: 'en_US.UTF-8', NO_COLOR: '1' },
    today: day(20757), // 2026-10-31
    now: () => new Date(Date.UTC(2026, 9, 31, 8)),
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    stdinIsTTY: false,
  };
  const t0 = performance.now();
  let code: number;
  try {
    // Files are named `@/name` in a case: the paths are made absolute here (the CLI resolves them from the process's folder).
    code = await run(
      c.args.map((a) => (a.startsWith('@/') ? join(dir, a.slice(2)) : a)),
      ctx,
    );
  } catch (e) {
    const ms = performance.now() - t0;
    return { code: -1, stdout, stderr, ms, failure: `run() threw: ${(e as Error)?.stack ?? String(e)}` };
  }
  const ms = performance.now() - t0;
  return { code, stdout, stderr, ms, failure: judge(c, code, stdout, stderr) };
}

const cents = (s: unknown): bigint => {
  if (typeof s !== 'string' || !/^-?\d+\.\d\d$/.test(s)) throw new Error(`not an amount: ${JSON.stringify(s)}`);
  const neg = s.startsWith('-');
  const v = BigInt(s.replace('-', '').replace('.', ''));
  return neg ? -v : v;
};

/** Why an outcome is wrong, or null. */
export function judge(c: FuzzCase, code: number, stdout: string, stderr: string): string | null {
  const lines = stderr.split('\n');
  if (lines.pop() !== '') return 'stderr does not end with a line break';
  if (lines.some((l) => /^\s+at \S/.test(l))) return 'a stack trace on stderr';
  if (code === 70 || /internal error|erreur interne/.test(stderr)) return `internal error: ${lines.find((l) => l.includes('internal')) ?? ''}`;
  const names = c.files.map((f) => f.name);
  const isOurs = (l: string) => names.some((n) => l.startsWith(n));
  if (code === 2) {
    if (stdout !== '') return 'exit 2 with something on stdout';
    const last = lines[lines.length - 1] ?? '';
    if (!last.startsWith('ar: ')) return `exit 2 without a final "ar: …" line: ${JSON.stringify(last.slice(0, 200))}`;
    for (const l of lines.slice(0, -1)) if (!isOurs(l)) return `exit 2: a line that names no file (a message on several lines?): ${JSON.stringify(l.slice(0, 200))}`;
    return null;
  }
  if (code !== 0) return `exit ${code}: ${lines.slice(-3).join(' | ').slice(0, 500)}`;
  // A problem on stderr: one of a file (`! factures.csv:12: …`), or a kind of them counted with its first rows
  // (`! 14 values of column "Date" are not dates, first: factures.csv:2, :10, :12 …`), or where the whole list is.
  const grouped = (l: string) => /^\d[\d,\u202f]* /.test(l) && names.some((n) => l.includes(`: ${n}`));
  const hint = (l: string) => /^ {2}\((every one|chacun|the whole list|la liste entière)/.test(l);
  for (const l of lines) {
    if (!hint(l) && (!/^[!✗] /.test(l) || !(isOurs(l.slice(2)) || grouped(l.slice(2))))) return `exit 0: a stderr line that is not a problem of a file: ${JSON.stringify(l.slice(0, 200))}`;
  }
  if (stdout === '') return 'exit 0 with nothing on stdout';
  const format = c.args[c.args.indexOf('--format') + 1];
  if (c.args.includes('--format') && format === 'json') {
    let j: unknown;
    try {
      j = JSON.parse(stdout);
    } catch (e) {
      return `exit 0: stdout is not JSON (${(e as Error).message})`;
    }
    if (c.args[0] === 'aging') {
      try {
        return checkAging(j as AgingJson);
      } catch (e) {
        return `aging JSON: ${(e as Error).message}`;
      }
    }
  }
  return null;
}

interface AgingJson {
  currencies: Record<
    string,
    { total: string; buckets: Record<string, string>; unapplied: string; customers: { id: string; total: string; buckets: Record<string, string>; unapplied: string; invoices: { open: string }[] }[] }
  >;
  import: Record<
    string,
    | {
        read: number;
        used: number;
        rejected: number;
        ignored: number;
        unidentified?: number;
        amounts: { read: Record<string, string>; used: Record<string, string>; rejected: Record<string, string>; unidentified?: Record<string, string> };
      }
    | null
    | unknown[]
  >;
}

/** The aged balance adds up, and every import reconciles (rows and amounts). */
function checkAging(j: AgingJson): string | null {
  for (const [cur, c] of Object.entries(j.currencies)) {
    let total = 0n;
    for (const k of Object.values(c.customers)) {
      const b = Object.values(k.buckets).reduce((s, x) => s + cents(x), 0n);
      if (b + cents(k.unapplied) !== cents(k.total)) return `${cur} customer ${k.id}: buckets + unapplied ≠ total`;
      const open = k.invoices.reduce((s, i) => s + cents(i.open), 0n);
      if (open !== b) return `${cur} customer ${k.id}: open items ≠ buckets`;
      total += cents(k.total);
    }
    if (total !== cents(c.total)) return `${cur}: customers do not add up to the total`;
    if (Object.values(c.buckets).reduce((s, x) => s + cents(x), 0n) + cents(c.unapplied) !== cents(c.total)) return `${cur}: buckets + unapplied ≠ total`;
  }
  for (const [name, imp] of Object.entries(j.import)) {
    if (imp === null || Array.isArray(imp)) continue;
    // A bank statement's receipts that name no customer are counted apart (unidentified).
    const unidentified = imp.unidentified ?? 0;
    if (imp.read !== imp.used + imp.rejected + imp.ignored + unidentified)
      return `import ${name}: read ${imp.read} ≠ used ${imp.used} + rejected ${imp.rejected} + ignored ${imp.ignored} + unidentified ${unidentified}`;
    for (const cur of new Set([...Object.keys(imp.amounts.read), ...Object.keys(imp.amounts.used), ...Object.keys(imp.amounts.rejected)])) {
      const r = cents(imp.amounts.read[cur] ?? '0.00');
      const u = cents(imp.amounts.used[cur] ?? '0.00');
      const x = cents(imp.amounts.rejected[cur] ?? '0.00');
      const n = cents(imp.amounts.unidentified?.[cur] ?? '0.00');
      if (r !== u + x + n) return `import ${name} ${cur}: amounts read ≠ used + rejected + unidentified`;
    }
  }
  return null;
}
