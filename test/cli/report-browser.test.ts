import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineChromium, CHROMIUM } from '../helpers/browser.ts';
import { ar, arInProcess, ROOT, tempDir } from '../helpers/run.ts';

/**
 * `ar report` in a real browser: Debian's headless Chromium, offline, loads the HTML file; the test
 * reads the rendered page back and checks its figures against the JSON of `ar forecast`, `ar aging`
 * and `ar dso`, that nothing was requested but the file itself, and takes a screenshot at desktop and
 * A4-print sizes (into $AR_SCREENSHOTS, else the test's temporary folder).
 */

const FIX = join(ROOT, 'fixtures');
const LEDGER = [join(FIX, 'factures.csv'), '--payments', join(FIX, 'reglements.csv'), '--customers', join(FIX, 'clients.csv')];
/** What the test reads of the page's document, loosely typed. */
type Dom = any;
/** "€1,234.56", "-€917.47", "68.9 days" → a number (cents for money). */
const cents = (text: string): number => Math.round(Number(text.replace(/[^\d.-]/g, '')) * 100);

describe.skipIf(!existsSync(CHROMIUM))('ar report in headless Chromium', () => {
  // Made only where the suite runs: a skipped suite's body still runs, and no hook would remove its folder.
  const dir = existsSync(CHROMIUM) ? tempDir('ar-report-browser-') : '';
  const shots = process.env.AR_SCREENSHOTS ?? dir;
  const journal = join(dir, 'ar.db');
  const config = join(dir, 'ar.config.json');
  const common = [...LEDGER, '--as-of', '2026-10-31', '--journal', journal, '--config', config];
  let browser: Awaited<ReturnType<typeof offlineChromium>>;

  beforeAll(async () => {
    writeFileSync(config, JSON.stringify({ sectorDso: 55, margin: '5%', firm: { name: 'Atelier Durand SARL' } }));
    // Recorded on 2026-10-31, the in-process runner's today.
    await arInProcess(['dispute', 'FA2026-00231', '--reason', 'missing delivery note', '--journal', journal]);
    await arInProcess(['promise', 'C036', '--until', '2026-11-20', '--amount', '5000', '--customer', 'C036', '--journal', journal]);
    browser = await offlineChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows the figures of ar forecast, ar aging and ar dso, fetches nothing, and prints on A4', async () => {
    const html = join(dir, 'report.html');
    const started = performance.now();
    const r = ar(['report', ...common, '--lang', 'en', '--html', html]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Report written: .*report\.html \(\d+ KB\)\n$/);
    expect(performance.now() - started).toBeLessThan(10_000);
    const forecast = JSON.parse(ar(['forecast', ...common, '--format', 'json']).stdout) as { currencies: { EUR: { weeks: { from: string; expected: string }[]; probableLoss: string } } };
    const aging = JSON.parse(ar(['aging', ...common, '--format', 'json']).stdout) as { currencies: { EUR: { total: string } } };
    const dso = JSON.parse(ar(['dso', ...common, '--format', 'json']).stdout) as { currencies: { EUR: { dso: number; countback: number; bestPossible: number } } };

    const page = await browser.context.newPage();
    const url = pathToFileURL(html).href;
    await page.goto(url);
    const seen = await page.evaluate(() => {
      // The page's own document (the tests are typed for Node, without the DOM's types).
      const document = (globalThis as { document?: unknown }).document as Dom;
      return {
        scripts: document.scripts.length,
        external: [...document.querySelectorAll('[src], [href], link, img, iframe, object, embed')].map((e) => e.outerHTML.slice(0, 80)),
        weeks: [...document.querySelectorAll('table.forecast tbody tr')].map((tr) => [tr.getAttribute('data-week'), tr.querySelector('td.num')!.textContent!]),
        total: document.querySelector('[data-figure="total"]')!.textContent!,
        dso: document.querySelector('[data-figure="dso"]')!.textContent!,
        countback: document.querySelector('[data-figure="countback"]')!.textContent!,
        best: document.querySelector('[data-figure="best"]')!.textContent!,
        probableLoss: document.querySelector('[data-figure="probable-loss"]')!.textContent!,
        charts: [...document.querySelectorAll('svg')].map((s) => ({
          role: s.getAttribute('role'),
          title: s.querySelector('title')?.textContent ?? '',
          shapes: s.querySelectorAll('rect, path').length,
          height: s.getBoundingClientRect().height,
        })),
        debtors: document.querySelectorAll('[id^="top-"] tbody tr').length,
        journal: document.querySelector('#journal')!.textContent!,
        // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out (innerText), which is what a reader sees
        text: document.body.innerText,
      };
    });
    // Nothing to run, nothing to fetch: only the file itself was requested.
    expect(seen.scripts).toBe(0);
    expect(seen.external).toEqual([]);
    expect(browser.requests.filter((u) => u !== url)).toEqual([]);
    // The figures are those of the JSON outputs.
    expect(seen.weeks.map(([w]) => w)).toEqual(Array.from({ length: 13 }, (_, i) => String(i + 1)));
    expect(seen.weeks.map(([, text]) => cents(text!))).toEqual(forecast.currencies.EUR.weeks.map((w) => cents(w.expected)));
    expect(cents(seen.probableLoss)).toBe(cents(forecast.currencies.EUR.probableLoss));
    expect(cents(seen.total)).toBe(cents(aging.currencies.EUR.total));
    // The report shows days with one decimal; the JSON gives two.
    const oneDecimal = (x: number) => Math.round(x * 10) / 10;
    expect(Number(seen.dso.replace(/[^\d.]/g, ''))).toBe(oneDecimal(dso.currencies.EUR.dso));
    expect(Number(seen.countback.replace(/[^\d.]/g, ''))).toBe(oneDecimal(dso.currencies.EUR.countback));
    expect(Number(seen.best.replace(/[^\d.]/g, ''))).toBe(oneDecimal(dso.currencies.EUR.bestPossible));
    // Three charts drawn, each an image with a title for screen readers; ten debtors; the journal.
    expect(seen.charts).toHaveLength(3);
    for (const c of seen.charts) {
      expect(c.role).toBe('img');
      expect(c.title).not.toBe('');
      expect(c.shapes).toBeGreaterThan(0);
      expect(c.height).toBeGreaterThan(100);
    }
    expect(seen.debtors).toBe(10);
    expect(seen.journal).toContain('FA2026-00231');
    expect(seen.journal).toContain('missing delivery note');
    expect(seen.journal).toContain('Quincaillerie Perrin SARL');
    expect(seen.text).toContain('Expected receipts (13 weeks)');

    mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: join(shots, 'report-desktop.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(shots, 'report-a4.png'), fullPage: true });
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(5);
    expect(statSync(join(shots, 'report-desktop.png')).size).toBeGreaterThan(10_000);
    expect(browser.requests.filter((u) => u !== url)).toEqual([]);
    await page.close();
  });

  it('writes the report in French', async () => {
    const html = join(dir, 'rapport.html');
    expect(ar(['report', ...common, '--lang', 'fr', '--html', html]).code).toBe(0);
    const page = await browser.context.newPage();
    await page.goto(pathToFileURL(html).href);
    // biome-ignore lint/performance/useDomNodeTextContent: the text as laid out, as a reader sees it
    const text = await page.evaluate(() => ((globalThis as { document?: unknown }).document as Dom).body.innerText);
    expect(text).toContain('Poste clients — Atelier Durand SARL');
    expect(text).toContain('Encaissements attendus (13 semaines)');
    expect(readFileSync(html, 'utf8')).toContain('<html lang="fr">');
    await page.close();
  });
});
