import type { DatasetSink } from '../../domain/sink.js';
import type { CarrierCategory, Coverage, SvType, TollfreeStatus } from '../../domain/types.js';
import type { DataVersion } from '../store.js';
import type { Db } from './connection.js';

/** Rows between two yields to the event loop, so a server reloading data keeps answering. */
const ROWS_PER_SLICE = 65_536;
/** Ported rows fetched as one result row (see loadPorted); the load yields after each chunk. */
const PORTED_CHUNK = 16_384;

const yieldToLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Streams every dataset into `sink` inside one read transaction, so the sink
 * sees exactly one committed version (WAL keeps that snapshot stable while
 * imports commit). `db` must be a connection used by nothing else meanwhile:
 * iterators stay open across the yields. Rows come in key order (ported and
 * toll-free numbers ascending). Coverage is always delivered, empty when no
 * configuration was ever imported.
 */
export async function loadInto(db: Db, sink: DatasetSink): Promise<DataVersion> {
  db.exec('BEGIN');
  try {
    return await streamDatasets(db, sink);
  } finally {
    db.exec('COMMIT');
  }
}

/**
 * loadInto's reads, in whatever transaction `db` has open: an import streams
 * what it is about to commit. `ported`, when given, hands the ported numbers
 * to the sink instead of reading them (the direct import path, which
 * inserts them at that moment), at the point where they would be read.
 */
export async function streamDatasets(
  db: Db,
  sink: DatasetSink,
  ported?: (sink: DatasetSink) => void,
): Promise<DataVersion> {
  let sinceYield = 0;
  const tick = async () => {
    if (++sinceYield === ROWS_PER_SLICE) {
      sinceYield = 0;
      await yieldToLoop();
    }
  };

  // The first read starts the snapshot every later statement sees.
  const [version, updatedAt] = db
    .prepare('SELECT data_version, updated_at FROM meta WHERE id = 1')
    .raw()
    .get() as [number, string | null];

  const carriers = db.prepare('SELECT id, name, category, underlying_id FROM carriers ORDER BY id').raw();
  for (const [id, name, category, underlyingId] of carriers.iterate() as Iterable<
    [string, string, CarrierCategory | null, string | null]
  >) {
    sink.carrier({ id, name, category, underlyingId });
    await tick();
  }

  const blocks = db
    .prepare(
      `SELECT npa, nxx, block_id, lata, ocn, rate_center, state, coc_type, portable
       FROM blocks ORDER BY npa, nxx, block_id`,
    )
    .raw();
  for (const [
    npa,
    nxx,
    blockId,
    lata,
    ocn,
    rateCenter,
    state,
    cocType,
    portable,
  ] of blocks.iterate() as Iterable<
    [number, number, number, number, string, string, string, string, number]
  >) {
    sink.block({ npa, nxx, blockId, lata, ocn, rateCenter, state, cocType, portable: portable === 1 });
    await tick();
  }

  if (ported) ported(sink);
  else await loadPorted(db, sink);

  const tollfree = db.prepare('SELECT number, resporg_id, status FROM tollfree ORDER BY number').raw();
  for (const [number, resporgId, status] of tollfree.iterate() as Iterable<
    [number, string, TollfreeStatus]
  >) {
    sink.tollfree(number, resporgId, status);
    await tick();
  }

  const document = db.prepare('SELECT document FROM coverage WHERE id = 1').pluck().get() as
    | string
    | undefined;
  sink.coverage(document ? (JSON.parse(document) as Coverage) : { providers: [] });

  return { version, updatedAt };
}

/**
 * Ported numbers, tens of millions of them, fetched a chunk at a time: one
 * result row carries PORTED_CHUNK numbers as text (`tn,tn,...` and
 * `spid\tsv_type\n...`), parsed here from char codes. better-sqlite3 costs
 * about 1 µs per result row, which made this the slowest part of a load
 * (10 s for 10 million rows); chunks cut it to a third.
 */
async function loadPorted(db: Db, sink: DatasetSink): Promise<void> {
  if (sink.portedDetail) return loadPortedDetail(db, sink, sink.portedDetail.bind(sink));
  const chunk = db
    .prepare(
      `SELECT count(*), max(tn), group_concat(tn, ','), group_concat(spid || char(9) || sv_type, char(10))
       FROM (SELECT tn, spid, sv_type FROM ported WHERE tn > ? ORDER BY tn LIMIT ${PORTED_CHUNK})`,
    )
    .raw();
  if (sink.expect) sink.expect('ported', db.prepare('SELECT count(*) FROM ported').pluck().get() as number);
  // "spid\tsv_type" -> its two parts: a few thousand distinct pairs at most.
  const pairs = new Map<string, [string, SvType]>();
  let after = -1;
  for (;;) {
    const [count, last, tns, rest] = chunk.get(after) as [number, number | null, string, string];
    if (last === null) return;
    let t = 0;
    let r = 0;
    for (let i = 0; i < count; i++) {
      let tn = 0;
      for (let c = tns.charCodeAt(t); c >= 48 && c <= 57; c = tns.charCodeAt(++t)) tn = tn * 10 + (c - 48);
      t++;
      let end = rest.indexOf('\n', r);
      if (end < 0) end = rest.length;
      const key = rest.slice(r, end);
      r = end + 1;
      let pair = pairs.get(key);
      if (pair === undefined) {
        const tab = key.indexOf('\t');
        pair = [key.slice(0, tab), key.slice(tab + 1) as SvType];
        pairs.set(key, pair);
      }
      sink.ported(tn, pair[0], pair[1]);
    }
    if (t < tns.length || r < rest.length) throw new Error('ported rows could not be read back in chunks');
    after = last;
    await yieldToLoop();
  }
}

/** Every column of the ported numbers, for a sink that copies them (see DatasetSink.portedDetail). */
async function loadPortedDetail(
  db: Db,
  sink: DatasetSink,
  row: NonNullable<DatasetSink['portedDetail']>,
): Promise<void> {
  if (sink.expect) sink.expect('ported', db.prepare('SELECT count(*) FROM ported').pluck().get() as number);
  const rows = db.prepare('SELECT tn, spid, sv_type, lrn, alt_spid FROM ported ORDER BY tn').raw();
  let sinceYield = 0;
  for (const [tn, spid, svType, lrn, altSpid] of rows.iterate() as Iterable<
    [number, string, SvType, string | null, string | null]
  >) {
    row(tn, spid, svType, lrn, altSpid);
    if (++sinceYield === ROWS_PER_SLICE) {
      sinceYield = 0;
      await yieldToLoop();
    }
  }
}
