import { accessSync, constants, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * SQLite's own words ("attempt to write a readonly database", "database or
 * disk is full", "unable to open database file") name neither the file nor a
 * way out. StoreFileError says both: which file or folder, why, what to do.
 * The original error stays as `cause` (PORTCHECK_DEBUG shows it).
 */
export class StoreFileError extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'StoreFileError';
  }
}

const codeOf = (error: unknown): string => String((error as { code?: unknown })?.code ?? '');

/** Runs `fn`, turning a file-level failure of `file` into a StoreFileError. */
export function explained<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw explain(error, file);
  }
}

/** explained() for async work. */
export async function explainedAsync<T>(file: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw explain(error, file);
  }
}

/**
 * The plain-words version of `error` if it is about `file` being unwritable,
 * unopenable or out of space; anything else (and an error already explained)
 * is returned as it is.
 */
export function explain(error: unknown, file: string): unknown {
  if (error instanceof StoreFileError) return error;
  const code = codeOf(error);
  const path = resolve(file);
  const folder = dirname(path);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new StoreFileError(
      `the disk is full: writing ${path} failed and nothing was changed. Free some space on the disk holding ${folder}` +
        ` (imports also stage rows in the temporary folder, ${sqliteTempFolder()}) and run the command again`,
      error,
    );
  }
  const denied = code === 'EROFS' || code === 'EACCES' || code === 'EPERM';
  if (
    !denied &&
    !code.startsWith('SQLITE_READONLY') &&
    !code.startsWith('SQLITE_CANTOPEN') &&
    code !== 'SQLITE_PERM'
  ) {
    return error;
  }
  const why = unwritable(path);
  if (why === 'folder') {
    return new StoreFileError(
      `cannot write the database ${path}: its folder ${folder} is read-only (SQLite also creates ${path}-wal and -shm there).` +
        ' Make the folder writable, or pass --db with a writable place; commands that only read (portcheck check) work as they are',
      error,
    );
  }
  if (why === 'file') {
    return new StoreFileError(
      `cannot write the database ${path}: the file is read-only. Make it writable (chmod u+w), or pass --db with a writable copy;` +
        ' commands that only read (portcheck check) work as they are',
      error,
    );
  }
  if (why === 'missing-folder') {
    return new StoreFileError(
      `cannot create the database ${path}: the folder ${folder} cannot be created here`,
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new StoreFileError(`cannot open the database ${path}: ${message} (${code})`, error);
}

/**
 * Throws the explained error when `file` or its folder is not writable:
 * SQLite opens such a file read-only without a word and only fails at the
 * first write, which for an import comes after reading the whole input.
 */
export function assertWritable(file: string): void {
  const path = resolve(file);
  if (unwritable(path) !== null) {
    throw explain(Object.assign(new Error(`${path} is not writable`), { code: 'SQLITE_READONLY' }), file);
  }
}

/** Which part of `path` stops writing: its folder, the file itself, or neither that we can see. */
function unwritable(path: string): 'folder' | 'file' | 'missing-folder' | null {
  const folder = dirname(path);
  if (!existsSync(folder)) return 'missing-folder';
  if (!canWrite(folder)) return 'folder';
  if (existsSync(path) && !canWrite(path)) return 'file';
  return null;
}

function canWrite(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where SQLite puts its temporary files on Unix: the first of these that is a writable folder. */
function sqliteTempFolder(): string {
  const candidates = [process.env.SQLITE_TMPDIR, process.env.TMPDIR, '/var/tmp', '/usr/tmp', '/tmp'];
  return candidates.find((dir) => dir && existsSync(dir) && canWrite(dir)) ?? '/tmp';
}
