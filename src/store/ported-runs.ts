// The direct import path's rows, put in number order before SQLite sees them.
// Inserting ten million numbers in file order costs SQLite as much again as
// in key order (each insert seeks from the root and splits pages anywhere in
// a tree far bigger than its cache; in order, pages are filled left to right
// and written once). So rows are gathered in runs of RUN_ROWS, each run
// sorted and written to a temporary file, and at the end the runs are merged:
// an external sort with a fixed amount of memory, whatever the file's size.
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { formatTen } from '../domain/canonical.js';
import { type PortedRecord, SV_TYPES } from '../domain/types.js';
import { ImportNeedsStaging } from './store.js';

/** Rows per run (12 MB of rows); at most 2^19, the factor of a sort key `tn * 2^19 + i`, exact in a double (tn < 2^34). */
const RUN_ROWS = 1 << 19;
/**
 * A row in a run: tn (f64), lrn as a number (f64, -1 for none: always 10
 * digits, so its text comes back with its leading zeros), the SPID's index
 * times 8 plus the sv_type's index (u32), and the alt SPID's index + 1 (u32, 0 for none).
 */
const ROW_BYTES = 24;
/** Bytes of read buffer shared by all runs during the merge. */
const MERGE_BUFFER_BYTES = 16 << 20;
const SV_SLOTS = 8;

/** Receives one row of the merge, numbers ascending; `svType` is an index in SV_TYPES. */
export type SortedRow = (
  tn: number,
  spid: string,
  svType: number,
  lrn: string | null,
  altSpid: string | null,
) => void;

export class PortedRuns {
  private readonly tn: Float64Array;
  private readonly lrn: Float64Array;
  private readonly spidSv: Uint32Array;
  private readonly alt: Uint32Array;
  /** Rows in the run being filled. */
  private rows = 0;
  private total = 0;
  private readonly ids: string[] = [];
  private readonly idIndex = new Map<string, number>();
  /** The sorted run in row form, before it goes to the file (or, for the last one, to the merge). */
  private sorted: Buffer | null = null;
  /** Runs in the file: byte offset and rows. */
  private readonly runs: { at: number; rows: number }[] = [];
  private fd = -1;
  private fileBytes = 0;

  private readonly runRows: number;
  /** Rows read at a time from each run during the merge (unset: shares of MERGE_BUFFER_BYTES). */
  private readonly readRows: number | undefined;

  /**
   * `tempPath`: a file name that is free; created on the first full run and
   * unlinked at once. The options are for tests: smaller runs and reads.
   */
  constructor(
    private readonly tempPath: string,
    options: { runRows?: number; readRows?: number } = {},
  ) {
    const runRows = options.runRows ?? RUN_ROWS;
    if (runRows < 1 || runRows > RUN_ROWS) throw new Error(`runs of 1 to ${RUN_ROWS} rows`);
    this.runRows = runRows;
    this.readRows = options.readRows;
    this.tn = new Float64Array(runRows);
    this.lrn = new Float64Array(runRows);
    this.spidSv = new Uint32Array(runRows);
    this.alt = new Uint32Array(runRows);
  }

  /** Rows added so far. */
  get size(): number {
    return this.total;
  }

  add(record: PortedRecord): void {
    this.total++;
    const i = this.rows;
    this.tn[i] = record.tn;
    this.lrn[i] = record.lrn === null ? -1 : tenDigitValue(record.lrn);
    this.spidSv[i] = this.index(record.spid) * SV_SLOTS + SV_TYPES.indexOf(record.svType);
    this.alt[i] = record.altSpid === null ? 0 : this.index(record.altSpid) + 1;
    if (++this.rows === this.runRows) this.spill();
  }

  /**
   * Hands every row to `row` in ascending number order (a number in two runs:
   * both, in the order added; twice in one run: ImportNeedsStaging, from
   * add() or here). May be called once; close() afterwards.
   */
  merge(row: SortedRow): void {
    const last = this.sortRun();
    const sources: Source[] = this.runs.map(({ at, rows }, rank) => ({
      rank,
      buffer: Buffer.alloc(0),
      view: EMPTY_VIEW,
      next: 0,
      end: 0,
      fileAt: at,
      left: rows,
    }));
    if (last) {
      const rank = sources.length;
      sources.push({ rank, buffer: last, view: viewOf(last), next: 0, end: this.rows, fileAt: 0, left: 0 });
    }
    const perSource =
      this.readRows ??
      Math.max(256, Math.floor(MERGE_BUFFER_BYTES / ROW_BYTES / Math.max(1, this.runs.length)));
    for (const s of sources) {
      if (s.left > 0) {
        s.buffer = Buffer.allocUnsafe(Math.min(perSource, s.left) * ROW_BYTES);
        s.view = viewOf(s.buffer);
        this.refill(s);
      }
    }
    // A binary heap of the sources with rows left, by their next number (then run order).
    const heap = sources.filter((s) => s.next < s.end);
    const head = (s: Source) => s.view.getFloat64(s.next * ROW_BYTES, true);
    const before = (a: Source, b: Source) => {
      const x = head(a);
      const y = head(b);
      return x < y || (x === y && a.rank < b.rank);
    };
    const down = (from: number) => {
      let i = from;
      for (;;) {
        const l = 2 * i + 1;
        let m = i;
        if (l < heap.length && before(heap[l], heap[m])) m = l;
        if (l + 1 < heap.length && before(heap[l + 1], heap[m])) m = l + 1;
        if (m === i) return;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    };
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) down(i);

    const ids = this.ids;
    while (heap.length > 0) {
      const s = heap[0];
      const v = s.view;
      // The root's rows are taken while they stay below the next smallest head, without touching the heap.
      const bound =
        heap.length === 1
          ? Infinity
          : heap.length === 2
            ? head(heap[1])
            : Math.min(head(heap[1]), head(heap[2]));
      for (;;) {
        const at = s.next * ROW_BYTES;
        const lrn = v.getFloat64(at + 8, true);
        const spidSv = v.getUint32(at + 16, true);
        const alt = v.getUint32(at + 20, true);
        row(
          v.getFloat64(at, true),
          ids[(spidSv - (spidSv % SV_SLOTS)) / SV_SLOTS],
          spidSv % SV_SLOTS,
          lrn < 0 ? null : formatTen(lrn),
          alt === 0 ? null : ids[alt - 1],
        );
        s.next++;
        if (s.next === s.end && s.left > 0) this.refill(s);
        if (s.next === s.end || head(s) >= bound) break;
      }
      if (s.next === s.end) {
        const tail = heap.pop()!;
        if (tail === s) continue;
        heap[0] = tail;
      }
      down(0);
    }
  }

  /** Frees the temporary file (already unlinked where the system allows). */
  close(): void {
    if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
      rmSync(this.tempPath, { force: true });
    }
  }

  private index(id: string): number {
    let i = this.idIndex.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.idIndex.set(id, i);
    }
    return i;
  }

  /** Sorts the run being filled into `sorted` (row form); null when it is empty. */
  private sortRun(): Buffer | null {
    const n = this.rows;
    if (n === 0) return null;
    const keys = new Float64Array(n);
    const tn = this.tn;
    for (let i = 0; i < n; i++) keys[i] = tn[i] * RUN_ROWS + i;
    keys.sort();
    // A number twice in one run: the direct path cannot say on which lines, so give up early.
    for (let k = 1; k < n; k++) {
      if (Math.floor(keys[k] / RUN_ROWS) === Math.floor(keys[k - 1] / RUN_ROWS)) {
        throw new ImportNeedsStaging('a number is repeated');
      }
    }
    if (!this.sorted) this.sorted = Buffer.allocUnsafe(this.runRows * ROW_BYTES);
    const view = viewOf(this.sorted);
    for (let k = 0; k < n; k++) {
      const i = keys[k] % RUN_ROWS;
      const at = k * ROW_BYTES;
      view.setFloat64(at, tn[i], true);
      view.setFloat64(at + 8, this.lrn[i], true);
      view.setUint32(at + 16, this.spidSv[i], true);
      view.setUint32(at + 20, this.alt[i], true);
    }
    return this.sorted;
  }

  /** Sorts the full run and appends it to the temporary file. */
  private spill(): void {
    const sorted = this.sortRun()!;
    if (this.fd < 0) {
      this.fd = openSync(this.tempPath, 'wx+');
      // Unlinked at once: the file goes with the process, even on kill -9 (POSIX keeps it while open).
      try {
        rmSync(this.tempPath);
      } catch {
        // Not on this system: close() removes it.
      }
    }
    const bytes = this.rows * ROW_BYTES;
    for (let done = 0; done < bytes; )
      done += writeSync(this.fd, sorted, done, bytes - done, this.fileBytes + done);
    this.runs.push({ at: this.fileBytes, rows: this.rows });
    this.fileBytes += bytes;
    this.rows = 0;
  }

  private refill(s: Source): void {
    const rows = Math.min(s.buffer.length / ROW_BYTES, s.left);
    const bytes = rows * ROW_BYTES;
    for (let done = 0; done < bytes; ) {
      const n = readSync(this.fd, s.buffer, done, bytes - done, s.fileAt + done);
      if (n === 0) throw new Error('the import lost rows in its temporary file');
      done += n;
    }
    s.fileAt += bytes;
    s.left -= rows;
    s.next = 0;
    s.end = rows;
  }
}

interface Source {
  /** Run order: of equal numbers, the lower rank's comes first. */
  rank: number;
  buffer: Buffer;
  view: DataView;
  /** Next row in the buffer, and the end of the buffer's rows. */
  next: number;
  end: number;
  /** Where the rest of the run is in the file, and how many rows it has. */
  fileAt: number;
  left: number;
}

const EMPTY_VIEW = new DataView(new ArrayBuffer(0));
const viewOf = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** An lrn's value: always 10 ASCII digits (checked on import). */
function tenDigitValue(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) n = n * 10 + (text.charCodeAt(i) - 48);
  return n;
}
