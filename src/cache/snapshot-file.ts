// The snapshot's on-disk form beside the database: start-up decodes it in a
// fraction of a second instead of re-reading every row. It is stamped with
// the data version it was built from and never trusted when the database has
// moved on; every import and every server reload rewrites it.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { type Snapshot, SnapshotBuilder } from '../domain/snapshot.js';
import { decodeSnapshot, encodeSnapshot } from '../domain/snapshot-codec.js';
import type { DataVersion, Store } from '../store/store.js';

export interface LoadedSnapshot {
  snapshot: Snapshot;
  version: DataVersion;
  /** Where it came from: the cache file, or the database rows. */
  source: 'file' | 'store';
  /** Why the cache file could not be rewritten (the snapshot is still good). */
  cacheError?: string;
}

const stampOf = (v: DataVersion) => JSON.stringify([v.version, v.updatedAt]);

function readCache(path: string, expected: DataVersion): Snapshot | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  try {
    const { snapshot, stamp } = decodeSnapshot(bytes);
    return stamp === stampOf(expected) ? snapshot : null;
  } catch {
    return null; // a damaged or foreign file is rebuilt, never trusted
  }
}

/** Writes atomically (temp file, fsync, rename) so a reader never sees half a file. */
export function writeSnapshotFile(path: string, snapshot: Snapshot, version: DataVersion): void {
  const temp = `${path}.${process.pid}.tmp`;
  const fd = openSync(temp, 'w');
  try {
    for (const chunk of encodeSnapshot(snapshot, stampOf(version))) {
      let written = 0;
      while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
    }
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    rmSync(temp, { force: true });
    throw err;
  }
  closeSync(fd);
  renameSync(temp, path);
}

/** Builds a snapshot from the store's rows (one consistent read). */
export async function buildFromStore(store: Store): Promise<{ snapshot: Snapshot; version: DataVersion }> {
  const builder = new SnapshotBuilder();
  const version = await store.loadInto(builder);
  return { snapshot: builder.build(), version };
}

/**
 * The current data as a snapshot: from `cacheFile` when it matches the
 * database's version, else from the rows (then the file is rewritten). With
 * `cacheFile` null the rows are always read.
 */
export async function loadSnapshot(store: Store, cacheFile: string | null): Promise<LoadedSnapshot> {
  if (cacheFile) {
    const version = await store.dataVersion();
    const cached = readCache(cacheFile, version);
    if (cached) return { snapshot: cached, version, source: 'file' };
  }
  const { snapshot, version } = await buildFromStore(store);
  if (cacheFile) {
    try {
      writeSnapshotFile(cacheFile, snapshot, version);
    } catch (err) {
      return { snapshot, version, source: 'store', cacheError: (err as Error).message };
    }
  }
  return { snapshot, version, source: 'store' };
}
