import type { FastifyInstance } from 'fastify';
import type { SnapshotHolder } from '../../cache/snapshot-holder.js';
import { ApiError } from '../errors/catalogue.js';
import { ErrorBodySchema } from '../schemas/error.js';
import { HealthzResponseSchema } from '../schemas/healthz.js';

/** GET /healthz: 200 once numbering data is loaded, 503 before and while shutting down. */
export async function healthzRoute(app: FastifyInstance, options: { holder: SnapshotHolder }): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        summary: 'Health and loaded data version',
        tags: ['operations'],
        response: { 200: HealthzResponseSchema, 503: { description: 'Not ready', ...ErrorBodySchema } },
      },
    },
    async () => {
      const loaded = options.holder.current;
      if (!loaded) throw new ApiError('not_ready', 'The numbering data is still loading.');
      return {
        status: 'ok' as const,
        data_version: loaded.version.version,
        data_updated_at: loaded.version.updatedAt,
        loaded_at: loaded.loadedAt,
        counts: loaded.snapshot.stats,
      };
    },
  );
}
