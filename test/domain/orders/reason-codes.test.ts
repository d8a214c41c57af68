// docs/spec/orders.md §5: exactly the spec's codes, each with its own fix-it sentence.
import { describe, expect, it } from 'vitest';
import { isReasonCode, listReasonCodes } from '../../../src/domain/orders/reason-codes.js';

const SPEC = `ACCOUNT_NUMBER_MISMATCH, ACCOUNT_NUMBER_REQUIRED, AUTH_PERSON_MISMATCH,
BTN_ATN_MISMATCH, DIFFERENT_ACCOUNTS, ENTITY_NAME_MISMATCH, FOC_EXPIRED,
FOC_REJECTED, LOA_ILLEGIBLE, LOA_UNAUTHORIZED_SIGNER, LOCATION_MISMATCH,
LSR_PENDING, MAIN_BTN_PORTING, OSP_IRRESPONSIVE, PARTIAL_PORT_DETAILS_REQUIRED,
PASSCODE_PIN_INVALID, PIN_REQUIRED, PHONE_NUMBER_HAS_SPECIAL_FEATURE,
PHONE_NUMBER_MISMATCH, PHONE_NUMBER_NOT_PORTABLE, PORT_TYPE_INCORRECT,
PORTING_ORDER_SPLIT_REQUIRED, POSTAL_CODE_MISMATCH, RATE_CENTER_NOT_PORTABLE,
SV_CONFLICT, TN_INACTIVE, UNPAID_BALANCE, OTHER`
  .split(',')
  .map((s) => s.trim());

/** Every field path a reason may point at: the API's order attributes. */
const FIELDS = new Set([
  'numbers',
  'documents',
  'port_type',
  'new_btn',
  'remaining_numbers_action',
  'requested_foc_date',
  'end_user.account_number',
  'end_user.authorized_person',
  'end_user.btn',
  'end_user.entity_name',
  'end_user.pin',
  'end_user.service_address.street',
  'end_user.service_address.unit',
  'end_user.service_address.city',
  'end_user.service_address.state',
  'end_user.service_address.zip',
]);

describe('§5 reason codes', () => {
  const list = listReasonCodes();

  it('are exactly the spec list, in its order', () => {
    expect(SPEC).toHaveLength(28);
    expect(list.map((r) => r.code)).toEqual(SPEC);
  });

  it('each has its own sentence, ending with a full stop', () => {
    for (const r of list) expect(r.fix, r.code).toMatch(/^[A-Z].{20,}\.$/);
    expect(new Set(list.map((r) => r.fix)).size).toBe(list.length);
  });

  it('name only real order fields', () => {
    for (const r of list) for (const f of r.fields) expect(FIELDS.has(f), `${r.code}: ${f}`).toBe(true);
    expect(list.find((r) => r.code === 'PIN_REQUIRED')?.fields).toEqual(['end_user.pin']);
    expect(list.find((r) => r.code === 'POSTAL_CODE_MISMATCH')?.fields).toEqual([
      'end_user.service_address.zip',
    ]);
  });

  it('recognises codes exactly', () => {
    expect(isReasonCode('OTHER')).toBe(true);
    expect(isReasonCode('other')).toBe(false);
    expect(isReasonCode('NOT_A_CODE')).toBe(false);
  });
});
