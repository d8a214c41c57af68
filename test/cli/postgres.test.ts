// The built binary on PostgreSQL (--database-url and DATABASE_URL): the seed example imported,
// keys managed, checks and the server answering as they do on SQLite.
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, type TestSchema, testSchema } from '../support/postgres.js';
import {
  ensureBuilt,
  freePort,
  postNumbers,
  run,
  SEED_DIR,
  SEED_FILES,
  seedRequest,
  seedResponse,
  serve,
  tempDir,
  withoutDetail,
} from './helpers.js';

const reachable = await postgresReachable();

describe.skipIf(!reachable)('portcheck on PostgreSQL', () => {
  const tmp = tempDir();
  let schema: TestSchema;
  /** Every run gets a snapshot file in the temp folder, not the working one. */
  const snapshotFile = path.join(tmp.dir, 'pg.snapshot');
  const env = () => ({ PORTCHECK_SNAPSHOT_FILE: snapshotFile });
  const pg = (args: string[], extra: Record<string, string> = {}) =>
    run([...args, '--database-url', schema.url], { env: { ...env(), ...extra } });

  beforeAll(() => {
    ensureBuilt();
    schema = testSchema();
    for (const [dataset, file] of SEED_FILES) {
      const r = pg(['import', dataset, path.join(SEED_DIR, file)]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(
        new RegExp(`^${dataset}: \\d+ rows? read; \\d+ inserted, 0 updated, 0 deleted`),
      );
      expect(r.stdout).toContain(`snapshot file rebuilt for data version`);
      // The same files into SQLite, to compare answers.
      expect(run(['import', dataset, path.join(SEED_DIR, file), '--db', tmp.db]).status).toBe(0);
    }
  });

  afterAll(async () => {
    await schema?.drop();
    tmp.cleanup();
  });

  it('checks the seed request with the same answer as on SQLite, from --database-url or DATABASE_URL', () => {
    const viaFlag = pg(['check', '--json', ...seedRequest()]);
    expect(viaFlag.stderr).toBe('');
    expect(viaFlag.status).toBe(0);
    expect(withoutDetail(JSON.parse(viaFlag.stdout))).toEqual(seedResponse());
    const onSqlite = run(['check', '--json', '--db', tmp.db, ...seedRequest()]);
    expect(viaFlag.stdout).toBe(onSqlite.stdout);
    const viaEnv = run(['check', '--json', ...seedRequest()], {
      env: { ...env(), DATABASE_URL: schema.url },
    });
    expect(viaEnv.stdout).toBe(onSqlite.stdout);
    expect(existsSync(snapshotFile)).toBe(true);
  });

  it('counts a merge and a dry run as SQLite does', () => {
    const file = path.join(tmp.dir, 'carriers-more.csv');
    writeFileSync(file, 'id,name,category,underlying_id\n8824,Level3 renamed,CLEC,\nNEW1,New one,,\n');
    for (const target of [
      ['--database-url', schema.url],
      ['--db', tmp.db],
    ]) {
      const dry = run(['import', 'carriers', file, '--dry-run', ...target], { env: env() });
      expect(dry.stdout).toMatch(
        /^carriers \(dry run, nothing changed\): 2 rows read; 1 inserted, 1 updated, 0 deleted/,
      );
    }
  });

  it('creates, lists and revokes keys', () => {
    const created = JSON.parse(
      pg(['keys', 'create', '--name', 'billing', '--account', 'acme', '--role', 'desk', '--json']).stdout,
    ) as {
      access_key: string;
      secret_key: string;
    };
    expect(created.access_key).toMatch(/^PK[A-Z2-7]{18}$/);
    const list = pg(['keys', 'list']);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n').find((l) => l.startsWith(created.access_key))).toMatch(
      / billing\s+acme\s+desk\s+\d{4}-\d\d-\d\dT\S+\s+-$/,
    );
    expect(pg(['keys', 'revoke', created.access_key]).status).toBe(0);
    const again = pg(['keys', 'revoke', created.access_key]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^portcheck: API key PK\w+ was already revoked at \S+\n$/);
  });

  it('serves the seed request, and picks up an import made while it runs', async () => {
    const key = JSON.parse(pg(['keys', 'create', '--name', 'serve', '--json']).stdout) as {
      access_key: string;
      secret_key: string;
    };
    const s = await serve([], { ...env(), DATABASE_URL: schema.url });
    try {
      const response = await postNumbers(s.url, `${key.access_key}:${key.secret_key}`, seedRequest());
      expect(response.status).toBe(200);
      expect(withoutDetail(await response.json())).toEqual(seedResponse());
      const health = async () =>
        (await (await fetch(`${s.url}/healthz`)).json()) as {
          data_version: number;
          changes: string;
          database: string;
        };
      const before = await health();
      expect(before.database).toBe('ok');

      const file = path.join(tmp.dir, 'ported.csv');
      writeFileSync(file, 'tn,spid,sv_type\n2064205780,SPX1,wireless\n');
      expect(pg(['import', 'ported', file]).status).toBe(0);
      for (let i = 0; (await health()).data_version === before.data_version; i++) {
        if (i > 150) throw new Error('the server did not pick up the import');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(await s.stop()).toBe(0);
    } finally {
      s.child.kill('SIGKILL');
    }
  });

  it('says in one line, without a stack, when the server is not there or the schema has no data', async () => {
    const port = await freePort();
    const down = run(['check', '12064205780', '--database-url', `postgres://u:pw@127.0.0.1:${port}/test`]);
    expect(down.status).toBe(1);
    expect(down.stderr).toBe(
      `portcheck: cannot reach PostgreSQL at 127.0.0.1:${port}/test: connection refused (is it running, on that port?)\n`,
    );
    const empty = testSchema();
    const nothing = run(['check', '12064205780', '--database-url', empty.url]);
    expect(nothing.status).toBe(1);
    expect(nothing.stderr).toMatch(
      /^portcheck: .* has no portcheck data in schema "t_\w+" yet: import data into it first/,
    );
    await empty.drop();
  });
});
