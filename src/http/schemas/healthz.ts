import { Type } from '@sinclair/typebox';

export const HealthzResponseSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')], {
    description:
      'ok, or degraded while something listed in `degraded` is down; checks are answered either way (200 while a snapshot is loaded).',
  }),
  degraded: Type.Array(Type.Union([Type.Literal('database'), Type.Literal('rate_limit')]), {
    description:
      'What is down: database (checks answered from the snapshot, imports and key changes fail), rate_limit (Redis down: counted per instance).',
  }),
  database: Type.Union([Type.Literal('ok'), Type.Literal('unreachable')], {
    description: 'Whether the store can be reached right now.',
  }),
  changes: Type.Union([Type.Literal('notified'), Type.Literal('polling')], {
    description: "How this instance learns of other processes' imports and key changes.",
  }),
  rate_limit: Type.Object({
    backend: Type.Union([Type.Literal('memory'), Type.Literal('redis'), Type.Literal('off')], {
      description: 'Where the per-key quota is counted: per instance, across the fleet, or nowhere.',
    }),
    degraded: Type.Boolean({
      description: 'True while Redis is unreachable (counted per instance meanwhile).',
    }),
  }),
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
