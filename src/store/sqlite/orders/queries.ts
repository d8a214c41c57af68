// Reading many orders: filtered lists newest first with a keyset cursor, the open orders of numbers,
// and the timers' candidates. Each query reads one index range (schema.ts).
import type { Order } from '../../../domain/orders/types.js';
import type { FieldCipher } from '../../field-cipher.js';
import { InvalidCursor, type OrderFilter, type Page, type TimerCandidates } from '../../orders-store.js';
import type { Db } from '../connection.js';
import { fromBody } from './codec.js';

const MAX_LIMIT = 200;
/** Numbers per IN (…) list, well under SQLite's bound on parameters. */
const CHUNK = 500;

/** The cursor names the last order of a page: its creation instant and id. */
const encodeCursor = (createdAt: string, id: string): string =>
  Buffer.from(JSON.stringify([createdAt, id])).toString('base64url');

function decodeCursor(cursor: string): [string, string] {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) {
      return value as [string, string];
    }
  } catch {
    // Reported below, whatever went wrong.
  }
  throw new InvalidCursor();
}

export class OrderQueries {
  private readonly candidates;

  constructor(
    private readonly db: Db,
    private readonly cipher: FieldCipher,
  ) {
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
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, ...values: unknown[]) => {
      where.push(sql);
      params.push(...values);
    };
    if (filter.account !== undefined) add('account = ?', filter.account);
    if (filter.status !== undefined) {
      if (filter.status.length === 0) return { items: [], next: null };
      add(`status IN (${filter.status.map(() => '?').join(', ')})`, ...filter.status);
    }
    if (filter.number !== undefined) {
      add('id IN (SELECT order_id FROM order_numbers WHERE number = ?)', filter.number);
    }
    if (filter.losingCarrier !== undefined) add('losing_carrier_id = ?', filter.losingCarrier);
    if (filter.customerReference !== undefined) add('customer_reference = ?', filter.customerReference);
    if (filter.groupId !== undefined) add('group_id = ?', filter.groupId);
    if (filter.createdAfter !== undefined) add('created_at >= ?', filter.createdAfter);
    if (filter.createdBefore !== undefined) add('created_at < ?', filter.createdBefore);
    if (cursor) {
      const [createdAt, id] = decodeCursor(cursor);
      add('(created_at, id) < (?, ?)', createdAt, id);
    }
    const sql =
      `SELECT created_at, id, body FROM orders${where.length ? ` WHERE ${where.join(' AND ')}` : ''}` +
      ' ORDER BY created_at DESC, id DESC LIMIT ?';
    const rows = this.db
      .prepare(sql)
      .raw()
      .all(...params, n + 1) as [string, string, string][];
    const more = rows.length > n;
    const page = more ? rows.slice(0, n) : rows;
    const last = page.at(-1);
    return {
      items: page.map(([, , body]) => fromBody(body, this.cipher)),
      next: more && last ? encodeCursor(last[0], last[1]) : null,
    };
  }

  openOrdersOf(numbers: readonly string[]): Map<string, string> {
    const found = new Map<string, string>();
    const unique = [...new Set(numbers)];
    for (let i = 0; i < unique.length; i += CHUNK) {
      const chunk = unique.slice(i, i + CHUNK);
      const rows = this.db
        .prepare(
          `SELECT number, order_id FROM order_numbers WHERE open = 1 AND number IN (${chunk.map(() => '?').join(', ')})`,
        )
        .raw()
        .all(...chunk) as [string, string][];
      for (const [number, orderId] of rows) found.set(number, orderId);
    }
    return found;
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
