// The end-user and order fields (docs/spec/orders.md §2, §6) as one form: filled from an order (or
// empty, to create orders), read back as the API's attributes, and able to mark a field with what
// still blocks `submit` or what a rejection asks to fix — at the field itself.
import { h } from './dom.js';

const ADDRESS = ['street', 'unit', 'city', 'state', 'zip', 'country'];

/**
 * path: the API attribute path (as `blockers` and reason codes name it); kind: input, select,
 * password, date or focdate (a <select> of the allowed FOC dates); `types`: the number types
 * the field applies to (all when absent); `order`: only on an existing order.
 */
const FIELDS = [
  {
    path: 'end_user.subscriber_type',
    label: 'Subscriber type',
    kind: 'select',
    options: [
      ['', 'Not chosen'],
      ['business', 'Business'],
      ['residential', 'Residential'],
    ],
  },
  { path: 'end_user.entity_name', label: 'End user name (business or person)', autocomplete: 'organization' },
  { path: 'end_user.authorized_person', label: 'Authorized person', autocomplete: 'name' },
  {
    path: 'end_user.account_number',
    label: 'Account number with the losing carrier',
    types: ['long-code', 'wireless'],
  },
  {
    path: 'end_user.pin',
    label: 'Account PIN or passcode',
    kind: 'password',
    types: ['long-code', 'wireless'],
  },
  {
    path: 'end_user.btn',
    label: 'Billing telephone number (BTN)',
    types: ['long-code', 'wireless'],
    inputmode: 'tel',
  },
  ...ADDRESS.map((part) => ({
    path: `end_user.service_address.${part}`,
    label: `Service address: ${part === 'zip' ? 'ZIP code' : part}`,
    autocomplete: {
      street: 'address-line1',
      unit: 'address-line2',
      city: 'address-level2',
      state: 'address-level1',
      zip: 'postal-code',
      country: 'country',
    }[part],
  })),
  {
    path: 'port_type',
    label: 'Port type',
    kind: 'select',
    order: true,
    types: ['long-code', 'wireless'],
    options: [
      ['', 'Not chosen'],
      ['full', 'Full: every number of the account'],
      ['partial', 'Partial: some numbers stay'],
    ],
  },
  {
    path: 'remaining_numbers_action',
    label: 'Numbers that stay (partial port)',
    kind: 'select',
    order: true,
    types: ['long-code', 'wireless'],
    options: [
      ['', 'Not chosen'],
      ['keep', 'Keep them with the losing carrier'],
      ['disconnect', 'Disconnect them'],
    ],
  },
  {
    path: 'new_btn',
    label: 'New BTN for the numbers that stay',
    order: true,
    types: ['long-code', 'wireless'],
  },
  { path: 'target_resporg', label: 'Target RespOrg (5 characters)', order: true, types: ['tollfree'] },
  { path: 'requested_foc_date', label: 'Requested FOC date', kind: 'focdate' },
  { path: 'customer_reference', label: 'Your reference' },
  { path: 'alias', label: 'Alias', order: true },
];

/** The id of a field's control; `prefix` keeps the create form's ids apart from an order's. */
export const fieldId = (path, prefix = 'f') => `${prefix}-${path.replace(/[^a-z0-9]+/gi, '-')}`;

function valueAt(attrs, path) {
  let v = attrs;
  for (const part of path.split('.')) v = v?.[part];
  return v ?? '';
}

function setAt(target, path, value) {
  const parts = path.split('.');
  let o = target;
  for (const part of parts.slice(0, -1)) {
    o[part] ??= {};
    o = o[part];
  }
  o[parts.at(-1)] = value;
}

/** A human name for an attribute path ('end_user.btn' → its label). */
export function fieldLabel(path) {
  return (
    FIELDS.find((f) => f.path === path)?.label ?? { documents: 'Documents', numbers: 'Numbers' }[path] ?? path
  );
}

function control(f, id, value, focDates, pinSet) {
  const common = { id, name: f.path, 'aria-describedby': `${id}-msg` };
  if (f.kind === 'select') {
    const select = h('select', common, ...f.options.map(([v, text]) => h('option', { value: v }, text)));
    select.value = value;
    return select;
  }
  if (f.kind === 'focdate' && focDates) {
    const options = [h('option', { value: '' }, 'Not chosen')];
    for (const d of focDates.dates) options.push(h('option', { value: d }, d));
    if (value && !focDates.dates.includes(value)) {
      options.push(h('option', { value }, `${value} (no longer allowed)`));
    }
    const select = h('select', common, ...options);
    select.value = value;
    return select;
  }
  if (f.kind === 'focdate') return h('input', { ...common, type: 'date', value });
  if (f.kind === 'password') {
    return h('input', {
      ...common,
      type: 'password',
      autocomplete: 'off',
      placeholder: pinSet ? 'A PIN is on file: leave empty to keep it' : '',
    });
  }
  return h('input', {
    ...common,
    value,
    autocomplete: f.autocomplete ?? 'off',
    inputmode: f.inputmode ?? null,
    spellcheck: 'false',
  });
}

/**
 * The fields for `numberType` (null when creating: the group may mix types, so only the end
 * user's and the requested date). Returns the fieldset's nodes, `read()` for the attributes and
 * `mark(path, text)` to show a problem at a field (false when the form has no such field).
 */
export function orderFields({ attrs = {}, numberType = null, focDates = null, prefix = 'f' }) {
  const creating = numberType === null;
  const fields = FIELDS.filter((f) => (creating ? !f.order : !f.types || f.types.includes(numberType)));
  const nodes = fields.map((f) => {
    const id = fieldId(f.path, prefix);
    const value = f.kind === 'password' ? '' : String(valueAt(attrs, f.path));
    return h(
      'div',
      { class: 'field', 'data-field': f.path },
      h('label', { for: id }, f.label),
      control(f, id, value, focDates, attrs.end_user?.pin_set === true),
      h('p', { class: 'field-msg', id: `${id}-msg`, hidden: true }),
    );
  });
  const byPath = new Map(fields.map((f, i) => [f.path, nodes[i]]));

  function read() {
    const out = {};
    for (const f of fields) {
      const input = byPath.get(f.path).querySelector('input, select');
      const value = input.value.trim();
      if (f.kind === 'password' && value === '') continue; // keep the PIN on file
      setAt(out, f.path, value === '' ? null : value);
    }
    return out;
  }

  function mark(path, text) {
    const node = byPath.get(path);
    if (!node) return false;
    const msg = node.querySelector('.field-msg');
    msg.textContent = msg.hidden ? text : `${msg.textContent} ${text}`;
    msg.hidden = false;
    node.classList.add('field-problem');
    node.querySelector('input, select').setAttribute('aria-invalid', 'true');
    return true;
  }

  return { nodes, read, mark };
}
