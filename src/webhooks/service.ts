// The webhook application service (docs/spec/orders.md §7): endpoints (admin only), their secrets
// (returned once, at creation and at each rotation), deliveries, redelivery and replay. The HTTP routes
// and the CLI both call it; the clock is injected. Delivery itself is the worker's (worker.ts).
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { mayManageWebhooks } from '../domain/orders/roles.js';
import { type Actor, EVENT_TYPES } from '../domain/orders/types.js';
import type {
  DeliveryStatus,
  ReplayFilter,
  WebhookDelivery,
  WebhookEndpoint,
  WebhookStore,
} from '../store/webhook-store.js';
import type { AddressGuard } from './address-guard.js';
import { WebhookFailure } from './failure.js';
import { newWebhookSecret } from './signature.js';

export const DEFAULT_ROTATION_OVERLAP_MS = 24 * 3600 * 1000;
export const MAX_URL_LENGTH = 2000;

export interface WebhookServiceDeps {
  store: WebhookStore;
  guard: AddressGuard;
  /** How long the previous secret keeps signing after a rotation (24 h by default). */
  rotationOverlapMs?: number;
  clock?: () => Date;
  /** Called when deliveries were queued (redeliver, replay): wakes the delivery worker. */
  onQueued?: () => void;
}

export interface EndpointInput {
  url: string;
  eventTypes?: readonly string[];
  account?: string | null;
  description?: string | null;
}

export interface EndpointPatch {
  url?: string;
  eventTypes?: readonly string[];
  account?: string | null;
  description?: string | null;
  /** Re-enables an endpoint a 410 disabled, or disables one by hand. */
  enabled?: boolean;
}

/** An endpoint with its secret: only the answer to a creation or a rotation. */
export interface EndpointWithSecret {
  endpoint: WebhookEndpoint;
  secret: string;
}

/** The local operator of the CLI: an admin of every account. */
export const OPERATOR: Actor = { role: 'admin', account: 'default' };

export class WebhookService {
  private readonly store: WebhookStore;
  private readonly clock: () => Date;

  constructor(private readonly deps: WebhookServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock ?? (() => new Date());
  }

  async add(actor: Actor, input: EndpointInput): Promise<EndpointWithSecret> {
    this.allowed(actor);
    const now = this.clock().toISOString();
    const secret = newWebhookSecret();
    const endpoint: WebhookEndpoint = {
      id: `we_${randomBytes(12).toString('hex')}`,
      url: this.checkedUrl(input.url),
      eventTypes: checkedTypes(input.eventTypes ?? []),
      account: checkedAccount(input.account ?? null),
      secrets: [secret],
      previousSecretExpiresAt: null,
      enabled: true,
      disabledReason: null,
      description: checkedDescription(input.description ?? null),
      createdAt: now,
      updatedAt: now,
    };
    await this.store.createEndpoint(endpoint);
    return { endpoint, secret };
  }

  async list(actor: Actor): Promise<WebhookEndpoint[]> {
    this.allowed(actor);
    return this.store.endpoints();
  }

  async get(actor: Actor, id: string): Promise<WebhookEndpoint> {
    this.allowed(actor);
    const endpoint = await this.store.endpoint(id);
    if (!endpoint) throw new WebhookFailure('not_found', 'No such webhook endpoint.');
    return endpoint;
  }

  async update(actor: Actor, id: string, patch: EndpointPatch): Promise<WebhookEndpoint> {
    const current = await this.get(actor, id);
    const next: WebhookEndpoint = {
      ...current,
      ...(patch.url !== undefined ? { url: this.checkedUrl(patch.url) } : {}),
      ...(patch.eventTypes !== undefined ? { eventTypes: checkedTypes(patch.eventTypes) } : {}),
      ...(patch.account !== undefined ? { account: checkedAccount(patch.account) } : {}),
      ...(patch.description !== undefined ? { description: checkedDescription(patch.description) } : {}),
      ...(patch.enabled !== undefined
        ? { enabled: patch.enabled, disabledReason: patch.enabled ? null : 'admin' }
        : {}),
      updatedAt: this.clock().toISOString(),
    };
    await this.store.updateEndpoint(next);
    if (next.enabled && !current.enabled) this.deps.onQueued?.();
    return next;
  }

  async remove(actor: Actor, id: string): Promise<void> {
    this.allowed(actor);
    if (!(await this.store.deleteEndpoint(id))) {
      throw new WebhookFailure('not_found', 'No such webhook endpoint.');
    }
  }

  /** A new secret, returned once; the previous one keeps signing for the overlap. */
  async rotate(actor: Actor, id: string): Promise<EndpointWithSecret> {
    const current = await this.get(actor, id);
    const now = this.clock();
    const secret = newWebhookSecret();
    const overlap = this.deps.rotationOverlapMs ?? DEFAULT_ROTATION_OVERLAP_MS;
    const endpoint: WebhookEndpoint = {
      ...current,
      secrets: [secret, current.secrets[0] as string],
      previousSecretExpiresAt: new Date(now.getTime() + overlap).toISOString(),
      updatedAt: now.toISOString(),
    };
    await this.store.updateEndpoint(endpoint);
    return { endpoint, secret };
  }

  async deliveries(
    actor: Actor,
    filter: { endpointId?: string; status?: DeliveryStatus; limit: number },
  ): Promise<WebhookDelivery[]> {
    this.allowed(actor);
    return this.store.deliveries(filter);
  }

  /** Sends a delivery again with the same webhook-id. */
  async redeliver(actor: Actor, id: string): Promise<WebhookDelivery> {
    this.allowed(actor);
    const delivery = await this.store.delivery(id);
    if (!delivery) throw new WebhookFailure('not_found', 'No such webhook delivery.');
    // False only while an attempt holds it: that attempt is the sending asked for.
    await this.store.redeliver(id, this.clock().toISOString());
    this.deps.onQueued?.();
    return (await this.store.delivery(id)) ?? delivery;
  }

  /** Sends again an endpoint's deliveries of events in [since, until) with the status; how many. */
  async replay(actor: Actor, endpointId: string, filter: ReplayFilter): Promise<number> {
    await this.get(actor, endpointId);
    if (filter.since !== undefined && filter.until !== undefined && filter.since >= filter.until) {
      throw new WebhookFailure('invalid_input', 'since must be before until.');
    }
    const count = await this.store.replay(endpointId, filter, this.clock().toISOString());
    if (count > 0) this.deps.onQueued?.();
    return count;
  }

  private allowed(actor: Actor): void {
    if (!mayManageWebhooks(actor)) {
      throw new WebhookFailure('forbidden_action', 'Webhook endpoints are managed with an admin key.');
    }
  }

  /**
   * http or https, no credentials, at most 2000 characters; a literal address (or localhost) is checked
   * against the guard now, and every address a name resolves to is checked again at connect time.
   */
  private checkedUrl(raw: string): string {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookFailure('invalid_input', 'url must be an absolute http or https URL.');
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new WebhookFailure('invalid_input', 'url must be an http or https URL.');
    }
    if (url.username !== '' || url.password !== '') {
      throw new WebhookFailure('invalid_input', 'url must not carry a user name or password.');
    }
    if (raw.length > MAX_URL_LENGTH) {
      throw new WebhookFailure('invalid_input', `url must be at most ${MAX_URL_LENGTH} characters.`);
    }
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const literal = isIP(host) !== 0 ? host : /(^|\.)localhost\.?$/i.test(host) ? '127.0.0.1' : null;
    const refused = literal === null ? null : this.deps.guard.refusal(literal);
    if (refused)
      throw new WebhookFailure('webhook_target_refused', `The webhook target is refused: ${refused}.`);
    return url.href;
  }
}

function checkedTypes(types: readonly string[]): string[] {
  const unknown = types.filter((t) => !(EVENT_TYPES as readonly string[]).includes(t));
  if (unknown.length > 0) {
    throw new WebhookFailure(
      'invalid_input',
      `Unknown event type ${JSON.stringify(unknown[0]).slice(0, 80)}; the types are ${EVENT_TYPES.join(', ')}.`,
    );
  }
  return [...new Set(types)];
}

function checkedAccount(account: string | null): string | null {
  if (account !== null && (account.length === 0 || account.length > 100)) {
    throw new WebhookFailure('invalid_input', 'account must be 1 to 100 characters.');
  }
  return account;
}

function checkedDescription(description: string | null): string | null {
  if (description !== null && description.length > 500) {
    throw new WebhookFailure('invalid_input', 'description must be at most 500 characters.');
  }
  return description;
}
