/** One thing wrong with an import file. */
export interface ImportProblem {
  /** The file line (the CSV header is line 1); 0 when the problem has no single line (coverage form, reseller cycles). */
  line: number;
  /** The column (CSV) or key path (coverage JSON, e.g. `providers[2].latas`); null for a whole row or file. */
  column: string | null;
  message: string;
  /** Set when the import reads more than one file (nanpa-cocodes and its LATA map): the file at fault. */
  file?: string;
}

/** Problems kept in detail; beyond this only the count grows (a broken 10M-row file must not fill memory). */
const MAX_DETAILED_PROBLEMS = 100;
/** Problems spelled out in the error message. */
const PROBLEMS_IN_MESSAGE = 20;

export class ProblemList {
  readonly problems: ImportProblem[] = [];
  total = 0;

  /** `file`: named in every problem, for imports that read more than one file. */
  constructor(private readonly file?: string) {}

  add(line: number, column: string | null, message: string): void {
    this.total++;
    if (this.problems.length < MAX_DETAILED_PROBLEMS) {
      this.problems.push(
        this.file === undefined ? { line, column, message } : { file: this.file, line, column, message },
      );
    }
  }
}

export function formatProblem({ line, column, message, file }: ImportProblem): string {
  const where = [line > 0 ? `line ${line}` : null, column ? `column ${column}` : null]
    .filter(Boolean)
    .join(', ');
  const at = file === undefined ? where : where ? `${file}: ${where}` : file;
  return at ? `${at}: ${message}` : message;
}

/** The import was refused; nothing was changed. */
export class ImportFailed extends Error {
  /** The first problems (at most MAX_DETAILED_PROBLEMS), in file order. */
  readonly problems: ImportProblem[];
  /** How many problems were found in all. */
  readonly total: number;

  constructor(dataset: string, problems: readonly ImportProblem[], total: number) {
    const shown = problems.slice(0, PROBLEMS_IN_MESSAGE).map((p) => `  ${formatProblem(p)}`);
    const more = total > shown.length ? [`  … and ${total - shown.length} more`] : [];
    super(
      [
        `${dataset} import refused, nothing was changed: ${total} problem${total === 1 ? '' : 's'}`,
        ...shown,
        ...more,
      ].join('\n'),
    );
    this.name = 'ImportFailed';
    this.problems = [...problems];
    this.total = total;
  }
}
