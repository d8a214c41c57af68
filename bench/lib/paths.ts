// Where things are, from dist/bench/lib/ (compiled) back to the repository.

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file runs as dist/bench/lib/paths.js). */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
/** Everything the bench generates or builds; gitignored. */
export const CACHE_DIR = path.join(ROOT, 'bench', '.cache');
export const RESULTS_FILE = path.join(CACHE_DIR, 'last-results.json');
/** The compiled CLI (package.json "bin"). */
export const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
/** Compiled bench entries that run in child processes. */
export const SERVERS_ENTRY = path.join(ROOT, 'dist', 'bench', 'servers.js');
export const MEMORY_ENTRY = path.join(ROOT, 'dist', 'bench', 'memory.js');
