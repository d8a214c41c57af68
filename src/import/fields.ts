// Value checks shared by the dataset validators. Each takes an already
// trimmed value, reports what is wrong through `report`, and returns the
// normalised value or undefined.

export type Report = (column: string, message: string) => void;

/** Quotes a value for a message, cut short so a runaway field cannot flood the output. */
export const show = (value: string) => JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);

const CARRIER_ID = /^[A-Z0-9]{3,8}$/;

/**
 * OCNs, SPIDs and RespOrg ids are upper-cased before the check, so `683g` and
 * `683G` are the same carrier everywhere (carriers, blocks, ported, coverage).
 */
export function carrierId(value: string, column: string, report: Report): string | undefined {
  const id = value.toUpperCase();
  if (CARRIER_ID.test(id)) return id;
  report(column, `${show(value)} is not a carrier id: expected 3 to 8 letters or digits`);
  return undefined;
}

export function optionalCarrierId(value: string, column: string, report: Report): string | null | undefined {
  return value === '' ? null : carrierId(value, column, report);
}

export function required(value: string, column: string, report: Report): string | undefined {
  if (value !== '') return value;
  report(column, 'a value is required');
  return undefined;
}

const DIGITS = /^[0-9]+$/;

/** Exactly `count` ASCII digits, as an integer. */
export function digits(value: string, count: number, column: string, report: Report): number | undefined {
  if (value.length === count && DIGITS.test(value)) return Number(value);
  report(column, `${show(value)} is not ${count} digits`);
  return undefined;
}

/** 10 digits, or 11 beginning with 1: the ten-digit number as an integer. */
export function tenDigitNumber(value: string, column: string, report: Report): number | undefined {
  if (DIGITS.test(value)) {
    if (value.length === 10) return Number(value);
    if (value.length === 11 && value[0] === '1') return Number(value.slice(1));
  }
  report(column, `${show(value)} is not a number of 10 digits, or 11 beginning with 1`);
  return undefined;
}

const STATE = /^[A-Z]{2}$/;

export function state(value: string, column: string, report: Report): string | undefined {
  const upper = value.toUpperCase();
  if (STATE.test(upper)) return upper;
  report(column, `${show(value)} is not a two-letter state`);
  return undefined;
}

/**
 * A case-insensitive enum: returns the allowed spelling. Inner runs of
 * spaces count as one (`W  RESELLER`).
 */
export function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  column: string,
  report: Report,
): T | undefined {
  const wanted = value.replace(/\s+/g, ' ').toLowerCase();
  const found = allowed.find((a) => a.toLowerCase() === wanted);
  if (found !== undefined) return found;
  report(column, `${show(value)} is not one of ${allowed.join(', ')}`);
  return undefined;
}
