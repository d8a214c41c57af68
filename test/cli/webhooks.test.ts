// `portcheck webhooks …` with the built binary, on a temporary database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, run, tempDir } from './helpers.js';

const tmp = tempDir();
const ALLOW = { PORTCHECK_WEBHOOK_ALLOW: '127.0.0.1/32' };

beforeAll(() => {
  ensureBuilt();
  // Any command that writes makes the database.
  expect(run(['keys', 'create', '--name', 'ops', '--db', tmp.db]).status).toBe(0);
});
afterAll(() => tmp.cleanup());

describe('portcheck webhooks', () => {
  it('adds an endpoint, printing its secret once; list never shows it', () => {
    const added = run([
      'webhooks',
      'add',
      'https://hooks.example.com/in',
      '--types',
      'port_order.created',
      '--db',
      tmp.db,
    ]);
    expect(added.status, added.stderr).toBe(0);
    const secret = /secret: +(whsec_\S+)/.exec(added.stdout)?.[1];
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const id = /(we_[0-9a-f]+)/.exec(added.stdout)?.[1];
    const list = run(['webhooks', 'list', '--db', tmp.db]);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain(id);
    expect(list.stdout).toContain('port_order.created');
    expect(list.stdout).not.toContain('whsec_');
    const json = run(['webhooks', 'list', '--json', '--db', tmp.db]);
    const listed = JSON.parse(json.stdout) as { id: string; url: string }[];
    expect(listed.find((e) => e.id === id)).toMatchObject({
      url: 'https://hooks.example.com/in',
      enabled: true,
    });
    expect(json.stdout).not.toContain('whsec_');
  });

  it('refuses a private target without the allow list, takes it with one', () => {
    const refused = run(['webhooks', 'add', 'http://127.0.0.1:9/in', '--db', tmp.db]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^portcheck: The webhook target is refused: 127\.0\.0\.1 is on a loopback.*PORTCHECK_WEBHOOK_ALLOW/,
    );
    const allowed = run(['webhooks', 'add', 'http://127.0.0.1:9/in', '--json', '--db', tmp.db], {
      env: ALLOW,
    });
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout)).toMatchObject({
      url: 'http://127.0.0.1:9/in',
      event_types: [],
      account: null,
      secret: expect.stringMatching(/^whsec_/),
    });
  });

  it('rotates, replays and removes by id, with --json', () => {
    const added = JSON.parse(
      run(['webhooks', 'add', 'https://hooks.example.com/r', '--account', 'acme', '--json', '--db', tmp.db])
        .stdout,
    ) as { id: string; secret: string };
    const rotated = run(['webhooks', 'rotate', added.id, '--json', '--db', tmp.db]);
    expect(rotated.status, rotated.stderr).toBe(0);
    const r = JSON.parse(rotated.stdout) as { secret: string; previous_secret_expires_at: string };
    expect(r.secret).toMatch(/^whsec_/);
    expect(r.secret).not.toBe(added.secret);
    expect(Date.parse(r.previous_secret_expires_at) - Date.now()).toBeGreaterThan(23 * 3600_000);
    const replay = run([
      'webhooks',
      'replay',
      added.id,
      '--since',
      '2024-01-01',
      '--status',
      'failed',
      '--json',
      '--db',
      tmp.db,
    ]);
    expect(replay.status, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout)).toEqual({ replayed: 0 });
    const badStatus = run(['webhooks', 'replay', added.id, '--status', 'lost', '--db', tmp.db]);
    expect(badStatus.status).not.toBe(0);
    const badSince = run(['webhooks', 'replay', added.id, '--since', 'yesterday', '--db', tmp.db]);
    expect(badSince.stderr).toContain('--since must be an ISO 8601 date');
    const removed = run(['webhooks', 'remove', added.id, '--json', '--db', tmp.db]);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: added.id });
    const again = run(['webhooks', 'remove', added.id, '--db', tmp.db]);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe('portcheck: No such webhook endpoint.\n');
  });

  it('refuses a database that is not there, leaving none behind', () => {
    const missing = run(['webhooks', 'list', '--db', `${tmp.dir}/nope.db`]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no database at');
  });
});
