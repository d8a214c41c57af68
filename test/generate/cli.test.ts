import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bench/generate.js';

describe('bench/generate.ts CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-gen-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the files with the sizes given, prints rows and bytes, and reuses them on a second run', async () => {
    const out = join(dir, 'data');
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args) => lines.push(args.join(' ')));
    const table = vi.spyOn(console, 'table').mockImplementation(() => {});
    try {
      const argv = ['node', 'generate', '--out', out, '--npas', '2', '--ported', '1_000', '--tollfree', '50'];
      await main([...argv, '--request', '100', '--request', '10']);
      expect(lines.some((l) => /^ported\.csv: 1000 rows, \d+ bytes/.test(l))).toBe(true);
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
      expect(manifest.options).toEqual({ seed: 1, ported: 1000, tollfree: 50, npas: 2, sorted: false });
      expect(manifest.files['request-10.json'].rows).toBe(10);
      expect(existsSync(join(out, 'request-100.json'))).toBe(true);
      lines.length = 0;
      await main(argv);
      expect(lines.some((l) => l.startsWith('reused'))).toBe(true);
    } finally {
      log.mockRestore();
      table.mockRestore();
    }
  });
});
