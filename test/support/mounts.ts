// Real read-only folders and full disks for the store's file-error tests.
// The tests run as root, for whom chmod stops no write: only a read-only
// mount does. Mounting needs root (or CAP_SYS_ADMIN); where it is not
// allowed the tests that need it are skipped, visibly, with MOUNT_SKIP_REASON.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const sh = (args: string[]) => spawnSync(args[0], args.slice(1), { encoding: 'utf8' });

function probe(): boolean {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const dir = mkdtempSync(join(tmpdir(), 'portcheck-mount-probe-'));
  try {
    if (sh(['mount', '-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir]).status !== 0) return false;
    sh(['umount', dir]);
    return true;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const CAN_MOUNT = probe();
export const MOUNT_SKIP_REASON = 'needs root and mount(8) (read-only bind mounts, tmpfs): not available here';
if (!CAN_MOUNT) console.warn(`skipping the read-only and full-disk store tests: ${MOUNT_SKIP_REASON}`);

function run(args: string[]): void {
  const r = sh(args);
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
}

/** Mounts `source` (a folder or a file) read-only over `target` (itself, to make it read-only in place). */
export function bindReadOnly(source: string, target: string): () => void {
  run(['mount', '--bind', source, target]);
  try {
    run(['mount', '-o', 'remount,ro,bind', target]);
  } catch (error) {
    run(['umount', target]);
    throw error;
  }
  return () => run(['umount', target]);
}

/** Mounts a tmpfs of `size` (e.g. `1m`) on `dir`. */
export function tinyDisk(dir: string, size: string): () => void {
  run(['mount', '-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return () => run(['umount', dir]);
}
