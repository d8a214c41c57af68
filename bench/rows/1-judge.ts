// Row 1: judging and grouping a big request in-process vs JSON.parse of the
// same body. Alternating ABBA so drift (thermal, neighbours) hits both sides.
import { readFileSync } from 'node:fs';
import { checkPortability, judgeNumbers } from '../../src/domain/check.js';
import { gcFunction } from '../lib/child.js';
import type { BenchContext } from '../lib/context.js';
import { median } from '../lib/stats.js';
import { judge, type RowResult } from '../lib/table.js';

/** Results are stored here so that no run can be optimised away. */
const sink: unknown[] = [null];

export async function judgeRow(ctx: BenchContext): Promise<RowResult> {
  const count = ctx.size.judgeRequest;
  const text = readFileSync(ctx.data.request(count), 'utf8');
  const numbers = (JSON.parse(text) as { numbers: string[] }).numbers;
  const snapshot = await ctx.snapshot();
  const gc = await gcFunction();

  const timeParse = () => {
    gc();
    const t0 = performance.now();
    sink[0] = JSON.parse(text);
    return performance.now() - t0;
  };
  const timeJudge = () => {
    gc();
    const t0 = performance.now();
    sink[0] = checkPortability(snapshot, numbers);
    return performance.now() - t0;
  };
  // Pass 1 alone: every number judged and given its group index, before the
  // answer is laid out as objects (reported beside the figure, not as it).
  const timeVerdicts = () => {
    gc();
    const t0 = performance.now();
    sink[0] = judgeNumbers(snapshot, numbers);
    return performance.now() - t0;
  };

  // One of each to warm up (JIT, inline caches, lazily built tables).
  timeParse();
  timeJudge();
  timeVerdicts();
  const parse: number[] = [];
  const check: number[] = [];
  const verdicts: number[] = [];
  for (let i = 0; i < ctx.size.judgeRuns; i++) {
    if (i % 2 === 0) {
      parse.push(timeParse());
      check.push(timeJudge());
    } else {
      check.push(timeJudge());
      parse.push(timeParse());
    }
    verdicts.push(timeVerdicts());
  }
  const result = checkPortability(snapshot, numbers);
  const portable = result.portable.numbers.length;
  sink[0] = null;

  const figure = median(check);
  const baseline = median(parse);
  return judge({
    row: 1,
    what: `judge + group ${count.toLocaleString('en-US')} numbers in-process (median of ${check.length})`,
    figure,
    unit: 'ms',
    baseline,
    baselineUnit: 'ms JSON.parse',
    ratio: figure / baseline,
    target: { kind: 'ratio-max', value: 0.5 },
    notes: [
      `pass 1 alone (judgeNumbers: every number judged and given its group, no result objects): median ${median(verdicts).toFixed(0)} ms = ${(median(verdicts) / baseline).toFixed(2)}× JSON.parse`,
      `body ${(text.length / 1e6).toFixed(1)} MB; ${portable.toLocaleString('en-US')} portable in ${result.portable.groups.length} groups, ${result.nonportable.numbers.length.toLocaleString('en-US')} nonportable; snapshot holds ${snapshot.stats.ported.toLocaleString('en-US')} ported`,
    ],
    samples: { judgeMs: check, parseMs: parse, verdictsMs: verdicts },
  });
}
