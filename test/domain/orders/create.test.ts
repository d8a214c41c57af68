// §10 drafts, §6 FOC-date listing, §8 documents and the §9 group roll-up.
import { describe, expect, it } from 'vitest';
import { blockers } from '../../../src/domain/orders/blockers.js';
import { businessCalendar } from '../../../src/domain/orders/business-days.js';
import { newDraftOrder } from '../../../src/domain/orders/create.js';
import { decideAddDocument } from '../../../src/domain/orders/documents.js';
import { orderFocDates } from '../../../src/domain/orders/foc-dates.js';
import { groupRollup } from '../../../src/domain/orders/group-rollup.js';
import { NOW, order, orderIn, SETTINGS } from './fixtures.js';

const input = {
  id: 'po_9',
  account: 'acme',
  groupId: 'grp_9',
  numberType: 'long-code' as const,
  losingCarrier: { id: '8824', name: 'Level3' },
  resellers: [{ id: 'RES1', name: 'Reseller' }],
  gainingCarrier: { id: 'GAIN', name: 'Gaining' },
  lata: 674,
  numbers: ['12064205780'],
  endUser: order().endUser,
  requestedFocDate: null,
  customerReference: 'r',
  alias: null,
};

describe('a new draft (§10)', () => {
  it('is a version-1 draft of active numbers with a created event and no secret in it', () => {
    const { order: o, events } = newDraftOrder(input, NOW);
    expect(o).toMatchObject({
      status: 'draft',
      version: 1,
      portKind: 'simple',
      portType: 'full',
      splitFrom: null,
    });
    expect(o.numbers).toEqual([{ number: '12064205780', status: 'active', focDate: null, rejection: null }]);
    expect(events).toMatchObject([
      { type: 'port_order.created', orderId: 'po_9', data: { status: 'draft' } },
    ]);
    expect(JSON.stringify(events)).not.toContain('4321');
    expect(JSON.stringify(events)).not.toContain('ACCT-998877');
  });

  it('is non-simple for several numbers; toll-free has no LATA nor port type', () => {
    const many = newDraftOrder({ ...input, numbers: ['12064205780', '12064205781'] }, NOW).order;
    expect(many.portKind).toBe('non_simple');
    const tf = newDraftOrder({ ...input, numberType: 'tollfree', lata: 674 }, NOW).order;
    expect(tf).toMatchObject({ lata: null, portType: null });
  });

  it('lists what it still needs', () => {
    const { order: o } = newDraftOrder(input, NOW);
    expect(blockers(o, NOW, businessCalendar([], '8824'), SETTINGS)).toEqual([
      { code: 'loa_required', field: 'documents' },
      { code: 'required', field: 'requested_foc_date' },
    ]);
  });
});

describe('the FOC dates of an order (§6)', () => {
  it('uses the order lead and its losing carrier holidays', () => {
    const holidays = [{ date: '2026-03-03', carrierId: '8824', name: 'x' }];
    const simple = orderFocDates(order({ portKind: 'simple' }), NOW, holidays, SETTINGS);
    expect(simple).toMatchObject({ lead_business_days: 1, earliest: '2026-03-04', latest: '2026-04-01' });
    expect(simple.dates[0]).toBe('2026-03-04');
    const tf = orderFocDates(order({ numberType: 'tollfree' }), NOW, [], SETTINGS);
    expect(tf).toMatchObject({ lead_business_days: 2, earliest: '2026-03-04' });
  });
});

describe('documents (§8)', () => {
  const doc = { ...order().documents[0], id: 'doc_2', type: 'csr' as const };
  const customer = { role: 'customer' as const, account: 'acme' };

  it('any open order takes one, without moving its state', () => {
    const o = orderIn('exception');
    const got = decideAddDocument(o, doc, customer, NOW);
    expect(got).toMatchObject({
      ok: true,
      order: { status: 'exception', version: o.version + 1 },
      events: [{ type: 'port_order.document_added', data: { document: { id: 'doc_2', type: 'csr' } } }],
    });
    if (got.ok) expect(got.order.documents.map((d) => d.id)).toEqual(['doc_1', 'doc_2']);
  });

  it('a closed order takes none; another account does not see it', () => {
    expect(decideAddDocument(orderIn('completed'), doc, customer, NOW)).toMatchObject({
      code: 'invalid_transition',
    });
    expect(decideAddDocument(order({ account: 'b' }), doc, customer, NOW)).toMatchObject({
      code: 'not_found',
    });
  });
});

describe('group roll-up (§9)', () => {
  it.each([
    [['draft', 'completed'], 'requires_action'],
    [['exception', 'submitted'], 'requires_action'],
    [['in_review', 'completed'], 'in_progress'],
    [['cancel_requested'], 'in_progress'],
    [['completed', 'cancelled'], 'completed'],
    [['completed'], 'completed'],
    [['cancelled', 'cancelled'], 'cancelled'],
  ] as const)('%j → %s', (statuses, expected) => {
    expect(groupRollup(statuses)).toBe(expected);
  });
});
