// The port-order views of the web page in a real headless Chromium against a real server: orders
// created from a check, one order worked through every state by a customer key and a desk key,
// the cancel path, the timeline, the role's actions only, 412 shown as "changed meanwhile", an LOA
// uploaded and the generated one downloaded,
// axe-core on each view and a phone-width screenshot.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey } from '../../src/keys/api-keys.js';
import { seriousAxeViolations } from './axe.js';
import {
  act,
  actionsShown,
  type Browser,
  describeInChromium,
  go,
  type Key,
  launchBrowser,
  signedIn as signIn,
  status,
  type Tracked,
} from './browser.js';
import { startWebServer, type WebServer } from './server.js';

const ARTIFACTS = join(process.cwd(), 'test-artifacts');
const DESK_ACTIONS = [
  'record-submission',
  'reject',
  'record-foc',
  'complete',
  'confirm-cancel',
  'deny-cancel',
  'split',
];
const LOA_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

describeInChromium('port-order page', () => {
  let server: WebServer;
  let browser: Browser;
  let customer: Key;
  let desk: Key;

  beforeAll(async () => {
    server = await startWebServer({ maxNumbers: 1000 });
    customer = await createApiKey(server.store, 'Acme porting', { account: 'acme', role: 'customer' });
    desk = await createApiKey(server.store, 'Porting desk', { account: 'ops', role: 'desk' });
    server.app.keyVerifier.invalidate();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const signedIn = (key: Key, hash = ''): Promise<Tracked> => signIn(browser.context, server.url, key, hash);
  /** A customer key is never offered a desk action, whatever the state. */
  async function customerActions(page: Page): Promise<string[]> {
    const shown = await actionsShown(page);
    expect(shown.filter((a) => DESK_ACTIONS.includes(a))).toEqual([]);
    return shown;
  }

  async function noSeriousAxe(page: Page, where: string) {
    expect(await seriousAxeViolations(page), where).toEqual([]);
  }

  it('creates the orders of a check, works one through every state as customer and desk, and cancels another', async () => {
    const cust = await signedIn(customer);
    await cust.locator('#numbers').waitFor({ state: 'visible' });
    expect(await cust.locator('#who-key').textContent()).toContain('Acme porting (customer, account acme)');
    expect(await cust.locator('#nav-desk').isHidden()).toBe(true);

    // The check, then "Create these port orders" with one end-user form.
    await cust.getByLabel(/Paste numbers/).fill('206 420 5780\n206 420 5781\n844 420 5780\n555 234 8976');
    await cust.getByRole('button', { name: 'Check portability' }).click();
    await cust.locator('#status', { hasText: /^Done:/ }).waitFor();
    await cust.locator('#create-title').click();
    await noSeriousAxe(cust, 'check results with the create form');
    const create = cust.locator('#create-form');
    await create.getByLabel('Subscriber type').selectOption('business');
    await create.getByLabel('End user name (business or person)').fill('Acme Inc');
    await create.getByLabel('Authorized person').fill('Jane Doe');
    await create.getByLabel('Account number with the losing carrier').fill('ACCT-1');
    await create.getByLabel('Billing telephone number (BTN)').fill('2064205780');
    await create.getByLabel('Service address: ZIP code').fill('98101');
    await create.getByLabel('Your reference').fill('ACME-1');
    await create.getByRole('button', { name: 'Create these port orders' }).click();

    // The new group opens, with its two orders (long-code and toll-free) and its roll-up.
    await cust.locator('#view[aria-busy="false"] #view-title', { hasText: 'Port order group' }).waitFor();
    expect(cust.url()).toMatch(/#\/groups\/.+/);
    expect(await cust.locator('#view').textContent()).toContain('Requires action');
    const items = cust.locator('.order-item');
    expect(await items.count()).toBe(2);
    await noSeriousAxe(cust, 'group view');
    const longItem = items.filter({ hasText: 'Level3' });
    const longHref = (await longItem.locator('a').getAttribute('href')) ?? '';
    const tollfreeHref =
      (await items.filter({ hasText: 'Centurylink' }).locator('a').getAttribute('href')) ?? '';
    const orderId = decodeURIComponent(longHref.replace('#/orders/', ''));

    // The draft: what still blocks submit is marked at its field; a customer sees submit and cancel only.
    await longItem.locator('a').click();
    await cust.locator('#view[aria-busy="false"] #view-title', { hasText: 'Port order ACME-1' }).waitFor();
    expect(await status(cust)).toBe('Draft');
    expect(await customerActions(cust)).toEqual(['submit', 'cancel']);
    expect(await cust.locator('#view [data-field="requested_foc_date"] .field-msg').textContent()).toContain(
      'Required',
    );
    expect(await cust.locator('#documents > .field-msg').textContent()).toContain('letter of agency');
    await noSeriousAxe(cust, 'order view, draft');

    // The FOC date picker offers only the allowed dates.
    const picker = cust.locator('#f-requested-foc-date');
    const offered = await picker
      .locator('option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    const allowed = await server.orders.focDates({ role: 'desk', account: 'ops' }, orderId);
    expect(offered).toEqual(allowed.dates);
    await picker.selectOption(offered[2]);
    await cust.locator('#save-order').click();
    await cust.locator('#order-notice', { hasText: 'Saved.' }).waitFor();
    expect(await cust.locator('#view [data-field="requested_foc_date"] .field-msg').isHidden()).toBe(true);

    // The signed LOA is uploaded through the page; the generated one and the upload download again.
    await cust.locator('#doc-type').selectOption('loa');
    await cust
      .locator('#doc-file')
      .setInputFiles({ name: 'signed-loa.pdf', mimeType: 'application/pdf', buffer: LOA_BYTES });
    await cust.getByRole('button', { name: 'Upload' }).click();
    await cust.locator('#order-notice', { hasText: 'Uploaded signed-loa.pdf.' }).waitFor();
    expect(await cust.locator('#documents [data-document="loa"]').textContent()).toContain('signed-loa.pdf');
    expect(await cust.locator('#documents > .field-msg').isHidden()).toBe(true);
    expect(await cust.locator('#blockers').count()).toBe(0);
    const [loa] = await Promise.all([cust.waitForEvent('download'), cust.locator('#download-loa').click()]);
    expect(loa.suggestedFilename()).toBe(`loa-${orderId}.pdf`);
    expect(
      readFileSync(await loa.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    const [uploaded] = await Promise.all([
      cust.waitForEvent('download'),
      cust.locator('#documents [data-document="loa"] button').click(),
    ]);
    expect(uploaded.suggestedFilename()).toBe('signed-loa.pdf');
    expect(readFileSync(await uploaded.path())).toEqual(LOA_BYTES);

    // Meanwhile another key edits the order: the page's version is stale, so submit gets 412 and
    // the page says so and reloads.
    await server.orders.edit({ role: 'customer', account: 'acme' }, orderId, { alias: 'edited elsewhere' });
    await act(cust, 'submit');
    expect(await cust.locator('#order-notice').textContent()).toContain('changed meanwhile — reloaded');
    expect(await status(cust)).toBe('Draft');
    await act(cust, 'submit');
    expect(await status(cust)).toBe('In review');
    expect(await customerActions(cust)).toEqual(['cancel']);

    // The desk finds it in its queue, records the submission and rejects it.
    const dsk = await signedIn(desk, '#/desk');
    await dsk.locator('#view[aria-busy="false"] #view-title', { hasText: 'Needs action' }).waitFor();
    expect(await dsk.locator('#desk-review-section').textContent()).toContain('ACME-1');
    await noSeriousAxe(dsk, 'desk view');
    await dsk.locator('#desk-review-section a', { hasText: 'ACME-1' }).click();
    await dsk.locator('#view[aria-busy="false"] #view-title', { hasText: 'ACME-1' }).waitFor();
    expect(await actionsShown(dsk)).toEqual(['record-submission', 'reject', 'cancel', 'split']);
    await act(dsk, 'record-submission', async (form) => {
      await form.getByLabel('PON (optional)').fill('PON-77');
    });
    expect(await status(dsk)).toBe('Submitted');
    // Keyboard only: the reject form opens from its button with Enter and takes the focus.
    await dsk.locator('#actions [data-action="reject"]').focus();
    await dsk.keyboard.press('Enter');
    expect(await dsk.evaluate(() => document.activeElement?.id)).toBe('act-reject-code');
    await noSeriousAxe(dsk, 'order view, reject form open');
    await act(dsk, 'reject', async (form) => {
      await form.getByLabel('Reason code').selectOption('ACCOUNT_NUMBER_MISMATCH');
      await form
        .getByLabel('What the losing carrier or the desk said')
        .fill('Account number does not match the bill.');
    });
    expect(await status(dsk)).toBe('Exception');

    // The customer sees the reason code, its fix-it sentence at the account number field, and fixes it.
    await cust.reload();
    await cust.locator('#view[aria-busy="false"] #view-title').waitFor();
    expect(await status(cust)).toBe('Exception');
    const codes = await server.orders.reasonCodes();
    const fix = codes.find((c) => c.code === 'ACCOUNT_NUMBER_MISMATCH')?.fix ?? '';
    expect(fix).not.toBe('');
    expect(await cust.locator('#reason').textContent()).toContain('ACCOUNT_NUMBER_MISMATCH');
    expect(await cust.locator('#reason').textContent()).toContain(fix);
    const accountMsg = cust.locator('#view [data-field="end_user.account_number"] .field-msg');
    expect(await accountMsg.textContent()).toContain(fix);
    expect(await cust.locator('#f-end-user-account-number').getAttribute('aria-invalid')).toBe('true');
    expect(await customerActions(cust)).toEqual(['submit', 'cancel']);
    await noSeriousAxe(cust, 'order view, exception');
    await cust.locator('#f-end-user-account-number').fill('ACCT-2');
    await cust.locator('#save-order').click();
    await cust.locator('#order-notice', { hasText: 'Saved.' }).waitFor();
    expect(await status(cust)).toBe('Draft');
    await act(cust, 'submit');
    expect(await status(cust)).toBe('In review');

    // The desk sends it again, records the FOC and completes it.
    await go(dsk, '#/desk');
    await go(dsk, `#/orders/${encodeURIComponent(orderId)}`);
    await act(dsk, 'record-submission');
    expect(await status(dsk)).toBe('Submitted');
    await act(dsk, 'record-foc');
    expect(await status(dsk)).toBe('FOC confirmed');
    expect(await dsk.locator('#order-numbers').textContent()).toContain(offered[2]);

    // Once its FOC date has passed (the browser's clock moved past it), the desk's queue lists it as overdue.
    await go(dsk, '#/desk');
    expect(await dsk.locator('#desk-overdue-section .order-item').count()).toBe(0);
    await dsk.clock.setFixedTime(new Date(Date.parse(`${offered[2]}T12:00:00`) + 2 * 86_400_000));
    await go(dsk, `#/orders/${encodeURIComponent(orderId)}`);
    await go(dsk, '#/desk');
    expect(await dsk.locator('#desk-overdue-section').textContent()).toContain('ACME-1');
    await go(dsk, `#/orders/${encodeURIComponent(orderId)}`);

    // The customer may ask for another date now: request-supp and cancel, nothing of the desk's.
    await cust.reload();
    await cust.locator('#view[aria-busy="false"] #view-title').waitFor();
    expect(await customerActions(cust)).toEqual(['request-supp', 'cancel']);

    await dsk.reload();
    await dsk.locator('#view[aria-busy="false"] #view-title').waitFor();
    await act(dsk, 'complete');
    expect(await status(dsk)).toBe('Completed');
    expect(await actionsShown(dsk)).toEqual([]);

    // The timeline shows every step.
    const steps = await dsk
      .locator('#timeline li')
      .evaluateAll((els) => els.map((e) => e.querySelector('span')?.textContent ?? ''));
    expect(steps[0]).toBe('Order created');
    expect(steps.filter((s) => s.includes('→') && !s.startsWith('FOC date'))).toEqual([
      'Draft → In review',
      'In review → Submitted',
      'Submitted → Exception: ACCOUNT_NUMBER_MISMATCH',
      'Exception → Draft',
      'Draft → In review',
      'In review → Submitted',
      'Submitted → FOC confirmed',
      'FOC confirmed → Completed',
    ]);
    expect(steps).toContain('Document added: LOA signed-loa.pdf');
    expect(steps).toContain(`FOC date none → ${offered[2]}`);
    // The fix of the account number is an edit: named in the timeline, its value nowhere there.
    const edit = steps.find((s) => s.startsWith('Edited:') && s.includes('end_user.account_number'));
    expect(edit).toBeDefined();
    expect(steps.join('\n')).not.toContain('ACCT-2');

    // The cancel path: the toll-free order of the group, cancelled by the customer from draft.
    await go(cust, tollfreeHref);
    expect(await customerActions(cust)).toEqual(['submit', 'cancel']);
    await act(cust, 'cancel');
    expect(await status(cust)).toBe('Cancelled');
    expect(await customerActions(cust)).toEqual([]);
    expect(await cust.locator('#timeline').textContent()).toContain('Draft → Cancelled');

    // The list with a filter, as the customer: the completed order only.
    await go(cust, '#/orders?status=completed');
    expect(await cust.locator('.order-item').count()).toBe(1);
    expect(await cust.locator('.order-item').textContent()).toContain('ACME-1');
    await noSeriousAxe(cust, 'orders list');

    expect(cust.problems).toEqual([]);
    expect(dsk.problems).toEqual([]);
    await cust.close();
    await dsk.close();
  }, 120_000);

  it('pages through the list by links.next, filters by account for the desk, and fits a phone', async () => {
    // 23 orders of one number each, made through the API's service for speed.
    const acme = { role: 'customer' as const, account: 'paging' };
    for (let i = 0; i < 23; i++) {
      await server.orders.createFromNumbers(acme, {
        numbers: [`1206420${String(6000 + i)}`],
        endUser: {
          subscriberType: null,
          entityName: null,
          authorizedPerson: null,
          accountNumber: null,
          pin: null,
          btn: null,
          serviceAddress: null,
        },
        requestedFocDate: null,
        customerReference: `PG-${i}`,
        alias: null,
      });
    }
    const dsk = await signedIn(desk, '#/orders?account=paging');
    await dsk.locator('#view[aria-busy="false"] #view-title', { hasText: 'Port orders' }).waitFor();
    expect(await dsk.locator('#filter-account').inputValue()).toBe('paging');
    expect(await dsk.locator('.order-item').count()).toBe(20);
    await dsk.locator('#next-page').click();
    await dsk.locator('#list-title', { hasText: 'a later page' }).waitFor();
    await dsk.locator('#view[aria-busy="false"]').waitFor();
    expect(await dsk.locator('.order-item').count()).toBe(3);
    expect(await dsk.locator('#next-page').count()).toBe(0);

    // The filter form: a customer reference, by keyboard (Enter submits).
    await dsk.locator('#filter-customer_reference').fill('PG-7');
    await dsk.locator('#filter-customer_reference').press('Enter');
    await dsk.locator('#view[aria-busy="false"] .order-item', { hasText: 'PG-7' }).waitFor();
    expect(await dsk.locator('.order-item').count()).toBe(1);

    await dsk.setViewportSize({ width: 390, height: 844 });
    await dsk.locator('.order-item a').click();
    await dsk.locator('#view[aria-busy="false"] #view-title', { hasText: 'PG-7' }).waitFor();
    expect(await dsk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    // Only sections at the top of the view: no stray text (a null written out as "null").
    expect(
      await dsk.locator('#view').evaluate((el) => Array.from(el.childNodes, (n) => n.nodeName)),
    ).not.toContain('#text');
    await noSeriousAxe(dsk, 'order view on a phone');
    mkdirSync(ARTIFACTS, { recursive: true });
    await dsk.screenshot({ path: join(ARTIFACTS, 'orders-phone.png'), fullPage: true });
    expect(dsk.problems).toEqual([]);
    await dsk.close();
  });
});
