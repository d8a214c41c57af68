// `portcheck import holidays` on the built binary (docs/spec/orders.md §6).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { ensureBuilt, run, tempDir } from './helpers.js';

const tmp = tempDir();
const file = (name: string, content: string) => {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};

beforeAll(() => ensureBuilt());
afterAll(() => tmp.cleanup());

async function holidays(db: string) {
  const store = SqliteStore.open(db);
  try {
    return await store.orders.holidays();
  } finally {
    await store.close();
  }
}

describe('portcheck import holidays', () => {
  const db = path.join(tmp.dir, 'holidays.db');

  it('merges by date and carrier, replaces with --replace, and changes nothing on --dry-run', async () => {
    const first = file(
      'h1.csv',
      'date,carrier_id,name\n2024-12-25,,Christmas Day\n2024-12-26,683g,Boxing Day\n',
    );
    const r1 = run(['import', 'holidays', first, '--db', db]);
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    expect(r1.stdout).toBe('holidays: 2 rows read; 2 inserted, 0 updated, 0 deleted\n');

    const second = file('h2.csv', 'name,date\n"New Year\'s Day",2025-01-01\nXmas,2024-12-25\n');
    const dry = run(['import', 'holidays', second, '--replace', '--dry-run', '--db', db]);
    expect(dry.stdout).toBe(
      'holidays (dry run, nothing changed): 2 rows read; 1 inserted, 1 updated, 1 deleted\n',
    );
    expect(await holidays(db)).toHaveLength(2);

    const merged = run(['import', 'holidays', second, '--db', db]);
    expect(merged.stdout).toBe('holidays: 2 rows read; 1 inserted, 1 updated, 0 deleted\n');
    expect(await holidays(db)).toEqual([
      { date: '2024-12-25', carrierId: null, name: 'Xmas' },
      { date: '2024-12-26', carrierId: '683G', name: 'Boxing Day' },
      { date: '2025-01-01', carrierId: null, name: "New Year's Day" },
    ]);

    const replaced = run([
      'import',
      'holidays',
      file('h3.csv', 'date,name\n2025-07-04,Independence Day\n'),
      '--replace',
      '--db',
      db,
    ]);
    expect(replaced.stdout).toBe('holidays: 1 row read; 1 inserted, 0 updated, 3 deleted\n');
    expect(await holidays(db)).toEqual([{ date: '2025-07-04', carrierId: null, name: 'Independence Day' }]);
  });

  it('names every problem by line and column, exits 1 and changes nothing', async () => {
    const bad = file(
      'bad.csv',
      [
        'date,carrier_id,name',
        '2025-02-30,,Not a day',
        '2025-03-01,TOOLONGID9,Carrier',
        '2025-03-02,,',
        '2025-03-03,,One',
        '2025-03-03,,Again',
        '2025-03-04,,x,extra',
      ].join('\n'),
    );
    const r = run(['import', 'holidays', bad, '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'portcheck: holidays import refused, nothing was changed: 5 problems',
        'line 2, column date: "2025-02-30" is not a date: expected YYYY-MM-DD',
        'line 3, column carrier_id: "TOOLONGID9" is not a carrier id: expected 3 to 8 letters or digits',
        'line 4, column name: a value is required',
        'line 6, column date: 2025-03-03 for every carrier is already on line 5',
        'line 7: has 4 fields, the header has 3',
        '',
      ].join('\n'),
    );
    expect(await holidays(db)).toEqual([{ date: '2025-07-04', carrierId: null, name: 'Independence Day' }]);

    const noHeader = run(['import', 'holidays', file('nohead.csv', 'day,carrier\n'), '--db', db]);
    expect(noHeader.status).toBe(1);
    expect(noHeader.stderr).toContain('line 1, column date: this required column is missing from the header');
  });

  it('is listed among the datasets', () => {
    const r = run(['import', 'nope', file('x.csv', 'a\n'), '--db', db]);
    expect(r.stderr).toMatch(/expected one of .*, holidays\n$/);
    expect(run(['import', '--help']).stdout).toContain('holidays   date,carrier_id,name');
  });
});
