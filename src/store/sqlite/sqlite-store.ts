import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DatasetSink } from '../../domain/sink.js';
import { FieldCipher } from '../field-cipher.js';
import type { OrderStore } from '../orders-store.js';
import type {
  DatasetName,
  DataVersion,
  ImportSession,
  ImportSessionOptions,
  KeyStore,
  Store,
  StoreStatus,
} from '../store.js';
import type { WebhookStore } from '../webhook-store.js';
import { accountsMigrations, accountsPathOf, ORDER_RUNS, WITH_WEBHOOKS } from './accounts-schema.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { checkReadableSchema, connect, connectReader, type Db, migrate } from './connection.js';
import { keyFileOf, loadOrCreateKeyFile } from './encryption-key-file.js';
import { explained, explainedAsync } from './errors.js';
import { beginSqliteImport } from './import/begin.js';
import { ImportLock } from './import-lock.js';
import { SqliteKeyStore } from './key-store.js';
import { loadInto } from './load.js';
import { SqliteOrderStore } from './orders/order-store.js';
import { MIGRATIONS, OLDEST_READABLE } from './schema.js';
import { Outbox } from './webhooks/outbox.js';
import { SqliteWebhookStore } from './webhooks/webhook-store.js';

export interface SqliteOpenOptions {
  /**
   * Only read: no file is created or changed, so a database in a read-only
   * folder or file can be read. Imports and key changes are refused.
   */
  readOnly?: boolean;
  /**
   * The 32-byte key of the orders' sensitive fields; without it, the key file beside the database
   * (`<db>.key`, mode 0600) is used, made the first time a sensitive field is written.
   */
  encryptionKey?: Buffer;
}

/**
 * The embedded store: two SQLite files in WAL mode. The `--db` file holds
 * the numbering data; the accounts file beside it (accounts-schema.ts) holds
 * the API keys and names the running import, so that neither waits for an
 * import's write lock. The main connection serves the small queries
 * (versions); a full load and every import each get a connection of their
 * own, so a long read or write never blocks the others inside this process
 * and the files can be shared with other processes.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly keys: KeyStore;
  readonly orders: OrderStore;
  readonly webhooks: WebhookStore;
  readonly accountsPath: string;
  private readonly selectVersion;
  private readonly selectAnyRecord;
  private readonly lock: ImportLock | null;
  private id: string | null = null;
  private checkpointer: BackgroundCheckpointer | null = null;

  private constructor(
    readonly path: string,
    private readonly db: Db,
    private readonly accounts: Db | null,
    private readonly readOnly: boolean,
    encryptionKey: Buffer | undefined,
  ) {
    this.accountsPath = accountsPathOf(path);
    this.keys = new SqliteKeyStore(accounts, this.accountsPath, readOnly);
    const keyFile = keyFileOf(path);
    const cipher = new FieldCipher(
      encryptionKey ?? (() => explained(keyFile, () => loadOrCreateKeyFile(keyFile, !readOnly))),
      this.accountsPath,
    );
    const accountsVersion =
      accounts === null ? 0 : (accounts.pragma('user_version', { simple: true }) as number);
    const withWebhooks = accounts !== null && accountsVersion >= WITH_WEBHOOKS;
    // The outbox is written only by a writable store (a read-only one appends no events).
    const outbox = withWebhooks && !readOnly ? new Outbox(accounts) : null;
    // A read-only store on a file from before ORDER_RUNS (it cannot migrate it) shows no orders.
    this.orders = new SqliteOrderStore(
      accountsVersion >= ORDER_RUNS ? accounts : null,
      this.accountsPath,
      readOnly,
      cipher,
      outbox,
    );
    this.webhooks = new SqliteWebhookStore(
      withWebhooks ? accounts : null,
      this.accountsPath,
      readOnly,
      cipher,
    );
    this.lock = accounts && !readOnly ? new ImportLock(accounts, this.accountsPath, path) : null;
    this.selectVersion = db.prepare('SELECT data_version, updated_at FROM meta WHERE id = 1').raw();
    this.selectAnyRecord = db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM carriers) OR EXISTS (SELECT 1 FROM blocks) OR EXISTS (SELECT 1 FROM ported)
             OR EXISTS (SELECT 1 FROM tollfree) OR EXISTS (SELECT 1 FROM coverage)`,
      )
      .pluck();
  }

  /**
   * Opens (creating if needed) the database and its accounts file and runs
   * pending migrations: the accounts file's first, as they copy the keys of
   * a database from before the split, which the database's own then drops.
   */
  static open(path: string, options: SqliteOpenOptions = {}): SqliteStore {
    if (path === '' || path === ':memory:' || path.startsWith('file:')) {
      // Loads and imports open their own connections, which an in-memory database cannot share.
      throw new Error(`the SQLite store needs a plain file path, not ${JSON.stringify(path)}`);
    }
    if (options.readOnly) return SqliteStore.openReadOnly(path, options.encryptionKey);
    const accountsPath = accountsPathOf(path);
    const opened: Db[] = [];
    try {
      explained(path, () => mkdirSync(dirname(path), { recursive: true }));
      const db = explained(path, () => connect(path));
      opened.push(db);
      const accounts = explained(accountsPath, () => connect(accountsPath));
      opened.push(accounts);
      explained(accountsPath, () => migrate(accounts, accountsMigrations(db), accountsPath));
      explained(path, () => migrate(db, MIGRATIONS, path));
      return new SqliteStore(path, db, accounts, false, options.encryptionKey);
    } catch (error) {
      for (const db of opened) db.close();
      throw error;
    }
  }

  private static openReadOnly(path: string, encryptionKey: Buffer | undefined): SqliteStore {
    const accountsPath = accountsPathOf(path);
    const db = explained(path, () => connectReader(path));
    let accounts: Db | null = null;
    try {
      explained(path, () => checkReadableSchema(db, path, OLDEST_READABLE, MIGRATIONS.length));
      if (existsSync(accountsPath)) accounts = explained(accountsPath, () => connectReader(accountsPath));
      return new SqliteStore(path, db, accounts, true, encryptionKey);
    } catch (error) {
      accounts?.close();
      db.close();
      throw error;
    }
  }

  async dataVersion(): Promise<DataVersion> {
    const [version, updatedAt] = explained(this.path, () => this.selectVersion.get()) as [
      number,
      string | null,
    ];
    return { version, updatedAt };
  }

  async isEmpty(): Promise<boolean> {
    return explained(this.path, () => this.selectAnyRecord.get()) === 0;
  }

  /** On a connection that only reads: loads need no write access to the files. */
  async loadInto(sink: DatasetSink): Promise<DataVersion> {
    return explainedAsync(this.path, async () => {
      const db = connectReader(this.path);
      try {
        return await loadInto(db, sink);
      } finally {
        db.close();
      }
    });
  }

  /**
   * Made by migration 3. A database of an older schema opened read-only
   * (which migrates nothing) has none yet: its path stands in, so that its
   * snapshot file is still tied to it.
   */
  async databaseId(): Promise<string> {
    if (this.id === null) {
      const hasId = explained(this.path, () =>
        this.db.prepare("SELECT 1 FROM pragma_table_info('meta') WHERE name = 'database_id'").pluck().get(),
      );
      const id = hasId
        ? (explained(this.path, () =>
            this.db.prepare('SELECT database_id FROM meta WHERE id = 1').pluck().get(),
          ) as string | null)
        : null;
      this.id = id ?? `file:${resolve(this.path)}`;
    }
    return this.id;
  }

  /** An embedded file is always at hand; other processes' commits are found by polling. */
  status(): StoreStatus {
    return { database: 'ok', changes: 'polling' };
  }

  async beginImport(dataset: DatasetName, options: ImportSessionOptions): Promise<ImportSession> {
    if (this.readOnly || !this.lock) {
      throw new Error(`the database ${this.path} was opened read-only: imports cannot run on it`);
    }
    return beginSqliteImport(this.path, this.lock, dataset, options);
  }

  /**
   * For a long-running process: the accounts file's WAL is checkpointed by a worker thread instead
   * of by the commits (checkpointer.ts). `onError` hears once if the worker fails.
   */
  async checkpointInBackground(onError?: (message: string) => void): Promise<void> {
    if (this.readOnly || this.accounts === null || this.checkpointer !== null) return;
    this.checkpointer = await BackgroundCheckpointer.start(this.accounts, { onError });
  }

  async close(): Promise<void> {
    await this.checkpointer?.stop();
    if (this.accounts?.open) this.accounts.close();
    if (this.db.open) this.db.close();
  }
}
