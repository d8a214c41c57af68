import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../src/http/errors/catalogue.js';
import { build } from './helper.js';

const README = join(import.meta.dirname, '..', '..', 'README.md');

/** `[code, status]` of every row of README's error table: `| 422 | \`numbers_missing\` | … |`. */
function documentedErrors(): Array<[string, number]> {
  const rows = readFileSync(README, 'utf8').matchAll(/^\| (\d{3}) +\| `([a-z_]+)` +\|/gm);
  return [...rows].map((m) => [m[2], Number(m[1])]);
}

describe('the error catalogue and the docs', () => {
  it('documents every code with its status, and nothing that does not exist', () => {
    const documented = documentedErrors();
    const catalogue = Object.entries(ERROR_CATALOGUE).map(([code, { status }]) => [code, status]);
    expect(documented.length).toBeGreaterThan(0);
    expect(new Set(documented.map(([code]) => code)).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...catalogue].sort());
  });
});

describe('schema violations are named by the route that refused them', () => {
  async function withSecondRoute() {
    const built = await build();
    const body = Type.Object({ name: Type.String(), tags: Type.Array(Type.String()) });
    // A route without its own table, and one naming a missing `name` itself.
    built.app.post('/plain', { schema: { body } }, async () => ({ ok: true }));
    built.app.post(
      '/named',
      {
        schema: { body },
        config: {
          validation: {
            rules: [
              { pointer: '/name', keyword: 'required', code: 'bad_request', detail: () => 'Say your name.' },
            ],
            fallback: 'A name and tags, please.',
          },
        },
      },
      async () => ({ ok: true }),
    );
    return built;
  }

  const send = (built: Awaited<ReturnType<typeof build>>, url: string, payload: unknown) =>
    built.app.inject({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify(payload),
    });

  it('a missing member of another route is not numbers_missing: the generic invalid_body, pointing at it', async () => {
    const built = await withSecondRoute();
    const res = await send(built, '/plain', { tags: [] });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0]).toMatchObject({ code: 'invalid_body', source: { pointer: '/name' } });
  });

  it("a route's own table names its codes, with its fallback for the rest", async () => {
    const built = await withSecondRoute();
    const missing = await send(built, '/named', { tags: [] });
    expect(missing.json().errors[0]).toMatchObject({
      code: 'bad_request',
      status: 400,
      detail: 'Say your name.',
      source: { pointer: '/name' },
    });
    const other = await send(built, '/named', { name: 'x', tags: [1] });
    expect(other.json().errors[0]).toMatchObject({
      code: 'invalid_body',
      detail: 'A name and tags, please.',
      source: { pointer: '/tags/0' },
    });
  });
});
