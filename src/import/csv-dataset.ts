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
  /**
   * Optional fast path for large files: given the header (column name to
   * index) and its width, returns a parser of one quote-free line straight
   * from its bytes. It returns exactly the row parse() would for a line in
   * the common, valid form, and null for any other line, which then takes
   * the general path (and has its problems reported there).
   */
  lineParser?(header: ReadonlyMap<string, number>, width: number): LineParser;
}

/** Parses buffer[start, end) (one line, no line end) read at file line `line`; null: use the general path. */
export type LineParser = (buffer: Buffer, start: number, end: number, line: number) => StagedRow | null;
