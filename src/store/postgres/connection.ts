import pg from 'pg';
import type { StoreStatus } from '../store.js';
import { isConnectionError } from './errors.js';
import type { PostgresTarget } from './url.js';

/** bigint (int8) as a JS number: versions and ten-digit numbers stay far below 2^53. */
const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (text: string) => Number(text)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/**
 * What every connection of a store is given: its schema first on the
 * search path (so SQL names tables plainly), bigint as numbers, a name in
 * pg_stat_activity (unless the URL sets application_name), and a bounded
 * connect time so that an unreachable server fails instead of hanging.
 */
export function clientConfig(target: PostgresTarget): pg.ClientConfig {
  const hasName = new URL(target.connectionString).searchParams.has('application_name');
  return {
    connectionString: target.connectionString,
    options: `-c search_path=${target.schemaSql}`,
    types,
    connectionTimeoutMillis: 10_000,
    ...(hasName ? {} : { application_name: 'portcheck' }),
  };
}

export function createPool(target: PostgresTarget, health: Health): pg.Pool {
  const pool = new pg.Pool({ ...clientConfig(target), max: 10, idleTimeoutMillis: 30_000 });
  // An idle client whose connection dies (a restart, pg_terminate_backend)
  // is dropped by the pool, which emits this: without a listener Node would
  // end the process. The next query opens a new connection.
  pool.on('error', (error) => health.failed(error));
  // A client the store has checked out (an import between two batches) gets
  // no such listener from the pool: its connection dying must not end the
  // process either. Its next query fails, and the caller reports that.
  pool.on('connect', (client) => client.on('error', (error) => health.failed(error)));
  return pool;
}

/**
 * Whether the database answers, as the last query found it: failed
 * connections flip it to unreachable, the next successful query back to ok.
 */
export class Health {
  database: StoreStatus['database'] = 'ok';

  ok(): void {
    this.database = 'ok';
  }

  /** Notes a failure; only a lost or refused connection makes the database unreachable. */
  failed(error: unknown): void {
    if (isConnectionError(error)) this.database = 'unreachable';
  }
}
