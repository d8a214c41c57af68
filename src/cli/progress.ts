import type { ImportProgress } from '../import/run-import.js';

const number = new Intl.NumberFormat('en-US');

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** One progress line: rows, rate, and from the bytes read the share done and the time left. */
export function progressLine(label: string, p: ImportProgress, elapsedMs: number): string {
  const seconds = elapsedMs / 1000;
  const parts = [`${label}: ${number.format(p.rows)} rows`];
  if (seconds > 0) parts.push(`${number.format(Math.round(p.rows / seconds))} rows/s`);
  if (p.totalBytes && p.totalBytes > 0) {
    const share = Math.min(1, p.bytes / p.totalBytes);
    parts.push(`${(share * 100).toFixed(1)}%`);
    if (share > 0 && share < 1) parts.push(`about ${clock((seconds * (1 - share)) / share)} left`);
  }
  return parts.join('  ');
}

/**
 * Import progress on stderr (stdout keeps only the summary). On a terminal one
 * line redrawn in place; otherwise a plain line at most every `quietEveryMs`,
 * so logs of long imports stay readable.
 */
export function progressReporter(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  quietEveryMs = 10_000,
): { onProgress: (p: ImportProgress) => void; done: () => void } {
  const started = performance.now();
  let lastPlain = started;
  let drawn = false;
  return {
    onProgress(p) {
      const now = performance.now();
      const line = progressLine(label, p, now - started);
      if (stream.isTTY) {
        stream.write(`\r${line}\x1b[K`);
        drawn = true;
      } else if (now - lastPlain >= quietEveryMs) {
        stream.write(`${line}\n`);
        lastPlain = now;
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
