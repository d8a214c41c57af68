// Rendering a (merged) Check Portability answer and exporting it as CSV.
import { csvLine } from './csv.js';
import { copyText, count, download, h, pagedList, plural } from './dom.js';
import { describeReason, reasonOrder } from './reasons.js';

const CSV_COLUMNS = [
  'number',
  'status',
  'reason',
  'detail',
  'current_provider_id',
  'current_provider_name',
  'gaining_provider_id',
  'gaining_provider_name',
  'number_type',
  'lata',
  'input',
];

const TYPE_LABELS = { 'long-code': 'Local (long code)', wireless: 'Wireless', tollfree: 'Toll-free' };
const CARDS_PER_PAGE = 24;

/** A row of a number in no group: the six provider and group columns stay empty. */
function ungroupedRow(number, status, reason, detail, input) {
  return [number, status, reason, detail, '', '', '', '', '', '', input];
}

function groupRow(number, g, input) {
  return [
    number,
    'portable',
    '',
    '',
    g.current_service_provider_id,
    g.current_service_provider_name,
    g.gaining_service_provider_id,
    g.gaining_service_provider_name,
    g.number_type_associated,
    g.lata ?? '',
    input,
  ];
}

/** One CSV line per entry, in the order typed: portable, nonportable and unreadable alike. */
function resultCsv(entries, data) {
  const groupOf = new Map();
  for (const g of data.portable.groups) for (const n of g.numbers) groupOf.set(n, g);
  const detailOf = new Map();
  for (const d of data.nonportable.details) detailOf.set(d.number, d);
  const parts = [csvLine(CSV_COLUMNS)];
  for (const { input, number } of entries) {
    if (number === null) {
      parts.push(
        csvLine(ungroupedRow(input, 'unreadable', '', 'Not a phone number the page could read.', input)),
      );
      continue;
    }
    const g = groupOf.get(number);
    if (g) {
      parts.push(csvLine(groupRow(number, g, input)));
      continue;
    }
    const d = detailOf.get(number);
    parts.push(
      csvLine(ungroupedRow(number, d ? 'nonportable' : 'unknown', d?.reason ?? '', d?.detail ?? '', input)),
    );
  }
  return parts;
}

function stamp() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}`;
}

export function downloadAll(entries, data) {
  download(`portcheck-${stamp()}.csv`, resultCsv(entries, data));
}

function safeName(s) {
  return String(s).replace(/[^A-Za-z0-9_-]+/g, '_');
}

function groupCard(g, index, announce, inputOf) {
  const id = `group-${index}`;
  const n = g.numbers.length;
  const copyButton = h('button', { type: 'button', class: 'btn btn-small' }, `Copy ${plural(n, 'number')}`);
  copyButton.addEventListener('click', async () => {
    const ok = await copyText(g.numbers.join('\n'));
    announce(
      ok ? `Copied ${plural(n, 'number')} to the clipboard.` : 'Copying failed: select the numbers instead.',
    );
  });
  const csvButton = h('button', { type: 'button', class: 'btn btn-small' }, 'Download CSV');
  csvButton.addEventListener('click', () => {
    const parts = [csvLine(CSV_COLUMNS)];
    for (const number of g.numbers) parts.push(csvLine(groupRow(number, g, inputOf(number))));
    download(
      `port-order-${safeName(g.current_service_provider_id)}-to-${safeName(g.gaining_service_provider_id)}-` +
        `${g.number_type_associated}${g.lata === null ? '' : `-lata${g.lata}`}.csv`,
      parts,
    );
  });
  const numbers = h(
    'details',
    { class: 'numbers-box', open: n <= 20 },
    h('summary', {}, `The ${plural(n, 'number')}`),
    pagedList({
      items: g.numbers,
      render: (num) => h('li', {}, num),
      className: 'numbers',
      label: `Numbers of port order ${index + 1}: ${g.current_service_provider_name} to ${g.gaining_service_provider_name}`,
    }),
  );
  return h(
    'article',
    { class: 'card', 'aria-labelledby': id, 'data-group': index },
    h(
      'h4',
      { id, class: 'card-title' },
      h('span', {}, g.current_service_provider_name),
      h('span', { class: 'arrow', 'aria-hidden': 'true' }, ' → '),
      h('span', { class: 'sr-only' }, ' to '),
      h('span', {}, g.gaining_service_provider_name),
    ),
    h('p', { class: 'card-count' }, plural(n, 'number')),
    h(
      'dl',
      { class: 'facts' },
      h(
        'div',
        {},
        h('dt', {}, 'Current carrier'),
        h('dd', {}, `${g.current_service_provider_name} · `, h('code', {}, g.current_service_provider_id)),
      ),
      h(
        'div',
        {},
        h('dt', {}, 'Gaining carrier'),
        h('dd', {}, `${g.gaining_service_provider_name} · `, h('code', {}, g.gaining_service_provider_id)),
      ),
      h(
        'div',
        {},
        h('dt', {}, 'Number type'),
        h('dd', {}, TYPE_LABELS[g.number_type_associated] ?? g.number_type_associated),
      ),
      h('div', {}, h('dt', {}, 'LATA'), h('dd', {}, g.lata === null ? 'none (toll-free)' : String(g.lata))),
    ),
    h('div', { class: 'card-actions' }, copyButton, csvButton),
    numbers,
  );
}

/** Cards a page at a time: a result with thousands of groups must not build them all at once. */
function groupSection(groups, announce, inputOf) {
  const grid = h('div', { class: 'cards' });
  const more = h('button', { type: 'button', class: 'btn' });
  let shown = 0;
  const showNext = () => {
    const end = Math.min(groups.length, shown + CARDS_PER_PAGE);
    for (let i = shown; i < end; i++) grid.append(groupCard(groups[i], i, announce, inputOf));
    shown = end;
    more.textContent = `Show more port orders (${count(groups.length - shown)} left)`;
    more.hidden = shown >= groups.length;
  };
  more.addEventListener('click', () => {
    const focusAt = shown;
    showNext();
    grid.children[focusAt]?.querySelector('button')?.focus();
  });
  showNext();
  return h(
    'section',
    { class: 'block', 'aria-labelledby': 'orders-title' },
    h('h3', { id: 'orders-title' }, `Port orders to create (${count(groups.length)})`),
    groups.length === 0
      ? h('p', { class: 'empty' }, 'None of these numbers can be ported.')
      : [
          h(
            'p',
            { class: 'hint' },
            'One port order per card: same current carrier, gaining carrier, number type and LATA.',
          ),
          grid,
          more,
        ],
  );
}

function nonportableSection(details) {
  const byReason = new Map();
  for (const d of details) {
    const list = byReason.get(d.reason);
    if (list) list.push(d);
    else byReason.set(d.reason, [d]);
  }
  const reasons = reasonOrder(byReason.keys()).map((code) => {
    const items = byReason.get(code);
    const { title, explain } = describeReason(code);
    const id = `reason-${code}`;
    return h(
      'section',
      { class: 'reason', 'aria-labelledby': id, 'data-reason': code },
      h('h4', { id }, `${title} `, h('span', { class: 'badge' }, plural(items.length, 'number'))),
      h('p', { class: 'explain' }, explain, ' ', h('code', { class: 'reason-code' }, code)),
      pagedList({
        items,
        render: (d) =>
          h('li', {}, h('span', { class: 'num' }, d.number), h('span', { class: 'detail' }, d.detail)),
        className: 'detail-list',
        label: `Numbers: ${title}`,
      }),
    );
  });
  return h(
    'section',
    { class: 'block', 'aria-labelledby': 'nonportable-title' },
    h('h3', { id: 'nonportable-title' }, `Cannot be ported (${count(details.length)})`),
    details.length === 0 ? h('p', { class: 'empty' }, 'Every number read can be ported.') : reasons,
  );
}

function unreadableSection(unreadable) {
  return h(
    'section',
    { class: 'block reason', 'aria-labelledby': 'unreadable-title', id: 'unreadable' },
    h('h3', { id: 'unreadable-title' }, `Could not read (${count(unreadable.length)})`),
    h(
      'p',
      { class: 'explain' },
      'These entries are not a 10-digit number (or 11 digits starting with 1) once spaces, dashes, dots and ' +
        'brackets are removed; letters are not accepted. They were not checked: correct them and check again.',
    ),
    pagedList({
      items: unreadable,
      render: (text) => h('li', {}, h('code', {}, text)),
      className: 'unreadable-list',
      label: 'Entries that could not be read',
      noun: 'entry',
    }),
  );
}

/** Entries typed with an extension: the main number was checked, and the port moves it with its extensions. */
function extensionSection(extensions) {
  return h(
    'section',
    { class: 'block reason', 'aria-labelledby': 'extensions-title', id: 'extensions' },
    h('h3', { id: 'extensions-title' }, `Checked without their extension (${count(extensions.length)})`),
    h(
      'p',
      { class: 'explain' },
      'An extension is not ported on its own: it lives behind its main number, and porting the main number ' +
        'moves every extension with it. So the main number was checked; the port order is for that number.',
    ),
    pagedList({
      items: extensions,
      render: (e) =>
        h(
          'li',
          {},
          h('code', { class: 'num' }, e.input),
          h('span', { class: 'detail' }, `checked as ${e.number}, extension ${e.extension}`),
        ),
      className: 'detail-list',
      label: 'Entries checked without their extension',
      noun: 'entry',
    }),
  );
}

/** Fills `output` with the result sections. */
export function renderResults(output, { entries, unreadable, extensions, data }, announce) {
  const inputs = new Map();
  for (const e of entries) if (e.number) inputs.set(e.number, e.input);
  const inputOf = (n) => inputs.get(n) ?? n;
  const sections = [
    groupSection(data.portable.groups, announce, inputOf),
    nonportableSection(data.nonportable.details),
  ];
  if (extensions.length > 0) sections.push(extensionSection(extensions));
  if (unreadable.length > 0) sections.push(unreadableSection(unreadable));
  output.replaceChildren(...sections);
}
