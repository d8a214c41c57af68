import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  run,
  SEED_DIR,
  SEED_FILES,
  seedRequest,
  seedResponse,
  tempDir,
  withoutDetail,
} from './helpers.js';

const tmp = tempDir();
const db = tmp.db;

beforeAll(() => {
  ensureBuilt();
  for (const [dataset, file] of SEED_FILES) {
    const r = run(['import', dataset, path.join(SEED_DIR, file), '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${dataset}: \\d+ rows? read; \\d+ inserted, 0 updated, 0 deleted`));
  }
});

afterAll(() => tmp.cleanup());

function checkJson(args: string[], dbPath = db) {
  const r = run(['check', '--json', '--db', dbPath, ...args]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

describe('portcheck check', () => {
  it('gives the seed response for the seed request, on one line', () => {
    const r = run(['check', '--json', '--db', db, ...seedRequest()]);
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(withoutDetail(JSON.parse(r.stdout))).toEqual(seedResponse());
  });

  it('accepts numbers as people write them', () => {
    const body = checkJson(['(206) 420-5780', '+1 844.420.5780', '555-234-8976']);
    expect(withoutDetail(body)).toEqual(seedResponse());
    expect(withoutDetail(checkJson(['+1 206 420 5780, 1-844-420-5780; 15552348976']))).toEqual(
      seedResponse(),
    );
  });

  it('reports what does not parse as invalid_number, as typed, after the rest', () => {
    const body = checkJson(['206-CALL-NOW', '2064205780 #123', '12064205780']);
    expect(body.data.portable.numbers).toEqual(['12064205780']);
    expect(body.data.nonportable.numbers).toEqual(['206-CALL-NOW', '#123']);
    expect(body.data.nonportable.details.map((d: { reason: string }) => d.reason)).toEqual([
      'invalid_number',
      'invalid_number',
    ]);
  });

  it('checks the main number of an entry with an extension, and says so on stderr', () => {
    const r = run(['check', '--json', '--db', db, '206-420-5780 x123', '844 420 5780 ext. 12']);
    expect(r.status).toBe(0);
    const body = JSON.parse(r.stdout);
    expect(body.data.portable.numbers).toEqual(['12064205780', '18444205780']);
    expect(body.data.nonportable.numbers).toEqual([]);
    expect(r.stderr.trimEnd().split('\n')).toEqual([
      'portcheck: note: "206-420-5780 x123" checked as 12064205780; its extension 123 is ported with it, not on its own',
      'portcheck: note: "844 420 5780 ext. 12" checked as 18444205780; its extension 12 is ported with it, not on its own',
    ]);
  });

  it('reads every number-looking token of a CSV file, and stdin with --file -', () => {
    const file = path.join(tmp.dir, 'customers.csv');
    writeFileSync(
      file,
      'name,phone,notes\nAlice,(206) 420-5780,main line\nBob,"+1 844 420 5780",\nCarol,555.234.8976,x\n',
    );
    expect(withoutDetail(checkJson(['--file', file]))).toEqual(seedResponse());
    const r = run(['check', '--json', '--db', db, '--file', '-'], {
      input: '2064205780\n8444205780\n5552348976\n',
    });
    expect(withoutDetail(JSON.parse(r.stdout))).toEqual(seedResponse());
  });

  it('prints a readable table by default', () => {
    const r = run(['check', '--db', db, ...seedRequest()]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('2 of 3 numbers portable, in 2 groups');
    expect(r.stdout).toContain(
      'Group 1: Level3 (8824) -> Flowroute (683G), long-code, LATA 674: 1 number\n  12064205780',
    );
    expect(r.stdout).toContain(
      'Group 2: Centurylink (LGT01) -> Flowroute (FWR01), tollfree: 1 number\n  18444205780',
    );
    expect(r.stdout).toMatch(
      /Not portable: 1 number\n\s+NUMBER\s+REASON\s+DETAIL\n\s+15552348976\s+unassigned\s+\S/,
    );
  });

  it('refuses to run without numbers or without a database, in one line', () => {
    const none = run(['check', '--db', db]);
    expect(none.status).toBe(1);
    expect(none.stderr).toBe('portcheck: no numbers given: pass them as arguments or with --file\n');
    const missing = run(['check', '--db', path.join(tmp.dir, 'nope.db'), '12064205780']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^portcheck: no database at .*nope\.db.*\n$/);
  });

  it('takes the database from PORTCHECK_DB', () => {
    const r = run(['check', '--json', ...seedRequest()], { env: { PORTCHECK_DB: db } });
    expect(withoutDetail(JSON.parse(r.stdout))).toEqual(seedResponse());
  });
});

describe('portcheck import', () => {
  it('prints every problem by line and column, exits 1 and changes nothing', () => {
    const before = checkJson(seedRequest());
    const file = path.join(tmp.dir, 'bad-blocks.csv');
    writeFileSync(
      file,
      [
        'npa,nxx,block_id,lata,ocn,rate_center,state,coc_type,portable',
        '555,234,A,674,8824,SEATTLE,WA,EOC,Y',
        '206,42,A,674,8824,SEATTLE,WA,EOC,Y',
        '206,421,A,674,8824,SEATTLE,WA,EOC,maybe',
        '',
      ].join('\n'),
    );
    const r = run(['import', 'blocks', file, '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('portcheck: blocks import refused, nothing was changed: 2 problems');
    expect(lines[1]).toMatch(/^line 3, column nxx: /);
    expect(lines[2]).toMatch(/^line 4, column portable: /);
    expect(lines).toHaveLength(3);
    expect(checkJson(seedRequest())).toEqual(before);
  });

  it('validates without changing anything on --dry-run', () => {
    const file = path.join(tmp.dir, 'more-blocks.csv');
    writeFileSync(file, 'npa,nxx,block_id,lata,ocn,rate_center,state\n555,234,A,674,8824,SEATTLE,WA\n');
    const r = run(['import', 'blocks', file, '--dry-run', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^blocks \(dry run, nothing changed\): 1 row read; 1 inserted/);
    expect(withoutDetail(checkJson(seedRequest()))).toEqual(seedResponse());
  });

  it('names the datasets when given an unknown one, and a missing file, without a stack', () => {
    const unknown = run(['import', 'phonebook', path.join(SEED_DIR, 'blocks.csv'), '--db', db]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      'portcheck: unknown dataset "phonebook": expected one of carriers, blocks, ported, tollfree, coverage, nanpa-cocodes, holidays\n',
    );
    const missing = run(['import', 'blocks', path.join(tmp.dir, 'nope.csv'), '--db', db]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^portcheck: no such file: .*nope\.csv\n$/);
  });
});

describe('portcheck keys', () => {
  it('creates a key, printing exactly the JSON shape with --json', () => {
    const r = run(['keys', 'create', '--name', 'billing', '--json', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^\{"access_key": "PK[A-Z2-7]{18}", "secret_key": "[A-Za-z0-9_-]{43}"\}\n$/);
  });

  it('says the secret is shown once without --json', () => {
    const r = run(['keys', 'create', '--name', 'ops team', '--db', db]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/access key: PK[A-Z2-7]{18}\n\s+secret key: \S+\n/);
    expect(r.stdout).toContain('shown only this once');
  });

  it('lists keys without secrets and revokes them; unknown or revoked keys exit 1', () => {
    const created = JSON.parse(
      run(['keys', 'create', '--name', 'to-revoke', '--json', '--db', db]).stdout,
    ) as {
      access_key: string;
      secret_key: string;
    };
    const list = run(['keys', 'list', '--db', db]);
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^ACCESS KEY\s+NAME\s+ACCOUNT\s+ROLE\s+CREATED\s+REVOKED$/);
    const row = list.stdout.split('\n').find((l) => l.startsWith(created.access_key));
    expect(row).toMatch(/ to-revoke\s+default\s+customer\s+\d{4}-\d\d-\d\dT\S+\s+-$/);
    expect(list.stdout).not.toContain(created.secret_key);

    const revoke = run(['keys', 'revoke', created.access_key, '--db', db]);
    expect(revoke.status).toBe(0);
    const after = JSON.parse(run(['keys', 'list', '--json', '--db', db]).stdout) as {
      access_key: string;
      revoked_at: string | null;
    }[];
    expect(after.find((k) => k.access_key === created.access_key)?.revoked_at).toMatch(/^\d{4}-/);

    const again = run(['keys', 'revoke', created.access_key, '--db', db]);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^portcheck: API key PK\w+ was already revoked at \S+\n$/);
    const unknown = run(['keys', 'revoke', 'PKNOSUCHKEYAAAAAAAAA', '--db', db]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe('portcheck: no API key PKNOSUCHKEYAAAAAAAAA\n');
  });

  it('gives a key the account and role asked for, shown by keys list; refuses others before opening the store', () => {
    const created = JSON.parse(
      run([
        'keys',
        'create',
        '--name',
        'acme desk',
        '--account',
        'acme',
        '--role',
        'desk',
        '--json',
        '--db',
        db,
      ]).stdout,
    ) as { access_key: string };
    expect(created.access_key).toMatch(/^PK/);
    const listed = JSON.parse(run(['keys', 'list', '--json', '--db', db]).stdout) as Record<
      string,
      unknown
    >[];
    expect(listed.find((k) => k.access_key === created.access_key)).toMatchObject({
      name: 'acme desk',
      account: 'acme',
      role: 'desk',
    });

    const badRole = run(['keys', 'create', '--name', 'x', '--role', 'root', '--db', db]);
    expect(badRole.status).toBe(1);
    expect(badRole.stderr).toContain('Allowed choices are customer, desk, admin');
    const fresh = path.join(tmp.dir, 'never-created.db');
    const badAccount = run(['keys', 'create', '--name', 'x', '--account', 'a b', '--db', fresh]);
    expect(badAccount.status).toBe(1);
    expect(badAccount.stderr).toMatch(/^portcheck: An account id is/);
    expect(existsSync(fresh)).toBe(false);
  });

  it('requires a name', () => {
    const r = run(['keys', 'create', '--db', db]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("required option '--name <name>' not specified");
  });
});

describe('--help', () => {
  it.each([
    [[], ['serve', 'import', 'keys', 'check', '--db']],
    [['serve'], ['--port', '--host', '--db', '--database-url', 'demo']],
    [
      ['import'],
      [
        '<dataset>',
        '<file>',
        '--replace',
        '--dry-run',
        '--db',
        '--database-url',
        'line N, column C',
        'nanpa-cocodes',
        '--lata-map <file>',
        '--allow-unmapped',
      ],
    ],
    [['keys'], ['create', 'list', 'revoke']],
    [
      ['keys', 'create'],
      ['--name', '--account', '--role', 'customer', 'desk', 'admin', '--json', '--db', 'shown', 'hash'],
    ],
    [
      ['keys', 'list'],
      ['--db', 'never shown'],
    ],
    [
      ['keys', 'revoke'],
      ['<access_key>', '--db'],
    ],
    [['check'], ['[numbers...]', '--file', '--json', '--db', '(206) 420-5780']],
  ])('portcheck %j --help', (command, words) => {
    const r = run([...command, '--help']);
    expect(r.status).toBe(0);
    for (const word of words) expect(r.stdout).toContain(word);
  });
});
