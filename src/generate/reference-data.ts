// The real numbering facts the generator builds on: geographic US NPAs with their state, and the
// LATAs of each state. By default the copy embedded in `reference-embedded.ts`; files (NANPA's NPA
// report, the LATA list) only when a caller names them. Nothing is looked for outside the package.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { EMBEDDED_LATAS, EMBEDDED_NPAS } from './reference-embedded.js';

export interface NpaInfo {
  npa: number;
  state: string;
}

export interface LataInfo {
  lata: number;
  name: string;
  state: string;
}

export interface ReferenceData {
  npas: NpaInfo[];
  latas: LataInfo[];
  /** Where the facts came from: a folder, or `embedded`. */
  source: string;
}

/** latas.tsv spells a few territories out; the NPA report uses two-letter codes. */
const STATE_ALIASES: Record<string, string> = {
  Delaware: 'DE',
  Guam: 'GU',
  'Northern Mariana Islands': 'MP',
};

/**
 * Geographic (`USE` G), in-service, `COUNTRY` US NPAs with a two-letter `LOCATION`, ascending.
 * Line 1 of the report is the file date; a few rows have a wrong field count.
 */
export function parseNpaReport(csv: string | Buffer): NpaInfo[] {
  const rows = parse(csv, {
    columns: true,
    from_line: 2,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const out: NpaInfo[] = [];
  for (const r of rows) {
    if (r.USE !== 'G' || r.IN_SERVICE !== 'Y' || r.COUNTRY !== 'US') continue;
    if (!/^[A-Z]{2}$/.test(r.LOCATION ?? '') || !/^\d{3}$/.test(r.NPA_ID ?? '')) continue;
    out.push({ npa: Number(r.NPA_ID), state: r.LOCATION });
  }
  return out.sort((a, b) => a.npa - b.npa);
}

/** `lata name state` rows with a three-digit code and a two-letter (or aliased) state, in file order. */
export function parseLatas(tsv: string): LataInfo[] {
  const out: LataInfo[] = [];
  for (const line of tsv.split(/\r?\n/).slice(1)) {
    const [code, name, rawState] = line.split('\t').map((c) => c?.trim() ?? '');
    if (!/^\d{3}$/.test(code ?? '') || !name || !rawState) continue;
    const state = STATE_ALIASES[rawState] ?? rawState;
    if (!/^[A-Z]{2}$/.test(state)) continue;
    out.push({ lata: Number(code), name, state });
  }
  return out;
}

/** The folder holding package.json above this module (works from `src/` and from `dist/src/`). */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/**
 * The files the embedded copy is made from, in the checkout (test/fixtures/, with their sources in its
 * README). Only `--refresh-reference` reads them by default; they are not part of the package.
 */
export function fixtureReferencePaths(): Required<ReferencePaths> {
  const dir = join(packageRoot(), 'test', 'fixtures');
  return { npaReport: join(dir, 'npa-report-2020.csv'), latas: join(dir, 'latas.tsv') };
}

export interface ReferencePaths {
  npaReport?: string;
  latas?: string;
}

/**
 * Reads the NPA report and LATA list from the given paths (which must exist), else takes the
 * embedded copy.
 */
export function loadReferenceData(paths: ReferencePaths = {}): ReferenceData {
  const sources: string[] = [];
  let npas: NpaInfo[];
  if (paths.npaReport) {
    npas = parseNpaReport(readFileSync(paths.npaReport));
    sources.push(paths.npaReport);
  } else {
    npas = EMBEDDED_NPAS.map(([npa, state]) => ({ npa, state }));
    sources.push('embedded NPAs');
  }
  let latas: LataInfo[];
  if (paths.latas) {
    latas = parseLatas(readFileSync(paths.latas, 'utf8'));
    sources.push(paths.latas);
  } else {
    latas = EMBEDDED_LATAS.map(([lata, name, state]) => ({ lata, name, state }));
    sources.push('embedded LATAs');
  }
  if (npas.length === 0) throw new Error(`no geographic US NPAs found in ${sources[0]}`);
  if (latas.length === 0) throw new Error(`no LATAs found in ${sources[1]}`);
  return { npas, latas, source: sources.join(', ') };
}

/** The first lines of `reference-embedded.ts`: where the facts come from, as paths in the checkout. */
export const EMBEDDED_HEADER = `// Generated from test/fixtures/npa-report-2020.csv (NANPA's NPA report, file date 03/04/2020:
// geographic, in-service, US NPAs with a two-letter location) and test/fixtures/latas.tsv (the
// public LATA list) by \`node dist/bench/generate.js --refresh-reference\`; sources and terms in
// test/fixtures/README.md. test/generate/reference.test.ts checks that it still matches them.`;

/** The text of `reference-embedded.ts` for these facts (run `biome format` on it afterwards). */
export function renderEmbeddedModule(npas: NpaInfo[], latas: LataInfo[]): string {
  const npaRows = npas.map((n) => `  [${n.npa}, '${n.state}'],`).join('\n');
  const lataRows = latas.map((l) => `  [${l.lata}, ${JSON.stringify(l.name)}, '${l.state}'],`).join('\n');
  return `${EMBEDDED_HEADER}

/** [npa, state] */
export const EMBEDDED_NPAS: ReadonlyArray<readonly [number, string]> = [
${npaRows}
];

/** [lata, name, state] */
export const EMBEDDED_LATAS: ReadonlyArray<readonly [number, string, string]> = [
${lataRows}
];
`;
}
