/**
 * `GET /api/v1/deployments`, `/changes`, `/incidents` (read): the evidence behind the metrics, with
 * the metric filters, list filters, a sort, a time window (the settings' default when absent) and
 * cursor paging; `total` counts the whole window. `Accept: text/csv` answers the same page as CSV.
 */
import { Type, type Static, type TProperties } from '@sinclair/typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.ts';
import { LEAD_TIME_SPANS, type LeadTimeSpan } from '../../model/facts.ts';
import type { AppServices } from '../../service/app.ts';
import { CHANGE_SORTS, DEPLOYMENT_SORTS, INCIDENT_SORTS } from '../../service/report/evidence.ts';
import { toCsv } from '../csv.ts';
import { changesCsv, deploymentsCsv, incidentsCsv } from '../evidence-csv.ts';
import { instantParam } from '../instant-param.ts';
import { ChangePage, DeploymentPage, IncidentPage, withCsv } from '../schemas/evidence.ts';
import { WindowFilters } from './metrics.ts';

type Flag = 'true' | 'false';
const flag = (description: string) =>
  Type.Optional(Type.Unsafe<Flag>({ type: 'string', enum: ['true', 'false'], description }));
const sortParam = (sorts: readonly string[], fallback: string) =>
  Type.Optional(
    Type.Unsafe<string>({
      type: 'string',
      enum: sorts.flatMap((sort) => [`-${sort}`, sort]),
      description: `\`-\` first for descending; default \`-${fallback}\`. Unknown values are 400 naming \`sort\`.`,
      examples: [`-${sorts.at(-1) ?? fallback}`],
    }),
  );
const listQuery = <P extends TProperties>(sorts: readonly string[], properties: P) =>
  Type.Object(
    {
      ...WindowFilters,
      sort: sortParam(sorts, sorts[0] ?? ''),
      cursor: Type.Optional(
        Type.String({ minLength: 1, maxLength: 500, description: 'A `next_cursor` of the same sort' }),
      ),
      limit: Type.Optional(Type.String({ pattern: '^[0-9]+$', description: '1 to 1000; default 100' })),
      ...properties,
    },
    { additionalProperties: false },
  );

const DeploymentQuery = listQuery(DEPLOYMENT_SORTS, {
  production: flag('Deployed to a production environment'),
  status: Type.Optional(Type.Unsafe<'success' | 'failure'>({ type: 'string', enum: ['success', 'failure'] })),
  failed: flag(
    'A change failure: successful, then an attributed counted incident or a remediating deployment',
  ),
  rework: flag('Successful rollback or hotfix, or linked as fixing an incident'),
  remediated: flag('Failed, and recovered not before it finished: its recovery time is measured'),
});
const ChangeQuery = listQuery(CHANGE_SORTS, {
  stage: Type.Optional(
    Type.Unsafe<LeadTimeSpan>({
      type: 'string',
      enum: Object.keys(LEAD_TIME_SPANS),
      description: 'Only changes whose span is measured (both ends known, not negative)',
      examples: ['review'],
    }),
  ),
  min_seconds: Type.Optional(
    Type.String({
      pattern: '^[0-9]+(\\.[0-9]+)?$',
      description: 'With `stage`: the span lasted at least this long',
      examples: ['86400'],
    }),
  ),
  pull_request: flag('Came through a pull request'),
});
const IncidentQuery = listQuery(INCIDENT_SORTS, {
  counted: flag('A counted severity in production (or no environment named): it enters the metrics'),
  attributed: flag('Attributed to a deployment'),
  restored: flag('Resolved in the window, not before it started: its restore time is measured'),
});

const bool = (value: Flag | undefined) => (value === undefined ? undefined : value === 'true');

function common(
  query: Static<typeof DeploymentQuery> | Static<typeof ChangeQuery> | Static<typeof IncidentQuery>,
) {
  const size = Number(query.limit ?? 100);
  if (size < 1 || size > 1000) {
    throw new AppError('invalid_query', 'limit must be from 1 to 1000', { field: 'limit' });
  }
  return {
    from: instantParam('from', query.from),
    to: instantParam('to', query.to),
    service: query.service,
    team: query.team,
    application: query.application,
    environment: query.environment,
    sort: query.sort,
    cursor: query.cursor,
    limit: size,
  };
}

const wantsCsv = (request: FastifyRequest) => /\btext\/csv\b/i.test(request.headers.accept ?? '');

/** The page as CSV, the next page's URL in `Link` (RFC 8288) with the same query and its cursor. */
function sendCsv(
  request: FastifyRequest,
  reply: FastifyReply,
  list: string,
  page: { window: { from: string; to: string }; next_cursor: string | null },
  table: { header: string[]; rows: (string | number | boolean | null)[][] },
) {
  if (page.next_cursor !== null) {
    const url = new URL(request.url, 'http://host');
    url.searchParams.set('cursor', page.next_cursor);
    reply.header('link', `<${url.pathname}${url.search}>; rel="next"`);
  }
  const day = (instant: string) => instant.slice(0, 10);
  const name = `fivekeys-${list}-${day(page.window.from)}-${day(page.window.to)}.csv`;
  return reply
    .type('text/csv; charset=utf-8; header=present')
    .header('content-disposition', `attachment; filename="${name}"`)
    .send(toCsv(table.header, table.rows));
}

export function evidenceRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof DeploymentQuery> }>(
    '/api/v1/deployments',
    {
      config: { scope: 'read' },
      schema: { querystring: DeploymentQuery, response: { 200: withCsv(DeploymentPage) } },
    },
    async (request, reply) => {
      const { production, status, failed, rework, remediated } = request.query;
      const page = await services.evidence.deployments(
        {
          ...common(request.query),
          production: bool(production),
          status,
          failed: bool(failed),
          rework: bool(rework),
          remediated: bool(remediated),
        },
        Date.now(),
      );
      return wantsCsv(request)
        ? sendCsv(request, reply, 'deployments', page, deploymentsCsv(page.items))
        : page;
    },
  );
  app.get<{ Querystring: Static<typeof ChangeQuery> }>(
    '/api/v1/changes',
    {
      config: { scope: 'read' },
      schema: { querystring: ChangeQuery, response: { 200: withCsv(ChangePage) } },
    },
    async (request, reply) => {
      const { stage, min_seconds, pull_request } = request.query;
      if (min_seconds !== undefined && stage === undefined) {
        throw new AppError('invalid_query', 'min_seconds needs a stage to measure', { field: 'min_seconds' });
      }
      const page = await services.evidence.changes(
        {
          ...common(request.query),
          stage,
          minSeconds: min_seconds === undefined ? undefined : Number(min_seconds),
          pullRequest: bool(pull_request),
        },
        Date.now(),
      );
      return wantsCsv(request) ? sendCsv(request, reply, 'changes', page, changesCsv(page.items)) : page;
    },
  );
  app.get<{ Querystring: Static<typeof IncidentQuery> }>(
    '/api/v1/incidents',
    {
      config: { scope: 'read' },
      schema: { querystring: IncidentQuery, response: { 200: withCsv(IncidentPage) } },
    },
    async (request, reply) => {
      const { counted, attributed, restored } = request.query;
      const page = await services.evidence.incidents(
        {
          ...common(request.query),
          counted: bool(counted),
          attributed: bool(attributed),
          restored: bool(restored),
        },
        Date.now(),
      );
      return wantsCsv(request) ? sendCsv(request, reply, 'incidents', page, incidentsCsv(page.items)) : page;
    },
  );
}
