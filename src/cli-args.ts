/**
 * The command line of a run that needs no help and has no mistake, read without loading commander.
 *
 * commander (src/program.ts) describes `ar`, prints its help and says what is wrong with a command
 * line; loading it is about a sixth of `ar aging` on a small ledger (start-up is measured: npm run
 * bench). So the build writes the shape of the program (`CliSpec`, dist/cli-spec.json, taken from
 * commander's own objects by `specOf`) and `parseArgs` reads a command line with it. It answers only
 * when the reading is certain and clean; anything else (help, a version, an unknown or short option,
 * a missing value, a value outside its choices, too many arguments, a dash where a value should be)
 * returns null, and commander reads the line and says what it has to say. A property test holds
 * `parseArgs` to commander's reading on every line it answers.
 */

export interface OptionSpec {
  /** `--as-of` */
  readonly long: string;
  /** The key of the options object: `asOf`. */
  readonly attribute: string;
  /** `--send`; `--as-of <date>`; `--vat [rate]`. */
  readonly value: 'none' | 'required' | 'optional';
  readonly choices?: readonly string[];
  readonly default?: string | boolean;
}

export interface ArgumentSpec {
  readonly name: string;
  readonly required: boolean;
  readonly variadic: boolean;
}

export interface CommandSpec {
  readonly name: string;
  readonly aliases: readonly string[];
  readonly arguments: readonly ArgumentSpec[];
  readonly options: readonly OptionSpec[];
}

export interface CliSpec {
  readonly commands: readonly CommandSpec[];
}

export interface ParsedArgs {
  /** The command's own name (an alias is resolved). */
  readonly command: string;
  /** One value per declared argument, as commander's `processedArgs`: a variadic one is an array. */
  readonly args: readonly (string | readonly string[] | undefined)[];
  readonly opts: Record<string, string | boolean>;
}

/** Reads `argv` (without the program name) as commander would, or returns null when unsure. */
export function parseArgs(argv: readonly string[], spec: CliSpec): ParsedArgs | null {
  const first = argv[0];
  if (first === undefined) return null;
  const cmd = spec.commands.find((c) => c.name === first || c.aliases.includes(first));
  if (cmd === undefined) return null;
  const opts: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (token.startsWith('--')) {
      const eq = token.indexOf('=');
      const name = eq < 0 ? token : token.slice(0, eq);
      const option = cmd.options.find((o) => o.long === name);
      if (option === undefined) return null;
      let value: string | boolean;
      if (eq >= 0) {
        if (option.value === 'none') return null;
        value = token.slice(eq + 1);
      } else if (option.value === 'required') {
        const next = argv[i + 1];
        if (next === undefined || next.startsWith('-')) return null;
        value = next;
        i++;
      } else if (option.value === 'optional') {
        const next = argv[i + 1];
        if (next !== undefined && !next.startsWith('-')) {
          value = next;
          i++;
        } else {
          value = true;
        }
      } else {
        value = true;
      }
      if (option.choices !== undefined && (typeof value !== 'string' || !option.choices.includes(value))) return null;
      opts[option.attribute] = value;
      continue;
    }
    // A short option, a negative number: commander decides.
    if (token.length > 1 && token.startsWith('-')) return null;
    positional.push(token);
  }
  const args: (string | readonly string[] | undefined)[] = [];
  for (let k = 0; k < cmd.arguments.length; k++) {
    const a = cmd.arguments[k]!;
    if (a.variadic) {
      const rest = positional.slice(k);
      if (a.required && rest.length === 0) return null;
      args.push(rest);
      positional.length = 0;
      break;
    }
    const v = positional[k];
    if (a.required && v === undefined) return null;
    args.push(v);
  }
  if (positional.length > cmd.arguments.length) return null;
  for (const o of cmd.options) if (o.default !== undefined && !(o.attribute in opts)) opts[o.attribute] = o.default;
  return { command: cmd.name, args, opts };
}
