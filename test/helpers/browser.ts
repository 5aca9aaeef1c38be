import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, which .ci/run installs when it is absent. */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags this machine needs, and none that would let the page reach a network. */
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * A headless Chromium with a fresh profile (its own --user-data-dir, removed by `close`), offline:
 * every request a page makes is recorded, and any request for something other than a file:// URL
 * is refused.
 */
export async function offlineChromium(): Promise<{ context: BrowserContext; requests: string[]; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), 'ar-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    offline: true,
    viewport: { width: 1280, height: 900 },
  });
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route('**/*', (route) => (route.request().url().startsWith('file://') ? route.continue() : route.abort()));
  return {
    context,
    requests,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
