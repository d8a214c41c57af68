// The demo data shows what DEMO.md says it shows: every row of its table is
// judged through the real pipeline (importFile into a SQLite store, the
// snapshot built from the store, checkPortability), and the seed example is
// contained unchanged.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_FILES, DEMO_KEY_NAME, demoDataDir, seedDemoIfEmpty } from '../../src/demo/seed-demo.js';
import { checkPortability, checkPortabilityV2 } from '../../src/domain/check.js';
import { type Snapshot, SnapshotBuilder } from '../../src/domain/snapshot.js';
import { NUMBER_TYPES, REASONS } from '../../src/domain/types.js';
import { hashSecret } from '../../src/keys/api-keys.js';
import { KeyVerifier } from '../../src/keys/verifier.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/store.js';
import { SEED_DIR, seedRequest, seedResponseData, withoutDetail } from '../support/dataset.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface DemoRow {
  number: string;
  result: string;
  current: string;
  gaining: string;
  type: string;
  lata: string;
}

/** The rows of DEMO.md's "Numbers to try" table. */
function demoRows(): DemoRow[] {
  return readFileSync(path.join(ROOT, 'DEMO.md'), 'utf8')
    .split('\n')
    .filter((line) => /^\| \d/.test(line))
    .map((line) => {
      const [number, result, current, gaining, type, lata] = line
        .split('|')
        .slice(1)
        .map((c) => c.trim());
      return { number, result, current, gaining, type, lata };
    });
}

let tmp: string;
let store: Store;
let snapshot: Snapshot;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(tmpdir(), 'portcheck-demo-'));
  store = await openStore({ dbPath: path.join(tmp, 'demo.db') });
  const seeded = await seedDemoIfEmpty(store, {});
  expect(seeded.seeded).toBe(true);
  const builder = new SnapshotBuilder();
  await store.loadInto(builder);
  snapshot = builder.build();
});

afterAll(async () => {
  await store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('demo data', () => {
  const rows = demoRows();

  it('DEMO.md lists numbers', () => {
    expect(rows.length).toBeGreaterThan(50);
  });

  it('judges every number of DEMO.md as the table says', () => {
    const result = checkPortability(
      snapshot,
      rows.map((r) => r.number),
    );
    const actual = rows.map((row) => {
      const group = result.portable.groups.find((g) => g.numbers.includes(row.number));
      if (group) {
        return {
          number: row.number,
          result: 'portable',
          current: group.current_service_provider_id,
          gaining: group.gaining_service_provider_id,
          type: group.number_type_associated,
          lata: String(group.lata),
        };
      }
      const detail = result.nonportable.details.find((d) => d.number === row.number);
      return {
        number: row.number,
        result: detail?.reason ?? 'missing',
        current: '',
        gaining: '',
        type: '',
        lata: '',
      };
    });
    expect(actual).toEqual(rows);
  });

  it('shows every reason, every number type and more than one gaining provider', () => {
    const results = new Set(rows.map((r) => r.result));
    for (const reason of REASONS) expect(results, reason).toContain(reason);
    const portable = rows.filter((r) => r.result === 'portable');
    expect(new Set(portable.map((r) => r.type))).toEqual(new Set(NUMBER_TYPES));
    expect(new Set(portable.map((r) => r.gaining)).size).toBeGreaterThanOrEqual(3);
  });

  it("DEMO.md's curl sends exactly the table's numbers, in order", () => {
    const doc = readFileSync(path.join(ROOT, 'DEMO.md'), 'utf8');
    const body = /-d '(\{"numbers":[^']*\})'/.exec(doc);
    expect(body).not.toBeNull();
    expect((JSON.parse(body![1]) as { numbers: string[] }).numbers).toEqual(rows.map((r) => r.number));
  });

  it('gives the seed example its exact response', () => {
    expect(withoutDetail(checkPortability(snapshot, seedRequest()))).toEqual(
      withoutDetail(seedResponseData()),
    );
  });

  it("gives the seed request's v2 answer a hypernetwork-enabled number, as api.md's example", () => {
    const v2 = checkPortabilityV2(snapshot, ['+12064205780', '+18444205780', '+15552348976']);
    expect(v2.portable).toEqual(['+12064205780', '+18444205780']);
    expect(v2.nonportable).toEqual(['+15552348976']);
    expect(v2.hypernetwork_enabled).toEqual(['+12064205780']);
  });

  it('contains every record of the seed files unchanged', () => {
    const dir = demoDataDir();
    for (const file of ['carriers.csv', 'blocks.csv', 'tollfree.csv']) {
      const seed = parse(readFileSync(path.join(SEED_DIR, file), 'utf8'), { columns: true }) as object[];
      const demo = parse(readFileSync(path.join(dir, file), 'utf8'), { columns: true }) as object[];
      for (const record of seed) expect(demo, file).toContainEqual(record);
    }
    type Provider = Record<string, unknown>;
    const seedCoverage = JSON.parse(readFileSync(path.join(SEED_DIR, 'coverage.json'), 'utf8')) as {
      providers: Provider[];
    };
    const demoCoverage = JSON.parse(readFileSync(path.join(dir, 'coverage.json'), 'utf8')) as {
      providers: Provider[];
    };
    // The seed's providers come first, in order; the demo only adds exclusions (which spare the
    // seed's LATA 674) and the hypernetwork flag (which changes only the v2 answer).
    seedCoverage.providers.forEach((provider, i) => {
      const { exclude_latas, hypernetwork: _, ...rest } = demoCoverage.providers[i];
      expect(rest).toEqual(provider);
      expect(exclude_latas ?? []).not.toContain(674);
    });
  });

  it('imports every demo file', () => {
    expect(DEMO_FILES.map(([dataset]) => dataset)).toEqual([
      'carriers',
      'blocks',
      'ported',
      'tollfree',
      'coverage',
    ]);
    expect(snapshot.stats.providers).toBe(3);
  });
});

describe('seedDemoIfEmpty', () => {
  it('creates a demo key that authenticates, and leaves a store with data alone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portcheck-seed-'));
    const s = await openStore({ dbPath: path.join(dir, 'seed.db') });
    try {
      const first = await seedDemoIfEmpty(s, {});
      expect(first.seeded).toBe(true);
      expect(first.key).not.toBeNull();
      const keys = await s.keys.list();
      expect(keys.map((k) => k.name)).toEqual([DEMO_KEY_NAME]);
      const verified = await new KeyVerifier(s.keys).verify(first.key!.accessKey, first.key!.secretKey);
      // Admin, so the quick start shows everything (orders.md §1).
      expect(verified).toMatchObject({ ok: true, account: 'default', role: 'admin' });

      const second = await seedDemoIfEmpty(s, {});
      expect(second).toEqual({ seeded: false, key: null });
      expect(await s.keys.list()).toHaveLength(1);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('uses a fixed ACCESS:SECRET when given one, storing only its hash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portcheck-seed-'));
    const s = await openStore({ dbPath: path.join(dir, 'seed.db') });
    try {
      const seeded = await seedDemoIfEmpty(s, { demoKey: 'demo-access:demo-secret' });
      expect(seeded.key).toEqual({ accessKey: 'demo-access', secretKey: 'demo-secret' });
      const record = await s.keys.find('demo-access');
      expect(record).toMatchObject({
        secretHash: hashSecret('demo-secret'),
        account: 'default',
        role: 'admin',
      });
      expect(JSON.stringify(await s.keys.list())).not.toContain('demo-secret');
      expect((await new KeyVerifier(s.keys).verify('demo-access', 'demo-secret')).ok).toBe(true);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a malformed fixed key before touching the store', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'portcheck-seed-'));
    const s = await openStore({ dbPath: path.join(dir, 'seed.db') });
    try {
      await expect(seedDemoIfEmpty(s, { demoKey: 'no-colon' })).rejects.toThrow(/ACCESS:SECRET/);
      expect(await s.isEmpty()).toBe(true);
    } finally {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
