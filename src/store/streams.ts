/**
 * Attribution within a stream (one service in one environment), DESIGN.md §3. Everything here is
 * derived and rebuildable, and is recomputed from the earliest instant an event touched, so the
 * result does not depend on the order events arrived in.
 */
import type { Queryable } from './db.ts';

export interface StreamKey {
  service: string;
  environment: string;
}

/** Serializes concurrent recomputation of one stream across replicas for the transaction. */
export async function lockStream(tx: Queryable, stream: StreamKey): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`${stream.service}\n${stream.environment}`]);
}

/**
 * Effective kind: the source's kind, else an inferred rollback: a deployment that goes back to a
 * version first deployed before the version running until then. A redeploy of the running version
 * is not a rollback, nor is rolling forward again to a version that had been rolled back.
 */
export async function updateEffectiveKinds(tx: Queryable, stream: StreamKey, since: Date): Promise<void> {
  await tx.query(
    `update deployments d set effective_kind = coalesce(d.kind, case when
         (select min(f.finished_at) from deployments f
           where f.service = d.service and f.environment = d.environment and f.status = 'success'
             and f.version = d.version) <
         (select min(f.finished_at) from deployments f
           where f.service = d.service and f.environment = d.environment and f.status = 'success'
             and f.version = (
               select p.version from deployments p
                where p.service = d.service and p.environment = d.environment and p.status = 'success'
                  and (p.finished_at, p.id) < (d.finished_at, d.id)
                order by p.finished_at desc, p.id desc limit 1))
       then 'rollback' else 'standard' end)
      where d.service = $1 and d.environment = $2 and d.finished_at >= $3`,
    [stream.service, stream.environment, since],
  );
}

/** A deployment was remediated when the next successful one of its stream is a rollback or hotfix. */
export async function updateRemediations(tx: Queryable, stream: StreamKey, since: Date): Promise<void> {
  await tx.query(
    `update deployments d set remediated_at = (
         select case when n.effective_kind in ('rollback', 'hotfix') then n.finished_at end
           from deployments n
          where n.service = d.service and n.environment = d.environment and n.status = 'success'
            and (n.finished_at, n.id) > (d.finished_at, d.id)
          order by n.finished_at, n.id limit 1)
      where d.service = $1 and d.environment = $2 and d.status = 'success'
        and d.finished_at >= coalesce((select max(p.finished_at) from deployments p
              where p.service = $1 and p.environment = $2 and p.status = 'success' and p.finished_at < $3), $3)`,
    [stream.service, stream.environment, since],
  );
}

/**
 * What the stream's successful deployments from `since` contain (DESIGN.md §3.2): their explicit
 * commits; else the commits reachable from the head through recorded parents that no earlier
 * deployment of the stream contains (the git range against what was deployed before; a first
 * deployment takes all that is reachable); a head whose graph is unknown stands for itself.
 *
 * All of them are walked in one statement: each walk stops at commits deployed before `since`,
 * and a commit reached by several walks belongs to the earliest deployment. That equals walking
 * them one by one, each stopping at what the earlier ones took, because every later walk that
 * passes an earlier deployment's commit explores only what that deployment's walk explored too.
 * Explicit commit lists break that argument, so streams with them are walked one by one.
 */
export async function updateStreamContents(tx: Queryable, stream: StreamKey, since: Date): Promise<number[]> {
  // Deleting through the deployments keeps the primary key the only index on this path: with
  // a (service, environment, finished_at) index the planner, lacking statistics on PGlite, would
  // probe it for the walk's per-commit lookups and scan the stream's whole history each time.
  await tx.query(
    `delete from deployment_changes where deployment_id in (
       select id from deployments where service = $1 and environment = $2 and status = 'success' and finished_at >= $3)`,
    [stream.service, stream.environment, since],
  );
  const rows = await tx.query<{ id: number; explicit: boolean }>(
    `select id::float8 as id, commits is not null as explicit from deployments
      where service = $1 and environment = $2 and status = 'success' and finished_at >= $3
      order by finished_at, id`,
    [stream.service, stream.environment, since],
  );
  const ids = rows.map((row) => row.id);
  if (rows.some((row) => row.explicit)) {
    for (const id of ids) await updateContainedChanges(tx, id);
    return ids;
  }
  await tx.query(
    `with recursive ds as (
       select id, finished_at, head_commit from deployments
        where service = $1 and environment = $2 and status = 'success' and finished_at >= $3
          and head_commit is not null),
     walk(deployment_id, sha) as (
       select ds.id, ds.head_commit from ds where ${deployedBeforeSince('ds.head_commit')} is null
       union
       select w.deployment_id, p.sha from walk w
         join changes c on c.sha = w.sha
         cross join lateral unnest(c.parents) as p(sha)
        where ${deployedBeforeSince('p.sha')} is null)
     insert into deployment_changes (deployment_id, sha, service, environment, finished_at)
     select distinct on (w.sha) ds.id, w.sha, $1, $2, ds.finished_at
       from walk w join ds on ds.id = w.deployment_id
      order by w.sha, ds.finished_at, ds.id`,
    [stream.service, stream.environment, since],
  );
  return ids;
}

const deployedBeforeSince = (sha: string) => `(select 1 from deployment_changes e
  where e.sha = ${sha} and e.service = $1 and e.environment = $2 and e.finished_at < $3 limit 1)`;

/** One deployment's contents given those of the earlier deployments of its stream. */
async function updateContainedChanges(tx: Queryable, deploymentId: number): Promise<void> {
  await tx.query('delete from deployment_changes where deployment_id = $1', [deploymentId]);
  // "Deployed before in this stream" is a scalar subquery with LIMIT so that it stays an index
  // probe per commit: as an anti-join the planner hashes the whole table for a handful of rows.
  await tx.query(
    `with recursive d as (
       select id, service, environment, finished_at, head_commit, commits from deployments where id = $1),
     walk(sha) as (
       select d.head_commit from d
        where d.commits is null and d.head_commit is not null and ${deployedBefore('d.head_commit')} is null
       union
       select p.sha from walk w
         join changes c on c.sha = w.sha
         cross join lateral unnest(c.parents) as p(sha)
         cross join d
        where ${deployedBefore('p.sha')} is null)
     insert into deployment_changes (deployment_id, sha, service, environment, finished_at)
     select d.id, x.sha, d.service, d.environment, d.finished_at
       from d, (select sha from walk union select unnest(commits) from d) x
     on conflict do nothing`,
    [deploymentId],
  );
}

const deployedBefore = (sha: string) => `(select 1 from deployment_changes e
  where e.sha = ${sha} and e.service = d.service and e.environment = d.environment
    and (e.finished_at, e.deployment_id) < (d.finished_at, d.id) limit 1)`;

/** Streams holding a deployment that contains one of these commits, with the earliest such finish. */
export async function selectStreamsContaining(
  tx: Queryable,
  shas: readonly string[],
): Promise<(StreamKey & { since: Date })[]> {
  if (shas.length === 0) return [];
  return tx.query(
    `select service, environment, min(finished_at) as since from deployment_changes
      where sha = any($1::text[]) group by service, environment`,
    [shas],
  );
}
