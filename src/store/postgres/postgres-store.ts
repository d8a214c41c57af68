import type pg from 'pg';
import type { DatasetSink } from '../../domain/sink.js';
import type { OrderStore } from '../orders-store.js';
import type {
  DatasetName,
  DataVersion,
  ImportSession,
  ImportSessionOptions,
  KeyStore,
  PublishedSnapshot,
  Store,
  StoreChange,
  StoreStatus,
} from '../store.js';
import type { WebhookStore } from '../webhook-store.js';
import { copyOutOneRow } from './copy.js';
import { Database } from './database.js';
import { PostgresImportSession } from './import/session.js';
import { PostgresKeyStore } from './key-store.js';
import { ChangeListener } from './listener.js';
import { streamDatasets } from './load.js';
import { PostgresOrderStore } from './orders/order-store.js';
import { checkReadableSchema, MIGRATIONS, migrate } from './schema.js';
import { parsePostgresUrl } from './url.js';
import { PostgresWebhookStore } from './webhooks/webhook-store.js';

export interface PostgresOpenOptions {
  /** No migration (the schema must be there); imports and key changes are refused. */
  readOnly?: boolean;
  /** The key of the orders' sensitive fields and webhook secrets (PORTCHECK_ENCRYPTION_KEY, parsed). */
  encryptionKey?: Buffer;
}

/**
 * The networked store: one PostgreSQL schema (`?schema=` in the URL, default
 * public) shared by every instance. Small queries go through a pool; a load
 * and each import take a connection of their own for their transaction.
 * Commits notify the schema's channel, which subscribe() listens to.
 */
export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly keys: KeyStore;
  readonly orders: OrderStore;
  readonly webhooks: WebhookStore;
  private readonly listener: ChangeListener;
  private id: string | null = null;
  private closed = false;

  private constructor(
    private readonly db: Database,
    private readonly readOnly: boolean,
    schemaVersion: number,
    encryptionKey: Buffer | undefined,
  ) {
    this.keys = new PostgresKeyStore(db, readOnly, schemaVersion);
    this.orders = new PostgresOrderStore(db, { readOnly, schemaVersion, encryptionKey });
    this.webhooks = new PostgresWebhookStore(db, { readOnly, schemaVersion, encryptionKey });
    this.listener = new ChangeListener(db.target, db.channel);
  }

  /** Connects, and (unless readOnly) creates or migrates the schema. */
  static async open(url: string, options: PostgresOpenOptions = {}): Promise<PostgresStore> {
    const db = new Database(parsePostgresUrl(url));
    try {
      const client = await db.connect();
      let version = MIGRATIONS.length;
      try {
        if (options.readOnly) version = await checkReadableSchema(client, db.target);
        else await migrate(client, db.target);
      } catch (error) {
        throw db.explain(error);
      } finally {
        client.release();
      }
      return new PostgresStore(db, options.readOnly ?? false, version, options.encryptionKey);
    } catch (error) {
      await db.end().catch(() => {});
      throw error;
    }
  }

  async dataVersion(): Promise<DataVersion> {
    const [[version, updatedAt]] = (await this.db.read(
      'SELECT data_version, updated_at FROM data_meta WHERE id = 1',
    )) as [[number, string | null]];
    return { version, updatedAt };
  }

  async isEmpty(): Promise<boolean> {
    const [[any]] = (await this.db.read(
      `SELECT EXISTS (SELECT 1 FROM carriers) OR EXISTS (SELECT 1 FROM blocks) OR EXISTS (SELECT 1 FROM ported)
           OR EXISTS (SELECT 1 FROM tollfree) OR EXISTS (SELECT 1 FROM coverage)`,
    )) as [[boolean]];
    return !any;
  }

  /** One REPEATABLE READ, read-only transaction: the sink sees exactly one committed version. */
  async loadInto(sink: DatasetSink): Promise<DataVersion> {
    return this.onOwnConnection(async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const version = await streamDatasets(client, sink);
      await client.query('COMMIT');
      return version;
    });
  }

  async beginImport(dataset: DatasetName, options: ImportSessionOptions): Promise<ImportSession> {
    if (this.readOnly) {
      throw new Error(`the store was opened read-only: imports cannot run on ${this.db.target.where}`);
    }
    return PostgresImportSession.begin(this.db, dataset, options);
  }

  subscribe(listener: (change: StoreChange) => void): () => void {
    if (this.closed) return () => {};
    return this.listener.subscribe(listener);
  }

  async databaseId(): Promise<string> {
    if (this.id === null) {
      const [[id]] = (await this.db.read('SELECT database_id FROM data_meta WHERE id = 1')) as [[string]];
      this.id = id;
    }
    return this.id;
  }

  /** Through a binary COPY (copyOutOneRow): the snapshot is tens of megabytes. */
  async publishedSnapshot(): Promise<PublishedSnapshot | null> {
    const row = await this.onOwnConnection((client) =>
      copyOutOneRow(client, 'SELECT stamp, bytes FROM published_snapshot WHERE id = 1'),
    );
    const [stamp, bytes] = row ?? [];
    return stamp && bytes ? { stamp: stamp.toString('utf8'), bytes } : null;
  }

  /**
   * Runs `work` (a COPY, or a transaction of its own) on a pooled connection held for it alone, marking
   * the store's health by the outcome.
   */
  private async onOwnConnection<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.db.connect();
    let broken: Error | undefined;
    try {
      const result = await work(client);
      this.db.health.ok();
      return result;
    } catch (error) {
      this.db.health.failed(error);
      broken = error as Error;
      throw this.db.explain(error);
    } finally {
      // After a failure the connection may be mid-COPY or gone: closed, not pooled.
      client.release(broken);
    }
  }

  status(): StoreStatus {
    return { database: this.db.health.database, changes: this.listener.changes };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listener.close();
    await this.db.end();
  }
}
