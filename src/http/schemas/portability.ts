import { type Static, Type } from '@sinclair/typebox';
import { NUMBER_TYPES, REASONS } from '../../domain/types.js';
import { StringEnum } from './common.js';

/**
 * The request body. `maxItems` comes from the configuration, so the schema is
 * built per app; it both validates requests and is published in /openapi.json.
 */
export function portabilityRequestSchema(maxNumbers: number) {
  return Type.Object(
    {
      numbers: Type.Array(
        Type.String({ description: 'A phone number; bad ones are reported, not refused.' }),
        {
          minItems: 1,
          maxItems: maxNumbers,
        },
      ),
    },
    {
      description: 'Unknown top-level keys are ignored.',
    },
  );
}

export type PortabilityRequest = Static<ReturnType<typeof portabilityRequestSchema>>;

export const PortableGroupSchema = Type.Object({
  current_service_provider_name: Type.String(),
  current_service_provider_id: Type.String(),
  gaining_service_provider_name: Type.String(),
  gaining_service_provider_id: Type.String(),
  number_type_associated: StringEnum(NUMBER_TYPES),
  lata: Type.Union([Type.Integer(), Type.Null()], { description: 'null for toll-free groups' }),
  numbers: Type.Array(Type.String()),
});

export const NonportableDetailSchema = Type.Object({
  number: Type.String(),
  reason: StringEnum(REASONS),
  detail: Type.String({ description: 'For people; free text.' }),
});

export const PortabilityResponseSchema = Type.Object({
  data: Type.Object({
    portable: Type.Object({
      numbers: Type.Array(Type.String()),
      groups: Type.Array(PortableGroupSchema),
    }),
    nonportable: Type.Object({
      numbers: Type.Array(Type.String()),
      details: Type.Array(NonportableDetailSchema, { description: 'Extension: one per nonportable number.' }),
    }),
  }),
});
