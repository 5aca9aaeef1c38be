import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeXmlEntities, type XmlElement } from '../core/import/xml.ts';
import { InputError } from '../errors.ts';

/**
 * Parses XML text into the importers' tree (`XmlElement`), with every element's line and column.
 * A document type declaration is refused before parsing: the documents `ar` reads (bank statements,
 * e-invoices) never have one, and refusing it means no entity, internal or external, is ever
 * expanded. Entity processing of the parser is off; the five predefined entities and character
 * references are decoded by `decodeXmlEntities`.
 */
export function parseXml(file: string, text: string): XmlElement {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const starts = lineStarts(body);
  const where = (index: number): { line: number; col: number } => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= index) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, col: index - starts[lo]! + 1 };
  };
  const doctype = /<!(DOCTYPE|ENTITY)/i.exec(body);
  if (doctype) throw new InputError('xml_doctype', { file, ...where(doctype.index) });
  const valid = XMLValidator.validate(body, { allowBooleanAttributes: false });
  if (valid !== true) throw new InputError('xml_syntax', { file, line: valid.err.line, col: valid.err.col, detail: valid.err.msg });

  const parser = new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    removeNSPrefix: false,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    captureMetaData: true,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(body);
  } catch (e) {
    throw new InputError('xml_syntax', { file, line: 0, col: 0, detail: (e as Error).message });
  }
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const local = (name: string): string => name.slice(name.indexOf(':') + 1);

  type Node = Record<string, unknown> & { ':@'?: Record<string, string> };
  const convert = (node: Node): XmlElement | null => {
    const tag = Object.keys(node).find((k) => k !== ':@');
    if (tag === undefined || tag === '#text' || tag.startsWith('?') || tag === '#comment') return null;
    const kids = (node[tag] as Node[] | undefined) ?? [];
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(node[':@'] ?? {})) attrs[k.startsWith('xmlns') ? k : local(k)] = decodeXmlEntities(String(v));
    let own = '';
    const children: XmlElement[] = [];
    for (const k of kids) {
      if ('#text' in k) own += String(k['#text']);
      else {
        const c = convert(k);
        if (c) children.push(c);
      }
    }
    const pos = (node as unknown as Record<symbol, { startIndex?: number } | undefined>)[meta]?.startIndex;
    const { line, col } = pos === undefined ? { line: 0, col: 0 } : where(pos);
    return { name: local(tag), attrs, text: decodeXmlEntities(own).trim(), children, line, col };
  };
  for (const n of parsed as Node[]) {
    const root = convert(n);
    if (root) return root;
  }
  throw new InputError('xml_syntax', { file, line: 1, col: 1, detail: 'no root element' });
}

function lineStarts(text: string): number[] {
  const out = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) out.push(i + 1);
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) out.push(i + 1);
  }
  return out;
}
