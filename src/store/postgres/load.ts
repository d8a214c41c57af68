import type pg from 'pg';
import type { DatasetSink } from '../../domain/sink.js';
import type { CarrierCategory, Coverage, SvType, TollfreeStatus } from '../../domain/types.js';
import type { DataVersion } from '../store.js';
import { copyOut, uncopyField } from './copy.js';

/**
 * Streams every dataset into `sink` from whatever transaction `client` has
 * open (loadInto's REPEATABLE READ one, or an import's just before COMMIT),
 * in key order, as SQLite's load does. The numbers (ported and toll-free,
 * millions of rows) come through COPY … TO STDOUT and are parsed from the
 * bytes, with no object per row; the small datasets through plain queries.
 */
export async function streamDatasets(
  client: pg.PoolClient,
  sink: DatasetSink,
  /** Feeds the ported numbers instead of reading them (a direct import holds exactly what it wrote). */
  portedFrom?: (sink: DatasetSink) => void,
): Promise<DataVersion> {
  const array = (text: string) => client.query({ text, rowMode: 'array' }).then((r) => r.rows as unknown[][]);
  // The first read fixes the snapshot every later statement of the transaction sees.
  const [[version, updatedAt]] = (await array(
    'SELECT data_version, updated_at FROM data_meta WHERE id = 1',
  )) as [[number, string | null]];

  for (const [id, name, category, underlyingId] of (await array(
    'SELECT id, name, category, underlying_id FROM carriers ORDER BY id',
  )) as [string, string, CarrierCategory | null, string | null][]) {
    sink.carrier({ id, name, category, underlyingId });
  }

  for (const [npa, nxx, blockId, lata, ocn, rateCenter, state, cocType, portable] of (await array(
    `SELECT npa, nxx, block_id, lata, ocn, rate_center, state, coc_type, portable
     FROM blocks ORDER BY npa, nxx, block_id`,
  )) as [number, number, number, number, string, string, string, string, boolean][]) {
    sink.block({ npa, nxx, blockId, lata, ocn, rateCenter, state, cocType, portable });
  }

  if (portedFrom && !sink.portedDetail) {
    portedFrom(sink);
  } else {
    await streamPorted(client, sink);
  }
  const pairOf = pairReader();
  await copyOut(client, 'SELECT number, resporg_id, status FROM tollfree ORDER BY number', (n, rest) => {
    const [resporgId, status] = pairOf(rest);
    sink.tollfree(n, resporgId, status as TollfreeStatus);
  });

  const documents = (await array('SELECT document FROM coverage WHERE id = 1')) as [string][];
  sink.coverage(documents.length ? (JSON.parse(documents[0][0]) as Coverage) : { providers: [] });
  return { version, updatedAt };
}

/** "spid\tsv_type" -> its two parts: a few thousand distinct pairs at most. */
function pairReader(): (rest: string) => [string, string] {
  const pairs = new Map<string, [string, string]>();
  return (rest: string) => {
    let pair = pairs.get(rest);
    if (pair === undefined) {
      const tab = rest.indexOf('\t');
      const a = rest.slice(0, tab);
      const b = rest.slice(tab + 1);
      pair = [a.includes('\\') ? uncopyField(a) : a, b.includes('\\') ? uncopyField(b) : b];
      pairs.set(rest, pair);
    }
    return pair;
  };
}

async function streamPorted(client: pg.PoolClient, sink: DatasetSink): Promise<void> {
  const array = (text: string) => client.query({ text, rowMode: 'array' }).then((r) => r.rows as unknown[][]);
  const pairOf = pairReader();
  if (sink.expect) {
    const [[count]] = (await array('SELECT count(*) FROM ported')) as [[number]];
    sink.expect('ported', count);
  }
  if (sink.portedDetail) {
    // A copy of the database (DatasetSink.portedDetail): every column, the LRN and alt SPID too.
    const row = sink.portedDetail.bind(sink);
    const field = (text: string) => (text === '\\N' ? null : text.includes('\\') ? uncopyField(text) : text);
    await copyOut(client, 'SELECT tn, spid, sv_type, lrn, alt_spid FROM ported ORDER BY tn', (tn, rest) => {
      const [spid, svType, lrn, altSpid] = rest.split('\t');
      row(tn, field(spid) as string, field(svType) as SvType, field(lrn), field(altSpid));
    });
  } else {
    await copyOut(client, 'SELECT tn, spid, sv_type FROM ported ORDER BY tn', (tn, rest) => {
      const [spid, svType] = pairOf(rest);
      sink.ported(tn, spid, svType as SvType);
    });
  }
}
