import type { FastifyInstance } from 'fastify';

/**
 * GET /openapi.json: the document @fastify/swagger derives from the route
 * schemas, i.e. from the very schemas that validate requests.
 */
export async function openapiRoute(app: FastifyInstance): Promise<void> {
  let document: unknown = null;
  app.get(
    '/openapi.json',
    { schema: { summary: 'This OpenAPI 3 description', tags: ['operations'] } },
    async () => {
      document ??= app.swagger();
      return document;
    },
  );
}
