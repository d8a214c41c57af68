import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureBuilt,
  postNumbers,
  ROOT,
  run,
  type Served,
  seedRequest,
  seedResponse,
  serve,
  tempDir,
  withoutDetail,
} from './helpers.js';

const tmp = tempDir();
const running: Served[] = [];

beforeAll(() => ensureBuilt());

afterAll(async () => {
  for (const s of running) if (s.child.exitCode === null) await s.stop();
  tmp.cleanup();
});

/** The first command in `text` starting with `prefix`, its `\\` continuation lines joined. */
function readmeCommand(text: string, prefix: string): string | null {
  const lines = text.split('\n');
  let i = lines.findIndex((l) => l.startsWith(prefix));
  if (i < 0) return null;
  let command = lines[i];
  while (command.endsWith('\\') && i + 1 < lines.length) command = `${command.slice(0, -1)} ${lines[++i]}`;
  return command;
}

async function start(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const s = await serve(args, env);
  running.push(s);
  return s;
}

describe('portcheck serve', () => {
  let demo: { access: string; secret: string };

  it('fills an empty database with the demo data, prints a demo key once to the terminal (stderr), and answers the seed request', async () => {
    // At info, stdout carries a JSON log line per request: the secret must not be among them.
    const s = await start(['--db', tmp.db], { LOG_LEVEL: 'info' });
    const access = /access key: (\S+)/.exec(s.errorOutput());
    const secret = /secret key: (\S+)/.exec(s.errorOutput());
    expect(access).not.toBeNull();
    expect(secret).not.toBeNull();
    demo = { access: access![1], secret: secret![1] };

    const response = await postNumbers(s.url, `${demo.access}:${demo.secret}`, seedRequest());
    expect(response.status).toBe(200);
    expect(withoutDetail(await response.json())).toEqual(seedResponse());
    expect(await s.stop()).toBe(0);
    const logLines = s.output().trim().split('\n');
    expect(logLines.length).toBeGreaterThan(1);
    for (const line of logLines) expect(() => JSON.parse(line), line).not.toThrow();
    expect(s.output()).not.toContain(demo.secret);
  });

  it('keeps data and keys across a restart, without seeding or printing a key again', async () => {
    const created = JSON.parse(
      run(['keys', 'create', '--name', 'after-restart', '--json', '--db', tmp.db]).stdout,
    );
    const s = await start(['--db', tmp.db]);
    expect(s.output() + s.errorOutput()).not.toContain('secret key');
    for (const auth of [`${demo.access}:${demo.secret}`, `${created.access_key}:${created.secret_key}`]) {
      const response = await postNumbers(s.url, auth, seedRequest());
      expect(response.status).toBe(200);
      expect(withoutDetail(await response.json())).toEqual(seedResponse());
    }
    // The demo data, not only the seed, is still there.
    const demoNumber = await postNumbers(s.url, `${demo.access}:${demo.secret}`, ['18085215555']);
    expect((await demoNumber.json()).data.portable.groups[0].gaining_service_provider_id).toBe('5777');
    expect(await s.stop()).toBe(0);
    const keys = run(['keys', 'list', '--json', '--db', tmp.db]);
    expect(JSON.parse(keys.stdout).map((k: { name: string }) => k.name)).toEqual(['demo', 'after-restart']);
  });

  it("answers the README's quick-start curl with the seed response, with a fixed PORTCHECK_DEMO_KEY", async () => {
    const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const demoKey = /PORTCHECK_DEMO_KEY=(\S+:\S+) npm start/.exec(readme);
    expect(demoKey).not.toBeNull();
    const curl = readmeCommand(readme, 'curl -s -u ');
    expect(curl).not.toBeNull();

    const fresh = tempDir();
    try {
      const s = await start(['--db', fresh.db], { PORTCHECK_DEMO_KEY: demoKey![1] });
      const [access, secret] = demoKey![1].split(':');
      expect(s.errorOutput()).toContain(`access key: ${access}`);
      // Whoever set the variable knows the secret: it is not printed again.
      expect(s.output() + s.errorOutput()).not.toContain(secret);
      const command = curl!.replace('http://127.0.0.1:3000', s.url);
      const r = spawnSync('bash', ['-c', command], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(withoutDetail(JSON.parse(r.stdout))).toEqual(seedResponse());
      expect(await s.stop()).toBe(0);
    } finally {
      fresh.cleanup();
    }
  });

  it('exits 1 with one line when the port is taken', async () => {
    const s = await start(['--db', tmp.db]);
    const port = new URL(s.url).port;
    const r = run(['serve', '--port', port, '--db', tmp.db], { env: { LOG_LEVEL: 'silent' } });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^portcheck: .*(EADDRINUSE|in use).*\n$/);
    expect(await s.stop()).toBe(0);
  });
});
