/** `GET /api/v1/metrics` and `GET /api/v1/metrics/{metric}/series` (DESIGN.md §4). */
import { Type, type Static } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { Bucket } from '../../model/facts.ts';
import type { SeriesMetric } from '../../metrics/series.ts';
import type { AppServices } from '../../service/app.ts';
import { MAX_GROUPS, type GroupBy } from '../../service/report/grouped-metrics.ts';
import { MAX_WINDOW_DAYS } from '../../metrics/window-limits.ts';
import { instantParam } from '../instant-param.ts';
import { MetricsAnswer, SeriesAnswer } from '../schemas/metrics.ts';

const WINDOW_LIMIT = `1970-01-01T00:00:00Z to 9999-12-31T23:59:59Z; the window from..to spans at most ${MAX_WINDOW_DAYS} days (400 invalid_query beyond)`;
const Name = Type.String({ minLength: 1, maxLength: 200 });
/** The window and filters every read route takes (metrics, series, evidence). */
export const WindowFilters = {
  from: Type.Optional(
    Type.String({ format: 'date-time', description: `Window start (inclusive), ${WINDOW_LIMIT}` }),
  ),
  to: Type.Optional(
    Type.String({ format: 'date-time', description: `Window end (exclusive; default now), ${WINDOW_LIMIT}` }),
  ),
  service: Type.Optional(Name),
  application: Type.Optional(Name),
  team: Type.Optional(Name),
  environment: Type.Optional(Name),
};
const MetricQuerySchema = Type.Object(
  {
    ...WindowFilters,
    benchmark: Type.Optional(
      Type.Unsafe<'2021' | '2023' | '2024'>({ type: 'string', enum: ['2021', '2023', '2024'] }),
    ),
  },
  { additionalProperties: false },
);
type MetricQueryString = Static<typeof MetricQuerySchema>;
const GROUP_BY = ['team', 'service', 'application'] as const;
/** Only `/api/v1/metrics` groups; a series stays one line. */
const MetricsQuerySchema = Type.Object(
  {
    ...MetricQuerySchema.properties,
    group_by: Type.Optional(
      Type.Unsafe<GroupBy>({
        type: 'string',
        enum: [...GROUP_BY],
        description: `Adds \`groups\`: the same metrics per team, service or application (at most ${MAX_GROUPS} groups, else 400 invalid_query)`,
      }),
    ),
  },
  { additionalProperties: false },
);

const SERIES_METRICS: SeriesMetric[] = [
  'deployment-frequency',
  'lead-time',
  'change-failure-rate',
  'time-to-restore',
  'failed-deployment-recovery-time',
  'rework-rate',
];
const SeriesQuerySchema = Type.Object(
  {
    ...MetricQuerySchema.properties,
    bucket: Type.Optional(Type.Unsafe<Bucket>({ type: 'string', enum: ['day', 'week', 'month', 'year'] })),
  },
  { additionalProperties: false },
);
const SeriesParamsSchema = Type.Object({
  metric: Type.Unsafe<SeriesMetric>({ type: 'string', enum: SERIES_METRICS }),
});

const toQuery = ({ from, to, benchmark, ...rest }: MetricQueryString) => ({
  ...rest,
  benchmark: benchmark === undefined ? undefined : Number(benchmark),
  from: instantParam('from', from),
  to: instantParam('to', to),
});

export function metricRoutes(app: FastifyInstance, services: AppServices): void {
  app.get<{ Querystring: Static<typeof MetricsQuerySchema>; Reply: Static<typeof MetricsAnswer> }>(
    '/api/v1/metrics',
    {
      config: { scope: 'read' },
      schema: { querystring: MetricsQuerySchema, response: { 200: MetricsAnswer } },
    },
    async (request) => {
      const { group_by, ...query } = request.query;
      return group_by === undefined
        ? services.report.metrics(toQuery(query), Date.now())
        : services.report.groupedMetrics(toQuery(query), group_by, Date.now());
    },
  );
  app.get<{
    Querystring: Static<typeof SeriesQuerySchema>;
    Params: Static<typeof SeriesParamsSchema>;
    Reply: Static<typeof SeriesAnswer>;
  }>(
    '/api/v1/metrics/:metric/series',
    {
      config: { scope: 'read' },
      schema: {
        querystring: SeriesQuerySchema,
        params: SeriesParamsSchema,
        response: { 200: SeriesAnswer },
      },
    },
    async (request) => {
      const { bucket = 'day', ...query } = request.query;
      return services.report.series(request.params.metric, bucket, toQuery(query), Date.now());
    },
  );
}
