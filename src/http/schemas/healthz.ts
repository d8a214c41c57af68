import { Type } from '@sinclair/typebox';

export const HealthzResponseSchema = Type.Object({
  status: Type.Literal('ok'),
  data_version: Type.Integer({ description: 'The store data version the served snapshot was built from.' }),
  data_updated_at: Type.Union([Type.String(), Type.Null()], { description: 'When that import committed.' }),
  loaded_at: Type.String({ description: 'When this server loaded the snapshot (ISO-8601).' }),
  counts: Type.Object(
    {
      carriers: Type.Integer(),
      blocks: Type.Integer(),
      ported: Type.Integer(),
      tollfree: Type.Integer(),
      providers: Type.Integer(),
    },
    { additionalProperties: true },
  ),
});
