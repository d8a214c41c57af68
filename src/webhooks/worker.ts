// The delivery worker: takes due deliveries from the outbox (WebhookStore) and attempts them, each
// endpoint with its own bounded number of attempts in flight, so that a slow or failing endpoint
// never delays another's deliveries, and nothing here runs on a request's path. Several processes
// may run one each: claims are leased, so a delivery is attempted by one worker at a time, and a
// worker that dies leaves its claims to the others when their lease ends.
import { judgeAttempt, nextAttemptAt } from '../domain/webhooks/retry-schedule.js';
import type { ClaimedDelivery, WebhookEndpoint, WebhookStore } from '../store/webhook-store.js';
import type { AddressGuard } from './address-guard.js';
import { type AttemptResult, deliver, endpointAgents } from './deliver.js';
import { webhookHeaders } from './signature.js';

export interface WorkerLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface DeliveryWorkerOptions {
  store: WebhookStore;
  guard: AddressGuard;
  /** Seconds between retries (DEFAULT_RETRY_SCHEDULE unless shortened for tests). */
  schedule: readonly number[];
  /** One attempt's bound (15 s by the spec). */
  timeoutMs?: number;
  /** Attempts in flight per endpoint. */
  perEndpoint?: number;
  /** How often the outbox is looked at without a wake-up (other processes' commits). */
  pollMs?: number;
  now?: () => Date;
  log?: WorkerLogger;
  /** Sends one attempt; tests may wrap it. */
  send?: typeof deliver;
}

/** The Standard Webhooks body: `{type, timestamp, data}`; `data` is the event as the events API lists it. */
export function payloadOf(claimed: ClaimedDelivery, at: Date): string {
  const e = claimed.event;
  return JSON.stringify({
    type: e.type,
    timestamp: at.toISOString(),
    data: {
      id: e.id,
      type: e.type,
      order_id: e.orderId,
      account: e.account,
      seq: e.seq,
      occurred_at: e.occurredAt,
      data: e.data,
    },
  });
}

/** The secrets that sign now: the current one, and the previous one until its rotation ends. */
export function signingSecrets(endpoint: WebhookEndpoint, now: Date): string[] {
  const [current, previous] = endpoint.secrets;
  if (!current) return [];
  const previousLive =
    previous !== undefined &&
    endpoint.previousSecretExpiresAt !== null &&
    Date.parse(endpoint.previousSecretExpiresAt) > now.getTime();
  return previousLive ? [current, previous] : [current];
}

export class DeliveryWorker {
  private readonly inFlight = new Map<string, number>();
  private readonly claiming = new Set<string>();
  private readonly running = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = true;
  private ticking: Promise<void> | null = null;
  private again = false;
  private readonly opts: Required<Omit<DeliveryWorkerOptions, 'log'>> & { log?: WorkerLogger };
  private storeDown = false;
  /** Set when stop() gave up waiting: late results are not written. */
  private abandoned = false;
  /** Keep-alive connections per endpoint: a receiver is not made to accept a connection per event. */
  private readonly agents = new Map<string, ReturnType<typeof endpointAgents>>();

  constructor(options: DeliveryWorkerOptions) {
    this.opts = {
      timeoutMs: 15_000,
      perEndpoint: 16,
      pollMs: 250,
      now: () => new Date(),
      send: deliver,
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = () => {
      this.wake();
      if (!this.stopped) this.timer = setTimeout(loop, this.opts.pollMs);
    };
    loop();
  }

  /** Something was committed (in this process, or a note from another): look at the outbox now. */
  wake(): void {
    if (this.stopped) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.tick()
      .catch((err: unknown) => this.storeFailed(err))
      .finally(() => {
        this.ticking = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /**
   * Stops claiming, and waits up to `graceMs` for the attempts in flight, whose results are recorded.
   * One still running then is left unrecorded (the store may be closing): its lease runs out and it
   * is attempted again, here after a restart or by another instance (at least once).
   */
  async stop(graceMs = 2000): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.allSettled([...this.running]), grace]);
    clearTimeout(timer);
    this.abandoned = true;
    for (const { http, https } of this.agents.values()) {
      http.destroy();
      https.destroy();
    }
    this.agents.clear();
  }

  private storeFailed(err: unknown): void {
    if (this.storeDown) return;
    this.storeDown = true;
    this.opts.log?.error({ err: String(err) }, 'webhook deliveries paused: the store cannot be read');
  }

  private async tick(): Promise<void> {
    const endpoints = (await this.opts.store.endpoints()).filter((e) => e.enabled);
    if (this.storeDown) {
      this.storeDown = false;
      this.opts.log?.info({}, 'webhook deliveries resumed');
    }
    await Promise.all(endpoints.map((e) => this.fill(e)));
  }

  /** Claims as many due deliveries of `endpoint` as it has free slots, and starts them. */
  private async fill(endpoint: WebhookEndpoint): Promise<void> {
    const free = this.opts.perEndpoint - (this.inFlight.get(endpoint.id) ?? 0);
    if (free <= 0 || this.claiming.has(endpoint.id) || this.stopped) return;
    this.claiming.add(endpoint.id);
    try {
      // Longer than any attempt (bounded by the timeout) and its recording: a live worker never loses one.
      const leaseMs = this.opts.timeoutMs * 2 + 1000;
      const { token, deliveries } = await this.opts.store.claimDue(
        endpoint.id,
        this.opts.now().toISOString(),
        free,
        leaseMs,
      );
      for (const claimed of deliveries) this.launch(endpoint, claimed, token);
    } finally {
      this.claiming.delete(endpoint.id);
    }
  }

  private launch(endpoint: WebhookEndpoint, claimed: ClaimedDelivery, token: string): void {
    this.inFlight.set(endpoint.id, (this.inFlight.get(endpoint.id) ?? 0) + 1);
    const run = this.attempt(endpoint, claimed, token)
      .catch((err: unknown) => this.storeFailed(err))
      .finally(() => {
        this.inFlight.set(endpoint.id, (this.inFlight.get(endpoint.id) ?? 1) - 1);
        this.running.delete(run);
        // A slot is free: more of this endpoint's deliveries may be due.
        if (!this.stopped) void this.fill(endpoint).catch((err: unknown) => this.storeFailed(err));
      });
    this.running.add(run);
  }

  private async attempt(endpoint: WebhookEndpoint, claimed: ClaimedDelivery, token: string): Promise<void> {
    const at = this.opts.now();
    const body = payloadOf(claimed, at);
    const timestamp = Math.floor(at.getTime() / 1000);
    const headers = webhookHeaders(signingSecrets(endpoint, at), claimed.event.id, timestamp, body);
    let agents = this.agents.get(endpoint.id);
    if (!agents) {
      agents = endpointAgents(this.opts.perEndpoint);
      this.agents.set(endpoint.id, agents);
    }
    const result: AttemptResult = await this.opts.send(endpoint.url, headers, body, {
      guard: this.opts.guard,
      timeoutMs: this.opts.timeoutMs,
      agents,
    });
    const verdict = judgeAttempt(
      result.status !== undefined ? { status: result.status } : { error: result.error ?? 'no answer' },
    );
    if (this.abandoned) return;
    const done = this.opts.now();
    // The schedule counts this round's attempts: a redelivered or replayed delivery starts it again.
    const attempts = claimed.delivery.roundAttempts + 1;
    let outcome: 'delivered' | 'retry' | 'failed' | 'gone' =
      verdict.kind === 'retry' ? 'retry' : verdict.kind;
    let next: string | null = null;
    if (outcome === 'retry') {
      const t = nextAttemptAt(attempts, done.getTime(), this.opts.schedule);
      if (t === null) outcome = 'failed';
      else next = new Date(t).toISOString();
    }
    if (outcome === 'gone') {
      this.opts.log?.warn({ endpoint: endpoint.id }, 'webhook endpoint answered 410 Gone: disabled');
    }
    await this.opts.store.recordAttempt({
      deliveryId: claimed.delivery.id,
      leaseToken: token,
      at: done.toISOString(),
      status: result.status ?? null,
      error: result.error ?? null,
      outcome,
      nextAttemptAt: next,
    });
  }
}
