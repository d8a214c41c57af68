// `portcheck import` on the built binary: NANPA's report, and the snapshot file every import rebuilds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStamp } from '../../src/domain/snapshot-codec.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { COCODES_NEW, COCODES_OLD, LATA_MAP, latin1Report } from '../import/nanpa-files.js';
import { RecordingSink } from '../store/recording-sink.js';
import { ensureBuilt, run, SEED_DIR, tempDir } from './helpers.js';

const tmp = tempDir();
const file = (name: string, content: string | Buffer) => {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => ensureBuilt());
afterAll(() => tmp.cleanup());

async function dataVersion(db: string) {
  const store = SqliteStore.open(db);
  try {
    return { ...(await store.dataVersion()), databaseId: await store.databaseId() };
  } finally {
    await store.close();
  }
}

function checkJson(db: string, numbers: string[]) {
  const r = run(['check', '--json', '--db', db, ...numbers]);
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as {
    data: { portable: { numbers: string[] }; nonportable: { details: { number: string; reason: string }[] } };
  };
}

describe('portcheck import nanpa-cocodes', () => {
  const db = path.join(tmp.dir, 'nanpa.db');
  const map = file('lata-map.csv', LATA_MAP);

  it('refuses a file with unmapped rate centres, listing them, then skips them with --allow-unmapped', () => {
    const report = file('allutlzd-old.txt', latin1Report(COCODES_OLD));
    const partialMap = file('partial-map.csv', 'state,rate_center,lata\nAK,JUNEAU,832\nPR,San Juan,820\n');
    const refused = run(['import', 'nanpa-cocodes', report, '--lata-map', partialMap, '--db', db]);
    expect(refused.status).toBe(1);
    expect(refused.stdout).toBe('');
    const lines = refused.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('portcheck: nanpa-cocodes import refused, nothing was changed: 1 problem');
    expect(lines[1]).toMatch(/^line 2, column RateCenter: AK "ANCHORAGE" is not in the LATA map \(2 rows/);
    expect(lines).toHaveLength(2);

    const skipped = run([
      'import',
      'nanpa-cocodes',
      report,
      '--lata-map',
      partialMap,
      '--allow-unmapped',
      '--db',
      db,
    ]);
    expect(skipped.stderr).toBe('');
    expect(skipped.status).toBe(0);
    expect(skipped.stdout.split('\n')[0]).toMatch(
      /^nanpa-cocodes: 4 rows read; 1 inserted, 0 updated, 0 deleted, 3 skipped \(1 not AS, 2 unmapped\); 1 new carrier \(/,
    );
  });

  it('imports the newer layout through the binary; the accented company names come out right', async () => {
    file('carriers.csv', 'id,name,category\n8233,Alascom,ILEC\n');
    expect(run(['import', 'carriers', path.join(tmp.dir, 'carriers.csv'), '--db', db]).status).toBe(0);
    const report = file('allutlzd-new.txt', latin1Report(COCODES_NEW));
    const r = run(['import', 'nanpa-cocodes', report, '--lata-map', map, '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(
      /^nanpa-cocodes: 4 rows read; 2 inserted, 1 updated, 0 deleted, 1 skipped \(1 not AS, 0 unmapped\); 1 new carrier \(/,
    );
    // 907-201 is now held by 732F, a carrier the report introduced.
    const body = checkJson(db, ['9072015555', '7872005555']);
    expect(body.data.nonportable.details.map((d) => d.reason)).toEqual(['no_coverage', 'no_coverage']);

    const store = SqliteStore.open(db);
    const sink = new RecordingSink();
    try {
      await store.loadInto(sink);
    } finally {
      await store.close();
    }
    expect(sink.carriers.map((c) => `${c.id}:${c.name}`)).toEqual([
      '4012:Compañía Telefónica de Borinquén',
      '732F:Réseau Ümlaut Wireless',
      '8233:Alascom',
    ]);
  });

  it('says what is missing: the map, or the map being for nanpa-cocodes only', () => {
    const report = file('r.txt', latin1Report(COCODES_OLD));
    const noMap = run(['import', 'nanpa-cocodes', report, '--db', db]);
    expect(noMap.status).toBe(1);
    expect(noMap.stderr).toBe(
      'portcheck: nanpa-cocodes needs --lata-map FILE (a CSV state,rate_center,lata)\n',
    );
    const wrong = run(['import', 'blocks', path.join(SEED_DIR, 'blocks.csv'), '--lata-map', map, '--db', db]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/apply to nanpa-cocodes imports only/);
  });
});

describe('every import rebuilds the snapshot file', () => {
  it('stamps <db>.snapshot with the data version just committed, and a dry run leaves it', async () => {
    const db = path.join(tmp.dir, 'snap.db');
    const snapshot = `${db}.snapshot`;
    for (const [dataset, name] of [
      ['carriers', 'carriers.csv'],
      ['blocks', 'blocks.csv'],
    ]) {
      const r = run(['import', dataset, path.join(SEED_DIR, name), '--db', db]);
      expect(r.status).toBe(0);
      const version = await dataVersion(db);
      expect(r.stdout.split('\n')[1]).toMatch(
        new RegExp(`^snapshot file rebuilt for data version ${version.version} in \\d+\\.\\d s: `),
      );
      // Stamped with the version and the database it came from.
      expect(readStamp(readFileSync(snapshot))).toBe(
        JSON.stringify([version.version, version.updatedAt, version.databaseId]),
      );
    }
    const before = readFileSync(snapshot);
    const dry = run(['import', 'tollfree', path.join(SEED_DIR, 'tollfree.csv'), '--dry-run', '--db', db]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).not.toContain('snapshot');
    expect(readFileSync(snapshot).equals(before)).toBe(true);

    const off = path.join(tmp.dir, 'off.db');
    const r = run(['import', 'carriers', path.join(SEED_DIR, 'carriers.csv'), '--db', off], {
      env: { PORTCHECK_SNAPSHOT_FILE: 'off' },
    });
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain('snapshot');
    expect(existsSync(`${off}.snapshot`)).toBe(false);
  });
});
