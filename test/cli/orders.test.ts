// `portcheck orders` on the built binary: from a file of numbers to a completed order, over the
// seed data in a temporary SQLite database (the real clock: dates come from `orders foc-dates`).
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPdf } from '../support/pdf-text.js';
import { ensureBuilt, run, SEED_DIR, SEED_FILES, tempDir } from './helpers.js';

const tmp = tempDir();
const file = (name: string, content: string) => {
  const p = path.join(tmp.dir, name);
  writeFileSync(p, content);
  return p;
};
const orders = (...args: string[]) => run(['orders', ...args, '--db', tmp.db]);

/** Runs a command that must succeed and returns its stdout. */
function ok(...args: string[]): string {
  const r = orders(...args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.status, args.join(' ')).toBe(0);
  return r.stdout;
}

const END_USER = {
  subscriber_type: 'business',
  entity_name: 'Acme Inc',
  authorized_person: 'Jane Doe',
  account_number: 'ACCT-991',
  pin: '8642',
  btn: '12064205780',
  service_address: { street: '1 Main St', city: 'Seattle', state: 'WA', zip: '98101', country: 'US' },
};

beforeAll(() => {
  ensureBuilt();
  for (const [dataset, name] of SEED_FILES) {
    const r = run(['import', dataset, path.join(SEED_DIR, name), '--db', tmp.db]);
    if (r.status !== 0) throw new Error(r.stderr);
  }
});
afterAll(() => tmp.cleanup());

describe('portcheck orders', () => {
  it('creates orders from a file and walks one through its lifecycle to completed', async () => {
    const numbers = file('numbers.txt', 'Numbers\n(206) 420-5780\n206.420.5781\n18444205780\n15552348976\n');
    const endUser = file('end-user.json', JSON.stringify(END_USER));

    const table = ok('create', '--numbers', numbers, '--end-user', endUser, '--customer-reference', 'c1');
    expect(table).toMatch(/^Created 2 order\(s\) in group grp_/);
    expect(table).toMatch(/draft +default +long-code +Level3 \(8824\) +2 /);
    expect(table).toContain('15552348976  unassigned');

    const created = JSON.parse(
      ok('create', '--numbers', file('n2.txt', '12064205782\n'), '--end-user', endUser, '--json'),
    );
    expect(created.data).toHaveLength(1);
    expect(created.data[0].attributes).toMatchObject({ status: 'draft', number_type: 'long-code' });

    const listed = JSON.parse(ok('list', '--json'));
    type Listed = { id: string; attributes: { customer_reference: string | null; number_type: string } };
    const mine = listed.data.filter((o: Listed) => o.attributes.customer_reference?.startsWith('c1-'));
    expect(mine.map((o: Listed) => o.attributes.number_type).sort()).toEqual(['long-code', 'tollfree']);
    const long = mine.find((o: Listed) => o.attributes.number_type === 'long-code');
    const id: string = long.id;
    expect(long.attributes.end_user).toMatchObject({ pin_set: true });
    expect(JSON.stringify(listed)).not.toContain('8642');

    // Submitting now is refused on one line, naming what blocks it.
    const early = orders('act', id, 'submit');
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/^portcheck: blockers_remain: .*loa_required documents.*requested_foc_date/);

    const dates = ok('foc-dates', id).trim().split('\n');
    expect(dates[0]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const foc = dates[0];
    expect(JSON.parse(ok('foc-dates', id, '--json')).data.dates).toEqual(dates);
    ok('edit', id, '--data', JSON.stringify({ requested_foc_date: foc }));

    const loa = path.join(tmp.dir, 'loa.pdf');
    expect(ok('loa', id, '--out', loa)).toMatch(/^Wrote .*loa\.pdf \(\d+ bytes\)\.\n$/);
    const text = (await readPdf(readFileSync(loa))).pages.flatMap((p) => p.items).join('\n');
    expect(text).toContain('206-420-5780');
    const added = JSON.parse(ok('document', id, loa, '--type', 'loa', '--json')).data;
    expect(added.attributes).toMatchObject({
      type: 'loa',
      filename: 'loa.pdf',
      content_type: 'application/pdf',
    });

    expect(ok('act', id, 'submit')).toBe(`${id}: submit → in_review (version 4)\n`);
    ok('act', id, 'record-submission', '--data', '{"occurred_at": "2024-01-01T00:00:00Z", "pon": "P-1"}');
    const focd = JSON.parse(
      ok('act', id, 'record-foc', '--data', JSON.stringify({ foc_date: foc }), '--json'),
    );
    expect(focd.data.attributes).toMatchObject({ status: 'foc_confirmed', foc: { date: foc } });
    expect(ok('act', id, 'complete')).toBe(`${id}: complete → completed (version 7)\n`);

    const shown = ok('show', id);
    expect(shown).toMatch(new RegExp(`^${id}  completed  \\(version 7\\)`));
    expect(shown).toContain(`documents:       loa loa.pdf (${added.id})`);
    expect(shown).toMatch(/12064205780 +ported/);
    const completed = ok('list', '--status', 'completed');
    expect(completed.split('\n')[0]).toMatch(/^ID +STATUS +ACCOUNT/);
    expect(completed).toContain(`${id}  completed`);
    expect(completed.trim().split('\n')).toHaveLength(2);
  });

  it('refuses bad input on one line with exit 1, before touching an order', () => {
    const numbers = file('one.txt', '12064205780\n');
    const badUser = file('bad-user.json', JSON.stringify({ ...END_USER, subscriber_type: 'company' }));
    const user = orders('create', '--numbers', numbers, '--end-user', badUser);
    expect(user.status).toBe(1);
    expect(user.stderr).toMatch(
      /^portcheck: --end-user .*bad-user\.json: \/subscriber_type must be equal to one of/,
    );

    const notJson = orders('act', 'po_x', 'record-foc', '--data', '{foc}');
    expect(notJson.status).toBe(1);
    expect(notJson.stderr).toContain('expected a JSON object');
    const wrongType = orders('act', 'po_x', 'record-foc', '--data', '{"foc_date": 5}');
    expect(wrongType.stderr).toBe('portcheck: --data: /foc_date must be string\n');
    const unknown = orders('act', 'po_x', 'approve');
    expect(unknown.stderr).toMatch(/^portcheck: "approve" is not an action: submit, /);
    const missing = orders('show', 'po_nope');
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^portcheck: not_found: /);
    const notPdf = orders('document', 'po_x', file('notes.txt', 'hello'));
    expect(notPdf.stderr).toMatch(/notes\.txt is not a PDF, PNG, JPEG or TIFF file/);
  });
});
