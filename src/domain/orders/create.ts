// A new draft order from one group of a check (docs/spec/orders.md §10). The caller makes the ids,
// resolves resellers and runs the check; the domain fixes what a fresh draft looks like.
import type { NumberType } from '../types.js';
import { orderEvent } from './events.js';
import type { Carrier, EndUser, Order, OrderEventDraft } from './types.js';

export interface DraftInput {
  id: string;
  account: string;
  groupId: string;
  numberType: NumberType;
  losingCarrier: Carrier;
  resellers: Carrier[];
  gainingCarrier: Carrier;
  lata: number | null;
  /** Canonical numbers of the group, in request order. */
  numbers: readonly string[];
  endUser: EndUser;
  requestedFocDate: string | null;
  customerReference: string | null;
  alias: string | null;
}

export function newDraftOrder(input: DraftInput, now: Date): { order: Order; events: OrderEventDraft[] } {
  const at = now.toISOString();
  const order: Order = {
    id: input.id,
    account: input.account,
    groupId: input.groupId,
    customerReference: input.customerReference,
    alias: input.alias,
    version: 1,
    numberType: input.numberType,
    losingCarrier: { ...input.losingCarrier },
    resellers: input.resellers.map((r) => ({ ...r })),
    gainingCarrier: { ...input.gainingCarrier },
    lata: input.numberType === 'tollfree' ? null : input.lata,
    portKind: input.numbers.length === 1 ? 'simple' : 'non_simple',
    portKindOverridden: false,
    numbers: input.numbers.map((number) => ({ number, status: 'active', focDate: null, rejection: null })),
    endUser: {
      ...input.endUser,
      serviceAddress: input.endUser.serviceAddress && { ...input.endUser.serviceAddress },
    },
    // A full port unless the customer says otherwise: the partial-port fields are then not needed.
    portType: input.numberType === 'tollfree' ? null : 'full',
    remainingNumbersAction: null,
    newBtn: null,
    targetResporg: null,
    requestedFocDate: input.requestedFocDate,
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
    documents: [],
    createdAt: at,
    updatedAt: at,
    statusUpdatedAt: at,
    submittedAt: null,
    completedAt: null,
  };
  return { order, events: [orderEvent('port_order.created', order, now)] };
}
