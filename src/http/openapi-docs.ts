/**
 * What `/openapi.json` says about each route: operation id, summary, tag, example answer, and what
 * the route's declaration cannot tell (a scope checked in a hook, the errors its handler throws).
 * Kept in one table so the description of the API reads as a whole; a test checks it covers every
 * route and that every example matches its schema.
 */
import { Type, type TSchema } from '@sinclair/typebox';
import { ChangeSchema, DeploymentSchema, IncidentSchema } from '../ingest/native-schemas.ts';
import type { Scope } from '../service/auth/auth.ts';
import { CLOUDEVENTS_BODY, CLOUDEVENTS_HEADERS, HANDSHAKE_HEADERS } from './schemas/raw-requests.ts';
import { GRAPHQL_ANSWERS } from './schemas/graphql.ts';
import { WEBHOOK_DOCS } from './openapi-docs-webhooks.ts';
import {
  ACCEPTED,
  CHANGES_EXAMPLE,
  CLOUDEVENT_EXAMPLE,
  DEPLOYMENTS_EXAMPLE,
  GROUPED_METRICS_EXAMPLE,
  INCIDENTS_EXAMPLE,
  READY_EXAMPLE,
  REPLAY_EXAMPLE,
  SERIES_EXAMPLE,
  SETTINGS_EXAMPLE,
} from './openapi-examples.ts';

type Tag = 'ingest' | 'webhooks' | 'metrics' | 'evidence' | 'catalog' | 'auth' | 'operations';

export interface RouteDoc {
  /** The client method name a generator makes of it: a camelCase verb. */
  operationId: string;
  summary: string;
  tag: Tag;
  description?: string;
  /** An example 2xx body; it must match the answer's schema. */
  example?: unknown;
  /** The token scope a route checks itself (GraphQL, webhooks) rather than through `config.scope`. */
  scope?: Scope | 'webhook';
  /** Errors the handler throws beyond those every route may answer (400, 429, 500, 503, auth, body). */
  errors?: number[];
  /** Path parameters as the document shows them, where the route's own schema is looser. */
  params?: TSchema;
  /** The body and headers of routes that read raw text (signatures, CloudEvents' binary mode). */
  body?: object;
  headers?: TSchema;
  /** Answers of routes a plugin declares (GraphQL), by status. */
  answers?: Record<string, object>;
}

export const TAGS: { name: Tag; description: string }[] = [
  { name: 'ingest', description: 'Changes, deployments and incidents in the native JSON or as CloudEvents' },
  { name: 'webhooks', description: "The tools' own webhooks, and DevLake's webhook API" },
  { name: 'metrics', description: 'The five DORA metrics, their series, and GraphQL' },
  { name: 'evidence', description: 'The deployments, changes and incidents behind the numbers' },
  { name: 'catalog', description: 'Services, applications, teams and the metric settings' },
  { name: 'auth', description: 'Tokens, users and the audit trail' },
  { name: 'operations', description: 'Probes, Prometheus, the raw log, replay, import and export' },
];

const EVIDENCE_COMMON =
  'Filters, sort and paging run in the database; `total` counts every row of the window that matches the filters, not just this page. The window defaults to the settings\' window; the dashboard passes explicit `from`/`to`, so pass the card\'s window to reproduce its number. `next_cursor` pages the same sort (a cursor of another sort is a 400 naming `cursor`). With `Accept: text/csv` the same page comes as RFC 4180 CSV with a header row, `Content-Disposition: attachment` and the next page in a `Link: <…>; rel="next"` header; cells starting with = + - @ are prefixed with an apostrophe.';

const IDEMPOTENT =
  'An `Idempotency-Key` header (1–255 characters) belongs to the token and the body: the same key and body get the first answer again (`Idempotent-Replayed: true`), the same key with another body is 422 `idempotency_key_reused`.';

/** The native routes parse their body themselves (field paths like `[2].sha`): one object or an array. */
const oneOrMany = (item: TSchema) => ({
  content: { 'application/json': { schema: Type.Union([item, Type.Array(item)]) } },
});

export const ROUTE_DOCS: Record<string, RouteDoc> = {
  'POST /api/v1/changes': {
    body: oneOrMany(ChangeSchema),
    errors: [422],
    operationId: 'ingestChanges',
    tag: 'ingest',
    summary: 'Record commits (one or an array)',
    description: IDEMPOTENT,
    example: ACCEPTED,
  },
  'POST /api/v1/deployments': {
    body: oneOrMany(DeploymentSchema),
    errors: [422],
    operationId: 'ingestDeployments',
    tag: 'ingest',
    summary: 'Record deployments',
    description: IDEMPOTENT,
    example: ACCEPTED,
  },
  'POST /api/v1/incidents': {
    body: oneOrMany(IncidentSchema),
    errors: [422],
    operationId: 'ingestIncidents',
    tag: 'ingest',
    summary: 'Record or update incidents (posting an id again updates it)',
    description: IDEMPOTENT,
    example: ACCEPTED,
  },
  'POST /api/v1/cloudevents': {
    body: CLOUDEVENTS_BODY,
    headers: CLOUDEVENTS_HEADERS,
    operationId: 'ingestCloudEvents',
    tag: 'ingest',
    summary: 'CloudEvents 1.0 (binary, structured, batch); CDEvents and the routing table',
    example: CLOUDEVENT_EXAMPLE,
  },
  'OPTIONS /api/v1/cloudevents': {
    headers: HANDSHAKE_HEADERS,
    operationId: 'allowCloudEventsOrigin',
    tag: 'ingest',
    summary: 'CloudEvents webhook abuse-protection handshake',
  },
  'GET /api/v1/events/raw': {
    operationId: 'listRawEvents',
    tag: 'operations',
    summary: 'The raw request log with what each request became',
  },
  'GET /api/v1/events/warnings': {
    operationId: 'listIngestWarnings',
    tag: 'operations',
    summary:
      'Events stored lately that will not count, and why (the warnings ingest answers gave), newest first',
  },
  'GET /api/v1/events/live': {
    operationId: 'streamLiveEvents',
    tag: 'operations',
    summary: 'Server-sent events: one `ingest` message per request to an ingest route, as it is answered',
    description:
      'text/event-stream (admin scope; `?access_token=` accepted for EventSource). Each message is `event: ingest` with `data: {received_at, source, type, delivery_id, status: stored|duplicate|ignored|failed|rejected, rows: {changes, deployments, incidents}, reasons, warnings, error, http_status, history}`. The stream opens with the `recent` latest requests of the raw log (default 50, at most 200), oldest first, with `history: true` and `http_status: null`; then live ones. A `: keepalive` comment every 15 s. History comes from the database (every replica, kept across restarts); live messages are per replica: each replica streams only the requests it received.',
  },
  'GET /api/v1/metrics': {
    operationId: 'getMetrics',
    tag: 'metrics',
    summary: 'The five DORA metrics with levels',
    description:
      'The window `from..to` spans at most 3,660 days (about ten years); a longer one, or a time before 1970 or after 9999, is a 400 `invalid_query` naming the parameter.\n\n' +
      '`group_by=team|service|application` (e.g. `/api/v1/metrics?group_by=team&from=2026-02-07T00:00:00Z`) adds `group_by` and `groups`: one entry per team, service or application that the filters select, each with its key fields and the same metrics as the answer, equal to the answer filtered to that key (`?team=payments`). The team (application) `null` holds the services with none. Catalog services without data in the window are included (n = 0, levels null). Incidents naming no service count in the totals only. More than 1,000 groups is a 400 `invalid_query`: narrow with a filter. The example is grouped by team; without `group_by` the answer has neither field.',
    example: GROUPED_METRICS_EXAMPLE,
  },
  'GET /api/v1/metrics/{metric}/series': {
    operationId: 'getMetricSeries',
    tag: 'metrics',
    summary: 'One metric per day, week, month or year (zero-filled)',
    description:
      'The window `from..to` spans at most 3,660 days, so a daily series has at most 3,661 points; a series never exceeds 5,000 points. Beyond: 400 `invalid_query` naming the parameter.',
    example: SERIES_EXAMPLE,
  },
  'GET /api/v1/benchmarks': {
    operationId: 'listBenchmarks',
    tag: 'metrics',
    summary: 'The DORA benchmark bands of 2021, 2023 and 2024, with their sources',
    description:
      'The tables the levels of `GET /api/v1/metrics` are read against (`benchmark=`), elite first per metric; `year` keeps one. Deployment frequency is graded by median deploy-days per calendar week or month, not by volume.',
  },
  'GET /api/v1/deployments': {
    operationId: 'listDeployments',
    tag: 'evidence',
    summary: 'Deployments in a window with their changes, lead times, incidents, failure and recovery',
    description: `${EVIDENCE_COMMON} Each card's number is one query's \`total\`: deployment frequency count, change failure rate and rework rate total \`production=true&status=success\`; change failure rate failed \`production=true&failed=true\`; rework \`production=true&rework=true\`; failed deployment recovery time n \`production=true&remediated=true\`; failed attempts \`production=true&status=failure\`. Sorts: \`-finished_at\` (default), \`finished_at\`, \`-recovery\`, \`recovery\`.`,
    example: DEPLOYMENTS_EXAMPLE,
  },
  'GET /api/v1/changes': {
    operationId: 'listChanges',
    tag: 'evidence',
    summary: 'Changes first deployed to production in a window, with lead time and stages',
    description: `${EVIDENCE_COMMON} Lead time n is the \`total\` of \`stage=lead\`; a stage's outliers are \`stage=review&min_seconds=86400\` (or \`sort=-review\`). Sorts: \`-deployed_at\` (default) or a stage (\`lead\`, \`coding\`, \`pickup\`, \`review\`, \`deploy\`, \`review_lead_time\`, \`deployment_lead_time\`), \`-\` for descending; unmeasured stages sort last.`,
    example: CHANGES_EXAMPLE,
  },
  'GET /api/v1/incidents': {
    operationId: 'listIncidents',
    tag: 'evidence',
    summary: 'Incidents open during a window, with restore time and attribution',
    description: `${EVIDENCE_COMMON} Time to restore n is the \`total\` of \`counted=true&restored=true\`. Sorts: \`-started_at\` (default), \`started_at\`, \`-restore\`, \`restore\`.`,
    example: INCIDENTS_EXAMPLE,
  },
  'GET /api/v1/services': {
    operationId: 'listServices',
    tag: 'catalog',
    summary: 'The service catalog',
  },
  'GET /api/v1/services/{name}': {
    errors: [404],
    operationId: 'getService',
    tag: 'catalog',
    summary: 'One service',
  },
  'PUT /api/v1/services/{name}': {
    operationId: 'putService',
    tag: 'catalog',
    summary: 'Create or replace a service',
  },
  'GET /api/v1/settings': {
    example: SETTINGS_EXAMPLE,
    operationId: 'getSettings',
    tag: 'catalog',
    summary: 'Global metric settings',
  },
  'PUT /api/v1/settings': {
    operationId: 'updateSettings',
    tag: 'catalog',
    summary: 'Change global metric settings',
  },
  'GET /api/projects': {
    operationId: 'listProjects',
    tag: 'catalog',
    summary: 'Services grouped by application (DevLake-style)',
  },
  'POST /api/v1/auth/token': {
    errors: [401, 403],
    operationId: 'login',
    tag: 'auth',
    summary: 'Username and password → a 24-hour token',
  },
  'GET /api/v1/auth/whoami': {
    errors: [401],
    operationId: 'whoami',
    tag: 'auth',
    summary: 'Who the caller is and which scopes its token holds',
    description:
      'Any valid token (401 without one once authentication is on). With authentication off, `authentication` is false and `scopes` are what the caller may do: all three on this machine, `ingest` and `read` through a proxy.',
  },
  'POST /api/v1/tokens': {
    operationId: 'createToken',
    tag: 'auth',
    summary: 'Create a token (shown once)',
  },
  'GET /api/v1/tokens': {
    operationId: 'listTokens',
    tag: 'auth',
    summary: 'List tokens',
  },
  'DELETE /api/v1/tokens/{id}': {
    errors: [404],
    operationId: 'revokeToken',
    tag: 'auth',
    summary: 'Revoke a token',
  },
  'POST /api/v1/tokens/{id}/rotate': {
    errors: [404],
    operationId: 'rotateToken',
    tag: 'auth',
    summary:
      'A new secret for a token (same name, scopes, expiry); the old one stops now or after grace_seconds',
  },
  'GET /api/v1/users': {
    operationId: 'listUsers',
    tag: 'auth',
    summary: 'List users who log in with a password (never their hashes)',
  },
  'POST /api/v1/users': {
    operationId: 'addUser',
    tag: 'auth',
    summary: 'Add a user who logs in with a password',
  },
  'PUT /api/v1/users/{username}/password': {
    errors: [404],
    operationId: 'setUserPassword',
    tag: 'auth',
    summary: "Set a user's password (and lift a lockout)",
  },
  'DELETE /api/v1/users/{username}': {
    errors: [404],
    operationId: 'deleteUser',
    tag: 'auth',
    summary: 'Delete a user',
  },
  'POST /api/v1/replay': {
    operationId: 'replayRawEvents',
    tag: 'operations',
    summary: "Re-run today's adapters over the raw request log and apply what changed",
    example: REPLAY_EXAMPLE,
  },
  'GET /api/v1/imports/cursor': {
    operationId: 'getImportCursor',
    tag: 'operations',
    summary: "An importer's resume point",
  },
  'PUT /api/v1/imports/cursor': {
    operationId: 'advanceImportCursor',
    tag: 'operations',
    summary: "Move an importer's resume point forward",
  },
  'GET /api/v1/export/ndjson': {
    operationId: 'exportNdjson',
    tag: 'operations',
    summary: 'Every change, deployment and incident as native API JSON lines',
  },
  'GET /api/v1/audit': {
    operationId: 'listAuditEntries',
    tag: 'auth',
    summary: 'The audit trail of administrative actions and logins',
  },
  'GET /api/ping': {
    operationId: 'ping',
    tag: 'operations',
    summary: 'DevLake-compatible ping',
    example: { message: 'pong' },
  },
  'GET /api/version': {
    operationId: 'getVersion',
    tag: 'operations',
    summary: 'Version, database kind, authentication',
  },
  'GET /healthz': {
    operationId: 'getLiveness',
    tag: 'operations',
    summary: 'Liveness',
    example: { status: 'ok' },
  },
  'GET /readyz': {
    operationId: 'getReadiness',
    tag: 'operations',
    summary: 'Readiness: the database answers',
    example: READY_EXAMPLE,
  },
  'GET /metrics': {
    scope: 'read',
    operationId: 'getPrometheusMetrics',
    tag: 'operations',
    summary: 'Prometheus exposition: DORA metrics from the database and process metrics',
  },
  'POST /api/graphql': {
    answers: GRAPHQL_ANSWERS,
    scope: 'read',
    operationId: 'queryGraphql',
    tag: 'metrics',
    summary: 'GraphQL: catalog, metrics and evidence',
  },
  'GET /api/graphql': {
    answers: GRAPHQL_ANSWERS,
    scope: 'read',
    operationId: 'queryGraphqlByGet',
    tag: 'metrics',
    summary: 'GraphQL over GET',
  },
  'GET /api/graphql/schema.graphql': {
    scope: 'read',
    operationId: 'getGraphqlSchema',
    tag: 'metrics',
    summary: 'The GraphQL schema as SDL',
  },
  ...WEBHOOK_DOCS,
};
