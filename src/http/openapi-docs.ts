/**
 * What `/openapi.json` says about each route: summary, tag and an example answer. Kept in one table
 * so the description of the API reads as a whole; a test checks it covers every route.
 */
export interface RouteDoc {
  summary: string;
  tag: 'ingest' | 'webhooks' | 'metrics' | 'evidence' | 'catalog' | 'auth' | 'operations';
  description?: string;
  /** An example 2xx body. */
  example?: unknown;
}

const METRICS_EXAMPLE = {
  window: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' },
  benchmark: 2024,
  timezone: 'UTC',
  deployment_frequency: { count: 6, deploy_days: 4, per_day: 0.857, per_week: 6, level: 'high' },
  lead_time: { n: 6, median_seconds: 10800, p75_seconds: 10800, p90_seconds: 52200, mean_seconds: 23400 },
  change_failure_rate: { total: 6, failed: 3, rate: 0.5, failed_attempts: 1, level: 'low' },
  time_to_restore: { n: 2, median_seconds: 9900, mean_seconds: 9900, p90_seconds: 12060, level: 'high' },
  failed_deployment_recovery_time: { n: 3, median_seconds: 14400, level: 'high' },
  rework_rate: { total: 6, rework: 3, rate: 0.5 },
  level: 'low',
};

const PAGE = (item: unknown) => ({
  window: { from: '2026-03-02T00:00:00.000Z', to: '2026-03-09T00:00:00.000Z' },
  items: [item],
  next_cursor: 'WyIyMDI2LTAzLTA0VDEyOjAwOjAwLjAwMDAwMFoiLCIxMiJd',
});

const ACCEPTED = { accepted: 1, duplicates: 0 };
const IDEMPOTENT =
  'An `Idempotency-Key` header (1–255 characters) belongs to the token and the body: the same key and body get the first answer again (`Idempotent-Replayed: true`), the same key with another body is 422 `idempotency_key_reused`.';

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/v1/changes': {
    tag: 'ingest',
    summary: 'Record commits (one or an array)',
    description: IDEMPOTENT,
    example: ACCEPTED,
  },
  'POST /api/v1/deployments': {
    tag: 'ingest',
    summary: 'Record deployments',
    description: IDEMPOTENT,
    example: ACCEPTED,
  },
  'POST /api/v1/incidents': {
    tag: 'ingest',
    summary: 'Record or update incidents (posting an id again updates it)',
    description: IDEMPOTENT,
    example: ACCEPTED,
  },
  'POST /api/v1/cloudevents': {
    tag: 'ingest',
    summary: 'CloudEvents 1.0 (binary, structured, batch); CDEvents and the routing table',
    example: {
      id: 'e-1',
      source: '/ci',
      type: 'dev.cdevents.service.deployed.0.3.0',
      status: 'stored',
      accepted: 1,
      duplicates: 0,
    },
  },
  'OPTIONS /api/v1/cloudevents': { tag: 'ingest', summary: 'CloudEvents webhook abuse-protection handshake' },
  'GET /api/v1/webhooks': {
    tag: 'webhooks',
    summary: 'Per source: accepting deliveries, what arrived, what was refused',
  },
  'POST /api/v1/webhooks/{source}': {
    tag: 'webhooks',
    summary: 'A tool’s own webhook: github, gitlab, alertmanager, pagerduty, opsgenie, argocd, flux, jenkins',
    description:
      'Authenticated by the source’s signature (GitHub, GitLab, PagerDuty, Flux) or a fivekeys token. 202 with `ignored` when nothing in it counts.',
    example: {
      source: 'github',
      delivery_id: '72d3162e-cc78-11e3-81ab-4c9367dc0958',
      status: 'stored',
      accepted: 3,
      duplicates: 0,
    },
  },
  'GET /api/v1/events/raw': {
    tag: 'operations',
    summary: 'The raw request log with what each request became',
  },
  'GET /api/v1/events/warnings': {
    tag: 'operations',
    summary:
      'Events stored lately that will not count, and why (the warnings ingest answers gave), newest first',
  },
  'GET /api/v1/events/live': {
    tag: 'operations',
    summary: 'Server-sent events: one `ingest` message per request to an ingest route, as it is answered',
    description:
      'text/event-stream (admin scope; `?access_token=` accepted for EventSource). Each message is `event: ingest` with `data: {received_at, source, type, delivery_id, status: stored|duplicate|ignored|failed|rejected, rows: {changes, deployments, incidents}, reasons, error, http_status}`. A `: keepalive` comment every 15 s. Per replica: each replica streams only the requests it received.',
  },
  'GET /api/v1/metrics': {
    tag: 'metrics',
    summary: 'The five DORA metrics with levels',
    description:
      'The window `from..to` spans at most 3,660 days (about ten years); a longer one, or a time before 1970 or after 9999, is a 400 `invalid_query` naming the parameter.',
    example: METRICS_EXAMPLE,
  },
  'GET /api/v1/metrics/{metric}/series': {
    tag: 'metrics',
    summary: 'One metric per day, week, month or year (zero-filled)',
    description:
      'The window `from..to` spans at most 3,660 days, so a daily series has at most 3,661 points; a series never exceeds 5,000 points. Beyond: 400 `invalid_query` naming the parameter.',
    example: {
      metric: 'lead-time',
      bucket: 'day',
      points: [{ start: '2026-03-02T00:00:00.000Z', value: 10800, n: 2 }],
    },
  },
  'GET /api/v1/deployments': {
    tag: 'evidence',
    summary: 'Deployments in a window with their changes, lead times, incidents, failure and recovery',
    example: PAGE({
      id: 'd3',
      service: 'shop',
      environment: 'production',
      status: 'success',
      kind: 'standard',
      finished_at: '2026-03-04T12:00:00.000Z',
      failed: true,
      rework: false,
      recovery_seconds: 7200,
      changes: [{ sha: 'c3c3c3c3', lead_time_seconds: 10800, first_production: true }],
      incidents: [{ id: 'i1', counted: true, deployment: { id: 'd3', attribution_method: 'time_window' } }],
    }),
  },
  'GET /api/v1/changes': {
    tag: 'evidence',
    summary: 'Changes first deployed to production in a window, with lead time and stages',
    example: PAGE({
      sha: 'c3c3c3c3',
      service: 'shop',
      committed_at: '2026-03-04T09:00:00.000Z',
      lead_time_seconds: 10800,
      first_production_deployment: {
        id: 'd3',
        environment: 'production',
        finished_at: '2026-03-04T12:00:00.000Z',
      },
    }),
  },
  'GET /api/v1/incidents': {
    tag: 'evidence',
    summary: 'Incidents open during a window, with restore time and attribution',
    example: PAGE({
      id: 'i1',
      service: 'shop',
      started_at: '2026-03-04T13:00:00.000Z',
      resolved_at: '2026-03-04T15:00:00.000Z',
      counted: true,
      restore_seconds: 7200,
      deployment: { id: 'd3', attribution_method: 'time_window' },
    }),
  },
  'GET /api/v1/services': { tag: 'catalog', summary: 'The service catalog' },
  'GET /api/v1/services/{name}': { tag: 'catalog', summary: 'One service' },
  'PUT /api/v1/services/{name}': { tag: 'catalog', summary: 'Create or replace a service' },
  'GET /api/v1/settings': { tag: 'catalog', summary: 'Global metric settings' },
  'PUT /api/v1/settings': { tag: 'catalog', summary: 'Change global metric settings' },
  'GET /api/projects': { tag: 'catalog', summary: 'Services grouped by application (DevLake-style)' },
  'POST /api/v1/auth/token': { tag: 'auth', summary: 'Username and password → a 24-hour token' },
  'POST /api/v1/tokens': { tag: 'auth', summary: 'Create a token (shown once)' },
  'GET /api/v1/tokens': { tag: 'auth', summary: 'List tokens' },
  'DELETE /api/v1/tokens/{id}': { tag: 'auth', summary: 'Revoke a token' },
  'POST /api/v1/tokens/{id}/rotate': {
    tag: 'auth',
    summary:
      'A new secret for a token (same name, scopes, expiry); the old one stops now or after grace_seconds',
  },
  'GET /api/v1/users': { tag: 'auth', summary: 'List users who log in with a password (never their hashes)' },
  'POST /api/v1/users': { tag: 'auth', summary: 'Add a user who logs in with a password' },
  'PUT /api/v1/users/{username}/password': {
    tag: 'auth',
    summary: "Set a user's password (and lift a lockout)",
  },
  'DELETE /api/v1/users/{username}': { tag: 'auth', summary: 'Delete a user' },
  'POST /api/v1/replay': {
    tag: 'operations',
    summary: "Re-run today's adapters over the raw request log and apply what changed",
    example: {
      seen: 12,
      unchanged: 10,
      remapped: 2,
      mapped: 11,
      ignored: 1,
      failed: 0,
      reasons: {},
      errors: {},
    },
  },
  'POST /api/v1/imports/webhooks/{source}': {
    tag: 'webhooks',
    summary: "A delivery an importer rebuilt from the tool's API, received like a live one (admin)",
  },
  'GET /api/v1/imports/cursor': { tag: 'operations', summary: "An importer's resume point" },
  'PUT /api/v1/imports/cursor': { tag: 'operations', summary: "Move an importer's resume point forward" },
  'GET /api/v1/export/ndjson': {
    tag: 'operations',
    summary: 'Every change, deployment and incident as native API JSON lines',
  },
  'GET /api/v1/audit': { tag: 'auth', summary: 'The audit trail of administrative actions and logins' },
  'GET /api/ping': { tag: 'operations', summary: 'DevLake-compatible ping', example: { message: 'pong' } },
  'GET /api/version': { tag: 'operations', summary: 'Version, database kind, authentication' },
  'GET /healthz': { tag: 'operations', summary: 'Liveness', example: { status: 'ok' } },
  'GET /readyz': {
    tag: 'operations',
    summary: 'Readiness: the database answers',
    example: { status: 'ready', database: 'ok' },
  },
  'GET /metrics': {
    tag: 'operations',
    summary: 'Prometheus exposition: DORA metrics from the database and process metrics',
  },
  'POST /api/graphql': { tag: 'metrics', summary: 'GraphQL: catalog, metrics and evidence' },
  'GET /api/graphql': { tag: 'metrics', summary: 'GraphQL over GET' },
  'GET /api/graphql/schema.graphql': { tag: 'metrics', summary: 'The GraphQL schema as SDL' },
  'POST /api/plugins/webhook/{connectionId}/deployments': {
    tag: 'webhooks',
    summary: 'DevLake-compatible: a deployment',
  },
  'POST /api/plugins/webhook/{connectionId}/incidents': {
    tag: 'webhooks',
    summary: 'DevLake-compatible: an incident',
  },
  'POST /api/plugins/webhook/{connectionId}/issues': {
    tag: 'webhooks',
    summary: 'DevLake-compatible: an issue',
  },
  'POST /api/plugins/webhook/{connectionId}/issue/{issueKey}/close': {
    tag: 'webhooks',
    summary: 'DevLake-compatible: close an issue',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/deployments': {
    tag: 'webhooks',
    summary: 'DevLake UI path: a deployment',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/incidents': {
    tag: 'webhooks',
    summary: 'DevLake UI path: an incident',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/issues': {
    tag: 'webhooks',
    summary: 'DevLake UI path: an issue',
  },
  'POST /api/rest/plugins/webhook/{connectionId}/issue/{issueKey}/close': {
    tag: 'webhooks',
    summary: 'DevLake UI path: close an issue',
  },
};
