import type { DatasetSink } from '../../domain/sink.js';
import type {
  DatasetName,
  DataVersion,
  ImportSession,
  ImportSessionOptions,
  KeyStore,
  Store,
} from '../store.js';
import { connect, type Db, openDatabase } from './connection.js';
import { SqliteImportSession } from './import-session.js';
import { SqliteKeyStore } from './key-store.js';
import { loadInto } from './load.js';

/**
 * The embedded store: one SQLite file in WAL mode. The main connection serves
 * the small queries (versions, keys); a full load and every import each get a
 * connection of their own, so a long read or write never blocks the others
 * inside this process and the same file can be shared with other processes.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly keys: KeyStore;
  private readonly selectVersion;
  private readonly selectAnyRecord;

  private constructor(
    readonly path: string,
    private readonly db: Db,
  ) {
    this.keys = new SqliteKeyStore(db);
    this.selectVersion = db.prepare('SELECT data_version, updated_at FROM meta WHERE id = 1').raw();
    this.selectAnyRecord = db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM carriers) OR EXISTS (SELECT 1 FROM blocks) OR EXISTS (SELECT 1 FROM ported)
             OR EXISTS (SELECT 1 FROM tollfree) OR EXISTS (SELECT 1 FROM coverage)`,
      )
      .pluck();
  }

  /** Opens (creating if needed) the database file and runs pending migrations. */
  static open(path: string): SqliteStore {
    if (path === '' || path === ':memory:' || path.startsWith('file:')) {
      // Loads and imports open their own connections, which an in-memory database cannot share.
      throw new Error(`the SQLite store needs a plain file path, not ${JSON.stringify(path)}`);
    }
    return new SqliteStore(path, openDatabase(path));
  }

  async dataVersion(): Promise<DataVersion> {
    const [version, updatedAt] = this.selectVersion.get() as [number, string | null];
    return { version, updatedAt };
  }

  async isEmpty(): Promise<boolean> {
    return this.selectAnyRecord.get() === 0;
  }

  async loadInto(sink: DatasetSink): Promise<DataVersion> {
    const db = connect(this.path);
    try {
      return await loadInto(db, sink);
    } finally {
      db.close();
    }
  }

  async beginImport(dataset: DatasetName, options: ImportSessionOptions): Promise<ImportSession> {
    try {
      return new SqliteImportSession(this.path, dataset, {
        replace: options.replace,
        dryRun: options.dryRun ?? false,
        direct: options.direct ?? false,
      });
    } catch (error) {
      if ((error as { code?: string }).code === 'SQLITE_BUSY') {
        throw new Error('another import is writing to this database; try again when it has finished', {
          cause: error,
        });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
