/**
 * `GET /api/v1/events/warnings` (admin): the warnings ingest answers gave lately (events stored that
 * will not count, and why), newest first; what `fivekeys doctor` reports against a running server.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../service/app.ts';
import { instantParam } from '../instant-param.ts';
import { RecentWarningsAnswer } from '../schemas/ingest.ts';

const DAY_MS = 86_400_000;

const Query = Type.Object(
  {
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Default: 7 days ago' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: '1 to 500, default 100' })),
  },
  { additionalProperties: false },
);

export function ingestWarningRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/events/warnings',
    { config: { scope: 'admin' }, schema: { querystring: Query, response: { 200: RecentWarningsAnswer } } },
    async (request) => {
      const limit = Number(request.query.limit ?? 100);
      if (limit < 1 || limit > 500) {
        throw new AppError('invalid_query', 'limit must be from 1 to 500', { field: 'limit' });
      }
      const since = instantParam('since', request.query.since) ?? new Date(Date.now() - 7 * DAY_MS);
      return { items: await services.recentWarnings(since, limit) };
    },
  );
}
