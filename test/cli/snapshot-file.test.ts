// `portcheck check` and `import` on the built binary with a snapshot file that is damaged or is
// a folder: the answer is the database's, one warning line says what was wrong, no temp file stays.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, run, SEED_DIR, SEED_FILES, tempDir } from './helpers.js';

const tmp = tempDir();
const db = tmp.db;
const snapshot = `${db}.snapshot`;

/** Numbers in the seed's 206-420 exchange, a third of them ported to 683G. */
const NUMBERS = Array.from({ length: 300 }, (_, i) => `1206420${String(i * 31).padStart(4, '0')}`);
NUMBERS.push('18444205780', '15552348976');
/** The answer from the rows (no snapshot file at all). */
let expected: string;

const check = (env: Record<string, string> = {}) => run(['check', '--json', '--db', db, ...NUMBERS], { env });
const temps = (dir = tmp.dir) => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

beforeAll(() => {
  ensureBuilt();
  for (const [dataset, file] of SEED_FILES) {
    expect(run(['import', dataset, path.join(SEED_DIR, file), '--db', db]).status).toBe(0);
  }
  const rows = ['tn,spid,sv_type'];
  for (let i = 0; i < 300; i += 3) rows.push(`206420${String(i * 31).padStart(4, '0')},683G,wireless`);
  writeFileSync(path.join(tmp.dir, 'ported.csv'), `${rows.join('\n')}\n`);
  expect(run(['import', 'ported', path.join(tmp.dir, 'ported.csv'), '--db', db]).status).toBe(0);
  const fromRows = check({ PORTCHECK_SNAPSHOT_FILE: 'off' });
  expect(fromRows.status).toBe(0);
  expected = fromRows.stdout;
  expect(JSON.parse(expected).data.portable.groups.length).toBeGreaterThan(1);
});

afterAll(() => tmp.cleanup());

describe('portcheck check with a damaged snapshot file', () => {
  const cases: Array<[string, (good: Buffer) => Buffer, RegExp]> = [
    [
      'zeroed in the middle',
      (good) => Buffer.from(good).fill(0, good.length >> 2, (good.length >> 2) + 4_096),
      /checksum mismatch/,
    ],
    [
      'with 64 flipped bits',
      (good) => {
        const copy = Buffer.from(good);
        for (let i = 0; i < 64; i++) copy[(i * 7_919) % copy.length] ^= 1 << (i % 8);
        return copy;
      },
      /.+/,
    ],
    ['cut short', (good) => good.subarray(0, good.length - 100), /truncated/],
  ];

  it.each(cases)(
    '%s: answers from the database, says so once, and rewrites the file',
    (_, damage, reason) => {
      const good = readFileSync(snapshot);
      writeFileSync(snapshot, damage(good));
      const r = check();
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(expected);
      const lines = r.stderr.split('\n').filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^portcheck: warning: snapshot file ${snapshot} failed verification \\(.+\\); rebuilt from the database$`,
        ),
      );
      expect(lines[0]).toMatch(reason);
      expect(readFileSync(snapshot).equals(good)).toBe(true);
      // Rewritten: the next check trusts it without a word.
      const again = check();
      expect(again.stderr).toBe('');
      expect(again.stdout).toBe(expected);
    },
  );
});

describe('a folder where the snapshot file should be', () => {
  it('check answers every time, names the path and leaves no temp file', () => {
    const folder = path.join(tmp.dir, 'snapdir');
    mkdirSync(folder);
    for (let i = 0; i < 3; i++) {
      const r = check({ PORTCHECK_SNAPSHOT_FILE: folder });
      expect(r.stdout).toBe(expected);
      expect(r.stderr).toBe(
        `portcheck: warning: snapshot file ${folder} could not be written: it is a directory (EISDIR)\n`,
      );
      expect(temps()).toEqual([]);
      expect(readdirSync(folder)).toEqual([]);
    }
  });

  it('import commits, names the path and leaves no temp file', () => {
    const folder = path.join(tmp.dir, 'snapdir2');
    mkdirSync(folder);
    const r = run(['import', 'carriers', path.join(SEED_DIR, 'carriers.csv'), '--db', db], {
      env: { PORTCHECK_SNAPSHOT_FILE: folder },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      `portcheck: warning: the import is committed, but the snapshot file ${folder} could not be written: it is a directory (EISDIR); it will be rebuilt from the rows when next needed\n`,
    );
    expect(temps()).toEqual([]);
  });
});
