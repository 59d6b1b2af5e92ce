/**
 * Attribution within streams (one service in one environment), DESIGN.md §3. Everything here is
 * derived and rebuildable, and is recomputed from the earliest instant an event touched, so the
 * result does not depend on the order events arrived in. Each statement handles every stream a
 * batch touched at once: the cost of a batch does not grow with the number of streams in it.
 */
import type { Queryable } from './db.ts';
import { deriveStream, type DerivedDeployment, type StreamDeployment } from './stream-kinds.ts';

export interface StreamKey {
  service: string;
  environment: string;
}

export interface StreamSince extends StreamKey {
  /** The earliest finish time from which the stream must be recomputed. */
  since: Date;
}

const STREAMS = `streams as (
  select * from unnest($1::text[], $2::text[], $3::timestamptz[]) as s(service, environment, since))`;
const streamParams = (streams: readonly StreamSince[]) => [
  streams.map((s) => s.service),
  streams.map((s) => s.environment),
  streams.map((s) => s.since),
];

/**
 * Serializes attribution per service across replicas until the transaction ends, so a deployment
 * and an incident of one service stored at once by two replicas cannot each miss the other.
 * Locks are taken in the order given (the caller sorts), so two replicas cannot deadlock.
 */
export async function lockServices(tx: Queryable, services: readonly string[]): Promise<void> {
  if (services.length === 0) return;
  await tx.query(
    'select count(pg_advisory_xact_lock(hashtext(service))) from unnest($1::text[]) as service',
    [services],
  );
}

export interface StreamSuccess extends StreamSince {
  id: number;
  /** Whether it lists its commits explicitly (else its range is walked from its head). */
  explicit: boolean;
  head_commit: string | null;
}

/** The deployments a recomputation touches, found per stream through the stream index. */
export interface StreamRows {
  /** Every deployment finished at or after its stream's `since`, in stream order. */
  ids: number[];
  /** The successful ones, with their stream and whether they list explicit commits. */
  successes: StreamSuccess[];
  /** The last success before `since` in each stream: its successor may have changed. */
  predecessors: number[];
  /** Commits whose contents rows were removed from the successes, to be rebuilt. */
  removed: string[];
}

/**
 * Finds the deployments of the streams from their `since` (and the last success before it), and
 * recomputes their effective kind and whether they were remediated (`deriveStream`); rows whose
 * values stay are not rewritten. The successes' contents are removed too, for
 * `updateStreamContents` (stream-contents.ts) to rebuild.
 *
 * The rules are applied in TypeScript over the rows read in stream order, not by joins in SQL:
 * written as joins between CTEs, their plan followed the planner statistics, and after ANALYZE a
 * nested loop rescanned the CTE once per row (a deployment older than a stream of 15,000: 21 s on
 * PostgreSQL, 40 s on PGlite). Each statement here is index range scans and probes, so the cost
 * is linear in the rows recomputed whatever the statistics.
 */
export async function updateStreamDeployments(
  tx: Queryable,
  streams: readonly StreamSince[],
): Promise<StreamRows> {
  const rows = await selectStreamRows(tx, streams);
  const found = rows.filter((row) => row.first === null);
  const deployedBefore = new Set(rows.flatMap((row) => (row.first ? [`${row.i}\n${row.version}`] : [])));
  const changed: DerivedDeployment[] = [];
  let start = 0;
  while (start < found.length) {
    const i = found[start]!.i;
    let end = start;
    while (end < found.length && found[end]!.i === i) end += 1;
    changed.push(...deriveStream(found.slice(start, end), (v) => deployedBefore.has(`${i}\n${v}`)));
    start = end;
  }
  const recomputed = found.filter((row) => !row.predecessor);
  const successes = recomputed.filter((row) => row.status === 'success');
  const removed = await updateDerivedColumns(
    tx,
    changed,
    successes.map((row) => row.id),
  );
  const stream = (i: number) => streams[i - 1]!;
  return {
    ids: recomputed.map((row) => row.id),
    successes: successes.map((row) => ({
      ...stream(row.i),
      id: row.id,
      explicit: row.explicit,
      head_commit: row.head_commit,
    })),
    predecessors: found.filter((row) => row.predecessor).map((row) => row.id),
    removed,
  };
}

interface StreamRow extends StreamDeployment {
  /** The stream's position in the request, from 1. */
  i: number;
  explicit: boolean;
  head_commit: string | null;
  /** Set on the rows that say a version was deployed successfully in stream `i` before its `since`. */
  first: true | null;
}

/**
 * Each stream's deployments from `since` and its last success before, in stream order, and which
 * of the versions they infer a kind from were deployed successfully before `since`. Lateral subqueries keep each stream an
 * index range scan and each version one probe of `deployments_version` (migration 0011: without
 * it PostgreSQL, lacking statistics, walked the stream index from the stream's start for each
 * version, 1 s for a batch of 1,000 deployments into a stream of 3,000). A join on the arrays
 * would let the planner, without statistics on PGlite, scan every deployment. `offset 0` keeps the
 * first one a subquery: flattened into a join, the prepared statement's generic plan (which cannot
 * see how many streams come) hashed all 1M deployments in some batches (180 ms instead of 3).
 */
async function selectStreamRows(tx: Queryable, streams: readonly StreamSince[]): Promise<StreamRow[]> {
  return tx.query<StreamRow>(
    `with ${STREAMS},
     numbered as (select *, row_number() over () as i from streams),
     found as (
       select x.*, false as predecessor, s.i, s.since
         from numbered s
         cross join lateral (
           select ${STREAM_COLUMNS} from deployments
            where service = s.service and environment = s.environment and finished_at >= s.since
           offset 0) x
       union all
       select p.*, true, s.i, s.since
         from numbered s
         cross join lateral (
           select ${STREAM_COLUMNS} from deployments
            where service = s.service and environment = s.environment and status = 'success' and finished_at < s.since
            order by finished_at desc, id desc limit 1) p),
     versions as (
       select distinct i, service, environment, version, since from found
        where not predecessor and kind is null and version is not null)
     select id::float8 as id, status, finished_at, kind, version, effective_kind, remediated_at, predecessor, i::int as i,
            head_commit, explicit, null as first
       from found
     union all
     select e.id::float8, null, e.finished_at, null, v.version, null, null, null, v.i::int, null, null, true
       from versions v
       cross join lateral (
         select id, finished_at from deployments
          where service = v.service and environment = v.environment and status = 'success' and version = v.version
          order by finished_at, id limit 1) e
      where e.finished_at < v.since
     order by i, first nulls first, finished_at, id`,
    streamParams(streams),
  );
}

const STREAM_COLUMNS = `id, status, service, environment, finished_at, kind, version, effective_kind, remediated_at,
                        head_commit, commits is not null as explicit`;

/**
 * Writes the derived values that changed (few, usually: a late deployment changes its neighbours)
 * and removes the successes' contents, by deployment id: with a stream index the planner, lacking
 * statistics on PGlite, would probe it for the walk's per-commit lookups. Returns the commits whose
 * rows were removed.
 */
async function updateDerivedColumns(
  tx: Queryable,
  changed: readonly DerivedDeployment[],
  successes: readonly number[],
): Promise<string[]> {
  if (changed.length === 0 && successes.length === 0) return [];
  const rows = await tx.query<{ sha: string }>(
    `with updated as (
       update deployments d set effective_kind = x.effective_kind, remediated_at = x.remediated_at
         from unnest($1::bigint[], $2::text[], $3::timestamptz[]) as x(id, effective_kind, remediated_at)
        where d.id = x.id)
     delete from deployment_changes where deployment_id = any($4::bigint[]) returning sha`,
    [
      changed.map((row) => row.id),
      changed.map((row) => row.effective_kind),
      changed.map((row) => row.remediated_at),
      successes,
    ],
  );
  return rows.map((row) => row.sha);
}

/** Streams holding a deployment that contains one of these commits, with the earliest such finish. */
export async function selectStreamsContaining(
  tx: Queryable,
  shas: readonly string[],
): Promise<StreamSince[]> {
  if (shas.length === 0) return [];
  return tx.query(
    `select service, environment, min(finished_at) as since from deployment_changes
      where sha = any($1::text[]) group by service, environment`,
    [shas],
  );
}
