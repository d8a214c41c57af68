// What every row gets: the size, the dataset and database, the snapshot
// (loaded once, in this process) and the server child (started once for
// rows 2 and 3).
import { spawn } from 'node:child_process';
import { loadSnapshot } from '../../src/cache/snapshot-file.js';
import type { Snapshot } from '../../src/domain/snapshot.js';
import { openStore } from '../../src/store/open.js';
import { firstJsonLine, stopChild } from './child.js';
import type { BenchDataset, BenchSize } from './dataset.js';
import { SERVERS_ENTRY } from './paths.js';
import type { ServersInfo } from './servers-info.js';

export interface BenchContext {
  size: BenchSize;
  data: BenchDataset;
  /** The SQLite database holding the whole dataset. */
  db: string;
  /** The snapshot cache file beside it. */
  cacheFile: string;
  log(line: string): void;
  snapshot(): Promise<Snapshot>;
  servers(): Promise<ServersInfo>;
  stopServers(): Promise<void>;
}

/** A bench/servers.ts child on `db`, once it has printed its ports and key. */
export async function startServers(
  db: string,
  log: (line: string) => void,
  extraArgs: readonly string[] = [],
): Promise<{ info: ServersInfo; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [SERVERS_ENTRY, '--db', db, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => log(`  servers: ${d.toString().trim()}`));
  try {
    const info = await firstJsonLine<ServersInfo>(child, 600_000);
    // Keep draining so a chatty child never blocks on a full pipe.
    child.stdout?.resume();
    return { info, stop: () => stopChild(child).then(() => {}) };
  } catch (err) {
    await stopChild(child);
    throw err;
  }
}

export function createContext(
  size: BenchSize,
  data: BenchDataset,
  db: string,
  log: (line: string) => void,
): BenchContext {
  let snapshot: Promise<Snapshot> | null = null;
  let running: Promise<{ info: ServersInfo; stop(): Promise<void> }> | null = null;
  const cacheFile = `${db}.snapshot`;
  return {
    size,
    data,
    db,
    cacheFile,
    log,
    snapshot() {
      snapshot ??= (async () => {
        const store = await openStore({ dbPath: db });
        try {
          const loaded = await loadSnapshot(store, cacheFile);
          log(
            `  snapshot loaded from ${loaded.source}${loaded.cacheError ? ` (cache not written: ${loaded.cacheError})` : ''}`,
          );
          return loaded.snapshot;
        } finally {
          await store.close();
        }
      })();
      return snapshot;
    },
    servers() {
      running ??= startServers(db, log);
      return running.then((r) => r.info);
    },
    async stopServers() {
      const r = running;
      running = null;
      if (r) await (await r.catch(() => null))?.stop();
    },
  };
}
