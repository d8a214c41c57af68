import type { ProblemList } from './problems.js';

/** The columns a file may have (lower-case names) and those it must have. */
export interface HeaderSpec {
  columns: readonly string[];
  required: readonly string[];
}

/**
 * Maps lower-cased header names to their index; reports a missing required
 * column or a name given twice. Unknown columns are ignored.
 */
export function readHeader(
  spec: HeaderSpec,
  cells: readonly string[],
  problems: ProblemList,
  line: number,
): Map<string, number> | null {
  const header = new Map<string, number>();
  const before = problems.total;
  cells.forEach((cell, index) => {
    const name = cell.trim().toLowerCase();
    if (!spec.columns.includes(name)) return;
    if (header.has(name)) problems.add(line, name, 'the column appears twice in the header');
    else header.set(name, index);
  });
  for (const name of spec.required) {
    if (!header.has(name)) problems.add(line, name, 'this required column is missing from the header');
  }
  return problems.total === before ? header : null;
}
