// The snapshot's on-disk form beside the database: start-up decodes it in a
// fraction of a second instead of re-reading every row. It is stamped with
// the data version it was built from and the identity of the database it came
// from (when the store has one), and never trusted when the database has moved
// on or is another one (a copied file, a re-created database); every import and every server reload rewrites it. Every byte is
// verified (CRC-32) before use: a damaged file is rebuilt from the rows.
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { type Snapshot, SnapshotBuilder } from '../domain/snapshot.js';
import { decodeSnapshot, encodeSnapshot, SnapshotRejected } from '../domain/snapshot-codec.js';
import type { DataVersion, SnapshotPublisher, Store } from '../store/store.js';

export interface LoadedSnapshot {
  snapshot: Snapshot;
  version: DataVersion;
  /**
   * Where it came from: the cache file, the snapshot the last import published in the database
   * (PostgreSQL), or the database rows.
   */
  source: 'file' | 'published' | 'store';
  /**
   * Why the cache file was refused although present (damaged, cut short, not
   * a snapshot, another version's format). Unset when it was merely older
   * than the database: that is the normal case after an import elsewhere.
   */
  rejected?: string;
  /** Why the cache file could not be rewritten (the snapshot is still good). */
  cacheError?: string;
}

/**
 * The version, and the database's identity when the store has one: two
 * databases both at version 3 must not share a file. Without an identity the
 * stamp keeps its old form, so files written before still verify.
 */
const stampOf = (v: DataVersion, databaseId: string | null) =>
  JSON.stringify(databaseId === null ? [v.version, v.updatedAt] : [v.version, v.updatedAt, databaseId]);

/** The store's database identity. */
export async function databaseIdOf(store: Store): Promise<string> {
  return store.databaseId();
}

/** The one line to log or print when a cache file failed verification. */
export function rejectedMessage(path: string, reason: string): string {
  return `snapshot file ${path} failed verification (${reason}); rebuilt from the database`;
}

type Cached = { snapshot: Snapshot } | { rejected: string } | null;

/** The file's snapshot when it verifies and matches `expected`; null when absent or older. */
function readCache(path: string, expected: string): Cached {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null; // absent or unreadable: treated as missing; the rewrite reports what is wrong
  }
  try {
    const { snapshot, stamp } = decodeSnapshot(bytes, crc32);
    return stamp === expected ? { snapshot } : null;
  } catch (err) {
    // Never trusted: rebuilt. Anything but a SnapshotRejected is a bug in the codec, still not fatal.
    return {
      rejected: err instanceof SnapshotRejected ? err.reason : `undecodable: ${(err as Error).message}`,
    };
  }
}

/** What went wrong with a file operation, in words, with the code for searching. */
function describe(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EISDIR: 'it is a directory',
    ENOTDIR: 'a part of its path is not a directory',
    ENOENT: 'its folder does not exist',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    EDQUOT: 'disk quota exceeded',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return code ?? (err as Error).message;
}

const TEMP = /^(.*)\.(\d+)\.tmp$/;

function alive(pid: number): boolean {
  if (pid === process.pid) return false; // our writes are synchronous: none is under way now
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH'; // EPERM: alive, another user's
  }
}

/**
 * Removes `<path>.<pid>.tmp` left by a writer that was killed (its pid is no
 * longer a live process). A live writer's temp file is left alone.
 */
export function removeStaleTemps(path: string): void {
  const name = basename(path);
  let entries: string[];
  try {
    entries = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const entry of entries) {
    const m = TEMP.exec(entry);
    if (!m || m[1] !== name || alive(Number(m[2]))) continue;
    rmSync(join(dirname(path), entry), { force: true });
  }
}

/**
 * Writes atomically (temp file in the same folder, fsync, rename) so a reader
 * never sees half a file; the temp file never outlives a failure. Throws an
 * error whose message names `path` and what is wrong.
 */
export function writeSnapshotFile(
  path: string,
  snapshot: Snapshot,
  version: DataVersion,
  databaseId: string | null = null,
): void {
  removeStaleTemps(path);
  const temp = `${path}.${process.pid}.tmp`;
  let fd: number | null = null;
  try {
    fd = openSync(temp, 'w');
    for (const chunk of encodeSnapshot(snapshot, stampOf(version, databaseId), crc32)) {
      let written = 0;
      while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(temp, path);
  } catch (err) {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    throw new Error(`snapshot file ${path} could not be written: ${describe(err)}`);
  }
}

/**
 * The snapshot the last import published with its commit, when the store keeps one and it is of the
 * current version of this database (checked by its stamp and its CRC); else null, and the caller
 * reads the rows. Never throws: anything wrong here only costs the full read.
 */
async function fromPublished(
  store: Store,
  knownId: string | null,
): Promise<{ snapshot: Snapshot; version: DataVersion } | null> {
  if (!store.publishedSnapshot) return null;
  try {
    const version = await store.dataVersion();
    const published = await store.publishedSnapshot();
    const expected = stampOf(version, knownId ?? (await databaseIdOf(store)));
    if (published === null || published.stamp !== expected) return null;
    const { snapshot, stamp } = decodeSnapshot(published.bytes, crc32);
    return stamp === expected ? { snapshot, version } : null;
  } catch {
    return null;
  }
}

/**
 * For an import's commit (ImportSession.commit's `publish`): builds the snapshot the commit's sink
 * received, encodes it stamped with the new version, and keeps it for the caller's own file.
 */
export function snapshotPublisher(
  builder: SnapshotBuilder,
  databaseId: string,
): { publish: SnapshotPublisher; built: () => Snapshot | null } {
  let snapshot: Snapshot | null = null;
  return {
    publish: (version) => {
      snapshot = builder.build();
      const stamp = stampOf(version, databaseId);
      return {
        stamp,
        chunks: encodeSnapshot(snapshot, stamp, crc32),
      };
    },
    built: () => snapshot,
  };
}

/** Builds a snapshot from the store's rows (one consistent read). */
export async function buildFromStore(store: Store): Promise<{ snapshot: Snapshot; version: DataVersion }> {
  const builder = new SnapshotBuilder();
  const version = await store.loadInto(builder);
  return { snapshot: builder.build(), version };
}

/**
 * The current data as a snapshot: from `cacheFile` when it verifies and
 * matches the database's version and identity, else from the rows (then the file is
 * rewritten). With `cacheFile` null the rows are always read.
 */
export async function loadSnapshot(store: Store, cacheFile: string | null): Promise<LoadedSnapshot> {
  let rejected: string | undefined;
  const databaseId = cacheFile ? await databaseIdOf(store) : null;
  if (cacheFile) {
    removeStaleTemps(cacheFile);
    const version = await store.dataVersion();
    const cached = readCache(cacheFile, stampOf(version, databaseId));
    if (cached && 'snapshot' in cached) return { snapshot: cached.snapshot, version, source: 'file' };
    rejected = cached?.rejected;
  }
  const published = await fromPublished(store, databaseId);
  const { snapshot, version } = published ?? (await buildFromStore(store));
  const loaded: LoadedSnapshot = { snapshot, version, source: published ? 'published' : 'store' };
  if (rejected !== undefined) loaded.rejected = rejected;
  if (cacheFile) {
    try {
      writeSnapshotFile(cacheFile, snapshot, version, databaseId);
    } catch (err) {
      loaded.cacheError = (err as Error).message;
    }
  }
  return loaded;
}
