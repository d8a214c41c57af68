// One port order (#/orders/{id}): its state and facts, why it was rejected, the actions the
// signed-in role may take, its numbers, the end-user form (PATCH, with what still blocks `submit`
// marked at each field), its documents and the timeline of its events.
import { AuthError } from './api.js';
import { h, plural, saveBlob, when } from './dom.js';
import { readInput } from './input.js';
import { actionSection } from './order-actions.js';
import { fieldId, fieldLabel, orderFields } from './order-form.js';
import { isDesk, statusBadge, viewHeading } from './order-list.js';
import {
  ACTIONS,
  blockerText,
  CANCEL_REASON_LABELS,
  eventText,
  NUMBER_STATUS_LABELS,
  statusLabel,
  TYPE_LABELS,
} from './order-text.js';
import {
  ApiFailure,
  act,
  ChangedError,
  changeNumbers,
  documentPath,
  fetchFile,
  focDates,
  getOrder,
  loaPath,
  orderEvents,
  patchOrder,
  reasonCodes,
  uploadDocument,
} from './orders-api.js';

const CHANGED = 'This order was changed meanwhile — reloaded. Check it and try again.';
const EDITABLE = ['draft', 'exception'];
const TERMINAL = ['completed', 'cancelled'];

/** A failure's message, with the particulars the API gives (blockers, changed numbers, allowed actions). */
export function describeFailure(err) {
  const meta = err.meta ?? {};
  const parts = [err.message];
  if (Array.isArray(meta.blockers) && meta.blockers.length) {
    parts.push(
      `Still needed: ${meta.blockers.map((b) => `${fieldLabel(b.field)} (${blockerText(b.code)})`).join('; ')}`,
    );
  }
  if (Array.isArray(meta.changes) && meta.changes.length) {
    parts.push(`Changed: ${meta.changes.map((c) => c.number).join(', ')}`);
  }
  if (err.code === 'number_in_open_order' && meta.order_id) parts.push(`Open order: ${meta.order_id}`);
  return parts.join(' ');
}

const fact = (term, ...value) => h('div', {}, h('dt', {}, term), h('dd', {}, ...value));
const link = (hash, text) => h('a', { href: hash }, text);

/** A button that moves focus to a form field (hash links would change the view). */
function focusButton(path, text) {
  return h(
    'button',
    {
      type: 'button',
      class: 'link-button',
      onclick: () => {
        const target =
          document.getElementById(fieldId(path)) ?? document.querySelector(`[data-field="${path}"]`);
        target?.focus();
        target?.scrollIntoView({ block: 'center' });
      },
    },
    text,
  );
}

function factsOf(order, me) {
  const a = order.attributes;
  const carrier = (c) => `${c.name} (${c.id})`;
  return h(
    'dl',
    { class: 'facts order-facts-list' },
    fact('Order', h('code', {}, order.id)),
    fact('Group', link(`#/groups/${encodeURIComponent(a.group_id)}`, a.group_id)),
    isDesk(me) ? fact('Account', a.account) : null,
    fact(
      'Losing carrier',
      carrier(a.losing_carrier),
      a.resellers.length ? ` — resold by ${a.resellers.map(carrier).join(', ')}` : '',
    ),
    fact('Gaining carrier', carrier(a.gaining_carrier)),
    fact('Number type', TYPE_LABELS[a.number_type] ?? a.number_type),
    fact('LATA', a.lata === null ? 'none (toll-free)' : String(a.lata)),
    fact('Port kind', a.port_kind === 'simple' ? 'Simple' : 'Non-simple'),
    fact('Requested FOC', a.requested_foc_date ?? 'not chosen'),
    a.foc
      ? fact('FOC', a.foc.date, a.foc.window_start ? ` ${a.foc.window_start}–${a.foc.window_end ?? ''}` : '')
      : null,
    a.pon ? fact('PON', a.pon) : null,
    a.cancel_reason
      ? fact('Cancelled', `${CANCEL_REASON_LABELS[a.cancel_reason]} (from ${statusLabel(a.cancel_stage)})`)
      : null,
    a.split_from
      ? fact('Split from', link(`#/orders/${encodeURIComponent(a.split_from)}`, a.split_from))
      : null,
    fact('Version', String(a.version)),
    fact('Created', when(a.created_at)),
    a.submitted_at ? fact('Submitted', when(a.submitted_at)) : null,
    a.completed_at ? fact('Completed', when(a.completed_at)) : null,
  );
}

function reasonSection(a, codes) {
  if (!a.reason) return null;
  const info = codes.get(a.reason.code);
  return h(
    'section',
    { class: 'panel reason-box', 'aria-labelledby': 'reason-title', id: 'reason' },
    h('h3', { id: 'reason-title' }, 'Rejected: ', h('code', { class: 'reason-code' }, a.reason.code)),
    info ? h('p', { class: 'fix' }, info.fix) : null,
    h('p', {}, h('strong', {}, 'Detail: '), a.reason.detail),
    a.reason.fields.length
      ? h(
          'p',
          {},
          'Fix: ',
          ...a.reason.fields.flatMap((f, i) => [i ? ', ' : '', focusButton(f, fieldLabel(f))]),
        )
      : null,
    a.reason.numbers.length ? h('p', {}, `Numbers: ${a.reason.numbers.join(', ')}`) : null,
  );
}

function blockerSection(a) {
  if (!EDITABLE.includes(a.status) || a.blockers.length === 0) return null;
  return h(
    'section',
    { class: 'panel blockers-box', 'aria-labelledby': 'blockers-title', id: 'blockers' },
    h('h3', { id: 'blockers-title' }, `Before it can be submitted (${a.blockers.length})`),
    h(
      'ul',
      {},
      ...a.blockers.map((b) =>
        h('li', {}, focusButton(b.field, fieldLabel(b.field)), `: ${blockerText(b.code)}`),
      ),
    ),
  );
}

function numbersTable(a) {
  return h(
    'div',
    { class: 'table-wrap', tabindex: '0', role: 'region', 'aria-labelledby': 'numbers-title' },
    h(
      'table',
      { class: 'numbers-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          h('th', { scope: 'col' }, 'Number'),
          h('th', { scope: 'col' }, 'Status'),
          h('th', { scope: 'col' }, 'FOC date'),
          h('th', { scope: 'col' }, 'Rejection'),
        ),
      ),
      h(
        'tbody',
        {},
        ...a.numbers.map((n) =>
          h(
            'tr',
            {},
            h('td', { class: 'num' }, n.number),
            h('td', {}, NUMBER_STATUS_LABELS[n.status] ?? n.status),
            h('td', {}, n.foc_date ?? '—'),
            h('td', {}, n.rejection ? `${n.rejection.code}: ${n.rejection.detail}` : '—'),
          ),
        ),
      ),
    ),
  );
}

/** Where the check puts a number refused by number_not_in_group (meta.numbers of §4). */
function placeOf(r) {
  if (r.reason) return `${r.number}: not portable (${r.reason})`;
  const g = r.group ?? {};
  const lata = g.lata === null || g.lata === undefined ? '' : `, LATA ${g.lata}`;
  return `${r.number}: belongs to another group (${TYPE_LABELS[g.number_type] ?? g.number_type}, losing carrier ${g.losing_carrier_id}${lata})`;
}

/**
 * Adding and removing numbers (draft and exception): PATCH …/relationships/numbers. A refusal is
 * shown at the field: which numbers fall outside the group and where, or the open order holding one.
 */
function numbersChangeForm(a, ctx, id, write) {
  const add = h('textarea', {
    id: 'numbers-add',
    rows: 2,
    class: 'short',
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'numbers-add-hint numbers-add-msg',
  });
  const msg = h('p', { class: 'field-msg', id: 'numbers-add-msg', hidden: true });
  const addField = h(
    'div',
    { class: 'field', 'data-field': 'numbers.add' },
    h('label', { for: 'numbers-add' }, 'Add numbers'),
    h(
      'p',
      { class: 'hint', id: 'numbers-add-hint' },
      "One per line or separated by commas; they must fall in this order's group.",
    ),
    add,
    msg,
  );
  const boxes = a.numbers.map((n) => h('input', { type: 'checkbox', name: 'remove', value: n.number }));
  const remove = h(
    'fieldset',
    { class: 'number-choice', id: 'numbers-remove' },
    h('legend', {}, 'Remove numbers'),
    ...a.numbers.map((n, i) => h('label', { class: 'check' }, boxes[i], n.number)),
  );
  const button = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', id: 'change-numbers' },
    'Change numbers',
  );
  const show = (...lines) => {
    msg.replaceChildren(...lines.flatMap((l, i) => (i ? [h('br'), l] : [l])));
    msg.hidden = false;
    addField.classList.add('field-problem');
    add.setAttribute('aria-invalid', 'true');
    add.focus();
  };
  const refused = (err) => {
    const meta = err.meta ?? {};
    if (err.code === 'number_not_in_group' && Array.isArray(meta.numbers)) {
      show(err.message, ...meta.numbers.map(placeOf));
    } else if (err.code === 'number_in_open_order' && meta.order_id) {
      show(`${meta.number ?? 'A number'} is already in another open order: `);
      msg.append(link(`#/orders/${encodeURIComponent(meta.order_id)}`, meta.order_id), '.');
    } else show(describeFailure(err));
  };
  const form = h(
    'form',
    { id: 'numbers-form', class: 'numbers-form', novalidate: true, 'aria-labelledby': 'numbers-form-title' },
    h('h4', { id: 'numbers-form-title' }, 'Change the numbers'),
    addField,
    remove,
    h('div', { class: 'actions' }, button),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const typed = readInput(add.value);
    if (typed.unreadable.length) {
      show(`Not a North American number: ${typed.unreadable.join(', ')}`);
      return;
    }
    const change = {
      add: typed.numbers,
      remove: boxes.filter((b) => b.checked).map((b) => b.value),
    };
    if (change.add.length === 0 && change.remove.length === 0) {
      show('Type numbers to add or choose numbers to remove.');
      return;
    }
    const what = [
      change.add.length ? `added ${change.add.join(', ')}` : '',
      change.remove.length ? `removed ${change.remove.join(', ')}` : '',
    ].filter(Boolean);
    write(
      button,
      () => changeNumbers(ctx.creds, id, a.version, change),
      `Numbers ${what.join(', ')}.`,
      refused,
    );
  });
  return form;
}

function numbersSection(a, changeForm) {
  return h(
    'section',
    {
      class: 'panel',
      'aria-labelledby': 'numbers-title',
      id: 'order-numbers',
      'data-field': 'numbers',
      tabindex: '-1',
    },
    h('h3', { id: 'numbers-title' }, `Numbers (${a.numbers.length})`),
    h('p', { class: 'field-msg', hidden: true }),
    numbersTable(a),
    changeForm,
  );
}

function timelineSection(events) {
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'timeline-title', id: 'timeline' },
    h('h3', { id: 'timeline-title' }, 'Timeline'),
    events.length === 0
      ? h('p', { class: 'empty' }, 'No events yet.')
      : h(
          'ol',
          { class: 'timeline' },
          ...events.map((e) =>
            h(
              'li',
              { 'data-event': e.type },
              h('time', { datetime: e.occurred_at }, when(e.occurred_at)),
              ' ',
              h('span', {}, eventText(e)),
              // A split names the order its numbers went to.
              e.type === 'port_order.split' && e.data?.new_order_id
                ? [' ', link(`#/orders/${encodeURIComponent(e.data.new_order_id)}`, e.data.new_order_id)]
                : null,
            ),
          ),
        ),
  );
}

/** Marks a section (documents, numbers) like a field. */
function markSection(section, text) {
  const msg = section.querySelector('.field-msg');
  msg.textContent = msg.hidden ? text : `${msg.textContent} ${text}`;
  msg.hidden = false;
  section.classList.add('field-problem');
}

export async function renderOrder(root, ctx, id) {
  const [order, events, codes] = await Promise.all([
    getOrder(ctx.creds, id),
    orderEvents(ctx.creds, id),
    reasonCodes(ctx.creds),
  ]);
  const a = order.attributes;
  const dates = TERMINAL.includes(a.status) ? null : await focDates(ctx.creds, id).catch(() => null);

  const problem = h('p', { class: 'alert', role: 'alert', id: 'order-error', hidden: true, tabindex: '-1' });
  const fail = (message) => {
    problem.textContent = message;
    problem.hidden = false;
    problem.focus();
  };
  /**
   * Runs one write; reloads the view on success (with `done`) and on 412. A refusal goes to
   * `refused` (shown at its field) or else to the order's alert.
   */
  const write = async (button, fn, done, refused = null) => {
    if (button?.getAttribute('aria-disabled') === 'true') return;
    button?.setAttribute('aria-disabled', 'true');
    try {
      const result = await fn();
      await ctx.rerender(typeof done === 'function' ? done(result) : done);
    } catch (err) {
      if (err instanceof ChangedError) await ctx.rerender(CHANGED);
      else if (err instanceof AuthError) ctx.sessionEnded(err.message);
      else if (refused && err instanceof ApiFailure) refused(err);
      else fail(describeFailure(err));
    } finally {
      button?.setAttribute('aria-disabled', 'false');
    }
  };

  const actions = actionSection(order, ctx, {
    codes,
    focDates: dates,
    fail,
    run: (name, body) =>
      write(
        document.activeElement,
        () => act(ctx.creds, id, name, a.version, body),
        (done) => {
          const base = `${ACTIONS[name]?.label ?? name}: done. The order is now ${statusLabel(done.data.attributes.status)}.`;
          const created = done.included?.[0];
          return created
            ? `${base} ${created.attributes.numbers.map((n) => n.number).join(', ')} moved to the new order ${created.id}.`
            : base;
        },
      ),
  });

  // The form: editable in draft and exception; otherwise shown read-only.
  const editable = EDITABLE.includes(a.status);
  const fields = orderFields({ attrs: a, numberType: a.number_type, focDates: dates });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'save-order' }, 'Save changes');
  const form = h(
    'form',
    { id: 'order-form', novalidate: true, 'aria-labelledby': 'form-title' },
    h(
      'fieldset',
      { disabled: !editable },
      h('legend', { class: 'sr-only' }, 'End user and order details'),
      ...fields.nodes,
    ),
    editable
      ? h(
          'div',
          { class: 'actions' },
          save,
          a.status === 'exception'
            ? h('span', { class: 'hint' }, 'Saving moves the order back to Draft.')
            : null,
        )
      : h('p', { class: 'hint' }, `Read-only: an order can be edited in Draft and Exception only.`),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    write(save, () => patchOrder(ctx.creds, id, a.version, fields.read()), 'Saved.');
  });

  const documents = documentsSection(order, ctx, write);
  const numbers = numbersSection(a, editable ? numbersChangeForm(a, ctx, id, write) : null);
  const sections = { documents, numbers };
  const at = (path, text) => fields.mark(path, text) || (sections[path] && markSection(sections[path], text));
  if (EDITABLE.includes(a.status)) for (const b of a.blockers) at(b.field, blockerText(b.code));
  if (a.reason) {
    const fix = codes.get(a.reason.code)?.fix ?? a.reason.detail;
    for (const f of a.reason.fields) at(f, `Rejected (${a.reason.code}): ${fix}`);
  }

  const parts = [
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'view-title' },
      viewHeading(`Port order ${a.customer_reference ?? order.id}`),
      h(
        'p',
        { class: 'order-state' },
        statusBadge(a.status),
        ` ${a.losing_carrier.name} → ${a.gaining_carrier.name}, ${plural(a.numbers.length, 'number')}`,
      ),
      ctx.notice ? h('p', { class: 'notice', id: 'order-notice', tabindex: '-1' }, ctx.notice) : null,
      problem,
      factsOf(order, ctx.me),
    ),
    reasonSection(a, codes),
    blockerSection(a),
    actions,
    numbers,
    h(
      'section',
      { class: 'panel', 'aria-labelledby': 'form-title', id: 'details' },
      h('h3', { id: 'form-title' }, 'End user and order details'),
      form,
    ),
    documents,
    timelineSection(events),
  ];
  // replaceChildren would write a null out as the text "null".
  root.replaceChildren(...parts.filter(Boolean));
  if (ctx.notice) ctx.announce(ctx.notice);
}

function documentsSection(order, ctx, write) {
  const a = order.attributes;
  const id = order.id;
  const download = async (button, path, name) => {
    button.setAttribute('aria-disabled', 'true');
    try {
      const file = await fetchFile(ctx.creds, path, name);
      saveBlob(file.blob, file.name);
      ctx.announce(`Downloaded ${file.name}.`);
    } catch (err) {
      if (err instanceof AuthError) ctx.sessionEnded(err.message);
      else ctx.announce(`The download failed: ${err.message}`);
    } finally {
      button.setAttribute('aria-disabled', 'false');
    }
  };
  const list = a.documents.length
    ? h(
        'ul',
        { class: 'documents' },
        ...a.documents.map((d) => {
          const button = h('button', { type: 'button', class: 'btn btn-small' }, `Download ${d.filename}`);
          button.addEventListener('click', () => download(button, documentPath(id, d.id), d.filename));
          return h(
            'li',
            { 'data-document': d.type },
            h('strong', {}, d.type.toUpperCase()),
            ` ${d.filename} · ${plural(d.size, 'byte')} · ${when(d.uploaded_at)} `,
            button,
          );
        }),
      )
    : h('p', { class: 'empty' }, 'No documents yet.');
  const loa = h(
    'button',
    { type: 'button', class: 'btn', id: 'download-loa' },
    'Download the LOA to sign (PDF)',
  );
  loa.addEventListener('click', () => download(loa, loaPath(id), `loa-${id}.pdf`));

  let upload = null;
  if (!TERMINAL.includes(a.status)) {
    const type = h(
      'select',
      { id: 'doc-type' },
      ...['loa', 'invoice', 'csr', 'other'].map((t) =>
        h(
          'option',
          { value: t },
          { loa: 'Signed LOA', invoice: 'Invoice', csr: 'Customer service record (CSR)', other: 'Other' }[t],
        ),
      ),
    );
    const file = h('input', {
      id: 'doc-file',
      type: 'file',
      accept: '.pdf,.png,.jpg,.jpeg,.tif,.tiff,application/pdf,image/png,image/jpeg,image/tiff',
    });
    const button = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Upload');
    upload = h(
      'form',
      { id: 'upload-form', class: 'upload-form', novalidate: true, 'aria-label': 'Upload a document' },
      h('div', { class: 'field' }, h('label', { for: 'doc-type' }, 'Document type'), type),
      h(
        'div',
        { class: 'field' },
        h('label', { for: 'doc-file' }, 'File (PDF, PNG, JPEG or TIFF, at most 10 MiB)'),
        file,
      ),
      h('div', { class: 'actions' }, button),
    );
    upload.addEventListener('submit', (event) => {
      event.preventDefault();
      const chosen = file.files?.[0];
      if (!chosen) {
        ctx.announce('Choose a file first.');
        file.focus();
        return;
      }
      write(
        button,
        () => uploadDocument(ctx.creds, id, a.version, type.value, chosen),
        `Uploaded ${chosen.name}.`,
      );
    });
  }
  return h(
    'section',
    {
      class: 'panel',
      'aria-labelledby': 'documents-title',
      id: 'documents',
      'data-field': 'documents',
      tabindex: '-1',
    },
    h('h3', { id: 'documents-title' }, 'Documents'),
    h('p', { class: 'field-msg', hidden: true }),
    list,
    h('div', { class: 'actions' }, loa),
    upload,
  );
}
