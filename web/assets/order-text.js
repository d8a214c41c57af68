// The words the page uses for port-order states, actions, events and fields (docs/spec/orders.md).

export const STATUS_LABELS = {
  draft: 'Draft',
  in_review: 'In review',
  submitted: 'Submitted',
  exception: 'Exception',
  foc_confirmed: 'FOC confirmed',
  supp_requested: 'Supp requested',
  cancel_requested: 'Cancel requested',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

export const NUMBER_STATUS_LABELS = {
  active: 'Active',
  rejected: 'Rejected',
  foc_confirmed: 'FOC confirmed',
  ported: 'Ported',
  cancelled: 'Cancelled',
};

export const GROUP_STATUS_LABELS = {
  requires_action: 'Requires action',
  in_progress: 'In progress',
  completed: 'Completed',
  cancelled: 'Cancelled',
};

/** Button text and a one-line explanation of each action of §4. */
export const ACTIONS = {
  submit: { label: 'Submit for review', explain: 'Sends the order to the porting desk.' },
  'record-submission': {
    label: 'Record submission',
    explain: 'The order was sent to the losing carrier.',
  },
  reject: { label: 'Reject', explain: 'The desk or the losing carrier refused the order.' },
  'record-foc': { label: 'Record FOC', explain: 'The losing carrier confirmed a FOC date.' },
  'request-supp': { label: 'Request a new FOC date', explain: 'Sends a supplement asking for another date.' },
  complete: { label: 'Complete', explain: 'The numbers have ported.' },
  cancel: { label: 'Cancel order', explain: 'After submission this asks the desk to confirm.' },
  'confirm-cancel': { label: 'Confirm cancel', explain: 'The losing carrier confirmed the cancellation.' },
  'deny-cancel': { label: 'Deny cancel', explain: 'The order goes back to where it was.' },
  split: { label: 'Split order', explain: 'Moves some numbers to a new order.' },
};

export const TYPE_LABELS = { 'long-code': 'Local (long code)', wireless: 'Wireless', tollfree: 'Toll-free' };

export const CANCEL_REASON_LABELS = {
  user: 'by the customer',
  desk: 'by the desk',
  expired: 'draft expired',
  abandoned: 'exception abandoned',
  carrier: 'by the losing carrier',
};

const BLOCKER_TEXT = {
  required: 'Required before submitting.',
  not_allowed: 'Not allowed for this kind of order: clear it.',
  invalid_format: 'Not in the right form.',
  loa_required: 'Upload the signed letter of agency (LOA).',
  loa_too_old: 'Upload an LOA signed within the last 30 days.',
  foc_date_invalid_date: 'Not a date.',
  foc_date_not_business_day: 'Not a business day of the losing carrier: pick one of the allowed dates.',
  foc_date_too_early: 'Too early: pick one of the allowed dates.',
  foc_date_too_late: 'Too far away: pick one of the allowed dates.',
};
export const blockerText = (code) => BLOCKER_TEXT[code] ?? code;

export const statusLabel = (s) => STATUS_LABELS[s] ?? s;

/** One line for an event of the timeline (§7). */
export function eventText(e) {
  const d = e.data ?? {};
  switch (e.type) {
    case 'port_order.created':
      return 'Order created';
    case 'port_order.status_changed':
      return `${statusLabel(d.from)} → ${statusLabel(d.to)}${d.to === 'exception' && d.reason ? `: ${d.reason.code}` : ''}`;
    case 'port_order.foc_changed':
      return `FOC date ${d.old_date ?? 'none'} → ${d.new_date ?? 'none'}`;
    case 'port_order.numbers_changed':
      return `Numbers changed${d.added?.length ? `, added ${d.added.join(', ')}` : ''}${d.removed?.length ? `, removed ${d.removed.join(', ')}` : ''}`;
    case 'port_order.split':
      return d.moved_numbers?.length ? `Order split: ${d.moved_numbers.join(', ')} moved to` : 'Order split';
    case 'port_order.document_added':
      return d.document
        ? `Document added: ${d.document.type.toUpperCase()} ${d.document.filename}`
        : 'Document added';
    case 'port_order.foc_overdue':
      return 'FOC date passed without completion';
    case 'port_order.updated':
      return d.fields?.length ? `Edited: ${d.fields.join(', ')}` : 'Edited';
    default:
      return e.type;
  }
}
