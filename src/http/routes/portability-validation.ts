import type { ValidationTable } from '../errors/validation.js';

/** The portability body's violations and their codes (README, "Errors"). */
export const PORTABILITY_VALIDATION: ValidationTable = {
  rules: [
    {
      pointer: '/numbers',
      keyword: 'required',
      code: 'numbers_missing',
      detail: () => 'The body must have a "numbers" member.',
    },
    {
      pointer: '/numbers',
      keyword: 'type',
      code: 'numbers_not_array',
      detail: () => '"numbers" must be an array of strings.',
    },
    {
      pointer: '/numbers',
      keyword: 'minItems',
      code: 'numbers_empty',
      detail: () => '"numbers" must hold at least one number.',
    },
    {
      pointer: '/numbers',
      keyword: 'maxItems',
      code: 'numbers_too_many',
      detail: (_pointer, params) => `"numbers" may hold at most ${params.limit} numbers per request.`,
    },
    {
      pointer: /^\/numbers\/\d+$/,
      keyword: 'type',
      code: 'number_not_string',
      detail: (pointer) =>
        `Every number must be a string; the one at index ${pointer.slice('/numbers/'.length)} is not.`,
    },
  ],
  fallback: 'The body must be a JSON object with a "numbers" array of strings.',
};
