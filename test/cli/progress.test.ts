import { describe, expect, it } from 'vitest';
import { progressLine, progressReporter } from '../../src/cli/progress.js';

describe('progressLine', () => {
  it.each([
    [{ rows: 0, bytes: 0, totalBytes: 1000 }, 0, 'ported: 0 rows  0.0%'],
    [
      { rows: 1_250_000, bytes: 250, totalBytes: 1000 },
      10_000,
      'ported: 1,250,000 rows  125,000 rows/s  25.0%  about 0:30 left',
    ],
    [
      { rows: 9_000_000, bytes: 900, totalBytes: 1000 },
      4_000_000,
      'ported: 9,000,000 rows  2,250 rows/s  90.0%  about 7:24 left',
    ],
    [{ rows: 50_000, bytes: 100, totalBytes: 100 }, 1_000, 'ported: 50,000 rows  50,000 rows/s  100.0%'],
    [{ rows: 50_000, bytes: 100, totalBytes: null }, 2_000, 'ported: 50,000 rows  25,000 rows/s'],
    [
      { rows: 10, bytes: 1, totalBytes: 100 },
      3_600_000,
      'ported: 10 rows  0 rows/s  1.0%  about 99:00:00 left',
    ],
  ])('%j after %d ms', (progress, elapsed, expected) => {
    expect(progressLine('ported', progress, elapsed)).toBe(expected);
  });
});

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

describe('progressReporter', () => {
  it('redraws one line on a terminal and clears it when done', () => {
    const { writes, stream } = fakeStream(true);
    const r = progressReporter('blocks', stream);
    r.onProgress({ rows: 50_000, bytes: 10, totalBytes: 100 });
    r.onProgress({ rows: 100_000, bytes: 20, totalBytes: 100 });
    r.done();
    expect(writes).toHaveLength(3);
    expect(writes[0].startsWith('\rblocks: 50,000 rows ')).toBe(true);
    expect(writes[0].endsWith('\x1b[K')).toBe(true);
    expect(writes[2]).toBe('\r\x1b[K');
  });

  it('writes plain lines, spaced out, when not on a terminal', () => {
    const { writes, stream } = fakeStream(false);
    const quiet = progressReporter('blocks', stream, 60_000);
    quiet.onProgress({ rows: 50_000, bytes: 10, totalBytes: 100 });
    quiet.done();
    expect(writes).toEqual([]);
    const every = progressReporter('blocks', stream, 0);
    every.onProgress({ rows: 50_000, bytes: 10, totalBytes: 100 });
    expect(writes).toHaveLength(1);
    expect(writes[0]).toMatch(/^blocks: 50,000 rows .*\n$/);
  });
});
