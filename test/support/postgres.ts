import { randomBytes } from 'node:crypto';
import pg from 'pg';
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
