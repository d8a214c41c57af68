// The result of one row and its rendering as a markdown table (stdout, README)
// and as JSON (bench/.cache/last-results.json).

/** How a row passes: a ratio ceiling or floor against its baseline, or an absolute ceiling on the figure. */
export type Target =
  | { kind: 'ratio-max'; value: number }
  | { kind: 'ratio-min'; value: number }
  | { kind: 'figure-max'; value: number; unit: string }
  | { kind: 'figure-min'; value: number; unit: string };

export interface RowResult {
  row: number;
  what: string;
  /** The measured figure (a median unless noted), in `unit`; null when it could not be measured. */
  figure: number | null;
  unit: string;
  baseline: number | null;
  baselineUnit: string;
  /** figure / baseline, or null. */
  ratio: number | null;
  target: Target;
  /** null when the row could not be measured. */
  pass: boolean | null;
  /** Extra measurements and explanations, one line each. */
  notes: string[];
  /** Raw samples, for the JSON file. */
  samples?: Record<string, number[]>;
}

/** Fills in pass/fail from the target. */
export function judge(r: Omit<RowResult, 'pass'>): RowResult {
  let pass: boolean | null = null;
  const t = r.target;
  if (t.kind === 'figure-max') pass = r.figure === null ? null : r.figure <= t.value;
  else if (t.kind === 'figure-min') pass = r.figure === null ? null : r.figure >= t.value;
  else if (r.ratio !== null) pass = t.kind === 'ratio-max' ? r.ratio <= t.value : r.ratio >= t.value;
  return { ...r, pass };
}

export function targetText(t: Target): string {
  if (t.kind === 'ratio-max') return `≤ ${t.value}×`;
  if (t.kind === 'ratio-min') return `≥ ${t.value}×`;
  return `${t.kind === 'figure-min' ? '≥' : '≤'} ${formatNumber(t.value)} ${t.unit}`;
}

/** Three significant digits at most, thousands separated, no exponent. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : abs >= 1 ? 2 : 3;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function cell(value: number | null, unit: string): string {
  return value === null ? '—' : `${formatNumber(value)} ${unit}`.trim();
}

function passText(pass: boolean | null): string {
  if (pass === null) return 'n/a';
  return pass ? 'pass' : 'FAIL';
}

const escapeCell = (s: string) => s.replace(/\|/g, '\\|');

/** A markdown table of every row, then each row's notes as a list. */
export function renderMarkdown(rows: readonly RowResult[]): string {
  const lines = [
    '| # | what | figure | baseline | ratio | target | result |',
    '|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    const ratioText = r.ratio === null ? '—' : `${r.ratio.toFixed(2)}×`;
    lines.push(
      `| ${r.row} | ${escapeCell(r.what)} | ${escapeCell(cell(r.figure, r.unit))} | ${escapeCell(
        cell(r.baseline, r.baselineUnit),
      )} | ${ratioText} | ${escapeCell(targetText(r.target))} | ${passText(r.pass)} |`,
    );
  }
  const notes = rows.filter((r) => r.notes.length > 0);
  if (notes.length > 0) {
    lines.push('');
    for (const r of notes) for (const n of r.notes) lines.push(`- row ${r.row}: ${n}`);
  }
  return lines.join('\n');
}
