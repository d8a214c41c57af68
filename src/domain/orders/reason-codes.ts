// The rejection reasons of docs/spec/orders.md §5: each with the sentence that tells the customer
// what to fix and the order fields it concerns (API attribute paths), listed by
// GET /v2/portorders/reason-codes in this order.

export const REASON_CODES = [
  'ACCOUNT_NUMBER_MISMATCH',
  'ACCOUNT_NUMBER_REQUIRED',
  'AUTH_PERSON_MISMATCH',
  'BTN_ATN_MISMATCH',
  'DIFFERENT_ACCOUNTS',
  'ENTITY_NAME_MISMATCH',
  'FOC_EXPIRED',
  'FOC_REJECTED',
  'LOA_ILLEGIBLE',
  'LOA_UNAUTHORIZED_SIGNER',
  'LOCATION_MISMATCH',
  'LSR_PENDING',
  'MAIN_BTN_PORTING',
  'OSP_IRRESPONSIVE',
  'PARTIAL_PORT_DETAILS_REQUIRED',
  'PASSCODE_PIN_INVALID',
  'PIN_REQUIRED',
  'PHONE_NUMBER_HAS_SPECIAL_FEATURE',
  'PHONE_NUMBER_MISMATCH',
  'PHONE_NUMBER_NOT_PORTABLE',
  'PORT_TYPE_INCORRECT',
  'PORTING_ORDER_SPLIT_REQUIRED',
  'POSTAL_CODE_MISMATCH',
  'RATE_CENTER_NOT_PORTABLE',
  'SV_CONFLICT',
  'TN_INACTIVE',
  'UNPAID_BALANCE',
  'OTHER',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export interface ReasonCodeInfo {
  code: ReasonCode;
  /** What the customer should do, as one fixed sentence. */
  fix: string;
  /** The order fields the reason concerns (empty when no field of the order can fix it). */
  fields: string[];
}

const INFO: Record<ReasonCode, Omit<ReasonCodeInfo, 'code'>> = {
  ACCOUNT_NUMBER_MISMATCH: {
    fix: 'Enter the account number exactly as it appears on the current bill from the losing carrier (or the reseller that bills you).',
    fields: ['end_user.account_number'],
  },
  ACCOUNT_NUMBER_REQUIRED: {
    fix: 'Add the account number from the current bill of the losing carrier (or the reseller that bills you).',
    fields: ['end_user.account_number'],
  },
  AUTH_PERSON_MISMATCH: {
    fix: 'Name as authorized person someone the losing carrier has on the account as allowed to make changes, and have that person sign a new LOA.',
    fields: ['end_user.authorized_person', 'documents'],
  },
  BTN_ATN_MISMATCH: {
    fix: 'Enter the billing telephone number (BTN) exactly as it appears on the current bill of the losing carrier.',
    fields: ['end_user.btn'],
  },
  DIFFERENT_ACCOUNTS: {
    fix: 'The numbers are on more than one account with the losing carrier: remove the numbers of the other account, or ask the desk to split the order, one order per account.',
    fields: ['numbers', 'end_user.account_number'],
  },
  ENTITY_NAME_MISMATCH: {
    fix: 'Enter the end user (business or person) name exactly as it appears on the account with the losing carrier.',
    fields: ['end_user.entity_name'],
  },
  FOC_EXPIRED: {
    fix: 'The FOC date has passed without the port completing: choose a new requested FOC date from the allowed dates and submit again.',
    fields: ['requested_foc_date'],
  },
  FOC_REJECTED: {
    fix: 'The losing carrier cannot meet the requested FOC date: choose a later date from the allowed dates and submit again.',
    fields: ['requested_foc_date'],
  },
  LOA_ILLEGIBLE: {
    fix: 'Upload a new, clearly readable scan of the complete signed letter of agency (every page, the signature visible).',
    fields: ['documents'],
  },
  LOA_UNAUTHORIZED_SIGNER: {
    fix: 'Have the LOA signed by a person the losing carrier lists as authorized on the account, update the authorized person and upload the new LOA.',
    fields: ['end_user.authorized_person', 'documents'],
  },
  LOCATION_MISMATCH: {
    fix: 'Enter the service address on file with the losing carrier for these numbers (street, unit, city and state).',
    fields: [
      'end_user.service_address.street',
      'end_user.service_address.unit',
      'end_user.service_address.city',
      'end_user.service_address.state',
    ],
  },
  LSR_PENDING: {
    fix: 'Another change or port request is still open on these numbers at the losing carrier: have it completed or withdrawn, then submit again.',
    fields: ['numbers'],
  },
  MAIN_BTN_PORTING: {
    fix: 'The billing telephone number is among the numbers being ported while others stay behind: give a new BTN for the remaining numbers or port the whole account.',
    fields: ['port_type', 'new_btn', 'remaining_numbers_action'],
  },
  OSP_IRRESPONSIVE: {
    fix: 'The losing carrier has not answered; no change is needed from you, the desk is escalating.',
    fields: [],
  },
  PARTIAL_PORT_DETAILS_REQUIRED: {
    fix: 'For a partial port, say what happens to the numbers that stay (keep or disconnect) and give the new BTN for them.',
    fields: ['remaining_numbers_action', 'new_btn'],
  },
  PASSCODE_PIN_INVALID: {
    fix: 'Enter the account PIN or passcode exactly as set with the losing carrier (ask that carrier to reset it if unknown).',
    fields: ['end_user.pin'],
  },
  PIN_REQUIRED: {
    fix: 'The account has a PIN or passcode with the losing carrier: add it to the order.',
    fields: ['end_user.pin'],
  },
  PHONE_NUMBER_HAS_SPECIAL_FEATURE: {
    fix: 'Have the losing carrier remove the special feature (such as a hunt group, DSL or alarm line) from the listed numbers, or remove those numbers from the order.',
    fields: ['numbers'],
  },
  PHONE_NUMBER_MISMATCH: {
    fix: 'The listed numbers are not on this account with the losing carrier: correct them or remove them from the order.',
    fields: ['numbers'],
  },
  PHONE_NUMBER_NOT_PORTABLE: {
    fix: 'The listed numbers cannot be ported to us: remove them from the order.',
    fields: ['numbers'],
  },
  PORT_TYPE_INCORRECT: {
    fix: 'Set the port type to match the account: full when every number on it moves, partial (with its details) when some stay.',
    fields: ['port_type', 'remaining_numbers_action', 'new_btn'],
  },
  PORTING_ORDER_SPLIT_REQUIRED: {
    fix: 'The losing carrier needs these numbers in separate orders: ask the desk to split the order as the detail says.',
    fields: ['numbers'],
  },
  POSTAL_CODE_MISMATCH: {
    fix: 'Enter the ZIP code of the service address on file with the losing carrier.',
    fields: ['end_user.service_address.zip'],
  },
  RATE_CENTER_NOT_PORTABLE: {
    fix: 'The listed numbers are in a rate center we cannot serve: remove them from the order.',
    fields: ['numbers'],
  },
  SV_CONFLICT: {
    fix: 'Another port of these numbers is pending in the NPAC: have it cancelled (or wait for it to finish), then submit again.',
    fields: ['numbers'],
  },
  TN_INACTIVE: {
    fix: 'The listed numbers are not in service with the losing carrier: have them reactivated, or remove them from the order.',
    fields: ['numbers'],
  },
  UNPAID_BALANCE: {
    fix: 'The losing carrier reports an unpaid balance blocking the port: settle the account with that carrier, then submit again.',
    fields: [],
  },
  OTHER: {
    fix: "Read the desk's detail for what to change, update the order and submit again.",
    fields: [],
  },
};

export const isReasonCode = (s: string): s is ReasonCode => (REASON_CODES as readonly string[]).includes(s);

export const reasonCodeInfo = (code: ReasonCode): ReasonCodeInfo => ({ code, ...INFO[code] });

/** Every reason code with its sentence and fields, in the spec's order. */
export const listReasonCodes = (): ReasonCodeInfo[] => REASON_CODES.map(reasonCodeInfo);
