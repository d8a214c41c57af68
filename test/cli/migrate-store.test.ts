// `portcheck migrate-store` on the built binary: a database filled through the CLI is copied into
// another, which then answers checks and lists keys exactly as the source does.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, type TestSchema, testSchema } from '../support/postgres.js';
import { ensureBuilt, run, SEED_DIR, SEED_FILES, seedRequest, tempDir } from './helpers.js';

const tmp = tempDir();
const source = tmp.db;
/** Numbers of the seed request and of the ported file, with a toll-free one. */
const NUMBERS = [
  ...seedRequest(),
  ...Array.from({ length: 30 }, (_, i) => `1206420${String(i * 97).padStart(4, '0')}`),
];

const pgUp = await postgresReachable();

/** `--db` for a file, `--database-url` for a URL (with no snapshot file: the answer is the rows'). */
const where = (db: string) => (db.startsWith('postgres') ? ['--database-url', db] : ['--db', db]);
const off = { env: { PORTCHECK_SNAPSHOT_FILE: 'off' } };
const check = (db: string) => run(['check', '--json', ...where(db), ...NUMBERS], off);
const keys = (db: string) => run(['keys', 'list', '--json', ...where(db)], off);

beforeAll(() => {
  ensureBuilt();
  for (const [dataset, file] of SEED_FILES) {
    expect(run(['import', dataset, path.join(SEED_DIR, file), '--db', source]).status).toBe(0);
  }
  const rows = ['tn,spid,sv_type,lrn,alt_spid'];
  for (let i = 0; i < 30; i += 2)
    rows.push(`206420${String(i * 97).padStart(4, '0')},683G,wireless,2065550000,`);
  writeFileSync(path.join(tmp.dir, 'ported.csv'), `${rows.join('\n')}\n`);
  expect(run(['import', 'ported', path.join(tmp.dir, 'ported.csv'), '--db', source]).status).toBe(0);
  expect(run(['keys', 'create', '--name', 'kept', '--db', source]).status).toBe(0);
  const revoked = JSON.parse(run(['keys', 'create', '--name', 'gone', '--json', '--db', source]).stdout);
  expect(run(['keys', 'revoke', revoked.access_key, '--db', source]).status).toBe(0);
});

afterAll(() => tmp.cleanup());

describe('portcheck migrate-store', () => {
  it('copies a SQLite database into a new one that answers and lists keys as the source does', () => {
    const target = path.join(tmp.dir, 'copy', 'target.db');
    const copied = run(['migrate-store', '--from', source, '--to', target]);
    expect(copied.stderr).toBe('');
    expect(copied.status).toBe(0);
    expect(copied.stdout).toMatch(/^carriers: \d+ rows copied/m);
    expect(copied.stdout).toMatch(/^ported: 15 rows copied \(15 inserted, 0 updated, 0 deleted\)$/m);
    expect(copied.stdout).toMatch(/^API keys: 2 created, 0 already there, 0 revoked as in the source$/m);

    const expected = check(source);
    expect(expected.status).toBe(0);
    expect(JSON.parse(expected.stdout).data.portable.groups.length).toBeGreaterThan(1);
    expect(check(target).stdout).toBe(expected.stdout);
    expect(JSON.parse(keys(target).stdout)).toEqual(JSON.parse(keys(source).stdout));
  });

  it('refuses a target that holds data unless --replace, and then leaves it equal to the source', () => {
    const target = path.join(tmp.dir, 'other.db');
    const other = ['tn,spid,sv_type', '3125550000,OLD1,wireline'];
    writeFileSync(path.join(tmp.dir, 'other.csv'), `${other.join('\n')}\n`);
    expect(run(['import', 'ported', path.join(tmp.dir, 'other.csv'), '--db', target]).status).toBe(0);

    const refused = run(['migrate-store', '--from', source, '--to', target]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^portcheck: the target already holds data: nothing was copied\. Pass --replace/,
    );
    const before = check(target).stdout;
    expect(before).not.toBe(check(source).stdout);

    const replaced = run(['migrate-store', '--from', source, '--to', target, '--replace']);
    expect(replaced.status).toBe(0);
    expect(check(target).stdout).toBe(check(source).stdout);
  });

  it('says what is wrong with its arguments', () => {
    const missing = run([
      'migrate-store',
      '--from',
      path.join(tmp.dir, 'nope.db'),
      '--to',
      path.join(tmp.dir, 'x.db'),
    ]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toBe(`portcheck: no such database file: ${path.join(tmp.dir, 'nope.db')}\n`);
    const same = run(['migrate-store', '--from', source, '--to', source]);
    expect(same.status).toBe(1);
    expect(same.stderr).toBe('portcheck: --from and --to name the same database\n');
  });

  describe.skipIf(!pgUp)('with PostgreSQL', () => {
    const schemas: TestSchema[] = [];
    afterAll(async () => {
      for (const schema of schemas) await schema.drop();
    });

    it('copies SQLite into PostgreSQL and back, answering and listing keys as the source does', () => {
      const schema = testSchema();
      schemas.push(schema);
      const into = run(['migrate-store', '--from', source, '--to', schema.url]);
      expect(into.stderr).toBe('');
      expect(into.status).toBe(0);
      expect(into.stdout).toMatch(/^ported: 15 rows copied \(15 inserted, 0 updated, 0 deleted\)$/m);
      const expected = check(source).stdout;
      expect(check(schema.url).stdout).toBe(expected);
      expect(JSON.parse(keys(schema.url).stdout)).toEqual(JSON.parse(keys(source).stdout));

      const back = path.join(tmp.dir, 'back.db');
      const out = run(['migrate-store', '--from', schema.url, '--to', back]);
      expect(out.stderr).toBe('');
      expect(out.status).toBe(0);
      expect(check(back).stdout).toBe(expected);
      expect(JSON.parse(keys(back).stdout)).toEqual(JSON.parse(keys(source).stdout));

      const again = run(['migrate-store', '--from', source, '--to', schema.url]);
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/the target already holds data, 2 API keys: nothing was copied/);
    });
  });
});
