// The one place where the order service's refusals (the domain's Refusal codes, and what the store
// found) become catalogue errors, with their particulars in `meta` (never a PIN or account number:
// the domain's refusals and the service's failures carry none).
import type { OrderFailure, OrderFailureCode } from '../../../orders/failure.js';
import { ApiError, type ErrorCode } from '../../errors/catalogue.js';

const CODE: Record<OrderFailureCode, ErrorCode> = {
  not_found: 'not_found',
  forbidden_action: 'forbidden_action',
  invalid_transition: 'invalid_transition',
  blockers_remain: 'blockers_remain',
  portability_changed: 'portability_changed',
  inside_lock_window: 'inside_lock_window',
  invalid_foc_date: 'invalid_foc_date',
  invalid_input: 'invalid_input',
  number_not_in_group: 'number_not_in_group',
  version_mismatch: 'version_mismatch',
  number_in_open_order: 'number_in_open_order',
  duplicate_customer_reference: 'duplicate_customer_reference',
  nothing_portable: 'nothing_portable',
  not_ready: 'not_ready',
};

const groupOut = (g: {
  numberType: string;
  losingCarrierId: string;
  gainingCarrierId: string;
  lata: number | null;
}) => ({
  number_type: g.numberType,
  losing_carrier_id: g.losingCarrierId,
  gaining_carrier_id: g.gainingCarrierId,
  lata: g.lata,
});

export function orderApiError(failure: OrderFailure): ApiError {
  const x = failure.extra;
  const meta: Record<string, unknown> = {};
  if (x.status !== undefined) meta.status = x.status;
  if (x.allowed !== undefined) meta.allowed = x.allowed;
  if (x.blockers !== undefined) meta.blockers = x.blockers;
  if (x.changes !== undefined) {
    meta.changes = x.changes.map((c) => ({
      number: c.number,
      old: { group: groupOut(c.old) },
      new:
        'group' in c.new ? { group: groupOut(c.new.group) } : { reason: c.new.reason, detail: c.new.detail },
    }));
  }
  if (x.numbers !== undefined) {
    meta.numbers = x.numbers.map((r) =>
      r.portable
        ? { number: r.number, group: groupOut(r.group) }
        : { number: r.number, reason: r.reason, detail: r.detail },
    );
  }
  if (x.orderId !== undefined) meta.order_id = x.orderId;
  if (x.number !== undefined) meta.number = x.number;
  if (x.currentVersion !== undefined) meta.current_version = x.currentVersion;
  if (x.nonportable !== undefined) meta.nonportable = x.nonportable;
  const headers: Record<string, string> = failure.code === 'not_ready' ? { 'retry-after': '1' } : {};
  return new ApiError(CODE[failure.code], failure.detail, {
    headers,
    ...(Object.keys(meta).length > 0 ? { meta } : {}),
  });
}
