// Reading many orders: filtered lists newest first with a keyset cursor, the open orders of numbers,
// and the timers' candidates. Each query reads one index range (schema.ts).
import type { Order } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import { canonicalValue, decodeCursor, encodeCursor, fromBody } from '../../orders-codec.js';
import type { OrderFilter, Page, TimerCandidates } from '../../orders-store.js';
import type { Db } from '../connection.js';
import { RUN_MAX } from './runs.js';

const MAX_LIMIT = 200;

type ListRow = [createdAt: string, id: string, body: string];

const newestFirst = (a: ListRow, b: ListRow): number =>
  a[0] !== b[0] ? (a[0] < b[0] ? 1 : -1) : a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0;

export class OrderQueries {
  private readonly candidates;
  private readonly openOf;

  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {
    this.openOf = db
      .prepare(
        `SELECT j.value, o.id FROM json_each(?) j
         JOIN order_runs r ON r.open = 1 AND r.first BETWEEN j.value - ${RUN_MAX - 1} AND j.value AND r.last >= j.value
         JOIN orders o ON o.order_key = r.order_key`,
      )
      .raw();
    this.candidates = db
      .prepare(
        `SELECT body FROM orders WHERE status = 'draft' AND updated_at < ?
         UNION ALL SELECT body FROM orders WHERE status = 'exception' AND updated_at < ?
         UNION ALL SELECT body FROM orders WHERE foc_watch IS NOT NULL AND foc_watch < ?
         LIMIT ?`,
      )
      .pluck();
  }

  list(filter: OrderFilter, limit: number, cursor?: string | null): Page<Order> {
    const n = Math.min(Math.max(Math.trunc(limit), 1), MAX_LIMIT);
    const statuses = filter.status === undefined ? [undefined] : [...new Set(filter.status)];
    if (statuses.length === 0) return { items: [], next: null };
    const after = cursor ? decodeCursor(cursor) : null;
    // One index range per status, merged here: `status IN (…)` would make SQLite sort every match
    // (hundreds of thousands of rows) to find the newest few.
    const rows = statuses.flatMap((status) => this.page(filter, status, after, n + 1));
    if (statuses.length > 1) rows.sort(newestFirst);
    const more = rows.length > n;
    const page = rows.slice(0, n);
    const last = page.at(-1);
    return {
      items: page.map(([, , body]) => fromBody(body, this.cipher)),
      next: more && last ? encodeCursor(last[0], last[1]) : null,
    };
  }

  /** Up to `limit` rows (created_at, id, body) newest first, for one status or none. */
  private page(
    filter: OrderFilter,
    status: string | undefined,
    after: [string, string] | null,
    limit: number,
  ): ListRow[] {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (filter.account !== undefined) add('account = ?', filter.account);
    if (status !== undefined) add('status = ?', status);
    if (filter.number !== undefined) {
      // Stored numbers are canonical 11-digit integers; anything else matches none (-1).
      const number = canonicalValue(filter.number);
      add(
        `order_key IN (SELECT order_key FROM order_runs WHERE first BETWEEN ? - ${RUN_MAX - 1} AND ? AND last >= ?)`,
        number,
        number,
        number,
      );
    }
    if (filter.losingCarrier !== undefined) add('losing_carrier_id = ?', filter.losingCarrier);
    if (filter.customerReference !== undefined) add('customer_reference = ?', filter.customerReference);
    if (filter.groupId !== undefined) add('group_id = ?', filter.groupId);
    if (filter.createdAfter !== undefined) add('created_at >= ?', filter.createdAfter);
    if (filter.createdBefore !== undefined) add('created_at < ?', filter.createdBefore);
    if (after) add('(created_at, id) < (?, ?)', after[0], after[1]);
    const sql =
      `SELECT created_at, id, body FROM orders${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
      ' ORDER BY created_at DESC, id DESC LIMIT ?';
    return this.db
      .prepare(sql)
      .raw()
      .all(...params, limit) as ListRow[];
  }

  openOrdersOf(numbers: readonly string[]): Map<string, string> {
    // One statement over a JSON array of integers: no SQL text per call, no bound-parameter limit.
    const canonical = numbers.filter((n) => canonicalValue(n) >= 0);
    const rows = this.openOf.all(`[${canonical.join(',')}]`) as [number, string][];
    return new Map(rows.map(([number, id]) => [String(number), id]));
  }

  timerCandidates(c: TimerCandidates): Order[] {
    const bodies = this.candidates.all(
      c.draftIdleBefore,
      c.exceptionIdleBefore,
      c.focBefore,
      Math.max(1, Math.trunc(c.limit)),
    ) as string[];
    return bodies.map((body) => fromBody(body, this.cipher));
  }
}
