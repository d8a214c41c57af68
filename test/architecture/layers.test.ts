// ARCHITECTURE.md's import rules, checked on the source: a layer that reaches
// upward or a database driver outside its adapter folder fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every module specifier a file imports or re-exports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1],
  );
  found.push(...[...text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]));
  return found;
}

/** The top-level area of a src-relative path: `domain`, `store`, `http`, `config.ts`… */
// A top-level module has one name whether met as a source file (`x.ts`) or as an import (`./x.js`).
const areaOf = (file: string) => (relative(SRC, file).split('/')[0] ?? '').replace(/\.js$/, '.ts');

const files = sources(SRC);

describe('layers (ARCHITECTURE.md)', () => {
  it('finds the sources', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it('the domain imports nothing but itself: no node:, no packages, no other layer', () => {
    for (const file of files.filter((f) => areaOf(f) === 'domain')) {
      for (const spec of importsOf(file)) {
        // Relative and resolving inside src/domain (domain/orders/ may import ../types.js).
        const inside = spec.startsWith('.') && areaOf(resolve(dirname(file), spec)) === 'domain';
        expect(inside, `${relative(SRC, file)} imports ${spec}`).toBe(true);
      }
    }
  });

  it('database drivers and SQL stay inside their adapter folder', () => {
    for (const file of files) {
      const inAdapter = /^store\/(sqlite|postgres)\//.test(relative(SRC, file));
      for (const spec of importsOf(file)) {
        if (spec === 'better-sqlite3' || spec === 'pg') {
          expect(inAdapter, `${relative(SRC, file)} imports ${spec}`).toBe(true);
        }
      }
    }
  });

  it('lower layers never import the adapters above them (http, cli)', () => {
    const lower = new Set([
      'domain',
      'store',
      'import',
      'cache',
      'keys',
      'generate',
      'orders',
      'webhooks',
      'config.ts',
      'random-pool.ts',
      'ulid.ts',
    ]);
    for (const file of files.filter((f) => lower.has(areaOf(f)))) {
      for (const spec of importsOf(file)) {
        expect(/(^|\/)(http|cli)\//.test(spec), `${relative(SRC, file)} imports ${spec}`).toBe(false);
        expect(spec === 'fastify' || spec === 'commander', `${relative(SRC, file)} imports ${spec}`).toBe(
          false,
        );
      }
    }
  });

  it('the order service (orders/) sits above domain, store and cache: they never import it', () => {
    const below = new Set(['domain', 'store', 'import', 'cache', 'keys', 'generate', 'config.ts']);
    for (const file of files.filter((f) => below.has(areaOf(f)))) {
      for (const spec of importsOf(file)) {
        const target = spec.startsWith('.') ? areaOf(resolve(dirname(file), spec)) : null;
        expect(target === 'orders', `${relative(SRC, file)} imports ${spec}`).toBe(false);
      }
    }
    for (const file of files.filter((f) => areaOf(f) === 'orders')) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = areaOf(resolve(dirname(file), spec));
        expect(
          ['orders', 'domain', 'store', 'cache', 'random-pool.ts', 'ulid.ts'],
          `${relative(SRC, file)} imports ${spec}`,
        ).toContain(target);
      }
    }
  });

  it('webhooks/ (delivery and its service) sits on domain and the store interfaces only', () => {
    for (const file of files.filter((f) => areaOf(f) === 'webhooks')) {
      for (const spec of importsOf(file)) {
        if (!spec.startsWith('.')) continue;
        const target = areaOf(resolve(dirname(file), spec));
        expect(['webhooks', 'domain', 'store'], `${relative(SRC, file)} imports ${spec}`).toContain(target);
      }
    }
    for (const file of files.filter((f) =>
      ['domain', 'store', 'orders', 'cache', 'keys'].includes(areaOf(f)),
    )) {
      for (const spec of importsOf(file)) {
        const target = spec.startsWith('.') ? areaOf(resolve(dirname(file), spec)) : null;
        expect(target === 'webhooks', `${relative(SRC, file)} imports ${spec}`).toBe(false);
      }
    }
  });

  it('the composition root (compose.ts) sits on top: only the command line imports it', () => {
    for (const file of files) {
      const rel = relative(SRC, file);
      if (rel.startsWith('cli/')) continue;
      for (const spec of importsOf(file)) {
        expect(/(^|\/)compose\.js$/.test(spec), `${rel} imports ${spec}`).toBe(false);
      }
    }
  });

  it('only the store adapters import a store adapter; everyone else goes through open.ts', () => {
    for (const file of files) {
      const rel = relative(SRC, file);
      if (rel.startsWith('store/')) continue;
      for (const spec of importsOf(file)) {
        expect(/store\/(sqlite|postgres)\//.test(spec), `${rel} imports ${spec}`).toBe(false);
      }
    }
  });

  it('no import cycles in src/, type-only imports included', () => {
    // Each file's project imports, as files (`./x.js` is the source `./x.ts`).
    const graph = new Map(
      files.map((file) => [
        file,
        importsOf(file)
          .filter((spec) => spec.startsWith('.'))
          .map((spec) => resolve(dirname(file), spec).replace(/\.js$/, '.ts')),
      ]),
    );
    const state = new Map<string, 'open' | 'done'>();
    const cycles: string[] = [];
    const path: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      path.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') {
          cycles.push([...path.slice(path.indexOf(next)), next].map((f) => relative(SRC, f)).join(' -> '));
        } else if (!state.has(next)) {
          visit(next);
        }
      }
      path.pop();
      state.set(file, 'done');
    };
    for (const file of files) if (!state.has(file)) visit(file);
    expect(cycles).toEqual([]);
  });
});
