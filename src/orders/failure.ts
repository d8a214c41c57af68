// Why the order service refused a request: the domain's refusals as they are, plus what only the
// service or the store can find (a stale version, a number in another open order, nothing portable).
// The HTTP layer maps each code onto the error catalogue in one place (http/routes/orders/failures.ts).
import type { Refusal, RefusalCode } from '../domain/orders/refusal.js';
import type { NonportableDetail } from '../domain/types.js';

export type OrderFailureCode =
  | RefusalCode
  | 'version_mismatch'
  | 'number_in_open_order'
  | 'duplicate_customer_reference'
  | 'nothing_portable'
  | 'not_ready';

export interface OrderFailureExtra extends Omit<Refusal, 'ok' | 'code' | 'detail'> {
  /** number_in_open_order: the open order holding the number, and the number. */
  orderId?: string;
  number?: string;
  /** version_mismatch: the order's version now (null when it is gone). */
  currentVersion?: number | null;
  /** nothing_portable: why each number is not portable. */
  nonportable?: NonportableDetail[];
}

export class OrderFailure extends Error {
  override readonly name = 'OrderFailure';

  constructor(
    readonly code: OrderFailureCode,
    /** For people; never holds a PIN, an account number, SQL or a path. */
    readonly detail: string,
    readonly extra: OrderFailureExtra = {},
  ) {
    super(`${code}: ${detail}`);
  }

  static of(refusal: Refusal): OrderFailure {
    const { ok: _ok, code, detail, ...extra } = refusal;
    return new OrderFailure(code, detail, extra);
  }
}
