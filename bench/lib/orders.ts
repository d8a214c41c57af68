// A draft port order for the bench rows that need orders in a store (13, 14, 15): one long-code
// number, a made-up end user, built by the domain as POST /v2/portorders would.
import { newDraftOrder } from '../../src/domain/orders/create.js';
import type { Carrier, EndUser, Order, OrderEventDraft } from '../../src/domain/orders/types.js';

export interface BenchOrderSpec {
  id: string;
  account: string;
  groupId: string;
  /** Canonical (11 digits). */
  number: string;
  at: Date;
  losingCarrier?: Carrier;
  /** Over a business end user with only its entity name set. */
  endUser?: Partial<EndUser>;
}

export function benchOrder(spec: BenchOrderSpec): { order: Order; events: OrderEventDraft[] } {
  return newDraftOrder(
    {
      id: spec.id,
      account: spec.account,
      groupId: spec.groupId,
      numberType: 'long-code',
      losingCarrier: spec.losingCarrier ?? { id: 'LOSE', name: 'Losing Co' },
      resellers: [],
      gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
      lata: 674,
      numbers: [spec.number],
      endUser: {
        subscriberType: 'business',
        entityName: 'Bench',
        authorizedPerson: null,
        accountNumber: null,
        pin: null,
        btn: null,
        serviceAddress: null,
        ...spec.endUser,
      },
      requestedFocDate: null,
      customerReference: null,
      alias: null,
    },
    spec.at,
  );
}
