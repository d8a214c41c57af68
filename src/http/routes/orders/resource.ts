// An order as the API answers it (docs/spec/orders.md §2): built field by field from an explicit
// list, so `pin` (write-only) and the internal markers never reach a client.
import { isPlainNumber, type Order, type OrderNumber } from '../../../domain/orders/types.js';
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
 * The JSON of orders' resources (toResource's members in the same order), as one UTF-8 buffer between
 * `open` and `close`, written without an object or a string per number: an order's numbers are most
 * of its size (10,000 in a large one, most of them plain active numbers with nothing else to say), and
 * a create answers with all of them. A plain number is a fixed 74-byte text with its 11 digits put in.
 */
export function resourcesJson(
  views: readonly OrderView[],
  prefix: Prefix,
  open: string,
  close: string,
): Buffer {
  try {
    return writeResources(views, prefix, open, close);
  } catch (err) {
    if (!(err instanceof NotDigits)) throw err;
    // Orders hold canonical numbers; should one not be, every number goes through JSON.stringify.
    return Buffer.from(`${open}${views.map((v) => JSON.stringify(toResource(v, prefix))).join(',')}${close}`);
  }
}

/** A number taken for plain held something other than digits (resourcesJson's slow path then). */
class NotDigits extends Error {}

function writeResources(views: readonly OrderView[], prefix: Prefix, open: string, close: string): Buffer {
  const parts = views.map((view) => {
    const o = view.order;
    const head = JSON.stringify(attributesHead(o));
    const tail = JSON.stringify(attributesTail(view));
    return {
      before: `{"type":"portorder","id":${JSON.stringify(o.id)},"attributes":${head.slice(0, -1)},"numbers":[`,
      numbers: o.numbers,
      other: otherNumbers(o.numbers),
      after: `],${tail.slice(1)},"links":${JSON.stringify({ self: orderPath(prefix, o.id) })}}`,
    };
  });
  let size = Buffer.byteLength(open) + Buffer.byteLength(close) + Math.max(0, parts.length - 1);
  for (const p of parts) {
    size += Buffer.byteLength(p.before) + Buffer.byteLength(p.after) + Math.max(0, p.numbers.length - 1);
    size += (p.numbers.length - (p.other?.size ?? 0)) * PLAIN.length;
    if (p.other) for (const text of p.other.values()) size += Buffer.byteLength(text);
  }
  const out = Buffer.allocUnsafe(size);
  let at = out.write(open, 0);
  parts.forEach((p, i) => {
    if (i > 0) out[at++] = COMMA;
    at += out.write(p.before, at);
    const count = p.numbers.length;
    let k = 0;
    while (k < count) {
      const text = p.other?.get(k);
      if (text !== undefined) {
        at += out.write(text, at);
        if (++k < count) out[at++] = COMMA;
        continue;
      }
      // A stretch of plain numbers: the template and its comma repeated in one fill, then the digits.
      let end = k + 1;
      if (p.other === null) end = count;
      else while (end < count && !p.other.has(end)) end++;
      const stretch = end - k;
      out.fill(PLAIN_COMMA, at, at + stretch * PLAIN_COMMA.length);
      for (; k < end; k++) {
        // Checked as written: a character that is not a digit would need escaping, or break the text.
        const digits = p.numbers[k].number;
        for (let d = 0; d < DIGIT_COUNT; d++) {
          const c = digits.charCodeAt(d);
          if (c < DIGIT_0 || c > DIGIT_9) throw new NotDigits();
          out[at + DIGITS_AT + d] = c;
        }
        at += PLAIN_COMMA.length;
      }
      if (k === count) at--; // no comma after the last number
    }
    at += out.write(p.after, at);
  });
  at += out.write(close, at);
  if (at !== size) throw new Error(`order resources: wrote ${at} bytes of ${size}`);
  return out;
}

/** The JSON of each number that is not plain, by its index; null when all are (most orders). */
function otherNumbers(numbers: readonly OrderNumber[]): Map<number, string> | null {
  let other: Map<number, string> | null = null;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i] as OrderNumber;
    if (isPlain(n)) continue;
    other ??= new Map();
    other.set(i, JSON.stringify(wireNumber(n)));
  }
  return other;
}

const COMMA = 0x2c;
const DIGIT_COUNT = 11;
const PLAIN_HEAD = '{"number":"';
const DIGITS_AT = PLAIN_HEAD.length;
const PLAIN_TEXT = `${PLAIN_HEAD}${'0'.repeat(DIGIT_COUNT)}","status":"active","foc_date":null,"rejection":null}`;
const PLAIN = Buffer.from(PLAIN_TEXT);
const PLAIN_COMMA = Buffer.from(`${PLAIN_TEXT},`);
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/**
 * A number with nothing to say but its eleven characters, written as PLAIN; that they are digits is
 * checked as they are written (NotDigits).
 */
const isPlain = (n: OrderNumber): boolean => isPlainNumber(n) && n.number.length === DIGIT_COUNT;

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
