// Child processes and ports: servers and CLIs under test run in their own
// process so the client's work (and its garbage) never lands on their clock.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { createInterface } from 'node:readline';

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export function waitExit(child: ChildProcess): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** SIGTERM, then SIGKILL when it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 5000): Promise<Exit> {
  if (child.exitCode !== null || child.signalCode !== null) return waitExit(child);
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await waitExit(child);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The first stdout line of `child` that parses as a JSON object, or an error
 * naming what the child said when it exits or `timeoutMs` passes first.
 */
export function firstJsonLine<T>(child: ChildProcess, timeoutMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    if (!child.stdout) {
      reject(new Error('child has no stdout pipe'));
      return;
    }
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const lines = createInterface({ input: child.stdout });
    const timer = setTimeout(
      () => finish(new Error(`no JSON line within ${timeoutMs} ms; stderr: ${stderr}`)),
      timeoutMs,
    );
    const onExit = (code: number | null) =>
      finish(new Error(`child exited (${code}) first; stderr: ${stderr}`));
    function finish(err: Error | null, value?: T) {
      clearTimeout(timer);
      child.off('exit', onExit);
      lines.removeAllListeners('line');
      if (err) reject(err);
      else resolve(value as T);
    }
    lines.on('line', (line) => {
      const text = line.trim();
      if (!text.startsWith('{')) return;
      try {
        finish(null, JSON.parse(text) as T);
      } catch {
        // a log line that merely starts with a brace
      }
    });
    child.once('exit', onExit);
  });
}

export interface RunResult extends Exit {
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs a command to completion, keeping the last 64 kB of each stream.
 * `watch` is called with the child once spawned and returns what to call
 * when it exits (e.g. to stop sampling its memory).
 */
export function run(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
  watch?: (child: ChildProcess) => () => void,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const unwatch = watch?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: Buffer) => {
      stdout = (stdout + d.toString()).slice(-65536);
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-65536);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      unwatch?.();
      resolve({ code, signal, stdout, stderr, ms: performance.now() - started });
    });
  });
}

export const GNU_TIME = '/usr/bin/time';

export function hasGnuTime(): boolean {
  return existsSync(GNU_TIME);
}

/** Peak RSS in bytes from `/usr/bin/time -v` output, or null. */
export function peakRssFromTime(stderr: string): number | null {
  const m = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
  return m ? Number(m[1]) * 1024 : null;
}

/** VmHWM (peak RSS) of a live process in bytes, or null once it is gone. */
export function vmHwm(pid: number): number | null {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A function calling V8's gc(): exposes it at run time when node was started without --expose-gc. */
export async function gcFunction(): Promise<() => void> {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  const v8 = await import('node:v8');
  const vm = await import('node:vm');
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}
