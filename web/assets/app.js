// The page: sign-in, reading the list, sending it in chunks, showing the result.
import {
  AuthError,
  checkNumbers,
  clearCredentials,
  loadConfig,
  loadCredentials,
  saveCredentials,
} from './api.js';
import { renderCreateOrders } from './create-orders.js';
import { parseCsv } from './csv.js';
import { count, h, plural } from './dom.js';
import { readInput } from './input.js';
import { looksLikeNumber } from './lenient.js';
import { chunk, ResultMerger } from './merge.js';
import { whoami } from './orders-api.js';
import { downloadAll, renderResults } from './results.js';
import { routeOf, showRoute } from './router.js';

const $ = (id) => document.getElementById(id);

const els = {
  signin: $('signin'),
  signinForm: $('signin-form'),
  signinMessage: $('signin-message'),
  signinSubmit: $('signin-submit'),
  accessKey: $('access-key'),
  secretKey: $('secret-key'),
  who: $('who'),
  whoKey: $('who-key'),
  signOut: $('sign-out'),
  work: $('work'),
  form: $('check-form'),
  numbers: $('numbers'),
  check: $('check'),
  clear: $('clear'),
  inputCount: $('input-count'),
  progress: $('progress'),
  status: $('status'),
  error: $('error'),
  results: $('results'),
  exportAll: $('export-all'),
  output: $('output'),
  placeholder: $('placeholder'),
  summaryNote: $('summary-note'),
  csvFile: $('csv-file'),
  csvColumns: $('csv-columns'),
  csvColumn: $('csv-column'),
  csvHeader: $('csv-header'),
  csvUse: $('csv-use'),
  nav: $('nav'),
  navDesk: $('nav-desk'),
  view: $('view'),
  live: $('live'),
  createOrders: $('create-orders'),
};

let config = { maxNumbers: 100_000 };
let credentials = null;
let me = null; // GET /v2/whoami: name, account, role and the role's actions per state
let last = null; // the shown result: {entries, unreadable, extensions, data}
let busy = false;

function announce(text) {
  els.status.textContent = text;
}

function showError(text) {
  els.error.textContent = text;
  els.error.hidden = !text;
}

function showSignIn(message = '') {
  credentials = null;
  me = null;
  els.work.hidden = true;
  els.view.hidden = true;
  els.view.replaceChildren();
  els.nav.hidden = true;
  els.who.hidden = true;
  els.signin.hidden = false;
  els.signinMessage.textContent = message;
  els.signinMessage.hidden = !message;
  els.secretKey.value = '';
  (els.accessKey.value ? els.secretKey : els.accessKey).focus();
}

function showWork() {
  els.signin.hidden = true;
  els.signinMessage.hidden = true;
  els.who.hidden = false;
  els.nav.hidden = false;
  els.navDesk.hidden = me.role === 'customer';
  els.whoKey.textContent = `Signed in as ${me.name || credentials.accessKey} (${me.role}, account ${me.account})`;
  route();
}

// ---- views (hash routes: #/check, #/orders, #/orders/{id}, #/groups/{id}, #/desk) ----

/** For screen readers: what a view did, outside any view so it survives re-rendering. */
function say(text) {
  els.live.textContent = '';
  // A fresh text node after clearing, so the same sentence twice is read twice.
  setTimeout(() => {
    els.live.textContent = text;
  }, 50);
}

let routeRun = 0;
async function route(notice = null, focus = true) {
  if (!credentials || !me) return;
  const current = routeOf(location.hash);
  for (const a of els.nav.querySelectorAll('a')) {
    if (a.dataset.nav === current.nav) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (current.view === 'check') {
    els.view.hidden = true;
    els.work.hidden = false;
    return;
  }
  els.work.hidden = true;
  els.view.hidden = false;
  const run = ++routeRun;
  els.view.setAttribute('aria-busy', 'true');
  const target = document.createElement('div');
  const ctx = {
    creds: credentials,
    me,
    notice,
    announce: say,
    sessionEnded,
    rerender: (text) =>
      route(text, false).then(() => document.getElementById(text ? 'order-notice' : 'view-title')?.focus()),
  };
  try {
    await showRoute(target, ctx, current);
    if (run !== routeRun) return; // a later navigation won
    els.view.replaceChildren(...target.childNodes);
  } catch (err) {
    if (run !== routeRun) return;
    if (err instanceof AuthError) {
      sessionEnded(err.message);
      return;
    }
    const heading = h('h2', { id: 'view-title', tabindex: '-1' }, 'This view could not be shown');
    els.view.replaceChildren(
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'view-title' },
        heading,
        h('p', { class: 'alert', role: 'alert' }, err.message),
        h('p', {}, h('a', { href: '#/orders' }, 'Back to the port orders')),
      ),
    );
  } finally {
    if (run === routeRun) els.view.setAttribute('aria-busy', 'false');
  }
  if (run === routeRun && focus) document.getElementById('view-title')?.focus();
}

window.addEventListener('hashchange', () => route());

/** The key stopped working mid-session (revoked, or the database changed): back to sign-in, input kept. */
function sessionEnded(message) {
  clearCredentials();
  setBusy(false);
  showSignIn(message);
}

els.signinForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const creds = { accessKey: els.accessKey.value.trim(), secretKey: els.secretKey.value.trim() };
  if (!creds.accessKey || !creds.secretKey) {
    showSignIn('Enter both the access key and the secret.');
    return;
  }
  els.signinSubmit.disabled = true;
  els.signinSubmit.textContent = 'Signing in…';
  try {
    me = await whoami(creds);
    credentials = creds;
    saveCredentials(creds);
    showWork();
    if (routeOf(location.hash).view === 'check') els.numbers.focus();
  } catch (err) {
    const message =
      err instanceof AuthError
        ? 'That access key and secret were not accepted. Check both (the secret is shown only once, when the key is made) and try again.'
        : err.message;
    showSignIn(message);
  } finally {
    els.signinSubmit.disabled = false;
    els.signinSubmit.textContent = 'Sign in';
  }
});

els.signOut.addEventListener('click', () => {
  clearCredentials();
  els.accessKey.value = '';
  clearResults();
  showSignIn('You are signed out.');
});

// ---- input -------------------------------------------------------------

let countTimer = 0;
els.numbers.addEventListener('input', () => {
  clearTimeout(countTimer);
  // Debounced: re-reading a 100,000-line paste on every keystroke would lag the typing.
  countTimer = setTimeout(updateCount, 250);
});

function updateCount() {
  const text = els.numbers.value;
  if (text.trim() === '') {
    els.inputCount.textContent = '';
    return;
  }
  const { numbers, unreadable } = readInput(text);
  els.inputCount.textContent =
    `${plural(numbers.length, 'number')} read` +
    (unreadable.length ? `, ${count(unreadable.length)} unreadable` : '');
}

els.clear.addEventListener('click', () => {
  els.numbers.value = '';
  updateCount();
  clearResults();
  els.numbers.focus();
});

let csvRows = [];

els.csvFile.addEventListener('change', async () => {
  const file = els.csvFile.files?.[0];
  els.csvColumns.hidden = true;
  showError('');
  if (!file) return;
  try {
    csvRows = parseCsv(await file.text());
  } catch {
    showError('That file could not be read as text.');
    return;
  }
  if (csvRows.length === 0) {
    showError('That file has no rows.');
    return;
  }
  const first = csvRows[0];
  // A first row holding phone numbers is data, not a header.
  els.csvHeader.checked = !first.some((cell) => looksLikeNumber(cell.trim()));
  fillColumns();
  els.csvColumns.hidden = false;
  announce(`${file.name}: ${plural(csvRows.length, 'row')}. Choose the column with the numbers.`);
  els.csvColumn.focus();
});

els.csvHeader.addEventListener('change', fillColumns);

function fillColumns() {
  const width = Math.max(...csvRows.slice(0, 50).map((r) => r.length));
  const first = csvRows[0];
  const sample = csvRows[els.csvHeader.checked ? 1 : 0] ?? [];
  // Preselect the column whose sample values most look like phone numbers.
  let best = 0;
  let bestScore = -1;
  const body = csvRows.slice(els.csvHeader.checked ? 1 : 0, 200);
  const options = [];
  for (let i = 0; i < width; i++) {
    const name = els.csvHeader.checked ? (first[i] ?? '').trim() || `Column ${i + 1}` : `Column ${i + 1}`;
    const example = (sample[i] ?? '').trim();
    options.push(h('option', { value: i }, example ? `${name} (e.g. ${example.slice(0, 30)})` : name));
    const score = body.filter((r) => looksLikeNumber((r[i] ?? '').trim())).length;
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  els.csvColumn.replaceChildren(...options);
  els.csvColumn.value = String(best);
}

els.csvUse.addEventListener('click', () => {
  const column = Number(els.csvColumn.value);
  const values = csvRows
    .slice(els.csvHeader.checked ? 1 : 0)
    .map((r) => (r[column] ?? '').trim())
    .filter((v) => v !== '');
  els.numbers.value = values.join('\n');
  updateCount();
  announce(`${plural(values.length, 'value')} put in the list. Choose Check portability when ready.`);
  els.numbers.focus();
});

// ---- checking ----------------------------------------------------------

function setBusy(on) {
  busy = on;
  // aria-disabled, not disabled: a disabled button drops keyboard focus to the top of the page.
  els.check.setAttribute('aria-disabled', String(on));
  els.results.setAttribute('aria-busy', String(on));
  els.progress.classList.toggle('active', on);
  if (!on) els.progress.value = 0;
}

function setSummary(values) {
  for (const [id, value] of Object.entries(values)) $(id).textContent = value === null ? '–' : count(value);
}

function clearResults() {
  last = null;
  renderCreateOrders(els.createOrders, null, null);
  els.exportAll.disabled = true;
  setSummary({
    'n-submitted': null,
    'n-portable': null,
    'n-nonportable': null,
    'n-unreadable': null,
    'n-orders': null,
  });
  els.summaryNote.textContent = '';
  els.output.replaceChildren(els.placeholder);
  showError('');
  announce('');
}

els.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (busy || !credentials) return;
  showError('');
  const { entries, numbers, unreadable, extensions, duplicates } = readInput(els.numbers.value);
  if (entries.length === 0) {
    showError('Paste at least one number first.');
    els.numbers.focus();
    return;
  }
  setBusy(true);
  const merger = new ResultMerger();
  const chunks = chunk(numbers, config.maxNumbers);
  try {
    for (let i = 0; i < chunks.length; i++) {
      const what = chunks.length > 1 ? `chunk ${count(i + 1)} of ${count(chunks.length)}` : 'the list';
      announce(`Checking ${what} (${plural(chunks[i].length, 'number')})…`);
      els.progress.value = i / chunks.length;
      const data = await checkNumbers(credentials, chunks[i], (seconds) =>
        announce(`The server asked to wait; retrying ${what} in ${plural(seconds, 'second')}…`),
      );
      merger.add(data);
      els.progress.value = (i + 1) / chunks.length;
    }
  } catch (err) {
    if (err instanceof AuthError) {
      sessionEnded(err.message);
      return;
    }
    setBusy(false);
    showError(`The check did not complete: ${err.message}`);
    announce('');
    return;
  }
  const data = merger.result();
  last = { entries, unreadable, extensions, data };
  setSummary({
    'n-submitted': numbers.length,
    'n-portable': data.portable.numbers.length,
    'n-nonportable': data.nonportable.numbers.length,
    'n-unreadable': unreadable.length,
    'n-orders': data.portable.groups.length,
  });
  const notes = [];
  if (duplicates > 0) notes.push(`${plural(duplicates, 'repeated entry', 'repeated entries')} counted once.`);
  if (extensions.length > 0)
    notes.push(
      `${plural(extensions.length, 'entry', 'entries')} with an extension: the main number was checked (listed below).`,
    );
  if (chunks.length > 1)
    notes.push(`Sent as ${count(chunks.length)} requests of up to ${count(config.maxNumbers)} numbers.`);
  els.summaryNote.textContent = notes.join(' ');
  renderResults(els.output, last, announce);
  renderCreateOrders(els.createOrders, data, { creds: credentials, announce: say, sessionEnded });
  els.exportAll.disabled = false;
  setBusy(false);
  announce(
    `Done: ${count(data.portable.numbers.length)} portable in ${plural(data.portable.groups.length, 'port order')}, ` +
      `${count(data.nonportable.numbers.length)} not portable` +
      (unreadable.length ? `, ${count(unreadable.length)} unreadable.` : '.'),
  );
});

els.exportAll.addEventListener('click', () => {
  if (last) downloadAll(last.entries, last.data);
});

// ---- start -------------------------------------------------------------

config = await loadConfig();
credentials = loadCredentials();
if (credentials) {
  try {
    me = await whoami(credentials);
    showWork();
  } catch (err) {
    if (err instanceof AuthError) sessionEnded(err.message);
    else showSignIn(err.message);
  }
} else showSignIn();
document.documentElement.classList.add('ready');
