// Runs the built `portcheck` binary the way users do, against temporary databases.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const BIN = path.join(ROOT, 'dist/src/cli/main.js');
export { SEED_DIR } from '../support/fixtures.js';

import { SEED_DIR } from '../support/fixtures.js';

/** `npm test` builds first; a bare `vitest run` after a clean checkout builds here. */
export function ensureBuilt(): void {
  if (existsSync(BIN)) return;
  const built = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(`npm run build failed:\n${built.stdout}${built.stderr}`);
}

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without anything that would point the CLI elsewhere. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'PORTCHECK_DB',
    'DATABASE_URL',
    'PORTCHECK_DEMO_KEY',
    'PORTCHECK_ENCRYPTION_KEY',
    'PORT',
    'HOST',
    'PORTCHECK_WEBHOOK_ALLOW',
    'PORTCHECK_WEBHOOK_RETRY_SCHEDULE',
    'PORTCHECK_WEBHOOK_POLL_MS',
  ])
    delete env[name];
  return { ...env, ...extra };
}

export function run(
  args: string[],
  options: { input?: string; env?: Record<string, string> } = {},
): RunResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    input: options.input,
    env: cleanEnv(options.env),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(): { dir: string; db: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'portcheck-cli-'));
  return {
    dir,
    db: path.join(dir, 'portcheck.db'),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const SEED_FILES: ReadonlyArray<readonly [string, string]> = [
  ['carriers', 'carriers.csv'],
  ['blocks', 'blocks.csv'],
  ['tollfree', 'tollfree.csv'],
  ['coverage', 'coverage.json'],
];

export function seedRequest(): string[] {
  return (JSON.parse(readFileSync(path.join(SEED_DIR, 'request.json'), 'utf8')) as { numbers: string[] })
    .numbers;
}

interface Body {
  data: {
    portable: unknown;
    nonportable: { numbers: string[]; details: { number: string; reason: string; detail: string }[] };
  };
}

/** A response body with the free-text `detail` removed, for exact comparisons. */
export function withoutDetail(body: Body): unknown {
  const { portable, nonportable } = body.data;
  return {
    data: {
      portable,
      nonportable: {
        numbers: nonportable.numbers,
        details: nonportable.details.map(({ number, reason }) => ({ number, reason })),
      },
    },
  };
}

export function seedResponse(): unknown {
  return withoutDetail(JSON.parse(readFileSync(path.join(SEED_DIR, 'response.json'), 'utf8')) as Body);
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Served {
  child: ChildProcess;
  url: string;
  /** Everything printed on stdout so far. */
  output: () => string;
  /** Everything printed on stderr so far. */
  errorOutput: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `portcheck serve` and resolves once /healthz answers 200 (the data is loaded). */
export async function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), ...args], {
    cwd: ROOT,
    env: cleanEnv({ LOG_LEVEL: 'warn', ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => {
    stdout += s;
  });
  child.stderr!.setEncoding('utf8').on('data', (s: string) => {
    stderr += s;
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`serve exited with ${child.exitCode}:\n${stdout}${stderr}`);
    const ok = await fetch(`${url}/healthz`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    output: () => stdout,
    errorOutput: () => stderr,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

export async function postNumbers(url: string, auth: string, numbers: string[]): Promise<Response> {
  return fetch(`${url}/portorders/portability`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(auth).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ numbers }),
  });
}
