// Holidays for the business-day rules (docs/spec/orders.md §6): a CSV `date,carrier_id,name`, an empty
// carrier_id meaning every carrier. Validated like the other imports (every problem with its line and
// column, nothing changed on any), then written in one transaction through OrderStore.importHolidays.
import type { Holiday } from '../domain/orders/types.js';
import type { HolidayCounts } from '../store/orders-store.js';
import type { Store } from '../store/store.js';
import { readCsv } from './csv-stream.js';
import { optionalCarrierId, type Report, required, show } from './fields.js';
import { readHeader } from './header.js';
import { ImportFailed, ProblemList } from './problems.js';

const COLUMNS = ['date', 'carrier_id', 'name'];
const REQUIRED = ['date', 'name'];
const MAX_NAME_LENGTH = 200;

/** `YYYY-MM-DD` naming a real calendar day. */
function calendarDate(value: string, column: string, report: Report): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (d.toISOString().slice(0, 10) === value) return value;
  }
  report(column, `${show(value)} is not a date: expected YYYY-MM-DD`);
  return undefined;
}

/** Reads and validates a holidays file; throws ImportFailed listing every problem. */
export async function readHolidays(file: string): Promise<{ holidays: Holiday[]; read: number }> {
  const problems = new ProblemList();
  const holidays: Holiday[] = [];
  const firstLine = new Map<string, number>();
  let header: Map<string, number> | null = null;
  let width = 0;
  let sawHeader = false;
  let read = 0;
  reading: for await (const chunk of readCsv(file)) {
    for (const { line, cells } of chunk.records) {
      if (!sawHeader) {
        sawHeader = true;
        header = readHeader({ columns: COLUMNS, required: REQUIRED }, cells, problems, line);
        width = cells.length;
        if (header === null) break reading;
        continue;
      }
      read++;
      if (cells.length !== width) {
        problems.add(line, null, `has ${cells.length} fields, the header has ${width}`);
        continue;
      }
      const get = (column: string) => {
        const index = header!.get(column);
        return index === undefined ? '' : (cells[index] ?? '');
      };
      const report = (column: string, message: string) => problems.add(line, column, message);
      const date = calendarDate(get('date'), 'date', report);
      const carrierId = optionalCarrierId(get('carrier_id'), 'carrier_id', report);
      let name = required(get('name'), 'name', report);
      if (name !== undefined && name.length > MAX_NAME_LENGTH) {
        report('name', `is longer than ${MAX_NAME_LENGTH} characters`);
        name = undefined;
      }
      if (date === undefined || carrierId === undefined || name === undefined) continue;
      const key = `${date}\t${carrierId ?? ''}`;
      const first = firstLine.get(key);
      if (first !== undefined) {
        const whose = carrierId === null ? 'every carrier' : `carrier ${carrierId}`;
        report('date', `${date} for ${whose} is already on line ${first}`);
        continue;
      }
      firstLine.set(key, line);
      holidays.push({ date, carrierId, name });
    }
    if (chunk.error) problems.add(chunk.error.line, null, `not valid CSV: ${chunk.error.message}`);
  }
  if (!sawHeader)
    problems.add(1, null, `the file is empty: a header line is required (${COLUMNS.join(',')})`);
  if (problems.total > 0) throw new ImportFailed('holidays', problems.problems, problems.total);
  return { holidays, read };
}

export interface HolidayImportReport extends HolidayCounts {
  read: number;
  dryRun: boolean;
}

/**
 * Imports a holidays file: merged by (date, carrier) unless `replace`. A dry run validates and counts
 * against the list as it is, and changes nothing.
 */
export async function importHolidaysFile(
  store: Store,
  file: string,
  options: { replace: boolean; dryRun: boolean },
): Promise<HolidayImportReport> {
  const { holidays, read } = await readHolidays(file);
  if (!options.dryRun) {
    const counts = await store.orders.importHolidays(holidays, options.replace);
    return { ...counts, read, dryRun: false };
  }
  const existing = new Set((await store.orders.holidays()).map((h) => `${h.date}\t${h.carrierId ?? ''}`));
  const updated = holidays.filter((h) => existing.has(`${h.date}\t${h.carrierId ?? ''}`)).length;
  return {
    read,
    inserted: holidays.length - updated,
    updated,
    deleted: options.replace ? existing.size - updated : 0,
    dryRun: true,
  };
}
