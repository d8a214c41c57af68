// What `submit` still needs (docs/spec/orders.md §6), as `[{code, field}]` with the API's attribute
// paths, so that a client can point at the very field. Pure: the caller passes the clock's `now`.
import {
  type BusinessCalendar,
  daysBetween,
  focDateProblem,
  leadBusinessDays,
  localDate,
} from './business-days.js';
import type { OrderSettings } from './settings.js';
import type { Order } from './types.js';

export const BLOCKER_CODES = [
  'required',
  /** Set although the number type does not take it (toll-free: `btn`, the partial-port fields). */
  'not_allowed',
  'invalid_format',
  'loa_required',
  /** Toll-free: no LOA signed within the last 30 days. */
  'loa_too_old',
  'foc_date_invalid_date',
  'foc_date_not_business_day',
  'foc_date_too_early',
  'foc_date_too_late',
] as const;
export type BlockerCode = (typeof BLOCKER_CODES)[number];

export interface Blocker {
  code: BlockerCode;
  field: string;
}

export const TARGET_RESPORG_RE = /^[A-Z]{2}[A-Z0-9][0-9]{2}$/;

const blank = (v: string | null | undefined): boolean => v === null || v === undefined || v.trim() === '';

export function blockers(order: Order, now: Date, cal: BusinessCalendar, settings: OrderSettings): Blocker[] {
  const out: Blocker[] = [];
  const need = (value: string | null | undefined, field: string) => {
    if (blank(value)) out.push({ code: 'required', field });
  };
  const refuse = (value: string | null | undefined, field: string) => {
    if (!blank(value)) out.push({ code: 'not_allowed', field });
  };
  const eu = order.endUser;
  const tollfree = order.numberType === 'tollfree';

  need(eu.entityName, 'end_user.entity_name');
  need(eu.subscriberType, 'end_user.subscriber_type');
  need(eu.authorizedPerson, 'end_user.authorized_person');

  if (tollfree) {
    refuse(eu.btn, 'end_user.btn');
    if (order.portType === 'partial') out.push({ code: 'not_allowed', field: 'port_type' });
    refuse(order.remainingNumbersAction, 'remaining_numbers_action');
    refuse(order.newBtn, 'new_btn');
    if (blank(order.targetResporg)) out.push({ code: 'required', field: 'target_resporg' });
    else if (!TARGET_RESPORG_RE.test(order.targetResporg!)) {
      out.push({ code: 'invalid_format', field: 'target_resporg' });
    }
  } else {
    need(eu.serviceAddress?.zip, 'end_user.service_address.zip');
    need(eu.accountNumber, 'end_user.account_number');
    // Long-code: a PIN only "when the end user has one"; portcheck learns that it has from a
    // PIN_REQUIRED rejection (Order.pinRequired). Wireless accounts always have one.
    if (order.numberType === 'wireless' || order.pinRequired) need(eu.pin, 'end_user.pin');
    need(eu.btn, 'end_user.btn');
    if (order.portType === 'partial') {
      need(order.remainingNumbersAction, 'remaining_numbers_action');
      // The numbers that stay need a billing number of their own; a disconnected rest does not.
      if (order.remainingNumbersAction !== 'disconnect') need(order.newBtn, 'new_btn');
    }
  }

  if (order.numberType !== 'wireless') {
    const loas = order.documents.filter((d) => d.type === 'loa');
    if (loas.length === 0) out.push({ code: 'loa_required', field: 'documents' });
    else if (tollfree) {
      const today = localDate(now, settings.timeZone);
      const fresh = loas.some((d) => {
        const signed = d.signedOn ?? localDate(new Date(d.uploadedAt), settings.timeZone);
        return daysBetween(signed, today) <= settings.loaMaxAgeDays;
      });
      if (!fresh) out.push({ code: 'loa_too_old', field: 'documents' });
    }
  }

  if (blank(order.requestedFocDate)) out.push({ code: 'required', field: 'requested_foc_date' });
  else {
    const lead = leadBusinessDays(order.numberType, order.portKind);
    const problem = focDateProblem(order.requestedFocDate!, now, cal, lead, settings);
    if (problem) out.push({ code: `foc_date_${problem}`, field: 'requested_foc_date' });
  }
  return out;
}
