// The actions the signed-in role may take from the order's state (GET /v2/whoami tells them,
// from §4's table): one button each; an action that needs more than a click opens its small form.
import { h } from './dom.js';
import { ACTIONS } from './order-text.js';

/** Actions taken with one click: nothing to fill in. */
const ONE_CLICK = new Set(['submit', 'confirm-cancel', 'deny-cancel']);

function localNow() {
  const d = new Date();
  d.setSeconds(0, 0);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

const field = (id, label, control, hint) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
    control,
  );

/** Checkboxes of the order's numbers; `read()` gives the checked ones. */
function numberChoice(name, legend, numbers, checked) {
  const boxes = numbers.map((n) => h('input', { type: 'checkbox', name, value: n.number, checked }));
  const node = h(
    'fieldset',
    { class: 'number-choice' },
    h('legend', {}, legend),
    ...numbers.map((n, i) => h('label', { class: 'check' }, boxes[i], n.number)),
  );
  return { node, read: () => boxes.filter((b) => b.checked).map((b) => b.value) };
}

/** The form of one action: its controls and `body()` giving the request body (or throwing a message). */
function actionForm(name, order, { codes, focDates, desk }) {
  const a = order.attributes;
  const id = (part) => `act-${name}-${part}`;
  const all = a.numbers.map((n) => n.number);
  const subset = (chosen) => (chosen.length === all.length ? undefined : chosen);
  switch (name) {
    case 'record-submission': {
      const at = h('input', { id: id('at'), type: 'datetime-local', value: localNow(), required: true });
      const pon = h('input', { id: id('pon'), autocomplete: 'off' });
      const ref = h('input', { id: id('ref'), autocomplete: 'off' });
      return {
        controls: [
          field(id('at'), 'Sent to the losing carrier at', at),
          field(id('pon'), 'PON (optional)', pon),
          field(id('ref'), 'External reference (optional)', ref),
        ],
        body: () => {
          if (!at.value) throw new Error('Say when the order was sent.');
          return {
            occurred_at: new Date(at.value).toISOString(),
            ...(pon.value.trim() ? { pon: pon.value.trim() } : {}),
            ...(ref.value.trim() ? { external_ref: ref.value.trim() } : {}),
          };
        },
      };
    }
    case 'reject': {
      const code = h(
        'select',
        { id: id('code'), 'aria-describedby': id('fix') },
        ...[...codes.keys()].map((c) => h('option', { value: c }, c)),
      );
      const fix = h('p', { class: 'hint', id: id('fix') });
      const showFix = () => {
        fix.textContent = codes.get(code.value)?.fix ?? '';
      };
      code.addEventListener('change', showFix);
      showFix();
      const detail = h('textarea', { id: id('detail'), rows: 3, class: 'short', required: true });
      const numbers = numberChoice(id('numbers'), 'Rejected numbers', a.numbers, true);
      return {
        controls: [
          field(id('code'), 'Reason code', code),
          fix,
          field(id('detail'), 'What the losing carrier or the desk said', detail),
          numbers.node,
        ],
        body: () => {
          if (!detail.value.trim()) throw new Error('Say what was wrong (the detail).');
          const chosen = numbers.read();
          if (chosen.length === 0) throw new Error('Choose at least one rejected number.');
          return {
            code: code.value,
            detail: detail.value.trim(),
            ...(subset(chosen) ? { numbers: chosen } : {}),
          };
        },
      };
    }
    case 'record-foc': {
      const date = h('input', {
        id: id('date'),
        type: 'date',
        // Answering a supp: the date it asked for; otherwise the date already confirmed.
        value:
          (a.status === 'supp_requested' ? a.requested_foc_date : a.foc?.date) ?? a.requested_foc_date ?? '',
        required: true,
      });
      const start = h('input', { id: id('start'), type: 'time' });
      const end = h('input', { id: id('end'), type: 'time' });
      return {
        controls: [
          field(id('date'), 'FOC date confirmed by the losing carrier', date),
          field(id('start'), 'Window start (optional)', start),
          field(id('end'), 'Window end (optional)', end),
        ],
        body: () => {
          if (!date.value) throw new Error('Enter the FOC date.');
          return {
            foc_date: date.value,
            ...(start.value ? { window_start: start.value } : {}),
            ...(end.value ? { window_end: end.value } : {}),
          };
        },
      };
    }
    case 'request-supp': {
      const dates = focDates?.dates ?? [];
      const date = h('select', { id: id('date') }, ...dates.map((d) => h('option', { value: d }, d)));
      return {
        controls: [
          field(
            id('date'),
            'New requested FOC date',
            date,
            dates.length
              ? 'Only the dates the losing carrier can meet are offered.'
              : 'No date can be asked for now.',
          ),
        ],
        body: () => {
          if (!date.value) throw new Error('No FOC date can be requested now.');
          return { requested_foc_date: date.value };
        },
      };
    }
    case 'complete': {
      const numbers = numberChoice(
        id('numbers'),
        'Ported numbers (the others are cancelled)',
        a.numbers,
        true,
      );
      return {
        controls: [numbers.node],
        body: () => {
          const chosen = numbers.read();
          if (chosen.length === 0)
            throw new Error('At least one number must have ported; otherwise cancel the order.');
          return subset(chosen) ? { ported_numbers: chosen } : {};
        },
      };
    }
    case 'cancel': {
      const force = desk ? h('input', { type: 'checkbox', id: id('force') }) : null;
      return {
        controls: [
          h(
            'p',
            {},
            ['draft', 'in_review', 'exception'].includes(a.status)
              ? 'The order is cancelled at once.'
              : 'The losing carrier must confirm: the order waits in Cancel requested.',
          ),
          force
            ? h(
                'label',
                { class: 'check', for: id('force') },
                force,
                'Cancel even inside the 24-hour lock window',
              )
            : null,
        ],
        body: () => (force?.checked ? { force: true } : {}),
      };
    }
    case 'split': {
      const numbers = numberChoice(id('numbers'), 'Numbers to move to a new order', a.numbers, false);
      return {
        controls: [numbers.node],
        body: () => {
          const chosen = numbers.read();
          if (chosen.length === 0 || chosen.length === all.length)
            throw new Error('Choose some of the numbers, not none or all.');
          return { numbers: chosen };
        },
      };
    }
    default:
      return { controls: [], body: () => ({}) };
  }
}

/**
 * The actions section. `run(name, body)` takes the action (and reloads the view);
 * `fail(message)` shows a problem found before sending.
 */
export function actionSection(order, ctx, { codes, focDates, run, fail }) {
  const allowed = ctx.me.actions[order.attributes.status] ?? [];
  const desk = ctx.me.role !== 'customer';
  if (allowed.length === 0) {
    return h(
      'section',
      { class: 'panel', 'aria-labelledby': 'actions-title', id: 'actions' },
      h('h3', { id: 'actions-title' }, 'Actions'),
      h('p', { class: 'empty' }, 'Nothing for you to do in this state.'),
    );
  }
  const buttons = h('div', { class: 'actions action-buttons' });
  const forms = h('div', { class: 'action-forms' });
  for (const name of allowed) {
    const { label, explain } = ACTIONS[name] ?? { label: name, explain: '' };
    if (ONE_CLICK.has(name)) {
      buttons.append(
        h(
          'button',
          { type: 'button', class: 'btn', 'data-action': name, title: explain, onclick: () => run(name, {}) },
          label,
        ),
      );
      continue;
    }
    const { controls, body } = actionForm(name, order, { codes, focDates, desk });
    const formId = `act-${name}`;
    const form = h(
      'form',
      {
        id: formId,
        class: 'action-form',
        hidden: true,
        'aria-labelledby': `${formId}-title`,
        novalidate: true,
      },
      h('h4', { id: `${formId}-title` }, label),
      h('p', { class: 'hint' }, explain),
      ...controls,
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, label),
        h('button', { type: 'button', class: 'btn btn-quiet', onclick: () => toggle(false) }, 'Close'),
      ),
    );
    const opener = h(
      'button',
      {
        type: 'button',
        class: 'btn',
        'data-action': name,
        'aria-expanded': 'false',
        'aria-controls': formId,
      },
      `${label}…`,
    );
    const toggle = (open) => {
      for (const other of forms.children) other.hidden = true;
      for (const b of buttons.querySelectorAll('[aria-expanded]')) b.setAttribute('aria-expanded', 'false');
      form.hidden = !open;
      opener.setAttribute('aria-expanded', String(open));
      if (open) form.querySelector('input, select, textarea, button')?.focus();
      else opener.focus();
    };
    opener.addEventListener('click', () => toggle(form.hidden));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      let payload;
      try {
        payload = body();
      } catch (err) {
        fail(err.message);
        return;
      }
      run(name, payload);
    });
    buttons.append(opener);
    forms.append(form);
  }
  return h(
    'section',
    { class: 'panel', 'aria-labelledby': 'actions-title', id: 'actions' },
    h('h3', { id: 'actions-title' }, 'Actions'),
    buttons,
    forms,
  );
}
