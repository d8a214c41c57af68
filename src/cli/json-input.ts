// JSON given on the command line (--data, --end-user) checked against the same schemas the API
// validates its bodies with, so that the command line cannot hand the order service a shape the
// API would refuse. Ajv, as fastify uses: TypeBox's own checker does not know StringEnum.
import type { TSchema } from '@sinclair/typebox';
import { Ajv } from 'ajv';

const ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: false, useDefaults: false });

/**
 * `value` as T, or an error naming where it goes wrong: `--data: /foc_date must be string`. `under`
 * is the part of the path the user did not write (the JSON:API wrapper around attributes).
 */
export function checkedJson<T>(schema: TSchema, value: unknown, what: string, under = ''): T {
  const validate = ajv.compile(schema);
  if (validate(value)) return value as T;
  const e = validate.errors?.[0];
  const extra =
    e?.keyword === 'additionalProperties'
      ? ` "${(e.params as { additionalProperty: string }).additionalProperty}"`
      : e?.keyword === 'enum'
        ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})`
        : '';
  const path = e?.instancePath.startsWith(under) ? e.instancePath.slice(under.length) : e?.instancePath;
  throw new Error(`${what}: ${path || '/'} ${e?.message ?? 'is not valid'}${extra}`);
}
