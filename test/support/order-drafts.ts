// Draft port orders for the store tests, made by the domain's newDraftOrder from one set of defaults.
import { type DraftInput, newDraftOrder } from '../../src/domain/orders/create.js';
import type { EndUser, Order, OrderEventDraft, ServiceAddress } from '../../src/domain/orders/types.js';

/** Any field of a draft but its id and numbers; `endUser` is merged over the default end user. */
export type DraftOverrides = Partial<Omit<DraftInput, 'id' | 'numbers' | 'endUser'>> & {
  endUser?: Partial<EndUser>;
};

/** The service address the order tests' end users share; frozen, as every fixture holds this one object. */
export const SEATTLE_ADDRESS: Readonly<ServiceAddress> = Object.freeze({
  street: '1 Main St',
  unit: null,
  city: 'Seattle',
  state: 'WA',
  zip: '98101',
  country: 'US',
});

const END_USER: EndUser = {
  subscriberType: 'business',
  entityName: 'Acme',
  authorizedPerson: 'Ann',
  accountNumber: null,
  pin: null,
  btn: null,
  serviceAddress: null,
};

/** A draft of `numbers` as the domain makes it, at `at` (one `port_order.created` event). */
export function testDraft(
  id: string,
  numbers: readonly string[],
  overrides: DraftOverrides = {},
  at: Date = new Date('2024-06-03T14:00:00Z'),
): { order: Order; events: OrderEventDraft[] } {
  const { endUser, ...rest } = overrides;
  return newDraftOrder(
    {
      account: 'acme',
      groupId: `grp_${id}`,
      numberType: 'long-code',
      losingCarrier: { id: 'LOSE', name: 'Losing Co' },
      resellers: [],
      gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
      lata: 674,
      requestedFocDate: null,
      customerReference: null,
      alias: null,
      ...given(rest),
      id,
      numbers,
      endUser: { ...END_USER, ...given(endUser ?? {}) },
    },
    at,
  );
}

/**
 * The overrides actually given: one left `undefined` keeps its default (no draft field takes
 * `undefined`), so wrappers can pass their own optional options straight through.
 */
function given<T extends object>(overrides: T): Partial<T> {
  return Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) as Partial<T>;
}
