/**
 * Writes docs/config.md and docs/config.schema.json from the one schema of `ar.config.json`
 * (`CONFIG_SCHEMA` in src/io/config.ts), so that the documentation is the table the code checks
 * against. test/io/config.test.ts fails when they differ: run `npm run config-docs` after adding a key.
 *
 *   node scripts/config-docs.ts [--check]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CONFIG_SCHEMA, type Schema } from '../src/io/config.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function rows(schema: Schema, prefix: string): string[] {
  const out: string[] = [];
  for (const [k, e] of Object.entries(schema)) {
    const p = prefix === '' ? k : `${prefix}.${k}`;
    out.push(`| \`${p}\` | ${e.rule.type.replace(/\|/g, '\\|')} | ${e.doc.replace(/\|/g, '\\|')} |`);
    if (e.rule.keys) out.push(...rows(e.rule.keys, p));
  }
  return out;
}

export function configMarkdown(): string {
  return `# \`ar.config.json\`

<!-- Written by scripts/config-docs.ts from CONFIG_SCHEMA (src/io/config.ts): edit the schema, then run npm run config-docs. -->

\`ar\` reads \`ar.config.json\` from the working folder, or the file given with \`--config\`. Every key is optional;
paths are relative to the config file's folder. The whole file is checked before anything else is read: a key
that is not in this table, or a value of the wrong type, is refused with the key's path and the key it most
likely meant (exit 2), never ignored:

\`\`\`
ar: ar.config.json: unknown key "bucket": did you mean "buckets"?
ar: ar.config.json: "revenue" must be a number (an amount a year, in units of the currency, e.g. 1200000), at least 0, not the text "1200000"
\`\`\`

The JSON Schema of the file is [config.schema.json](config.schema.json): with \`"$schema": "docs/config.schema.json"\`
(or its path from your file), an editor completes and checks the keys as you type.

| key | type | meaning |
|---|---|---|
${rows(CONFIG_SCHEMA, '').join('\n')}

Options of the command line win over the config (\`--invoices\`, \`--buckets\`, \`--lang\`…); a message about a value
of the config names its key, a message about an option names the option.

## Example

\`\`\`json
{
  "invoices": "exports/factures.csv",
  "payments": "exports/reglements.csv",
  "customers": "exports/clients.xlsx",
  "currency": "EUR",
  "defaultTerms": "30",
  "buckets": [30, 60, 90],
  "lang": "fr",
  "columns": { "invoices": { "number": "Réf. pièce", "amount": "Net à payer TTC" } },
  "firm": { "name": "Atelier Durand SARL", "email": "compta@durand.example" },
  "policy": { "levels": { "1": 1, "2": 15, "3": 30, "4": 45 } }
}
\`\`\`
`;
}

export function configJsonSchema(): string {
  const top = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'ar.config.json',
    description: 'The configuration of ar (docs/config.md). Written by scripts/config-docs.ts from CONFIG_SCHEMA.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(CONFIG_SCHEMA).map(([k, e]) => [k, { ...e.rule.schema, description: e.doc }])),
  };
  return `${JSON.stringify(top, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files: [string, string][] = [
    [join(ROOT, 'docs/config.md'), configMarkdown()],
    [join(ROOT, 'docs/config.schema.json'), configJsonSchema()],
  ];
  if (process.argv.includes('--check')) {
    const stale = files.filter(([f, t]) => {
      try {
        return readFileSync(f, 'utf8') !== t;
      } catch {
        return true;
      }
    });
    for (const [f] of stale) process.stderr.write(`${f} is not what CONFIG_SCHEMA says: run npm run config-docs\n`);
    process.exit(stale.length > 0 ? 1 : 0);
  }
  for (const [f, t] of files) writeFileSync(f, t);
  process.stdout.write(`${files.map(([f]) => f).join('\n')}\n`);
}
