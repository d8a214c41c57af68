// resourcesJson writes the create answer's orders as bytes; it must say exactly what toResource says.
import { describe, expect, it } from 'vitest';
import { newDraftOrder } from '../../../src/domain/orders/create.js';
import type { Order } from '../../../src/domain/orders/types.js';
import { resourcesJson, toResource } from '../../../src/http/routes/orders/resource.js';

function order(numbers: string[]): Order {
  return newDraftOrder(
    {
      id: 'po_"quoted"\u2028',
      account: 'acme',
      groupId: 'grp_1',
      numberType: 'long-code',
      losingCarrier: { id: 'LOSE', name: 'Losing "Co" \\ Ltd' },
      resellers: [{ id: 'RES', name: 'Reseller ☎' }],
      gainingCarrier: { id: 'GAIN', name: 'Gaining Co' },
      lata: 674,
      numbers,
      endUser: {
        subscriberType: 'business',
        entityName: 'Acme </script>',
        authorizedPerson: 'Ann',
        accountNumber: 'ACCT-1',
        pin: '1234',
        btn: '12064205780',
        serviceAddress: null,
      },
      requestedFocDate: '2024-06-20',
      customerReference: 'ref\n1',
      alias: null,
    },
    new Date('2024-06-03T14:00:00Z'),
  ).order;
}

describe('resourcesJson', () => {
  const cases: [string, Order][] = [
    ['plain numbers', order(['12064205780', '12064205781', '12064205782'])],
    [
      'numbers with FOC dates, rejections and other statuses',
      (() => {
        const o = order(['12064205780', '12064205781', '12064205782', '12064205783']);
        o.numbers[0] = { ...o.numbers[0]!, status: 'foc_confirmed', focDate: '2024-06-20' };
        o.numbers[1] = {
          ...o.numbers[1]!,
          status: 'rejected',
          rejection: { code: 'PIN_REQUIRED', detail: 'The "PIN" is missing.' },
        };
        o.numbers[2] = { ...o.numbers[2]!, status: 'cancelled' };
        return o;
      })(),
    ],
    ['no numbers', order([])],
    ['one plain number', order(['12064205780'])],
    ...(['first', 'last', 'every other'] as const).map((where): [string, Order] => {
      // Stretches of plain numbers cut by others, at each place a stretch can start or end.
      const o = order(Array.from({ length: 7 }, (_, i) => String(12_064_205_780 + i)));
      o.numbers.forEach((n, i) => {
        const cut = where === 'first' ? i === 0 : where === 'last' ? i === 6 : i % 2 === 1;
        if (cut) o.numbers[i] = { ...n, status: 'cancelled' };
      });
      return [`other numbers ${where}, plain ones around them`, o];
    }),
    // Never made by the domain; written through JSON.stringify all the same.
    ['a number that is not canonical', order(['12064205780', '2064205780"\u00e9'])],
    // Eleven characters, not all digits: found as the digits are written, and the answer made again.
    ['eleven characters with a quote in them', order(['12064205780', '1206420578"', '12064205781'])],
    ['eleven characters with a letter beyond ASCII', order(['1206420578\u00e9', '12064205780'])],
    ['eleven digits starting with 0', order(['02064205780', '12064205780'])],
  ];
  it.each(cases)('%s: the same document as toResource', (_name, o) => {
    const view = { order: o, blockers: [{ code: 'loa_required', field: 'documents' }] } as Parameters<
      typeof toResource
    >[0];
    for (const prefix of ['', '/v2'] as const) {
      const text = resourcesJson([view], prefix, '{"data":[', '],"meta":{"n":"é"}}').toString();
      const expected = { data: [toResource(view, prefix)], meta: { n: 'é' } };
      expect(JSON.parse(text)).toEqual(expected);
      expect(text).toBe(JSON.stringify(expected));
      const two = resourcesJson([view, view], prefix, '[', ']').toString();
      expect(two).toBe(JSON.stringify([toResource(view, prefix), toResource(view, prefix)]));
    }
  });
});
