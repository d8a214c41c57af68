// What both adapters store of an order and its events (store/orders-codec.ts): packed, and read back
// exactly, including what was stored before the packing.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newDraftOrder } from '../../src/domain/orders/create.js';
import { orderEvent, statusSnapshot } from '../../src/domain/orders/events.js';
import type { Order } from '../../src/domain/orders/types.js';
import { FieldCipher } from '../../src/store/field-cipher.js';
import {
  decodeEventData,
  encodeEventData,
  fromBody,
  numberRowChanges,
  numberRowsOfBody,
  numberValues,
  sealOnce,
  toRow,
  WrittenOrders,
} from '../../src/store/orders-codec.js';

const cipher = new FieldCipher(randomBytes(32), 'test');
const NOW = new Date('2024-06-03T14:00:00Z');

function order(): Order {
  const o = newDraftOrder(
    {
      id: 'po_1',
      account: 'acme',
      groupId: 'grp_1',
      numberType: 'long-code',
      losingCarrier: { id: 'LOSE', name: 'Losing Co' },
      resellers: [],
      gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
      lata: 674,
      numbers: ['12064205780', '12064205781', '12064205782', '12064205783'],
      endUser: {
        subscriberType: 'business',
        entityName: 'Acme',
        authorizedPerson: 'Ann',
        accountNumber: 'ACCT-1',
        pin: '1234',
        btn: '12064205780',
        serviceAddress: null,
      },
      requestedFocDate: null,
      customerReference: null,
      alias: null,
    },
    NOW,
  ).order;
  o.numbers[1] = { ...o.numbers[1]!, status: 'foc_confirmed', focDate: '2024-06-20' };
  o.numbers[2] = {
    ...o.numbers[2]!,
    status: 'rejected',
    rejection: { code: 'PIN_REQUIRED', detail: 'No PIN.' },
  };
  return o;
}

const bodyOf = (o: Order, seal?: (plain: string) => string) => toRow(o, cipher, seal)[10];

describe('the stored order body', () => {
  it('keeps a plain active number as its digits and reads every number back as it was', () => {
    const o = order();
    const body = bodyOf(o);
    const stored = JSON.parse(body) as { numbers: unknown[] };
    expect(stored.numbers[0]).toBe('12064205780');
    expect(stored.numbers[3]).toBe('12064205783');
    expect(stored.numbers[1]).toEqual(o.numbers[1]);
    expect(stored.numbers[2]).toEqual(o.numbers[2]);
    expect(fromBody(body, cipher)).toEqual(o);
  });

  it('keeps plain numbers that count up by one as [first, count], and reads them back in their order', () => {
    const o = order();
    const plain = (number: string) => ({ number, status: 'active' as const, focDate: null, rejection: null });
    o.numbers = [
      ...['12064205790', '12064205791', '12064205792'].map(plain),
      o.numbers[1]!, // foc_confirmed: cuts the run
      ...['12064205793', '12064205794', '12064205796', '12064205795'].map(plain),
      ...['19999999999', '20000000000'].map(plain), // the count crosses a digit boundary
      ...['+12064205797', '+12064205798', '02064205799', '2064205800', '2064205801'].map(plain), // not canonical
    ];
    const body = bodyOf(o);
    expect((JSON.parse(body) as { numbers: unknown[] }).numbers).toEqual([
      [12064205790, 3],
      o.numbers[3],
      [12064205793, 2],
      '12064205796',
      '12064205795',
      [19999999999, 2],
      '+12064205797',
      '+12064205798',
      '02064205799',
      '2064205800',
      '2064205801',
    ]);
    expect(fromBody(body, cipher)).toEqual(o);
    expect(numberRowsOfBody(body).map(([n]) => n)).toEqual(o.numbers.map((n) => n.number));
  });

  it('stores 10,000 numbers in ten blocks in a few hundred bytes', () => {
    const o = order();
    o.numbers = Array.from({ length: 10_000 }, (_, i) => ({
      number: String(12_064_200_000 + Math.floor(i / 1000) * 10_000 + (i % 1000)),
      status: 'active' as const,
      focDate: null,
      rejection: null,
    }));
    const body = bodyOf(o);
    expect((JSON.parse(body) as { numbers: unknown[] }).numbers).toHaveLength(10);
    expect(body.length).toBeLessThan(2000);
    expect(fromBody(body, cipher)).toEqual(o);
  });

  it('reads a body stored before the packing (every number in full)', () => {
    const o = order();
    const unpacked = JSON.parse(bodyOf(o)) as Order;
    unpacked.numbers = o.numbers;
    expect(fromBody(JSON.stringify(unpacked), cipher)).toEqual(o);
  });

  it('numberRowsOfBody says which numbers hold their place, without the key', () => {
    const o = order();
    o.numbers[3] = { ...o.numbers[3]!, status: 'cancelled' };
    expect(numberRowsOfBody(bodyOf(o))).toEqual([
      ['12064205780', 1],
      ['12064205781', 1],
      ['12064205782', 1],
      ['12064205783', 0],
    ]);
    expect(numberRowsOfBody(bodyOf({ ...o, status: 'completed' })).every(([, open]) => open === 0)).toBe(
      true,
    );
  });

  it('sealOnce encrypts each distinct value once, and each reads back', () => {
    const seal = sealOnce(cipher);
    const a = JSON.parse(bodyOf(order(), seal)) as Order;
    const b = JSON.parse(bodyOf(order(), seal)) as Order;
    expect(b.endUser.pin).toBe(a.endUser.pin);
    expect(a.endUser.pin).not.toBe(a.endUser.accountNumber);
    expect(cipher.decrypt(a.endUser.pin!)).toBe('1234');
    expect(cipher.decrypt(a.endUser.accountNumber!)).toBe('ACCT-1');
    // Without it, every write has a fresh IV.
    expect((JSON.parse(bodyOf(order())) as Order).endUser.pin).not.toBe(a.endUser.pin);
  });
});

describe("the stored events' data", () => {
  it('packs the status snapshot and gives back the wire form', () => {
    const data = orderEvent('port_order.created', order(), NOW).data;
    const text = encodeEventData(data);
    expect(text.length).toBeLessThan(JSON.stringify(data).length);
    expect((JSON.parse(text) as { numbers: unknown[] }).numbers[0]).toBe('12064205780');
    expect(decodeEventData(text)).toEqual(data);
    expect(decodeEventData(JSON.stringify(data))).toEqual(data); // as stored before the packing
  });

  it('packs a block of plain snapshot numbers as [first, count]', () => {
    const o = order();
    o.numbers = Array.from({ length: 250 }, (_, i) => ({
      number: String(12_064_205_000 + i),
      status: i === 100 ? ('foc_confirmed' as const) : ('active' as const),
      focDate: i === 100 ? '2024-06-20' : null,
      rejection: null,
    }));
    const data = orderEvent('port_order.created', o, NOW).data;
    const text = encodeEventData(data);
    expect((JSON.parse(text) as { numbers: unknown[] }).numbers).toEqual([
      [12_064_205_000, 100],
      { number: '12064205100', status: 'foc_confirmed', foc_date: '2024-06-20' },
      [12_064_205_101, 149],
    ]);
    expect(decodeEventData(text)).toEqual(data);
  });

  it("packs alike with the written order's values, and reads a number that differs from the event itself", () => {
    const o = order();
    const data = orderEvent('port_order.created', o, NOW).data;
    const written = new WrittenOrders([o]).of(o.id);
    expect(encodeEventData(data, written)).toBe(encodeEventData(data));
    // The order changed after the snapshot: a number at another place, one fewer, one more.
    const moved = { ...o, numbers: [o.numbers[1], o.numbers[0], o.numbers[2]] };
    const fromMoved = { order: moved, values: numberValues(moved.numbers) };
    expect(encodeEventData(data, fromMoved)).toBe(encodeEventData(data));
    expect(decodeEventData(encodeEventData(data, fromMoved))).toEqual(data);
  });

  it('names an event of an order the change does not write as a bug', () => {
    expect(() => new WrittenOrders([order()]).of('po_2')).toThrow(/does not write/);
  });

  it('leaves numbers of another shape as they are', () => {
    const data = {
      ...statusSnapshot(order()),
      numbers: [{ number: '12064205780', status: 'active', foc_date: null, extra: 1 }],
    };
    expect(decodeEventData(encodeEventData(data))).toEqual(data);
    const none = { status: 'draft', from: 'draft', to: 'in_review' };
    expect(decodeEventData(encodeEventData(none))).toEqual(none);
  });
});

describe('numberRowChanges', () => {
  it('names the rows removed, added and flipped, and leaves the unchanged ones out', () => {
    const before: [string, 0 | 1][] = [
      ['12064205780', 1],
      ['12064205781', 1],
      ['12064205782', 0],
      ['12064205783', 1],
    ];
    const after: [string, 0 | 1][] = [
      ['12064205780', 1],
      ['12064205781', 0],
      ['12064205782', 1],
      ['12064205784', 0],
      ['12064205785', 1],
    ];
    expect(numberRowChanges(before, after)).toEqual({
      removed: [['12064205783', 1]],
      added: [
        ['12064205784', 0],
        ['12064205785', 1],
      ],
      flipped: [
        ['12064205781', 0],
        ['12064205782', 1],
      ],
    });
    expect(numberRowChanges([], after).added).toEqual(after);
    expect(numberRowChanges(after, after)).toEqual({ removed: [], added: [], flipped: [] });
  });
});
