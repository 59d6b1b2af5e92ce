/**
 * `GET /api/v1/deployments`, `/changes`, `/incidents` (read): the evidence behind the metrics, with
 * the metric filters, a time window (the settings' default when absent) and cursor paging.
 */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors.ts';
import type { AppServices } from '../../service/app.ts';
import type { EvidenceQuery } from '../../service/report/evidence.ts';
import { WindowFilters } from './metrics.ts';
import { instantParam } from '../instant-param.ts';
import { ChangePage, DeploymentPage, IncidentPage } from '../schemas/evidence.ts';

const Common = {
  ...WindowFilters,
  cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: '1 to 1000; default 100' })),
};
const ListQuery = Type.Object(Common, { additionalProperties: false });
const DeploymentQuery = Type.Object(
  {
    ...Common,
    production: Type.Optional(Type.Unsafe<'true' | 'false'>({ type: 'string', enum: ['true', 'false'] })),
    status: Type.Optional(
      Type.Unsafe<'success' | 'failure'>({ type: 'string', enum: ['success', 'failure'] }),
    ),
  },
  { additionalProperties: false },
);
type DeploymentQueryString = Static<typeof DeploymentQuery>;

function toQuery({ from, to, limit, production, ...rest }: DeploymentQueryString): EvidenceQuery {
  return {
    ...rest,
    from: instantParam('from', from),
    to: instantParam('to', to),
    production: production === undefined ? undefined : production === 'true',
    limit: pageSize(limit),
  };
}

function pageSize(limit: string | undefined): number {
  const size = Number(limit ?? 100);
  if (size < 1 || size > 1000) {
    throw new AppError('invalid_query', 'limit must be from 1 to 1000', { field: 'limit' });
  }
  return size;
}

export function evidenceRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: DeploymentQueryString; Reply: Static<typeof DeploymentPage> }>(
    '/api/v1/deployments',
    {
      config: { scope: 'read' },
      schema: { querystring: DeploymentQuery, response: { 200: DeploymentPage } },
    },
    async (request) => services.evidence.deployments(toQuery(request.query), Date.now()),
  );
  app.get<{ Querystring: Static<typeof ListQuery>; Reply: Static<typeof ChangePage> }>(
    '/api/v1/changes',
    { config: { scope: 'read' }, schema: { querystring: ListQuery, response: { 200: ChangePage } } },
    async (request) => services.evidence.changes(toQuery(request.query), Date.now()),
  );
  app.get<{ Querystring: Static<typeof ListQuery>; Reply: Static<typeof IncidentPage> }>(
    '/api/v1/incidents',
    { config: { scope: 'read' }, schema: { querystring: ListQuery, response: { 200: IncidentPage } } },
    async (request) => services.evidence.incidents(toQuery(request.query), Date.now()),
  );
}
