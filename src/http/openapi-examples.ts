/**
 * Example answers shown in `/openapi.json`, one week of a shop service. A test validates each one
 * against its operation's schema, so an example cannot fall behind the answer it shows.
 */
const WINDOW = { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' };
const MONTH = { from: '2026-02-07T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' };
const stage = (n: number, median: number | null) => ({
  n,
  median_seconds: median,
  p75_seconds: median,
  mean_seconds: median,
});

const METRICS_EXAMPLE = {
  window: MONTH,
  benchmark: 2024,
  timezone: 'UTC',
  deployment_frequency: {
    count: 6,
    deploy_days: 4,
    per_day: 0.857,
    per_week: 6,
    level: 'high',
    window: WINDOW,
  },
  lead_time: {
    n: 6,
    median_seconds: 10800,
    p75_seconds: 10800,
    p90_seconds: 52200,
    mean_seconds: 23400,
    excluded: 0,
    with_pull_request: 4,
    stages: {
      coding: stage(4, 3600),
      pickup: stage(4, 1800),
      review: stage(4, 2700),
      deploy: stage(6, 2400),
      review_lead_time: stage(4, 4500),
      deployment_lead_time: stage(6, 2400),
    },
    level: 'high',
  },
  change_failure_rate: { total: 6, failed: 3, rate: 0.5, failed_attempts: 1, level: 'low', window: MONTH },
  time_to_restore: {
    n: 2,
    median_seconds: 9900,
    mean_seconds: 9900,
    p90_seconds: 12060,
    excluded: 0,
    level: 'high',
  },
  failed_deployment_recovery_time: { n: 3, median_seconds: 14400, level: 'high' },
  rework_rate: { total: 6, rework: 3, rate: 0.5 },
  level: 'low',
};

export const SERIES_EXAMPLE = {
  metric: 'lead-time',
  bucket: 'day',
  window: WINDOW,
  timezone: 'UTC',
  points: [
    { start: '2026-03-02T00:00:00.000Z', value: 10800, n: 2 },
    { start: '2026-03-03T00:00:00.000Z', value: null, n: 0 },
  ],
};

const page = (item: unknown) => ({
  window: WINDOW,
  total: 24,
  items: [item],
  next_cursor: 'WyItZmluaXNoZWRfYXQiLCIyMDI2LTAzLTA0VDEyOjAwOjAwLjAwMDAwMFoiLCIxMiJd',
});

const INCIDENT = {
  id: 'i1',
  source: 'pagerduty',
  service: 'shop',
  environment: 'production',
  severity: 'P1',
  title: 'Checkout fails',
  started_at: '2026-03-04T13:00:00.000Z',
  start_reported: true,
  resolved_at: '2026-03-04T15:00:00.000Z',
  counted: true,
  restored: true,
  restore_seconds: 7200,
  deployment: { id: 'd3', attribution_method: 'time_window' },
  links: { incident: 'https://acme.pagerduty.com/incidents/PT4KHLK' },
};

export const DEPLOYMENTS_EXAMPLE = page({
  id: 'd3',
  source: 'github',
  service: 'shop',
  team: 'payments',
  application: 'storefront',
  environment: 'production',
  production: true,
  status: 'success',
  kind: 'standard',
  started_at: '2026-03-04T11:50:00.000Z',
  finished_at: '2026-03-04T12:00:00.000Z',
  version: 'v1.4.2',
  repository: 'acme/shop',
  commit: 'c3c3c3c3',
  failed: true,
  rework: false,
  remediated: true,
  fixes_incidents: [],
  remediated_at: null,
  recovered_at: '2026-03-04T14:00:00.000Z',
  recovery_seconds: 7200,
  changes: [
    {
      sha: 'c3c3c3c3',
      repository: 'acme/shop',
      committed_at: '2026-03-04T09:00:00.000Z',
      author: 'ada',
      message: 'Faster checkout',
      pull_request: 42,
      first_production: true,
      lead_time_seconds: 10800,
      links: {
        commit: 'https://github.com/acme/shop/commit/c3c3c3c3',
        pull_request: 'https://github.com/acme/shop/pull/42',
      },
    },
  ],
  incidents: [INCIDENT],
  links: {
    commit: 'https://github.com/acme/shop/commit/c3c3c3c3',
    pull_request: null,
    pipeline: 'https://github.com/acme/shop/actions/runs/8812/job/24190',
  },
});

export const CHANGES_EXAMPLE = page({
  sha: 'c3c3c3c3',
  repository: 'acme/shop',
  service: 'shop',
  committed_at: '2026-03-04T09:00:00.000Z',
  author: 'ada',
  message: 'Faster checkout',
  pull_request: {
    number: 42,
    opened_at: '2026-03-04T09:30:00.000Z',
    first_review_at: '2026-03-04T10:00:00.000Z',
    approved_at: '2026-03-04T10:30:00.000Z',
    merged_at: '2026-03-04T11:00:00.000Z',
  },
  first_production_deployment: {
    id: 'd3',
    environment: 'production',
    finished_at: '2026-03-04T12:00:00.000Z',
  },
  lead_time_seconds: 10800,
  stages: {
    coding: 1800,
    pickup: 1800,
    review: 1800,
    deploy: 3600,
    review_lead_time: 5400,
    deployment_lead_time: 3600,
  },
  links: {
    commit: 'https://github.com/acme/shop/commit/c3c3c3c3',
    pull_request: 'https://github.com/acme/shop/pull/42',
  },
});

export const INCIDENTS_EXAMPLE = page(INCIDENT);

export const ACCEPTED = { accepted: 1, duplicates: 0 };

export const CLOUDEVENT_EXAMPLE = {
  id: 'e-1',
  source: '/ci',
  type: 'dev.cdevents.service.deployed.0.3.0',
  status: 'stored',
  accepted: 1,
  duplicates: 0,
};

export const WEBHOOK_EXAMPLE = {
  source: 'github',
  delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
  status: 'stored',
  accepted: 3,
  duplicates: 0,
};

export const REPLAY_EXAMPLE = {
  seen: 12,
  unchanged: 10,
  remapped: 2,
  mapped: 11,
  ignored: 1,
  failed: 0,
  reasons: { 'github: event "ping" is not mapped': 1 },
  errors: {},
};

export const READY_EXAMPLE = {
  status: 'ready',
  database: 'ok',
  ingest: {
    waiting: 0,
    in_batch: 0,
    bytes: 0,
    max_pending: 10000,
    max_pending_bytes: 67108864,
    batch_ms: 5,
    saturated: false,
  },
};

export const SETTINGS_EXAMPLE = {
  production_pattern: '^prod',
  attribution_window_seconds: 604800,
  counted_severities: [],
  window_days: { deployment_frequency: 7, change_failure_rate: 30, other: 30 },
  timezone: 'UTC',
};

const none = { n: 0, median_seconds: null, p75_seconds: null, mean_seconds: null };
/** `?group_by=team`: the shop team's numbers, and a team whose one service was silent all month. */
export const GROUPED_METRICS_EXAMPLE = {
  ...METRICS_EXAMPLE,
  group_by: 'team',
  groups: [
    {
      team: 'payments',
      deployment_frequency: METRICS_EXAMPLE.deployment_frequency,
      lead_time: METRICS_EXAMPLE.lead_time,
      change_failure_rate: METRICS_EXAMPLE.change_failure_rate,
      time_to_restore: METRICS_EXAMPLE.time_to_restore,
      failed_deployment_recovery_time: METRICS_EXAMPLE.failed_deployment_recovery_time,
      rework_rate: METRICS_EXAMPLE.rework_rate,
      level: METRICS_EXAMPLE.level,
    },
    {
      team: 'search',
      deployment_frequency: {
        count: 0,
        deploy_days: 0,
        per_day: null,
        per_week: null,
        level: null,
        window: WINDOW,
      },
      lead_time: {
        ...none,
        p90_seconds: null,
        excluded: 0,
        with_pull_request: 0,
        stages: {
          coding: none,
          pickup: none,
          review: none,
          deploy: none,
          review_lead_time: none,
          deployment_lead_time: none,
        },
        level: null,
      },
      change_failure_rate: {
        total: 0,
        failed: 0,
        rate: null,
        failed_attempts: 0,
        level: null,
        window: MONTH,
      },
      time_to_restore: {
        n: 0,
        median_seconds: null,
        mean_seconds: null,
        p90_seconds: null,
        excluded: 0,
        level: null,
      },
      failed_deployment_recovery_time: { n: 0, median_seconds: null, level: null },
      rework_rate: { total: 0, rework: 0, rate: null },
      level: null,
    },
  ],
};
