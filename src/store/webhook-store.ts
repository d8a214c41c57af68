// The persistence of webhook endpoints and deliveries (docs/spec/orders.md §7). Deliveries are the
// outbox: each adapter writes one delivery per matching enabled endpoint in the same transaction as
// the event (OrderStore.create/update), so a crash between a change and its delivery loses nothing.
// Delivery workers in any number of processes claim due deliveries with a lease: a delivery is
// attempted by one worker at a time, and one that dies mid-attempt leaves it to another once the
// lease runs out. test/store/webhooks-suite.ts is the contract every adapter runs.

export interface WebhookEndpoint {
  /** `we_…` */
  id: string;
  url: string;
  /** The event types sent; empty means every type. */
  eventTypes: string[];
  /** Only this account's events, or every account's when null. */
  account: string | null;
  /** Signing secrets (`whsec_…`): the current one first, then the previous one while a rotation lasts. */
  secrets: string[];
  /** ISO instant at which the previous secret stops signing, when a rotation is under way. */
  previousSecretExpiresAt: string | null;
  enabled: boolean;
  /** Why it was disabled (`gone`: the receiver answered 410; `admin`), when it is. */
  disabledReason: string | null;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookDelivery {
  /** `dlv_…` */
  id: string;
  endpointId: string;
  /** The event's id: the `webhook-id` of every attempt. */
  eventId: string;
  eventType: string;
  account: string;
  status: DeliveryStatus;
  /** Every attempt ever made, for the record. */
  attempts: number;
  /** Attempts since it was last queued (created, redelivered or replayed): what the retry schedule counts. */
  roundAttempts: number;
  /** ISO instant of the next attempt while pending. */
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  createdAt: string;
}

/** A claimed delivery with what an attempt needs. */
export interface ClaimedDelivery {
  delivery: WebhookDelivery;
  /** The JSON body to send (`{type, timestamp, data}` without the timestamp: the worker adds it). */
  event: {
    id: string;
    type: string;
    orderId: string;
    account: string;
    seq: number;
    occurredAt: string;
    data: Record<string, unknown>;
  };
}

export interface AttemptRecord {
  deliveryId: string;
  /** The lease this attempt was made under: an attempt whose lease was lost is not recorded. */
  leaseToken: string;
  at: string;
  status: number | null;
  error: string | null;
  outcome: 'delivered' | 'retry' | 'failed' | 'gone';
  /** With outcome `retry`: when to try again. */
  nextAttemptAt?: string | null;
}

export interface ReplayFilter {
  since?: string;
  until?: string;
  status?: DeliveryStatus;
}

export interface WebhookStore {
  createEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** Writes an endpoint's changed fields (url, types, account, secrets, enabled…). */
  updateEndpoint(endpoint: WebhookEndpoint): Promise<void>;
  /** Removes it and its deliveries; false when there is no such endpoint. */
  deleteEndpoint(id: string): Promise<boolean>;
  endpoint(id: string): Promise<WebhookEndpoint | null>;
  endpoints(): Promise<WebhookEndpoint[]>;

  /**
   * Claims up to `limit` due pending deliveries of one endpoint (next attempt at or before `now`,
   * no live lease) under a new lease of `leaseMs`, oldest first. Each is held by this caller alone
   * until recordAttempt or the lease's end.
   */
  claimDue(
    endpointId: string,
    now: string,
    limit: number,
    leaseMs: number,
  ): Promise<{ token: string; deliveries: ClaimedDelivery[] }>;

  /**
   * Records an attempt: delivered, retry at `nextAttemptAt`, failed (dead-lettered), or gone (the
   * delivery fails and the endpoint is disabled). Ignored when the lease is no longer this one's.
   */
  recordAttempt(record: AttemptRecord): Promise<void>;

  delivery(id: string): Promise<WebhookDelivery | null>;
  deliveries(filter: {
    endpointId?: string;
    eventId?: string;
    status?: DeliveryStatus;
    limit: number;
  }): Promise<WebhookDelivery[]>;

  /**
   * Sends a delivery again (same webhook-id): pending, due now, a new round of the retry schedule,
   * its attempts kept for the record. False when there is no such delivery, or it is being attempted
   * right now (a live lease).
   */
  redeliver(id: string, now: string): Promise<boolean>;
  /**
   * Sends again (as redeliver) every delivery of an endpoint created (the event's instant) in
   * [since, until) with the given status, except those being attempted right now; returns how many.
   */
  replay(endpointId: string, filter: ReplayFilter, now: string): Promise<number>;
}
