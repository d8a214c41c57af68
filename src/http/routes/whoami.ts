// GET /v2/whoami (and /whoami): the signed-in key's access key, name, account and role, and the
// actions its role may take from each order state (docs/spec/orders.md §1, §4) — the web page
// learns here what to show, so the action table is never copied into the browser.
import type { FastifyInstance, onRequestHookHandler } from 'fastify';
import { allowedActions } from '../../domain/orders/action-table.js';
import { ORDER_STATUSES } from '../../domain/orders/types.js';
import { ErrorBodySchema } from '../schemas/error.js';
import { WhoamiResponseSchema } from '../schemas/whoami.js';

export interface WhoamiOptions {
  authenticate: onRequestHookHandler;
}

const errorResponse = { description: 'An error from the catalogue', ...ErrorBodySchema };

export async function whoamiRoute(app: FastifyInstance, { authenticate }: WhoamiOptions): Promise<void> {
  for (const prefix of ['/v2', ''] as const) {
    app.get(
      `${prefix}/whoami`,
      {
        onRequest: authenticate,
        schema: {
          summary: 'The signed-in API key',
          description:
            "The key's access key, name, account and role, and for each order state the actions the role may take from it.",
          operationId: prefix === '/v2' ? 'whoami' : 'whoamiUnversioned',
          tags: ['keys'],
          security: [{ basic: [] }],
          response: { 200: WhoamiResponseSchema, 401: errorResponse, 429: errorResponse, 503: errorResponse },
        },
      },
      async (request) => {
        // The auth hook set both before any handler runs.
        const actor = request.actor;
        if (!actor || request.apiKey === null) throw new Error('whoami reached without an authenticated key');
        return {
          data: {
            access_key: request.apiKey,
            name: request.keyName ?? '',
            account: actor.account,
            role: actor.role,
            actions: Object.fromEntries(ORDER_STATUSES.map((s) => [s, allowedActions(s, actor.role)])),
          },
        };
      },
    );
  }
}
