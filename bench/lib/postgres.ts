// PostgreSQL for rows 7–10: a database of its own per measurement (made on the server that
// PORTCHECK_BENCH_PG_URL names, by default the test server), and the bench dataset imported once into
// one of them with the real import code, shared by the start-up and fleet rows, dropped at the end.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import pg from 'pg';
import { importFile } from '../../src/import/run-import.js';
import { openStore } from '../../src/store/open.js';
import type { BenchContext } from './context.js';
import { IMPORTS } from './dataset.js';

/** The server and an existing database to connect to for CREATE / DROP DATABASE. */
export const PG_ADMIN_URL = process.env.PORTCHECK_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface BenchDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** Why PostgreSQL cannot be used, or null when it answers. */
export async function postgresAbsent(): Promise<string | null> {
  const url = new URL(PG_ADMIN_URL);
  const port = Number(url.port || 5432);
  const up = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: url.hostname, port });
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
  if (!up) return `PostgreSQL does not answer on ${url.hostname}:${port} (PORTCHECK_BENCH_PG_URL)`;
  let probe: BenchDatabase;
  try {
    probe = await createBenchDatabase('probe');
  } catch (error) {
    return `cannot create a database on ${url.hostname}:${port}: ${(error as Error).message}`;
  }
  try {
    const store = await openStore({ databaseUrl: probe.url });
    await store.close();
    return null;
  } catch (error) {
    return `the PostgreSQL store cannot be opened: ${(error as Error).message.split('\n')[0]}`;
  } finally {
    await probe.drop();
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database `portcheck_bench_<label>_<random>`. */
export async function createBenchDatabase(label: string): Promise<BenchDatabase> {
  const name = `portcheck_bench_${label}_${randomBytes(3).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Drops the databases a killed earlier run left behind (`portcheck_bench_<label>_…`). */
async function dropLeftovers(label: string): Promise<void> {
  await admin(async (c) => {
    const r = await c.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `portcheck_bench_${label}_%`,
    ]);
    for (const { datname } of r.rows as { datname: string }[]) {
      await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  });
}

let filled: Promise<BenchDatabase> | null = null;

/** The bench dataset in PostgreSQL, imported once per run with the real import code. */
export function filledPostgres(ctx: BenchContext): Promise<BenchDatabase> {
  filled ??= (async () => {
    await dropLeftovers('data');
    const db = await createBenchDatabase('data');
    const store = await openStore({ databaseUrl: db.url });
    try {
      for (const [dataset, name] of IMPORTS) {
        const report = await importFile(store, dataset, ctx.data.file(name), { replace: true });
        ctx.log(
          `  PostgreSQL import ${dataset}: ${report.read.toLocaleString('en-US')} rows in ${(report.durationMs / 1000).toFixed(1)} s`,
        );
      }
    } finally {
      await store.close();
    }
    return db;
  })();
  return filled;
}

/** Drops the filled database, if this run made one. */
export async function dropFilledPostgres(): Promise<void> {
  const made = filled;
  filled = null;
  if (made) await (await made.catch(() => null))?.drop();
}
