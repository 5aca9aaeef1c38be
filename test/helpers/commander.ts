import { Command as Commander, CommanderError, Option } from 'commander';
import { takesValue } from '../../src/cli-args.ts';
import type { Command } from '../../src/program.ts';

/**
 * commander's reading of a command line, as the oracle of `ar`'s own reader (src/cli-args.ts): the
 * program is built from the same table (src/program.ts), so that the two can be compared on any line.
 */
export type Outcome =
  | { readonly kind: 'run'; readonly command: string; readonly args: readonly unknown[]; readonly opts: Readonly<Record<string, unknown>> }
  | { readonly kind: 'help' | 'version' | 'error' };

function commanderProgram(commands: readonly Command[], onRun: (command: string, args: readonly unknown[], opts: Record<string, unknown>) => void): Commander {
  const silent = { writeOut: () => {}, writeErr: () => {} };
  const program = new Commander('ar').exitOverride().configureOutput(silent).version('0.0.0', '-V, --version');
  for (const c of commands) {
    const sub = program.command(c.decl.name).exitOverride().configureOutput(silent);
    for (const alias of c.decl.aliases ?? []) sub.alias(alias);
    for (const a of c.decl.arguments) {
      const name = `${a.name.en}${a.variadic ? '...' : ''}`;
      sub.argument(a.required ? `<${name}>` : `[${name}]`);
    }
    for (const o of c.decl.options) {
      const option = new Option(`${o.short !== undefined ? `${o.short}, ` : ''}--${o.name}${takesValue(o) ? (o.optional ? ' [value]' : ' <value>') : ''}`);
      if (o.choices !== undefined) option.choices(o.choices);
      if (o.default !== undefined) option.default(o.default);
      sub.addOption(option);
    }
    sub.action((...a: unknown[]) => {
      const cmd = a[a.length - 1] as Commander;
      onRun(c.decl.name, cmd.processedArgs, cmd.opts());
    });
  }
  return program;
}

/** What commander makes of a command line. */
export async function commanderReads(commands: readonly Command[], argv: readonly string[]): Promise<Outcome> {
  let seen: Outcome | null = null;
  const program = commanderProgram(commands, (command, args, opts) => {
    seen = { kind: 'run', command, args, opts };
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.code === 'commander.version') return { kind: 'version' };
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.help') return { kind: 'help' };
    return { kind: 'error' };
  }
  return seen ?? { kind: 'help' };
}
