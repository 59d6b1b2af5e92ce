/** Answers of `GET /api/v1/metrics` and `GET /api/v1/metrics/{metric}/series` (DESIGN.md §4). */
import { Type } from '@sinclair/typebox';
import { Count, Instant, Level, Nullable, Seconds, Window } from './common.ts';

/** A team, service or application filter that names nothing known: the numbers are empty for that reason. */
const Warnings = Type.Optional(
  Type.Array(
    Type.Object({
      code: Type.Unsafe<string>({ type: 'string', enum: ['unknown_filter'] }),
      field: Type.Unsafe<string>({ type: 'string', enum: ['team', 'service', 'application'] }),
      message: Type.String(),
    }),
    { description: 'Filters that name nothing known; present only when there are some' },
  ),
);

const Rate = Nullable(Type.Number({ minimum: 0, maximum: 1 }));
const Stage = Type.Object({ n: Count, median_seconds: Seconds, p75_seconds: Seconds, mean_seconds: Seconds });

/** The metrics of one filter: the answer's own, and each group's. */
const MetricSet = {
  deployment_frequency: Type.Object({
    count: Count,
    deploy_days: Count,
    per_day: Nullable(Type.Number()),
    per_week: Nullable(Type.Number()),
    level: Level,
    window: Window,
  }),
  lead_time: Type.Object({
    n: Count,
    median_seconds: Seconds,
    p75_seconds: Seconds,
    p90_seconds: Seconds,
    mean_seconds: Seconds,
    excluded: Count,
    with_pull_request: Type.Integer({
      minimum: 0,
      description: 'Of the n changes measured, those that came through a pull request (opened or merged)',
    }),
    stages: Type.Object({
      coding: Stage,
      pickup: Stage,
      review: Stage,
      deploy: Stage,
      review_lead_time: Stage,
      deployment_lead_time: Stage,
    }),
    level: Level,
  }),
  change_failure_rate: Type.Object({
    total: Count,
    failed: Count,
    rate: Rate,
    failed_attempts: Count,
    level: Level,
    window: Window,
  }),
  time_to_restore: Type.Object({
    n: Count,
    median_seconds: Seconds,
    mean_seconds: Seconds,
    p90_seconds: Seconds,
    excluded: Count,
    level: Level,
  }),
  failed_deployment_recovery_time: Type.Object({ n: Count, median_seconds: Seconds, level: Level }),
  rework_rate: Type.Object({ total: Count, rework: Count, rate: Rate }),
  level: Level,
};

const Key = Type.String({ minLength: 1 });
const NullableKey = Nullable(Key);
/** One team, service or application of a grouped answer; its key fields come first. */
const MetricGroup = Type.Object(
  {
    service: Type.Optional(Key),
    team: Type.Optional(NullableKey),
    application: Type.Optional(NullableKey),
    ...MetricSet,
  },
  {
    description:
      'group_by=team: `team` (null: the services with no team). group_by=service: `service` and its catalog `team` and `application`. group_by=application: `application` (null: the services with none). The metrics are those of the ungrouped answer filtered to the group.',
  },
);

export const MetricsAnswer = Type.Object({
  window: Window,
  benchmark: Type.Integer({ description: 'The year of the DORA report whose bands set the levels' }),
  timezone: Type.String(),
  ...MetricSet,
  warnings: Warnings,
  group_by: Type.Optional(
    Type.Unsafe<string>({
      type: 'string',
      enum: ['team', 'service', 'application'],
      description: 'As asked',
    }),
  ),
  groups: Type.Optional(
    Type.Array(MetricGroup, {
      description:
        'Present with group_by: one entry per group, sorted by key (null last), including catalog services that match the filter and have no data in the window (n = 0, levels null)',
    }),
  ),
});

export const SeriesAnswer = Type.Object({
  metric: Type.String(),
  bucket: Type.Unsafe<string>({ type: 'string', enum: ['day', 'week', 'month', 'year'] }),
  window: Window,
  timezone: Type.String(),
  points: Type.Array(
    Type.Object({
      start: Instant,
      value: Nullable(Type.Number()),
      n: Count,
    }),
  ),
  warnings: Warnings,
});
