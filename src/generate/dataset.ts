// The generator's entry point: options → models → files in one folder, plus manifest.json so a
// benchmark can reuse the output when the options match.

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CarrierSet, generateCarriers } from './carriers.js';
import { ChunkWriter } from './chunk-writer.js';
import { buildCoverage, type CoverageFile } from './coverage.js';
import { buildExchanges, type ExchangeModel } from './exchanges.js';
import { renderCoverage, writeBlocks, writeCarriers } from './files.js';
import { buildPorted, type PortedModel, writePorted } from './ported.js';
import { Rng } from './prng.js';
import { loadReferenceData, type NpaInfo } from './reference-data.js';
import { buildRequestNumbers, writeRequest } from './request.js';
import { buildTollfree, type TollfreeModel, writeTollfree } from './tollfree.js';

/** Bumped whenever the same options would produce different bytes (invalidates cached output). */
const GENERATOR_VERSION = 2;

export interface GenerateOptions {
  /** Output folder (created if missing). */
  out: string;
  seed?: number;
  /** Ported numbers (default 10,000,000). */
  ported?: number;
  /** Toll-free numbers (default 100,000). */
  tollfree?: number;
  /** How many NPAs, sampled by the seed (default: every geographic US NPA). */
  npas?: number;
  /** Sizes of `request-<n>.json` bodies to write. */
  requests?: number[];
  /** ported.csv in ascending TN order instead of grouped-by-exchange random order. */
  sorted?: boolean;
  /** Paths of the NANPA NPA report and the LATA list (default: the embedded copy). */
  npaReport?: string;
  latas?: string;
  /** Regenerate even when manifest.json matches. */
  force?: boolean;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
}

export interface DatasetOptions {
  seed: number;
  ported: number;
  tollfree: number;
  npas: number | null;
  sorted: boolean;
}

export interface FileReport {
  rows: number;
  bytes: number;
  seconds: number;
}

export interface Manifest {
  generator: 'portcheck-generate';
  version: number;
  options: DatasetOptions;
  /** Keyed by file name. */
  files: Record<string, FileReport>;
  npas: number;
  exchanges: number;
  thousandsBlocks: number;
}

export interface GenerateResult {
  manifest: Manifest;
  /** Absolute-or-given path of each file, by name. */
  paths: Record<string, string>;
  /** True when the dataset was found in place and not regenerated. */
  cached: boolean;
  seconds: number;
}

export interface Model {
  options: DatasetOptions;
  npas: NpaInfo[];
  carriers: CarrierSet;
  exchanges: ExchangeModel;
  ported: PortedModel;
  tollfree: TollfreeModel;
  coverage: CoverageFile;
}

function datasetOptions(opts: GenerateOptions): DatasetOptions {
  const int = (name: string, v: number | undefined, dflt: number): number => {
    const n = v ?? dflt;
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
    return n;
  };
  const npas = opts.npas == null ? null : int('npas', opts.npas, 0);
  if (npas === 0) throw new Error('--npas must be at least 1');
  return {
    seed: int('seed', opts.seed, 1),
    ported: int('ported', opts.ported, 10_000_000),
    tollfree: int('tollfree', opts.tollfree, 100_000),
    npas,
    sorted: opts.sorted ?? false,
  };
}

/** Everything but the bytes: cheap (well under a second for every US NPA), and deterministic. */
function buildModel(opts: GenerateOptions): Model {
  const options = datasetOptions(opts);
  const ref = loadReferenceData({ npaReport: opts.npaReport, latas: opts.latas });
  const { seed } = options;
  let npas = ref.npas;
  if (options.npas != null && options.npas < npas.length) {
    npas = Rng.stream(seed, 'npas')
      .shuffle([...npas])
      .slice(0, options.npas)
      .sort((a, b) => a.npa - b.npa);
  }
  const carriers = generateCarriers(Rng.stream(seed, 'carriers'));
  const exchanges = buildExchanges(seed, ref.npas, npas, ref.latas, carriers);
  const ported = buildPorted(seed, exchanges, options.ported, options.sorted);
  const tollfree = buildTollfree(seed, options.tollfree);
  const coverage = buildCoverage(seed, exchanges, carriers);
  return { options, npas, carriers, exchanges, ported, tollfree, coverage };
}

async function writeFile(path: string, body: (w: ChunkWriter) => Promise<number>): Promise<FileReport> {
  const t0 = performance.now();
  const w = new ChunkWriter(path);
  const rows = await body(w);
  await w.close();
  return { rows, bytes: statSync(path).size, seconds: (performance.now() - t0) / 1000 };
}

export function requestFileName(count: number): string {
  return `request-${count}.json`;
}

function readManifest(dir: string): Manifest | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

function sameOptions(a: DatasetOptions, b: DatasetOptions): boolean {
  return (
    a.seed === b.seed &&
    a.ported === b.ported &&
    a.tollfree === b.tollfree &&
    a.npas === b.npas &&
    a.sorted === b.sorted
  );
}

/** Whether the manifest's files are all still there with their recorded sizes. */
function filesIntact(dir: string, m: Manifest): boolean {
  return Object.entries(m.files).every(([name, f]) => {
    const p = join(dir, name);
    return existsSync(p) && statSync(p).size === f.bytes;
  });
}

export const DATASET_FILES = [
  'carriers.csv',
  'blocks.csv',
  'ported.csv',
  'tollfree.csv',
  'coverage.json',
] as const;

/**
 * Writes the dataset (and the asked request bodies) into `opts.out`. When `manifest.json` there
 * records the same options and version and its files are intact, only missing request files are written.
 */
export async function generateDataset(opts: GenerateOptions): Promise<GenerateResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const options = datasetOptions(opts);
  const dir = opts.out;
  mkdirSync(dir, { recursive: true });
  const requests = [...new Set(opts.requests ?? [])];
  for (const r of requests)
    if (!Number.isSafeInteger(r) || r < 1) throw new Error('--request must be a positive integer');

  const previous = opts.force ? null : readManifest(dir);
  const reuse =
    previous !== null &&
    previous.version === GENERATOR_VERSION &&
    sameOptions(previous.options, options) &&
    DATASET_FILES.every((f) => f in previous.files) &&
    filesIntact(dir, previous);
  const missingRequests = requests.filter((r) => !(reuse && requestFileName(r) in previous.files));
  const paths: Record<string, string> = {};
  for (const f of DATASET_FILES) paths[f] = join(dir, f);
  for (const r of requests) paths[requestFileName(r)] = join(dir, requestFileName(r));
  if (reuse && missingRequests.length === 0) {
    log(`dataset in ${dir} matches the options (manifest.json): reused`);
    return { manifest: previous, paths, cached: true, seconds: (performance.now() - t0) / 1000 };
  }

  const model = buildModel(opts);
  const { seed } = options;
  const ex = model.exchanges;
  log(
    `model: ${model.npas.length} NPAs, ${ex.count} exchanges, ${ex.thousands.length} thousands-blocks, ${model.carriers.all.length} carriers`,
  );
  const manifest: Manifest = reuse
    ? previous
    : {
        generator: 'portcheck-generate',
        version: GENERATOR_VERSION,
        options,
        files: {},
        npas: model.npas.length,
        exchanges: ex.count,
        thousandsBlocks: ex.thousands.length,
      };
  // Written last, so an interrupted run never looks complete.
  if (existsSync(join(dir, 'manifest.json'))) writeFileSync(join(dir, 'manifest.json'), '{}\n');
  const done = (name: string, f: FileReport): void => {
    manifest.files[name] = f;
    log(`${name}: ${f.rows} rows, ${f.bytes} bytes, ${f.seconds.toFixed(2)} s`);
  };
  if (!reuse) {
    done('carriers.csv', await writeFile(paths['carriers.csv'], (w) => writeCarriers(w, model.carriers)));
    done('blocks.csv', await writeFile(paths['blocks.csv'], (w) => writeBlocks(w, ex)));
    done(
      'ported.csv',
      await writeFile(paths['ported.csv'], (w) =>
        writePorted(w, seed, ex, model.ported, model.carriers, options.sorted),
      ),
    );
    done(
      'tollfree.csv',
      await writeFile(paths['tollfree.csv'], (w) => writeTollfree(w, seed, model.tollfree, model.carriers)),
    );
    done(
      'coverage.json',
      await writeFile(paths['coverage.json'], async (w) => {
        await w.write(renderCoverage(model.coverage));
        return model.coverage.providers.length;
      }),
    );
  }
  for (const r of missingRequests) {
    const numbers = buildRequestNumbers(seed, r, ex, model.ported, model.tollfree);
    done(requestFileName(r), await writeFile(paths[requestFileName(r)], (w) => writeRequest(w, numbers)));
  }
  writeFileSync(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, paths, cached: false, seconds: (performance.now() - t0) / 1000 };
}
