// CSV in and out, for the browser: reading an uploaded file's columns and
// writing the result downloads (RFC 4180: quotes doubled, CRLF rows).

/**
 * Parses CSV text into rows of cells. The delimiter (comma, semicolon or tab)
 * is guessed from the first line, as spreadsheets export all three. A UTF-8
 * byte-order mark is dropped; quoted cells may hold delimiters and newlines.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const delimiter = guessDelimiter(src);
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows.filter((r) => r.some((v) => v.trim() !== ''));
}

function guessDelimiter(text) {
  const end = text.search(/\r|\n/);
  const first = end === -1 ? text : text.slice(0, end);
  let best = ',';
  let bestCount = 0;
  for (const d of [',', ';', '\t']) {
    const count = first.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/** Digits and phone punctuation only (`+1 206.420.5780`): nothing a spreadsheet could run. */
const PHONE_TEXT = /^[+\d\s().\-/]*$/;

/**
 * One CSV cell. A value that a spreadsheet would run as a formula (leading
 * `=`, `+`, `-`, `@`, and more than phone punctuation) gets a leading apostrophe: pasted text ends up in these
 * files and must not execute when opened.
 * @param {unknown} value
 */
function csvCell(value) {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s) && !PHONE_TEXT.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** @param {unknown[]} cells */
export function csvLine(cells) {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
