import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Screenshots are kept as test artifacts here (under the git-ignored .local/). */
export const ARTIFACT_DIR = path.resolve(__dirname, '..', '..', '.local', 'artifacts', 'web');

/**
 * The flags keep Chromium from reaching for the network (closed on this machine), from which it
 * would otherwise stall at start; the sandbox is off because the tests may run as root.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PageSession {
  page: Page;
  /** Errors the page logged and uncaught exceptions: a clean page has none. */
  problems: string[];
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** Debian's Chromium (scripts/lib/ensure-prerequisites.sh installs it) with a fresh profile per session. */
export async function openPage(url: string): Promise<PageSession> {
  const profile = mkdtempSync(path.join(tmpdir(), 'kot-chromium-'));
  let context: BrowserContext | undefined;
  let browser: Browser | undefined;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
      timeout: 60_000,
    });
    browser = context.browser() ?? undefined;
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  const page = context.pages()[0] ?? (await context.newPage());
  const problems: string[] = [];
  // Chromium logs every non-2xx fetch ("Failed to load resource"); the page handles those answers itself.
  page.on('console', (message) => {
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource'))
      problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  await page.goto(url);
  mkdirSync(ARTIFACT_DIR, { recursive: true });
  return {
    page,
    problems,
    async screenshot(name) {
      const file = path.join(ARTIFACT_DIR, `${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await context?.close();
      await browser?.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
