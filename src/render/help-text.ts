import { AR, COMMANDS, EXIT_MEANINGS, HELP_COMMAND, HELP_OPTION, VERSION_OPTION, type CommandDecl, type Example, type ExitCodeOf, type OptionDecl, type Text } from '../program.ts';
import type { Lang } from '../model/lang.ts';
import { displayWidth, wrapText as wrap } from './width.ts';

/**
 * The help of `ar` and of each command, from the table of src/program.ts, in the reader's language and
 * laid out for the width of the terminal (80 columns when it is not known): descriptions wrapped
 * beside their option, examples cut between words with a shell's ` \` so that they can still be copied.
 */

/** The words of the help's layout. */
const WORDS = {
  usage: { en: 'Usage:', fr: 'Utilisation :' },
  arguments: { en: 'Arguments:', fr: 'Arguments :' },
  options: { en: 'Options:', fr: 'Options :' },
  commands: { en: 'Commands:', fr: 'Commandes :' },
  examples: { en: 'Examples:', fr: 'Exemples :' },
  exitCodes: { en: 'Exit codes:', fr: 'Codes de sortie :' },
  optionsWord: { en: 'options', fr: 'options' },
  command: { en: 'command', fr: 'commande' },
  default: { en: 'default', fr: 'par défaut' },
} as const satisfies Record<string, Text>;

/** Narrower than this, the help is laid out as if it were this wide. */
const MIN_WIDTH = 40;
const INDENT = '  ';

/** The help of `ar` (command null) or of one of its commands. */
export function helpText(command: CommandDecl | null, lang: Lang, width = 80): string {
  const w = Math.max(MIN_WIDTH, width);
  return command === null ? programHelp(lang, w) : commandHelp(command, lang, w);
}

/** `ar aging|balance [options] [invoices...]`, in the reader's language. */
export function usageLine(c: CommandDecl, lang: Lang): string {
  const args = c.arguments.map((a) => {
    const name = `${a.name[lang]}${a.variadic ? '...' : ''}`;
    return a.required ? `<${name}>` : `[${name}]`;
  });
  const options = c.options.length > 0 ? `[${WORDS.optionsWord[lang]}]` : '';
  return ['ar', [c.name, ...(c.aliases ?? [])].join('|'), options, ...args].filter(Boolean).join(' ');
}

/** `--as-of <date>`, `--format <table|json|csv>`, `--vat [rate]`, `--send`, `-v, --verbose`. */
export function optionTerm(o: OptionDecl, lang: Lang): string {
  // A value's name, when it has one, says more than a long list of its choices (the help lists them).
  const value = o.value?.[lang] ?? o.choices?.join('|');
  const name = o.short !== undefined ? `${o.short}, --${o.name}` : `--${o.name}`;
  if (value === undefined) return name;
  return o.optional ? `${name} [${value}]` : `${name} <${value}>`;
}

function programHelp(lang: Lang, width: number): string {
  // Every command has options: the list leaves out the `[options]` of their usage lines.
  const commands = COMMANDS.map((c): [string, string] => [usageLine(c.decl, lang).slice('ar '.length).replace(` [${WORDS.optionsWord[lang]}]`, ''), c.decl.summary[lang]]);
  commands.push([`${HELP_COMMAND.name} [${HELP_COMMAND.argument[lang]}]`, HELP_COMMAND.help[lang]]);
  return sections([
    [`${WORDS.usage[lang]} ar [${WORDS.optionsWord[lang]}] [${WORDS.command[lang]}]`],
    paragraph(AR.summary[lang], width),
    [WORDS.options[lang], ...columns([[`${VERSION_OPTION.short}, ${VERSION_OPTION.long}`, VERSION_OPTION.help[lang]], helpRow(lang)], width)],
    [WORDS.commands[lang], ...columns(commands, width)],
    examples(AR.examples, lang, width),
    exitCodes(AR.exits, lang, width),
  ]);
}

function commandHelp(c: CommandDecl, lang: Lang, width: number): string {
  const options = c.options.map((o): [string, string] => [
    optionTerm(o, lang),
    o.default === undefined ? o.help[lang] : `${o.help[lang]} (${WORDS.default[lang]}${lang === 'fr' ? ' : ' : ': '}${o.default})`,
  ]);
  return sections([
    [`${WORDS.usage[lang]} ${usageLine(c, lang)}`],
    paragraph(c.summary[lang], width),
    c.arguments.length === 0
      ? []
      : [
          WORDS.arguments[lang],
          ...columns(
            c.arguments.map((a) => [a.name[lang], a.help[lang]]),
            width,
          ),
        ],
    [WORDS.options[lang], ...columns([...options, helpRow(lang)], width)],
    examples(c.examples, lang, width),
    c.notes === undefined ? [] : paragraph(c.notes[lang], width),
    exitCodes(c.exits, lang, width),
  ]);
}

function helpRow(lang: Lang): [string, string] {
  return [`${HELP_OPTION.short}, ${HELP_OPTION.long}`, HELP_OPTION.help[lang]];
}

/** Sections of lines, a blank line between them; an empty one is left out. */
function sections(parts: readonly (readonly string[])[]): string {
  return `${parts
    .filter((p) => p.length > 0)
    .map((p) => p.join('\n'))
    .join('\n\n')}\n`;
}

function exitCodes(exits: CommandDecl['exits'], lang: Lang, width: number): string[] {
  const rows = exits.map((e): [string, string] => {
    const [code, meaning]: readonly [ExitCodeOf, Text] = typeof e === 'number' ? [e, EXIT_MEANINGS[e]] : e;
    return [String(code), meaning[lang]];
  });
  return [WORDS.exitCodes[lang], ...columns(rows, width)];
}

function examples(list: readonly Example[], lang: Lang, width: number): string[] {
  if (list.length === 0) return [];
  const out: string[] = [WORDS.examples[lang]];
  for (const e of list) {
    if (e.note !== undefined) out.push(...wrap(e.note[lang], width - 4).map((l) => `${INDENT}# ${l}`));
    out.push(...commandLines(e.line, width));
  }
  return out;
}

/**
 * An example command as lines of at most `width` columns, cut between shell words (a quoted word is
 * one word) and continued with ` \`, as a person would write it in a script.
 */
function commandLines(line: string, width: number): string[] {
  const words: string[] = [];
  // An option and its value are cut as one: `--as-of 2026-10-31` stays on one line.
  for (const word of line.match(/(?:[^\s'"]+|'[^']*'|"[^"]*")+/g) ?? []) {
    const last = words.length - 1;
    if (last >= 0 && /^--[^\s=]+$/.test(words[last]!) && !word.startsWith('-')) words[last] += ` ${word}`;
    else words.push(word);
  }
  const out: string[] = [];
  const continued = `${INDENT}    `;
  let current = `${INDENT}$ ${words[0] ?? ''}`;
  for (let i = 1; i < words.length; i++) {
    // Room is kept for the ` \` that would end this line, unless the word is the last.
    const room = i === words.length - 1 ? width : width - 2;
    if (displayWidth(current) + 1 + displayWidth(words[i]!) <= room) {
      current += ` ${words[i]}`;
    } else {
      out.push(`${current} \\`);
      current = `${continued}${words[i]}`;
    }
  }
  out.push(current);
  return out;
}

/** A paragraph wrapped at the width. */
function paragraph(text: string, width: number): string[] {
  return wrap(text, width);
}

/**
 * Two columns: a term (an option, a command, an argument, an exit code) and its description, wrapped
 * beside it. A term too long for the first column stands on its own line; on a narrow terminal every
 * description goes under its term.
 */
function columns(rows: readonly (readonly [string, string])[], width: number): string[] {
  const longest = Math.max(...rows.map(([term]) => displayWidth(term)));
  const termWidth = Math.min(longest, Math.floor(width * 0.4));
  let start = INDENT.length + termWidth + 2;
  if (width - start < 24) start = INDENT.length + 4;
  const out: string[] = [];
  for (const [term, description] of rows) {
    const lines = wrap(description, width - start);
    const head = `${INDENT}${term}`;
    if (displayWidth(head) + 2 <= start) {
      out.push(`${head}${' '.repeat(start - displayWidth(head))}${lines[0] ?? ''}`.trimEnd());
      lines.shift();
    } else {
      out.push(head);
    }
    for (const l of lines) out.push(`${' '.repeat(start)}${l}`);
  }
  return out;
}
