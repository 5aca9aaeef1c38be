import { UsageError } from './errors.ts';
import { COMMANDS, HELP_COMMAND, HELP_OPTION, VERSION_OPTION, type Command, type CommandDecl, type OptionDecl } from './program.ts';
import type { Lang } from './model/lang.ts';
import { optionTerm, usageLine } from './render/help-text.ts';

/**
 * The reading of a command line against the table of src/program.ts: the command, its arguments and
 * its options, each value checked once, here (a value outside its choices, a missing value, an unknown
 * option, a missing or extra argument are usage errors, exit 1, said in the reader's language).
 *
 * It reads as commander reads (a property test holds it to commander's reading, built from the same
 * table: test/cli/args.test.ts), with three differences, each on a line commander would misread:
 * - a value that names an option (`--payments --as-of 2026-10-31`) is refused, not taken as the file
 *   `--as-of`; write `--payments=--odd.csv` for a file whose name starts with a dash. A dash then a
 *   digit (`--days-late -1`, `--recovery -10%`) is a value;
 * - `-h` or `--help` anywhere before `--` asks for the command's help, whatever else is on the line;
 * - `ar` alone asks for the help.
 */

export type Reading =
  | {
      readonly kind: 'run';
      readonly command: Command;
      /** One value per declared argument: a variadic one is an array, a missing optional one undefined. */
      readonly args: readonly (string | readonly string[] | undefined)[];
      /** By the option's name in camel case (`asOf`); defaults filled in. */
      readonly opts: Readonly<Record<string, string | boolean>>;
    }
  | { readonly kind: 'help'; readonly command: CommandDecl | null }
  | { readonly kind: 'version' };

/** `--as-of` → `asOf`, the name the command reads it by (`OptionsOf` says the same in types). */
export function attributeOf(option: OptionDecl): string {
  return option.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Whether an option is followed by a value (`--as-of <date>`, `--format <table|json|csv>`, `--vat [rate]`). */
export function takesValue(option: OptionDecl): boolean {
  return option.value !== undefined || option.choices !== undefined;
}

const NEGATIVE_NUMBER = /^-\d*\.?\d+$/;

/** A word that is an option rather than an argument: `--x`, `-x`, but not `-`, nor a negative number. */
function looksLikeOption(word: string): boolean {
  return word.length > 1 && word.startsWith('-') && !NEGATIVE_NUMBER.test(word);
}

/** A word that cannot be the value of an option: one that names an option (`--as-of`, `-x`), or `--`. */
function namesAnOption(word: string): boolean {
  return /^-(-|[A-Za-z])/.test(word);
}

/** Reads `argv` (without the program's name); a mistake throws a UsageError. */
export function readCommandLine(argv: readonly string[], lang: Lang, commands: readonly Command[] = COMMANDS): Reading {
  const first = argv[0];
  if (first === undefined || first === HELP_OPTION.long || first === HELP_OPTION.short) return { kind: 'help', command: null };
  if (first === VERSION_OPTION.long || first === VERSION_OPTION.short) return { kind: 'version' };
  const find = (name: string): Command => {
    const found = commands.find((c) => c.decl.name === name || (c.decl.aliases ?? []).includes(name));
    if (found !== undefined) return found;
    const names = commands.flatMap((c) => [c.decl.name, ...(c.decl.aliases ?? [])]);
    throw new UsageError('unknown_command', { command: name, suggestion: nearest(name, [...names, HELP_COMMAND.name]) });
  };
  if (first === HELP_COMMAND.name) return { kind: 'help', command: argv[1] === undefined ? null : find(argv[1]).decl };
  if (first.startsWith('-')) {
    throw new UsageError('unknown_option', { option: first, command: 'ar', suggestion: nearest(first, [HELP_OPTION.long, VERSION_OPTION.long]) });
  }
  const command = find(first);
  const decl = command.decl;
  const rest = argv.slice(1);
  const end = rest.indexOf('--');
  if ((end < 0 ? rest : rest.slice(0, end)).some((w) => w === HELP_OPTION.long || w === HELP_OPTION.short)) return { kind: 'help', command: decl };

  const opts: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i]!;
    if (word === '--') {
      positional.push(...rest.slice(i + 1));
      break;
    }
    if (!looksLikeOption(word)) {
      positional.push(word);
      continue;
    }
    const eq = word.startsWith('--') ? word.indexOf('=') : -1;
    const name = eq < 0 ? word : word.slice(0, eq);
    const option = decl.options.find((o) => `--${o.name}` === name || (o.short !== undefined && o.short === name));
    if (option === undefined) {
      throw new UsageError('unknown_option', {
        option: name,
        command: `ar ${decl.name}`,
        suggestion: nearest(
          name,
          decl.options.map((o) => `--${o.name}`),
        ),
      });
    }
    let value: string | true;
    if (eq >= 0) {
      if (!takesValue(option)) throw new UsageError('option_takes_no_value', { option: name, value: word.slice(eq + 1) });
      value = word.slice(eq + 1);
    } else if (!takesValue(option)) {
      value = true;
    } else {
      // A value left out may be followed by anything but a word an argument could be; a required one
      // by anything but an option (`--recovery -10%` is a value, refused by the command if it must).
      const next = rest[i + 1];
      if (next !== undefined && (option.optional ? !looksLikeOption(next) : !namesAnOption(next))) {
        value = next;
        i++;
      } else if (option.optional) {
        value = true;
      } else {
        throw new UsageError('option_needs_value', { option: optionTerm(option, lang) });
      }
    }
    if (option.choices !== undefined && (value === true || !option.choices.includes(value))) {
      throw new UsageError('bad_choice', { option: name, value: value === true ? '' : value, choices: option.choices.join(', ') });
    }
    opts[attributeOf(option)] = value;
  }

  const args: (string | readonly string[] | undefined)[] = [];
  let used = 0;
  for (const a of decl.arguments) {
    if (a.variadic) {
      args.push(positional.slice(used));
      used = positional.length;
      break;
    }
    const v = positional[used];
    if (v === undefined && a.required) throw new UsageError('missing_argument', { argument: `<${a.name[lang]}>`, usage: usageLine(decl, lang) });
    args.push(v);
    if (v !== undefined) used++;
  }
  if (used < positional.length) throw new UsageError('too_many_arguments', { extra: positional[used]!, usage: usageLine(decl, lang) });
  for (const o of decl.options) if (o.default !== undefined && !(attributeOf(o) in opts)) opts[attributeOf(o)] = o.default;
  return { kind: 'run', command, args, opts };
}

/**
 * The name a mistyped word most likely meant (`agin` → `aging`, `--payment` → `--payments`), or '' when
 * none is close: at most one edit for a short word, two for a longer one, three past eight letters, or
 * a name the word begins.
 */
function nearest(word: string, names: readonly string[]): string {
  let best = '';
  let bestDistance = Infinity;
  const bare = word.replace(/^-+/, '');
  const limit = bare.length <= 4 ? 1 : bare.length <= 8 ? 2 : 3;
  for (const name of names) {
    const d = bare.length >= 3 && name.replace(/^-+/, '').startsWith(bare) ? 1 : editDistance(word, name);
    if (d <= limit && d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
