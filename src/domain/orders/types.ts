// The port order of docs/spec/orders.md §2 as domain types. Attributes are camelCase here, like the
// domain's other records; the HTTP layer maps them to the API's snake_case attributes. Shapes that go
// out as they are (blockers, event data) are built in their wire form (snake_case) by the domain.
import type { NumberType } from '../types.js';
import type { ReasonCode } from './reason-codes.js';

export const ORDER_STATUSES = [
  'draft',
  'in_review',
  'submitted',
  'exception',
  'foc_confirmed',
  'supp_requested',
  'cancel_requested',
  'completed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const TERMINAL_STATUSES: readonly OrderStatus[] = ['completed', 'cancelled'];
export const isTerminal = (s: OrderStatus): boolean => TERMINAL_STATUSES.includes(s);

/** The states in which the order may be edited and its numbers changed (§4 "Editing"). */
export const EDITABLE_STATUSES: readonly OrderStatus[] = ['draft', 'exception'];

export const NUMBER_STATUSES = ['active', 'rejected', 'foc_confirmed', 'ported', 'cancelled'] as const;
export type NumberStatus = (typeof NUMBER_STATUSES)[number];

export const ROLES = ['customer', 'desk', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ACTION_NAMES = [
  'submit',
  'record-submission',
  'reject',
  'record-foc',
  'request-supp',
  'complete',
  'cancel',
  'confirm-cancel',
  'deny-cancel',
  'split',
] as const;
export type ActionName = (typeof ACTION_NAMES)[number];

export const CANCEL_REASONS = ['user', 'desk', 'expired', 'abandoned', 'carrier'] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

export const DOCUMENT_TYPES = ['loa', 'invoice', 'csr', 'other'] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Who asks: the API key's role and account. */
export interface Actor {
  role: Role;
  account: string;
}

export interface Carrier {
  id: string;
  name: string;
}

export interface ServiceAddress {
  street: string | null;
  unit: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  country: string | null;
}

export interface EndUser {
  subscriberType: 'business' | 'residential' | null;
  entityName: string | null;
  authorizedPerson: string | null;
  /** Sensitive: never in an event or a log (the store encrypts it). */
  accountNumber: string | null;
  /** Sensitive and write-only: never returned, logged or put in an event. */
  pin: string | null;
  btn: string | null;
  serviceAddress: ServiceAddress | null;
}

export interface OrderNumber {
  /** Canonical form (11 digits). */
  number: string;
  status: NumberStatus;
  /** `YYYY-MM-DD`, set when the number's FOC is confirmed. */
  focDate: string | null;
  rejection: { code: ReasonCode; detail: string } | null;
}

/** A number with nothing to say beyond its digits: active, no FOC date, no rejection (most of an order's). */
export const isPlainNumber = (n: OrderNumber): boolean =>
  n.status === 'active' && n.focDate === null && n.rejection === null;

/** `date` is `YYYY-MM-DD`; the window, when given, is local `HH:MM` times on that date. */
export interface Foc {
  date: string;
  windowStart: string | null;
  windowEnd: string | null;
}

export interface FocHistoryEntry {
  date: string;
  windowStart: string | null;
  windowEnd: string | null;
  /** ISO instant at which a new date replaced this one. */
  replacedAt: string;
}

export interface OrderReason {
  code: ReasonCode;
  detail: string;
  fields: string[];
  numbers: string[];
}

export interface OrderDocument {
  id: string;
  type: DocumentType;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  /** ISO instant. */
  uploadedAt: string;
  /**
   * `YYYY-MM-DD` the LOA was signed, when the uploader said; otherwise the upload date stands for
   * it (the customer signs the generated LOA and uploads it).
   */
  signedOn?: string | null;
}

export interface Order {
  id: string;
  account: string;
  groupId: string;
  customerReference: string | null;
  alias: string | null;
  version: number;
  numberType: NumberType;
  losingCarrier: Carrier;
  resellers: Carrier[];
  gainingCarrier: Carrier;
  lata: number | null;
  portKind: 'simple' | 'non_simple';
  /** True once the desk set `portKind`: number changes no longer recompute it. */
  portKindOverridden: boolean;
  numbers: OrderNumber[];
  endUser: EndUser;
  portType: 'full' | 'partial' | null;
  remainingNumbersAction: 'keep' | 'disconnect' | null;
  newBtn: string | null;
  targetResporg: string | null;
  requestedFocDate: string | null;
  foc: Foc | null;
  focHistory: FocHistoryEntry[];
  status: OrderStatus;
  reason: OrderReason | null;
  /** The state the order was in when a cancel was asked (the state `deny-cancel` returns to). */
  cancelFrom: OrderStatus | null;
  /** Who asked for the pending cancel: the reason `confirm-cancel` records by default. */
  cancelRequestedReason: CancelReason | null;
  cancelStage: OrderStatus | null;
  cancelReason: CancelReason | null;
  /**
   * Set when the losing carrier rejected for a missing PIN: from then on a long-code order needs one
   * (§6 "when the end user has one": this is how portcheck learns that it has).
   */
  pinRequired: boolean;
  pon: string | null;
  externalRef: string | null;
  splitFrom: string | null;
  /** The FOC date a `foc_overdue` event was sent for (once per date). */
  focOverdueNotified: string | null;
  documents: OrderDocument[];
  createdAt: string;
  updatedAt: string;
  statusUpdatedAt: string;
  submittedAt: string | null;
  completedAt: string | null;
}

/** A holiday of one carrier, or of every carrier when `carrierId` is null. */
export interface Holiday {
  date: string;
  carrierId: string | null;
  name: string;
}

/**
 * §7's event types, and one extension: `port_order.updated`, an edit of the order's fields (§7 says
 * every change is an event but names no type for an edit), with the names of the fields it set.
 */
export const EVENT_TYPES = [
  'port_order.created',
  'port_order.status_changed',
  'port_order.foc_changed',
  'port_order.numbers_changed',
  'port_order.split',
  'port_order.document_added',
  'port_order.foc_overdue',
  'port_order.updated',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * An event as the domain decides it; the store adds `id`, `seq` and `account` when it appends it in
 * the change's transaction. `data` is already in its wire form and never holds `pin` or
 * `account_number`.
 */
export interface OrderEventDraft {
  type: EventType;
  orderId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}
