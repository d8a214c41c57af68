// The port-order page's remaining paths in a real headless Chromium against a real server: a
// supplement asked for from submitted and from foc_confirmed (the date picked from the allowed
// ones) and answered by the desk; a cancel asked for after submission, denied, asked again and
// confirmed; an order's numbers added and removed, with the refusals shown at the field; a desk
// split leaving both orders open; an action reached and taken with the keyboard alone; axe-core on
// the new states and forms, and a phone's width. The orders are made ready through the service; every
// step of the path is taken through the page.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Actor } from '../../src/domain/orders/types.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { seriousAxeViolations } from './axe.js';
import {
  act,
  actionsShown,
  type Browser,
  describeInChromium,
  type Key,
  launchBrowser,
  redrawnAfter,
  reload,
  signedIn,
  status,
  type Tracked,
  timeline,
} from './browser.js';
import { startWebServer, type WebServer } from './server.js';

const LOA_BYTES = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const ACME: Actor = { role: 'customer', account: 'acme' };

describeInChromium('port-order paths', () => {
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

  const open = (key: Key, id: string): Promise<Tracked> =>
    signedIn(browser.context, server.url, key, `#/orders/${encodeURIComponent(id)}`).then(async (page) => {
      await page.locator('#view[aria-busy="false"] #view-title', { hasText: 'Port order' }).waitFor();
      return page;
    });

  /** A long-code draft of account acme; with `ready`, nothing blocks its submit. */
  async function draft(numbers: string[], reference: string, ready: boolean): Promise<string> {
    const made = await server.orders.createFromNumbers(ACME, {
      numbers,
      endUser: {
        subscriberType: 'business',
        entityName: 'Acme Inc',
        authorizedPerson: 'Jane Doe',
        accountNumber: 'ACCT-1',
        pin: null,
        btn: '2064205780',
        serviceAddress: {
          street: '1 Pike St',
          unit: null,
          city: 'Seattle',
          state: 'WA',
          zip: '98101',
          country: 'US',
        },
      },
      requestedFocDate: null,
      customerReference: reference,
      alias: null,
    });
    const id = made.orders[0]!.order.id;
    if (ready) {
      const { dates } = await server.orders.focDates(ACME, id);
      await server.orders.edit(ACME, id, { portType: 'full', requestedFocDate: dates[3]! });
      await server.orders.addDocument(
        ACME,
        id,
        { type: 'loa', filename: 'loa.pdf', contentType: 'application/pdf' },
        LOA_BYTES,
      );
      const view = await server.orders.getView(ACME, id);
      expect(view.blockers).toEqual([]);
    }
    return id;
  }

  async function noSeriousAxe(page: Page, where: string) {
    expect(await seriousAxeViolations(page), where).toEqual([]);
  }

  /** Presses Tab (nothing else) until the focus is on `selector`; fails when it is never reached. */
  async function tabTo(page: Page, selector: string): Promise<void> {
    for (let i = 0; i < 150; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    }
    throw new Error(`${selector} is not reachable with Tab`);
  }

  const textOf = (page: Page, selector: string) => page.locator(selector).textContent();

  it('asks for a new FOC date from submitted and from FOC confirmed, and cancels after submission: denied, then confirmed', async () => {
    const id = await draft(['12064205790', '12064205791'], 'SUPP-1', true);
    const allowed = (await server.orders.focDates(ACME, id)).dates;

    const cust = await open(customer, id);
    await act(cust, 'submit');
    expect(await status(cust)).toBe('In review');
    const dsk = await open(desk, id);
    await act(dsk, 'record-submission');
    expect(await status(dsk)).toBe('Submitted');

    // From submitted: the customer picks the new date among the allowed ones only.
    await reload(cust);
    expect(await actionsShown(cust)).toEqual(['request-supp', 'cancel']);
    await cust.locator('#actions [data-action="request-supp"]').click();
    const offered = await cust
      .locator('#act-request-supp-date option')
      .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(offered).toEqual(allowed);
    await noSeriousAxe(cust, 'order view, request-supp form open');
    await act(cust, 'request-supp', async (form) => {
      await form.getByLabel('New requested FOC date').selectOption(allowed[5]!);
    });
    expect(await status(cust)).toBe('Supp requested');
    expect(await actionsShown(cust)).toEqual(['cancel']);
    expect(await textOf(cust, '.order-facts-list')).toContain(allowed[5]!);
    await noSeriousAxe(cust, 'order view, supp requested');

    // The desk answers with a FOC date: the form proposes the date the supplement asked for.
    await reload(dsk);
    expect(await status(dsk)).toBe('Supp requested');
    expect(await actionsShown(dsk)).toEqual(['reject', 'record-foc', 'cancel', 'split']);
    await dsk.locator('#actions [data-action="record-foc"]').click();
    expect(await dsk.locator('#act-record-foc-date').inputValue()).toBe(allowed[5]);
    await noSeriousAxe(dsk, 'order view, record-foc form open');
    await act(dsk, 'record-foc');
    expect(await status(dsk)).toBe('FOC confirmed');

    // From FOC confirmed, by keyboard alone: Tab to the action, Enter opens its form with the
    // focus on the date, arrows pick the date, Tab to the form's button, Enter sends it.
    await reload(cust);
    expect(await actionsShown(cust)).toEqual(['request-supp', 'cancel']);
    await tabTo(cust, '#actions [data-action="request-supp"]');
    await cust.keyboard.press('Enter');
    expect(await cust.evaluate(() => document.activeElement?.id)).toBe('act-request-supp-date');
    for (let i = 0; i < 6; i++) await cust.keyboard.press('ArrowDown');
    expect(await cust.locator('#act-request-supp-date').inputValue()).toBe(allowed[6]);
    await redrawnAfter(
      cust,
      async () => {
        await tabTo(cust, '#act-request-supp button[type="submit"]');
        await cust.keyboard.press('Enter');
      },
      'request-supp by keyboard',
    );
    expect(await status(cust)).toBe('Supp requested');
    // The notice takes the focus, so a screen reader hears the outcome.
    expect(await cust.evaluate(() => document.activeElement?.id)).toBe('order-notice');

    // The form proposes the date this supplement asked for, not the FOC confirmed before.
    await reload(dsk);
    await dsk.locator('#actions [data-action="record-foc"]').click();
    expect(await dsk.locator('#act-record-foc-date').inputValue()).toBe(allowed[6]);
    await act(dsk, 'record-foc');
    expect(await status(dsk)).toBe('FOC confirmed');
    expect(await textOf(dsk, '#order-numbers')).toContain(allowed[6]!);

    // Cancel after submission waits for the desk; the desk denies it (by keyboard) and the order
    // returns to FOC confirmed.
    await reload(cust);
    await cust.locator('#actions [data-action="cancel"]').click();
    expect(await textOf(cust, '#act-cancel')).toContain('The losing carrier must confirm');
    await act(cust, 'cancel');
    expect(await status(cust)).toBe('Cancel requested');
    expect(await actionsShown(cust)).toEqual([]);
    await noSeriousAxe(cust, 'order view, cancel requested (customer)');

    await reload(dsk);
    expect(await status(dsk)).toBe('Cancel requested');
    expect(await actionsShown(dsk)).toEqual(['confirm-cancel', 'deny-cancel', 'split']);
    await noSeriousAxe(dsk, 'order view, cancel requested (desk)');
    await redrawnAfter(
      dsk,
      async () => {
        await tabTo(dsk, '#actions [data-action="deny-cancel"]');
        await dsk.keyboard.press('Enter');
      },
      'deny-cancel by keyboard',
    );
    expect(await status(dsk)).toBe('FOC confirmed');

    // Asked again, and confirmed this time: cancelled, showing the state it was cancelled from.
    await reload(cust);
    await act(cust, 'cancel');
    expect(await status(cust)).toBe('Cancel requested');
    await reload(dsk);
    await act(dsk, 'confirm-cancel');
    expect(await status(dsk)).toBe('Cancelled');
    expect(await actionsShown(dsk)).toEqual([]);
    // cancel_stage is the state the cancel was asked from, not cancel_requested.
    expect(await textOf(dsk, '.order-facts-list')).toContain('by the customer (from FOC confirmed)');
    await noSeriousAxe(dsk, 'order view, cancelled');

    // The timeline shows each step.
    const steps = await timeline(dsk);
    expect(steps.filter((s) => s.includes('→') && !s.startsWith('FOC date'))).toEqual([
      'Draft → In review',
      'In review → Submitted',
      'Submitted → Supp requested',
      'Supp requested → FOC confirmed',
      'FOC confirmed → Supp requested',
      'Supp requested → FOC confirmed',
      'FOC confirmed → Cancel requested',
      'Cancel requested → FOC confirmed',
      'FOC confirmed → Cancel requested',
      'Cancel requested → Cancelled',
    ]);
    expect(steps).toContain(`FOC date none → ${allowed[5]}`);
    expect(steps).toContain(`FOC date ${allowed[5]} → ${allowed[6]}`);

    expect(cust.problems).toEqual([]);
    expect(dsk.problems).toEqual([]);
    await cust.close();
    await dsk.close();
  }, 120_000);

  it("adds and removes an order's numbers with refusals at the field, and the desk splits it into two open orders", async () => {
    const id = await draft(['12064205800', '12064205801', '12064205802'], 'NUM-1', false);
    const other = await draft(['12064205810'], 'NUM-2', false);

    const cust = await open(customer, id);
    const add = cust.locator('#numbers-add');
    const msg = cust.locator('#numbers-add-msg');
    await noSeriousAxe(cust, 'order view, numbers form');

    // A toll-free number (another group) and an unassigned one: 422, each named with where it falls.
    await add.fill('844 420 5780\n555 234 8976');
    await cust.locator('#change-numbers').click();
    await msg.waitFor({ state: 'visible' });
    expect(await msg.textContent()).toContain('18444205780: belongs to another group');
    expect(await msg.textContent()).toContain('15552348976: not portable (unassigned)');
    expect(await add.getAttribute('aria-invalid')).toBe('true');
    expect(await cust.evaluate(() => document.activeElement?.id)).toBe('numbers-add');
    expect(await cust.locator('#order-error').isHidden()).toBe(true);
    await noSeriousAxe(cust, 'order view, numbers refused');

    // A number in another open order: 409, naming (and linking) that order.
    await add.fill('206 420 5810');
    await cust.locator('#change-numbers').click();
    await msg.locator('a').waitFor();
    expect(await msg.textContent()).toContain('12064205810 is already in another open order');
    expect(await msg.locator('a').getAttribute('href')).toBe(`#/orders/${encodeURIComponent(other)}`);

    // One added, one removed.
    await add.fill('206-420-5803');
    await cust.locator('#numbers-remove').getByLabel('12064205800').check();
    await redrawnAfter(cust, () => cust.locator('#change-numbers').click(), 'the numbers change');
    expect(await textOf(cust, '#order-notice')).toContain('added 12064205803, removed 12064205800');
    const listed = await cust.locator('#order-numbers tbody td.num').allTextContents();
    expect(listed).toEqual(['12064205801', '12064205802', '12064205803']);
    expect(await timeline(cust)).toContain('Numbers changed, added 12064205803, removed 12064205800');

    // Made ready, submitted; the desk splits one number off into a new order.
    const { dates } = await server.orders.focDates(ACME, id);
    await server.orders.edit(ACME, id, { portType: 'full', requestedFocDate: dates[3]! });
    await server.orders.addDocument(
      ACME,
      id,
      { type: 'loa', filename: 'loa.pdf', contentType: 'application/pdf' },
      LOA_BYTES,
    );
    await reload(cust);
    await act(cust, 'submit');
    expect(await status(cust)).toBe('In review');
    // Outside draft and exception the numbers are not editable.
    expect(await cust.locator('#numbers-form').count()).toBe(0);

    const dsk = await open(desk, id);
    await dsk.setViewportSize({ width: 390, height: 844 });
    await dsk.locator('#actions [data-action="split"]').click();
    await noSeriousAxe(dsk, 'order view, split form open');
    expect(await dsk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await act(dsk, 'split', async (form) => {
      await form.getByLabel('12064205803').check();
    });
    expect(await status(dsk)).toBe('In review');
    expect(await textOf(dsk, '#order-notice')).toMatch(/12064205803 moved to the new order po_/);
    expect(await dsk.locator('#order-numbers tbody td.num').allTextContents()).toEqual([
      '12064205801',
      '12064205802',
    ]);
    const splitLine = dsk.locator('#timeline li[data-event="port_order.split"]');
    expect(await splitLine.textContent()).toContain('Order split: 12064205803 moved to');
    expect(await dsk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // The new order, from the timeline's link: a draft with the moved number, split from the first.
    await splitLine.locator('a').click();
    await dsk.locator('#view[aria-busy="false"] #view-title', { hasText: /Port order po_/ }).waitFor();
    expect(await status(dsk)).toBe('Draft');
    expect(await dsk.locator('#order-numbers tbody td.num').allTextContents()).toEqual(['12064205803']);
    expect(await dsk.locator('.order-facts-list a', { hasText: id }).getAttribute('href')).toBe(
      `#/orders/${encodeURIComponent(id)}`,
    );
    await noSeriousAxe(dsk, 'split-off order on a phone');
    expect(await dsk.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // Both stay open.
    const newId = decodeURIComponent(dsk.url().replace(/^.*#\/orders\//, ''));
    expect((await server.orders.get(ACME, id)).status).toBe('in_review');
    const created = await server.orders.get(ACME, newId);
    expect([created.status, created.splitFrom]).toEqual(['draft', id]);

    expect(cust.problems).toEqual([]);
    expect(dsk.problems).toEqual([]);
    await cust.close();
    await dsk.close();
  }, 120_000);
});
