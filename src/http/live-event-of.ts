/**
 * The live event (src/service/ingest/live-events.ts) one ingest request became, from its route, headers,
 * body, answer and what the ingest service recorded for it; or, for the history a stream opens with,
 * from the raw log's row. Pure.
 */
import type { IngestRecord, LiveEvent, LiveStatus } from '../service/ingest/live-events.ts';
import type { RawOutcome } from '../store/raw-requests.ts';

export interface AnsweredRequest {
  receivedAt: Date;
  headers: Record<string, string | string[] | undefined>;
  body: string | undefined;
  httpStatus: number;
  /** The `error` of a 4xx/5xx answer. */
  error: LiveEvent['error'];
  record: IngestRecord | undefined;
}

/** The raw-log source a route stores under (rejected requests never reach the ingest service). */
export function sourceOfRoute(route: string, params: Record<string, string>): string | undefined {
  const native = /^\/api\/v1\/(changes|deployments|incidents)$/.exec(route);
  if (native) return `api/${native[1]}`;
  if (route === '/api/v1/cloudevents') return 'cloudevents';
  if (route === '/api/v1/webhooks/:source') return params.source ?? 'webhooks';
  if (/^\/api(\/rest)?\/plugins\/webhook\//.test(route)) return 'devlake';
  return undefined;
}

export function liveEventOf(request: AnsweredRequest, source: string): LiveEvent {
  const { record, httpStatus } = request;
  // Only these sources name the type or id inside the body.
  const json = ['cloudevents', 'gitlab', 'pagerduty'].includes(source)
    ? parseObject(request.body)
    : undefined;
  return {
    received_at: request.receivedAt.toISOString(),
    source,
    type: typeOf(source, request.headers, json),
    delivery_id: deliveryIdOf(source, request.headers, json, record),
    status: statusOf(httpStatus, record),
    rows: record?.rows ?? { changes: 0, deployments: 0, incidents: 0 },
    reasons: record?.reasons ?? [],
    warnings: record?.warnings ?? [],
    error: httpStatus >= 400 ? request.error : null,
    http_status: httpStatus,
    history: false,
  };
}

/** A raw-log row as the raw events service lists it. */
export interface LoggedRequest {
  source: string;
  delivery_id: string | null;
  headers: Record<string, string>;
  body: string;
  received_at: string;
  outcome?: RawOutcome | null | undefined;
}

/**
 * A stored request as history. Only requests that reached the ingest service are logged, so history
 * holds what was stored or ignored (or failed on a later replay), never a refused one; rows that were
 * all known already still read `stored`, as the log does not say.
 */
export function historyEventOf(row: LoggedRequest): LiveEvent {
  const counts = row.outcome?.counts ?? { changes: 0, deployments: 0, incidents: 0 };
  const rows = { changes: counts.changes, deployments: counts.deployments, incidents: counts.incidents };
  const json = ['cloudevents', 'gitlab', 'pagerduty'].includes(row.source)
    ? parseObject(row.body)
    : undefined;
  const record = { deliveryIds: [row.delivery_id] };
  const status = row.outcome?.status;
  return {
    received_at: row.received_at,
    source: row.source,
    type: typeOf(row.source, row.headers, json),
    delivery_id: deliveryIdOf(row.source, row.headers, json, record),
    status: status === 'failed' ? 'failed' : status === 'mapped' ? 'stored' : 'ignored',
    rows,
    reasons: row.outcome?.reasons ?? [],
    warnings: [],
    error: row.outcome?.error ?? null,
    http_status: null,
    history: true,
  };
}

function statusOf(httpStatus: number, record: IngestRecord | undefined): LiveStatus {
  if (httpStatus === 401 || httpStatus === 403) return 'rejected';
  if (httpStatus >= 400 || !record || record.calls === 0) return 'failed';
  if (record.duplicates === record.calls) return 'duplicate';
  const { changes, deployments, incidents } = record.rows;
  return changes + deployments + incidents === 0 ? 'ignored' : 'stored';
}

const header = (headers: AnsweredRequest['headers'], name: string) => {
  const value = headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/** The event's type as its source names it: CloudEvents `type`, GitHub's event, GitLab's object_kind. */
function typeOf(source: string, headers: AnsweredRequest['headers'], json: unknown): string | null {
  const field = (value: unknown, name: string) =>
    isObject(value) && typeof value[name] === 'string' ? value[name] : undefined;
  switch (source) {
    case 'cloudevents': {
      if (Array.isArray(json)) {
        const types = new Set(json.map((item) => field(item, 'type')));
        return types.size === 1 ? ([...types][0] ?? null) : null;
      }
      return header(headers, 'ce-type') ?? field(json, 'type') ?? null;
    }
    case 'github':
      return header(headers, 'x-github-event') ?? null;
    case 'gitlab':
      return field(json, 'object_kind') ?? header(headers, 'x-gitlab-event') ?? null;
    case 'pagerduty':
      return field(isObject(json) ? json.event : undefined, 'event_type') ?? null;
    default:
      return null;
  }
}

/** The delivery id stored (CloudEvents: the event's `id`), else what the sender's headers carry. */
function deliveryIdOf(
  source: string,
  headers: AnsweredRequest['headers'],
  json: unknown,
  record: Pick<IngestRecord, 'deliveryIds'> | undefined,
): string | null {
  if (source === 'cloudevents') {
    const id = isObject(json) && typeof json.id === 'string' ? json.id : undefined;
    return header(headers, 'ce-id') ?? id ?? null;
  }
  const stored = [...new Set(record?.deliveryIds ?? [])];
  if (stored.length === 1 && stored[0]) return stored[0];
  for (const name of ['x-github-delivery', 'x-gitlab-event-uuid', 'idempotency-key']) {
    const value = header(headers, name);
    if (value) return value;
  }
  return null;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function parseObject(body: string | undefined): unknown {
  if (body === undefined) return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
