import type { DatasetName, StagedRow } from '../store/store.js';
import type { Report } from './fields.js';

export type CsvDatasetName = Exclude<DatasetName, 'coverage'>;

export interface RowContext {
  line: number;
  /** The import replaces the dataset (`--replace`). */
  replace: boolean;
  report: Report;
}

/** How one CSV dataset's rows are read and checked. */
export interface CsvDataset {
  dataset: CsvDatasetName;
  /** Every column the dataset knows (lower-case); others in the file are ignored. */
  columns: readonly string[];
  /** Columns the header must have. */
  required: readonly string[];
  /** Named as the column of a duplicate-key problem. */
  keyColumn: string;
  /**
   * Checks one row; `get` gives a column's trimmed value ('' when empty or
   * when an optional column is not in the file). Returns null after
   * reporting at least one problem.
   */
  parse(get: (column: string) => string, context: RowContext): StagedRow | null;
}
