import { existsSync, readFileSync } from '../fs.ts';
import { join } from 'node:path';
import { shipped } from '../resources.ts';
import { Liquid } from 'liquidjs';
import { InputError } from '../errors.ts';

/**
 * E-mail templates: `templates/emails/<lang>/<name>.liquid`, each with three sections
 * (`---subject---`, `---text---`, `---html---`). A user overrides one by copying it to the same
 * place under the config's `templates` folder. Rendering is LiquidJS, which runs no code; includes
 * are disabled (an empty in-memory template map: no file-system access), only own properties of
 * the data are visible (no prototypes), data is HTML-escaped in the HTML part (`| raw` included:
 * no value is markup), and the subject is kept to one line.
 */

export type TemplateName = 'level-1' | 'level-2' | 'level-3' | 'level-4' | 'courtesy' | 'thanks';

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const BUNDLED = shipped('templates/emails');

/**
 * A user's template is trusted to say what it likes, not to reach the machine: no file system (an
 * empty in-memory map, so `include`, `render` and `layout` find nothing), own properties only (no
 * `constructor`, `__proto__`), unknown filters are errors, and every render is bounded: the template
 * at most 256 KB, 3 s of rendering per part (20,000 invoices take about 1 s), 16 million characters
 * or array items allocated (a `for` over `(1..100000000)` stops at once with an error instead of
 * running for a minute and a half).
 */
const engineOptions = {
  ownPropertyOnly: true,
  strictFilters: true,
  templates: {},
  jsTruthy: false,
  parseLimit: 256 * 1024,
  renderLimit: 3000,
  memoryLimit: 16_000_000,
} as const;
const htmlEngine = new Liquid({ ...engineOptions, outputEscape: 'escape' });
const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' };
const escapeHtml = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
// Data is never markup: `| raw` cannot let a customer's name through as HTML either.
htmlEngine.registerFilter('raw', { raw: true, handler: escapeHtml });
// In the HTML part `newline_to_br` escapes the data itself, then breaks its lines: LiquidJS would
// otherwise escape the `<br />` it makes (the signature's lines came out as `&lt;br /&gt;`).
htmlEngine.registerFilter('newline_to_br', {
  raw: true,
  handler: (v: unknown) => escapeHtml(v).replace(/\r?\n/g, '<br />\n'),
});
const textEngine = new Liquid({ ...engineOptions });

interface Sections {
  readonly file: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const cache = new Map<string, Sections>();

/** Where a template is read from: the user's folder first, then the bundled one. */
function templatePath(name: TemplateName, lang: string, userDir: string | null): string {
  const candidates = [
    ...(userDir ? [join(userDir, 'emails', lang, `${name}.liquid`), join(userDir, lang, `${name}.liquid`)] : []),
    join(BUNDLED, lang, `${name}.liquid`),
    join(BUNDLED, 'fr', `${name}.liquid`),
  ];
  return candidates.find((p) => existsSync(p)) ?? candidates[candidates.length - 1]!;
}

function load(file: string): Sections {
  const hit = cache.get(file);
  if (hit) return hit;
  let raw: string;
  try {
    raw = readFileSync(file, 'utf8');
  } catch {
    throw new InputError('template_missing', { file });
  }
  const parts = new Map<string, string>();
  const re = /^---(subject|text|html)---[ \t]*\r?\n/gm;
  const marks: { name: string; start: number; end: number }[] = [];
  for (let m = re.exec(raw); m !== null; m = re.exec(raw)) marks.push({ name: m[1]!, start: m.index, end: m.index + m[0].length });
  marks.forEach((m, i) => parts.set(m.name, raw.slice(m.end, i + 1 < marks.length ? marks[i + 1]!.start : raw.length)));
  for (const s of ['subject', 'text', 'html']) {
    if (!parts.has(s)) throw new InputError('template_section_missing', { file, section: s });
  }
  const sections = { file, subject: parts.get('subject')!, text: parts.get('text')!, html: parts.get('html')! };
  cache.set(file, sections);
  return sections;
}

/** Renders one e-mail. `data` must be plain JSON data (strings, numbers, arrays, objects). */
export async function renderEmail(name: TemplateName, lang: string, userDir: string | null, data: Record<string, unknown>): Promise<RenderedEmail> {
  const t = load(templatePath(name, lang, userDir));
  try {
    const subject = (await textEngine.parseAndRender(t.subject, data))
      .replace(/[\r\n\t]+/g, ' ')
      .replace(/\s+/g, ' ')
      .trim();
    const text = `${(await textEngine.parseAndRender(t.text, data)).replace(/\n{3,}/g, '\n\n').trim()}\n`;
    const html = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>\n${(await htmlEngine.parseAndRender(t.html, data)).trim()}\n</body></html>\n`;
    return { subject, text, html };
  } catch (e) {
    throw new InputError('template_error', { file: t.file, detail: (e as Error).message.split('\n')[0] ?? '' });
  }
}
