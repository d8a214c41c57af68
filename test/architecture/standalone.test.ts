// The repository stands on its own: a clone alone in an empty folder builds and passes its tests.
// Nothing may name a path of a development machine or a folder beside the checkout, no code may
// build a path that leaves the checkout, and every document cited must be in the repository.
// (.ci/run also runs the whole suite from such a clone.)
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');

/** Folders that are built, installed or written by a run, never part of the repository. */
const GENERATED = new Set(['.git', 'node_modules', 'dist', 'data', 'coverage', 'test-artifacts', '.cache']);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (GENERATED.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return walk(path);
    return e.isFile() ? [relative(ROOT, path)] : [];
  });
}

/** The repository's files: tracked or about to be (not ignored); a copy without git is walked. */
function repoFiles(): string[] {
  try {
    const out = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    // Regular files only: a local node_modules symlink is not part of the repository.
    return out
      .split('\0')
      .filter((f) => f !== '' && lstatSync(join(ROOT, f), { throwIfNoEntry: false })?.isFile());
  } catch {
    return walk(ROOT);
  }
}

const files = repoFiles();
const texts = new Map<string, string>();
for (const file of files) {
  const bytes = readFileSync(join(ROOT, file));
  if (!bytes.includes(0)) texts.set(file, bytes.toString('utf8'));
}

/** Every `pattern` match in the repository's text files, as `file:line: text`. */
function findAll(pattern: RegExp): string[] {
  const hits: string[] = [];
  for (const [file, text] of texts) {
    text.split('\n').forEach((line, i) => {
      if (pattern.test(line)) hits.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  return hits;
}

// Written so that this file does not match them itself.
const MACHINE_PATH = /(^|[^\w.~-])\/(work|home\/[\w.-]+|Users\/[\w.-]+)\//;
const BESIDE_CHECKOUT = /\.\.\/shared\b|['"]\.\.['"]\s*,\s*['"]shared['"]|\.\.\\shared\b/;
/** Code that goes up from the package root: a `'..'` right after `packageRoot()` or `ROOT`. */
const ABOVE_ROOT = /\b(packageRoot\(\)|ROOT|root|repoRoot)\s*,\s*['"]\.\.(\/[^'"]*)?['"]/;

const CODE = /\.(ts|js|mjs|cjs)$/;
/** Source compiled into dist/ runs one folder deeper than it is written. */
const COMPILED = /^(src|bench)\//;

/**
 * Relative paths a code file builds from its own location (`new URL('../x', import.meta.url)`,
 * `join(import.meta.dirname, '..', 'x')`, `resolve(dirname(fileURLToPath(import.meta.url)), '../..')`),
 * resolved against the file's folder (its dist/ folder for compiled code). `import … from` specifiers
 * are left to the compiler.
 */
function escapingPaths(file: string, text: string): string[] {
  const dir = join(ROOT, COMPILED.test(file) ? join('dist', dirname(file)) : dirname(file));
  const out: string[] = [];
  const urlForm = /new URL\(\s*['"`](\.\.?\/[^'"`]*)['"`]\s*,\s*import\.meta\.url/g;
  for (const m of text.matchAll(urlForm)) out.push(m[1]);
  const argsForm =
    /(?:import\.meta\.dirname|dirname\(fileURLToPath\(import\.meta\.url\)\)|\bhere\b)\s*,((?:\s*['"][^'"]*['"]\s*,?)+)/g;
  for (const m of text.matchAll(argsForm)) {
    out.push([...m[1].matchAll(/['"]([^'"]*)['"]/g)].map((a) => a[1]).join('/'));
  }
  return out
    .filter((p) => {
      const target = resolve(dir, p);
      return target !== ROOT && !target.startsWith(ROOT + sep);
    })
    .map((p) => `${file}: ${p}`);
}

describe('the repository stands on its own', () => {
  it('lists the repository', () => {
    expect(files).toContain('package.json');
    expect(files).toContain('test/fixtures/seed/response.json');
    expect(texts.size).toBeGreaterThan(100);
  });

  it('no file names an absolute path of a development machine', () => {
    expect(findAll(MACHINE_PATH)).toEqual([]);
  });

  it('no file names a folder beside the checkout (a shared folder)', () => {
    expect(findAll(BESIDE_CHECKOUT)).toEqual([]);
  });

  it('no code builds a path above the package root', () => {
    const hits = [...texts]
      .filter(([f]) => CODE.test(f))
      .flatMap(([f, t]) => (ABOVE_ROOT.test(t) ? [f] : []));
    expect(hits).toEqual([]);
  });

  it('no code reads a path relative to itself that leaves the checkout', () => {
    const hits = [...texts].filter(([f]) => CODE.test(f)).flatMap(([f, t]) => escapingPaths(f, t));
    expect(hits).toEqual([]);
  });

  it('every document a file cites by its repository path exists', () => {
    const cited = /\b((?:docs|test\/fixtures)\/[\w./-]*\w)/g;
    const missing: string[] = [];
    for (const [file, text] of texts) {
      for (const m of text.matchAll(cited)) {
        if (!existsSync(join(ROOT, m[1]))) missing.push(`${file}: ${m[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('every relative link of a Markdown file points at a file of the repository', () => {
    const broken: string[] = [];
    for (const [file, text] of texts) {
      if (!file.endsWith('.md')) continue;
      for (const m of text.matchAll(/\]\(([^)\s#]+)(#[^)\s]*)?\)/g)) {
        const target = m[1];
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('/')) continue;
        const abs = resolve(ROOT, dirname(file), target);
        if (!abs.startsWith(ROOT + sep) || !existsSync(abs)) broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });
});
