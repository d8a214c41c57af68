// Where the contract's shared folder is: `../shared` beside the checkout (as
// CI lays it out), else the workplace's /work/shared.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const beside = resolve(fileURLToPath(new URL('../../../shared', import.meta.url)));

export const SHARED_DIR = existsSync(join(beside, 'spec')) ? beside : '/work/shared';
export const SEED_DIR = join(SHARED_DIR, 'examples', 'seed');
export const SHARED_DATA_DIR = join(SHARED_DIR, 'data');
