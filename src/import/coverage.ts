import { type Coverage, type CoverageProvider, NUMBER_TYPES, type NumberType } from '../domain/types.js';
import type { ProblemList } from './problems.js';

const CARRIER_ID = /^[A-Z0-9]{3,8}$/;
const STATE = /^[A-Z]{2}$/;
const PROVIDER_KEYS = new Set([
  'id',
  'name',
  'number_types',
  'latas',
  'exclude_latas',
  'states',
  'rate_centers',
  'hypernetwork',
]);

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isLata = (v: Json): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 999;

/** The line of a JSON.parse error, from the position Node puts in its message. */
export function jsonErrorLine(text: string, error: Error): number {
  const position = /position (\d+)/.exec(error.message);
  if (!position) return 1;
  let line = 1;
  const end = Math.min(Number(position[1]), text.length);
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Checks a parsed coverage file against the form of docs/spec/data-formats.md and
 * returns it in the domain shape (ids and states upper-cased, number types
 * lower-cased, absent optional keys left out), or undefined after reporting
 * every problem under its key path (line 0: the form has no single line).
 */
export function parseCoverage(doc: Json, problems: ProblemList): Coverage | undefined {
  const before = problems.total;
  const report = (path: string, message: string) => problems.add(0, path, message);

  if (!isObject(doc)) {
    report('(root)', 'must be an object with a "providers" array');
    return undefined;
  }
  for (const key of Object.keys(doc)) if (key !== 'providers') report(key, 'unknown key');
  if (!Array.isArray(doc.providers)) {
    report('providers', doc.providers === undefined ? 'is required' : 'must be an array of providers');
    return undefined;
  }

  const providers: CoverageProvider[] = [];
  doc.providers.forEach((entry: Json, i: number) => {
    const at = `providers[${i}]`;
    if (!isObject(entry)) {
      report(at, 'must be an object');
      return;
    }
    for (const key of Object.keys(entry)) if (!PROVIDER_KEYS.has(key)) report(`${at}.${key}`, 'unknown key');

    const id = typeof entry.id === 'string' ? entry.id.trim().toUpperCase() : '';
    if (typeof entry.id !== 'string') {
      report(`${at}.id`, entry.id === undefined ? 'is required' : 'must be a string');
    } else if (!CARRIER_ID.test(id)) {
      report(
        `${at}.id`,
        `${JSON.stringify(entry.id)} is not a carrier id: expected 3 to 8 letters or digits`,
      );
    }

    const name = typeof entry.name === 'string' ? entry.name.trim() : '';
    if (typeof entry.name !== 'string') {
      report(`${at}.name`, entry.name === undefined ? 'is required' : 'must be a string');
    } else if (name === '') {
      report(`${at}.name`, 'must not be empty');
    }

    const numberTypes: NumberType[] = [];
    if (!Array.isArray(entry.number_types) || entry.number_types.length === 0) {
      report(
        `${at}.number_types`,
        entry.number_types === undefined
          ? 'is required'
          : `must be a non-empty array of ${NUMBER_TYPES.map((t) => JSON.stringify(t)).join(', ')}`,
      );
    } else {
      entry.number_types.forEach((t: Json, j: number) => {
        const found =
          typeof t === 'string' ? NUMBER_TYPES.find((n) => n === t.trim().toLowerCase()) : undefined;
        if (!found) {
          report(`${at}.number_types[${j}]`, `${JSON.stringify(t)} is not one of ${NUMBER_TYPES.join(', ')}`);
        } else if (!numberTypes.includes(found)) numberTypes.push(found);
      });
    }

    const provider: CoverageProvider = { id, name, numberTypes };

    const local = numberTypes.some((t) => t !== 'tollfree');
    if (entry.latas === undefined) {
      if (local)
        report(`${at}.latas`, 'is required for long-code and wireless providers ("*" or an array of LATAs)');
    } else if (entry.latas === '*') {
      provider.latas = '*';
    } else if (!Array.isArray(entry.latas)) {
      report(`${at}.latas`, `${JSON.stringify(entry.latas)} is neither "*" nor an array of LATA numbers`);
    } else {
      const latas = lataList(entry.latas, `${at}.latas`, report);
      if (latas?.length === 0) report(`${at}.latas`, 'must not be empty (use "*" for every LATA)');
      if (latas) provider.latas = latas;
    }

    if (entry.exclude_latas !== undefined) {
      const excluded = lataList(entry.exclude_latas, `${at}.exclude_latas`, report);
      if (excluded) provider.excludeLatas = excluded;
    }

    if (entry.states !== undefined) {
      const states = stringList(entry.states, `${at}.states`, report, (s, path) => {
        const upper = s.trim().toUpperCase();
        if (STATE.test(upper)) return upper;
        report(path, `${JSON.stringify(s)} is not a two-letter state`);
        return undefined;
      });
      if (states) provider.states = states;
    }

    if (entry.rate_centers !== undefined) {
      const rateCenters = stringList(entry.rate_centers, `${at}.rate_centers`, report, (s, path) => {
        const colon = s.indexOf(':');
        const st = s.slice(0, colon).trim().toUpperCase();
        const rc = s.slice(colon + 1).trim();
        if (colon > 0 && STATE.test(st) && rc !== '') return `${st}:${rc}`;
        report(path, `${JSON.stringify(s)} is not "STATE:RATE_CENTER" (e.g. "WA:SEATTLE")`);
        return undefined;
      });
      if (rateCenters) provider.rateCenters = rateCenters;
    }

    // Kept only when true: absent and false mean the same (data-formats.md's default).
    if (entry.hypernetwork === true) provider.hypernetwork = true;
    else if (entry.hypernetwork !== undefined && entry.hypernetwork !== false) {
      report(`${at}.hypernetwork`, `${JSON.stringify(entry.hypernetwork)} is not true or false`);
    }

    providers.push(provider);
  });

  return problems.total === before ? { providers } : undefined;
}

function lataList(
  value: Json,
  path: string,
  report: (path: string, message: string) => void,
): number[] | undefined {
  if (!Array.isArray(value)) {
    report(path, 'must be an array of LATA numbers');
    return undefined;
  }
  let ok = true;
  value.forEach((v: Json, i: number) => {
    if (!isLata(v)) {
      report(`${path}[${i}]`, `${JSON.stringify(v)} is not a LATA (an integer of up to 3 digits)`);
      ok = false;
    }
  });
  return ok ? (value as number[]) : undefined;
}

function stringList(
  value: Json,
  path: string,
  report: (path: string, message: string) => void,
  check: (s: string, path: string) => string | undefined,
): string[] | undefined {
  if (!Array.isArray(value)) {
    report(path, 'must be an array of strings');
    return undefined;
  }
  const out: string[] = [];
  value.forEach((v: Json, i: number) => {
    if (typeof v !== 'string') report(`${path}[${i}]`, `${JSON.stringify(v)} is not a string`);
    else {
      const checked = check(v, `${path}[${i}]`);
      if (checked !== undefined) out.push(checked);
    }
  });
  return out.length === value.length ? out : undefined;
}
