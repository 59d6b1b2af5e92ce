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
}

export async function selectStreamRows(tx: Queryable, streams: readonly StreamSince[]): Promise<StreamRows> {
  // Lateral subqueries keep each stream an index range scan; a join on the arrays would let the
  // planner, without statistics on PGlite, scan every deployment.
  const rows = await tx.query<{
    id: number;
    status: string;
    explicit: boolean;
    predecessor: boolean;
    i: number;
  }>(
    `with ${STREAMS},
     numbered as (select *, row_number() over () as i from streams)
     select x.id::float8 as id, x.status, x.commits is not null as explicit, false as predecessor, s.i,
            x.finished_at
       from numbered s
       cross join lateral (
         select id, status, commits, finished_at from deployments
          where service = s.service and environment = s.environment and finished_at >= s.since) x
     union all
     select p.id::float8, 'success', false, true, s.i, p.finished_at
       from numbered s
       cross join lateral (
         select id, finished_at from deployments
          where service = s.service and environment = s.environment and status = 'success' and finished_at < s.since
          order by finished_at desc, id desc limit 1) p
     order by finished_at, id`,
    streamParams(streams),
  );
  const stream = (i: number) => streams[i - 1]!;
  return {
    ids: rows.filter((row) => !row.predecessor).map((row) => row.id),
    successes: rows
      .filter((row) => !row.predecessor && row.status === 'success')
      .map((row) => ({ ...stream(row.i), id: row.id, explicit: row.explicit })),
    predecessors: rows.filter((row) => row.predecessor).map((row) => row.id),
  };
}

/**
 * Effective kind (DESIGN.md §3.5): the source's kind, else inferred: a deployment whose version
 * equals a version deployed successfully earlier in its stream is a rollback. A source that
 * knows better (a plain redeploy) says `kind: standard`.
 */
export async function updateEffectiveKinds(tx: Queryable, ids: readonly number[]): Promise<void> {
  await tx.query(
    `update deployments d set effective_kind = coalesce(d.kind, case when exists (
         select 1 from deployments e
          where e.service = d.service and e.environment = d.environment and e.status = 'success'
            and e.version = d.version and (e.finished_at, e.id) < (d.finished_at, d.id))
       then 'rollback' else 'standard' end)
      where d.id = any($1::bigint[])`,
    [ids],
  );
}

/** A deployment was remediated when the next successful one of its stream is a rollback or hotfix. */
export async function updateRemediations(tx: Queryable, ids: readonly number[]): Promise<void> {
  await tx.query(
    `update deployments d set remediated_at = (
         select case when n.effective_kind in ('rollback', 'hotfix') then n.finished_at end
           from deployments n
          where n.service = d.service and n.environment = d.environment and n.status = 'success'
            and (n.finished_at, n.id) > (d.finished_at, d.id)
          order by n.finished_at, n.id limit 1)
      where d.id = any($1::bigint[])`,
    [ids],
  );
}

/**
 * What successful deployments contain (DESIGN.md §3.2): their explicit commits; else the commits
 * reachable from the head through recorded parents that no earlier deployment of the stream
 * contains (the git range against what was deployed before; a first deployment takes all that is
 * reachable); a head whose graph is unknown stands for itself.
 *
 * All of them are walked in one statement: each walk stops at commits deployed before its
 * stream's `since`, and a commit reached by several walks of a stream belongs to its earliest
 * deployment. That equals walking them one by one, each stopping at what the earlier ones took,
 * because a later walk that passes an earlier deployment's commit explores only what that
 * deployment's walk explored too. Explicit commit lists break that argument, so streams with
 * them go one by one. `successes` must be every success of each stream from its `since`.
 * Returns the commits whose rows were removed or added.
 */
export async function updateStreamContents(
  tx: Queryable,
  successes: StreamRows['successes'],
): Promise<string[]> {
  const ids = successes.map((d) => d.id);
  // Deleting by deployment id keeps the primary key the only index on this path: with a stream
  // index the planner, lacking statistics on PGlite, probes it for the walk's per-commit lookups.
  const removed = await tx.query<{ sha: string }>(
    'delete from deployment_changes where deployment_id = any($1::bigint[]) returning sha',
    [ids],
  );
  const key = (s: StreamKey) => `${s.service}\n${s.environment}`;
  const explicit = new Set(successes.filter((d) => d.explicit).map(key));
  await walkTogether(
    tx,
    successes.filter((d) => !explicit.has(key(d))),
  );
  for (const d of successes) if (explicit.has(key(d))) await updateContainedChanges(tx, d.id);
  const added = await tx.query<{ sha: string }>(
    'select sha from deployment_changes where deployment_id = any($1::bigint[])',
    [ids],
  );
  return [...new Set([...removed, ...added].map((row) => row.sha))];
}

async function walkTogether(tx: Queryable, successes: StreamRows['successes']): Promise<void> {
  if (successes.length === 0) return;
  await tx.query(
    `with recursive ds as (
       select d.id, d.service, d.environment, d.finished_at, d.head_commit, x.since
         from unnest($1::bigint[], $2::timestamptz[]) as x(id, since) join deployments d on d.id = x.id
        where d.head_commit is not null),
     walk(deployment_id, service, environment, since, sha) as (
       select ds.id, ds.service, ds.environment, ds.since, ds.head_commit from ds
        where ${deployedBefore('ds', 'ds.head_commit')} is null
       union
       select w.deployment_id, w.service, w.environment, w.since, p.sha from walk w
         join changes c on c.sha = w.sha
         cross join lateral unnest(c.parents) as p(sha)
        where ${deployedBefore('w', 'p.sha')} is null)
     insert into deployment_changes (deployment_id, sha, service, environment, finished_at, ${CHANGE_TIMES})
     select distinct on (w.service, w.environment, w.sha) ds.id, w.sha, ds.service, ds.environment, ds.finished_at,
            ${changeTimesOf('c')}
       from walk w join ds on ds.id = w.deployment_id
       left join changes c on c.sha = w.sha
      order by w.service, w.environment, w.sha, ds.finished_at, ds.id`,
    [successes.map((d) => d.id), successes.map((d) => d.since)],
  );
}

/** The commit's times each row carries for lead time (migration 0008); null until the commit is known. */
const CHANGE_TIMES = 'committed_at, pr_opened_at, pr_first_review_at, pr_approved_at, pr_merged_at';
const changeTimesOf = (c: string) =>
  `coalesce(${c}.committed_at, ${c}.authored_at), ${c}.pr_opened_at, ${c}.pr_first_review_at, ${c}.pr_approved_at, ${c}.pr_merged_at`;

/** A scalar subquery with LIMIT stays an index probe per commit; an anti-join would hash the table. */
const deployedBefore = (stream: string, sha: string) => `(select 1 from deployment_changes e
  where e.sha = ${sha} and e.service = ${stream}.service and e.environment = ${stream}.environment
    and e.finished_at < ${stream}.since limit 1)`;

/** One deployment's contents given those of the earlier deployments of its stream. */
async function updateContainedChanges(tx: Queryable, deploymentId: number): Promise<void> {
  await tx.query(
    `with recursive d as (
       select id, service, environment, finished_at, head_commit, commits from deployments where id = $1),
     walk(sha) as (
       select d.head_commit from d
        where d.commits is null and d.head_commit is not null and ${deployedBeforeDeployment('d.head_commit')} is null
       union
       select p.sha from walk w
         join changes c on c.sha = w.sha
         cross join lateral unnest(c.parents) as p(sha)
         cross join d
        where ${deployedBeforeDeployment('p.sha')} is null)
     insert into deployment_changes (deployment_id, sha, service, environment, finished_at, ${CHANGE_TIMES})
     select d.id, x.sha, d.service, d.environment, d.finished_at, ${changeTimesOf('c')}
       from d cross join (select sha from walk union select unnest(commits) from d) x
       left join changes c on c.sha = x.sha
     on conflict do nothing`,
    [deploymentId],
  );
}

const deployedBeforeDeployment = (sha: string) => `(select 1 from deployment_changes e
  where e.sha = ${sha} and e.service = d.service and e.environment = d.environment
    and (e.finished_at, e.deployment_id) < (d.finished_at, d.id) limit 1)`;

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
