// An order as the API answers it (docs/spec/orders.md §2): built field by field from an explicit
// list, so `pin` (write-only) and the internal markers never reach a client.
import type { Order, OrderNumber } from '../../../domain/orders/types.js';
import type { OrderView } from '../../../orders/service.js';
import type { StoredEvent } from '../../../store/orders-store.js';

/** `/v2` or '' : links answer under the prefix the client used. */
export type Prefix = '' | '/v2';

export const orderPath = (prefix: Prefix, id: string) => `${prefix}/portorders/${encodeURIComponent(id)}`;

export function toResource(view: OrderView, prefix: Prefix) {
  const o = view.order;
  return {
    type: 'portorder' as const,
    id: o.id,
    attributes: { ...attributesHead(o), numbers: o.numbers.map(wireNumber), ...attributesTail(view) },
    links: { self: orderPath(prefix, o.id) },
  };
}

/**
 * toResource's JSON text, written without building an object per number: an order's numbers are
 * most of its size (10,000 in a large order, most of them plain active ones with nothing else to
 * say), and a create answers with all of them. The same members in the same order as toResource.
 */
export function resourceJson(view: OrderView, prefix: Prefix): string {
  const o = view.order;
  const head = JSON.stringify(attributesHead(o));
  const tail = JSON.stringify(attributesTail(view));
  return (
    `{"type":"portorder","id":${JSON.stringify(o.id)},"attributes":${head.slice(0, -1)},"numbers":${numbersJson(o.numbers)},${tail.slice(1)}` +
    `,"links":${JSON.stringify({ self: orderPath(prefix, o.id) })}}`
  );
}

/** The attributes before `numbers`. */
function attributesHead(o: Order) {
  return {
    account: o.account,
    group_id: o.groupId,
    customer_reference: o.customerReference,
    alias: o.alias,
    version: o.version,
    number_type: o.numberType,
    losing_carrier: { id: o.losingCarrier.id, name: o.losingCarrier.name },
    resellers: o.resellers.map((r) => ({ id: r.id, name: r.name })),
    gaining_carrier: { id: o.gainingCarrier.id, name: o.gainingCarrier.name },
    lata: o.lata,
    port_kind: o.portKind,
  };
}

const wireNumber = (n: OrderNumber) => ({
  number: n.number,
  status: n.status,
  foc_date: n.focDate,
  rejection: n.rejection ? { code: n.rejection.code, detail: n.rejection.detail } : null,
});

const DIGITS = /^\d+$/;

function numbersJson(numbers: readonly OrderNumber[]): string {
  let out = '[';
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i] as OrderNumber;
    if (i > 0) out += ',';
    out +=
      n.status === 'active' && n.focDate === null && n.rejection === null && DIGITS.test(n.number)
        ? `{"number":"${n.number}","status":"active","foc_date":null,"rejection":null}`
        : JSON.stringify(wireNumber(n));
  }
  return `${out}]`;
}

/** The attributes after `numbers`. */
function attributesTail({ order: o, blockers }: OrderView) {
  const eu = o.endUser;
  return {
    end_user: {
      subscriber_type: eu.subscriberType,
      entity_name: eu.entityName,
      authorized_person: eu.authorizedPerson,
      account_number: eu.accountNumber,
      pin_set: eu.pin !== null && eu.pin !== '',
      btn: eu.btn,
      service_address: eu.serviceAddress ? { ...eu.serviceAddress } : null,
    },
    port_type: o.portType,
    remaining_numbers_action: o.remainingNumbersAction,
    new_btn: o.newBtn,
    target_resporg: o.targetResporg,
    requested_foc_date: o.requestedFocDate,
    foc: foc(o.foc),
    foc_history: o.focHistory.map((h) => ({ ...foc(h)!, replaced_at: h.replacedAt })),
    status: o.status,
    reason: o.reason
      ? {
          code: o.reason.code,
          detail: o.reason.detail,
          fields: [...o.reason.fields],
          numbers: [...o.reason.numbers],
        }
      : null,
    cancel_stage: o.cancelStage,
    cancel_reason: o.cancelReason,
    pon: o.pon,
    external_ref: o.externalRef,
    split_from: o.splitFrom,
    blockers: blockers.map((b) => ({ code: b.code, field: b.field })),
    documents: o.documents.map((d) => ({
      id: d.id,
      type: d.type,
      filename: d.filename,
      content_type: d.contentType,
      size: d.size,
      sha256: d.sha256,
      uploaded_at: d.uploadedAt,
    })),
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    status_updated_at: o.statusUpdatedAt,
    submitted_at: o.submittedAt,
    completed_at: o.completedAt,
  };
}

function foc(f: Order['foc']) {
  return f ? { date: f.date, window_start: f.windowStart, window_end: f.windowEnd } : null;
}

/** The event's `data` is built by the domain from an explicit list (no pin, no account number). */
export const eventOut = (e: StoredEvent) => ({
  id: e.id,
  type: e.type,
  order_id: e.orderId,
  account: e.account,
  seq: e.seq,
  occurred_at: e.occurredAt,
  data: e.data,
});
