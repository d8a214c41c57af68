import type { DatasetName, StagedRow } from '../../store.js';

export type RowDataset = Exclude<DatasetName, 'coverage'>;

/** How each row dataset is staged and merged. Column lists are shared by stage and table. */
export interface TableSpec {
  keys: readonly string[];
  columns: readonly string[];
  /** The TEMP staging table: the dataset's columns and key, plus the file line. */
  stage: string;
  /** Bind values for one row, in the staging table's column order (without `line`). */
  values(row: StagedRow): unknown[];
  keyText(values: unknown[]): string;
}

export const TABLES: Record<RowDataset, TableSpec> = {
  carriers: {
    keys: ['id'],
    columns: ['id', 'name', 'category', 'underlying_id'],
    stage: '(id TEXT PRIMARY KEY, name, category, underlying_id, line INTEGER NOT NULL) WITHOUT ROWID',
    values: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'carriers' }>).record;
      return [r.id, r.name, r.category, r.underlyingId];
    },
    keyText: (v) => String(v[0]),
  },
  blocks: {
    keys: ['npa', 'nxx', 'block_id'],
    columns: ['npa', 'nxx', 'block_id', 'lata', 'ocn', 'rate_center', 'state', 'coc_type', 'portable'],
    stage:
      '(npa, nxx, block_id, lata, ocn, rate_center, state, coc_type, portable, line INTEGER NOT NULL, ' +
      'PRIMARY KEY (npa, nxx, block_id)) WITHOUT ROWID',
    values: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'blocks' }>).record;
      return [r.npa, r.nxx, r.blockId, r.lata, r.ocn, r.rateCenter, r.state, r.cocType, r.portable ? 1 : 0];
    },
    keyText: (v) =>
      `${pad3(v[0] as number)}-${pad3(v[1] as number)}-${(v[2] as number) < 0 ? 'A' : String(v[2])}`,
  },
  ported: {
    keys: ['tn'],
    columns: ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid'],
    // del is 1 for `action = delete`.
    stage:
      '(tn INTEGER PRIMARY KEY, spid, sv_type, lrn, alt_spid, del INTEGER NOT NULL, line INTEGER NOT NULL)',
    values: (row) => {
      const p = row as Extract<StagedRow, { dataset: 'ported' }>;
      const r = p.record;
      return [r.tn, r.spid, r.svType, r.lrn, r.altSpid, p.action === 'delete' ? 1 : 0];
    },
    keyText: (v) => String(v[0]),
  },
  tollfree: {
    keys: ['number'],
    columns: ['number', 'resporg_id', 'status'],
    stage: '(number INTEGER PRIMARY KEY, resporg_id, status, line INTEGER NOT NULL)',
    values: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'tollfree' }>).record;
      return [r.number, r.resporgId, r.status];
    },
    keyText: (v) => String(v[0]),
  },
};

const pad3 = (n: number) => String(n).padStart(3, '0');
