/**
 * `GET /api/v1/events/raw` (admin): the raw log with what each request became (mapped, ignored and
 * why, or failed on replay), newest first, so a user wiring up a source sees why an event produced
 * nothing. Paged with `before` (the last id of the previous page).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../service/app.ts';
import { instantParam } from '../instant-param.ts';
import { RawEventPage } from '../schemas/admin.ts';

type Status = 'mapped' | 'ignored' | 'failed';

const Query = Type.Object(
  {
    source: Type.Optional(Type.String({ minLength: 1 })),
    status: Type.Optional(Type.Unsafe<Status>({ type: 'string', enum: ['mapped', 'ignored', 'failed'] })),
    since: Type.Optional(Type.String({ format: 'date-time' })),
    // At most 15 digits: an id a bigint holds exactly, not a database error.
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]+$' })),
  },
  { additionalProperties: false },
);

export function rawEventRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/events/raw',
    { config: { scope: 'admin' }, schema: { querystring: Query, response: { 200: RawEventPage } } },
    async (request) => {
      const { source, status, since, before } = request.query;
      const limit = Number(request.query.limit ?? 50);
      if (limit < 1 || limit > 500) {
        throw new AppError('invalid_query', 'limit must be from 1 to 500', { field: 'limit' });
      }
      return services.rawEvents.list(
        { source, status, since: instantParam('since', since) },
        before === undefined ? null : Number(before),
        limit,
      );
    },
  );
}
