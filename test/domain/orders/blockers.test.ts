// docs/spec/orders.md §6's table, per number type: what `submit` still needs, field by field.
import { describe, expect, it } from 'vitest';
import { blockers } from '../../../src/domain/orders/blockers.js';
import { businessCalendar } from '../../../src/domain/orders/business-days.js';
import type { EndUser, Order } from '../../../src/domain/orders/types.js';
import { NOW, order, SETTINGS } from './fixtures.js';

const cal = businessCalendar([], '8824');
const of = (o: Order) => blockers(o, NOW, cal, SETTINGS);
const withUser = (o: Order, patch: Partial<EndUser>): Order => ({
  ...o,
  endUser: { ...o.endUser, ...patch },
});

const longCode = order();
const wireless = order({ numberType: 'wireless', documents: [] });
const tollfree = order({
  numberType: 'tollfree',
  lata: null,
  targetResporg: 'ABC12',
  portType: null,
  endUser: {
    ...order().endUser,
    btn: null,
    accountNumber: null,
    pin: null,
    serviceAddress: null,
  },
});

describe('§6 blockers', () => {
  it('a complete order of each type has none', () => {
    expect(of(longCode)).toEqual([]);
    expect(of(wireless)).toEqual([]);
    expect(of(tollfree)).toEqual([]);
  });

  it('an empty draft lists everything, each with its field', () => {
    const empty = order({
      endUser: {
        subscriberType: null,
        entityName: null,
        authorizedPerson: '  ',
        accountNumber: null,
        pin: null,
        btn: null,
        serviceAddress: null,
      },
      documents: [],
      requestedFocDate: null,
    });
    expect(of(empty)).toEqual([
      { code: 'required', field: 'end_user.entity_name' },
      { code: 'required', field: 'end_user.subscriber_type' },
      { code: 'required', field: 'end_user.authorized_person' },
      { code: 'required', field: 'end_user.service_address.zip' },
      { code: 'required', field: 'end_user.account_number' },
      { code: 'required', field: 'end_user.btn' },
      { code: 'loa_required', field: 'documents' },
      { code: 'required', field: 'requested_foc_date' },
    ]);
  });

  it.each([
    ['long-code', longCode, false],
    ['wireless', wireless, true],
    ['toll-free', tollfree, false],
  ] as const)('%s: PIN required = %s', (_t, o, needed) => {
    expect(of(withUser(o, { pin: null }))).toEqual(
      needed ? [{ code: 'required', field: 'end_user.pin' }] : [],
    );
  });

  it('long-code needs the PIN once the carrier said the account has one', () => {
    expect(of({ ...withUser(longCode, { pin: null }), pinRequired: true })).toEqual([
      { code: 'required', field: 'end_user.pin' },
    ]);
  });

  it('wireless needs no LOA; long-code and toll-free do', () => {
    expect(of(wireless)).toEqual([]);
    expect(of({ ...longCode, documents: [] })).toEqual([{ code: 'loa_required', field: 'documents' }]);
    expect(of({ ...tollfree, documents: [] })).toEqual([{ code: 'loa_required', field: 'documents' }]);
    const invoiceOnly = longCode.documents.map((d) => ({ ...d, type: 'invoice' as const }));
    expect(of({ ...longCode, documents: invoiceOnly })).toEqual([
      { code: 'loa_required', field: 'documents' },
    ]);
  });

  it('toll-free: the LOA signed within 30 days (its signing date, else its upload date)', () => {
    const loa = tollfree.documents[0];
    const at = (uploadedAt: string, signedOn?: string) => ({
      ...tollfree,
      documents: [{ ...loa, uploadedAt, signedOn }],
    });
    // NOW is 2026-03-02 in New York; 30 days back is 2026-01-31.
    expect(of(at('2026-01-31T17:00:00Z'))).toEqual([]);
    expect(of(at('2026-01-30T17:00:00Z'))).toEqual([{ code: 'loa_too_old', field: 'documents' }]);
    expect(of(at('2026-03-01T17:00:00Z', '2026-01-15'))).toEqual([
      { code: 'loa_too_old', field: 'documents' },
    ]);
    // An old LOA on a long-code order is fine.
    expect(of({ ...longCode, documents: [{ ...loa, uploadedAt: '2025-01-01T00:00:00Z' }] })).toEqual([]);
  });

  it('toll-free refuses btn and the partial-port fields, and needs a well-formed target_resporg', () => {
    expect(
      of({
        ...withUser(tollfree, { btn: '18005550100' }),
        portType: 'partial',
        remainingNumbersAction: 'keep',
        newBtn: '18005550101',
      }),
    ).toEqual([
      { code: 'not_allowed', field: 'end_user.btn' },
      { code: 'not_allowed', field: 'port_type' },
      { code: 'not_allowed', field: 'remaining_numbers_action' },
      { code: 'not_allowed', field: 'new_btn' },
    ]);
    expect(of({ ...tollfree, targetResporg: null })).toEqual([{ code: 'required', field: 'target_resporg' }]);
    for (const bad of ['abc12', 'ABC1', 'ABC123', 'A1C12', 'ABCD2']) {
      expect(of({ ...tollfree, targetResporg: bad }), bad).toEqual([
        { code: 'invalid_format', field: 'target_resporg' },
      ]);
    }
    expect(of({ ...tollfree, targetResporg: 'AB912' })).toEqual([]);
  });

  it('toll-free needs no service address, account number or PIN', () => {
    expect(of(tollfree)).toEqual([]);
  });

  it('partial ports need what happens to the rest, and a new BTN when the rest is kept', () => {
    const partial = { ...longCode, portType: 'partial' as const };
    expect(of(partial)).toEqual([
      { code: 'required', field: 'remaining_numbers_action' },
      { code: 'required', field: 'new_btn' },
    ]);
    expect(of({ ...partial, remainingNumbersAction: 'keep' })).toEqual([
      { code: 'required', field: 'new_btn' },
    ]);
    expect(of({ ...partial, remainingNumbersAction: 'disconnect' })).toEqual([]);
    expect(of({ ...partial, remainingNumbersAction: 'keep', newBtn: '12064205799' })).toEqual([]);
  });

  it('the requested FOC date must be an allowed one for the order kind', () => {
    // Monday 10:00: non-simple earliest Friday 6 March, simple earliest Tuesday 3 March.
    expect(of({ ...longCode, requestedFocDate: '2026-03-05' })).toEqual([
      { code: 'foc_date_too_early', field: 'requested_foc_date' },
    ]);
    expect(of({ ...longCode, portKind: 'simple', requestedFocDate: '2026-03-03' })).toEqual([]);
    expect(of({ ...longCode, requestedFocDate: '2026-03-07' })).toEqual([
      { code: 'foc_date_not_business_day', field: 'requested_foc_date' },
    ]);
    expect(of({ ...longCode, requestedFocDate: '2026-04-02' })).toEqual([
      { code: 'foc_date_too_late', field: 'requested_foc_date' },
    ]);
    expect(of({ ...tollfree, requestedFocDate: '2026-03-04' })).toEqual([]);
    expect(of({ ...tollfree, requestedFocDate: '2026-03-03' })).toEqual([
      { code: 'foc_date_too_early', field: 'requested_foc_date' },
    ]);
  });
});
