/** `GET /api/v1/audit` (admin): the audit trail, newest first, paged with `before`. */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../service/app.ts';
import { AuditPage } from '../schemas/admin.ts';

const Query = Type.Object(
  {
    actor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
    limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,4}$' })),
  },
  { additionalProperties: false },
);

export function auditRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof Query> }>(
    '/api/v1/audit',
    { config: { scope: 'admin' }, schema: { querystring: Query, response: { 200: AuditPage } } },
    async (request) => {
      const limit = Number(request.query.limit ?? 100);
      if (limit < 1 || limit > 1000) {
        throw new AppError('invalid_query', 'limit must be from 1 to 1000', { field: 'limit' });
      }
      return services.audit.list({ limit, before: request.query.before, actor: request.query.actor });
    },
  );
}
