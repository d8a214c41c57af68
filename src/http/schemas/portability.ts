import { type Static, Type } from '@sinclair/typebox';
import {
  NUMBER_TYPES,
  type PortabilityResult,
  type PortabilityResultV2,
  REASONS,
} from '../../domain/types.js';
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

export const PortableGroupSchema = Type.Object(
  {
    current_service_provider_name: Type.String(),
    current_service_provider_id: Type.String(),
    gaining_service_provider_name: Type.String(),
    gaining_service_provider_id: Type.String(),
    number_type_associated: StringEnum(NUMBER_TYPES),
    lata: Type.Union([Type.Integer(), Type.Null()], { description: 'null for toll-free groups' }),
    numbers: Type.Array(Type.String()),
  },
  { description: 'One port order to create. A group may carry more keys (extension), never fewer.' },
);

export const NonportableDetailSchema = Type.Object({
  number: Type.String(),
  reason: StringEnum(REASONS),
  detail: Type.String({ description: 'For people; free text.' }),
});

/** The 200 answer of /portorders/portability (the beta shape). */
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

/** The 200 answer of /v2/portorders/portability: flat lists, every number exactly as sent. */
export const PortabilityResponseV2Schema = Type.Object({
  data: Type.Object({
    portable: Type.Array(Type.String(), { description: 'The portable numbers, as sent, in request order.' }),
    nonportable: Type.Array(Type.String(), {
      description: 'The nonportable numbers, as sent, in request order.',
    }),
    hypernetwork_enabled: Type.Array(Type.String(), {
      description:
        'The portable numbers whose gaining provider is marked `hypernetwork` in the coverage configuration.',
    }),
    groups: Type.Array(PortableGroupSchema, {
      description: 'Extension: the port orders to create, in order of first appearance; numbers as sent.',
    }),
    details: Type.Array(NonportableDetailSchema, {
      description: 'Extension: why each nonportable number cannot be ported, in the order of `nonportable`.',
    }),
  }),
});

export type PortabilityResponse = Static<typeof PortabilityResponseSchema>;
export type PortabilityResponseV2 = Static<typeof PortabilityResponseV2Schema>;

// One owner for each 200 shape: the domain's result type is what the writers
// produce (their property tests hold the bytes to JSON.stringify of it), and
// the build fails here unless each published schema's type is exactly it.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Expect<T extends true> = T;
export type ResponseSchemasMatchTheDomain = [
  Expect<Equal<PortabilityResponse['data'], PortabilityResult>>,
  Expect<Equal<PortabilityResponseV2['data'], PortabilityResultV2>>,
];
