import { describe, expect, it } from 'vitest';
import { generateCarriers } from '../../src/generate/carriers.js';
import { buildExchanges } from '../../src/generate/exchanges.js';
import { buildPorted, isPorted, portedTn, portedTnAt } from '../../src/generate/ported.js';
import { coprimeStride, modInverse, Permutation, Rng } from '../../src/generate/prng.js';
import { EMBEDDED_LATAS, EMBEDDED_NPAS } from '../../src/generate/reference-embedded.js';

describe('seeded randomness', () => {
  it('repeats a stream for the same seed and label, and differs across labels', () => {
    const a = Rng.stream(1, 'x');
    const b = Rng.stream(1, 'x');
    const c = Rng.stream(1, 'y');
    const sa = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(sa);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(sa);
  });

  it('Permutation is a bijection of [0, n)', () => {
    for (const n of [1, 7, 1000, 4099]) {
      const p = new Permutation(new Rng(n), n);
      const seen = new Set(Array.from({ length: n }, (_, i) => p.apply(i)));
      expect(seen.size).toBe(n);
      expect(Math.max(...seen)).toBe(n - 1);
    }
  });

  it('coprime strides visit every residue; modInverse inverts', () => {
    const rng = new Rng(3);
    for (const n of [1000, 3000, 7000, 10000]) {
      const s = coprimeStride(rng, n);
      expect((s * modInverse(s, n)) % n).toBe(1);
      expect(new Set(Array.from({ length: n }, (_, i) => (17 + i * s) % n)).size).toBe(n);
    }
  });
});

describe('ported model', () => {
  const npas = EMBEDDED_NPAS.map(([npa, state]) => ({ npa, state })).filter(
    (n) => n.npa === 206 || n.npa === 907,
  );
  const latas = EMBEDDED_LATAS.map(([lata, name, state]) => ({ lata, name, state }));
  const carriers = generateCarriers(Rng.stream(5, 'carriers'));
  const ex = buildExchanges(5, npas, npas, latas, carriers);
  const pm = buildPorted(5, ex, 30_000, false);

  it('allocates exactly the asked count, within each exchange portable lines', () => {
    let sum = 0;
    for (let e = 0; e < ex.count; e++) {
      expect(pm.k[e]).toBeLessThanOrEqual(pm.lines[e]);
      sum += pm.k[e];
    }
    expect(sum).toBe(30_000);
    expect(() => buildPorted(5, ex, 10_000 * ex.count, false)).toThrow(/do not fit/);
  });

  it('isPorted agrees with the generated numbers, and portedTnAt enumerates them all once', () => {
    const all = new Set<number>();
    for (let g = 0; g < pm.total; g++) all.add(portedTnAt(ex, pm, g));
    expect(all.size).toBe(30_000);
    for (let e = 0; e < ex.count; e += 37) {
      const mine = new Set<number>();
      for (let i = 0; i < pm.k[e]; i++) mine.add(portedTn(ex, pm, e, i) % 10000);
      for (let line = 0; line < 10000; line += 7) expect(isPorted(ex, pm, e, line)).toBe(mine.has(line));
      for (const line of mine) expect(isPorted(ex, pm, e, line)).toBe(true);
    }
  });
});
