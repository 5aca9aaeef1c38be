/**
 * An XML document as the importers see it: elements by local name (namespace prefixes dropped),
 * attributes, text, and where each element starts, for messages. `src/io/read-xml.ts` builds it;
 * the importers only walk it, so they are tested without files.
 */
export interface XmlElement {
  /** Local name, without its namespace prefix: `Ntry`. */
  readonly name: string;
  /** Attributes by local name; namespace declarations under `xmlns` / `xmlns:p`. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The element's own text, entities decoded, trimmed; '' when none. */
  readonly text: string;
  readonly children: readonly XmlElement[];
  /** 1-based line and column of the element's `<`. */
  readonly line: number;
  readonly col: number;
}

/** The first child element along a path of local names, or undefined. */
export function childAt(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const name of path) {
    if (cur === undefined) return undefined;
    cur = cur.children.find((c) => c.name === name);
  }
  return cur;
}

/** Every child element of that local name. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el === undefined ? [] : el.children.filter((c) => c.name === name);
}

/** The text of the first element along a path; null when there is none or it is empty. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | null {
  const t = childAt(el, ...path)?.text;
  return t === undefined || t === '' ? null : t;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined XML entities and character references; nothing else (no DTD, no
 * external entity is ever expanded). An unknown entity is left as written.
 * @example decodeXmlEntities("A &amp; B &#233;") === "A & B é"
 */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e.startsWith('#')) {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return NAMED[e] ?? all;
  });
}
