import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep } from 'node:path';
import { importEInvoices, mapEInvoiceFile, type EInvoiceImportOptions, type MappedFile, type XmlNode } from '../core/import/einvoice.ts';
import type { ImportCount, ImportResult } from '../core/import/ledger.ts';
import type { Invoice, Payment, Problem } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { EINVOICE_LIMITS, XmlError, XmlParser } from '../core/import/xml.ts';
import { facturXml, MAX_PDF_BYTES, PdfError } from './pdf-attachments.ts';

/**
 * Reads e-invoices from a folder (recursively, MAX_FOLDER_DEPTH folders deep at most: every `.xml` and
 * `.pdf` file, in path order; other files are counted as ignored; hidden files and folders and node_modules
 * skipped; paths named relative to where the user stands) or from files given one by one: UBL and CII XML,
 * Factur-X / ZUGFeRD 2.x PDFs (their embedded invoice XML), and CDAR lifecycle messages. Loaded with
 * `await import()` only when e-invoices are given.
 *
 * XML is parsed by `ar`'s own bounded parser (src/core/import/xml.ts): a DOCTYPE is refused where the
 * parser meets it, a file above 32 MB or past the parser's limits is refused with the limit named, and
 * only the five XML entities and character references are decoded.
 */
export async function readEInvoices(specs: readonly string[], options: EInvoiceImportOptions): Promise<ImportResult<Invoice> & { payments: Payment[]; paymentsCount: ImportCount | null }> {
  const files: { path: string; name: string; inFolder: boolean }[] = [];
  const skipped: Problem[] = [];
  for (const spec of specs) {
    let isDir: boolean;
    try {
      isDir = (await stat(spec)).isDirectory();
    } catch {
      throw new InputError('file_not_found', { file: spec });
    }
    if (!isDir) {
      files.push({ path: spec, name: basename(spec), inFolder: false });
      continue;
    }
    const found = await walk(spec, displayPath(spec), 0, skipped);
    if (found.length === 0) throw new InputError('no_einvoices', { file: spec });
    files.push(...found);
  }
  const mapped: MappedFile[] = [];
  for (const f of files) mapped.push(await readOne(f));
  const source = specs.length === 1 ? basename(specs[0]!.replace(/[\\/]+$/, '')) || specs[0]! : `${basename(specs[0]!)} (+${specs.length - 1})`;
  const result = importEInvoices(source, mapped, options);
  return skipped.length === 0 ? result : { ...result, problems: [...skipped, ...result.problems] };
}

/** How deep below the folder given its subfolders are read (factures/2026/10/C013/… is 3). */
const MAX_FOLDER_DEPTH = 4;

/** Folders never read: hidden ones (`.git`, `.cache`) and those of programs (`node_modules`). */
const SKIPPED_FOLDER = (name: string): boolean => name.startsWith('.') || name === 'node_modules';

/**
 * A folder as messages name it: relative to where the user stands (as typed, when typed relative; an
 * absolute path inside the working folder made relative to it), without a trailing slash.
 */
function displayPath(spec: string): string {
  const trimmed = spec.replace(/[\\/]+$/, '') || spec;
  if (!isAbsolute(trimmed)) return trimmed.split(sep).join('/');
  const rel = relative(process.cwd(), trimmed);
  return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? trimmed : rel.split(sep).join('/');
}

/**
 * The files of a folder and its subfolders, sorted by path; hidden files, hidden folders and node_modules
 * are skipped; a folder deeper than MAX_FOLDER_DEPTH is not read, and said (`skipped`).
 */
async function walk(dir: string, display: string, depth: number, skipped: Problem[]): Promise<{ path: string; name: string; inFolder: boolean }[]> {
  const out: { path: string; name: string; inFolder: boolean }[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !(e.isDirectory() ? SKIPPED_FOLDER(e.name) : e.name.startsWith('.')));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    const name = `${display}/${e.name}`;
    if (e.isDirectory()) {
      if (depth < MAX_FOLDER_DEPTH) out.push(...(await walk(path, name, depth + 1, skipped)));
      else skipped.push({ severity: 'warning', code: 'folder_too_deep', file: name, line: 0, params: { depth: MAX_FOLDER_DEPTH } });
    } else if (e.isFile()) out.push({ path, name, inFolder: true });
  }
  return out;
}

function rejected(file: string, code: string, params: Record<string, string | number> = {}, line = 0): MappedFile {
  const problem: Problem = { severity: 'error', code, file, line, params };
  return { kind: 'rejected', file, problems: [problem] };
}

async function readOne(f: { path: string; name: string; inFolder: boolean }): Promise<MappedFile> {
  const isPdfName = /\.pdf$/i.test(f.name);
  if (f.inFolder && !isPdfName && !/\.xml$/i.test(f.name)) {
    return { kind: 'ignored', file: f.name, problems: [{ severity: 'warning', code: 'not_einvoice_file_ignored', file: f.name, line: 0 }] };
  }
  let bytes: Uint8Array;
  try {
    // A file past the limits is refused before it is read.
    const size = (await stat(f.path)).size;
    if (isPdfName && size > MAX_PDF_BYTES) return rejected(f.name, 'pdf_limit', { detail: `larger than ${MAX_PDF_BYTES / 1024 / 1024} MB, the limit of a PDF read by ar` });
    if (!isPdfName && size > Math.max(MAX_EINVOICE_BYTES, MAX_PDF_BYTES)) return rejected(f.name, 'xml_too_large_einvoice', { mb: MAX_EINVOICE_BYTES / 1024 / 1024 });
    bytes = await readFile(f.path);
  } catch {
    return rejected(f.name, 'file_not_readable');
  }
  let xmlBytes = bytes;
  if (isPdfName || startsWithPdf(bytes)) {
    try {
      const found = facturXml(bytes);
      if (found.xml === null) return rejected(f.name, 'pdf_no_invoice_xml', { attachments: found.attachments.join(', ') });
      xmlBytes = found.xml;
    } catch (e) {
      if (e instanceof PdfError) return rejected(f.name, e.reason === 'encrypted' ? 'pdf_encrypted' : e.reason === 'too_large' ? 'pdf_limit' : 'pdf_unreadable', { detail: e.message });
      throw e;
    }
  }
  const parsed = parseXml(xmlBytes);
  if ('error' in parsed) return rejected(f.name, parsed.error, parsed.params, parsed.line);
  return mapEInvoiceFile(parsed.root, f.name);
}

function startsWithPdf(b: Uint8Array): boolean {
  return b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d;
}

/** The text of an XML file: a BOM, else the encoding its declaration names, else UTF-8. */
function decodeXml(bytes: Uint8Array): { text: string } | { error: string; params: Record<string, string> } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const label = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? 'utf-8';
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(label, { fatal: true });
  } catch {
    return { error: 'xml_encoding', params: { value: label } };
  }
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    return { error: 'xml_malformed', params: { detail: `bytes that are not ${label}` } };
  }
}

/** The largest e-invoice XML read (an invoice is a few KB; with its PDF embedded in base64, a few MB). */
const MAX_EINVOICE_BYTES = 32 * 1024 * 1024;

/**
 * Parses XML bytes into our tree with `ar`'s own bounded parser (src/core/import/xml.ts): a DOCTYPE is
 * refused as the parser meets it (so no entity is ever declared, let alone expanded), and so is what
 * is not well-formed or goes past the limits of an e-invoice.
 */
export function parseXml(bytes: Uint8Array): { root: XmlNode } | { error: string; params: Record<string, string | number>; line: number } {
  if (bytes.length > MAX_EINVOICE_BYTES) return { error: 'xml_too_large_einvoice', params: { mb: MAX_EINVOICE_BYTES / 1024 / 1024 }, line: 0 };
  const decoded = decodeXml(bytes);
  if ('error' in decoded) return { ...decoded, line: 0 };
  const text = decoded.text.replace(/^\uFEFF/, '');
  try {
    return { root: new XmlParser({ limits: EINVOICE_LIMITS }).parse(text) };
  } catch (e) {
    if (!(e instanceof XmlError)) throw e;
    if (e.kind === 'doctype') return { error: 'xml_entities', params: { detail: e.detail }, line: e.line };
    if (e.kind === 'limit') return { error: 'xml_limit_einvoice', params: { detail: e.detail }, line: e.line };
    return { error: 'xml_malformed', params: { detail: e.detail }, line: e.line };
  }
}
