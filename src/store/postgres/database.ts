import type pg from 'pg';
import { createPool, Health } from './connection.js';
import { explainPg, isConnectionError } from './errors.js';
import type { PostgresTarget } from './url.js';

type Params = readonly unknown[];

/**
 * A store's pool and what every query through it shares: errors explained
 * (no SQL, no password), the health flag kept current, and one more try for
 * a read that met a dead connection (the pool hands out a new one), so that
 * the first query after a database restart answers instead of failing.
 */
export class Database {
  readonly pool: pg.Pool;
  readonly health = new Health();
  /** The LISTEN/NOTIFY channel of this schema (as pg_notify takes it). */
  readonly channel: string;

  constructor(readonly target: PostgresTarget) {
    this.pool = createPool(target, this.health);
    this.channel = `portcheck_${target.schema}`;
  }

  /** A read: rows as arrays; tried once more on a lost connection. */
  async read(text: string, values: Params = []): Promise<unknown[][]> {
    try {
      return await this.rows(text, values);
    } catch (error) {
      if (!isConnectionError(error)) throw this.explain(error);
      try {
        return await this.rows(text, values);
      } catch (again) {
        throw this.explain(again);
      }
    }
  }

  /** One statement that changes something: never tried twice (it may have committed). */
  async write(text: string, values: Params = []): Promise<unknown[][]> {
    return (await this.command(text, values)).rows;
  }

  /** As write, with how many rows the statement changed. */
  async command(text: string, values: Params = []): Promise<{ rows: unknown[][]; rowCount: number | null }> {
    try {
      return await this.run(text, values);
    } catch (error) {
      throw this.explain(error);
    }
  }

  /** Statements in one transaction on one connection; `fn`'s result once committed. */
  async transaction<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      this.health.ok();
      return result;
    } catch (error) {
      broken = isConnectionError(error) ? error : undefined;
      this.health.failed(error);
      if (!broken) await client.query('ROLLBACK').catch(() => {});
      throw this.explain(error);
    } finally {
      // A connection that failed is closed rather than handed out again.
      client.release(broken as Error | undefined);
    }
  }

  /** A connection of the pool for the caller's own use (release it). */
  async connect(): Promise<pg.PoolClient> {
    try {
      const client = await this.pool.connect();
      this.health.ok();
      return client;
    } catch (error) {
      this.health.failed(error);
      throw this.explain(error);
    }
  }

  explain(error: unknown): Error {
    const user = decodeURIComponent(new URL(this.target.connectionString).username) || 'the default user';
    return explainPg(error, this.target.where, user);
  }

  async end(): Promise<void> {
    await this.pool.end();
  }

  private async rows(text: string, values: Params): Promise<unknown[][]> {
    return (await this.run(text, values)).rows;
  }

  private async run(text: string, values: Params): Promise<{ rows: unknown[][]; rowCount: number | null }> {
    try {
      const result = await this.pool.query({ text, values: values as unknown[], rowMode: 'array' });
      this.health.ok();
      return { rows: result.rows as unknown[][], rowCount: result.rowCount };
    } catch (error) {
      this.health.failed(error);
      throw error;
    }
  }
}
