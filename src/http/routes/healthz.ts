import type { FastifyInstance } from 'fastify';
import type { SnapshotHolder } from '../../cache/snapshot-holder.js';
import type { Store } from '../../store/store.js';
import { ApiError } from '../errors/catalogue.js';
import type { RateLimiter } from '../rate-limit.js';
import { ErrorBodySchema } from '../schemas/error.js';
import { HealthzResponseSchema } from '../schemas/healthz.js';

export interface HealthzOptions {
  holder: SnapshotHolder;
  store: Store;
  limiter: RateLimiter | null;
}

/**
 * GET /healthz: 200 once numbering data is loaded, 503 before and while
 * shutting down. A database or Redis outage is reported in the body
 * (`status: degraded`), not as 503: the instance still answers every check
 * from its snapshot, and a load balancer that took every instance out of the
 * pool on a database restart would turn a partial outage into a total one.
 */
export async function healthzRoute(app: FastifyInstance, options: HealthzOptions): Promise<void> {
  const { holder, store, limiter } = options;
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
      const loaded = holder.current;
      if (!loaded) throw new ApiError('not_ready', 'The numbering data is still loading.');
      const { database, changes } = store.status();
      const rateLimit = limiter ? limiter.status() : { backend: 'off' as const, degraded: false };
      const degraded: Array<'database' | 'rate_limit'> = [];
      if (database !== 'ok') degraded.push('database');
      if (rateLimit.degraded) degraded.push('rate_limit');
      return {
        status: degraded.length > 0 ? ('degraded' as const) : ('ok' as const),
        degraded,
        database,
        changes,
        rate_limit: rateLimit,
        data_version: loaded.version.version,
        data_updated_at: loaded.version.updatedAt,
        loaded_at: loaded.loadedAt,
        counts: loaded.snapshot.stats,
      };
    },
  );
}
