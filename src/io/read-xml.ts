import { closeSync, fstatSync, openSync, readSync } from '../fs.ts';
import { setFlagsFromString } from 'node:v8';
import type { BankStatement } from '../core/import/bank.ts';
import { CamtReader, checkStatementRoot, NotAStatementError } from '../core/import/camt.ts';
import { CAMT_LIMITS, XmlError, XmlParser, type XmlElement, type XmlLimits } from '../core/import/xml.ts';
import { InputError } from '../errors.ts';

/**
 * XML files as the importers read them, through `ar`'s own bounded parser (src/core/import/xml.ts):
 * a bank statement (CAMT.053) is read as a stream of entries, each dropped once read, so that a year
 * of statements is read in bounded memory; a file past its size limit is refused before it is read.
 */

/** The largest bank statement read (a year of a busy account is a few tens of MB). */
const MAX_CAMT_BYTES = 512 * 1024 * 1024;
const CHUNK = 1024 * 1024;

/** The parser's refusal as the user reads it: one line naming the file, the line and the limit. */
function xmlInputError(file: string, e: XmlError): InputError {
  if (e.kind === 'doctype') return new InputError('xml_doctype', { file, line: e.line, col: e.col });
  if (e.kind === 'limit') return new InputError('xml_limit', { file, line: e.line, col: e.col, detail: e.detail });
  return new InputError('xml_syntax', { file, line: e.line, col: e.col, detail: e.detail });
}

/** Parses XML text into the importers' tree, with every element's namespace, line and column. */
export function parseXml(file: string, text: string, limits: XmlLimits = CAMT_LIMITS): XmlElement {
  try {
    return new XmlParser({ limits }).parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    if (e instanceof XmlError) throw xmlInputError(file, e);
    throw e;
  }
}

/** The encoding of XML bytes from their start: a BOM, UTF-16 without one, else the declaration's (null: none). */
function xmlEncoding(head: Uint8Array): { encoding: string; bom: number } | { declared: string | null; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  // `<?` in UTF-16 without a BOM.
  if (head[0] === 0x3c && head[1] === 0x00 && head[2] === 0x3f && head[3] === 0x00) return { encoding: 'utf-16le', bom: 0 };
  if (head[0] === 0x00 && head[1] === 0x3c && head[2] === 0x00 && head[3] === 0x3f) return { encoding: 'utf-16be', bom: 0 };
  const text = new TextDecoder('latin1').decode(head.subarray(0, 200));
  return { declared: /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(text)?.[1] ?? null, bom: 0 };
}

type Decoder = InstanceType<typeof TextDecoder>;

/** A decoder for a label, or the refusal naming the file and the encoding. */
function decoderFor(file: string, label: string, fatal: boolean): Decoder {
  try {
    return new TextDecoder(label, { fatal });
  } catch {
    throw new InputError('xml_encoding_unknown', { file, value: label });
  }
}

/**
 * Reads a CAMT.053 statement from a file as a stream: chunks are decoded and parsed as they come,
 * and each entry is read and dropped as soon as it closes. UTF-8 (the rule for ISO 20022) unless a
 * BOM says UTF-16; bytes that are not UTF-8 are read again in the declared encoding, else
 * windows-1252.
 */
export function readCamtFile(path: string, file: string, defaultCurrency: string, stats?: { peakElements: number }): BankStatement {
  warmCompile();
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new InputError('file_not_found', { file: path });
  }
  try {
    if (fstatSync(fd).size > MAX_CAMT_BYTES) throw new InputError('xml_too_large', { file, mb: MAX_CAMT_BYTES / 1024 / 1024 });
    const buf = Buffer.allocUnsafe(CHUNK);
    const read = (at: number): Uint8Array => buf.subarray(0, readSync(fd, buf, 0, CHUNK, at));
    const enc = xmlEncoding(read(0));
    const tries: { label: string; fatal: boolean }[] =
      'encoding' in enc
        ? [{ label: enc.encoding, fatal: false }]
        : [
            { label: 'utf-8', fatal: true },
            { label: enc.declared !== null && !/^utf-?8$/i.test(enc.declared) ? enc.declared : 'windows-1252', fatal: false },
          ];
    for (const t of tries) decoderFor(file, t.label, t.fatal);
    for (let k = 0; k < tries.length; k++) {
      const decoder = decoderFor(file, tries[k]!.label, tries[k]!.fatal);
      try {
        return streamCamt(file, defaultCurrency, decoder, read, enc.bom, stats);
      } catch (e) {
        // Bytes that are not UTF-8: read again in the other encoding.
        if (e instanceof TypeError && k + 1 < tries.length) continue;
        throw e;
      }
    }
    throw new Error('unreachable');
  } finally {
    closeSync(fd);
  }
}

let warmed = false;
/**
 * A long statement is read in one run of the parser, whose functions V8 would first interpret for
 * millions of tokens before optimizing them: compiled at once to V8's baseline code instead, the parse
 * of 50 MB takes 0.7 s rather than 1.6–2.2 s (measured, cold, Node 24). Process-wide, from here on.
 */
function warmCompile(): void {
  if (warmed) return;
  warmed = true;
  try {
    setFlagsFromString('--always-sparkplug');
  } catch {
    // an engine without the flag reads as fast once warm
  }
}

function streamCamt(file: string, defaultCurrency: string, decoder: Decoder, read: (at: number) => Uint8Array, bom: number, stats?: { peakElements: number }): BankStatement {
  const camt = new CamtReader(file, defaultCurrency);
  const parser = new XmlParser({
    limits: CAMT_LIMITS,
    copyStrings: true,
    onClose: (el, ancestors) => {
      if (CamtReader.isEntry(el, ancestors)) {
        camt.begin(ancestors[0]!);
        camt.entry(ancestors[2]!, el);
        return true;
      }
      // A statement, once its entries are read, holds nothing more that is needed.
      return el.name === 'Stmt' && ancestors.length === 2;
    },
  });
  let root: XmlElement;
  try {
    let at = bom;
    let total = 0;
    for (;;) {
      const chunk = read(at);
      if (chunk.length === 0) break;
      total += chunk.length;
      if (total > MAX_CAMT_BYTES) throw new InputError('xml_too_large', { file, mb: MAX_CAMT_BYTES / 1024 / 1024 });
      at += chunk.length;
      parser.feed(decoder.decode(chunk, { stream: true }));
    }
    parser.feed(decoder.decode());
    root = parser.end();
    if (stats) stats.peakElements = parser.peakElements;
  } catch (e) {
    if (e instanceof XmlError) throw xmlInputError(file, e);
    throw e;
  }
  try {
    checkStatementRoot(root);
  } catch (e) {
    if (e instanceof NotAStatementError) throw new InputError('camt_not_statement', { file, root: e.root, namespace: e.namespace || '-' });
    throw e;
  }
  camt.begin(root);
  return camt.finish();
}
