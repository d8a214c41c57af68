import type { DatasetName, ImportSession, ImportSessionOptions } from '../../store.js';
import { connect } from '../connection.js';
import { assertWritable, explain } from '../errors.js';
import type { ImportLock } from '../import-lock.js';
import { CoverageSession } from './coverage.js';
import { DirectPortedSession } from './direct-ported.js';
import { StagedSession } from './staged.js';

/**
 * Opens an import's connection and transaction and picks its strategy:
 * coverage, the direct path for a first ported import, or staged. A real
 * import takes the database's write lock through `lock` (refused at once
 * while another import holds it); a dry run takes a read transaction, its
 * snapshot pinned by a first read, and stages in TEMP tables, which lock
 * nothing.
 */
export function beginSqliteImport(
  file: string,
  lock: ImportLock,
  dataset: DatasetName,
  options: ImportSessionOptions,
): ImportSession {
  if (!options.dryRun) assertWritable(file);
  const db = connect(file);
  let release = () => {};
  try {
    // A bigger page cache makes large imports much faster; it is freed at close.
    db.pragma('cache_size = -65536');
    const dryRun = options.dryRun ?? false;
    if (dryRun) {
      db.exec('BEGIN');
      db.prepare('SELECT data_version FROM meta WHERE id = 1').get();
    } else {
      release = lock.acquire(db, dataset);
    }
    const opts = { replace: options.replace, dryRun };
    if (dataset === 'coverage') return new CoverageSession(db, file, opts, release);
    if (dataset === 'ported' && options.direct && DirectPortedSession.applies(db)) {
      return new DirectPortedSession(db, file, opts, release);
    }
    return new StagedSession(db, file, dataset, opts, release);
  } catch (error) {
    try {
      if (db.inTransaction) db.exec('ROLLBACK');
    } finally {
      db.close();
      release();
    }
    throw explain(error, file);
  }
}
