import { readCsv } from './csv-stream.js';
import { digits, required, show, state } from './fields.js';
import { readHeader } from './header.js';
import { ImportFailed, ProblemList } from './problems.js';

/** The LATA of each (state, rate centre): the NANPA report has none of its own. */
export class LataMap {
  private readonly latas = new Map<string, number>();

  /** How many (state, rate centre) pairs are mapped. */
  get size(): number {
    return this.latas.size;
  }

  /** The LATA for a rate centre; state and name are compared case-insensitively. */
  get(stateCode: string, rateCenter: string): number | undefined {
    return this.latas.get(LataMap.key(stateCode, rateCenter));
  }

  set(stateCode: string, rateCenter: string, lata: number): void {
    this.latas.set(LataMap.key(stateCode, rateCenter), lata);
  }

  static key(stateCode: string, rateCenter: string): string {
    return `${stateCode.trim().toUpperCase()}\t${rateCenter.trim().toUpperCase()}`;
  }
}

const COLUMNS = ['state', 'rate_center', 'lata'];

/**
 * Reads a `state,rate_center,lata` CSV (header required, column order free,
 * extra columns ignored, like every import). The same pair repeated with the
 * same LATA is accepted: such maps are often cut out of block lists, where a
 * rate centre appears once per exchange. The same pair with two different
 * LATAs is refused. Every problem is named by file, line and column, and
 * throws ImportFailed (`dataset` names the import in its message).
 */
export async function readLataMap(file: string, dataset: string): Promise<LataMap> {
  const problems = new ProblemList(file);
  const map = new LataMap();
  const firstLine = new Map<string, number>();
  let header: Map<string, number> | null = null;
  let width = 0;
  let sawHeader = false;
  reading: for await (const chunk of readCsv(file)) {
    for (const { line, cells } of chunk.records) {
      if (!sawHeader) {
        sawHeader = true;
        header = readHeader({ columns: COLUMNS, required: COLUMNS }, cells, problems, line);
        width = cells.length;
        if (header === null) break reading;
        continue;
      }
      if (cells.length !== width) {
        problems.add(line, null, `has ${cells.length} fields, the header has ${width}`);
        continue;
      }
      const get = (column: string) => cells[header!.get(column)!] ?? '';
      const report = (column: string, message: string) => problems.add(line, column, message);
      const st = state(get('state'), 'state', report);
      const rateCenter = required(get('rate_center'), 'rate_center', report);
      const lata = digits(get('lata'), 3, 'lata', report);
      if (st === undefined || rateCenter === undefined || lata === undefined) continue;
      const known = map.get(st, rateCenter);
      if (known === undefined) {
        map.set(st, rateCenter, lata);
        firstLine.set(LataMap.key(st, rateCenter), line);
      } else if (known !== lata) {
        const first = firstLine.get(LataMap.key(st, rateCenter));
        report('lata', `${st} ${show(rateCenter)} is already mapped to LATA ${known} on line ${first}`);
      }
    }
    if (chunk.error) problems.add(chunk.error.line, null, `not valid CSV: ${chunk.error.message}`);
  }
  if (!sawHeader)
    problems.add(1, null, `the file is empty: a header line is required (${COLUMNS.join(',')})`);
  if (problems.total > 0) throw new ImportFailed(`${dataset} LATA map`, problems.problems, problems.total);
  return map;
}
