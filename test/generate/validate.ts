// Independent checks of the generated files against the form rules of docs/spec/data-formats.md (written
// from the spec, not from the generator's code).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

export const CATEGORIES = new Set([
  'RBOC',
  'ILEC',
  'ICO',
  'CLEC',
  'ULEC',
  'CAP',
  'IPES',
  'IC',
  'GENERAL',
  'INTL',
  'L RESELLER',
  'P RESELLER',
  'W RESELLER',
  'PCS',
  'WIRELESS',
  'RESPORG',
]);
export const SV_TYPES = new Set([
  'wireline',
  'wireless',
  'voip',
  'vowifi',
  'prepaid_wireless',
  'class2_voip',
]);
export const TF_STATUSES = [
  'SPARE',
  'RESERVED',
  'ASSIGNED',
  'WORKING',
  'DISCONNECT',
  'TRANSITIONAL',
  'UNAVAILABLE',
  'SUSPENDED',
];
export const TF_NPAS = new Set(['800', '822', '833', '844', '855', '866', '877', '888']);

export function readCsv(dir: string, name: string): { header: string[]; rows: Record<string, string>[] } {
  const text = readFileSync(join(dir, name), 'utf8');
  const header = (parse(text, { to_line: 1 }) as string[][])[0];
  const rows = parse(text, { columns: true, trim: true, skip_empty_lines: true }) as Record<string, string>[];
  return { header, rows };
}

/** Problems found, as `file line N: message` strings (empty when the file is valid). */
export type Problems = string[];

export function checkCarriers(rows: Record<string, string>[]): Problems {
  const out: Problems = [];
  const ids = new Map<string, string>();
  rows.forEach((r, i) => {
    const at = `carriers.csv line ${i + 2}`;
    if (!/^[A-Z0-9]{3,8}$/.test(r.id)) out.push(`${at}: id ${r.id}`);
    if (ids.has(r.id)) out.push(`${at}: duplicate id ${r.id}`);
    if (!r.name) out.push(`${at}: empty name`);
    if (r.category !== '' && !CATEGORIES.has(r.category)) out.push(`${at}: category ${r.category}`);
    if (r.underlying_id !== '' && !/^[A-Z0-9]{3,8}$/.test(r.underlying_id)) out.push(`${at}: underlying_id`);
    ids.set(r.id, r.underlying_id);
  });
  for (const start of ids.keys()) {
    const seen = new Set<string>();
    let id: string | undefined = start;
    while (id) {
      if (seen.has(id)) {
        out.push(`carriers.csv: underlying_id cycle through ${start}`);
        break;
      }
      seen.add(id);
      id = ids.get(id) || undefined;
    }
  }
  return out;
}

export function checkBlocks(rows: Record<string, string>[]): Problems {
  const out: Problems = [];
  const keys = new Set<string>();
  rows.forEach((r, i) => {
    const at = `blocks.csv line ${i + 2}`;
    if (!/^\d{3}$/.test(r.npa) || !/^\d{3}$/.test(r.nxx)) out.push(`${at}: npa/nxx`);
    if (!/^(A|[0-9])$/.test(r.block_id)) out.push(`${at}: block_id ${r.block_id}`);
    if (!/^\d{3}$/.test(r.lata)) out.push(`${at}: lata ${r.lata}`);
    if (!/^[A-Z0-9]{3,8}$/.test(r.ocn)) out.push(`${at}: ocn ${r.ocn}`);
    if (!r.rate_center) out.push(`${at}: empty rate_center`);
    if (!/^[A-Z]{2}$/.test(r.state)) out.push(`${at}: state ${r.state}`);
    if (!/^(|EOC|PMC|RCC|VOI)$/.test(r.coc_type)) out.push(`${at}: coc_type ${r.coc_type}`);
    if (!/^(|Y|N)$/.test(r.portable)) out.push(`${at}: portable ${r.portable}`);
    const nxx = Number(r.nxx);
    if (nxx < 200 || nxx % 100 === 11 || [555, 950, 958, 959, 976].includes(nxx))
      out.push(`${at}: nxx ${r.nxx}`);
    const key = `${r.npa}${r.nxx}${r.block_id}`;
    if (keys.has(key)) out.push(`${at}: duplicate key ${key}`);
    keys.add(key);
  });
  for (const r of rows) {
    if (r.block_id !== 'A' && !keys.has(`${r.npa}${r.nxx}A`))
      out.push(`blocks.csv: ${r.npa}${r.nxx}-${r.block_id} has no A record`);
  }
  return out;
}

/** docs/spec/rules.md §3 steps 1–2: the block a TN falls in (thousands-block first) and whether it is portable. */
export function blockIndex(blocks: Record<string, string>[]): Map<string, Record<string, string>> {
  const m = new Map<string, Record<string, string>>();
  for (const b of blocks) m.set(`${b.npa}${b.nxx}${b.block_id}`, b);
  return m;
}

export function blockOf(
  index: Map<string, Record<string, string>>,
  tn: string,
): Record<string, string> | undefined {
  return index.get(tn.slice(0, 7)) ?? index.get(`${tn.slice(0, 6)}A`);
}

export function checkPorted(
  rows: Record<string, string>[],
  carrierIds: Set<string>,
  blocks: Map<string, Record<string, string>>,
): Problems {
  const out: Problems = [];
  const tns = new Set<string>();
  rows.forEach((r, i) => {
    const at = `ported.csv line ${i + 2}`;
    if (!/^(\d{10}|1\d{10})$/.test(r.tn)) out.push(`${at}: tn ${r.tn}`);
    if (tns.has(r.tn)) out.push(`${at}: duplicate tn ${r.tn}`);
    tns.add(r.tn);
    if (!carrierIds.has(r.spid)) out.push(`${at}: unknown spid ${r.spid}`);
    if (!SV_TYPES.has(r.sv_type)) out.push(`${at}: sv_type ${r.sv_type}`);
    if (r.lrn && !/^\d{10}$/.test(r.lrn)) out.push(`${at}: lrn ${r.lrn}`);
    if (r.alt_spid && !carrierIds.has(r.alt_spid)) out.push(`${at}: unknown alt_spid ${r.alt_spid}`);
    if (r.action !== undefined && !/^(|upsert)$/i.test(r.action)) out.push(`${at}: action ${r.action}`);
    const b = blockOf(blocks, r.tn.slice(-10));
    if (!b) out.push(`${at}: ${r.tn} is in no block`);
    else if (b.portable === 'N') out.push(`${at}: ${r.tn} is in a non-portable block`);
  });
  return out;
}

export function checkTollfree(rows: Record<string, string>[], resporgs: Set<string>): Problems {
  const out: Problems = [];
  const seen = new Set<string>();
  rows.forEach((r, i) => {
    const at = `tollfree.csv line ${i + 2}`;
    if (!/^(\d{10}|1\d{10})$/.test(r.number) || !TF_NPAS.has(r.number.slice(-10, -7)))
      out.push(`${at}: number ${r.number}`);
    const nxx = Number(r.number.slice(-7, -4));
    if (nxx < 200 || nxx % 100 === 11) out.push(`${at}: nxx of ${r.number}`);
    if (seen.has(r.number)) out.push(`${at}: duplicate number ${r.number}`);
    seen.add(r.number);
    if (!resporgs.has(r.resporg_id)) out.push(`${at}: resporg ${r.resporg_id}`);
    if (!TF_STATUSES.includes(r.status)) out.push(`${at}: status ${r.status}`);
  });
  return out;
}

export function checkCoverage(json: unknown, carrierIds: Set<string>): Problems {
  const out: Problems = [];
  const providers = (json as { providers?: unknown }).providers;
  if (!Array.isArray(providers) || providers.length === 0) return ['coverage.json: providers'];
  const intArray = (v: unknown): boolean => Array.isArray(v) && v.every((x) => Number.isInteger(x));
  providers.forEach((p: Record<string, unknown>, i) => {
    const at = `coverage.json providers[${i}]`;
    if (typeof p.id !== 'string' || !carrierIds.has(p.id)) out.push(`${at}: id`);
    if (typeof p.name !== 'string' || !p.name) out.push(`${at}: name`);
    const types = p.number_types;
    if (
      !Array.isArray(types) ||
      types.length === 0 ||
      !types.every((t) => ['long-code', 'wireless', 'tollfree'].includes(t))
    )
      out.push(`${at}: number_types`);
    const local = Array.isArray(types) && types.some((t) => t !== 'tollfree');
    if (local && p.latas !== '*' && !intArray(p.latas)) out.push(`${at}: latas`);
    if (p.exclude_latas !== undefined && !intArray(p.exclude_latas)) out.push(`${at}: exclude_latas`);
    if (p.states !== undefined && !(Array.isArray(p.states) && p.states.every((s) => /^[A-Z]{2}$/.test(s))))
      out.push(`${at}: states`);
    if (
      p.rate_centers !== undefined &&
      !(Array.isArray(p.rate_centers) && p.rate_centers.every((s) => /^[A-Z]{2}:.+$/.test(s)))
    )
      out.push(`${at}: rate_centers`);
  });
  return out;
}
