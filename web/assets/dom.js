// Small DOM helpers: element building, paged lists, copy and download.

/**
 * h('p', {class: 'x', onclick: fn}, 'text', child) — attributes starting
 * with `on` become listeners; `null`/`false` children are skipped.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const fmt = new Intl.NumberFormat('en-US');
export const count = (n) => fmt.format(n);
export const plural = (n, one, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/**
 * A list that shows `pageSize` items and a "Show more" button for the rest,
 * so that 100,000 items never become 100,000 DOM nodes at once. The list
 * scrolls within a capped height, so it is a named tab stop: a keyboard user
 * reaches it with Tab and scrolls it with the arrow and page keys.
 */
export function pagedList({
  items,
  render,
  pageSize = 200,
  tag = 'ul',
  className = '',
  label,
  noun = 'number',
}) {
  const list = h(tag, { class: `scroll-list ${className}`, 'aria-label': label, tabindex: '0' });
  const more = h('button', { type: 'button', class: 'btn btn-small' });
  const note = h('span', { class: 'paged-note' });
  const footer = h('div', { class: 'paged-footer' }, note, more);
  let shown = 0;
  const showNext = () => {
    const fragment = document.createDocumentFragment();
    const end = Math.min(items.length, shown + pageSize);
    for (let i = shown; i < end; i++) fragment.append(render(items[i], i));
    list.append(fragment);
    shown = end;
    const left = items.length - shown;
    note.textContent = `Showing ${count(shown)} of ${plural(items.length, noun)}.`;
    more.textContent = `Show ${count(Math.min(pageSize, left))} more`;
    footer.hidden = left === 0;
  };
  more.addEventListener('click', () => {
    showNext();
    // The button goes away on the last page; keep keyboard focus somewhere sensible.
    if (footer.hidden) list.focus();
  });
  showNext();
  return h('div', { class: 'paged' }, list, footer);
}

/** Copies text; falls back to a hidden textarea where the async clipboard is unavailable (plain http). */
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // permission refused: try the old way
    }
  }
  const area = h('textarea', { readonly: true, class: 'offscreen', 'aria-hidden': 'true' });
  area.value = text;
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}

/** Saves `parts` (strings) as a file through a Blob: no giant string, no data: URL. */
export function download(filename, parts, type = 'text/csv;charset=utf-8') {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const link = h('a', { href: url, download: filename, class: 'offscreen' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Saves a Blob fetched with the key (a document, the LOA) under `filename`. */
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const link = h('a', { href: url, download: filename, class: 'offscreen' });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A date and time as the reader's locale writes it; the ISO text when it is not one. */
export function when(iso) {
  const t = Date.parse(iso);
  return Number.isNaN(t)
    ? String(iso)
    : new Date(t).toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Today's date in the reader's time zone, YYYY-MM-DD. */
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
