// A complete long-code order and a fixed clock for the order tests; each test changes what it needs.

import type { DecisionContext } from '../../../src/domain/orders/decision.js';
import { DEFAULT_ORDER_SETTINGS, type OrderSettings } from '../../../src/domain/orders/settings.js';
import type { Holiday, Order, OrderStatus } from '../../../src/domain/orders/types.js';
import { SEATTLE_ADDRESS } from '../../support/order-drafts.js';

/** Monday 2026-03-02, 10:00 in New York (EST, UTC-5). */
export const NOW = new Date('2026-03-02T15:00:00Z');
export const SETTINGS: OrderSettings = { ...DEFAULT_ORDER_SETTINGS };
export const HOLIDAYS: Holiday[] = [];

export function order(patch: Partial<Order> = {}): Order {
  const at = '2026-03-01T12:00:00.000Z';
  return {
    id: 'po_1',
    account: 'acme',
    groupId: 'grp_1',
    customerReference: 'ref-1',
    alias: null,
    version: 3,
    numberType: 'long-code',
    losingCarrier: { id: '8824', name: 'Level3' },
    resellers: [],
    gainingCarrier: { id: 'GAIN', name: 'Gaining' },
    lata: 674,
    portKind: 'non_simple',
    portKindOverridden: false,
    numbers: [
      { number: '12064205780', status: 'active', focDate: null, rejection: null },
      { number: '12064205781', status: 'active', focDate: null, rejection: null },
    ],
    endUser: {
      subscriberType: 'business',
      entityName: 'Acme Widgets',
      authorizedPerson: 'Jo Smith',
      accountNumber: 'ACCT-998877',
      pin: '4321',
      btn: '12064205780',
      serviceAddress: SEATTLE_ADDRESS,
    },
    portType: 'full',
    remainingNumbersAction: null,
    newBtn: null,
    targetResporg: null,
    // Monday 10:00, non-simple: 4 business days → Friday 2026-03-06 is the earliest.
    requestedFocDate: '2026-03-10',
    foc: null,
    focHistory: [],
    status: 'draft',
    reason: null,
    cancelFrom: null,
    cancelRequestedReason: null,
    cancelStage: null,
    cancelReason: null,
    pinRequired: false,
    pon: null,
    externalRef: null,
    splitFrom: null,
    focOverdueNotified: null,
    documents: [
      {
        id: 'doc_1',
        type: 'loa',
        filename: 'loa.pdf',
        contentType: 'application/pdf',
        size: 1000,
        sha256: 'ab'.repeat(32),
        uploadedAt: '2026-02-27T12:00:00.000Z',
      },
    ],
    createdAt: at,
    updatedAt: at,
    statusUpdatedAt: at,
    submittedAt: null,
    completedAt: null,
    ...patch,
  };
}

/** An order in `status` with what that state implies (a FOC once confirmed, the state before a cancel). */
export function orderIn(status: OrderStatus, patch: Partial<Order> = {}): Order {
  const base = order({ status });
  if (status === 'foc_confirmed' || status === 'supp_requested' || status === 'cancel_requested') {
    base.foc = { date: '2026-03-20', windowStart: null, windowEnd: null };
    base.numbers = base.numbers.map((n) => ({ ...n, status: 'foc_confirmed', focDate: '2026-03-20' }));
  }
  if (status === 'cancel_requested') base.cancelFrom = 'foc_confirmed';
  if (status === 'exception') {
    base.reason = { code: 'OTHER', detail: 'x', fields: [], numbers: base.numbers.map((n) => n.number) };
  }
  return { ...base, ...patch };
}

/** A re-check that finds every number where it was. */
export const unchanged = (o: Order) =>
  o.numbers.map((n) => ({
    number: n.number,
    portable: true as const,
    group: {
      numberType: o.numberType,
      losingCarrierId: o.losingCarrier.id,
      gainingCarrierId: o.gainingCarrier.id,
      lata: o.lata,
    },
  }));

export const context = (o: Order, patch: Partial<DecisionContext> = {}): DecisionContext => ({
  settings: SETTINGS,
  holidays: HOLIDAYS,
  recheck: unchanged(o),
  newOrderId: 'po_2',
  ...patch,
});
