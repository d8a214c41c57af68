// Reading many orders: filtered lists newest first with a keyset cursor (the SQLite store's format),
// the open orders of numbers, and the timers' candidates. Each query reads one index range (schema.ts).
import type { Order } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import { decodeCursor, encodeCursor, fromBody } from '../../orders-codec.js';
import type { OrderFilter, Page, TimerCandidates } from '../../orders-store.js';
import { type Queryable, rows } from './sql.js';

const MAX_LIMIT = 200;

type ListRow = [createdAt: string, id: string, body: string];

const newestFirst = (a: ListRow, b: ListRow): number =>
  a[0] !== b[0] ? (a[0] < b[0] ? 1 : -1) : a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0;

export class OrderQueries {
  constructor(private readonly cipher: FieldCipher) {}

  async list(q: Queryable, filter: OrderFilter, limit: number, cursor?: string | null): Promise<Page<Order>> {
    const n = Math.min(Math.max(Math.trunc(limit), 1), MAX_LIMIT);
    const statuses = filter.status === undefined ? [undefined] : [...new Set(filter.status)];
    if (statuses.length === 0) return { items: [], next: null };
    const after = cursor ? decodeCursor(cursor) : null;
    // One index range per status, merged here, as on SQLite: each is a backward scan of
    // orders_by_status (or orders_by_account_status) stopping after n + 1 rows.
    const pages = await Promise.all(statuses.map((status) => this.page(q, filter, status, after, n + 1)));
    const found = pages.flat();
    if (statuses.length > 1) found.sort(newestFirst);
    const more = found.length > n;
    const page = found.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(([, , body]) => fromBody(body, this.cipher)),
      next: more && last ? encodeCursor(last[0], last[1]) : null,
    };
  }

  /** Up to `limit` rows (created_at, id, body) newest first, for one status or none. */
  private async page(
    q: Queryable,
    filter: OrderFilter,
    status: string | undefined,
    after: [string, string] | null,
    limit: number,
  ): Promise<ListRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: (p: (value: unknown) => string) => string) => {
      where.push(
        sql((value) => {
          params.push(value);
          return `$${params.length}`;
        }),
      );
    };
    if (filter.account !== undefined) add((p) => `account = ${p(filter.account)}`);
    if (status !== undefined) add((p) => `status = ${p(status)}`);
    if (filter.number !== undefined) {
      add((p) => `id IN (SELECT order_id FROM order_numbers WHERE number = ${p(filter.number)})`);
    }
    if (filter.losingCarrier !== undefined) add((p) => `losing_carrier_id = ${p(filter.losingCarrier)}`);
    if (filter.customerReference !== undefined) {
      add((p) => `customer_reference = ${p(filter.customerReference)}`);
    }
    if (filter.groupId !== undefined) add((p) => `group_id = ${p(filter.groupId)}`);
    if (filter.createdAfter !== undefined) add((p) => `created_at >= ${p(filter.createdAfter)}`);
    if (filter.createdBefore !== undefined) add((p) => `created_at < ${p(filter.createdBefore)}`);
    if (after) add((p) => `(created_at, id) < (${p(after[0])}, ${p(after[1])})`);
    params.push(limit);
    return rows<ListRow>(
      q,
      `SELECT created_at, id, body FROM orders${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
        ` ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }

  async openOrdersOf(q: Queryable, numbers: readonly string[]): Promise<Map<string, string>> {
    const unique = [...new Set(numbers)];
    if (unique.length === 0) return new Map();
    const found = await rows<[string, string]>(
      q,
      'SELECT number, order_id FROM order_numbers WHERE open AND number = ANY($1::text[])',
      [unique],
    );
    return new Map(found);
  }

  async timerCandidates(q: Queryable, c: TimerCandidates): Promise<Order[]> {
    const bodies = await rows<[string]>(
      q,
      `SELECT body FROM orders WHERE status = 'draft' AND updated_at < $1
       UNION ALL SELECT body FROM orders WHERE status = 'exception' AND updated_at < $2
       UNION ALL SELECT body FROM orders WHERE foc_watch IS NOT NULL AND foc_watch < $3
       LIMIT $4`,
      [c.draftIdleBefore, c.exceptionIdleBefore, c.focBefore, Math.max(1, Math.trunc(c.limit))],
    );
    return bodies.map(([body]) => fromBody(body, this.cipher));
  }
}
