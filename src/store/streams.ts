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

/** The deployments a recomputation touches, found per stream through the stream index. */
export interface StreamRows {
  /** Every deployment finished at or after its stream's `since`, in stream order. */
  ids: number[];
  /** The successful ones, with their stream and whether they list explicit commits. */
  successes: (StreamSince & { id: number; explicit: boolean })[];
  /** The last success before `since` in each stream: its successor may have changed. */
  predecessors: number[];
  /** Commits whose contents rows were removed from the successes, to be rebuilt. */
  removed: string[];
}

/**
 * Finds the deployments of the streams from their `since` (and the last success before it), and
 * recomputes their effective kind and whether they were remediated (`deriveStream`); rows whose
 * values stay are not rewritten. The successes' contents are removed too, for
 * `updateStreamContents` to rebuild.
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
  const firsts = new Map(
    rows.flatMap((row) => (row.first ? [[`${row.i}\n${row.version}`, row] as const] : [])),
  );
  const changed: DerivedDeployment[] = [];
  let start = 0;
  while (start < found.length) {
    const i = found[start]!.i;
    let end = start;
    while (end < found.length && found[end]!.i === i) end += 1;
    changed.push(...deriveStream(found.slice(start, end), (v) => firsts.get(`${i}\n${v}`)));
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
    successes: successes.map((row) => ({ ...stream(row.i), id: row.id, explicit: row.explicit })),
    predecessors: found.filter((row) => row.predecessor).map((row) => row.id),
    removed,
  };
}

interface StreamRow extends StreamDeployment {
  /** The stream's position in the request, from 1. */
  i: number;
  explicit: boolean;
  /** Set on the rows that give a version's first success in stream `i` instead of a deployment. */
  first: true | null;
}

/**
 * Each stream's deployments from `since` and its last success before, in stream order, and the
 * first success of each version they infer a kind from. Lateral subqueries keep each stream an
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
       select x.*, false as predecessor, s.i
         from numbered s
         cross join lateral (
           select ${STREAM_COLUMNS} from deployments
            where service = s.service and environment = s.environment and finished_at >= s.since
           offset 0) x
       union all
       select p.*, true, s.i
         from numbered s
         cross join lateral (
           select ${STREAM_COLUMNS} from deployments
            where service = s.service and environment = s.environment and status = 'success' and finished_at < s.since
            order by finished_at desc, id desc limit 1) p),
     versions as (
       select distinct i, service, environment, version from found
        where not predecessor and kind is null and version is not null)
     select id::float8 as id, status, finished_at, kind, version, effective_kind, remediated_at, predecessor, i::int as i,
            explicit, null as first
       from found
     union all
     select e.id::float8, null, e.finished_at, null, v.version, null, null, null, v.i::int, null, true
       from versions v
       cross join lateral (
         select id, finished_at from deployments
          where service = v.service and environment = v.environment and status = 'success' and version = v.version
          order by finished_at, id limit 1) e
     order by i, first nulls first, finished_at, id`,
    streamParams(streams),
  );
}

const STREAM_COLUMNS = `id, status, service, environment, finished_at, kind, version, effective_kind, remediated_at,
                        commits is not null as explicit`;

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

/**
 * What successful deployments contain (DESIGN.md §3.2): their explicit commits; else the commits
 * reachable from the head through recorded parents that no earlier deployment of the stream
 * contains (the git range against what was deployed before; a first deployment takes all that is
 * reachable); a head whose graph is unknown stands for itself.
 *
 * Explicit lists depend on nothing else, so they are stored first, all at once. Then every walk
 * runs in one statement: each stops at commits of its stream held by a deployment before it (those
 * before `since`, and the explicit lists just stored), and a commit reached by several walks of a
 * stream belongs to its earliest deployment. That equals walking them one by one, each stopping at
 * what the earlier ones took: the set a walk stops at only grows along the stream, so a later walk
 * that passes an earlier deployment's commit explores only what that deployment's walk explored
 * too. `rows` comes from `updateStreamDeployments`, which removed the successes' old contents
 * (by deployment id: with a stream index the planner, lacking statistics on PGlite, would probe it
 * for the walk's per-commit lookups). Returns the commits whose rows were removed or added.
 */
export async function updateStreamContents(
  tx: Queryable,
  { successes, removed }: Pick<StreamRows, 'successes' | 'removed'>,
): Promise<string[]> {
  const explicit = await insertExplicitContents(
    tx,
    successes.filter((d) => d.explicit).map((d) => d.id),
  );
  const walked = await insertWalkedContents(
    tx,
    successes.filter((d) => !d.explicit).map((d) => d.id),
  );
  return [...new Set([...removed, ...[...explicit, ...walked].map((row) => row.sha)])];
}

/** The commits each deployment lists; a repeated commit counts once. */
async function insertExplicitContents(tx: Queryable, ids: readonly number[]): Promise<{ sha: string }[]> {
  if (ids.length === 0) return [];
  return tx.query<{ sha: string }>(
    `insert into deployment_changes (deployment_id, sha, service, environment, finished_at, ${CHANGE_TIMES},
                                     first_production)
     select d.id, x.sha, d.service, d.environment, d.finished_at, ${changeTimesOf('c')},
            ${firstProductionSoFar('d.id', 'd', 'x.sha')}
       from deployments d
       cross join lateral (select distinct sha from unnest(d.commits) as u(sha)) x
       left join changes c on c.sha = x.sha
      where d.id = any($1::bigint[])
     returning sha`,
    [ids],
  );
}

async function insertWalkedContents(tx: Queryable, ids: readonly number[]): Promise<{ sha: string }[]> {
  if (ids.length === 0) return [];
  return tx.query<{ sha: string }>(
    `with recursive ds as (
       select d.id, d.service, d.environment, d.finished_at, d.head_commit, d.is_production
         from deployments d where d.id = any($1::bigint[]) and d.head_commit is not null),
     walk(deployment_id, service, environment, finished_at, is_production, sha) as (
       select ds.id, ds.service, ds.environment, ds.finished_at, ds.is_production, ds.head_commit from ds
        where ${heldBefore('ds.id', 'ds', 'ds.head_commit')} is null
       union
       select w.deployment_id, w.service, w.environment, w.finished_at, w.is_production, p.sha from walk w
         join changes c on c.sha = w.sha
         cross join lateral unnest(c.parents) as p(sha)
        where ${heldBefore('w.deployment_id', 'w', 'p.sha')} is null)
     insert into deployment_changes (deployment_id, sha, service, environment, finished_at, ${CHANGE_TIMES},
                                     first_production)
     select distinct on (w.service, w.environment, w.sha) w.deployment_id, w.sha, w.service, w.environment,
            w.finished_at, ${changeTimesOf('c')}, ${firstProductionSoFar('w.deployment_id', 'w', 'w.sha')}
       from walk w
       left join changes c on c.sha = w.sha
      order by w.service, w.environment, w.sha, w.finished_at, w.deployment_id
     returning sha`,
    [ids],
  );
}

/**
 * Whether the row is its commit's first production one in its service, as far as the rows already
 * stored tell. Most new rows are, and writing the mark with the row spares rewriting every such
 * row at once (an update that touches the partial indexes, so not a HOT one) in the statement that
 * follows. That statement (FIRST_PRODUCTION, first-deployments.ts) still decides: it also sees the
 * rows inserted together and the later deployments that arrived first, and corrects them.
 */
const firstProductionSoFar = (id: string, d: string, sha: string) => `(${d}.is_production and not exists (
  select 1 from deployment_changes e join deployments p on p.id = e.deployment_id
   where e.sha = ${sha} and e.service = ${d}.service and p.is_production
     and (e.finished_at, e.deployment_id) < (${d}.finished_at, ${id})))`;

/** The commit's times each row carries for lead time (migration 0008); null until the commit is known. */
const CHANGE_TIMES = 'committed_at, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at';
const changeTimesOf = (c: string) =>
  `coalesce(${c}.committed_at, ${c}.authored_at), ${c}.pr_opened_at, ${c}.pr_first_review_at, ${c}.pr_approved_at, ${c}.pr_merged_at`;

/**
 * Whether a deployment of the stream before this one holds the commit. A scalar subquery with
 * LIMIT stays an index probe per commit; an anti-join would hash the table.
 */
const heldBefore = (id: string, d: string, sha: string) => `(select 1 from deployment_changes e
  where e.sha = ${sha} and e.service = ${d}.service and e.environment = ${d}.environment
    and (e.finished_at, e.deployment_id) < (${d}.finished_at, ${id}) limit 1)`;

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
