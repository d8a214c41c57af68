// Driving the port-order views in headless Chromium (playwright-core): launching it, signing in
// with a key, going to a view and taking an order action the way a person would, shared by the
// page tests. A test file skips itself when Chromium is missing, and fails on CI instead.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import { describe, it } from 'vitest';

export const CHROMIUM = process.env.PORTCHECK_CHROMIUM || '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ON_CI = process.env.CI === 'true' || process.env.CI === '1';

/** How the tests start Chromium (its background networking would knock on this machine's closed network). */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * A suite of browser tests, titled `<what> in Chromium`: skipped with a warning where Chromium is
 * missing, and on CI a failure instead (registered only there, so a run with Chromium reports no
 * skipped test), since a skipped page test would let the page break unnoticed.
 */
export function describeInChromium(what: string, body: () => void): void {
  if (!HAVE_CHROMIUM && !ON_CI)
    console.warn(`${what} tests skipped: ${CHROMIUM} is missing (apt-get install chromium)`);
  if (!HAVE_CHROMIUM && ON_CI) {
    describe(`${what} in Chromium on CI`, () => {
      it('needs Chromium', () => {
        throw new Error(
          `${CHROMIUM} is missing: install it (apt-get install chromium) so the page is tested on CI`,
        );
      });
    });
  }
  describe.skipIf(!HAVE_CHROMIUM)(
    HAVE_CHROMIUM ? `${what} in Chromium` : `${what} in Chromium — SKIPPED: ${CHROMIUM} is missing`,
    body,
  );
}

export interface Key {
  accessKey: string;
  secretKey: string;
}

/** A page that collects its script errors and unexpected console errors. */
export type Tracked = Page & { problems: string[] };

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** One Chromium with a throwaway profile (mkdtemp), removed on close. */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'portcheck-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function signedIn(context: BrowserContext, url: string, key: Key, hash = ''): Promise<Tracked> {
  const page = (await context.newPage()) as Tracked;
  page.problems = [];
  // A step that never comes fails at that step, well inside the test's own timeout.
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (err) => page.problems.push(err.message));
  page.on('console', (msg) => {
    // A refused request is the test's own doing (412, 409, 422); anything else is a page error.
    if (msg.type() === 'error' && !/status of 4\d\d/.test(msg.text())) page.problems.push(msg.text());
  });
  await page.goto(`${url}/${hash}`);
  await page.locator('html.ready').waitFor();
  await page.getByLabel('Access key').fill(key.accessKey);
  await page.getByLabel('Secret').fill(key.secretKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#who').waitFor({ state: 'visible' });
  return page;
}

/** Goes to a view and waits until it is drawn. */
export async function go(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    location.hash = h;
  }, hash);
  await page.locator('#view[aria-busy="false"] #view-title').waitFor();
}

/** Reloads the current view (another key changed the order) and waits until it is drawn. */
export async function reload(page: Page): Promise<void> {
  await page.reload();
  await page.locator('#view[aria-busy="false"] #view-title').waitFor();
}

export const status = (page: Page) => page.locator('.order-state .status-badge').textContent();

/** Waits until the view is drawn again after a write (or shows the write's refusal). */
export async function redrawnAfter(page: Page, write: () => Promise<void>, what: string): Promise<void> {
  const shown = await page.locator('#view-title').elementHandle();
  await write();
  await page.waitForFunction(
    (el) => !el?.isConnected || !document.getElementById('order-error')?.hidden,
    shown,
  );
  const refusal = page.locator('#order-error:not([hidden])');
  if ((await refusal.count()) > 0) throw new Error(`${what} was refused: ${await refusal.textContent()}`);
  await page.locator('#view[aria-busy="false"] #order-notice').waitFor();
}

/** Takes an action: opens its form (when it has one), lets `fill` fill it, sends it, waits for the reload. */
export async function act(page: Page, name: string, fill?: (form: Locator) => Promise<void>): Promise<void> {
  const button = page.locator(`#actions [data-action="${name}"]`);
  await redrawnAfter(
    page,
    async () => {
      if ((await button.getAttribute('aria-controls')) === null) await button.click();
      else {
        // Its form may be open already (opened by keyboard); a second click would close it.
        if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
        const form = page.locator(`#act-${name}`);
        if (fill) await fill(form);
        await form.locator('button[type="submit"]').click();
      }
    },
    name,
  );
}

export async function actionsShown(page: Page): Promise<string[]> {
  return page
    .locator('#actions [data-action]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-action') ?? ''));
}

/** The timeline's lines, oldest first. */
export async function timeline(page: Page): Promise<string[]> {
  return page
    .locator('#timeline li')
    .evaluateAll((els) => els.map((e) => e.querySelector('span')?.textContent ?? ''));
}
