import { type TUnsafe, Type } from '@sinclair/typebox';

/** A string enum as OpenAPI readers expect it (`enum`), rather than TypeBox's anyOf of consts. */
export function StringEnum<T extends string>(
  values: readonly T[],
  options: { description?: string } = {},
): TUnsafe<T> {
  return Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
}
