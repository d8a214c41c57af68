// docs/spec/orders.md §8: the letter of agency generated from an order, read back with pdf.js.
import { describe, expect, it } from 'vitest';
import type { Order } from '../../src/domain/orders/types.js';
import { formatNumber } from '../../src/orders/loa-content.js';
import { INLINE_NUMBERS, renderLoaPdf } from '../../src/orders/loa-pdf.js';
import { order } from '../domain/orders/fixtures.js';
import { readPdf } from '../support/pdf-text.js';

const NOW = new Date('2026-03-02T15:00:00Z');
const TZ = 'America/New_York';
const PIN = '975310';

/** NPA-NXX-XXXX, written here independently of the code under test. */
const dashed = (n: string) => `${n.slice(1, 4)}-${n.slice(4, 7)}-${n.slice(7)}`;

async function loa(o: Order) {
  const bytes = await renderLoaPdf(o, { now: NOW, timeZone: TZ });
  expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const pdf = await readPdf(bytes);
  const pageTexts = pdf.pages.map((p) => p.items.join('\n'));
  // `flow`: the text as one run, for sentences that wrap across lines.
  return { ...pdf, pageTexts, text: pageTexts.join('\n'), flow: pageTexts.join(' ').replace(/\s+/g, ' ') };
}

const withPin = (patch: Partial<Order> = {}): Order => {
  const o = order(patch);
  return { ...o, endUser: { ...o.endUser, pin: PIN } };
};

const manyNumbers = (count: number) =>
  Array.from({ length: count }, (_, i) => ({
    number: `1206420${String(1000 + i).padStart(4, '0')}`,
    status: 'active' as const,
    focDate: null,
    rejection: null,
  }));

describe('the LOA (§8)', () => {
  it('a small long-code order: one US Letter page with the parties, the numbers and a signature block', async () => {
    const o = withPin();
    const { pages, text, flow, title } = await loa(o);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ width: 612, height: 792 });
    expect(title).toContain(o.id);
    for (const n of o.numbers) expect(text).toContain(dashed(n.number));
    for (const s of [
      'Letter of Agency',
      'Date: March 2, 2026',
      'Acme Widgets',
      'Jo Smith',
      'Level3 (8824)',
      'Gaining (GAIN)',
      '206-420-5780', // the BTN
      'ACCT-998877', // the account number: carried, as LOAs do
      '1 Main St, Seattle, WA 98101, US',
      'Authorized signature',
      'Printed name',
      'Title',
      'Date',
      'Telephone numbers (2)',
      `Port order ${o.id} (ref-1)`,
    ]) {
      expect(text).toContain(s);
    }
    expect(flow).toMatch(
      /authorize Gaining and its agents to act on Acme Widgets's behalf to port the 2 telephone numbers/,
    );
    expect(text).toContain('Page 1 of 1');
    expect(text).not.toContain(PIN);
  });

  it('names the reseller beside the underlying losing carrier', async () => {
    const { text, flow } = await loa(withPin({ resellers: [{ id: 'RES1', name: 'Resold Telecom' }] }));
    expect(text).toContain('Resold Telecom (RES1)');
    expect(text).toContain('Level3 (8824)');
    expect(flow).toMatch(/from Level3 \(through Resold Telecom\)/);
  });

  it('a toll-free order shows the new RespOrg and no BTN', async () => {
    const o = order({
      numberType: 'tollfree',
      lata: null,
      targetResporg: 'ABC12',
      portType: null,
      numbers: [{ number: '18005550100', status: 'active', focDate: null, rejection: null }],
      endUser: { ...order().endUser, btn: null, accountNumber: null, pin: null, serviceAddress: null },
    });
    const { text, flow } = await loa(o);
    expect(text).toContain('New RespOrg');
    expect(text).toContain('ABC12');
    expect(text).toContain('800-555-0100');
    expect(text).not.toContain('BTN');
    expect(flow).toMatch(
      /change the Responsible Organization \(RespOrg\) of the telephone number listed in this letter to ABC12/,
    );
  });

  it('a partial port says what happens to the numbers that stay', async () => {
    const { text } = await loa(
      withPin({ portType: 'partial', remainingNumbersAction: 'keep', newBtn: '12064209999' }),
    );
    expect(text).toContain('keep, new BTN 206-420-9999');
  });

  it('500 numbers: the signature page, then an attachment over several pages holding every number once', async () => {
    const o = withPin({ numbers: manyNumbers(500), portKind: 'non_simple' });
    const { pages, pageTexts, text } = await loa(o);
    expect(pages.length).toBeGreaterThanOrEqual(3);
    for (const p of pages) expect(p).toMatchObject({ width: 612, height: 792 });
    // Page 1 is the letter to sign; it points at the attachment rather than listing the numbers.
    expect(pageTexts[0]).toContain('Authorized signature');
    expect(pageTexts[0]).toContain('All 500 numbers are listed in Attachment A');
    expect(pageTexts[1]).toContain('Attachment A: telephone numbers (500)');
    expect(pageTexts[2]).toContain('Attachment A: telephone numbers (500), continued');
    const listed = pages.slice(1).flatMap((p) => p.items.filter((s) => /^\d{3}-\d{3}-\d{4}$/.test(s)));
    // Each number exactly once, all on the attachment pages.
    expect(listed.sort()).toEqual(o.numbers.map((n) => dashed(n.number)).sort());
    pages.forEach((_, i) => {
      expect(pageTexts[i]).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(pageTexts[i]).toContain('Acme Widgets');
    });
    expect(text).not.toContain(PIN);
  });

  it('lists up to INLINE_NUMBERS numbers on the letter itself', async () => {
    const o = withPin({ numbers: manyNumbers(INLINE_NUMBERS) });
    const { pages, pageTexts } = await loa(o);
    expect(pages).toHaveLength(1);
    for (const n of o.numbers) expect(pageTexts[0]).toContain(dashed(n.number));
    const one = await loa(withPin({ numbers: manyNumbers(INLINE_NUMBERS + 1) }));
    expect(one.pages).toHaveLength(2);
    expect(one.pageTexts[0]).not.toContain(dashed(o.numbers[0].number));
  });

  it('text the standard fonts cannot encode is written as close as they can, never an error', async () => {
    const o = withPin();
    o.endUser = {
      ...o.endUser,
      entityName: 'Zoë Ünal Őrs 株式会社\nLine\ttwo',
      authorizedPerson: 'Łukasz Ŝ',
      serviceAddress: { ...o.endUser.serviceAddress!, street: `${'Very'.repeat(60)} Road` },
    };
    const { text } = await loa(o);
    expect(text).toContain('Zoë Ünal Ors ???? Line two');
    expect(text).toContain('?ukasz S');
    expect(text).toContain('VeryVery'); // a word wider than a line is cut, not dropped
  });

  it('formats canonical numbers and leaves anything else as it is', () => {
    expect(formatNumber('12064205780')).toBe('206-420-5780');
    expect(formatNumber('8005550100')).toBe('800-555-0100');
    expect(formatNumber('x123')).toBe('x123');
  });
});
