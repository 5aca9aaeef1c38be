import { Command, Help, Option } from 'commander';
import { ACTIONS, type Action } from './actions.ts';
import type { CliSpec, CommandSpec } from './cli-args.ts';
import type { Context } from './context.ts';
import type { Lang } from './render/aging-report.ts';
import { commanderError, helpTranslated } from './render/help-text.ts';

/**
 * Builds the `ar` program. Command modules are imported only when their command runs, so that
 * `ar --help` stays as fast as Node itself.
 */
export function buildProgram(
  ctx: Context,
  result: { code: number },
  lang: Lang = 'en',
  tr: (text: string) => string = (text) => text,
  actions: Readonly<Record<string, Action>> = ACTIONS,
): Command {
  // commander calls an action with the arguments, the options and the command: the command has them all.
  const act = (name: string) => async (...a: unknown[]): Promise<void> => {
    const cmd = a[a.length - 1] as Command;
    result.code = await actions[name]!(cmd.processedArgs, cmd.opts(), ctx);
  };
  // Help is for people: in French or English, as the rest of the output (`--lang`, else the locale).
  const program = new Command('ar')
    .description(tr('Accounts receivable from your spreadsheets: aged balance, reminders, DSO, cost of unpaid invoices.'))
    .version(VERSION, '-V, --version', tr('output the version number'))
    .helpOption('-h, --help', tr('display help for command'))
    .helpCommand('help [command]', tr('display help for command'))
    .showHelpAfterError(tr('(run with --help for usage)'))
    .configureHelp({
      styleTitle: (title: string) => tr(title),
      optionDescription(option) {
        return helpTranslated(Help.prototype.optionDescription.call(this, option), lang);
      },
      argumentDescription(argument) {
        return helpTranslated(Help.prototype.argumentDescription.call(this, argument), lang);
      },
    })
    .configureOutput({
      writeOut: (s) => ctx.stdout.write(s),
      writeErr: (s) => ctx.stderr.write(s),
      outputError: (s, write) => write(commanderError(s, lang)),
      // Help is laid out for 80 columns on a terminal or not: the same text everywhere, so that
      // `ar --help` can be printed from the copy made at build time (scripts/build-help.ts).
      getOutHelpWidth: () => 80,
      getErrHelpWidth: () => 80,
    })
    .exitOverride();

  const ledgerOptions = (cmd: Command): Command =>
    cmd
      .option('--invoices <file>', tr('invoice ledger: CSV/TSV/TXT or XLSX (file.xlsx#Sheet); e-invoices: a folder or an .xml/.pdf file'))
      .option('--payments <file>', tr('payments ledger: CSV or XLSX'))
      .option('--customers <file>', tr('customers file: CSV or XLSX (names, terms, e-mail)'))
      .option('--as-of <date>', tr('the date of the balance, YYYY-MM-DD (default: today)'))
      .option('--config <file>', tr('config file (default: ./ar.config.json when present)'))
      .addOption(new Option('--lang <lang>', tr('language of the output (default: from LANG)')).choices(['fr', 'en']))
      .option('--skip-invalid', tr('go on without rejected rows, and list them in every output'))
      .addOption(new Option('--date-order <order>', tr('the order of day and month of the ledgers\' dates (default: read from the dates)')).choices(['dmy', 'mdy', 'ymd']))
      .option('--journal <file>', tr('the journal of contacts and disputes (default: ar.db in the working folder, or "journal" in the config)'));

  ledgerOptions(
    program
      .command('aging')
      .alias('balance')
      .description(tr('the aged balance (balance âgée) per customer and in total, as of a date'))
      .argument('[invoices...]', tr('invoice ledger (same as --invoices), or e-invoices: a folder, .xml/.pdf files')),
  )
    .addOption(new Option('--format <format>', tr('output format')).choices(['table', 'json', 'csv']).default('table'))
    .addOption(new Option('--basis <basis>', tr('age by due date or by invoice date')).choices(['due', 'issue']))
    .option('--buckets <days>', tr('bucket boundaries in days (default: 30,60,90)'))
    .option('--customer <id>', tr("show one customer's open items"))
    .option('--xlsx <file>', tr('also write the Excel report to this file'))
    .addHelpText(
      'after',
      tr(`
Examples:
  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31
  $ ar aging grand-livre.xlsx#Factures --payments grand-livre.xlsx#Règlements --format json
  $ ar aging --invoices factures.csv --payments reglements.csv --buckets 30,60,90,120 --xlsx balance.xlsx
  $ ar aging factures.csv --payments reglements.csv --customer C013
  $ ar aging factures-electroniques/ --payments reglements.csv   # UBL, CII, Factur-X PDFs
  $ ar aging 812345678FEC20261231.txt --customers clients.csv      (a FEC: invoices and payments at once)
  $ ar aging factures.csv --payments releve.xml --customers clients.csv   (a CAMT.053 or bank CSV statement)

Exit codes: 0 ok, 1 usage error, 2 invalid input (rejected rows are listed, one per line).`),
    )
    .action(act('aging'));

  ledgerOptions(
    program
      .command('impact')
      .description(tr('what an unpaid invoice costs: the extra revenue to absorb it, the margin after it'))
      .argument('[invoice]', tr('an invoice number of the ledger (its open amount as of --as-of)')),
  )
    .option('--amount <amount>', tr('the unpaid amount (TTC), instead of an invoice'))
    .option('--revenue <amount>', tr('annual revenue excl. VAT (default: the ledger’s last 12 months excl. VAT, else "revenue" in the config)'))
    .option('--margin <rate>', tr('net margin rate: 5% or 0.05 (a bare 5 is refused) (default: "margin" in the config)'))
    .option('--vat [rate]', tr('the VAT is recoverable: the loss excludes it (default rate: "vatRate" in the config, else the country’s: FR 20%, BE 21%)'))
    .option('--insured <pct>', tr('share paid by a credit insurer, e.g. 90%'))
    .option('--deductible <amount>', tr('the credit insurer’s deductible'))
    .option('--recovery <pct>', tr('share a collection is expected to recover'))
    .option('--cost-of-credit <rate>', tr('the firm’s annual cost of credit, with --days-late: the cost of waiting'))
    .option('--days-late <n>', tr('days the invoice is paid late, with --cost-of-credit'))
    .option('--portfolio', tr('the expected credit loss of the whole aged balance (provision matrix)'))
    .option('--from-history', tr('with --portfolio: loss rates from the ledger’s own written-off invoices'))
    .option('--currency <code>', tr('the currency, with --portfolio (default: EUR or the config’s)'))
    .option('--buckets <days>', tr('with --portfolio: bucket boundaries in days (default: "buckets" in the config, else 30,60,90)'))
    .addOption(new Option('--format <format>', tr('output format')).choices(['table', 'json', 'csv']).default('table'))
    .addHelpText(
      'after',
      tr(`
Examples:
  $ ar impact --amount 12000 --revenue 1200000 --margin 5%
  $ ar impact FA2026-00195 --invoices factures.csv --payments reglements.csv --margin 5% --vat 20%
  $ ar impact --amount 12000 --revenue 1200000 --margin 5% --insured 90% --deductible 1500 --recovery 30%
  $ ar impact --portfolio --invoices factures.csv --payments reglements.csv --margin 5% --format csv
Rates: 5% or 0.05 (a bare number above 1, such as 5, is refused).`),
    )
    .action(act('impact'));

  ledgerOptions(program.command('dso').description(tr('DSO (standard, countback, best possible), days delinquent, CEI, 12-month trend')).argument('[invoices...]', tr('invoice ledger (same as --invoices), or e-invoices: a folder, .xml/.pdf files')))
    .option('--period <days>', tr('the DSO window in days (default 90)'))
    .addOption(new Option('--format <format>', tr('output format')).choices(['table', 'json', 'csv']).default('table'))
    .addHelpText('after', tr('\nExamples:\n  $ ar dso factures.csv --payments reglements.csv --as-of 2026-10-31\n  $ ar dso factures.csv --payments reglements.csv --period 365 --format json\n  $ ar dso factures.csv --payments reglements.csv --format csv > dso.csv\n'))
    .action(act('dso'));

  ledgerOptions(program.command('customers').description(tr('payment behaviour, credit use and risk grade A–E per customer, worst first')).argument('[invoices...]', tr('invoice ledger (same as --invoices), or e-invoices: a folder, .xml/.pdf files')))
    .addOption(new Option('--format <format>', tr('output format')).choices(['table', 'json', 'csv']).default('table'))
    .addHelpText('after', tr('\nExamples:\n  $ ar customers factures.csv --payments reglements.csv --customers clients.csv\n  $ ar customers factures.csv --payments reglements.csv --format csv > clients-risque.csv\n'))
    .action(act('customers'));

  ledgerOptions(program.command('remind').description(tr('send the right reminder, at the right level, exactly once (a dry run unless --outbox or --send)')))
    .option('--send', tr('send over SMTP (AR_SMTP_URL, AR_SMTP_FROM)'))
    .option('--outbox <dir>', tr('write each message as an .eml file instead of sending'))
    .option('--retry-uncertain', tr('resend the messages a killed run left uncertain'))
    .addOption(new Option('--format <format>', tr('output format')).choices(['table', 'json']).default('table'))
    .addHelpText(
      'after',
      tr(`
Examples:
  $ ar remind --customers clients.csv                       # dry run: who would get what, and why not the others
  $ ar remind --customers clients.csv --outbox relances/    # .eml files to check and send from your mail client
  $ AR_SMTP_URL=smtps://user:pass@smtp.example.com AR_SMTP_FROM='"Atelier Durand" <compta@durand.example>' \\
      ar remind --customers clients.csv --send               # from cron, every morning

Exit codes: 0 all done, 1 usage error, 2 invalid input, 3 some messages failed (or the server was unreachable),
4 another run holds the journal.`),
    )
    .action(act('remind'));

  const journalOptions = (cmd: Command): Command =>
    cmd
      .option('--journal <file>', tr('the journal (default: ar.db)'))
      .option('--config <file>', tr('config file (default: ./ar.config.json when present)'))
      .addOption(new Option('--lang <lang>', tr('language of the output')).choices(['fr', 'en']));

  // Checked against the ledger when one is named (here or in the config): a typo is refused.
  const checkOptions = (cmd: Command): Command =>
    cmd
      .option('--invoices <file>', tr('invoice ledger to check the name against (default: "invoices" in the config)'))
      .option('--customers <file>', tr('customers file (default: "customers" in the config)'));

  checkOptions(journalOptions(program.command('dispute').description(tr('put an invoice in dispute: no reminder for it until the dispute is closed')).argument('<invoice>', tr('invoice number'))))
    .option('--reason <text>', tr('why the customer disputes it'))
    .option('--customer <id>', tr('the customer, for the log'))
    .option('--close', tr('close the dispute: reminders resume'))
    .addHelpText('after', tr('\nExamples:\n  $ ar dispute FA2026-00085 --reason "livraison incomplète"\n  $ ar dispute FA2026-00085 --close\n'))
    .action(act('dispute'));

  checkOptions(journalOptions(program.command('promise').description(tr('record a promise to pay: no reminder until the date; if it lapses unpaid, the next level goes')).argument('<invoice|customer>', tr('an invoice number or a customer id'))))
    .option('--until <date>', tr('the promised date: 2026-11-30, 30/11/2026, 30.11.2026 or 20261130'))
    .option('--amount <amount>', tr('the promised amount (recorded in the journal, informational)'))
    .option('--customer <id>', tr('the customer: the same id as the target for a customer\'s promise, its customer for an invoice\'s'))
    .addHelpText('after', tr('\nExamples:\n  $ ar promise FA2026-00231 --until 2026-11-30\n  $ ar promise C013 --until 2026-11-15 --amount 5000\n'))
    .action(act('promise'));

  checkOptions(journalOptions(program.command('note').description(tr('write a note in the journal (a call, a letter, an agreement)')).argument('<customer>', tr('customer id')).argument('<text>', tr('the note'))))
    .addHelpText('after', tr('\nExample:\n  $ ar note C013 "Appel du gérant : règlement de 5 000 EUR promis fin novembre"\n'))
    .action(act('note'));

  journalOptions(program.command('log').description(tr('the history of contacts, for everyone or one customer')).argument('[customer]', tr('customer id')))
    .addOption(new Option('--format <format>', tr('output format')).choices(['table', 'json']).default('table'))
    .addHelpText('after', tr('\nExamples:\n  $ ar log\n  $ ar log C013 --format json\n'))
    .action(act('log'));

  // ---- ar letter ----------------------------------------------------------------------------------
  ledgerOptions(program.command('letter').description(tr('the registered letter of formal notice (mise en demeure) for a customer, as a PDF')).argument('<customer>', tr('customer id')))
    .option('--outbox <dir>', tr('where the PDF goes (default: "letters" in the config, else ./letters)'))
    .option('--currency <code>', tr('the currency of the debt, when the customer owes in several'))
    .addHelpText('after', tr('\nExamples:\n  $ ar letter C013\n  $ ar letter C013 --as-of 2026-11-30 --outbox lettres/\n'))
    .action(act('letter'));
  // ---- end ar letter ------------------------------------------------------------------------------

  // ---- ar escalate --------------------------------------------------------------------------------
  ledgerOptions(program.command('escalate').description(tr('the dossier for a collection agency or a court (XLSX and PDF), once per debt')).argument('[customer]', tr('customer id')))
    .option('--all', tr('every customer whose last notice has expired'))
    .option('--again', tr('write a dossier for invoices already handed over'))
    .option('--out <dir>', tr('where the dossiers go (default: ./dossiers)'))
    .addHelpText('after', tr('\nExamples:\n  $ ar escalate C013\n  $ ar escalate --all --out recouvrement/\n'))
    .action(act('escalate'));
  // ---- end ar escalate ----------------------------------------------------------------------------

  program.addHelpText(
    'after',
    tr(`
Examples:
  $ ar aging factures.csv --payments reglements.csv --as-of 2026-10-31
  $ ar remind --customers clients.csv --send
  $ ar aging --help

Exit codes: 0 ok, 1 usage error, 2 invalid input, 3 some messages not delivered, 4 journal locked by another run.`),
  );
  return program;
}

export const VERSION = '0.1.0';

/**
 * The shape of the program (commands, their arguments, their options) as `parseArgs` reads it, taken
 * from commander's own objects; written to dist/cli-spec.json at build time (scripts/build-help.ts).
 * An option `parseArgs` could not read as commander does (a negatable one, a custom parser (choices
 * are commander's own), a
 * conflict, an implied value, one read from the environment) makes the command absent from the spec:
 * commander then reads all its command lines.
 */
export function specOf(program: Command): CliSpec {
  const commands: CommandSpec[] = [];
  for (const c of program.commands) {
    const plain = c.options.every((o) => {
      const own = o as unknown as { conflictsWith?: readonly string[]; implied?: unknown };
      return o.long !== undefined && !o.negate && !o.mandatory && (o.parseArg === undefined || o.argChoices !== undefined) && o.envVar === undefined && !o.variadic
        && (own.conflictsWith ?? []).length === 0 && own.implied === undefined
        && (o.defaultValue === undefined || typeof o.defaultValue === 'string' || typeof o.defaultValue === 'boolean');
    });
    if (!plain || c.commands.length > 0) continue;
    commands.push({
      name: c.name(),
      aliases: c.aliases(),
      arguments: c.registeredArguments.map((a) => ({ name: a.name(), required: a.required, variadic: a.variadic })),
      options: c.options.map((o) => ({
        long: o.long!,
        attribute: o.attributeName(),
        value: o.required ? 'required' : o.optional ? 'optional' : 'none',
        ...(o.argChoices ? { choices: [...o.argChoices] } : {}),
        ...(o.defaultValue !== undefined ? { default: o.defaultValue as string | boolean } : {}),
      })),
    });
  }
  return { commands };
}
