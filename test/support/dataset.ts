// Test datasets as plain arrays of records, and the seed example read from test/fixtures/seed.
// Tests describe data this way; `buildSnapshot` feeds it through the real DatasetSink.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DatasetSink } from '../../src/domain/sink.js';
import { type Snapshot, SnapshotBuilder } from '../../src/domain/snapshot.js';
import type {
  BlockRecord,
  CarrierCategory,
  CarrierRecord,
  Coverage,
  CoverageProvider,
  PortabilityResult,
  PortedRecord,
  SvType,
  TollfreeRecord,
  TollfreeStatus,
} from '../../src/domain/types.js';

export interface Dataset {
  carriers: CarrierRecord[];
  blocks: BlockRecord[];
  ported: PortedRecord[];
  tollfree: TollfreeRecord[];
  coverage: Coverage;
}

export function emptyDataset(): Dataset {
  return { carriers: [], blocks: [], ported: [], tollfree: [], coverage: { providers: [] } };
}

/** Builds a dataset from the parts given; the rest is empty. */
export function dataset(parts: Partial<Dataset>): Dataset {
  return { ...emptyDataset(), ...parts };
}

/** Feeds every record of `d` to `sink`, dataset by dataset, as a store's loadInto does. */
export function feedDataset(sink: DatasetSink, d: Dataset): void {
  for (const c of d.carriers) sink.carrier(c);
  for (const blk of d.blocks) sink.block(blk);
  for (const p of d.ported) sink.ported(p.tn, p.spid, p.svType);
  for (const t of d.tollfree) sink.tollfree(t.number, t.resporgId, t.status);
  sink.coverage(d.coverage);
}

export function buildSnapshot(d: Dataset): Snapshot {
  const b = new SnapshotBuilder();
  feedDataset(b, d);
  return b.build();
}

// Small record factories so that tables stay readable.

export function carrier(
  id: string,
  name: string,
  category: CarrierCategory | null = null,
  underlyingId: string | null = null,
): CarrierRecord {
  return { id, name, category, underlyingId };
}

/** `block` is 'A' or a thousands digit; defaults: EOC, portable. */
export function block(
  npa: number,
  nxx: number,
  blockId: 'A' | number,
  ocn: string,
  rest: Partial<Pick<BlockRecord, 'lata' | 'rateCenter' | 'state' | 'cocType' | 'portable'>> = {},
): BlockRecord {
  return {
    npa,
    nxx,
    blockId: blockId === 'A' ? -1 : blockId,
    ocn,
    lata: rest.lata ?? 674,
    rateCenter: rest.rateCenter ?? 'SEATTLE',
    state: rest.state ?? 'WA',
    cocType: rest.cocType ?? 'EOC',
    portable: rest.portable ?? true,
  };
}

export function ported(tn: number, spid: string, svType: SvType = 'wireline'): PortedRecord {
  return { tn, spid, svType, lrn: null, altSpid: null };
}

export function tollfree(
  number: number,
  resporgId: string,
  status: TollfreeStatus = 'WORKING',
): TollfreeRecord {
  return { number, resporgId, status };
}

export function provider(
  id: string,
  name: string,
  numberTypes: CoverageProvider['numberTypes'],
  filters: Omit<CoverageProvider, 'id' | 'name' | 'numberTypes'> = {},
): CoverageProvider {
  return { id, name, numberTypes, ...filters };
}

/** The result without the free-text `detail`, for comparisons that the spec makes exact. */
export function withoutDetail(r: PortabilityResult): unknown {
  return {
    portable: r.portable,
    nonportable: {
      numbers: r.nonportable.numbers,
      details: r.nonportable.details.map(({ number, reason }) => ({ number, reason })),
    },
  };
}

// The seed example, read from its files in test/fixtures/seed so that it can never drift from them.

import { SEED_DIR } from './fixtures.js';

export { SEED_DIR };

function readCsv(file: string): Record<string, string>[] {
  return parse(readFileSync(join(SEED_DIR, file), 'utf8'), { columns: true, trim: true });
}

function optional(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

export function seedDataset(): Dataset {
  const carriers = readCsv('carriers.csv').map((r) =>
    carrier(r.id, r.name, optional(r.category) as CarrierCategory | null, optional(r.underlying_id)),
  );
  const blocks = readCsv('blocks.csv').map((r) =>
    block(Number(r.npa), Number(r.nxx), r.block_id === 'A' ? 'A' : Number(r.block_id), r.ocn, {
      lata: Number(r.lata),
      rateCenter: r.rate_center,
      state: r.state,
      cocType: optional(r.coc_type) ?? 'EOC',
      portable: r.portable !== 'N',
    }),
  );
  const tf = readCsv('tollfree.csv').map((r) =>
    tollfree(Number(r.number.slice(-10)), r.resporg_id, r.status as TollfreeStatus),
  );
  const raw = JSON.parse(readFileSync(join(SEED_DIR, 'coverage.json'), 'utf8')) as {
    providers: {
      id: string;
      name: string;
      number_types: CoverageProvider['numberTypes'];
      latas?: '*' | number[];
      exclude_latas?: number[];
      states?: string[];
      rate_centers?: string[];
    }[];
  };
  const coverage: Coverage = {
    providers: raw.providers.map((p) => {
      const out = provider(p.id, p.name, p.number_types);
      if (p.latas !== undefined) out.latas = p.latas;
      if (p.exclude_latas !== undefined) out.excludeLatas = p.exclude_latas;
      if (p.states !== undefined) out.states = p.states;
      if (p.rate_centers !== undefined) out.rateCenters = p.rate_centers;
      return out;
    }),
  };
  return dataset({ carriers, blocks, tollfree: tf, coverage });
}

export function seedRequest(): string[] {
  return (JSON.parse(readFileSync(join(SEED_DIR, 'request.json'), 'utf8')) as { numbers: string[] }).numbers;
}

export function seedResponseData(): PortabilityResult {
  return (JSON.parse(readFileSync(join(SEED_DIR, 'response.json'), 'utf8')) as { data: PortabilityResult })
    .data;
}
