// What a port order's letter of agency says (docs/spec/orders.md §8), apart from how it is laid out
// (loa-pdf.ts). The LOA is the end user's signed authority for the gaining carrier to move the
// numbers; the losing carrier checks it against its records, which is why it carries the account
// number with that carrier (as LOAs in the industry do: the API returns it to the same callers). The
// PIN is never on it: it is write-only everywhere, and a printed, signed sheet travels further than
// any API response.
import { localDate } from '../domain/orders/business-days.js';
import type { Carrier, Order } from '../domain/orders/types.js';

export interface LoaField {
  label: string;
  value: string;
}

export interface LoaSection {
  heading: string;
  fields: LoaField[];
}

export interface LoaContent {
  title: string;
  /** `YYYY-MM-DD` in the configured time zone, and the same date written out. */
  date: string;
  dateLong: string;
  /** Ties every page to its order: shown in each page's footer. */
  reference: string;
  sections: LoaSection[];
  /** Paragraphs the signer agrees to. */
  authorization: string[];
  /** Every number of the order, formatted NPA-NXX-XXXX, in the order's order. */
  numbers: string[];
  signature: { printedName: string | null };
}

const NONE = '—';
const orNone = (v: string | null | undefined): string => (v == null || v.trim() === '' ? NONE : v.trim());

/** `12064205780` → `206-420-5780`; anything not a canonical NANP number is shown as it is. */
export function formatNumber(canonical: string): string {
  const m = /^1?(\d{3})(\d{3})(\d{4})$/.exec(canonical);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : canonical;
}

const carrier = (c: Carrier): string => `${c.name} (${c.id})`;

function address(order: Order): string {
  const a = order.endUser.serviceAddress;
  if (!a) return NONE;
  const street = [a.street, a.unit].filter((s) => s?.trim()).join(', ');
  const cityLine = [a.city, [a.state, a.zip].filter((s) => s?.trim()).join(' ')]
    .filter((s) => s?.trim())
    .join(', ');
  const parts = [street, cityLine, a.country ?? ''].filter((s) => s.trim() !== '');
  return parts.length === 0 ? NONE : parts.join(', ');
}

function endUser(order: Order): LoaField[] {
  const eu = order.endUser;
  const tollfree = order.numberType === 'tollfree';
  const fields: LoaField[] = [
    { label: 'Entity name', value: orNone(eu.entityName) },
    { label: 'Subscriber type', value: orNone(eu.subscriberType) },
    { label: 'Authorized person', value: orNone(eu.authorizedPerson) },
  ];
  if (tollfree) {
    fields.push({ label: 'New RespOrg', value: orNone(order.targetResporg) });
  } else {
    fields.push({ label: 'Billing telephone number (BTN)', value: eu.btn ? formatNumber(eu.btn) : NONE });
  }
  fields.push({ label: 'Account number with the losing carrier', value: orNone(eu.accountNumber) });
  fields.push({ label: 'Service address', value: address(order) });
  return fields;
}

function carriers(order: Order): LoaField[] {
  const fields: LoaField[] = [{ label: 'Losing carrier', value: carrier(order.losingCarrier) }];
  if (order.resellers.length > 0) {
    fields.push({ label: 'Reseller (current provider)', value: order.resellers.map(carrier).join(', ') });
  }
  fields.push({ label: 'Gaining carrier', value: carrier(order.gainingCarrier) });
  return fields;
}

function port(order: Order): LoaField[] {
  const fields: LoaField[] = [
    { label: 'Number type', value: order.numberType },
    { label: 'Numbers', value: String(order.numbers.length) },
  ];
  if (order.numberType !== 'tollfree') {
    fields.push({ label: 'Port type', value: orNone(order.portType) });
    if (order.portType === 'partial') {
      const action = order.remainingNumbersAction ?? NONE;
      const newBtn = order.newBtn ? `, new BTN ${formatNumber(order.newBtn)}` : '';
      fields.push({ label: 'Numbers remaining with the losing carrier', value: `${action}${newBtn}` });
    }
  }
  if (order.requestedFocDate) fields.push({ label: 'Requested port date', value: order.requestedFocDate });
  return fields;
}

function authorization(order: Order): string[] {
  const who = orNone(order.endUser.entityName);
  const gaining = order.gainingCarrier.name;
  const losing = order.losingCarrier.name;
  const via = order.resellers.length > 0 ? ` (through ${order.resellers.map((r) => r.name).join(', ')})` : '';
  const n = order.numbers.length;
  const theNumbers =
    n === 1
      ? 'the telephone number listed in this letter'
      : `the ${n} telephone numbers listed in this letter`;
  const move =
    order.numberType === 'tollfree'
      ? `to change the Responsible Organization (RespOrg) of ${theNumbers} to ${orNone(order.targetResporg)}, away from ${losing}${via}`
      : `to port ${theNumbers} from ${losing}${via} to ${gaining}`;
  return [
    `I, the undersigned, am authorized to act for ${who} and to make decisions about the telephone service listed in this letter. I authorize ${gaining} and its agents to act on ${who}'s behalf ${move}, and to obtain from the losing carrier the account information needed to do so.`,
    `I understand that the service of ${losing}${via} for these numbers ends when the port completes, that any features, directory listings and equipment tied to them may need to be arranged again, and that amounts owed to ${losing}${via} remain due. This authorization stays in effect until the port completes or I withdraw it in writing.`,
  ];
}

const longDate = (now: Date, timeZone: string): string =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone }).format(now);

/** The LOA's content for `order`, dated `now` in `timeZone` (the order settings' zone). */
export function loaContent(order: Order, now: Date, timeZone: string): LoaContent {
  const ref = order.customerReference ? `${order.id} (${order.customerReference})` : order.id;
  return {
    title: 'Letter of Agency',
    date: localDate(now, timeZone),
    dateLong: longDate(now, timeZone),
    reference: `Port order ${ref}`,
    sections: [
      { heading: 'End user', fields: endUser(order) },
      { heading: 'Carriers', fields: carriers(order) },
      { heading: 'Port', fields: port(order) },
    ],
    authorization: authorization(order),
    numbers: order.numbers.map((n) => formatNumber(n.number)),
    signature: { printedName: order.endUser.authorizedPerson?.trim() || null },
  };
}
