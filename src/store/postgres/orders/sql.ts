import type pg from 'pg';
import type { Database } from '../database.js';

/**
 * What the order parts query through: a connection inside a transaction (writes), or the store's pool
 * (reads, tried once more on a lost connection). Rows come as arrays.
 */
export interface Queryable {
  query(text: string, values?: readonly unknown[]): Promise<{ rows: unknown[][]; rowCount: number | null }>;
}

export const inTransaction = (client: pg.PoolClient): Queryable => ({
  query: (text, values = []) => client.query({ text, values: values as unknown[], rowMode: 'array' }),
});

export const reads = (db: Database): Queryable => ({
  query: async (text, values = []) => {
    const found = await db.read(text, values);
    return { rows: found, rowCount: found.length };
  },
});

/** Single statements that change something, on the pool in autocommit: never tried twice. */
export const writes = (db: Database): Queryable => ({
  query: (text, values = []) => db.command(text, values),
});

export async function rows<T extends unknown[]>(
  q: Queryable,
  text: string,
  values: readonly unknown[] = [],
): Promise<T[]> {
  return (await q.query(text, values)).rows as T[];
}

/** Beyond this many values, textArray sends one array literal (a statement's parameters are bounded). */
const SEPARATE_VALUES = 1000;

/**
 * A text[] of `values` for a statement whose parameters so far are `$1`…`$(first - 1)`: the SQL to use
 * and the parameters to append. Each value goes as a parameter of its own, gathered by ARRAY[…] on the
 * server: a large text (an order's body, an event's data, 150 kB for 10,000 numbers) escaped into an
 * array literal and parsed back took twice the time of the insert itself.
 */
export function textArray(first: number, values: readonly string[]): { sql: string; params: unknown[] } {
  if (values.length > SEPARATE_VALUES) return { sql: `$${first}::text[]`, params: [values] };
  return { sql: `ARRAY[${values.map((_, i) => `$${first + i}`).join(', ')}]::text[]`, params: [...values] };
}
