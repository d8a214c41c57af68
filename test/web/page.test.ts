// The web page in a real headless Chromium (Debian's /usr/bin/chromium driven
// by playwright-core) against a real server holding the seed example.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { seriousAxeViolations } from './axe.js';
import { CHROMIUM, CHROMIUM_ARGS, describeInChromium } from './browser.js';
import { startWebServer, type WebServer } from './server.js';

const MAX_NUMBERS = 5000; // small, so the 20,000-number paste goes out in 4 chunks
const ARTIFACTS = join(process.cwd(), 'test-artifacts');

describeInChromium('web page', () => {
  let server: WebServer;
  let context: BrowserContext;
  let profile: string;

  beforeAll(async () => {
    server = await startWebServer({ maxNumbers: MAX_NUMBERS });
    profile = mkdtempSync(join(tmpdir(), 'portcheck-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      acceptDownloads: true,
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await context?.close();
    await server?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  async function openPage(): Promise<Page> {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(msg.text());
    });
    (page as Page & { problems: string[] }).problems = problems;
    await page.goto(server.url);
    await page.locator('html.ready').waitFor();
    return page;
  }

  async function signIn(page: Page, accessKey = server.key.accessKey, secretKey = server.key.secretKey) {
    await page.getByLabel('Access key').fill(accessKey);
    await page.getByLabel('Secret').fill(secretKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function check(page: Page, text: string): Promise<void> {
    // As a paste does: one value change and one input event (fill() types 20,000 lines far too slowly).
    await page.getByLabel(/Paste numbers/).evaluate((el, value) => {
      (el as HTMLTextAreaElement).value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, text);
    await page.getByRole('button', { name: 'Check portability' }).click();
    await page.locator('#status', { hasText: /^Done:/ }).waitFor();
  }

  const tile = (page: Page, id: string) => page.locator(`#${id}`).textContent();

  it('refuses a wrong key with a clear message and stays on sign-in', async () => {
    const page = await openPage();
    await signIn(page, server.key.accessKey, 'not-the-secret');
    const message = page.locator('#signin-message');
    await message.waitFor();
    expect(await message.textContent()).toContain('not accepted');
    expect(await page.locator('#work').isHidden()).toBe(true);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });

  it('checks the seed example pasted in mixed formats, lists the unreadable token, exports CSV', async () => {
    const page = await openPage();
    await signIn(page);
    await page.locator('#numbers').waitFor({ state: 'visible' });
    expect(await page.evaluate(() => sessionStorage.getItem('portcheck.credentials'))).toContain(
      server.key.accessKey,
    );

    await check(page, '(206) 420-5780\n+1 844.420.5780, 1-555-234-8976\t206-CALL-NOW\n206.420.5780');

    expect(await tile(page, 'n-submitted')).toBe('3');
    expect(await tile(page, 'n-portable')).toBe('2');
    expect(await tile(page, 'n-nonportable')).toBe('1');
    expect(await tile(page, 'n-unreadable')).toBe('1');
    expect(await tile(page, 'n-orders')).toBe('2');
    expect(await page.locator('#summary-note').textContent()).toContain('1 repeated entry counted once');

    const cards = page.locator('article.card');
    expect(await cards.count()).toBe(2);
    const first = (await cards.nth(0).textContent()) ?? '';
    expect(first).toContain('Level3');
    expect(first).toContain('8824');
    expect(first).toContain('683G');
    expect(first).toContain('Local (long code)');
    expect(first).toContain('674');
    expect(first).toContain('12064205780');
    const second = (await cards.nth(1).textContent()) ?? '';
    expect(second).toContain('Centurylink');
    expect(second).toContain('LGT01');
    expect(second).toContain('FWR01');
    expect(second).toContain('Toll-free');
    expect(second).toContain('18444205780');

    const unassigned = page.locator('[data-reason="unassigned"]');
    expect(await unassigned.textContent()).toContain('15552348976');
    expect(await unassigned.textContent()).toContain('Not assigned to any carrier');
    expect(await page.locator('#unreadable').textContent()).toContain('206-CALL-NOW');

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-results.png'), fullPage: true });
    // The README's picture is refreshed on request only, so a test run never dirties the tree.
    if (process.env.UPDATE_SCREENSHOT === '1') {
      copyFileSync(join(ARTIFACTS, 'web-results.png'), join(process.cwd(), 'docs', 'screenshot.png'));
    }

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download all as CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^portcheck-\d{8}-\d{4}\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv).toEqual([
      'number,status,reason,detail,current_provider_id,current_provider_name,gaining_provider_id,gaining_provider_name,number_type,lata,input',
      '12064205780,portable,,,8824,Level3,683G,Flowroute,long-code,674,(206) 420-5780',
      '18444205780,portable,,,LGT01,Centurylink,FWR01,Flowroute,tollfree,,+1 844.420.5780',
      expect.stringMatching(/^15552348976,nonportable,unassigned,.*,,,,,,,1-555-234-8976$/),
      '206-CALL-NOW,unreadable,,Not a phone number the page could read.,,,,,,,206-CALL-NOW',
    ]);

    const [groupDownload] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('article.card').nth(1).getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(groupDownload.suggestedFilename()).toBe('port-order-LGT01-to-FWR01-tollfree.csv');
    const groupCsv = readFileSync(await groupDownload.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(groupCsv.slice(1)).toEqual([
      '18444205780,portable,,,LGT01,Centurylink,FWR01,Flowroute,tollfree,,+1 844.420.5780',
    ]);

    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('checks 20,000 pasted numbers in chunks and merges the groups', async () => {
    const page = await openPage();
    await signIn(page);
    await page.locator('#numbers').waitFor({ state: 'visible' });
    // 10,000 numbers in the seed's 206-420 exchange and 10,000 toll-free ones
    // of which only 844-420-5780 is working: 4 chunks of 5,000.
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      const line = String(i).padStart(4, '0');
      lines.push(`(206) 420-${line}`, `844-420-${line}`);
    }
    await check(page, lines.join('\n'));

    expect(await tile(page, 'n-submitted')).toBe('20,000');
    expect(await tile(page, 'n-portable')).toBe('10,001');
    expect(await tile(page, 'n-nonportable')).toBe('9,999');
    expect(await tile(page, 'n-unreadable')).toBe('0');
    expect(await tile(page, 'n-orders')).toBe('2');
    expect(await page.locator('#summary-note').textContent()).toContain('Sent as 4 requests');
    const cards = page.locator('article.card');
    expect(await cards.count()).toBe(2);
    expect(await cards.nth(0).locator('.card-count').textContent()).toBe('10,000 numbers');
    // Paged: only the first 200 of a big group are in the page until asked for more.
    expect(await cards.nth(0).locator('ul.numbers li').count()).toBe(200);
    await cards.nth(0).locator('summary').click();
    await cards.nth(0).getByRole('button', { name: 'Show 200 more' }).click();
    expect(await cards.nth(0).locator('ul.numbers li').count()).toBe(400);
    expect(await page.locator('[data-reason="unassigned"] .badge').textContent()).toBe('9,999 numbers');
    await page.close();
  });

  it('takes the chosen column of an uploaded CSV file, and fits a phone screen', async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    await page.getByText('Or take a column from a CSV file').click();
    await page.getByLabel('CSV file').setInputFiles({
      name: 'customers.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'name,phone,notes\r\nAcme,(206) 420-5780,main line\r\n"Doe, J",+1 844 420 5780,"toll, free"\r\n',
      ),
    });
    const column = page.getByLabel('Column with the numbers');
    await column.waitFor();
    // The header names the columns, and the one holding phone numbers is preselected.
    expect(await column.locator('option').allTextContents()).toEqual([
      'name (e.g. Acme)',
      'phone (e.g. (206) 420-5780)',
      'notes (e.g. main line)',
    ]);
    expect(await column.inputValue()).toBe('1');
    await page.getByRole('button', { name: 'Put this column in the list' }).click();
    expect(await page.locator('#numbers').inputValue()).toBe('(206) 420-5780\n+1 844 420 5780');
    await page.getByRole('button', { name: 'Check portability' }).click();
    await page.locator('#status', { hasText: /^Done:/ }).waitFor();
    expect(await tile(page, 'n-portable')).toBe('2');
    expect(await page.locator('article.card').count()).toBe(2);
    // Nothing wider than the screen: no sideways scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-phone.png'), fullPage: true });
    await page.close();
  });

  /** 60 numbers of one port order, 60 unassigned toll-free ones, two unreadable entries. */
  function longLists(): string {
    const lines: string[] = [];
    for (let i = 0; i < 60; i++) {
      const line = String(i).padStart(4, '0');
      lines.push(`(206) 420-${line}`, `844-420-${line}`);
    }
    lines.push('206-CALL-NOW', '1-800-FLOWERS');
    return lines.join('\n');
  }

  it('has no serious or critical axe-core violation signed out, signed in, and with results on a desktop and a phone', async () => {
    const page = await openPage();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await signIn(page);
    await page.locator('#numbers').waitFor({ state: 'visible' });
    expect(await seriousAxeViolations(page)).toEqual([]);

    await check(page, longLists());
    expect(await tile(page, 'n-orders')).toBe('1');
    // A card's list of more than 20 numbers starts folded: open it, as a user would, so it is audited too.
    await page.locator('article.card summary').click();
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    expect(await seriousAxeViolations(page)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Nothing is cut off: whatever overflows its box scrolls, and is a named tab stop a keyboard can scroll.
    const unreachable = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('body *'))
        .filter((el) => {
          const { overflowX, overflowY } = getComputedStyle(el);
          const clipped =
            (el.scrollHeight > el.clientHeight + 1 && overflowY !== 'visible') ||
            (el.scrollWidth > el.clientWidth + 1 && overflowX !== 'visible');
          return clipped && el.offsetParent !== null && !el.matches('textarea, select, .sr-only');
        })
        .filter((el) => el.tabIndex < 0 || !el.getAttribute('aria-label'))
        .map((el) => `${el.tagName.toLowerCase()}.${el.className}`),
    );
    expect(unreachable).toEqual([]);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'web-phone-lists.png'), fullPage: true });
    expect((page as Page & { problems: string[] }).problems).toEqual([]);
    await page.close();
  });

  it('lets Tab reach inside a long list, shows where the focus is, and scrolls the list by keyboard', async () => {
    const page = await openPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signIn(page);
    await page.locator('#numbers').waitFor({ state: 'visible' });
    await check(page, longLists());

    const list = page.locator('[data-reason="unassigned"] ul');
    expect(await list.getAttribute('aria-label')).toContain('Not assigned to any carrier');
    // From the button before it, Tab lands on the list itself (nothing in between is focusable).
    const reached = async () => list.evaluate((el) => el === document.activeElement);
    await page.getByRole('button', { name: 'Download all as CSV' }).focus();
    for (let i = 0; i < 40 && !(await reached()); i++) await page.keyboard.press('Tab');
    expect(await reached()).toBe(true);
    expect(await list.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');

    const scrollTop = () => list.evaluate((el) => el.scrollTop);
    expect(await scrollTop()).toBe(0);
    await page.keyboard.press('ArrowDown');
    await page.waitForFunction((el) => (el as HTMLElement).scrollTop > 0, await list.elementHandle());
    const afterArrow = await scrollTop();
    await page.keyboard.press('PageDown');
    await page.waitForFunction(([el, before]) => (el as HTMLElement).scrollTop > (before as number), [
      await list.elementHandle(),
      afterArrow,
    ] as const);
    await page.close();
  });

  it('checks the main number of an entry with an extension and lists the extension', async () => {
    const page = await openPage();
    await signIn(page);
    await page.locator('#numbers').waitFor({ state: 'visible' });
    await check(page, '206-420-5780 x123\n206 420 5780 ext. 12\n844-420-5780\nx77');

    expect(await tile(page, 'n-submitted')).toBe('2');
    expect(await tile(page, 'n-portable')).toBe('2');
    expect(await tile(page, 'n-unreadable')).toBe('1');
    const extensions = page.locator('#extensions');
    const text = (await extensions.textContent()) ?? '';
    expect(text).toContain('206-420-5780 x123');
    expect(text).toContain('206 420 5780 ext. 12');
    expect(text).toContain('12064205780');
    expect(await page.locator('#summary-note').textContent()).toContain('2 entries with an extension');
    expect(await page.locator('#unreadable').textContent()).toContain('x77');
    expect(await page.locator('#unreadable').textContent()).not.toContain('x123');
    await page.close();
  });

  it('sends the user back to sign-in when the key is revoked mid-session', async () => {
    const page = await openPage();
    await signIn(page);
    await page.locator('#numbers').waitFor({ state: 'visible' });
    await check(page, '2064205780');
    await server.store.keys.revoke(server.key.accessKey, new Date().toISOString());
    server.app.keyVerifier.invalidate();

    await page.getByLabel(/Paste numbers/).fill('2064205780\n8444205780');
    await page.getByRole('button', { name: 'Check portability' }).click();
    const message = page.locator('#signin-message');
    await message.waitFor();
    expect(await message.textContent()).toContain('session has ended');
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.close();
  });
});
