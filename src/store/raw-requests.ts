import type { Queryable } from './db.ts';
import { asJsonParam } from './records.ts';

/** What a raw request became; kept with it so users see why, and replay can skip what did not change. */
export interface RawOutcome {
  status: 'mapped' | 'ignored' | 'failed';
  /** Why parts of the request produced nothing (one per transformer that ignored it). */
  reasons?: string[] | undefined;
  /** Set when replay found the request no longer valid for its adapter. */
  error?: { code: string; message: string; field?: string | undefined } | undefined;
  counts: { changes: number; deployments: number; incidents: number; artifacts: number };
  /** The (source, external id) of the deployments and incidents it produced. */
  keys: { deployments: [string, string][]; incidents: [string, string][] };
  /** A hash of the normalized rows: equal means replay has nothing to do. */
  fingerprint: string;
}

export interface RawRequest {
  source: string;
  delivery_id: string | null;
  content_type: string | null;
  headers: Record<string, string>;
  body: string;
  /** Path parameters of a webhook route (DevLake's connection id), when it has any. */
  params?: Record<string, string> | undefined;
  /** When the adapter was given the delivery (ISO); the database's clock when absent. */
  received_at?: string | undefined;
  outcome?: RawOutcome | undefined;
}

export interface StoredRawRequest extends Omit<RawRequest, 'received_at'> {
  id: number;
  received_at: Date;
}

/**
 * Stores requests verbatim and tells, per input, whether it was new. A request whose
 * (source, delivery id) was stored before, or earlier in the same batch, is a duplicate delivery.
 */
export async function insertRawRequests(tx: Queryable, requests: readonly RawRequest[]): Promise<boolean[]> {
  if (requests.length === 0) return [];
  const rows = await tx.query<{ source: string; delivery_id: string }>(
    `insert into raw_requests (source, delivery_id, content_type, headers, body, params, received_at, outcome)
     select source, delivery_id, content_type, headers, body, params, coalesce(received_at, now()), outcome
       from jsonb_to_recordset($1::text::jsonb) as r(source text, delivery_id text, content_type text,
              headers jsonb, body text, params jsonb, received_at timestamptz, outcome jsonb)
     on conflict (source, delivery_id) where delivery_id is not null do nothing
     returning source, delivery_id`,
    [asJsonParam(requests)],
  );
  const fresh = new Set(rows.filter((row) => row.delivery_id !== null).map((row) => key(row)));
  return requests.map((request) => request.delivery_id === null || fresh.delete(key(request)));
}

const key = (row: { source: string; delivery_id: string | null }) => `${row.source}\n${row.delivery_id}`;

export interface RawRequestFilter {
  /** Only requests received at or after this instant. */
  since?: Date | undefined;
  /** Only requests of this source, or of sources starting with `source/` (`api` covers `api/changes`). */
  source?: string | undefined;
  status?: RawOutcome['status'] | undefined;
}

/** The filter's condition, its three parameters numbered from `first`. */
const filterSql = (first: number) => `($${first}::timestamptz is null or received_at >= $${first})
  and ($${first + 1}::text is null or source = $${first + 1} or source like $${first + 1} || '/%')
  and ($${first + 2}::text is null or outcome->>'status' = $${first + 2})`;
const filterParams = (filter: RawRequestFilter) => [
  filter.since ?? null,
  filter.source ?? null,
  filter.status ?? null,
];

/** The next page of raw requests after `afterId`, oldest first: replay's cursor. */
export async function selectRawRequestsAfter(
  db: Queryable,
  afterId: number,
  filter: RawRequestFilter,
  limit: number,
): Promise<StoredRawRequest[]> {
  return db.query<StoredRawRequest>(
    `select id::float8 as id, source, delivery_id, content_type, headers, body, params, outcome, received_at
       from raw_requests where id > $1 and ${filterSql(2)} order by id limit $5`,
    [afterId, ...filterParams(filter), limit],
  );
}

/** A page of raw requests before `beforeId` (or the newest), newest first: what users browse. */
export async function selectRawRequestsBefore(
  db: Queryable,
  beforeId: number | null,
  filter: RawRequestFilter,
  limit: number,
): Promise<StoredRawRequest[]> {
  return db.query<StoredRawRequest>(
    `select id::float8 as id, source, delivery_id, content_type, headers, body, params, outcome, received_at
       from raw_requests where ($1::bigint is null or id < $1) and ${filterSql(2)} order by id desc limit $5`,
    [beforeId, ...filterParams(filter), limit],
  );
}

export async function updateRawOutcomes(
  tx: Queryable,
  outcomes: readonly { id: number; outcome: RawOutcome }[],
): Promise<void> {
  if (outcomes.length === 0) return;
  await tx.query(
    `update raw_requests r set outcome = o.outcome, replayed_at = now()
       from jsonb_to_recordset($1::text::jsonb) as o(id bigint, outcome jsonb)
      where r.id = o.id`,
    [asJsonParam(outcomes)],
  );
}

export async function countRawRequests(db: Queryable, filter: RawRequestFilter): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::float8 as n from raw_requests where ${filterSql(1)}`,
    filterParams(filter),
  );
  return row?.n ?? 0;
}

export interface SourceDeliveries {
  source: string;
  count: number;
  ignored: number;
  last_at: Date;
}

/** Per source: how many requests were stored, how many produced nothing, and the latest. */
export async function selectSourceDeliveries(
  db: Queryable,
  sources: readonly string[],
): Promise<SourceDeliveries[]> {
  return db.query<SourceDeliveries>(
    `select source, count(*)::float8 as count,
            count(*) filter (where outcome->>'status' = 'ignored')::float8 as ignored, max(received_at) as last_at
       from raw_requests where source = any($1::text[]) group by source order by source`,
    [sources],
  );
}
