// CLI for the test-data generator:
//   node dist/bench/generate.js --out DIR [--seed 1] [--ported 10000000] [--tollfree 100000]
//     [--npas N] [--request 1000000 ...] [--sorted] [--force]
// The benchmark harness imports `generate` and calls it in-process (output cached by manifest.json).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, InvalidArgumentError } from 'commander';
import { type GenerateOptions, type GenerateResult, generateDataset } from '../src/generate/dataset.js';
import {
  fixtureReferencePaths,
  loadReferenceData,
  packageRoot,
  renderEmbeddedModule,
} from '../src/generate/reference-data.js';

export type { GenerateOptions, GenerateResult } from '../src/generate/dataset.js';

/** Generates (or reuses) the dataset; the same function the CLI runs. */
export function generate(opts: GenerateOptions): Promise<GenerateResult> {
  return generateDataset(opts);
}

function count(value: string): number {
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
}

function collect(value: string, previous: number[]): number[] {
  return [...previous, count(value)];
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = new Command()
    .name('generate')
    .description(
      'Write realistic, seeded portcheck test data in the import formats of docs/spec/data-formats.md',
    )
    .option('--out <dir>', 'output folder')
    .option('--seed <n>', 'random seed', count, 1)
    .option('--ported <n>', 'ported numbers', count, 10_000_000)
    .option('--tollfree <n>', 'toll-free numbers', count, 100_000)
    .option('--npas <n>', 'how many NPAs (default: every geographic US NPA)', count)
    .option('--request <n>', 'also write request-<n>.json (repeatable)', collect, [] as number[])
    .option('--sorted', 'ported.csv in ascending TN order', false)
    .option('--force', 'regenerate even when manifest.json matches', false)
    .option('--npa-report <file>', 'NANPA NPA report CSV (default: the embedded copy)')
    .option('--latas <file>', 'LATA list TSV (default: the embedded copy)')
    .option(
      '--refresh-reference',
      'rewrite src/generate/reference-embedded.ts from the files (default test/fixtures/), then exit',
    )
    .parse(argv);
  const o = program.opts();

  if (o.refreshReference) {
    const fixtures = fixtureReferencePaths();
    const ref = loadReferenceData({
      npaReport: o.npaReport ?? fixtures.npaReport,
      latas: o.latas ?? fixtures.latas,
    });
    const target = join(packageRoot(), 'src', 'generate', 'reference-embedded.ts');
    writeFileSync(target, renderEmbeddedModule(ref.npas, ref.latas));
    console.log(
      `wrote ${target} (${ref.npas.length} NPAs, ${ref.latas.length} LATAs); run biome format on it`,
    );
    return;
  }
  if (!o.out) program.error('--out <dir> is required');

  const result = await generate({
    out: o.out,
    seed: o.seed,
    ported: o.ported,
    tollfree: o.tollfree,
    npas: o.npas,
    requests: o.request,
    sorted: o.sorted,
    force: o.force,
    npaReport: o.npaReport,
    latas: o.latas,
    log: (line) => console.log(line),
  });
  const { manifest } = result;
  const rows = Object.entries(manifest.files).map(([name, f]) => ({
    file: name,
    rows: f.rows,
    bytes: f.bytes,
    seconds: Number(f.seconds.toFixed(2)),
  }));
  console.table(rows);
  console.log(
    `${result.cached ? 'reused' : 'generated'} ${o.out} in ${result.seconds.toFixed(2)} s ` +
      `(${manifest.npas} NPAs, ${manifest.exchanges} exchanges, ${manifest.thousandsBlocks} thousands-blocks)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
  });
}
