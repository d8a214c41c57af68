import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATASET_FILES, type GenerateOptions, generateDataset } from '../../src/generate/dataset.js';
import {
  blockIndex,
  blockOf,
  checkBlocks,
  checkCarriers,
  checkCoverage,
  checkPorted,
  checkTollfree,
  readCsv,
  TF_NPAS,
  TF_STATUSES,
} from './validate.js';

const SMALL = { seed: 7, npas: 5, ported: 20_000, tollfree: 1_000, requests: [2_000] };
let root: string;
let dirA: string;
let dirB: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'portcheck-gen-'));
  dirA = join(root, 'a');
  dirB = join(root, 'b');
  await generateDataset({ ...SMALL, out: dirA });
  await generateDataset({ ...SMALL, out: dirB });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('generator determinism', () => {
  it('writes identical bytes for the same options', () => {
    const files = readdirSync(dirA).filter((f) => f !== 'manifest.json');
    expect(files.sort()).toEqual([...DATASET_FILES, 'request-2000.json'].sort());
    for (const f of files)
      expect(readFileSync(join(dirB, f)).equals(readFileSync(join(dirA, f))), f).toBe(true);
  });

  it('writes different data for another seed, and the same blocks for an NPA whatever the ported count', async () => {
    const dirC = join(root, 'c');
    await generateDataset({ ...SMALL, ported: 5_000, requests: [], out: dirC });
    expect(readFileSync(join(dirC, 'blocks.csv')).equals(readFileSync(join(dirA, 'blocks.csv')))).toBe(true);
    expect(readFileSync(join(dirC, 'ported.csv')).equals(readFileSync(join(dirA, 'ported.csv')))).toBe(false);
    const dirD = join(root, 'd');
    await generateDataset({ ...SMALL, seed: 8, requests: [], out: dirD });
    expect(readFileSync(join(dirD, 'blocks.csv')).equals(readFileSync(join(dirA, 'blocks.csv')))).toBe(false);
  });

  it('reuses a folder whose manifest matches, writing only missing request files', async () => {
    const log: string[] = [];
    const opts: GenerateOptions = { ...SMALL, out: dirB, log: (l) => log.push(l) };
    const again = await generateDataset(opts);
    expect(again.cached).toBe(true);
    const more = await generateDataset({ ...opts, requests: [2_000, 300] });
    expect(more.cached).toBe(false);
    expect(log.filter((l) => l.startsWith('ported.csv'))).toEqual([]);
    expect(Object.keys(more.manifest.files)).toContain('request-300.json');
    expect(existsSync(join(dirB, 'request-300.json'))).toBe(true);
    expect((await generateDataset({ ...opts, requests: [300] })).cached).toBe(true);
  });
});

describe('generated files follow data-formats.md', () => {
  let carriers: Record<string, string>[];
  let blocks: Record<string, string>[];

  beforeAll(() => {
    carriers = readCsv(dirA, 'carriers.csv').rows;
    blocks = readCsv(dirA, 'blocks.csv').rows;
  });

  it('carriers: ids, categories, acyclic underlying chains, every kind present', () => {
    expect(readCsv(dirA, 'carriers.csv').header).toEqual(['id', 'name', 'category', 'underlying_id']);
    expect(checkCarriers(carriers)).toEqual([]);
    expect(carriers.length).toBeGreaterThan(200);
    const cats = new Set(carriers.map((c) => c.category));
    for (const c of ['RBOC', 'CLEC', 'WIRELESS', 'PCS', 'W RESELLER', 'L RESELLER', 'RESPORG', ''])
      expect(cats).toContain(c);
    // Reseller chains more than one link long exist.
    const byId = new Map(carriers.map((c) => [c.id, c]));
    const twoHop = carriers.filter((c) => c.underlying_id && byId.get(c.underlying_id)?.underlying_id);
    expect(twoHop.length).toBeGreaterThan(0);
  });

  it('blocks: form, unique keys, A records with thousands-blocks of other OCNs, some PMC and not portable', () => {
    expect(checkBlocks(blocks)).toEqual([]);
    const a = blocks.filter((b) => b.block_id === 'A');
    expect(new Set(a.map((b) => b.npa)).size).toBe(5);
    // ~80% of the 787 usable NXXs of each NPA.
    expect(a.length).toBeGreaterThan(5 * 787 * 0.75);
    expect(a.length).toBeLessThan(5 * 787 * 0.85);
    const aHolder = new Map(a.map((b) => [`${b.npa}${b.nxx}`, b.ocn]));
    const thousands = blocks.filter((b) => b.block_id !== 'A');
    expect(thousands.length).toBeGreaterThan(0);
    for (const t of thousands) expect(t.ocn).not.toBe(aHolder.get(`${t.npa}${t.nxx}`));
    expect(blocks.some((b) => b.coc_type === 'PMC')).toBe(true);
    expect(blocks.some((b) => b.portable === 'N')).toBe(true);
    // A rate centre lies in one LATA and one state.
    const where = new Map<string, string>();
    for (const b of blocks) {
      const k = `${b.state}:${b.rate_center}`;
      expect(where.get(k) ?? b.lata).toBe(b.lata);
      where.set(k, b.lata);
    }
  });

  it('ported: unique TNs inside portable blocks, known SPIDs, the sv_type mix, not sorted', () => {
    const { header, rows } = readCsv(dirA, 'ported.csv');
    expect(header).toEqual(['tn', 'spid', 'sv_type', 'lrn', 'alt_spid']);
    expect(rows.length).toBe(SMALL.ported);
    const ids = new Set(carriers.map((c) => c.id));
    expect(checkPorted(rows, ids, blockIndex(blocks))).toEqual([]);
    const types = new Set(rows.map((r) => r.sv_type));
    expect(types.size).toBe(6);
    expect(rows.some((r) => r.lrn)).toBe(true);
    expect(rows.some((r) => r.alt_spid)).toBe(true);
    const tns = rows.map((r) => Number(r.tn));
    expect(tns.some((tn, i) => i > 0 && tn < tns[i - 1])).toBe(true);
    // Grouped by exchange: each exchange's numbers are contiguous.
    const finished = new Set<number>();
    let current = -1;
    for (const tn of tns) {
      const ex = Math.floor(tn / 10000);
      if (ex !== current) {
        expect(finished.has(ex)).toBe(false);
        finished.add(current);
        current = ex;
      }
    }
  });

  it('ported: --sorted writes the same numbers in ascending order', async () => {
    const dir = join(root, 'sorted');
    await generateDataset({ ...SMALL, requests: [], sorted: true, out: dir });
    const sorted = readCsv(dir, 'ported.csv').rows.map((r) => r.tn);
    expect([...sorted].sort()).toEqual(sorted);
    const plain = readCsv(dirA, 'ported.csv').rows.map((r) => r.tn);
    expect([...plain].sort()).toEqual(sorted);
  });

  it('tollfree: unique numbers in toll-free NPAs, RespOrgs from carriers, every status', () => {
    const { header, rows } = readCsv(dirA, 'tollfree.csv');
    expect(header).toEqual(['number', 'resporg_id', 'status']);
    expect(rows.length).toBe(SMALL.tollfree);
    const resporgs = new Set(carriers.filter((c) => c.category === 'RESPORG').map((c) => c.id));
    expect(checkTollfree(rows, resporgs)).toEqual([]);
    expect(new Set(rows.map((r) => r.status))).toEqual(new Set(TF_STATUSES));
    expect(new Set(rows.map((r) => r.number.slice(0, 3))).size).toBe(8);
  });

  it('coverage: valid providers covering every number type, with exclusions, states and rate centres', () => {
    const json = JSON.parse(readFileSync(join(dirA, 'coverage.json'), 'utf8'));
    expect(checkCoverage(json, new Set(carriers.map((c) => c.id)))).toEqual([]);
    const providers = json.providers as Array<Record<string, unknown>>;
    const types = new Set(providers.flatMap((p) => p.number_types as string[]));
    expect(types).toEqual(new Set(['long-code', 'wireless', 'tollfree']));
    expect(providers.some((p) => p.latas === '*' && (p.exclude_latas as number[]).length > 0)).toBe(true);
    expect(providers.some((p) => Array.isArray(p.states))).toBe(true);
    const latas = new Set(blocks.map((b) => Number(b.lata)));
    for (const p of providers)
      if (Array.isArray(p.latas)) for (const l of p.latas) expect(latas).toContain(l);
  });

  it('request: the asked count, distinct, about half ported, the rest local, toll-free and invalid', () => {
    const body = JSON.parse(readFileSync(join(dirA, 'request-2000.json'), 'utf8')) as { numbers: string[] };
    expect(Object.keys(body)).toEqual(['numbers']);
    const numbers = body.numbers;
    expect(numbers.length).toBe(2_000);
    expect(new Set(numbers).size).toBe(2_000);
    const ported = new Set(readCsv(dirA, 'ported.csv').rows.map((r) => r.tn));
    const tollfree = new Set(readCsv(dirA, 'tollfree.csv').rows.map((r) => r.number));
    const index = blockIndex(blocks);
    let p = 0;
    let tf = 0;
    let local = 0;
    let unassigned = 0;
    let invalid = 0;
    for (const n of numbers) {
      if (!/^1\d{10}$/.test(n) || /^1[01]/.test(n) || n[2] === '9' || n.slice(2, 4) === '11') invalid++;
      else if (ported.has(n.slice(1))) p++;
      else if (TF_NPAS.has(n.slice(1, 4))) {
        expect(tollfree.has(n.slice(1))).toBe(true);
        tf++;
      } else if (blockOf(index, n.slice(1))) local++;
      else unassigned++;
    }
    expect(p).toBe(1_000);
    expect(local).toBeGreaterThan(700);
    expect(tf).toBeGreaterThan(100);
    expect(unassigned).toBeGreaterThan(0);
    expect(invalid).toBeGreaterThan(0);
    expect(p + tf + local + unassigned + invalid).toBe(2_000);
  });
});
