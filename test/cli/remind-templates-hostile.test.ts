import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { renderEmail } from '../../src/io/email-templates.ts';
import { arAsync, tempDir, writeFiles } from '../helpers/run.ts';

/**
 * Templates a user (or whoever can write to the templates folder) edited to reach the machine:
 * prototypes, the process, files outside (and inside) the folder, unbounded loops. Each one either
 * renders nothing dangerous or ends in one clear line and exit 2, quickly.
 */

const SECRET = 'TOP-SECRET-CONTENT-42';
const DATA = {
  firm: { name: 'Durand <b>SARL</b>', signature: 'Claire' },
  customer: { id: 'C1', name: '<script>alert(1)</script>' },
  invoices: [{ number: '<img src=x onerror=alert(1)>', open: '10,00 €' }],
  totals: { overdue: '10,00 €' },
};

/** A templates folder holding one user template (level-1, French), and a secret file beside and inside it. */
function folderWith(body: string): string {
  const root = tempDir('ar-tpl-');
  const fr = join(root, 'emails', 'fr');
  mkdirSync(fr, { recursive: true });
  writeFileSync(join(root, 'secret.txt'), SECRET);
  writeFileSync(join(fr, 'secret.liquid'), SECRET);
  writeFileSync(join(fr, 'level-1.liquid'), `---subject---\nS\n---text---\nT\n---html---\n${body}\n`);
  return root;
}

async function render(body: string): Promise<{ ok: true; html: string } | { ok: false; message: string }> {
  try {
    return { ok: true, html: (await renderEmail('level-1', 'fr', folderWith(body), DATA)).html };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

describe('hostile templates, rendered by the real engine from real files', () => {
  it('cannot reach constructors, prototypes or the process: they render as nothing', async () => {
    for (const body of [
      '{{ customer.constructor }}',
      '{{ customer.constructor.constructor }}',
      '{{ customer.__proto__ }}',
      '{{ invoices.constructor.name }}',
      '{{ process }}',
      '{{ process.env.PATH }}',
      '{{ global.process.mainModule }}',
      '{{ this }}',
      '{{ customer["constructor"]["constructor"] }}',
      '{% assign f = customer.constructor.constructor %}{{ f }}',
      '{{ customer.name.constructor }}',
      '{{ firm | json }}',
    ]) {
      const r = await render(body);
      expect(r, body).toMatchObject({ ok: true });
      const html = (r as { html: string }).html;
      expect(html, body).not.toMatch(/function|native code|\[object|PATH|\/usr\/|<script|<img/);
    }
  });

  it('cannot call code: a call, or a filter that does not exist, is an error naming the template', async () => {
    for (const body of ["{{ this.constructor.constructor('return process')() }}", '{{ "" | constructor }}', '{{ customer | eval }}', '{{ x | prototype }}']) {
      const r = await render(body);
      expect(r, body).toMatchObject({ ok: false });
      expect((r as { message: string }).message, body).not.toContain('\n');
    }
  });

  it('cannot pollute prototypes through assign or capture', async () => {
    for (const body of ['{% assign __proto__ = "polluted" %}', '{% capture __proto__ %}x{% endcapture %}', '{% assign constructor = "x" %}{{ constructor }}']) await render(body);
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reads no file: include, render and layout fail, whether the file is outside the folder or inside it', async () => {
    for (const body of [
      "{% include '/etc/passwd' %}",
      "{% render '../../package.json' %}",
      "{% include '../../secret.txt' %}",
      "{% render 'secret' %}",
      "{% include 'secret.liquid' %}",
      "{% layout '/etc/hostname' %}x",
      '{% include customer.id %}',
    ]) {
      const r = await render(body);
      expect(r, body).toMatchObject({ ok: false });
      expect(JSON.stringify(r), body).not.toContain(SECRET);
      expect(JSON.stringify(r), body).not.toMatch(/root:/);
    }
  });

  it('escapes data in the HTML part even through | raw, and keeps the template’s own markup', async () => {
    const r = await render('<p>{{ customer.name | raw }}</p><td>{{ invoices[0].number | upcase | raw }}</td>{{ firm.name | newline_to_br }}');
    expect(r).toMatchObject({ ok: true });
    const html = (r as { html: string }).html;
    expect(html).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).toContain('<td>&lt;IMG SRC=X ONERROR=ALERT(1)&gt;</td>');
    expect(html).toContain('Durand &lt;b&gt;SARL&lt;/b&gt;');
  });

  it('stops a loop over a huge range, nested loops and a doubling string within the limits, in seconds', async () => {
    for (const body of [
      '{% for i in (1..100000000) %}x{% endfor %}',
      '{% for i in (1..20000) %}{% for j in (1..20000) %}x{% endfor %}{% endfor %}',
      '{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s | size }}',
      `${'{% if true %}'.repeat(20000)}x${'{% endif %}'.repeat(20000)}`,
    ]) {
      const t0 = Date.now();
      const r = await render(body);
      expect(Date.now() - t0, body.slice(0, 60)).toBeLessThan(6000);
      expect(r, body.slice(0, 60)).toMatchObject({ ok: false });
    }
  }, 30_000);
});

describe('hostile templates through ar remind --outbox', () => {
  const FACTURES = ['N° facture;Code client;Client;Date facture;Échéance;Montant TTC', 'F1;C1;"<script>alert(1)</script>";20/08/2026;15/09/2026;100,00'].join('\r\n');
  const CLIENTS = ['Code client;Raison sociale;E-mail;Langue', 'C1;"<script>alert(1)</script>";a@c1.example;fr'].join('\r\n');

  async function remindWith(body: string) {
    const dir = tempDir('ar-tpl-cli-');
    writeFiles(dir, { 'factures.csv': FACTURES, 'clients.csv': CLIENTS, 'secret.txt': SECRET });
    mkdirSync(join(dir, 'modeles', 'emails', 'fr'), { recursive: true });
    writeFileSync(join(dir, 'modeles', 'emails', 'fr', 'level-1.liquid'), body);
    writeFileSync(
      join(dir, 'ar.config.json'),
      JSON.stringify({ invoices: 'factures.csv', customers: 'clients.csv', templates: 'modeles', policy: { firstContact: {} }, firm: { name: 'Durand', email: 'compta@durand.example' } }),
    );
    const r = await arAsync(['remind', '--outbox', 'out', '--as-of', '2026-10-31'], { cwd: dir });
    return { ...r, dir };
  }

  it('ends a hostile template with one line naming it, exit 2, nothing written, nothing read', async () => {
    for (const html of ["{% include '../../secret.txt' %}", "{{ this.constructor.constructor('return process')() }}", '{% for i in (1..100000000) %}x{% endfor %}']) {
      const r = await remindWith(`---subject---\nS\n---text---\nT\n---html---\n${html}\n`);
      expect({ html, code: r.code, stdout: r.stdout }).toEqual({ html, code: 2, stdout: '' });
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
      expect(r.stderr).toMatch(/level-1\.liquid/);
      expect(r.stderr).not.toContain(SECRET);
      expect(readdirSync(join(r.dir, 'out'))).toEqual([]);
    }
  });

  it('a user template that forgets nothing and one that uses | raw both show the customer’s markup as text', async () => {
    const r = await remindWith('---subject---\nPour {{ customer.name }}\n---text---\n{{ customer.name }}\n---html---\n<h1>{{ customer.name }}</h1><p>{{ customer.name | raw }}</p>\n');
    expect(r.code, r.stderr).toBe(0);
    const [file] = readdirSync(join(r.dir, 'out'));
    const mail = await simpleParser(readFileSync(join(r.dir, 'out', file!)));
    expect(mail.html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(mail.subject).toBe('Pour <script>alert(1)</script>');
    expect(mail.text).toBe('<script>alert(1)</script>\n'); // the text part is plain text: nothing to escape
  });
});
