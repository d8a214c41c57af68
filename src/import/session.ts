// What every importer does around its reading: one store session from begin
// to commit, rows handed over in batches, the session's own validation, and
// all or nothing (any problem or error aborts). Shared by the CSV datasets,
// coverage and the NANPA report, so none keeps its own copy.

import type { DatasetSink } from '../domain/sink.js';
import type {
  DatasetName,
  DuplicateKey,
  ImportCounts,
  ImportSession,
  SnapshotPublisher,
  StagedRow,
  Store,
} from '../store/store.js';
import { ImportFailed, ProblemList } from './problems.js';

/** Rows handed to the store at a time. */
const BATCH_ROWS = 5_000;
/** Data rows between two progress reports. */
export const PROGRESS_EVERY = 50_000;

export interface ImportProgress {
  /** Data rows read so far (the header not counted). */
  rows: number;
  bytes: number;
  totalBytes: number | null;
}

export interface ImportOptions {
  /** The dataset becomes exactly the file (coverage is always replaced). */
  replace?: boolean;
  /** Validate and count everything, then change nothing. */
  dryRun?: boolean;
  /** Called every PROGRESS_EVERY rows and once at the end. */
  onProgress?: (progress: ImportProgress) => void;
  /** nanpa-cocodes (required there): the `state,rate_center,lata` CSV giving each rate centre's LATA. */
  lataMap?: string;
  /** nanpa-cocodes: skip (and count) rows whose rate centre is not in the map, instead of refusing the file. */
  allowUnmapped?: boolean;
  /**
   * Called right before the commit (again if the import starts over): the
   * sink it returns receives every dataset as the commit leaves them (see
   * ImportSession.commit), e.g. to write the snapshot file without a reload.
   */
  commitInto?: () => DatasetSink;
  /**
   * Called right after commitInto: the publisher the commit hands the new version to, so that the
   * snapshot of the data it leaves is published with it (a store shared by several machines keeps
   * it; see Store.publishedSnapshot).
   */
  publishWith?: () => SnapshotPublisher | undefined;
}

/** Rows for the session, a batch at a time; each key repeated in the file goes to `onDuplicate`. */
export class RowBatches {
  private rows: StagedRow[] = [];

  constructor(
    private readonly session: ImportSession,
    private readonly onDuplicate: (duplicate: DuplicateKey) => void,
  ) {}

  /** Adds a row; the caller hands the batch over with flush() once it is `full`. */
  add(row: StagedRow): void {
    this.rows.push(row);
  }

  get full(): boolean {
    return this.rows.length >= BATCH_ROWS;
  }

  async flush(): Promise<void> {
    const batch = this.rows;
    this.rows = [];
    for (const duplicate of await this.session.write(batch)) this.onDuplicate(duplicate);
  }
}

/** What an importer does inside its session: reads the input into it, noting every problem in `problems`. */
export type FillSession = (session: ImportSession, problems: ProblemList) => Promise<void>;

/**
 * Runs one import session: begins it, lets `fill` read the input, adds the
 * session's validation problems (circular carrier chains) when there are no
 * others, then refuses the import (`refusal`, by default every problem) or
 * commits it. Whatever fails, the session is aborted and nothing changes.
 */
export async function runImportSession(
  store: Store,
  dataset: DatasetName,
  options: ImportOptions & { replace: boolean; direct?: boolean },
  fill: FillSession,
  refusal: (problems: ProblemList) => ImportFailed | null = (p) =>
    p.total > 0 ? new ImportFailed(dataset, p.problems, p.total) : null,
): Promise<ImportCounts> {
  const problems = new ProblemList();
  const session = await store.beginImport(dataset, {
    replace: options.replace,
    dryRun: options.dryRun,
    direct: options.direct,
  });
  try {
    await fill(session, problems);
    if (problems.total === 0) {
      for (const message of await session.validate()) problems.add(0, 'underlying_id', message);
    }
    const refused = refusal(problems);
    if (refused) throw refused;
    const sink = options.commitInto?.();
    return await session.commit(sink, options.publishWith?.());
  } catch (error) {
    await session.abort();
    throw error;
  }
}
