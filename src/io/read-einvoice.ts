import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  declaresEntities, importEInvoices, mapEInvoiceFile, type EInvoiceImportOptions, type MappedFile, type XmlNode,
} from '../core/import/einvoice.ts';
import type { ImportCount, ImportResult } from '../core/import/ledger.ts';
import type { Invoice, Payment, Problem } from '../core/types.ts';
import { InputError } from '../errors.ts';
import { facturXml, PdfError } from './pdf-attachments.ts';

/**
 * Reads e-invoices from a folder (recursively: every `.xml` and `.pdf` file, in path order; other
 * files are counted as ignored, hidden ones skipped) or from files given one by one: UBL and CII XML,
 * Factur-X / ZUGFeRD 2.x PDFs (their embedded invoice XML), and CDAR lifecycle messages. Loaded with
 * `await import()` only when e-invoices are given (fast-xml-parser costs ~20 ms to load).
 *
 * XML is parsed with fast-xml-parser after two checks of our own: a DOCTYPE that declares entities
 * is refused (no entity is ever expanded, external or internal), and the document must be
 * well-formed (fast-xml-parser's validator, which gives the line). Only the five XML entities and
 * character references are decoded, by us.
 */
export async function readEInvoices(
  specs: readonly string[],
  options: EInvoiceImportOptions,
): Promise<ImportResult<Invoice> & { payments: Payment[]; paymentsCount: ImportCount | null }> {
  const files: { path: string; name: string; inFolder: boolean }[] = [];
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
    const found = await walk(spec, basename(spec.replace(/[\\/]+$/, '')) || spec);
    if (found.length === 0) throw new InputError('no_einvoices', { file: spec });
    files.push(...found);
  }
  const mapped: MappedFile[] = [];
  for (const f of files) mapped.push(await readOne(f));
  const source = specs.length === 1 ? basename(specs[0]!.replace(/[\\/]+$/, '')) || specs[0]! : `${basename(specs[0]!)} (+${specs.length - 1})`;
  return importEInvoices(source, mapped, options);
}

/** The files of a folder and its subfolders, sorted by path; hidden files and folders are skipped. */
async function walk(dir: string, display: string): Promise<{ path: string; name: string; inFolder: boolean }[]> {
  const out: { path: string; name: string; inFolder: boolean }[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(dir, e.name);
    const name = `${display}/${e.name}`;
    if (e.isDirectory()) out.push(...(await walk(path, name)));
    else if (e.isFile()) out.push({ path, name, inFolder: true });
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
      if (e instanceof PdfError) return rejected(f.name, e.reason === 'encrypted' ? 'pdf_encrypted' : 'pdf_unreadable', { detail: e.message });
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
export function decodeXml(bytes: Uint8Array): { text: string } | { error: string; params: Record<string, string> } {
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

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Whitespace is trimmed once the text of an element is put together (a CDATA section keeps its spaces).
  trimValues: false,
  // Entities are never expanded by the parser: we decode the five XML entities and character references.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
});

/** Parses XML text into our tree, refusing declared entities and what is not well-formed. */
export function parseXml(bytes: Uint8Array): { root: XmlNode } | { error: string; params: Record<string, string | number>; line: number } {
  const decoded = decodeXml(bytes);
  if ('error' in decoded) return { ...decoded, line: 0 };
  const text = decoded.text.replace(/^\uFEFF/, '');
  if (declaresEntities(text)) return { error: 'xml_entities', params: {}, line: 0 };
  const valid = XMLValidator.validate(text);
  if (valid !== true) return { error: 'xml_malformed', params: { detail: valid.err.msg }, line: valid.err.line };
  let ordered: unknown[];
  try {
    ordered = parser.parse(text) as unknown[];
  } catch (e) {
    return { error: 'xml_malformed', params: { detail: (e as Error).message }, line: 0 };
  }
  for (const entry of ordered) {
    const node = toNode(entry as Ordered);
    if (node !== null) return { root: node };
  }
  return { error: 'xml_malformed', params: { detail: 'no root element' }, line: 0 };
}

type Ordered = Record<string, unknown>;

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the five XML entities and character references, in one pass (`&amp;#233;` stays `&#233;`). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/g, (whole, e: string) => {
    if (e[0] !== '#') return ENTITIES[e]!;
    const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function toNode(entry: Ordered): XmlNode | null {
  const name = Object.keys(entry).find((k) => k !== ':@' && !k.startsWith('#') && !k.startsWith('?'));
  if (name === undefined) return null;
  const attrs: Record<string, string> = {};
  const rawAttrs = entry[':@'] as Record<string, unknown> | undefined;
  if (rawAttrs) for (const [k, v] of Object.entries(rawAttrs)) attrs[k] = decodeEntities(String(v));
  const children: XmlNode[] = [];
  let text = '';
  for (const c of entry[name] as Ordered[]) {
    if ('#text' in c) text += decodeEntities(String(c['#text']));
    else if ('#cdata' in c) text += (c['#cdata'] as Ordered[]).map((x) => String(x['#text'] ?? '')).join('');
    else {
      const child = toNode(c);
      if (child !== null) children.push(child);
    }
  }
  return { name, attrs, children, text: text.trim() };
}
