import type { DatasetSink } from '../../../domain/sink.js';
import type { CarrierRecord, Coverage } from '../../../domain/types.js';
import type {
  DatasetName,
  DataVersion,
  DuplicateKey,
  ImportCounts,
  ImportSession,
  StagedRow,
} from '../../store.js';
import type { Db } from '../connection.js';
import { explain } from '../errors.js';

export interface SessionOptions {
  replace: boolean;
  dryRun: boolean;
}

/**
 * What every import strategy shares: its own connection, inside one
 * transaction from begin to commit (begin.ts opens it: the write lock for an
 * import, a read transaction for a dry run), the version bump, commit or
 * rollback, and closing. Readers keep seeing the previous version until
 * COMMIT; a process that dies mid-import leaves only a rolled-back journal.
 * A dry run writes nothing but TEMP tables, which lock nothing.
 */
export abstract class SessionBase implements ImportSession {
  private finished = false;

  constructor(
    protected readonly db: Db,
    protected readonly file: string,
    protected readonly dataset: DatasetName,
    protected readonly options: SessionOptions,
    private readonly release: () => void,
  ) {}

  async write(_rows: readonly StagedRow[]): Promise<DuplicateKey[]> {
    throw new Error(`a ${this.dataset} import takes no rows`);
  }

  async writeCoverage(_coverage: Coverage): Promise<void> {
    throw new Error(`writeCoverage() in a ${this.dataset} import`);
  }

  async writeCarriersIfAbsent(_records: readonly CarrierRecord[]): Promise<void> {
    throw new Error(`writeCarriersIfAbsent() in a ${this.dataset} import`);
  }

  async validate(): Promise<string[]> {
    this.assertOpen();
    return [];
  }

  async commit(sink?: DatasetSink): Promise<ImportCounts> {
    this.assertOpen();
    try {
      const version = this.options.dryRun ? null : this.bumpVersion();
      const counts = await this.apply(sink ?? null);
      if (version) counts.version = version;
      this.db.exec(this.options.dryRun ? 'ROLLBACK' : 'COMMIT');
      this.close(false);
      return counts;
    } catch (error) {
      this.close(true);
      throw explain(error, this.file);
    }
  }

  async abort(): Promise<void> {
    if (!this.finished) this.close(true);
  }

  /**
   * Counts what the commit does and, unless a dry run, does it (the counts
   * come from reads, so a dry run counts exactly as a real import); streams
   * the result into `sink`.
   */
  protected abstract apply(sink: DatasetSink | null): Promise<ImportCounts>;

  /** Frees what the strategy holds besides the connection (called once, at the end). */
  protected cleanup(): void {}

  protected assertOpen(): void {
    if (this.finished) throw new Error('this import session has already been committed or aborted');
  }

  /** Runs a step of the session, its file errors explained. */
  protected guard<T>(fn: () => T): T {
    this.assertOpen();
    try {
      return fn();
    } catch (error) {
      throw explain(error, this.file);
    }
  }

  private bumpVersion(): DataVersion {
    const [version, updatedAt] = this.db
      .prepare(
        'UPDATE meta SET data_version = data_version + 1, updated_at = ? WHERE id = 1 RETURNING data_version, updated_at',
      )
      .raw()
      .get(new Date().toISOString()) as [number, string];
    return { version, updatedAt };
  }

  private close(rollback: boolean): void {
    this.finished = true;
    try {
      if (rollback && this.db.inTransaction) this.db.exec('ROLLBACK');
    } finally {
      try {
        this.cleanup();
      } finally {
        this.db.close();
        this.release();
      }
    }
  }
}
