import type { DatasetSink } from '../../../domain/sink.js';
import type { Coverage } from '../../../domain/types.js';
import type { ImportCounts } from '../../store.js';
import type { Db } from '../connection.js';
import { streamDatasets } from '../load.js';
import { SessionBase, type SessionOptions } from './session-base.js';

/** Coverage is one document: the file's providers replace the old ones, whatever `replace` says. */
export class CoverageSession extends SessionBase {
  private coverage: Coverage | null = null;

  constructor(db: Db, file: string, options: SessionOptions, release: () => void) {
    super(db, file, 'coverage', options, release);
  }

  override async writeCoverage(coverage: Coverage): Promise<void> {
    this.assertOpen();
    this.coverage = coverage;
  }

  protected async apply(sink: DatasetSink | null): Promise<ImportCounts> {
    if (!this.coverage) throw new Error('commit() of a coverage import without writeCoverage()');
    const old = this.db.prepare('SELECT document FROM coverage WHERE id = 1').pluck().get() as
      | string
      | undefined;
    const deleted = old ? (JSON.parse(old) as Coverage).providers.length : 0;
    if (!this.options.dryRun) {
      this.db
        .prepare('INSERT OR REPLACE INTO coverage (id, document) VALUES (1, ?)')
        .run(JSON.stringify(this.coverage));
    }
    if (sink) await streamDatasets(this.db, sink);
    const n = this.coverage.providers.length;
    return { read: n, inserted: n, updated: 0, deleted };
  }
}
