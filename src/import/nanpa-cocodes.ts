// `nanpa-cocodes`: NANPA's public central office code report (allutlzd.txt),
// read as published, into the blocks dataset plus any carriers it names that
// are not known yet — all in one import session, so all or nothing.

import type { CarrierRecord } from '../domain/types.js';
import type { ImportCounts, Store } from '../store/store.js';
import { carrierId, type Report, required, show, state } from './fields.js';
import { readHeader } from './header.js';
import { readLataMap } from './lata-map.js';
import { ImportFailed, type ImportProblem, ProblemList } from './problems.js';
import {
  type FillSession,
  type ImportOptions,
  PROGRESS_EVERY,
  RowBatches,
  runImportSession,
} from './session.js';
import { readTabSeparated } from './tab-stream.js';

export const NANPA_DATASET = 'nanpa-cocodes';

/** Header cells read (lower-case); the rest (EffectiveDate, Pooled Code, File Updated …) are ignored. */
const REQUIRED = ['state', 'npa-nxx', 'ocn', 'company', 'ratecenter', 'use'];
/** Problems name columns as the report spells them. */
const SPELLING: Record<string, string> = {
  state: 'State',
  'npa-nxx': 'NPA-NXX',
  ocn: 'OCN',
  company: 'Company',
  ratecenter: 'RateCenter',
  use: 'Use',
};
const NPA_NXX = /^([0-9]{3})-([0-9]{3})$/;

export interface CocodeCounts extends ImportCounts {
  /** Data lines in the report. */
  lines: number;
  /** Rows whose Use is not AS. */
  notAssigned: number;
  /** AS rows left out because their rate centre is not in the map (--allow-unmapped). */
  unmapped: number;
  carriersAdded: number;
}

interface Unmapped {
  line: number;
  state: string;
  rateCenter: string;
  rows: number;
}

/**
 * Imports the report: every AS row becomes the exchange's `A` block record
 * (coc_type EOC, portable) with its LATA from `options.lataMap`; each OCN
 * not yet a carrier is added with the report's company name. Rate centres
 * missing from the map fail the import, each distinct one listed (however
 * many), unless `allowUnmapped` skips and counts their rows.
 */
export async function importNanpaCocodes(
  store: Store,
  file: string,
  totalBytes: number,
  options: ImportOptions,
): Promise<CocodeCounts> {
  if (!options.lataMap) {
    throw new Error(`${NANPA_DATASET} needs a LATA map: --lata-map FILE (state,rate_center,lata)`);
  }
  const lataMap = await readLataMap(options.lataMap, NANPA_DATASET);
  const replace = options.replace ?? false;
  const unmapped = new Map<string, Unmapped>();
  let unmappedRows = 0;
  let notAssigned = 0;
  let rows = 0;
  const fill: FillSession = async (session, problems) => {
    let header: Map<string, number> | null = null;
    let needed = 0;
    const blocks = new RowBatches(session, (d) =>
      problems.add(d.line, 'NPA-NXX', `${d.key.slice(0, 7)} is listed twice: already on line ${d.firstLine}`),
    );
    let carriers: CarrierRecord[] = [];
    // OCNs already staged as carriers: bounded by the carriers in the report (a few thousand).
    const ocns = new Set<string>();
    const flush = async () => {
      await blocks.flush();
      if (carriers.length > 0) await session.writeCarriersIfAbsent(carriers);
      carriers = [];
    };

    reading: for await (const chunk of readTabSeparated(file)) {
      for (const { line, cells } of chunk.records) {
        if (header === null) {
          // A UTF-8 byte order mark, read as Latin-1, would hide the first column name.
          cells[0] = cells[0].replace(/^\u00ef\u00bb\u00bf/, '').trim();
          header = readHeader({ columns: REQUIRED, required: REQUIRED }, cells, new Spelled(problems), line);
          if (header === null) break reading;
          needed = Math.max(...header.values()) + 1;
          continue;
        }
        rows++;
        if (rows % PROGRESS_EVERY === 0) options.onProgress?.({ rows, bytes: chunk.bytes, totalBytes });
        if (cells.length < needed) {
          problems.add(
            line,
            null,
            `has ${cells.length} fields; the header's columns need at least ${needed}`,
          );
          continue;
        }
        const get = (column: string) => cells[header!.get(column)!];
        if (get('use').toUpperCase() !== 'AS') {
          notAssigned++;
          continue;
        }
        const report: Report = (column, message) => problems.add(line, column, message);
        const st = state(get('state'), 'State', report);
        const code = NPA_NXX.exec(get('npa-nxx'));
        if (!code) report('NPA-NXX', `${show(get('npa-nxx'))} is not an NPA-NXX like 907-200`);
        const ocn = carrierId(get('ocn'), 'OCN', report);
        const rateCenter = required(get('ratecenter'), 'RateCenter', report);
        if (st === undefined || !code || ocn === undefined || rateCenter === undefined) continue;

        const lata = lataMap.get(st, rateCenter);
        if (lata === undefined) {
          unmappedRows++;
          if (!options.allowUnmapped) noteUnmapped(unmapped, line, st, rateCenter);
          continue;
        }
        blocks.add({
          dataset: 'blocks',
          line,
          record: {
            npa: Number(code[1]),
            nxx: Number(code[2]),
            blockId: -1,
            lata,
            ocn,
            rateCenter,
            state: st,
            cocType: 'EOC',
            portable: true,
          },
        });
        if (!ocns.has(ocn)) {
          ocns.add(ocn);
          // A carrier needs a name; the OCN stands in when the report leaves Company blank.
          carriers.push({ id: ocn, name: get('company') || ocn, category: null, underlyingId: null });
        }
        if (blocks.full) await flush();
      }
      if (chunk.error) problems.add(chunk.error.line, null, chunk.error.message);
    }
    if (header === null && problems.total === 0) {
      problems.add(
        1,
        null,
        `the file is empty: a header line is required (${Object.values(SPELLING).join(', ')})`,
      );
    }
    await flush();
  };
  const mapFile = options.lataMap;
  const counts = await runImportSession(store, 'blocks', { ...options, replace }, fill, (problems) =>
    problems.total > 0 || unmapped.size > 0 ? refusal(problems, unmapped, mapFile) : null,
  );
  options.onProgress?.({ rows, bytes: totalBytes, totalBytes });
  return {
    ...counts,
    lines: rows,
    notAssigned,
    unmapped: unmappedRows,
    carriersAdded: counts.carriersAdded ?? 0,
  };
}

function noteUnmapped(unmapped: Map<string, Unmapped>, line: number, st: string, rateCenter: string): void {
  const key = `${st}\t${rateCenter.toUpperCase()}`;
  const seen = unmapped.get(key);
  if (seen) seen.rows++;
  else unmapped.set(key, { line, state: st, rateCenter, rows: 1 });
}

/**
 * The row problems (at most the usual detail) and every unmapped rate centre
 * (all of them: the operator needs the whole list to complete the map; there
 * are at most a few tens of thousands), in line order.
 */
function refusal(problems: ProblemList, unmapped: Map<string, Unmapped>, mapFile: string): ImportFailed {
  const listed: ImportProblem[] = [...problems.problems];
  for (const u of unmapped.values()) {
    const rows = u.rows > 1 ? `${u.rows} rows, the first here` : 'one row';
    listed.push({
      line: u.line,
      column: 'RateCenter',
      message: `${u.state} ${show(u.rateCenter)} is not in the LATA map (${rows}): add it to ${mapFile}, or pass --allow-unmapped to skip such rows`,
    });
  }
  listed.sort((a, b) => a.line - b.line);
  return new ImportFailed(NANPA_DATASET, listed, problems.total + unmapped.size);
}

/** Header problems with the report's spelling of the column names. */
class Spelled extends ProblemList {
  constructor(private readonly into: ProblemList) {
    super();
  }
  override add(line: number, column: string | null, message: string): void {
    this.total++;
    this.into.add(line, column === null ? null : (SPELLING[column] ?? column), message);
  }
}
