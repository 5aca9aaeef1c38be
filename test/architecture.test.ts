import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers/run.ts';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('architecture', () => {
  it('keeps src/core pure: no I/O, no clock, no console, no I/O libraries', () => {
    const forbidden = [
      /from ['"](node:)?(fs|fs\/promises|path|child_process|net|http|https|os|readline|stream|worker_threads|sqlite)['"]/,
      /from ['"](exceljs|nodemailer|csv-parse[^'"]*|chalk|cli-table3|inquirer|@inquirer\/[^'"]+|commander|liquidjs)['"]/,
      /\bconsole\.\w+/,
      /\bprocess\.\w+/,
      /new Date\(\s*\)|Date\.now\(/,
      /import\(['"]/,
    ];
    const offenders: string[] = [];
    for (const f of filesUnder(join(ROOT, 'src/core'))) {
      const text = readFileSync(f, 'utf8');
      for (const re of forbidden) if (re.test(text)) offenders.push(`${f.slice(ROOT.length + 1)}: ${re}`);
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the layers apart: io and render never import each other, nor the commands; model and core only themselves', () => {
    // What may import what, inside src/ (type imports and `await import()` included): commands are the
    // only place where reading (io) meets words and layout (render); what both sides share is in
    // src/model (the documents' models, Lang, the journal's rows) or src/core.
    const forbidden: Record<string, readonly string[]> = {
      io: ['render', 'commands'],
      render: ['io', 'commands'],
      model: ['io', 'render', 'commands'],
      core: ['io', 'render', 'commands', 'model'],
    };
    const offenders: string[] = [];
    for (const [layer, targets] of Object.entries(forbidden)) {
      for (const f of filesUnder(join(ROOT, 'src', layer))) {
        for (const m of readFileSync(f, 'utf8').matchAll(/(?:from |import\()['"](\.[^'"]+)['"]/g)) {
          const target = join(f, '..', m[1]!).slice(join(ROOT, 'src').length + 1);
          const top = target.split('/')[0]!;
          if (targets.includes(top)) offenders.push(`${f.slice(ROOT.length + 1)} → src/${target}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('loads exceljs, nodemailer, liquidjs and inquirer, fast-xml-parser, pdf-lib, pdfkit, fontkit and commander only inside the code paths that use them', () => {
    const eager = /^import [^;]*from ['"](exceljs|nodemailer|liquidjs|@inquirer\/prompts|inquirer|fast-xml-parser|pdf-lib|pdfkit|fontkit|commander)['"]/m;
    const offenders = filesUnder(join(ROOT, 'src'))
      .filter((f) => eager.test(readFileSync(f, 'utf8')) && !/import type/.test(readFileSync(f, 'utf8').match(eager)![0]))
      .map((f) => f.slice(ROOT.length + 1));
    // The modules that may import them statically are themselves loaded lazily by their commands.
    expect(offenders.filter((f) => !LAZY_MODULES.includes(f))).toEqual([]);
  });

  it('reads its command line without commander, which the tests keep as the oracle of that reading', () => {
    const offenders = filesUnder(join(ROOT, 'src')).filter((f) => /(from |import\()['"]commander['"]/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(ROOT.length + 1))).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).not.toContain('commander');
    expect(Object.keys(pkg.devDependencies)).toContain('commander');
  });

  it('finds the files shipped with ar in one place, whose depth the bundle keeps (src/resources.ts)', () => {
    // dist/ is one bundle a folder below the root, as src/ is: a module deeper in src that found a file
    // from its own place (import.meta.url) would look in the wrong folder once built.
    const offenders = filesUnder(join(ROOT, 'src')).filter((f) => /import\.meta\.(url|dirname|filename)/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => f.slice(ROOT.length + 1))).toEqual(['src/resources.ts']);
  });

  it('reads workbooks without exceljs: its reader is not imported on the reading path, even lazily', () => {
    const reading = ['src/io/read-table.ts', 'src/io/xlsx-read.ts', 'src/io/xls-read.ts', 'src/io/ods-read.ts', 'src/io/zip-check.ts', 'src/io/load-ledger.ts'];
    const offenders = reading.filter((f) => /(from |import\()['"]exceljs['"]/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('imports those lazy modules only with await import() (a type import is free; a lazy module may import another, both loaded only when it is)', () => {
    const offenders: string[] = [];
    for (const f of filesUnder(join(ROOT, 'src'))) {
      if (LAZY_MODULES.includes(f.slice(ROOT.length + 1))) continue;
      for (const m of readFileSync(f, 'utf8').matchAll(/^import (?!type )[^;]*from ['"]([^'"]+)['"]/gm)) {
        const target = join(f, '..', m[1]!).slice(ROOT.length + 1);
        if (LAZY_MODULES.includes(target)) offenders.push(`${f.slice(ROOT.length + 1)} → ${target}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});

/** Modules imported only with `await import()` from a command. */
const LAZY_MODULES = [
  'src/io/xlsx-report.ts',
  'src/io/statement-xlsx.ts',
  'src/io/mailer.ts',
  'src/io/email-templates.ts',
  'src/commands/impact-prompt.ts',
  'src/io/read-xml.ts',
  'src/io/read-einvoice.ts',
  // pdfkit and its font engine: the letter of formal notice and the collection dossier.
  'src/io/letter-pdf.ts',
  'src/io/dossier-files.ts',
  // The workbook readers (.xlsx, .xls, .ods) and the zip checks (with node:zlib): a CSV ledger never loads them.
  'src/io/xlsx-read.ts',
  'src/io/xls-read.ts',
  'src/io/ods-read.ts',
  'src/io/zip-check.ts',
];
