// Lists of port orders: the filtered and paged list (§9), a group with its roll-up, and the
// desk's queue of what needs action. Each order is a link to its own view (#/orders/{id}).
import { h, plural, today, when } from './dom.js';
import { GROUP_STATUS_LABELS, STATUS_LABELS, statusLabel, TYPE_LABELS } from './order-text.js';
import { getGroup, listOrders, listPage } from './orders-api.js';

export const isDesk = (me) => me.role === 'desk' || me.role === 'admin';

export function statusBadge(status, labels = STATUS_LABELS) {
  return h('span', { class: `status-badge status-${status}` }, labels[status] ?? status);
}

export function viewHeading(text) {
  return h('h2', { id: 'view-title', tabindex: '-1' }, text);
}

/** One order in a list: its reference or id as the link, state, carriers, numbers, dates. */
export function orderItem(order, me) {
  const a = order.attributes;
  const title = a.customer_reference ?? order.id;
  const facts = [
    `${a.losing_carrier.name} → ${a.gaining_carrier.name}`,
    TYPE_LABELS[a.number_type] ?? a.number_type,
    plural(a.numbers.length, 'number'),
    a.foc ? `FOC ${a.foc.date}` : a.requested_foc_date ? `requested FOC ${a.requested_foc_date}` : null,
    isDesk(me) ? `account ${a.account}` : null,
    `created ${when(a.created_at)}`,
  ].filter(Boolean);
  return h(
    'li',
    { class: 'order-item', 'data-order': order.id },
    h('a', { href: `#/orders/${encodeURIComponent(order.id)}`, class: 'order-link' }, title),
    ' ',
    statusBadge(a.status),
    a.blockers.length > 0 && ['draft', 'exception'].includes(a.status)
      ? h('span', { class: 'hint order-blockers' }, ` ${plural(a.blockers.length, 'item')} to complete`)
      : null,
    h('p', { class: 'order-facts' }, facts.join(' · ')),
  );
}

function orderListOf(orders, me, label) {
  return orders.length === 0
    ? h('p', { class: 'empty' }, 'No port orders here.')
    : h('ul', { class: 'order-list', 'aria-label': label }, ...orders.map((o) => orderItem(o, me)));
}

const FILTERS = [
  'status',
  'number',
  'losing_carrier',
  'account',
  'customer_reference',
  'created_after',
  'created_before',
];

/** #/orders?status=…&cursor=…: the filters as a form, the page of orders, links to the next page. */
export async function renderOrderList(root, ctx, params) {
  const query = new URLSearchParams();
  for (const name of [...FILTERS, 'cursor']) {
    const v = params.get(name);
    if (v) query.set(name, v);
  }
  query.set('limit', '20');
  const body = await listOrders(ctx.creds, query);

  const input = (name, label, attrs = {}) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: `filter-${name}` }, label),
      h('input', {
        id: `filter-${name}`,
        name,
        value: params.get(name) ?? '',
        autocomplete: 'off',
        ...attrs,
      }),
    );
  const status = h(
    'select',
    { id: 'filter-status', name: 'status' },
    h('option', { value: '' }, 'Any'),
    ...Object.entries(STATUS_LABELS).map(([v, text]) => h('option', { value: v }, text)),
  );
  status.value = params.get('status') ?? '';
  const form = h(
    'form',
    { class: 'filters', id: 'order-filters', 'aria-label': 'Filter the port orders' },
    h('div', { class: 'field' }, h('label', { for: 'filter-status' }, 'Status'), status),
    input('number', 'Number', { inputmode: 'tel' }),
    input('losing_carrier', 'Losing carrier (id)'),
    isDesk(ctx.me) ? input('account', 'Account') : null,
    input('customer_reference', 'Your reference'),
    input('created_after', 'Created after', { type: 'date' }),
    input('created_before', 'Created before', { type: 'date' }),
    h(
      'div',
      { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, 'Show orders'),
      h('a', { href: '#/orders', class: 'btn btn-quiet' }, 'Clear filters'),
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form))
      if (String(value).trim()) next.set(name, String(value).trim());
    const hash = `#/orders${next.size ? `?${next}` : ''}`;
    if (location.hash === hash) ctx.rerender();
    else location.hash = hash;
  });

  const paging = [];
  if (params.get('cursor')) {
    const first = new URLSearchParams(params);
    first.delete('cursor');
    paging.push(
      h('a', { href: `#/orders${first.size ? `?${first}` : ''}`, class: 'btn btn-quiet' }, 'First page'),
    );
  }
  if (body.links.next) {
    const cursor = new URL(body.links.next, location.origin).searchParams.get('cursor');
    const next = new URLSearchParams(params);
    next.set('cursor', cursor);
    paging.push(h('a', { href: `#/orders?${next}`, class: 'btn', id: 'next-page' }, 'Next page'));
  }
  root.replaceChildren(
    h('section', { class: 'panel', 'aria-labelledby': 'view-title' }, viewHeading('Port orders'), form),
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'list-title' },
      h('h3', { id: 'list-title' }, params.get('cursor') ? 'Orders (a later page)' : 'Orders, newest first'),
      orderListOf(body.data, ctx.me, 'Port orders'),
      paging.length ? h('div', { class: 'actions' }, ...paging) : null,
    ),
  );
  ctx.announce(
    `${plural(body.data.length, 'port order')} shown${body.links.next ? '; more on the next page' : ''}.`,
  );
}

/** #/groups/{id}: the orders created together and the roll-up status (§9). */
export async function renderGroup(root, ctx, id) {
  const body = await getGroup(ctx.creds, id);
  const status = body.data.attributes.status;
  root.replaceChildren(
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'view-title' },
      viewHeading('Port order group'),
      h('p', {}, 'Group ', h('code', {}, body.data.id), ': ', statusBadge(status, GROUP_STATUS_LABELS)),
      ctx.notice ? h('p', { class: 'notice', role: 'status' }, ctx.notice) : null,
      h(
        'p',
        { class: 'hint' },
        'One order per losing carrier, number type and LATA. Complete and submit each order: the account number, PIN and BTN usually differ between them.',
      ),
      orderListOf(body.included, ctx.me, 'Orders of this group'),
    ),
  );
  ctx.announce(`Group: ${GROUP_STATUS_LABELS[status] ?? status}, ${plural(body.included.length, 'order')}.`);
}

/** Every page of a filter (bounded), for the desk's queue. */
async function allOrders(ctx, query, maxPages = 10) {
  const out = [];
  let body = await listOrders(ctx.creds, query);
  out.push(...body.data);
  for (let i = 1; body.links.next && i < maxPages; i++) {
    body = await listPage(ctx.creds, body.links.next);
    out.push(...body.data);
  }
  return { orders: out, more: body.links.next !== null };
}

/** #/desk: orders waiting for the desk, and FOC dates that passed without completion. */
export async function renderDesk(root, ctx) {
  if (!isDesk(ctx.me)) {
    root.replaceChildren(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'view-title' },
        viewHeading('Needs action'),
        h('p', {}, 'This view is for desk keys. ', h('a', { href: '#/orders' }, 'See your port orders.')),
      ),
    );
    return;
  }
  const waiting = await allOrders(
    ctx,
    new URLSearchParams({ status: 'in_review,exception,cancel_requested', limit: '200' }),
  );
  const confirmed = await allOrders(ctx, new URLSearchParams({ status: 'foc_confirmed', limit: '200' }));
  const day = today();
  const overdue = confirmed.orders.filter((o) => o.attributes.foc && o.attributes.foc.date < day);
  const byStatus = (s) => waiting.orders.filter((o) => o.attributes.status === s);
  const part = (id, title, orders, hint) =>
    h(
      'section',
      { class: 'panel', 'aria-labelledby': id, id: `${id}-section` },
      h('h3', { id }, `${title} (${orders.length})`),
      h('p', { class: 'hint' }, hint),
      orderListOf(orders, ctx.me, title),
    );
  root.replaceChildren(
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'view-title' },
      viewHeading('Needs action'),
      h(
        'p',
        { class: 'hint' },
        `Newest first; open an order to act on it.${waiting.more || confirmed.more ? ' Only the first 2,000 of each kind are shown: narrow them in the port orders list.' : ''}`,
      ),
    ),
    part(
      'desk-review',
      statusLabel('in_review'),
      byStatus('in_review'),
      'Submitted by customers: check and send to the losing carrier, or reject.',
    ),
    part(
      'desk-exception',
      statusLabel('exception'),
      byStatus('exception'),
      'Rejected: waiting for the customer to fix them, or for the desk to cancel.',
    ),
    part(
      'desk-cancel',
      statusLabel('cancel_requested'),
      byStatus('cancel_requested'),
      'Cancel asked for after submission: confirm or deny.',
    ),
    part(
      'desk-overdue',
      'Overdue FOC',
      overdue,
      `FOC confirmed for a date before today (${day}) and not completed.`,
    ),
  );
  ctx.announce(`${plural(waiting.orders.length + overdue.length, 'order')} need action.`);
}
