import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterEach } from 'vitest';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { Store } from '../../src/store/store.js';
import { serviceReachable } from './services.js';

/** The PostgreSQL the tests use (trust auth); each test gets a schema of its own in it. */
export const TEST_DATABASE_URL =
  process.env.PORTCHECK_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Whether that PostgreSQL answers (skip with a message unless CI=true, where it must). */
export async function postgresReachable(): Promise<boolean> {
  const url = new URL(TEST_DATABASE_URL);
  return serviceReachable('PostgreSQL', Number(url.port || 5432));
}

/** A fresh schema name (not created: the store creates it) and the URL that names it. */
export interface TestSchema {
  schema: string;
  /** The store's URL: `?schema=` and an application_name that tells this test's connections apart. */
  url: string;
  /** Drops the schema and everything in it. */
  drop(): Promise<void>;
}

export function testSchema(): TestSchema {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_DATABASE_URL);
  url.searchParams.set('schema', schema);
  url.searchParams.set('application_name', `portcheck_${schema}`);
  return {
    schema,
    url: url.toString(),
    drop: async () => {
      await adminQuery(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    },
  };
}

/** One statement on a connection of its own (not the store's), for setting up and inspecting. */
export async function adminQuery(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/**
 * Schemas and PostgresStore instances for the tests of one describe block (call it in the block):
 * every store opened is closed, and every schema dropped, after each test. `open` uses `key` as the
 * encryption key unless given another, or null for none.
 */
export function storesPerTest(key: Buffer) {
  const schemas: TestSchema[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
    for (const schema of schemas.splice(0)) await schema.drop();
  });
  return {
    /** Closes `store` after the test too (one opened another way). */
    keep<T extends Store>(store: T): T {
      stores.push(store);
      return store;
    },
    fresh(): TestSchema {
      const schema = testSchema();
      schemas.push(schema);
      return schema;
    },
    async open(url: string, options: { key?: Buffer | null; readOnly?: boolean } = {}): Promise<Store> {
      const store = await PostgresStore.open(url, {
        encryptionKey: options.key === null ? undefined : (options.key ?? key),
        readOnly: options.readOnly,
      });
      stores.push(store);
      return store;
    },
  };
}
