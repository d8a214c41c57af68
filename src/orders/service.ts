// The port-order application service (docs/spec/orders.md): loads an order, asks the domain what a
// request does to it, and hands the decision to the store in one write. It decides nothing itself:
// every rule is in domain/orders/. The HTTP routes and the CLI both call it; who the caller is comes
// in as an Actor, the time from the injected clock.
import { createHash } from 'node:crypto';
import type { LoadedSnapshot } from '../cache/snapshot-holder.js';
import { checkPortability } from '../domain/check.js';
import { resellersOf } from '../domain/current-carrier.js';
import { type Blocker, blockers } from '../domain/orders/blockers.js';
import { businessCalendar, localDate } from '../domain/orders/business-days.js';
import { newDraftOrder } from '../domain/orders/create.js';
import type { ActionRequest, DecisionContext, Outcome } from '../domain/orders/decision.js';
import { isOpen } from '../domain/orders/decision.js';
import { decideAddDocument } from '../domain/orders/documents.js';
import {
  decideEdit,
  decideNumbersChange,
  type NumbersChange,
  type OrderPatch,
} from '../domain/orders/edits.js';
import { type OrderFocDates, orderFocDates } from '../domain/orders/foc-dates.js';
import { type GroupRollup, groupRollup } from '../domain/orders/group-rollup.js';
import { listReasonCodes, type ReasonCodeInfo } from '../domain/orders/reason-codes.js';
import { canSee } from '../domain/orders/roles.js';
import type { OrderSettings } from '../domain/orders/settings.js';
import { decideTimers } from '../domain/orders/timers.js';
import { decide } from '../domain/orders/transitions.js';
import {
  type Actor,
  type Carrier,
  type DocumentType,
  EDITABLE_STATUSES,
  type EndUser,
  type Order,
  type OrderDocument,
} from '../domain/orders/types.js';
import type { NonportableDetail } from '../domain/types.js';
import {
  DuplicateCustomerReference,
  type EventFilter,
  type IdempotencyClaim,
  type IdempotencyKey,
  NumberInOpenOrder,
  type OrderFilter,
  type OrderStore,
  type OrderWrite,
  type Page,
  type StoredEvent,
  VersionMismatch,
} from '../store/orders-store.js';
import { OrderFailure } from './failure.js';
import { newId } from './ids.js';
import { canonical, recheck } from './recheck.js';

export interface OrderServiceDeps {
  orders: OrderStore;
  /** The snapshot being served (SnapshotHolder.current): the check's data. */
  snapshot: () => LoadedSnapshot | null;
  settings: OrderSettings;
  clock?: () => Date;
  /**
   * Called after every change this service commits (its events, and their webhook deliveries, are
   * in the store): the composition root wakes the delivery worker with it.
   */
  onCommit?: () => void;
}

/** An order as answered: the order and what still stops `submit`. */
export interface OrderView {
  order: Order;
  blockers: Blocker[];
}

export interface CreateInput {
  numbers: readonly string[];
  endUser: EndUser;
  requestedFocDate: string | null;
  customerReference: string | null;
  alias: string | null;
  /** A desk may create for another account; a customer only for its own. */
  account?: string;
}

export interface CreateResult {
  groupId: string;
  orders: OrderView[];
  nonportable: NonportableDetail[];
}

export interface GroupView {
  groupId: string;
  status: GroupRollup;
  orders: OrderView[];
}

export interface DocumentMeta {
  type: DocumentType;
  filename: string;
  contentType: string;
  signedOn?: string | null;
}

/** Orders acted on per timer run: a backlog is worked off run by run. */
const TIMER_BATCH = 100;
const GROUP_PAGE = 200;

export class OrderService {
  private readonly store: OrderStore;
  private readonly clock: () => Date;
  readonly settings: OrderSettings;

  constructor(private readonly deps: OrderServiceDeps) {
    this.store = deps.orders;
    this.settings = deps.settings;
    this.clock = deps.clock ?? (() => new Date());
  }

  now(): Date {
    return this.clock();
  }

  private loaded(): LoadedSnapshot {
    const loaded = this.deps.snapshot();
    if (!loaded) throw new OrderFailure('not_ready', 'The numbering data is still loading; retry shortly.');
    return loaded;
  }

  /** What still stops `submit`: only an editable order can be submitted, so others have none. */
  async view(order: Order, now = this.clock()): Promise<OrderView> {
    return (await this.views([order], now))[0] as OrderView;
  }

  /** Views of several orders, reading the holidays once (a create answers with dozens of orders). */
  async views(orders: readonly Order[], now = this.clock()): Promise<OrderView[]> {
    const editable = orders.some((o) => EDITABLE_STATUSES.includes(o.status));
    const holidays = editable ? await this.store.holidays() : [];
    return orders.map((order) => {
      if (!EDITABLE_STATUSES.includes(order.status)) return { order, blockers: [] };
      const cal = businessCalendar(holidays, order.losingCarrier.id);
      return { order, blockers: blockers(order, now, cal, this.settings) };
    });
  }

  /** §10: one draft per group of the check, one group id, all in one transaction. */
  async createFromNumbers(actor: Actor, input: CreateInput): Promise<CreateResult> {
    const account = input.account ?? actor.account;
    if (account !== actor.account && actor.role === 'customer') {
      throw new OrderFailure('forbidden_action', 'A customer key creates orders for its own account only.');
    }
    const { snapshot } = this.loaded();
    const now = this.clock();
    const result = checkPortability(snapshot, input.numbers);
    const nonportable = result.nonportable.details;
    if (result.portable.groups.length === 0) {
      throw new OrderFailure('nothing_portable', 'None of the numbers is portable; no order was created.', {
        nonportable,
      });
    }
    // A number another open order holds is refused by the store inside the transaction below, naming
    // that order (NumberInOpenOrder): no look-up of every number beforehand.
    const groupId = newId('grp', now);
    const several = result.portable.groups.length > 1;
    const drafts = result.portable.groups.map((g, i) => {
      const losing: Carrier = { id: g.current_service_provider_id, name: g.current_service_provider_name };
      return newDraftOrder(
        {
          id: newId('po', now),
          account,
          groupId,
          numberType: g.number_type_associated,
          losingCarrier: losing,
          resellers: resellersOf(snapshot, g.numbers, losing.id),
          gainingCarrier: { id: g.gaining_service_provider_id, name: g.gaining_service_provider_name },
          lata: g.lata,
          numbers: g.numbers,
          endUser: input.endUser,
          requestedFocDate: input.requestedFocDate,
          // Unique per account: the orders of one request share it with their place in the group.
          customerReference:
            input.customerReference === null || !several
              ? input.customerReference
              : `${input.customerReference}-${i + 1}`,
          alias: input.alias,
        },
        now,
      );
    });
    const orders = drafts.map((d) => d.order);
    try {
      await this.store.create(
        orders,
        drafts.flatMap((d) => d.events),
      );
    } catch (err) {
      throw storeFailure(err);
    }
    this.deps.onCommit?.();
    return { groupId, orders: await this.views(orders, now), nonportable };
  }

  /** The order if the actor may see it; a customer asking for another account's gets not_found. */
  async get(actor: Actor, id: string): Promise<Order> {
    const order = await this.store.get(id);
    if (!order || !canSee(actor, order)) throw new OrderFailure('not_found', 'No such port order.');
    return order;
  }

  async getView(actor: Actor, id: string): Promise<OrderView> {
    return this.view(await this.get(actor, id));
  }

  /** §9: a customer's list is always its own account's. */
  async list(
    actor: Actor,
    filter: OrderFilter,
    limit: number,
    cursor?: string | null,
  ): Promise<Page<OrderView>> {
    if (actor.role === 'customer') {
      if (filter.account !== undefined && filter.account !== actor.account) return { items: [], next: null };
      filter = { ...filter, account: actor.account };
    }
    const page = await this.store.list(filter, limit, cursor);
    const now = this.clock();
    return { items: await this.views(page.items, now), next: page.next };
  }

  async group(actor: Actor, groupId: string): Promise<GroupView> {
    const filter: OrderFilter = { groupId, ...(actor.role === 'customer' ? { account: actor.account } : {}) };
    const orders: Order[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Order> = await this.store.list(filter, GROUP_PAGE, cursor);
      orders.push(...page.items);
      cursor = page.next;
    } while (cursor !== null);
    if (orders.length === 0) throw new OrderFailure('not_found', 'No such order group.');
    orders.sort((a, b) =>
      a.createdAt === b.createdAt ? a.id.localeCompare(b.id) : a.createdAt < b.createdAt ? -1 : 1,
    );
    const now = this.clock();
    return {
      groupId,
      status: groupRollup(orders.map((o) => o.status)),
      orders: await this.views(orders, now),
    };
  }

  /** PATCH of the order's attributes (§4 "Editing"). */
  async edit(actor: Actor, id: string, patch: OrderPatch, ifMatch?: number): Promise<OrderView> {
    const order = await this.current(actor, id, ifMatch);
    const now = this.clock();
    return this.apply(order, decideEdit(order, patch, actor, now), now);
  }

  /** Adds and removes numbers; added ones must fall in the order's group (re-checked now). */
  async changeNumbers(actor: Actor, id: string, change: NumbersChange, ifMatch?: number): Promise<OrderView> {
    const order = await this.current(actor, id, ifMatch);
    const add = canonicalAll(change.add ?? [], 'add');
    const remove = (change.remove ?? []).map((n) => canonical(n) ?? n);
    const now = this.clock();
    const fresh = add.length > 0 ? recheck(this.loaded().snapshot, add) : [];
    const outcome = decideNumbersChange(order, { add, remove }, actor, now, fresh);
    if (outcome.ok && add.length > 0) {
      // The store refuses it again inside the transaction; this names the order before writing.
      const held = await this.store.openOrdersOf(add);
      for (const [number, orderId] of held) {
        if (orderId === order.id) continue;
        throw new OrderFailure(
          'number_in_open_order',
          `Number ${number} is already in open port order ${orderId}.`,
          {
            number,
            orderId,
          },
        );
      }
    }
    return this.apply(order, outcome, now);
  }

  /** POST …/actions/{name}: the §4 table through decide(), with the re-check on submit. */
  async act(
    actor: Actor,
    id: string,
    request: ActionRequest,
    ifMatch?: number,
  ): Promise<{ order: OrderView; created?: OrderView }> {
    const order = await this.current(actor, id, ifMatch);
    const now = this.clock();
    const ctx: DecisionContext = { settings: this.settings, holidays: await this.store.holidays() };
    if (request.action === 'submit' && canSee(actor, order)) {
      const open = order.numbers.filter(isOpen).map((n) => n.number);
      ctx.recheck = recheck(this.loaded().snapshot, open);
    }
    if (request.action === 'split') ctx.newOrderId = newId('po', now);
    const outcome = decide(order, canonicalRequest(request), actor, now, ctx);
    if (!outcome.ok) throw OrderFailure.of(outcome);
    await this.write({
      order: outcome.order,
      expectedVersion: order.version,
      events: outcome.events,
      created: outcome.created,
    });
    return {
      order: await this.view(outcome.order, now),
      ...(outcome.created ? { created: await this.view(outcome.created, now) } : {}),
    };
  }

  /** The documents engineer's upload route calls this with the checked bytes. */
  async addDocument(
    actor: Actor,
    orderId: string,
    meta: DocumentMeta,
    bytes: Buffer,
    ifMatch?: number,
  ): Promise<{ order: OrderView; document: OrderDocument }> {
    const order = await this.current(actor, orderId, ifMatch);
    const now = this.clock();
    const document: OrderDocument = {
      id: newId('doc', now),
      type: meta.type,
      filename: meta.filename,
      contentType: meta.contentType,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      uploadedAt: now.toISOString(),
      signedOn: meta.signedOn ?? null,
    };
    const outcome = decideAddDocument(order, document, actor, now);
    if (!outcome.ok) throw OrderFailure.of(outcome);
    await this.write({
      order: outcome.order,
      expectedVersion: order.version,
      events: outcome.events,
      document: { id: document.id, bytes },
    });
    return { order: await this.view(outcome.order, now), document };
  }

  /** A document's bytes, for an actor who may see the order. */
  async document(actor: Actor, orderId: string, documentId: string) {
    await this.get(actor, orderId);
    const content = await this.store.document(orderId, documentId);
    if (!content) throw new OrderFailure('not_found', 'No such document.');
    return content;
  }

  async focDates(actor: Actor, id: string): Promise<OrderFocDates> {
    const order = await this.get(actor, id);
    return orderFocDates(order, this.clock(), await this.store.holidays(), this.settings);
  }

  /** §7: in commit order; a customer sees its account's only. */
  async events(actor: Actor, filter: EventFilter): Promise<StoredEvent[]> {
    if (actor.role === 'customer') {
      if (filter.account !== undefined && filter.account !== actor.account) return [];
      filter = { ...filter, account: actor.account };
    }
    return this.store.events(filter);
  }

  reasonCodes(): ReasonCodeInfo[] {
    return listReasonCodes();
  }

  /**
   * §4 "Timers": the due orders' decisions, each written on its own; a VersionMismatch means
   * someone else acted on the order meanwhile (another instance, a client), so it is skipped.
   * Returns how many orders changed.
   */
  async runTimers(now = this.clock()): Promise<number> {
    const s = this.settings;
    const before = (days: number) => new Date(now.getTime() - days * 86_400_000).toISOString();
    const candidates = await this.store.timerCandidates({
      draftIdleBefore: before(s.draftIdleDays),
      exceptionIdleBefore: before(s.exceptionIdleDays),
      focBefore: localDate(now, s.timeZone),
      limit: TIMER_BATCH,
    });
    let acted = 0;
    for (const order of candidates) {
      const decision = decideTimers(order, now, s);
      if (!decision) continue;
      try {
        await this.store.update({
          order: decision.order,
          expectedVersion: order.version,
          events: decision.events,
        });
        acted++;
        this.deps.onCommit?.();
      } catch (err) {
        if (!(err instanceof VersionMismatch)) throw err;
      }
    }
    return acted;
  }

  claimIdempotency(key: IdempotencyKey): Promise<IdempotencyClaim> {
    return this.store.claimIdempotency(key, this.clock().toISOString());
  }
  completeIdempotency(key: IdempotencyKey, status: number, body: string): Promise<void> {
    return this.store.completeIdempotency(key, status, body);
  }
  releaseIdempotency(key: IdempotencyKey): Promise<void> {
    return this.store.releaseIdempotency(key);
  }

  /** The order for a write: visible to the actor, and at the If-Match version when one is given. */
  private async current(actor: Actor, id: string, ifMatch: number | undefined): Promise<Order> {
    const order = await this.get(actor, id);
    if (ifMatch !== undefined && ifMatch !== order.version) {
      throw new OrderFailure(
        'version_mismatch',
        `The order is at version ${order.version}, not ${ifMatch}; read it again and retry.`,
        { currentVersion: order.version },
      );
    }
    return order;
  }

  private async apply(order: Order, outcome: Outcome, now: Date): Promise<OrderView> {
    if (!outcome.ok) throw OrderFailure.of(outcome);
    // An edit that changes nothing writes nothing.
    if (outcome.order.version !== order.version) {
      await this.write({ order: outcome.order, expectedVersion: order.version, events: outcome.events });
    }
    return this.view(outcome.order, now);
  }

  private async write(write: OrderWrite): Promise<void> {
    try {
      await this.store.update(write);
    } catch (err) {
      throw storeFailure(err);
    }
    this.deps.onCommit?.();
  }
}

function canonicalAll(numbers: readonly string[], what: string): string[] {
  return numbers.map((n) => {
    const c = canonical(n);
    if (c === null)
      throw new OrderFailure(
        'invalid_input',
        `${what}: ${JSON.stringify(n.slice(0, 40))} is not a North American number.`,
      );
    return c;
  });
}

/** Numbers in an action's body, in the canonical form the order holds (unknown forms left to the domain). */
function canonicalRequest(request: ActionRequest): ActionRequest {
  const c = (list: string[] | undefined) => list?.map((n) => canonical(n) ?? n);
  switch (request.action) {
    case 'reject':
      return { ...request, input: { ...request.input, numbers: c(request.input.numbers) } };
    case 'complete':
      return request.input
        ? { ...request, input: { ...request.input, portedNumbers: c(request.input.portedNumbers) } }
        : request;
    case 'split':
      return { ...request, input: { numbers: c(request.input.numbers) ?? [] } };
    default:
      return request;
  }
}

/** The store's refusals, as the service's. */
function storeFailure(err: unknown): unknown {
  if (err instanceof VersionMismatch) {
    return new OrderFailure('version_mismatch', 'The order changed meanwhile; read it again and retry.', {
      currentVersion: err.currentVersion,
    });
  }
  if (err instanceof NumberInOpenOrder) {
    return new OrderFailure(
      'number_in_open_order',
      `Number ${err.number} is already in open port order ${err.orderId}.`,
      {
        number: err.number,
        orderId: err.orderId,
      },
    );
  }
  if (err instanceof DuplicateCustomerReference) {
    return new OrderFailure(
      'duplicate_customer_reference',
      'This customer_reference is already used by another order of this account.',
    );
  }
  return err;
}
