import type { DatasetSink } from '../../domain/sink.js';
import type { CarrierCategory, Coverage, SvType, TollfreeStatus } from '../../domain/types.js';
import type { DataVersion } from '../store.js';
import type { Db } from './connection.js';

/** Rows between two yields to the event loop, so a server reloading data keeps answering. */
const ROWS_PER_SLICE = 65_536;

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
  let sinceYield = 0;
  const tick = async () => {
    if (++sinceYield === ROWS_PER_SLICE) {
      sinceYield = 0;
      await yieldToLoop();
    }
  };

  db.exec('BEGIN');
  try {
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

    const ported = db.prepare('SELECT tn, spid, sv_type FROM ported ORDER BY tn').raw();
    for (const [tn, spid, svType] of ported.iterate() as Iterable<[number, string, SvType]>) {
      sink.ported(tn, spid, svType);
      await tick();
    }

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
  } finally {
    db.exec('COMMIT');
  }
}
