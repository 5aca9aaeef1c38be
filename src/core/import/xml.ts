/**
 * An XML document as the importers see it, and the parser that builds it.
 *
 * Every element keeps its namespace URI (`ns`) beside its local name, so that the importers match
 * elements by namespace and name: an element of another namespace (`<evil:PayableAmount>`) never
 * stands for a UBL, CII or CAMT one. Attributes are kept by their name as written.
 *
 * The parser is `ar`'s own, small and bounded: it reads text fed in chunks (a year of bank statements
 * is read as a stream), in time linear in its input, and refuses what would make it hang or swell
 * past its limits (`XmlLimits`: depth, attribute and text lengths, references, elements kept). A
 * DOCTYPE is refused wherever the parser meets one (its own tokens decide, not a search of the text):
 * the documents `ar` reads never have one, and no entity, internal or external, is ever expanded.
 * Only the five predefined entities and character references are decoded; any other reference is an
 * error, as XML says of an undeclared entity.
 *
 * Reads: XML 1.0 in UTF-8 (the callers decode other encodings first), elements, attributes, namespaces
 * (default and prefixed, scoped), text, CDATA, comments and processing instructions (skipped).
 * Does not read: a DTD (refused), external entities (never fetched), XML 1.1 names, validation of any
 * kind (the importers check what they need, element by element).
 *
 * Limits: `XmlLimits`, per document kind (EINVOICE_LIMITS, CAMT_LIMITS): nesting depth, attributes an
 * element and their length, the length of a text, references in the whole document, elements kept.
 *
 * Checked by: the corpus of test/corpus/xml (XML written by Excel 16 and LibreOffice) in
 * test/corpus.test.ts; the hostile documents of test/core/einvoice.test.ts and test/io/camt.test.ts.
 */
export interface XmlElement {
  /** Local name, without its namespace prefix: `Ntry`. */
  readonly name: string;
  /** The name as written: `cbc:ID`. */
  readonly qname: string;
  /** The namespace URI the element is in; '' for none. */
  readonly ns: string;
  /** Attributes by their name as written (`Ccy`, `xmlns:cbc`), references decoded. */
  readonly attrs: Readonly<Record<string, string>>;
  /** The element's own text, references decoded, trimmed; '' when none. */
  readonly text: string;
  readonly children: readonly XmlElement[];
  /** 1-based line and column of the element's `<`. */
  readonly line: number;
  readonly col: number;
}

/** The first child element along a path of local names, each in its parent's namespace; or undefined. */
export function childAt(el: XmlElement | undefined, ...path: string[]): XmlElement | undefined {
  let cur = el;
  for (const name of path) {
    if (cur === undefined) return undefined;
    const ns = cur.ns;
    cur = cur.children.find((c) => c.name === name && c.ns === ns);
  }
  return cur;
}

/** Every child element of that local name, in its parent's namespace. */
export function childrenNamed(el: XmlElement | undefined, name: string): XmlElement[] {
  return el === undefined ? [] : el.children.filter((c) => c.name === name && c.ns === el.ns);
}

/** The text of the first element along a path; null when there is none or it is empty. */
export function textAt(el: XmlElement | undefined, ...path: string[]): string | null {
  const t = childAt(el, ...path)?.text;
  return t === undefined || t === '' ? null : t;
}

// ── The parser ───────────────────────────────────────────────────────────────────────────────────

/** What one document may hold; past any of these the document is refused (`XmlError` of kind `limit`). */
export interface XmlLimits {
  /** Nesting depth of elements. */
  readonly depth: number;
  /** Characters of one attribute value, as written. */
  readonly attribute: number;
  /** Attributes of one element. */
  readonly attributes: number;
  /** Characters of one element's own text (and of one comment, CDATA section or processing instruction), as written. */
  readonly text: number;
  /** Entity and character references in the whole document. */
  readonly references: number;
  /** Elements kept in memory at once (a streamed document drops each entry once read). */
  readonly elements: number;
}

/** The limits of an e-invoice (an invoice is a few hundred elements; an embedded PDF in base64 a few MB of text). */
export const EINVOICE_LIMITS: XmlLimits = { depth: 128, attribute: 65_536, attributes: 256, text: 32 * 1024 * 1024, references: 1_000_000, elements: 1_000_000 };

/** The limits of a bank statement, read as a stream: no CAMT field is longer than a few hundred characters. */
export const CAMT_LIMITS: XmlLimits = { depth: 128, attribute: 65_536, attributes: 256, text: 1024 * 1024, references: 16_000_000, elements: 1_000_000 };

/** Why a document was refused, and where: `syntax` (not well-formed), `limit` (past `XmlLimits`), `doctype`. */
export class XmlError extends Error {
  readonly kind: 'syntax' | 'limit' | 'doctype';
  readonly line: number;
  readonly col: number;
  readonly detail: string;
  constructor(kind: XmlError['kind'], line: number, col: number, detail: string) {
    super(`${line}:${col}: ${detail}`);
    this.kind = kind;
    this.line = line;
    this.col = col;
    this.detail = detail;
  }
}

/** An element being read; `XmlElement` once closed. */
interface Open {
  name: string;
  qname: string;
  ns: string;
  attrs: Record<string, string>;
  text: string;
  children: XmlElement[];
  line: number;
  col: number;
}

interface Frame {
  readonly el: Open;
  /** Prefix → URI in scope (null-prototype objects chained by prototype). */
  readonly scope: Record<string, string>;
  /** Elements kept under this one, itself included. */
  kept: number;
}

export interface XmlParserOptions {
  readonly limits: XmlLimits;
  /**
   * Called when an element closes, with the elements still open above it (the root first); true drops
   * it from its parent (the caller has read it): how a long document is read in bounded memory.
   */
  readonly onClose?: (el: XmlElement, ancestors: readonly XmlElement[]) => boolean;
  /** Copy every kept string, so that none keeps a chunk of the input alive (for long streamed documents). */
  readonly copyStrings?: boolean;
}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const UNKNOWN = -2;
const PREDEFINED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" });
/** The longest tag (start or end) read at once: the attributes' limits, plus their names. */
const MAX_NAME = 1024;

const isNameStart = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c >= 0xc0;
const isNameChar = (c: number): boolean => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e || c === 0xb7;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;

/**
 * A streaming XML parser: `feed` text in chunks of any size, then `end()`, which returns the root
 * element (with the elements `onClose` kept). Throws `XmlError` at the first fault.
 * @example new XmlParser({ limits: EINVOICE_LIMITS }).parse('<r a="1">x</r>').attrs.a === '1'
 */
export class XmlParser {
  private buf = '';
  private pos = 0;
  private line = 1;
  /** Index in `buf` of the current line's first character (may be negative: the line began in an earlier chunk). */
  private lineStart = 0;
  private readonly stack: Frame[] = [];
  /** The open elements, the root first (what `onClose` is given: read, never kept). */
  private readonly path: Open[] = [];
  private root: XmlElement | null = null;
  private rootScope: Record<string, string>;
  private references = 0;
  private kept = 0;
  /** Index in `buf` of the next line break at or after `pos`; -1: none in `buf`; UNKNOWN: to be searched. */
  private nextBreak = UNKNOWN;
  private peak = 0;
  private heldCR = false;
  private readonly limits: XmlLimits;
  private readonly onClose: XmlParserOptions['onClose'];
  private readonly copy: boolean;

  constructor(options: XmlParserOptions) {
    this.limits = options.limits;
    this.onClose = options.onClose;
    this.copy = options.copyStrings === true;
    this.rootScope = Object.create(null) as Record<string, string>;
    this.rootScope.xml = XML_NS;
    this.rootScope[''] = '';
  }

  /** The most elements kept in memory at once so far (a streamed document keeps few). */
  get peakElements(): number {
    return this.peak;
  }

  /** Parses a whole text at once. */
  parse(text: string): XmlElement {
    this.feed(text);
    return this.end();
  }

  feed(chunk: string): void {
    if (chunk === '') return;
    let c = this.heldCR ? `\r${chunk}` : chunk;
    // A CR at the end of a chunk may be the first half of a CRLF: kept for the next one.
    this.heldCR = c.charCodeAt(c.length - 1) === 0x0d;
    if (this.heldCR) c = c.slice(0, -1);
    // Line ends are normalized to LF, as XML asks (a CR inside a value becomes a LF).
    if (c.includes('\r')) c = c.replace(/\r\n?/g, '\n');
    if (this.pos > 0) {
      this.lineStart -= this.pos;
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
    this.buf = this.buf === '' ? c : this.buf + c;
    this.nextBreak = UNKNOWN;
    this.run(false);
  }

  end(): XmlElement {
    if (this.heldCR) {
      this.heldCR = false;
      this.buf += '\n';
      this.nextBreak = UNKNOWN;
    }
    this.run(true);
    if (this.stack.length > 0) {
      const open = this.stack[this.stack.length - 1]!.el;
      this.fail('syntax', `<${open.qname}> (line ${open.line}) is never closed`);
    }
    if (this.root === null) this.fail('syntax', 'no root element');
    return this.root!;
  }

  private where(at: number): { line: number; col: number } {
    this.advance(at);
    return { line: this.line, col: at - this.lineStart + 1 };
  }

  /** Moves the line count to `to` (forward only). */
  private advance(to: number): void {
    const b = this.buf;
    // The next line break is searched once and kept: searched again from every position, a document
    // without line breaks was read in quadratic time.
    let i = this.nextBreak;
    if (i === UNKNOWN || (i >= 0 && i < this.pos)) i = b.indexOf('\n', this.pos);
    while (i >= 0 && i < to) {
      this.line++;
      this.lineStart = i + 1;
      i = b.indexOf('\n', i + 1);
    }
    this.nextBreak = i;
    this.pos = to;
  }

  private fail(kind: XmlError['kind'], detail: string, at = this.pos): never {
    const { line, col } = this.where(Math.max(at, this.pos));
    throw new XmlError(kind, line, col, detail);
  }

  private limit(what: string, max: number, at = this.pos): never {
    this.fail('limit', `${what} is longer than the limit of ${max.toLocaleString('en-US')}`, at);
  }

  /**
   * Reads what the buffer holds. In steps of a few thousand tokens: a function that runs long in one
   * call is left to V8's interpreter (no feedback yet, so no optimization) for its whole first call;
   * called again and again, it is optimized within the first chunk (measured: 50 MB of CAMT read in
   * 0.6 s instead of 2.2 s).
   */
  private run(final: boolean): void {
    while (this.step(final));
  }

  /** Up to 4,096 tokens; false when the buffer is read (or more text is needed). */
  private step(final: boolean): boolean {
    const b = this.buf;
    const n = b.length;
    for (let budget = 4096; budget > 0; budget--) {
      const p = this.pos;
      if (p >= n) return false;
      if (b.charCodeAt(p) !== 0x3c) {
        let lt = b.indexOf('<', p);
        if (lt < 0) {
          if (!final) {
            if (n - p > this.limits.text) this.limit('a text', this.limits.text, p);
            return false;
          }
          lt = n;
        }
        this.text(p, lt);
        continue;
      }
      if (p + 1 >= n) {
        if (final) this.fail('syntax', 'a "<" at the end of the document', p);
        return false;
      }
      const c1 = b.charCodeAt(p + 1);
      if (c1 === 0x21) {
        if (!this.bang(p, final)) return false;
      } else if (c1 === 0x3f) {
        const e = b.indexOf('?>', p + 2);
        if (e < 0) {
          if (final) this.fail('syntax', 'a processing instruction is not closed', p);
          if (n - p > this.limits.text) this.limit('a processing instruction', this.limits.text, p);
          return false;
        }
        if (e - p > this.limits.text) this.limit('a processing instruction', this.limits.text, p);
        this.advance(e + 2);
      } else if (c1 === 0x2f) {
        const e = b.indexOf('>', p + 2);
        if (e < 0) {
          if (final) this.fail('syntax', 'an end tag is not closed', p);
          if (n - p > MAX_NAME + 64) this.fail('syntax', 'an end tag is not closed', p);
          return false;
        }
        this.endTag(p, e);
      } else if (!this.startTag(p, final)) return false;
    }
    return true;
  }

  /** `<!--`, `<![CDATA[`, `<!DOCTYPE`: false when more text is needed. */
  private bang(p: number, final: boolean): boolean {
    const b = this.buf;
    const n = b.length;
    if (n - p < 9 && !final) return false;
    if (b.startsWith('<!--', p)) {
      const e = b.indexOf('-->', p + 4);
      if (e < 0) {
        if (final) this.fail('syntax', 'a comment is not closed', p);
        if (n - p > this.limits.text) this.limit('a comment', this.limits.text, p);
        return false;
      }
      if (e - p > this.limits.text) this.limit('a comment', this.limits.text, p);
      this.advance(e + 3);
      return true;
    }
    if (b.startsWith('<![CDATA[', p)) {
      const top = this.stack[this.stack.length - 1];
      if (top === undefined) this.fail('syntax', 'a CDATA section outside the root element', p);
      const e = b.indexOf(']]>', p + 9);
      if (e < 0) {
        if (final) this.fail('syntax', 'a CDATA section is not closed', p);
        if (n - p > this.limits.text) this.limit('a text', this.limits.text, p);
        return false;
      }
      const t = b.slice(p + 9, e);
      if (top!.el.text.length + t.length > this.limits.text) this.limit('a text', this.limits.text, p);
      top!.el.text += t;
      this.advance(e + 3);
      return true;
    }
    if (/^<!DOCTYPE/i.test(b.slice(p, p + 9))) {
      const subset = b.indexOf('[', p) >= 0 && (b.indexOf('>', p) < 0 || b.indexOf('[', p) < b.indexOf('>', p));
      this.fail('doctype', subset ? 'a DOCTYPE with an internal subset ([…])' : 'a DOCTYPE', p);
    }
    this.fail('syntax', `"${b.slice(p, p + 9)}" is not markup XML knows`, p);
  }

  private text(from: number, to: number): void {
    const top = this.stack[this.stack.length - 1];
    const b = this.buf;
    // White space between elements (most text of most documents) is skipped without being cut out.
    let k = from;
    while (k < to && isSpace(b.charCodeAt(k))) k++;
    if (k === to && (top === undefined || top.el.text === '')) {
      this.advance(to);
      return;
    }
    if (top === undefined) {
      if (b.slice(from, to).trim() !== '') this.fail('syntax', this.root === null ? 'text before the root element' : 'text after the root element', from);
      this.advance(to);
      return;
    }
    const el = top.el;
    const raw = b.slice(from, to);
    if (el.text.length + (to - from) > this.limits.text) this.limit(`the text of <${el.qname}>`, this.limits.text, from);
    el.text += raw.includes('&') ? this.decode(raw, from) : raw;
    this.advance(to);
  }

  /** Decodes the predefined entities and character references of `s` (which starts at `at` in the buffer). */
  private decode(s: string, at: number): string {
    let out = '';
    let last = 0;
    for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', last)) {
      const semi = s.indexOf(';', i + 1);
      if (semi < 0 || semi - i > 12) this.fail('syntax', 'a "&" that starts no reference (write &amp;)', at + i);
      if (++this.references > this.limits.references) this.fail('limit', `more than ${this.limits.references.toLocaleString('en-US')} entity and character references`, at + i);
      const e = s.slice(i + 1, semi);
      let v: string | undefined;
      if (e.charCodeAt(0) === 0x23) {
        const hex = e.charCodeAt(1) === 0x78;
        const digits = e.slice(hex ? 2 : 1);
        const code = digits !== '' && (hex ? /^[0-9A-Fa-f]+$/ : /^[0-9]+$/).test(digits) ? parseInt(digits, hex ? 16 : 10) : NaN;
        if (code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff)) v = String.fromCodePoint(code);
        else this.fail('syntax', `"&${e};" is not a character`, at + i);
      } else {
        v = PREDEFINED[e];
        if (v === undefined) this.fail('syntax', `entity "&${e};" is not declared (ar knows only &lt; &gt; &amp; &quot; &apos;)`, at + i);
      }
      out += s.slice(last, i) + v;
      last = semi + 1;
    }
    return out + s.slice(last);
  }

  private endTag(p: number, e: number): void {
    const b = this.buf;
    const top = this.stack[this.stack.length - 1];
    // The name is compared where it stands, not cut out.
    const open = top === undefined ? '' : top.el.qname;
    let k = p + 2 + open.length;
    if (top === undefined || !b.startsWith(open, p + 2) || isNameChar(b.charCodeAt(k))) {
      let j = p + 2;
      while (j < e && isNameChar(b.charCodeAt(j))) j++;
      const qname = b.slice(p + 2, j);
      if (top === undefined) this.fail('syntax', `end tag </${qname}> without a start tag`, p);
      this.fail('syntax', `end tag </${qname}> where </${open}> (opened line ${top!.el.line}) was expected`, p);
    }
    while (k < e && isSpace(b.charCodeAt(k))) k++;
    if (k !== e) this.fail('syntax', 'a malformed end tag', p);
    this.advance(e + 1);
    this.close();
  }

  private close(): void {
    const frame = this.stack.pop()!;
    this.path.pop();
    const el = frame.el;
    el.text = el.text.trim();
    if (this.copy && el.text.length >= 13) el.text = copyString(el.text);
    const parent = this.stack[this.stack.length - 1];
    const drop = this.onClose?.(el, this.path);
    if (parent === undefined) {
      this.root = el;
      return;
    }
    if (drop) this.kept -= frame.kept;
    else {
      if (parent.el.children === NO_CHILDREN) parent.el.children = [el];
      else parent.el.children.push(el);
      parent.kept += frame.kept;
    }
  }

  /** A start tag cut by the end of the text read so far: false (wait for more), unless it is too long or the text ended. */
  private more(p: number, final: boolean): false {
    const lim = this.limits;
    if (final) this.fail('syntax', 'a start tag is not closed', p);
    if (this.buf.length - p > MAX_NAME + lim.attributes * (lim.attribute + MAX_NAME)) this.fail('syntax', 'a start tag is not closed', p);
    return false;
  }

  /** A start tag (or an empty-element tag); false when more text is needed. */
  private startTag(p: number, final: boolean): boolean {
    const b = this.buf;
    const n = b.length;
    const lim = this.limits;
    if (this.root !== null && this.stack.length === 0) this.fail('syntax', 'a second root element', p);
    let k = p + 1;
    if (!isNameStart(b.charCodeAt(k))) this.fail('syntax', `"<" followed by "${b.charAt(k)}" starts no element`, p);
    while (k < n && isNameChar(b.charCodeAt(k))) k++;
    if (k >= n) return this.more(p, final);
    if (k - p - 1 > MAX_NAME) this.limit('an element name', MAX_NAME, p);
    const qname = b.slice(p + 1, k);
    const raw: (string | number)[] = [];
    let empty = false;
    for (;;) {
      const s = k;
      while (k < n && isSpace(b.charCodeAt(k))) k++;
      if (k >= n) return this.more(p, final);
      const c = b.charCodeAt(k);
      if (c === 0x3e) {
        k++;
        break;
      }
      if (c === 0x2f) {
        if (k + 1 >= n) return this.more(p, final);
        if (b.charCodeAt(k + 1) !== 0x3e) this.fail('syntax', `a "/" inside <${qname}>`, k);
        empty = true;
        k += 2;
        break;
      }
      if (k === s) this.fail('syntax', `a space is missing between the attributes of <${qname}>`, k);
      if (!isNameStart(c)) this.fail('syntax', `a malformed attribute in <${qname}>`, k);
      const a = k;
      while (k < n && isNameChar(b.charCodeAt(k))) k++;
      if (k >= n) return this.more(p, final);
      if (k - a > MAX_NAME) this.limit('an attribute name', MAX_NAME, a);
      const name = b.slice(a, k);
      while (k < n && isSpace(b.charCodeAt(k))) k++;
      if (k >= n) return this.more(p, final);
      if (b.charCodeAt(k) !== 0x3d) this.fail('syntax', `attribute "${name}" of <${qname}> has no value`, k);
      k++;
      while (k < n && isSpace(b.charCodeAt(k))) k++;
      if (k >= n) return this.more(p, final);
      const q = b.charCodeAt(k);
      if (q !== 0x22 && q !== 0x27) this.fail('syntax', `the value of attribute "${name}" is not quoted`, k);
      const e = b.indexOf(q === 0x22 ? '"' : "'", k + 1);
      if (e < 0) {
        if (n - k > lim.attribute) this.limit(`attribute "${name}"`, lim.attribute, a);
        return this.more(p, final);
      }
      if (e - k - 1 > lim.attribute) this.limit(`attribute "${name}"`, lim.attribute, a);
      const value = b.slice(k + 1, e);
      if (value.includes('<')) this.fail('syntax', `a "<" in the value of attribute "${name}"`, k);
      raw.push(name, value, k + 1);
      if (raw.length / 3 > lim.attributes) this.fail('limit', `<${qname}> has more than ${lim.attributes} attributes`, p);
      k = e + 1;
    }
    // The whole tag is there: now it is read.
    const { line, col } = this.where(p);
    const parent = this.stack[this.stack.length - 1];
    let scope = parent?.scope ?? this.rootScope;
    const attrs = raw.length === 0 ? NO_ATTRS : (Object.create(null) as Record<string, string>);
    for (let i = 0; i < raw.length; i += 3) {
      const name = raw[i] as string;
      let value = raw[i + 1] as string;
      if (value.includes('&')) value = this.decode(value, raw[i + 2] as number);
      if (/[\t\n]/.test(value)) value = value.replace(/[\t\n]/g, ' ');
      if (name in attrs) this.fail('syntax', `attribute "${name}" is given twice in <${qname}>`, p);
      attrs[name] = this.copy && value.length >= 13 ? copyString(value) : value;
      if (name === 'xmlns' || name.startsWith('xmlns:')) {
        if (scope === (parent?.scope ?? this.rootScope)) scope = Object.create(scope) as Record<string, string>;
        scope[name === 'xmlns' ? '' : name.slice(6)] = value;
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const ns = scope[prefix];
    if (ns === undefined) this.fail('syntax', `namespace prefix "${prefix}" of <${qname}> is not declared`, p);
    const el: Open = { name: colon < 0 ? qname : qname.slice(colon + 1), qname, ns: ns!, attrs, text: '', children: NO_CHILDREN, line, col };
    if (this.stack.length + 1 > lim.depth) this.fail('limit', `elements nested more than ${lim.depth} deep`, p);
    if (++this.kept > lim.elements) this.fail('limit', `more than ${lim.elements.toLocaleString('en-US')} elements`, p);
    if (this.kept > this.peak) this.peak = this.kept;
    this.stack.push({ el, scope, kept: 1 });
    this.path.push(el);
    this.advance(k);
    if (empty) this.close();
    return true;
  }
}

/** Shared by every element without attributes, or without children (never written to). */
const NO_ATTRS: Record<string, string> = Object.freeze(Object.create(null) as Record<string, string>);
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];

/** A flat copy of a string, so that it does not keep the (large) string it was cut from alive. */
function copyString(s: string): string {
  return ` ${s}`.slice(1);
}
