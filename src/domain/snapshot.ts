// The immutable in-memory view of every dataset that the core judges against.
// Built for size: numbers live in NumberTables (typed arrays), blocks are
// indexed by exchange number rather than hashed strings, carriers and
// providers are small integers, and everything a lookup needs per block
// (number type, gaining provider) is worked out once here, not per request.
import { gainingForLocal, gainingForTollfree } from './coverage.js';
import { ExchangeSlots } from './exchange-slots.js';
import { type NumberTable, NumberTableBuilder } from './number-table.js';
import type { DatasetSink } from './sink.js';
import {
  type BlockRecord,
  type CarrierRecord,
  type Coverage,
  type CoverageProvider,
  type SvType,
  TOLLFREE_STATUSES,
  type TollfreeStatus,
} from './types.js';

export interface SnapshotStats {
  carriers: number;
  blocks: number;
  ported: number;
  tollfree: number;
  providers: number;
}

const WIRELESS_SV = new Set<SvType>(['wireless', 'vowifi', 'prepaid_wireless']);
const WIRELESS_COC = new Set(['PMC', 'RCC']);
const WIRELESS_CATEGORIES = new Set(['WIRELESS', 'PCS', 'W RESELLER', 'P RESELLER']);

/** Bits in the low two bits of a block record's LataFlags field. */
export const BlockFlag = { Portable: 1, Wireless: 2 } as const;

/**
 * Fields of a block record in `Snapshot.blockRecords`: the holder's carrier
 * index; the LATA times 4 plus the BlockFlag bits; and the coverage provider
 * index (or -1) that gains long-code, and wireless, numbers of the block.
 */
export const BlockField = { Holder: 0, LataFlags: 1, GainLongCode: 2, GainWireless: 3 } as const;
/** Int32s per block record: 16 bytes, so a record never straddles two cache lines. */
export const BLOCK_FIELDS = 4;

/** A toll-free record's value packs the RespOrg index above the 3-bit status code. */
export const TOLLFREE_STATUS_BITS = 3;

export class Snapshot {
  /** @internal Carrier/provider id of each interned index. */
  readonly ids: readonly string[];
  /** @internal Display name of each index: the carriers dataset's name, else the id. */
  readonly names: readonly string[];
  /** @internal Index of the underlying carrier of each index (docs/spec/rules.md §3 step 5). */
  readonly underlying: Int32Array;
  /** @internal Exchange slots of the NPAs that have blocks. */
  readonly blockSlots: ExchangeSlots;
  /**
   * @internal Per exchange slot: the `A` record's block index, -1 for none, or
   * for an exchange with thousands-blocks -(base + 2), where
   * `thousandsBlocks[base + X]` is block X's index (or -1) and
   * `thousandsBlocks[base + 10]` the `A` record's.
   */
  readonly exchangeBlock: Int32Array;
  readonly thousandsBlocks: Int32Array;
  /**
   * @internal What a look-up needs of each block record, side by side so that
   * judging a number touches one cache line, not five arrays: BLOCK_FIELDS
   * int32s per block, at the offsets in BlockField.
   */
  readonly blockRecords: Int32Array;
  /** @internal Index into placeState/placeRateCenter: each distinct place is stored once. */
  readonly blockPlace: Int32Array;
  readonly placeState: readonly string[];
  readonly placeRateCenter: readonly string[];
  /** @internal Value: carrier index << 1 | wireless bit. */
  readonly ported: NumberTable;
  /** @internal Value: RespOrg index << 3 | index in TOLLFREE_STATUSES. */
  readonly tollfree: NumberTable;
  /** @internal Interned index of each coverage provider's id, and its name. */
  readonly providerIndex: Int32Array;
  readonly providerNames: readonly string[];
  /** @internal Per coverage provider: 1 when it is marked `hypernetwork` (the v2 answer lists what it gains). */
  readonly providerHypernetwork: Uint8Array;
  /** @internal First toll-free provider, or -1. */
  readonly tollfreeGaining: number;
  readonly stats: SnapshotStats;

  /** @internal Use SnapshotBuilder. */
  constructor(parts: Omit<Snapshot, 'byteLength' | 'blockOf' | 'placeOf'>) {
    this.ids = parts.ids;
    this.names = parts.names;
    this.underlying = parts.underlying;
    this.blockSlots = parts.blockSlots;
    this.exchangeBlock = parts.exchangeBlock;
    this.thousandsBlocks = parts.thousandsBlocks;
    this.blockRecords = parts.blockRecords;
    this.blockPlace = parts.blockPlace;
    this.placeState = parts.placeState;
    this.placeRateCenter = parts.placeRateCenter;
    this.ported = parts.ported;
    this.tollfree = parts.tollfree;
    this.providerIndex = parts.providerIndex;
    this.providerNames = parts.providerNames;
    this.providerHypernetwork = parts.providerHypernetwork;
    this.tollfreeGaining = parts.tollfreeGaining;
    this.stats = parts.stats;
    Object.freeze(this);
  }

  /** Bytes held in typed arrays by the number tables (the part that grows with the data). */
  get byteLength(): number {
    return this.ported.byteLength + this.tollfree.byteLength;
  }

  /** The block record index covering a number, thousands-block first (docs/spec/rules.md §3 step 1); -1 if none. */
  blockOf(exchange: number, line: number): number {
    const slot = this.blockSlots.slot(exchange);
    if (slot < 0) return -1;
    const v = this.exchangeBlock[slot];
    if (v >= -1) return v;
    const base = -(v + 2);
    const b = this.thousandsBlocks[base + ((line / 1000) | 0)];
    return b >= 0 ? b : this.thousandsBlocks[base + 10];
  }

  /** `RATE_CENTER, STATE` of a block, for messages. */
  placeOf(block: number): string {
    const place = this.blockPlace[block];
    return `${this.placeRateCenter[place]}, ${this.placeState[place]}`;
  }
}

/** Receives every dataset (in any order) and builds one immutable Snapshot. */
export class SnapshotBuilder implements DatasetSink {
  private readonly idIndex = new Map<string, number>();
  private readonly ids: string[] = [];
  private readonly carriers = new Map<string, CarrierRecord>();
  private readonly blocks = new Map<number, BlockRecord>();
  private readonly portedTable = new NumberTableBuilder();
  private readonly tollfreeTable = new NumberTableBuilder();
  private portedCount = 0;
  private tollfreeCount = 0;
  private providers: CoverageProvider[] = [];

  carrier(record: CarrierRecord): void {
    this.carriers.set(record.id, record);
    this.intern(record.id);
    if (record.underlyingId) this.intern(record.underlyingId);
  }

  block(record: BlockRecord): void {
    this.blocks.set((record.npa * 1000 + record.nxx) * 16 + (record.blockId + 1), record);
    this.intern(record.ocn);
  }

  expect(dataset: 'ported' | 'tollfree', count: number): void {
    (dataset === 'ported' ? this.portedTable : this.tollfreeTable).reserve(count);
  }

  ported(tn: number, spid: string, svType: SvType): void {
    const wireless = WIRELESS_SV.has(svType) ? 1 : 0;
    this.portedTable.add(tn, this.intern(spid) * 2 + wireless);
    this.portedCount++;
  }

  tollfree(number: number, resporgId: string, status: TollfreeStatus): void {
    const code = TOLLFREE_STATUSES.indexOf(status);
    if (code < 0) throw new Error(`unknown toll-free status ${status}`);
    this.tollfreeTable.add(number, this.intern(resporgId) * (1 << TOLLFREE_STATUS_BITS) + code);
    this.tollfreeCount++;
  }

  coverage(coverage: Coverage): void {
    this.providers = coverage.providers.map((p) => ({ ...p }));
    for (const p of this.providers) this.intern(p.id);
  }

  build(): Snapshot {
    const providers = this.providers;
    const providerIndex = Int32Array.from(providers, (p) => this.intern(p.id));
    // Every id is interned by now; the tables below are sized for all of them.
    const ids = this.ids.slice();
    const names = ids.map((id) => this.carriers.get(id)?.name ?? id);
    const underlying = Int32Array.from(ids, (id) => this.idIndex.get(this.resolveUnderlying(id)) ?? -1);

    const used = new Uint8Array(1000);
    for (const b of this.blocks.values()) used[b.npa] = 1;
    const blockSlots = ExchangeSlots.forNpas(used);
    const exchangeBlock = new Int32Array(blockSlots.size).fill(-1);
    const thousands: number[] = [];
    const n = this.blocks.size;
    const blockRecords = new Int32Array(n * BLOCK_FIELDS);
    const blockPlace = new Int32Array(n);
    const placeIndex = new Map<string, number>();
    const placeState: string[] = [];
    const placeRateCenter: string[] = [];
    // One pass places every record; thousands-blocks move an exchange's A record into its 11th slot.
    let i = 0;
    for (const b of this.blocks.values()) {
      const slot = blockSlots.slot(b.npa * 1000 + b.nxx);
      let v = exchangeBlock[slot];
      if (b.blockId < 0) {
        if (v >= -1) exchangeBlock[slot] = i;
        else thousands[-(v + 2) + 10] = i;
      } else {
        if (v >= -1) {
          const base = thousands.length;
          for (let k = 0; k < 10; k++) thousands.push(-1);
          thousands.push(v);
          v = -(base + 2);
          exchangeBlock[slot] = v;
        }
        thousands[-(v + 2) + b.blockId] = i;
      }
      const holderCategory = this.carriers.get(b.ocn)?.category ?? '';
      const wireless = WIRELESS_COC.has(b.cocType.toUpperCase()) || WIRELESS_CATEGORIES.has(holderCategory);
      const record = i * BLOCK_FIELDS;
      blockRecords[record + BlockField.Holder] = this.idIndex.get(b.ocn) ?? -1;
      const flags = (b.portable ? BlockFlag.Portable : 0) | (wireless ? BlockFlag.Wireless : 0);
      blockRecords[record + BlockField.LataFlags] = b.lata * 4 + flags;
      const placeKey = `${b.state}\t${b.rateCenter}`;
      let place = placeIndex.get(placeKey);
      if (place === undefined) {
        place = placeState.length;
        placeIndex.set(placeKey, place);
        placeState.push(b.state);
        placeRateCenter.push(b.rateCenter);
      }
      blockPlace[i] = place;
      const where = { lata: b.lata, state: b.state, rateCenter: b.rateCenter };
      blockRecords[record + BlockField.GainLongCode] = gainingForLocal(providers, 'long-code', where);
      blockRecords[record + BlockField.GainWireless] = gainingForLocal(providers, 'wireless', where);
      i++;
    }

    return new Snapshot({
      ids,
      names,
      underlying,
      blockSlots,
      exchangeBlock,
      thousandsBlocks: Int32Array.from(thousands),
      blockRecords,
      blockPlace,
      placeState,
      placeRateCenter,
      ported: this.portedTable.build(),
      tollfree: this.tollfreeTable.build(),
      providerIndex,
      providerNames: providers.map((p) => p.name),
      providerHypernetwork: Uint8Array.from(providers, (p) => (p.hypernetwork === true ? 1 : 0)),
      tollfreeGaining: gainingForTollfree(providers),
      stats: {
        carriers: this.carriers.size,
        blocks: n,
        ported: this.portedCount,
        tollfree: this.tollfreeCount,
        providers: providers.length,
      },
    });
  }

  private intern(id: string): number {
    let index = this.idIndex.get(id);
    if (index === undefined) {
      index = this.ids.length;
      this.ids.push(id);
      this.idIndex.set(id, index);
    }
    return index;
  }

  /** docs/spec/rules.md §3 step 5: follow underlying_id until it ends or leaves the dataset (a cycle, refused at import, stops too). */
  private resolveUnderlying(id: string): string {
    const seen = new Set<string>();
    let current = id;
    for (;;) {
      seen.add(current);
      const next = this.carriers.get(current)?.underlyingId;
      if (!next || seen.has(next)) return current;
      current = next;
    }
  }
}
