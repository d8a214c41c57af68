import { type Static, Type } from '@sinclair/typebox';
import { ERROR_CODES } from '../errors/catalogue.js';
import { StringEnum } from './common.js';

export const ErrorObjectSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Identifies this occurrence; the same id is in the log.' }),
  status: Type.Integer({ description: 'The HTTP status.' }),
  code: StringEnum(ERROR_CODES, { description: 'Stable machine-readable code.' }),
  title: Type.String(),
  detail: Type.String(),
  source: Type.Optional(
    Type.Object({
      pointer: Type.String({ description: 'JSON Pointer to the offending part of the request body.' }),
    }),
  ),
  meta: Type.Optional(
    Type.Record(Type.String(), Type.Unknown(), {
      description:
        'Particulars of port-order errors: `status` and `allowed` actions, `blockers`, `changes`, `numbers`, `order_id`, `current_version`, `nonportable`.',
    }),
  ),
});

export const ErrorBodySchema = Type.Object({ errors: Type.Array(ErrorObjectSchema) });

export type ErrorObject = Static<typeof ErrorObjectSchema>;
export type ErrorBody = Static<typeof ErrorBodySchema>;
