// Plain-language explanations of the nonportable reasons (docs/spec/rules.md §5), in
// the order the page lists them: the ones a person can act on first.

/** @type {Record<string, {title: string, explain: string}>} */
const REASONS = {
  invalid_number: {
    title: 'Not a valid number',
    explain:
      'Not a North American number: an area code or exchange that cannot exist (starting with 0 or 1, ' +
      'an N11 code such as 411, or a reserved N9X area code). Check the number for a typo.',
  },
  unassigned: {
    title: 'Not assigned to any carrier',
    explain:
      'No carrier holds the block this number belongs to, or the toll-free number is spare or unknown. ' +
      'There is no current carrier to port it from.',
  },
  not_in_service: {
    title: 'Toll-free number not in service',
    explain:
      'The toll-free number is disconnected, in transition, unavailable or suspended, so its RespOrg ' +
      'cannot be changed right now.',
  },
  not_lnp_capable: {
    title: 'No number portability in this block',
    explain: 'The carrier block this number belongs to is marked as not portable, so it cannot be ported.',
  },
  no_coverage: {
    title: 'Outside our coverage',
    explain: 'None of our gaining providers serves this kind of number in the area the number belongs to.',
  },
  on_network: {
    title: 'Already with us',
    explain: 'The number is already with the gaining provider: there is nothing to port.',
  },
  special_use: {
    title: 'Special-use number',
    explain:
      'A service code or special-use exchange (such as 555, 900 or 976 numbers). These are never moved ' +
      'with a port order.',
  },
};

/** Reasons in display order; a code the page does not know yet goes last, under its own name. */
export function reasonOrder(codes) {
  const known = Object.keys(REASONS);
  return [...codes].sort((a, b) => rank(known, a) - rank(known, b) || a.localeCompare(b));
}

function rank(known, code) {
  const i = known.indexOf(code);
  return i === -1 ? known.length : i;
}

export function describeReason(code) {
  return REASONS[code] ?? { title: code, explain: 'See the detail of each number.' };
}
