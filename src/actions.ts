import type { Context } from './context.ts';

/**
 * What each command does with its arguments and options, once the command line is read (by commander
 * in src/program.ts, or by `parseArgs` in src/cli-args.ts: both call these). A command's module is
 * imported only when it runs.
 */
export type Action = (args: readonly unknown[], opts: Record<string, unknown>, ctx: Context) => Promise<number>;

type Files = string[];
type Maybe = string | undefined;

export const ACTIONS: Readonly<Record<string, Action>> = {
  aging: async ([files], opts, ctx) => (await import('./commands/aging.ts')).agingCommand(files as Files, opts, ctx),
  impact: async ([invoice], opts, ctx) => (await import('./commands/impact.ts')).impactCommand(invoice as Maybe, opts, ctx),
  dso: async ([files], opts, ctx) => (await import('./commands/dso.ts')).dsoCommand(files as Files, opts, ctx),
  customers: async ([files], opts, ctx) => (await import('./commands/customers.ts')).customersCommand(files as Files, opts, ctx),
  remind: async (_args, opts, ctx) => (await import('./commands/remind.ts')).remindCommand(opts, ctx),
  dispute: async ([invoice], opts, ctx) => (await import('./commands/contacts.ts')).disputeCommand(invoice as string, opts, ctx),
  promise: async ([target], opts, ctx) => (await import('./commands/contacts.ts')).promiseCommand(target as string, opts, ctx),
  note: async ([customer, text], opts, ctx) => (await import('./commands/contacts.ts')).noteCommand(customer as string, text as string, opts, ctx),
  log: async ([customer], opts, ctx) => (await import('./commands/contacts.ts')).logCommand(customer as Maybe, opts, ctx),
  letter: async ([customer], opts, ctx) => (await import('./commands/letter.ts')).letterCommand(customer as string, opts, ctx),
  escalate: async ([customer], opts, ctx) => (await import('./commands/escalate.ts')).escalateCommand(customer as Maybe, opts, ctx),
};
