import type { DatasetName, StagedRow } from '../../store.js';
import { copyField } from '../copy.js';

export type RowDataset = Exclude<DatasetName, 'coverage'>;

/** How each row dataset is staged and merged. Column lists are shared by the stage and the table. */
export interface TableSpec {
  keys: readonly string[];
  columns: readonly string[];
  /** Column definitions of the staging tables (the dataset's columns; `line` and `del` are added). */
  definitions: string;
  /** One row as a line of COPY text, without `line` (and `del`). */
  copyLine(row: StagedRow): string;
  /** The key as a person reads it, from the key columns as read back. */
  keyText(key: unknown[]): string;
}

export const TABLES: Record<RowDataset, TableSpec> = {
  carriers: {
    keys: ['id'],
    columns: ['id', 'name', 'category', 'underlying_id'],
    definitions:
      'id text COLLATE "C" NOT NULL, name text NOT NULL, category text, underlying_id text COLLATE "C"',
    copyLine: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'carriers' }>).record;
      return `${copyField(r.id)}\t${copyField(r.name)}\t${copyField(r.category)}\t${copyField(r.underlyingId)}`;
    },
    keyText: (k) => String(k[0]),
  },
  blocks: {
    keys: ['npa', 'nxx', 'block_id'],
    columns: ['npa', 'nxx', 'block_id', 'lata', 'ocn', 'rate_center', 'state', 'coc_type', 'portable'],
    definitions:
      'npa smallint NOT NULL, nxx smallint NOT NULL, block_id smallint NOT NULL, lata integer NOT NULL, ' +
      'ocn text NOT NULL, rate_center text NOT NULL, state text NOT NULL, coc_type text NOT NULL, portable boolean NOT NULL',
    copyLine: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'blocks' }>).record;
      return [r.npa, r.nxx, r.blockId, r.lata, r.ocn, r.rateCenter, r.state, r.cocType, r.portable]
        .map(copyField)
        .join('\t');
    },
    keyText: (k) =>
      `${pad3(k[0] as number)}-${pad3(k[1] as number)}-${(k[2] as number) < 0 ? 'A' : String(k[2])}`,
  },
  ported: {
    keys: ['tn'],
    columns: ['tn', 'spid', 'sv_type', 'lrn', 'alt_spid'],
    definitions: 'tn bigint NOT NULL, spid text NOT NULL, sv_type text NOT NULL, lrn text, alt_spid text',
    copyLine: (row) => {
      const p = row as Extract<StagedRow, { dataset: 'ported' }>;
      const r = p.record;
      return `${r.tn}\t${copyField(r.spid)}\t${copyField(r.svType)}\t${copyField(r.lrn)}\t${copyField(r.altSpid)}\t${p.action === 'delete' ? 't' : 'f'}`;
    },
    keyText: (k) => String(k[0]),
  },
  tollfree: {
    keys: ['number'],
    columns: ['number', 'resporg_id', 'status'],
    definitions: 'number bigint NOT NULL, resporg_id text NOT NULL, status text NOT NULL',
    copyLine: (row) => {
      const r = (row as Extract<StagedRow, { dataset: 'tollfree' }>).record;
      return `${r.number}\t${copyField(r.resporgId)}\t${copyField(r.status)}`;
    },
    keyText: (k) => String(k[0]),
  },
};

const pad3 = (n: number) => String(n).padStart(3, '0');
