// How the port-order routes name their bodies' schema violations (errors/validation.ts): a missing
// or malformed member points at itself; what fits the shape but not the order is the domain's.
import type { ValidationRule, ValidationTable } from '../../errors/validation.js';

const any = (keyword: string, detail: ValidationRule['detail']): ValidationRule => ({
  pointer: /.*/,
  keyword,
  code: 'invalid_body',
  detail,
});

const COMMON_RULES: readonly ValidationRule[] = [
  any('required', (p) => `${p} is required.`),
  any(
    'additionalProperties',
    (p, params) => `${p || 'the body'} has an unknown member "${String(params.additionalProperty)}".`,
  ),
  any('maxLength', (p, params) => `${p} is longer than ${params.limit} characters.`),
  any('pattern', (p) => `${p} is not in the expected form (dates are YYYY-MM-DD).`),
  any('enum', (p, params) => `${p} must be one of ${(params.allowedValues as unknown[]).join(', ')}.`),
  any('type', (p, params) => `${p || 'the body'} must be ${String(params.type)}.`),
];

export const CREATE_VALIDATION: ValidationTable = {
  rules: [
    {
      pointer: '/data/attributes/numbers',
      keyword: 'required',
      code: 'numbers_missing',
      detail: () => 'data.attributes must have a "numbers" member.',
    },
    {
      pointer: '/data/attributes/numbers',
      keyword: 'type',
      code: 'numbers_not_array',
      detail: () => '"numbers" must be an array of strings.',
    },
    {
      pointer: '/data/attributes/numbers',
      keyword: 'minItems',
      code: 'numbers_empty',
      detail: () => '"numbers" must hold at least one number.',
    },
    {
      pointer: '/data/attributes/numbers',
      keyword: 'maxItems',
      code: 'numbers_too_many',
      detail: (_p, params) => `"numbers" may hold at most ${params.limit} numbers per request.`,
    },
    {
      pointer: /^\/data\/attributes\/numbers\/\d+$/,
      keyword: 'type',
      code: 'number_not_string',
      detail: (p) => `Every number must be a string; the one at ${p} is not.`,
    },
    ...COMMON_RULES,
  ],
  fallback: 'The body must be {"data": {"type": "portorder", "attributes": {"numbers": [...], ...}}}.',
};

export const PATCH_VALIDATION: ValidationTable = {
  rules: COMMON_RULES,
  fallback:
    'The body must be {"data": {"type": "portorder", "attributes": {...}}} with the attributes to change.',
};

export const NUMBERS_VALIDATION: ValidationTable = {
  rules: [
    {
      pointer: /^\/(add|remove)$/,
      keyword: 'maxItems',
      code: 'numbers_too_many',
      detail: (p, params) => `${p} may hold at most ${params.limit} numbers.`,
    },
    ...COMMON_RULES,
  ],
  fallback: 'The body must be {"add": [...], "remove": [...]} with numbers as strings.',
};

export const ACTION_VALIDATION: ValidationTable = {
  rules: COMMON_RULES,
  fallback: "The body must be a JSON object with the action's members (docs/spec/orders.md §4).",
};

export const QUERY_VALIDATION: ValidationTable = {
  rules: [
    {
      pointer: '/limit',
      keyword: 'pattern',
      code: 'invalid_input',
      detail: () => 'limit must be a whole number from 1 to 200.',
    },
    ...COMMON_RULES.map((r) => ({ ...r, code: 'invalid_input' as const })),
  ],
  fallback: 'The query parameters are not in the expected form.',
};
