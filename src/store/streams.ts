/**
 * Attribution within streams (one service in one environment), DESIGN.md §3. Everything here is
 * derived and rebuildable, and is recomputed from the earliest instant an event touched, so the
 * result does not depend on the order events arrived in. Each statement handles every stream a
 * batch touched at once: the cost of a batch does not grow with the number of streams in it.
 */
import type { Queryable } from './db.ts';

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
 * in the same statement recomputes their effective kind and whether they were remediated; one
 * round trip instead of three, as this runs in every ingest transaction.
 *
 * Effective kind (DESIGN.md §3.5): the source's kind, else inferred: a deployment whose version
 * equals a version deployed successfully earlier in its stream is a rollback. A source that knows
 * better (a plain redeploy) says `kind: standard`. A successful deployment was remediated when the
 * next successful one of its stream is a rollback or hotfix: that one is always among the
 * recomputed, so its new kind is read from `kinds`, by a join: looked up per row, the scan of
 * `kinds` was quadratic in the rows recomputed (3,000 deployments of one stream at one instant:
 * 384 of the statement's 426 ms; 100 ms joined). Rows whose values stay are not rewritten.
 * The successes' contents are removed too, for `updateStreamContents` to rebuild.
 */
export async function updateStreamDeployments(
  tx: Queryable,
  streams: readonly StreamSince[],
): Promise<StreamRows> {
  // Lateral subqueries keep each stream an index range scan; a join on the arrays would let the
  // planner, without statistics on PGlite, scan every deployment. `offset 0` keeps the first one a
  // subquery: flattened into a join, the prepared statement's generic plan (which cannot see how
  // many streams come) hashed all 1M deployments in some batches (180 ms instead of 3).
  const rows = await tx.query<{
    id: number | null;
    status: string;
    explicit: boolean;
    predecessor: boolean;
    i: number;
    sha: string | null;
  }>(
    `with ${STREAMS},
     numbered as (select *, row_number() over () as i from streams),
     found as (
       select x.id, x.status, x.commits is not null as explicit, false as predecessor, s.i, x.service,
              x.environment, x.finished_at, x.kind, x.version
         from numbered s
         cross join lateral (
           select id, status, commits, service, environment, finished_at, kind, version from deployments
            where service = s.service and environment = s.environment and finished_at >= s.since
           offset 0) x
       union all
       select p.id, 'success', false, true, s.i, p.service, p.environment, p.finished_at, null, null
         from numbered s
         cross join lateral (
           select id, service, environment, finished_at from deployments
            where service = s.service and environment = s.environment and status = 'success' and finished_at < s.since
            order by finished_at desc, id desc limit 1) p),
     kinds as (
       select f.id, coalesce(f.kind, case when exists (
           select 1 from deployments e
            where e.service = f.service and e.environment = f.environment and e.status = 'success'
              and e.version = f.version and (e.finished_at, e.id) < (f.finished_at, f.id))
         then 'rollback' else 'standard' end) as kind
         from found f where not f.predecessor),
     remediations as (
       select f.id, n.id as next_id, n.finished_at as next_finished_at, n.effective_kind as next_kind
         from found f
         left join lateral (
           select n.id, n.finished_at, n.effective_kind from deployments n
            where n.service = f.service and n.environment = f.environment and n.status = 'success'
              and (n.finished_at, n.id) > (f.finished_at, f.id)
            order by n.finished_at, n.id limit 1) n on true
        where f.status = 'success'),
     derived as (
       select f.id, k.kind, r.id is not null as remediable,
              case when coalesce(nk.kind, r.next_kind) in ('rollback', 'hotfix') then r.next_finished_at end
                as remediated_at
         from found f left join kinds k on k.id = f.id left join remediations r on r.id = f.id
         left join kinds nk on nk.id = r.next_id),
     updated as (
       update deployments d
          set effective_kind = coalesce(x.kind, d.effective_kind),
              remediated_at = case when x.remediable then x.remediated_at else d.remediated_at end
         from derived x
        where d.id = any(array(select id from derived)) and d.id = x.id
          and (d.effective_kind, d.remediated_at) is distinct from
              (coalesce(x.kind, d.effective_kind), case when x.remediable then x.remediated_at else d.remediated_at end)),
     removed as (
       delete from deployment_changes
        where deployment_id = any(array(select id from found where not predecessor and status = 'success'))
        returning sha)
     select id::float8 as id, status, explicit, predecessor, i, null as sha, finished_at from found
     union all
     select null, null, null, null, null, sha, null from removed
     order by finished_at, id`,
    streamParams(streams),
  );
  const stream = (i: number) => streams[i - 1]!;
  const found = rows.flatMap((row) => (row.id === null ? [] : [{ ...row, id: row.id }]));
  return {
    ids: found.filter((row) => !row.predecessor).map((row) => row.id),
    successes: found
      .filter((row) => !row.predecessor && row.status === 'success')
      .map((row) => ({ ...stream(row.i), id: row.id, explicit: row.explicit })),
    predecessors: found.filter((row) => row.predecessor).map((row) => row.id),
    removed: rows.flatMap((row) => (row.sha === null ? [] : [row.sha])),
  };
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
