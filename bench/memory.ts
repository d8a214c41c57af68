// Child process for row 4: the memory one snapshot adds, measured in a fresh
// process with nothing else loaded. Run with --expose-gc.
//
//   node --expose-gc dist/bench/memory.js --db <file> --source store|file
// Prints one JSON line (MemoryReport).
import { buildFromStore, loadSnapshot } from '../src/cache/snapshot-file.js';
import type { Snapshot } from '../src/domain/snapshot.js';
import { openStore } from '../src/store/open.js';

export interface MemorySample {
  rss: number;
  heapUsed: number;
  arrayBuffers: number;
  external: number;
}

export interface MemoryReport {
  source: 'store' | 'file';
  before: MemorySample;
  after: MemorySample;
  ported: number;
  /** Bytes of the ported number table's typed arrays. */
  portedTableBytes: number;
  /** Bytes of both number tables (ported and toll-free). */
  numberTablesBytes: number;
  loadMs: number;
}

function settle(): MemorySample {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, arrayBuffers: m.arrayBuffers, external: m.external };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Held here so the snapshot outlives the second measurement. */
let held: Snapshot | null = null;

async function main(): Promise<void> {
  const dbPath = arg('db');
  const source = arg('source') === 'file' ? 'file' : 'store';
  if (!dbPath) throw new Error('usage: memory.js --db <file> --source store|file');
  const store = await openStore({ dbPath });
  await store.dataVersion(); // the connection's own memory belongs to "before"
  const before = settle();
  const t0 = performance.now();
  if (source === 'file') {
    const loaded = await loadSnapshot(store, `${dbPath}.snapshot`);
    if (loaded.source !== 'file') throw new Error('the snapshot cache file was missing or stale');
    held = loaded.snapshot;
  } else {
    held = (await buildFromStore(store)).snapshot;
  }
  const loadMs = performance.now() - t0;
  await store.close();
  const after = settle();
  const report: MemoryReport = {
    source,
    before,
    after,
    ported: held.stats.ported,
    portedTableBytes: held.ported.byteLength,
    numberTablesBytes: held.byteLength,
    loadMs,
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
