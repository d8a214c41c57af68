// Moves the accounts file's WAL checkpoints off the request path. By default SQLite checkpoints
// inside the commit that takes the WAL past 1,000 pages: copying the pages into the file and two
// fsyncs, paid by whichever request commits then (about 8 ms a request when creating 10,000-number
// orders). A long-running server instead turns that off on its connection and lets a worker thread,
// with a connection of its own, checkpoint every `intervalMs` on the other core. A PASSIVE
// checkpoint never blocks a writer or a reader. Should the worker fail, the connection checkpoints
// by itself again, as before.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './connection.js';

/** SQLite's default: a commit that takes the WAL past this many pages checkpoints it. */
const DEFAULT_AUTOCHECKPOINT = 1000;

export const CHECKPOINT_INTERVAL_MS = 250;

/**
 * The worker's code, evaluated (not a file of its own, so that it runs the same from the compiled
 * package and from the TypeScript sources under test). It opens the database file by path with the
 * resolved better-sqlite3 module, checkpoints on a timer, and closes when told.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (err) {
    parentPort.postMessage({ error: String((err && err.message) || err) });
  }
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (message) => {
  if (message === 'checkpoint') return checkpoint();
  if (message === 'stop') {
    clearInterval(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
parentPort.postMessage({ ready: true });
`;

export interface CheckpointerOptions {
  intervalMs?: number;
  /** Told once if the worker fails; the connection is back on SQLite's own checkpoints by then. */
  onError?: (message: string) => void;
}

export class BackgroundCheckpointer {
  private stopped = false;
  private exited: Promise<void>;

  private constructor(
    private readonly db: Db,
    private readonly worker: Worker,
  ) {
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
  }

  /** Starts the worker for `db`'s file and, once it is up, turns off `db`'s own checkpoints. */
  static async start(db: Db, options: CheckpointerOptions = {}): Promise<BackgroundCheckpointer> {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { driver, file: db.name, intervalMs: options.intervalMs ?? CHECKPOINT_INTERVAL_MS },
    });
    const checkpointer = new BackgroundCheckpointer(db, worker);
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve());
      worker.once('error', reject);
      worker.once('exit', (code) =>
        reject(new Error(`the checkpoint worker exited (${code}) before starting`)),
      );
    });
    let told = false;
    const fail = (message: string) => {
      checkpointer.restore();
      if (!told) options.onError?.(message);
      told = true;
    };
    worker.on('message', (m: { error?: string }) => {
      if (m.error !== undefined) fail(m.error);
    });
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', () => {
      if (!checkpointer.stopped) fail('the checkpoint worker stopped');
    });
    worker.unref();
    db.pragma('wal_autocheckpoint = 0');
    return checkpointer;
  }

  /** Checkpoints once more, stops the worker and gives the connection its own checkpoints back. */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.stopped = true;
      this.restore();
      // Unreferenced while it runs (it never keeps a process alive); held now until it has closed.
      this.worker.ref();
      this.worker.postMessage('stop');
    }
    await this.exited;
  }

  private restore(): void {
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
  }
}
