import type { Snapshot } from '../domain/snapshot.js';
import type { DataVersion, Store } from '../store/store.js';
import { loadSnapshot, rejectedMessage } from './snapshot-file.js';

/** Notes coming within this of each other share one reload check. */
const NOTE_DEBOUNCE_MS = 50;

/** What a request reads: one object, so snapshot and version always agree. */
export interface LoadedSnapshot {
  readonly snapshot: Snapshot;
  readonly version: DataVersion;
  /** ISO-8601 time this process finished building the snapshot. */
  readonly loadedAt: string;
}

/** The slice of a pino logger the holder uses. */
export interface HolderLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * Owns the snapshot the server judges against. A reload builds the new
 * snapshot aside and swaps it in with one assignment: a request takes
 * `current` once at its start, so requests in flight finish on the snapshot
 * they started with, and none ever sees half an import. A failed reload keeps
 * the old snapshot serving.
 */
export class SnapshotHolder {
  private state: LoadedSnapshot | null = null;
  private loading: Promise<LoadedSnapshot> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private generation = 0;
  private noteTimer: NodeJS.Timeout | null = null;
  private following: Promise<void> | null = null;
  private noteAgain = false;
  /** Whether the last reload check failed (logged when it starts and when it ends, not per poll). */
  private failing = false;

  /** `cacheFile`: the snapshot's on-disk form (src/cache), or null to always read the rows. */
  constructor(
    private readonly store: Store,
    private readonly log?: HolderLogger,
    private readonly cacheFile: string | null = null,
  ) {}

  /** The snapshot to serve from, or null before the first load succeeded. */
  get current(): LoadedSnapshot | null {
    return this.state;
  }

  /** Builds a snapshot from the store and swaps it in. Concurrent calls share one build. */
  load(): Promise<LoadedSnapshot> {
    this.loading ??= this.build().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async build(): Promise<LoadedSnapshot> {
    const started = performance.now();
    const { snapshot, version, source, rejected, cacheError } = await loadSnapshot(
      this.store,
      this.cacheFile,
    );
    const next: LoadedSnapshot = { snapshot, version, loadedAt: new Date().toISOString() };
    this.state = next;
    // A file merely older than the data is the normal case after an import: not worth a line of its own.
    if (rejected !== undefined && this.cacheFile)
      this.log?.warn(
        { snapshotFile: this.cacheFile, reason: rejected },
        rejectedMessage(this.cacheFile, rejected),
      );
    if (cacheError)
      this.log?.error({ err: cacheError }, 'could not write the snapshot file; start-up will be slower');
    this.log?.info(
      {
        dataVersion: version.version,
        source,
        ms: Math.round(performance.now() - started),
        counts: snapshot.stats,
      },
      'numbering snapshot loaded',
    );
    return next;
  }

  /**
   * Reloads when the store's data version differs from the one served.
   * Returns true when a new snapshot was swapped in; never throws (a failure
   * is logged and the old snapshot stays).
   */
  async reloadIfChanged(): Promise<boolean> {
    try {
      // A build in flight may have read the data before the commit that
      // brought us here: let it land, then compare against what it served.
      if (this.loading) await this.loading.catch(() => {});
      const latest = await this.store.dataVersion();
      if (this.state && latest.version === this.state.version.version) {
        this.recovered();
        return false;
      }
      await this.load();
      this.recovered();
      return true;
    } catch (err) {
      // Once per outage, not once per poll: a database restarting would otherwise log every 2 s.
      if (!this.failing) {
        this.failing = true;
        this.log?.error(
          { err, servingVersion: this.state?.version.version ?? null },
          'numbering data reload failed; still serving the previous snapshot',
        );
      }
      return false;
    }
  }

  private recovered(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log?.info(
      { dataVersion: this.state?.version.version ?? null },
      'numbering data reachable again; reloads resume',
    );
  }

  /** Looks for a finished import every `intervalMs`; the timer never keeps the process alive. */
  startPolling(intervalMs: number): void {
    this.stop();
    const generation = this.generation;
    const tick = async () => {
      await this.reloadIfChanged();
      // Re-armed only after the check ends, so slow reloads never pile up;
      // not at all once stop() (or a newer startPolling) took over.
      if (generation === this.generation) this.timer = setTimeout(tick, intervalMs).unref();
    };
    this.timer = setTimeout(tick, intervalMs).unref();
  }

  /**
   * A store's `data` note (another process committed an import): reloads
   * soon, bursts of notes folded into one check, one load at a time; a note
   * arriving during a load brings one more check after it. Polling stays
   * armed beside it, for the times notes do not come (a dropped connection).
   */
  notify(): void {
    if (this.noteTimer) return;
    this.noteTimer = setTimeout(() => {
      this.noteTimer = null;
      this.followNote();
    }, NOTE_DEBOUNCE_MS).unref();
  }

  private followNote(): void {
    if (this.following) {
      this.noteAgain = true;
      return;
    }
    this.following = (async () => {
      do {
        this.noteAgain = false;
        await this.reloadIfChanged();
      } while (this.noteAgain);
    })().finally(() => {
      this.following = null;
    });
  }

  stop(): void {
    if (this.noteTimer) clearTimeout(this.noteTimer);
    this.noteTimer = null;
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
