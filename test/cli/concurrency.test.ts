// The desk keeps working while an import runs: keys are created and revoked,
// dry runs validate, and a second import is refused at once by name. The
// import is held open from this test through the store API, as a long
// `portcheck import` holds it while it reads its file.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyVerifier } from '../../src/keys/verifier.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { bindReadOnly, CAN_MOUNT, MOUNT_SKIP_REASON } from '../support/mounts.js';
import {
  BIN,
  cleanEnv,
  ensureBuilt,
  ROOT,
  run,
  SEED_DIR,
  SEED_FILES,
  seedRequest,
  tempDir,
} from './helpers.js';

const tmp = tempDir();
const db = tmp.db;

beforeAll(() => {
  ensureBuilt();
  for (const [dataset, file] of SEED_FILES) {
    expect(run(['import', dataset, path.join(SEED_DIR, file), '--db', db]).status).toBe(0);
  }
});
afterAll(() => tmp.cleanup());

describe('while an import is running', () => {
  it('keys are created and revoked, a dry run runs, a second import is refused at once naming the first', async () => {
    const store = SqliteStore.open(db);
    const holding = await store.beginImport('ported', { replace: false });
    try {
      await holding.write([
        {
          dataset: 'ported',
          line: 2,
          action: 'upsert',
          record: { tn: 2_064_205_780, spid: 'SPA', svType: 'wireline', lrn: null, altSpid: null },
        },
      ]);

      const created = run(['keys', 'create', '--name', 'desk', '--json', '--db', db]);
      expect(created.stderr).toBe('');
      expect(created.status).toBe(0);
      const key = JSON.parse(created.stdout) as { access_key: string; secret_key: string };
      const verifier = new KeyVerifier(store.keys);
      expect(await verifier.verify(key.access_key, key.secret_key)).toMatchObject({ ok: true });

      const revoked = run(['keys', 'revoke', key.access_key, '--db', db]);
      expect(revoked.stderr).toBe('');
      expect(revoked.status).toBe(0);
      expect(await new KeyVerifier(store.keys).verify(key.access_key, key.secret_key)).toEqual({
        ok: false,
        reason: 'revoked',
        accessKey: key.access_key,
      });

      const dry = run(['import', 'carriers', path.join(SEED_DIR, 'carriers.csv'), '--dry-run', '--db', db]);
      expect(dry.stderr).toBe('');
      expect(dry.status).toBe(0);
      expect(dry.stdout).toMatch(
        /^carriers \(dry run, nothing changed\): \d+ rows read; 0 inserted, \d+ updated/,
      );

      const second = run(['import', 'carriers', path.join(SEED_DIR, 'carriers.csv'), '--db', db]);
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(
        new RegExp(
          `^portcheck: another import is running on ${db}: a ported import started \\S+ by process ${process.pid} on `,
        ),
      );
    } finally {
      await holding.abort();
      await store.close();
    }
    expect(run(['import', 'carriers', path.join(SEED_DIR, 'carriers.csv'), '--db', db]).status).toBe(0);
  });
});

describe('a fresh database opened by several processes at once', () => {
  it('is created once and every process succeeds', async () => {
    const fresh = path.join(tmp.dir, 'fresh', 'portcheck.db');
    const exits = await Promise.all(
      [1, 2, 3, 4].map(
        (n) =>
          new Promise<{ code: number | null; stderr: string }>((resolve) => {
            const child = spawn(process.execPath, [BIN, 'keys', 'create', '--name', `k${n}`, '--db', fresh], {
              cwd: ROOT,
              env: cleanEnv(),
              stdio: ['ignore', 'ignore', 'pipe'],
            });
            let stderr = '';
            child.stderr!.setEncoding('utf8').on('data', (s: string) => {
              stderr += s;
            });
            child.once('exit', (code) => resolve({ code, stderr }));
          }),
      ),
    );
    expect(exits).toEqual([1, 2, 3, 4].map(() => ({ code: 0, stderr: '' })));
    const list = run(['keys', 'list', '--json', '--db', fresh]);
    expect((JSON.parse(list.stdout) as { name: string }[]).map((k) => k.name).sort()).toEqual([
      'k1',
      'k2',
      'k3',
      'k4',
    ]);
  });
});

describe.skipIf(!CAN_MOUNT)(
  `a database in a read-only folder (${CAN_MOUNT ? 'root' : MOUNT_SKIP_REASON})`,
  () => {
    it('can be checked; an import into it names the folder', () => {
      const ro = path.join(tmp.dir, 'ro');
      mkdirSync(ro);
      const unmount = bindReadOnly(tmp.dir, ro);
      try {
        const roDb = path.join(ro, 'portcheck.db');
        const checked = run(['check', '--json', '--db', roDb, ...seedRequest()]);
        expect(checked.status).toBe(0);
        expect(JSON.parse(checked.stdout)).toHaveProperty('data.portable');
        const refused = run(['import', 'carriers', path.join(SEED_DIR, 'carriers.csv'), '--db', roDb]);
        expect(refused.status).toBe(1);
        expect(refused.stderr).toMatch(
          new RegExp(`^portcheck: cannot write the database ${roDb}: its folder ${ro} is read-only`),
        );
      } finally {
        unmount();
      }
    });
  },
);
