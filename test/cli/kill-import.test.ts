// kill -9 in the middle of a large import: the previous data stays, no lock is left behind,
// and the next import works.
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readlinkSync,
  rmSync,
  watch,
  writeFileSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { RecordingSink } from '../store/recording-sink.js';
import { BIN, cleanEnv, ensureBuilt, ROOT, run, tempDir } from './helpers.js';

const BIG_ROWS = 2_000_000;
const tmp = tempDir();
const db = tmp.db;

/** A ported file of `rows` numbers from 206-200-0000 up, written a slice at a time. */
function writePorted(file: string, rows: number, spid: string): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, 'tn,spid,sv_type\n');
    for (let start = 0; start < rows; start += 100_000) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(rows, start + 100_000); i++)
        lines.push(`${2_062_000_000 + i},${spid},voip\n`);
      writeSync(fd, lines.join(''));
    }
  } finally {
    closeSync(fd);
  }
}

/** True while another connection holds the database's write lock (an import between BEGIN and COMMIT). */
function writeLocked(): boolean {
  const probe = new Database(db, { timeout: 0 });
  try {
    probe.exec('BEGIN IMMEDIATE');
    probe.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return true;
    throw error;
  } finally {
    probe.close();
  }
}

async function contents() {
  const store = SqliteStore.open(db);
  try {
    const sink = new RecordingSink();
    const version = await store.loadInto(sink);
    return { version, ported: sink.portedRows };
  } finally {
    await store.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => ensureBuilt());
afterAll(() => tmp.cleanup());

/** True while process `pid` has `file` open (Linux /proc; the import closes its input once every row is staged). */
function hasOpen(pid: number, file: string): boolean {
  try {
    return readdirSync(`/proc/${pid}/fd`).some((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`) === file;
      } catch {
        return false;
      }
    });
  } catch {
    return false;
  }
}

const big = path.join(tmp.dir, 'big.csv');

describe('an import killed with SIGKILL', () => {
  beforeAll(() => writePorted(big, BIG_ROWS, 'BBBB'));

  // The phase after reading is found through /proc (Linux): where there is none, the merging
  // case is left out and the direct one is killed a second in.
  // 'direct': an empty ported dataset takes the direct path (rows sorted while the file is
  // read, then inserted in number order at commit).
  const cases = [
    ['while it stages rows', 'staging'],
    ['after reading the file, while it merges the rows into the dataset', 'merging'],
    ['after reading the file, while it writes the sorted rows into an empty dataset', 'direct'],
  ] as const;
  it.each(cases.filter(([, when]) => when !== 'merging' || existsSync('/proc/self/fd')))(
    '%s: the previous data is intact, no lock is left, and the next import works',
    async (_, when) => {
      for (const suffix of ['', '-wal', '-shm', '.snapshot']) rmSync(`${db}${suffix}`, { force: true });
      const small = path.join(tmp.dir, 'small.csv');
      if (when === 'direct') {
        // A previous version without ported numbers: toll-free data only.
        writeFileSync(small, 'number,resporg_id,status\n8444205780,LGT01,WORKING\n');
        expect(run(['import', 'tollfree', small, '--db', db]).status).toBe(0);
      } else {
        writePorted(small, 3, 'AAAA');
        expect(run(['import', 'ported', small, '--db', db]).status).toBe(0);
      }
      const before = await contents();
      expect(before.ported).toHaveLength(when === 'direct' ? 0 : 3);

      const child = spawn(process.execPath, [BIN, 'import', 'ported', big, '--db', db], {
        cwd: ROOT,
        env: cleanEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        output += s;
      });
      child.stderr.setEncoding('utf8').on('data', (s: string) => {
        output += s;
      });
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.once('exit', (_code, signal) => resolve(signal)),
      );
      const waitFor = async (condition: () => boolean) => {
        while (!condition()) {
          if (child.exitCode !== null)
            throw new Error(`the import ended before it could be killed:\n${output}`);
          await sleep(10);
        }
      };

      // The import holds the write lock from its first row to COMMIT.
      await waitFor(writeLocked);
      if (when === 'staging' || !existsSync('/proc/self/fd')) {
        await sleep(1000); // a second of writing; 2 million rows take far longer
      } else {
        await waitFor(() => hasOpen(child.pid!, big));
        await waitFor(() => !hasOpen(child.pid!, big));
      }
      expect(child.exitCode).toBeNull();
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(output).not.toMatch(/rows read/);

      // The previous version, exactly; nothing of the big file; an intact file with no lock held.
      expect(await contents()).toEqual(before);
      expect(writeLocked()).toBe(false);
      // The direct path's temporary file went with the process.
      expect(readdirSync(path.dirname(db)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
      const check = new Database(db, { readonly: true });
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      check.close();

      // The next import goes through at once and is seen.
      const next = path.join(tmp.dir, 'next.csv');
      writePorted(next, 5, 'CCCC');
      const r = run(['import', 'ported', next, '--db', db]);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toMatch(
        when === 'direct'
          ? /^ported: 5 rows read; 5 inserted, 0 updated, 0 deleted/
          : /^ported: 5 rows read; 2 inserted, 3 updated, 0 deleted/,
      );
      const after = await contents();
      expect(after.version.version).toBe(before.version.version + 1);
      expect(after.ported.map(([, spid]) => spid)).toEqual(Array(5).fill('CCCC'));
    },
    120_000,
  );
});

describe('an import killed with SIGKILL while it writes the snapshot file', () => {
  beforeAll(() => {
    if (!existsSync(big)) writePorted(big, BIG_ROWS, 'BBBB');
  });

  it('leaves a temp file that the next check removes, and the next import too', async () => {
    for (const suffix of ['', '-wal', '-shm', '.snapshot']) rmSync(`${db}${suffix}`, { force: true });
    const dir = path.dirname(db);
    const temps = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    const child = spawn(process.execPath, [BIN, 'import', 'ported', big, '--db', db], {
      cwd: ROOT,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    for (const stream of [child.stdout, child.stderr])
      stream.setEncoding('utf8').on('data', (s: string) => {
        output += s;
      });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.once('exit', (_code, signal) => resolve(signal)),
    );
    // Killed the moment its temp file appears: the commit is done, the file half written.
    const temp = `${path.basename(db)}.snapshot.${child.pid}.tmp`;
    const watcher = watch(dir, (_event, name) => {
      if (name === temp && child.exitCode === null) child.kill('SIGKILL');
    });
    try {
      const signal = await exited;
      expect(signal, `the import ended before it could be killed:\n${output}`).toBe('SIGKILL');
    } finally {
      watcher.close();
    }
    expect(temps()).toEqual([temp]);
    expect(existsSync(`${db}.snapshot`)).toBe(false);

    // A start (here `portcheck check`) removes it and writes the file whole.
    const check = run(['check', '--json', '--db', db, '2062000007']);
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
    expect(temps()).toEqual([]);
    expect(existsSync(`${db}.snapshot`)).toBe(true);

    // So does an import, whoever left the temp file.
    writeFileSync(path.join(dir, `${path.basename(db)}.snapshot.${child.pid}.tmp`), 'half a snapshot');
    const next = path.join(tmp.dir, 'next.csv');
    writePorted(next, 5, 'CCCC');
    const r = run(['import', 'ported', next, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(temps()).toEqual([]);
  }, 120_000);
});
