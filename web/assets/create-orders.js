// "Create these port orders" under a check's results: one end-user form for the whole group
// (docs/spec/orders.md §10); the server creates one draft per group of the check and the page
// opens the new group.
import { AuthError } from './api.js';
import { h, plural } from './dom.js';
import { orderFields } from './order-form.js';
import { describeFailure } from './order-view.js';
import { createOrders } from './orders-api.js';

/** Fills `section` for the check result `data` (its portable numbers), or hides it. */
export function renderCreateOrders(section, data, ctx) {
  const numbers = data?.portable.numbers ?? [];
  if (numbers.length === 0) {
    section.hidden = true;
    section.replaceChildren();
    return;
  }
  const groups = data.portable.groups.length;
  const fields = orderFields({ prefix: 'c' });
  const problem = h('p', { class: 'alert', role: 'alert', hidden: true, tabindex: '-1' });
  const button = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', id: 'create-submit' },
    'Create these port orders',
  );
  const form = h(
    'form',
    { id: 'create-form', novalidate: true, 'aria-labelledby': 'create-title' },
    h('fieldset', {}, h('legend', { class: 'sr-only' }, 'End user'), ...fields.nodes),
    problem,
    h('div', { class: 'actions' }, button),
  );
  const wrap = h(
    'details',
    { class: 'create-box' },
    h(
      'summary',
      { id: 'create-title' },
      `Create these port orders (${plural(groups, 'order')}, ${plural(numbers.length, 'number')})`,
    ),
    h(
      'p',
      { class: 'hint' },
      'One draft order per card above, all with the end user below. The account number, PIN and BTN usually differ per losing carrier: complete them order by order afterwards.',
    ),
    form,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    problem.hidden = true;
    try {
      const attrs = fields.read();
      const body = await createOrders(ctx.creds, { numbers, ...prune(attrs) });
      const made = body.data.length;
      location.hash = `#/groups/${encodeURIComponent(body.meta.group_id)}`;
      ctx.announce(`Created ${plural(made, 'port order')}.`);
    } catch (err) {
      if (err instanceof AuthError) {
        ctx.sessionEnded(err.message);
        return;
      }
      problem.textContent = `The orders were not created: ${describeFailure(err)}`;
      problem.hidden = false;
      problem.focus();
    } finally {
      button.setAttribute('aria-disabled', 'false');
    }
  });
  section.replaceChildren(wrap);
  section.hidden = false;
}

/** Drops empty members: a create needs no nulls (and the end user none at all when blank). */
function prune(attrs) {
  const out = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null) continue;
    if (typeof v === 'object') {
      const inner = prune(v);
      if (Object.keys(inner).length) out[k] = inner;
    } else out[k] = v;
  }
  return out;
}
